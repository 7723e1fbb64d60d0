// The ground truth of the demo register for the automated dossier checks (issue 14): which dossiers break which rule
// of the shipped rule set (shared/src/domain/checks/rules-118.ts), from what the generator made of each dossier — its
// case (`scenario`), the anomalies it was given and the generator's own judgement of time (`timeliness`) — never from
// the evaluator. The server answers it at /api/ground-truth, a fixture for tests: no real system has such a route.
//
//   import { groundTruth } from './demo/lib/ground-truth.mjs';
//   groundTruth().dossiers['000.00.12.H26-…'] // → ['overdue-without-apology', 'returned-late']

import { buildPool, DEFAULT_NOW } from './data.mjs';

/** Ids of the shipped check rules the generated dossiers break (both demo systems use them). */
export const RULES = Object.freeze({
  returnedLate: 'returned-late',
  openPastDue: 'open-past-due',
  overdueWithoutApology: 'overdue-without-apology',
  apologyAfterDue: 'apology-after-due',
  apologySameDay: 'apology-less-than-a-day-before-due',
  rescheduledTwice: 'rescheduled-more-than-once',
  receivedWithoutAppointment: 'received-without-appointment',
  beyondStatutoryLimit: 'appointment-beyond-statutory-limit',
  supplementTwice: 'supplement-requested-more-than-once',
  onlineIntakeLate: 'online-intake-late',
});

const OFFSET_MS = 7 * 3_600_000;
const OPEN = new Set(['moi_tiep_nhan', 'dang_xu_ly']);

/**
 * The rules one generated dossier breaks, sorted. What each case and anomaly means (data.mjs makes the dates agree):
 * - a late return (`late_no_apology`; `late_apology` with the apology after the appointment or the return after its
 *   new date) is returned, and finished, after the appointment in force: returned-late; without any apology also
 *   overdue-without-apology. A late return with an apology in time, returned by the new date, breaks nothing.
 * - an open dossier the generator judges overdue (`timeliness` pending_overdue: "Quá hạn N ngày") is open past due
 *   unless an apology sent in time gave it a new date that has not passed (`new_due_passed`): open-past-due, and
 *   without an apology also overdue-without-apology; a result waiting to be collected that was finished after the
 *   appointment, without an apology: overdue-without-apology.
 * - `apology_after_due`: apology-after-due; `apology_same_day` (the letter dated on the appointment's day):
 *   apology-less-than-a-day-before-due.
 * - `no_appointment_date` (the slip's appointment left empty) on a received dossier: received-without-appointment;
 *   whether it is late cannot be told, so no lateness rule.
 * - `due_miscalculated` (one working day beyond the statutory time), shown, without a supplement request:
 *   appointment-beyond-statutory-limit.
 * - `double_supplement`: supplement-requested-more-than-once.
 * - `slow_online_intake` (an online dossier not received by the end of the working day after the one its submission
 *   counts from): online-intake-late.
 * The register never lists more than one apology letter (rescheduled-more-than-once never applies).
 */
export function violationsOf(d) {
  const out = new Set();
  const has = (a) => d.anomalies.includes(a);
  const received = d.receivedAt != null && d.status !== 'cho_tiep_nhan' && d.status !== 'tu_choi';
  if (received && has('no_appointment_date')) out.add(RULES.receivedWithoutAppointment);
  if (d.dueAt != null) {
    const pastDue = d.timeliness === 'pending_overdue';
    if (d.status === 'da_tra_ket_qua') {
      if (d.scenario === 'late_no_apology') out.add(RULES.returnedLate).add(RULES.overdueWithoutApology);
      if (d.scenario === 'late_apology' && (has('apology_after_due') || has('returned_after_new_due'))) out.add(RULES.returnedLate);
    }
    if (OPEN.has(d.status) && pastDue) {
      if (d.apology == null) out.add(RULES.openPastDue).add(RULES.overdueWithoutApology);
      else if (has('apology_after_due') || has('new_due_passed')) out.add(RULES.openPastDue);
    }
    if (d.status === 'cho_tra_ket_qua' && pastDue && d.apology == null && d.finishedAt > d.dueAt) out.add(RULES.overdueWithoutApology);
    if (d.apology != null && has('apology_after_due')) out.add(RULES.apologyAfterDue);
    if (d.apology != null && has('apology_same_day')) out.add(RULES.apologySameDay);
    if (received && has('due_miscalculated') && d.supplement == null) out.add(RULES.beyondStatutoryLimit);
  }
  if (has('double_supplement') && (d.supplement?.length ?? 0) > 1) out.add(RULES.supplementTwice);
  if (d.channel === 'online' && d.submittedAt != null && d.status !== 'tu_choi' && has('slow_online_intake')) out.add(RULES.onlineIntakeLate);
  return [...out].sort();
}

/**
 * The ground truth of the register at `nowMs` (local ms, as `DEMO_NOW`): `as_of` (the instant the pages' "Cập nhật
 * lúc" shows, UTC), every dossier's code with the rules it breaks (`[]` for a clean one), the codes of the named edge
 * cases, and how many dossiers break each rule. `register: 'base'` keeps the 120 dossiers the list shows by default;
 * the whole pool (2,000, `?size=2000` on the list) otherwise.
 */
export function groundTruth(nowMs = DEFAULT_NOW, { register = 'all' } = {}) {
  const pool = buildPool(nowMs);
  const list = register === 'base' ? pool.base : pool.all;
  const dossiers = {};
  const edgeCases = {};
  const byRule = Object.fromEntries(Object.values(RULES).map((r) => [r, 0]));
  for (const d of [...list].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const rules = violationsOf(d);
    dossiers[d.code] = rules;
    for (const r of rules) byRule[r] += 1;
    if (d.edgeCase) edgeCases[d.edgeCase] = d.code;
  }
  return {
    system: 'demo',
    as_of: new Date(nowMs - OFFSET_MS).toISOString(),
    register: register === 'base' ? 'base' : 'all',
    count: list.length,
    violating: Object.values(dossiers).filter((r) => r.length > 0).length,
    by_rule: byRule,
    edge_cases: edgeCases,
    dossiers,
  };
}
