// The daily reminder run (Cron Trigger, docs/reminders.md): notifications for the Vietnam day of `now`, then one
// digest e-mail per user who wants one. `now` is the cron's scheduled time, so a test can run any day; the sender
// is the send_email binding unless a test hands its own.
import { EmailMessage } from 'cloudflare:email';
import { ACTION_DUE_SOON_DAYS, NotificationKindSchema, NotificationParamsSchema, todayInVietnam, type NotificationKind } from '@onestop/shared';
import { uuidv7 } from '../lib/ids.ts';
import type { Logger } from '../lib/logger.ts';
import { readReminderFacts } from './facts.ts';
import { buildMimeMessage } from './mime.ts';
import { planReminders } from './plan.ts';
import { insertNotifications } from './store.ts';
import { digestText, type DigestItem, type DigestLanguage } from './templates.ts';

export interface OutgoingMail {
  from: string;
  to: string;
  raw: string;
}

export type MailSender = (mail: OutgoingMail) => Promise<void>;

/** The send_email binding as a MailSender. */
export const bindingSender =
  (binding: SendEmail): MailSender =>
  async (mail) => {
    await binding.send(new EmailMessage(mail.from, mail.to, mail.raw));
  };

export interface RunResult {
  day: string;
  notifications: number;
  emails: number;
  failedEmails: number;
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Makes today's notifications; returns how many were new. */
export async function makeDailyNotifications(db: D1Database, now: Date): Promise<number> {
  const today = todayInVietnam(now);
  const facts = await readReminderFacts(db, addDays(today, ACTION_DUE_SOON_DAYS));
  const created = await insertNotifications(db, planReminders(facts, today), today, now.toISOString());
  return created.filter(Boolean).length;
}

interface DigestUser {
  user_id: string;
  email: string;
  display_name: string;
  digest_kinds: string;
  language: DigestLanguage;
}

/** The user's notifications of `day` of the kinds they chose, oldest first. */
async function digestItems(db: D1Database, userId: string, day: string, kinds: NotificationKind[]): Promise<DigestItem[]> {
  if (kinds.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT kind, params FROM notifications WHERE user_id = ? AND day = ? AND kind IN (SELECT value FROM json_each(?))
       ORDER BY created_at, id LIMIT 200`,
    )
    .bind(userId, day, JSON.stringify(kinds))
    .all<{ kind: string; params: string }>();
  return results.map((r) => ({ kind: NotificationKindSchema.parse(r.kind), params: NotificationParamsSchema.parse(JSON.parse(r.params)) }));
}

/**
 * One digest per user who wants it and has something of the day. The (user, day) row is claimed before sending, so
 * a second run the same day sends nothing; a failed send gives the claim back so the next run may try again.
 */
export async function sendDailyDigests(db: D1Database, now: Date, from: string, send: MailSender, log?: Logger): Promise<{ sent: number; failed: number }> {
  const day = todayInVietnam(now);
  const { results: users } = await db
    .prepare(
      `SELECT p.user_id, u.email, u.display_name, p.digest_kinds, p.language FROM notification_preferences p JOIN users u ON u.id = p.user_id
       WHERE p.digest_enabled = 1 AND u.disabled = 0
         AND NOT EXISTS (SELECT 1 FROM notification_digests d WHERE d.user_id = p.user_id AND d.day = ?)
         AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.day = ?)`,
    )
    .bind(day, day)
    .all<DigestUser>();
  let sent = 0;
  let failed = 0;
  for (const user of users) {
    const kinds = NotificationKindSchema.array().parse(JSON.parse(user.digest_kinds));
    const items = await digestItems(db, user.user_id, day, kinds);
    if (items.length === 0) continue;
    const claim = await db
      .prepare('INSERT INTO notification_digests (user_id, day, item_count, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, day) DO NOTHING')
      .bind(user.user_id, day, items.length, now.toISOString())
      .run();
    if ((claim.meta.changes ?? 0) === 0) continue;
    const { subject, text } = digestText(user.display_name, day, items, user.language);
    const raw = buildMimeMessage({
      from: { address: from, name: 'OneStop Audit – Nhắc việc' },
      to: { address: user.email, name: user.display_name },
      subject,
      text,
      date: now,
      messageId: uuidv7(now.getTime()),
    });
    try {
      await send({ from, to: user.email, raw });
      sent += 1;
    } catch (err) {
      failed += 1;
      log?.error('digest not sent', { user_id: user.user_id, day, error: String(err) });
      await db.prepare('DELETE FROM notification_digests WHERE user_id = ? AND day = ?').bind(user.user_id, day).run();
    }
  }
  return { sent, failed };
}

/** The whole daily run. */
export async function runReminders(env: Pick<Env, 'DB' | 'MAIL_FROM'>, now: Date, send: MailSender, log?: Logger): Promise<RunResult> {
  const notifications = await makeDailyNotifications(env.DB, now);
  const mail = await sendDailyDigests(env.DB, now, env.MAIL_FROM, send, log);
  return { day: todayInVietnam(now), notifications, emails: mail.sent, failedEmails: mail.failed };
}
