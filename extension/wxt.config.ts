import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import { HUB_KEY, HUB_MODULES } from './src/overlay-hub.ts';

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

/**
 * The overlay's chunk (ADR 0007) is injected into the loader's isolated world, where the loader has already evaluated
 * the modules they share. In the chunk's build an import of such a module (HUB_MODULES) reads what the loader
 * publishes of it on the hub (src/overlay-hub.ts); whatever else the chunk needs of the module (the capture-only
 * functions, which the loader does not carry) is bundled into the chunk from the module's source.
 */
function fromLoaderHub(): Plugin {
  const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\\/g, '/').replace(/\/$/, '');
  const byFile = new Map(Object.entries(HUB_MODULES).map(([name, m]) => [`${root}${m.file}`, name as keyof typeof HUB_MODULES]));
  const PREFIX = '\0onestop-hub:';
  /** The chunk's own copy of a hub module, for the exports the loader does not publish. */
  const OWN = '?onestop-chunk-own';
  return {
    name: 'onestop-from-loader-hub',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || source.startsWith('\0') || source.endsWith(OWN)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const name = resolved ? byFile.get(resolved.id.split('?')[0] ?? '') : undefined;
      return name ? `${PREFIX}${name}` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length) as keyof typeof HUB_MODULES;
      const names: readonly string[] = HUB_MODULES[name].names;
      return [
        `const m = globalThis[${JSON.stringify(HUB_KEY)}]?.modules?.[${JSON.stringify(name)}] ?? {};`,
        'const get = (k) => m[k];',
        // A name exported here shadows the same name of the star export below.
        ...names.map((n) => `export const ${n} = /* @__PURE__ */ get(${JSON.stringify(n)});`),
        `export * from ${JSON.stringify(`${root}${HUB_MODULES[name].file}${OWN}`)};`,
      ].join('\n');
    },
  };
}

/**
 * Fails a build whose output holds a module it must not: the loader carries no zod (its requests are checked by hand,
 * src/content-serve.ts); the chunk carries none of the loader's own code (controller, view, Preact, the hub's modules).
 */
function forbidModules(what: string, forbidden: readonly RegExp[]): Plugin {
  return {
    name: 'onestop-forbid-modules',
    generateBundle(_options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        const ids = Object.keys(out.modules);
        const found = ids.filter((id) => forbidden.some((re) => re.test(id.replace(/\\/g, '/'))));
        if (found.length > 0) this.error(`${what} must not bundle ${found.join(', ')} (ADR 0007)`);
      }
    },
  };
}

const LOADER_FORBIDS = [/\/node_modules\/zod\//, /\/entrypoints\/overlay\.content\/more\.ts$/, /\/src\/anchoring\/(anchor|anchor-all|incremental|describe)\.ts$/];
const CHUNK_FORBIDS = [
  /\/node_modules\/(preact|zod)\//,
  /\/entrypoints\/overlay\.content\/(controller|mount|index|Overlay)\.tsx?$/,
  /\/src\/i18n(-overlay)?\.ts$/,
  ...Object.values(HUB_MODULES).map((m) => new RegExp(`${m.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)),
];

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
  hooks: {
    // The overlay's two scripts (ADR 0007): each is built on its own (WXT builds every content and unlisted script
    // as one classic script).
    'vite:build:extendConfig': (entrypoints, config) => {
      const names = entrypoints.map((e) => e.name);
      if (names.includes('overlay-more')) config.plugins = [fromLoaderHub(), forbidModules('overlay-more.js', CHUNK_FORBIDS), ...(config.plugins ?? [])];
      if (names.includes('overlay-loader')) config.plugins = [forbidModules('overlay-loader.js', LOADER_FORBIDS), ...(config.plugins ?? [])];
    },
  },
  vite: (env) => ({
    plugins: [sharedHasNoSideEffects()],
    // Production JSX (no jsxDEV source locations) unless WXT runs in development mode.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: env.mode === 'development' } },
  }),
});
