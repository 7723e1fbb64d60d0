// The outbox (DESIGN section 7): a user action is acknowledged only after its op and the local copy are stored in
// one IndexedDB transaction. Ops wait in op-id (UUIDv7, time) order; an op not yet sent is merged with a newer
// change to the same finding, so offline edits cost one op, not one per keystroke. A rejected op stays in the store,
// set aside (state `rejected`, with its problem) until the inspector dismisses it; it is no longer part of the queue.
import { redactText, uuidv7, type EvidenceCreateData, type FindingUpsertData, type Result } from '@onestop/shared';
import type { LocalFinding } from '../model.ts';
import type { Db, LocalEvidence, OutboxOp } from './db.ts';

export interface FindingDraft {
  findingId?: string;
  auditId: string;
  unitId: string;
  itemId: string;
  result: Result;
  note: string;
  dossierCode: string | null;
  pageUrl: string | null;
}

export interface Author {
  id: string;
  name: string;
}

const sortOps = (ops: OutboxOp[]) => ops.sort((a, b) => (a.op_id < b.op_id ? -1 : a.op_id > b.op_id ? 1 : 0));

export async function listOps(db: Db): Promise<OutboxOp[]> {
  return sortOps(await db.getAll('ops'));
}

/** Ops still to be sent or resolved for one entity, oldest first. */
export async function opsFor(db: Db, entityId: string): Promise<OutboxOp[]> {
  return sortOps(await db.getAllFromIndex('ops', 'entity', entityId));
}

const cleanUrl = (url: string | null) => {
  if (url === null) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href.slice(0, 2048) : null;
  } catch {
    return null;
  }
};

/** Records a new finding or a change to one: stores the local copy and queues `finding.upsert`. */
export async function recordFinding(db: Db, draft: FindingDraft, author: Author, now: Date): Promise<LocalFinding> {
  const tx = db.transaction(['findings', 'ops'], 'readwrite');
  const findings = tx.objectStore('findings');
  const ops = tx.objectStore('ops');
  const id = draft.findingId ?? uuidv7();
  const existing = draft.findingId ? await findings.get(id) : undefined;
  if (draft.findingId && !existing) throw new Error('finding not found');
  const note = redactText(draft.note.trim());
  const data: FindingUpsertData = {
    audit_id: draft.auditId,
    unit_id: draft.unitId,
    item_id: draft.itemId,
    result: draft.result,
    note,
    dossier_code: draft.dossierCode?.trim() || null,
    page_url: cleanUrl(draft.pageUrl),
    recorded_at: existing?.recorded_at ?? now.toISOString(),
  };
  const finding: LocalFinding = {
    id,
    audit_id: data.audit_id,
    unit_id: data.unit_id,
    item_id: data.item_id,
    result: data.result,
    note,
    dossier_code: data.dossier_code ?? null,
    page_url: data.page_url ?? null,
    status: existing?.status ?? null,
    recorded_by: existing?.recorded_by ?? author.id,
    recorded_by_name: existing?.recorded_by_name ?? author.name,
    recorded_at: data.recorded_at,
    version: existing?.version ?? null,
    seq: existing?.seq ?? null,
    deleted: false,
    pending: true,
    conflict: existing?.conflict ?? false,
    evidence_count: existing?.evidence_count ?? 0,
  };
  // Rejected ops are set aside: they neither take a change nor make the entity exist on the server.
  const queued = sortOps(await ops.index('entity').getAll(id)).filter((op) => op.state !== 'rejected');
  const last = queued.at(-1);
  if (last && last.kind === 'finding.upsert' && last.state === 'pending' && last.attempts === 0) {
    // Not sent yet: the newer change replaces it.
    await ops.put({ ...last, data });
  } else {
    await ops.put({
      op_id: uuidv7(),
      kind: 'finding.upsert',
      entity_id: id,
      create: queued.length === 0 && finding.version === null,
      data,
      depends_on: null,
      state: 'pending',
      attempts: 0,
      queued_at: now.toISOString(),
    });
  }
  await findings.put(finding);
  await tx.done;
  return finding;
}

/** Deletes a finding: a never-sent one simply disappears; otherwise `finding.delete` is queued. */
export async function deleteFinding(db: Db, findingId: string, now: Date): Promise<void> {
  const tx = db.transaction(['findings', 'ops', 'evidence', 'blobs'], 'readwrite');
  const finding = await tx.objectStore('findings').get(findingId);
  if (!finding) throw new Error('finding not found');
  // Rejected ops stay for the inspector to read, export and dismiss; they never reached the server either.
  const queued = sortOps(await tx.objectStore('ops').index('entity').getAll(findingId)).filter((op) => op.state !== 'rejected');
  const neverSent = finding.version === null && queued.every((op) => op.attempts === 0);
  if (neverSent) {
    for (const op of queued) await tx.objectStore('ops').delete(op.op_id);
    // Its evidence was never sent either.
    for (const ev of await tx.objectStore('evidence').index('finding').getAll(findingId)) {
      const evOps = await tx.objectStore('ops').index('entity').getAll(ev.id);
      for (const op of evOps) if (op.state !== 'rejected') await tx.objectStore('ops').delete(op.op_id);
      await tx.objectStore('evidence').delete(ev.id);
      await tx.objectStore('blobs').delete(ev.id);
    }
    await tx.objectStore('findings').delete(findingId);
  } else {
    await tx.objectStore('ops').put({
      op_id: uuidv7(),
      kind: 'finding.delete',
      entity_id: findingId,
      create: false,
      data: {},
      depends_on: null,
      state: 'pending',
      attempts: 0,
      queued_at: now.toISOString(),
    });
    await tx.objectStore('findings').put({ ...finding, deleted: true, pending: true });
  }
  await tx.done;
}

/** Queues `evidence.create` with its local record and, for a screenshot, the blob to upload once the op applies. */
export async function queueEvidence(
  db: Db,
  evidenceId: string,
  data: EvidenceCreateData,
  auditId: string,
  blob: Uint8Array | null,
  now: Date,
  record: string | null = null,
): Promise<LocalEvidence> {
  const tx = db.transaction(['findings', 'ops', 'evidence', 'blobs'], 'readwrite');
  const finding = await tx.objectStore('findings').get(data.finding_id);
  if (!finding) throw new Error('finding not found');
  const evidence: LocalEvidence = {
    id: evidenceId,
    finding_id: data.finding_id,
    audit_id: auditId,
    page_url: data.page_url ?? null,
    page_title: data.page_title ?? null,
    selectors: data.selectors,
    quote: data.quote ?? null,
    sha256: data.sha256 ?? null,
    mime: data.mime ?? null,
    bytes: data.bytes ?? null,
    captured_at: data.captured_at,
    state: 'queued',
    error: null,
    record,
  };
  await tx.objectStore('evidence').put(evidence);
  if (blob) await tx.objectStore('blobs').put({ id: evidenceId, bytes: blob });
  await tx.objectStore('ops').put({
    op_id: uuidv7(),
    kind: 'evidence.create',
    entity_id: evidenceId,
    create: true,
    data,
    depends_on: data.finding_id,
    state: 'pending',
    attempts: 0,
    queued_at: now.toISOString(),
  });
  await tx.objectStore('findings').put({ ...finding, evidence_count: finding.evidence_count + 1 });
  await tx.done;
  return evidence;
}
