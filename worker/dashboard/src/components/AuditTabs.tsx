// The parts of one audit as tabs (real links): the audit itself, its automated check samples, the units' reported
// figures. The current part is marked for screen readers (aria-current) as well as drawn.
import { t, type MessageKey } from '../lib/i18n.ts';
import { Link, location } from '../lib/router.tsx';

const TABS: { suffix: string; label: MessageKey }[] = [
  { suffix: '', label: 'audit.tab_overview' },
  { suffix: '/samples', label: 'audit.tab_samples' },
  { suffix: '/figures', label: 'audit.tab_figures' },
];

export function AuditTabs({ auditId }: { auditId: string }) {
  const path = location.value.path;
  const base = `/audits/${auditId}`;
  return (
    <nav class="tabs" aria-label={t('audit.tabs')}>
      <ul>
        {TABS.map((tab) => {
          const to = base + tab.suffix;
          const current = tab.suffix === '' ? path === base : path === to || path.startsWith(`${to}/`);
          return (
            <li key={tab.suffix}>
              <Link href={to} aria-current={current ? 'page' : undefined}>
                {t(tab.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** The breadcrumb of a page inside an audit: Audits › code › this part [› this record]. */
export function AuditBreadcrumb({ auditId, code, part, partHref, here }: { auditId: string; code: string; part: string; partHref: string; here?: string | undefined }) {
  return (
    <nav class="breadcrumb" aria-label={t('nav.breadcrumb')}>
      <ol>
        <li>
          <Link href="/audits">{t('nav.audits')}</Link>
        </li>
        <li>
          <Link href={`/audits/${auditId}`}>{code}</Link>
        </li>
        <li>{here ? <Link href={partHref}>{part}</Link> : <span aria-current="page">{part}</span>}</li>
        {here && (
          <li>
            <span aria-current="page">{here}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
