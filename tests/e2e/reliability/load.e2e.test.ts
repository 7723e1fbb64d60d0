// Load on loopback: 50 simulated inspectors syncing and 20 leaders reading summaries against wrangler dev for a
// bounded time (20 s in npm test, 5 min under npm run soak). Reports the error rate and p95, and checks that the
// final database (findings and the summary roll-ups) equals the sum of what the clients sent.
import { auditUnitScore, itemResultsFromFindings, pool as poolScores, type Result, type SyncOpResult } from '@onestop/shared';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, makeSite, Outbox, SOAK, stats, type Site } from './harness.ts';

const DURATION_MS = SOAK ? 300_000 : 20_000;
const RESULTS: Result[] = ['conform', 'conform', 'conform', 'ofi', 'observation', 'nc_minor', 'nc_major', 'not_applicable'];

let api: Api;
let site: Site;

beforeAll(async () => {
  api = new Api(inject('apiUrl'));
  site = await makeSite(api, { tag: `load${Date.now().toString(36)}`, inspectors: 50, leaders: 20, audits: 5, communes: 6 });
}, 240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('load on loopback: 50 inspectors sync while 20 leaders read summaries', () => {
  it(`runs for ${DURATION_MS / 1000} s without errors, and the database equals what the clients sent`, async () => {
    const deadline = Date.now() + DURATION_MS;
    const syncTimes: number[] = [];
    const summaryTimes: number[] = [];
    const errors: string[] = [];
    let opsApplied = 0;
    const outboxes = new Map<string, { box: Outbox; auditId: string; unitIds: string[]; token: string }>();
    for (const audit of site.audits) for (const member of [audit.lead, ...audit.members]) outboxes.set(member.id, { box: new Outbox(`load-${member.id.slice(-6)}`), auditId: audit.id, unitIds: audit.unitIds, token: member.token });

    const inspector = async (entry: { box: Outbox; auditId: string; unitIds: string[]; token: string }) => {
      let n = 0;
      while (Date.now() < deadline) {
        // A new outbox of 1–20 ops (unless the last send failed and its ops wait to be resent): mostly new findings,
        // some changes of the inspector's own earlier ones (each at most once per batch, on its confirmed version).
        if (entry.box.outbox.length === 0) {
          const own = [...entry.box.findings.keys()].sort(() => Math.random() - 0.5);
          const count = 1 + Math.floor(Math.random() * 20);
          for (let i = 0; i < count; i++) {
            const result = RESULTS[Math.floor(Math.random() * RESULTS.length)]!;
            const target = Math.random() < 0.25 ? own.pop() : undefined;
            if (target) entry.box.edit(entry.auditId, target, result);
            else entry.box.create(entry.auditId, entry.unitIds[n++ % entry.unitIds.length]!, site.items[Math.floor(Math.random() * site.items.length)]!.id, result);
          }
        }
        const batch = entry.box.outbox.slice(0, 200);
        const started = performance.now();
        try {
          const res = await api.call(entry.token, '/sync', { method: 'POST', body: { client_id: entry.box.clientId, ops: batch } });
          const text = await res.text();
          syncTimes.push(performance.now() - started);
          if (res.status !== 200) {
            errors.push(`sync ${res.status} ${text.slice(0, 200)}`);
            continue;
          }
          const results = (JSON.parse(text) as { results: SyncOpResult[] }).results;
          entry.box.accept(batch, results);
          opsApplied += results.filter((r) => r.status === 'applied').length;
          for (const r of results) if (r.status !== 'applied') errors.push(`op answered ${r.status}: ${JSON.stringify(r).slice(0, 200)}`);
        } catch (err) {
          // The answer is lost; the ops stay in the outbox and are resent.
          errors.push(`sync failed: ${String(err)}`);
        }
        await sleep(Math.random() * 100);
      }
    };
    const leader = async (token: string) => {
      const kinds = ['unit', 'clause', 'month', 'audit'];
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          const res = await api.call(token, `/summary?unit=${site.province}&by=${kinds[Math.floor(Math.random() * kinds.length)]}`);
          await res.arrayBuffer();
          summaryTimes.push(performance.now() - started);
          if (res.status !== 200) errors.push(`summary ${res.status}`);
        } catch (err) {
          errors.push(`summary failed: ${String(err)}`);
        }
        await sleep(Math.random() * 200);
      }
    };
    const started = Date.now();
    await Promise.all([...[...outboxes.values()].map(inspector), ...site.leaders.map((l) => leader(l.token))]);
    const seconds = (Date.now() - started) / 1000;

    const figures = {
      duration_s: Math.round(seconds),
      inspectors: outboxes.size,
      leaders: site.leaders.length,
      sync: { requests: syncTimes.length, ...stats(syncTimes), ops_applied: opsApplied, ops_per_s: Math.round(opsApplied / seconds) },
      summary: { requests: summaryTimes.length, ...stats(summaryTimes) },
      errors: errors.length,
      error_rate: errors.length / Math.max(1, syncTimes.length + summaryTimes.length),
      dev_server_restarts_retried: api.restarts,
    };
    console.log(`[reliability] load: ${JSON.stringify(figures)}`);
    const out = path.join(process.cwd(), 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, `reliability-load${SOAK ? '-soak' : ''}.json`), `${JSON.stringify(figures, null, 2)}\n`);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(syncTimes.length).toBeGreaterThan(outboxes.size);
    expect(summaryTimes.length).toBeGreaterThan(site.leaders.length);

    // The database equals the sum of what the clients sent: every finding each client saw applied, nothing else.
    const weightOf = new Map(site.items.map((i) => [i.id, i.weight]));
    const byAudit = await api.json<{ rows: { key: string; numerator: number; denominator: number; assessed_items: number }[] }>(site.admin, `/summary?unit=${site.province}&by=audit`);
    for (const audit of site.audits) {
      const expected = new Map<string, { version: number; result: string; unitId: string; itemId: string }>();
      for (const m of [audit.lead, ...audit.members]) for (const [id, f] of outboxes.get(m.id)!.box.findings) expected.set(id, f);
      const server = new Map<string, { version: number; result: string }>();
      let since = 0;
      for (;;) {
        const page = await api.json<{ items: { id: string; version: number; result: string }[]; cursor: number | null; has_more: boolean }>(audit.lead.token, `/audits/${audit.id}/findings?since=${since}&limit=1000`);
        for (const f of page.items) server.set(f.id, f);
        if (!page.has_more || page.cursor === null) break;
        since = page.cursor;
      }
      expect(server.size, `findings of audit ${audit.id}`).toBe(expected.size);
      for (const [id, f] of expected) expect(server.get(id), id).toMatchObject({ version: f.version, result: f.result });

      // And the roll-ups the summary reads equal the pooled score of those findings (shared formulas).
      const scores = audit.unitIds.map((unitId) => {
        const rows = [...expected.values()].filter((f) => f.unitId === unitId).map((f) => ({ item_id: f.itemId, result: f.result as Result, status: (f.result.startsWith('nc_') ? 'open' : 'recorded') as 'open' | 'recorded', deleted_at: null }));
        const results = itemResultsFromFindings(rows);
        return auditUnitScore([...results].map(([item, result]) => ({ result, weight: weightOf.get(item) ?? 0 })), site.items.length);
      });
      const pooled = poolScores(scores);
      const row = byAudit.rows.find((r) => r.key === audit.id);
      expect({ numerator: row?.numerator ?? 0, denominator: row?.denominator ?? 0 }, `summary of audit ${audit.id}`).toEqual({ numerator: pooled.numerator, denominator: pooled.denominator });
    }
  }, DURATION_MS + 180_000);
});
