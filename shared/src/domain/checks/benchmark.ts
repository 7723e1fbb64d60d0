// Timing the dossier checks against DESIGN section 10's budget (≤ 1 ms per dossier): deterministic dossiers of every
// case the shipped rules look at, and a timer around evaluateRules. The caller passes the clock (performance.now in
// the bench) and the calendar; nothing here reads the time itself, and no test asserts a duration.
import type { WorkingCalendar } from '../calendar/types.ts';
import type { CanonicalStatus } from '../profile-fields.ts';
import type { CheckDossier, CheckRuleSet } from '../../schemas/checks.ts';
import { evaluateRules, type CheckOutcome } from './evaluate.ts';

/** mulberry32: a small seeded generator, so the same seed gives the same dossiers everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 6, 1, 1, 0); // 1 July 2025, 08:00 in Vietnam

/**
 * `count` dossiers as a sweep reads them: mostly detail screens (every field), some list rows (no apology or
 * supplement fields), in every case the rules look at (returned early, on time, late with and without an apology,
 * open in term and overdue, no appointment, online intake, supplements). Times as ISO instants; `as_of` per dossier.
 */
export function benchmarkDossiers(count: number, seed = 14): CheckDossier[] {
  const next = generator(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const iso = (ms: number) => new Date(ms - (ms % 60_000)).toISOString();
  const out: CheckDossier[] = [];
  for (let i = 0; i < count; i++) {
    const received = START + Math.floor(next() * 480) * DAY + Math.floor(next() * 9 * HOUR);
    const days = pick([1, 3, 5, 7, 10, 15]);
    const due = received + Math.ceil(days * 1.4) * DAY;
    const kind = pick(['early', 'on_time', 'late', 'late_apology', 'open', 'overdue', 'no_due', 'online_waiting', 'supplement', 'refused'] as const);
    const asOf = due + Math.floor((next() - 0.3) * 10 * DAY);
    const returned = kind === 'early' ? due - 2 * DAY : kind === 'on_time' ? due : kind === 'late' || kind === 'late_apology' ? due + Math.floor(next() * 5 * DAY) + 25 * 60_000 : null;
    const status: CanonicalStatus =
      kind === 'open' || kind === 'no_due'
        ? 'processing'
        : kind === 'overdue'
          ? 'overdue'
          : kind === 'online_waiting'
            ? 'awaiting_intake'
            : kind === 'supplement'
              ? 'supplement_requested'
              : kind === 'refused'
                ? 'refused'
                : 'returned';
    const apology = kind === 'late_apology' || (kind === 'overdue' && next() < 0.5);
    const d: CheckDossier = {
      dossier_code: `000.00.12.H26-${String(i).padStart(6, '0')}`,
      procedure_code: pick(['1.001193', '2.000720', '1.004873']),
      channel: kind === 'online_waiting' ? 'online' : pick(['in_person', 'online', 'postal'] as const),
      status,
      submitted_at: kind === 'online_waiting' ? iso(received - 3 * DAY) : null,
      received_at: kind === 'online_waiting' ? null : iso(received),
      statutory_days: days,
      due_at: kind === 'no_due' || kind === 'online_waiting' ? null : iso(due),
      finished_at: returned === null ? null : iso(returned - HOUR),
      returned_at: returned === null ? null : iso(returned),
      as_of: iso(Math.max(asOf, returned ?? 0, received + HOUR)),
    };
    if (next() < 0.75) {
      // A detail screen: the apology and supplement sections are shown.
      d.apology_issued = apology;
      d.apology_issued_at = apology ? iso(due - Math.floor(next() * 2 * DAY)) : null;
      d.new_due_at = apology ? iso(due + 3 * DAY) : null;
      d.supplement_requests = kind === 'supplement' ? Array.from({ length: 1 + Math.floor(next() * 2) }, (_, k) => ({ requested_at: iso(received + (k + 1) * DAY) })) : [];
    }
    out.push(d);
  }
  return out;
}

export interface CheckTiming {
  dossiers: number;
  rules: number;
  rounds: number;
  /** Milliseconds per dossier (every rule of the set): the best round and the median round. */
  per_dossier_ms: { best: number; median: number };
  outcomes: Record<CheckOutcome, number>;
}

/**
 * Evaluates the rule set on every dossier `rounds` times (after one warm-up round) and reports the time per dossier.
 * `clock` returns milliseconds (`() => performance.now()`).
 */
export function measureChecks(options: {
  ruleSet: CheckRuleSet;
  calendar: WorkingCalendar;
  dossiers: readonly CheckDossier[];
  clock: () => number;
  rounds?: number;
}): CheckTiming {
  const { ruleSet, calendar, dossiers, clock } = options;
  const rounds = Math.max(1, options.rounds ?? 5);
  const outcomes: Record<CheckOutcome, number> = { pass: 0, violation: 0, not_applicable: 0, undecidable: 0 };
  for (const d of dossiers) for (const r of evaluateRules(ruleSet, d, calendar).results) outcomes[r.outcome] += 1;
  const times: number[] = [];
  for (let k = 0; k < rounds; k++) {
    const t0 = clock();
    for (const d of dossiers) evaluateRules(ruleSet, d, calendar);
    times.push((clock() - t0) / Math.max(1, dossiers.length));
  }
  times.sort((a, b) => a - b);
  return {
    dossiers: dossiers.length,
    rules: ruleSet.rules.length,
    rounds,
    per_dossier_ms: { best: times[0] ?? 0, median: times[Math.floor(times.length / 2)] ?? 0 },
    outcomes,
  };
}
