import { defineConfig } from 'vitest/config';

// One run for every kind of test: shared, scripts and the demo systems' ground truth (Node), worker (workerd with
// local D1/R2), e2e (real Chromium).
export default defineConfig({
  test: {
    projects: ['shared', 'scripts', 'worker', 'extension', 'tests/demo', 'tests/e2e'],
  },
});
