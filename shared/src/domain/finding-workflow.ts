// The nonconformity workflow (DESIGN section 4) as data plus pure checks: who may move an NC finding from which
// status to which, what each step needs, how a result change moves the status, and when an action is overdue.
import type { CorrectiveAction, DisputeReview, FindingResponse, Verification } from '../schemas/findings.ts';
import type { FindingStatus, Result } from '../schemas/enums.ts';
import { isCalendarDate } from './dates.ts';
import { refuse, type Outcome } from './outcome.ts';
import { isNonconformity } from './severity.ts';

/**
 * The caller's part in this finding, worked out by the worker: the head of the finding's unit, the audit's lead
 * inspector, another audit team member, or anyone else (admins and leaders watch, they do not act).
 */
export const FINDING_ACTOR_ROLES = ['unit_head', 'lead', 'member', 'other'] as const;
export type FindingActorRole = (typeof FINDING_ACTOR_ROLES)[number];
export interface FindingActor {
  role: FindingActorRole;
}

/** What a step needs from the request body. */
export type TransitionNeed = 'root_cause' | 'action' | 'owner_name' | 'due_date' | 'reason' | 'comment' | 'note' | 'new_due_date';

export interface NcTransition {
  from: FindingStatus;
  to: FindingStatus;
  /** Who may take the step. */
  actors: readonly FindingActorRole[];
  needs: readonly TransitionNeed[];
  /** The event type written to the log. */
  event: string;
  /** The route that takes the step. */
  via: 'response' | 'review' | 'action-done' | 'verification';
}

/** DESIGN section 4, row by row. */
export const NC_TRANSITIONS: readonly NcTransition[] = [
  { from: 'open', to: 'action_planned', actors: ['unit_head'], needs: ['root_cause', 'action', 'owner_name', 'due_date'], event: 'finding.accepted', via: 'response' },
  { from: 'open', to: 'disputed', actors: ['unit_head'], needs: ['reason'], event: 'finding.disputed', via: 'response' },
  { from: 'disputed', to: 'open', actors: ['lead'], needs: ['comment'], event: 'finding.dispute_rejected', via: 'review' },
  { from: 'disputed', to: 'withdrawn', actors: ['lead'], needs: ['comment'], event: 'finding.withdrawn', via: 'review' },
  { from: 'action_planned', to: 'action_done', actors: ['unit_head'], needs: ['note'], event: 'finding.action_done', via: 'action-done' },
  { from: 'action_done', to: 'closed', actors: ['lead', 'member'], needs: ['note'], event: 'finding.verified', via: 'verification' },
  { from: 'action_done', to: 'action_planned', actors: ['lead', 'member'], needs: ['note', 'new_due_date'], event: 'finding.not_effective', via: 'verification' },
];

export const findNcTransition = (from: FindingStatus, to: FindingStatus): NcTransition | undefined =>
  NC_TRANSITIONS.find((t) => t.from === from && t.to === to);

/** Statuses of the NC workflow in which the unit head still owes something. */
export const UNRESOLVED_NC_STATUSES = ['open', 'disputed'] as const satisfies readonly FindingStatus[];
export const FINAL_FINDING_STATUSES = ['closed', 'withdrawn'] as const satisfies readonly FindingStatus[];

export const FINDING_TRANSITION_CODES = [
  'transition_not_allowed',
  'not_a_nonconformity',
  'role_not_allowed',
  'unit_head_cannot_verify',
  'root_cause_required',
  'action_required',
  'owner_name_required',
  'due_date_required',
  'due_date_invalid',
  'due_date_in_past',
  'reason_required',
  'comment_required',
  'note_required',
  'new_due_date_required',
  'new_due_date_invalid',
  'new_due_date_in_past',
] as const;
export type FindingTransitionCode = (typeof FINDING_TRANSITION_CODES)[number];

/** The union of what the workflow bodies carry; every workflow body can be passed as is. */
export interface TransitionInput {
  root_cause?: string | undefined;
  correction?: string | undefined;
  action?: string | undefined;
  owner_name?: string | undefined;
  due_date?: string | undefined;
  reason?: string | undefined;
  comment?: string | undefined;
  note?: string | undefined;
  new_due_date?: string | undefined;
}

const NEED_LABEL: Record<TransitionNeed, string> = {
  root_cause: 'the root cause',
  action: 'the corrective action',
  owner_name: 'who owns the action',
  due_date: 'a due date',
  reason: 'the reason for the dispute',
  comment: 'a comment on the dispute',
  note: 'a note',
  new_due_date: 'a new due date',
};

const STEP_LABEL = (t: NcTransition): string => {
  switch (t.via) {
    case 'response':
      return t.to === 'disputed' ? 'Disputing a finding' : 'Accepting a finding';
    case 'review':
      return 'Deciding on a dispute';
    case 'action-done':
      return 'Reporting the action done';
    case 'verification':
      return t.to === 'closed' ? 'Closing a finding as effective' : 'Sending an action back as not effective';
  }
};

const blank = (s: string | undefined): boolean => s === undefined || s.trim().length === 0;

function roleRefusal(t: NcTransition, actor: FindingActor): Outcome<FindingTransitionCode> | null {
  if (t.actors.includes(actor.role)) return null;
  if (t.via === 'verification' && actor.role === 'unit_head') {
    return refuse('unit_head_cannot_verify', 'The unit head cannot verify their own corrective action; an audit team member must.');
  }
  const who =
    t.actors.length === 1 && t.actors[0] === 'unit_head'
      ? 'the head of the audited unit'
      : t.actors.length === 1 && t.actors[0] === 'lead'
        ? 'the lead inspector'
        : 'a member of the audit team';
  return refuse('role_not_allowed', `${STEP_LABEL(t)} is for ${who}.`);
}

function dateRefusal(
  field: 'due_date' | 'new_due_date',
  value: string | undefined,
  today: string,
): Outcome<FindingTransitionCode> | null {
  const label = field === 'due_date' ? 'The due date' : 'The new due date';
  if (blank(value) || value === undefined) return refuse(`${field}_required`, `${label} is required.`);
  if (!isCalendarDate(value)) return refuse(`${field}_invalid`, `${label} must be a calendar date YYYY-MM-DD; got ${value}.`);
  if (value < today) return refuse(`${field}_in_past`, `${label} ${value} is in the past; it must be today (${today}) or later.`);
  return null;
}

/**
 * Checks one step of the NC workflow: the step exists, the actor may take it, and the input has what it needs.
 * `today` is the local date (Asia/Ho_Chi_Minh) `YYYY-MM-DD`.
 */
export function checkFindingTransition(
  from: FindingStatus,
  to: FindingStatus,
  actor: FindingActor,
  input: TransitionInput,
  today: string,
): Outcome<FindingTransitionCode> {
  if (from === 'recorded') {
    return refuse('not_a_nonconformity', 'Only nonconformities (nc_major, nc_minor) go through responses and corrective actions.');
  }
  const t = findNcTransition(from, to);
  if (t === undefined) {
    const next = NC_TRANSITIONS.filter((x) => x.from === from).map((x) => x.to);
    return refuse(
      'transition_not_allowed',
      next.length === 0
        ? `The finding is ${from}; its status cannot change any more.`
        : `A finding cannot go from ${from} to ${to}; from ${from} it can go to ${next.join(' or ')}.`,
    );
  }
  const role = roleRefusal(t, actor);
  if (role !== null) return role;
  for (const need of t.needs) {
    if (need === 'due_date' || need === 'new_due_date') {
      const r = dateRefusal(need, input[need], today);
      if (r !== null) return r;
    } else if (blank(input[need])) {
      return refuse(`${need}_required`, `${STEP_LABEL(t)} needs ${NEED_LABEL[need]}.`);
    }
  }
  return { ok: true };
}

// ── Bodies → target status ─────────────────────────────────────────────────────────────────────────────────

export const responseTarget = (body: Pick<FindingResponse, 'decision'>): FindingStatus =>
  body.decision === 'accept' ? 'action_planned' : 'disputed';
export const reviewTarget = (body: Pick<DisputeReview, 'decision'>): FindingStatus =>
  body.decision === 'reject' ? 'open' : 'withdrawn';
export const actionDoneTarget = (): FindingStatus => 'action_done';
export const verificationTarget = (body: Pick<Verification, 'effective'>): FindingStatus =>
  body.effective ? 'closed' : 'action_planned';

// ── Result changes ─────────────────────────────────────────────────────────────────────────────────────────

/** The status a new finding starts in: `open` for a nonconformity, `recorded` otherwise. */
export const initialFindingStatus = (result: Result): FindingStatus => (isNonconformity(result) ? 'open' : 'recorded');

export type ResultChangeCode = 'result_locked';

/**
 * The status after the inspector changes a finding's result. A result may change while the finding is `recorded`
 * (not an NC) or `open` (the unit head has not answered yet): NC → non-NC goes to `recorded`, non-NC → NC to `open`,
 * major ↔ minor stays `open`. Once the unit head has answered (or the finding is withdrawn), the result is locked.
 */
export function statusAfterResultChange(
  current: { result: Result; status: FindingStatus },
  next: Result,
): Outcome<ResultChangeCode, { status: FindingStatus }> {
  if (next === current.result) return { ok: true, status: current.status };
  if (current.status !== 'recorded' && current.status !== 'open') {
    return refuse(
      'result_locked',
      `The result cannot change while the finding is ${current.status}; the unit head has already answered it.`,
    );
  }
  return { ok: true, status: initialFindingStatus(next) };
}

/** A finding may be deleted (softly) by its recorder only before the unit head has answered it. */
export function checkFindingDelete(status: FindingStatus): Outcome<ResultChangeCode> {
  if (status === 'recorded' || status === 'open') return { ok: true };
  return refuse('result_locked', `A finding that is ${status} cannot be deleted; the unit head has already answered it.`);
}

/** Whether the finding counts in item results and summaries (withdrawn and deleted ones do not). */
export const findingCounts = (f: { status: FindingStatus; deleted_at: string | null }): boolean =>
  f.deleted_at === null && f.status !== 'withdrawn';

// ── Overdue ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * An action is overdue when its due date has passed and it is not done. `today` is the local date; an action
 * due today is not overdue yet. (When a verification finds an action not effective, the worker clears `done_at`
 * and sets the new due date, so the rule holds for re-planned actions too.)
 */
export function isOverdue(action: Pick<CorrectiveAction, 'due_date' | 'done_at'>, today: string): boolean {
  return action.done_at === null && action.due_date < today;
}
