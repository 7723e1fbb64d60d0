// The Worker's clock: every "now" of the Worker is read through `new Date()` / `Date.now()` in one isolate, and
// only tests may shift it (see `installTestClock`), so expiry, "today" and overdue logic can be run on any date.
export const nowIso = () => new Date().toISOString();
export const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** Today's calendar date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

const RealDate = Date;
let installedOffset = 0;

/**
 * Shifts this isolate's clock by `offsetMs`, the way libfaketime shifts a process: `new Date()` and `Date.now()`
 * answer the shifted time, everything else about `Date` is unchanged. The test suite runs under `faketime`, which
 * workerd cannot be started under; the suite measures the shift and hands it to the Worker (the `CLOCK_OFFSET_MS`
 * binding, honoured only when `APP_ENV` is `test`; see docs/testing.md). Idempotent for the same offset.
 */
export function installTestClock(offsetMs: number): void {
  if (!Number.isFinite(offsetMs) || offsetMs === installedOffset) return;
  installedOffset = offsetMs;
  if (offsetMs === 0) {
    globalThis.Date = RealDate;
    return;
  }
  class ShiftedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(RealDate.now() + installedOffset);
      else super(...(args as ConstructorParameters<DateConstructor>));
    }
    static override now(): number {
      return RealDate.now() + installedOffset;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

/** Reads the test clock from the bindings: a no-op outside `APP_ENV=test` or without an offset. */
export function applyTestClock(env: { APP_ENV?: string; CLOCK_OFFSET_MS?: string }): void {
  if (env.APP_ENV !== 'test' || !env.CLOCK_OFFSET_MS) return;
  installTestClock(Number(env.CLOCK_OFFSET_MS));
}
