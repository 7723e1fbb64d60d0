// Action tracking (issue 15 part 4): requests to move a corrective action's due date later (an extension, or the
// later date of a revised plan) and the lead inspector's decision, the revised plan itself, the users an action can
// be assigned to, and the comment thread between the audited unit and the audit team on a finding.
import { z } from 'zod';
import { DateSchema, IdSchema, TimestampSchema, VersionSchema, optionalText, text } from './common.ts';
import { RoleSchema } from './enums.ts';
import { CorrectiveActionSchema, MAX_NOTE_CHARS } from './findings.ts';

/** Reasons and comments are conversation, not reports: shorter than notes. */
export const MAX_REASON_CHARS = 4000;
export const MAX_COMMENT_CHARS = 4000;

export const DUE_DATE_REQUEST_KINDS = ['extension', 'revision'] as const;
export const DueDateRequestKindSchema = z.enum(DUE_DATE_REQUEST_KINDS);
/** `withdrawn`: the action was reported done while the request waited, so nothing was left to decide. */
export const DUE_DATE_REQUEST_STATUSES = ['pending', 'accepted', 'refused', 'withdrawn'] as const;
export const DueDateRequestStatusSchema = z.enum(DUE_DATE_REQUEST_STATUSES);

/** A request to move the due date later, pending or decided (decided ones stay as history). */
export const DueDateRequestSchema = z.object({
  id: IdSchema,
  finding_id: IdSchema,
  /** `extension`: only the date; `revision`: the later date of a revised plan (its content already applied). */
  kind: DueDateRequestKindSchema,
  current_due_date: DateSchema,
  new_due_date: DateSchema,
  reason: z.string().max(MAX_REASON_CHARS),
  status: DueDateRequestStatusSchema,
  requested_by: IdSchema,
  requested_by_name: z.string().nullable(),
  requested_at: TimestampSchema,
  decided_by: IdSchema.nullable(),
  decided_by_name: z.string().nullable(),
  decided_at: TimestampSchema.nullable(),
  decision_reason: z.string().max(MAX_REASON_CHARS).nullable(),
});
export type DueDateRequest = z.infer<typeof DueDateRequestSchema>;

export const DueDateRequestListSchema = z.object({ items: z.array(DueDateRequestSchema).max(500) });
export type DueDateRequestList = z.infer<typeof DueDateRequestListSchema>;

/** When given, refused if the corrective action changed since (its `version`). */
const ExpectedActionVersion = VersionSchema.optional();

/** `POST /findings/{id}/due-date-requests` by the unit head: more time for a planned action. */
export const ExtensionRequestSchema = z.object({
  /** After the current due date and not before today (Asia/Ho_Chi_Minh); checked by the workflow. */
  new_due_date: DateSchema,
  reason: text(MAX_REASON_CHARS),
  version: ExpectedActionVersion,
});
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

/** `POST /findings/{id}/due-date-requests/{request}/decision` by the audit's lead inspector. */
export const DueDateDecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('accept'), reason: optionalText(MAX_REASON_CHARS).optional() }),
  z.object({ decision: z.literal('refuse'), reason: text(MAX_REASON_CHARS) }),
]);
export type DueDateDecision = z.infer<typeof DueDateDecisionSchema>;

/**
 * `POST /findings/{id}/plan-revision` by the unit head while the action is planned and not done. The content
 * (root cause, correction, action, owner) applies at once; a due date on or before the current one applies at once
 * too; a later one becomes a `revision` request the lead accepts or refuses.
 */
export const PlanRevisionSchema = z.object({
  root_cause: text(MAX_NOTE_CHARS),
  correction: optionalText(MAX_NOTE_CHARS).optional(),
  action: text(MAX_NOTE_CHARS),
  owner_user_id: IdSchema,
  due_date: DateSchema,
  /** Why the plan changes (kept in the history, and the reason of a later date). */
  reason: text(MAX_REASON_CHARS),
  version: ExpectedActionVersion,
});
export type PlanRevision = z.infer<typeof PlanRevisionSchema>;

/** `POST /findings/{id}/plan-revision`: the action after the revision, and the request made when the date moved later. */
export const PlanRevisionResultSchema = z.object({
  corrective_action: CorrectiveActionSchema,
  due_date_request: DueDateRequestSchema.nullable(),
});
export type PlanRevisionResult = z.infer<typeof PlanRevisionResultSchema>;

/** A user an action of this unit can be assigned to: an active account in the finding's unit subtree. */
export const AssignableUserSchema = z.object({
  id: IdSchema,
  display_name: z.string().max(200),
  role: RoleSchema,
  unit_id: IdSchema,
  unit_name: z.string(),
});
export type AssignableUser = z.infer<typeof AssignableUserSchema>;
export const AssignableUserListSchema = z.object({ items: z.array(AssignableUserSchema).max(500) });

export const COMMENT_AUTHOR_PARTS = ['unit_head', 'lead', 'member'] as const;
export const CommentAuthorPartSchema = z.enum(COMMENT_AUTHOR_PARTS);

/** `POST /findings/{id}/comments`. */
export const CommentBodySchema = z.object({ body: text(MAX_COMMENT_CHARS) });
export type CommentBody = z.infer<typeof CommentBodySchema>;

export const FindingCommentSchema = z.object({
  id: IdSchema,
  finding_id: IdSchema,
  author_id: IdSchema,
  author_name: z.string().nullable(),
  /** The author's part in the finding when posting: the unit (`unit_head`) or the audit team (`lead`, `member`). */
  author_part: CommentAuthorPartSchema,
  body: z.string().max(MAX_COMMENT_CHARS),
  created_at: TimestampSchema,
});
export type FindingComment = z.infer<typeof FindingCommentSchema>;
export const FindingCommentListSchema = z.object({ items: z.array(FindingCommentSchema).max(1000) });
