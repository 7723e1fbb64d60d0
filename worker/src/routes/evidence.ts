// Evidence: metadata attached to a finding, blobs in R2 checked for size, type (declared and by magic number) and
// SHA-256 before anything is stored, downloads authorized like the finding and always sent as sandboxed attachments
// under their own file name.
import { z } from '@hono/zod-openapi';
import {
  auditTimeFloor,
  canRecordFindings,
  clientTimeProblem,
  EvidenceCreateSchema,
  evidenceFileName,
  EvidenceSchema,
  EVIDENCE_MIME_TYPES,
  MAX_EVIDENCE_BYTES,
  Sha256Schema,
  TIMESTAMP_OUT_OF_RANGE_CODE,
} from '@onestop/shared';
import { membershipOf } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { getFindingRowUnscoped, getFindingView, toEvidence, type EvidenceRow } from '../db/findings.ts';
import { insertEvidence } from '../db/sync.ts';
import { callerOf } from '../lib/auth.ts';
import { checkBlobType } from '../lib/blob-type.ts';
import { attachmentDisposition } from '../lib/content-disposition.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';

const Evidence = EvidenceSchema.meta({ id: 'Evidence' });

const create = defineRoute({
  method: 'post',
  path: '/findings/{id}/evidence',
  tags: ['evidence'],
  summary: 'Attach evidence to a finding',
  description:
    'Inspectors of the audit attach evidence (purpose `finding`) while they may record findings; the unit head attaches counter-evidence (`response`) or proof of the action (`action`) to findings of their units. Quotes and fields are redacted again on the server. A screenshot or file announces sha256, mime and bytes; its blob follows with PUT /evidence/{id}/blob. A file\'s original name goes in `fields.file_name`: downloads keep it. `captured_at` must lie between the audit\'s creation or planned start (whichever is earlier, minus one day) and five minutes after the server\'s clock, else 422 `timestamp_out_of_range`. An id already used by any evidence (yours or not, visible to you or not) answers 409 `id_taken`: make a new id.',
  roles: ['inspector', 'unit_head'],
  request: { params: z.object({ id: z.uuid() }), body: { required: true, content: jsonContent(EvidenceCreateSchema.meta({ id: 'EvidenceCreate' })) } },
  responses: { 201: { description: 'Attached', content: jsonContent(Evidence) }, ...problemResponses(400, 404, 409, 415, 422) },
});

const upload = defineRoute({
  method: 'put',
  path: '/evidence/{id}/blob',
  tags: ['evidence'],
  summary: 'Upload the blob of a screenshot or file',
  description: `The raw bytes (≤ ${MAX_EVIDENCE_BYTES} bytes) with Content-Type one of ${EVIDENCE_MIME_TYPES.join(', ')} and \`x-content-sha256\` the lower-case hex SHA-256 of the bytes. Both must match what the evidence announced (415 \`unsupported_media_type\`, 422 \`hash_mismatch\` or \`size_mismatch\`), and the bytes must be of that type by their magic number: PNG signature and IHDR, JPEG SOI, RIFF/WEBP with a VP8 chunk, \`%PDF-\` at the first byte (422 \`blob_type_mismatch\`, e.g. HTML sent as image/png). Nothing is stored otherwise: no R2 object, no change to the evidence. Uploading the same bytes again is harmless.`,
  roles: ['inspector', 'unit_head'],
  request: {
    params: z.object({ id: z.uuid() }),
    headers: z.object({ 'x-content-sha256': Sha256Schema }),
    body: { required: true, content: Object.fromEntries(EVIDENCE_MIME_TYPES.map((m) => [m, { schema: z.string().meta({ format: 'binary' }) }])) },
  },
  responses: { 200: { description: 'Stored and verified', content: jsonContent(Evidence) }, ...problemResponses(400, 404, 409, 413, 415, 422) },
});

const download = defineRoute({
  method: 'get',
  path: '/evidence/{id}/blob',
  tags: ['evidence'],
  summary: 'Download a blob (always as an attachment)',
  description:
    "Sent with `Content-Disposition: attachment` and the evidence's own file name (`fields.file_name`, as `filename` in ASCII and `filename*` in UTF-8 per RFC 6266; `evidence-{id}.{ext}` when it has none; an extension that fits the type is added when missing), `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`, so the bytes never run as a page of this origin.",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: { description: 'The bytes', content: Object.fromEntries(EVIDENCE_MIME_TYPES.map((m) => [m, { schema: z.string().meta({ format: 'binary' }) }])) }, ...problemResponses(400, 404) },
});

async function evidenceRow(db: D1Database, id: string): Promise<EvidenceRow | null> {
  return db.prepare('SELECT e.*, u.display_name AS captured_by_name FROM evidence e LEFT JOIN users u ON u.id = e.captured_by WHERE e.id = ?').bind(id).first<EvidenceRow>();
}

/** The download's own policy: kept by the app's secure-headers middleware, which does not overwrite a handler's. */
export const EVIDENCE_DOWNLOAD_CSP = "default-src 'none'; sandbox";

/** Refuses a client timestamp outside the audit's bounds (see `clientTimeProblem`). */
function assertClientTime(value: string, audit: { created_at: string; planned_start: string }, path: string): void {
  const problem = clientTimeProblem(value, { now: Date.now(), floor: auditTimeFloor(audit) });
  if (problem) throw new ApiError(422, TIMESTAMP_OUT_OF_RANGE_CODE, `${path} ${problem}`, { errors: [{ path, message: problem }] });
}

export const evidenceRoutes = createRouter()
  .openapi(create, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    if (!(await getFindingView(db, scopeOf(caller), id))) throw notFound('Finding');
    const finding = await getFindingRowUnscoped(db, id);
    if (!finding || finding.deleted_at) throw notFound('Finding');
    const audit = await db
      .prepare('SELECT status, created_at, planned_start FROM audits WHERE id = ?')
      .bind(finding.audit_id)
      .first<{ status: 'planned' | 'in_progress' | 'reporting' | 'closed' | 'cancelled'; created_at: string; planned_start: string }>();
    if (!audit) throw notFound('Finding');
    if (caller.role === 'inspector') {
      if (body.purpose !== 'finding') throw new ApiError(422, 'purpose_not_allowed', 'Inspectors attach evidence for the finding itself', { errors: [{ path: '$.purpose', message: 'must be finding' }] });
      if (!canRecordFindings(audit.status, await membershipOf(db, finding.audit_id, caller.userId))) {
        throw new ApiError(409, 'audit_not_recording', 'Evidence for a finding is attached while the audit is in progress (the lead may still add it in reporting)');
      }
    } else if (body.purpose === 'finding') {
      throw new ApiError(422, 'purpose_not_allowed', 'Unit heads attach evidence to a response or an action', { errors: [{ path: '$.purpose', message: 'must be response or action' }] });
    }
    assertClientTime(body.captured_at, audit, '$.captured_at');
    const now = nowIso();
    try {
      await db.batch([
        insertEvidence(db, body.id, { ...body, finding_id: id }, body.purpose, caller.userId, now),
        insertEvent(db, { actorId: caller.userId, entity: 'evidence', entityId: body.id, type: 'evidence.attached', summary: { finding_id: id, kind: body.kind, purpose: body.purpose }, at: now }),
      ]);
    } catch (err) {
      // The same answer whoever holds the id, and whether the caller may see it or not (ADR 0006).
      if (isUniqueViolation(err)) throw new ApiError(409, 'id_taken', 'This id is already in use; make a new id for new evidence');
      throw err;
    }
    const row = await evidenceRow(db, body.id);
    if (!row) throw notFound('Evidence');
    return c.json(toEvidence(row), 201);
  })
  .openapi(upload, async (c) => {
    const { id } = c.req.valid('param');
    const claimed = c.req.valid('header')['x-content-sha256'];
    const caller = callerOf(c);
    const db = c.env.DB;
    const row = await evidenceRow(db, id);
    if (!row || !(await getFindingView(db, scopeOf(caller), row.finding_id))) throw notFound('Evidence');
    if (row.captured_by !== caller.userId) throw new ApiError(403, 'forbidden', 'Only the person who captured the evidence uploads its blob');
    if (!row.sha256 || !row.mime || !row.bytes) throw new ApiError(409, 'no_blob_expected', 'This evidence did not announce a blob (sha256, mime and bytes)');
    const mime = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mime !== row.mime) throw new ApiError(415, 'unsupported_media_type', `Send the blob as ${row.mime}, as the evidence announced`);
    if (claimed !== row.sha256) throw new ApiError(422, 'hash_mismatch', 'x-content-sha256 differs from the hash the evidence announced');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength === 0 || bytes.byteLength > MAX_EVIDENCE_BYTES) throw new ApiError(413, 'body_too_large', `A blob is 1 to ${MAX_EVIDENCE_BYTES} bytes`);
    if (bytes.byteLength !== row.bytes) throw new ApiError(422, 'size_mismatch', `The blob has ${bytes.byteLength} bytes; the evidence announced ${row.bytes}`);
    const actual = await sha256Hex(bytes);
    if (actual !== row.sha256) throw new ApiError(422, 'hash_mismatch', 'The SHA-256 of the bytes does not match x-content-sha256; nothing was stored');
    // The announced hash only proves the bytes arrived intact; what they are is read from their magic number.
    const type = checkBlobType(row.mime, bytes);
    if (!type.ok) {
      const seen = type.detected === 'markup' ? 'HTML, XML or script' : type.detected ? type.detected : 'no known format';
      throw new ApiError(422, 'blob_type_mismatch', `The bytes are not ${row.mime} (they look like ${seen}); nothing was stored`);
    }
    const finding = await getFindingRowUnscoped(db, row.finding_id);
    if (!finding) throw notFound('Evidence');
    const key = `evidence/${finding.audit_id}/${finding.id}/${row.id}`;
    if (row.uploaded_at && row.blob_key === key) return c.json(toEvidence(row), 200);
    // R2 verifies the digest again on its side.
    await c.env.EVIDENCE.put(key, bytes, { httpMetadata: { contentType: row.mime }, sha256: actual, customMetadata: { evidence_id: row.id, captured_by: row.captured_by } });
    const now = nowIso();
    await db
      .batch([
        db.prepare('UPDATE evidence SET blob_key = ?, uploaded_at = ? WHERE id = ? AND uploaded_at IS NULL').bind(key, now, id),
        expectOneChange(db),
        insertEvent(db, { actorId: caller.userId, entity: 'evidence', entityId: id, type: 'evidence.blob_uploaded', summary: { bytes: bytes.byteLength, sha256: actual }, at: now }),
      ])
      .catch((err: unknown) => {
        // A concurrent upload of the same verified bytes already recorded it.
        if (!isGuardFailure(err)) throw err;
      });
    const fresh = await evidenceRow(db, id);
    if (!fresh) throw notFound('Evidence');
    return c.json(toEvidence(fresh), 200);
  })
  .openapi(download, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    const db = c.env.DB;
    const row = await evidenceRow(db, id);
    if (!row || !(await getFindingView(db, scopeOf(caller), row.finding_id)) || !row.blob_key || !row.mime) throw notFound('Evidence blob');
    const object = await c.env.EVIDENCE.get(row.blob_key);
    if (!object) throw notFound('Evidence blob');
    const name = evidenceFileName({ id: row.id, mime: row.mime, fields: toEvidence(row).fields });
    return new Response(object.body, {
      status: 200,
      headers: {
        'content-type': row.mime,
        'content-length': String(object.size),
        'content-disposition': attachmentDisposition(name),
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'content-security-policy': EVIDENCE_DOWNLOAD_CSP,
        ...(row.sha256 ? { 'x-content-sha256': row.sha256 } : {}),
      },
    }) as never;
  });
