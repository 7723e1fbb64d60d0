// Action tracking rules (issue 15 part 4): who may ask for more time, revise a plan, decide a new date or comment,
// what each needs, and what the "next step" of a finding really is.
import { describe, expect, it } from 'vitest';
import { FINDING_STATUSES } from '../schemas/enums.ts';
import { CommentBodySchema, DueDateDecisionSchema, ExtensionRequestSchema, PlanRevisionSchema } from '../schemas/action-tracking.ts';
import {
  FINDING_ACTOR_ROLES,
  checkCommentAuthor,
  checkDueDateDecision,
  checkExtensionRequest,
  checkFindingTransition,
  checkPlanRevision,
  nextStepOf,
  type TrackedAction,
} from './finding-workflow.ts';

const TODAY = '2026-11-23';
const planned: TrackedAction = { status: 'action_planned', due_date: '2026-11-20', done_at: null, pending_request: false };
const head = { role: 'unit_head' as const };
const lead = { role: 'lead' as const };
const code = (o: { ok: boolean; code?: string }) => (o.ok ? 'ok' : o.code);

describe('asking for more time', () => {
  it('lets the unit head ask for a later date with a reason on a planned action, overdue or not', () => {
    expect(code(checkExtensionRequest(planned, head, { new_due_date: '2026-12-05', reason: 'Chờ nâng cấp phần mềm' }, TODAY))).toBe('ok');
    expect(code(checkExtensionRequest({ ...planned, due_date: '2026-11-30' }, head, { new_due_date: '2026-12-05', reason: 'x' }, TODAY))).toBe('ok');
  });

  it.each([
    [{ new_due_date: '2026-11-28', reason: 'x' }, 'new_due_date_not_later'],
    [{ new_due_date: '2026-11-30', reason: 'x' }, 'new_due_date_not_later'],
    [{ new_due_date: '2026-11-22', reason: 'x' }, 'new_due_date_in_past'],
    [{ new_due_date: '05/12/2026', reason: 'x' }, 'new_due_date_invalid'],
    [{ reason: 'x' }, 'new_due_date_required'],
    [{ new_due_date: '2026-12-05', reason: '  ' }, 'request_reason_required'],
  ])('refuses %j with %s', (input, expected) => {
    expect(code(checkExtensionRequest({ ...planned, due_date: '2026-11-30' }, head, input, TODAY))).toBe(expected);
  });

  it('is for the unit head only, on a planned action not done, one request at a time', () => {
    for (const role of FINDING_ACTOR_ROLES.filter((r) => r !== 'unit_head')) {
      expect(code(checkExtensionRequest(planned, { role }, { new_due_date: '2026-12-05', reason: 'x' }, TODAY))).toBe('role_not_allowed');
    }
    for (const status of FINDING_STATUSES.filter((s) => s !== 'action_planned')) {
      expect(code(checkExtensionRequest({ ...planned, status }, head, { new_due_date: '2026-12-05', reason: 'x' }, TODAY))).toBe('action_not_planned');
    }
    expect(code(checkExtensionRequest({ ...planned, done_at: '2026-11-21T01:00:00Z' }, head, { new_due_date: '2026-12-05', reason: 'x' }, TODAY))).toBe('action_not_planned');
    expect(code(checkExtensionRequest({ ...planned, pending_request: true }, head, { new_due_date: '2026-12-05', reason: 'x' }, TODAY))).toBe('due_date_request_pending');
  });
});

describe('deciding a new date', () => {
  it('is for the lead; a refusal needs a reason; only a pending request', () => {
    const pending = { ...planned, pending_request: true };
    expect(code(checkDueDateDecision(pending, lead, { decision: 'accept' }))).toBe('ok');
    expect(code(checkDueDateDecision(pending, lead, { decision: 'refuse', reason: 'Làm được trong tuần' }))).toBe('ok');
    expect(code(checkDueDateDecision(pending, lead, { decision: 'refuse', reason: ' ' }))).toBe('decision_reason_required');
    expect(code(checkDueDateDecision({ ...planned, pending_request: false }, lead, { decision: 'accept' }))).toBe('no_pending_request');
    expect(code(checkDueDateDecision({ ...pending, status: 'action_done' }, lead, { decision: 'accept' }))).toBe('action_not_planned');
    for (const role of ['unit_head', 'member', 'other'] as const) expect(code(checkDueDateDecision(pending, { role }, { decision: 'accept' }))).toBe('role_not_allowed');
  });
});

describe('revising the plan', () => {
  const full = { root_cause: 'r', action: 'a', owner_user_id: '0190a0b2-0000-7000-8000-000000000001', reason: 'why' };
  it('says whether the date stays, applies (earlier) or waits for the lead (later)', () => {
    const a = { ...planned, due_date: '2026-12-10' };
    expect(checkPlanRevision(a, head, { ...full, due_date: '2026-12-10' }, TODAY)).toEqual({ ok: true, dueDate: 'same' });
    expect(checkPlanRevision(a, head, { ...full, due_date: '2026-12-01' }, TODAY)).toEqual({ ok: true, dueDate: 'earlier' });
    expect(checkPlanRevision(a, head, { ...full, due_date: '2026-12-20' }, TODAY)).toEqual({ ok: true, dueDate: 'later' });
    expect(code(checkPlanRevision({ ...a, pending_request: true }, head, { ...full, due_date: '2026-12-20' }, TODAY))).toBe('due_date_request_pending');
    // Content and an earlier date still go through while a request waits.
    expect(code(checkPlanRevision({ ...a, pending_request: true }, head, { ...full, due_date: '2026-12-01' }, TODAY))).toBe('ok');
    // An overdue action keeps its past date when only the content changes.
    expect(code(checkPlanRevision(planned, head, { ...full, due_date: '2026-11-20' }, TODAY))).toBe('ok');
  });

  it.each([
    [{ root_cause: '' }, 'root_cause_required'],
    [{ action: ' ' }, 'action_required'],
    [{ owner_user_id: '' }, 'owner_required'],
    [{ reason: '' }, 'request_reason_required'],
    [{ due_date: '' }, 'due_date_required'],
    [{ due_date: '2026-13-01' }, 'due_date_invalid'],
    [{ due_date: '2026-11-21' }, 'due_date_in_past'],
  ])('refuses %j with %s', (change, expected) => {
    expect(code(checkPlanRevision({ ...planned, due_date: '2026-12-10' }, head, { ...full, due_date: '2026-12-10', ...change }, TODAY))).toBe(expected);
  });

  it('is for the unit head on a planned action not done', () => {
    expect(code(checkPlanRevision(planned, lead, { ...full, due_date: '2026-12-10' }, TODAY))).toBe('role_not_allowed');
    expect(code(checkPlanRevision({ ...planned, status: 'action_done' }, head, { ...full, due_date: '2026-12-10' }, TODAY))).toBe('action_not_planned');
  });
});

describe('owners and comments', () => {
  it('an owner account satisfies a new plan; a blank plan without either is still refused', () => {
    const plan = { root_cause: 'r', action: 'a', due_date: '2026-12-10' };
    expect(code(checkFindingTransition('open', 'action_planned', head, { ...plan, owner_user_id: '0190a0b2-0000-7000-8000-000000000001' }, TODAY))).toBe('ok');
    expect(code(checkFindingTransition('open', 'action_planned', head, plan, TODAY))).toBe('owner_name_required');
  });

  it('the unit and the team post, watchers read', () => {
    expect(checkCommentAuthor(head)).toEqual({ ok: true, part: 'unit_head' });
    expect(checkCommentAuthor({ role: 'member' })).toEqual({ ok: true, part: 'member' });
    expect(code(checkCommentAuthor({ role: 'other' }))).toBe('role_not_allowed');
  });

  it('bodies are bounded and refuse control characters', () => {
    expect(CommentBodySchema.safeParse({ body: 'Dòng 1\nDòng 2' }).success).toBe(true);
    expect(CommentBodySchema.safeParse({ body: 'x'.repeat(4001) }).success).toBe(false);
    expect(CommentBodySchema.safeParse({ body: 'a\u0000b' }).success).toBe(false);
    expect(ExtensionRequestSchema.safeParse({ new_due_date: '2026-12-01', reason: 'bad\u009b' }).success).toBe(false);
    expect(DueDateDecisionSchema.safeParse({ decision: 'refuse' }).success).toBe(false);
    expect(DueDateDecisionSchema.safeParse({ decision: 'accept' }).success).toBe(true);
    expect(PlanRevisionSchema.safeParse({ root_cause: 'r', action: 'a', owner_name: 'free text', due_date: '2026-12-01', reason: 'x' }).success).toBe(false);
  });
});

describe('the next step', () => {
  it('before reporting the unit cannot see an NC: the team finishes the audit first', () => {
    expect(nextStepOf({ status: 'open', audit_status: 'in_progress' })).toBe('team_finishes_audit');
    expect(nextStepOf({ status: 'open', audit_status: 'reporting' })).toBe('unit_answers');
  });
  it('follows the action: overdue, waiting for the lead, done', () => {
    expect(nextStepOf({ status: 'action_planned', audit_status: 'reporting' })).toBe('unit_acts');
    expect(nextStepOf({ status: 'action_planned', audit_status: 'reporting', overdue: true })).toBe('unit_acts_overdue');
    expect(nextStepOf({ status: 'action_planned', audit_status: 'reporting', overdue: true, pending_request: true })).toBe('lead_decides_due_date');
    expect(nextStepOf({ status: 'action_done', audit_status: 'closed' })).toBe('team_verifies');
    expect(nextStepOf({ status: 'disputed', audit_status: 'reporting' })).toBe('lead_reviews_dispute');
    expect(nextStepOf({ status: 'closed', audit_status: 'closed' })).toBe('final');
    expect(nextStepOf({ status: 'recorded', audit_status: 'in_progress' })).toBe('not_nc');
  });
});
