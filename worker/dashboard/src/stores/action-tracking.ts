// Action tracking on one finding (issue 15 part 4): the history of due-date requests, the users an action can be
// assigned to, the comment thread, and the forms for them (unit head: ask for more time, revise the plan; lead:
// accept or refuse a new date; unit and team: comment). Bodies are checked with the shared schemas and rules first.
import {
  AssignableUserListSchema,
  checkDueDateDecision,
  checkExtensionRequest,
  checkPlanRevision,
  CommentBodySchema,
  DueDateDecisionSchema,
  DueDateRequestListSchema,
  DueDateRequestSchema,
  ExtensionRequestSchema,
  FindingCommentListSchema,
  FindingCommentSchema,
  PlanRevisionResultSchema,
  PlanRevisionSchema,
  todayInVietnam,
  type AssignableUser,
  type DueDateRequest,
  type FindingActorRole,
  type FindingComment,
  type FindingDetail,
  type TrackedAction,
} from '@onestop/shared';
import { signal } from '@preact/signals';
import type { z } from 'zod';
import type { Api } from '../lib/api.ts';
import { createDraft } from '../lib/draft.ts';
import { formatDate } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { zodFieldErrors, type FieldErrors } from '../lib/validation.ts';

export type TrackingForm = 'extension' | 'decision' | 'revision' | 'comment';

/** The field a refusal code is about, and what to say there. */
const CODE_FIELD: Record<string, [string, () => string]> = {
  new_due_date_required: ['new_due_date', () => t('form.required')],
  new_due_date_invalid: ['new_due_date', () => t('form.date_invalid')],
  new_due_date_in_past: ['new_due_date', () => t('form.date_not_past')],
  new_due_date_not_later: ['new_due_date', () => t('at.date_not_later')],
  request_reason_required: ['reason', () => t('form.required')],
  decision_reason_required: ['reason', () => t('at.refuse_reason_required')],
  root_cause_required: ['root_cause', () => t('form.required')],
  action_required: ['action', () => t('form.required')],
  owner_required: ['owner_user_id', () => t('at.owner_required')],
  owner_not_assignable: ['owner_user_id', () => t('problem.owner_not_assignable')],
  due_date_required: ['due_date', () => t('form.required')],
  due_date_invalid: ['due_date', () => t('form.date_invalid')],
  due_date_in_past: ['due_date', () => t('form.date_not_past')],
};

export function createActionTrackingStore(api: Api, id: string, onChanged: (message: string) => Promise<void>) {
  const requests = createResource<DueDateRequest[]>();
  const owners = createResource<AssignableUser[]>();
  const comments = createResource<FindingComment[]>();

  const extension = createDraft({ new_due_date: '', reason: '' });
  const decision = createDraft({ decision: 'accept' as 'accept' | 'refuse', reason: '' });
  const revision = createDraft({ root_cause: '', correction: '', action: '', owner_user_id: '', due_date: '', reason: '' });
  const comment = createDraft({ body: '' });
  const errors = signal<Record<TrackingForm, FieldErrors>>({ extension: {}, decision: {}, revision: {}, comment: {} });
  const submission = createSubmission();
  const active = signal<TrackingForm | null>(null);
  /** Which of the unit head's forms is open (they are shown on request, not all at once). */
  const open = signal<'extension' | 'revision' | null>(null);

  const pending = () => (requests.data.value ?? []).find((r) => r.status === 'pending') ?? null;

  async function load(f: FindingDetail | null, role: string | null): Promise<void> {
    const loads: Promise<unknown>[] = [
      requests.load(() => api.get(`/findings/${id}/due-date-requests`, DueDateRequestListSchema).then((r) => r.items)),
      comments.load(() => api.get(`/findings/${id}/comments`, FindingCommentListSchema).then((r) => r.items)),
    ];
    // Only the unit head assigns owners (the API answers 403 to anyone else), and only while a plan can change.
    if (role === 'unit_head' && f && (f.status === 'open' || f.status === 'action_planned') && owners.data.value === null) {
      loads.push(owners.load(() => api.get(`/findings/${id}/assignable-users`, AssignableUserListSchema).then((r) => r.items)));
    }
    await Promise.all(loads);
  }

  function tracked(f: FindingDetail): TrackedAction {
    return { status: f.status, due_date: f.corrective_action?.due_date ?? '', done_at: f.corrective_action?.done_at ?? null, pending_request: pending() !== null };
  }

  function setErrors(form: TrackingForm, value: FieldErrors): boolean {
    errors.value = { ...errors.value, [form]: value };
    return Object.keys(value).length === 0;
  }

  function parse<S extends z.ZodType>(form: TrackingForm, schema: S, body: unknown): z.output<S> | null {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setErrors(form, zodFieldErrors(parsed.error, body));
      return null;
    }
    return parsed.data;
  }

  function gateErrors(form: TrackingForm, gate: { ok: true } | { ok: false; code: string }): boolean {
    if (gate.ok) return setErrors(form, {});
    const field = CODE_FIELD[gate.code];
    // A refusal not tied to a field (a request already waits, …) is the server's to say: the request goes on.
    if (!field) return setErrors(form, {});
    return setErrors(form, { [field[0]]: field[1]() });
  }

  /** Runs a request for one form; a refusal the server ties to a field lands at that field. */
  async function run<T>(form: TrackingForm, action: () => Promise<T>): Promise<T | null> {
    active.value = form;
    const result = await submission.run(action);
    const p = submission.error.value;
    if (result === null && p) {
      const fieldErrors: FieldErrors = {};
      for (const e of p.errors) fieldErrors[e.path.replace(/^\$\./, '').split(/[.[]/)[0] ?? '_'] = e.message;
      const field = CODE_FIELD[p.code];
      if (field) fieldErrors[field[0]] = field[1]();
      if (Object.keys(fieldErrors).length > 0) errors.value = { ...errors.value, [form]: fieldErrors };
    }
    return result;
  }

  async function after(message: string, f: FindingDetail | null, role: string | null): Promise<void> {
    open.value = null;
    await Promise.all([onChanged(message), load(f, role)]);
  }

  /** Fills the revision form with the current plan, so the unit head changes only what differs. */
  function startRevision(f: FindingDetail): void {
    const ca = f.corrective_action;
    if (!ca) return;
    revision.set({ root_cause: ca.root_cause, correction: ca.correction, action: ca.action, owner_user_id: ca.owner_user_id ?? '', due_date: ca.due_date, reason: '' });
    setErrors('revision', {});
    open.value = 'revision';
  }

  async function submitExtension(f: FindingDetail): Promise<boolean> {
    const d = extension.value.value;
    const body = parse('extension', ExtensionRequestSchema, { new_due_date: d.new_due_date, reason: d.reason, version: f.corrective_action?.version });
    if (!body) return false;
    if (!gateErrors('extension', checkExtensionRequest(tracked(f), { role: 'unit_head' }, body, todayInVietnam()))) return false;
    const ok = await run('extension', () => api.send('POST', `/findings/${id}/due-date-requests`, body, DueDateRequestSchema));
    if (ok) {
      extension.reset();
      await after(t('at.done_requested'), f, 'unit_head');
    }
    return ok !== null;
  }

  async function submitDecision(f: FindingDetail): Promise<boolean> {
    const p = pending();
    const d = decision.value.value;
    const raw = d.decision === 'accept' ? { decision: 'accept', ...(d.reason.trim() ? { reason: d.reason } : {}) } : { decision: 'refuse', reason: d.reason };
    const body = parse('decision', DueDateDecisionSchema, raw);
    if (!body || !p) return false;
    if (!gateErrors('decision', checkDueDateDecision({ ...tracked(f), pending_request: true }, { role: 'lead' }, body))) return false;
    const ok = await run('decision', () => api.send('POST', `/findings/${id}/due-date-requests/${p.id}/decision`, body, DueDateRequestSchema));
    if (ok) {
      decision.reset();
      await after(body.decision === 'accept' ? t('at.done_accepted', { date: formatDate(p.new_due_date) }) : t('at.done_refused'), f, 'inspector');
    }
    return ok !== null;
  }

  async function submitRevision(f: FindingDetail): Promise<boolean> {
    const d = revision.value.value;
    const body = parse('revision', PlanRevisionSchema, {
      root_cause: d.root_cause,
      correction: d.correction || undefined,
      action: d.action,
      owner_user_id: d.owner_user_id,
      due_date: d.due_date,
      reason: d.reason,
      version: f.corrective_action?.version,
    });
    if (!body) return false;
    const gate = checkPlanRevision(tracked(f), { role: 'unit_head' }, body, todayInVietnam());
    if (!gateErrors('revision', gate)) return false;
    const ok = await run('revision', () => api.send('POST', `/findings/${id}/plan-revision`, body, PlanRevisionResultSchema));
    if (ok) {
      revision.reset();
      await after(ok.due_date_request ? t('at.done_revised_waiting') : t('at.done_revised'), f, 'unit_head');
    }
    return ok !== null;
  }

  async function submitComment(): Promise<boolean> {
    const body = parse('comment', CommentBodySchema, { body: comment.value.value.body });
    if (!body) return false;
    setErrors('comment', {});
    const ok = await run('comment', () => api.send('POST', `/findings/${id}/comments`, body, FindingCommentSchema));
    if (ok) {
      comment.reset();
      // The thread is the place to look: it is reloaded, the rest of the page stays.
      comments.set([...(comments.data.value ?? []), ok]);
      await Promise.all([onChanged(t('at.done_commented')), comments.load(() => api.get(`/findings/${id}/comments`, FindingCommentListSchema).then((r) => r.items))]);
    }
    return ok !== null;
  }

  return {
    requests,
    owners,
    comments,
    extension,
    decision,
    revision,
    comment,
    errors,
    submission,
    active,
    open,
    pending,
    load,
    startRevision,
    submitExtension,
    submitDecision,
    submitRevision,
    submitComment,
  };
}

export type ActionTrackingStore = ReturnType<typeof createActionTrackingStore>;

/** Whether the caller takes part in the thread (the unit head and the audit team), as the worker decides. */
export const canComment = (role: string | null, actor: FindingActorRole): boolean => role === 'unit_head' || actor === 'lead' || actor === 'member';
