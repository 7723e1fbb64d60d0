// DESIGN section 5 formulas: worked examples and fast-check properties (pooling, subtree roll-ups, monotonicity).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESULTS, type Result } from '../schemas/enums.ts';
import {
  auditMonth,
  auditUnitScore,
  countResults,
  itemResultsFromFindings,
  pool,
  poolBy,
  rollUpSubtree,
  scoresByClause,
  type Score,
  type WeightedResult,
} from './compliance.ts';

const arbResult = fc.constantFrom(...RESULTS);
const arbWeighted: fc.Arbitrary<WeightedResult> = fc.record({ result: arbResult, weight: fc.integer({ min: 1, max: 3 }) });
const arbItemResults = fc.array(arbWeighted, { maxLength: 40 });

/** Compares rates exactly: a/b against c/d by cross-multiplying (all integers). */
const rateAtLeast = (s: Score, t: Score) => s.numerator * t.denominator >= t.numerator * s.denominator;

describe('auditUnitScore', () => {
  it('follows DESIGN section 5 on a worked example', () => {
    const items: WeightedResult[] = [
      { result: 'conform', weight: 3 },
      { result: 'ofi', weight: 1 },
      { result: 'observation', weight: 2 },
      { result: 'nc_minor', weight: 2 },
      { result: 'nc_major', weight: 3 },
      { result: 'not_applicable', weight: 3 },
    ];
    expect(auditUnitScore(items, 12)).toEqual({
      numerator: 6,
      denominator: 11,
      compliance_rate: 6 / 11,
      assessed: 6,
      total_items: 12,
      coverage: 0.5,
    });
  });

  it('is null-rated with nothing assessed or only not_applicable', () => {
    expect(auditUnitScore([], 10)).toMatchObject({ numerator: 0, denominator: 0, compliance_rate: null, coverage: 0 });
    expect(auditUnitScore([{ result: 'not_applicable', weight: 2 }], 0)).toMatchObject({ compliance_rate: null, coverage: null, assessed: 1 });
  });

  it('keeps 0 ≤ numerator ≤ denominator and rates within [0, 1]', () => {
    fc.assert(
      fc.property(arbItemResults, fc.nat(20), (items, extra) => {
        const s = auditUnitScore(items, items.length + extra);
        expect(s.numerator).toBeGreaterThanOrEqual(0);
        expect(s.numerator).toBeLessThanOrEqual(s.denominator);
        if (s.compliance_rate !== null) {
          expect(s.compliance_rate).toBeGreaterThanOrEqual(0);
          expect(s.compliance_rate).toBeLessThanOrEqual(1);
        }
        expect(s.coverage === null || (s.coverage >= 0 && s.coverage <= 1)).toBe(true);
      }),
    );
  });

  it('adding a conform result for a new item never lowers the rate', () => {
    fc.assert(
      fc.property(arbItemResults, fc.integer({ min: 1, max: 3 }), (items, weight) => {
        const before = auditUnitScore(items, items.length + 1);
        const after = auditUnitScore([...items, { result: 'conform', weight }], items.length + 1);
        expect(after.compliance_rate).not.toBeNull();
        if (before.compliance_rate !== null) {
          expect(rateAtLeast(after, before)).toBe(true);
          expect(after.compliance_rate as number).toBeGreaterThanOrEqual(before.compliance_rate);
        } else {
          expect(after.compliance_rate).toBe(1);
        }
      }),
    );
  });

  it('a not_applicable item never changes numerator, denominator or rate', () => {
    fc.assert(
      fc.property(arbItemResults, fc.integer({ min: 1, max: 3 }), fc.nat(40), (items, weight, at) => {
        const i = at % (items.length + 1);
        const withNa = [...items.slice(0, i), { result: 'not_applicable' as const, weight }, ...items.slice(i)];
        const before = auditUnitScore(items, 50);
        const after = auditUnitScore(withNa, 50);
        expect(after.numerator).toBe(before.numerator);
        expect(after.denominator).toBe(before.denominator);
        expect(after.compliance_rate).toBe(before.compliance_rate);
        expect(after.assessed).toBe(before.assessed + 1);
      }),
    );
  });

  it('a worse result for an item never raises the rate', () => {
    fc.assert(
      fc.property(arbItemResults, arbWeighted, fc.constantFrom<Result>('nc_major', 'nc_minor'), (items, item, nc) => {
        if (item.result === 'not_applicable') return;
        const before = auditUnitScore([...items, item], 50);
        const after = auditUnitScore([...items, { ...item, result: nc }], 50);
        expect(rateAtLeast(before, after)).toBe(true);
      }),
    );
  });
});

describe('pool', () => {
  it('pools sums, never averages rates', () => {
    const small = auditUnitScore([{ result: 'conform', weight: 1 }], 1); // 1/1
    const large = auditUnitScore(Array.from({ length: 9 }, () => ({ result: 'nc_minor' as const, weight: 1 })), 9); // 0/9
    const pooled = pool([small, large]);
    expect(pooled.compliance_rate).toBeCloseTo(0.1);
    expect(pooled.compliance_rate).not.toBeCloseTo(0.5);
    expect(pooled.coverage).toBe(1);
  });

  it('pooling per-unit scores equals scoring all the items at once', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbItemResults, fc.nat(10)), { maxLength: 8 }), (units) => {
        const pooled = pool(units.map(([items, extra]) => auditUnitScore(items, items.length + extra)));
        const all = auditUnitScore(
          units.flatMap(([items]) => items),
          units.reduce((n, [items, extra]) => n + items.length + extra, 0),
        );
        expect(pooled).toEqual(all);
      }),
    );
  });

  it('poolBy puts an entry in each of its buckets and skips null keys', () => {
    const a = auditUnitScore([{ result: 'conform', weight: 2 }], 2);
    const b = auditUnitScore([{ result: 'nc_major', weight: 2 }], 2);
    const m = poolBy(
      [
        { keys: ['x', 'y'], s: a },
        { keys: ['y'], s: b },
        { keys: null, s: b },
      ],
      (e) => e.keys,
      (e) => e.s,
    );
    expect(m.get('x')?.compliance_rate).toBe(1);
    expect(m.get('y')?.compliance_rate).toBe(0.5);
    expect([...m.keys()].sort()).toEqual(['x', 'y']);
  });
});

describe('roll-up over the unit tree', () => {
  /** A random tree: unit i > 0 has a parent among units 0..i-1. */
  const arbTree = fc
    .integer({ min: 1, max: 12 })
    .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n - 1, maxLength: n - 1 })))
    .map(([n, picks]) => Array.from({ length: n }, (_, i) => (i === 0 ? null : `u${(picks[i - 1] ?? 0) % i}`)));

  it('each unit rolls up to the pooled sum over its subtree', () => {
    fc.assert(
      fc.property(
        arbTree,
        fc.array(fc.tuple(fc.nat(), arbItemResults, fc.nat(5)), { maxLength: 25 }),
        (parents, raw) => {
          const n = parents.length;
          const parentOf = (id: string) => parents[Number(id.slice(1))] ?? null;
          const entries = raw.map(([u, items, extra]) => ({
            unit_id: `u${u % n}`,
            ...auditUnitScore(items, items.length + extra),
          }));
          const rolled = rollUpSubtree(entries, parentOf);

          // Independent check: walk each unit's subtree downwards through the children lists.
          const children = new Map<string, string[]>();
          parents.forEach((p, i) => {
            if (p !== null) children.set(p, [...(children.get(p) ?? []), `u${i}`]);
          });
          const subtree = (root: string): Set<string> => {
            const out = new Set<string>([root]);
            const stack = [root];
            while (stack.length > 0) {
              const u = stack.pop() as string;
              for (const c of children.get(u) ?? []) {
                out.add(c);
                stack.push(c);
              }
            }
            return out;
          };
          for (let i = 0; i < n; i++) {
            const unit = `u${i}`;
            const members = subtree(unit);
            const inside = entries.filter((e) => members.has(e.unit_id));
            if (inside.length === 0) {
              expect(rolled.has(unit)).toBe(false);
              continue;
            }
            expect(rolled.get(unit)).toEqual(pool(inside));
          }
        },
      ),
    );
  });

  it('the root pools everything', () => {
    fc.assert(
      fc.property(arbTree, fc.array(fc.tuple(fc.nat(), arbItemResults), { minLength: 1, maxLength: 10 }), (parents, raw) => {
        const parentOf = (id: string) => parents[Number(id.slice(1))] ?? null;
        const entries = raw.map(([u, items]) => ({ unit_id: `u${u % parents.length}`, ...auditUnitScore(items, items.length) }));
        expect(rollUpSubtree(entries, parentOf).get('u0')).toEqual(pool(entries));
      }),
    );
  });

  it('survives a cycle in the parent links', () => {
    const parentOf = (id: string) => (id === 'a' ? 'b' : 'a');
    const s = auditUnitScore([{ result: 'conform', weight: 1 }], 1);
    const m = rollUpSubtree([{ unit_id: 'a', ...s }], parentOf);
    expect(m.get('a')).toEqual(pool([s]));
    expect(m.get('b')).toEqual(pool([s]));
  });
});

describe('by clause and by month', () => {
  it('groups clauses by their first two numbers, with per-group coverage', () => {
    const checklist = [{ clause: '8.5.1' }, { clause: '8.5.3' }, { clause: '7.1.2' }, { clause: '7.10' }, { clause: '9' }];
    const m = scoresByClause(
      [
        { clause: '8.5.1', result: 'conform', weight: 3 },
        { clause: '8.5.3', result: 'nc_minor', weight: 1 },
        { clause: '7.1.2', result: 'conform', weight: 2 },
      ],
      checklist,
    );
    expect([...m.keys()]).toEqual(['7.1', '7.10', '8.5', '9']);
    expect(m.get('8.5')).toMatchObject({ numerator: 3, denominator: 4, compliance_rate: 0.75, coverage: 1 });
    expect(m.get('7.1')).toMatchObject({ numerator: 2, denominator: 2, assessed: 1, total_items: 1 });
    expect(m.get('7.10')).toMatchObject({ assessed: 0, total_items: 1, compliance_rate: null, coverage: 0 });
  });

  it('the clause groups of one audit unit pool back to its whole score', () => {
    const arbClause = fc.constantFrom('4.1', '7.1.2', '7.10', '8.5.1', '8.5.3', '9.1.2', '10.2');
    fc.assert(
      fc.property(fc.array(fc.record({ clause: arbClause, result: arbResult, weight: fc.integer({ min: 1, max: 3 }) }), { maxLength: 30 }), (items) => {
        const byClause = scoresByClause(items, items);
        expect(pool(byClause.values())).toEqual(auditUnitScore(items, items.length));
      }),
    );
  });

  it.each<[string | null, string, string]>([
    ['2026-10-31T16:59:59.000Z', '2026-10-25', '2026-10'],
    ['2026-10-31T17:00:00.000Z', '2026-10-25', '2026-11'],
    ['2025-12-31T18:30:00Z', '2025-12-01', '2026-01'],
    [null, '2026-03-02', '2026-03'],
  ])('an audit started at %s (planned %s) counts in %s (Asia/Ho_Chi_Minh)', (started, planned, month) => {
    expect(auditMonth({ started_at: started, planned_start: planned })).toBe(month);
  });
});

describe('item results and counts', () => {
  it('keeps the worst live result per item', () => {
    const m = itemResultsFromFindings([
      { item_id: 'a', result: 'conform', status: 'recorded', deleted_at: null },
      { item_id: 'a', result: 'nc_minor', status: 'open', deleted_at: null },
      { item_id: 'b', result: 'nc_major', status: 'withdrawn', deleted_at: null },
      { item_id: 'b', result: 'ofi', status: 'recorded', deleted_at: null },
      { item_id: 'c', result: 'nc_major', status: 'open', deleted_at: '2026-11-01T00:00:00Z' },
    ]);
    expect(Object.fromEntries(m)).toEqual({ a: 'nc_minor', b: 'ofi' });
  });

  it('counts every result value', () => {
    expect(countResults(['conform', 'conform', 'nc_major'])).toEqual({
      nc_major: 1,
      nc_minor: 0,
      observation: 0,
      ofi: 0,
      conform: 2,
      not_applicable: 0,
    });
  });
});
