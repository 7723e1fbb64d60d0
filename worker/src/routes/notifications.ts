// Notifications (docs/reminders.md): the caller's own list, unread count, read marks and preferences, every query
// bound to the caller's user id; and the lead inspector's "remind" action on an audit's unanswered nonconformities.
import {
  DEFAULT_NOTIFICATION_PREFERENCES,
  MarkReadResultSchema,
  NotificationKindSchema,
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationParamsSchema,
  NotificationPreferencesSchema,
  RemindableListSchema,
  RemindResultSchema,
  todayInVietnam,
  UnreadCountSchema,
  type NotificationPreferences,
} from '@onestop/shared';
import { getAuditRow, membershipOf } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { callerOf } from '../lib/auth.ts';
import type { AppContext } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';
import { readOpenNonconformities } from '../reminders/facts.ts';
import { daysUnanswered, paramsOf, type PlannedNotification } from '../reminders/plan.ts';
import { insertNotifications } from '../reminders/store.ts';
import { IdParamSchema } from '../schemas.ts';

const NotificationList = NotificationListSchema.meta({ id: 'NotificationList' });
const Preferences = NotificationPreferencesSchema.meta({ id: 'NotificationPreferences' });

const list = defineRoute({
  method: 'get',
  path: '/notifications',
  tags: ['notifications'],
  summary: 'My notifications, unread first',
  description: 'Only the caller\'s own notifications: unread first, then newest first; `total` and `unread` count all of them.',
  request: { query: NotificationListQuerySchema },
  responses: { 200: { description: 'A page of notifications', content: jsonContent(NotificationList) }, ...problemResponses(400) },
});

const unreadCount = defineRoute({
  method: 'get',
  path: '/notifications/unread-count',
  tags: ['notifications'],
  summary: 'How many of my notifications are unread',
  responses: { 200: { description: 'The count', content: jsonContent(UnreadCountSchema.meta({ id: 'UnreadCount' })) } },
});

const markRead = defineRoute({
  method: 'post',
  path: '/notifications/{id}/read',
  tags: ['notifications'],
  summary: 'Mark one of my notifications read',
  description: 'Idempotent. Another user\'s notification answers 404, as an unknown id does.',
  request: { params: IdParamSchema },
  responses: { 200: { description: 'Marked (0 when it was already read)', content: jsonContent(MarkReadResultSchema.meta({ id: 'MarkReadResult' })) }, ...problemResponses(400, 404) },
});

const markAllRead = defineRoute({
  method: 'post',
  path: '/notifications/read-all',
  tags: ['notifications'],
  summary: 'Mark all my notifications read',
  responses: { 200: { description: 'How many were marked', content: jsonContent(MarkReadResultSchema) } },
});

const getPreferences = defineRoute({
  method: 'get',
  path: '/notifications/preferences',
  tags: ['notifications'],
  summary: 'My notification preferences',
  description: 'In-app notifications are always on. The daily digest e-mail is off until turned on; `language` null means Vietnamese with the English below.',
  responses: { 200: { description: 'Preferences (defaults when never saved)', content: jsonContent(Preferences) } },
});

const putPreferences = defineRoute({
  method: 'put',
  path: '/notifications/preferences',
  tags: ['notifications'],
  summary: 'Save my notification preferences',
  request: { body: { required: true, content: jsonContent(Preferences) } },
  responses: { 200: { description: 'Saved', content: jsonContent(Preferences) }, ...problemResponses(415, 422) },
});

const remindable = defineRoute({
  method: 'get',
  path: '/audits/{id}/reminders',
  tags: ['notifications'],
  summary: 'Lead inspector: the unanswered nonconformities that block closing',
  description: 'Nonconformities in `open` (no answer from the unit yet), with how many unit heads a reminder reaches and whether they were reminded today (Vietnam day). Only the audit\'s lead inspector.',
  roles: ['inspector'],
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The nonconformities', content: jsonContent(RemindableListSchema.meta({ id: 'RemindableList' })) }, ...problemResponses(400, 404, 409) },
});

const remind = defineRoute({
  method: 'post',
  path: '/audits/{id}/remind',
  tags: ['notifications'],
  summary: 'Lead inspector: remind unit heads of unanswered nonconformities now',
  description:
    'Sends an in-app reminder (`nc_reminder`) of every `open` nonconformity of the audit to its unit heads, at most once per nonconformity, unit head and Vietnam day. `reminded` counts nonconformities reminded now, `already_reminded` those every head of which had been reminded today, `without_recipient` those no active unit head can answer. Only the audit\'s lead inspector, while the audit is in `reporting`.',
  roles: ['inspector'],
  request: { params: IdParamSchema },
  responses: { 200: { description: 'What was sent', content: jsonContent(RemindResultSchema.meta({ id: 'RemindResult' })) }, ...problemResponses(400, 404, 409) },
});

interface NotificationRow {
  id: string;
  kind: string;
  audit_id: string;
  finding_id: string;
  day: string;
  params: string;
  created_at: string;
  read_at: string | null;
}

const toNotification = (r: NotificationRow) => ({
  id: r.id,
  kind: NotificationKindSchema.parse(r.kind),
  audit_id: r.audit_id,
  finding_id: r.finding_id,
  day: r.day,
  params: NotificationParamsSchema.parse(JSON.parse(r.params)),
  created_at: r.created_at,
  read_at: r.read_at,
});

async function countUnread(db: D1Database, userId: string): Promise<number> {
  const row = await db.prepare('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').bind(userId).first<{ n: number }>();
  return row?.n ?? 0;
}

async function readPreferences(db: D1Database, userId: string): Promise<NotificationPreferences> {
  const row = await db
    .prepare('SELECT digest_enabled, digest_kinds, language FROM notification_preferences WHERE user_id = ?')
    .bind(userId)
    .first<{ digest_enabled: number; digest_kinds: string; language: 'vi' | 'en' | null }>();
  if (!row) return DEFAULT_NOTIFICATION_PREFERENCES;
  return NotificationPreferencesSchema.parse({ digest_enabled: row.digest_enabled === 1, digest_kinds: JSON.parse(row.digest_kinds), language: row.language });
}

/** The audit, if the caller is its lead inspector and it is in `reporting` (when unit heads can answer). */
async function leadAudit(c: AppContext, auditId: string) {
  const caller = callerOf(c);
  const row = await getAuditRow(c.env.DB, scopeOf(caller), auditId);
  if (!row) throw notFound('Audit');
  if ((await membershipOf(c.env.DB, auditId, caller.userId)) !== 'lead') {
    throw new ApiError(403, 'forbidden', 'Only the lead inspector of this audit can remind its units');
  }
  if (row.status !== 'reporting') {
    throw new ApiError(409, 'audit_not_reporting', 'Units are reminded while the audit is in reporting (when they can answer)');
  }
  return row;
}

export const notificationRoutes = createRouter()
  .openapi(list, async (c) => {
    const { limit, offset } = c.req.valid('query');
    const userId = callerOf(c).userId;
    const db = c.env.DB;
    const [page, totals] = await Promise.all([
      db
        .prepare(
          `SELECT id, kind, audit_id, finding_id, day, params, created_at, read_at FROM notifications WHERE user_id = ?
           ORDER BY read_at IS NOT NULL, created_at DESC, id DESC LIMIT ? OFFSET ?`,
        )
        .bind(userId, limit, offset)
        .all<NotificationRow>(),
      db
        .prepare('SELECT COUNT(*) AS total, COALESCE(SUM(read_at IS NULL), 0) AS unread FROM notifications WHERE user_id = ?')
        .bind(userId)
        .first<{ total: number; unread: number }>(),
    ]);
    return c.json({ items: page.results.map(toNotification), total: totals?.total ?? 0, unread: totals?.unread ?? 0 }, 200);
  })
  .openapi(unreadCount, async (c) => c.json({ unread: await countUnread(c.env.DB, callerOf(c).userId) }, 200))
  .openapi(markRead, async (c) => {
    const { id } = c.req.valid('param');
    const userId = callerOf(c).userId;
    const db = c.env.DB;
    const exists = await db.prepare('SELECT read_at FROM notifications WHERE id = ? AND user_id = ?').bind(id, userId).first<{ read_at: string | null }>();
    if (!exists) throw notFound('Notification');
    const res = await db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL').bind(nowIso(), id, userId).run();
    return c.json({ marked: res.meta.changes ?? 0 }, 200);
  })
  .openapi(markAllRead, async (c) => {
    const res = await c.env.DB.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').bind(nowIso(), callerOf(c).userId).run();
    return c.json({ marked: res.meta.changes ?? 0 }, 200);
  })
  .openapi(getPreferences, async (c) => c.json(await readPreferences(c.env.DB, callerOf(c).userId), 200))
  .openapi(putPreferences, async (c) => {
    const body = c.req.valid('json');
    const userId = callerOf(c).userId;
    await c.env.DB.prepare(
      `INSERT INTO notification_preferences (user_id, digest_enabled, digest_kinds, language, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET digest_enabled = excluded.digest_enabled, digest_kinds = excluded.digest_kinds,
         language = excluded.language, updated_at = excluded.updated_at`,
    )
      .bind(userId, body.digest_enabled ? 1 : 0, JSON.stringify(body.digest_kinds), body.language, nowIso())
      .run();
    return c.json(await readPreferences(c.env.DB, userId), 200);
  })
  .openapi(remindable, async (c) => {
    const { id } = c.req.valid('param');
    await leadAudit(c, id);
    const db = c.env.DB;
    const today = todayInVietnam();
    const [facts, reminded] = await Promise.all([
      readOpenNonconformities(db, id),
      db.prepare("SELECT DISTINCT finding_id FROM notifications WHERE audit_id = ? AND kind = 'nc_reminder' AND day = ?").bind(id, today).all<{ finding_id: string }>(),
    ]);
    const remindedToday = new Set(reminded.results.map((r) => r.finding_id));
    return c.json(
      {
        items: facts.map((f) => ({
          finding_id: f.findingId,
          unit_id: f.unitId,
          unit_name: f.unitName,
          item_code: f.itemCode,
          result: f.result,
          days_open: daysUnanswered(f, today),
          recipients: f.unitHeadIds.length,
          reminded_today: remindedToday.has(f.findingId),
        })),
      },
      200,
    );
  })
  .openapi(remind, async (c) => {
    const { id } = c.req.valid('param');
    await leadAudit(c, id);
    const db = c.env.DB;
    const caller = callerOf(c);
    const today = todayInVietnam();
    const now = nowIso();
    const facts = await readOpenNonconformities(db, id);
    const planned: PlannedNotification[] = facts.flatMap((f) =>
      f.unitHeadIds.map((userId) => ({ userId, kind: 'nc_reminder' as const, auditId: id, findingId: f.findingId, params: paramsOf(f, daysUnanswered(f, today)) })),
    );
    const created = await insertNotifications(db, planned, today, now);
    const newFor = new Set(planned.filter((_, i) => created[i]).map((p) => p.findingId));
    const result = {
      reminded: newFor.size,
      already_reminded: facts.filter((f) => f.unitHeadIds.length > 0 && !newFor.has(f.findingId)).length,
      without_recipient: facts.filter((f) => f.unitHeadIds.length === 0).length,
      notifications: created.filter(Boolean).length,
    };
    if (result.notifications > 0) {
      await db.batch([insertEvent(db, { actorId: caller.userId, entity: 'audit', entityId: id, type: 'audit.reminded', summary: result, at: now })]);
    }
    return c.json(result, 200);
  });
