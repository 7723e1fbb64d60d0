import { defineProject } from 'vitest/config';

// The repository's own tooling: the lockfile drift check CI relies on.
export default defineProject({
  test: {
    name: 'scripts',
    environment: 'node',
    include: ['*.test.ts'],
  },
});
