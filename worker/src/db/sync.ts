// Applying offline sync ops (DESIGN section 7). Every op is atomic with its op_id, its event and the derived rows,
// so a resent op answers `duplicate` and nothing is ever half-applied. A request's ops are checked against state read
// in one round trip and written in a few D1 batches (transactions) of many ops each; if such a batch fails (a race
// with another writer), its ops are applied again one by one, each in its own batch, exactly as if sent alone.
// Ops that fail the op schema never get this far: `applyRequestOps` answers them `rejected` on their own.
// Records outside the caller's audits answer exactly as records that do not exist (ADR 0006): an edit, a delete or
// evidence naming a finding of another audit is `not_found` with the words an unknown id gets, and a create whose id
// is taken answers `id_taken` whoever holds it. Client timestamps are bounded (`timestamp_out_of_range`).
import {
  INVALID_OP_CODE,
  NOTE_REQUIRED_CODE,
  TIMESTAMP_OUT_OF_RANGE_CODE,
  auditTimeFloor,
  canRecordFindings,
  clientTimeProblem,
  checkSyncOps,
  checkFindingDelete,
  initialFindingStatus,
  noteMissing,
  redactFields,
  redactText,
  redactUrl,
  statusAfterResultChange,
  type AuditMemberRole,
  type EvidenceCreateData,
  type FindingUpsertData,
  type ProblemFieldError,
  type SyncOp,
  type SyncOpResult,
  type SyncOutcome,
} from '@onestop/shared';
import type { Caller } from '../lib/context.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { problemBody } from '../lib/errors.ts';
import { membershipOf, type AuditRow } from './audits.ts';
import { insertEvents, jsonChunks, type EventInput } from './events.ts';
import { getFindingRowUnscoped, type FindingRow } from './findings.ts';
import { itemResultStatements, recomputeAuditRollups, type ItemKey } from './item-results.ts';

const NEXT_SEQ = '(SELECT COALESCE(MAX(seq), 0) + 1 FROM findings)';
/** Ops per D1 batch: a few hundred statements, well inside D1's limits on one batch. */
const OPS_PER_BATCH = 50;

class OpRefused extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: ProblemFieldError[] | undefined;
  constructor(status: number, code: string, detail: string, errors?: ProblemFieldError[]) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

// The answers for records that do not exist, given word for word to records the caller may not see (ADR 0006).
const findingNotFound = () => new OpRefused(404, 'not_found', 'Finding not found');
const editOfUnknownFinding = () => new OpRefused(404, 'not_found', 'The finding does not exist on the server; send base_version null to create it');
/** A create whose id is in use: the same words whoever holds the id, and whether the caller may see it or not. */
const idTaken = (what: 'finding' | 'evidence') => new OpRefused(409, 'id_taken', `This id is already in use; make a new id for a new ${what}`);

/** The request path of an op's field, when the op's position in the request is known. */
const opPath = (position: number | undefined, ...path: string[]) => (position === undefined ? `$.${path.join('.')}` : `$.ops[${position}].${path.join('.')}`);

/** Refuses a client timestamp outside [the audit's floor, now + skew] (see `clientTimeProblem`). */
function checkClientTime(value: string, audit: AuditRow, now: string, path: string): void {
  const problem = clientTimeProblem(value, { now: Date.parse(now), floor: auditTimeFloor(audit) });
  if (problem) throw new OpRefused(422, TIMESTAMP_OUT_OF_RANGE_CODE, `${path} ${problem}`, [{ path, message: problem }]);
}

/** An edit of a soft-deleted finding: refused, never a silent revival (see the POST /sync description). */
const findingDeleted = (deletedAt: string) =>
  new OpRefused(409, 'finding_deleted', `The finding was deleted on the server (${deletedAt}), perhaps from another device; an edit does not restore it. Record a new finding if the result still stands`);

const rejected = (err: OpRefused): SyncOutcome => ({ status: 'rejected', problem: problemBody(err.status, err.code, err.message, { errors: err.errors }) });

/** The finding row as the API returns it. */
export const toFinding = (row: FindingRow) => ({ ...row });

/** What checking an op needs to read; answered by D1 (one op at a time) or by rows loaded for a whole request. */
interface SyncState {
  storedOutcome(opId: string): Promise<{ user_id: string; outcome: string } | null>;
  audit(auditId: string): Promise<{ audit: AuditRow; role: AuditMemberRole | null } | null>;
  unitInAudit(auditId: string, unitId: string): Promise<boolean>;
  itemInAudit(auditId: string, itemId: string): Promise<boolean>;
  finding(id: string): Promise<FindingRow | null>;
  evidenceExists(id: string): Promise<boolean>;
}

/** Reads each fact from D1 when asked: the path of single ops and of the retry after a failed batch. */
function liveState(db: D1Database, caller: Caller): SyncState {
  return {
    storedOutcome: (opId) => db.prepare('SELECT user_id, outcome FROM sync_ops WHERE op_id = ?').bind(opId).first<{ user_id: string; outcome: string }>(),
    audit: async (auditId) => {
      const audit = await db.prepare('SELECT * FROM audits WHERE id = ?').bind(auditId).first<AuditRow>();
      return audit ? { audit, role: await membershipOf(db, auditId, caller.userId) } : null;
    },
    unitInAudit: async (auditId, unitId) => (await db.prepare('SELECT 1 AS x FROM audit_units WHERE audit_id = ? AND unit_id = ?').bind(auditId, unitId).first()) !== null,
    itemInAudit: async (auditId, itemId) =>
      (await db.prepare('SELECT 1 AS x FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id WHERE ac.audit_id = ? AND i.id = ?').bind(auditId, itemId).first()) !== null,
    finding: (id) => getFindingRowUnscoped(db, id),
    evidenceExists: async (id) => (await db.prepare('SELECT 1 AS x FROM evidence WHERE id = ?').bind(id).first()) !== null,
  };
}

const ids = (values: Iterable<string>) => JSON.stringify([...new Set(values)]);

/** Loads, in one batch, every row the ops of a request refer to (ids passed as JSON arrays, not one bind each). */
async function loadedState(db: D1Database, caller: Caller, ops: readonly SyncOp[]): Promise<SyncState> {
  const findingIds = ops.map((op) => (op.kind === 'evidence.create' ? op.data.finding_id : op.entity_id));
  const auditIds = ops.flatMap((op) => (op.kind === 'finding.upsert' ? [op.data.audit_id] : []));
  const itemIds = ops.flatMap((op) => (op.kind === 'finding.upsert' ? [op.data.item_id] : []));
  const audits = `(SELECT value FROM json_each(?1) UNION SELECT audit_id FROM findings WHERE id IN (SELECT value FROM json_each(?2)))`;
  const [outcomes, findings, auditRows, roles, units, items, evidence] = await db.batch([
    db.prepare('SELECT op_id, user_id, outcome FROM sync_ops WHERE op_id IN (SELECT value FROM json_each(?1))').bind(ids(ops.map((op) => op.op_id))),
    db.prepare('SELECT * FROM findings WHERE id IN (SELECT value FROM json_each(?1))').bind(ids(findingIds)),
    db.prepare(`SELECT * FROM audits WHERE id IN ${audits}`).bind(ids(auditIds), ids(findingIds)),
    db.prepare(`SELECT audit_id, role FROM audit_members WHERE user_id = ?3 AND audit_id IN ${audits}`).bind(ids(auditIds), ids(findingIds), caller.userId),
    db.prepare(`SELECT audit_id, unit_id FROM audit_units WHERE audit_id IN ${audits}`).bind(ids(auditIds), ids(findingIds)),
    db
      .prepare(
        `SELECT ac.audit_id, i.id FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id
         WHERE i.id IN (SELECT value FROM json_each(?3)) AND ac.audit_id IN ${audits}`,
      )
      .bind(ids(auditIds), ids(findingIds), ids(itemIds)),
    db.prepare('SELECT id FROM evidence WHERE id IN (SELECT value FROM json_each(?1))').bind(ids(ops.filter((op) => op.kind === 'evidence.create').map((op) => op.entity_id))),
  ]);
  const rows = <T>(r: D1Result | undefined) => (r?.results ?? []) as T[];
  const outcomeOf = new Map(rows<{ op_id: string; user_id: string; outcome: string }>(outcomes).map((r) => [r.op_id, r]));
  const findingOf = new Map(rows<FindingRow>(findings).map((r) => [r.id, r]));
  const auditOf = new Map(rows<AuditRow>(auditRows).map((r) => [r.id, r]));
  const roleOf = new Map(rows<{ audit_id: string; role: AuditMemberRole }>(roles).map((r) => [r.audit_id, r.role]));
  const unitSet = new Set(rows<{ audit_id: string; unit_id: string }>(units).map((r) => `${r.audit_id}|${r.unit_id}`));
  const itemSet = new Set(rows<{ audit_id: string; id: string }>(items).map((r) => `${r.audit_id}|${r.id}`));
  const evidenceSet = new Set(rows<{ id: string }>(evidence).map((r) => r.id));
  return {
    storedOutcome: async (opId) => outcomeOf.get(opId) ?? null,
    audit: async (auditId) => {
      const audit = auditOf.get(auditId);
      return audit ? { audit, role: roleOf.get(auditId) ?? null } : null;
    },
    unitInAudit: async (auditId, unitId) => unitSet.has(`${auditId}|${unitId}`),
    itemInAudit: async (auditId, itemId) => itemSet.has(`${auditId}|${itemId}`),
    finding: async (id) => findingOf.get(id) ?? null,
    evidenceExists: async (id) => evidenceSet.has(id),
  };
}

/** A checked op: either an answer that writes only its sync_ops row, or the statements that apply it. */
type Plan =
  | { kind: 'answer'; outcome: SyncOutcome }
  | { kind: 'write'; statements: D1PreparedStatement[]; event: EventInput; version: number; finding?: ItemKey; auditId: string };

/** Checks the caller may write findings in the audit now. */
async function writableAudit(state: SyncState, caller: Caller, auditId: string): Promise<{ audit: AuditRow; role: AuditMemberRole }> {
  if (caller.role !== 'inspector') throw new OpRefused(403, 'forbidden', 'Only inspectors of the audit team record findings');
  const found = await state.audit(auditId);
  if (!found || !found.role) throw new OpRefused(404, 'not_found', 'Audit not found');
  const { audit, role } = found;
  if (!canRecordFindings(audit.status, role)) {
    throw new OpRefused(
      409,
      'audit_not_recording',
      audit.status === 'reporting' ? 'The audit is in reporting; only the lead inspector may still correct findings' : `The audit is ${audit.status}; findings are recorded only while it is in progress`,
    );
  }
  return { audit, role };
}

/** True when the caller is on the team of the finding's audit: otherwise the finding is answered as unknown. */
async function visible(state: SyncState, finding: FindingRow): Promise<boolean> {
  return ((await state.audit(finding.audit_id))?.role ?? null) !== null;
}

async function planUpsert(db: D1Database, state: SyncState, caller: Caller, clientId: string, op: SyncOp & { kind: 'finding.upsert' }, now: string, position?: number): Promise<Plan> {
  const data: FindingUpsertData = op.data;
  const { audit, role } = await writableAudit(state, caller, data.audit_id);
  checkClientTime(data.recorded_at, audit, now, opPath(position, 'data', 'recorded_at'));
  const [unit, item] = await Promise.all([state.unitInAudit(data.audit_id, data.unit_id), state.itemInAudit(data.audit_id, data.item_id)]);
  if (!unit) throw new OpRefused(422, 'unit_not_in_audit', 'The unit is not audited in this audit');
  if (!item) throw new OpRefused(422, 'item_not_in_audit', 'The item is not in the checklist versions pinned by this audit');

  const note = redactText(data.note ?? '');
  // A nonconformity must say what was wrong; checked after the key checks so that a refused key answers as before.
  if (noteMissing(data.result, note)) {
    const path = opPath(position, 'data', 'note');
    throw new OpRefused(422, NOTE_REQUIRED_CODE, `${path} is required: a major or minor nonconformity must say what was wrong`, [
      { path, message: 'Required for a major or minor nonconformity' },
    ]);
  }
  // A search by CCCD or phone leaves them in the page URL's query or hash: stored redacted, whatever the client did.
  const pageUrl = data.page_url ? redactUrl(data.page_url) : null;
  const dossier = data.dossier_code ?? null;
  const existing = await state.finding(op.entity_id);
  if (existing && !(await visible(state, existing))) {
    // Held by a finding of an audit the caller is not on: answered as an unknown id would be, except that a create
    // cannot take the id (the one unavoidable difference, the same whoever holds the id; ADR 0006).
    if (op.base_version !== null) throw editOfUnknownFinding();
    throw idTaken('finding');
  }
  const statements: D1PreparedStatement[] = [];
  let version: number;
  if (!existing) {
    if (op.base_version !== null) throw editOfUnknownFinding();
    version = 1;
    statements.push(
      db
        .prepare(
          `INSERT INTO findings (id, audit_id, unit_id, item_id, result, note, dossier_code, page_url, status, recorded_by, recorded_at, version, seq, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ${NEXT_SEQ}, ?, ?) RETURNING seq`,
        )
        .bind(op.entity_id, data.audit_id, data.unit_id, data.item_id, data.result, note, dossier, pageUrl, initialFindingStatus(data.result), caller.userId, data.recorded_at, now, now),
    );
  } else {
    if (existing.audit_id !== data.audit_id || existing.unit_id !== data.unit_id || existing.item_id !== data.item_id) {
      throw new OpRefused(422, 'finding_key_changed', 'A finding keeps its audit, unit and item; record a new finding instead');
    }
    if (role !== 'lead' && existing.recorded_by !== caller.userId) throw new OpRefused(403, 'forbidden', 'Members edit only the findings they recorded; the lead may edit any');
    // A deleted finding is never revived by an edit, whatever base_version says (the deletion may have come from
    // another device or the lead): the inspector is told, and records a new finding if the result still stands.
    if (existing.deleted_at) {
      throw findingDeleted(existing.deleted_at);
    }
    if (op.base_version !== existing.version) return { kind: 'answer', outcome: { status: 'conflict', server: toFinding(existing) } };
    const next = statusAfterResultChange(existing, data.result);
    if (!next.ok) throw new OpRefused(409, next.code, next.detail);
    version = existing.version + 1;
    statements.push(
      db
        .prepare(
          `UPDATE findings SET result = ?, note = ?, dossier_code = ?, page_url = ?, status = ?,
             version = version + 1, seq = ${NEXT_SEQ}, updated_at = ?
           WHERE id = ? AND version = ? AND deleted_at IS NULL RETURNING seq`,
        )
        .bind(data.result, note, dossier, pageUrl, next.status, now, op.entity_id, existing.version),
      expectOneChange(db),
    );
  }
  const event: EventInput = {
    actorId: caller.userId,
    entity: 'finding',
    entityId: op.entity_id,
    type: existing ? 'finding.updated' : 'finding.recorded',
    summary: { result: data.result, before: existing ? { result: existing.result, status: existing.status } : null, client_id: clientId },
    at: now,
  };
  return { kind: 'write', statements, event, version, finding: { auditId: data.audit_id, unitId: data.unit_id, itemId: data.item_id }, auditId: data.audit_id };
}

async function planDelete(db: D1Database, state: SyncState, caller: Caller, clientId: string, op: SyncOp & { kind: 'finding.delete' }, now: string): Promise<Plan> {
  const existing = await state.finding(op.entity_id);
  if (!existing || !(await visible(state, existing))) throw findingNotFound();
  const { role } = await writableAudit(state, caller, existing.audit_id);
  if (role !== 'lead' && existing.recorded_by !== caller.userId) throw new OpRefused(403, 'forbidden', 'Members delete only the findings they recorded');
  if (op.base_version !== existing.version) return { kind: 'answer', outcome: { status: 'conflict', server: toFinding(existing) } };
  if (existing.deleted_at) throw new OpRefused(409, 'already_deleted', 'The finding is already deleted');
  const allowed = checkFindingDelete(existing.status);
  if (!allowed.ok) throw new OpRefused(409, allowed.code, allowed.detail);
  const statements = [
    db
      .prepare(`UPDATE findings SET deleted_at = ?, version = version + 1, seq = ${NEXT_SEQ}, updated_at = ? WHERE id = ? AND version = ? RETURNING seq`)
      .bind(now, now, op.entity_id, existing.version),
    expectOneChange(db),
  ];
  const event: EventInput = { actorId: caller.userId, entity: 'finding', entityId: op.entity_id, type: 'finding.deleted', summary: { result: existing.result, client_id: clientId }, at: now };
  return { kind: 'write', statements, event, version: existing.version + 1, finding: { auditId: existing.audit_id, unitId: existing.unit_id, itemId: existing.item_id }, auditId: existing.audit_id };
}

async function planEvidence(db: D1Database, state: SyncState, caller: Caller, op: SyncOp & { kind: 'evidence.create' }, now: string, position?: number): Promise<Plan> {
  const data: EvidenceCreateData = op.data;
  const finding = await state.finding(data.finding_id);
  if (!finding || finding.deleted_at || !(await visible(state, finding))) throw findingNotFound();
  const { audit } = await writableAudit(state, caller, finding.audit_id);
  checkClientTime(data.captured_at, audit, now, opPath(position, 'data', 'captured_at'));
  if (await state.evidenceExists(op.entity_id)) throw idTaken('evidence');
  const event: EventInput = { actorId: caller.userId, entity: 'evidence', entityId: op.entity_id, type: 'evidence.captured', summary: { finding_id: data.finding_id, kind: data.kind }, at: now };
  return { kind: 'write', statements: [insertEvidence(db, op.entity_id, data, 'finding', caller.userId, now)], event, version: 1, auditId: finding.audit_id };
}

/** Evidence metadata; the page URL, the quote and every field are redacted again here, whatever the client did. */
export function insertEvidence(
  db: D1Database,
  id: string,
  data: Omit<EvidenceCreateData, 'finding_id'> & { finding_id: string },
  purpose: 'finding' | 'response' | 'action',
  capturedBy: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO evidence (id, finding_id, purpose, kind, page_url, page_title, selectors, quote, fields, sha256, mime, bytes, captured_at, captured_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      data.finding_id,
      purpose,
      data.kind,
      data.page_url ? redactUrl(data.page_url) : null,
      data.page_title ? redactText(data.page_title) : null,
      JSON.stringify(data.selectors.map((s) => (s.type === 'TextQuoteSelector' ? { ...s, exact: redactText(s.exact), ...(s.prefix ? { prefix: redactText(s.prefix) } : {}), ...(s.suffix ? { suffix: redactText(s.suffix) } : {}) } : s))),
      data.quote ? redactText(data.quote) : null,
      JSON.stringify(redactFields(data.fields)),
      data.sha256 ?? null,
      data.mime ?? null,
      data.bytes ?? null,
      data.captured_at,
      capturedBy,
      now,
    );
}

function recordOp(db: D1Database, clientId: string, caller: Caller, op: SyncOp, outcome: SyncOutcome, now: string): D1PreparedStatement {
  const [statement] = recordOps(db, clientId, caller, [{ op, outcome, now }]);
  if (!statement) throw new Error('no sync_ops statement');
  return statement;
}

/** The sync_ops rows of many ops in few statements (rows as JSON arrays, see insertEvents). */
function recordOps(db: D1Database, clientId: string, caller: Caller, ops: readonly { op: SyncOp; outcome: SyncOutcome; now: string }[]): D1PreparedStatement[] {
  const rows = ops.map(({ op, outcome, now }) => [op.op_id, op.kind, op.entity_id, JSON.stringify(outcome), now]);
  return jsonChunks(rows).map((json) =>
    db
      .prepare(
        `INSERT INTO sync_ops (op_id, client_id, user_id, kind, entity_id, outcome, applied_at)
         SELECT value ->> 0, ?1, ?2, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?3)`,
      )
      .bind(clientId, caller.userId, json),
  );
}

/** The answer to an op whose id is already stored: its original outcome (or a refusal if another user owns the id). */
function answerStored(op: SyncOp, caller: Caller, stored: { user_id: string; outcome: string }): SyncOpResult {
  if (stored.user_id !== caller.userId) {
    // Whose op it was is not said.
    return { op_id: op.op_id, ...rejected(new OpRefused(409, 'op_id_taken', 'This op_id is already in use; make a new op_id for a new op')) } as SyncOpResult;
  }
  return { op_id: op.op_id, status: 'duplicate', original: JSON.parse(stored.outcome) as SyncOutcome };
}

/** Checks an op against `state`: its stored answer, a refusal or conflict, or the statements that apply it. */
async function planOp(db: D1Database, state: SyncState, caller: Caller, clientId: string, op: SyncOp, now: string, position?: number): Promise<{ stored: SyncOpResult } | { plan: Plan }> {
  const stored = await state.storedOutcome(op.op_id);
  if (stored) return { stored: answerStored(op, caller, stored) };
  try {
    if (op.kind === 'finding.upsert') return { plan: await planUpsert(db, state, caller, clientId, op, now, position) };
    if (op.kind === 'finding.delete') return { plan: await planDelete(db, state, caller, clientId, op, now) };
    return { plan: await planEvidence(db, state, caller, op, now, position) };
  } catch (err) {
    if (!(err instanceof OpRefused)) throw err;
    return { plan: { kind: 'answer', outcome: rejected(err) } };
  }
}

/** The derived rows of the findings written by `plans`: item_results once per (audit, unit, item), roll-ups once per audit. */
function derivedStatements(db: D1Database, plans: readonly Plan[], now: string): D1PreparedStatement[] {
  const items = new Map<string, ItemKey>();
  const audits = new Set<string>();
  for (const p of plans) {
    if (p.kind !== 'write' || !p.finding) continue;
    items.set(`${p.finding.auditId}|${p.finding.unitId}|${p.finding.itemId}`, p.finding);
    audits.add(p.auditId);
  }
  if (items.size === 0) return [];
  return [...itemResultStatements(db, [...items.values()], now), ...[...audits].flatMap((a) => recomputeAuditRollups(db, a))];
}

/**
 * Applies one op on its own, reading live state: one D1 batch; never throws for anything the op itself got wrong.
 * `position` is the op's index in the request, for the paths of field errors.
 */
export async function applyOp(db: D1Database, caller: Caller, clientId: string, op: SyncOp, now: string, position?: number, retried = false): Promise<SyncOpResult> {
  const checked = await planOp(db, liveState(db, caller), caller, clientId, op, now, position);
  if ('stored' in checked) return checked.stored;
  const plan = checked.plan;
  if (plan.kind === 'answer') {
    // Refusals and conflicts are remembered too, so a resent op gets the same answer.
    await recordOp(db, clientId, caller, op, plan.outcome, now).run().catch(() => undefined);
    return { op_id: op.op_id, ...plan.outcome } as SyncOpResult;
  }
  const applied: SyncOutcome = { status: 'applied', version: plan.version };
  try {
    const results = await db.batch([...plan.statements, ...insertEvents(db, [plan.event]), ...derivedStatements(db, [plan], now), recordOp(db, clientId, caller, op, applied, now)]);
    // A finding op's first statement writes the finding and returns its new seq.
    const seq = op.kind === 'evidence.create' ? undefined : (results[0]?.results[0] as { seq: number } | undefined)?.seq;
    return { op_id: op.op_id, ...applied, ...(seq === undefined ? {} : { seq }) } as SyncOpResult;
  } catch (err) {
    if (isGuardFailure(err)) {
      // Someone wrote the finding between the check and the write: the op meets what is there now, as if it had
      // come after (an edit of a finding deleted meanwhile is refused like any edit of a deleted finding).
      const server = await getFindingRowUnscoped(db, op.entity_id);
      if (server) {
        const outcome: SyncOutcome =
          op.kind === 'finding.upsert' && server.deleted_at
            ? rejected(findingDeleted(server.deleted_at))
            : { status: 'conflict', server: toFinding(server) };
        await recordOp(db, clientId, caller, op, outcome, now).run().catch(() => undefined);
        return { op_id: op.op_id, ...outcome } as SyncOpResult;
      }
    }
    // A concurrent request applied this very op first: answer with what it stored.
    if (isUniqueViolation(err)) {
      const stored = await liveState(db, caller).storedOutcome(op.op_id);
      if (stored) return answerStored(op, caller, stored);
      // Another request created a record with this id meanwhile: checked again, the op meets it (id_taken,
      // a conflict or a refusal), as if it had come after.
      if (!retried) return applyOp(db, caller, clientId, op, now, position, true);
    }
    throw err;
  }
}

/** The entity an op writes, and the ones it reads (evidence reads its finding). */
const writtenBy = (op: SyncOp): string => op.entity_id;
const readBy = (op: SyncOp): string[] => (op.kind === 'evidence.create' ? [op.entity_id, op.data.finding_id] : [op.entity_id]);

/**
 * Applies a request's ops in order and answers each, with the same answers as applying them one by one. The state
 * the checks need is read for all ops in one batch; up to OPS_PER_BATCH ops are written per D1 batch. An op that reads
 * an entity written by the pending batch flushes it first, and reads the entity again. A batch that fails (a version
 * guard or a unique key lost a race with another writer) rolled back as a whole, so its ops are retried one by one.
 */
export async function applyOps(db: D1Database, caller: Caller, clientId: string, ops: readonly SyncOp[], clock: () => string, positions?: readonly number[]): Promise<SyncOpResult[]> {
  const results: SyncOpResult[] = new Array<SyncOpResult>(ops.length);
  let state = await loadedState(db, caller, ops);
  let pending: { index: number; op: SyncOp; plan: Plan; now: string }[] = [];
  const pendingWrites = new Set<string>();
  const stale = new Set<string>();

  const flush = async (): Promise<void> => {
    const group = pending;
    pending = [];
    for (const id of pendingWrites) stale.add(id);
    pendingWrites.clear();
    if (group.length === 0) return;
    const statements: D1PreparedStatement[] = [];
    const seqAt = new Map<number, number>();
    const events: EventInput[] = [];
    const records: { op: SyncOp; outcome: SyncOutcome; now: string }[] = [];
    for (const { index, op, plan, now } of group) {
      if (plan.kind === 'answer') {
        records.push({ op, outcome: plan.outcome, now });
        continue;
      }
      // A finding op's first statement writes the finding and returns its new seq.
      if (op.kind !== 'evidence.create') seqAt.set(index, statements.length);
      statements.push(...plan.statements);
      events.push(plan.event);
      records.push({ op, outcome: { status: 'applied', version: plan.version }, now });
    }
    statements.push(...insertEvents(db, events), ...recordOps(db, clientId, caller, records), ...derivedStatements(db, group.map((g) => g.plan), clock()));
    let out: D1Result[];
    try {
      out = await db.batch(statements);
    } catch {
      // Someone else wrote meanwhile and the whole batch rolled back: each op is applied alone against live state.
      for (const { index, op } of group) {
        results[index] = await applyOp(db, caller, clientId, op, clock(), positions?.[index]);
        stale.add(writtenBy(op));
      }
      return;
    }
    for (const { index, op, plan } of group) {
      if (plan.kind === 'answer') {
        results[index] = { op_id: op.op_id, ...plan.outcome } as SyncOpResult;
        continue;
      }
      const at = seqAt.get(index);
      const seq = at === undefined ? undefined : (out[at]?.results[0] as { seq: number } | undefined)?.seq;
      results[index] = { op_id: op.op_id, status: 'applied', version: plan.version, ...(seq === undefined ? {} : { seq }) } as SyncOpResult;
    }
  };

  for (const [index, op] of ops.entries()) {
    const reads = readBy(op);
    if (pending.length >= OPS_PER_BATCH || reads.some((id) => pendingWrites.has(id))) await flush();
    if (reads.some((id) => stale.has(id))) {
      state = await loadedState(db, caller, ops.slice(index));
      stale.clear();
    }
    const now = clock();
    const checked = await planOp(db, state, caller, clientId, op, now, positions?.[index]);
    if ('stored' in checked) {
      results[index] = checked.stored;
      continue;
    }
    pending.push({ index, op, plan: checked.plan, now });
    if (checked.plan.kind === 'write') pendingWrites.add(writtenBy(op));
  }
  await flush();
  return results;
}

/**
 * Answers a request's ops as they came (any JSON values): each is parsed on its own with the op schema; one that fails
 * it, or repeats an op_id of the batch, is answered `rejected` with an `invalid_op` problem (op_id null when it has no
 * readable one) and is not stored, while the others are applied by `applyOps`. One result per op, in request order.
 */
export async function applyRequestOps(db: D1Database, caller: Caller, clientId: string, rawOps: readonly unknown[], clock: () => string): Promise<SyncOpResult[]> {
  const checks = checkSyncOps(rawOps);
  const valid = checks.flatMap((c) => (c.ok ? [c.op] : []));
  const positions = checks.flatMap((c, i) => (c.ok ? [i] : []));
  const applied = valid.length > 0 ? await applyOps(db, caller, clientId, valid, clock, positions) : [];
  let next = 0;
  return checks.map((check): SyncOpResult => {
    if (check.ok) {
      const result = applied[next++];
      if (!result) throw new Error('applyOps answered fewer ops than it was given');
      return result;
    }
    return { op_id: check.op_id, status: 'rejected', problem: problemBody(422, INVALID_OP_CODE, check.detail, { errors: check.errors }) };
  });
}
