// One finding: its detail, audit team, history and evidence images, and the nonconformity workflow steps the
// caller may take (respond, dispute, report done, review a dispute, verify). Form values live here, so a failed
// request keeps them; every body is checked with the shared schema and workflow gate before it is sent.
import {
  ActionDoneSchema,
  AuditDetailSchema,
  checkFindingTransition,
  DisputeReviewSchema,
  EvidenceSchema,
  FindingDetailSchema,
  FindingResponseSchema,
  FindingSchema,
  todayInVietnam,
  uuidv7,
  VerificationSchema,
  type AuditDetail,
  type Evidence,
  type EvidencePurpose,
  type FindingActorRole,
  type FindingDetail,
  type FindingStatus,
  type TransitionInput,
} from '@onestop/shared';
import { signal } from '@preact/signals';
import type { z } from 'zod';
import { ApiProblem, type Api } from '../lib/api.ts';
import { createDraft } from '../lib/draft.ts';
import { evidenceMimeOf, fileTooLarge, sha256Hex } from '../lib/files.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { EventListSchema, type EventRow } from '../lib/schemas.ts';
import { zodFieldErrors, type FieldErrors } from '../lib/validation.ts';

export type { FieldErrors };

/** The field a workflow refusal code is about (`due_date_in_past` → `due_date`). */
function gateField(code: string): string {
  return code.replace(/_(required|invalid|in_past)$/, '');
}

const GATE_TEXT = (code: string): string => {
  switch (code) {
    case 'due_date_in_past':
    case 'new_due_date_in_past':
      return t('form.date_not_past');
    case 'due_date_invalid':
    case 'new_due_date_invalid':
      return t('form.date_invalid');
    default:
      return t('form.required');
  }
};

export interface BlobView {
  url?: string;
  error?: ApiProblem;
  loading?: boolean;
}

export type FormName = 'accept' | 'dispute' | 'done' | 'review' | 'verify';

/** Runs a step for one form; a refusal the server ties to a field (`due_date_in_past`, `$.reason`) lands at that field. */
async function runStep<T>(
  form: FormName,
  active: { value: FormName | null },
  submission: ReturnType<typeof createSubmission>,
  errors: { value: Record<FormName, FieldErrors> },
  action: () => Promise<T>,
): Promise<T | null> {
  active.value = form;
  const result = await submission.run(action);
  const p = submission.error.value;
  if (result === null && p) {
    const fieldErrors: FieldErrors = {};
    for (const e of p.errors) fieldErrors[e.path.replace(/^\$\./, '').split(/[.[]/)[0] ?? '_'] = e.message;
    if (/_(required|invalid|in_past)$/.test(p.code)) fieldErrors[gateField(p.code)] = GATE_TEXT(p.code);
    if (Object.keys(fieldErrors).length > 0) errors.value = { ...errors.value, [form]: fieldErrors };
  }
  return result;
}

export function createFindingStore(api: Api, id: string) {
  const finding = createResource<FindingDetail>();
  const audit = createResource<AuditDetail>();
  const events = createResource<EventRow[]>();
  const blobs = signal<Record<string, BlobView>>({});

  const accept = createDraft({ root_cause: '', correction: '', action: '', owner_user_id: '', due_date: '' });
  const dispute = createDraft({ reason: '' });
  const done = createDraft({ note: '' });
  const review = createDraft({ decision: 'reject' as 'reject' | 'accept', comment: '' });
  const verify = createDraft({ effective: 'yes' as 'yes' | 'no', note: '', new_due_date: '' });
  const files = signal<{ dispute: File | null; done: File | null }>({ dispute: null, done: null });
  const errors = signal<Record<FormName, FieldErrors>>({ accept: {}, dispute: {}, done: {}, review: {}, verify: {} });
  const submission = createSubmission();
  /** The form submitted last: its failure is shown inside it. */
  const active = signal<FormName | null>(null);
  /** Evidence already uploaded for a form, reused when the step itself has to be retried. */
  const uploaded: Partial<Record<'dispute' | 'done', { file: File; id: string }>> = {};

  async function load(): Promise<void> {
    const f = await finding.load(() => api.get(`/findings/${id}`, FindingDetailSchema));
    void events.load(() => api.get('/events', EventListSchema, { entity: 'finding', id }).then((r) => r.items));
    if (f && audit.data.value?.id !== f.audit_id) void audit.load(() => api.get(`/audits/${f.audit_id}`, AuditDetailSchema));
  }

  /** Who the caller is for this finding, as the workflow sees it. */
  function actorRole(role: string | null): FindingActorRole {
    if (role === 'unit_head') return 'unit_head';
    if (role === 'inspector') return audit.data.value?.my_role ?? 'other';
    return 'other';
  }

  function setErrors(form: keyof ReturnType<typeof errors.peek>, value: FieldErrors): boolean {
    errors.value = { ...errors.value, [form]: value };
    return Object.keys(value).length === 0;
  }

  /** Checks the body with the shared schema, then the transition gate; returns false (with field errors) when it fails. */
  function check<S extends z.ZodType>(form: FormName, schema: S, body: unknown, to: FindingStatus, role: FindingActorRole): z.output<S> | null {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setErrors(form, zodFieldErrors(parsed.error, body));
      return null;
    }
    const current = finding.data.value;
    if (current) {
      const gate = checkFindingTransition(current.status, to, { role }, parsed.data as TransitionInput, todayInVietnam());
      if (!gate.ok && gate.code !== 'role_not_allowed') {
        const field = gateField(gate.code);
        setErrors(form, { [field]: GATE_TEXT(gate.code) });
        return null;
      }
    }
    setErrors(form, {});
    return parsed.data;
  }

  async function attach(form: 'dispute' | 'done', purpose: EvidencePurpose): Promise<string[]> {
    const file = files.value[form];
    if (!file) return [];
    const reuse = uploaded[form];
    if (reuse && reuse.file === file) return [reuse.id];
    const mime = evidenceMimeOf(file);
    if (!mime) throw new ApiProblem({ status: 0, code: 'file_type', title: t('problem.file_type') });
    if (fileTooLarge(file)) throw new ApiProblem({ status: 0, code: 'file_size', title: t('problem.file_size') });
    const bytes = await file.arrayBuffer();
    const sha256 = await sha256Hex(bytes);
    const evidenceId = uuidv7();
    await api.send(
      'POST',
      `/findings/${id}/evidence`,
      {
        id: evidenceId,
        purpose,
        kind: mime.startsWith('image/') ? 'screenshot' : 'file',
        fields: { file_name: file.name.slice(0, 200) },
        sha256,
        mime,
        bytes: bytes.byteLength,
        captured_at: new Date().toISOString(),
      },
      EvidenceSchema,
    );
    await api.putBlob(`/evidence/${evidenceId}/blob`, new Blob([bytes], { type: mime }), { 'content-type': mime, 'x-content-sha256': sha256 }, EvidenceSchema);
    uploaded[form] = { file, id: evidenceId };
    return [evidenceId];
  }

  async function afterStep(message: string, reset: () => void): Promise<void> {
    reset();
    submission.done.value = message;
    await load();
  }

  async function submitAccept(): Promise<boolean> {
    const d = accept.value.value;
    const body = check(
      'accept',
      FindingResponseSchema,
      { decision: 'accept', root_cause: d.root_cause, correction: d.correction || undefined, action: d.action, owner_user_id: d.owner_user_id, due_date: d.due_date, version: finding.data.value?.version },
      'action_planned',
      'unit_head',
    );
    if (!body) return false;
    const ok = await runStep('accept', active, submission, errors, () => api.send('POST', `/findings/${id}/response`, body, FindingSchema));
    if (ok) await afterStep(t('finding.done_accept'), () => accept.reset());
    return ok !== null;
  }

  async function submitDispute(): Promise<boolean> {
    const d = dispute.value.value;
    const pre = check('dispute', FindingResponseSchema, { decision: 'dispute', reason: d.reason }, 'disputed', 'unit_head');
    if (!pre) return false;
    const ok = await runStep('dispute', active, submission, errors, async () => {
      const evidence_ids = await attach('dispute', 'response');
      return api.send('POST', `/findings/${id}/response`, { decision: 'dispute', reason: d.reason, evidence_ids, version: finding.data.value?.version }, FindingSchema);
    });
    if (ok) await afterStep(t('finding.done_dispute'), () => {
      dispute.reset();
      files.value = { ...files.value, dispute: null };
    });
    return ok !== null;
  }

  async function submitDone(): Promise<boolean> {
    const d = done.value.value;
    const pre = check('done', ActionDoneSchema, { note: d.note }, 'action_done', 'unit_head');
    if (!pre) return false;
    const ok = await runStep('done', active, submission, errors, async () => {
      const evidence_ids = await attach('done', 'action');
      return api.send('POST', `/findings/${id}/action-done`, { note: d.note, evidence_ids, version: finding.data.value?.version }, FindingSchema);
    });
    if (ok) await afterStep(t('finding.done_action'), () => {
      done.reset();
      files.value = { ...files.value, done: null };
    });
    return ok !== null;
  }

  async function submitReview(): Promise<boolean> {
    const d = review.value.value;
    const body = check('review', DisputeReviewSchema, { decision: d.decision, comment: d.comment, version: finding.data.value?.version }, d.decision === 'reject' ? 'open' : 'withdrawn', 'lead');
    if (!body) return false;
    const ok = await runStep('review', active, submission, errors, () => api.send('POST', `/findings/${id}/review`, body, FindingSchema));
    if (ok) await afterStep(d.decision === 'reject' ? t('finding.done_reject') : t('finding.done_withdraw'), () => review.reset());
    return ok !== null;
  }

  async function submitVerify(): Promise<boolean> {
    const d = verify.value.value;
    const raw = d.effective === 'yes' ? { effective: true, note: d.note } : { effective: false, note: d.note, new_due_date: d.new_due_date };
    const body = check('verify', VerificationSchema, { ...raw, version: finding.data.value?.version }, d.effective === 'yes' ? 'closed' : 'action_planned', 'member');
    if (!body) return false;
    const ok = await runStep('verify', active, submission, errors, () => api.send('POST', `/findings/${id}/verification`, body, FindingSchema));
    if (ok) await afterStep(d.effective === 'yes' ? t('finding.done_closed') : t('finding.done_not_effective'), () => verify.reset());
    return ok !== null;
  }

  /** Loads an image blob and shows it through an object URL (blobs are served as sandboxed attachments). */
  async function loadBlob(e: Evidence): Promise<void> {
    if (blobs.value[e.id]) return;
    blobs.value = { ...blobs.value, [e.id]: { loading: true } };
    try {
      const blob = await api.getBlob(`/evidence/${e.id}/blob`);
      blobs.value = { ...blobs.value, [e.id]: { url: URL.createObjectURL(blob) } };
    } catch (err) {
      blobs.value = { ...blobs.value, [e.id]: { error: err instanceof ApiProblem ? err : new ApiProblem({ status: 0, code: 'network', title: String(err) }) } };
    }
  }

  function dispose(): void {
    for (const b of Object.values(blobs.value)) if (b.url) URL.revokeObjectURL(b.url);
  }

  return {
    id,
    finding,
    audit,
    events,
    blobs,
    accept,
    dispute,
    done,
    review,
    verify,
    files,
    errors,
    submission,
    active,
    load,
    actorRole,
    submitAccept,
    submitDispute,
    submitDone,
    submitReview,
    submitVerify,
    loadBlob,
    dispose,
  };
}

export type FindingStore = ReturnType<typeof createFindingStore>;
