// Findings and their corrective actions as the API returns them, and the bodies of the nonconformity workflow
// (response, dispute review, action done, verification).
import { z } from 'zod';
import { DateSchema, IdSchema, TimestampSchema, VersionSchema, line, optionalText, text } from './common.ts';
import { AuditStatusSchema, FindingStatusSchema, ResultSchema } from './enums.ts';
import { EvidenceSchema } from './evidence.ts';

export const MAX_NOTE_CHARS = 8000;

/**
 * The problem code of a major or minor nonconformity written with a blank note (issue 16): `POST /sync` answers such a
 * `finding.upsert` op `rejected` with it (status 422, `errors` naming `data.note`). See `noteMissing`.
 */
export const NOTE_REQUIRED_CODE = 'note_required';

export const FindingSchema = z.object({
  id: IdSchema,
  audit_id: IdSchema,
  unit_id: IdSchema,
  item_id: IdSchema,
  result: ResultSchema,
  note: z.string().max(MAX_NOTE_CHARS),
  /** The sampled dossier, when the check was made on one. */
  dossier_code: z.string().max(100).nullable(),
  page_url: z.string().max(2048).nullable(),
  status: FindingStatusSchema,
  dispute_reason: z.string().max(MAX_NOTE_CHARS).nullable().default(null),
  review_comment: z.string().max(MAX_NOTE_CHARS).nullable().default(null),
  recorded_by: IdSchema,
  recorded_at: TimestampSchema,
  closed_at: TimestampSchema.nullable().default(null),
  deleted_at: TimestampSchema.nullable(),
  version: VersionSchema,
  /** Monotonic change cursor: `GET /audits/{id}/findings?since=` returns rows with a greater seq. */
  seq: z.number().int().min(0),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Finding = z.infer<typeof FindingSchema>;

export const CorrectiveActionSchema = z.object({
  finding_id: IdSchema,
  root_cause: z.string().max(MAX_NOTE_CHARS),
  /** The immediate fix. */
  correction: z.string().max(MAX_NOTE_CHARS),
  action: z.string().max(MAX_NOTE_CHARS),
  owner_name: z.string().max(200),
  /** The owner's account (a user of the finding's unit subtree); null on plans made before owners were accounts. */
  owner_user_id: IdSchema.nullable().default(null),
  due_date: DateSchema,
  done_note: z.string().max(MAX_NOTE_CHARS).nullable(),
  done_at: TimestampSchema.nullable(),
  verification_note: z.string().max(MAX_NOTE_CHARS).nullable(),
  verified_by: IdSchema.nullable(),
  verified_at: TimestampSchema.nullable(),
  /** Null until verified. */
  effective: z.boolean().nullable(),
  planned_by: IdSchema.nullable().default(null),
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type CorrectiveAction = z.infer<typeof CorrectiveActionSchema>;

/** `GET /findings/{id}` and list rows: the finding with names for display, its action and evidence. */
export const FindingViewSchema = FindingSchema.extend({
  audit_code: z.string(),
  audit_status: AuditStatusSchema,
  unit_name: z.string(),
  item_code: z.string(),
  item_clause: z.string(),
  item_text_vi: z.string(),
  item_text_en: z.string().default(''),
  recorded_by_name: z.string().nullable(),
  /** Derived: the action is past its due date and not done. */
  overdue: z.boolean().optional(),
});
export type FindingView = z.infer<typeof FindingViewSchema>;

export const FindingDetailSchema = FindingViewSchema.extend({
  corrective_action: CorrectiveActionSchema.nullable(),
  evidence: z.array(EvidenceSchema).max(200),
});
export type FindingDetail = z.infer<typeof FindingDetailSchema>;

/** `GET /audits/{id}/findings?unit=&status=&since=`: a page of changes after the cursor. */
export const FindingPullQuerySchema = z.object({
  unit: IdSchema.optional(),
  status: FindingStatusSchema.optional(),
  /** The last seq seen; rows with a greater seq are returned in seq order (deleted rows included). */
  since: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type FindingPullQuery = z.infer<typeof FindingPullQuerySchema>;

export const FindingPullResponseSchema = z.object({
  items: z.array(FindingSchema).max(1000),
  /** Pass as `since` for the next page; null when nothing was returned. */
  cursor: z.number().int().min(0).nullable(),
  has_more: z.boolean(),
});
export type FindingPullResponse = z.infer<typeof FindingPullResponseSchema>;

// ── Workflow bodies ──────────────────────────────────────────────────────────────────────────────────────────

const EvidenceIds = z.array(IdSchema).max(20);
/** When given, the change is refused if the finding changed since (optimistic concurrency). */
const ExpectedVersion = VersionSchema.optional();

/** `POST /findings/{id}/response` by the unit head: accept with a corrective-action plan, or dispute. */
export const FindingResponseSchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    root_cause: text(MAX_NOTE_CHARS),
    correction: optionalText(MAX_NOTE_CHARS).optional(),
    action: text(MAX_NOTE_CHARS),
    /**
     * The owner's account: an active user of the finding's unit subtree (GET /findings/{id}/assignable-users). Never
     * free text (issue 15): the action's owner is someone the reminders can reach.
     */
    owner_user_id: IdSchema,
    /** Not before today (Asia/Ho_Chi_Minh); checked by the workflow. */
    due_date: DateSchema,
    version: ExpectedVersion,
  }),
  z.object({
    decision: z.literal('dispute'),
    reason: text(MAX_NOTE_CHARS),
    /** Counter-evidence already attached with purpose `response`. */
    evidence_ids: EvidenceIds.optional(),
    version: ExpectedVersion,
  }),
]);
export type FindingResponse = z.infer<typeof FindingResponseSchema>;

/** `POST /findings/{id}/review` by the lead inspector: `reject` the dispute (back to open) or `accept` it (withdrawn). */
export const DisputeReviewSchema = z.object({
  decision: z.enum(['reject', 'accept']),
  comment: text(MAX_NOTE_CHARS),
  version: ExpectedVersion,
});
export type DisputeReview = z.infer<typeof DisputeReviewSchema>;

/** `POST /findings/{id}/action-done` by the unit head. */
export const ActionDoneSchema = z.object({
  note: text(MAX_NOTE_CHARS),
  evidence_ids: EvidenceIds.optional(),
  version: ExpectedVersion,
});
export type ActionDone = z.infer<typeof ActionDoneSchema>;

/** `POST /findings/{id}/verification` by an audit member (never the unit head). */
export const VerificationSchema = z.discriminatedUnion('effective', [
  z.object({
    effective: z.literal(true),
    note: text(MAX_NOTE_CHARS),
    version: ExpectedVersion,
  }),
  z.object({
    effective: z.literal(false),
    /** Why the action was not effective. */
    note: text(MAX_NOTE_CHARS),
    new_due_date: DateSchema,
    version: ExpectedVersion,
  }),
]);
export type Verification = z.infer<typeof VerificationSchema>;

/** `GET /findings?…`: the role-scoped list. */
export const FindingListQuerySchema = z.object({
  audit: IdSchema.optional(),
  unit: IdSchema.optional(),
  status: FindingStatusSchema.optional(),
  result: ResultSchema.optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type FindingListQuery = z.infer<typeof FindingListQuerySchema>;
