// Finding reads through the caller's scope; every list filter is a bound parameter and an index exists for each.
import { EvidenceFieldsSchema, redactUrl, SelectorsSchema, type FindingStatus, type Result } from '@onestop/shared';
import { findingInScope, type Scope } from '../lib/scope.ts';

export interface FindingRow {
  id: string;
  audit_id: string;
  unit_id: string;
  item_id: string;
  result: Result;
  note: string;
  dossier_code: string | null;
  page_url: string | null;
  status: FindingStatus;
  dispute_reason: string | null;
  review_comment: string | null;
  recorded_by: string;
  recorded_at: string;
  closed_at: string | null;
  deleted_at: string | null;
  version: number;
  seq: number;
  created_at: string;
  updated_at: string;
}

/** Columns joined for display: names of the unit, the item and who recorded it. */
export interface FindingViewRow extends FindingRow {
  audit_code: string;
  audit_status: string;
  unit_name: string;
  item_code: string;
  item_clause: string;
  item_text_vi: string;
  item_text_en: string;
  recorded_by_name: string | null;
}

export const FINDING_VIEW_SQL = `SELECT f.*, a.code AS audit_code, a.status AS audit_status, u.name AS unit_name,
  i.code AS item_code, i.clause AS item_clause, i.text_vi AS item_text_vi, i.text_en AS item_text_en, r.display_name AS recorded_by_name
  FROM findings f
  JOIN audits a ON a.id = f.audit_id
  JOIN units u ON u.id = f.unit_id
  JOIN checklist_items i ON i.id = f.item_id
  LEFT JOIN users r ON r.id = f.recorded_by`;

/** The raw row (no scope): only for writes that already checked the caller may touch the finding. */
export async function getFindingRowUnscoped(db: D1Database, id: string): Promise<FindingRow | null> {
  return db.prepare('SELECT * FROM findings WHERE id = ?').bind(id).first<FindingRow>();
}

export async function getFindingView(db: D1Database, scope: Scope, id: string): Promise<FindingViewRow | null> {
  const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  return db.prepare(`${FINDING_VIEW_SQL} WHERE f.id = ? AND ${s.sql}`).bind(id, ...s.params).first<FindingViewRow>();
}

export interface FindingListFilter {
  auditId?: string | undefined;
  unitId?: string | undefined;
  itemId?: string | undefined;
  clause?: string | undefined;
  status?: FindingStatus | undefined;
  results?: Result[] | undefined;
  dossierCode?: string | undefined;
  /** Audits started in this period (dates in Asia/Ho_Chi_Minh), as GET /summary counts them. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only findings that count in summaries (not withdrawn). */
  counted?: boolean | undefined;
  overdue?: boolean | undefined;
  today: string;
  limit: number;
  offset: number;
}

export interface FindingListRow extends FindingViewRow {
  due_date: string | null;
  done_at: string | null;
}

/** The role-scoped list; the unit filter covers the unit's subtree, the clause filter a clause and its sub-clauses. */
export async function listFindings(db: D1Database, scope: Scope, f: FindingListFilter): Promise<{ items: FindingListRow[]; total: number }> {
  const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  const where = ['f.deleted_at IS NULL', s.sql];
  const params: unknown[] = [...s.params];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (f.auditId) add('f.audit_id = ?', f.auditId);
  if (f.unitId) add('f.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)', f.unitId);
  if (f.itemId) add('f.item_id = ?', f.itemId);
  // The clause schema allows digits and dots only, so it needs no LIKE escaping.
  if (f.clause) add('(i.clause = ? OR i.clause LIKE ?)', f.clause, `${f.clause}.%`);
  if (f.status) add('f.status = ?', f.status);
  if (f.results && f.results.length > 0) add(`f.result IN (${f.results.map(() => '?').join(', ')})`, ...f.results);
  if (f.from) add("date(a.started_at, '+7 hours') >= ?", f.from);
  if (f.to) add("date(a.started_at, '+7 hours') <= ?", f.to);
  if (f.counted) add("f.status <> 'withdrawn'");
  if (f.dossierCode) add('f.dossier_code = ?', f.dossierCode);
  if (f.overdue === true) add("ca.done_at IS NULL AND ca.due_date < ? AND f.status = 'action_planned'", f.today);
  if (f.overdue === false) add("NOT (ca.due_date IS NOT NULL AND ca.done_at IS NULL AND ca.due_date < ? AND f.status = 'action_planned')", f.today);
  const from = FINDING_VIEW_SQL.replace('FROM findings f', 'FROM findings f LEFT JOIN corrective_actions ca ON ca.finding_id = f.id');
  const whereSql = where.join(' AND ');
  const [rows, count] = await db.batch([
    db
      .prepare(`${from.replace('SELECT f.*,', 'SELECT f.*, ca.due_date, ca.done_at,')} WHERE ${whereSql} ORDER BY f.recorded_at DESC, f.id LIMIT ? OFFSET ?`)
      .bind(...params, f.limit, f.offset),
    db
      .prepare(`SELECT COUNT(*) AS n FROM findings f JOIN audits a ON a.id = f.audit_id JOIN checklist_items i ON i.id = f.item_id LEFT JOIN corrective_actions ca ON ca.finding_id = f.id WHERE ${whereSql}`)
      .bind(...params),
  ]);
  return { items: rows?.results as FindingListRow[], total: (count?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

/** Changes after a cursor (deleted rows included, so clients drop them), in seq order. */
export async function pullFindings(
  db: D1Database,
  scope: Scope,
  auditId: string,
  f: { unitId?: string | undefined; status?: FindingStatus | undefined; since?: number | undefined; limit: number },
): Promise<FindingRow[]> {
  const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  const where = ['f.audit_id = ?', 'f.seq > ?', s.sql];
  const params: unknown[] = [auditId, f.since ?? 0, ...s.params];
  if (f.unitId) {
    where.push('f.unit_id = ?');
    params.push(f.unitId);
  }
  if (f.status) {
    where.push('f.status = ?');
    params.push(f.status);
  }
  const { results } = await db
    .prepare(`SELECT f.* FROM findings f WHERE ${where.join(' AND ')} ORDER BY f.seq LIMIT ?`)
    .bind(...params, f.limit)
    .all<FindingRow>();
  return results;
}

export interface ActionRow {
  finding_id: string;
  root_cause: string;
  correction: string;
  action: string;
  owner_name: string;
  /** Migration 0012; null on plans made before owners were accounts. */
  owner_user_id: string | null;
  due_date: string;
  done_note: string | null;
  done_at: string | null;
  verification_note: string | null;
  verified_by: string | null;
  verified_at: string | null;
  effective: number | null;
  planned_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export const toAction = (row: ActionRow) => ({ ...row, effective: row.effective === null ? null : row.effective === 1 });

export async function getAction(db: D1Database, findingId: string): Promise<ActionRow | null> {
  return db.prepare('SELECT * FROM corrective_actions WHERE finding_id = ?').bind(findingId).first<ActionRow>();
}

export interface EvidenceRow {
  id: string;
  finding_id: string;
  purpose: 'finding' | 'response' | 'action';
  kind: 'page_capture' | 'screenshot' | 'file';
  page_url: string | null;
  page_title: string | null;
  selectors: string;
  quote: string | null;
  fields: string;
  blob_key: string | null;
  sha256: string | null;
  mime: 'image/png' | 'image/jpeg' | 'image/webp' | 'application/pdf' | null;
  bytes: number | null;
  uploaded_at: string | null;
  captured_at: string;
  captured_by: string;
  captured_by_name?: string | null;
}

/** Stored JSON is parsed with the shared schemas on the way out, like any other boundary. */
export const toEvidence = (row: EvidenceRow) => ({
  ...row,
  // Rows stored before URLs were redacted on the way in are never shown in clear.
  page_url: row.page_url === null ? null : redactUrl(row.page_url),
  captured_by_name: row.captured_by_name ?? null,
  selectors: SelectorsSchema.parse(JSON.parse(row.selectors)),
  fields: EvidenceFieldsSchema.parse(JSON.parse(row.fields)),
});

export async function listEvidence(db: D1Database, findingId: string): Promise<EvidenceRow[]> {
  const { results } = await db
    .prepare('SELECT e.*, u.display_name AS captured_by_name FROM evidence e LEFT JOIN users u ON u.id = e.captured_by WHERE e.finding_id = ? ORDER BY e.captured_at, e.id')
    .bind(findingId)
    .all<EvidenceRow>();
  return results;
}
