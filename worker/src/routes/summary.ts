// GET /summary: compliance rolled up over a unit's subtree by unit, clause, month or audit (DESIGN section 5).
import { z } from '@hono/zod-openapi';
import { SummaryResponseSchema } from '@onestop/shared';
import { getUnit } from '../db/units.ts';
import { summaryFigures, type SummaryBy, type SummaryCounts } from '../db/summary.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { notFound } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { todayInVietnam } from '../lib/time.ts';

export const FORMULA_TEXT =
  'Item result for (audit, unit, item) = the worst result among its live findings (deleted and withdrawn ones excluded), in the order nc_major > nc_minor > observation > ofi > conform > not_applicable. ' +
  'For a group: numerator = Σ weight of item results that are conform, ofi or observation; denominator = Σ weight of item results that are not not_applicable; items without findings are not counted. ' +
  'compliance_rate = numerator / denominator (null when the denominator is 0). coverage = assessed items / items of the pinned checklist versions for each audited unit. ' +
  'Roll-ups pool every (audit, unit) with the unit in the subtree and the audit started in the period (dates in Asia/Ho_Chi_Minh): Σ numerators / Σ denominators, never an average of averages. ' +
  'By clause groups items by the first two numbers of their clause (8.5.1 and 8.5.3 under 8.5); by month uses the audit\'s start month.';

const SummarySchema = SummaryResponseSchema.meta({ id: 'Summary' });

const route = defineRoute({
  method: 'get',
  path: '/summary',
  tags: ['summary'],
  summary: 'Compliance roll-up for a unit and period',
  description: `${FORMULA_TEXT}\n\nScope: admins everything; leaders their subtree; inspectors their own audits; unit heads their subtree from \`reporting\` on.`,
  request: {
    query: z
      .object({
        unit: z.uuid().optional().describe("Root of the roll-up; defaults to the caller's unit"),
        from: z.iso.date().optional().describe('Audits started on or after (Asia/Ho_Chi_Minh)'),
        to: z.iso.date().optional().describe('Audits started on or before'),
        by: z.enum(['unit', 'clause', 'month', 'audit']).default('unit'),
        audit: z.uuid().optional().describe('Only this audit'),
      })
      .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' }),
  },
  responses: { 200: { description: 'The roll-up', content: { 'application/json': { schema: SummarySchema } } }, ...problemResponses(400, 404) },
});

function toRow(key: string, label: string | null, r: SummaryCounts, total: number) {
  return {
    key,
    label,
    numerator: r.numerator,
    denominator: r.denominator,
    compliance_rate: r.denominator > 0 ? r.numerator / r.denominator : null,
    assessed_items: r.assessed_items,
    total_items: total,
    coverage: total > 0 ? r.assessed_items / total : null,
    counts: { nc_major: r.nc_major, nc_minor: r.nc_minor, observation: r.observation, ofi: r.ofi, conform: r.conform, not_applicable: r.not_applicable },
  };
}

export const summaryRoutes = createRouter().openapi(route, async (c) => {
  const q = c.req.valid('query');
  const caller = callerOf(c);
  const scope = scopeOf(caller);
  const db = c.env.DB;
  // Leaders and unit heads roll up inside their subtree; admins and inspectors (scoped by audit) may name any unit.
  const unitScope = caller.role === 'leader' || caller.role === 'unit_head' ? scope : { ...scope, role: 'admin' as const };
  const unit = await getUnit(db, unitScope, q.unit ?? caller.unitId);
  if (!unit) throw notFound('Unit');
  const filter = { rootUnitId: unit.id, from: q.from, to: q.to, auditId: q.audit };
  const by: SummaryBy = q.by;
  const figures = await summaryFigures(db, scope, filter, by, todayInVietnam());
  return c.json(
    {
      unit: { id: unit.id, name: unit.name, level: unit.level },
      by,
      from: q.from ?? null,
      to: q.to ?? null,
      total: toRow('total', unit.name, figures.total.counts, figures.total.totalItems),
      rows: figures.groups.map((g) => toRow(g.key, g.label, g.counts, g.totalItems)),
      nonconformities: figures.nonconformities,
      formula: FORMULA_TEXT,
    },
    200,
  );
});
