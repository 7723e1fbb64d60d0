// Evaluates the declarative dossier checks of schemas/checks.ts on one dossier (issue 14). Pure and deterministic:
// the time is the dossier's `as_of`, never the clock. Zod-free, so the checks chunk stays small. Three-valued: a test
// on a field that was not read, or is empty, is unknown, and an unknown violation is reported as the rule says,
// never as a pass.
import type { WorkingCalendar } from '../calendar/types.ts';
import { CHECK_NUMBER_FIELDS, CHECK_TIME_FIELDS } from './fields.ts';
import type {
  CheckCondition,
  CheckDossier,
  CheckField,
  CheckNumberField,
  CheckNumberOperand,
  CheckReportOperand,
  CheckRule,
  CheckRuleSet,
  CheckTimeField,
  CheckTimeOperand,
  CheckTimePrecision,
} from '../../schemas/checks.ts';
import type { Result } from '../../schemas/enums.ts';

export type CheckOutcome = 'pass' | 'violation' | 'not_applicable' | 'undecidable';
export type CheckFactValue = string | number | boolean | null;

/** What one rule says about one dossier. */
export interface CheckResult {
  outcome: CheckOutcome;
  rule_id: string;
  rule_version: number;
  item_code: string;
  /** The finding result the rule suggests for a violation. */
  suggests: Result;
  message: { vi: string; en: string };
  /**
   * The values used: every field in the rule's `needs` (a list as its length, a field not read as null), `as_of`,
   * and the rule's report values (times as ISO instants or local dates, null when they could not be computed).
   */
  facts: Record<string, CheckFactValue>;
  /**
   * When the outcome was undecidable (`undecided`): the fields that were not read or are empty and left it open, or
   * `calendar` when the working-day calendar could not answer. Empty otherwise.
   */
  missing: string[];
  /** True when the outcome comes from the rule's `undecidable` setting, not from the data. */
  undecided: boolean;
  /** The time open dossiers were judged against (the page's "as of" time or the capture time). */
  as_of: string;
}

/** Every rule of a set on one dossier. */
export interface CheckRun {
  rule_set_id: string;
  rule_set_version: number;
  checklist_code: string;
  checklist_version: number;
  dossier_code: string | null;
  as_of: string;
  results: CheckResult[];
}

// ── Times ──────────────────────────────────────────────────────────────────────────────────────────────────────

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving). */
const OFFSET_MIN = 7 * 60;

/**
 * The office hours `counting_start` uses, local time: the one-stop convention of the calendar module
 * (`DEFAULT_DUE_CONVENTION` in calendar/working-days.ts, 07:30–17:00; a test keeps the two equal). A time at or after
 * closing, or on a day off, starts to count at the next working day's opening; before opening on a working day, at
 * that day's opening.
 */
export const CHECK_OFFICE_HOURS = { opens: '07:30', closes: '17:00' } as const;
const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const OPENS_MIN = minuteOfDay(CHECK_OFFICE_HOURS.opens);
const CLOSES_MIN = minuteOfDay(CHECK_OFFICE_HOURS.closes);

/** A time: the UTC minute of an instant (null for a date without an hour) and its local day (days since 1970-01-01). */
interface Time {
  minute: number | null;
  day: number;
}

/** The fields that hold times and numbers. */
const TIME_FIELDS: ReadonlySet<string> = new Set(CHECK_TIME_FIELDS);
const NUMBER_FIELDS: ReadonlySet<string> = new Set(CHECK_NUMBER_FIELDS);

function parseMoment(value: unknown): Time | null {
  if (typeof value !== 'string') return null;
  if (value.length === 10) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(ms) ? null : { minute: null, day: Math.floor(ms / DAY_MS) };
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const minute = Math.floor(ms / MINUTE_MS);
  return { minute, day: Math.floor((minute + OFFSET_MIN) / 1440) };
}

const dayToDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const pad = (n: number) => String(n).padStart(2, '0');

/** `dd/MM/yyyy HH:mm` in Vietnam for an instant, `dd/MM/yyyy` for a date. */
function formatTime(t: Time): string {
  if (t.minute === null) {
    const d = new Date(t.day * DAY_MS);
    return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
  }
  const d = new Date((t.minute + OFFSET_MIN) * MINUTE_MS);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const timeToFact = (t: Time) => (t.minute === null ? dayToDate(t.day) : new Date(t.minute * MINUTE_MS).toISOString());

/**
 * Compares two times: exact to the minute, or by local date when asked (`by: "day"`) or when either has no hour (a
 * date means the whole local day, so 15:00 on the due date is not after a due date without an hour).
 */
function compareTimes(a: Time, b: Time, by: CheckTimePrecision | undefined): number {
  if (by === 'day' || a.minute === null || b.minute === null) return a.day - b.day;
  return a.minute - b.minute;
}

// ── Evaluation context ─────────────────────────────────────────────────────────────────────────────────────────

/** Three-valued truth: false, true, unknown. */
const F = 0;
const T = 1;
const U = 2;
type Tri = typeof F | typeof T | typeof U;
interface Verdict {
  v: Tri;
  /** For unknown: the fields that made it so. */
  missing: readonly string[];
}
const NONE: readonly string[] = [];
const FALSE: Verdict = { v: F, missing: NONE };
const TRUE: Verdict = { v: T, missing: NONE };
const CALENDAR = ['calendar'] as const;
/** A tree the schema would refuse (an unvalidated rule): unknown, never an exception. */
const BROKEN = ['rule'] as const;
/** Deeper than any valid rule (8): guards the recursion against unvalidated input. */
const MAX_DEPTH = 32;

/** A time or number, or the fields whose absence left it unknown. */
type Missing = readonly string[];
const isMissing = (x: unknown): x is Missing => Array.isArray(x);

interface Ctx {
  dossier: CheckDossier;
  calendar: WorkingCalendar;
  asOf: Time | null;
  times: Map<string, Time | null>;
  workdays: Map<string, number | null>;
}

function context(dossier: CheckDossier, calendar: WorkingCalendar): Ctx {
  return { dossier, calendar, asOf: parseMoment(dossier.as_of), times: new Map(), workdays: new Map() };
}

const field = (ctx: Ctx, name: string): unknown => (ctx.dossier as Record<string, unknown>)[name];

function fieldTime(ctx: Ctx, name: string): Time | Missing {
  let t = ctx.times.get(name);
  if (t === undefined) {
    t = parseMoment(field(ctx, name));
    ctx.times.set(name, t);
  }
  return t ?? [name];
}

/** The calendar's answer, or null when it fails (a year it does not cover): the evaluation never throws. */
function addWorkingDays(ctx: Ctx, day: number, n: number): number | null {
  const key = `+${day}:${n}`;
  let out = ctx.workdays.get(key);
  if (out === undefined) {
    try {
      const t = parseMoment(ctx.calendar.addWorkingDays(dayToDate(day), n));
      out = t === null || t.minute !== null ? null : t.day;
    } catch {
      out = null;
    }
    ctx.workdays.set(key, out);
  }
  return out;
}

/** Whether a local day is a working day, or null when the calendar fails. */
function isWorkingDay(ctx: Ctx, day: number): boolean | null {
  const key = `w${day}`;
  let out = ctx.workdays.get(key);
  if (out === undefined) {
    try {
      out = ctx.calendar.isWorkingDay(dayToDate(day)) ? 1 : 0;
    } catch {
      out = null;
    }
    ctx.workdays.set(key, out);
  }
  return out === null ? null : out === 1;
}

/**
 * When a time starts to count under the office hours: itself during them on a working day, that day's opening before
 * them, else the next working day's opening. A date without an hour counts from itself if a working day, else from
 * the next one (still a date).
 */
function countingStart(ctx: Ctx, t: Time): Time | Missing {
  if (t.minute === null) {
    const day = addWorkingDays(ctx, t.day, 0);
    return day === null ? CALENDAR : { minute: null, day };
  }
  const timeOfDay = t.minute + OFFSET_MIN - t.day * 1440;
  const working = isWorkingDay(ctx, t.day);
  if (working === null) return CALENDAR;
  if (working && timeOfDay < CLOSES_MIN) return { minute: t.minute + Math.max(0, OPENS_MIN - timeOfDay), day: t.day };
  const next = addWorkingDays(ctx, t.day, 1);
  return next === null ? CALENDAR : { minute: next * 1440 + OPENS_MIN - OFFSET_MIN, day: next };
}

function workingDaysBetween(ctx: Ctx, from: number, to: number): number | null {
  if (to <= from) return 0;
  const key = `${from}>${to}`;
  let out = ctx.workdays.get(key);
  if (out === undefined) {
    try {
      const n = ctx.calendar.workingDaysBetween(dayToDate(from), dayToDate(to));
      out = Number.isFinite(n) && n >= 0 ? n : null;
    } catch {
      out = null;
    }
    ctx.workdays.set(key, out);
  }
  return out;
}

const union = (a: readonly string[], b: readonly string[]): readonly string[] => (a.length === 0 ? b : b.length === 0 ? a : [...a, ...b]);

// ── Operands ───────────────────────────────────────────────────────────────────────────────────────────────────

function evalTime(op: CheckTimeOperand, ctx: Ctx, depth: number): Time | Missing {
  if (typeof op === 'string') {
    if (op === 'as_of') return ctx.asOf ?? ['as_of'];
    return TIME_FIELDS.has(op) ? fieldTime(ctx, op) : BROKEN;
  }
  if (depth > MAX_DEPTH || typeof op !== 'object' || op === null) return BROKEN;
  if ('working_days_after' in op) {
    const base = evalTime(op.working_days_after, ctx, depth + 1);
    const n = evalNumber(op.days, ctx, depth + 1);
    if (isMissing(base) || isMissing(n)) return union(isMissing(base) ? base : NONE, isMissing(n) ? n : NONE);
    // Half a working day rounds up: the later date never makes a dossier late that the law does not.
    const days = Math.ceil(n);
    if (!(days >= 0 && days <= 2600)) return typeof op.days === 'string' ? [op.days] : BROKEN;
    const day = addWorkingDays(ctx, base.day, days);
    return day === null ? CALENDAR : { minute: null, day };
  }
  if ('counting_start' in op) {
    const base = evalTime(op.counting_start, ctx, depth + 1);
    return isMissing(base) ? base : countingStart(ctx, base);
  }
  if ('if' in op) {
    const c = evalCond(op.if, ctx, depth + 1);
    if (c.v === T) return evalTime(op.then, ctx, depth + 1);
    if (c.v === F) return evalTime(op.else, ctx, depth + 1);
    // Unknown condition: still known when both branches give the same time.
    const a = evalTime(op.then, ctx, depth + 1);
    const b = evalTime(op.else, ctx, depth + 1);
    if (!isMissing(a) && !isMissing(b) && a.minute === b.minute && a.day === b.day) return a;
    return union(c.missing, union(isMissing(a) ? a : NONE, isMissing(b) ? b : NONE));
  }
  return BROKEN;
}

function evalNumber(op: CheckNumberOperand, ctx: Ctx, depth: number): number | Missing {
  if (typeof op === 'number') return Number.isFinite(op) ? op : BROKEN;
  if (typeof op === 'string') {
    const v = field(ctx, op);
    return NUMBER_FIELDS.has(op) && typeof v === 'number' && Number.isFinite(v) ? v : [op];
  }
  if (depth > MAX_DEPTH || typeof op !== 'object' || op === null) return BROKEN;
  if ('count' in op) {
    const v = field(ctx, op.count);
    if (v === null) return 0;
    return Array.isArray(v) ? v.length : [op.count];
  }
  if ('late_by' in op) {
    const of = evalTime(op.late_by, ctx, depth + 1);
    const against = evalTime(op.against, ctx, depth + 1);
    if (isMissing(of) || isMissing(against)) return union(isMissing(of) ? of : NONE, isMissing(against) ? against : NONE);
    if (op.unit === 'minutes') {
      // A date without an hour: `of` counts from its first minute, `against` (a deadline) to its last.
      const ofMin = of.minute ?? of.day * 1440 - OFFSET_MIN;
      const againstMin = against.minute ?? (against.day + 1) * 1440 - OFFSET_MIN - 1;
      return Math.max(0, ofMin - againstMin);
    }
    if (op.unit === 'days') return Math.max(0, of.day - against.day);
    if (op.unit === 'working_days') return workingDaysBetween(ctx, against.day, of.day) ?? CALENDAR;
    return BROKEN;
  }
  return BROKEN;
}

// ── Conditions ─────────────────────────────────────────────────────────────────────────────────────────────────

const unknown = (missing: readonly string[]): Verdict => ({ v: U, missing });
const truth = (b: boolean): Verdict => (b ? TRUE : FALSE);

function presence(ctx: Ctx, name: string): Verdict {
  const v = field(ctx, name);
  if (v === undefined) return unknown([name]);
  if (v === null) return FALSE;
  if (Array.isArray(v) || typeof v === 'string') return truth(v.length > 0);
  return TRUE;
}

function compareTimeCondition(pair: [CheckTimeOperand, CheckTimeOperand], ctx: Ctx, depth: number, test: (cmp: number) => boolean, by?: CheckTimePrecision): Verdict {
  if (!Array.isArray(pair)) return unknown(BROKEN);
  const a = evalTime(pair[0], ctx, depth + 1);
  const b = evalTime(pair[1], ctx, depth + 1);
  if (isMissing(a) || isMissing(b)) return unknown(union(isMissing(a) ? a : NONE, isMissing(b) ? b : NONE));
  return truth(test(compareTimes(a, b, by)));
}

function compareNumberCondition(pair: [CheckNumberOperand, CheckNumberOperand], ctx: Ctx, depth: number, test: (a: number, b: number) => boolean): Verdict {
  if (!Array.isArray(pair)) return unknown(BROKEN);
  const a = evalNumber(pair[0], ctx, depth + 1);
  const b = evalNumber(pair[1], ctx, depth + 1);
  if (isMissing(a) || isMissing(b)) return unknown(union(isMissing(a) ? a : NONE, isMissing(b) ? b : NONE));
  return truth(test(a, b));
}

function evalCond(c: CheckCondition, ctx: Ctx, depth: number): Verdict {
  if (depth > MAX_DEPTH || typeof c !== 'object' || c === null) return unknown(BROKEN);
  if ('all' in c || 'any' in c) {
    const isAll = 'all' in c;
    const list: unknown = isAll ? (c as { all: unknown }).all : (c as { any: unknown }).any;
    if (!Array.isArray(list)) return unknown(BROKEN);
    // all: false wins, any: true wins; otherwise unknown if any operand is, with the operands' missing fields.
    const decisive = isAll ? F : T;
    let missing: string[] | null = null;
    for (const x of list as CheckCondition[]) {
      const r = evalCond(x, ctx, depth + 1);
      if (r.v === decisive) return r.v === F ? FALSE : TRUE;
      if (r.v === U) (missing ??= []).push(...r.missing);
    }
    if (missing !== null) return unknown(missing);
    return isAll ? TRUE : FALSE;
  }
  if ('not' in c) {
    const r = evalCond(c.not, ctx, depth + 1);
    return r.v === U ? r : r.v === T ? FALSE : TRUE;
  }
  if ('unknown_as' in c) {
    const r = evalCond(c.cond, ctx, depth + 1);
    return r.v === U ? truth(c.unknown_as === true) : r;
  }
  if ('present' in c) return presence(ctx, c.present);
  if ('missing' in c) {
    const r = presence(ctx, c.missing);
    return r.v === U ? r : r.v === T ? FALSE : TRUE;
  }
  if ('before' in c) return compareTimeCondition(c.before, ctx, depth, (x) => x < 0, c.by);
  if ('after' in c) return compareTimeCondition(c.after, ctx, depth, (x) => x > 0, c.by);
  if ('at_or_before' in c) return compareTimeCondition(c.at_or_before, ctx, depth, (x) => x <= 0, c.by);
  if ('at_or_after' in c) return compareTimeCondition(c.at_or_after, ctx, depth, (x) => x >= 0, c.by);
  if ('same_local_day' in c) return compareTimeCondition(c.same_local_day, ctx, depth, (x) => x === 0, 'day');
  if ('status_in' in c) {
    const s = field(ctx, 'status');
    if (s === undefined || s === null) return unknown(['status']);
    return truth(Array.isArray(c.status_in) && (c.status_in as unknown[]).includes(s));
  }
  if ('equals' in c) {
    if (!Array.isArray(c.equals)) return unknown(BROKEN);
    const [name, expected] = c.equals;
    const v = field(ctx, name);
    if (v === undefined || v === null) return unknown([name]);
    return truth(v === expected);
  }
  if ('more_than' in c) return compareNumberCondition(c.more_than, ctx, depth, (a, b) => a > b);
  if ('at_least' in c) return compareNumberCondition(c.at_least, ctx, depth, (a, b) => a >= b);
  if ('less_than' in c) return compareNumberCondition(c.less_than, ctx, depth, (a, b) => a < b);
  if ('at_most' in c) return compareNumberCondition(c.at_most, ctx, depth, (a, b) => a <= b);
  if ('exactly' in c) return compareNumberCondition(c.exactly, ctx, depth, (a, b) => a === b);
  return unknown(BROKEN);
}

// ── Messages ───────────────────────────────────────────────────────────────────────────────────────────────────

type Lang = 'vi' | 'en';

/** Field names as the messages show them (`missing` lists, placeholders of fields that hold a code). */
const FIELD_LABELS: Record<Lang, Record<CheckField | 'as_of' | 'calendar' | 'rule', string>> = {
  vi: {
    dossier_code: 'mã hồ sơ',
    procedure: 'tên thủ tục',
    procedure_code: 'mã thủ tục',
    channel: 'hình thức nộp',
    status: 'trạng thái',
    submitted_at: 'thời điểm nộp trực tuyến',
    received_at: 'ngày tiếp nhận',
    statutory_days: 'thời hạn giải quyết',
    due_at: 'ngày hẹn trả',
    finished_at: 'ngày có kết quả',
    returned_at: 'ngày trả kết quả',
    apology_issued: 'văn bản xin lỗi',
    apology_issued_at: 'ngày văn bản xin lỗi',
    new_due_at: 'ngày hẹn lại',
    apology_count: 'số lần hẹn lại',
    supplement_requests: 'các lần yêu cầu bổ sung',
    as_of: 'thời điểm xem',
    calendar: 'lịch ngày làm việc',
    rule: 'quy tắc không hợp lệ',
  },
  en: {
    dossier_code: 'dossier code',
    procedure: 'procedure',
    procedure_code: 'procedure code',
    channel: 'channel',
    status: 'status',
    submitted_at: 'online submission time',
    received_at: 'received time',
    statutory_days: 'statutory time limit',
    due_at: 'appointment (due) date',
    finished_at: 'finished time',
    returned_at: 'returned time',
    apology_issued: 'apology letter',
    apology_issued_at: 'apology letter date',
    new_due_at: 'new appointment date',
    apology_count: 'number of apology letters',
    supplement_requests: 'supplement requests',
    as_of: 'as-of time',
    calendar: 'working-day calendar',
    rule: 'invalid rule',
  },
};

const VALUE_LABELS: Record<Lang, Record<string, string>> = {
  vi: {
    awaiting_intake: 'Chờ tiếp nhận',
    received: 'Mới tiếp nhận',
    processing: 'Đang xử lý',
    overdue: 'Quá hạn',
    supplement_requested: 'Chờ bổ sung',
    awaiting_return: 'Chờ trả kết quả',
    returned: 'Đã trả kết quả',
    refused: 'Từ chối',
    stopped: 'Dừng xử lý',
    withdrawn: 'Rút hồ sơ',
    in_person: 'Trực tiếp',
    online: 'Trực tuyến',
    postal: 'Bưu chính',
  },
  en: {
    awaiting_intake: 'awaiting intake',
    received: 'received',
    processing: 'processing',
    overdue: 'overdue',
    supplement_requested: 'supplement requested',
    awaiting_return: 'awaiting return',
    returned: 'returned',
    refused: 'refused',
    stopped: 'stopped',
    withdrawn: 'withdrawn',
    in_person: 'in person',
    online: 'online',
    postal: 'postal',
  },
};
const NOTHING: Record<Lang, string> = { vi: 'không có', en: 'none' };
const YES_NO: Record<Lang, [string, string]> = { vi: ['có', 'không'], en: ['yes', 'no'] };

const label = (lang: Lang, name: string) => (FIELD_LABELS[lang] as Record<string, string>)[name] ?? name;

function showField(ctx: Ctx, name: string, lang: Lang): string {
  const v = field(ctx, name);
  if (v === undefined || v === null) return NOTHING[lang];
  if (TIME_FIELDS.has(name)) {
    const t = fieldTime(ctx, name);
    return isMissing(t) ? NOTHING[lang] : formatTime(t);
  }
  if (typeof v === 'boolean') return YES_NO[lang][v ? 0 : 1];
  if (Array.isArray(v)) return String(v.length);
  if (typeof v === 'string') return (name === 'status' || name === 'channel' ? VALUE_LABELS[lang][v] : undefined) ?? v;
  return String(v);
}

type Computed = Time | number | Missing;

function showComputed(value: Computed, lang: Lang): string {
  if (isMissing(value)) return NOTHING[lang];
  return typeof value === 'number' ? String(value) : formatTime(value);
}

function render(template: string, lang: Lang, lookup: (name: string, lang: Lang) => string): string {
  return template.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, name: string) => lookup(name, lang));
}

const isNumberOperand = (op: CheckReportOperand): op is CheckNumberOperand =>
  typeof op === 'number' || (typeof op === 'string' && NUMBER_FIELDS.has(op)) || (typeof op === 'object' && op !== null && ('count' in op || 'late_by' in op));

// ── Rules ──────────────────────────────────────────────────────────────────────────────────────────────────────

function evaluateWith(rule: CheckRule, ctx: Ctx): CheckResult {
  const when = rule.when === undefined ? TRUE : evalCond(rule.when, ctx, 0);
  let outcome: CheckOutcome;
  let undecided = false;
  let missing: readonly string[] = NONE;
  if (when.v === F) outcome = 'not_applicable';
  else {
    const violation = evalCond(rule.violation, ctx, 0);
    if (when.v === T && violation.v !== U) outcome = violation.v === T ? 'violation' : 'pass';
    else {
      undecided = true;
      missing = union(when.v === U ? when.missing : NONE, violation.v === U ? violation.missing : NONE);
      const report = rule.undecidable?.report_as ?? 'undecidable';
      // Missing data never turns a dossier into a violation when the violation itself is false.
      outcome = report === 'violation' && violation.v === F ? 'undecidable' : report;
    }
  }
  const missingList = [...new Set(missing)];

  const computed = new Map<string, Computed>();
  for (const [name, op] of Object.entries(rule.report ?? {})) {
    computed.set(name, isNumberOperand(op) ? evalNumber(op, ctx, 0) : evalTime(op, ctx, 0));
  }

  const facts: Record<string, CheckFactValue> = {};
  for (const name of rule.needs) {
    const v = field(ctx, name);
    facts[name] = v === undefined || v === null ? null : Array.isArray(v) ? v.length : (v as CheckFactValue);
  }
  facts.as_of = ctx.dossier.as_of;
  for (const [name, value] of computed) facts[name] = isMissing(value) ? null : typeof value === 'number' ? value : timeToFact(value);

  const lookup = (name: string, lang: Lang): string => {
    if (name === 'missing') return missingList.length === 0 ? NOTHING[lang] : missingList.map((m) => label(lang, m)).join(', ');
    if (name === 'as_of') return ctx.asOf === null ? NOTHING[lang] : formatTime(ctx.asOf);
    const value = computed.get(name);
    if (value !== undefined) return showComputed(value, lang);
    return showField(ctx, name, lang);
  };
  let message: { vi: string; en: string };
  if (undecided) {
    const text = rule.undecidable?.explanation;
    message = text
      ? { vi: render(text.vi, 'vi', lookup), en: render(text.en, 'en', lookup) }
      : {
          vi: `Chưa kết luận được “${rule.title.vi}”: thiếu ${lookup('missing', 'vi')}.`,
          en: `Cannot decide “${rule.title.en}”: ${lookup('missing', 'en')} not available.`,
        };
  } else if (outcome === 'violation') message = { vi: render(rule.explanation.vi, 'vi', lookup), en: render(rule.explanation.en, 'en', lookup) };
  else if (outcome === 'pass') message = { vi: `Đạt: ${rule.title.vi}`, en: `Passed: ${rule.title.en}` };
  else message = { vi: `Không áp dụng: ${rule.title.vi}`, en: `Not applicable: ${rule.title.en}` };

  return {
    outcome,
    rule_id: rule.id,
    rule_version: rule.version,
    item_code: rule.item_code,
    suggests: rule.suggests,
    message,
    facts,
    missing: missingList,
    undecided,
    as_of: ctx.dossier.as_of,
  };
}

/** One rule on one dossier (a schema-valid rule; an invalid one gives `undecidable`, never an exception). */
export function evaluateRule(rule: CheckRule, dossier: CheckDossier, calendar: WorkingCalendar): CheckResult {
  return evaluateWith(rule, context(dossier, calendar));
}

/** Every rule of a set on one dossier, in the set's order. */
export function evaluateRules(ruleSet: CheckRuleSet, dossier: CheckDossier, calendar: WorkingCalendar): CheckRun {
  const ctx = context(dossier, calendar);
  return {
    rule_set_id: ruleSet.id,
    rule_set_version: ruleSet.version,
    checklist_code: ruleSet.checklist_code,
    checklist_version: ruleSet.checklist_version,
    dossier_code: typeof dossier.dossier_code === 'string' ? dossier.dossier_code : null,
    as_of: dossier.as_of,
    results: ruleSet.rules.map((rule) => evaluateWith(rule, ctx)),
  };
}

/** A rule set on many dossiers (a sweep over list pages; what the benchmark times). */
export function evaluateDossiers(ruleSet: CheckRuleSet, dossiers: readonly CheckDossier[], calendar: WorkingCalendar): CheckRun[] {
  return dossiers.map((d) => evaluateRules(ruleSet, d, calendar));
}
