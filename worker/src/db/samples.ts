// Samples (a sweep's per-dossier rule outcomes with the server's counts) and dismissed suggestions, read through the
// caller's scope like findings: admins all, leaders their subtree, inspectors their audits, unit heads their subtree
// once the audit reaches reporting.
import type { SampleRuleOutcome } from '@onestop/shared';
import { and, findingInScope, type Scope, type SqlFragment } from '../lib/scope.ts';
import { jsonChunks } from './events.ts';

export interface SampleRow {
  id: string;
  audit_id: string;
  unit_id: string;
  unit_name: string;
  site_profile: string;
  as_of: string;
  rule_set_row_id: string;
  rule_set_id: string;
  rule_set_version: number;
  dossier_count: number;
  dossiers_with_violation: number;
  on_time_rule: string | null;
  on_time: number;
  late: number;
  body_sha256: string;
  recorded_by: string;
  recorded_by_name: string | null;
  recorded_at: string;
}

export interface RuleCountRow {
  sample_id: string;
  rule_id: string;
  rule_version: number;
  item_code: string;
  sort: number;
  pass: number;
  violation: number;
  not_applicable: number;
  undecidable: number;
}

const SAMPLE_SQL = `SELECT s.*, u.name AS unit_name, r.display_name AS recorded_by_name
  FROM samples s JOIN units u ON u.id = s.unit_id LEFT JOIN users r ON r.id = s.recorded_by`;

const subtree = (column: string, unitId: string): SqlFragment => ({ sql: `${column} IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)`, params: [unitId] });

/** The stored sample with this id, whoever recorded it: only for the replay check of a create. */
export async function getSampleUnscoped(db: D1Database, id: string): Promise<Pick<SampleRow, 'id' | 'recorded_by' | 'body_sha256' | 'audit_id'> | null> {
  return db.prepare('SELECT id, audit_id, recorded_by, body_sha256 FROM samples WHERE id = ?').bind(id).first();
}

export async function getSample(db: D1Database, scope: Scope, id: string): Promise<SampleRow | null> {
  const s = findingInScope(scope, 's.audit_id', 's.unit_id');
  return db.prepare(`${SAMPLE_SQL} WHERE s.id = ? AND ${s.sql}`).bind(id, ...s.params).first<SampleRow>();
}

export async function listSamples(
  db: D1Database,
  scope: Scope,
  f: { auditId: string; unitId?: string | undefined; limit: number; offset: number },
): Promise<{ items: SampleRow[]; total: number }> {
  const where = and({ sql: 's.audit_id = ?', params: [f.auditId] }, findingInScope(scope, 's.audit_id', 's.unit_id'), ...(f.unitId ? [subtree('s.unit_id', f.unitId)] : []));
  const [rows, count] = await db.batch([
    db.prepare(`${SAMPLE_SQL} WHERE ${where.sql} ORDER BY s.recorded_at DESC, s.id LIMIT ? OFFSET ?`).bind(...where.params, f.limit, f.offset),
    db.prepare(`SELECT COUNT(*) AS n FROM samples s WHERE ${where.sql}`).bind(...where.params),
  ]);
  return { items: (rows?.results ?? []) as SampleRow[], total: (count?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

/** The rule counts of some samples (already known to be visible), in each sample's rule order. */
export async function ruleCountsOf(db: D1Database, sampleIds: readonly string[]): Promise<Map<string, RuleCountRow[]>> {
  const out = new Map<string, RuleCountRow[]>();
  if (sampleIds.length === 0) return out;
  const { results } = await db
    .prepare('SELECT * FROM sample_rule_counts WHERE sample_id IN (SELECT value FROM json_each(?)) ORDER BY sample_id, sort')
    .bind(JSON.stringify(sampleIds))
    .all<RuleCountRow>();
  for (const r of results) out.set(r.sample_id, [...(out.get(r.sample_id) ?? []), r]);
  return out;
}

export interface SampleDossierRow {
  ordinal: number;
  dossier_code: string;
  violations: number;
  outcomes: string;
}

/** A page of a visible sample's dossiers, optionally those with an outcome (of a rule). */
export async function listSampleDossiers(
  db: D1Database,
  sampleId: string,
  f: { ruleId?: string | undefined; outcome?: SampleRuleOutcome | undefined; limit: number; offset: number },
): Promise<{ items: SampleDossierRow[]; total: number }> {
  const where = ['d.sample_id = ?'];
  const params: unknown[] = [sampleId];
  if (f.ruleId || f.outcome) {
    const conditions: string[] = [];
    if (f.ruleId) {
      conditions.push("json_extract(o.value, '$.rule_id') = ?");
      params.push(f.ruleId);
    }
    if (f.outcome) {
      conditions.push("json_extract(o.value, '$.outcome') = ?");
      params.push(f.outcome);
    }
    where.push(`EXISTS (SELECT 1 FROM json_each(d.outcomes) o WHERE ${conditions.join(' AND ')})`);
  }
  const [rows, count] = await db.batch([
    db.prepare(`SELECT d.ordinal, d.dossier_code, d.violations, d.outcomes FROM sample_dossiers d WHERE ${where.join(' AND ')} ORDER BY d.ordinal LIMIT ? OFFSET ?`).bind(...params, f.limit, f.offset),
    db.prepare(`SELECT COUNT(*) AS n FROM sample_dossiers d WHERE ${where.join(' AND ')}`).bind(...params),
  ]);
  return { items: (rows?.results ?? []) as SampleDossierRow[], total: (count?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

export interface SampleInsert {
  id: string;
  auditId: string;
  unitId: string;
  siteProfile: string;
  asOf: string;
  ruleSetRowId: string;
  ruleSetId: string;
  ruleSetVersion: number;
  dossiersWithViolation: number;
  onTime: { rule_id: string; on_time: number; late: number } | null;
  bodySha256: string;
  recordedBy: string;
  rules: { rule_id: string; rule_version: number; item_code: string; pass: number; violation: number; not_applicable: number; undecidable: number }[];
  dossiers: { dossier_code: string; violations: number; outcomes: unknown[] }[];
}

/**
 * Statements for one batch: the sample, its rule counts and its dossiers. Rows travel as JSON arrays (D1 binds at
 * most 100 values per statement), each array well under D1's 1 MB per value.
 */
export function insertSample(db: D1Database, s: SampleInsert, now: string): D1PreparedStatement[] {
  const statements = [
    db
      .prepare(
        `INSERT INTO samples (id, audit_id, unit_id, site_profile, as_of, rule_set_row_id, rule_set_id, rule_set_version, dossier_count,
           dossiers_with_violation, on_time_rule, on_time, late, body_sha256, recorded_by, recorded_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        s.id,
        s.auditId,
        s.unitId,
        s.siteProfile,
        s.asOf,
        s.ruleSetRowId,
        s.ruleSetId,
        s.ruleSetVersion,
        s.dossiers.length,
        s.dossiersWithViolation,
        s.onTime?.rule_id ?? null,
        s.onTime?.on_time ?? 0,
        s.onTime?.late ?? 0,
        s.bodySha256,
        s.recordedBy,
        now,
        now,
      ),
  ];
  const counts = s.rules.map((r, sort) => [s.id, r.rule_id, r.rule_version, r.item_code, sort, r.pass, r.violation, r.not_applicable, r.undecidable]);
  for (const json of jsonChunks(counts)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO sample_rule_counts (sample_id, rule_id, rule_version, item_code, sort, pass, violation, not_applicable, undecidable)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 FROM json_each(?)`,
        )
        .bind(json),
    );
  }
  const dossiers = s.dossiers.map((d, ordinal) => [ordinal, d.dossier_code, d.violations, JSON.stringify(d.outcomes)]);
  for (const json of jsonChunks(dossiers)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO sample_dossiers (sample_id, ordinal, dossier_code, violations, outcomes)
           SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
        )
        .bind(s.id, json),
    );
  }
  return statements;
}

// ── Dismissed suggestions ──────────────────────────────────────────────────────────────────────────────────────

export interface DismissalRow {
  id: string;
  audit_id: string;
  unit_id: string;
  unit_name: string;
  checklist_id: string;
  rule_id: string;
  rule_version: number;
  item_code: string;
  dossier_code: string;
  reason: string;
  dismissed_by: string;
  dismissed_by_name: string | null;
  dismissed_at: string;
  created_at: string;
}

export function insertDismissal(
  db: D1Database,
  d: { id: string; auditId: string; unitId: string; checklistId: string; ruleId: string; ruleVersion: number; itemCode: string; dossierCode: string; reason: string; dismissedBy: string; dismissedAt: string },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO suggestion_dismissals (id, audit_id, unit_id, checklist_id, rule_id, rule_version, item_code, dossier_code, reason, dismissed_by, dismissed_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(d.id, d.auditId, d.unitId, d.checklistId, d.ruleId, d.ruleVersion, d.itemCode, d.dossierCode, d.reason, d.dismissedBy, d.dismissedAt, now);
}

const DISMISSAL_SQL = `SELECT d.*, u.name AS unit_name, r.display_name AS dismissed_by_name
  FROM suggestion_dismissals d JOIN units u ON u.id = d.unit_id LEFT JOIN users r ON r.id = d.dismissed_by`;

export async function getDismissal(db: D1Database, scope: Scope, id: string): Promise<DismissalRow | null> {
  const s = findingInScope(scope, 'd.audit_id', 'd.unit_id');
  return db.prepare(`${DISMISSAL_SQL} WHERE d.id = ? AND ${s.sql}`).bind(id, ...s.params).first<DismissalRow>();
}

export async function listDismissals(
  db: D1Database,
  scope: Scope,
  f: { auditId: string; unitId?: string | undefined; ruleId?: string | undefined; limit: number; offset: number },
): Promise<{ items: DismissalRow[]; total: number }> {
  const where = and(
    { sql: 'd.audit_id = ?', params: [f.auditId] },
    findingInScope(scope, 'd.audit_id', 'd.unit_id'),
    ...(f.unitId ? [subtree('d.unit_id', f.unitId)] : []),
    ...(f.ruleId ? [{ sql: 'd.rule_id = ?', params: [f.ruleId] }] : []),
  );
  const [rows, count] = await db.batch([
    db.prepare(`${DISMISSAL_SQL} WHERE ${where.sql} ORDER BY d.dismissed_at DESC, d.id LIMIT ? OFFSET ?`).bind(...where.params, f.limit, f.offset),
    db.prepare(`SELECT COUNT(*) AS n FROM suggestion_dismissals d WHERE ${where.sql}`).bind(...where.params),
  ]);
  return { items: (rows?.results ?? []) as DismissalRow[], total: (count?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

export interface FalsePositiveCount {
  rule_id: string;
  rule_version: number;
  item_code: string | null;
  dismissed: number;
  violations: number;
  dismissed_percent: number | null;
}

/**
 * Dismissals per rule version against the violations the samples counted, both over the caller's scope and the
 * filters: by checklist (the rule sets' checklist), audit, unit subtree.
 */
export async function falsePositiveCounts(
  db: D1Database,
  scope: Scope,
  f: { checklistId?: string | undefined; auditId?: string | undefined; unitId?: string | undefined },
): Promise<FalsePositiveCount[]> {
  const dismissed = and(
    findingInScope(scope, 'd.audit_id', 'd.unit_id'),
    ...(f.checklistId ? [{ sql: 'd.checklist_id = ?', params: [f.checklistId] }] : []),
    ...(f.auditId ? [{ sql: 'd.audit_id = ?', params: [f.auditId] }] : []),
    ...(f.unitId ? [subtree('d.unit_id', f.unitId)] : []),
  );
  const counted = and(
    findingInScope(scope, 's.audit_id', 's.unit_id'),
    ...(f.checklistId ? [{ sql: 'rs.checklist_id = ?', params: [f.checklistId] }] : []),
    ...(f.auditId ? [{ sql: 's.audit_id = ?', params: [f.auditId] }] : []),
    ...(f.unitId ? [subtree('s.unit_id', f.unitId)] : []),
  );
  const [d, v] = await db.batch([
    db
      .prepare(`SELECT d.rule_id, d.rule_version, MAX(d.item_code) AS item_code, COUNT(*) AS n FROM suggestion_dismissals d WHERE ${dismissed.sql} GROUP BY d.rule_id, d.rule_version`)
      .bind(...dismissed.params),
    db
      .prepare(
        `SELECT c.rule_id, c.rule_version, MAX(c.item_code) AS item_code, SUM(c.violation) AS n
         FROM sample_rule_counts c JOIN samples s ON s.id = c.sample_id JOIN check_rule_sets rs ON rs.id = s.rule_set_row_id
         WHERE ${counted.sql} GROUP BY c.rule_id, c.rule_version`,
      )
      .bind(...counted.params),
  ]);
  type Row = { rule_id: string; rule_version: number; item_code: string | null; n: number };
  const byKey = new Map<string, FalsePositiveCount>();
  const entry = (r: Row) => {
    const key = `${r.rule_id}\u0000${r.rule_version}`;
    let e = byKey.get(key);
    if (!e) {
      e = { rule_id: r.rule_id, rule_version: r.rule_version, item_code: r.item_code, dismissed: 0, violations: 0, dismissed_percent: null };
      byKey.set(key, e);
    }
    return e;
  };
  for (const r of (d?.results ?? []) as Row[]) entry(r).dismissed = r.n;
  for (const r of (v?.results ?? []) as Row[]) entry(r).violations = r.n;
  const out = [...byKey.values()].map((e) => ({ ...e, dismissed_percent: e.violations > 0 ? (100 * e.dismissed) / e.violations : null }));
  return out.sort((a, b) => (a.rule_id < b.rule_id ? -1 : a.rule_id > b.rule_id ? 1 : a.rule_version - b.rule_version));
}
