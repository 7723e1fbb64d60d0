// The header's bell: a link to the notifications page whose accessible name carries the unread count. The count is
// read on every navigation and every two minutes while the tab is visible (a modest poll: reminders are made daily).
import { useEffect } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { t } from '../lib/i18n.ts';
import { Link, location } from '../lib/router.tsx';
import { refreshUnread, unreadCount } from '../stores/notifications.ts';

const POLL_MS = 120_000;

export function NotificationBell() {
  const { api } = useApp();
  const path = location.value.path;

  useEffect(() => {
    void refreshUnread(api);
  }, [path]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void refreshUnread(api);
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, []);

  const n = unreadCount.value ?? 0;
  return (
    <Link href="/notifications" class="bell" aria-label={t('notif.bell_label', { n })} aria-current={path === '/notifications' ? 'page' : undefined} data-unread={n}>
      <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {n > 0 && (
        <span class="bell-count" aria-hidden="true">
          {n > 99 ? '99+' : n}
        </span>
      )}
    </Link>
  );
}
