// Compliance formulas (DESIGN section 5) as pure functions: item results, the (audit, unit) score, pooled roll-ups
// over a subtree, and grouping by clause and month. Rates are always pooled sums, never averages of averages.
import { RESULTS, type FindingStatus, type Result } from '../schemas/enums.ts';
import type { ResultCounts } from '../schemas/summary.ts';
import { vietnamMonth } from './dates.ts';
import { findingCounts } from './finding-workflow.ts';
import { clauseGroup, isConforming, worstResult } from './severity.ts';

/** The item result of one checklist item with the item's weight (1–3). */
export interface WeightedResult {
  result: Result;
  weight: number;
}

export interface ClauseWeightedResult extends WeightedResult {
  clause: string;
}

/** The additive parts of a score: pooling adds these, rates are derived from the sums. */
export interface ScoreSums {
  numerator: number;
  denominator: number;
  /** Items with an item result (not_applicable included: the inspector decided it). */
  assessed: number;
  /** Items of the pinned checklist versions. */
  total_items: number;
}

export interface Score extends ScoreSums {
  /** numerator / denominator, null when the denominator is 0. */
  compliance_rate: number | null;
  /** assessed / total_items, null when there are no items. */
  coverage: number | null;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

const withRates = (s: ScoreSums): Score => ({
  ...s,
  compliance_rate: ratio(s.numerator, s.denominator),
  coverage: ratio(s.assessed, s.total_items),
});

/**
 * The worst live result per item from raw findings (deleted and withdrawn findings are left out); items without a
 * live finding have no item result.
 */
export function itemResultsFromFindings(
  findings: Iterable<{ item_id: string; result: Result; status: FindingStatus; deleted_at: string | null }>,
): Map<string, Result> {
  const byItem = new Map<string, Result[]>();
  for (const f of findings) {
    if (!findingCounts(f)) continue;
    const list = byItem.get(f.item_id);
    if (list === undefined) byItem.set(f.item_id, [f.result]);
    else list.push(f.result);
  }
  const out = new Map<string, Result>();
  for (const [item, results] of byItem) {
    const worst = worstResult(results);
    if (worst !== null) out.set(item, worst);
  }
  return out;
}

/**
 * Score of one (audit, unit) from its item results (one per assessed item). numerator = Σ weight of conform, ofi and
 * observation; denominator = Σ weight of everything but not_applicable; items without a result count nowhere.
 */
export function auditUnitScore(itemResults: readonly WeightedResult[], checklistItemCount: number): Score {
  let numerator = 0;
  let denominator = 0;
  for (const { result, weight } of itemResults) {
    if (result === 'not_applicable') continue;
    denominator += weight;
    if (isConforming(result)) numerator += weight;
  }
  return withRates({ numerator, denominator, assessed: itemResults.length, total_items: checklistItemCount });
}

/** Pools scores: Σ numerators / Σ denominators (and Σ assessed / Σ items). */
export function pool(scores: Iterable<ScoreSums>): Score {
  const sums: ScoreSums = { numerator: 0, denominator: 0, assessed: 0, total_items: 0 };
  for (const s of scores) {
    sums.numerator += s.numerator;
    sums.denominator += s.denominator;
    sums.assessed += s.assessed;
    sums.total_items += s.total_items;
  }
  return withRates(sums);
}

/** Pools entries into buckets; an entry may fall in several buckets (a list of keys) or none (null). */
export function poolBy<T>(
  entries: Iterable<T>,
  keyOf: (entry: T) => string | readonly string[] | null,
  scoreOf: (entry: T) => ScoreSums,
): Map<string, Score> {
  const buckets = new Map<string, ScoreSums[]>();
  for (const e of entries) {
    const k = keyOf(e);
    if (k === null) continue;
    for (const key of typeof k === 'string' ? [k] : k) {
      const list = buckets.get(key);
      if (list === undefined) buckets.set(key, [scoreOf(e)]);
      else list.push(scoreOf(e));
    }
  }
  return new Map([...buckets].map(([key, list]) => [key, pool(list)]));
}

/** The unit and its ancestors, nearest first (stops on a cycle). */
export function ancestorsAndSelf(unitId: string, parentOf: (unitId: string) => string | null | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let current: string | null | undefined = unitId;
  while (current !== null && current !== undefined && !seen.has(current)) {
    out.push(current);
    seen.add(current);
    current = parentOf(current);
  }
  return out;
}

/**
 * Roll-up for every unit of the tree: each (audit, unit′) score pooled into unit′ and each of its ancestors, so a
 * unit's score is the pooled sum over its subtree.
 */
export function rollUpSubtree<T extends { unit_id: string } & ScoreSums>(
  entries: Iterable<T>,
  parentOf: (unitId: string) => string | null | undefined,
): Map<string, Score> {
  return poolBy(
    entries,
    (e) => ancestorsAndSelf(e.unit_id, parentOf),
    (e) => e,
  );
}

/**
 * Scores per clause group (`8.5`) of one (audit, unit): item results grouped by `clauseGroup`, with the checklist's
 * items per group as the coverage denominator.
 */
export function scoresByClause(
  itemResults: readonly ClauseWeightedResult[],
  checklistItems: readonly { clause: string }[],
): Map<string, Score> {
  const results = new Map<string, WeightedResult[]>();
  for (const r of itemResults) {
    const g = clauseGroup(r.clause);
    const list = results.get(g);
    if (list === undefined) results.set(g, [r]);
    else list.push(r);
  }
  const totals = new Map<string, number>();
  for (const item of checklistItems) {
    const g = clauseGroup(item.clause);
    totals.set(g, (totals.get(g) ?? 0) + 1);
  }
  const groups = [...new Set([...totals.keys(), ...results.keys()])].sort(compareClauses);
  return new Map(groups.map((g) => [g, auditUnitScore(results.get(g) ?? [], totals.get(g) ?? 0)]));
}

/** Orders clauses numerically (`7.1` < `7.2` < `7.10` < `8`). */
export function compareClauses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

/** When an audit counts for period filters and the month roll-up: its start, else its planned start. */
export const auditStart = (audit: { started_at: string | null; planned_start: string }): string =>
  audit.started_at ?? audit.planned_start;

/** The month bucket `YYYY-MM` of an audit: the month of its start in Asia/Ho_Chi_Minh (UTC+7). */
export const auditMonth = (audit: { started_at: string | null; planned_start: string }): string =>
  vietnamMonth(auditStart(audit));

/** Item results counted by value (every result present, zero when absent). */
export function countResults(results: Iterable<Result>): ResultCounts {
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0])) as ResultCounts;
  for (const r of results) counts[r] += 1;
  return counts;
}
