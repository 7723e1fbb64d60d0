// Notifications (docs/reminders.md): the unread count the header's bell shows (one signal for the whole app, so
// reading on the list page updates the bell at once), the list with its read marks, the preferences form and the
// lead's "remind" action.
import {
  MarkReadResultSchema,
  NotificationListSchema,
  NotificationPreferencesSchema,
  RemindableListSchema,
  RemindResultSchema,
  UnreadCountSchema,
  type Notification,
  type NotificationList,
  type NotificationPreferences,
  type RemindableFinding,
  type RemindResult,
} from '@onestop/shared';
import { signal } from '@preact/signals';
import type { Api } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';

/** The caller's unread count; null until first read (the bell then shows no number). */
export const unreadCount = signal<number | null>(null);

let refreshSeq = 0;

/**
 * Reads the count. Only the latest-started read is applied: a poll that started before a "mark read" finished must
 * not put the old count back after it.
 */
export async function refreshUnread(api: Api): Promise<void> {
  const mine = ++refreshSeq;
  try {
    const { unread } = await api.get('/notifications/unread-count', UnreadCountSchema);
    if (mine === refreshSeq) unreadCount.value = unread;
  } catch {
    // A failed poll keeps the last count; the next poll or navigation tries again.
  }
}

/** The text of a notification in the current language, from its kind and frozen parameters. */
export function notificationText(n: Pick<Notification, 'kind' | 'params'>): string {
  const p = n.params;
  return t(`notif.kind_${n.kind}`, {
    item: `${t(`result.${p.result}`).toLocaleLowerCase()} ${p.item_code}`.trim(),
    unit: p.unit_name,
    audit: p.audit_code,
    due: p.due_date ? formatDate(p.due_date) : '',
    days: p.days ?? 0,
  });
}

export const PAGE_SIZE = 20;

export function createNotificationsStore(api: Api) {
  const list = createResource<NotificationList>();
  const offset = signal(0);
  const submission = createSubmission();
  /** How many "mark all read" marked; the page words it in the current language. */
  const markedAll = signal<number | null>(null);

  async function load(at = offset.value): Promise<void> {
    offset.value = at;
    const page = await list.load(() => api.get('/notifications', NotificationListSchema, { limit: PAGE_SIZE, offset: at }));
    if (page) {
      refreshSeq++;
      unreadCount.value = page.unread;
    }
  }

  async function markRead(id: string): Promise<void> {
    const res = await submission.run(() => api.send('POST', `/notifications/${id}/read`, {}, MarkReadResultSchema));
    if (res === null) return;
    // Kept in place until the next load, so the row the person acted on does not jump away.
    const current = list.data.value;
    if (current) {
      list.set({
        ...current,
        unread: Math.max(0, current.unread - res.marked),
        items: current.items.map((i) => (i.id === id && i.read_at === null ? { ...i, read_at: new Date().toISOString() } : i)),
      });
    }
    await refreshUnread(api);
  }

  async function markAll(): Promise<void> {
    const res = await submission.run(() => api.send('POST', '/notifications/read-all', {}, MarkReadResultSchema));
    markedAll.value = res?.marked ?? null;
    if (res !== null) await load(0);
  }

  return { list, offset, submission, markedAll, load, markRead, markAll };
}

export function createPreferencesStore(api: Api) {
  const prefs = createResource<NotificationPreferences>();
  const submission = createSubmission();
  /** True after a save succeeded, until the next attempt (the page words it in the current language). */
  const saved = signal(false);
  const load = () => prefs.load(() => api.get('/notifications/preferences', NotificationPreferencesSchema));
  async function save(value: NotificationPreferences): Promise<void> {
    saved.value = false;
    const stored = await submission.run(() => api.send('PUT', '/notifications/preferences', value, NotificationPreferencesSchema));
    if (stored) {
      prefs.set(stored);
      saved.value = true;
    }
  }
  return { prefs, submission, saved, load, save };
}

export function createRemindStore(api: Api, auditId: string) {
  const items = createResource<RemindableFinding[]>();
  const submission = createSubmission();
  /** The last press's counts; the page words them in the current language. */
  const result = signal<RemindResult | null>(null);
  const load = () => items.load(() => api.get(`/audits/${auditId}/reminders`, RemindableListSchema).then((r) => r.items));
  async function remind(): Promise<void> {
    const res = await submission.run(() => api.send('POST', `/audits/${auditId}/remind`, {}, RemindResultSchema));
    result.value = res;
    if (res !== null) await load();
  }
  return { items, submission, result, load, remind };
}
