// POST /sync: the offline outbox's batches; each op is applied and answered on its own (DESIGN section 7).
import { MAX_SYNC_OPS, SyncRequestSchema, SyncResponseSchema } from '@onestop/shared';
import { applyOps } from '../db/sync.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const route = defineRoute({
  method: 'post',
  path: '/sync',
  tags: ['sync'],
  summary: 'Apply a batch of offline ops',
  description: [
    `At most ${MAX_SYNC_OPS} ops, applied in order. Each op is atomic with its op_id (several ops share one D1 transaction; if that transaction loses a race, its ops are applied one by one), so one bad op never blocks the others and a resent op answers \`duplicate\` with its original outcome.`,
    'Per op: `applied` (new version and seq), `duplicate`, `conflict` (base_version was stale: the server copy is returned for keep-mine / take-theirs), or `rejected` (a problem detail).',
    'Only inspectors on the audit team write findings: every member while the audit is in progress, the lead also in reporting; members edit only their own findings.',
  ].join('\n\n'),
  roles: ['inspector'],
  request: { body: { required: true, content: { 'application/json': { schema: SyncRequestSchema.meta({ id: 'SyncRequest' }) } } } },
  responses: {
    200: { description: 'One result per op, in request order', content: { 'application/json': { schema: SyncResponseSchema.meta({ id: 'SyncResponse' }) } } },
    ...problemResponses(413, 415, 422),
  },
});

export const syncRoutes = createRouter().openapi(route, async (c) => {
  const body = c.req.valid('json');
  const caller = callerOf(c);
  const results = await applyOps(c.env.DB, caller, body.client_id, body.ops, nowIso);
  let cursor: number | undefined;
  for (const result of results) {
    if (result.status === 'applied' && result.seq !== undefined) cursor = Math.max(cursor ?? 0, result.seq);
  }
  return c.json({ results, server_time: nowIso(), ...(cursor === undefined ? {} : { cursor }) }, 200);
});

