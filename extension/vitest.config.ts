import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// The extension's unit tests: anchoring on fixture HTML, profile reading, redaction and the outbox, in happy-dom
// with WXT's fake browser (fakeBrowser) and an in-memory IndexedDB.
const root = path.dirname(fileURLToPath(import.meta.url));

export default defineProject({
  root,
  plugins: [WxtVitest({ root })],
  test: {
    name: 'extension',
    root,
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'entrypoints/**/*.test.ts'],
    setupFiles: ['./src/testing/setup.ts'],
  },
});
