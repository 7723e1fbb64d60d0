// `npm run bench`: DESIGN section 10's budgets measured on the national-scale dataset, through the Worker (wrangler dev
// on loopback) and, as the floor, with the same SQL straight on the same SQLite file; writes docs/benchmarks.md.
// Then the browser side in Chromium (bench/browser.ts, with the sweep of issue 14 in bench/sweep.ts) and the automated checks (bench/checks.ts). Options: --regenerate (new dataset), --quick (fewer samples),
// --no-write (print only), --no-browser (keep the previous browser section), --browser-only (keep the API sections).
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { summaryFigures, type SummaryBy } from '../worker/src/db/summary.ts';
import type { Scope } from '../worker/src/lib/scope.ts';
import { measureBrowser } from './browser.ts';
import { measureChecksBench, writeChecksSection } from './checks.ts';
import { DEFAULT_STATE, generateDataset, NATIONAL, readManifest, type DatasetManifest } from './generate.ts';
import { applyMigrations, d1File, ROOT, startWorker, type DevServer } from './lib/local-d1.ts';
import { renderReport, replaceBrowserSection, type BenchResults } from './lib/report.ts';
import { CLAUSE_FROM_ITEM_RESULTS, CLAUSE_FROM_PERIOD_ROLLUPS, CLAUSE_FROM_ROLLUPS, PERIOD_TABLE_CHECKS, pooled, SOURCES, type SourceName } from './lib/sources.ts';
import { openSqliteD1 } from './lib/sqlite-d1.ts';
import { measure, summarise } from './lib/stats.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const WORK = path.join(ROOT, 'bench', 'data', 'national-run');
const REPORT = path.join(ROOT, 'docs', 'benchmarks.md');
const SAMPLES = quick ? 15 : 60;
const SYNC_RUNS = quick ? 3 : 9;

function log(msg: string) {
  console.log(`[bench] ${msg}`);
}

async function dataset(): Promise<DatasetManifest> {
  const existing = readManifest(DEFAULT_STATE);
  const fresh = !existing || args.has('--regenerate') || JSON.stringify(existing.spec) !== JSON.stringify(NATIONAL) || !existsSync(path.join(DEFAULT_STATE, existing.dbFile));
  if (!fresh) {
    log(`reusing the dataset in ${path.relative(ROOT, DEFAULT_STATE)} (generated ${existing.generatedAt}; --regenerate makes a new one)`);
    return existing;
  }
  log('generating the national dataset (a few minutes)…');
  return generateDataset(DEFAULT_STATE, NATIONAL);
}

interface Case {
  name: string;
  root: string;
  by: SummaryBy;
  account: 'nationalLeader' | 'provinceLeader';
}

function cases(m: DatasetManifest): Case[] {
  const scopes = [
    { name: 'whole tree', root: m.root.id, account: 'nationalLeader' as const },
    { name: 'a province', root: m.province.id, account: 'provinceLeader' as const },
    { name: 'a commune', root: m.commune.id, account: 'provinceLeader' as const },
  ];
  return scopes.flatMap((s) => (['unit', 'clause', 'month'] as const).map((by) => ({ ...s, by })));
}

async function login(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, session: 'bearer' }) });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The floor: the Worker's own summary statements on the same file through node:sqlite (no Worker, HTTP or D1 object),
 * as served (period roll-ups, migration 0010) and from the per-audit roll-ups only (`periodRollups: false`, the path
 * before 0010 and still the one for single audits and inspectors). Both must give the same figures, or the bench fails.
 */
async function measureFloor(m: DatasetManifest, file: string): Promise<BenchResults['floor']> {
  const { d1, close } = openSqliteD1(file);
  const out: BenchResults['floor'] = [];
  try {
    for (const c of cases(m)) {
      const account = m.accounts[c.account];
      const scope: Scope = { userId: account.id, role: 'leader', unitId: c.account === 'nationalLeader' ? m.root.id : m.province.id };
      const today = todayInVietnam();
      const served = await summaryFigures(d1, scope, { rootUnitId: c.root }, c.by, today);
      const perAudit = await summaryFigures(d1, scope, { rootUnitId: c.root }, c.by, today, { periodRollups: false });
      if (JSON.stringify(served) !== JSON.stringify(perAudit)) throw new Error(`the period roll-ups disagree with the per-audit roll-ups for ${c.name} by ${c.by}`);
      const stats = await measure(async () => void (await summaryFigures(d1, scope, { rootUnitId: c.root }, c.by, today)), { samples: SAMPLES, warmup: 3, budgetMs: 30_000 });
      const before = await measure(async () => void (await summaryFigures(d1, scope, { rootUnitId: c.root }, c.by, today, { periodRollups: false })), { samples: SAMPLES, warmup: 3, budgetMs: 30_000 });
      out.push({ name: c.name, by: c.by, stats, perAudit: before });
      log(`floor ${c.name} by ${c.by}: p50 ${stats.p50.toFixed(1)} ms (per-audit roll-ups only: ${before.p50.toFixed(1)} ms)`);
    }
  } finally {
    close();
  }
  return out;
}

/** DESIGN's side-by-side: the pooled roll-up of each scope from raw findings, item_results and the roll-up tables. */
function measureSources(m: DatasetManifest, file: string): BenchResults['sources'] {
  const db = new DatabaseSync(file, { readOnly: true });
  const out: BenchResults['sources'] = [];
  try {
    for (const scope of [
      { name: 'whole tree', root: m.root.id },
      { name: 'a province', root: m.province.id },
      { name: 'a commune', root: m.commune.id },
    ]) {
      const figures: Record<string, string> = {};
      for (const source of Object.keys(SOURCES) as SourceName[]) {
        const runs = source === 'raw findings' ? (quick ? 1 : 3) : quick ? 5 : 15;
        const times: number[] = [];
        let result = { numerator: 0, denominator: 0 };
        for (let i = 0; i < runs + 1; i++) {
          const t = performance.now();
          result = pooled(db, source, scope.root);
          if (i > 0 || runs === 1) times.push(performance.now() - t);
        }
        figures[source] = `${result.numerator}/${result.denominator}`;
        out.push({ scope: scope.name, source, stats: summarise(times), pooled: figures[source] ?? '' });
        log(`source ${scope.name} from ${source}: ${summarise(times).p50.toFixed(1)} ms (${figures[source]})`);
      }
      const agree = new Set(Object.values(figures)).size === 1;
      const clauseRows = JSON.stringify(db.prepare(CLAUSE_FROM_ITEM_RESULTS).all(scope.root));
      const clauses = clauseRows === JSON.stringify(db.prepare(CLAUSE_FROM_ROLLUPS).all(scope.root)) && clauseRows === JSON.stringify(db.prepare(CLAUSE_FROM_PERIOD_ROLLUPS).all(scope.root));
      if (!agree || !clauses) throw new Error(`the sources disagree for ${scope.name}: ${JSON.stringify(figures)}, clause rows equal: ${clauses}`);
      // Every period roll-up row of the scope's root equals the sum of its per-audit rows (all statuses and months).
      for (const check of PERIOD_TABLE_CHECKS) {
        const values = (sql: string) => JSON.stringify(db.prepare(sql).all(scope.root).map((r) => Object.values(r)));
        if (values(check.stored) !== values(check.rebuilt)) {
          throw new Error(`${check.table} differs from a rebuild from the per-audit rows for ${scope.name}`);
        }
      }
    }
  } finally {
    db.close();
  }
  return out;
}

async function measureWorker(m: DatasetManifest, server: DevServer): Promise<BenchResults['worker']> {
  const tokens = {
    nationalLeader: await login(server.url, m.accounts.nationalLeader.email, m.password),
    provinceLeader: await login(server.url, m.accounts.provinceLeader.email, m.password),
  };
  const out: BenchResults['worker'] = [];
  for (const c of cases(m)) {
    const url = `${server.url}/api/v1/summary?unit=${c.root}&by=${c.by}`;
    const stats = await measure(
      async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[c.account]}` } });
        if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      },
      { samples: SAMPLES, warmup: 5, budgetMs: 60_000 },
    );
    out.push({ name: c.name, by: c.by, stats });
    log(`worker ${c.name} by ${c.by}: p50 ${stats.p50.toFixed(1)} ms, p95 ${stats.p95.toFixed(1)} ms`);
  }
  return out;
}

interface SyncAnswer {
  results: { status: string; version?: number }[];
}

async function measureSync(m: DatasetManifest, server: DevServer): Promise<BenchResults['sync']> {
  const audit = m.syncAudit;
  const member = audit.members[0]!;
  const token = await login(server.url, member.email, m.password);
  let n = 0;
  const post = async (ops: unknown[]): Promise<{ ms: number; body: SyncAnswer }> => {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/v1/sync`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ client_id: 'bench', ops }) });
    const body = (await res.json()) as SyncAnswer;
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`POST /sync: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  const creates = () =>
    Array.from({ length: 200 }, (_, i) => {
      n++;
      return {
        op_id: crypto.randomUUID(),
        kind: 'finding.upsert',
        entity_id: crypto.randomUUID(),
        base_version: null,
        data: {
          audit_id: audit.id,
          unit_id: audit.unitIds[n % audit.unitIds.length],
          item_id: audit.itemIds[(n * 7) % audit.itemIds.length],
          result: i % 9 === 0 ? 'nc_minor' : i % 13 === 0 ? 'observation' : 'conform',
          note: `Hồ sơ mẫu số ${n}: trả kết quả đúng hạn, có Phiếu kiểm soát quá trình.`,
          dossier_code: `000.00.12.H26-261120-${String(n % 10_000).padStart(4, '0')}`,
          recorded_at: new Date().toISOString(),
        },
      };
    });
  const kinds: { kind: string; build: () => Promise<unknown[]> }[] = [
    { kind: '200 new findings', build: async () => creates() },
    {
      kind: '200 result changes',
      build: async () => {
        const ops = creates();
        await post(ops);
        return ops.map((op) => ({ ...op, op_id: crypto.randomUUID(), base_version: 1, data: { ...op.data, result: op.data.result === 'conform' ? 'ofi' : 'conform' } }));
      },
    },
    {
      kind: 'the same 200 resent (duplicates)',
      build: async () => {
        const ops = creates();
        await post(ops);
        return ops;
      },
    },
  ];
  const out: BenchResults['sync'] = [];
  await post(creates()); // warm-up
  for (const { kind, build } of kinds) {
    const times: number[] = [];
    for (let run = 0; run < SYNC_RUNS; run++) {
      const ops = await build();
      const { ms, body } = await post(ops);
      const expected = kind.includes('duplicates') ? 'duplicate' : 'applied';
      const ok = body.results.filter((r) => r.status === expected).length;
      if (ok !== ops.length) throw new Error(`${kind}: ${ok}/${ops.length} ${expected}: ${JSON.stringify(body.results.find((r) => r.status !== expected))}`);
      times.push(ms);
    }
    const stats = summarise(times);
    out.push({ kind, stats, perSecond: { min: 200_000 / stats.max, p50: 200_000 / stats.p50, max: 200_000 / stats.min } });
    log(`sync ${kind}: p50 ${stats.p50.toFixed(1)} ms`);
  }
  return out;
}

function machine(): Omit<BenchResults['machine'], 'loadAfter'> {
  const version = (pkg: string) => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const sqlite = new DatabaseSync(':memory:');
  const sqliteVersion = (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  sqlite.close();
  return {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    sqlite: sqliteVersion,
    wrangler: version('wrangler'),
    workerd: version('workerd'),
    load: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
  };
}

/** `--browser-only`: measures the browser side and replaces only its section (and budget rows) of the report. */
async function browserOnly() {
  const browser = await measureBrowser({ quick, log });
  const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const report = replaceBrowserSection(previous, browser);
  if (args.has('--no-write')) console.log(report);
  else {
    writeFileSync(REPORT, report);
    log(`updated the browser section of ${path.relative(ROOT, REPORT)}`);
  }
  writeChecksSection(measureChecksBench(quick), !args.has('--no-write'));
}

async function main() {
  if (args.has('--browser-only')) return browserOnly();
  const started = Date.now();
  const m = await dataset();
  const machineBefore = machine();
  // Every run starts from the pristine dataset: the sync benchmark writes, and new migrations are applied here.
  rmSync(WORK, { recursive: true, force: true });
  cpSync(DEFAULT_STATE, WORK, { recursive: true });
  let t = Date.now();
  applyMigrations(WORK);
  const migrateSeconds = (Date.now() - t) / 1000;
  log(`copied the dataset and applied migrations (${migrateSeconds.toFixed(1)} s)`);
  const file = d1File(WORK);

  const sources = measureSources(m, file);
  const floor = await measureFloor(m, file);
  t = Date.now();
  const server = await startWorker(WORK);
  log(`wrangler dev up on ${server.url} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  let worker: BenchResults['worker'];
  let sync: BenchResults['sync'];
  try {
    worker = await measureWorker(m, server);
    sync = await measureSync(m, server);
  } finally {
    await server.stop();
    // The working copy is 1.9 GB; the pristine dataset stays for the next run.
    rmSync(WORK, { recursive: true, force: true });
  }
  const browser = args.has('--no-browser') ? null : await measureBrowser({ quick, log });
  const results: BenchResults = { dataset: m, machine: { ...machineBefore, loadAfter: os.loadavg().map((l) => l.toFixed(2)).join(' / ') }, migrateSeconds, sources, floor, worker, sync, browser, quick, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) };
  const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  const report = renderReport(results, previous);
  if (args.has('--no-write')) console.log(report);
  else {
    writeFileSync(REPORT, report);
    log(`wrote ${path.relative(ROOT, REPORT)} in ${results.seconds} s`);
  }
  writeChecksSection(measureChecksBench(quick), !args.has('--no-write'));
}

await main();
