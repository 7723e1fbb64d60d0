// One audit for its team and watchers: the plan (units, checklist versions, team, dates), the next states with
// their gates (checked here, explained when the server refuses), disputes to review and actions to verify, the
// findings per unit and checklist item, and the CSV and W3C annotation exports. Tabs lead to the audit's automated
// check samples and the units' reported figures (pages/checks/).
import { compareSeverity, findingCounts, worstResult, type AuditStatus, type Result } from '@onestop/shared';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { AuditStatusBadge, ResultBadge, StatusBadge } from '../components/Badges.tsx';
import { EmptyState, escapeCloses, focusById, Loading, Notice, ProblemAlert } from '../components/Feedback.tsx';
import { AuditReportCard } from '../components/AuditReportCard.tsx';
import { AuditTabs } from '../components/AuditTabs.tsx';
import { FindingsTable } from '../components/FindingsTable.tsx';
import { TextArea } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { RemindUnits } from '../components/RemindUnits.tsx';
import { useApp } from '../lib/context.ts';
import { formatDate, formatDateTime } from '../lib/format.ts';
import { t, tOr, type MessageKey } from '../lib/i18n.ts';
import { href, Link } from '../lib/router.tsx';
import type { FindingRow } from '../lib/schemas.ts';
import { createAuditStore, type AuditStore } from '../stores/audits.ts';

/** Natural order of item codes (MC-8.5.1-09 before MC-8.5.1-10, MC-9 before MC-10). */
const byItem = (a: FindingRow, b: FindingRow) => a.item_code.localeCompare(b.item_code, undefined, { numeric: true }) || (a.recorded_at < b.recorded_at ? 1 : -1);

/** Refusals a written reason overrides: the button stays usable and the confirmation asks for the reason. */
const REASON_GATES = new Set(['coverage_below_threshold', 'early_start_reason_required']);
const openerId = (to: AuditStatus) => `transition-open-${to}`;
const precheckCode = (store: AuditStore, to: AuditStatus) => {
  const pre = store.precheck(to);
  return pre && !pre.ok ? pre.code : null;
};

/** The inline confirmation of one transition; Escape or "back" closes it and gives focus back to its opener. */
function ConfirmTransition({ store, to }: { store: AuditStore; to: AuditStatus }) {
  const needsReason = store.precheck(to)?.ok === false;
  const reasonOk = store.precheck(to, store.note.value)?.ok !== false;
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('textarea')?.focus();
  }, []);
  const close = () => {
    store.confirming.value = null;
    focusById(openerId(to));
  };
  return (
    <form
      ref={ref}
      class="stack"
      onKeyDown={escapeCloses(close)}
      onSubmit={(e) => {
        e.preventDefault();
        if (needsReason && !reasonOk) return;
        void store.move(to);
      }}
    >
      <TextArea
        label={needsReason ? t('transition.reason') : t('transition.note')}
        name="transition_note"
        rows={2}
        required={needsReason}
        hint={needsReason ? t('transition.reason_hint') : undefined}
        error={needsReason && store.note.value.trim().length > 0 && !reasonOk ? t('transition.reason_short') : undefined}
        value={store.note.value}
        onValue={(v) => (store.note.value = v)}
      />
      <div class="button-row">
        <button type="submit" class={`button ${to === 'cancelled' ? 'button--danger' : 'button--primary'}`} disabled={store.transition.busy.value || (needsReason && !reasonOk)}>
          {to === 'cancelled' ? t('transition.to_cancelled') : t('transition.confirm', { status: t(`audit_status.${to}`) })}
        </button>
        <button type="button" class="button button--ghost" onClick={close}>
          {t('transition.back')}
        </button>
      </div>
    </form>
  );
}

function Transitions({ store, canMove }: { store: AuditStore; canMove: boolean }) {
  const a = store.audit.data.value;
  if (!a) return null;
  const next = store.next.value;
  const confirming = store.confirming.value;
  if (next.length === 0) return <p class="muted">{t('audit.final', { status: t(`audit_status.${a.status}`) })}</p>;
  return (
    <div class="stack">
      {next.map((to: AuditStatus) => {
        const gates = store.gates(to);
        const pre = store.precheck(to);
        const blocked = pre && !pre.ok && !REASON_GATES.has(pre.code) ? pre : null;
        const blockedId = `transition-blocked-${to}`;
        return (
          <div key={to} class="transition">
            <h3>{t(`transition.to_${to}` as MessageKey)}</h3>
            <p class="hint">{t(`transition.hint_${to}` as MessageKey)}</p>
            {gates.length > 0 && (
              <ul class="gates" aria-label={t('transition.gates')}>
                {gates.map((g) => (
                  <li key={g.key} class={g.ok ? 'gate gate--ok' : 'gate gate--fail'}>
                    <span aria-hidden="true">{g.ok ? '✓' : '✗'}</span> <span class="visually-hidden">{g.ok ? t('transition.gate_met') : t('transition.gate_unmet')}: </span>
                    {t(g.key as MessageKey, g.params)}
                  </li>
                ))}
              </ul>
            )}
            {canMove &&
              (confirming === to ? (
                <ConfirmTransition store={store} to={to} />
              ) : (
                <>
                  <button
                    type="button"
                    id={openerId(to)}
                    class={`button ${to === 'cancelled' ? 'button--danger-outline' : blocked ? 'button--secondary' : 'button--primary'}`}
                    disabled={blocked !== null}
                    aria-describedby={blocked ? blockedId : undefined}
                    onClick={() => {
                      store.transition.reset();
                      store.note.value = '';
                      store.confirming.value = to;
                    }}
                  >
                    {t('transition.move', { status: t(`audit_status.${to}`) })}
                  </button>
                  {blocked && (
                    <p id={blockedId} class="transition-blocked small">
                      {t('transition.blocked', { reason: tOr(`problem.${blocked.code}`, t('transition.will_refuse')) })}
                    </p>
                  )}
                </>
              ))}
          </div>
        );
      })}
      <ProblemAlert problem={store.transition.error.value} />
      {(store.transition.error.value?.code === 'nonconformities_unresolved' || (next.includes('closed') && precheckCode(store, 'closed') === 'nonconformities_unresolved')) && (
        <p>
          <Link href={href('/findings', { audit: store.id, status: 'open' })}>{t('transition.see_open')}</Link> ·{' '}
          <Link href={href('/findings', { audit: store.id, status: 'disputed' })}>{t('transition.see_disputed')}</Link>
        </p>
      )}
      {!canMove && <p class="muted small">{t('transition.only_lead')}</p>}
    </div>
  );
}

function UnitFindings({ unitId, unitName, rows }: { unitId: string; unitName: string; rows: FindingRow[] }) {
  const items = new Map<string, FindingRow[]>();
  for (const f of [...rows].sort(byItem)) {
    const list = items.get(f.item_id);
    if (list) list.push(f);
    else items.set(f.item_id, [f]);
  }
  const counts = new Map<Result, number>();
  for (const list of items.values()) {
    const worst = worstResult(list.filter(findingCounts).map((f) => f.result));
    if (worst) counts.set(worst, (counts.get(worst) ?? 0) + 1);
  }
  const headingId = `unit-${unitId}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {unitName} <span class="count">({t('audit.items_assessed', { n: items.size })})</span>
      </h3>
      {items.size === 0 ? (
        <p class="muted">{t('audit.unit_no_findings')}</p>
      ) : (
        <>
          <p class="badges">
            {[...counts.entries()]
              .sort((x, y) => compareSeverity(x[0], y[0]))
              .map(([r, n]) => (
                <span key={r}>
                  <ResultBadge result={r} /> {n}
                </span>
              ))}
          </p>
          <div class="table-wrap" role="region" aria-label={t('audit.findings_of', { unit: unitName })} tabIndex={0}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('finding.item')}</th>
                  <th scope="col">{t('finding.requirement')}</th>
                  <th scope="col">{t('audit.item_result')}</th>
                  <th scope="col">{t('audit.item_findings')}</th>
                </tr>
              </thead>
              <tbody>
                {[...items.values()].map((list) => {
                  const first = list[0];
                  if (!first) return null;
                  const worst = worstResult(list.filter(findingCounts).map((f) => f.result));
                  return (
                    <tr key={first.item_id}>
                      <td class="nowrap">
                        <strong>{first.item_code}</strong>
                        <div class="muted small">
                          {t('finding.clause')} {first.item_clause}
                        </div>
                      </td>
                      <td>
                        <span class="clamp">{first.item_text_vi}</span>
                      </td>
                      <td>{worst ? <ResultBadge result={worst} /> : <span class="muted">—</span>}</td>
                      <td>
                        <ul class="plain-list finding-links">
                          {list.map((f) => (
                            <li key={f.id}>
                              <Link href={`/findings/${f.id}`}>
                                <ResultBadge result={f.result} /> <StatusBadge status={f.status} />
                                <span class="small"> {f.recorded_by_name ?? ''} · {formatDate(f.recorded_at)}</span>
                              </Link>
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function AuditPage({ params }: { params: Record<string, string> }) {
  const { api, session } = useApp();
  const id = params.id ?? '';
  const store = useMemo(() => createAuditStore(api, id), [id]);
  useEffect(() => {
    void store.load();
  }, [store]);
  const a = store.audit.data.value;
  if (store.audit.error.value && !a) return <ProblemAlert problem={store.audit.error.value} onRetry={() => void store.load()} />;
  if (!a) return <Loading />;

  const role = session.role.value;
  const canMove = role === 'admin' || a.my_role === 'lead';
  const canEdit = a.status === 'planned' && (role === 'admin' || role === 'leader' || a.my_role === 'lead');
  const findings = store.findings.data.value ?? [];
  const disputes = findings.filter((f) => f.status === 'disputed');
  const toVerify = findings.filter((f) => f.status === 'action_done');
  const lead = a.members.find((m) => m.role === 'lead');
  const members = a.members.filter((m) => m.role === 'member');
  // Nothing to export from a planned audit with no findings; the W3C file, when empty, is replaced by a note.
  const showExports = !(a.status === 'planned' && findings.length === 0);

  return (
    <>
      <p class="breadcrumb">
        <Link href="/audits">{t('nav.audits')}</Link> › <span>{a.code}</span>
      </p>
      <PageHeader
        title={a.code}
        subtitle={
          <>
            <span class="badges">
              <AuditStatusBadge status={a.status} /> <span class="badge badge--outline">{t(`audit_kind.${a.kind}`)}</span>
              {a.my_role && <span class="badge badge--neutral">{t(`member_role.${a.my_role}`)}</span>}
            </span>
            <p class="page-lead">{a.title}</p>
          </>
        }
      >
        {canEdit && (
          <Link class="button button--secondary" href={`/audits/${a.id}/edit`}>
            {t('audit.edit_plan')}
          </Link>
        )}
        {showExports && (
          <a class="button button--secondary" href={`/api/v1/audits/${a.id}/export.csv`} download={`${a.code.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.csv`}>
            {t('audit.export_csv')}
          </a>
        )}
        {showExports && (
          // A link (it still works opened in a new tab); a click checks first that the collection is not empty.
          <a
            class="button button--secondary"
            href={`/api/v1/audits/${a.id}/annotations.jsonld`}
            download={`${a.code.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.jsonld`}
            aria-describedby={store.annotationsEmpty.value ? 'export-annotations-note' : undefined}
            aria-busy={store.exporting.busy.value || undefined}
            onClick={(e) => {
              e.preventDefault();
              if (!store.exporting.busy.value) void store.exportAnnotations(e.currentTarget.download);
            }}
          >
            {t('audit.export_annotations')}
          </a>
        )}
      </PageHeader>
      {store.annotationsEmpty.value && (
        <p id="export-annotations-note" class="alert alert--info export-note" role="status">
          {t('audit.export_no_evidence')}
        </p>
      )}
      <ProblemAlert problem={store.exporting.error.value} />
      <AuditTabs auditId={a.id} />
      <Notice message={store.transition.done.value} />

      <div class="two-col">
        <section class="card col-main" aria-labelledby="plan-title">
          <h2 id="plan-title">{t('audit.plan_title')}</h2>
          <dl class="details">
            <dt>{t('audit.dates')}</dt>
            <dd>
              {formatDate(a.planned_start)} – {formatDate(a.planned_end)}
            </dd>
            {a.started_at && (
              <>
                <dt>{t('audit.started_at')}</dt>
                <dd>{formatDateTime(a.started_at)}</dd>
              </>
            )}
            {a.reporting_at && (
              <>
                <dt>{t('audit.reporting_at')}</dt>
                <dd>{formatDateTime(a.reporting_at)}</dd>
              </>
            )}
            {a.closed_at && (
              <>
                <dt>{t('audit.closed_at')}</dt>
                <dd>{formatDateTime(a.closed_at)}</dd>
              </>
            )}
            <dt>{t('audit.units')}</dt>
            <dd>
              <ul class="plain-list">
                {a.units.map((u) => (
                  <li key={u.id}>
                    {u.name} <span class="muted small">({u.code})</span>
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t('audit.checklists')}</dt>
            <dd>
              <ul class="plain-list">
                {a.checklists.map((c) => (
                  <li key={c.version_id}>
                    {c.checklist_code} v{c.version} — {c.title_vi} <span class="muted small">({t('audit.items', { n: c.item_count })})</span>
                  </li>
                ))}
              </ul>
            </dd>
            <dt>{t('audit.team')}</dt>
            <dd>
              <ul class="plain-list">
                {lead && (
                  <li>
                    <bdi>{lead.display_name}</bdi> — <strong>{t('member_role.lead')}</strong>
                  </li>
                )}
                {members.map((m) => (
                  <li key={m.user_id}>
                    <bdi>{m.display_name}</bdi> — {t('member_role.member')}
                  </li>
                ))}
              </ul>
            </dd>
            {a.scope_note && (
              <>
                <dt>{t('audit.scope')}</dt>
                <dd class="prewrap">{a.scope_note}</dd>
              </>
            )}
          </dl>
        </section>
        <section class="card col-side" aria-labelledby="transitions-title">
          <h2 id="transitions-title">{t('audit.transitions')}</h2>
          <Transitions store={store} canMove={canMove} />
        </section>
      </div>
      <RemindUnits audit={a} />
      <AuditReportCard audit={a} />

      <ProblemAlert problem={store.findings.error.value} onRetry={() => void store.load()} />
      {store.findings.loading.value && !store.findings.data.value && <Loading />}

      {(a.status === 'reporting' || a.status === 'closed') && (
        <div class="stack section-gap">
          <section class="card" aria-labelledby="disputes-title">
            <h2 id="disputes-title">
              {t('audit.disputes')} <span class="count">({disputes.length})</span>
            </h2>
            <FindingsTable rows={disputes} caption={t('audit.disputes')} showAudit={false} empty={<p class="muted">{t('audit.no_disputes')}</p>} />
          </section>
          <section class="card" aria-labelledby="verify-title">
            <h2 id="verify-title">
              {t('audit.to_verify')} <span class="count">({toVerify.length})</span>
            </h2>
            <FindingsTable rows={toVerify} caption={t('audit.to_verify')} showAudit={false} empty={<p class="muted">{t('audit.no_verify')}</p>} />
          </section>
        </div>
      )}

      <section aria-labelledby="by-unit-title" class="stack">
        <h2 id="by-unit-title">{t('audit.by_unit')}</h2>
        {store.findings.data.value && findings.length === 0 && (
          <EmptyState title={t('audit.no_findings')}>
            <p>{a.status === 'planned' ? t('audit.no_findings_planned') : t('audit.no_findings_hint')}</p>
          </EmptyState>
        )}
        {findings.length > 0 &&
          a.units
            .filter((u) => role !== 'unit_head' || findings.some((f) => f.unit_id === u.id))
            .map((u) => <UnitFindings key={u.id} unitId={u.id} unitName={u.name} rows={findings.filter((f) => f.unit_id === u.id)} />)}
      </section>
    </>
  );
}
