// Indicator targets (issue 16): the goal an administrator sets for each figure of the compliance page, and the status
// of a figure against its goal. A figure without a target has none: no default target is ever made up.
import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

/** The compliance page's headline figures, as GET /summary reports them for the whole scope. */
export const INDICATORS = ['compliance_rate', 'coverage', 'nc_major', 'nc_minor', 'overdue_actions', 'mean_days_to_close'] as const;
export const IndicatorSchema = z.enum(INDICATORS);
export type Indicator = z.infer<typeof IndicatorSchema>;

/**
 * What kind of number each indicator is, which bounds its target: a rate is a fraction in [0, 1] (0.95 is 95 %), a
 * count a whole number ≥ 0, days a number of days ≥ 0 (one decimal is enough: the page shows one).
 */
export const INDICATOR_KIND: Readonly<Record<Indicator, 'rate' | 'count' | 'days'>> = {
  compliance_rate: 'rate',
  coverage: 'rate',
  nc_major: 'count',
  nc_minor: 'count',
  overdue_actions: 'count',
  mean_days_to_close: 'days',
};

/** The highest count and number of days a target may name: far above any real figure, low enough to catch typos. */
export const MAX_TARGET_COUNT = 1_000_000;
export const MAX_TARGET_DAYS = 3650;

/** `at_least`: met when the figure is ≥ the target (rates); `at_most`: met when it is ≤ the target (counts, delays). */
export const TargetDirectionSchema = z.enum(['at_least', 'at_most']);
export type TargetDirection = z.infer<typeof TargetDirectionSchema>;

/** The direction the admin page proposes for an indicator: more is better for rates, less for everything else. */
export const DEFAULT_DIRECTION: Readonly<Record<Indicator, TargetDirection>> = {
  compliance_rate: 'at_least',
  coverage: 'at_least',
  nc_major: 'at_most',
  nc_minor: 'at_most',
  overdue_actions: 'at_most',
  mean_days_to_close: 'at_most',
};

/** Why `value` cannot be the target of `indicator`, or null when it can. */
export function targetValueProblem(indicator: Indicator, value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a number';
  switch (INDICATOR_KIND[indicator]) {
    case 'rate':
      return value >= 0 && value <= 1 ? null : 'a rate must lie between 0 and 1 (0.95 is 95 %)';
    case 'count':
      return Number.isInteger(value) && value >= 0 && value <= MAX_TARGET_COUNT ? null : `a count must be a whole number from 0 to ${MAX_TARGET_COUNT}`;
    case 'days':
      return value >= 0 && value <= MAX_TARGET_DAYS ? null : `a number of days must lie between 0 and ${MAX_TARGET_DAYS}`;
  }
}

/** One target as written by `PUT /targets`. */
export const TargetInputSchema = z
  .object({
    indicator: IndicatorSchema,
    direction: TargetDirectionSchema,
    value: z.number(),
  })
  .superRefine((t, ctx) => {
    const problem = targetValueProblem(t.indicator, t.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
  });
export type TargetInput = z.infer<typeof TargetInputSchema>;

/**
 * `PUT /targets`: the whole set, replacing what is stored (an indicator left out has no target afterwards). At most
 * one target per indicator.
 */
export const TargetsPutSchema = z
  .object({ targets: z.array(TargetInputSchema).max(INDICATORS.length) })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.targets.forEach((t, i) => {
      if (seen.has(t.indicator)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'indicator'], message: `${t.indicator} has a target already in this list` });
      seen.add(t.indicator);
    });
  });
export type TargetsPut = z.infer<typeof TargetsPutSchema>;

export const TargetSchema = z.object({
  indicator: IndicatorSchema,
  direction: TargetDirectionSchema,
  value: z.number().min(0),
  updated_by: IdSchema.nullable(),
  updated_at: TimestampSchema,
});
export type Target = z.infer<typeof TargetSchema>;

/** `GET /targets`: the stored targets in INDICATORS order; an indicator without a target is simply absent. */
export const TargetsSchema = z.object({ targets: z.array(TargetSchema).max(INDICATORS.length) });
export type Targets = z.infer<typeof TargetsSchema>;

/**
 * A figure against its target: `met`, `not_met`, `no_target` (none is set) or `no_data` (a target is set but the
 * figure cannot be computed, e.g. a rate with nothing assessed). Figures are compared as the page rounds them (rates to
 * a tenth of a percent, days to a tenth of a day), so "95,0 %" never shows as short of a 95 % target.
 */
export type TargetStatus = 'met' | 'not_met' | 'no_target' | 'no_data';

export function targetStatus(target: Pick<TargetInput, 'indicator' | 'direction' | 'value'> | null | undefined, figure: number | null): TargetStatus {
  if (!target) return 'no_target';
  if (figure === null || !Number.isFinite(figure)) return 'no_data';
  const kind = INDICATOR_KIND[target.indicator];
  const shown = kind === 'rate' ? Math.round(figure * 1000) / 1000 : kind === 'days' ? Math.round(figure * 10) / 10 : figure;
  const met = target.direction === 'at_least' ? shown >= target.value - 1e-9 : shown <= target.value + 1e-9;
  return met ? 'met' : 'not_met';
}
