// Shared by the loopback reliability tests: an API client for the wrangler dev Worker, a private part of the unit
// tree with its own accounts and in-progress audits (so other suites' demo data stays as it is), a simulated
// extension outbox, and latency statistics.
import type { Result, SyncOpResult, SyncOutcome } from '@onestop/shared';

export const DEMO_ADMIN = { email: 'admin@demo.onestop.vn', password: 'ThuNghiem#2026' };
export const PASSWORD = 'Mat-khau-kiem-thu-2026';
/** What the administrator sets; each account replaces it with PASSWORD at its first sign-in (must_change_password). */
const ADMIN_SET_PASSWORD = 'Mat-khau-tam-thoi-2026';
export const SOAK = process.env.SOAK === '1';

export class Api {
  readonly base: string;
  constructor(apiUrl: string) {
    this.base = `${apiUrl}/api/v1`;
  }
  async call(token: string | null, path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
    const send = () =>
      fetch(`${this.base}${path}`, {
        method: init.method ?? 'GET',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    let res = await send();
    // wrangler dev reloads the Worker when a watched file changes (a dashboard build elsewhere on the machine, an
    // edit): requests in flight get this 503. Reads, sign-ins and sync (idempotent by op_id) are simply sent again.
    const retryable = (init.method ?? 'GET') === 'GET' || path === '/auth/login' || path === '/sync';
    for (let attempt = 0; retryable && attempt < 5 && (await isRestart(res)); attempt++) {
      this.restarts++;
      await new Promise((r) => setTimeout(r, 500));
      res = await send();
    }
    return res;
  }
  /** Answers "worker restarted mid-request" seen (and retried) so far. */
  restarts = 0;
  async json<T>(token: string | null, path: string, init: { method?: string; body?: unknown } = {}, expected = [200, 201]): Promise<T> {
    const res = await this.call(token, path, init);
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
  async login(email: string, password = PASSWORD): Promise<string> {
    return (await this.json<{ token: string }>(null, '/auth/login', { method: 'POST', body: { email, password, session: 'bearer' } })).token;
  }
}

/** wrangler dev's answer for a request that was in flight while it reloaded the Worker. */
async function isRestart(res: Response): Promise<boolean> {
  return res.status === 503 && /restarted mid-request/.test(await res.clone().text());
}

export interface Account {
  id: string;
  email: string;
  token: string;
}

export interface TestAudit {
  id: string;
  unitIds: string[];
  lead: Account;
  members: Account[];
}

export interface Site {
  admin: string;
  province: string;
  communes: string[];
  items: { id: string; weight: number }[];
  inspectors: Account[];
  leaders: Account[];
  audits: TestAudit[];
}

/** Runs `fn` over `items` with at most `limit` at a time (PBKDF2 makes account work CPU-bound). */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

/**
 * A new province of its own with communes, inspectors, leaders and in-progress audits (one per group of inspectors:
 * the first of each group leads). Everything is named after `tag`, so runs never collide.
 */
export async function makeSite(api: Api, opts: { tag: string; inspectors: number; leaders: number; audits: number; communes: number }): Promise<Site> {
  const admin = await api.login(DEMO_ADMIN.email, DEMO_ADMIN.password);
  const code = (s: string) => `${opts.tag}-${s}`.toUpperCase().replace(/[^A-Z0-9-]/g, '');
  const province = (await api.json<{ id: string }>(admin, '/units', { method: 'POST', body: { parent_id: null, code: code('P'), name: `Tỉnh kiểm thử độ tin cậy ${opts.tag}`, level: 'province' } })).id;
  const communes = await pool(Array.from({ length: opts.communes }, (_, i) => i), 4, async (i) =>
    (await api.json<{ id: string }>(admin, '/units', { method: 'POST', body: { parent_id: province, code: code(`X${i}`), name: `Xã thử ${i + 1} (${opts.tag})`, level: 'commune' } })).id,
  );
  const account = async (role: 'inspector' | 'leader', i: number): Promise<Account> => {
    const email = `${role}${i}.${opts.tag}@reliability.onestop.vn`.toLowerCase();
    const user = await api.json<{ id: string }>(admin, '/users', { method: 'POST', body: { email, display_name: `${role} ${i} ${opts.tag}`, role, unit_id: province, password: ADMIN_SET_PASSWORD } });
    const token = await api.login(email, ADMIN_SET_PASSWORD);
    await api.json(token, '/auth/password', { method: 'POST', body: { current_password: ADMIN_SET_PASSWORD, new_password: PASSWORD } });
    return { id: user.id, email, token };
  };
  const inspectors = await pool(Array.from({ length: opts.inspectors }, (_, i) => i), 4, (i) => account('inspector', i));
  const leaders = await pool(Array.from({ length: opts.leaders }, (_, i) => i), 4, (i) => account('leader', i));

  const checklists = await api.json<{ items: { published_version_id: string | null }[] }>(admin, '/checklists');
  const versionId = checklists.items.find((c) => c.published_version_id)?.published_version_id;
  if (!versionId) throw new Error('the demo seed has no published checklist version');
  const version = await api.json<{ items: { id: string; weight: number }[] }>(admin, `/checklist-versions/${versionId}`);
  const perAudit = Math.ceil(inspectors.length / opts.audits);
  const audits: TestAudit[] = [];
  for (let a = 0; a < opts.audits; a++) {
    const team = inspectors.slice(a * perAudit, (a + 1) * perAudit);
    if (team.length === 0) break;
    const unitIds = [communes[a % communes.length]!, communes[(a + 1) % communes.length]!].filter((u, i, all) => all.indexOf(u) === i);
    const audit = await api.json<{ id: string }>(admin, '/audits', {
      method: 'POST',
      body: {
        code: code(`KT${a}`),
        title: `Kiểm thử độ tin cậy ${opts.tag} #${a + 1}`,
        kind: 'internal',
        owner_unit_id: province,
        planned_start: new Date().toISOString().slice(0, 10),
        planned_end: new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10),
        unit_ids: unitIds,
        version_ids: [versionId],
        lead_user_id: team[0]!.id,
        member_ids: team.slice(1).map((m) => m.id),
      },
    });
    await api.json(admin, `/audits/${audit.id}/transitions`, { method: 'POST', body: { to: 'in_progress' } });
    audits.push({ id: audit.id, unitIds, lead: team[0]!, members: team.slice(1) });
  }
  return { admin, province, communes, items: version.items, inspectors, leaders, audits };
}

export interface Op {
  op_id: string;
  kind: 'finding.upsert' | 'finding.delete';
  entity_id: string;
  base_version: number | null;
  data: Record<string, unknown>;
}

const outcomeOf = (r: SyncOpResult): SyncOutcome => (r.status === 'duplicate' ? r.original : (r as SyncOutcome));

/** A simulated extension outbox for one inspector: ops are kept until an answer for them arrives. */
export class Outbox {
  readonly outbox: Op[] = [];
  readonly sent: Op[] = [];
  readonly answers = new Map<string, SyncOutcome>();
  readonly conflicts: string[] = [];
  /** Ops whose answer came as `duplicate`: the server had applied them, but the first answer never arrived. */
  duplicates = 0;
  /** The client's view of each finding it wrote: version and result as last confirmed by the server. */
  readonly findings = new Map<string, { version: number; result: string; unitId: string; itemId: string; deleted: boolean }>();
  readonly clientId: string;
  constructor(clientId: string) {
    this.clientId = clientId;
  }
  create(auditId: string, unitId: string, itemId: string, result: Result): string {
    const id = crypto.randomUUID();
    this.queue({ op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: auditId, unit_id: unitId, item_id: itemId, result, note: `Ghi chú ${this.clientId}`, recorded_at: new Date().toISOString() } });
    return id;
  }
  edit(auditId: string, findingId: string, result: Result): void {
    const f = this.findings.get(findingId);
    if (!f) return;
    this.queue({ op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: findingId, base_version: f.version, data: { audit_id: auditId, unit_id: f.unitId, item_id: f.itemId, result, note: `Sửa ${this.clientId}`, recorded_at: new Date().toISOString() } });
  }
  private queue(op: Op): void {
    this.outbox.push(op);
    this.sent.push(op);
  }
  /** Takes in the answers to `ops` (as a real client would after a successful POST /sync). */
  accept(ops: readonly Op[], results: readonly SyncOpResult[]): void {
    results.forEach((r, i) => {
      const op = ops[i]!;
      const outcome = outcomeOf(r);
      if (r.status === 'duplicate') this.duplicates++;
      this.answers.set(op.op_id, outcome);
      const known = this.findings.get(op.entity_id);
      if (outcome.status === 'applied') {
        const data = op.data as { result?: string; unit_id?: string; item_id?: string };
        this.findings.set(op.entity_id, {
          version: outcome.version,
          result: data.result ?? known?.result ?? '',
          unitId: data.unit_id ?? known?.unitId ?? '',
          itemId: data.item_id ?? known?.itemId ?? '',
          deleted: op.kind === 'finding.delete',
        });
      } else if (outcome.status === 'conflict') {
        this.conflicts.push(op.op_id);
        this.findings.set(op.entity_id, { version: outcome.server.version, result: outcome.server.result, unitId: outcome.server.unit_id, itemId: outcome.server.item_id, deleted: outcome.server.deleted_at !== null });
      }
      const at = this.outbox.findIndex((o) => o.op_id === op.op_id);
      if (at >= 0) this.outbox.splice(at, 1);
    });
  }
}

export function stats(samples: readonly number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
  return { n: s.length, p50: at(50), p95: at(95), max: s.at(-1) ?? Number.NaN };
}
