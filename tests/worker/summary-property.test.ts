// Property: on random findings, GET /summary equals a direct computation from the raw findings with the shared
// formulas (worst live result per item, pooled over every (audit, unit) in the subtree). And the period roll-ups
// (migration 0010) equal the per-audit ones and a rebuild from them, through status changes, periods and scopes.
import { auditUnitScore, itemResultsFromFindings, pool, RESULTS, type AuditStatus, type FindingStatus, type Result } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recomputeAuditRollups } from '../../worker/src/db/item-results.ts';
import { periodPlan, summaryFigures, type SummaryBy } from '../../worker/src/db/summary.ts';
import type { Scope } from '../../worker/src/lib/scope.ts';
import { makeAction, makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface RawFinding {
  audit: number;
  unit: 'communeA' | 'communeB';
  item: number;
  result: Result;
  deleted: boolean;
  withdrawn: boolean;
}

const findingArb: fc.Arbitrary<RawFinding> = fc.record({
  audit: fc.integer({ min: 0, max: 1 }),
  unit: fc.constantFrom('communeA' as const, 'communeB' as const),
  item: fc.integer({ min: 0, max: 7 }),
  result: fc.constantFrom(...RESULTS),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  withdrawn: fc.boolean(),
});

describe('GET /summary equals the direct computation', () => {
  it('for random findings over two audits and two communes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(findingArb, { minLength: 0, maxLength: 30 }), async (raw) => {
        const tree = await makeTree();
        const checklist = await makeChecklist();
        const lead = await signedIn('inspector', tree.province);
        const audits = [
          await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, startedAt: '2026-02-03T01:00:00.000Z' }),
          await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: 'reporting', startedAt: '2026-05-03T01:00:00.000Z' }),
        ];
        const rows: { audit: string; unit: string; item_id: string; result: Result; status: FindingStatus; deleted_at: string | null }[] = [];
        for (const f of raw) {
          const nc = f.result === 'nc_major' || f.result === 'nc_minor';
          const status: FindingStatus = f.withdrawn && nc ? 'withdrawn' : nc ? 'open' : 'recorded';
          const audit = audits[f.audit]!;
          const unit = tree[f.unit];
          const item = checklist.items[f.item]!;
          await makeFinding({ auditId: audit.id, unitId: unit, itemId: item.id, result: f.result, status, deleted: f.deleted, recordedBy: lead.id });
          rows.push({ audit: audit.id, unit, item_id: item.id, result: f.result, status, deleted_at: f.deleted ? 'x' : null });
        }
        const weightOf = new Map(checklist.items.map((i) => [i.id, i.weight]));
        const scoreOf = (audit: string, unit: string) => {
          const results = itemResultsFromFindings(rows.filter((r) => r.audit === audit && r.unit === unit));
          return auditUnitScore([...results].map(([item, result]) => ({ result, weight: weightOf.get(item) ?? 0 })), checklist.items.length);
        };
        const pairs = audits.flatMap((a) => [tree.communeA, tree.communeB].map((u) => ({ a: a.id, u })));
        const expectedTotal = pool(pairs.map(({ a, u }) => scoreOf(a, u)));
        const expectedA = pool(audits.map((a) => scoreOf(a.id, tree.communeA)));

        const summary = await json<{ total: { numerator: number; denominator: number; assessed_items: number }; rows: { key: string; numerator: number; denominator: number }[] }>(
          await api(`/summary?unit=${tree.province}&by=unit`, { token: lead.token }),
        );
        expect(summary.total.numerator).toBe(expectedTotal.numerator);
        expect(summary.total.denominator).toBe(expectedTotal.denominator);
        const districtA = summary.rows.find((r) => r.key === tree.districtA);
        expect(districtA?.numerator ?? 0).toBe(expectedA.numerator);
        expect(districtA?.denominator ?? 0).toBe(expectedA.denominator);
      }),
      { numRuns: 12 },
    );
  });
});

// ── The period roll-ups against the per-audit ones ──────────────────────────────────────────────────────────────

const STATUSES: AuditStatus[] = ['planned', 'in_progress', 'reporting', 'closed', 'cancelled'];
const COUNTED: AuditStatus[] = ['in_progress', 'reporting', 'closed'];
/** Start instants around Vietnam's midnight (17:00 UTC) at month ends, so the month in Vietnam time matters. */
const STARTS = ['2026-01-31T16:30:00.000Z', '2026-01-31T17:30:00.000Z', '2026-02-14T03:00:00.000Z', '2026-02-28T18:00:00.000Z', '2026-03-31T16:59:00.000Z', '2026-04-10T01:00:00.000Z'];
/** Period bounds: whole months, partial ones, a day inside a month, open ends. */
const DATES = ['2026-01-01', '2026-01-31', '2026-02-01', '2026-02-14', '2026-02-28', '2026-03-01', '2026-03-31', '2026-04-30'];

interface Scenario {
  audits: { status: AuditStatus; start: number }[];
  findings: (RawFinding & { action: number })[];
  changes: { audit: number; status: AuditStatus; start: number }[];
  late: RawFinding[];
  queries: { from: number; to: number; by: SummaryBy; who: number }[];
}

const auditArb = fc.record({ status: fc.constantFrom(...STATUSES), start: fc.integer({ min: 0, max: STARTS.length - 1 }) });
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  audits: fc.array(auditArb, { minLength: 1, maxLength: 3 }),
  // action: 0 none, 1 overdue and open, 2 open and due later, 3 done
  findings: fc.array(fc.tuple(findingArb, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })).map(([f, action, audit]) => ({ ...f, audit, action })), { maxLength: 25 }),
  changes: fc.array(fc.record({ audit: fc.integer({ min: 0, max: 2 }), status: fc.constantFrom(...STATUSES), start: fc.integer({ min: 0, max: STARTS.length - 1 }) }), { maxLength: 3 }),
  late: fc.array(fc.tuple(findingArb, fc.integer({ min: 0, max: 2 })).map(([f, audit]) => ({ ...f, audit })), { maxLength: 6 }),
  queries: fc.array(
    fc.record({ from: fc.integer({ min: -1, max: DATES.length - 1 }), to: fc.integer({ min: -1, max: DATES.length - 1 }), by: fc.constantFrom<SummaryBy>('unit', 'clause', 'month'), who: fc.integer({ min: 0, max: 3 }) }),
    { minLength: 1, maxLength: 4 },
  ),
}) as fc.Arbitrary<Scenario>;

/** The period tables must always equal a rebuild from the per-audit rows under each audit's current status and month. */
async function periodTablesMatchRebuild() {
  const month = `COALESCE(strftime('%Y-%m', a.started_at, '+7 hours'), '')`;
  const pairs: [string, string][] = [
    [
      `SELECT unit_id, clause_group, status, month, numerator, denominator, assessed_items, conform, nc_major, nc_minor, observation, ofi, not_applicable FROM rollup_period_scores ORDER BY 1, 2, 3, 4`,
      `SELECT x.unit_id, x.clause_group, a.status, ${month} AS month, SUM(x.numerator), SUM(x.denominator), SUM(x.assessed_items), SUM(x.conform), SUM(x.nc_major), SUM(x.nc_minor), SUM(x.observation), SUM(x.ofi), SUM(x.not_applicable)
       FROM rollup_scores x JOIN audits a ON a.id = x.audit_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ],
    [
      `SELECT unit_id, status, month, nc_major, nc_minor, recorded, open, action_planned, disputed, withdrawn, action_done, closed, closed_timed, close_ms FROM rollup_period_nonconformities ORDER BY 1, 2, 3`,
      `SELECT x.unit_id, a.status, ${month} AS month, SUM(x.nc_major), SUM(x.nc_minor), SUM(x.recorded), SUM(x.open), SUM(x.action_planned), SUM(x.disputed), SUM(x.withdrawn), SUM(x.action_done), SUM(x.closed), SUM(x.closed_timed), SUM(x.close_ms)
       FROM rollup_nonconformities x JOIN audits a ON a.id = x.audit_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ],
    [
      `SELECT unit_id, due_date, status, month, open_actions FROM rollup_period_actions ORDER BY 1, 2, 3, 4`,
      `SELECT x.unit_id, x.due_date, a.status, ${month} AS month, SUM(x.open_actions) FROM rollup_actions x JOIN audits a ON a.id = x.audit_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ],
    [
      `SELECT unit_id, version_id, status, month, audited_units FROM rollup_period_versions ORDER BY 1, 2, 3, 4`,
      `SELECT x.unit_id, x.version_id, a.status, ${month} AS month, SUM(x.audited_units) FROM rollup_versions x JOIN audits a ON a.id = x.audit_id GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    ],
  ];
  for (const [stored, rebuilt] of pairs) {
    const [a, b] = await env.DB.batch([env.DB.prepare(stored), env.DB.prepare(rebuilt)]);
    expect((a?.results ?? []).map((r) => Object.values(r as object))).toEqual((b?.results ?? []).map((r) => Object.values(r as object)));
  }
}

describe('the period roll-ups (migration 0010)', () => {
  it('serve the whole months of a period and leave the partial ones to the per-audit rows', () => {
    const leader: Scope = { userId: 'u', role: 'leader', unitId: 'r' };
    const plan = (from?: string, to?: string, scope: Scope = leader, by: SummaryBy = 'unit') => periodPlan(scope, { rootUnitId: 'r', from, to }, by);
    expect(plan()).toEqual({ statuses: ['in_progress', 'reporting', 'closed'], months: { first: undefined, last: undefined }, edges: false });
    expect(plan('2024-02-01', '2024-02-29')).toMatchObject({ months: { first: '2024-02', last: '2024-02' }, edges: false });
    expect(plan('2024-02-01', '2024-02-28')).toMatchObject({ months: null, edges: true });
    expect(plan('2025-12-02', '2026-03-31')).toMatchObject({ months: { first: '2026-01', last: '2026-03' }, edges: true });
    expect(plan('2025-12-01', '2026-02-27')).toMatchObject({ months: { first: '2025-12', last: '2026-01' }, edges: true });
    expect(plan(undefined, '2026-01-15')).toMatchObject({ months: { first: undefined, last: '2025-12' }, edges: true });
    expect(plan('2026-05-10', '2026-05-20')).toMatchObject({ months: null, edges: true });
    expect(plan(undefined, undefined, { ...leader, role: 'unit_head' })?.statuses).toEqual(['reporting', 'closed']);
    expect(plan(undefined, undefined, { ...leader, role: 'inspector' })).toBeNull();
    expect(plan(undefined, undefined, leader, 'audit')).toBeNull();
    expect(periodPlan(leader, { rootUnitId: 'r', auditId: 'a' }, 'unit')).toBeNull();
  });

  it('equal the per-audit roll-ups and the raw findings through status changes, periods and scopes', async () => {
    let periodServed = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (sc) => {
        const tree = await makeTree();
        const checklist = await makeChecklist();
        const lead = await signedIn('inspector', tree.province);
        const audits: Awaited<ReturnType<typeof makeAudit>>[] = [];
        for (const a of sc.audits) {
          audits.push(await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: a.status, startedAt: STARTS[a.start] }));
        }
        const rows: { audit: string; unit: string; item_id: string; result: Result; status: FindingStatus; deleted_at: string | null }[] = [];
        const add = async (f: RawFinding, action = 0) => {
          const nc = f.result === 'nc_major' || f.result === 'nc_minor';
          const status: FindingStatus = f.withdrawn && nc ? 'withdrawn' : nc && action > 0 ? 'action_planned' : nc ? 'open' : 'recorded';
          const audit = audits[f.audit % audits.length]!;
          const unit = tree[f.unit];
          const item = checklist.items[f.item]!;
          const { id } = await makeFinding({ auditId: audit.id, unitId: unit, itemId: item.id, result: f.result, status, deleted: f.deleted, recordedBy: lead.id });
          if (nc && action > 0) {
            await makeAction(id, { dueDate: action === 1 ? '2026-01-15' : '2099-12-31', doneAt: action === 3 ? '2026-02-01T00:00:00.000Z' : null });
            await env.DB.batch(recomputeAuditRollups(env.DB, audit.id));
          }
          rows.push({ audit: audit.id, unit, item_id: item.id, result: f.result, status, deleted_at: f.deleted ? 'x' : null });
        };
        for (const f of sc.findings) await add(f, f.action);
        // Status and start changes straight in the table: the database must move the figures by itself.
        const state = new Map(audits.map((a, i) => [a.id, { status: sc.audits[i]!.status, started: sc.audits[i]!.status === 'planned' || sc.audits[i]!.status === 'cancelled' ? null : STARTS[sc.audits[i]!.start]! }]));
        for (const ch of sc.changes) {
          const audit = audits[ch.audit % audits.length]!;
          const started = ch.status === 'planned' ? null : STARTS[ch.start]!;
          await env.DB.prepare('UPDATE audits SET status = ?, started_at = ? WHERE id = ?').bind(ch.status, started, audit.id).run();
          state.set(audit.id, { status: ch.status, started });
        }
        for (const f of sc.late) await add(f);
        await periodTablesMatchRebuild();

        const scopes: Scope[] = [
          { userId: lead.id, role: 'admin', unitId: tree.province },
          { userId: lead.id, role: 'leader', unitId: tree.province },
          { userId: lead.id, role: 'unit_head', unitId: tree.districtA },
          { userId: lead.id, role: 'leader', unitId: tree.districtA },
        ];
        const weightOf = new Map(checklist.items.map((i) => [i.id, i.weight]));
        const vnDate = (iso: string) => new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
        for (const q of sc.queries) {
          const from = q.from >= 0 ? DATES[q.from] : undefined;
          const to = q.to >= 0 ? DATES[q.to] : undefined;
          if (from && to && from > to) continue;
          const scope = scopes[q.who]!;
          const root = q.who >= 2 ? tree.districtA : tree.province;
          const filter = { rootUnitId: root, from, to };
          if (periodPlan(scope, filter, q.by)?.months) periodServed++;
          const served = await summaryFigures(env.DB, scope, filter, q.by, '2026-03-01');
          const oracle = await summaryFigures(env.DB, scope, filter, q.by, '2026-03-01', { periodRollups: false });
          expect(served).toEqual(oracle);

          // And the pooled total from the raw findings, with the audits the filter counts.
          const statuses = scope.role === 'unit_head' ? ['reporting', 'closed'] : COUNTED;
          const counted = audits.filter((a) => {
            const st = state.get(a.id)!;
            if (!statuses.includes(st.status)) return false;
            if ((from || to) && !st.started) return false;
            const day = st.started ? vnDate(st.started) : '';
            return (!from || day >= from) && (!to || day <= to);
          });
          const units = q.who >= 2 ? [tree.communeA] : [tree.communeA, tree.communeB];
          const expected = pool(
            counted.flatMap((a) =>
              units.map((u) => {
                const results = itemResultsFromFindings(rows.filter((r) => r.audit === a.id && r.unit === u));
                return auditUnitScore([...results].map(([item, result]) => ({ result, weight: weightOf.get(item) ?? 0 })), checklist.items.length);
              }),
            ),
          );
          expect([served.total.counts.numerator, served.total.counts.denominator, served.total.totalItems]).toEqual([expected.numerator, expected.denominator, counted.length * units.length * checklist.items.length]);
        }
      }),
      { numRuns: 25 },
    );
    // The runs must have exercised the period roll-ups, not only the fallback.
    expect(periodServed).toBeGreaterThan(10);
  }, 120_000);
});
