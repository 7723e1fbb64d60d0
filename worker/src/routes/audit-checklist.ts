// GET /audits/{id}/checklist?unit=: the pinned items for one audited unit with the caller's and the team's latest results.
import { z } from '@hono/zod-openapi';
import { AuditChecklistViewSchema, type FindingBrief as Brief, type Result } from '@onestop/shared';
import { getAuditRow } from '../db/audits.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { notFound } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { findingInScope, scopeOf } from '../lib/scope.ts';

const AuditChecklistSchema = AuditChecklistViewSchema.meta({ id: 'AuditChecklist' });

const route = defineRoute({
  method: 'get',
  path: '/audits/{id}/checklist',
  tags: ['audits'],
  summary: 'The checklist of an audited unit with the latest results',
  request: {
    params: z.object({ id: z.uuid() }),
    query: z.object({ unit: z.uuid() }),
  },
  responses: { 200: { description: 'Items with results', content: { 'application/json': { schema: AuditChecklistSchema } } }, ...problemResponses(400, 404) },
});

interface ItemRow {
  id: string;
  version_id: string;
  code: string;
  clause: string;
  section_vi: string;
  section_en: string;
  text_vi: string;
  text_en: string;
  guidance_vi: string;
  evidence_hint_vi: string;
  weight: number;
  sort: number;
  on_page: number;
  page_rule_hint: string | null;
  item_result: Result | null;
}

type FindingBrief = Brief & { item_id: string };

export const auditChecklistRoutes = createRouter().openapi(route, async (c) => {
  const { id } = c.req.valid('param');
  const { unit } = c.req.valid('query');
  const caller = callerOf(c);
  const scope = scopeOf(caller);
  const db = c.env.DB;
  const audit = await getAuditRow(db, scope, id);
  if (!audit) throw notFound('Audit');
  const s = findingInScope(scope, 'au.audit_id', 'au.unit_id');
  const audited = await db.prepare(`SELECT 1 AS x FROM audit_units au WHERE au.audit_id = ? AND au.unit_id = ? AND ${s.sql}`).bind(id, unit, ...s.params).first();
  if (!audited) throw notFound('Audited unit');

  const fs = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  const [items, findings] = await db.batch([
    db
      .prepare(
        `SELECT i.*, r.result AS item_result FROM checklist_items i
         JOIN audit_checklists ac ON ac.version_id = i.version_id AND ac.audit_id = ?1
         LEFT JOIN item_results r ON r.audit_id = ?1 AND r.unit_id = ?2 AND r.item_id = i.id
         ORDER BY i.version_id, i.sort`,
      )
      .bind(id, unit),
    db
      .prepare(
        `SELECT f.id, f.item_id, f.result, f.status, f.note, f.dossier_code, f.recorded_by, u.display_name AS recorded_by_name, f.recorded_at, f.version
         FROM findings f LEFT JOIN users u ON u.id = f.recorded_by
         WHERE f.audit_id = ? AND f.unit_id = ? AND f.deleted_at IS NULL AND ${fs.sql}
         ORDER BY f.recorded_at DESC, f.seq DESC`,
      )
      .bind(id, unit, ...fs.params),
  ]);
  const byItem = new Map<string, FindingBrief[]>();
  for (const f of findings?.results as FindingBrief[]) {
    const list = byItem.get(f.item_id) ?? [];
    list.push(f);
    byItem.set(f.item_id, list);
  }
  const brief = ({ item_id: _item, ...f }: FindingBrief) => f;
  return c.json(
    {
      audit_id: id,
      unit_id: unit,
      items: (items?.results as ItemRow[]).map((i) => {
        const list = byItem.get(i.id) ?? [];
        const mine = list.find((f) => f.recorded_by === caller.userId);
        return { ...i, on_page: i.on_page === 1, mine: mine ? brief(mine) : null, findings: list.map(brief) };
      }),
    },
    200,
  );
});
