// The administrator's start page: what a new installation still needs (units, accounts, a published checklist,
// a site profile, a first audit), each step ticked off from live data and linked to where it is done.
import { SiteProfileRecordSchema } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { z } from 'zod';
import { Loading, ProblemAlert } from '../components/Feedback.tsx';
import { PageHeader } from '../components/Layout.tsx';
import type { Api } from '../lib/api.ts';
import { useApp } from '../lib/context.ts';
import { formatNumber } from '../lib/format.ts';
import { t, type MessageKey } from '../lib/i18n.ts';
import { createResource } from '../lib/resource.ts';
import { Link } from '../lib/router.tsx';
import { AuditListSchema, ChecklistListSchema, UnitListSchema, UserListSchema } from '../lib/schemas.ts';

interface Setup {
  units: number;
  inspectors: number;
  leaders: number;
  unitHeads: number;
  published: number;
  checklists: number;
  profiles: number;
  audits: number;
}

async function loadSetup(api: Api): Promise<Setup> {
  const count = (role: string) => api.get('/users', UserListSchema, { role, limit: 1 }).then((r) => r.total);
  const [units, inspectors, leaders, unitHeads, checklists, profiles, audits] = await Promise.all([
    api.get('/units', UnitListSchema).then((r) => r.items.length),
    count('inspector'),
    count('leader'),
    count('unit_head'),
    api.get('/checklists', ChecklistListSchema).then((r) => r.items),
    api.get('/site-profiles', z.object({ items: z.array(SiteProfileRecordSchema) })).then((r) => r.items.length),
    api.get('/audits', AuditListSchema, { limit: 1 }).then((r) => r.total),
  ]);
  return { units, inspectors, leaders, unitHeads, published: checklists.filter((c) => c.published_version !== null).length, checklists: checklists.length, profiles, audits };
}

interface Step {
  done: boolean;
  title: MessageKey;
  body: MessageKey;
  href: string;
  action: MessageKey;
  detail: string;
}

export function HomePage() {
  const { api, session } = useApp();
  const setup = useMemo(() => createResource<Setup>(), []);
  useEffect(() => {
    void setup.load(() => loadSetup(api));
  }, []);
  const s = setup.data.value;
  const steps: Step[] = s
    ? [
        { done: s.units > 1, title: 'home.step_units', body: 'home.step_units_body', href: '/admin/units', action: 'home.go_units', detail: t('home.n_units', { n: formatNumber(s.units) }) },
        {
          done: s.inspectors > 0 && s.leaders + s.unitHeads > 0,
          title: 'home.step_users',
          body: 'home.step_users_body',
          href: '/admin/users',
          action: 'home.go_users',
          detail: t('home.n_users', { inspectors: s.inspectors, leaders: s.leaders, heads: s.unitHeads }),
        },
        { done: s.published > 0, title: 'home.step_checklist', body: 'home.step_checklist_body', href: '/admin/checklists', action: 'home.go_checklists', detail: t('home.n_checklists', { n: s.checklists, p: s.published }) },
        { done: s.profiles > 0, title: 'home.step_profile', body: 'home.step_profile_body', href: '/admin/site-profiles', action: 'home.go_profiles', detail: t('home.n_profiles', { n: s.profiles }) },
        { done: s.audits > 0, title: 'home.step_audit', body: 'home.step_audit_body', href: '/audits/new', action: 'home.go_audit', detail: t('home.n_audits', { n: s.audits }) },
      ]
    : [];
  const remaining = steps.filter((x) => !x.done).length;
  return (
    <>
      <PageHeader title={t('home.title', { name: session.me.value?.user.display_name ?? '' })} subtitle={s ? (remaining === 0 ? t('home.ready') : t('home.remaining', { n: remaining })) : undefined} />
      <ProblemAlert problem={setup.error.value} onRetry={() => void setup.load(() => loadSetup(api))} />
      {setup.loading.value && !s && <Loading />}
      {s && (
        <ol class="setup-steps">
          {steps.map((step, i) => (
            <li key={step.title} class={step.done ? 'setup-step setup-step--done' : 'setup-step'}>
              <span class="setup-mark" aria-hidden="true">
                {step.done ? '✓' : i + 1}
              </span>
              <div>
                <h2>
                  {t(step.title)} <span class="visually-hidden">({step.done ? t('home.done') : t('home.todo')})</span>
                </h2>
                <p>{t(step.body)}</p>
                <p class="muted small">{step.detail}</p>
              </div>
              <Link class={`button ${step.done ? 'button--ghost' : 'button--primary'}`} href={step.href}>
                {t(step.action)}
              </Link>
            </li>
          ))}
        </ol>
      )}
      <section class="card" aria-labelledby="daily-title">
        <h2 id="daily-title">{t('home.daily')}</h2>
        <ul class="link-list">
          <li>
            <Link href="/compliance">{t('nav.compliance')}</Link> — {t('home.daily_compliance')}
          </li>
          <li>
            <Link href="/audits">{t('nav.audits')}</Link> — {t('home.daily_audits')}
          </li>
          <li>
            <Link href="/findings">{t('nav.findings')}</Link> — {t('home.daily_findings')}
          </li>
          <li>
            <a href="/api/v1/openapi.json">{t('signin.api_docs')}</a>
          </li>
        </ul>
      </section>
    </>
  );
}
