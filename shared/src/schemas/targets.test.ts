// Indicator targets: each kind of indicator bounds its value, one target per indicator, and a figure's status
// against its target follows the direction and the page's rounding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_KIND, INDICATORS, TargetsPutSchema, targetStatus, targetValueProblem, type Indicator } from './targets.ts';
import { zodErrorsToProblem } from './problem.ts';

const paths = (value: unknown) => {
  const r = TargetsPutSchema.safeParse(value);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
};

describe('TargetsPutSchema', () => {
  it('takes one target per indicator, and an empty set', () => {
    const all = INDICATORS.map((indicator) => ({ indicator, direction: 'at_most' as const, value: 0 }));
    expect(TargetsPutSchema.parse({ targets: all }).targets).toHaveLength(INDICATORS.length);
    expect(TargetsPutSchema.parse({ targets: [] }).targets).toEqual([]);
  });

  it('bounds rates to [0, 1], counts to whole numbers ≥ 0, days to ≥ 0', () => {
    expect(paths({ targets: [{ indicator: 'compliance_rate', direction: 'at_least', value: 1.01 }] })).toEqual(['$.targets[0].value']);
    expect(paths({ targets: [{ indicator: 'coverage', direction: 'at_least', value: -0.01 }] })).toEqual(['$.targets[0].value']);
    expect(paths({ targets: [{ indicator: 'nc_major', direction: 'at_most', value: 0.5 }] })).toEqual(['$.targets[0].value']);
    expect(paths({ targets: [{ indicator: 'overdue_actions', direction: 'at_most', value: -1 }] })).toEqual(['$.targets[0].value']);
    expect(paths({ targets: [{ indicator: 'mean_days_to_close', direction: 'at_most', value: -0.5 }] })).toEqual(['$.targets[0].value']);
    expect(paths({ targets: [{ indicator: 'mean_days_to_close', direction: 'at_most', value: 12.5 }] })).toEqual([]);
    expect(paths({ targets: [{ indicator: 'nc_minor', direction: 'sideways', value: 1 }] })).toEqual(['$.targets[0].direction']);
  });

  it('refuses a second target for an indicator at its own path', () => {
    expect(paths({ targets: [{ indicator: 'nc_minor', direction: 'at_most', value: 1 }, { indicator: 'nc_minor', direction: 'at_most', value: 2 }] })).toEqual(['$.targets[1].indicator']);
  });

  it('accepts exactly the values targetValueProblem accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...INDICATORS), fc.double({ min: -10, max: 5000, noNaN: true }), (indicator: Indicator, value) => {
        const ok = TargetsPutSchema.safeParse({ targets: [{ indicator, direction: 'at_least', value }] }).success;
        expect(ok).toBe(targetValueProblem(indicator, value) === null);
        if (ok && INDICATOR_KIND[indicator] === 'rate') expect(value >= 0 && value <= 1).toBe(true);
        if (ok) expect(value).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('targetStatus', () => {
  it('is no_target without a target and no_data without a figure', () => {
    expect(targetStatus(null, 0.5)).toBe('no_target');
    expect(targetStatus(undefined, null)).toBe('no_target');
    expect(targetStatus({ indicator: 'compliance_rate', direction: 'at_least', value: 0.9 }, null)).toBe('no_data');
  });

  it('follows the direction, the bound itself meeting the target', () => {
    const rate = { indicator: 'compliance_rate', direction: 'at_least', value: 0.9 } as const;
    expect(targetStatus(rate, 0.9)).toBe('met');
    expect(targetStatus(rate, 0.95)).toBe('met');
    expect(targetStatus(rate, 0.89)).toBe('not_met');
    const major = { indicator: 'nc_major', direction: 'at_most', value: 0 } as const;
    expect(targetStatus(major, 0)).toBe('met');
    expect(targetStatus(major, 1)).toBe('not_met');
  });

  it('compares rates as the page shows them (a tenth of a percent) and days to a tenth', () => {
    // 94.96 % shows as "95,0 %": it must not read as short of a 95 % target; 94.94 % shows as 94,9 %.
    expect(targetStatus({ indicator: 'coverage', direction: 'at_least', value: 0.95 }, 0.9496)).toBe('met');
    expect(targetStatus({ indicator: 'coverage', direction: 'at_least', value: 0.95 }, 0.9494)).toBe('not_met');
    expect(targetStatus({ indicator: 'mean_days_to_close', direction: 'at_most', value: 10 }, 10.04)).toBe('met');
    expect(targetStatus({ indicator: 'mean_days_to_close', direction: 'at_most', value: 10 }, 10.06)).toBe('not_met');
  });
});
