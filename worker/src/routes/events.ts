// GET /events: the history of one record the caller may see (admins may also read the latest events overall).
import { z } from '@hono/zod-openapi';
import { auditViewRoot, getAuditRow } from '../db/audits.ts';
import { listEventsFor, listRecentEvents, type Event } from '../db/events.ts';
import { getFindingView } from '../db/findings.ts';
import { getUnit } from '../db/units.ts';
import { getUser } from '../db/users.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf, type Scope } from '../lib/scope.ts';

const ENTITIES = ['audit', 'finding', 'unit', 'user', 'checklist', 'checklist_version', 'site_profile', 'evidence'] as const;

const EventSchema = z
  .object({
    id: z.string(),
    actor_id: z.string().nullable(),
    actor_name: z.string().nullable(),
    entity: z.string(),
    entity_id: z.string(),
    type: z.string(),
    summary: z.record(z.string(), z.unknown()),
    at: z.string(),
  })
  .meta({ id: 'Event' });

const route = defineRoute({
  method: 'get',
  path: '/events',
  tags: ['events'],
  summary: 'The event log of a record',
  description: 'Every state change is written here in the same batch as the change. Give `entity` and `id` for one record\'s history (any record you may see); administrators may omit both for the latest events.',
  request: {
    query: z.object({
      entity: z.enum(ENTITIES).optional(),
      id: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(200),
    }),
  },
  responses: {
    200: { description: 'Events, oldest first (or newest first without a record)', content: { 'application/json': { schema: z.object({ items: z.array(EventSchema) }).meta({ id: 'EventList' }) } } },
    ...problemResponses(400, 404),
  },
});

/** Keys of an audit event's summary that describe the whole audit's units and team. */
const AUDIT_COMPOSITION_KEYS = ['units', 'unit_ids', 'member_ids', 'members'];

function withoutAuditComposition(event: Event): Event {
  const strip = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!AUDIT_COMPOSITION_KEYS.includes(k)) out[k] = k === 'changes' ? strip(v) : v;
    return out;
  };
  return { ...event, summary: strip(event.summary) as Event['summary'] };
}

/** The record must be visible to the caller before its history is; outside the scope it does not exist. */
async function assertVisible(db: D1Database, scope: Scope, entity: (typeof ENTITIES)[number], id: string): Promise<{ audit: Awaited<ReturnType<typeof getAuditRow>> }> {
  let visible: unknown;
  let audit: Awaited<ReturnType<typeof getAuditRow>> = null;
  switch (entity) {
    case 'audit':
      visible = audit = await getAuditRow(db, scope, id);
      break;
    case 'finding':
      visible = await getFindingView(db, scope, id);
      break;
    case 'evidence': {
      const row = await db.prepare('SELECT finding_id FROM evidence WHERE id = ?').bind(id).first<{ finding_id: string }>();
      visible = row && (await getFindingView(db, scope, row.finding_id));
      break;
    }
    case 'unit':
      visible = await getUnit(db, scope, id);
      break;
    case 'user':
      visible = await getUser(db, scope, id);
      break;
    case 'checklist':
    case 'checklist_version':
    case 'site_profile':
      // Readable by every role (DESIGN section 4).
      visible = true;
      break;
  }
  if (!visible) throw notFound('Record');
  return { audit };
}

export const eventRoutes = createRouter().openapi(route, async (c) => {
  const q = c.req.valid('query');
  const caller = callerOf(c);
  const scope = scopeOf(caller);
  if (!q.entity || !q.id) {
    if (q.entity || q.id) throw new ApiError(400, 'entity_and_id_required', 'Give both entity and id, or neither');
    if (caller.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only administrators can read the whole event log; give entity and id');
    return c.json({ items: await listRecentEvents(c.env.DB, q.limit) }, 200);
  }
  const { audit } = await assertVisible(c.env.DB, scope, q.entity, q.id);
  const items = await listEventsFor(c.env.DB, q.entity, q.id, q.limit);
  // A unit head (or a leader of an audited unit) sees only their part of the audit: its history must not count or
  // name the other units and members either.
  if (audit && (await auditViewRoot(c.env.DB, scope, audit)) !== null) return c.json({ items: items.map(withoutAuditComposition) }, 200);
  return c.json({ items }, 200);
});
