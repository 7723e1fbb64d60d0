// Bindings that exist only under the Vitest pool: the migrations read at config time.
import type { D1Migration } from '@cloudflare/vitest-plugin';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      /** '1' under `npm run soak`: the reliability suites run longer. */
      SOAK: string;
      /** The suite's clock ahead of real time, in ms (tests/clock). */
      CLOCK_OFFSET_MS: string;
    }
  }
}
export {};
