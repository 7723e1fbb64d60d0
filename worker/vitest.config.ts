import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineProject } from 'vitest/config';
import { clockOffsetMs, workerdEnv } from '../tests/clock/clock.ts';

// Worker tests run inside workerd with local D1 and R2; migrations are applied by the setup file.
const here = path.dirname(fileURLToPath(import.meta.url));
const migrations = await readD1Migrations(path.join(here, 'migrations'));
// Under faketime the pool's workerd starts outside it and shifts its own clock by the suite's (tests/clock).
Object.assign(process.env, workerdEnv('vitest-plugin'));
const CLOCK_OFFSET_MS = String(clockOffsetMs());

export default defineProject({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: path.join(here, '../wrangler.toml') },
      miniflare: {
        // SOAK=1 (npm run soak) makes the reliability suites run longer.
        bindings: { TEST_MIGRATIONS: migrations, APP_ENV: 'test', SOAK: process.env.SOAK ?? '', CLOCK_OFFSET_MS },
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
