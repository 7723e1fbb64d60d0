import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// End-to-end tests: the real Worker under `wrangler dev` with its own local D1/R2 state, the demo dossier site,
// and Debian's Chromium driven by playwright-core (with the built extension loaded where a test needs it).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default defineProject({
  test: {
    name: 'e2e',
    root,
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 60_000,
    // `expect.poll` waits for a state of the page or the API (a badge, a count); Vitest's 1 s default is shorter than
    // one reload of a dashboard page on a loaded two-core machine. Every poll asserts the state it waits for: a
    // wrong state still fails, only later.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    hookTimeout: 180_000,
    // One browser at a time on a two-core machine.
    fileParallelism: false,
  },
});
