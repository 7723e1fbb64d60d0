// Overlay content script: badges, evidence marks and captures on dossier pages that a site profile describes. It is
// not declared in the manifest: the background registers it at run time for the hosts the active site profiles name
// (src/background/registration.ts), and it stays dormant unless a profile matches the whole URL.
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import css from './style.css?inline';
import { startOverlay } from './mount.ts';

export default defineContentScript({
  // Registered by the background (`registration: 'runtime'`); WXT copies these into host_permissions, which
  // `<all_urls>` already covers (see wxt.config.ts).
  registration: 'runtime',
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  cssInjectionMode: 'manual',
  main(ctx: ContentScriptContext) {
    return startOverlay(ctx, css);
  },
});
