// Automated dossier checks (issue 14; DESIGN section 8, "axe for ISO 9001"): the dossier record as the checks see it,
// and the rule language over it. Rules are data: small JSON trees, bounded, with no code, no regexes and no eval.
// The evaluator (domain/checks/evaluate.ts) imports only this file's types, so the checks chunk carries no zod.
import * as z from 'zod';
import { CANONICAL_STATUSES, type CanonicalStatus } from '../domain/profile-fields.ts';
import { CodeSchema, line, text } from './common.ts';
import { ResultSchema } from './enums.ts';

// ── Vocabulary: domain/checks/fields.ts (zod-free, shared with the evaluator and the overlay) ───────────────────

import { CHECK_EQUALS_FIELDS, CHECK_FIELDS, CHECK_LIST_FIELDS, CHECK_NUMBER_FIELDS, CHECK_TIME_FIELDS, type CheckEqualsField, type CheckField, type CheckListField, type CheckNumberField, type CheckTimeField } from '../domain/checks/fields.ts';
export { CHECK_EQUALS_FIELDS, CHECK_FIELD_PROFILE_NAMES, CHECK_FIELDS, CHECK_LIST_FIELDS, CHECK_NUMBER_FIELDS, CHECK_TIME_FIELDS, type CheckEqualsField, type CheckField, type CheckListField, type CheckNumberField, type CheckTimeField } from '../domain/checks/fields.ts';

/** Submission channels (indicators.md: trực tiếp, trực tuyến, bưu chính). */
export const CHECK_CHANNELS = ['in_person', 'online', 'postal'] as const;
export type CheckChannel = (typeof CHECK_CHANNELS)[number];

/** Time operands that are not fields: the page's "as of" time, or the capture time. */
export const CHECK_AS_OF = 'as_of';

// ── The dossier record ─────────────────────────────────────────────────────────────────────────────────────────

const InstantSchema = z.iso.datetime({ offset: true });
const LocalDateSchema = z.iso.date();

/** True for an ISO instant with an offset (`2025-07-01T03:30:00Z`) or a local date (`2025-07-01`). */
export const isCheckMoment = (s: string) => InstantSchema.safeParse(s).success || LocalDateSchema.safeParse(s).success;

/** An ISO instant with seconds and an offset, or a local date `YYYY-MM-DD` (Asia/Ho_Chi_Minh) when no hour is shown. */
export const CheckMomentSchema = z
  .string()
  .max(40)
  .refine(isCheckMoment, { message: 'an ISO instant such as 2025-07-01T03:30:00Z, or a local date YYYY-MM-DD' });

/**
 * A dossier as the checks see it: the canonical fields read from the dossier's screens. Each field is either
 * **absent** (not read: the page does not show it, e.g. a list without the apology column), **null** (read, and the
 * page shows nothing there: no appointment date on the receipt) or a value. The difference matters: `missing` is
 * true only for null, while an absent field leaves every test on it undecidable.
 */
export const CheckDossierSchema = z.strictObject({
  dossier_code: z.string().max(200).nullable().optional(),
  procedure: z.string().max(1000).nullable().optional(),
  procedure_code: z.string().max(100).nullable().optional(),
  channel: z.enum(CHECK_CHANNELS).nullable().optional(),
  status: z.enum(CANONICAL_STATUSES).nullable().optional(),
  /** Online submission time (*Ngày nộp*), before the officer checks and receives the dossier. */
  submitted_at: CheckMomentSchema.nullable().optional(),
  received_at: CheckMomentSchema.nullable().optional(),
  /** Statutory time limit in working days (may be fractional: half a day). */
  statutory_days: z.number().min(0).max(3650).nullable().optional(),
  /** The appointment on the receipt (*ngày hẹn trả*). */
  due_at: CheckMomentSchema.nullable().optional(),
  finished_at: CheckMomentSchema.nullable().optional(),
  returned_at: CheckMomentSchema.nullable().optional(),
  apology_issued: z.boolean().nullable().optional(),
  apology_issued_at: CheckMomentSchema.nullable().optional(),
  /** The new appointment of the apology letter (*ngày hẹn lại*). */
  new_due_at: CheckMomentSchema.nullable().optional(),
  /** How many apology/rescheduling letters the dossier lists. */
  apology_count: z.number().int().min(0).max(100).nullable().optional(),
  /** Supplement/completion requests (form 02), oldest first; null or [] when the page shows none. */
  supplement_requests: z
    .array(z.strictObject({ requested_at: CheckMomentSchema.nullable() }))
    .max(100)
    .nullable()
    .optional(),
  /** The page's "as of" time, or the capture time: open dossiers are judged against it. */
  as_of: InstantSchema,
});
export type CheckDossier = z.infer<typeof CheckDossierSchema>;

// ── The rule language (types first: the tree is recursive) ─────────────────────────────────────────────────────

/**
 * A time: a time field, `as_of`, a date some working days after a time, the moment a time starts to count under the
 * office hours (`counting_start`), or one of two times by a condition.
 */
export type CheckTimeOperand =
  | CheckTimeField
  | typeof CHECK_AS_OF
  | { working_days_after: CheckTimeOperand; days: CheckNumberOperand }
  | { counting_start: CheckTimeOperand }
  | { if: CheckCondition; then: CheckTimeOperand; else: CheckTimeOperand };

export const CHECK_LATE_BY_UNITS = ['minutes', 'days', 'working_days'] as const;
export type CheckLateByUnit = (typeof CHECK_LATE_BY_UNITS)[number];

/** A number: a literal, a number field, the length of a list, or how late one time is against another. */
export type CheckNumberOperand =
  | number
  | CheckNumberField
  | { count: CheckListField }
  | { late_by: CheckTimeOperand; against: CheckTimeOperand; unit: CheckLateByUnit };

/** Precision of a comparison of times: exact to the minute (default) or by local date. */
export const CHECK_TIME_PRECISIONS = ['minute', 'day'] as const;
export type CheckTimePrecision = (typeof CHECK_TIME_PRECISIONS)[number];

type TimePair = [CheckTimeOperand, CheckTimeOperand];
type NumberPair = [CheckNumberOperand, CheckNumberOperand];
export type CheckEquality =
  | ['status', CanonicalStatus]
  | ['channel', CheckChannel]
  | ['apology_issued', boolean]
  | ['procedure_code', string];

/** A condition: an object with exactly one operator key (plus `by` on comparisons of times). */
export type CheckCondition =
  | { all: CheckCondition[] }
  | { any: CheckCondition[] }
  | { not: CheckCondition }
  | { unknown_as: boolean; cond: CheckCondition }
  | { present: CheckField }
  | { missing: CheckField }
  | { before: TimePair; by?: CheckTimePrecision }
  | { after: TimePair; by?: CheckTimePrecision }
  | { at_or_before: TimePair; by?: CheckTimePrecision }
  | { at_or_after: TimePair; by?: CheckTimePrecision }
  | { same_local_day: TimePair }
  | { status_in: CanonicalStatus[] }
  | { equals: CheckEquality }
  | { more_than: NumberPair }
  | { at_least: NumberPair }
  | { less_than: NumberPair }
  | { at_most: NumberPair }
  | { exactly: NumberPair };

export const CHECK_TIME_COMPARISONS = ['before', 'after', 'at_or_before', 'at_or_after'] as const;
export const CHECK_NUMBER_COMPARISONS = ['more_than', 'at_least', 'less_than', 'at_most', 'exactly'] as const;
export const CHECK_CONDITION_OPERATORS = [
  'all',
  'any',
  'not',
  'unknown_as',
  'present',
  'missing',
  ...CHECK_TIME_COMPARISONS,
  'same_local_day',
  'status_in',
  'equals',
  ...CHECK_NUMBER_COMPARISONS,
] as const;
export type CheckConditionOperator = (typeof CHECK_CONDITION_OPERATORS)[number];

// ── Bounds ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Deepest nesting of an expression (`when`, `violation`, a `report` value), counting conditions and computed operands. */
export const MAX_CHECK_DEPTH = 8;
/** Conditions and computed operands in one rule (`when` + `violation` + `report`). */
export const MAX_CHECK_RULE_NODES = 200;
export const MAX_CHECK_RULES = 200;
/** Operands of `all` / `any`. */
export const MAX_CHECK_BRANCHES = 50;
/** Values read by the bounds walk before it gives up (arrays inside arrays add no depth, so they are bounded here). */
const MAX_WALK = 2000;

export type CheckExpressionBound = { ok: true; nodes: number; depth: number } | { ok: false; reason: 'depth' | 'nodes' | 'size'; message: string };

/**
 * Measures a raw (unvalidated) expression without recursion: every object is a node, its depth is the number of
 * objects from the root down to it. Stops as soon as a bound is passed, so a hostile document costs at most a few
 * thousand steps however deep or wide it is.
 */
export function measureCheckExpression(raw: unknown, maxNodes: number = MAX_CHECK_RULE_NODES, maxDepth: number = MAX_CHECK_DEPTH): CheckExpressionBound {
  const stack: Array<[unknown, number]> = [[raw, 0]];
  let nodes = 0;
  let depth = 0;
  let walked = 0;
  while (stack.length > 0) {
    const [value, level] = stack.pop() as [unknown, number];
    if (++walked > MAX_WALK) return { ok: false, reason: 'size', message: `too large: more than ${MAX_WALK} values` };
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > MAX_CHECK_BRANCHES) return { ok: false, reason: 'size', message: `a list of more than ${MAX_CHECK_BRANCHES} entries` };
      for (const item of value) stack.push([item, level]);
      continue;
    }
    nodes += 1;
    const here = level + 1;
    if (here > depth) depth = here;
    if (here > maxDepth) return { ok: false, reason: 'depth', message: `nested deeper than ${maxDepth} levels` };
    if (nodes > maxNodes) return { ok: false, reason: 'nodes', message: `more than ${maxNodes} conditions and operands` };
    const keys = Object.keys(value);
    if (keys.length > 4) return { ok: false, reason: 'size', message: `an expression object has at most 4 keys (found ${keys.length})` };
    for (const key of keys) stack.push([(value as Record<string, unknown>)[key], here]);
  }
  return { ok: true, nodes, depth };
}

// ── Schemas of the tree ────────────────────────────────────────────────────────────────────────────────────────
// Each expression is validated by picking the schema of its operator key first, so an error names the operator and
// the path instead of listing every alternative. These schemas never transform: a valid tree is returned as given.

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type AnySchema = z.ZodType<unknown>;

/**
 * Adds an issue that stops the enclosing objects' refinements (`continue: false`): they walk the tree, which they may
 * do only once it is valid.
 */
function fail(ctx: z.RefinementCtx, message: string, path: PropertyKey[] = []): void {
  ctx.addIssue({ code: 'custom', path, message, continue: false });
}

/** Validates `raw` with `schema` and adds its issues (paths relative to `raw`) to `ctx`. */
function forward(schema: AnySchema, raw: unknown, ctx: z.RefinementCtx): void {
  const r = schema.safeParse(raw);
  if (!r.success) for (const issue of r.error.issues) fail(ctx, issue.message, issue.path);
}

const TIME_OPERAND_NAMES: ReadonlySet<string> = new Set<string>([...CHECK_TIME_FIELDS, CHECK_AS_OF]);
const NUMBER_FIELD_NAMES: ReadonlySet<string> = new Set<string>(CHECK_NUMBER_FIELDS);

const lazyTime = z.lazy((): AnySchema => CheckTimeOperandSchema);
const lazyNumber = z.lazy((): AnySchema => CheckNumberOperandSchema);
const lazyCondition = z.lazy((): AnySchema => CheckConditionSchema);

/** A literal number of working days for `working_days_after`: a whole number up to ten years of working days. */
const WORKING_DAYS_LIMIT = 2600;

const WorkingDaysAfterSchema = z
  .strictObject({ working_days_after: lazyTime, days: lazyNumber })
  .superRefine((o, ctx) => {
    if (typeof o.days === 'number' && (!Number.isInteger(o.days) || o.days < 0 || o.days > WORKING_DAYS_LIMIT)) {
      fail(ctx, `a whole number of working days from 0 to ${WORKING_DAYS_LIMIT}`, ['days']);
    }
  });
const CountingStartSchema = z.strictObject({ counting_start: lazyTime });
const IfTimeSchema = z.strictObject({ if: lazyCondition, then: lazyTime, else: lazyTime });

export const CheckTimeOperandSchema: z.ZodType<CheckTimeOperand> = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (typeof raw === 'string') {
      if (!TIME_OPERAND_NAMES.has(raw)) fail(ctx, `not a time: ${[...TIME_OPERAND_NAMES].join(', ')}, or an object`);
      return;
    }
    if (isPlainObject(raw) && 'working_days_after' in raw) return forward(WorkingDaysAfterSchema, raw, ctx);
    if (isPlainObject(raw) && 'counting_start' in raw) return forward(CountingStartSchema, raw, ctx);
    if (isPlainObject(raw) && 'if' in raw) return forward(IfTimeSchema, raw, ctx);
    fail(ctx, 'a time is a field name, "as_of", { "working_days_after", "days" }, { "counting_start" } or { "if", "then", "else" }');
  })
  .transform((raw) => raw as CheckTimeOperand);

const LateBySchema = z.strictObject({ late_by: lazyTime, against: lazyTime, unit: z.enum(CHECK_LATE_BY_UNITS) });
const CountSchema = z.strictObject({ count: z.enum(CHECK_LIST_FIELDS) });

export const CheckNumberOperandSchema: z.ZodType<CheckNumberOperand> = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw) || Math.abs(raw) > 1_000_000) fail(ctx, 'a finite number between -1,000,000 and 1,000,000');
      return;
    }
    if (typeof raw === 'string') {
      if (!NUMBER_FIELD_NAMES.has(raw)) fail(ctx, `not a number field: ${CHECK_NUMBER_FIELDS.join(', ')}`);
      return;
    }
    if (isPlainObject(raw) && 'count' in raw) return forward(CountSchema, raw, ctx);
    if (isPlainObject(raw) && 'late_by' in raw) return forward(LateBySchema, raw, ctx);
    fail(ctx, 'a number is a literal, a number field, { "count" } or { "late_by", "against", "unit" }');
  })
  .transform((raw) => raw as CheckNumberOperand);

const TimePairSchema = z.tuple([lazyTime, lazyTime]);
const NumberPairSchema = z.tuple([lazyNumber, lazyNumber]);
const BySchema = z.enum(CHECK_TIME_PRECISIONS).optional();
const BranchesSchema = z.array(lazyCondition).min(1).max(MAX_CHECK_BRANCHES);
const FieldNameSchema = z.enum(CHECK_FIELDS);

const EQUALS_VALUES: Record<CheckEqualsField, (v: unknown) => string | null> = {
  status: (v) => (typeof v === 'string' && (CANONICAL_STATUSES as readonly string[]).includes(v) ? null : `a canonical status (${CANONICAL_STATUSES.join(', ')})`),
  channel: (v) => (typeof v === 'string' && (CHECK_CHANNELS as readonly string[]).includes(v) ? null : `a channel (${CHECK_CHANNELS.join(', ')})`),
  apology_issued: (v) => (typeof v === 'boolean' ? null : 'true or false'),
  procedure_code: (v) => (typeof v === 'string' && v.length >= 1 && v.length <= 100 && v.trim() === v ? null : 'a procedure code (1–100 characters, no outer spaces)'),
};
const EqualsSchema = z.strictObject({
  equals: z.tuple([z.enum(CHECK_EQUALS_FIELDS), z.union([z.string(), z.boolean()])]).superRefine(([field, value], ctx) => {
    const problem = EQUALS_VALUES[field](value);
    if (problem !== null) fail(ctx, `${field} equals ${problem}`, [1]);
  }),
});

const CONDITION_BRANCHES: Record<CheckConditionOperator, AnySchema> = {
  all: z.strictObject({ all: BranchesSchema }),
  any: z.strictObject({ any: BranchesSchema }),
  not: z.strictObject({ not: lazyCondition }),
  unknown_as: z.strictObject({ unknown_as: z.boolean(), cond: lazyCondition }),
  present: z.strictObject({ present: FieldNameSchema }),
  missing: z.strictObject({ missing: FieldNameSchema }),
  before: z.strictObject({ before: TimePairSchema, by: BySchema }),
  after: z.strictObject({ after: TimePairSchema, by: BySchema }),
  at_or_before: z.strictObject({ at_or_before: TimePairSchema, by: BySchema }),
  at_or_after: z.strictObject({ at_or_after: TimePairSchema, by: BySchema }),
  same_local_day: z.strictObject({ same_local_day: TimePairSchema }),
  status_in: z.strictObject({ status_in: z.array(z.enum(CANONICAL_STATUSES)).min(1).max(CANONICAL_STATUSES.length) }),
  equals: EqualsSchema,
  more_than: z.strictObject({ more_than: NumberPairSchema }),
  at_least: z.strictObject({ at_least: NumberPairSchema }),
  less_than: z.strictObject({ less_than: NumberPairSchema }),
  at_most: z.strictObject({ at_most: NumberPairSchema }),
  exactly: z.strictObject({ exactly: NumberPairSchema }),
};
const OPERATOR_SET: ReadonlySet<string> = new Set(CHECK_CONDITION_OPERATORS);

/**
 * One condition, validated by its operator. Not bounded by itself: parse whole rules with `CheckRuleSchema`, which
 * measures the raw tree first (so a hostile tree never reaches this recursion).
 */
export const CheckConditionSchema: z.ZodType<CheckCondition> = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (!isPlainObject(raw)) {
      fail(ctx, `a condition is an object with one operator: ${CHECK_CONDITION_OPERATORS.join(', ')}`);
      return;
    }
    const ops = Object.keys(raw).filter((k) => OPERATOR_SET.has(k));
    // `cond` goes with `unknown_as`; `by` with the comparisons of times.
    if (ops.length !== 1) {
      fail(ctx, ops.length === 0 ? `no operator: use one of ${CHECK_CONDITION_OPERATORS.join(', ')}` : `one operator per condition (found ${ops.join(', ')})`);
      return;
    }
    forward(CONDITION_BRANCHES[ops[0] as CheckConditionOperator], raw, ctx);
  })
  .transform((raw) => raw as CheckCondition);

/** A value a rule computes for its message and facts: a time or a number. */
export type CheckReportOperand = CheckTimeOperand | CheckNumberOperand;
const ReportOperandSchema: z.ZodType<CheckReportOperand> = z
  .unknown()
  .superRefine((raw, ctx) => {
    const isNumber = typeof raw === 'number' || (typeof raw === 'string' && NUMBER_FIELD_NAMES.has(raw)) || (isPlainObject(raw) && ('count' in raw || 'late_by' in raw));
    forward(isNumber ? CheckNumberOperandSchema : CheckTimeOperandSchema, raw, ctx);
  })
  .transform((raw) => raw as CheckReportOperand);

// ── Walks over a valid tree (zod-free) ─────────────────────────────────────────────────────────────────────────

function timeFields(t: CheckTimeOperand, out: Set<string>): void {
  if (typeof t === 'string') {
    if (t !== CHECK_AS_OF) out.add(t);
  } else if ('working_days_after' in t) {
    timeFields(t.working_days_after, out);
    numberFields(t.days, out);
  } else if ('counting_start' in t) {
    timeFields(t.counting_start, out);
  } else {
    conditionFields(t.if, out);
    timeFields(t.then, out);
    timeFields(t.else, out);
  }
}

function numberFields(n: CheckNumberOperand, out: Set<string>): void {
  if (typeof n === 'number') return;
  if (typeof n === 'string') out.add(n);
  else if ('count' in n) out.add(n.count);
  else {
    timeFields(n.late_by, out);
    timeFields(n.against, out);
  }
}

function conditionFields(c: CheckCondition, out: Set<string>): void {
  if ('all' in c) for (const x of c.all) conditionFields(x, out);
  else if ('any' in c) for (const x of c.any) conditionFields(x, out);
  else if ('not' in c) conditionFields(c.not, out);
  else if ('unknown_as' in c) conditionFields(c.cond, out);
  else if ('present' in c) out.add(c.present);
  else if ('missing' in c) out.add(c.missing);
  else if ('status_in' in c) out.add('status');
  else if ('equals' in c) out.add(c.equals[0]);
  else {
    const pair = timePairOf(c);
    if (pair !== null) {
      timeFields(pair[0], out);
      timeFields(pair[1], out);
      return;
    }
    const nums = numberPairOf(c);
    if (nums !== null) {
      numberFields(nums[0], out);
      numberFields(nums[1], out);
    }
  }
}

function timePairOf(c: CheckCondition): TimePair | null {
  if ('before' in c) return c.before;
  if ('after' in c) return c.after;
  if ('at_or_before' in c) return c.at_or_before;
  if ('at_or_after' in c) return c.at_or_after;
  if ('same_local_day' in c) return c.same_local_day;
  return null;
}

function numberPairOf(c: CheckCondition): NumberPair | null {
  if ('more_than' in c) return c.more_than;
  if ('at_least' in c) return c.at_least;
  if ('less_than' in c) return c.less_than;
  if ('at_most' in c) return c.at_most;
  if ('exactly' in c) return c.exactly;
  return null;
}

/** The dossier fields a rule's expressions read (what `needs` must list). */
export function checkFieldsReadBy(rule: Pick<CheckRule, 'when' | 'violation' | 'report'>): CheckField[] {
  const out = new Set<string>();
  if (rule.when !== undefined) conditionFields(rule.when, out);
  conditionFields(rule.violation, out);
  for (const value of Object.values(rule.report ?? {})) {
    if (typeof value === 'number' || (typeof value === 'string' && NUMBER_FIELD_NAMES.has(value)) || (typeof value === 'object' && ('count' in value || 'late_by' in value))) {
      numberFields(value as CheckNumberOperand, out);
    } else timeFields(value as CheckTimeOperand, out);
  }
  return CHECK_FIELDS.filter((f) => out.has(f));
}

/** The fields any rule of a set needs: what the extension must read (or open a detail screen for). */
export const checkFieldsNeededBy = (set: Pick<CheckRuleSet, 'rules'>): CheckField[] => CHECK_FIELDS.filter((f) => set.rules.some((r) => r.needs.includes(f)));

/**
 * The `{placeholders}` of a message, or the problem with its braces. A placeholder is a lower-case name; a lone
 * brace is refused rather than shown as is.
 */
export function checkMessagePlaceholders(message: string): { names: string[] } | { problem: string } {
  const names: string[] = [];
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    const close = message.indexOf('}', i);
    if (open === -1) {
      if (close !== -1) return { problem: `a "}" without its "{" at ${close}` };
      break;
    }
    if (close !== -1 && close < open) return { problem: `a "}" without its "{" at ${close}` };
    const end = message.indexOf('}', open + 1);
    if (end === -1) return { problem: `a "{" without its "}" at ${open}` };
    const name = message.slice(open + 1, end);
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(name)) return { problem: `"{${name}}" is not a placeholder (lower-case letters, digits, underscore)` };
    names.push(name);
    i = end + 1;
  }
  return { names };
}

// ── Rules and rule sets ────────────────────────────────────────────────────────────────────────────────────────

/** Stable rule and rule-set ids: kebab-case. */
export const CheckRuleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case: lower-case letters and digits joined by single dashes');

const BilingualLineSchema = z.strictObject({ vi: line(200), en: line(200) });
const BilingualTextSchema = z.strictObject({ vi: text(2000), en: text(2000) });

/** What a violation suggests recording: a finding result that asks for attention (never `conform` or `not_applicable`). */
export const CheckSuggestionSchema = ResultSchema.exclude(['conform', 'not_applicable']);

/** How an undecidable outcome is reported. */
export const CHECK_UNDECIDABLE_REPORTS = ['undecidable', 'not_applicable', 'violation'] as const;
export const CheckUndecidableSchema = z.strictObject({
  /**
   * `undecidable` (default): shown as such with the missing fields; `not_applicable`: dropped quietly (for rules on
   * fields few systems show); `violation`: the missing data counts against the unit (never used when the violation
   * itself is false).
   */
  report_as: z.enum(CHECK_UNDECIDABLE_REPORTS),
  /** Replaces the generic "cannot decide: … missing" message. */
  explanation: BilingualTextSchema.optional(),
});
export type CheckUndecidable = z.infer<typeof CheckUndecidableSchema>;

/** Names a message may use besides the rule's own fields and report values. */
export const CHECK_MESSAGE_NAMES = [CHECK_AS_OF, 'missing'] as const;
const ReportNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a lower-case name (letters, digits, underscore)');

const CheckRuleObjectSchema = z
  .strictObject({
    id: CheckRuleIdSchema,
    version: z.number().int().min(1),
    /** A checklist item code (`MC-8.5.1-09`); checked against a checklist version by `checkRuleSetAgainstChecklist`. */
    item_code: CodeSchema,
    suggests: CheckSuggestionSchema,
    title: BilingualLineSchema,
    /** Shown with a violation; `{placeholders}` name fields in `needs`, `report` values, `as_of`. */
    explanation: BilingualTextSchema,
    /** Legal basis, with what could not be verified said as such. */
    basis: BilingualTextSchema,
    /** The fields the rule reads (at least those its expressions read), so the extension knows what to open. */
    needs: z.array(FieldNameSchema).min(1).max(CHECK_FIELDS.length),
    /** The dossiers the rule applies to; absent = every dossier. */
    when: CheckConditionSchema.optional(),
    /** True when the dossier violates the rule. */
    violation: CheckConditionSchema,
    /** Values computed for the message and the facts: `{ "days_late": { "late_by": … } }`. */
    report: z
      .record(ReportNameSchema, ReportOperandSchema)
      .refine((r) => Object.keys(r).length <= 10, { message: 'at most 10 report values' })
      .optional(),
    undecidable: CheckUndecidableSchema.default({ report_as: 'undecidable' }),
  })
  .superRefine((rule, ctx) => {
    const needs = new Set<string>(rule.needs);
    if (needs.size !== rule.needs.length) ctx.addIssue({ code: 'custom', path: ['needs'], message: 'a field is listed twice' });
    const read = checkFieldsReadBy(rule);
    const unlisted = read.filter((f) => !needs.has(f));
    if (unlisted.length > 0) ctx.addIssue({ code: 'custom', path: ['needs'], message: `the rule reads ${unlisted.join(', ')}: list them in needs` });
    const reportNames = Object.keys(rule.report ?? {});
    for (const name of reportNames) {
      if ((CHECK_FIELDS as readonly string[]).includes(name) || (CHECK_MESSAGE_NAMES as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['report', name], message: `${name} is a field or message name: choose another` });
      }
    }
    const known = new Set<string>([...rule.needs, ...reportNames, ...CHECK_MESSAGE_NAMES]);
    const texts: Array<[Array<string | number>, string]> = [
      [['explanation', 'vi'], rule.explanation.vi],
      [['explanation', 'en'], rule.explanation.en],
    ];
    if (rule.undecidable.explanation) {
      texts.push([['undecidable', 'explanation', 'vi'], rule.undecidable.explanation.vi]);
      texts.push([['undecidable', 'explanation', 'en'], rule.undecidable.explanation.en]);
    }
    for (const [path, message] of texts) {
      const parsed = checkMessagePlaceholders(message);
      if ('problem' in parsed) {
        ctx.addIssue({ code: 'custom', path, message: parsed.problem });
        continue;
      }
      for (const name of parsed.names) {
        if (!known.has(name)) ctx.addIssue({ code: 'custom', path, message: `{${name}} is not a field in needs, a report value, as_of or missing` });
      }
    }
  });

/** Measures `when`, `violation` and the report values of a raw rule before its structure is parsed. */
function ruleBounds(raw: unknown, ctx: z.RefinementCtx): void {
  if (!isPlainObject(raw)) return;
  let nodes = 0;
  const parts: Array<[Array<string>, unknown]> = [];
  if (raw.when !== undefined) parts.push([['when'], raw.when]);
  if (raw.violation !== undefined) parts.push([['violation'], raw.violation]);
  if (isPlainObject(raw.report)) {
    const keys = Object.keys(raw.report);
    if (keys.length > 10) {
      ctx.addIssue({ code: 'custom', path: ['report'], message: 'at most 10 report values' });
      return;
    }
    for (const key of keys) parts.push([['report', key], raw.report[key]]);
  }
  for (const [path, part] of parts) {
    const bound = measureCheckExpression(part, MAX_CHECK_RULE_NODES - nodes);
    if (!bound.ok) {
      const message = bound.reason === 'nodes' ? `more than ${MAX_CHECK_RULE_NODES} conditions and operands in the rule (when, violation and report together)` : bound.message;
      ctx.addIssue({ code: 'custom', path, message });
      return;
    }
    nodes += bound.nodes;
  }
}

/** One rule. Its expressions are measured first (depth ≤ 8, ≤ 200 nodes), then parsed. */
export const CheckRuleSchema = z.unknown().superRefine(ruleBounds).pipe(CheckRuleObjectSchema);
export type CheckRule = z.infer<typeof CheckRuleObjectSchema>;
/** A rule as written (defaults not applied). */
export type CheckRuleInput = z.input<typeof CheckRuleObjectSchema>;

const CheckRuleSetObjectSchema = z
  .strictObject({
    id: CheckRuleIdSchema,
    version: z.number().int().min(1),
    /** The checklist the rules' item codes belong to, and its version (the `version` of its import file). */
    checklist_code: CodeSchema,
    checklist_version: z.number().int().min(1),
    title: BilingualLineSchema,
    rules: z.array(CheckRuleSchema).min(1).max(MAX_CHECK_RULES),
  })
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.rules.forEach((rule, index) => {
      if (typeof rule !== 'object' || rule === null) return;
      const first = seen.get(rule.id);
      if (first === undefined) seen.set(rule.id, index);
      else ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id ${rule.id} (first at rules[${first}])` });
    });
  });

/** A versioned set of rules for one checklist version. At most 200 rules, counted before any is parsed. */
export const CheckRuleSetSchema = z
  .unknown()
  .superRefine((raw, ctx) => {
    if (isPlainObject(raw) && Array.isArray(raw.rules) && raw.rules.length > MAX_CHECK_RULES) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: `at most ${MAX_CHECK_RULES} rules` });
    }
  })
  .pipe(CheckRuleSetObjectSchema);
export type CheckRuleSet = z.infer<typeof CheckRuleSetObjectSchema>;

/**
 * Problems of a rule set against the checklist version it names: a different checklist or version, or item codes
 * the version does not have. The schema cannot know the checklist, so whoever stores or loads a rule set calls this
 * with the pinned version (the shipped set is checked against `data/checklist-iso9001-one-stop-shop.json` in tests).
 */
export function checkRuleSetAgainstChecklist(
  set: Pick<CheckRuleSet, 'checklist_code' | 'checklist_version' | 'rules'>,
  checklist: { code: string; version: number; items: ReadonlyArray<{ code: string }> },
): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (set.checklist_code !== checklist.code) problems.push({ path: '$.checklist_code', message: `the checklist is ${checklist.code}, not ${set.checklist_code}` });
  if (set.checklist_version !== checklist.version) {
    problems.push({ path: '$.checklist_version', message: `the checklist's version is ${checklist.version}, not ${set.checklist_version}` });
  }
  const codes = new Set(checklist.items.map((i) => i.code));
  set.rules.forEach((rule, index) => {
    if (!codes.has(rule.item_code)) problems.push({ path: `$.rules[${index}].item_code`, message: `${rule.item_code} is not an item of ${checklist.code} version ${checklist.version}` });
  });
  return problems;
}
