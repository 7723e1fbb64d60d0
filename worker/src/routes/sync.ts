// POST /sync: the offline outbox's batches; each op is checked, applied and answered on its own (DESIGN section 7).
import {
  CLIENT_CLOCK_SKEW_MS,
  CLIENT_TIME_MARGIN_MS,
  MAX_SYNC_OPS,
  SyncEnvelopeSchema,
  SyncRequestSchema,
  SyncResponseSchema,
  TIMESTAMP_OUT_OF_RANGE_CODE,
  zodErrorsToProblem,
} from '@onestop/shared';
import { applyRequestOps } from '../db/sync.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter, MAX_JSON_BODY } from '../lib/create-app.ts';
import { ApiError } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const router = createRouter();
// The body is documented by the whole request schema (every op shape), but parsed in two steps by the handler, so
// an op that fails its schema is answered on its own instead of failing the batch: the route's body is a reference
// to the registered schema, which Hono does not validate.
router.openAPIRegistry.register('SyncRequest', SyncRequestSchema);

const route = defineRoute({
  method: 'post',
  path: '/sync',
  tags: ['sync'],
  summary: 'Apply a batch of offline ops',
  description: [
    `The body is read in two steps. First the envelope: \`client_id\` and \`ops\`, an array of 1 to ${MAX_SYNC_OPS} items, in a body of at most ${MAX_JSON_BODY / (1024 * 1024)} MiB. If the envelope is wrong the whole request is refused (400 for malformed JSON, 413 for a larger body, 415 for another media type, 422 with \`errors\` for a bad \`client_id\` or \`ops\`) and no op is applied.`,
    'Then each op on its own, against the op schema (`SyncOp`: `finding.upsert`, `finding.delete` or `evidence.create`). An op that fails it (an unknown `kind`, bad `data`, a missing or malformed `op_id`, a value that is not a JSON object), or that repeats the `op_id` of an earlier op of the same batch, is answered `rejected` with a problem of code `invalid_op` and status 422 whose `errors` list each failure as `{path, message}`, the path counted from the request body like every validation error of the API (`$.ops[1].data.result`). The other ops are applied as usual: one bad op never blocks the others.',
    'Results are one per op, in request order: match them to the ops by position. A `rejected` result carries the op\'s own `op_id` when it is a UUID and `op_id: null` when the op has none that can be read; every other result carries the op\'s `op_id`. An op refused by the schema is not stored: sent again it is checked again and answers `rejected` again, never `duplicate`.',
    `Valid ops are applied in order. Each op is atomic with its op_id (several ops share one D1 transaction; if that transaction loses a race, its ops are applied one by one), so a resent op answers \`duplicate\` with its original outcome.`,
    'Per valid op: `applied` (new version and seq), `duplicate`, `conflict` (base_version was stale: the server copy is returned for keep-mine / take-theirs), or `rejected` (a problem detail, e.g. `forbidden`, `not_found`, `audit_not_recording`, `id_taken`, `timestamp_out_of_range`).',
    'A `finding.upsert` of a finding that is deleted (soft delete, e.g. from another device or by the lead) never restores it: it is `rejected` with code `finding_deleted` (status 409), whatever its base_version, and the finding stays deleted. Record a new finding if the result still stands.',
    'A `finding.upsert` whose result is `nc_major` or `nc_minor` must carry a note saying what was wrong: with a missing or blank `data.note` it is `rejected` with 422 `note_required` and `errors` naming the field (`$.ops[0].data.note`), and nothing is written.',
    'Only inspectors on the audit team write findings: every member while the audit is in progress, the lead also in reporting; members edit only their own findings.',
    'Records outside the caller\'s audits answer exactly as records that do not exist (ADR 0006): an edit (`finding.upsert` with a base_version), a `finding.delete` or an `evidence.create` naming a finding of an audit the caller is not on is `rejected` with the very problem an unknown id gets (404 `not_found`). A create whose `entity_id` is already in use answers 409 `id_taken`, with the same words whoever holds the id and whether the caller may see it or not: make a new id.',
    `Client timestamps are bounded: \`recorded_at\` and \`captured_at\` must be at most ${CLIENT_CLOCK_SKEW_MS / 60_000} minutes after the server's clock and not before the audit existed (the earlier of its creation and its planned start at 00:00 in Asia/Ho_Chi_Minh, minus ${CLIENT_TIME_MARGIN_MS / 3_600_000} hours). Otherwise the op is \`rejected\` with 422 \`${TIMESTAMP_OUT_OF_RANGE_CODE}\` and \`errors\` naming the field (\`$.ops[3].data.recorded_at\`).`,
  ].join('\n\n'),
  roles: ['inspector'],
  request: { body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncRequest' } } } } },
  responses: {
    200: { description: 'One result per op, in request order', content: { 'application/json': { schema: SyncResponseSchema.meta({ id: 'SyncResponse' }) } } },
    ...problemResponses(400, 413, 415, 422),
  },
});

export const syncRoutes = router.openapi(route, async (c) => {
  const caller = callerOf(c);
  const envelope = SyncEnvelopeSchema.safeParse(await c.req.json());
  if (!envelope.success) throw new ApiError(422, 'validation_failed', 'The request body is not valid', { errors: zodErrorsToProblem(envelope.error) });
  const results = await applyRequestOps(c.env.DB, caller, envelope.data.client_id, envelope.data.ops, nowIso);
  let cursor: number | undefined;
  for (const result of results) {
    if (result.status === 'applied' && result.seq !== undefined) cursor = Math.max(cursor ?? 0, result.seq);
  }
  return c.json({ results, server_time: nowIso(), ...(cursor === undefined ? {} : { cursor }) }, 200);
});
