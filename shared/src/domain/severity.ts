// Severity of finding results (DESIGN section 5): worst first nc_major > nc_minor > observation > ofi > conform >
// not_applicable; and ISO clause groups (`8.5.1` counts under `8.5`).
import { NC_RESULTS, RESULTS, type Result } from '../schemas/enums.ts';

export type NcResult = (typeof NC_RESULTS)[number];

/** 0 for the worst result (nc_major) up to 5 (not_applicable): the index in RESULTS. */
export const SEVERITY_RANK: Readonly<Record<Result, number>> = Object.fromEntries(RESULTS.map((r, i) => [r, i])) as Record<
  Result,
  number
>;

export const severityRank = (r: Result): number => SEVERITY_RANK[r];

/** Sort comparator, worst first. */
export const compareSeverity = (a: Result, b: Result): number => SEVERITY_RANK[a] - SEVERITY_RANK[b];

/**
 * The worst of the results, or null when there are none. Takes every result given: the caller leaves out
 * deleted and withdrawn findings.
 */
export function worstResult(results: Iterable<Result>): Result | null {
  let worst: Result | null = null;
  for (const r of results) {
    if (worst === null || SEVERITY_RANK[r] < SEVERITY_RANK[worst]) worst = r;
  }
  return worst;
}

export const isNonconformity = (r: Result): r is NcResult => r === 'nc_major' || r === 'nc_minor';

/**
 * A nonconformity must say what was wrong (issue 16): a major or minor nonconformity recorded with a blank note is
 * refused by the API and cannot be submitted from the side panel or the dashboard.
 */
export const requiresNote = (r: Result): boolean => isNonconformity(r);

/** True when `note` is missing where `result` requires one. */
export const noteMissing = (r: Result, note: string | null | undefined): boolean => requiresNote(r) && (note ?? '').trim().length === 0;

/** Results that count in the numerator: the requirement is met (observations and OFIs are not nonconformities). */
export const isConforming = (r: Result): boolean => r === 'conform' || r === 'ofi' || r === 'observation';

/** The clause group: the first two numbers (`8.5.1` → `8.5`, `10.2` → `10.2`, `7` → `7`). */
export function clauseGroup(clause: string): string {
  const parts = clause.split('.');
  return parts.length <= 2 ? clause : `${parts[0]}.${parts[1]}`;
}
