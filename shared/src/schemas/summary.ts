// `GET /summary`: compliance rolled up over a unit's subtree and a period, by unit, clause, month or audit
// (DESIGN section 5; the formulas are in domain/compliance.ts).
import { z } from 'zod';
import { DateSchema, IdSchema } from './common.ts';
import { RESULTS, UnitLevelSchema, type Result } from './enums.ts';

export const SUMMARY_DIMENSIONS = ['unit', 'clause', 'month', 'audit'] as const;
export const SummaryDimensionSchema = z.enum(SUMMARY_DIMENSIONS);
export type SummaryDimension = z.infer<typeof SummaryDimensionSchema>;

export const SummaryQuerySchema = z
  .object({
    /** Root of the roll-up; defaults to the caller's unit. */
    unit: IdSchema.optional(),
    /** Audits whose start (local date) is within [from, to]. */
    from: DateSchema.optional(),
    to: DateSchema.optional(),
    by: SummaryDimensionSchema.default('unit'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'must not be before from' });
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>;

const Count = z.number().int().min(0);
const Rate = z.number().min(0).max(1);

/** Item results by value. */
export const ResultCountsSchema = z.object(
  Object.fromEntries(RESULTS.map((r) => [r, Count])) as Record<Result, typeof Count>,
);
export type ResultCounts = z.infer<typeof ResultCountsSchema>;

/** NC finding statuses counted in summaries (withdrawn ones are reported apart, and never in the severity counts). */
export const NC_SUMMARY_STATUSES = ['open', 'action_planned', 'disputed', 'action_done', 'closed'] as const;

/** Nonconformities of the scope: by severity, by status, overdue actions and mean days to close. */
export const NcCountsSchema = z.object({
  by_severity: z.object({ nc_major: Count, nc_minor: Count }),
  /** Count per finding status; statuses with no finding may be absent. */
  by_status: z.record(z.string().max(32), Count),
  overdue_actions: Count,
  /** Mean days from recording an NC finding to closing it, over closed ones; null when none closed. */
  mean_days_to_close: z.number().min(0).nullable(),
});
export type NcCounts = z.infer<typeof NcCountsSchema>;

export const SummaryRowSchema = z.object({
  /** Unit id, clause group (`8.5`), month (`2026-11`) or audit id, by the query's `by`; `total` for the pooled row. */
  key: z.string().max(100),
  /** Unit name or audit code for display; null for clauses and months. */
  label: z.string().max(500).nullable(),
  /** Σ weight of items whose result is conform, ofi or observation. */
  numerator: Count,
  /** Σ weight of assessed items whose result is not not_applicable. */
  denominator: Count,
  /** numerator / denominator; null when the denominator is 0. */
  compliance_rate: Rate.nullable(),
  assessed_items: Count,
  /** Items of the pinned checklist versions, per audited unit. */
  total_items: Count,
  /** assessed_items / total_items; null when there are no items. */
  coverage: Rate.nullable(),
  counts: ResultCountsSchema,
});
export type SummaryRow = z.infer<typeof SummaryRowSchema>;

/** `GET /summary`, exactly as the Worker serves it. */
export const SummaryResponseSchema = z.object({
  unit: z.object({ id: IdSchema, name: z.string(), level: UnitLevelSchema }),
  by: SummaryDimensionSchema,
  from: DateSchema.nullable(),
  to: DateSchema.nullable(),
  /** The whole scope pooled (never an average of the rows). */
  total: SummaryRowSchema,
  rows: z.array(SummaryRowSchema).max(10_000),
  nonconformities: NcCountsSchema,
  /** The formulas in words (DESIGN section 5). */
  formula: z.string(),
});
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>;
