// Compliance summaries (DESIGN section 5) read from the per-audit roll-ups of migration 0007 and the unit closure.
// Rates are pooled — Σ numerators / Σ denominators over every (audit, unit) in scope — never averages of averages.
import { AUDIT_ITEMS_SQL, CLAUSE_GROUP_SQL } from './derived-sql.ts';
import { and, scopeUnderRoot, type Scope, type SqlFragment } from '../lib/scope.ts';

export type SummaryBy = 'unit' | 'clause' | 'month' | 'audit';

/** Audits count from their start; the period filters on the start date in Asia/Ho_Chi_Minh. */
const AUDIT_DATE = `date(a.started_at, '+7 hours')`;
const AUDIT_MONTH = `strftime('%Y-%m', a.started_at, '+7 hours')`;
const COUNTED_STATUSES = `a.status IN ('in_progress', 'reporting', 'closed')`;

export interface SummaryFilter {
  rootUnitId: string;
  from?: string | undefined;
  to?: string | undefined;
  auditId?: string | undefined;
}

export interface SummaryCounts {
  numerator: number;
  denominator: number;
  assessed_items: number;
  conform: number;
  nc_major: number;
  nc_minor: number;
  observation: number;
  ofi: number;
  not_applicable: number;
}

export interface SummaryRowRaw extends SummaryCounts {
  key: string;
  label: string | null;
}

/** One group of the summary: its pooled figures (zero when nothing was assessed) and its coverage denominator. */
export interface SummaryGroup {
  key: string;
  label: string | null;
  counts: SummaryCounts;
  totalItems: number;
}

export interface NonconformityCounts {
  by_severity: { nc_major: number; nc_minor: number };
  by_status: Record<string, number>;
  overdue_actions: number;
  mean_days_to_close: number | null;
}

export interface SummaryFigures {
  groups: SummaryGroup[];
  /** The whole scope: the groups partition it (each unit, clause group, month or audit is in exactly one). */
  total: { counts: SummaryCounts; totalItems: number };
  nonconformities: NonconformityCounts;
}

const COUNT_KEYS = ['numerator', 'denominator', 'assessed_items', 'conform', 'nc_major', 'nc_minor', 'observation', 'ofi', 'not_applicable'] as const;
const RESULT_SUMS = `SUM(CASE WHEN r.result IN ('conform', 'ofi', 'observation') THEN r.weight ELSE 0 END) AS numerator,
  SUM(CASE WHEN r.result <> 'not_applicable' THEN r.weight ELSE 0 END) AS denominator, COUNT(*) AS assessed_items,
  SUM(r.result = 'conform') AS conform, SUM(r.result = 'nc_major') AS nc_major, SUM(r.result = 'nc_minor') AS nc_minor,
  SUM(r.result = 'observation') AS observation, SUM(r.result = 'ofi') AS ofi, SUM(r.result = 'not_applicable') AS not_applicable`;
const NC_STATUSES = ['recorded', 'open', 'action_planned', 'disputed', 'withdrawn', 'action_done', 'closed'] as const;

const zeroCounts = (): SummaryCounts => ({ numerator: 0, denominator: 0, assessed_items: 0, conform: 0, nc_major: 0, nc_minor: 0, observation: 0, ofi: 0, not_applicable: 0 });

/**
 * The rows counted, as a condition on a roll-up row's `auditCol`: the caller may see the root (`?1`; one lookup, as
 * every row lies under it) and the audit is started and not cancelled, in the period and visible to the caller.
 * Leaders and unit heads may only name a root inside their subtree (the route checks it with getUnit), which is
 * what the pairwise check "every counted unit is in the caller's subtree" comes down to.
 */
function countedRows(scope: Scope, f: SummaryFilter, auditCol: string): SqlFragment {
  const s = scopeUnderRoot(scope, 'a.id', '?1');
  const parts: SqlFragment[] = [{ sql: COUNTED_STATUSES, params: [] }, s.audit];
  if (f.from) parts.push({ sql: `${AUDIT_DATE} >= ?`, params: [f.from] });
  if (f.to) parts.push({ sql: `${AUDIT_DATE} <= ?`, params: [f.to] });
  if (f.auditId) parts.push({ sql: 'a.id = ?', params: [f.auditId] });
  const audits = and(...parts);
  // The unary + keeps SQLite from probing the roll-up key once per counted audit: it reads the root's range and
  // filters it against the audit list instead, which is cheaper for large roots and small ones alike.
  return { sql: `${s.root.sql} AND +${auditCol} IN (SELECT a.id FROM audits a WHERE ${audits.sql})`, params: [...s.root.params, ...audits.params] };
}

/** Numbers the bare `?` placeholders of the scope and period fragments after the explicit ones (`?1` is the root). */
function numbered(sql: string, firstFree: number): string {
  let n = firstFree - 1;
  return sql.replace(/\?(?!\d)/g, () => `?${++n}`);
}

/** A statement over the counted rows: `?1` is the root, `extra` binds `?2`…, then the filter's own parameters. */
function rollupStatement(db: D1Database, scope: Scope, f: SummaryFilter, sql: (counted: (auditCol: string) => string) => string, extra: unknown[] = []): D1PreparedStatement {
  let params: unknown[] = [];
  const text = sql((auditCol) => {
    const counted = countedRows(scope, f, auditCol);
    params = counted.params;
    return counted.sql;
  });
  return db.prepare(numbered(text, 2 + extra.length)).bind(f.rootUnitId, ...extra, ...params);
}

/**
 * Per-group score rows. By unit: each direct child of the root, from its roll-up rows (its whole subtree); the
 * root's own audits come from `selfScoresStatement`. Otherwise the root's roll-up rows grouped by clause group,
 * audit start month or audit.
 */
function scoresStatement(db: D1Database, scope: Scope, f: SummaryFilter, by: SummaryBy): D1PreparedStatement {
  const sums = COUNT_KEYS.map((k) => `SUM(x.${k}) AS ${k}`).join(', ');
  return rollupStatement(db, scope, f, (counted) => {
    switch (by) {
      case 'unit':
        return `SELECT k.descendant_id AS key, (SELECT name FROM units WHERE id = k.descendant_id) AS label, ${sums}
          FROM unit_closure k JOIN rollup_scores x ON x.unit_id = k.descendant_id AND x.clause_group = ''
          WHERE k.ancestor_id = ?1 AND k.depth = 1 AND ${counted('x.audit_id')} GROUP BY k.descendant_id`;
      case 'clause':
        return `SELECT x.clause_group AS key, NULL AS label, ${sums} FROM rollup_scores x
          WHERE x.unit_id = ?1 AND x.clause_group <> '' AND ${counted('x.audit_id')} GROUP BY x.clause_group`;
      case 'month':
      case 'audit': {
        const key = by === 'month' ? AUDIT_MONTH : 'a.id';
        return `SELECT ${key} AS key, ${by === 'audit' ? 'a.code' : 'NULL'} AS label, ${sums}
          FROM rollup_scores x JOIN audits a ON a.id = x.audit_id
          WHERE x.unit_id = ?1 AND x.clause_group = '' AND ${counted('x.audit_id')} GROUP BY ${key}`;
      }
    }
  });
}

/** By unit, the root's own group: audits of the root unit itself, from its item_results (few rows). */
function selfScoresStatement(db: D1Database, scope: Scope, f: SummaryFilter): D1PreparedStatement {
  return rollupStatement(
    db,
    scope,
    f,
    (counted) => `SELECT r.unit_id AS key, (SELECT name FROM units WHERE id = r.unit_id) AS label, ${RESULT_SUMS}
      FROM item_results r WHERE r.unit_id = ?1 AND ${counted('r.audit_id')} GROUP BY r.unit_id`,
  );
}

/**
 * Coverage denominators per group (audited units × items of the pinned versions): summed from rollup_units, plus by
 * unit the root's own audits from audit_units; by clause, audited units × the pinned versions' items per clause group.
 */
function totalsStatement(db: D1Database, scope: Scope, f: SummaryFilter, by: SummaryBy): D1PreparedStatement {
  return rollupStatement(db, scope, f, (counted) => {
    switch (by) {
      case 'unit':
        return `SELECT x.unit_id AS key, (SELECT name FROM units WHERE id = x.unit_id) AS label, SUM(x.total_items) AS n
          FROM (SELECT x.audit_id, k.descendant_id AS unit_id, x.total_items FROM unit_closure k JOIN rollup_units x ON x.unit_id = k.descendant_id
                WHERE k.ancestor_id = ?1 AND k.depth = 1
                UNION ALL SELECT au.audit_id, au.unit_id, (${AUDIT_ITEMS_SQL('au.audit_id')}) FROM audit_units au WHERE au.unit_id = ?1) x
          WHERE ${counted('x.audit_id')} GROUP BY x.unit_id`;
      case 'month':
      case 'audit': {
        const key = by === 'month' ? AUDIT_MONTH : 'a.id';
        return `SELECT ${key} AS key, ${by === 'audit' ? 'a.code' : 'NULL'} AS label, SUM(x.total_items) AS n
          FROM rollup_units x JOIN audits a ON a.id = x.audit_id
          WHERE x.unit_id = ?1 AND ${counted('x.audit_id')} GROUP BY ${key}`;
      }
      case 'clause':
        return `WITH pairs AS (
            SELECT ac.version_id AS version_id, SUM(x.audited_units) AS n
            FROM rollup_units x JOIN audit_checklists ac ON ac.audit_id = x.audit_id
            WHERE x.unit_id = ?1 AND ${counted('x.audit_id')} GROUP BY 1),
          per_version AS (
            SELECT i.version_id AS version_id, ${CLAUSE_GROUP_SQL('i.clause')} AS clause_group, COUNT(*) AS n
            FROM checklist_items i WHERE i.version_id IN (SELECT version_id FROM pairs) GROUP BY 1, 2)
          SELECT v.clause_group AS key, NULL AS label, SUM(p.n * v.n) AS n
          FROM pairs p JOIN per_version v ON v.version_id = p.version_id GROUP BY 1`;
    }
  });
}

/** NC findings by severity and status and the time to close them, pooled over the root's roll-up rows. */
function nonconformityStatement(db: D1Database, scope: Scope, f: SummaryFilter): D1PreparedStatement {
  const sums = ['nc_major', 'nc_minor', ...NC_STATUSES, 'closed_timed', 'close_ms'].map((k) => `COALESCE(SUM(x.${k}), 0) AS ${k}`).join(', ');
  return rollupStatement(db, scope, f, (counted) => `SELECT ${sums} FROM rollup_nonconformities x WHERE x.unit_id = ?1 AND ${counted('x.audit_id')}`);
}

/** Planned actions not done whose due date is before today (`?2`). */
function overdueStatement(db: D1Database, scope: Scope, f: SummaryFilter, today: string): D1PreparedStatement {
  return rollupStatement(
    db,
    scope,
    f,
    (counted) => `SELECT COALESCE(SUM(x.open_actions), 0) AS n FROM rollup_actions x WHERE x.unit_id = ?1 AND x.due_date < ?2 AND ${counted('x.audit_id')}`,
    [today],
  );
}

type NcRow = Record<'nc_major' | 'nc_minor' | 'closed_timed' | 'close_ms' | (typeof NC_STATUSES)[number], number>;

/**
 * Everything GET /summary shows for one root, period and grouping, read in one D1 batch (one round trip):
 * the groups with their scores and coverage denominators, the total, and the nonconformity counts.
 */
export async function summaryFigures(db: D1Database, scope: Scope, f: SummaryFilter, by: SummaryBy, today: string): Promise<SummaryFigures> {
  const [scores, totals, ncs, overdue, self] = await db.batch([
    scoresStatement(db, scope, f, by),
    totalsStatement(db, scope, f, by),
    nonconformityStatement(db, scope, f),
    overdueStatement(db, scope, f, today),
    ...(by === 'unit' ? [selfScoresStatement(db, scope, f)] : []),
  ]);
  const scoreRows = [...((scores?.results ?? []) as SummaryRowRaw[]), ...((self?.results ?? []) as SummaryRowRaw[])];
  const totalRows = (totals?.results ?? []) as { key: string; label: string | null; n: number }[];
  const byKey = new Map(scoreRows.map((r) => [r.key, r]));
  const totalByKey = new Map(totalRows.map((r) => [r.key, r]));
  // Groups with pinned items but no result yet still appear, with zero coverage.
  const keys = [...new Set([...totalByKey.keys(), ...byKey.keys()])].sort();
  const groups: SummaryGroup[] = keys.map((key) => {
    const raw = byKey.get(key);
    const counts = zeroCounts();
    if (raw) for (const k of COUNT_KEYS) counts[k] = raw[k];
    return { key, label: raw?.label ?? totalByKey.get(key)?.label ?? null, counts, totalItems: totalByKey.get(key)?.n ?? 0 };
  });
  const total = { counts: zeroCounts(), totalItems: 0 };
  for (const g of groups) {
    for (const k of COUNT_KEYS) total.counts[k] += g.counts[k];
    total.totalItems += g.totalItems;
  }

  const nc = (ncs?.results[0] ?? {}) as Partial<NcRow>;
  const counts: NonconformityCounts = {
    by_severity: { nc_major: nc.nc_major ?? 0, nc_minor: nc.nc_minor ?? 0 },
    by_status: {},
    overdue_actions: (overdue?.results[0] as { n: number } | undefined)?.n ?? 0,
    mean_days_to_close: null,
  };
  for (const status of NC_STATUSES) if ((nc[status] ?? 0) > 0) counts.by_status[status] = nc[status] ?? 0;
  const timed = nc.closed_timed ?? 0;
  if (timed > 0) counts.mean_days_to_close = Math.round(((nc.close_ms ?? 0) / timed / 86_400_000) * 10) / 10;
  return { groups, total, nonconformities: counts };
}
