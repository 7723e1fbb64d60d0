import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

/**
 * @onestop/shared is consumed as source and its modules only declare schemas and functions, so a bundle may drop the
 * modules it does not use: the overlay needs the redaction and URL-matching functions, not every zod schema.
 * (`"sideEffects": false` in shared/package.json would say the same for every consumer.)
 */
function sharedHasNoSideEffects(): Plugin {
  return {
    name: 'onestop-shared-side-effect-free',
    transform(code, id) {
      if (/[\\/]shared[\\/]src[\\/]/.test(id)) return { code, map: null, moduleSideEffects: false };
      return null;
    },
  };
}

// WXT builds the MV3 extension into .output/chrome-mv3 (the end-to-end setup builds into a folder of its own run,
// given by ONESTOP_WXT_OUT_DIR); Preact JSX is compiled by Vite's own transform.
export default defineConfig({
  srcDir: '.',
  outDir: process.env.ONESTOP_WXT_OUT_DIR ?? '.output',
  manifest: {
    name: 'OneStop Audit',
    description: 'Kiểm tra ISO 9001 tại Bộ phận Một cửa — ISO 9001 audits on one-stop-shop dossier systems',
    // `scripting`: the overlay is registered at run time for the active site profiles' hosts only.
    permissions: ['storage', 'sidePanel', 'alarms', 'tabs', 'scripting'],
    // The API (its base URL is configurable) and the dossier systems. Background fetches to these origins need no
    // CORS. `tabs.captureVisibleTab` demands <all_urls> (or a fresh activeTab grant, which the side panel does not
    // give), so the screenshots of evidence need it; see extension/INTERNALS.md.
    host_permissions: ['<all_urls>'],
    action: { default_title: 'OneStop Audit' },
    // A capture handed in from the page waits for the inspector (issue 13): the side panel's button or this key, which
    // Chrome delivers to the extension and no page script can send, attaches it.
    commands: {
      'confirm-capture': {
        suggested_key: { default: 'Alt+Shift+Y' },
        description: 'Ghi bằng chứng đang chờ xác nhận — Attach the capture waiting for confirmation',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  },
  vite: (env) => ({
    plugins: [sharedHasNoSideEffects()],
    // Production JSX (no jsxDEV source locations) unless WXT runs in development mode.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: env.mode === 'development' } },
  }),
});
