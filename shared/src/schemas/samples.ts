// Automated checks on the server (issue 14): stored rule sets, calendar amendments per year, samples (a sweep's
// per-dossier rule outcomes), dismissed suggestions (false positives), and a unit's reported figures with their
// sampling plan and the sampled dossiers' outcomes. Request bodies and answers; the math is in domain/sampling.ts.
import { z } from 'zod';
import {
  EXPECTED_PROPORTION_MAX,
  EXPECTED_PROPORTION_MIN,
  FIGURES_CHECK_IDS,
  MAX_FIGURE,
  REPORTED_COUNT_KEYS,
  SAMPLE_MARGIN_MAX,
  SAMPLE_MARGIN_MIN,
  SAMPLE_RULE_OUTCOMES,
  SAMPLED_OUTCOMES,
  type ReportedCountKey,
  type ReportedFigures,
} from '../domain/sampling.ts';
import { CalendarAmendmentsSchema, CalendarDateSchema } from './calendar.ts';
import { CheckRuleIdSchema, CheckRuleSetSchema, MAX_CHECK_RULES } from './checks.ts';
import { DateSchema, IdSchema, TimestampSchema, VersionSchema, line, noControlCharacters, optionalLine, text } from './common.ts';
import { ResultSchema } from './enums.ts';

// ── Rule sets ──────────────────────────────────────────────────────────────────────────────────────────────────

/** `PUT /checklists/{id}/check-rules`: the rule set, and optionally the version it replaces (optimistic). */
const RULE_SET_DOC = 'A rule set in the rule language of docs/checks.md (CheckRuleSetSchema of @onestop/shared): id, version, checklist_code, checklist_version, title, rules.';

export const CheckRuleSetPutSchema = z.object({
  rule_set: CheckRuleSetSchema.describe(RULE_SET_DOC),
  /** The rule-set version the caller last saw for that checklist version (null: none stored yet). */
  base_version: VersionSchema.nullable().optional(),
});
export type CheckRuleSetPut = z.infer<typeof CheckRuleSetPutSchema>;

/** A stored rule set. */
export const CheckRuleSetRecordSchema = z.object({
  id: IdSchema,
  checklist_id: IdSchema,
  checklist_version_id: IdSchema,
  checklist_version: z.number().int(),
  rule_set: CheckRuleSetSchema.describe(RULE_SET_DOC),
  /** True for the highest stored version of its checklist version (the one in force). */
  active: z.boolean(),
  /** Stored versions of the same checklist version, newest first. */
  history: z.array(z.object({ id: IdSchema, rule_set_id: z.string(), version: z.number().int(), created_at: TimestampSchema, created_by_name: z.string().nullable() })),
  created_by: IdSchema.nullable(),
  created_at: TimestampSchema,
});

// ── Calendar ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Years the calendar knows (holidays.ts). */
export const CalendarYearSchema = z.coerce.number().int().min(2008).max(2199);

/** `PUT /calendar/amendments/{year}`: the year's whole list (replaces the stored one). */
export const CalendarAmendmentsPutSchema = z.object({
  amendments: CalendarAmendmentsSchema,
  /** The stored version the caller last saw (0: none stored yet); a stale one answers 409. */
  version: z.number().int().min(0).optional(),
});

export const CalendarAmendmentsRecordSchema = z.object({
  year: z.number().int(),
  amendments: CalendarAmendmentsSchema,
  /** 0 when nothing is stored for the year. */
  version: z.number().int().min(0),
  updated_by: IdSchema.nullable(),
  updated_at: TimestampSchema.nullable(),
});

/** At most this many days in one `GET /calendar/days`. */
export const CALENDAR_DAYS_MAX = 400;

export const CalendarDaysQuerySchema = z.object({ from: CalendarDateSchema, to: CalendarDateSchema });

export const CalendarDaySchema = z.object({
  date: z.string(),
  kind: z.enum(['working', 'weekend', 'holiday', 'day_off', 'make_up_working_day']),
  working: z.boolean(),
  name: z.object({ vi: z.string(), en: z.string() }).optional(),
});

// ── Samples ────────────────────────────────────────────────────────────────────────────────────────────────────

/** At most this many dossiers in one sample, and this many bytes in its request body. */
export const MAX_SAMPLE_DOSSIERS = 5000;
export const MAX_SAMPLE_BODY_BYTES = 2 * 1024 * 1024;
/** At most this many facts per outcome, and characters per fact. */
export const MAX_SAMPLE_FACTS = 40;
export const MAX_FACT_CHARS = 500;

/** A dossier code as a system shows it (`000.35.24.H26-260305-0007`): one line; the server masks identifiers in it. */
export const DossierCodeSchema = line(100);

/** A fact value: text without control characters (masked on the server like any free text), a number, a boolean or null. */
export const SampleFactValueSchema = z.union([
  z.string().max(MAX_FACT_CHARS).superRefine(noControlCharacters('text')),
  z.number(),
  z.boolean(),
  z.null(),
]);

export const SampleFactsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case name (letters, digits, underscore)'), SampleFactValueSchema)
  .refine((r) => Object.keys(r).length <= MAX_SAMPLE_FACTS, { message: `at most ${MAX_SAMPLE_FACTS} facts` });

export const SampleOutcomeSchema = z.object({
  rule_id: CheckRuleIdSchema,
  outcome: z.enum(SAMPLE_RULE_OUTCOMES),
  facts: SampleFactsSchema.default({}),
});
export type SampleOutcome = z.infer<typeof SampleOutcomeSchema>;

export const SampleDossierSchema = z
  .object({
    dossier_code: DossierCodeSchema,
    outcomes: z.array(SampleOutcomeSchema).max(MAX_CHECK_RULES),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.outcomes.forEach((o, i) => {
      if (seen.has(o.rule_id)) ctx.addIssue({ code: 'custom', path: ['outcomes', i, 'rule_id'], message: `rule ${o.rule_id} is listed twice` });
      seen.add(o.rule_id);
    });
  });

/**
 * `POST /audits/{id}/samples`: a sweep's per-dossier outcomes. Counts and rates are not part of it: the server
 * computes them from the outcomes (anything else sent is ignored).
 */
export const SampleCreateSchema = z
  .object({
    /** Client-made UUID: a resend with the same body answers the stored sample; a taken id answers 409 `id_taken`. */
    id: IdSchema,
    unit_id: IdSchema,
    /** The site profile (dossier system) the sweep read. */
    site_profile: line(200),
    /** The page's "as of" time, or when the sweep ran (client clock, bounded like `recorded_at`). */
    as_of: TimestampSchema,
    rule_set_id: CheckRuleIdSchema,
    rule_set_version: VersionSchema,
    dossiers: z.array(SampleDossierSchema).min(1).max(MAX_SAMPLE_DOSSIERS),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.dossiers.forEach((d, i) => {
      const first = seen.get(d.dossier_code);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['dossiers', i, 'dossier_code'], message: `dossier ${d.dossier_code} is listed twice (first at dossiers[${first}])` });
      else seen.set(d.dossier_code, i);
    });
  });
export type SampleCreate = z.infer<typeof SampleCreateSchema>;

export const RuleOutcomeCountsSchema = z.object({
  rule_id: z.string(),
  rule_version: z.number().int(),
  item_code: z.string(),
  pass: z.number().int(),
  violation: z.number().int(),
  not_applicable: z.number().int(),
  undecidable: z.number().int(),
});

export const SampleSummarySchema = z.object({
  id: IdSchema,
  audit_id: IdSchema,
  unit_id: IdSchema,
  unit_name: z.string(),
  site_profile: z.string(),
  as_of: TimestampSchema,
  rule_set_id: z.string(),
  rule_set_version: z.number().int(),
  dossier_count: z.number().int(),
  dossiers_with_violation: z.number().int(),
  rules: z.array(RuleOutcomeCountsSchema),
  /** From the `returned-late` rule's decided outcomes; null when the rule set has no such rule. */
  on_time: z
    .object({ rule_id: z.string(), on_time: z.number().int(), late: z.number().int(), decided: z.number().int(), rate_percent: z.number().nullable() })
    .nullable(),
  recorded_by: IdSchema,
  recorded_by_name: z.string().nullable(),
  recorded_at: TimestampSchema,
});
export type SampleSummary = z.infer<typeof SampleSummarySchema>;

export const SampleDossierRecordSchema = z.object({
  ordinal: z.number().int(),
  dossier_code: z.string(),
  violations: z.number().int(),
  outcomes: z.array(z.object({ rule_id: z.string(), outcome: z.enum(SAMPLE_RULE_OUTCOMES), facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])) })),
});

export const SampleDetailSchema = SampleSummarySchema.extend({
  dossiers: z.object({ items: z.array(SampleDossierRecordSchema), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }),
});

export const SampleDetailQuerySchema = z.object({
  rule: CheckRuleIdSchema.optional().describe('Only dossiers with an outcome of this rule'),
  outcome: z.enum(SAMPLE_RULE_OUTCOMES).optional().describe('Only dossiers with this outcome (of `rule`, or of any rule)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(MAX_SAMPLE_DOSSIERS).default(0),
});

// ── Dismissed suggestions ──────────────────────────────────────────────────────────────────────────────────────

export const MAX_DISMISSAL_REASON = 500;

/** `POST /audits/{id}/suggestion-dismissals`: the inspector judged a rule's suggestion wrong for a dossier. */
export const SuggestionDismissalCreateSchema = z.object({
  id: IdSchema,
  unit_id: IdSchema,
  rule_id: CheckRuleIdSchema,
  rule_version: VersionSchema,
  dossier_code: DossierCodeSchema,
  /** Why the suggestion is wrong (masked for identifiers like any free text). */
  reason: text(MAX_DISMISSAL_REASON),
  /** When (client clock, bounded like `recorded_at`). */
  dismissed_at: TimestampSchema,
});
export type SuggestionDismissalCreate = z.infer<typeof SuggestionDismissalCreateSchema>;

export const SuggestionDismissalSchema = z.object({
  id: IdSchema,
  audit_id: IdSchema,
  unit_id: IdSchema,
  unit_name: z.string(),
  checklist_id: IdSchema,
  rule_id: z.string(),
  rule_version: z.number().int(),
  item_code: z.string(),
  dossier_code: z.string(),
  reason: z.string(),
  dismissed_by: IdSchema,
  dismissed_by_name: z.string().nullable(),
  dismissed_at: TimestampSchema,
  created_at: TimestampSchema,
});

/** False positives of one rule version: dismissals against the violations the samples in scope counted. */
export const FalsePositiveCountSchema = z.object({
  rule_id: z.string(),
  rule_version: z.number().int(),
  item_code: z.string().nullable(),
  dismissed: z.number().int(),
  /** Violations counted by the samples in scope (0 when none recorded). */
  violations: z.number().int(),
  /** dismissed / violations in percent; null without violations. */
  dismissed_percent: z.number().nullable(),
});

// ── Reported figures ───────────────────────────────────────────────────────────────────────────────────────────

const count = z.number().int().min(0).max(MAX_FIGURE).nullable().optional();

/** The figures of indicators.md section 1 as the unit reported them; a figure left out or null was not reported. */
export const ReportedFiguresSchema = z.strictObject({
  ...(Object.fromEntries(REPORTED_COUNT_KEYS.map((k) => [k, count])) as Record<ReportedCountKey, typeof count>),
  /** The early-or-on-time rate as reported, in percent (98.25 for "98,25%"). */
  on_time_rate: z.number().min(0).max(100).nullable().optional(),
});

export const SamplingOptionsSchema = z.strictObject({
  /** Margin of error e (default 0.05). */
  margin: z.number().min(SAMPLE_MARGIN_MIN).max(SAMPLE_MARGIN_MAX).optional(),
  /** Expected proportion p (default 0.5, the largest sample). */
  expected_proportion: z.number().min(EXPECTED_PROPORTION_MIN).max(EXPECTED_PROPORTION_MAX).optional(),
});

/** `PUT /audits/{id}/reported-figures`: creates or replaces the figures of a unit for a period. */
export const ReportedFiguresPutSchema = z
  .object({
    unit_id: IdSchema,
    from: DateSchema,
    to: DateSchema,
    figures: ReportedFiguresSchema,
    /** Where the figures come from (the report's number and date). */
    source: optionalLine(500).optional(),
    sampling: SamplingOptionsSchema.optional(),
    /** The stored version when replacing (a stale one answers 409); leave out to create. */
    version: VersionSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.to < b.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  });
export type ReportedFiguresPut = z.infer<typeof ReportedFiguresPutSchema>;

/** At most this many sampled dossiers in one result set (a sample for e = 0.01 is at most 9,604). */
export const MAX_SAMPLE_RESULTS = 10_000;

/** `POST …/reported-figures/{fid}/sample-results`: the sampled dossiers' outcomes (replaces earlier ones). */
export const SampleResultsCreateSchema = z
  .object({
    results: z
      .array(
        z.object({
          /** The drawn position (1-based, in the frame order of domain/sampling.ts `samplingFrame`). */
          position: z.number().int().min(1).max(MAX_FIGURE),
          dossier_code: DossierCodeSchema,
          outcome: z.enum(SAMPLED_OUTCOMES),
        }),
      )
      .min(1)
      .max(MAX_SAMPLE_RESULTS),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<number>();
    b.results.forEach((r, i) => {
      if (seen.has(r.position)) ctx.addIssue({ code: 'custom', path: ['results', i, 'position'], message: `position ${r.position} is listed twice` });
      seen.add(r.position);
    });
  });
export type SampleResultsCreate = z.infer<typeof SampleResultsCreateSchema>;

const bilingual = z.object({ vi: z.string(), en: z.string() });
const factValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const FigureSuggestionSchema = z.object({
  item_code: z.string(),
  /** The item of that code in the audit's pinned checklist versions, or null when none has it. */
  item_id: IdSchema.nullable(),
  suggests: ResultSchema.extract(['nc_minor', 'observation']),
  title: bilingual,
  message: bilingual,
  facts: z.record(z.string(), factValue),
});

const side = z.object({ label: bilingual, value: z.number().nullable(), terms: z.array(z.object({ key: z.string(), value: z.number().nullable() })) });

export const FiguresCheckSchema = z.object({
  id: z.enum(FIGURES_CHECK_IDS),
  status: z.enum(['ok', 'mismatch', 'not_checked']),
  left: side,
  right: side,
  difference: z.number().nullable(),
  missing: z.array(z.string()),
  assumed_zero: z.array(z.string()),
  message: bilingual,
});

export const SamplingPlanSchema = z.object({
  population_key: z.literal('resolved'),
  population: z.number().int(),
  confidence: z.literal(0.95),
  z: z.number(),
  margin: z.number(),
  expected_proportion: z.number(),
  n0: z.number(),
  n: z.number(),
  minimum: z.number().int(),
  size: z.number().int(),
  seed: z.string(),
  algorithm: z.string(),
  /** The drawn positions, ascending (one figures record; left out of lists). */
  positions: z.array(z.number().int()).optional(),
  /** The same positions in the order drawn: check them in this order when the whole sample cannot be checked. */
  draw_order: z.array(z.number().int()).optional(),
});

export const SampleVerificationSchema = z.object({
  planned: z.number().int(),
  checked: z.number().int(),
  complete: z.boolean(),
  early: z.number().int(),
  on_time: z.number().int(),
  late: z.number().int(),
  undecidable: z.number().int(),
  decided: z.number().int(),
  sampled_rate_percent: z.number().nullable(),
  interval: z.object({ confidence: z.literal(0.95), lower_percent: z.number(), upper_percent: z.number() }).nullable(),
  reported_rate_percent: z.number().nullable(),
  reported_rate_source: z.enum(['on_time_rate', 'counts']).nullable(),
  reported_outside: z.boolean().nullable(),
  message: bilingual,
  suggestion: FigureSuggestionSchema.nullable(),
});

export const ReportedFiguresRecordSchema = z.object({
  id: IdSchema,
  audit_id: IdSchema,
  unit_id: IdSchema,
  unit_name: z.string(),
  from: z.string(),
  to: z.string(),
  figures: ReportedFiguresSchema,
  source: z.string(),
  version: z.number().int(),
  checks: z.object({ consistent: z.boolean(), items: z.array(FiguresCheckSchema), suggestion: FigureSuggestionSchema.nullable() }),
  /** Null when the report gives no resolved count (the sampling frame). */
  sampling_plan: SamplingPlanSchema.nullable(),
  /** The latest sampled outcomes against the current plan; null when none were recorded for it. */
  sample_results: z
    .object({
      version: z.number().int(),
      recorded_by: IdSchema,
      recorded_at: TimestampSchema,
      results: z.array(z.object({ position: z.number().int(), dossier_code: z.string(), outcome: z.enum(SAMPLED_OUTCOMES) })).optional(),
      verification: SampleVerificationSchema,
    })
    .nullable(),
  /** Results recorded against an earlier plan (the figures changed since): kept, not used. */
  stale_sample_results: z.boolean(),
  created_by: IdSchema,
  updated_by: IdSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});

// The schema's output is the domain's figures.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameFigures: Same<Required<z.output<typeof ReportedFiguresSchema>>, Required<ReportedFigures>> = true;
void sameFigures;
