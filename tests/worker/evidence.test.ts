// Evidence blobs: size, type and SHA-256 checked before anything reaches R2; downloads authorized and attachment-only.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeEvidence, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

let w: { auditId: string; findingId: string; inspector: { id: string; token: string }; head: { token: string }; outsider: { token: string } };

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist();
  const inspector = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: inspector.id, status: 'reporting' });
  const finding = await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', recordedBy: inspector.id });
  w = { auditId: audit.id, findingId: finding.id, inspector, head: await signedIn('unit_head', tree.communeA), outsider: await signedIn('unit_head', tree.communeB) };
});

const put = (id: string, bytes: Uint8Array, sha: string, type = 'image/png', token = w.inspector.token) =>
  api(`/evidence/${id}/blob`, { method: 'PUT', token, body: bytes, headers: { 'content-type': type, 'x-content-sha256': sha } });

const r2Keys = async () => (await env.EVIDENCE.list({ prefix: `evidence/${w.auditId}/` })).objects.map((o) => o.key);

describe('evidence blobs', () => {
  it('refuses a wrong hash, a wrong type and a wrong size, storing nothing', async () => {
    const e = await makeEvidence({ findingId: w.findingId, auditId: w.auditId, capturedBy: w.inspector.id });
    const before = await r2Keys();
    const tampered = new Uint8Array(e.bytes);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const wrongHash = await put(e.id, tampered, e.sha256);
    expect(wrongHash.status).toBe(422);
    expect((await json(wrongHash)).code).toBe('hash_mismatch');
    expect((await put(e.id, e.bytes, e.sha256, 'text/html')).status).toBe(415);
    expect((await put(e.id, e.bytes.slice(1), e.sha256)).status).toBe(422);
    expect((await put(e.id, e.bytes, 'f'.repeat(64))).status).toBe(422);
    expect(await r2Keys()).toEqual(before);
    const row = await env.DB.prepare('SELECT blob_key, uploaded_at FROM evidence WHERE id = ?').bind(e.id).first();
    expect(row).toEqual({ blob_key: null, uploaded_at: null });
  });

  it('stores verified bytes once and serves them only as an attachment to those who may see the finding', async () => {
    const e = await makeEvidence({ findingId: w.findingId, auditId: w.auditId, capturedBy: w.inspector.id });
    const ok = await put(e.id, e.bytes, e.sha256);
    expect(ok.status).toBe(200);
    expect((await json<{ blob_key: string }>(ok)).blob_key).toBe(`evidence/${w.auditId}/${w.findingId}/${e.id}`);
    expect((await put(e.id, e.bytes, e.sha256)).status).toBe(200);
    const down = await api(`/evidence/${e.id}/blob`, { token: w.head.token });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(down.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(e.bytes);
    expect((await api(`/evidence/${e.id}/blob`, { token: w.outsider.token })).status).toBe(404);
  });

  it('only the captor uploads; a body over 10 MiB is refused before it is read', async () => {
    const e = await makeEvidence({ findingId: w.findingId, auditId: w.auditId, capturedBy: w.inspector.id });
    expect((await put(e.id, e.bytes, e.sha256, 'image/png', w.head.token)).status).toBe(403);
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    expect((await put(e.id, big, e.sha256)).status).toBe(413);
  });

  it('unit heads attach counter-evidence to a response, not to the finding itself', async () => {
    const body = { id: crypto.randomUUID(), kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: new Date().toISOString() };
    const asFinding = await api(`/findings/${w.findingId}/evidence`, { method: 'POST', token: w.head.token, body: { ...body, purpose: 'finding' } });
    expect(asFinding.status).toBe(422);
    const asResponse = await api(`/findings/${w.findingId}/evidence`, { method: 'POST', token: w.head.token, body: { ...body, purpose: 'response' } });
    expect(asResponse.status).toBe(201);
    const dispute = await api(`/findings/${w.findingId}/response`, { method: 'POST', token: w.head.token, body: { decision: 'dispute', reason: 'Xem bằng chứng', evidence_ids: [body.id] } });
    expect(dispute.status).toBe(200);
  });
});
