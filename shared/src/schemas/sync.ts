// The offline sync contract (DESIGN section 7): a batch of client-made ops, each answered on its own.
import { z } from 'zod';
import { IdSchema, PageUrlSchema, TimestampSchema, VersionSchema, optionalText } from './common.ts';
import { ResultSchema } from './enums.ts';
import { EvidenceCaptureSchema, checkEvidenceCapture } from './evidence.ts';
import { FindingSchema, MAX_NOTE_CHARS } from './findings.ts';
import { ProblemSchema } from './problem.ts';

export const MAX_SYNC_OPS = 200;

/** `finding.upsert`: creates the finding `entity_id` or changes its result and notes. */
export const FindingUpsertDataSchema = z.object({
  audit_id: IdSchema,
  unit_id: IdSchema,
  item_id: IdSchema,
  result: ResultSchema,
  note: optionalText(MAX_NOTE_CHARS).optional(),
  dossier_code: optionalText(100).nullable().optional(),
  page_url: PageUrlSchema.nullable().optional(),
  /** When the inspector recorded it (client clock). */
  recorded_at: TimestampSchema,
});
export type FindingUpsertData = z.infer<typeof FindingUpsertDataSchema>;

/** `finding.delete`: a soft delete (sets `deleted_at`); nothing else to say. */
export const FindingDeleteDataSchema = z.strictObject({});
export type FindingDeleteData = z.infer<typeof FindingDeleteDataSchema>;

/** `evidence.create`: the capture; a screenshot's blob is uploaded after the op applies. */
export const EvidenceCreateDataSchema = EvidenceCaptureSchema.extend({ finding_id: IdSchema }).superRefine(
  checkEvidenceCapture,
);
export type EvidenceCreateData = z.infer<typeof EvidenceCreateDataSchema>;

const opBase = {
  /** Made by the client when the op is queued; a resent op answers `duplicate`. */
  op_id: IdSchema,
  /** The finding or evidence id (client-made UUIDv7). */
  entity_id: IdSchema,
  /** The version the client last saw; null when it creates the entity. */
  base_version: VersionSchema.nullable(),
};

export const FindingUpsertOpSchema = z.object({ ...opBase, kind: z.literal('finding.upsert'), data: FindingUpsertDataSchema });
export const FindingDeleteOpSchema = z.object({ ...opBase, kind: z.literal('finding.delete'), data: FindingDeleteDataSchema });
export const EvidenceCreateOpSchema = z.object({ ...opBase, kind: z.literal('evidence.create'), data: EvidenceCreateDataSchema });

export const SyncOpSchema = z.discriminatedUnion('kind', [FindingUpsertOpSchema, FindingDeleteOpSchema, EvidenceCreateOpSchema]);
export type SyncOp = z.infer<typeof SyncOpSchema>;
export type SyncOpInput = z.input<typeof SyncOpSchema>;

export const SyncRequestSchema = z
  .object({
    /** Identifies the installation (one per browser profile). */
    client_id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, dot, colon, dash or underscore'),
    ops: z.array(SyncOpSchema).min(1).max(MAX_SYNC_OPS),
  })
  .superRefine((req, ctx) => {
    const seen = new Set<string>();
    req.ops.forEach((op, i) => {
      if (seen.has(op.op_id)) ctx.addIssue({ code: 'custom', path: ['ops', i, 'op_id'], message: 'op_id repeated in the batch' });
      seen.add(op.op_id);
    });
  });
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

// ── Answers ──────────────────────────────────────────────────────────────────────────────────────────────────

export const SyncAppliedSchema = z.object({
  status: z.literal('applied'),
  /** The entity's new version. */
  version: VersionSchema,
  /** The finding's new seq (finding ops only). */
  seq: z.number().int().min(0).optional(),
});
export const SyncConflictSchema = z.object({
  status: z.literal('conflict'),
  /** base_version was stale: the server's copy, for "keep mine / take theirs". */
  server: FindingSchema,
});
export const SyncRejectedSchema = z.object({
  status: z.literal('rejected'),
  problem: ProblemSchema,
});

/** The outcome stored with an op id, repeated when the op is resent. */
export const SyncOutcomeSchema = z.discriminatedUnion('status', [SyncAppliedSchema, SyncConflictSchema, SyncRejectedSchema]);
export type SyncOutcome = z.infer<typeof SyncOutcomeSchema>;

const opId = { op_id: IdSchema };
export const SyncOpResultSchema = z.discriminatedUnion('status', [
  SyncAppliedSchema.extend(opId),
  z.object({ ...opId, status: z.literal('duplicate'), original: SyncOutcomeSchema }),
  SyncConflictSchema.extend(opId),
  SyncRejectedSchema.extend(opId),
]);
export type SyncOpResult = z.infer<typeof SyncOpResultSchema>;

export const SyncResponseSchema = z.object({
  /** One per op, in request order. */
  results: z.array(SyncOpResultSchema).max(MAX_SYNC_OPS),
  server_time: TimestampSchema,
  /** The greatest finding seq written by this batch: pull teammates' changes with `since` up to it. */
  cursor: z.number().int().min(0).optional(),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;
