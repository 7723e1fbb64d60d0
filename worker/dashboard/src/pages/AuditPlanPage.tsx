// Plan an audit (leaders and admins) or change a planned one (also its lead inspector): units, published checklist
// versions, team and dates, checked with the shared schema before it is sent.
import { AUDIT_KINDS, MAX_REMINDER_AFTER_DAYS, MIN_REMINDER_AFTER_DAYS, type UnitRef } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, ProblemAlert } from '../components/Feedback.tsx';
import { Select, TextArea, TextInput } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { MultiCheck, type CheckOption } from '../components/MultiCheck.tsx';
import { useApp } from '../lib/context.ts';
import { pick, t } from '../lib/i18n.ts';
import { Link, navigate } from '../lib/router.tsx';
import { setFlash } from '../lib/flash.ts';
import { createPlanStore } from '../stores/audits.ts';

/** Units in tree order with their depth. */
function unitOptions(units: readonly UnitRef[], rootId: string | undefined): CheckOption[] {
  const children = new Map<string | null, UnitRef[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const u of units) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    const list = children.get(parent);
    if (list) list.push(u);
    else children.set(parent, [u]);
  }
  const out: CheckOption[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      out.push({ value: u.id, label: u.name, depth, hint: `(${u.code})` });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  if (out.length === 0 && rootId) return [];
  return out;
}

export function AuditPlanPage({ params }: { params: Record<string, string> }) {
  const { api, session } = useApp();
  const auditId = params.id ?? null;
  const store = useMemo(() => createPlanStore(api, auditId), [auditId]);
  useEffect(() => {
    void store.load();
  }, [store]);
  const d = store.draft.value.value;
  const errs = store.errors.value;
  const existing = store.existing.data.value;
  const inspectors = store.inspectors.data.value ?? [];
  const versions = store.versions.data.value ?? [];
  const units = unitOptions(session.me.value?.visible_units ?? [], session.me.value?.unit.id);
  const loading = store.inspectors.loading.value || store.versions.loading.value || store.existing.loading.value;
  const loadError = store.inspectors.error.value ?? store.versions.error.value ?? store.existing.error.value;

  if (auditId && existing && existing.status !== 'planned') {
    // The page keeps its heading, so it still says which audit this is (and has its one h1).
    return (
      <>
        <PageHeader title={t('plan.edit_title', { code: existing.code })} />
        <EmptyState title={t('plan.not_planned')}>
          <p>
            <Link href={`/audits/${existing.id}`}>{t('plan.back')}</Link>
          </p>
        </EmptyState>
      </>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    const id = await store.save();
    if (id) {
      setFlash(existing ? t('plan.saved') : t('plan.created'), `/audits/${id}`);
      navigate(`/audits/${id}`);
    }
  };
  const serverError = store.submission.error.value;
  const err = (name: string) => errs[name] ?? serverError?.fieldError(name);
  // "End before start" only makes sense once both dates are set; an empty end date is simply required.
  const endError = (): string | undefined => {
    const e = err('planned_end');
    if (e === undefined) return undefined;
    if (d.planned_end === '') return t('form.required');
    return d.planned_start !== '' && d.planned_end < d.planned_start ? t('plan.end_error') : e;
  };

  return (
    <>
      <p class="breadcrumb">
        <Link href="/audits">{t('nav.audits')}</Link> › <span>{existing ? existing.code : t('plan.new')}</span>
      </p>
      <PageHeader title={existing ? t('plan.edit_title', { code: existing.code }) : t('plan.new_title')} subtitle={t('plan.subtitle')} />
      <ProblemAlert problem={loadError} onRetry={() => void store.load()} />
      {loading && <Loading />}
      {!loading && versions.length === 0 && !loadError && (
        <p class="alert alert--info">{session.role.value === 'admin' ? t('plan.no_versions_admin') : t('plan.no_versions')}</p>
      )}
      {!loading && inspectors.length === 0 && !loadError && <p class="alert alert--info">{t('plan.no_inspectors')}</p>}
      <form class="card form-card plan-form" onSubmit={submit} noValidate aria-label={t('plan.form')}>
        <div class="form-row">
          <TextInput label={t('plan.code')} name="code" required disabled={existing !== null} hint={t('plan.code_hint')} {...store.draft.field('code')} error={err('code')} />
          <Select
            label={t('plan.kind')}
            name="kind"
            value={d.kind}
            onValue={(v) => store.draft.set({ kind: (AUDIT_KINDS as readonly string[]).includes(v) ? (v as typeof d.kind) : d.kind })}
            options={AUDIT_KINDS.map((k) => ({ value: k, label: t(`audit_kind.${k}`) }))}
          />
        </div>
        <TextInput label={t('plan.title')} name="title" required {...store.draft.field('title')} error={err('title')} />
        <div class="form-row">
          <TextInput label={t('plan.start')} name="planned_start" type="date" required {...store.draft.field('planned_start')} error={err('planned_start')} />
          <TextInput label={t('plan.end')} name="planned_end" type="date" required min={d.planned_start || undefined} {...store.draft.field('planned_end')} error={endError()} />
        </div>
        <TextArea label={t('plan.scope')} name="scope_note" rows={3} {...store.draft.field('scope_note')} error={err('scope_note')} />
        <TextInput label={t('notif.plan_reminder_days')} name="reminder_after_days" type="number" inputMode="numeric" min={String(MIN_REMINDER_AFTER_DAYS)} max={String(MAX_REMINDER_AFTER_DAYS)} required hint={t('notif.plan_reminder_hint', { min: MIN_REMINDER_AFTER_DAYS, max: MAX_REMINDER_AFTER_DAYS })} {...store.draft.field('reminder_after_days')} error={err('reminder_after_days') && t('notif.plan_reminder_error', { min: MIN_REMINDER_AFTER_DAYS, max: MAX_REMINDER_AFTER_DAYS })} />
        <MultiCheck legend={t('plan.units')} required filterable options={units} selected={d.unit_ids} onChange={(v) => store.draft.set({ unit_ids: v })} error={err('unit_ids')} />
        <MultiCheck legend={t('plan.versions')} required options={versions.map((v) => ({ value: v.id, label: `${v.code} v${v.version} — ${pick(v.title_vi, v.title_en)}`, hint: `(${t('audit.items', { n: v.items })})` }))} selected={d.version_ids} onChange={(v) => store.draft.set({ version_ids: v })} error={err('version_ids')} />
        <Select
          label={t('plan.lead')}
          name="lead_user_id"
          required
          value={d.lead_user_id}
          onValue={(v) => store.draft.set({ lead_user_id: v, member_ids: d.member_ids.filter((m) => m !== v) })}
          options={[{ value: '', label: t('plan.choose_lead') }, ...inspectors.map((u) => ({ value: u.id, label: `${u.display_name} (${u.email})` }))]}
          error={err('lead_user_id')}
        />
        <MultiCheck
          legend={t('plan.members')}
          options={inspectors.filter((u) => u.id !== d.lead_user_id).map((u) => ({ value: u.id, label: u.display_name, hint: u.email }))}
          selected={d.member_ids}
          onChange={(v) => store.draft.set({ member_ids: v })}
          error={err('member_ids')}
        />
        <ProblemAlert problem={serverError} />
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
            {store.submission.busy.value ? t('common.saving') : existing ? t('plan.save') : t('plan.create')}
          </button>
          <Link class="button button--ghost" href={existing ? `/audits/${existing.id}` : '/audits'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
