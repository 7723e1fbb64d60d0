// Property: on random findings, GET /summary equals a direct computation from the raw findings with the shared
// formulas (worst live result per item, pooled over every (audit, unit) in the subtree).
import { auditUnitScore, itemResultsFromFindings, pool, RESULTS, type FindingStatus, type Result } from '@onestop/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
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
