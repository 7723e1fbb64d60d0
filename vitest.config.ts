import { defineConfig } from 'vitest/config';

// One run for every kind of test: shared and scripts (Node), worker (workerd with local D1/R2), e2e (real Chromium).
export default defineConfig({
  test: {
    projects: ['shared', 'scripts', 'worker', 'extension', 'tests/e2e'],
  },
});
