// The outbox and sync engine through the background service, with WXT's fakeBrowser (storage, alarms), an
// in-memory IndexedDB and a fake API: acknowledgement after storing, offline work sent exactly once, merged edits,
// conflicts (keep mine / take theirs), teammates' pulls, blobs after their op, survival across restarts, and rejected
// ops (malformed, or refused by the server) set aside with their reason without ever stopping the queue.
import { uuidv7 } from '@onestop/shared';
import type { Browser } from 'wxt/browser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { LocalFinding } from '../model.ts';
import { legacyApiBaseItem as apiBaseItem, clientIdItem, legacySessionItem as sessionItem, syncStatusItem } from '../storage.ts';
import { FakeApi } from '../testing/fake-api.ts';
import { processCapture } from './capture.ts';
import { createBackground, SYNC_ALARM } from './service.ts';
import type { OutboxOp } from './db.ts';
import { backoffDelay, BACKOFF_BASE_MS, BACKOFF_CAP_MS, matchResults } from './sync.ts';

const AUDIT = '01890000-0000-7000-8000-0000000000a1';
const UNIT = '01890000-0000-7000-8000-0000000000b1';
const ITEMS = ['01890000-0000-7000-8000-0000000000c1', '01890000-0000-7000-8000-0000000000c2', '01890000-0000-7000-8000-0000000000c3'] as const;
const sender = {} as Browser.runtime.MessageSender;
let dbCounter = 0;

async function setup(api = new FakeApi(), dbName = `test-${++dbCounter}`) {
  await apiBaseItem.setValue('https://api.test');
  await sessionItem.setValue({ token: 'token-token-token-token', user: { id: api.userId, email: 'kiemtra@demo.onestop.vn', display_name: 'Kiểm Tra', role: 'inspector', unit_name: null }, expires_at: '2099-01-01T00:00:00Z', api_base: 'https://api.test' });
  await fakeBrowser.storage.local.set({ scope: { auditId: AUDIT, unitId: UNIT } });
  const bg = createBackground({ dbName, fetch: api.fetch });
  return { api, bg, dbName };
}

type Bg = Awaited<ReturnType<typeof setup>>['bg'];

async function record(bg: Bg, item: string, result: LocalFinding['result'], extra: { findingId?: string; note?: string } = {}) {
  const res = await bg.handlers.recordFinding({ auditId: AUDIT, unitId: UNIT, itemId: item, result, note: extra.note ?? 'Ghi chú kiểm tra', dossierCode: '000.00.62.H49-251103-0001', pageUrl: 'http://127.0.0.1:8788/ho-so', ...(extra.findingId ? { findingId: extra.findingId } : {}) }, sender);
  return res.finding;
}

const localCopy = async (bg: Bg, id: string) => (await bg.db).get('findings', id);
const outboxSize = async (bg: Bg) => (await (await bg.db).getAll('ops')).length;

describe('outbox and sync', () => {
  it('acknowledges a finding once stored, then sends it', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'nc_minor', { note: 'Gọi 0912 345 678 để xác minh' });
    expect(f.pending).toBe(true);
    // The note is redacted before it is stored or queued.
    expect(f.note).toBe('Gọi 0912•••678 để xác minh');
    await bg.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_minor', version: 1, note: 'Gọi 0912•••678 để xác minh' });
    expect(await localCopy(bg, f.id)).toMatchObject({ version: 1, pending: false, status: 'open' });
    expect(await outboxSize(bg)).toBe(0);
  });

  it('keeps working offline, backs off with an alarm, and sends each finding exactly once when back', async () => {
    const { api, bg } = await setup();
    api.offline = true;
    const ids = [];
    for (const [i, item] of ITEMS.entries()) ids.push((await record(bg, item, (['conform', 'nc_minor', 'ofi'] as const)[i] ?? 'conform')).id);
    await bg.sync();
    const status = await syncStatusItem.getValue();
    expect(status.online).toBe(false);
    expect(status.failures).toBeGreaterThan(0);
    expect(status.nextAttemptAt).not.toBeNull();
    expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeDefined();
    expect((await bg.handlers.getSyncState({}, sender)).pending).toBe(3);

    api.offline = false;
    await bg.sync();
    expect([...api.findings.keys()].sort()).toEqual([...ids].sort());
    expect(api.requests.filter((r) => r.path.endsWith('/sync')).length).toBeGreaterThan(0);
    const state = await bg.handlers.getSyncState({}, sender);
    expect(state).toMatchObject({ pending: 0, online: true, conflicts: [], rejected: [] });
    expect((await syncStatusItem.getValue()).failures).toBe(0);
  });

  it('resends an op whose answer was lost and the server counts it once', async () => {
    const { api, bg } = await setup();
    api.loseNextAnswer = true;
    const f = await record(bg, ITEMS[0], 'conform');
    // The write's own sync loses the answer; the next pass resends the op and hears `duplicate`.
    await bg.sync();
    await bg.sync();
    expect(api.findings.get(f.id)?.version).toBe(1);
    expect(api.findings.size).toBe(1);
    expect(await localCopy(bg, f.id)).toMatchObject({ version: 1, pending: false });
  });

  it('merges an edit into the op not yet sent', async () => {
    const { api, bg } = await setup();
    api.offline = true;
    const f = await record(bg, ITEMS[0], 'conform', { note: 'first' });
    await record(bg, ITEMS[0], 'nc_major', { findingId: f.id, note: 'second' });
    expect(await outboxSize(bg)).toBe(1);
    api.offline = false;
    await bg.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_major', note: 'second', version: 1 });
  });

  it('never loses an edit made between reading the queue and marking its ops sent', async () => {
    const { api, bg } = await setup();
    api.offline = true;
    const f = await record(bg, ITEMS[0], 'conform', { note: 'first' });
    api.offline = false;
    // The engine asks for the client id after reading the batch and before marking it sent: the edit lands there.
    const getValue = clientIdItem.getValue.bind(clientIdItem);
    let edited = false;
    clientIdItem.getValue = async () => {
      if (!edited) {
        edited = true;
        await record(bg, ITEMS[0], 'nc_major', { findingId: f.id, note: 'second' });
      }
      return getValue();
    };
    try {
      await bg.sync();
      await bg.sync();
    } finally {
      clientIdItem.getValue = getValue;
    }
    expect(edited).toBe(true);
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_major', note: 'second' });
    expect(await outboxSize(bg)).toBe(0);
  });

  it('sends an edit made after the create was sent on top of the version it created', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'conform');
    await bg.sync();
    await record(bg, ITEMS[0], 'observation', { findingId: f.id, note: 'sửa' });
    await bg.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'observation', version: 2 });
  });

  it('shows a conflict and keeps mine on request', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'conform');
    await bg.sync();
    api.edit(f.id, { result: 'nc_major', note: 'trưởng đoàn sửa' });
    await record(bg, ITEMS[0], 'nc_minor', { findingId: f.id, note: 'của tôi' });
    await bg.sync();
    const state = await bg.handlers.getSyncState({}, sender);
    expect(state.conflicts).toHaveLength(1);
    expect(state.conflicts[0]).toMatchObject({ findingId: f.id, mine: { result: 'nc_minor' }, theirs: { result: 'nc_major', version: 2 } });
    expect((await localCopy(bg, f.id))?.conflict).toBe(true);
    await bg.handlers.resolveConflict({ opId: state.conflicts[0]?.opId ?? '', choice: 'mine' }, sender);
    await bg.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_minor', note: 'của tôi', version: 3 });
    expect(await localCopy(bg, f.id)).toMatchObject({ version: 3, conflict: false, pending: false });
  });

  it('takes theirs on request', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'conform');
    await bg.sync();
    api.edit(f.id, { result: 'nc_major', note: 'trưởng đoàn sửa' });
    await record(bg, ITEMS[0], 'nc_minor', { findingId: f.id });
    await bg.sync();
    const [conflict] = (await bg.handlers.getSyncState({}, sender)).conflicts;
    await bg.handlers.resolveConflict({ opId: conflict?.opId ?? '', choice: 'theirs' }, sender);
    expect(await localCopy(bg, f.id)).toMatchObject({ result: 'nc_major', version: 2, conflict: false, pending: false });
    expect(await outboxSize(bg)).toBe(0);
  });

  it("pulls teammates' findings", async () => {
    const { api, bg } = await setup();
    const now = new Date().toISOString();
    const teammate = '01890000-0000-7000-8000-000000000002';
    const id = '01890000-0000-7000-8000-0000000000d1';
    api.findings.set(id, {
      id, audit_id: AUDIT, unit_id: UNIT, item_id: ITEMS[1], result: 'ofi', note: 'Đồng đội ghi', dossier_code: null, page_url: null, status: 'recorded',
      dispute_reason: null, review_comment: null, recorded_by: teammate, recorded_at: now, closed_at: null, deleted_at: null, version: 1, seq: (api.seq = 10_000), created_at: now, updated_at: now,
    });
    await bg.sync();
    expect(await localCopy(bg, id)).toMatchObject({ result: 'ofi', recorded_by: teammate, pending: false, version: 1 });
    const { findings } = await bg.handlers.getFindings({ auditId: AUDIT, unitId: UNIT }, sender);
    expect(findings.map((f) => f.id)).toContain(id);
  });

  it('survives a restart of the service worker: queued ops are sent by the next instance', async () => {
    const api = new FakeApi();
    const first = await setup(api, 'restart-db');
    api.offline = true;
    const f = await record(first.bg, ITEMS[2], 'nc_minor');
    await first.bg.sync();
    (await first.bg.db).close();
    api.offline = false;
    const second = createBackground({ dbName: 'restart-db', fetch: api.fetch });
    await second.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_minor', version: 1 });
  });

  it('uploads a screenshot blob after its evidence op applied, with its SHA-256', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'nc_minor');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const res = await processCapture(
      { db: await bg.db, now: () => new Date(), screenshot: async () => png },
      f.id,
      { page_url: 'http://127.0.0.1:8788/ho-so/x', page_title: 'Chi tiết hồ sơ', selectors: [{ type: 'TextQuoteSelector', exact: 'CCCD 001203004567', prefix: '', suffix: '' }], quote: 'CCCD 001203004567', fields: { phone: '0912345678' }, dossier_code: null },
      true,
      1,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    // Redacted again in the background, whatever the page sent.
    const op = (await (await bg.db).getAll('ops')).find((o) => o.kind === 'evidence.create');
    // (Only what came from the page: the ids and the hash are random hex that may hold a run of digits.)
    const data = op?.data as { selectors?: unknown; quote?: unknown; fields?: unknown } | undefined;
    expect(JSON.stringify([data?.selectors, data?.quote, data?.fields])).not.toMatch(/\d{9,}/);
    expect(data?.quote).toBe('CCCD 0012•••••567');
    await bg.sync();
    const uploaded = api.evidence.get(res.evidence.id);
    expect(uploaded?.uploaded).toEqual(png);
    expect((await (await bg.db).get('evidence', res.evidence.id))?.state).toBe('uploaded');
    expect(await (await bg.db).get('blobs', res.evidence.id)).toBeUndefined();
  });
});

describe('a session the server ends', () => {
  it('signs out on 403 password_change_required, keeping every op and blob for the next sign-in', async () => {
    // After the first sync an administrator resets the password: every call of this session then answers 403
    // password_change_required (signing out still reaches the server).
    const api = new FakeApi();
    const ok = api.fetch;
    let reset = false;
    let calls = 0;
    api.fetch = async (input, init) => {
      if (!reset || new URL(String(input)).pathname.endsWith('/auth/logout')) return ok(input, init);
      calls++;
      return Response.json({ type: 'urn:onestop:problem:password-change-required', title: 'Forbidden', status: 403, code: 'password_change_required', detail: 'Change the password' }, { status: 403 });
    };
    const { bg } = await setup(api);
    const f = await record(bg, ITEMS[0], 'nc_minor');
    await bg.sync();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9, 9, 9]);
    const res = await processCapture({ db: await bg.db, now: () => new Date(), screenshot: async () => png }, f.id, { page_url: 'http://127.0.0.1:8788/ho-so/x', page_title: 'Chi tiết', selectors: [], quote: 'Trích', fields: {}, dossier_code: null }, true, 1);
    expect(res.ok).toBe(true);
    reset = true;
    await bg.sync();
    expect(calls).toBeGreaterThan(0);
    expect(await bg.getSession()).toBeNull();
    expect((await syncStatusItem.getValue()).lastError).toBe('password_change_required');
    expect((await syncStatusItem.getValue()).nextAttemptAt).toBeNull();
    // Nothing set aside or failed: the evidence op and its blob wait.
    const ops = await (await bg.db).getAll('ops');
    expect(ops.filter((o) => o.state === 'rejected')).toEqual([]);
    expect(ops.some((o) => o.kind === 'evidence.create')).toBe(true);
    if (res.ok) expect((await (await bg.db).get('evidence', res.evidence.id))?.state).not.toBe('failed');
    // No retry loop: a second run without a session sends nothing.
    const before = calls;
    await bg.sync();
    expect(calls).toBe(before);
  });
});

/** Puts an op straight into the outbox, as an older client or a damaged entry would have left it. */
async function injectOp(bg: Bg, op: Partial<OutboxOp> & Record<string, unknown>) {
  const full = { kind: 'finding.upsert', entity_id: crypto.randomUUID(), create: true, data: {}, depends_on: null, state: 'pending', attempts: 0, queued_at: new Date().toISOString(), ...op } as OutboxOp;
  await (await bg.db).put('ops', full);
  return full;
}

const upsertData = (item: string, result: string) => ({ audit_id: AUDIT, unit_id: UNIT, item_id: item, result, note: 'Ghi chú 0912•••678', dossier_code: null, page_url: null, recorded_at: new Date().toISOString() });

describe('rejected ops', () => {
  it('sets a malformed op aside with its reason and path, and sends the ops around it', async () => {
    const { api, bg } = await setup();
    api.offline = true;
    const first = await record(bg, ITEMS[0], 'conform');
    // Between two good ops (op ids are time-ordered): an op from another client version, with an unknown result.
    await new Promise((r) => setTimeout(r, 2));
    const bad = await injectOp(bg, { op_id: uuidv7(), data: upsertData(ITEMS[1], 'excellent') as never });
    await new Promise((r) => setTimeout(r, 2));
    const second = await record(bg, ITEMS[2], 'nc_minor');
    api.offline = false;
    await bg.sync();
    expect(api.findings.get(first.id)).toMatchObject({ result: 'conform', version: 1 });
    expect(api.findings.get(second.id)).toMatchObject({ result: 'nc_minor', version: 1 });
    // Checked before sending, with the server's own per-op check: it never left the device.
    expect(api.received.some((op) => (op as { op_id?: string }).op_id === bad.op_id)).toBe(false);
    const state = await bg.handlers.getSyncState({}, sender);
    expect(state.pending).toBe(0);
    expect(state.rejected).toHaveLength(1);
    expect(state.rejected[0]).toMatchObject({ opId: bad.op_id, kind: 'finding.upsert', code: 'invalid_op', status: 422, errors: [{ path: '$.ops[1].data.result' }] });
    expect(state.rejected[0]?.detail).toContain('data.result');
    // The export carries the op's data as stored (masked) with its problem.
    expect(state.rejected[0]?.data).toMatchObject({ result: 'excellent', note: 'Ghi chú 0912•••678' });
    // Later syncs neither resend it nor stop at it.
    const third = await record(bg, ITEMS[1], 'ofi');
    await bg.sync();
    expect(api.findings.get(third.id)?.result).toBe('ofi');
    expect((await bg.handlers.getSyncState({}, sender)).rejected).toHaveLength(1);
    await bg.handlers.dismissRejected({ opId: bad.op_id }, sender);
    expect((await bg.handlers.getSyncState({}, sender)).rejected).toEqual([]);
    expect(await outboxSize(bg)).toBe(0);
  });

  it('sets aside entries that are not even ops (unknown kind, no data, a key that is not a UUID)', async () => {
    const { api, bg } = await setup();
    const good = await record(bg, ITEMS[0], 'conform');
    await injectOp(bg, { op_id: '01890000-0000-7000-8000-00000000ee02', kind: 'finding.archive' as never, data: upsertData(ITEMS[1], 'conform') as never });
    await injectOp(bg, { op_id: 'hỏng-1', entity_id: undefined as never, data: undefined as never });
    await bg.sync();
    expect(api.findings.get(good.id)?.version).toBe(1);
    const state = await bg.handlers.getSyncState({}, sender);
    expect(state.pending).toBe(0);
    const byId = new Map(state.rejected.map((r) => [r.opId, r]));
    expect(byId.get('01890000-0000-7000-8000-00000000ee02')?.errors.map((e) => e.path)).toEqual([expect.stringMatching(/^\$\.ops\[\d+\]\.kind$/)]);
    expect(byId.get('hỏng-1')?.code).toBe('invalid_op');
    expect(byId.get('hỏng-1')?.errors.map((e) => e.path.replace(/\[\d+\]/, '[i]')).sort()).toEqual(['$.ops[i].data', '$.ops[i].entity_id', '$.ops[i].op_id']);
    for (const r of state.rejected) await bg.handlers.dismissRejected({ opId: r.opId }, sender);
    expect(await outboxSize(bg)).toBe(0);
  });

  it('a later edit of a finding whose create was set aside creates it', async () => {
    const { api, bg } = await setup();
    const id = '01890000-0000-7000-8000-0000000000f1';
    // The local copy of a finding whose create op is damaged (an unknown result).
    const f = await record(bg, ITEMS[0], 'conform');
    const db = await bg.db;
    await db.delete('findings', f.id);
    for (const op of await db.getAll('ops')) await db.delete('ops', op.op_id);
    await db.put('findings', { ...f, id });
    await injectOp(bg, { op_id: '01890000-0000-7000-8000-00000000ee03', entity_id: id, data: upsertData(ITEMS[0], 'excellent') as never, attempts: 1 });
    await bg.sync();
    expect((await bg.handlers.getSyncState({}, sender)).rejected).toHaveLength(1);
    // The inspector changes the result: a new op (the refused one takes no merge), sent as the create.
    await record(bg, ITEMS[0], 'nc_major', { findingId: id, note: 'sửa lại' });
    await bg.sync();
    expect(api.findings.get(id)).toMatchObject({ result: 'nc_major', version: 1 });
    expect(await localCopy(bg, id)).toMatchObject({ version: 1, pending: false });
  });

  it('shows an edit of a finding deleted on the server as refused, never revives it, and keeps the queue going', async () => {
    const { api, bg } = await setup();
    const f = await record(bg, ITEMS[0], 'nc_minor');
    await bg.sync();
    // Deleted from another device.
    api.edit(f.id, { deleted_at: new Date().toISOString() });
    api.offline = true;
    await record(bg, ITEMS[0], 'nc_major', { findingId: f.id, note: 'sửa khi ngoại tuyến' });
    const other = await record(bg, ITEMS[1], 'conform');
    api.offline = false;
    await bg.sync();
    expect(api.findings.get(f.id)).toMatchObject({ result: 'nc_minor', version: 2 });
    expect(api.findings.get(f.id)?.deleted_at).not.toBeNull();
    expect(api.findings.get(other.id)?.version).toBe(1);
    const state = await bg.handlers.getSyncState({}, sender);
    expect(state.pending).toBe(0);
    expect(state.conflicts).toEqual([]);
    expect(state.rejected).toEqual([expect.objectContaining({ entityId: f.id, code: 'finding_deleted', status: 409 })]);
    // The local copy follows the server: deleted, nothing pending.
    expect(await localCopy(bg, f.id)).toMatchObject({ deleted: true, pending: false });
    await bg.handlers.dismissRejected({ opId: state.rejected[0]?.opId ?? '' }, sender);
    expect(await localCopy(bg, f.id)).toMatchObject({ deleted: true });
    expect(await outboxSize(bg)).toBe(0);
  });

  it('the fake API checks each op on its own like the Worker', async () => {
    const api = new FakeApi();
    const good = { op_id: '01890000-0000-7000-8000-00000000aa01', kind: 'finding.upsert', entity_id: '01890000-0000-7000-8000-00000000ab01', base_version: null, data: upsertData(ITEMS[0], 'conform') };
    const res = await api.fetch('https://api.test/api/v1/sync', {
      method: 'POST',
      body: JSON.stringify({ client_id: 'c', ops: [good, { ...good, op_id: '01890000-0000-7000-8000-00000000aa02', data: upsertData(ITEMS[1], 'excellent') }, 7, good] }),
    });
    const body = (await res.json()) as { results: { op_id: string | null; status: string; problem?: { code: string; errors?: { path: string }[] } }[] };
    expect(body.results.map((r) => [r.op_id, r.status, r.problem?.errors?.[0]?.path])).toEqual([
      [good.op_id, 'applied', undefined],
      ['01890000-0000-7000-8000-00000000aa02', 'rejected', '$.ops[1].data.result'],
      [null, 'rejected', '$.ops[2]'],
      [good.op_id, 'rejected', '$.ops[3].op_id'],
    ]);
  });

  it('matches results to ops by position, a rejected one without an op_id included', () => {
    const sent = [{ op_id: 'a' }, { op_id: 'b' }, { op_id: 'c' }];
    const problem = { type: 'urn:onestop:problem:invalid-op', title: 'Unprocessable Content', status: 422, code: 'invalid_op' };
    const matched = matchResults(sent, [
      { op_id: 'a', status: 'applied', version: 1 },
      { op_id: null, status: 'rejected', problem },
      { op_id: 'c', status: 'applied', version: 2 },
    ]);
    expect(matched.map((r) => r?.status)).toEqual(['applied', 'rejected', 'applied']);
    // Out of order answers still find their op by id; a missing one stays unanswered.
    expect(matchResults(sent, [{ op_id: 'c', status: 'applied', version: 2 }, { op_id: 'a', status: 'applied', version: 1 }]).map((r) => r?.op_id)).toEqual(['a', undefined, 'c']);
  });
});

describe('backoff', () => {
  it('grows exponentially to a cap, with jitter between half and all of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, r) => {
        const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
        const d = backoffDelay(failures, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(full / 2));
        expect(d).toBeLessThanOrEqual(full);
      }),
    );
  });
});
