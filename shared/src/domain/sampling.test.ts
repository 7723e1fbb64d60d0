// The verification math against hand-computed values (sample sizes, Wilson intervals, the Sơn Tây 2021 figures), the
// PRNG against the reference implementation's output, and properties of the draw (distinct, in range, reproducible,
// uniform enough) and of the interval.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReportedFigures,
  computedOnTimeRate,
  countSweepOutcomes,
  createSampleRng,
  drawSample,
  figuresSuggestion,
  formatNumber,
  ON_TIME_RATE_ITEM_CODE,
  planSample,
  reportedDecimals,
  REPORTED_FIGURES_ITEM_CODE,
  sampleRngState,
  samplePositions,
  sampleSize,
  samplingFrame,
  uniformBelow,
  verifySample,
  wilsonInterval,
  xoshiro128ss,
  Z_95,
  type ReportedFigures,
  type SampledOutcome,
} from './sampling.ts';

/** Thị xã Sơn Tây 2021 (indicators.md section 3): received 4,241 incl. 166 carried over, all resolved on time. */
const SON_TAY_2021: ReportedFigures = {
  carried_over: 166,
  received_new: 4075,
  to_handle: 4241,
  resolved: 4241,
  on_time_rate: 100,
  pending: 80,
  pending_in_term: 80,
  returned_unresolved: 289,
  withdrawn: 23,
};

const SEED = '00112233445566778899aabbccddeeff';

describe('sampleSize', () => {
  // n0 = z²·p(1−p)/e²; n = n0 / (1 + (n0 − 1)/N), rounded up. With z = 1.96: n0 = 3.8416 · 0.25 / 0.0025 = 384.16.
  it('gives 353 for N = 4241, e = 5%, p = 0.5 (n0 = 384.16, n = 384.16 / (1 + 383.16/4241) = 352.33)', () => {
    const s = sampleSize({ population: 4241 });
    expect(s.n0).toBeCloseTo(384.146, 3); // z = 1.95996…; 384.16 with z = 1.96
    expect(s.n).toBeCloseTo(352.32, 2);
    expect(s.size).toBe(353);
    expect(sampleSize({ population: 4241, z: 1.96 })).toMatchObject({ n0: expect.closeTo(384.16, 6), size: 353 });
  });

  it.each([
    // N, e, p, hand-computed n (z = 1.96): size
    [100, 0.05, 0.5, 80], // 384.16 / (1 + 383.16/100) = 79.51
    [500, 0.05, 0.5, 218], // 384.16 / 1.76632 = 217.49
    [1000, 0.05, 0.5, 278], // 384.16 / 1.38316 = 277.74
    [10_000, 0.05, 0.5, 370], // 384.16 / 1.038316 = 369.98
    [1000, 0.05, 0.9, 122], // n0 = 3.8416 · 0.09 / 0.0025 = 138.30; 138.30 / 1.13730 = 121.61
    [4241, 0.03, 0.5, 853], // n0 = 3.8416 · 0.25 / 0.0009 = 1067.11; 1067.11 / (1 + 1066.11/4241) = 852.75
    [1_000_000, 0.05, 0.5, 385], // 384.16 / 1.000383 = 384.01
  ])('N = %i, e = %f, p = %f → %i (z = 1.96)', (population, margin, expected, size) => {
    expect(sampleSize({ population, margin, expected, z: 1.96 }).size).toBe(size);
  });

  it('never asks for fewer than 30 dossiers (MC-9.1-02) nor more than there are', () => {
    expect(sampleSize({ population: 30 }).size).toBe(30); // 28 by the formula alone
    expect(sampleSize({ population: 30, minimum: 0 }).size).toBe(28);
    expect(sampleSize({ population: 10 }).size).toBe(10);
    expect(sampleSize({ population: 1 }).size).toBe(1);
    expect(sampleSize({ population: 0 }).size).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0.01, max: 0.2, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (N, e, p) => {
        const s = sampleSize({ population: N, margin: e, expected: p });
        expect(s.size).toBeLessThanOrEqual(N);
        expect(s.size).toBeGreaterThanOrEqual(Math.min(30, N));
        expect(s.size).toBeLessThanOrEqual(Math.max(Math.ceil(s.n0), Math.min(30, N)));
      }),
    );
  });

  it('grows with the population and shrinks with the margin', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (N, more) => {
        expect(sampleSize({ population: N + more }).size).toBeGreaterThanOrEqual(sampleSize({ population: N }).size);
        expect(sampleSize({ population: N, margin: 0.1 }).size).toBeLessThanOrEqual(sampleSize({ population: N, margin: 0.05 }).size);
      }),
    );
  });

  it('refuses impossible inputs', () => {
    expect(() => sampleSize({ population: -1 })).toThrow(RangeError);
    expect(() => sampleSize({ population: 1.5 })).toThrow(RangeError);
    expect(() => sampleSize({ population: 10, margin: 0 })).toThrow(RangeError);
    expect(() => sampleSize({ population: 10, expected: 1.5 })).toThrow(RangeError);
  });
});

describe('wilsonInterval', () => {
  // 45/50, z = 1.96: denominator 1 + 3.8416/50 = 1.076832; centre (0.9 + 0.038416) / 1.076832 = 0.871459;
  // half 1.96 · √(0.0018 + 0.00038416) / 1.076832 = 0.085065 → 0.786395 – 0.956525.
  it('gives 78.64%–95.65% for 45 of 50', () => {
    const w = wilsonInterval(45, 50);
    expect(w.estimate).toBe(0.9);
    expect(w.lower).toBeCloseTo(0.7864, 4);
    expect(w.upper).toBeCloseTo(0.9565, 4);
    const w196 = wilsonInterval(45, 50, 1.96);
    expect(w196.lower).toBeCloseTo(0.786395, 6);
    expect(w196.upper).toBeCloseTo(0.956525, 6);
  });

  it.each([
    // x, n, lower, upper (z = 1.96, hand-computed)
    [0, 10, 0, 0.277540], // at x = 0 the upper bound is z²/(n + z²) = 3.8416 / 13.8416
    [10, 10, 0.722460, 1], // at x = n the lower bound is n/(n + z²) = 10 / 13.8416
    [30, 30, 0.886483, 1], // 30 / 33.8416
    [1, 2, 0.094529, 0.905471], // centre 0.5, half 1.96 · √(0.125 + 0.2401) / 2.9208 = 0.405471
  ])('%i of %i → %f – %f', (x, n, lower, upper) => {
    const w = wilsonInterval(x, n, 1.96);
    expect(w.lower).toBeCloseTo(lower, 6);
    expect(w.upper).toBeCloseTo(upper, 6);
  });

  it('contains the estimate, stays in [0, 1], is symmetric under x ↔ n − x and narrows as n grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
        const x = Math.round(share * n);
        const w = wilsonInterval(x, n);
        expect(w.lower).toBeGreaterThanOrEqual(0);
        expect(w.upper).toBeLessThanOrEqual(1);
        expect(w.lower).toBeLessThanOrEqual(w.estimate + 1e-12);
        expect(w.upper).toBeGreaterThanOrEqual(w.estimate - 1e-12);
        const mirror = wilsonInterval(n - x, n);
        expect(mirror.lower).toBeCloseTo(1 - w.upper, 9);
        const wider = wilsonInterval(x * 4, n * 4);
        expect(wider.upper - wider.lower).toBeLessThanOrEqual(w.upper - w.lower + 1e-12);
      }),
    );
  });

  it('refuses a sample of nothing and impossible counts', () => {
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
    expect(Z_95).toBeCloseTo(1.96, 2);
  });
});

describe('the reproducible draw', () => {
  it('xoshiro128** gives the reference implementation\'s outputs (state 1, 2, 3, 4)', () => {
    // From the authors' C code (prng.di.unimi.it, xoshiro128starstar.c) compiled and run with s = {1, 2, 3, 4}.
    const next = xoshiro128ss([1, 2, 3, 4]);
    expect(Array.from({ length: 8 }, next)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(RangeError);
  });

  it('turns a seed into a state and a fixed sequence (a change here breaks every recorded plan: bump the algorithm)', () => {
    expect(sampleRngState(SEED)).toEqual(sampleRngState(SEED));
    const next = createSampleRng(SEED);
    expect(Array.from({ length: 4 }, next)).toEqual([1060333509, 3439795238, 2619513251, 1007589769]);
    expect(drawSample(SEED, 4241, 10)).toEqual([2931, 1960, 2009, 1035, 1845, 3227, 3981, 1043, 1959, 2087]);
    expect(() => createSampleRng('XYZ')).toThrow(RangeError);
    expect(() => createSampleRng('0'.repeat(32))).not.toThrow();
  });

  it('draws distinct positions in 1…N, the same for the same seed, the sorted list being the same set', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, N, share) => {
        const n = Math.min(N, Math.round(share * Math.min(N, 2000)));
        const drawn = drawSample(seed, N, n);
        expect(drawn).toHaveLength(n);
        expect(new Set(drawn).size).toBe(n);
        expect(drawn.every((p) => Number.isInteger(p) && p >= 1 && p <= N)).toBe(true);
        expect(drawSample(seed, N, n)).toEqual(drawn);
        expect(samplePositions(seed, N, n)).toEqual([...drawn].sort((a, b) => a - b));
        // A prefix of the draw is the draw of that size.
        expect(drawSample(seed, N, Math.floor(n / 2))).toEqual(drawn.slice(0, Math.floor(n / 2)));
      }),
    );
    expect(samplePositions(SEED, 10, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('draws every position about equally often, also first, from seeds that differ in one digit (chi-square)', () => {
    const counts = new Array<number>(20).fill(0);
    const firsts = new Array<number>(20).fill(0);
    const runs = 4000;
    for (let i = 0; i < runs; i++) {
      const drawn = drawSample(i.toString(16).padStart(32, '0'), 20, 5);
      for (const p of drawn) counts[p - 1]! += 1;
      firsts[drawn[0]! - 1]! += 1;
    }
    const chi2 = (observed: number[], expected: number) => observed.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    // 19 degrees of freedom: P(χ² > 43.8) = 0.001.
    expect(chi2(counts, (runs * 5) / 20)).toBeLessThan(43.8);
    expect(chi2(firsts, runs / 20)).toBeLessThan(43.8);
  });

  it('uniformBelow stays below its bound and rejects the biased tail', () => {
    let calls = 0;
    const outputs = [2 ** 32 - 1, 7];
    const next = () => outputs[calls++] ?? 0;
    // 2^32 mod 3 = 1: the output 2^32 − 1 is rejected, 7 gives 1.
    expect(uniformBelow(next, 3)).toBe(1);
    expect(calls).toBe(2);
    expect(() => uniformBelow(next, 0)).toThrow(RangeError);
  });

  it('orders the frame by dossier code, each once', () => {
    expect(samplingFrame(['H26-0003', 'H26-0001', 'H26-0002', 'H26-0001'])).toEqual(['H26-0001', 'H26-0002', 'H26-0003']);
  });
});

describe('checkReportedFigures', () => {
  it('finds that Sơn Tây 2021 does not balance: 4,241 to handle against 4,633', () => {
    const checks = checkReportedFigures(SON_TAY_2021);
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId.to_handle).toMatchObject({ status: 'ok', left: { value: 4241 }, right: { value: 4241 }, difference: 0 });
    expect(byId.balance).toMatchObject({ status: 'mismatch', left: { value: 4241 }, right: { value: 4633 }, difference: -392, assumed_zero: ['stopped'] });
    expect(byId.balance!.right.terms).toEqual([
      { key: 'resolved', value: 4241 },
      { key: 'pending', value: 80 },
      { key: 'returned_unresolved', value: 289 },
      { key: 'withdrawn', value: 23 },
      { key: 'stopped', value: null },
    ]);
    expect(byId.balance!.message.vi).toContain('4.241 ≠');
    expect(byId.balance!.message.vi).toContain('= 4.633 (chênh lệch 392)');
    expect(byId.balance!.message.en).toContain('4,241 ≠');
    expect(byId.balance!.message.en).toContain('= 4,633 (a difference of 392)');
    expect(byId.resolved_split).toMatchObject({ status: 'not_checked', missing: ['early', 'on_time', 'late'] });
    expect(byId.pending_split).toMatchObject({ status: 'not_checked', missing: ['pending_overdue'] });
    expect(byId.on_time_rate).toMatchObject({ status: 'not_checked' });
    const suggestion = figuresSuggestion(checks);
    expect(suggestion).toMatchObject({ item_code: REPORTED_FIGURES_ITEM_CODE, suggests: 'nc_minor', facts: { balance_left: 4241, balance_right: 4633, balance_difference: -392 } });
  });

  it('computes to_handle from carried_over + received_new when it is not reported, and passes figures that add up', () => {
    const f: ReportedFigures = {
      carried_over: 10,
      received_new: 100,
      received_new_in_person: 60,
      received_new_online: 35,
      received_new_postal: 5,
      resolved: 90,
      early: 20,
      on_time: 65,
      late: 5,
      pending: 12,
      pending_in_term: 10,
      pending_overdue: 2,
      returned_unresolved: 5,
      withdrawn: 2,
      stopped: 1,
      on_time_rate: 94.44,
    };
    const checks = checkReportedFigures(f);
    expect(checks.filter((c) => c.id !== 'to_handle').map((c) => [c.id, c.status])).toEqual([
      ['balance', 'ok'],
      ['resolved_split', 'ok'],
      ['pending_split', 'ok'],
      ['channel_split', 'ok'],
      ['on_time_rate', 'ok'], // 85/90 = 94.444…% reported as 94.44
    ]);
    expect(checks.find((c) => c.id === 'balance')!.left.value).toBe(110);
    expect(checks.find((c) => c.id === 'to_handle')!.status).toBe('not_checked');
    expect(figuresSuggestion(checks)).toBeNull();
  });

  it('compares the reported rate at its own rounding, and flags one the counts do not give', () => {
    const base = { resolved: 1000, early: 0, on_time: 996, late: 4 };
    const status = (rate: number) => checkReportedFigures({ ...base, on_time_rate: rate }).find((c) => c.id === 'on_time_rate')!;
    expect(status(99.6).status).toBe('ok');
    expect(status(100).status).toBe('ok'); // a report without decimals rounds 99.6% to 100%
    expect(status(99.5).status).toBe('mismatch');
    expect(status(98.25)).toMatchObject({ status: 'mismatch', left: { value: 98.25 }, right: { value: 99.6 }, difference: expect.closeTo(-1.35, 9) });
    expect(computedOnTimeRate({ resolved: 200, late: 10 })).toEqual({ percent: 95, on_time: 190, resolved: 200 });
    expect(reportedDecimals(98.25)).toBe(2);
    expect(reportedDecimals(100)).toBe(0);
  });

  it('checks the channel split of Hà Đông\'s kind of report', () => {
    const c = checkReportedFigures({ received_new: 14_670, received_new_in_person: 9815, received_new_online: 4855, received_new_postal: 0 }).find((x) => x.id === 'channel_split')!;
    expect(c.status).toBe('ok');
    const wrong = checkReportedFigures({ received_new: 14_000, received_new_in_person: 9815, received_new_online: 4855, received_new_postal: 0 }).find((x) => x.id === 'channel_split')!;
    expect(wrong).toMatchObject({ status: 'mismatch', difference: -670 });
  });
});

describe('planSample and verifySample', () => {
  it('plans 353 of the 4,241 resolved dossiers and finds 100% outside the interval of 45 on time out of 50', () => {
    const plan = planSample(SON_TAY_2021, {}, SEED)!;
    expect(plan).toMatchObject({ population_key: 'resolved', population: 4241, margin: 0.05, expected_proportion: 0.5, size: 353, seed: SEED });
    const results = Array.from({ length: 50 }, (_, i) => ({ outcome: (i < 45 ? 'on_time' : 'late') as SampledOutcome }));
    const v = verifySample(SON_TAY_2021, plan, results);
    expect(v).toMatchObject({ planned: 353, checked: 50, complete: false, decided: 50, on_time: 45, late: 5, sampled_rate_percent: 90, reported_rate_percent: 100, reported_outside: true });
    expect(v.interval!.lower_percent).toBeCloseTo(78.64, 2);
    expect(v.interval!.upper_percent).toBeCloseTo(95.65, 2);
    expect(v.suggestion).toMatchObject({ item_code: ON_TIME_RATE_ITEM_CODE, suggests: 'nc_minor', facts: { sample_decided: 50, sample_on_time: 45, reported_rate_percent: 100 } });
    expect(v.suggestion!.message.vi).toContain('100%');
    expect(v.suggestion!.message.vi).toContain('78,64%–95,65%');
    expect(v.suggestion!.message.en).toContain('78.64%–95.65%');
  });

  it('keeps a reported rate inside the interval, with its rounding, and counts undecidable dossiers apart', () => {
    const plan = { size: 50 };
    const results: { outcome: SampledOutcome }[] = [...Array.from({ length: 49 }, () => ({ outcome: 'on_time' as const })), { outcome: 'late' }, { outcome: 'undecidable' }];
    // 49/50: 89.5%–99.6%; a report of 100% stands for [99.5%, 100.5%), which meets the interval.
    const v = verifySample({ resolved: 500, on_time_rate: 100 }, plan, results);
    expect(v).toMatchObject({ decided: 50, undecidable: 1, checked: 51, complete: true, reported_outside: false, suggestion: null });
    // Without a stated rate, the counts' rate is compared.
    expect(verifySample({ resolved: 500, late: 100 }, plan, results)).toMatchObject({ reported_rate_percent: 80, reported_rate_source: 'counts', reported_outside: true });
    expect(verifySample({ resolved: 500 }, plan, results)).toMatchObject({ reported_rate_percent: null, reported_outside: null, suggestion: null });
    expect(verifySample({ resolved: 500 }, plan, [{ outcome: 'undecidable' }])).toMatchObject({ decided: 0, interval: null, reported_outside: null });
  });

  it('has no plan without a resolved count, and honours the margin and expected proportion', () => {
    expect(planSample({ to_handle: 10 }, {}, SEED)).toBeNull();
    expect(planSample({ resolved: 1000 }, { margin: 0.05, expected_proportion: 0.9 }, SEED)!.size).toBe(122);
  });
});

describe('countSweepOutcomes', () => {
  it('counts each rule in the set\'s order and the on-time rate from returned-late', () => {
    const rules = [
      { id: 'returned-late', version: 1, item_code: 'MC-8.5.1-09' },
      { id: 'open-past-due', version: 1, item_code: 'MC-8.5.1-09' },
      { id: 'unused', version: 2, item_code: 'MC-8.7-01' },
    ];
    const out = countSweepOutcomes(rules, [
      { outcomes: [{ rule_id: 'returned-late', outcome: 'pass' }, { rule_id: 'open-past-due', outcome: 'not_applicable' }] },
      { outcomes: [{ rule_id: 'returned-late', outcome: 'violation' }, { rule_id: 'open-past-due', outcome: 'not_applicable' }] },
      { outcomes: [{ rule_id: 'returned-late', outcome: 'pass' }] },
      { outcomes: [{ rule_id: 'returned-late', outcome: 'not_applicable' }, { rule_id: 'open-past-due', outcome: 'violation' }] },
      { outcomes: [{ rule_id: 'returned-late', outcome: 'undecidable' }] },
    ]);
    expect(out.rules).toEqual([
      { rule_id: 'returned-late', rule_version: 1, item_code: 'MC-8.5.1-09', pass: 2, violation: 1, not_applicable: 1, undecidable: 1 },
      { rule_id: 'open-past-due', rule_version: 1, item_code: 'MC-8.5.1-09', pass: 0, violation: 1, not_applicable: 2, undecidable: 0 },
      { rule_id: 'unused', rule_version: 2, item_code: 'MC-8.7-01', pass: 0, violation: 0, not_applicable: 0, undecidable: 0 },
    ]);
    expect(out.on_time).toEqual({ rule_id: 'returned-late', on_time: 2, late: 1, decided: 3, rate_percent: (100 * 2) / 3 });
    expect(out.dossiers_with_violation).toBe(2);
    expect(countSweepOutcomes([{ id: 'x', version: 1, item_code: 'A' }], []).on_time).toBeNull();
  });
});

describe('formatNumber', () => {
  it('writes Vietnamese and English numbers', () => {
    expect(formatNumber(4633, 'vi')).toBe('4.633');
    expect(formatNumber(4633, 'en')).toBe('4,633');
    expect(formatNumber(1_234_567.891, 'vi', 2)).toBe('1.234.567,89');
    expect(formatNumber(95.65242, 'en', 2)).toBe('95.65');
    expect(formatNumber(90, 'vi', 2)).toBe('90');
    expect(formatNumber(-392, 'en')).toBe('−392');
  });
});
