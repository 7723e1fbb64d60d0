// The offline sync contract (DESIGN section 7): a batch of client-made ops, each answered on its own.
import { z } from 'zod';
import { IdSchema, PageUrlSchema, TimestampSchema, VersionSchema, optionalLine, optionalText } from './common.ts';
import { ResultSchema } from './enums.ts';
import { EvidenceCaptureSchema, checkEvidenceCapture } from './evidence.ts';
import { FindingSchema, MAX_NOTE_CHARS } from './findings.ts';
import { ProblemSchema, issuePath, type ProblemFieldError } from './problem.ts';

export const MAX_SYNC_OPS = 200;

/** `finding.upsert`: creates the finding `entity_id` or changes its result and notes. */
export const FindingUpsertDataSchema = z.object({
  audit_id: IdSchema,
  unit_id: IdSchema,
  item_id: IdSchema,
  result: ResultSchema,
  note: optionalText(MAX_NOTE_CHARS).optional(),
  dossier_code: optionalLine(100).nullable().optional(),
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

/** Identifies the installation (one per browser profile). */
export const SyncClientIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, dot, colon, dash or underscore');

/**
 * The request as documented (OpenAPI `SyncRequest`): what a client should send. POST /sync does not parse it whole:
 * it parses `SyncEnvelopeSchema`, then each op on its own (`checkSyncOps`), so one op that fails this schema, or
 * repeats an op_id, is answered `rejected` while the others apply.
 */
export const SyncRequestSchema = z.object({
  client_id: SyncClientIdSchema,
  /** Each op is checked on its own against `SyncOp`; see `checkSyncOps`. */
  ops: z.array(SyncOpSchema).min(1).max(MAX_SYNC_OPS),
});
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

/**
 * What must hold for the request to be read at all: a client id and 1..MAX_SYNC_OPS ops. The ops are any JSON values
 * here (an op that is not even an object is rejected on its own, not with the batch); `checkSyncOps` parses them.
 */
export const SyncEnvelopeSchema = z.object({
  client_id: SyncClientIdSchema,
  ops: z.array(z.unknown()).min(1).max(MAX_SYNC_OPS),
});
export type SyncEnvelope = z.infer<typeof SyncEnvelopeSchema>;

/** The problem code of an op that fails `SyncOpSchema` or repeats an op_id of its batch. */
export const INVALID_OP_CODE = 'invalid_op';

/** One op of a batch, checked on its own: the parsed op, or why it cannot be applied. */
export type SyncOpCheck =
  | { ok: true; op: SyncOp }
  | {
      ok: false;
      /** The op's own op_id when it is a UUID; null when it has none that can be read. */
      op_id: string | null;
      /** A sentence for people. */
      detail: string;
      /** Each failure, with its path from the request body (`$.ops[1].data.result`). */
      errors: ProblemFieldError[];
    };

/** The op_id of a raw op when it is a readable UUID, else null. */
export function readableOpId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const id = (raw as { op_id?: unknown }).op_id;
  return IdSchema.safeParse(id).success ? (id as string) : null;
}

/**
 * Parses each op of a batch on its own with `SyncOpSchema`, in order. The first op carrying an op_id owns it: a later
 * op with the same op_id is refused (whatever the first one's fate), since one op_id answers one op.
 */
export function checkSyncOps(ops: readonly unknown[]): SyncOpCheck[] {
  const seen = new Set<string>();
  return ops.map((raw, index): SyncOpCheck => {
    const opId = readableOpId(raw);
    const repeated = opId !== null && seen.has(opId);
    if (opId !== null) seen.add(opId);
    const parsed = SyncOpSchema.safeParse(raw);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: issuePath(['ops', index, ...issue.path]), message: issue.message }));
      const fields = [...new Set(errors.map((e) => e.path))];
      const more = fields.length > 1 ? ` (and ${fields.length - 1} more; see errors)` : '';
      return { ok: false, op_id: opId, detail: `This op does not match the sync contract and was not applied: ${fields[0] ?? issuePath(['ops', index])} is not valid${more}`, errors };
    }
    if (repeated) {
      return {
        ok: false,
        op_id: opId,
        detail: 'This op repeats the op_id of an earlier op in the batch and was not applied',
        errors: [{ path: issuePath(['ops', index, 'op_id']), message: 'op_id repeated in the batch' }],
      };
    }
    return { ok: true, op: parsed.data };
  });
}

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
  /** An op that fails the schema may carry no readable op_id: then null, and the client matches it by position. */
  SyncRejectedSchema.extend({ op_id: IdSchema.nullable() }),
]);
export type SyncOpResult = z.infer<typeof SyncOpResultSchema>;

export const SyncResponseSchema = z.object({
  /** One per op, in request order: match them to the ops by position (a rejected result's op_id may be null). */
  results: z.array(SyncOpResultSchema).max(MAX_SYNC_OPS),
  server_time: TimestampSchema,
  /** The greatest finding seq written by this batch: pull teammates' changes with `since` up to it. */
  cursor: z.number().int().min(0).optional(),
});
export type SyncResponse = z.infer<typeof SyncResponseSchema>;

// ── Client timestamps ────────────────────────────────────────────────────────────────────────────────────────
// `recorded_at` and `captured_at` come from the client's clock. The schema only checks their form; the server then
// bounds them (ADR 0006): not later than its own clock plus CLIENT_CLOCK_SKEW_MS, and not earlier than the audit
// existed (the earlier of its creation and its planned start, 00:00 in Asia/Ho_Chi_Minh) minus CLIENT_TIME_MARGIN_MS.
// An op outside the bounds is answered `rejected` with code TIMESTAMP_OUT_OF_RANGE_CODE (status 422) and `errors`
// naming the field.

/** How far ahead of the server's clock a client clock may run. */
export const CLIENT_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How long before the audit existed a client timestamp may lie (a wrong time zone or a badly set clock). */
export const CLIENT_TIME_MARGIN_MS = 24 * 60 * 60 * 1000;
/** The problem code of an op (or request) whose client timestamp is outside the bounds. */
export const TIMESTAMP_OUT_OF_RANGE_CODE = 'timestamp_out_of_range';

/** The instant a `YYYY-MM-DD` calendar date starts in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
const startOfVietnamDay = (date: string): number => Date.parse(`${date}T00:00:00+07:00`);

/**
 * The earliest client timestamp accepted for records of an audit: the earlier of its creation and the start of its
 * planned first day, minus CLIENT_TIME_MARGIN_MS. An unreadable value counts as no bound from that value.
 */
export function auditTimeFloor(audit: { created_at: string; planned_start: string }): number {
  const candidates = [Date.parse(audit.created_at), startOfVietnamDay(audit.planned_start)].filter(Number.isFinite);
  return (candidates.length > 0 ? Math.min(...candidates) : Number.NEGATIVE_INFINITY) - CLIENT_TIME_MARGIN_MS;
}

/**
 * Why a client timestamp is refused, or null when it lies within [floor, now + CLIENT_CLOCK_SKEW_MS]. `now` is the
 * server's clock in milliseconds; `floor` usually comes from `auditTimeFloor`.
 */
export function clientTimeProblem(value: string, bounds: { now: number; floor: number }): string | null {
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return 'is not a readable timestamp';
  if (at > bounds.now + CLIENT_CLOCK_SKEW_MS) {
    return `lies in the future (more than ${CLIENT_CLOCK_SKEW_MS / 60_000} minutes after the server's clock, ${new Date(bounds.now).toISOString()}); check the device's clock`;
  }
  if (at < bounds.floor) {
    return `lies before the audit existed (the earliest accepted time is ${new Date(bounds.floor).toISOString()}); check the device's clock`;
  }
  return null;
}
