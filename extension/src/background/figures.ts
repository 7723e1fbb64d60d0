// Verification of reported figures from a sweep (issue 14): the unit reported how many dossiers it resolved in a
// period and how many of them early or on time; the server drew a reproducible sample of positions in the frame (the
// codes of the period's resolved dossiers, sorted). A sweep over the unit's list read those dossiers: here the frame is
// built from what it read, each drawn position is looked up, and its outcome (early, on time, late, or undecidable)
// comes from the `returned-late` rule's verdict and the dates. A frame whose size is not the reported count is not
// used: that difference is itself what the inspector must see.
import { samplingFrame, type CheckResult, type SampledOutcome } from '@onestop/shared';
import type { SweepRecord } from './sweep.ts';

/** Statuses of a dossier that has its result (returned, or ready to be returned). */
const RESOLVED = new Set(['returned', 'awaiting_return']);

/** The local date (YYYY-MM-DD) of an instant in a time zone, or null. */
export function localDate(instant: unknown, timeZone: string): string | null {
  if (typeof instant !== 'string') return null;
  const t = Date.parse(instant);
  if (Number.isNaN(t)) return null;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** When the dossier was resolved: finished, else returned. */
const resolvedAt = (r: SweepRecord) => (typeof r.fields.finished_at === 'string' ? r.fields.finished_at : typeof r.fields.returned_at === 'string' ? r.fields.returned_at : null);

/** The swept dossiers resolved within [from, to] (local dates), by their codes. */
export function resolvedInPeriod(records: readonly SweepRecord[], period: { from: string; to: string }, timeZone: string): Map<string, SweepRecord> {
  const out = new Map<string, SweepRecord>();
  for (const r of records) {
    if (typeof r.fields.status !== 'string' || !RESOLVED.has(r.fields.status)) continue;
    const day = localDate(resolvedAt(r), timeZone);
    if (day !== null && day >= period.from && day <= period.to) out.set(r.code, r);
  }
  return out;
}

/**
 * A resolved dossier's outcome: late when `returned-late` finds it returned after the appointment in force; early
 * when it passes and was resolved on a day before the appointment's; on time when it passes otherwise; undecidable
 * when the rule could not tell.
 */
export function sampledOutcome(record: SweepRecord, results: readonly CheckResult[], timeZone: string): SampledOutcome {
  const rule = results.find((r) => r.rule_id === 'returned-late');
  if (rule?.outcome === 'violation') return 'late';
  if (rule?.outcome !== 'pass') return 'undecidable';
  const due = typeof record.fields.new_due_at === 'string' ? record.fields.new_due_at : record.fields.due_at;
  const done = localDate(resolvedAt(record), timeZone);
  const dueDay = localDate(due, timeZone);
  return done !== null && dueDay !== null && done < dueDay ? 'early' : 'on_time';
}

export type FiguresSample =
  | { ok: true; frame: number; results: { position: number; dossier_code: string; outcome: SampledOutcome }[] }
  | { ok: false; frame: number; population: number };

/** The drawn positions' dossiers and outcomes, or the frame's size when it is not the reported population. */
export function figuresSample(
  records: readonly SweepRecord[],
  evaluate: (r: SweepRecord) => readonly CheckResult[],
  plan: { population: number; positions: readonly number[] },
  period: { from: string; to: string },
  timeZone: string,
): FiguresSample {
  const resolved = resolvedInPeriod(records, period, timeZone);
  const frame = samplingFrame(resolved.keys());
  if (frame.length !== plan.population) return { ok: false, frame: frame.length, population: plan.population };
  const results = plan.positions.flatMap((position) => {
    const code = frame[position - 1];
    const rec = code === undefined ? undefined : resolved.get(code);
    return code === undefined || !rec ? [] : [{ position, dossier_code: code, outcome: sampledOutcome(rec, evaluate(rec), timeZone) }];
  });
  return { ok: true, frame: frame.length, results };
}
