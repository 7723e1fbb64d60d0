// The app: checks the session, shows the sign-in page or the signed-in frame, and picks the page for the path.
// Every page but sign-in is its own chunk, loaded on first visit.
import type { Role } from '@onestop/shared';
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { EmptyState, Loading, ProblemAlert } from './components/Feedback.tsx';
import { homeOf, Layout, PageHeader } from './components/Layout.tsx';
import { AppContext, useApp, type AppServices } from './lib/context.ts';
import { t } from './lib/i18n.ts';
import { lazyPage } from './lib/lazy.tsx';
import { Link, location, match, navigate } from './lib/router.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SessionExpiredDialog } from './components/SessionExpiredDialog.tsx';

type Params = { params: Record<string, string> };

interface RouteDef {
  pattern: string;
  page: ComponentType<Params>;
  roles?: readonly Role[];
}

const HomePage = lazyPage<Params>(() => import('./pages/HomePage.tsx').then((m) => m.HomePage));
const FindingsPage = lazyPage<Params>(() => import('./pages/FindingsPage.tsx').then((m) => m.FindingsPage));
const FindingPage = lazyPage<Params>(() => import('./pages/FindingPage.tsx').then((m) => m.FindingPage));
const AuditsPage = lazyPage<Params>(() => import('./pages/AuditsPage.tsx').then((m) => m.AuditsPage));
const AuditPage = lazyPage<Params>(() => import('./pages/AuditPage.tsx').then((m) => m.AuditPage));
const AuditPlanPage = lazyPage<Params>(() => import('./pages/AuditPlanPage.tsx').then((m) => m.AuditPlanPage));
const SamplesPage = lazyPage<Params>(() => import('./pages/checks/SamplesPage.tsx').then((m) => m.SamplesPage));
const SamplePage = lazyPage<Params>(() => import('./pages/checks/SamplePage.tsx').then((m) => m.SamplePage));
const FiguresPage = lazyPage<Params>(() => import('./pages/checks/FiguresPage.tsx').then((m) => m.FiguresPage));
const FiguresFormPage = lazyPage<Params>(() => import('./pages/checks/FiguresFormPage.tsx').then((m) => m.FiguresFormPage));
const FigureRecordPage = lazyPage<Params>(() => import('./pages/checks/FigureRecordPage.tsx').then((m) => m.FigureRecordPage));
const CompliancePage = lazyPage<Params>(() => import('./pages/CompliancePage.tsx').then((m) => m.CompliancePage));
const UnitsPage = lazyPage<Params>(() => import('./pages/admin/UnitsPage.tsx').then((m) => m.UnitsPage));
const UsersPage = lazyPage<Params>(() => import('./pages/admin/UsersPage.tsx').then((m) => m.UsersPage));
const ChecklistsPage = lazyPage<Params>(() => import('./pages/admin/ChecklistsPage.tsx').then((m) => m.ChecklistsPage));
const SiteProfilesPage = lazyPage<Params>(() => import('./pages/admin/SiteProfilesPage.tsx').then((m) => m.SiteProfilesPage));
const SiteProfilePage = lazyPage<Params>(() => import('./pages/admin/SiteProfilePage.tsx').then((m) => m.SiteProfilePage));
const TargetsPage = lazyPage<Params>(() => import('./pages/admin/TargetsPage.tsx').then((m) => m.TargetsPage));
const PasswordPage = lazyPage<Params & { forced?: boolean }>(() => import('./pages/account/PasswordPage.tsx').then((m) => m.PasswordPage));
const SessionsPage = lazyPage<Params>(() => import('./pages/account/SessionsPage.tsx').then((m) => m.SessionsPage));
const NotificationsPage = lazyPage<Params>(() => import('./pages/NotificationsPage.tsx').then((m) => m.NotificationsPage));
const NotificationSettingsPage = lazyPage<Params>(() => import('./pages/account/NotificationSettingsPage.tsx').then((m) => m.NotificationSettingsPage));

const ROUTES: RouteDef[] = [
  { pattern: '/', page: HomePage },
  { pattern: '/findings', page: FindingsPage },
  { pattern: '/findings/:id', page: FindingPage },
  { pattern: '/audits', page: AuditsPage },
  { pattern: '/audits/new', page: AuditPlanPage, roles: ['admin', 'leader'] },
  { pattern: '/audits/:id/edit', page: AuditPlanPage, roles: ['admin', 'leader', 'inspector'] },
  { pattern: '/audits/:id', page: AuditPage },
  { pattern: '/audits/:id/samples', page: SamplesPage },
  { pattern: '/audits/:id/samples/:sid', page: SamplePage },
  { pattern: '/audits/:id/figures', page: FiguresPage },
  // Reported figures are entered by the audit's lead inspector (the API checks the audit role).
  { pattern: '/audits/:id/figures/new', page: FiguresFormPage, roles: ['inspector'] },
  { pattern: '/audits/:id/figures/:fid', page: FigureRecordPage },
  { pattern: '/audits/:id/figures/:fid/edit', page: FiguresFormPage, roles: ['inspector'] },
  { pattern: '/compliance', page: CompliancePage },
  { pattern: '/admin/units', page: UnitsPage },
  { pattern: '/admin/users', page: UsersPage, roles: ['admin', 'leader', 'inspector'] },
  { pattern: '/admin/checklists', page: ChecklistsPage },
  { pattern: '/admin/site-profiles', page: SiteProfilesPage },
  { pattern: '/admin/site-profiles/new', page: SiteProfilePage, roles: ['admin'] },
  { pattern: '/admin/site-profiles/:id', page: SiteProfilePage },
  { pattern: '/admin/targets', page: TargetsPage, roles: ['admin'] },
  { pattern: '/account/password', page: PasswordPage },
  { pattern: '/account/sessions', page: SessionsPage },
  { pattern: '/notifications', page: NotificationsPage },
  { pattern: '/account/notifications', page: NotificationSettingsPage },
];

function NotFound() {
  return (
    <>
      <PageHeader title={t('notfound.title')} />
      <EmptyState title={t('notfound.body')}>
        <p>
          <Link href="/">{t('notfound.home')}</Link>
        </p>
      </EmptyState>
    </>
  );
}

function Routes() {
  const { session } = useApp();
  const role = session.role.value;
  const { path } = location.value;

  // "/" is the admin's setup page; everyone else starts on their role's main page.
  useEffect(() => {
    if (role && path === '/' && role !== 'admin' && !session.mustChangePassword.value) navigate(homeOf(role), { replace: true });
  }, [role, path, session.mustChangePassword.value]);

  // A password an administrator set: the server allows nothing but the change, so nothing else is shown.
  if (session.mustChangePassword.value) return <PasswordPage params={{}} forced />;
  if (role !== 'admin' && path === '/') return null;
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (!params) continue;
    if (r.roles && role && !r.roles.includes(role)) {
      return (
        <>
          <PageHeader title={t('forbidden.title')} />
          <EmptyState title={t('forbidden.body')} />
        </>
      );
    }
    const Page = r.page;
    return <Page key={path} params={params} />;
  }
  return <NotFound />;
}

export function App({ services }: { services: AppServices }) {
  const { session } = services;
  useEffect(() => {
    void session.refresh();
  }, []);
  const status = session.status.value;
  return (
    <AppContext.Provider value={services}>
      {status === 'loading' && (
        <main id="main" class="center">
          <Loading />
        </main>
      )}
      {status === 'unreachable' && (
        <main id="main" class="center">
          <h1>OneStop Audit</h1>
          <ProblemAlert problem={session.error.value} onRetry={() => void session.refresh()} />
        </main>
      )}
      {status === 'signed_out' && <SignInPage />}
      {status === 'signed_in' && (
        <Layout>
          <Routes />
        </Layout>
      )}
      {status === 'signed_in' && session.expired.value && <SessionExpiredDialog />}
    </AppContext.Provider>
  );
}
