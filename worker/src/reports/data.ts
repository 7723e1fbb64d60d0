// The rows the reports are written from, always read through the caller's scope: the findings register (live
// findings with their corrective action), the evidence of those findings, the lead's report texts, and the root
// unit whose roll-up figures an audit report quotes. Kept beside the reports rather than in db/ because only the
// report generators read them.
import { findingInScope, unitInScope, and, type Scope, type SqlFragment } from '../lib/scope.ts';

/** A live finding: not deleted, not withdrawn (the set every summary counts, as in the CSV export). */
const LIVE_FINDING = "f.deleted_at IS NULL AND f.status <> 'withdrawn'";
/** Audits whose findings the summaries count (started, not cancelled). */
const COUNTED_AUDIT = "a.status IN ('in_progress', 'reporting', 'closed')";
const AUDIT_DATE = "date(a.started_at, '+7 hours')";

export type RegisterFilter = { auditId: string } | { rootUnitId: string; from?: string | undefined; to?: string | undefined };

export interface RegisterRow {
  finding_id: string;
  audit_id: string;
  audit_code: string;
  unit_id: string;
  unit_code: string;
  unit_name: string;
  item_code: string;
  item_clause: string;
  item_text_vi: string;
  result: string;
  status: string;
  note: string;
  dossier_code: string | null;
  recorded_by_name: string | null;
  recorded_at: string;
  root_cause: string | null;
  correction: string | null;
  action: string | null;
  owner_name: string | null;
  due_date: string | null;
  done_note: string | null;
  done_at: string | null;
  verification_note: string | null;
  verified_at: string | null;
  effective: number | null;
  evidence_count: number;
}

/** Upper bound of rows in one register or report: far above one audit, and a bound on the Worker's memory. */
export const MAX_REGISTER_ROWS = 5000;

function filterSql(scope: Scope, f: RegisterFilter): SqlFragment {
  const parts: SqlFragment[] = [{ sql: LIVE_FINDING, params: [] }, findingInScope(scope, 'f.audit_id', 'f.unit_id')];
  if ('auditId' in f) {
    parts.push({ sql: 'f.audit_id = ?', params: [f.auditId] });
  } else {
    // The same rows GET /summary counts for a unit and period: the unit's subtree, audits started in the period.
    parts.push({ sql: 'f.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)', params: [f.rootUnitId] });
    parts.push({ sql: COUNTED_AUDIT, params: [] });
    if (f.from) parts.push({ sql: `${AUDIT_DATE} >= ?`, params: [f.from] });
    if (f.to) parts.push({ sql: `${AUDIT_DATE} <= ?`, params: [f.to] });
  }
  return and(...parts);
}

/** Live findings in scope with their corrective action, by audit start, unit name, checklist order, time recorded. */
export async function registerRows(db: D1Database, scope: Scope, f: RegisterFilter, onlyNonconformities = false): Promise<{ rows: RegisterRow[]; truncated: boolean }> {
  const where = filterSql(scope, f);
  const nc = onlyNonconformities ? " AND f.result IN ('nc_major', 'nc_minor')" : '';
  const { results } = await db
    .prepare(
      `SELECT f.id AS finding_id, f.audit_id, a.code AS audit_code, f.unit_id, u.code AS unit_code, u.name AS unit_name,
         i.code AS item_code, i.clause AS item_clause, i.text_vi AS item_text_vi, f.result, f.status, f.note, f.dossier_code,
         r.display_name AS recorded_by_name, f.recorded_at,
         ca.root_cause, ca.correction, ca.action, ca.owner_name, ca.due_date, ca.done_note, ca.done_at, ca.verification_note, ca.verified_at, ca.effective,
         (SELECT COUNT(*) FROM evidence e WHERE e.finding_id = f.id) AS evidence_count
       FROM findings f JOIN audits a ON a.id = f.audit_id JOIN units u ON u.id = f.unit_id JOIN checklist_items i ON i.id = f.item_id
       LEFT JOIN users r ON r.id = f.recorded_by LEFT JOIN corrective_actions ca ON ca.finding_id = f.id
       WHERE ${where.sql}${nc}
       ORDER BY julianday(a.started_at), a.code, u.name, i.sort, julianday(f.recorded_at), f.id
       LIMIT ?`,
    )
    .bind(...where.params, MAX_REGISTER_ROWS + 1)
    .all<RegisterRow>();
  return { rows: results.slice(0, MAX_REGISTER_ROWS), truncated: results.length > MAX_REGISTER_ROWS };
}

export interface EvidenceRow {
  id: string;
  finding_id: string;
  kind: 'page_capture' | 'screenshot' | 'file';
  purpose: 'finding' | 'response' | 'action';
  page_title: string | null;
  quote: string | null;
  blob_key: string | null;
  mime: string | null;
  bytes: number | null;
  uploaded_at: string | null;
  captured_at: string;
}

/** The evidence of findings already known to be visible, in capture order. */
export async function evidenceOf(db: D1Database, findingIds: readonly string[]): Promise<Map<string, EvidenceRow[]>> {
  const out = new Map<string, EvidenceRow[]>();
  if (findingIds.length === 0) return out;
  const { results } = await db
    .prepare(
      `SELECT id, finding_id, kind, purpose, page_title, quote, blob_key, mime, bytes, uploaded_at, captured_at FROM evidence
       WHERE finding_id IN (SELECT value FROM json_each(?)) ORDER BY finding_id, julianday(captured_at), id`,
    )
    .bind(JSON.stringify(findingIds))
    .all<EvidenceRow>();
  for (const e of results) out.set(e.finding_id, [...(out.get(e.finding_id) ?? []), e]);
  return out;
}

export interface ReportTextRow {
  audit_id: string;
  conclusions: string;
  recommendations: string;
  doc_number: string;
  place: string;
  version: number;
  updated_by: string;
  updated_by_name: string | null;
  updated_at: string;
}

export async function getReportText(db: D1Database, auditId: string): Promise<ReportTextRow | null> {
  return db
    .prepare('SELECT t.*, u.display_name AS updated_by_name FROM audit_report_texts t LEFT JOIN users u ON u.id = t.updated_by WHERE t.audit_id = ?')
    .bind(auditId)
    .first<ReportTextRow>();
}

export interface ReportTextWrite {
  conclusions: string;
  recommendations: string;
  doc_number: string;
  place: string;
}

/** The first save creates the row (version 1); a later one replaces it when `version` is the stored one. */
export function saveReportText(db: D1Database, auditId: string, t: ReportTextWrite, version: number | null, userId: string, now: string): D1PreparedStatement {
  if (version === null) {
    return db
      .prepare(
        `INSERT INTO audit_report_texts (audit_id, conclusions, recommendations, doc_number, place, version, updated_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .bind(auditId, t.conclusions, t.recommendations, t.doc_number, t.place, userId, now, now);
  }
  return db
    .prepare(
      `UPDATE audit_report_texts SET conclusions = ?, recommendations = ?, doc_number = ?, place = ?, version = version + 1, updated_by = ?, updated_at = ?
       WHERE audit_id = ? AND version = ?`,
    )
    .bind(t.conclusions, t.recommendations, t.doc_number, t.place, userId, now, auditId, version);
}

/**
 * The unit an audit report rolls its figures up under: the lowest unit whose subtree holds every audited unit the
 * caller may see (for a unit head or a leader of an audited unit, only those inside their subtree), so the report
 * quotes exactly what GET /summary?audit=…&unit=<that unit> shows. Null when the caller sees none of the units.
 */
export async function auditReportRoot(db: D1Database, scope: Scope, auditId: string): Promise<{ id: string; name: string; units: number } | null> {
  const visible = scope.role === 'leader' || scope.role === 'unit_head' ? unitInScope(scope, 'au.unit_id') : { sql: '1 = 1', params: [] };
  const row = await db
    .prepare(
      `WITH seen AS (SELECT au.unit_id FROM audit_units au WHERE au.audit_id = ? AND ${visible.sql})
       SELECT k.ancestor_id AS id, (SELECT name FROM units WHERE id = k.ancestor_id) AS name, (SELECT COUNT(*) FROM seen) AS units
       FROM unit_closure k WHERE k.descendant_id IN (SELECT unit_id FROM seen)
       GROUP BY k.ancestor_id HAVING COUNT(*) = (SELECT COUNT(*) FROM seen)
       ORDER BY SUM(k.depth) LIMIT 1`,
    )
    .bind(auditId, ...visible.params)
    .first<{ id: string; name: string; units: number }>();
  return row && row.units > 0 ? row : null;
}

/** A unit's name and its parent's, for the issuing-body lines of the header. */
export async function unitWithParent(db: D1Database, unitId: string): Promise<{ name: string; code: string; parent_name: string | null } | null> {
  return db
    .prepare('SELECT u.name, u.code, p.name AS parent_name FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = ?')
    .bind(unitId)
    .first();
}

export async function displayName(db: D1Database, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await db.prepare('SELECT display_name FROM users WHERE id = ?').bind(userId).first<{ display_name: string }>();
  return row?.display_name ?? null;
}
