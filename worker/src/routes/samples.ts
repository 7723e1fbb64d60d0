// Samples of an audit (a sweep's per-dossier rule outcomes; the server computes the counts and the on-time rate) and
// dismissed suggestions (the inspector's "this suggestion is wrong here", counted per rule as false positives).
// Written by the audit's inspectors while it accepts findings; read through the caller's scope like findings.
import { z } from '@hono/zod-openapi';
import {
  auditTimeFloor,
  canRecordFindings,
  CheckRuleSetSchema,
  clientTimeProblem,
  countSweepOutcomes,
  FalsePositiveCountSchema,
  MAX_SAMPLE_BODY_BYTES,
  MAX_SAMPLE_DOSSIERS,
  redactFields,
  redactText,
  SampleCreateSchema,
  SampleDetailQuerySchema,
  SampleDetailSchema,
  SampleSummarySchema,
  SuggestionDismissalCreateSchema,
  SuggestionDismissalSchema,
  TIMESTAMP_OUT_OF_RANGE_CODE,
  type CheckFactValue,
  type ProblemFieldError,
  type SampleCreate,
  type SampleRuleOutcome,
} from '@onestop/shared';
import { getAuditRow, membershipOf, type AuditRow } from '../db/audits.ts';
import { ruleInAudit, ruleSetInAudit } from '../db/check-rules.ts';
import { insertEvent } from '../db/events.ts';
import {
  falsePositiveCounts,
  getDismissal,
  getSample,
  getSampleUnscoped,
  insertDismissal,
  insertSample,
  listDismissals,
  listSampleDossiers,
  listSamples,
  ruleCountsOf,
  type DismissalRow,
  type RuleCountRow,
  type SampleRow,
} from '../db/samples.ts';
import { callerOf } from '../lib/auth.ts';
import type { Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';

const Summary = SampleSummarySchema.meta({ id: 'SampleSummary' });
const AuditParam = z.object({ id: z.uuid() });

const create = defineRoute({
  method: 'post',
  path: '/audits/{id}/samples',
  tags: ['checks'],
  summary: "Record a sample: a sweep's per-dossier rule outcomes",
  description: `Inspectors of the audit record samples while it accepts findings (every member while \`in_progress\`, the lead also in \`reporting\`; else 409 \`audit_not_recording\`). At most ${MAX_SAMPLE_DOSSIERS} dossiers and ${MAX_SAMPLE_BODY_BYTES} bytes. The unit must be audited (422 \`unit_not_in_audit\`); \`rule_set_id\` and \`rule_set_version\` must name a stored rule set of a checklist version the audit pins (422 \`unknown_rule_set\`), and every outcome a rule of it (422 \`unknown_rule\` with paths). The per-rule counts and the on-time rate (from the \`returned-late\` rule's decided outcomes) are computed here from the outcomes; anything a client sends for them is ignored. Dossier codes and facts are masked for citizen identifiers before they are stored. \`as_of\` is bounded like \`recorded_at\` (422 \`timestamp_out_of_range\`). Idempotent by \`id\`: the same caller resending the same body gets the stored sample (200); any other use of a taken id answers 409 \`id_taken\`, whoever holds it.`,
  roles: ['inspector'],
  request: { params: AuditParam, body: { required: true, content: jsonContent(SampleCreateSchema.meta({ id: 'SampleCreate' })) } },
  responses: {
    201: { description: 'Recorded', content: jsonContent(Summary) },
    200: { description: 'Already recorded (the same body resent)', content: jsonContent(Summary) },
    ...problemResponses(400, 404, 409, 413, 415, 422),
  },
});

const list = defineRoute({
  method: 'get',
  path: '/audits/{id}/samples',
  tags: ['checks'],
  summary: "An audit's samples, with their counts",
  description: 'Samples of the units the caller may see in the audit (as findings: unit heads their subtree from `reporting` on, leaders their subtree, inspectors their audits), newest first.',
  request: {
    params: AuditParam,
    query: z.object({
      unit: z.uuid().optional().describe('This unit and its subtree'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: { 200: { description: 'Samples', content: jsonContent(z.object({ items: z.array(Summary), total: z.number().int() }).meta({ id: 'SampleList' })) }, ...problemResponses(400, 404) },
});

const get = defineRoute({
  method: 'get',
  path: '/samples/{id}',
  tags: ['checks'],
  summary: 'One sample with a page of its dossiers (drill-down)',
  description: 'Dossiers in the order recorded, filtered by `rule` and/or `outcome` (e.g. `outcome=violation&rule=returned-late`).',
  request: { params: z.object({ id: z.uuid() }), query: SampleDetailQuerySchema },
  responses: { 200: { description: 'The sample', content: jsonContent(SampleDetailSchema.meta({ id: 'SampleDetail' })) }, ...problemResponses(400, 404) },
});

const Dismissal = SuggestionDismissalSchema.meta({ id: 'SuggestionDismissal' });

const dismiss = defineRoute({
  method: 'post',
  path: '/audits/{id}/suggestion-dismissals',
  tags: ['checks'],
  summary: "Dismiss a rule's suggestion for a dossier (a false positive)",
  description:
    'Inspectors of the audit, while it accepts findings. The rule (id and version) must be in a rule set stored for a checklist version the audit pins (422 `unknown_rule`); the reason is required (at most 500 characters) and masked for citizen identifiers; `dismissed_at` is bounded like `recorded_at`. A taken id answers 409 `id_taken`, whoever holds it.',
  roles: ['inspector'],
  request: { params: AuditParam, body: { required: true, content: jsonContent(SuggestionDismissalCreateSchema.meta({ id: 'SuggestionDismissalCreate' })) } },
  responses: { 201: { description: 'Dismissed', content: jsonContent(Dismissal) }, ...problemResponses(400, 404, 409, 415, 422) },
});

const listDismissed = defineRoute({
  method: 'get',
  path: '/audits/{id}/suggestion-dismissals',
  tags: ['checks'],
  summary: "An audit's dismissed suggestions, with counts per rule",
  description: '`by_rule`: per rule version, the dismissals and the violations the samples counted (in the same scope and filters), so false positives can be weighed.',
  request: {
    params: AuditParam,
    query: z.object({
      unit: z.uuid().optional().describe('This unit and its subtree'),
      rule: z.string().max(64).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Dismissals, newest first',
      content: jsonContent(z.object({ items: z.array(Dismissal), total: z.number().int(), by_rule: z.array(FalsePositiveCountSchema) }).meta({ id: 'SuggestionDismissalList' })),
    },
    ...problemResponses(400, 404),
  },
});

type Outcome = { rule_id: string; outcome: SampleRuleOutcome; facts: Record<string, CheckFactValue> };

function toSummary(row: SampleRow, counts: readonly RuleCountRow[]) {
  const decided = row.on_time + row.late;
  return {
    id: row.id,
    audit_id: row.audit_id,
    unit_id: row.unit_id,
    unit_name: row.unit_name,
    site_profile: row.site_profile,
    as_of: row.as_of,
    rule_set_id: row.rule_set_id,
    rule_set_version: row.rule_set_version,
    dossier_count: row.dossier_count,
    dossiers_with_violation: row.dossiers_with_violation,
    rules: counts.map((c) => ({ rule_id: c.rule_id, rule_version: c.rule_version, item_code: c.item_code, pass: c.pass, violation: c.violation, not_applicable: c.not_applicable, undecidable: c.undecidable })),
    on_time: row.on_time_rule ? { rule_id: row.on_time_rule, on_time: row.on_time, late: row.late, decided, rate_percent: decided === 0 ? null : (100 * row.on_time) / decided } : null,
    recorded_by: row.recorded_by,
    recorded_by_name: row.recorded_by_name,
    recorded_at: row.recorded_at,
  };
}

async function summaryOf(db: D1Database, row: SampleRow) {
  return toSummary(row, (await ruleCountsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * The audit the caller writes checks into: visible (else 404, as an unknown id), the caller on its team and the audit
 * accepting findings (409 `audit_not_recording`), as for findings.
 */
async function writableAudit(db: D1Database, caller: Caller, auditId: string): Promise<AuditRow> {
  const audit = await getAuditRow(db, scopeOf(caller), auditId);
  if (!audit) throw notFound('Audit');
  if (!canRecordFindings(audit.status, await membershipOf(db, auditId, caller.userId))) {
    throw new ApiError(
      409,
      'audit_not_recording',
      audit.status === 'reporting' ? 'The audit is in reporting; only the lead inspector may still record checks' : `The audit is ${audit.status}; checks are recorded only while it is in progress`,
    );
  }
  return audit;
}

function assertClientTime(value: string, audit: AuditRow, path: string): void {
  const problem = clientTimeProblem(value, { now: Date.now(), floor: auditTimeFloor(audit) });
  if (problem) throw new ApiError(422, TIMESTAMP_OUT_OF_RANGE_CODE, `${path} ${problem}`, { errors: [{ path, message: problem }] });
}

async function assertUnitInAudit(db: D1Database, auditId: string, unitId: string): Promise<void> {
  const row = await db.prepare('SELECT 1 AS x FROM audit_units WHERE audit_id = ? AND unit_id = ?').bind(auditId, unitId).first();
  if (!row) throw new ApiError(422, 'unit_not_in_audit', 'The unit is not audited in this audit', { errors: [{ path: '$.unit_id', message: 'not a unit of this audit' }] });
}

/** The id is taken: the same words whoever holds it (ADR 0006). */
const idTaken = () => new ApiError(409, 'id_taken', 'This id is already in use; make a new id');

/** Outcomes naming rules outside the set, as problem paths (the first 20). */
function unknownRules(body: SampleCreate, known: ReadonlySet<string>): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  body.dossiers.forEach((d, i) =>
    d.outcomes.forEach((o, j) => {
      if (!known.has(o.rule_id) && errors.length < 20) errors.push({ path: `$.dossiers[${i}].outcomes[${j}].rule_id`, message: `${o.rule_id} is not a rule of ${body.rule_set_id} version ${body.rule_set_version}` });
    }),
  );
  return errors;
}

const toDismissal = (row: DismissalRow) => ({ ...row });

export const sampleRoutes = createRouter()
  .openapi(create, async (c) => {
    const { id: auditId } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    if (!(await getAuditRow(db, scopeOf(caller), auditId))) throw notFound('Audit');
    const bodySha256 = await sha256Hex(JSON.stringify(body));
    // A resent request (the same caller, the same body) answers what it stored, even if the audit moved on since.
    const existing = await getSampleUnscoped(db, body.id);
    if (existing && existing.recorded_by === caller.userId && existing.body_sha256 === bodySha256 && existing.audit_id === auditId) {
      const row = await getSample(db, scopeOf(caller), body.id);
      if (row) return c.json(await summaryOf(db, row), 200);
    }
    const audit = await writableAudit(db, caller, auditId);
    assertClientTime(body.as_of, audit, '$.as_of');
    await assertUnitInAudit(db, auditId, body.unit_id);
    const ruleSetRow = await ruleSetInAudit(db, auditId, body.rule_set_id, body.rule_set_version);
    if (!ruleSetRow) {
      throw new ApiError(422, 'unknown_rule_set', `No rule set ${body.rule_set_id} version ${body.rule_set_version} is stored for the checklist versions this audit pins`, {
        errors: [{ path: '$.rule_set_version', message: 'not a stored rule set of the audit\'s checklist versions' }],
      });
    }
    // Stored documents are parsed again; one that no longer passes the rule schema is not counted against.
    const parsedSet = CheckRuleSetSchema.safeParse(JSON.parse(ruleSetRow.document));
    if (!parsedSet.success) {
      throw new ApiError(422, 'stored_rule_set_invalid', `The stored rule set ${ruleSetRow.rule_set_id} version ${ruleSetRow.version} no longer passes the rule schema; store a new version`, {
        errors: [{ path: '$.rule_set_version', message: 'the stored rule set is no longer valid' }],
      });
    }
    const ruleSet = parsedSet.data;
    const unknown = unknownRules(body, new Set(ruleSet.rules.map((r) => r.id)));
    if (unknown.length > 0) throw new ApiError(422, 'unknown_rule', `Outcomes name rules that are not in ${body.rule_set_id} version ${body.rule_set_version}`, { errors: unknown });

    // Citizen identifiers never reach storage: dossier codes and every fact are masked (names of personal fields whole).
    const dossiers = body.dossiers.map((d) => {
      const outcomes: Outcome[] = d.outcomes.map((o) => ({ rule_id: o.rule_id, outcome: o.outcome, facts: redactFields(o.facts) as Record<string, CheckFactValue> }));
      return { dossier_code: redactText(d.dossier_code), violations: outcomes.filter((o) => o.outcome === 'violation').length, outcomes };
    });
    const counts = countSweepOutcomes(ruleSet.rules, body.dossiers);
    const now = nowIso();
    try {
      await db.batch([
        ...insertSample(
          db,
          {
            id: body.id,
            auditId,
            unitId: body.unit_id,
            siteProfile: body.site_profile,
            asOf: body.as_of,
            ruleSetRowId: ruleSetRow.id,
            ruleSetId: body.rule_set_id,
            ruleSetVersion: body.rule_set_version,
            dossiersWithViolation: counts.dossiers_with_violation,
            onTime: counts.on_time,
            bodySha256,
            recordedBy: caller.userId,
            rules: counts.rules,
            dossiers,
          },
          now,
        ),
        insertEvent(db, {
          actorId: caller.userId,
          entity: 'sample',
          entityId: body.id,
          type: 'sample.recorded',
          summary: { audit_id: auditId, unit_id: body.unit_id, rule_set_id: body.rule_set_id, rule_set_version: body.rule_set_version, dossiers: dossiers.length, with_violation: counts.dossiers_with_violation },
          at: now,
        }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw idTaken();
      throw err;
    }
    const row = await getSample(db, scopeOf(caller), body.id);
    if (!row) throw notFound('Sample');
    return c.json(await summaryOf(db, row), 201);
  })
  .openapi(list, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const scope = scopeOf(callerOf(c));
    const db = c.env.DB;
    if (!(await getAuditRow(db, scope, id))) throw notFound('Audit');
    const page = await listSamples(db, scope, { auditId: id, unitId: q.unit, limit: q.limit, offset: q.offset });
    const counts = await ruleCountsOf(db, page.items.map((s) => s.id));
    return c.json({ items: page.items.map((s) => toSummary(s, counts.get(s.id) ?? [])), total: page.total }, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const db = c.env.DB;
    const row = await getSample(db, scopeOf(callerOf(c)), id);
    if (!row) throw notFound('Sample');
    const page = await listSampleDossiers(db, id, { ruleId: q.rule, outcome: q.outcome, limit: q.limit, offset: q.offset });
    return c.json(
      {
        ...(await summaryOf(db, row)),
        dossiers: {
          items: page.items.map((d) => ({ ordinal: d.ordinal, dossier_code: d.dossier_code, violations: d.violations, outcomes: JSON.parse(d.outcomes) as Outcome[] })),
          total: page.total,
          offset: q.offset,
          limit: q.limit,
        },
      },
      200,
    );
  })
  .openapi(dismiss, async (c) => {
    const { id: auditId } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const audit = await writableAudit(db, caller, auditId);
    assertClientTime(body.dismissed_at, audit, '$.dismissed_at');
    await assertUnitInAudit(db, auditId, body.unit_id);
    const rule = await ruleInAudit(db, auditId, body.rule_id, body.rule_version);
    if (!rule) {
      throw new ApiError(422, 'unknown_rule', `No rule ${body.rule_id} version ${body.rule_version} is stored for the checklist versions this audit pins`, {
        errors: [{ path: '$.rule_id', message: 'not a rule of the audit\'s rule sets' }],
      });
    }
    const now = nowIso();
    try {
      await db.batch([
        insertDismissal(
          db,
          {
            id: body.id,
            auditId,
            unitId: body.unit_id,
            checklistId: rule.checklist_id,
            ruleId: body.rule_id,
            ruleVersion: body.rule_version,
            itemCode: rule.item_code,
            dossierCode: redactText(body.dossier_code),
            reason: redactText(body.reason),
            dismissedBy: caller.userId,
            dismissedAt: body.dismissed_at,
          },
          now,
        ),
        insertEvent(db, {
          actorId: caller.userId,
          entity: 'suggestion_dismissal',
          entityId: body.id,
          type: 'suggestion.dismissed',
          summary: { audit_id: auditId, unit_id: body.unit_id, rule_id: body.rule_id, rule_version: body.rule_version },
          at: now,
        }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw idTaken();
      throw err;
    }
    const row = await getDismissal(db, scopeOf(caller), body.id);
    if (!row) throw notFound('Dismissal');
    return c.json(toDismissal(row), 201);
  })
  .openapi(listDismissed, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const scope = scopeOf(callerOf(c));
    const db = c.env.DB;
    if (!(await getAuditRow(db, scope, id))) throw notFound('Audit');
    const [page, byRule] = await Promise.all([
      listDismissals(db, scope, { auditId: id, unitId: q.unit, ruleId: q.rule, limit: q.limit, offset: q.offset }),
      falsePositiveCounts(db, scope, { auditId: id, unitId: q.unit }),
    ]);
    return c.json({ items: page.items.map(toDismissal), total: page.total, by_rule: q.rule ? byRule.filter((r) => r.rule_id === q.rule) : byRule }, 200);
  });
