// Summary query and row shapes, fed by the compliance functions.
import { describe, expect, it } from 'vitest';
import { auditUnitScore, countResults } from '../domain/compliance.ts';
import { SummaryQuerySchema, SummaryRowSchema } from './summary.ts';

describe('summary', () => {
  it('query defaults to by=unit and keeps from ≤ to', () => {
    expect(SummaryQuerySchema.parse({})).toEqual({ by: 'unit' });
    expect(SummaryQuerySchema.safeParse({ from: '2026-12-01', to: '2026-11-01' }).success).toBe(false);
    expect(SummaryQuerySchema.safeParse({ by: 'procedure' }).success).toBe(false);
  });

  it('a row built from the domain functions fits the schema', () => {
    const s = auditUnitScore([{ result: 'conform', weight: 2 }, { result: 'nc_minor', weight: 1 }], 4);
    const row = {
      key: '8.5',
      label: '8.5',
      numerator: s.numerator,
      denominator: s.denominator,
      compliance_rate: s.compliance_rate,
      coverage: s.coverage,
      assessed_items: s.assessed,
      total_items: s.total_items,
      counts: countResults(['conform', 'nc_minor']),
    };
    expect(SummaryRowSchema.parse(row)).toEqual(row);
    expect(SummaryRowSchema.safeParse({ ...row, compliance_rate: 1.2 }).success).toBe(false);
    expect(SummaryRowSchema.safeParse({ ...row, counts: { conform: 1 } }).success).toBe(false);
  });
});
