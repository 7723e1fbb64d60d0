// Compliance over a unit's subtree and a period, straight from GET /summary (no number is recomputed here): the
// roll-up by child unit, by ISO clause group, by month, and the units × clauses heat map (one by-clause summary per
// child unit).
import { signal } from '@preact/signals';
import { compareClauses, IdSchema } from '@onestop/shared';
import type { Api } from '../lib/api.ts';
import { createResource } from '../lib/resource.ts';
import { SummarySchema, type Summary, type SummaryRow } from '../lib/schemas.ts';

export interface ComplianceScope {
  unit: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

export function scopeFromQuery(q: URLSearchParams): ComplianceScope {
  const unit = q.get('unit');
  const date = (k: string) => {
    const v = q.get(k);
    return v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
  };
  return { unit: unit !== null && IdSchema.safeParse(unit).success ? unit : undefined, from: date('from'), to: date('to') };
}

/** The scope as one string, e.g. for `data-loaded-scope`: `unit|from|to`, empty where not set. */
export const scopeKey = (scope: ComplianceScope) => `${scope.unit ?? ''}|${scope.from ?? ''}|${scope.to ?? ''}`;

export interface HeatMap {
  units: { id: string; name: string }[];
  clauses: string[];
  /** unit id → clause group → row. */
  cells: Map<string, Map<string, SummaryRow>>;
}

export function createComplianceStore(api: Api) {
  const byUnit = createResource<Summary>();
  const byClause = createResource<Summary>();
  const byMonth = createResource<Summary>();
  const heat = createResource<HeatMap>();

  const get = (scope: ComplianceScope, by: Summary['by'], unit = scope.unit) => api.get('/summary', SummarySchema, { unit, from: scope.from, to: scope.to, by });

  /** The scope (`scopeKey`) whose figures by unit, clause and month are all on the page; null while one loads. */
  const shown = signal<string | null>(null);
  let loads = 0;

  async function load(scope: ComplianceScope): Promise<void> {
    const mine = ++loads;
    shown.value = null;
    const unitsP = byUnit.load(() => get(scope, 'unit'));
    const clauseP = byClause.load(() => get(scope, 'clause').then((s) => ({ ...s, rows: [...s.rows].sort((a, b) => compareClauses(a.key, b.key)) })));
    const monthP = byMonth.load(() => get(scope, 'month').then((s) => ({ ...s, rows: [...s.rows].sort((a, b) => a.key.localeCompare(b.key)) })));
    void Promise.all([unitsP, clauseP, monthP]).then((all) => {
      if (mine === loads && all.every((x) => x !== null)) shown.value = scopeKey(scope);
    });
    const [units, clauses] = await Promise.all([unitsP, clauseP]);
    if (!units || !clauses) {
      heat.set(null);
      return;
    }
    await heat.load(async () => {
      const rootId = units.unit.id;
      // Child units pool their subtree; the root's own row covers only audits of the root unit itself, so the heat
      // map shows the children, or the root alone when it has no child with data (a commune).
      const children = units.rows.filter((r) => r.key !== rootId && r.total_items > 0);
      const rows = children.length > 0 ? children : [{ key: rootId, label: units.unit.name }];
      const summaries = await Promise.all(rows.map((r) => (r.key === rootId ? Promise.resolve(clauses) : get(scope, 'clause', r.key))));
      const cells = new Map<string, Map<string, SummaryRow>>();
      const clauseSet = new Set<string>();
      summaries.forEach((s, i) => {
        const row = rows[i];
        if (!row) return;
        cells.set(row.key, new Map(s.rows.map((c) => [c.key, c])));
        for (const c of s.rows) clauseSet.add(c.key);
      });
      return {
        units: rows.map((r) => ({ id: r.key, name: r.label ?? r.key })),
        clauses: [...clauseSet].sort(compareClauses),
        cells,
      };
    });
  }

  return { byUnit, byClause, byMonth, heat, load, shown };
}

export type ComplianceStore = ReturnType<typeof createComplianceStore>;
