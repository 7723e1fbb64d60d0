// Overlay content script: badges, highlights and captures on dossier pages that a site profile describes. It runs
// where the extension may read pages and stays dormant unless a profile matches the URL.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import css from './style.css?inline';
import { startOverlay } from './mount.ts';

export default defineContentScript({
  matches: ['http://127.0.0.1/*', 'http://localhost/*', 'https://*/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx: ContentScriptContext) {
    return startOverlay(ctx, css);
  },
});
