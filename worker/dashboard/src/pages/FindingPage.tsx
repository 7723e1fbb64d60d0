// One finding: what the team found and the evidence behind it, the corrective action with its due date, the
// history, and the step the signed-in person can take now (unit head: accept with a plan, dispute, report done,
// ask for more time, revise the plan; lead inspector: decide a dispute or a new due date; audit team: verify the
// action), and the comment thread between the unit and the audit team.
import { evidenceFileName, nextStepOf, todayInVietnam, type DueDateRequest, type Evidence, type FindingActorRole, type FindingDetail } from '@onestop/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DueDate, ResultBadge, StatusBadge } from '../components/Badges.tsx';
import { EvidenceCard, safeHttpUrl } from '../components/EvidenceCard.tsx';
import { EmptyState, escapeCloses, focusById, Loading, Notice, ProblemAlert } from '../components/Feedback.tsx';
import { RadioGroup, Select, TextArea, TextInput } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { useApp } from '../lib/context.ts';
import { ACCEPT_ATTRIBUTE, saveBlob } from '../lib/files.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { t, tOr } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import type { EventRow } from '../lib/schemas.ts';
import { canComment, createActionTrackingStore, type ActionTrackingStore, type TrackingForm } from '../stores/action-tracking.ts';
import { createFindingStore, type FindingStore, type FormName } from '../stores/finding.ts';

function FileInput({ label, file, onFile }: { label: string; file: File | null; onFile: (f: File | null) => void }) {
  return (
    <div class="field">
      <label>
        {label}
        <input type="file" accept={ACCEPT_ATTRIBUTE} onChange={(e) => onFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <p class="hint">{file ? t('form.file_chosen', { name: file.name }) : t('form.file_hint')}</p>
    </div>
  );
}

/** The form's own failure (what went wrong, the values stay) and its submit button. */
function SubmitRow({ store, form, label, id }: { store: FindingStore; form: FormName; label: string; id?: string }) {
  const busy = store.submission.busy.value && store.active.value === form;
  return (
    <>
      <ProblemAlert problem={store.active.value === form ? store.submission.error.value : null} />
      <button type="submit" id={id} class="button button--primary" disabled={store.submission.busy.value}>
        {busy ? t('common.saving') : label}
      </button>
    </>
  );
}

/** The owner of an action: one of the unit's users (GET /findings/{id}/assignable-users), never free text. */
function OwnerSelect({ tracking, value, onValue, error, name }: { tracking: ActionTrackingStore; value: string; onValue: (v: string) => void; error?: string | undefined; name: string }) {
  const users = tracking.owners.data.value ?? [];
  if (tracking.owners.error.value) return <ProblemAlert problem={tracking.owners.error.value} />;
  return (
    <Select
      label={t('respond.owner')}
      name={name}
      required
      hint={tracking.owners.loading.value ? t('common.loading') : t('at.owner_hint')}
      value={value}
      onValue={onValue}
      error={error}
      options={[{ value: '', label: t('at.owner_choose') }, ...users.map((u) => ({ value: u.id, label: `${u.display_name} · ${u.unit_name}` }))]}
    />
  );
}

function RespondForms({ store, tracking }: { store: FindingStore; tracking: ActionTrackingStore }) {
  const errs = store.errors.value;
  const a = store.accept;
  return (
    <div class="stack">
      <form
        class="card form-card"
        aria-labelledby="accept-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submitWithFocus(e.currentTarget, store.submitAccept);
        }}
      >
        <h2 id="accept-title">{t('respond.accept_title')}</h2>
        <p class="hint">{t('respond.accept_hint')}</p>
        <TextArea label={t('respond.root_cause')} name="root_cause" required rows={3} {...a.field('root_cause')} error={errs.accept.root_cause} />
        <TextArea label={t('respond.correction')} name="correction" rows={2} hint={t('respond.correction_hint')} {...a.field('correction')} error={errs.accept.correction} />
        <TextArea label={t('respond.action')} name="action" required rows={3} {...a.field('action')} error={errs.accept.action} />
        <div class="form-row">
          <OwnerSelect tracking={tracking} name="owner_user_id" {...a.field('owner_user_id')} error={errs.accept.owner_user_id ?? errs.accept.owner_name} />
          <TextInput label={t('respond.due_date')} name="due_date" type="date" required min={todayInVietnam()} hint={t('respond.due_hint')} {...a.field('due_date')} error={errs.accept.due_date} />
        </div>
        <SubmitRow store={store} form="accept" label={t('respond.accept_submit')} />
      </form>
      <form
        class="card form-card"
        aria-labelledby="dispute-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submitWithFocus(e.currentTarget, store.submitDispute);
        }}
      >
        <h2 id="dispute-title">{t('respond.dispute_title')}</h2>
        <p class="hint">{t('respond.dispute_hint')}</p>
        <TextArea label={t('respond.reason')} name="reason" required rows={4} {...store.dispute.field('reason')} error={errs.dispute.reason} />
        <FileInput label={t('respond.counter_evidence')} file={store.files.value.dispute} onFile={(f) => (store.files.value = { ...store.files.value, dispute: f })} />
        <SubmitRow store={store} form="dispute" label={t('respond.dispute_submit')} />
      </form>
    </div>
  );
}

function DoneForm({ store }: { store: FindingStore }) {
  return (
    <form
      class="card form-card"
      aria-labelledby="done-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submitWithFocus(e.currentTarget, store.submitDone);
      }}
    >
      <h2 id="done-title">{t('done.title')}</h2>
      <p class="hint">{t('done.hint')}</p>
      <TextArea label={t('done.note')} name="done_note" required rows={4} {...store.done.field('note')} error={store.errors.value.done.note} />
      <FileInput label={t('done.evidence')} file={store.files.value.done} onFile={(f) => (store.files.value = { ...store.files.value, done: f })} />
      <SubmitRow store={store} form="done" label={t('done.submit')} />
    </form>
  );
}

function ReviewForm({ store }: { store: FindingStore }) {
  const d = store.review.value.value;
  // Withdrawing is final: it is confirmed inline first; Escape or "back" returns to the form's send button.
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirmWithdraw) confirmRef.current?.querySelector<HTMLElement>('button')?.focus();
  }, [confirmWithdraw]);
  const back = () => {
    setConfirmWithdraw(false);
    focusById('review-submit');
  };
  return (
    <form
      class="card form-card"
      aria-labelledby="review-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (d.decision === 'accept' && !confirmWithdraw) {
          setConfirmWithdraw(true);
          return;
        }
        setConfirmWithdraw(false);
        void submitWithFocus(e.currentTarget, store.submitReview);
      }}
    >
      <h2 id="review-title">{t('review.title')}</h2>
      <RadioGroup
        legend={t('review.decision')}
        name="review_decision"
        value={d.decision}
        onValue={(v) => {
          setConfirmWithdraw(false);
          store.review.set({ decision: v === 'accept' ? 'accept' : 'reject' });
        }}
        options={[
          { value: 'reject', label: t('review.reject') },
          { value: 'accept', label: t('review.accept') },
        ]}
      />
      <TextArea label={t('review.comment')} name="review_comment" required rows={3} {...store.review.field('comment')} error={store.errors.value.review.comment} />
      {confirmWithdraw ? (
        <div ref={confirmRef} class="confirm-inline stack" role="group" aria-labelledby="withdraw-confirm-text" onKeyDown={escapeCloses(back)}>
          <p id="withdraw-confirm-text" class="alert alert--info">
            {t('review.withdraw_confirm')}
          </p>
          <div class="button-row">
            <button type="submit" class="button button--danger" disabled={store.submission.busy.value}>
              {t('review.withdraw_do')}
            </button>
            <button type="button" class="button button--ghost" onClick={back}>
              {t('transition.back')}
            </button>
          </div>
        </div>
      ) : (
        <SubmitRow store={store} form="review" label={t('review.submit')} id="review-submit" />
      )}
    </form>
  );
}

function VerifyForm({ store }: { store: FindingStore }) {
  const d = store.verify.value.value;
  const errs = store.errors.value.verify;
  return (
    <form
      class="card form-card"
      aria-labelledby="verify-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submitWithFocus(e.currentTarget, store.submitVerify);
      }}
    >
      <h2 id="verify-title">{t('verify.title')}</h2>
      <RadioGroup
        legend={t('verify.effective')}
        name="verify_effective"
        value={d.effective}
        onValue={(v) => store.verify.set({ effective: v === 'no' ? 'no' : 'yes' })}
        options={[
          { value: 'yes', label: t('verify.yes') },
          { value: 'no', label: t('verify.no') },
        ]}
      />
      <TextArea label={d.effective === 'yes' ? t('verify.note_yes') : t('verify.note_no')} name="verify_note" required rows={3} {...store.verify.field('note')} error={errs.note} />
      {d.effective === 'no' && (
        <TextInput label={t('verify.new_due')} name="new_due_date" type="date" required min={todayInVietnam()} {...store.verify.field('new_due_date')} error={errs.new_due_date} />
      )}
      <SubmitRow store={store} form="verify" label={d.effective === 'yes' ? t('verify.submit_close') : t('verify.submit_reopen')} />
    </form>
  );
}

/**
 * What actually happens next, from the rules the worker enforces (shared `nextStepOf`): before the audit reaches
 * reporting the unit head cannot see the finding at all, so the next step is the team's, not the unit's answer.
 * The person whose turn it is reads "your turn"; everyone else reads who acts and what they do.
 */
function NextStep({ f, actor, role, pending }: { f: FindingDetail; actor: FindingActorRole; role: string | null; pending: DueDateRequest | null }) {
  const step = nextStepOf({ status: f.status, audit_status: f.audit_status, overdue: f.overdue, pending_request: pending !== null });
  const due = f.corrective_action ? formatDate(f.corrective_action.due_date) : '';
  const head = role === 'unit_head';
  const team = actor === 'lead' || actor === 'member';
  // Steps with one actor and the same words as before keep the "Waiting for {who}: {what}" sentence.
  const wait = (who: string, from: 'open' | 'disputed' | 'action_done') => t('next.wait', { who, what: t(`next.from_${from}`) });
  const text = ((): string => {
    switch (step) {
      case 'not_nc':
        return t('next.not_nc');
      case 'final':
        return t('next.final');
      case 'team_finishes_audit':
        return t('at.next_team_finishes');
      case 'unit_answers':
        return head ? t('next.your_turn_choice') : wait(t('actor.unit_head'), 'open');
      case 'lead_reviews_dispute':
        return actor === 'lead' ? t('next.your_turn') : wait(t('actor.lead'), 'disputed');
      case 'lead_decides_due_date':
        return actor === 'lead'
          ? t('at.next_lead_decides_you', { date: formatDate(pending?.new_due_date) })
          : head
            ? t('at.next_lead_decides_head', { date: formatDate(pending?.new_due_date) })
            : t('at.next_lead_decides', { date: formatDate(pending?.new_due_date) });
      case 'unit_acts_overdue':
        return head ? t('at.next_overdue_you', { date: due }) : t('at.next_overdue', { date: due });
      case 'unit_acts':
        return head ? t('at.next_act_you', { date: due }) : t('at.next_act', { date: due });
      case 'team_verifies':
        return team ? t('next.your_turn') : wait(`${t('actor.lead')}${t('common.or')}${t('actor.member')}`, 'action_done');
    }
  })();
  return <p data-testid="next-step" data-step={step}>{text}</p>;
}

/** The form's own failure and its submit button, for the action-tracking forms. */
function TrackingSubmit({ tracking, form, label, extra }: { tracking: ActionTrackingStore; form: TrackingForm; label: string; extra?: ComponentChildren }) {
  const busy = tracking.submission.busy.value && tracking.active.value === form;
  return (
    <>
      <ProblemAlert problem={tracking.active.value === form ? tracking.submission.error.value : null} />
      <div class="button-row">
        <button type="submit" class="button button--primary" disabled={tracking.submission.busy.value}>
          {busy ? t('common.saving') : label}
        </button>
        {extra}
      </div>
    </>
  );
}

/** The unit head's two ways to change a planned action, each opening its form; closing returns to its button. */
function PlanChangeButtons({ tracking, f, pending }: { tracking: ActionTrackingStore; f: FindingDetail; pending: DueDateRequest | null }) {
  return (
    <div class="button-row">
      {!pending && (
        <button type="button" id="at-open-extension" class="button button--secondary" aria-expanded={tracking.open.value === 'extension'} onClick={() => {
          tracking.open.value = 'extension';
          focusById('at-extension-title');
        }}>
          {t('at.extension_open')}
        </button>
      )}
      <button type="button" id="at-open-revision" class="button button--secondary" aria-expanded={tracking.open.value === 'revision'} onClick={() => {
        tracking.startRevision(f);
        focusById('at-revision-title');
      }}>
        {t('at.revision_open')}
      </button>
    </div>
  );
}

const closeForm = (tracking: ActionTrackingStore, opener: string) => () => {
  tracking.open.value = null;
  focusById(opener);
};

function ExtensionForm({ tracking, f }: { tracking: ActionTrackingStore; f: FindingDetail }) {
  const errs = tracking.errors.value.extension;
  const close = closeForm(tracking, 'at-open-extension');
  const current = f.corrective_action?.due_date ?? '';
  // The earliest date the worker accepts: the day after the current due date, and not before today.
  const dayAfter = current ? new Date(Date.parse(`${current}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10) : todayInVietnam();
  const min = dayAfter > todayInVietnam() ? dayAfter : todayInVietnam();
  return (
    <form class="card form-card" aria-labelledby="at-extension-title" noValidate onKeyDown={escapeCloses(close)} onSubmit={(e) => {
      e.preventDefault();
      void submitWithFocus(e.currentTarget, () => tracking.submitExtension(f));
    }}>
      <h2 id="at-extension-title" tabIndex={-1}>{t('at.extension_title')}</h2>
      <p class="hint">{t('at.extension_hint', { date: formatDate(current) })}</p>
      <TextInput label={t('at.new_due_date')} name="at_new_due_date" type="date" required min={min} {...tracking.extension.field('new_due_date')} error={errs.new_due_date} />
      <TextArea label={t('at.reason')} name="at_extension_reason" required rows={3} maxLength={4000} {...tracking.extension.field('reason')} error={errs.reason} />
      <TrackingSubmit tracking={tracking} form="extension" label={t('at.extension_submit')} extra={<button type="button" class="button button--ghost" onClick={close}>{t('common.cancel')}</button>} />
    </form>
  );
}

function RevisionForm({ tracking, f }: { tracking: ActionTrackingStore; f: FindingDetail }) {
  const errs = tracking.errors.value.revision;
  const r = tracking.revision;
  const close = closeForm(tracking, 'at-open-revision');
  return (
    <form class="card form-card" aria-labelledby="at-revision-title" noValidate onKeyDown={escapeCloses(close)} onSubmit={(e) => {
      e.preventDefault();
      void submitWithFocus(e.currentTarget, () => tracking.submitRevision(f));
    }}>
      <h2 id="at-revision-title" tabIndex={-1}>{t('at.revision_title')}</h2>
      <p class="hint">{t('at.revision_hint')}</p>
      <TextArea label={t('respond.root_cause')} name="at_root_cause" required rows={3} {...r.field('root_cause')} error={errs.root_cause} />
      <TextArea label={t('respond.correction')} name="at_correction" rows={2} {...r.field('correction')} error={errs.correction} />
      <TextArea label={t('respond.action')} name="at_action" required rows={3} {...r.field('action')} error={errs.action} />
      <OwnerSelect tracking={tracking} name="at_owner_user_id" {...r.field('owner_user_id')} error={errs.owner_user_id} />
      <TextInput label={t('respond.due_date')} name="at_due_date" type="date" required min={todayInVietnam()} hint={t('at.revision_due_hint')} {...r.field('due_date')} error={errs.due_date} />
      <TextArea label={t('at.revision_reason')} name="at_revision_reason" required rows={2} maxLength={4000} {...r.field('reason')} error={errs.reason} />
      <TrackingSubmit tracking={tracking} form="revision" label={t('at.revision_submit')} extra={<button type="button" class="button button--ghost" onClick={close}>{t('common.cancel')}</button>} />
    </form>
  );
}

/** The lead's decision on the pending request; refusing needs a reason. */
function DecisionForm({ tracking, f, pending }: { tracking: ActionTrackingStore; f: FindingDetail; pending: DueDateRequest }) {
  const d = tracking.decision.value.value;
  const errs = tracking.errors.value.decision;
  return (
    <form class="card form-card" aria-labelledby="at-decision-title" noValidate onSubmit={(e) => {
      e.preventDefault();
      void submitWithFocus(e.currentTarget, () => tracking.submitDecision(f));
    }}>
      <h2 id="at-decision-title">{t('at.decision_title')}</h2>
      <dl class="details">
        <dt>{t('at.current_due')}</dt>
        <dd>{formatDate(pending.current_due_date)}</dd>
        <dt>{t('at.new_due_date')}</dt>
        <dd><strong>{formatDate(pending.new_due_date)}</strong></dd>
        <dt>{t('at.reason')}</dt>
        <dd class="prewrap">{pending.reason}</dd>
        <dt>{t('at.asked_by')}</dt>
        <dd><bdi>{pending.requested_by_name ?? t('common.someone')}</bdi> · <time dateTime={pending.requested_at}>{formatDateTime(pending.requested_at)}</time></dd>
      </dl>
      {pending.kind === 'revision' && <p class="hint">{t('at.decision_revision_hint')}</p>}
      <RadioGroup
        legend={t('at.decision')}
        name="at_decision"
        value={d.decision}
        onValue={(v) => tracking.decision.set({ decision: v === 'refuse' ? 'refuse' : 'accept' })}
        options={[
          { value: 'accept', label: t('at.decision_accept') },
          { value: 'refuse', label: t('at.decision_refuse') },
        ]}
      />
      <TextArea label={d.decision === 'refuse' ? t('at.refuse_reason') : t('at.accept_note')} name="at_decision_reason" required={d.decision === 'refuse'} rows={2} maxLength={4000} {...tracking.decision.field('reason')} error={errs.reason} />
      <TrackingSubmit tracking={tracking} form="decision" label={d.decision === 'refuse' ? t('at.decision_submit_refuse') : t('at.decision_submit_accept')} />
    </form>
  );
}

/** Every request to move the due date, decided or waiting: the action's history of dates. */
function DueDateHistory({ requests }: { requests: DueDateRequest[] }) {
  if (requests.length === 0) return null;
  return (
    <>
      <h3 id="at-requests-title">{t('at.requests_title')}</h3>
      <ul class="timeline" aria-labelledby="at-requests-title" data-testid="due-date-requests">
        {requests.map((r) => (
          <li key={r.id}>
            <p class="timeline-head">
              <strong>{t(`at.request_${r.status}`)}</strong>{' '}
              <span>{t('at.request_dates', { from: formatDate(r.current_due_date), to: formatDate(r.new_due_date) })}</span>
              {r.kind === 'revision' && <span class="muted small"> · {t('at.request_kind_revision')}</span>}
            </p>
            <p class="timeline-body prewrap">{r.reason}</p>
            <p class="muted small">
              <bdi>{r.requested_by_name ?? t('common.someone')}</bdi> · <time dateTime={r.requested_at}>{formatDateTime(r.requested_at)}</time>
              {r.decided_at && (
                <>
                  {' '}→ <bdi>{r.decided_by_name ?? t('common.someone')}</bdi> · <time dateTime={r.decided_at}>{formatDateTime(r.decided_at)}</time>
                </>
              )}
            </p>
            {r.decision_reason && <p class="timeline-body prewrap">{r.decision_reason}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The conversation between the unit and the audit team; watchers read it, the unit head and the team post. */
function CommentThread({ tracking, canPost }: { tracking: ActionTrackingStore; canPost: boolean }) {
  const items = tracking.comments.data.value ?? [];
  const errs = tracking.errors.value.comment;
  return (
    <section class="card" aria-labelledby="at-comments-title">
      <h2 id="at-comments-title">
        {t('at.comments_title')} <span class="count">({items.length})</span>
      </h2>
      {tracking.comments.error.value && <ProblemAlert problem={tracking.comments.error.value} />}
      {items.length === 0 && !tracking.comments.loading.value ? (
        <p class="muted">{t('at.comments_empty')}</p>
      ) : (
        <ol class="timeline" data-testid="comments">
          {items.map((c) => (
            <li key={c.id}>
              <p class="timeline-head">
                {/* A name is a user's text: isolated, so a direction override in it stops at its end. */}
                <strong><bdi>{c.author_name ?? t('common.someone')}</bdi></strong>{' '}
                <span class="badge badge--outline">{t(`at.part_${c.author_part}`)}</span>{' '}
                <span class="muted small"><time dateTime={c.created_at}>{formatDateTime(c.created_at)}</time></span>
              </p>
              <p class="timeline-body prewrap">{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canPost && (
        <form noValidate onSubmit={(e) => {
          e.preventDefault();
          void submitWithFocus(e.currentTarget, tracking.submitComment);
        }}>
          <TextArea label={t('at.comment_new')} name="at_comment" required rows={3} maxLength={4000} hint={t('at.comment_hint')} {...tracking.comment.field('body')} error={errs.body} />
          <TrackingSubmit tracking={tracking} form="comment" label={t('at.comment_submit')} />
        </form>
      )}
    </section>
  );
}

/** After a step: the focus goes to the first field to fix (or the failure), or to the message saying it worked. */
async function submitWithFocus(form: HTMLFormElement, run: () => Promise<boolean>): Promise<void> {
  const ok = await run();
  // Let the new errors or the new state render first.
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const target = ok
    ? (document.querySelector<HTMLElement>('.notice-region .alert--success') ?? document.querySelector<HTMLElement>('h1'))
    : form.isConnected
      ? (form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[role="alert"]'))
      : null;
  target?.focus();
}

function eventText(e: EventRow): string {
  const s = e.summary;
  const parts: string[] = [];
  const from = typeof s.from === 'string' ? s.from : null;
  const to = typeof s.to === 'string' ? s.to : null;
  if (from && to) parts.push(`${tOr(`status.${from}`, from)} → ${tOr(`status.${to}`, to)}`);
  for (const k of ['reason', 'comment', 'note', 'root_cause', 'action'] as const) {
    const v = s[k];
    if (typeof v === 'string' && v) parts.push(v);
  }
  for (const k of ['due_date', 'new_due_date'] as const) {
    const v = s[k];
    if (typeof v === 'string') parts.push(`${t(`event_field.${k}`)} ${formatDate(v)}`);
  }
  return parts.join(' · ');
}

export function FindingPage({ params }: { params: Record<string, string> }) {
  const { api, session } = useApp();
  const id = params.id ?? '';
  const store = useMemo(() => createFindingStore(api, id), [id]);
  const tracking = useMemo(
    () =>
      createActionTrackingStore(api, id, async (message) => {
        await store.load();
        store.submission.done.value = message;
      }),
    [store],
  );
  useEffect(() => {
    void store.load();
    return () => store.dispose();
  }, [store]);
  const loaded = store.finding.data.value;
  // The requests, owners and thread follow the finding: loaded once it is known (and its status, for owners).
  useEffect(() => {
    if (loaded) void tracking.load(loaded, session.role.value);
  }, [tracking, loaded?.id, loaded?.status]);

  const f = store.finding.data.value;
  if (store.finding.error.value && !f) return <ProblemAlert problem={store.finding.error.value} onRetry={() => void store.load()} />;
  if (!f) return <Loading />;

  const role = session.role.value;
  const actor = store.actorRole(role);
  const reporting = f.audit_status === 'reporting' || f.audit_status === 'closed';
  const canRespond = role === 'unit_head' && reporting && f.status === 'open';
  const canReportDone = role === 'unit_head' && reporting && f.status === 'action_planned';
  const canReview = actor === 'lead' && reporting && f.status === 'disputed';
  const canVerify = (actor === 'lead' || actor === 'member') && reporting && f.status === 'action_done';
  const ca = f.corrective_action;
  const pending = tracking.pending();
  // A planned action not done can get more time or a revised plan (unit head); a waiting date is the lead's to decide.
  const canChangePlan = canReportDone && ca !== null && ca.done_at === null;
  const canDecide = actor === 'lead' && reporting && f.status === 'action_planned' && pending !== null;
  const members = new Map((store.audit.data.value?.members ?? []).map((m) => [m.user_id, m.display_name]));
  // The unit head is not on the team: their name comes from the history of the finding.
  for (const e of store.events.data.value ?? []) if (e.actor_id && e.actor_name) members.set(e.actor_id, e.actor_name);
  if (f.recorded_by_name) members.set(f.recorded_by, f.recorded_by_name);
  if (session.me.value) members.set(session.me.value.user.id, session.me.value.user.display_name);
  const nameOf = (userId: string) => members.get(userId) ?? t('common.someone');
  const download = (e: Evidence) => {
    void api.getBlob(`/evidence/${e.id}/blob`).then(
      // The name it was attached with (`bienban.pdf`), as the server's download names it.
      (b) => saveBlob(b, e.mime ? evidenceFileName({ id: e.id, mime: e.mime, fields: e.fields }) : `evidence-${e.id}`),
      () => undefined,
    );
  };
  const page = safeHttpUrl(f.page_url);

  return (
    <>
      <p class="breadcrumb">
        <Link href="/findings">{t('nav.findings')}</Link> ›{' '}
        <Link href={`/audits/${f.audit_id}`}>{f.audit_code}</Link> › <span>{f.unit_name}</span>
      </p>
      <PageHeader
        title={`${f.item_code} · ${t('finding.clause')} ${f.item_clause}`}
        subtitle={
          <span class="badges">
            <ResultBadge result={f.result} /> <StatusBadge status={f.status} />
            {f.overdue && <span class="badge badge--overdue">{t('status.overdue')}</span>}
          </span>
        }
      />
      <Notice message={store.submission.done.value} />
      <div class="two-col">
        <div class="col-main stack">
          <section class="card" aria-labelledby="what-title">
            <h2 id="what-title">{t('finding.what')}</h2>
            <dl class="details">
              <dt>{t('finding.requirement')}</dt>
              <dd>{f.item_text_vi}</dd>
              <dt>{t('finding.note')}</dt>
              <dd class="prewrap">{f.note || '—'}</dd>
              {f.dossier_code && (
                <>
                  <dt>{t('finding.dossier')}</dt>
                  <dd>{f.dossier_code}</dd>
                </>
              )}
              {f.page_url && (
                <>
                  <dt>{t('finding.page')}</dt>
                  <dd>
                    {page ? (
                      <a href={page} target="_blank" rel="noopener noreferrer">
                        {page}
                      </a>
                    ) : (
                      f.page_url
                    )}
                  </dd>
                </>
              )}
              <dt>{t('finding.unit')}</dt>
              <dd>{f.unit_name}</dd>
              <dt>{t('finding.recorded')}</dt>
              <dd>{t('finding.recorded_by', { who: f.recorded_by_name ?? t('common.someone'), when: formatDateTime(f.recorded_at) })}</dd>
              {f.dispute_reason && (
                <>
                  <dt>{t('finding.dispute_reason')}</dt>
                  <dd class="prewrap">{f.dispute_reason}</dd>
                </>
              )}
              {f.review_comment && (
                <>
                  <dt>{t('finding.review_comment')}</dt>
                  <dd class="prewrap">{f.review_comment}</dd>
                </>
              )}
              {f.closed_at && (
                <>
                  <dt>{t('finding.closed_at')}</dt>
                  <dd>{formatDateTime(f.closed_at)}</dd>
                </>
              )}
            </dl>
          </section>

          <section class="card" aria-labelledby="evidence-title">
            <h2 id="evidence-title">
              {t('finding.evidence')} <span class="count">({f.evidence.length})</span>
            </h2>
            {f.evidence.length === 0 ? (
              <p class="muted">{t('finding.no_evidence')}</p>
            ) : (
              <div class="stack">
                {f.evidence.map((e) => (
                  <EvidenceCard key={e.id} evidence={e} capturedBy={nameOf(e.captured_by)} blob={store.blobs.value[e.id]} onLoadBlob={() => void store.loadBlob(e)} onDownload={() => download(e)} />
                ))}
              </div>
            )}
          </section>

          {ca && (
            <section class={`card${f.overdue ? ' card--overdue' : ''}`} aria-labelledby="ca-title">
              <h2 id="ca-title">{t('ca.title')}</h2>
              <dl class="details">
                <dt>{t('respond.due_date')}</dt>
                <dd>
                  <DueDate date={ca.due_date} overdue={f.overdue} done={ca.done_at !== null || f.status !== 'action_planned'} />
                </dd>
                <dt>{t('respond.root_cause')}</dt>
                <dd class="prewrap">{ca.root_cause}</dd>
                {ca.correction && (
                  <>
                    <dt>{t('respond.correction')}</dt>
                    <dd class="prewrap">{ca.correction}</dd>
                  </>
                )}
                <dt>{t('respond.action')}</dt>
                <dd class="prewrap">{ca.action}</dd>
                <dt>{t('respond.owner')}</dt>
                <dd data-testid="action-owner">
                  <bdi>{ca.owner_name}</bdi>
                  {ca.owner_user_id === null && <span class="muted small"> · {t('at.owner_legacy')}</span>}
                </dd>
                {ca.done_at && (
                  <>
                    <dt>{t('ca.done')}</dt>
                    <dd>
                      <span class="prewrap">{ca.done_note}</span>
                      <div class="muted small">{formatDateTime(ca.done_at)}</div>
                    </dd>
                  </>
                )}
                {ca.verified_at && (
                  <>
                    <dt>{t('ca.verification')}</dt>
                    <dd>
                      <strong>{ca.effective ? t('ca.effective') : t('ca.not_effective')}</strong> — <span class="prewrap">{ca.verification_note}</span>
                      <div class="muted small">
                        {ca.verified_by ? nameOf(ca.verified_by) : ''} · {formatDateTime(ca.verified_at)}
                      </div>
                    </dd>
                  </>
                )}
              </dl>
              {pending && <p class="alert alert--info" data-testid="pending-request">{t('at.pending_notice', { date: formatDate(pending.new_due_date) })}</p>}
              <DueDateHistory requests={tracking.requests.data.value ?? []} />
            </section>
          )}

          <CommentThread tracking={tracking} canPost={canComment(role, actor) && f.deleted_at === null} />
        </div>

        <div class="col-side stack">
          <section class="card" aria-labelledby="next-title">
            <h2 id="next-title">{t('next.title')}</h2>
            <NextStep f={f} actor={actor} role={role} pending={pending} />
            {canChangePlan && <PlanChangeButtons tracking={tracking} f={f} pending={pending} />}
          </section>
          {canRespond && <RespondForms store={store} tracking={tracking} />}
          {canChangePlan && tracking.open.value === 'extension' && !pending && <ExtensionForm tracking={tracking} f={f} />}
          {canChangePlan && tracking.open.value === 'revision' && <RevisionForm tracking={tracking} f={f} />}
          {canDecide && pending && <DecisionForm tracking={tracking} f={f} pending={pending} />}
          {canReportDone && <DoneForm store={store} />}
          {canReview && <ReviewForm store={store} />}
          {canVerify && <VerifyForm store={store} />}

          <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t('finding.history')}</h2>
            {store.events.error.value && <ProblemAlert problem={store.events.error.value} />}
            {(store.events.data.value ?? []).filter((e) => e.type !== 'finding.commented').length === 0 && !store.events.loading.value ? (
              <EmptyState title={t('finding.no_history')} />
            ) : (
              <ol class="timeline">
                {/* Comments have their own thread; the history keeps the steps. */}
                {(store.events.data.value ?? []).filter((e) => e.type !== 'finding.commented').map((e) => (
                  <li key={e.id}>
                    <p class="timeline-head">
                      <strong>{tOr(`event.${e.type}`, e.type)}</strong>
                      <span class="muted small">
                        {' '}
                        {/* A name is a user's text: isolated, so a direction override in it stops at its end. */}
                        · <bdi>{e.actor_name ?? t('common.system')}</bdi> · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                      </span>
                    </p>
                    {eventText(e) && <p class="timeline-body">{eventText(e)}</p>}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
