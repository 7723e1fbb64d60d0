// Response shapes as the API serves them, built from the @onestop/shared schemas. Where the Worker adds display
// fields (names, due dates) the shared schema is extended.
import {
  AuditDetailSchema,
  AuditListItemSchema,
  ChecklistSchema,
  DateSchema,
  EventSchema,
  FalsePositiveCountSchema,
  FindingViewSchema,
  ReportedFiguresRecordSchema,
  SampleDetailSchema,
  SampleSummarySchema,
  SuggestionDismissalSchema,
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

// ── Automated checks: samples, dismissed suggestions, reported figures (issue 14) ─────────────────────────────────

export const SampleListSchema = z.object({ items: z.array(SampleSummarySchema), total: z.number().int() });
export type SampleList = z.infer<typeof SampleListSchema>;
export { SampleDetailSchema };
export type SampleDetail = z.infer<typeof SampleDetailSchema>;
export type { SampleSummary } from '@onestop/shared';

export const DismissalListSchema = z.object({ items: z.array(SuggestionDismissalSchema), total: z.number().int(), by_rule: z.array(FalsePositiveCountSchema) });
export type DismissalList = z.infer<typeof DismissalListSchema>;
export type FalsePositiveCount = z.infer<typeof FalsePositiveCountSchema>;

export { ReportedFiguresRecordSchema };
export type ReportedFiguresRecord = z.infer<typeof ReportedFiguresRecordSchema>;
export const ReportedFiguresListSchema = z.object({ items: z.array(ReportedFiguresRecordSchema) });

/**
 * What the dashboard reads of a stored rule set (`GET /checklists/{id}/check-rules`): the rules' titles and
 * explanations, to name a sample's rules and fill their messages with the facts. Loose on purpose: the rule language
 * itself is the extension's business.
 */
const bilingual = z.object({ vi: z.string(), en: z.string() });
export const RuleTextsSchema = z.object({
  rule_set: z.object({
    id: z.string(),
    version: z.number().int(),
    rules: z.array(z.object({ id: z.string(), version: z.number().int(), item_code: z.string(), title: bilingual, explanation: bilingual.optional() })),
  }),
});
export type RuleTexts = z.infer<typeof RuleTextsSchema>['rule_set']['rules'][number];
