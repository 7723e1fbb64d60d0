// The nonconformity workflow (DESIGN section 4) as data plus pure checks: who may move an NC finding from which
// status to which, what each step needs, how a result change moves the status, and when an action is overdue.
import type { CorrectiveAction, DisputeReview, FindingResponse, Verification } from '../schemas/findings.ts';
import type { FindingStatus, Result } from '../schemas/enums.ts';
import { isCalendarDate } from './dates.ts';
import { refuse, type Outcome, type Refusal } from './outcome.ts';
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
  owner_user_id?: string | undefined;
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
    } else if (need === 'owner_name' && !blank(input.owner_user_id)) {
      // An owner account satisfies the need; the free-text name is only the legacy way of naming one.
      continue;
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

// ── Action tracking: due-date requests, plan revisions, comments ─────────────────────────────────────────────

export const ACTION_TRACKING_CODES = [
  'role_not_allowed',
  'action_not_planned',
  'new_due_date_required',
  'new_due_date_invalid',
  'new_due_date_in_past',
  'new_due_date_not_later',
  'request_reason_required',
  'due_date_request_pending',
  'no_pending_request',
  'decision_reason_required',
  'root_cause_required',
  'action_required',
  'owner_required',
  'due_date_required',
  'due_date_invalid',
  'due_date_in_past',
] as const;
export type ActionTrackingCode = (typeof ACTION_TRACKING_CODES)[number];

/** What the action-tracking checks need to know about the action and the finding. */
export interface TrackedAction {
  status: FindingStatus;
  due_date: string;
  done_at: string | null;
  /** Whether a due-date request is waiting for the lead. */
  pending_request: boolean;
}

/** A planned action that is not done yet: the only one whose plan or due date can still change. */
function plannedRefusal(a: TrackedAction): Refusal<ActionTrackingCode> | null {
  if (a.status === 'action_planned' && a.done_at === null) return null;
  return refuse('action_not_planned', `The finding is ${a.status}; only a planned action that is not done yet can change.`);
}

/**
 * The unit head asks for more time: the new date comes after the current due date and not before today, with a
 * reason; one request waits at a time. An overdue action is the usual case, but any planned action may ask.
 */
export function checkExtensionRequest(
  a: TrackedAction,
  actor: FindingActor,
  input: { new_due_date?: string | undefined; reason?: string | undefined },
  today: string,
): Outcome<ActionTrackingCode> {
  if (actor.role !== 'unit_head') return refuse('role_not_allowed', 'Asking for more time is for the head of the audited unit.');
  const planned = plannedRefusal(a);
  if (planned) return planned;
  if (a.pending_request) return refuse('due_date_request_pending', 'A request to move the due date already waits for the lead inspector; wait for the decision.');
  const date = dateRefusal('new_due_date', input.new_due_date, today);
  // dateRefusal only answers new_due_date_* codes here, which are action-tracking codes too.
  if (date && !date.ok) return refuse(date.code as ActionTrackingCode, date.detail);
  if (input.new_due_date !== undefined && input.new_due_date <= a.due_date) {
    return refuse('new_due_date_not_later', `The new due date ${input.new_due_date} must come after the current one, ${a.due_date}.`);
  }
  if (blank(input.reason)) return refuse('request_reason_required', 'Asking for more time needs a reason.');
  return { ok: true };
}

/** The audit's lead inspector accepts or refuses the pending request; a refusal needs a reason. */
export function checkDueDateDecision(
  a: TrackedAction,
  actor: FindingActor,
  input: { decision: 'accept' | 'refuse'; reason?: string | undefined },
): Outcome<ActionTrackingCode> {
  if (actor.role !== 'lead') return refuse('role_not_allowed', 'Deciding on a new due date is for the lead inspector of the audit.');
  const planned = plannedRefusal(a);
  if (planned) return planned;
  if (!a.pending_request) return refuse('no_pending_request', 'No request to move the due date is waiting; it may have been decided already.');
  if (input.decision === 'refuse' && blank(input.reason)) return refuse('decision_reason_required', 'Refusing a new due date needs a reason.');
  return { ok: true };
}

export interface PlanRevisionInput {
  root_cause?: string | undefined;
  action?: string | undefined;
  owner_user_id?: string | undefined;
  due_date?: string | undefined;
  reason?: string | undefined;
}

/**
 * The unit head revises a planned action. The content applies at once; `dueDate` says what happens to the date:
 * `same` (unchanged), `earlier` (applies at once: finishing sooner needs nobody's leave), or `later` (a request the
 * lead accepts or refuses, refused while another request waits).
 */
export function checkPlanRevision(
  a: TrackedAction,
  actor: FindingActor,
  input: PlanRevisionInput,
  today: string,
): Outcome<ActionTrackingCode, { dueDate: 'same' | 'earlier' | 'later' }> {
  if (actor.role !== 'unit_head') return refuse('role_not_allowed', 'Revising the plan is for the head of the audited unit.');
  const planned = plannedRefusal(a);
  if (planned) return planned;
  if (blank(input.root_cause)) return refuse('root_cause_required', 'A revised plan needs the root cause.');
  if (blank(input.action)) return refuse('action_required', 'A revised plan needs the corrective action.');
  if (blank(input.owner_user_id)) return refuse('owner_required', 'A revised plan needs who owns the action, chosen among the unit\'s users.');
  if (blank(input.reason)) return refuse('request_reason_required', 'A revised plan needs the reason for the change.');
  const due = input.due_date;
  if (due === undefined || blank(due)) return refuse('due_date_required', 'The due date is required.');
  if (!isCalendarDate(due)) return refuse('due_date_invalid', `The due date must be a calendar date YYYY-MM-DD; got ${due}.`);
  if (due === a.due_date) return { ok: true, dueDate: 'same' };
  if (due < today) return refuse('due_date_in_past', `The due date ${due} is in the past; it must be today (${today}) or later.`);
  if (due < a.due_date) return { ok: true, dueDate: 'earlier' };
  if (a.pending_request) return refuse('due_date_request_pending', 'A request to move the due date already waits for the lead inspector; wait for the decision before asking for a later date.');
  return { ok: true, dueDate: 'later' };
}

/** Who may post on a finding's thread: the unit (its head) and the audit team; admins and leaders read it. */
export function checkCommentAuthor(actor: FindingActor): Outcome<'role_not_allowed', { part: 'unit_head' | 'lead' | 'member' }> {
  if (actor.role === 'other') return refuse('role_not_allowed', 'The thread is between the audited unit and the audit team; others can read it.');
  return { ok: true, part: actor.role };
}

// ── What happens next ──────────────────────────────────────────────────────────────────────────────────────

/** The next step of a finding as one key, from what the worker really enforces; the dashboard words it. */
export type NextStep =
  | 'not_nc'
  | 'final'
  | 'team_finishes_audit'
  | 'unit_answers'
  | 'lead_reviews_dispute'
  | 'lead_decides_due_date'
  | 'unit_acts_overdue'
  | 'unit_acts'
  | 'team_verifies';

/**
 * What actually happens next. Unit heads see a finding only once its audit reaches `reporting` (the scope rule
 * of the worker), so before that the next step is the team's: finishing the audit, not the unit's answer.
 */
export function nextStepOf(f: {
  status: FindingStatus;
  audit_status: string;
  overdue?: boolean | undefined;
  pending_request?: boolean | undefined;
}): NextStep {
  if (f.status === 'recorded') return 'not_nc';
  if (f.status === 'closed' || f.status === 'withdrawn') return 'final';
  if (f.audit_status !== 'reporting' && f.audit_status !== 'closed') return 'team_finishes_audit';
  switch (f.status) {
    case 'open':
      return 'unit_answers';
    case 'disputed':
      return 'lead_reviews_dispute';
    case 'action_planned':
      return f.pending_request ? 'lead_decides_due_date' : f.overdue ? 'unit_acts_overdue' : 'unit_acts';
    case 'action_done':
      return 'team_verifies';
  }
}
