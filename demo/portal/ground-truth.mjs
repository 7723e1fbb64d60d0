// The ground truth of the staff portal's register for the automated dossier checks (issue 14): which dossiers break
// which rule of the shipped rule set (shared/src/domain/checks/rules-118.ts), from the nonconformities the generator
// gave each dossier (data.mjs) — never from the evaluator. The server answers it at /api/ground-truth, a fixture for
// tests: no real system has such a route.

import { RULES } from '../lib/ground-truth.mjs';
import { buildPortalData, DEFAULT_NOW } from './data.mjs';

export { RULES };

/**
 * The rules a nonconformity of the generator breaks. A late return's rules need the dossier returned
 * (returned-late); still waiting to be collected, it is judged by its finish time (overdue-without-apology only).
 * `refusal_without_reason` and `withdrawal_without_request` are checklist findings no check rule reads.
 */
const RULES_OF = {
  late_without_apology: (returned) => (returned ? [RULES.returnedLate, RULES.overdueWithoutApology] : [RULES.overdueWithoutApology]),
  apology_after_due: (returned) => (returned ? [RULES.returnedLate, RULES.apologyAfterDue] : [RULES.apologyAfterDue]),
  overdue_without_apology: () => [RULES.openPastDue, RULES.overdueWithoutApology],
  no_appointment_date: () => [RULES.receivedWithoutAppointment],
  second_supplement_request: () => [RULES.supplementTwice],
  online_not_received_in_time: () => [RULES.onlineIntakeLate],
  apology_same_day: () => [RULES.apologySameDay],
};

/** The rules one generated dossier breaks, sorted. */
export function violationsOf(d) {
  const out = new Set();
  for (const n of d.nonconformities) for (const r of RULES_OF[n]?.(d.status === 'da_tra') ?? []) out.add(r);
  return [...out].sort();
}

/**
 * The ground truth of the register at `nowMs` (UTC ms, as `PORTAL_NOW`): `as_of` (the "Số liệu tính đến" of the
 * screens), every dossier's code with the rules it breaks (`[]` for a clean one), the codes of the named edge cases,
 * and how many dossiers break each rule.
 */
export function groundTruth(nowMs = DEFAULT_NOW) {
  const { dossiers: list } = buildPortalData(nowMs);
  const dossiers = {};
  const edgeCases = {};
  const ids = {};
  const byRule = Object.fromEntries(Object.values(RULES).map((r) => [r, 0]));
  for (const d of [...list].sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const rules = violationsOf(d);
    dossiers[d.code] = rules;
    ids[d.code] = d.id;
    for (const r of rules) byRule[r] += 1;
    if (d.edgeCase) edgeCases[d.edgeCase] = d.code;
  }
  return {
    system: 'portal',
    as_of: new Date(nowMs).toISOString(),
    count: list.length,
    violating: Object.values(dossiers).filter((r) => r.length > 0).length,
    by_rule: byRule,
    edge_cases: edgeCases,
    dossiers,
    /** The short record id (`#`, "Mã đơn") of each code, to open its screens (#/dossiers/<id>). */
    ids,
  };
}
