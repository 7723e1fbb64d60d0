// A fake of the OneStop API's sync surface for unit tests (a fetch function): reads the envelope, then checks each op
// on its own like the Worker (an op failing the schema is answered `rejected`, op_id null when unreadable), applies
// ops with versions and op-id deduplication, refuses to revive a deleted finding (`finding_deleted`), answers pulls
// by seq, verifies blob hashes, and can go offline or lose answers.
import { checkSyncOps, SyncEnvelopeSchema, type Finding, type Problem, type SyncOp, type SyncOpResult, type SyncOutcome } from '@onestop/shared';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const problem = (status: number, code: string, detail: string) =>
  new Response(JSON.stringify({ type: `urn:onestop:problem:${code.replaceAll('_', '-')}`, title: 'Unprocessable Content', status, code, detail }), { status, headers: { 'content-type': 'application/problem+json' } });
const refused = (status: number, code: string, detail: string): SyncOutcome => ({
  status: 'rejected',
  problem: { type: `urn:onestop:problem:${code.replaceAll('_', '-')}`, title: status === 409 ? 'Conflict' : status === 404 ? 'Not Found' : 'Error', status, code, detail } satisfies Problem,
});

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class FakeApi {
  findings = new Map<string, Finding>();
  evidence = new Map<string, { finding_id: string; sha256: string | null; uploaded: Uint8Array | null }>();
  outcomes = new Map<string, SyncOutcome>();
  seq = 0;
  offline = false;
  /** Applies the next sync batch but loses the answer (as a dropped connection would). */
  loseNextAnswer = false;
  requests: { method: string; path: string }[] = [];
  /** Every op received in a sync batch, as sent (valid or not). */
  received: unknown[] = [];
  userId = '01890000-0000-7000-8000-000000000001';
  /** What GET /site-profiles answers (records as the API stores them). */
  profiles: unknown[] = [];

  fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    this.requests.push({ method, path: url.pathname });
    if (this.offline) throw new TypeError('Failed to fetch');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    if (method === 'POST' && path === '/sync') {
      const envelope = SyncEnvelopeSchema.safeParse(JSON.parse(String(init?.body)));
      if (!envelope.success) return problem(422, 'validation_failed', 'The request body is not valid');
      this.received.push(...envelope.data.ops);
      const results = checkSyncOps(envelope.data.ops).map((check): SyncOpResult =>
        check.ok
          ? this.apply(check.op)
          : { op_id: check.op_id, status: 'rejected', problem: { type: 'urn:onestop:problem:invalid-op', title: 'Unprocessable Content', status: 422, code: 'invalid_op', detail: check.detail, errors: check.errors } },
      );
      if (this.loseNextAnswer) {
        this.loseNextAnswer = false;
        throw new TypeError('network connection was lost');
      }
      return json(200, { results, server_time: new Date().toISOString() });
    }
    const pull = /^\/audits\/([^/]+)\/findings$/.exec(path);
    if (method === 'GET' && pull) {
      const since = Number(url.searchParams.get('since') ?? 0);
      const items = [...this.findings.values()].filter((f) => f.audit_id === pull[1] && f.seq > since).sort((a, b) => a.seq - b.seq);
      return json(200, { items, cursor: items.at(-1)?.seq ?? null, has_more: false });
    }
    if (method === 'GET' && path === '/site-profiles') return json(200, { items: this.profiles });
    const blob = /^\/evidence\/([^/]+)\/blob$/.exec(path);
    if (method === 'PUT' && blob) {
      const ev = this.evidence.get(blob[1] ?? '');
      const bytes = new Uint8Array(await new Response(init?.body ?? null).arrayBuffer());
      const claimed = new Headers(init?.headers).get('x-content-sha256');
      if (!ev) return json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' });
      if (claimed !== ev.sha256 || (await sha256Hex(bytes)) !== ev.sha256) return json(422, { type: 'about:blank', title: 'Hash mismatch', status: 422, code: 'hash_mismatch' });
      ev.uploaded = bytes;
      const now = new Date().toISOString();
      return json(200, {
        id: blob[1], finding_id: ev.finding_id, purpose: 'finding', kind: 'page_capture', page_url: null, page_title: null, selectors: [], quote: null, fields: {},
        blob_key: `evidence/${blob[1]}`, sha256: ev.sha256, mime: 'image/png', bytes: bytes.byteLength, uploaded_at: now, captured_at: now, captured_by: this.userId,
      });
    }
    return json(404, { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' });
  };

  /** A change made by a teammate (or the same inspector elsewhere). */
  edit(id: string, patch: Partial<Finding>): Finding {
    const f = this.findings.get(id);
    if (!f) throw new Error('no such finding');
    const next = { ...f, ...patch, version: f.version + 1, seq: ++this.seq, updated_at: new Date().toISOString() };
    this.findings.set(id, next);
    return next;
  }

  private apply(op: SyncOp): SyncOpResult {
    const seen = this.outcomes.get(op.op_id);
    if (seen) return { op_id: op.op_id, status: 'duplicate', original: seen };
    let outcome: SyncOutcome;
    const now = new Date().toISOString();
    if (op.kind === 'finding.upsert') {
      const existing = this.findings.get(op.entity_id);
      if (!existing && op.base_version !== null) outcome = { status: 'rejected', problem: { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' } };
      else if (existing?.deleted_at) outcome = refused(409, 'finding_deleted', `The finding was deleted on the server (${existing.deleted_at}), perhaps from another device; an edit does not restore it. Record a new finding if the result still stands`);
      else if (existing && op.base_version !== existing.version) outcome = { status: 'conflict', server: existing };
      else {
        const version = (existing?.version ?? 0) + 1;
        const f: Finding = {
          id: op.entity_id,
          audit_id: op.data.audit_id,
          unit_id: op.data.unit_id,
          item_id: op.data.item_id,
          result: op.data.result,
          note: op.data.note ?? '',
          dossier_code: op.data.dossier_code ?? null,
          page_url: op.data.page_url ?? null,
          status: op.data.result === 'nc_major' || op.data.result === 'nc_minor' ? 'open' : 'recorded',
          dispute_reason: null,
          review_comment: null,
          recorded_by: existing?.recorded_by ?? this.userId,
          recorded_at: op.data.recorded_at,
          closed_at: null,
          deleted_at: null,
          version,
          seq: ++this.seq,
          created_at: existing?.created_at ?? now,
          updated_at: now,
        };
        this.findings.set(f.id, f);
        outcome = { status: 'applied', version, seq: f.seq };
      }
    } else if (op.kind === 'finding.delete') {
      const existing = this.findings.get(op.entity_id);
      if (!existing) outcome = { status: 'rejected', problem: { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' } };
      else if (op.base_version !== existing.version) outcome = { status: 'conflict', server: existing };
      else {
        const f = { ...existing, deleted_at: now, version: existing.version + 1, seq: ++this.seq };
        this.findings.set(f.id, f);
        outcome = { status: 'applied', version: f.version, seq: f.seq };
      }
    } else {
      if (!this.findings.get(op.data.finding_id) || this.findings.get(op.data.finding_id)?.deleted_at) outcome = { status: 'rejected', problem: { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' } };
      else {
        this.evidence.set(op.entity_id, { finding_id: op.data.finding_id, sha256: op.data.sha256 ?? null, uploaded: null });
        outcome = { status: 'applied', version: 1 };
      }
    }
    this.outcomes.set(op.op_id, outcome);
    return { op_id: op.op_id, ...outcome } as SyncOpResult;
  }
}
