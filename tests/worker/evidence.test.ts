// Evidence blobs: size, declared type, magic number and SHA-256 checked before anything reaches R2; downloads
// authorized, attachment-only under their own name, sandboxed; client timestamps bounded; taken ids not telling whose.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeEvidence, makeFinding, TINY_PNG } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

let w: { auditId: string; findingId: string; inspector: { id: string; token: string }; head: { id: string; token: string }; outsider: { token: string } };

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

const SANDBOX = "default-src 'none'; sandbox";
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = new TextEncoder().encode('<!DOCTYPE html><html><body><script>fetch("/api/v1/auth/me")</script></body></html>');

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The unit head attaches a file to a response, as the dashboard does: metadata with the file name, then the blob. */
async function attachFile(name: string | undefined, mime: string, announced: Uint8Array, extra: Record<string, unknown> = {}) {
  const id = crypto.randomUUID();
  const res = await api(`/findings/${w.findingId}/evidence`, {
    method: 'POST',
    token: w.head.token,
    body: { id, purpose: 'response', kind: 'file', fields: name === undefined ? {} : { file_name: name }, sha256: await sha256(announced), mime, bytes: announced.byteLength, captured_at: new Date().toISOString(), ...extra },
  });
  return { id, res };
}

const evidenceRow = (id: string) => env.DB.prepare('SELECT blob_key, uploaded_at FROM evidence WHERE id = ?').bind(id).first();
const blobEvents = async (id: string) =>
  (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity_id = ? AND type = 'evidence.blob_uploaded'").bind(id).first<{ n: number }>())?.n;

describe('evidence downloads (issue 13)', () => {
  it('reach the browser with their own sandbox policy, nosniff and attachment; other API responses keep the app policy', async () => {
    const e = await makeEvidence({ findingId: w.findingId, auditId: w.auditId, capturedBy: w.inspector.id, upload: true });
    const down = await api(`/evidence/${e.id}/blob`, { token: w.inspector.token });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-security-policy')).toBe(SANDBOX);
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(down.headers.get('content-disposition')).toBe(`attachment; filename="evidence-${e.id}.png"`);
    // The rest of the secure headers are still added around it.
    expect(down.headers.get('referrer-policy')).toBe('no-referrer');
    await down.arrayBuffer();
    const other = await api('/audits', { token: w.inspector.token });
    expect(other.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
    const missing = await api(`/evidence/${crypto.randomUUID()}/blob`, { token: w.inspector.token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toMatch(/^default-src 'self'/);
  });

  it('keep the file name they were attached with, in UTF-8 for Vietnamese names (RFC 6266)', async () => {
    const plain = await attachFile('bienban.pdf', 'application/pdf', PDF);
    expect(plain.res.status).toBe(201);
    expect((await api(`/evidence/${plain.id}/blob`, { method: 'PUT', token: w.head.token, body: PDF, headers: { 'content-type': 'application/pdf', 'x-content-sha256': await sha256(PDF) } })).status).toBe(200);
    const down = await api(`/evidence/${plain.id}/blob`, { token: w.inspector.token });
    expect(down.headers.get('content-disposition')).toBe('attachment; filename="bienban.pdf"');
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-security-policy')).toBe(SANDBOX);
    expect(new Uint8Array(await down.arrayBuffer())).toEqual(PDF);

    const vietnamese = await attachFile('Biên bản làm việc.pdf', 'application/pdf', PDF);
    await api(`/evidence/${vietnamese.id}/blob`, { method: 'PUT', token: w.head.token, body: PDF, headers: { 'content-type': 'application/pdf', 'x-content-sha256': await sha256(PDF) } });
    const header = (await api(`/evidence/${vietnamese.id}/blob`, { token: w.head.token })).headers.get('content-disposition') ?? '';
    expect(header).toBe("attachment; filename=\"Bien ban lam viec.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20l%C3%A0m%20vi%E1%BB%87c.pdf");
  });
});

describe('evidence bytes must be what they claim (issue 13)', () => {
  it('refuses HTML announced and sent as image/png: 422, no R2 object, the evidence untouched, no event', async () => {
    const { id, res } = await attachFile('anh.png', 'image/png', HTML);
    expect(res.status).toBe(201);
    const before = await r2Keys();
    const put = await api(`/evidence/${id}/blob`, { method: 'PUT', token: w.head.token, body: HTML, headers: { 'content-type': 'image/png', 'x-content-sha256': await sha256(HTML) } });
    expect(put.status).toBe(422);
    expect(put.headers.get('content-type')).toMatch(/problem\+json/);
    const problem = await json<{ code: string; detail: string }>(put);
    expect(problem.code).toBe('blob_type_mismatch');
    expect(problem.detail).toMatch(/HTML/);
    expect(await r2Keys()).toEqual(before);
    expect(await env.EVIDENCE.head(`evidence/${w.auditId}/${w.findingId}/${id}`)).toBeNull();
    expect(await evidenceRow(id)).toEqual({ blob_key: null, uploaded_at: null });
    expect(await blobEvents(id)).toBe(0);
    expect((await api(`/evidence/${id}/blob`, { token: w.head.token })).status).toBe(404);
  });

  it('refuses a PDF sent as a PNG and a PNG sent as a PDF, storing nothing', async () => {
    const before = await r2Keys();
    for (const [mime, bytes] of [['image/png', PDF], ['application/pdf', TINY_PNG], ['image/webp', TINY_PNG], ['image/jpeg', PDF]] as const) {
      const { id } = await attachFile(undefined, mime, bytes);
      const put = await api(`/evidence/${id}/blob`, { method: 'PUT', token: w.head.token, body: bytes, headers: { 'content-type': mime, 'x-content-sha256': await sha256(bytes) } });
      expect(put.status, mime).toBe(422);
      expect((await json(put)).code).toBe('blob_type_mismatch');
      expect(await evidenceRow(id)).toEqual({ blob_key: null, uploaded_at: null });
    }
    expect(await r2Keys()).toEqual(before);
  });

  it('refuses an unknown type when the evidence is announced: 422, no row', async () => {
    for (const mime of ['text/html', 'image/svg+xml', 'application/octet-stream']) {
      const { id, res } = await attachFile('trang.html', mime, HTML);
      expect(res.status, mime).toBe(422);
      expect((await json<{ errors: { path: string }[] }>(res)).errors.map((e) => e.path)).toContain('$.mime');
      expect(await env.DB.prepare('SELECT 1 AS x FROM evidence WHERE id = ?').bind(id).first()).toBeNull();
    }
  });
});

describe('evidence timestamps and ids (issue 13)', () => {
  it('refuses captured_at in 2099 or before the audit existed, storing no row', async () => {
    for (const at of ['2099-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z']) {
      const body = { id: crypto.randomUUID(), purpose: 'response', kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: at };
      const res = await api(`/findings/${w.findingId}/evidence`, { method: 'POST', token: w.head.token, body });
      expect(res.status, at).toBe(422);
      const problem = await json<{ code: string; errors: { path: string }[] }>(res);
      expect(problem.code).toBe('timestamp_out_of_range');
      expect(problem.errors.map((e) => e.path)).toEqual(['$.captured_at']);
      expect(await env.DB.prepare('SELECT 1 AS x FROM evidence WHERE id = ?').bind(body.id).first()).toBeNull();
    }
    // A clock a little ahead (within five minutes) is fine.
    const soon = { id: crypto.randomUUID(), purpose: 'response', kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: new Date(Date.now() + 2 * 60_000).toISOString() };
    expect((await api(`/findings/${w.findingId}/evidence`, { method: 'POST', token: w.head.token, body: soon })).status).toBe(201);
  });

  it('answers a taken id the same way whether the caller may see its evidence or not', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const otherLead = await signedIn('inspector', tree.province);
    const other = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: otherLead.id, status: 'reporting' });
    const otherFinding = await makeFinding({ auditId: other.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', recordedBy: otherLead.id });
    const foreign = await makeEvidence({ findingId: otherFinding.id, auditId: other.id, capturedBy: otherLead.id });
    const own = await makeEvidence({ findingId: w.findingId, auditId: w.auditId, capturedBy: w.head.id, purpose: 'response' });
    const answer = async (id: string) => {
      const res = await api(`/findings/${w.findingId}/evidence`, { method: 'POST', token: w.head.token, body: { id, purpose: 'response', kind: 'page_capture', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: new Date().toISOString() } });
      const { request_id: _r, ...problem } = await json<Record<string, unknown>>(res);
      return { status: res.status, problem };
    };
    const [a, b] = [await answer(foreign.id), await answer(own.id)];
    expect(a).toEqual(b);
    expect(a).toMatchObject({ status: 409, problem: { code: 'id_taken' } });
  });
});
