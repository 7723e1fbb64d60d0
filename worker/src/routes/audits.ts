// Audits: plan (units, pinned checklist versions, team, dates), edit while planned, move through the workflow.
import { z } from '@hono/zod-openapi';
import { AuditStatusSchema, AUDIT_COVERAGE_THRESHOLD, checkAuditTransition, coverageRatio } from '@onestop/shared';
import {
  auditDetailParts,
  auditViewRoot,
  auditCoverage,
  countUnresolvedNonconformities,
  getAuditRow,
  listAudits,
  membershipOf,
  replaceAuditPlan,
  toAudit,
  type AuditPlan,
  type AuditRow,
} from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { callerOf } from '../lib/auth.ts';
import type { AppContext, Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { uuidv7 } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf, type Scope } from '../lib/scope.ts';
import { nowIso, todayInVietnam } from '../lib/time.ts';
import { AuditCreateSchema, AuditDetailSchema, AuditListSchema, AuditPatchSchema, AuditTransitionSchema, IdParamSchema } from '../schemas.ts';


const list = defineRoute({
  method: 'get',
  path: '/audits',
  tags: ['audits'],
  summary: 'Audits the caller may see',
  description:
    'Admins see all audits; leaders those planned in or covering their subtree; inspectors those they are on the team of; unit heads those covering their subtree from `reporting` on. `unit_count` and the `unit` filter count only the units the caller may see of each audit (see GET /audits/{id}).',
  request: {
    query: z.object({
      status: AuditStatusSchema.optional(),
      unit: z.uuid().optional().describe('Audits covering this unit or its subtree'),
      q: z.string().trim().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: { 200: { description: 'Audits', content: jsonContent(AuditListSchema) }, ...problemResponses(400) },
});

const get = defineRoute({
  method: 'get',
  path: '/audits/{id}',
  tags: ['audits'],
  summary: 'One audit with its units, team and pinned checklist versions',
  description:
    "Admins, the audit's team and the leaders of its planning unit see the whole audit. Everyone else who may see it (unit heads, leaders of an audited unit) sees only their part: `units` lists only the audited units inside their subtree, and `members[].email` is `''` for people whose unit is outside it (names and roles stay). An audit the caller may not see answers 404, as an unknown id does.",
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The audit', content: jsonContent(AuditDetailSchema) }, ...problemResponses(400, 404) },
});

const create = defineRoute({
  method: 'post',
  path: '/audits',
  tags: ['audits'],
  summary: 'Plan an audit',
  description: 'Leaders plan audits of units in their own subtree. The lead and members must be inspectors; pinned checklist versions must be published.',
  roles: ['admin', 'leader'],
  request: { body: { required: true, content: jsonContent(AuditCreateSchema) } },
  responses: { 201: { description: 'Planned', content: jsonContent(AuditDetailSchema) }, ...problemResponses(404, 409, 415, 422) },
});

const patch = defineRoute({
  method: 'patch',
  path: '/audits/{id}',
  tags: ['audits'],
  summary: 'Edit a planned audit',
  description: 'Only while `planned`, except `reminder_after_days` alone, which may change while `in_progress` or `reporting`. Admins, the planning leader (subtree) and the audit\'s lead inspector may edit it.',
  roles: ['admin', 'leader', 'inspector'],
  request: { params: IdParamSchema, body: { required: true, content: jsonContent(AuditPatchSchema) } },
  responses: { 200: { description: 'Updated', content: jsonContent(AuditDetailSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

const transition = defineRoute({
  method: 'post',
  path: '/audits/{id}/transitions',
  tags: ['audits'],
  summary: 'Move an audit through its workflow',
  description:
    '`planned → in_progress → reporting → closed`, `planned → cancelled`. Starting needs units, a pinned checklist version and a lead; closing needs every nonconformity out of `open` and `disputed`. Starting before `planned_start` (Vietnam date) needs a written reason in `note` (at least 10 characters), else 409 `early_start_reason_required`. Moving to `reporting` or `closed` with coverage (assessed items / pinned checklist items × audited units) below 80% needs the same reason, else 409 `coverage_below_threshold` with `assessed_items`, `total_items`, `coverage` and `threshold` in the problem. The reason and the coverage go to the event log. Admins and the audit\'s lead inspector may do it.',
  roles: ['admin', 'inspector'],
  request: { params: IdParamSchema, body: { required: true, content: jsonContent(AuditTransitionSchema) } },
  responses: { 200: { description: 'Moved', content: jsonContent(AuditDetailSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

/** The audit as the caller may see it: the whole of it, or only their part (see auditViewRoot). */
async function detail(db: D1Database, row: AuditRow, caller: Caller) {
  const viewRoot = await auditViewRoot(db, scopeOf(caller), row);
  const [parts, myRole] = await Promise.all([auditDetailParts(db, row.id, viewRoot), membershipOf(db, row.id, caller.userId)]);
  return { ...toAudit(row), ...parts, my_role: myRole };
}

/** Checks that a plan only names things the caller may use: units in scope, published versions, inspectors. */
async function validatePlan(db: D1Database, scope: Scope, plan: AuditPlan): Promise<void> {
  const unitIds = [...new Set(plan.unitIds)];
  const unitScope = scope.role === 'admin' ? '' : ' AND id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)';
  // The ids travel as one JSON array: a plan may name 200 units, and D1 binds at most 100 values per statement.
  const units = await db
    .prepare(`SELECT COUNT(*) AS n FROM units WHERE active = 1 AND id IN (SELECT value FROM json_each(?))${unitScope}`)
    .bind(JSON.stringify(unitIds), ...(scope.role === 'admin' ? [] : [scope.unitId]))
    .first<{ n: number }>();
  if ((units?.n ?? 0) !== unitIds.length) {
    throw new ApiError(422, 'unit_not_allowed', 'Every audited unit must exist, be active and be inside your part of the hierarchy', {
      errors: [{ path: '$.unit_ids', message: 'unknown, inactive or outside your subtree' }],
    });
  }
  const versionIds = [...new Set(plan.versionIds)];
  const versions = await db
    .prepare(`SELECT COUNT(*) AS n FROM checklist_versions WHERE status = 'published' AND id IN (${versionIds.map(() => '?').join(', ')})`)
    .bind(...versionIds)
    .first<{ n: number }>();
  if ((versions?.n ?? 0) !== versionIds.length) {
    throw new ApiError(422, 'checklist_version_not_published', 'Audits pin published checklist versions only', {
      errors: [{ path: '$.version_ids', message: 'unknown or not published' }],
    });
  }
  const team = [...new Set([plan.leadUserId, ...plan.memberIds])];
  const inspectors = await db
    .prepare(`SELECT COUNT(*) AS n FROM users WHERE role = 'inspector' AND disabled = 0 AND id IN (${team.map(() => '?').join(', ')})`)
    .bind(...team)
    .first<{ n: number }>();
  if ((inspectors?.n ?? 0) !== team.length) {
    throw new ApiError(422, 'team_not_inspectors', 'The lead and every member must be active inspectors', {
      errors: [{ path: '$.member_ids', message: 'unknown, disabled or not an inspector' }],
    });
  }
}

/** Who may edit a planned audit: admins, a leader whose subtree holds the planning unit, the audit's lead. */
async function assertCanPlan(c: AppContext, row: AuditRow, caller: Caller): Promise<void> {
  if (caller.role === 'admin') return;
  if (caller.role === 'leader') {
    const inside = await c.env.DB.prepare('SELECT 1 AS x FROM unit_closure WHERE ancestor_id = ? AND descendant_id = ?').bind(caller.unitId, row.owner_unit_id).first();
    if (inside) return;
  }
  if (caller.role === 'inspector' && (await membershipOf(c.env.DB, row.id, caller.userId)) === 'lead') return;
  throw new ApiError(403, 'forbidden', 'Only an administrator, the planning leader or the lead inspector can edit this audit');
}

export const auditRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const page = await listAudits(c.env.DB, scopeOf(callerOf(c)), { status: q.status, unitId: q.unit, q: q.q, limit: q.limit, offset: q.offset });
    return c.json({ items: page.items.map((r) => ({ ...toAudit(r), unit_count: r.unit_count, finding_count: r.finding_count, open_nc_count: r.open_nc_count, lead_name: r.lead_name })), total: page.total }, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    const row = await getAuditRow(c.env.DB, scopeOf(caller), id);
    if (!row) throw notFound('Audit');
    return c.json(await detail(c.env.DB, row, caller), 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const ownerUnitId = body.owner_unit_id ?? caller.unitId;
    if (caller.role !== 'admin') {
      const inside = await db.prepare('SELECT 1 AS x FROM unit_closure WHERE ancestor_id = ? AND descendant_id = ?').bind(caller.unitId, ownerUnitId).first();
      if (!inside) throw notFound('Owner unit');
    }
    const plan: AuditPlan = { unitIds: body.unit_ids, versionIds: body.version_ids, leadUserId: body.lead_user_id, memberIds: body.member_ids };
    await validatePlan(db, scope, plan);
    const id = uuidv7();
    const now = nowIso();
    try {
      await db.batch([
        db
          .prepare(
            `INSERT INTO audits (id, code, title, kind, status, owner_unit_id, planned_start, planned_end, lead_user_id, scope_note, reminder_after_days, created_by, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
          )
          .bind(id, body.code, body.title, body.kind, ownerUnitId, body.planned_start, body.planned_end, body.lead_user_id, body.scope_note, body.reminder_after_days, caller.userId, now, now),
        ...replaceAuditPlan(db, id, plan),
        insertEvent(db, { actorId: caller.userId, entity: 'audit', entityId: id, type: 'audit.planned', summary: { code: body.code, units: body.unit_ids.length, versions: body.version_ids }, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'audit_code_taken', `An audit with the code ${body.code} already exists`);
      throw err;
    }
    const row = await getAuditRow(db, { ...scope, role: 'admin' }, id);
    if (!row) throw notFound('Audit');
    return c.json(await detail(db, row, caller), 201);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const row = await getAuditRow(db, scope, id);
    if (!row) throw notFound('Audit');
    await assertCanPlan(c, row, caller);
    // The reminder setting alone may change until the audit closes: it steers reminders, not the plan.
    const reminderOnly = Object.keys(body).every((k) => k === 'version' || k === 'reminder_after_days');
    if (row.status !== 'planned' && !(reminderOnly && (row.status === 'in_progress' || row.status === 'reporting'))) {
      throw new ApiError(409, 'audit_not_planned', `The audit is ${row.status}; only a planned audit can be edited`);
    }
    if (row.version !== body.version) {
      throw new ApiError(409, 'version_conflict', `The audit changed since version ${body.version}; it is now at version ${row.version}`);
    }
    const start = body.planned_start ?? row.planned_start;
    const end = body.planned_end ?? row.planned_end;
    if (end < start) throw new ApiError(422, 'validation_failed', 'The audit cannot end before it starts', { errors: [{ path: '$.planned_end', message: 'must not be before planned_start' }] });
    const statements: D1PreparedStatement[] = [];
    const planChanged = body.unit_ids || body.version_ids || body.lead_user_id || body.member_ids;
    let leadUserId = row.lead_user_id;
    if (planChanged) {
      const current = await auditDetailParts(db, id);
      const plan: AuditPlan = {
        unitIds: body.unit_ids ?? current.units.map((u) => u.id),
        versionIds: body.version_ids ?? current.checklists.map((v) => v.version_id),
        leadUserId: body.lead_user_id ?? row.lead_user_id ?? '',
        memberIds: body.member_ids ?? current.members.filter((m) => m.role === 'member').map((m) => m.user_id),
      };
      await validatePlan(db, scope, plan);
      leadUserId = plan.leadUserId;
      statements.push(...replaceAuditPlan(db, id, plan));
    }
    const now = nowIso();
    const update = db
      .prepare(
        `UPDATE audits SET title = COALESCE(?, title), kind = COALESCE(?, kind), planned_start = ?, planned_end = ?,
           scope_note = COALESCE(?, scope_note), reminder_after_days = COALESCE(?, reminder_after_days), lead_user_id = ?, version = version + 1, updated_at = ?
         WHERE id = ? AND version = ? AND status = ?`,
      )
      .bind(body.title ?? null, body.kind ?? null, start, end, body.scope_note ?? null, body.reminder_after_days ?? null, leadUserId, now, id, body.version, row.status);
    // The plan is replaced only after the guarded update succeeded in this same batch.
    await db.batch([
      update,
      expectOneChange(db),
      ...statements,
      insertEvent(db, { actorId: caller.userId, entity: 'audit', entityId: id, type: 'audit.updated', summary: { changes: body }, at: now }),
    ]).catch((err: unknown) => {
      if (isGuardFailure(err)) {
        throw new ApiError(409, 'version_conflict', 'The audit changed meanwhile; reload it');
      }
      throw err;
    });
    const fresh = await getAuditRow(db, { ...scope, role: 'admin' }, id);
    if (!fresh) throw notFound('Audit');
    return c.json(await detail(db, fresh, caller), 200);
  })
  .openapi(transition, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const row = await getAuditRow(db, scopeOf(caller), id);
    if (!row) throw notFound('Audit');
    const myRole = await membershipOf(db, id, caller.userId);
    if (caller.role !== 'admin' && myRole !== 'lead') {
      throw new ApiError(403, 'forbidden', 'Only the lead inspector of this audit or an administrator can change its state');
    }
    if (body.version !== undefined && body.version !== row.version) {
      throw new ApiError(409, 'version_conflict', `The audit changed since version ${body.version}; it is now at version ${row.version}`);
    }
    const parts = await auditDetailParts(db, id);
    const unresolved = body.to === 'closed' ? await countUnresolvedNonconformities(db, id) : { open: 0, disputed: 0 };
    const coverage = await auditCoverage(db, id);
    const reason = body.note?.trim() ?? null;
    const gate = checkAuditTransition(row, body.to, {
      unitCount: parts.units.length,
      pinnedVersionCount: parts.checklists.length,
      draftVersionCount: parts.checklists.filter((v) => v.status === 'draft').length,
      openNcCount: unresolved.open,
      disputedNcCount: unresolved.disputed,
      coverage,
      plannedStart: row.planned_start,
      today: todayInVietnam(),
      reason,
    });
    const coverageFacts = { assessed_items: coverage.assessed, total_items: coverage.total, coverage: coverage.total > 0 ? coverageRatio(coverage) : null };
    if (!gate.ok) {
      throw new ApiError(409, gate.code, gate.detail, gate.code === 'coverage_below_threshold' ? { extensions: { ...coverageFacts, threshold: AUDIT_COVERAGE_THRESHOLD } } : {});
    }
    const now = nowIso();
    const stamp = ({ in_progress: 'started_at', reporting: 'reporting_at', closed: 'closed_at', cancelled: 'cancelled_at' } as const)[body.to as 'in_progress' | 'reporting' | 'closed' | 'cancelled'];
    await db
      .batch([
        db
          .prepare(`UPDATE audits SET status = ?, ${stamp} = ?, version = version + 1, updated_at = ? WHERE id = ? AND status = ? AND version = ?`)
          .bind(body.to, now, now, id, row.status, row.version),
        expectOneChange(db),
        insertEvent(db, { actorId: caller.userId, entity: 'audit', entityId: id, type: `audit.${body.to}`, summary: { from: row.status, to: body.to, note: body.note ?? null, ...coverageFacts }, at: now }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The audit changed meanwhile; reload it');
        throw err;
      });
    const fresh = await getAuditRow(db, { ...scopeOf(caller), role: 'admin' }, id);
    if (!fresh) throw notFound('Audit');
    return c.json(await detail(db, fresh, caller), 200);
  });
