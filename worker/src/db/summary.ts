// Compliance summaries (DESIGN section 5) read from the roll-ups and the unit closure: the period roll-ups of
// migration 0010 (per unit subtree, audit status and start month) for the whole months of the period, the per-audit
// roll-ups of migration 0007 for its partial months, a single audit and an inspector's own audits (ADR 0009).
// Rates are pooled — Σ numerators / Σ denominators over every (audit, unit) in scope — never averages of averages.
import { AUDIT_ITEMS_SQL, CLAUSE_GROUP_SQL } from './derived-sql.ts';
import { and, scopeUnderRoot, type Scope, type SqlFragment } from '../lib/scope.ts';

export type SummaryBy = 'unit' | 'clause' | 'month' | 'audit';

/** Audits count from their start; the period filters on the start date in Asia/Ho_Chi_Minh. */
const AUDIT_DATE = `date(a.started_at, '+7 hours')`;
const AUDIT_MONTH = `strftime('%Y-%m', a.started_at, '+7 hours')`;
const COUNTED = ['in_progress', 'reporting', 'closed'] as const;
const COUNTED_STATUSES = `a.status IN (${COUNTED.map((st) => `'${st}'`).join(', ')})`;

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
function countedRows(scope: Scope, f: SummaryFilter, auditCol: string, extra: SqlFragment[] = []): SqlFragment {
  const s = scopeUnderRoot(scope, 'a.id', '?1');
  const parts: SqlFragment[] = [{ sql: COUNTED_STATUSES, params: [] }, s.audit, ...extra];
  if (f.from) parts.push({ sql: `${AUDIT_DATE} >= ?`, params: [f.from] });
  if (f.to) parts.push({ sql: `${AUDIT_DATE} <= ?`, params: [f.to] });
  if (f.auditId) parts.push({ sql: 'a.id = ?', params: [f.auditId] });
  const audits = and(...parts);
  // The unary + keeps SQLite from probing the roll-up key once per counted audit: it reads the root's range and
  // filters it against the audit list instead, which is cheaper for large roots and small ones alike.
  return { sql: `${s.root.sql} AND +${auditCol} IN (SELECT a.id FROM audits a WHERE ${audits.sql})`, params: [...s.root.params, ...audits.params] };
}

/**
 * How the period roll-ups (migration 0010) serve a summary, or null when they cannot: by audit, for a single audit
 * and for inspectors (whose scope is their own audits) every figure comes from the per-audit roll-ups.
 */
export interface PeriodPlan {
  /** The audit statuses counted: started and not cancelled, and for unit heads from `reporting` on (DESIGN section 4). */
  statuses: readonly string[];
  /** The whole months of the period ('YYYY-MM', either end open), read from the period roll-ups; null when none. */
  months: { first?: string | undefined; last?: string | undefined } | null;
  /** Whether the period has audits outside those months (its partial first or last month), read per audit. */
  edges: boolean;
}

const monthOf = (date: string) => date.slice(0, 7);

/** 'YYYY-MM' plus `n` months. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const isFirstDay = (date: string) => date.endsWith('-01');
const isLastDay = (date: string) => new Date(`${date}T00:00:00Z`).getTime() + 86_400_000 === new Date(`${addMonths(monthOf(date), 1)}-01T00:00:00Z`).getTime();

/**
 * The plan for one summary: the statuses the caller counts, the whole months of the period (`from` on a 1st, `to` on a
 * month's last day; otherwise the next or previous month) and whether partial months are left for the per-audit rows.
 */
export function periodPlan(scope: Scope, f: SummaryFilter, by: SummaryBy): PeriodPlan | null {
  if (by === 'audit' || f.auditId !== undefined || scope.role === 'inspector') return null;
  const statuses = scope.role === 'unit_head' ? COUNTED.filter((st) => st !== 'in_progress') : COUNTED;
  const first = f.from === undefined ? undefined : isFirstDay(f.from) ? monthOf(f.from) : addMonths(monthOf(f.from), 1);
  const last = f.to === undefined ? undefined : isLastDay(f.to) ? monthOf(f.to) : addMonths(monthOf(f.to), -1);
  if (first !== undefined && last !== undefined && first > last) return { statuses, months: null, edges: true };
  const edges = (f.from !== undefined && !isFirstDay(f.from)) || (f.to !== undefined && !isLastDay(f.to));
  return { statuses, months: { first, last }, edges };
}

/** A condition on a period roll-up row `x`: the root visible to the caller, a counted status, a whole month. */
function periodRows(scope: Scope, plan: PeriodPlan): SqlFragment {
  const parts: SqlFragment[] = [scopeUnderRoot(scope, 'x.unit_id', '?1').root, { sql: `x.status IN (${plan.statuses.map(() => '?').join(', ')})`, params: [...plan.statuses] }];
  if (plan.months?.first !== undefined) parts.push({ sql: 'x.month >= ?', params: [plan.months.first] });
  if (plan.months?.last !== undefined) parts.push({ sql: 'x.month <= ?', params: [plan.months.last] });
  return and(...parts);
}

/** A condition on a per-audit roll-up row `x`: counted as countedRows says, and outside the plan's whole months. */
function edgeRows(scope: Scope, f: SummaryFilter, plan: PeriodPlan): SqlFragment {
  const outside: SqlFragment[] = [];
  if (plan.months?.first !== undefined) outside.push({ sql: `${AUDIT_MONTH} < ?`, params: [plan.months.first] });
  if (plan.months?.last !== undefined) outside.push({ sql: `${AUDIT_MONTH} > ?`, params: [plan.months.last] });
  const extra = outside.length > 0 ? [{ sql: outside.map((o) => o.sql).join(' OR '), params: outside.flatMap((o) => o.params) }] : [];
  return countedRows(scope, f, 'x.audit_id', extra);
}

/**
 * A statement that sums rows from the period roll-ups (`period`, given a condition on `x`) and from the per-audit
 * roll-ups of the partial months (`perAudit`), as the plan says: `?1` is the root, `extra` binds `?2`….
 */
function periodStatement(
  db: D1Database,
  scope: Scope,
  f: SummaryFilter,
  plan: PeriodPlan,
  parts: { period: (cond: string) => string; perAudit: (cond: string) => string; outer: (rows: string) => string; more?: SqlFragment | undefined },
  extra: unknown[] = [],
): D1PreparedStatement {
  const selects: string[] = [];
  const params: unknown[] = [];
  if (plan.months !== null) {
    const cond = periodRows(scope, plan);
    selects.push(parts.period(cond.sql));
    params.push(...cond.params);
  }
  if (plan.edges) {
    const cond = edgeRows(scope, f, plan);
    selects.push(parts.perAudit(cond.sql));
    params.push(...cond.params);
  }
  if (parts.more) {
    selects.push(parts.more.sql);
    params.push(...parts.more.params);
  }
  return db.prepare(numbered(parts.outer(selects.join(' UNION ALL ')), 2 + extra.length)).bind(f.rootUnitId, ...extra, ...params);
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

/** scoresStatement from the period roll-ups (and the per-audit ones for the partial months). */
function periodScoresStatement(db: D1Database, scope: Scope, f: SummaryFilter, by: 'unit' | 'clause' | 'month', plan: PeriodPlan): D1PreparedStatement {
  const cols = COUNT_KEYS.map((k) => `x.${k}`).join(', ');
  const sums = COUNT_KEYS.map((k) => `SUM(${k}) AS ${k}`).join(', ');
  const rows = (table: string, month: string, cond: string) => {
    const audit = table === 'rollup_scores' && by === 'month' ? ' JOIN audits a ON a.id = x.audit_id' : '';
    switch (by) {
      case 'unit':
        return `SELECT k.descendant_id AS key, ${cols} FROM unit_closure k JOIN ${table} x ON x.unit_id = k.descendant_id AND x.clause_group = ''
          WHERE k.ancestor_id = ?1 AND k.depth = 1 AND ${cond}`;
      case 'clause':
        return `SELECT x.clause_group AS key, ${cols} FROM ${table} x WHERE x.unit_id = ?1 AND x.clause_group <> '' AND ${cond}`;
      case 'month':
        return `SELECT ${month} AS key, ${cols} FROM ${table} x${audit} WHERE x.unit_id = ?1 AND x.clause_group = '' AND ${cond}`;
    }
  };
  const label = by === 'unit' ? '(SELECT name FROM units WHERE id = key)' : 'NULL';
  return periodStatement(db, scope, f, plan, {
    period: (cond) => rows('rollup_period_scores', 'x.month', cond),
    perAudit: (cond) => rows('rollup_scores', AUDIT_MONTH, cond),
    outer: (union) => `SELECT key, ${label} AS label, ${sums} FROM (${union}) GROUP BY key`,
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

/**
 * totalsStatement from the period roll-ups: audited units per pinned version (and the partial months' and the root's
 * own audits per audit) × the items of that version, or of each of its clause groups.
 */
function periodTotalsStatement(db: D1Database, scope: Scope, f: SummaryFilter, by: 'unit' | 'clause' | 'month', plan: PeriodPlan): D1PreparedStatement {
  const rows = (table: string, month: string, cond: string) => {
    const audit = table === 'rollup_versions' && by === 'month' ? ' JOIN audits a ON a.id = x.audit_id' : '';
    switch (by) {
      case 'unit':
        return `SELECT k.descendant_id AS key, x.version_id, x.audited_units AS units FROM unit_closure k JOIN ${table} x ON x.unit_id = k.descendant_id
          WHERE k.ancestor_id = ?1 AND k.depth = 1 AND ${cond}`;
      case 'clause':
        return `SELECT '' AS key, x.version_id, x.audited_units AS units FROM ${table} x WHERE x.unit_id = ?1 AND ${cond}`;
      case 'month':
        return `SELECT ${month} AS key, x.version_id, x.audited_units AS units FROM ${table} x${audit} WHERE x.unit_id = ?1 AND ${cond}`;
    }
  };
  // By unit the root's own audits are a group of their own (the root's rows hold its whole subtree).
  const counted = countedRows(scope, f, 'au.audit_id');
  const own =
    by === 'unit'
      ? { sql: `SELECT au.unit_id AS key, ac.version_id, 1 AS units FROM audit_units au JOIN audit_checklists ac ON ac.audit_id = au.audit_id WHERE au.unit_id = ?1 AND ${counted.sql}`, params: counted.params }
      : undefined;
  const clause = by === 'clause';
  return periodStatement(db, scope, f, plan, {
    period: (cond) => rows('rollup_period_versions', 'x.month', cond),
    perAudit: (cond) => rows('rollup_versions', AUDIT_MONTH, cond),
    more: own,
    outer: (union) => `WITH pairs AS (SELECT key, version_id, SUM(units) AS units FROM (${union}) GROUP BY 1, 2),
        per_version AS (SELECT i.version_id AS version_id, ${clause ? CLAUSE_GROUP_SQL('i.clause') : "''"} AS clause_group, COUNT(*) AS n
          FROM checklist_items i WHERE i.version_id IN (SELECT version_id FROM pairs) GROUP BY 1, 2)
      SELECT ${clause ? 'v.clause_group' : 'p.key'} AS key, ${by === 'unit' ? '(SELECT name FROM units WHERE id = p.key)' : 'NULL'} AS label, SUM(p.units * v.n) AS n
      FROM pairs p JOIN per_version v ON v.version_id = p.version_id GROUP BY 1`,
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

/** overdueStatement from the period roll-ups (and the per-audit ones for the partial months). */
function periodOverdueStatement(db: D1Database, scope: Scope, f: SummaryFilter, plan: PeriodPlan, today: string): D1PreparedStatement {
  const rows = (table: string, cond: string) => `SELECT x.open_actions AS n FROM ${table} x WHERE x.unit_id = ?1 AND x.due_date < ?2 AND ${cond}`;
  return periodStatement(
    db,
    scope,
    f,
    plan,
    { period: (cond) => rows('rollup_period_actions', cond), perAudit: (cond) => rows('rollup_actions', cond), outer: (union) => `SELECT COALESCE(SUM(n), 0) AS n FROM (${union})` },
    [today],
  );
}

/** nonconformityStatement from the period roll-ups (and the per-audit ones for the partial months). */
function periodNonconformityStatement(db: D1Database, scope: Scope, f: SummaryFilter, plan: PeriodPlan): D1PreparedStatement {
  const keys = ['nc_major', 'nc_minor', ...NC_STATUSES, 'closed_timed', 'close_ms'];
  const rows = (table: string, cond: string) => `SELECT ${keys.map((k) => `x.${k}`).join(', ')} FROM ${table} x WHERE x.unit_id = ?1 AND ${cond}`;
  return periodStatement(db, scope, f, plan, {
    period: (cond) => rows('rollup_period_nonconformities', cond),
    perAudit: (cond) => rows('rollup_nonconformities', cond),
    outer: (union) => `SELECT ${keys.map((k) => `COALESCE(SUM(${k}), 0) AS ${k}`).join(', ')} FROM (${union})`,
  });
}

type NcRow = Record<'nc_major' | 'nc_minor' | 'closed_timed' | 'close_ms' | (typeof NC_STATUSES)[number], number>;

/**
 * Everything GET /summary shows for one root, period and grouping, read in one D1 batch (one round trip):
 * the groups with their scores and coverage denominators, the total, and the nonconformity counts. The period
 * roll-ups serve whatever they can (periodPlan); `periodRollups: false` reads only the per-audit roll-ups, which the
 * tests and the benchmark use as the oracle of the same figures.
 */
export async function summaryFigures(db: D1Database, scope: Scope, f: SummaryFilter, by: SummaryBy, today: string, opts: { periodRollups?: boolean } = {}): Promise<SummaryFigures> {
  const plan = opts.periodRollups === false || by === 'audit' ? null : periodPlan(scope, f, by);
  const [scores, totals, ncs, overdue, self] = await db.batch([
    plan && by !== 'audit' ? periodScoresStatement(db, scope, f, by, plan) : scoresStatement(db, scope, f, by),
    plan && by !== 'audit' ? periodTotalsStatement(db, scope, f, by, plan) : totalsStatement(db, scope, f, by),
    plan ? periodNonconformityStatement(db, scope, f, plan) : nonconformityStatement(db, scope, f),
    plan ? periodOverdueStatement(db, scope, f, plan, today) : overdueStatement(db, scope, f, today),
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
