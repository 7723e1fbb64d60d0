// The nonconformity workflow (DESIGN section 4): response (accept with a plan, or dispute), dispute review,
// action done and verification. Gates come from the shared workflow; every step is one batch with its event.
import { z } from '@hono/zod-openapi';
import {
  ActionDoneSchema,
  AssignableUserListSchema,
  checkDueDateDecision,
  checkExtensionRequest,
  checkFindingTransition,
  checkPlanRevision,
  CorrectiveActionSchema,
  DueDateDecisionSchema,
  DueDateRequestListSchema,
  DueDateRequestSchema,
  ExtensionRequestSchema,
  PlanRevisionResultSchema,
  PlanRevisionSchema,
  DisputeReviewSchema,
  findNcTransition,
  FindingResponseSchema,
  FindingSchema,
  responseTarget,
  reviewTarget,
  verificationTarget,
  VerificationSchema,
  type ActionTrackingCode,
  type FindingActorRole,
  type FindingStatus,
  type TrackedAction,
  type TransitionInput,
} from '@onestop/shared';
import { getAssignableUser, getDueDateRequest, hasPendingRequest, insertDueDateRequest, listAssignableUsers, listDueDateRequests } from '../db/action-tracking.ts';
import { membershipOf } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { getAction, getFindingRowUnscoped, getFindingView, toAction, type ActionRow, type FindingRow } from '../db/findings.ts';
import { itemResultStatements, recomputeAuditRollups } from '../db/item-results.ts';
import { callerOf } from '../lib/auth.ts';
import type { AppContext, Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { assertInBatch, expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { uuidv7 } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso, todayInVietnam } from '../lib/time.ts';

const IdParam = z.object({ id: z.uuid() });
const Finding = FindingSchema.meta({ id: 'Finding' });
const refusals = problemResponses(400, 404, 409, 415, 422);

const response = defineRoute({
  method: 'post',
  path: '/findings/{id}/response',
  tags: ['workflow'],
  summary: 'Unit head: accept a nonconformity with a corrective-action plan, or dispute it',
  description: 'From `open`: `accept` needs root cause, action, an owner and a due date not before today (Asia/Ho_Chi_Minh) → `action_planned`; `dispute` needs a reason → `disputed`. The owner is `owner_user_id`, an active user of the finding\'s unit subtree (`GET /findings/{id}/assignable-users`; otherwise 422 `owner_not_assignable`), never free text; the action keeps the owner\'s display name as `owner_name`.',
  roles: ['unit_head'],
  request: { params: IdParam, body: { required: true, content: jsonContent(FindingResponseSchema.meta({ id: 'FindingResponse' })) } },
  responses: { 200: { description: 'The finding after the step', content: jsonContent(Finding) }, ...refusals },
});

const review = defineRoute({
  method: 'post',
  path: '/findings/{id}/review',
  tags: ['workflow'],
  summary: 'Lead inspector: decide on a dispute',
  description: 'From `disputed`: `reject` (with a comment) → `open`; `accept` → `withdrawn` (the finding no longer counts in summaries).',
  roles: ['inspector'],
  request: { params: IdParam, body: { required: true, content: jsonContent(DisputeReviewSchema.meta({ id: 'DisputeReview' })) } },
  responses: { 200: { description: 'The finding after the step', content: jsonContent(Finding) }, ...refusals },
});

const actionDone = defineRoute({
  method: 'post',
  path: '/findings/{id}/action-done',
  tags: ['workflow'],
  summary: 'Unit head: report the corrective action done',
  description: 'From `action_planned`, with what was done → `action_done`.',
  roles: ['unit_head'],
  request: { params: IdParam, body: { required: true, content: jsonContent(ActionDoneSchema.meta({ id: 'ActionDone' })) } },
  responses: { 200: { description: 'The finding after the step', content: jsonContent(Finding) }, ...refusals },
});

const verification = defineRoute({
  method: 'post',
  path: '/findings/{id}/verification',
  tags: ['workflow'],
  summary: 'Audit team: verify whether the action was effective',
  description: 'From `action_done`, by an audit member (never the unit head): effective → `closed`; not effective (with why and a new due date) → `action_planned`.',
  roles: ['inspector'],
  request: { params: IdParam, body: { required: true, content: jsonContent(VerificationSchema.meta({ id: 'Verification' })) } },
  responses: { 200: { description: 'The finding after the step', content: jsonContent(Finding) }, ...refusals },
});

/** The caller's part in a finding they can see. */
async function actorRole(db: D1Database, caller: Caller, finding: FindingRow): Promise<FindingActorRole> {
  if (caller.role === 'unit_head') return 'unit_head';
  if (caller.role === 'inspector') return (await membershipOf(db, finding.audit_id, caller.userId)) ?? 'other';
  return 'other';
}

interface Step {
  to: FindingStatus;
  input: TransitionInput;
  version?: number | undefined;
  /** Statements specific to the step (action rows…), run after the guarded finding update. */
  extra: (db: D1Database, f: FindingRow, caller: Caller, now: string) => D1PreparedStatement[];
  findingSet?: string;
  findingParams?: unknown[];
  summary: Record<string, unknown>;
}

/** Loads the finding in the caller's scope, checks the gate, then writes finding, extras and event in one batch. */
async function takeStep(c: AppContext, id: string, step: Step) {
  const caller = callerOf(c);
  const db = c.env.DB;
  if (!(await getFindingView(db, scopeOf(caller), id))) throw notFound('Finding');
  const finding = await getFindingRowUnscoped(db, id);
  if (!finding || finding.deleted_at) throw notFound('Finding');
  const audit = await db.prepare('SELECT status FROM audits WHERE id = ?').bind(finding.audit_id).first<{ status: string }>();
  if (audit?.status !== 'reporting' && audit?.status !== 'closed') {
    throw new ApiError(409, 'audit_not_reporting', 'Nonconformities are answered once the audit reaches reporting');
  }
  if (step.version !== undefined && step.version !== finding.version) {
    throw new ApiError(409, 'version_conflict', `The finding changed since version ${step.version}; it is now at version ${finding.version}`);
  }
  const today = todayInVietnam();
  const gate = checkFindingTransition(finding.status, step.to, { role: await actorRole(db, caller, finding) }, step.input, today);
  if (!gate.ok) {
    const status = gate.code === 'role_not_allowed' || gate.code === 'unit_head_cannot_verify' ? 403 : gate.code.endsWith('_required') || gate.code.endsWith('_invalid') || gate.code.endsWith('_in_past') ? 422 : 409;
    throw new ApiError(status, gate.code, gate.detail);
  }
  const now = nowIso();
  const set = step.findingSet ? `${step.findingSet}, ` : '';
  const transition = findNcTransition(finding.status, step.to);
  const statements = [
    db
      .prepare(
        `UPDATE findings SET ${set}status = ?, version = version + 1, seq = (SELECT COALESCE(MAX(seq), 0) + 1 FROM findings), updated_at = ?
         WHERE id = ? AND version = ? AND status = ?`,
      )
      .bind(...(step.findingParams ?? []), step.to, now, id, finding.version, finding.status),
    expectOneChange(db),
    ...step.extra(db, finding, caller, now),
    // Every step moves a nonconformity between statuses, which the summary roll-ups count.
    ...recomputeAuditRollups(db, finding.audit_id),
    insertEvent(db, { actorId: caller.userId, entity: 'finding', entityId: id, type: transition?.event ?? `finding.${step.to}`, summary: { from: finding.status, to: step.to, ...step.summary }, at: now }),
  ];
  await db.batch(statements).catch((err: unknown) => {
    if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The finding changed meanwhile; reload it');
    throw err;
  });
  const fresh = await getFindingRowUnscoped(db, id);
  if (!fresh) throw notFound('Finding');
  return c.json(fresh, 200);
}

/** Counter-evidence and action evidence must already be attached to this finding. */
async function checkEvidenceIds(db: D1Database, findingId: string, ids: string[] | undefined): Promise<void> {
  if (!ids || ids.length === 0) return;
  const row = await db
    .prepare(`SELECT COUNT(*) AS n FROM evidence WHERE finding_id = ? AND id IN (${ids.map(() => '?').join(', ')})`)
    .bind(findingId, ...ids)
    .first<{ n: number }>();
  if ((row?.n ?? 0) !== new Set(ids).size) {
    throw new ApiError(422, 'evidence_not_attached', 'Attach the evidence to this finding first (POST /findings/{id}/evidence)', { errors: [{ path: '$.evidence_ids', message: 'unknown evidence for this finding' }] });
  }
}


// ── Action tracking: more time, revised plans, owners chosen among the unit's users ──────────────────────────

const RequestParams = z.object({ id: z.uuid(), request: z.uuid() });
const DueDateRequest = DueDateRequestSchema.meta({ id: 'DueDateRequest' });
const trackingRefusals = problemResponses(400, 404, 409, 415, 422);

const listRequests = defineRoute({
  method: 'get',
  path: '/findings/{id}/due-date-requests',
  tags: ['workflow'],
  summary: 'The history of requests to move a corrective action\'s due date',
  description: 'Every extension or revised-plan date asked for on this finding, pending or decided, oldest first. Visible to whoever may see the finding.',
  request: { params: IdParam },
  responses: { 200: { description: 'Requests, oldest first', content: jsonContent(DueDateRequestListSchema.meta({ id: 'DueDateRequestList' })) }, ...problemResponses(400, 404) },
});

const requestExtension = defineRoute({
  method: 'post',
  path: '/findings/{id}/due-date-requests',
  tags: ['workflow'],
  summary: 'Unit head: ask for more time on a planned action',
  description:
    'While the action is `action_planned` and not done (typically when overdue): a new due date after the current one and not before today, with a reason. One request waits at a time (409 `due_date_request_pending`). The audit\'s lead inspector accepts or refuses it.',
  roles: ['unit_head'],
  request: { params: IdParam, body: { required: true, content: jsonContent(ExtensionRequestSchema.meta({ id: 'ExtensionRequest' })) } },
  responses: { 201: { description: 'The pending request', content: jsonContent(DueDateRequest) }, ...trackingRefusals },
});

const decideRequest = defineRoute({
  method: 'post',
  path: '/findings/{id}/due-date-requests/{request}/decision',
  tags: ['workflow'],
  summary: 'Lead inspector: accept or refuse a new due date',
  description:
    '`accept` moves the action\'s due date to the requested one (the overdue state and the summary roll-ups follow in the same batch); `refuse` needs a reason and leaves the date as it was. Only the pending request can be decided (409 `no_pending_request`).',
  roles: ['inspector'],
  request: { params: RequestParams, body: { required: true, content: jsonContent(DueDateDecisionSchema.meta({ id: 'DueDateDecision' })) } },
  responses: { 200: { description: 'The decided request', content: jsonContent(DueDateRequest) }, ...trackingRefusals },
});

const revisePlan = defineRoute({
  method: 'post',
  path: '/findings/{id}/plan-revision',
  tags: ['workflow'],
  summary: 'Unit head: revise the corrective-action plan',
  description:
    'While the action is `action_planned` and not done. Root cause, correction, action and owner apply at once, as does a due date on or before the current one (not in the past). A later due date is not applied: it becomes a `revision` request the lead inspector accepts or refuses like an extension (409 `due_date_request_pending` while another waits). Always needs a reason.',
  roles: ['unit_head'],
  request: { params: IdParam, body: { required: true, content: jsonContent(PlanRevisionSchema.meta({ id: 'PlanRevision' })) } },
  responses: { 200: { description: 'The revised action and the request made for a later date, if any', content: jsonContent(PlanRevisionResultSchema.meta({ id: 'PlanRevisionResult' })) }, ...trackingRefusals },
});

const assignableUsers = defineRoute({
  method: 'get',
  path: '/findings/{id}/assignable-users',
  tags: ['workflow'],
  summary: 'Unit head: the users a corrective action of this finding can be assigned to',
  description: 'Active accounts of the finding\'s unit and the units below it (administrators excluded), by name.',
  roles: ['unit_head'],
  request: { params: IdParam },
  responses: { 200: { description: 'Assignable users', content: jsonContent(AssignableUserListSchema.meta({ id: 'AssignableUserList' })) }, ...problemResponses(400, 404) },
});

/** The HTTP status of an action-tracking refusal: who (403), what is missing or wrong in the body (422), or the state (409). */
function trackingStatus(code: ActionTrackingCode): number {
  if (code === 'role_not_allowed') return 403;
  if (/_(required|invalid|in_past|not_later)$/.test(code)) return 422;
  return 409;
}

const refused = (gate: { code: ActionTrackingCode; detail: string }) => new ApiError(trackingStatus(gate.code), gate.code, gate.detail);

/** The owner must be an active user of the finding's unit subtree; checked after the finding is known to be visible. */
async function assignableOwner(c: AppContext, findingId: string, userId: string) {
  const db = c.env.DB;
  const view = await getFindingView(db, scopeOf(callerOf(c)), findingId);
  if (!view) throw notFound('Finding');
  const owner = await getAssignableUser(db, view.unit_id, userId);
  if (!owner) {
    throw new ApiError(422, 'owner_not_assignable', 'The owner must be an active user of the finding\'s unit or a unit below it (GET /findings/{id}/assignable-users)', {
      errors: [{ path: '$.owner_user_id', message: 'not a user of this unit' }],
    });
  }
  return owner;
}

interface Tracked {
  caller: Caller;
  finding: FindingRow;
  action: ActionRow;
  actor: FindingActorRole;
  state: TrackedAction;
}

/** A visible, live NC of an audit in reporting with its corrective action, and the caller's part in it. */
async function loadTracked(c: AppContext, id: string): Promise<Tracked> {
  const caller = callerOf(c);
  const db = c.env.DB;
  if (!(await getFindingView(db, scopeOf(caller), id))) throw notFound('Finding');
  const finding = await getFindingRowUnscoped(db, id);
  if (!finding || finding.deleted_at) throw notFound('Finding');
  const audit = await db.prepare('SELECT status FROM audits WHERE id = ?').bind(finding.audit_id).first<{ status: string }>();
  if (audit?.status !== 'reporting' && audit?.status !== 'closed') {
    throw new ApiError(409, 'audit_not_reporting', 'Nonconformities are answered once the audit reaches reporting');
  }
  const action = await getAction(db, id);
  if (!action) throw new ApiError(409, 'action_not_planned', `The finding is ${finding.status}; it has no corrective action yet.`);
  const actor = await actorRole(db, caller, finding);
  const state = { status: finding.status, due_date: action.due_date, done_at: action.done_at, pending_request: await hasPendingRequest(db, id) };
  return { caller, finding, action, actor, state };
}

/** Aborts the batch unless the finding is still a planned, not-done action (guards against a step taken meanwhile). */
const stillPlanned = (db: D1Database, findingId: string) =>
  assertInBatch(
    db,
    "EXISTS (SELECT 1 FROM findings f JOIN corrective_actions ca ON ca.finding_id = f.id WHERE f.id = ? AND f.status = 'action_planned' AND f.deleted_at IS NULL AND ca.done_at IS NULL)",
    [findingId],
    'action no longer planned',
  );

async function runTracked(db: D1Database, statements: D1PreparedStatement[]): Promise<void> {
  await db.batch(statements).catch((err: unknown) => {
    if (isUniqueViolation(err)) throw new ApiError(409, 'due_date_request_pending', 'A request to move the due date already waits for the lead inspector');
    if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The corrective action changed meanwhile; reload it');
    throw err;
  });
}

const checkActionVersion = (action: ActionRow, version: number | undefined) => {
  if (version !== undefined && version !== action.version) {
    throw new ApiError(409, 'version_conflict', `The corrective action changed since version ${version}; it is now at version ${action.version}`);
  }
};

async function freshRequest(db: D1Database, findingId: string, id: string) {
  const row = await getDueDateRequest(db, findingId, id);
  if (!row) throw notFound('Request');
  return row;
}

export const findingWorkflowRoutes = createRouter()
  .openapi(response, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.decision === 'dispute') {
      await checkEvidenceIds(c.env.DB, id, body.evidence_ids);
      return takeStep(c, id, {
        to: responseTarget(body),
        input: { reason: body.reason },
        version: body.version,
        findingSet: 'dispute_reason = ?',
        findingParams: [body.reason],
        extra: () => [],
        summary: { reason: body.reason, evidence_ids: body.evidence_ids ?? [] },
      });
    }
    const owner = await assignableOwner(c, id, body.owner_user_id);
    const ownerName = owner.display_name;
    return takeStep(c, id, {
      to: responseTarget(body),
      input: body,
      version: body.version,
      extra: (db, f, caller, now) => [
        db
          .prepare(
            `INSERT INTO corrective_actions (finding_id, root_cause, correction, action, owner_name, owner_user_id, due_date, planned_by, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
             ON CONFLICT (finding_id) DO UPDATE SET root_cause = excluded.root_cause, correction = excluded.correction, action = excluded.action,
               owner_name = excluded.owner_name, owner_user_id = excluded.owner_user_id, due_date = excluded.due_date, planned_by = excluded.planned_by, done_note = NULL, done_at = NULL,
               version = corrective_actions.version + 1, updated_at = excluded.updated_at`,
          )
          .bind(f.id, body.root_cause, body.correction ?? '', body.action, ownerName, owner.id, body.due_date, caller.userId, now, now),
      ],
      summary: { root_cause: body.root_cause, action: body.action, owner_name: ownerName, owner_user_id: owner.id, due_date: body.due_date },
    });
  })
  .openapi(review, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const to = reviewTarget(body);
    return takeStep(c, id, {
      to,
      input: { comment: body.comment },
      version: body.version,
      findingSet: 'review_comment = ?',
      findingParams: [body.comment],
      // A withdrawn finding stops counting: its item result is recomputed in the same batch (roll-ups follow in takeStep).
      extra: (db, f, _caller, now) => (to === 'withdrawn' ? itemResultStatements(db, [{ auditId: f.audit_id, unitId: f.unit_id, itemId: f.item_id }], now) : []),
      summary: { decision: body.decision, comment: body.comment },
    });
  })
  .openapi(actionDone, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await checkEvidenceIds(c.env.DB, id, body.evidence_ids);
    return takeStep(c, id, {
      to: 'action_done',
      input: { note: body.note },
      version: body.version,
      extra: (db, f, _caller, now) => [
        db.prepare('UPDATE corrective_actions SET done_note = ?, done_at = ?, version = version + 1, updated_at = ? WHERE finding_id = ?').bind(body.note, now, now, f.id),
        expectOneChange(db, 'no corrective action'),
        // A request for more time still waiting has nothing left to decide once the action is done.
        db.prepare("UPDATE action_due_date_requests SET status = 'withdrawn', decided_at = ? WHERE finding_id = ? AND status = 'pending'").bind(now, f.id),
      ],
      summary: { note: body.note, evidence_ids: body.evidence_ids ?? [] },
    });
  })
  .openapi(verification, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const to = verificationTarget(body);
    return takeStep(c, id, {
      to,
      input: body.effective ? { note: body.note } : { note: body.note, new_due_date: body.new_due_date },
      version: body.version,
      ...(body.effective ? { findingSet: 'closed_at = ?', findingParams: [nowIso()] } : {}),
      extra: (db, f, caller, now) => [
        body.effective
          ? db
              .prepare('UPDATE corrective_actions SET verification_note = ?, verified_by = ?, verified_at = ?, effective = 1, version = version + 1, updated_at = ? WHERE finding_id = ?')
              .bind(body.note, caller.userId, now, now, f.id)
          : db
              .prepare(
                'UPDATE corrective_actions SET verification_note = ?, verified_by = ?, verified_at = ?, effective = 0, due_date = ?, done_at = NULL, version = version + 1, updated_at = ? WHERE finding_id = ?',
              )
              .bind(body.note, caller.userId, now, body.new_due_date, now, f.id),
        expectOneChange(db, 'no corrective action'),
      ],
      summary: body.effective ? { effective: true, note: body.note } : { effective: false, note: body.note, new_due_date: body.new_due_date },
    });
  })
  .openapi(listRequests, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    if (!(await getFindingView(db, scopeOf(callerOf(c)), id))) throw notFound('Finding');
    return c.json({ items: await listDueDateRequests(db, id) }, 200);
  })
  .openapi(assignableUsers, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const view = await getFindingView(db, scopeOf(callerOf(c)), id);
    if (!view) throw notFound('Finding');
    return c.json({ items: await listAssignableUsers(db, view.unit_id) }, 200);
  })
  .openapi(requestExtension, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const t = await loadTracked(c, id);
    const gate = checkExtensionRequest(t.state, { role: t.actor }, body, todayInVietnam());
    if (!gate.ok) throw refused(gate);
    checkActionVersion(t.action, body.version);
    const db = c.env.DB;
    const now = nowIso();
    const requestId = uuidv7();
    await runTracked(db, [
      stillPlanned(db, id),
      insertDueDateRequest(db, { id: requestId, findingId: id, kind: 'extension', currentDueDate: t.action.due_date, newDueDate: body.new_due_date, reason: body.reason, by: t.caller.userId, at: now }),
      insertEvent(db, {
        actorId: t.caller.userId,
        entity: 'finding',
        entityId: id,
        type: 'finding.due_date_requested',
        summary: { request_id: requestId, kind: 'extension', current_due_date: t.action.due_date, new_due_date: body.new_due_date, reason: body.reason },
        at: now,
      }),
    ]);
    return c.json(await freshRequest(db, id, requestId), 201);
  })
  .openapi(decideRequest, async (c) => {
    const { id, request } = c.req.valid('param');
    const body = c.req.valid('json');
    const t = await loadTracked(c, id);
    const db = c.env.DB;
    const pending = await getDueDateRequest(db, id, request);
    if (!pending) throw notFound('Request');
    const gate = checkDueDateDecision({ ...t.state, pending_request: pending.status === 'pending' }, { role: t.actor }, body);
    if (!gate.ok) throw refused(gate);
    const now = nowIso();
    const reason = body.reason?.trim() ? body.reason : null;
    const accept = body.decision === 'accept';
    await runTracked(db, [
      stillPlanned(db, id),
      db
        .prepare("UPDATE action_due_date_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND finding_id = ? AND status = 'pending'")
        .bind(accept ? 'accepted' : 'refused', t.caller.userId, now, reason, request, id),
      expectOneChange(db, 'request already decided'),
      ...(accept
        ? [
            db.prepare('UPDATE corrective_actions SET due_date = ?, version = version + 1, updated_at = ? WHERE finding_id = ?').bind(pending.new_due_date, now, id),
            expectOneChange(db, 'no corrective action'),
            // The due date feeds the overdue figures of the summaries: recomputed in the same batch.
            ...recomputeAuditRollups(db, t.finding.audit_id),
          ]
        : []),
      insertEvent(db, {
        actorId: t.caller.userId,
        entity: 'finding',
        entityId: id,
        type: accept ? 'finding.due_date_accepted' : 'finding.due_date_refused',
        summary: { request_id: request, kind: pending.kind, previous_due_date: t.action.due_date, new_due_date: pending.new_due_date, ...(reason ? { reason } : {}) },
        at: now,
      }),
    ]);
    return c.json(await freshRequest(db, id, request), 200);
  })
  .openapi(revisePlan, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const t = await loadTracked(c, id);
    const gate = checkPlanRevision(t.state, { role: t.actor }, body, todayInVietnam());
    if (!gate.ok) throw refused(gate);
    checkActionVersion(t.action, body.version);
    const owner = await assignableOwner(c, id, body.owner_user_id);
    const db = c.env.DB;
    const now = nowIso();
    // An earlier (or the same) date applies at once; a later one waits for the lead as a request.
    const appliedDue = gate.dueDate === 'later' ? t.action.due_date : body.due_date;
    const requestId = gate.dueDate === 'later' ? uuidv7() : null;
    await runTracked(db, [
      stillPlanned(db, id),
      db
        .prepare(
          `UPDATE corrective_actions SET root_cause = ?, correction = ?, action = ?, owner_name = ?, owner_user_id = ?, due_date = ?, version = version + 1, updated_at = ?
           WHERE finding_id = ? AND version = ? AND done_at IS NULL`,
        )
        .bind(body.root_cause, body.correction ?? '', body.action, owner.display_name, owner.id, appliedDue, now, id, t.action.version),
      expectOneChange(db),
      ...(requestId
        ? [insertDueDateRequest(db, { id: requestId, findingId: id, kind: 'revision', currentDueDate: t.action.due_date, newDueDate: body.due_date, reason: body.reason, by: t.caller.userId, at: now })]
        : []),
      ...(gate.dueDate === 'earlier' ? recomputeAuditRollups(db, t.finding.audit_id) : []),
      insertEvent(db, {
        actorId: t.caller.userId,
        entity: 'finding',
        entityId: id,
        type: 'finding.plan_revised',
        summary: {
          reason: body.reason,
          root_cause: body.root_cause,
          action: body.action,
          owner_name: owner.display_name,
          owner_user_id: owner.id,
          ...(gate.dueDate === 'earlier' ? { due_date: body.due_date } : {}),
          ...(requestId ? { request_id: requestId, new_due_date: body.due_date } : {}),
        },
        at: now,
      }),
    ]);
    const action = await getAction(db, id);
    if (!action) throw notFound('Finding');
    return c.json({ corrective_action: CorrectiveActionSchema.parse(toAction(action)), due_date_request: requestId ? await freshRequest(db, id, requestId) : null }, 200);
  });
