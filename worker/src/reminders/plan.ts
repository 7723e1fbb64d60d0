// What the daily reminder run owes whom, as pure functions of the facts the queries read (worker/src/reminders/
// facts.ts) and the Vietnam calendar day: tests give any day, the cron gives its scheduled time.
import { ACTION_DUE_SOON_DAYS, daysBetween, vietnamDate, type NotificationKind, type NotificationParams, type Result } from '@onestop/shared';

/** A nonconformity (or its corrective action) the run looks at, with who may act on it. */
export interface ReminderFact {
  findingId: string;
  auditId: string;
  unitId: string;
  status: 'open' | 'action_planned' | 'disputed' | 'action_done';
  result: Result;
  auditCode: string;
  unitName: string;
  itemCode: string;
  /** When the audit reached `reporting` (nonconformities are answerable from then on). */
  reportingAt: string | null;
  /** The finding's last change: for an `open` one, when it became (again) unanswered. */
  updatedAt: string;
  reminderAfterDays: number;
  dueDate: string | null;
  /** Active unit heads of the finding's unit or an ancestor (who may answer it). */
  unitHeadIds: string[];
  /** The audit's lead inspector, if active. */
  leadId: string | null;
}

export interface PlannedNotification {
  userId: string;
  kind: NotificationKind;
  auditId: string;
  findingId: string;
  params: NotificationParams;
}

/** Whole Vietnam days an `open` nonconformity has waited: since the later of reporting and its last change. */
export function daysUnanswered(fact: Pick<ReminderFact, 'reportingAt' | 'updatedAt'>, today: string): number {
  const since = fact.reportingAt !== null && fact.reportingAt > fact.updatedAt ? fact.reportingAt : fact.updatedAt;
  return Math.max(0, daysBetween(vietnamDate(since), today));
}

/** The kind of reminder a fact calls for today, if any, and the day count its text shows. */
export function reminderFor(fact: ReminderFact, today: string): { kind: NotificationKind; days?: number } | null {
  switch (fact.status) {
    case 'open': {
      const days = daysUnanswered(fact, today);
      return days >= fact.reminderAfterDays ? { kind: 'nc_unanswered', days } : null;
    }
    case 'action_planned': {
      if (fact.dueDate === null) return null;
      const left = daysBetween(today, fact.dueDate);
      if (left < 0) return { kind: 'action_overdue', days: -left };
      return left <= ACTION_DUE_SOON_DAYS ? { kind: 'action_due', days: left } : null;
    }
    case 'disputed':
      return { kind: 'dispute_waiting' };
    case 'action_done':
      return { kind: 'verification_waiting' };
  }
}

/** Lead inspectors decide disputes and verify actions; unit heads answer and act. */
const LEAD_KINDS: ReadonlySet<NotificationKind> = new Set(['dispute_waiting', 'verification_waiting']);

export function paramsOf(fact: ReminderFact, days?: number): NotificationParams {
  return {
    audit_code: fact.auditCode,
    unit_name: fact.unitName,
    item_code: fact.itemCode,
    result: fact.result,
    ...(fact.dueDate !== null && fact.status === 'action_planned' ? { due_date: fact.dueDate } : {}),
    ...(days !== undefined ? { days } : {}),
  };
}

/** Every notification the facts call for on `today`, one per (recipient, finding). */
export function planReminders(facts: readonly ReminderFact[], today: string): PlannedNotification[] {
  const out: PlannedNotification[] = [];
  for (const fact of facts) {
    const due = reminderFor(fact, today);
    if (due === null) continue;
    const recipients = LEAD_KINDS.has(due.kind) ? (fact.leadId === null ? [] : [fact.leadId]) : fact.unitHeadIds;
    const params = paramsOf(fact, due.days);
    for (const userId of new Set(recipients)) out.push({ userId, kind: due.kind, auditId: fact.auditId, findingId: fact.findingId, params });
  }
  return out;
}
