// The suite's clock. `npm test` may run under Debian's `faketime` (see docs/testing.md): Node and Chromium then
// read the faked time from libfaketime, but workerd does not start under it. So when libfaketime is loaded, every
// workerd (the Vitest pool's and the one `wrangler dev` runs) is started through workerd-outside-faketime.sh and the
// Worker is told how far the suite's clock is from real time (binding CLOCK_OFFSET_MS, honoured only in tests).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
export const WORKERD_LAUNCHER = path.join(here, 'workerd-outside-faketime.sh');

/** True when this process runs under libfaketime. */
export const underFaketime = () => /faketime/.test(process.env.LD_PRELOAD ?? '');

/** The environment without libfaketime: what a child needs to read the real clock. */
export function realTimeEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const key of ['LD_PRELOAD', 'FAKETIME', 'FAKETIME_FMT', 'FAKETIME_NO_CACHE', 'DONT_FAKE_MONOTONIC', 'FAKETIME_DONT_FAKE_MONOTONIC']) delete out[key];
  return out;
}

/** Milliseconds this process's clock is ahead of real time: 0 unless under faketime. */
export function clockOffsetMs(): number {
  if (!underFaketime()) return 0;
  const before = Date.now();
  const res = spawnSync('date', ['+%s%3N'], { env: realTimeEnv(), encoding: 'utf8' });
  const after = Date.now();
  const real = Number(res.stdout.trim());
  if (res.status !== 0 || !Number.isFinite(real)) throw new Error(`cannot read the real clock: ${res.stderr}`);
  return Math.round((before + after) / 2 - real);
}

/** The workerd binary a package's miniflare starts (`from`: the package whose miniflare it is). */
export function workerdBinary(from: 'vitest-plugin' | 'wrangler'): string {
  const base = from === 'wrangler' ? createRequire(path.join(root, 'node_modules', 'wrangler', 'package.json')) : createRequire(path.join(root, 'package.json'));
  const miniflare = createRequire(base.resolve('miniflare'));
  const workerd = miniflare('workerd') as { default?: string } | string;
  return typeof workerd === 'string' ? workerd : (workerd.default ?? '');
}

/** Environment for a process that starts workerd: under faketime, workerd starts through the launcher. */
export function workerdEnv(from: 'vitest-plugin' | 'wrangler', env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!underFaketime()) return env;
  return { ...env, MINIFLARE_WORKERD_PATH: WORKERD_LAUNCHER, ONESTOP_WORKERD: workerdBinary(from) };
}
