// Verifying a unit's reported figures (issue 14): the lead inspector enters what the unit reported for a period; the
// answer checks that the counts add up (indicators.md) and plans a reproducible random sample of the resolved
// dossiers; the inspectors then record the sampled dossiers' outcomes and get the sampled on-time rate with its
// Wilson 95% interval against the reported rate, and a suggested finding (never recorded automatically).
import { z } from '@hono/zod-openapi';
import {
  canRecordFindings,
  checkReportedFigures,
  DEFAULT_EXPECTED_PROPORTION,
  DEFAULT_SAMPLE_MARGIN,
  drawSample,
  figuresSuggestion,
  ON_TIME_RATE_ITEM_CODE,
  planSample,
  redactText,
  REPORTED_FIGURES_ITEM_CODE,
  ReportedFiguresPutSchema,
  ReportedFiguresRecordSchema,
  ReportedFiguresSchema,
  SampleResultsCreateSchema,
  verifySample,
  type FigureSuggestion,
  type ReportedFigures,
  type SampledOutcome,
  type SampledDossier,
} from '@onestop/shared';
import { getAuditRow, membershipOf, type AuditRow } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import {
  auditItemsByCode,
  figureSamplesOf,
  getFigures,
  getFiguresOfPeriod,
  insertFigures,
  listFigures,
  putFigureSamples,
  updateFigures,
  type FigureSamplesRow,
  type FiguresRow,
} from '../db/reported-figures.ts';
import { callerOf } from '../lib/auth.ts';
import type { Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { uuidv7 } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';

const FiguresRecord = ReportedFiguresRecordSchema.meta({ id: 'ReportedFigures' });
const AuditParam = z.object({ id: z.uuid() });
const FiguresParam = z.object({ id: z.uuid(), fid: z.uuid() });

const put = defineRoute({
  method: 'put',
  path: '/audits/{id}/reported-figures',
  tags: ['checks'],
  summary: 'Enter (or replace) the figures a unit reported for a period',
  description:
    "The audit's lead inspector, while the audit accepts findings. Keys as in indicators.md section 1 (`carried_over`, `received_new` and its channel split `received_new_in_person|online|postal`, `to_handle`, `resolved`, `early`, `on_time`, `late`, `pending`, `pending_in_term`, `pending_overdue`, `returned_unresolved`, `withdrawn`, `stopped`; `on_time_rate` in percent as reported); a figure left out was not reported. Without `version` the figures of that unit and period are created (201); if they exist, the same figures sent again change nothing (200) and different ones answer 409 `figures_exist`: send the stored `version` to replace them (200; a stale one answers 409 `version_conflict`). `sampling` (margin, expected proportion) defaults to 5% and 0.5 when left out. The answer carries the consistency checks, the sampling plan with its drawn positions, and the verification of any sampled outcomes.",
  roles: ['inspector'],
  request: { params: AuditParam, body: { required: true, content: jsonContent(ReportedFiguresPutSchema.meta({ id: 'ReportedFiguresPut' })) } },
  responses: {
    201: { description: 'Created', content: jsonContent(FiguresRecord) },
    200: { description: 'Replaced (or unchanged)', content: jsonContent(FiguresRecord) },
    ...problemResponses(400, 403, 404, 409, 415, 422),
  },
});

const list = defineRoute({
  method: 'get',
  path: '/audits/{id}/reported-figures',
  tags: ['checks'],
  summary: "An audit's reported figures with their checks, plans and verifications",
  description: 'The rows of the units the caller may see (as findings). Plans are listed without their drawn positions and results without the dossier list: read one row for them.',
  request: { params: AuditParam, query: z.object({ unit: z.uuid().optional().describe('This unit and its subtree') }) },
  responses: { 200: { description: 'Figures, by unit and period', content: jsonContent(z.object({ items: z.array(FiguresRecord) }).meta({ id: 'ReportedFiguresList' })) }, ...problemResponses(400, 404) },
});

const get = defineRoute({
  method: 'get',
  path: '/audits/{id}/reported-figures/{fid}',
  tags: ['checks'],
  summary: 'One unit\'s reported figures, with the drawn positions and the sampled outcomes',
  request: { params: FiguresParam },
  responses: { 200: { description: 'The figures', content: jsonContent(FiguresRecord) }, ...problemResponses(400, 404) },
});

const sampleResults = defineRoute({
  method: 'post',
  path: '/audits/{id}/reported-figures/{fid}/sample-results',
  tags: ['checks'],
  summary: 'Record the sampled dossiers\' outcomes and verify the reported rate',
  description:
    "Inspectors of the audit, while it accepts findings. Each result names a drawn position (422 `position_not_drawn` otherwise), the dossier found there in the frame order (dossier codes of the period's resolved dossiers, each once, sorted by UTF-16 code units) and its outcome: `early`, `on_time`, `late`, or `undecidable` (not counted). Replaces the earlier results. The answer's `sample_results.verification` gives the sampled rate with its Wilson 95% interval, whether the reported rate (read with its own rounding) lies outside it and, if so, a suggested finding on MC-9.1-02 in Vietnamese and English. Nothing is recorded as a finding. 409 `no_sampling_plan` when the figures give no resolved count.",
  roles: ['inspector'],
  request: { params: FiguresParam, body: { required: true, content: jsonContent(SampleResultsCreateSchema.meta({ id: 'SampleResultsCreate' })) } },
  responses: { 200: { description: 'Recorded and verified', content: jsonContent(FiguresRecord) }, ...problemResponses(400, 404, 409, 415, 422) },
});

/** A fresh 128-bit seed for a plan: 32 lower-case hex digits from the platform's CSPRNG. */
function newSeed(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

const withItem = (s: FigureSuggestion | null, items: Map<string, string>) => (s ? { ...s, item_id: items.get(s.item_code) ?? null } : null);

function figuresOf(row: FiguresRow): ReportedFigures {
  const parsed = ReportedFiguresSchema.safeParse(JSON.parse(row.figures));
  return parsed.success ? parsed.data : {};
}

/** The row as the API shows it: checks, plan (positions with `detail`), and the results that fit the current plan. */
function view(row: FiguresRow, samples: FigureSamplesRow | undefined, items: Map<string, string>, detail: boolean) {
  const figures = figuresOf(row);
  const checks = checkReportedFigures(figures);
  const plan = planSample(figures, { margin: row.margin, expected_proportion: row.expected_proportion }, row.seed);
  const order = plan && detail ? drawSample(plan.seed, plan.population, plan.size) : null;
  const current = samples && plan && samples.seed === plan.seed && samples.population === plan.population && samples.size === plan.size ? samples : null;
  let sample_results = null;
  if (current && plan) {
    const results = JSON.parse(current.results) as SampledDossier[];
    const verification = verifySample(figures, plan, results);
    sample_results = {
      version: current.version,
      recorded_by: current.recorded_by,
      recorded_at: current.recorded_at,
      ...(detail ? { results } : {}),
      verification: { ...verification, suggestion: withItem(verification.suggestion, items) },
    };
  }
  return {
    id: row.id,
    audit_id: row.audit_id,
    unit_id: row.unit_id,
    unit_name: row.unit_name,
    from: row.period_from,
    to: row.period_to,
    figures,
    source: row.source,
    version: row.version,
    checks: { consistent: !checks.some((c) => c.status === 'mismatch'), items: checks, suggestion: withItem(figuresSuggestion(checks), items) },
    sampling_plan: plan ? { ...plan, ...(order ? { positions: [...order].sort((a, b) => a - b), draw_order: order } : {}) } : null,
    sample_results,
    stale_sample_results: samples !== undefined && current === null,
    created_by: row.created_by,
    updated_by: row.updated_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const SUGGESTION_ITEMS = [REPORTED_FIGURES_ITEM_CODE, ON_TIME_RATE_ITEM_CODE];

async function detailOf(db: D1Database, row: FiguresRow) {
  const [samples, items] = await Promise.all([figureSamplesOf(db, [row.id]), auditItemsByCode(db, row.audit_id, SUGGESTION_ITEMS)]);
  return view(row, samples.get(row.id), items, true);
}

/** The audit accepting findings, with the caller on its team (the lead only, for `lead`). */
async function writableAudit(db: D1Database, caller: Caller, auditId: string, needs: 'lead' | 'member'): Promise<AuditRow> {
  const audit = await getAuditRow(db, scopeOf(caller), auditId);
  if (!audit) throw notFound('Audit');
  const role = await membershipOf(db, auditId, caller.userId);
  if (needs === 'lead' && role !== 'lead') throw new ApiError(403, 'forbidden', 'Only the lead inspector of this audit enters reported figures');
  if (!canRecordFindings(audit.status, role)) {
    throw new ApiError(409, 'audit_not_recording', audit.status === 'reporting' ? 'The audit is in reporting; only the lead inspector may still record' : `The audit is ${audit.status}; nothing is recorded in it any more`);
  }
  return audit;
}

const sameWrite = (row: FiguresRow, figures: unknown, source: string, margin: number, expected: number) =>
  row.figures === JSON.stringify(figures) && row.source === source && row.margin === margin && row.expected_proportion === expected;

export const reportedFiguresRoutes = createRouter()
  .openapi(put, async (c) => {
    const { id: auditId } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    await writableAudit(db, caller, auditId, 'lead');
    const unit = await db.prepare('SELECT 1 AS x FROM audit_units WHERE audit_id = ? AND unit_id = ?').bind(auditId, body.unit_id).first();
    if (!unit) throw new ApiError(422, 'unit_not_in_audit', 'The unit is not audited in this audit', { errors: [{ path: '$.unit_id', message: 'not a unit of this audit' }] });
    const write = {
      figures: body.figures,
      source: body.source ?? '',
      margin: body.sampling?.margin ?? DEFAULT_SAMPLE_MARGIN,
      expectedProportion: body.sampling?.expected_proportion ?? DEFAULT_EXPECTED_PROPORTION,
      userId: caller.userId,
    };
    const existing = await getFiguresOfPeriod(db, auditId, body.unit_id, body.from, body.to);
    const now = nowIso();
    const summary = { audit_id: auditId, unit_id: body.unit_id, from: body.from, to: body.to, figures: body.figures };
    if (body.version === undefined) {
      if (existing) {
        if (sameWrite(existing, write.figures, write.source, write.margin, write.expectedProportion)) return c.json(await detailOf(db, existing), 200);
        throw new ApiError(409, 'figures_exist', `Figures for this unit and period are stored (version ${existing.version}); send that version to replace them`);
      }
      const id = uuidv7();
      try {
        await db.batch([
          insertFigures(db, { ...write, id, auditId, unitId: body.unit_id, from: body.from, to: body.to, seed: newSeed() }, now),
          insertEvent(db, { actorId: caller.userId, entity: 'reported_figures', entityId: id, type: 'reported_figures.entered', summary, at: now }),
        ]);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ApiError(409, 'figures_exist', 'Figures for this unit and period were stored meanwhile; reload them');
        throw err;
      }
      const row = await getFiguresOfPeriod(db, auditId, body.unit_id, body.from, body.to);
      if (!row) throw notFound('Reported figures');
      return c.json(await detailOf(db, row), 201);
    }
    if (!existing || existing.version !== body.version) {
      throw new ApiError(409, 'version_conflict', existing ? `The figures changed since version ${body.version}; they are at version ${existing.version}` : 'No figures are stored for this unit and period; leave out version to create them');
    }
    await db
      .batch([
        updateFigures(db, existing.id, body.version, write, now),
        expectOneChange(db),
        insertEvent(db, { actorId: caller.userId, entity: 'reported_figures', entityId: existing.id, type: 'reported_figures.replaced', summary: { ...summary, from_version: body.version }, at: now }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The figures changed meanwhile; reload them');
        throw err;
      });
    const row = await getFiguresOfPeriod(db, auditId, body.unit_id, body.from, body.to);
    if (!row) throw notFound('Reported figures');
    return c.json(await detailOf(db, row), 200);
  })
  .openapi(list, async (c) => {
    const { id } = c.req.valid('param');
    const { unit } = c.req.valid('query');
    const scope = scopeOf(callerOf(c));
    const db = c.env.DB;
    if (!(await getAuditRow(db, scope, id))) throw notFound('Audit');
    const rows = await listFigures(db, scope, id, unit);
    const [samples, items] = await Promise.all([figureSamplesOf(db, rows.map((r) => r.id)), auditItemsByCode(db, id, SUGGESTION_ITEMS)]);
    return c.json({ items: rows.map((r) => view(r, samples.get(r.id), items, false)) }, 200);
  })
  .openapi(get, async (c) => {
    const { id, fid } = c.req.valid('param');
    const db = c.env.DB;
    const row = await getFigures(db, scopeOf(callerOf(c)), id, fid);
    if (!row) throw notFound('Reported figures');
    return c.json(await detailOf(db, row), 200);
  })
  .openapi(sampleResults, async (c) => {
    const { id: auditId, fid } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const scope = scopeOf(caller);
    if (!(await getAuditRow(db, scope, auditId))) throw notFound('Audit');
    const row = await getFigures(db, scope, auditId, fid);
    if (!row) throw notFound('Reported figures');
    await writableAudit(db, caller, auditId, 'member');
    const plan = planSample(figuresOf(row), { margin: row.margin, expected_proportion: row.expected_proportion }, row.seed);
    if (!plan) throw new ApiError(409, 'no_sampling_plan', 'The figures give no resolved count, so there is no sample to verify; enter `resolved` first');
    const drawn = new Set(drawSample(plan.seed, plan.population, plan.size));
    const outside = body.results.flatMap((r, i) => (drawn.has(r.position) ? [] : [{ path: `$.results[${i}].position`, message: `position ${r.position} was not drawn` }])).slice(0, 20);
    if (outside.length > 0) throw new ApiError(422, 'position_not_drawn', 'Results are recorded for the drawn positions only (GET the figures for them)', { errors: outside });
    const results: SampledDossier[] = body.results.map((r) => ({ position: r.position, dossier_code: redactText(r.dossier_code), outcome: r.outcome as SampledOutcome }));
    const now = nowIso();
    await db.batch([
      putFigureSamples(db, { figuresId: fid, seed: plan.seed, population: plan.population, size: plan.size, results, userId: caller.userId }, now),
      insertEvent(db, {
        actorId: caller.userId,
        entity: 'reported_figures',
        entityId: fid,
        type: 'reported_figures.sample_results_recorded',
        summary: { results: results.length, planned: plan.size, on_time: results.filter((r) => r.outcome === 'early' || r.outcome === 'on_time').length, late: results.filter((r) => r.outcome === 'late').length },
        at: now,
      }),
    ]);
    const fresh = await getFigures(db, scope, auditId, fid);
    if (!fresh) throw notFound('Reported figures');
    return c.json(await detailOf(db, fresh), 200);
  });
