// The test clock: shifts "now" in the isolate like libfaketime shifts a process, and nothing else about Date.
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { applyTestClock, installTestClock, todayInVietnam } from './time.ts';

const suiteOffset = Number(env.CLOCK_OFFSET_MS || 0);

describe('test clock', () => {
  afterEach(() => installTestClock(suiteOffset));

  it('moves now, never a given instant', () => {
    installTestClock(0);
    const real = Date.now();
    const day = 86_400_000;
    installTestClock(30 * day);
    expect(Date.now() - real).toBeGreaterThanOrEqual(30 * day);
    expect(Date.now() - real).toBeLessThan(30 * day + 60_000);
    expect(new Date().getTime() - real).toBeGreaterThanOrEqual(30 * day);
    expect(new Date('2026-12-31T17:00:00Z').toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(new Date(0).getTime()).toBe(0);
    expect(new Date(2027, 0, 1).getFullYear()).toBe(2027);
    expect(Date.parse('2027-01-01T00:00:00Z')).toBe(Date.UTC(2027, 0, 1));
    expect(new Date() instanceof Date).toBe(true);
  });

  it('decides "today" in Vietnam from the shifted clock: 17:00 UTC is already tomorrow', () => {
    installTestClock(0);
    const target = Date.parse('2026-12-31T17:30:00Z');
    installTestClock(target - Date.now());
    expect(todayInVietnam()).toBe('2027-01-01');
  });

  it('is honoured only in the test environment', () => {
    installTestClock(0);
    const real = Date.now();
    applyTestClock({ APP_ENV: 'production', CLOCK_OFFSET_MS: String(365 * 86_400_000) });
    expect(Date.now() - real).toBeLessThan(60_000);
    applyTestClock({ APP_ENV: 'test', CLOCK_OFFSET_MS: String(365 * 86_400_000) });
    expect(Date.now() - real).toBeGreaterThan(364 * 86_400_000);
  });
});
