import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';

// Worker tests run inside workerd with local D1 and R2; migrations are applied by the setup file.
const here = path.dirname(fileURLToPath(import.meta.url));
const migrations = await readD1Migrations(path.join(here, 'migrations'));

export default defineProject({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(here, '../wrangler.toml') },
      miniflare: {
        // SOAK=1 (npm run soak) makes the reliability suites run longer.
        bindings: { TEST_MIGRATIONS: migrations, APP_ENV: 'test', SOAK: process.env.SOAK ?? '' },
      },
    }),
  ],
  test: {
    name: 'worker',
    root: path.join(here, '..'),
    include: ['worker/src/**/*.test.ts', 'tests/worker/**/*.test.ts'],
    setupFiles: ['tests/worker/setup.ts'],
  },
});
