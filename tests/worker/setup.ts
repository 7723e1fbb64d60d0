// Applies the D1 migrations before the worker tests; each test file then seeds its own rows. Under a faked suite
// clock (faketime), the tests and the Worker in this isolate read the suite's time (tests/clock).
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { applyTestClock } from '../../worker/src/lib/time.ts';

applyTestClock(env);

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
