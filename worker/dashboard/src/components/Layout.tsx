// The frame of every signed-in page: skip link, header with the role's navigation, language switch and account,
// and the main landmark whose heading takes the focus after each navigation (keyboard and screen-reader users).
import type { Role } from '@onestop/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { t, type MessageKey } from '../lib/i18n.ts';
import { Link, location } from '../lib/router.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { Notice } from './Feedback.tsx';
import { flash } from '../lib/flash.ts';

interface NavItem {
  href: string;
  label: MessageKey;
}

const NAV: Record<Role, NavItem[]> = {
  unit_head: [
    { href: '/findings', label: 'nav.inbox' },
    { href: '/audits', label: 'nav.audits' },
    { href: '/compliance', label: 'nav.compliance' },
  ],
  inspector: [
    { href: '/audits', label: 'nav.audits' },
    { href: '/findings', label: 'nav.findings' },
    { href: '/compliance', label: 'nav.compliance' },
  ],
  leader: [
    { href: '/compliance', label: 'nav.compliance' },
    { href: '/audits', label: 'nav.audits' },
    { href: '/findings', label: 'nav.findings' },
  ],
  admin: [
    { href: '/', label: 'nav.home' },
    { href: '/compliance', label: 'nav.compliance' },
    { href: '/audits', label: 'nav.audits' },
    { href: '/findings', label: 'nav.findings' },
    { href: '/admin/units', label: 'nav.units' },
    { href: '/admin/users', label: 'nav.users' },
    { href: '/admin/checklists', label: 'nav.checklists' },
    { href: '/admin/site-profiles', label: 'nav.site_profiles' },
    { href: '/admin/targets', label: 'targets.nav' },
  ],
};

export const homeOf = (role: Role): string => NAV[role][0]?.href ?? '/';

function isCurrent(item: string, path: string): boolean {
  if (item === '/') return path === '/';
  return path === item || path.startsWith(`${item}/`);
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { session } = useApp();
  const me = session.me.value;
  const path = location.value.path;
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a navigation (not the first render, not a filter change) move the focus to the new page's heading once
  // it is there (pages load lazily), unless the person has already moved the focus elsewhere.
  useEffect(() => {
    if (flash.value && flash.value.path !== path) flash.value = null;
    if (first.current) {
      first.current = false;
      return;
    }
    const main = mainRef.current;
    if (!main) return;
    const from = document.activeElement;
    const tryFocus = (): boolean => {
      const h1 = main.querySelector('h1');
      if (!h1) return false;
      if (document.activeElement === from || document.activeElement === document.body) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
      }
      return true;
    };
    if (tryFocus()) return;
    const observer = new MutationObserver(() => {
      if (tryFocus()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = window.setTimeout(() => observer.disconnect(), 5000);
    return () => {
      observer.disconnect();
      window.clearTimeout(stop);
    };
  }, [path]);

  if (!me) return null;
  const items = NAV[me.user.role];
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="topbar">
        <div class="topbar-row">
          <Link href={homeOf(me.user.role)} class="brand">
            <span class="brand-mark" aria-hidden="true">
              ✓
            </span>
            OneStop Audit
          </Link>
          <div class="topbar-tools">
            <NotificationBell />
            <LanguageSwitch />
            <div class="account">
              <span class="account-name" title={me.user.display_name}>
                <bdi>{me.user.display_name}</bdi>
              </span>
              <span class="account-meta" title={me.unit.name}>
                {t(`role.${me.user.role}`)} · {me.unit.name}
              </span>
              <span class="account-links">
                <Link href="/account/password" aria-current={path === '/account/password' ? 'page' : undefined}>
                  {t('nav.password')}
                </Link>
                <Link href="/account/sessions" aria-current={path === '/account/sessions' ? 'page' : undefined}>
                  {t('nav.sessions')}
                </Link>
              </span>
            </div>
            <button type="button" class="button button--ghost" onClick={() => void session.signOut()}>
              {t('nav.sign_out')}
            </button>
          </div>
        </div>
        <nav class="nav" aria-label={t('nav.label')}>
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={isCurrent(item.href, path) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {flash.value && flash.value.path === path && <Notice message={flash.value.message} />}
        {children}
      </main>
    </div>
  );
}

/** A page's title row: the h1 and the page's main buttons. */
export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ComponentChildren; children?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <div class="page-subtitle">{subtitle}</div>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}
