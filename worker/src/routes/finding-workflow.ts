// The nonconformity workflow (DESIGN section 4): response (accept with a plan, or dispute), dispute review,
// action done and verification. Gates come from the shared workflow; every step is one batch with its event.
import { z } from '@hono/zod-openapi';
import {
  ActionDoneSchema,
  checkFindingTransition,
  DisputeReviewSchema,
  findNcTransition,
  FindingResponseSchema,
  FindingSchema,
  responseTarget,
  reviewTarget,
  verificationTarget,
  VerificationSchema,
  type FindingActorRole,
  type FindingStatus,
  type TransitionInput,
} from '@onestop/shared';
import { membershipOf } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { getFindingRowUnscoped, getFindingView, type FindingRow } from '../db/findings.ts';
import { itemResultStatements, recomputeAuditRollups } from '../db/item-results.ts';
import { callerOf } from '../lib/auth.ts';
import type { AppContext, Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
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
  description: 'From `open`: `accept` needs root cause, action, owner and a due date not before today (Asia/Ho_Chi_Minh) → `action_planned`; `dispute` needs a reason → `disputed`.',
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
    return takeStep(c, id, {
      to: responseTarget(body),
      input: body,
      version: body.version,
      extra: (db, f, caller, now) => [
        db
          .prepare(
            `INSERT INTO corrective_actions (finding_id, root_cause, correction, action, owner_name, due_date, planned_by, version, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
             ON CONFLICT (finding_id) DO UPDATE SET root_cause = excluded.root_cause, correction = excluded.correction, action = excluded.action,
               owner_name = excluded.owner_name, due_date = excluded.due_date, planned_by = excluded.planned_by, done_note = NULL, done_at = NULL,
               version = corrective_actions.version + 1, updated_at = excluded.updated_at`,
          )
          .bind(f.id, body.root_cause, body.correction ?? '', body.action, body.owner_name, body.due_date, caller.userId, now, now),
      ],
      summary: { root_cause: body.root_cause, action: body.action, owner_name: body.owner_name, due_date: body.due_date },
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
  });
