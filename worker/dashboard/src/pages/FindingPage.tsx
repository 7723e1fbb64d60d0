// One finding: what the team found and the evidence behind it, the corrective action with its due date, the
// history, and the step the signed-in person can take now (unit head: accept with a plan, dispute, report done;
// lead inspector: decide a dispute; audit team: verify the action).
import { evidenceFileName, NC_TRANSITIONS, todayInVietnam, type Evidence, type FindingDetail } from '@onestop/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DueDate, ResultBadge, StatusBadge } from '../components/Badges.tsx';
import { EvidenceCard, safeHttpUrl } from '../components/EvidenceCard.tsx';
import { EmptyState, escapeCloses, focusById, Loading, Notice, ProblemAlert } from '../components/Feedback.tsx';
import { RadioGroup, TextArea, TextInput } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { useApp } from '../lib/context.ts';
import { ACCEPT_ATTRIBUTE, saveBlob } from '../lib/files.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { t, tOr } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import type { EventRow } from '../lib/schemas.ts';
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

function RespondForms({ store }: { store: FindingStore }) {
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
          <TextInput label={t('respond.owner')} name="owner_name" required autocomplete="name" {...a.field('owner_name')} error={errs.accept.owner_name} />
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
 * What happens next and who does it, for everyone who only watches: one line for the finding's current state
 * (every transition out of it, by whom), e.g. after "report done" only the team's verification.
 */
function NextSteps({ f }: { f: FindingDetail }) {
  const steps = NC_TRANSITIONS.filter((s) => s.from === f.status);
  if (f.status === 'recorded') return <p class="muted">{t('next.not_nc')}</p>;
  if (steps.length === 0) return <p class="muted">{t('next.final')}</p>;
  if (f.audit_status !== 'reporting' && f.audit_status !== 'closed') return <p class="muted">{t('next.before_reporting')}</p>;
  const actors = [...new Set(steps.flatMap((s) => s.actors))];
  return <p data-testid="next-step">{t('next.wait', { who: actors.map((a) => t(`actor.${a}`)).join(t('common.or')), what: tOr(`next.from_${f.status}`, f.status) })}</p>;
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
  useEffect(() => {
    void store.load();
    return () => store.dispose();
  }, [store]);

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
                <dd>{ca.owner_name}</dd>
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
            </section>
          )}
        </div>

        <div class="col-side stack">
          <section class="card" aria-labelledby="next-title">
            <h2 id="next-title">{t('next.title')}</h2>
            {canRespond ? <p>{t('next.your_turn_choice')}</p> : canReportDone || canReview || canVerify ? <p>{t('next.your_turn')}</p> : <NextSteps f={f} />}
          </section>
          {canRespond && <RespondForms store={store} />}
          {canReportDone && <DoneForm store={store} />}
          {canReview && <ReviewForm store={store} />}
          {canVerify && <VerifyForm store={store} />}

          <section class="card" aria-labelledby="history-title">
            <h2 id="history-title">{t('finding.history')}</h2>
            {store.events.error.value && <ProblemAlert problem={store.events.error.value} />}
            {(store.events.data.value ?? []).length === 0 && !store.events.loading.value ? (
              <EmptyState title={t('finding.no_history')} />
            ) : (
              <ol class="timeline">
                {(store.events.data.value ?? []).map((e) => (
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
