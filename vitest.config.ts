import { defineConfig } from 'vitest/config';

// One run for every kind of test: shared (Node), worker (workerd with local D1/R2), e2e (real Chromium).
export default defineConfig({
  test: {
    projects: ['shared', 'worker', 'extension', 'tests/e2e'],
  },
});
