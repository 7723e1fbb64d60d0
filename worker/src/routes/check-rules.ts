// Rule sets of the automated dossier checks, versioned with the checklist: everyone who reads checklists reads them,
// administrators store a new version (checked against the checklist version's item codes); every version is kept.
import { z } from '@hono/zod-openapi';
import { checkRuleSetAgainstChecklist, CheckRuleSetPutSchema, CheckRuleSetRecordSchema, CheckRuleSetSchema, FalsePositiveCountSchema, zodErrorsToProblem } from '@onestop/shared';
import { getChecklist, listItems } from '../db/checklists.ts';
import { insertRuleSet, listRuleSets, ruleSetVersionOf, type RuleSetRow } from '../db/check-rules.ts';
import { insertEvent } from '../db/events.ts';
import { falsePositiveCounts } from '../db/samples.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';

const RecordSchema = CheckRuleSetRecordSchema.meta({ id: 'CheckRuleSetRecord' });

const get = defineRoute({
  method: 'get',
  path: '/checklists/{id}/check-rules',
  tags: ['checks'],
  summary: 'The rule set of a checklist version (the one in force, or an earlier version)',
  description:
    'Without `version`, the latest published checklist version that has rules (else the latest version that has some). The rule set in force is the highest stored version; `rule_set_version` reads an earlier one (samples and dismissals name the version they were made with). `history` lists every stored version.',
  request: {
    params: z.object({ id: z.uuid() }),
    query: z.object({
      version: z.coerce.number().int().min(1).max(1_000_000).optional().describe('The checklist version number'),
      rule_set_version: z.coerce.number().int().min(1).max(1_000_000).optional(),
    }),
  },
  responses: { 200: { description: 'The rule set', content: jsonContent(RecordSchema) }, ...problemResponses(400, 404, 422) },
});

const put = defineRoute({
  method: 'put',
  path: '/checklists/{id}/check-rules',
  tags: ['checks'],
  summary: 'Store a new version of a checklist version\'s rule set',
  description:
    "The body's `rule_set` must pass the rule schema (bounds, `needs`, placeholders) and name this checklist's code, one of its versions (`checklist_version`) and only item codes of that version (422 with the paths). Its `version` must be higher than every stored version for that checklist version (409 `rule_set_version_not_bumped`); sending the version in force again with the same document changes nothing. Earlier versions are kept, whatever the checklist version's status, so samples and dismissals keep their rules. `base_version` (optional): the version the caller last saw (null: none), else 409 `version_conflict`.",
  roles: ['admin'],
  request: { params: z.object({ id: z.uuid() }), body: { required: true, content: jsonContent(CheckRuleSetPutSchema.meta({ id: 'CheckRuleSetPut' })) } },
  responses: { 200: { description: 'Stored (or unchanged)', content: jsonContent(RecordSchema) }, ...problemResponses(400, 404, 409, 413, 415, 422) },
});

const falsePositives = defineRoute({
  method: 'get',
  path: '/check-rules/false-positives',
  tags: ['checks'],
  summary: 'Dismissed suggestions per rule version, against the violations samples counted',
  description:
    'For the rules of a checklist: how many suggestions inspectors dismissed as wrong, and how many violations the samples counted, over the audits and units the caller may see (as findings: leaders their subtree, inspectors their audits, unit heads their subtree from `reporting` on).',
  request: {
    query: z.object({
      checklist: z.uuid(),
      audit: z.uuid().optional(),
      unit: z.uuid().optional().describe('This unit and its subtree'),
    }),
  },
  responses: { 200: { description: 'Counts, by rule', content: jsonContent(z.object({ items: z.array(FalsePositiveCountSchema) }).meta({ id: 'FalsePositiveCounts' })) }, ...problemResponses(400, 404) },
});

/** A stored rule set is parsed again on the way out; a row that no longer passes the rules is never served. */
function parseDocument(row: RuleSetRow, log: Logger) {
  const parsed = CheckRuleSetSchema.safeParse(JSON.parse(row.document));
  if (parsed.success) return parsed.data;
  log.warn('stored rule set no longer passes the rule schema', { id: row.id, errors: zodErrorsToProblem(parsed.error).slice(0, 5) });
  throw new ApiError(422, 'stored_rule_set_invalid', `The stored rule set ${row.rule_set_id} version ${row.version} no longer passes the rule schema; store a new version`);
}

function toRecord(row: RuleSetRow, all: readonly RuleSetRow[], log: Logger) {
  return {
    id: row.id,
    checklist_id: row.checklist_id,
    checklist_version_id: row.checklist_version_id,
    checklist_version: row.checklist_version,
    rule_set: parseDocument(row, log),
    active: all[0]?.id === row.id,
    history: all.map((r) => ({ id: r.id, rule_set_id: r.rule_set_id, version: r.version, created_at: r.created_at, created_by_name: r.created_by_name ?? null })),
    created_by: row.created_by,
    created_at: row.created_at,
  };
}

export const checkRuleRoutes = createRouter()
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const db = c.env.DB;
    if (!(await getChecklist(db, id))) throw notFound('Checklist');
    const version = await ruleSetVersionOf(db, id, q.version);
    if (!version) throw notFound('Rule set');
    const rows = await listRuleSets(db, version.id);
    const row = q.rule_set_version === undefined ? rows[0] : rows.find((r) => r.version === q.rule_set_version);
    if (!row) throw notFound('Rule set');
    return c.json(toRecord(row, rows, c.get('log')), 200);
  })
  .openapi(put, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const set = body.rule_set;
    const caller = callerOf(c);
    const db = c.env.DB;
    const checklist = await getChecklist(db, id);
    if (!checklist) throw notFound('Checklist');
    const version = await ruleSetVersionOf(db, id, set.checklist_version);
    if (!version) {
      throw new ApiError(422, 'checklist_version_unknown', `${checklist.code} has no version ${set.checklist_version}`, {
        errors: [{ path: '$.rule_set.checklist_version', message: `${checklist.code} has no version ${set.checklist_version}` }],
      });
    }
    const items = await listItems(db, version.id);
    const problems = checkRuleSetAgainstChecklist(set, { code: checklist.code, version: version.version, items });
    if (problems.length > 0) {
      throw new ApiError(422, 'rule_set_not_in_checklist', `The rule set does not fit ${checklist.code} version ${version.version}`, {
        errors: problems.map((p) => ({ path: p.path.replace(/^\$/, '$.rule_set'), message: p.message })),
      });
    }
    const stored = await listRuleSets(db, version.id);
    const current = stored[0];
    if (body.base_version !== undefined && body.base_version !== (current?.version ?? null)) {
      throw new ApiError(409, 'version_conflict', `The rule set changed since version ${body.base_version ?? 'none'}; version ${current?.version ?? 'none'} is in force`);
    }
    const document = JSON.stringify(set);
    if (current && set.version <= current.version) {
      // The same document sent again (a retried request) changes nothing; anything else must be a new version.
      if (set.version === current.version && document === current.document) return c.json(toRecord(current, stored, c.get('log')), 200);
      throw new ApiError(409, 'rule_set_version_not_bumped', `Version ${current.version} is stored; a changed rule set needs a higher version`, {
        errors: [{ path: '$.rule_set.version', message: `must be greater than ${current.version}` }],
      });
    }
    const now = nowIso();
    const inserted = insertRuleSet(db, { checklistId: id, checklistVersionId: version.id, ruleSetId: set.id, version: set.version, document, createdBy: caller.userId }, now);
    try {
      await db.batch([
        inserted.statement,
        insertEvent(db, {
          actorId: caller.userId,
          entity: 'checklist',
          entityId: id,
          type: 'check_rules.stored',
          summary: { checklist_version: version.version, rule_set_id: set.id, version: set.version, rules: set.rules.length, replaced_version: current?.version ?? null },
          at: now,
        }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'version_conflict', `Version ${set.version} was stored meanwhile; reload the rule set`);
      throw err;
    }
    const rows = await listRuleSets(db, version.id);
    const row = rows.find((r) => r.id === inserted.id);
    if (!row) throw notFound('Rule set');
    return c.json(toRecord(row, rows, c.get('log')), 200);
  })
  .openapi(falsePositives, async (c) => {
    const q = c.req.valid('query');
    if (!(await getChecklist(c.env.DB, q.checklist))) throw notFound('Checklist');
    const items = await falsePositiveCounts(c.env.DB, scopeOf(callerOf(c)), { checklistId: q.checklist, auditId: q.audit, unitId: q.unit });
    return c.json({ items }, 200);
  });
