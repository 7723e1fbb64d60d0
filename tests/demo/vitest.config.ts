import { defineProject } from 'vitest/config';

// The demo dossier systems (demo/): their generated ground truth against the shipped check rules, in Node.
export default defineProject({
  test: {
    name: 'demo',
    environment: 'node',
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
  },
});
