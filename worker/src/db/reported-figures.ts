// A unit's reported figures per audit and period, and the outcomes of the dossiers sampled to verify them; read
// through the caller's scope like findings.
import { findingInScope, type Scope } from '../lib/scope.ts';

export interface FiguresRow {
  id: string;
  audit_id: string;
  unit_id: string;
  unit_name: string;
  period_from: string;
  period_to: string;
  figures: string;
  source: string;
  margin: number;
  expected_proportion: number;
  seed: string;
  version: number;
  created_by: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

export interface FigureSamplesRow {
  figures_id: string;
  seed: string;
  population: number;
  size: number;
  results: string;
  version: number;
  recorded_by: string;
  recorded_at: string;
}

const FIGURES_SQL = 'SELECT f.*, u.name AS unit_name FROM reported_figures f JOIN units u ON u.id = f.unit_id';

export async function getFigures(db: D1Database, scope: Scope, auditId: string, id: string): Promise<FiguresRow | null> {
  const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  return db.prepare(`${FIGURES_SQL} WHERE f.id = ? AND f.audit_id = ? AND ${s.sql}`).bind(id, auditId, ...s.params).first<FiguresRow>();
}

/** The row of a unit and period, whoever may see it (the caller is the audit's lead, who sees the whole audit). */
export async function getFiguresOfPeriod(db: D1Database, auditId: string, unitId: string, from: string, to: string): Promise<FiguresRow | null> {
  return db.prepare(`${FIGURES_SQL} WHERE f.audit_id = ? AND f.unit_id = ? AND f.period_from = ? AND f.period_to = ?`).bind(auditId, unitId, from, to).first<FiguresRow>();
}

export async function listFigures(db: D1Database, scope: Scope, auditId: string, unitId?: string): Promise<FiguresRow[]> {
  const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
  const unit = unitId ? ' AND f.unit_id IN (SELECT descendant_id FROM unit_closure WHERE ancestor_id = ?)' : '';
  const { results } = await db
    .prepare(`${FIGURES_SQL} WHERE f.audit_id = ? AND ${s.sql}${unit} ORDER BY u.name, f.period_from, f.period_to LIMIT 500`)
    .bind(auditId, ...s.params, ...(unitId ? [unitId] : []))
    .all<FiguresRow>();
  return results;
}

export async function figureSamplesOf(db: D1Database, figuresIds: readonly string[]): Promise<Map<string, FigureSamplesRow>> {
  const out = new Map<string, FigureSamplesRow>();
  if (figuresIds.length === 0) return out;
  const { results } = await db.prepare('SELECT * FROM reported_figure_samples WHERE figures_id IN (SELECT value FROM json_each(?))').bind(JSON.stringify(figuresIds)).all<FigureSamplesRow>();
  for (const r of results) out.set(r.figures_id, r);
  return out;
}

export interface FiguresWrite {
  figures: unknown;
  source: string;
  margin: number;
  expectedProportion: number;
  userId: string;
}

export function insertFigures(db: D1Database, f: FiguresWrite & { id: string; auditId: string; unitId: string; from: string; to: string; seed: string }, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO reported_figures (id, audit_id, unit_id, period_from, period_to, figures, source, margin, expected_proportion, seed, version, created_by, updated_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
    )
    .bind(f.id, f.auditId, f.unitId, f.from, f.to, JSON.stringify(f.figures), f.source, f.margin, f.expectedProportion, f.seed, f.userId, f.userId, now, now);
}

/** Replaces the figures at `version` (0 rows changed when someone else wrote first; add `expectOneChange`). */
export function updateFigures(db: D1Database, id: string, version: number, f: FiguresWrite, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE reported_figures SET figures = ?, source = ?, margin = ?, expected_proportion = ?, version = version + 1, updated_by = ?, updated_at = ?
       WHERE id = ? AND version = ?`,
    )
    .bind(JSON.stringify(f.figures), f.source, f.margin, f.expectedProportion, f.userId, now, id, version);
}

/** Stores the sampled outcomes of a figures row (replacing the earlier set, version + 1). */
export function putFigureSamples(
  db: D1Database,
  s: { figuresId: string; seed: string; population: number; size: number; results: unknown[]; userId: string },
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO reported_figure_samples (figures_id, seed, population, size, results, version, recorded_by, recorded_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
       ON CONFLICT (figures_id) DO UPDATE SET seed = excluded.seed, population = excluded.population, size = excluded.size, results = excluded.results,
         version = reported_figure_samples.version + 1, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, updated_at = excluded.updated_at`,
    )
    .bind(s.figuresId, s.seed, s.population, s.size, JSON.stringify(s.results), s.userId, now, now, now);
}

/** Items of the audit's pinned checklist versions with these codes (the suggestions' targets). */
export async function auditItemsByCode(db: D1Database, auditId: string, codes: readonly string[]): Promise<Map<string, string>> {
  const { results } = await db
    .prepare(
      `SELECT i.code, i.id FROM checklist_items i JOIN audit_checklists ac ON ac.version_id = i.version_id
       WHERE ac.audit_id = ? AND i.code IN (SELECT value FROM json_each(?)) ORDER BY i.code, i.id`,
    )
    .bind(auditId, JSON.stringify(codes))
    .all<{ code: string; id: string }>();
  const out = new Map<string, string>();
  for (const r of results) if (!out.has(r.code)) out.set(r.code, r.id);
  return out;
}
