// Reminders as in-app notifications (issue 15 part 3), each user's preferences for them, and the lead's "remind"
// action (issue 16). The worker writes them; the dashboard lists them and renders their text from `kind` + `params`.
import { z } from 'zod';
import { DateSchema, IdSchema, TimestampSchema } from './common.ts';
import { ResultSchema } from './enums.ts';

/**
 * What a notification reminds of: a corrective action due within 3 days (`action_due`) or past its due date
 * (`action_overdue`) and a nonconformity left unanswered (`nc_unanswered`), each to the unit heads; a dispute
 * (`dispute_waiting`) and an action reported done (`verification_waiting`), each to the lead inspector; and the
 * lead's own reminder of an unanswered nonconformity (`nc_reminder`), to the unit heads.
 */
export const NOTIFICATION_KINDS = ['action_due', 'action_overdue', 'nc_unanswered', 'dispute_waiting', 'verification_waiting', 'nc_reminder'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** Days before (and including) the due date from which an open corrective action is reminded of. */
export const ACTION_DUE_SOON_DAYS = 3;
/** Default and bounds of an audit's "remind unit heads after N days unanswered" setting. */
export const DEFAULT_REMINDER_AFTER_DAYS = 7;
export const MIN_REMINDER_AFTER_DAYS = 1;
export const MAX_REMINDER_AFTER_DAYS = 60;
export const ReminderAfterDaysSchema = z.number().int().min(MIN_REMINDER_AFTER_DAYS).max(MAX_REMINDER_AFTER_DAYS);

/** What the text of a notification needs, frozen when it is made. */
export const NotificationParamsSchema = z.object({
  audit_code: z.string().max(64),
  unit_name: z.string().max(300),
  item_code: z.string().max(100),
  result: ResultSchema,
  /** The corrective action's due date (action kinds). */
  due_date: DateSchema.optional(),
  /** Days the nonconformity has been unanswered (`nc_unanswered`), or days overdue (`action_overdue`). */
  days: z.number().int().min(0).max(100_000).optional(),
});
export type NotificationParams = z.infer<typeof NotificationParamsSchema>;

export const NotificationSchema = z.object({
  id: IdSchema,
  kind: NotificationKindSchema,
  audit_id: IdSchema,
  finding_id: IdSchema,
  /** The Vietnam calendar day it was made for. */
  day: DateSchema,
  params: NotificationParamsSchema,
  created_at: TimestampSchema,
  read_at: TimestampSchema.nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema).max(100),
  total: z.number().int().min(0),
  unread: z.number().int().min(0),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int().min(0) });

export const MarkReadResultSchema = z.object({ marked: z.number().int().min(0) });

/** In-app notifications are always on; the daily digest e-mail is opt-in, for the kinds chosen. */
export const NotificationPreferencesSchema = z.object({
  digest_enabled: z.boolean(),
  digest_kinds: z
    .array(NotificationKindSchema)
    .max(NOTIFICATION_KINDS.length)
    .refine((k) => new Set(k).size === k.length, 'a kind is listed twice'),
  /** The digest's language; null: Vietnamese with the English below. */
  language: z.enum(['vi', 'en']).nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = { digest_enabled: false, digest_kinds: [...NOTIFICATION_KINDS], language: null };

/** A nonconformity the lead may remind its unit heads of: unanswered, so it blocks closing the audit. */
export const RemindableFindingSchema = z.object({
  finding_id: IdSchema,
  unit_id: IdSchema,
  unit_name: z.string(),
  item_code: z.string(),
  result: ResultSchema,
  /** Days since it became answerable (Vietnam days). */
  days_open: z.number().int().min(0),
  /** Unit heads who would receive the reminder. */
  recipients: z.number().int().min(0),
  reminded_today: z.boolean(),
});
export type RemindableFinding = z.infer<typeof RemindableFindingSchema>;

export const RemindableListSchema = z.object({ items: z.array(RemindableFindingSchema).max(5000) });

/** `POST /audits/{id}/remind`: findings reminded now, those already reminded today, those with no unit head. */
export const RemindResultSchema = z.object({
  reminded: z.number().int().min(0),
  already_reminded: z.number().int().min(0),
  without_recipient: z.number().int().min(0),
  notifications: z.number().int().min(0),
});
export type RemindResult = z.infer<typeof RemindResultSchema>;
