import { readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The dashboard is a Preact SPA built into worker/dashboard/dist, served by the Worker as static assets.
// Pages are chunks of their own (lazy routes); Chart.js loads only with the compliance page. What every page needs
// (Preact, signals, zod and the shared schemas, the messages) goes to one "core" chunk the entry preloads.
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, 'dist');

/**
 * dist/ is not emptied before a build: a Worker serving it (npm start, an end-to-end run) would answer 404 for the
 * moment it is empty. Chunks of earlier builds are removed afterwards once they are ten minutes old, so a page
 * still loaded from the previous index.html keeps finding its chunks meanwhile.
 */
function pruneOldAssets(): Plugin {
  return {
    name: 'onestop-prune-old-assets',
    apply: 'build',
    writeBundle(_options, bundle) {
      const assets = path.join(outDir, 'assets');
      const current = new Set(Object.keys(bundle).map((f) => path.basename(f)));
      const cutoff = Date.now() - 10 * 60 * 1000;
      let names: string[] = [];
      try {
        names = readdirSync(assets);
      } catch {
        return;
      }
      for (const name of names) {
        const file = path.join(assets, name);
        if (!current.has(name) && statSync(file).mtimeMs < cutoff) unlinkSync(file);
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  plugins: [pruneOldAssets()],
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'core', test: /node_modules[\\/](preact|@preact|zod)[\\/]|shared[\\/]src[\\/]|dashboard[\\/]src[\\/]lib[\\/]messages-/ }],
        },
      },
    },
  },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
});
