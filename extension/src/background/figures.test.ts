// Reported figures verified from a sweep (issue 14): the frame is the period's resolved dossiers in code order, a
// position names the frame's dossier, and its outcome follows `returned-late` and the dates (hand-computed here).
import type { CheckResult } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { figuresSample, localDate, resolvedInPeriod, sampledOutcome } from './figures.ts';
import type { SweepRecord } from './sweep.ts';

const ZONE = 'Asia/Ho_Chi_Minh';

function rec(code: string, status: string, finished: string | null, due: string | null): SweepRecord {
  return { code, fields: { status, finished_at: finished, due_at: due }, asOf: null, detail: null, page: 'https://x.vn/ho-so', detailState: 'none' };
}

const verdict = (outcome: CheckResult['outcome']): CheckResult[] => [
  { rule_id: 'returned-late', rule_version: 1, item_code: 'MC-8.5.1-09', suggests: 'nc_minor', outcome, message: { vi: '', en: '' }, facts: {}, missing: [], undecided: false, as_of: '2026-12-01T00:00:00.000Z' },
];

describe('reported figures from a sweep', () => {
  it('dates instants in Vietnam time: 23:30 UTC is the next day there', () => {
    expect(localDate('2026-03-31T17:30:00.000Z', ZONE)).toBe('2026-04-01');
    expect(localDate('2026-03-31T16:59:00.000Z', ZONE)).toBe('2026-03-31');
    expect(localDate('not a date', ZONE)).toBeNull();
  });

  it('keeps the resolved dossiers of the period only, by their local date', () => {
    const records = [
      rec('B', 'returned', '2026-03-31T16:59:00.000Z', null), // 23:59 on 31/3 in Vietnam: in Q1
      rec('A', 'returned', '2026-03-31T17:00:00.000Z', null), // 00:00 on 1/4: out
      rec('C', 'processing', '2026-02-01T02:00:00.000Z', null), // not resolved
      rec('D', 'awaiting_return', '2026-01-01T01:00:00.000Z', null), // result ready on 1/1 at 08:00: in
    ];
    expect(Array.from(resolvedInPeriod(records, { from: '2026-01-01', to: '2026-03-31' }, ZONE).keys()).sort()).toEqual(['B', 'D']);
  });

  it('tells early, on time, late and undecidable', () => {
    const r = rec('A', 'returned', '2026-03-10T03:00:00.000Z', '2026-03-11T10:00:00.000Z');
    expect(sampledOutcome(r, verdict('pass'), ZONE)).toBe('early');
    expect(sampledOutcome(rec('A', 'returned', '2026-03-11T03:00:00.000Z', '2026-03-11T10:00:00.000Z'), verdict('pass'), ZONE)).toBe('on_time');
    expect(sampledOutcome(r, verdict('violation'), ZONE)).toBe('late');
    expect(sampledOutcome(r, verdict('undecidable'), ZONE)).toBe('undecidable');
    expect(sampledOutcome(r, [], ZONE)).toBe('undecidable');
  });

  it('looks the drawn positions up in the code-ordered frame, and refuses a frame of another size', () => {
    const records = ['HS-3', 'HS-1', 'HS-2', 'HS-10'].map((c) => rec(c, 'returned', '2026-02-02T03:00:00.000Z', '2026-02-02T09:00:00.000Z'));
    const late = new Set(['HS-10']);
    const evaluate = (r: SweepRecord) => verdict(late.has(r.code) ? 'violation' : 'pass');
    // Frame in UTF-16 order: HS-1, HS-10, HS-2, HS-3.
    const out = figuresSample(records, evaluate, { population: 4, positions: [2, 4] }, { from: '2026-01-01', to: '2026-03-31' }, ZONE);
    expect(out).toEqual({ ok: true, frame: 4, results: [{ position: 2, dossier_code: 'HS-10', outcome: 'late' }, { position: 4, dossier_code: 'HS-3', outcome: 'on_time' }] });
    expect(figuresSample(records, evaluate, { population: 5, positions: [1] }, { from: '2026-01-01', to: '2026-03-31' }, ZONE)).toEqual({ ok: false, frame: 4, population: 5 });
  });
});
