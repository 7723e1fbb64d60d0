// Response shapes as the API serves them, built from the @onestop/shared schemas. Where the Worker adds display
// fields (names, due dates) the shared schema is extended.
import {
  AuditDetailSchema,
  AuditListItemSchema,
  ChecklistSchema,
  DateSchema,
  EventSchema,
  FindingViewSchema,
  UnitTreeItemSchema,
  UserSchema,
} from '@onestop/shared';
import { z } from 'zod';

export const UserRowSchema = UserSchema.extend({ unit_name: z.string().nullable().optional() });
export type UserRow = z.infer<typeof UserRowSchema>;
export const UserListSchema = z.object({ items: z.array(UserRowSchema), total: z.number().int() });

export const UnitListSchema = z.object({ items: z.array(UnitTreeItemSchema) });

/** `GET /findings` rows: the view plus the action's due date and the derived overdue flag. */
export const FindingRowSchema = FindingViewSchema.extend({ due_date: DateSchema.nullable(), overdue: z.boolean() });
export type FindingRow = z.infer<typeof FindingRowSchema>;
export const FindingListSchema = z.object({ items: z.array(FindingRowSchema), total: z.number().int() });
export type FindingList = z.infer<typeof FindingListSchema>;

export const AuditListSchema = z.object({ items: z.array(AuditListItemSchema), total: z.number().int() });
export { AuditDetailSchema };

export const ChecklistRowSchema = ChecklistSchema.extend({
  latest_version: z.number().int().nullable(),
  published_version: z.number().int().nullable(),
  published_version_id: z.string().nullable(),
});
export type ChecklistRow = z.infer<typeof ChecklistRowSchema>;
export const ChecklistListSchema = z.object({ items: z.array(ChecklistRowSchema) });

export const EventRowSchema = EventSchema.extend({ actor_name: z.string().nullable() });
export type EventRow = z.infer<typeof EventRowSchema>;
export const EventListSchema = z.object({ items: z.array(EventRowSchema) });

// ── GET /summary: the shared contract, as the Worker serves it ──────────────────────────────────────────────────

export { NC_SUMMARY_STATUSES as NC_STATUS_KEYS, SummaryResponseSchema as SummarySchema, SummaryRowSchema } from '@onestop/shared';
export type { SummaryResponse as Summary, SummaryRow } from '@onestop/shared';
export type NcStatusKey = (typeof import('@onestop/shared').NC_SUMMARY_STATUSES)[number];

export const HealthSchema = z.object({ status: z.string(), d1: z.string(), schema_version: z.number().nullable() });
