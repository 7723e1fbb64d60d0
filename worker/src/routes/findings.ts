// Findings: the role-scoped list, one finding with its action and evidence, and the cursor pull for teammates' changes.
import { z } from '@hono/zod-openapi';
import { FindingDetailSchema, FindingPullQuerySchema, FindingPullResponseSchema, FindingStatusSchema, FindingViewSchema, isOverdue, redactUrl, ResultSchema } from '@onestop/shared';
import { getAuditRow } from '../db/audits.ts';
import { getAction, getFindingView, listEvidence, listFindings, pullFindings, toAction, toEvidence, type FindingListRow, type FindingViewRow } from '../db/findings.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { todayInVietnam } from '../lib/time.ts';


const ListItemSchema = FindingViewSchema.extend({ due_date: z.string().nullable(), overdue: z.boolean() });
const ListSchema = z.object({ items: z.array(ListItemSchema), total: z.number().int() }).meta({ id: 'FindingList' });

const list = defineRoute({
  method: 'get',
  path: '/findings',
  tags: ['findings'],
  summary: 'Findings the caller may see, filtered',
  description: 'Admins see all; leaders their subtree; inspectors their audits; unit heads their subtree once the audit reaches reporting.',
  request: {
    query: z.object({
      audit: z.uuid().optional(),
      unit: z.uuid().optional().describe('This unit and its subtree'),
      item: z.uuid().optional(),
      clause: z.string().regex(/^\d+(\.\d+)*$/).max(16).optional().describe('A clause and its sub-clauses (8.5 covers 8.5.1)'),
      status: FindingStatusSchema.optional(),
      result: z
        .string()
        .max(120)
        .transform((v) => v.split(','))
        .pipe(z.array(ResultSchema).min(1).max(6))
        .optional()
        .describe('One result or several, comma-separated (nc_major,nc_minor)'),
      from: z.iso.date().optional().describe('Audits started on or after (Asia/Ho_Chi_Minh), as GET /summary counts them'),
      to: z.iso.date().optional(),
      counted: z.enum(['true', 'false']).optional().describe('true: only findings that count in summaries (not withdrawn)'),
      dossier: z.string().trim().max(100).optional().describe('Sampled dossier code'),
      overdue: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: { 200: { description: 'Findings, newest first', content: jsonContent(ListSchema) }, ...problemResponses(400) },
});

const get = defineRoute({
  method: 'get',
  path: '/findings/{id}',
  tags: ['findings'],
  summary: 'One finding with its corrective action and evidence',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: { description: 'The finding', content: jsonContent(FindingDetailSchema.meta({ id: 'FindingDetail' })) }, ...problemResponses(400, 404) },
});

const pull = defineRoute({
  method: 'get',
  path: '/audits/{id}/findings',
  tags: ['findings', 'sync'],
  summary: 'Pull changes to an audit\'s findings after a cursor',
  description: 'Rows with `seq` greater than `since`, in seq order, deleted ones included so clients can drop them. Pass `cursor` back as `since` for the next page.',
  request: { params: z.object({ id: z.uuid() }), query: FindingPullQuerySchema },
  responses: { 200: { description: 'A page of changes', content: jsonContent(FindingPullResponseSchema.meta({ id: 'FindingPull' })) }, ...problemResponses(400, 404) },
});

const outUrl = (url: string | null | undefined) => (url ? redactUrl(url) : (url ?? null));

function view(row: FindingViewRow & { due_date?: string | null; done_at?: string | null }, today: string) {
  const { due_date = null, done_at = null, ...rest } = row;
  return {
    ...rest,
    // Rows stored before URLs were redacted on the way in are never shown in clear.
    page_url: outUrl(row.page_url),
    audit_status: row.audit_status as z.infer<typeof FindingViewSchema>['audit_status'],
    due_date,
    overdue: due_date !== null && row.status === 'action_planned' && isOverdue({ due_date, done_at }, today),
  };
}

export const findingRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const today = todayInVietnam();
    const page = await listFindings(c.env.DB, scopeOf(callerOf(c)), {
      auditId: q.audit,
      unitId: q.unit,
      itemId: q.item,
      clause: q.clause,
      status: q.status,
      results: q.result,
      from: q.from,
      to: q.to,
      counted: q.counted === 'true',
      dossierCode: q.dossier,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      today,
      limit: q.limit,
      offset: q.offset,
    });
    return c.json({ items: page.items.map((r: FindingListRow) => view(r, today)), total: page.total }, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const row = await getFindingView(db, scopeOf(callerOf(c)), id);
    if (!row) throw notFound('Finding');
    const [action, evidence] = await Promise.all([getAction(db, id), listEvidence(db, id)]);
    const today = todayInVietnam();
    return c.json(
      {
        ...view({ ...row, due_date: action?.due_date ?? null, done_at: action?.done_at ?? null }, today),
        corrective_action: action ? toAction(action) : null,
        evidence: evidence.map(toEvidence),
      },
      200,
    );
  })
  .openapi(pull, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    if (!(await getAuditRow(c.env.DB, scope, id))) throw notFound('Audit');
    // One row more than asked tells whether another page follows.
    const rows = await pullFindings(c.env.DB, scope, id, { unitId: q.unit, status: q.status, since: q.since, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    return c.json({ items: page.map((f) => ({ ...f, page_url: outUrl(f.page_url) })), cursor: page.at(-1)?.seq ?? null, has_more: rows.length > q.limit }, 200);
  });
