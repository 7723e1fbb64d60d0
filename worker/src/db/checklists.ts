// Checklists, versions and items. A version is edited only as a draft; publishing freezes it (the database
// triggers of migration 0002 refuse item changes on a non-draft version as a second line of defence).
import type { ChecklistImportItem, ChecklistVersionStatus } from '@onestop/shared';
import { uuidv7 } from '../lib/ids.ts';

export interface ChecklistRow {
  id: string;
  code: string;
  title_vi: string;
  title_en: string;
  standard: string;
  created_at: string;
  updated_at: string;
}

export interface VersionRow {
  id: string;
  checklist_id: string;
  version: number;
  status: ChecklistVersionStatus;
  notes: string;
  created_by: string | null;
  published_at: string | null;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
  item_count?: number;
}

export interface ItemRow extends Omit<ChecklistImportItem, 'on_page'> {
  id: string;
  version_id: string;
  sort: number;
  on_page: number;
}

export const toVersion = ({ item_count, ...row }: VersionRow) => ({
  ...row,
  notes: JSON.parse(row.notes) as string[],
  ...(item_count === undefined ? {} : { item_count }),
});
export const toItem = (row: ItemRow) => ({ ...row, on_page: row.on_page === 1 });

export async function listChecklists(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT c.*,
         (SELECT MAX(version) FROM checklist_versions v WHERE v.checklist_id = c.id) AS latest_version,
         (SELECT MAX(version) FROM checklist_versions v WHERE v.checklist_id = c.id AND v.status = 'published') AS published_version,
         (SELECT id FROM checklist_versions v WHERE v.checklist_id = c.id AND v.status = 'published' ORDER BY version DESC LIMIT 1) AS published_version_id
       FROM checklists c ORDER BY c.code`,
    )
    .all<ChecklistRow & { latest_version: number | null; published_version: number | null; published_version_id: string | null }>();
  return results;
}

export async function getChecklist(db: D1Database, id: string): Promise<ChecklistRow | null> {
  return db.prepare('SELECT * FROM checklists WHERE id = ?').bind(id).first<ChecklistRow>();
}

export async function getChecklistByCode(db: D1Database, code: string): Promise<ChecklistRow | null> {
  return db.prepare('SELECT * FROM checklists WHERE code = ?').bind(code).first<ChecklistRow>();
}

export async function listVersions(db: D1Database, checklistId: string): Promise<VersionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT v.*, (SELECT COUNT(*) FROM checklist_items i WHERE i.version_id = v.id) AS item_count
       FROM checklist_versions v WHERE v.checklist_id = ? ORDER BY v.version DESC`,
    )
    .bind(checklistId)
    .all<VersionRow>();
  return results;
}

export async function getVersion(db: D1Database, id: string): Promise<VersionRow | null> {
  return db.prepare('SELECT * FROM checklist_versions WHERE id = ?').bind(id).first<VersionRow>();
}

export async function listItems(db: D1Database, versionId: string): Promise<ItemRow[]> {
  const { results } = await db.prepare('SELECT * FROM checklist_items WHERE version_id = ? ORDER BY sort').bind(versionId).all<ItemRow>();
  return results;
}

export function insertChecklist(db: D1Database, c: { code: string; title_vi: string; title_en: string; standard: string }, now: string) {
  const id = uuidv7();
  return {
    id,
    statement: db
      .prepare('INSERT INTO checklists (id, code, title_vi, title_en, standard, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(id, c.code, c.title_vi, c.title_en, c.standard, now, now),
  };
}

/** A draft version with its items, as statements for one batch. */
export function insertDraftVersion(
  db: D1Database,
  v: { checklistId: string; version: number; notes: string[]; createdBy: string; items: ChecklistImportItem[] },
  now: string,
): { id: string; statements: D1PreparedStatement[] } {
  const id = uuidv7();
  const statements = [
    db
      .prepare(
        `INSERT INTO checklist_versions (id, checklist_id, version, status, notes, created_by, created_at, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?, ?, ?)`,
      )
      .bind(id, v.checklistId, v.version, JSON.stringify(v.notes), v.createdBy, now, now),
    ...insertItems(db, id, v.items),
  ];
  return { id, statements };
}

export function insertItems(db: D1Database, versionId: string, items: ChecklistImportItem[]): D1PreparedStatement[] {
  return items.map((it, sort) =>
    db
      .prepare(
        `INSERT INTO checklist_items (id, version_id, code, clause, section_vi, section_en, text_vi, text_en, guidance_vi,
           evidence_hint_vi, weight, sort, on_page, page_rule_hint)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        uuidv7(),
        versionId,
        it.code,
        it.clause,
        it.section_vi,
        it.section_en,
        it.text_vi,
        it.text_en,
        it.guidance_vi,
        it.evidence_hint_vi,
        it.weight,
        sort,
        it.on_page ? 1 : 0,
        it.page_rule_hint,
      ),
  );
}

/** Statements replacing every item of a draft (guarded: nothing happens unless the version is still a draft). */
export function replaceDraftItems(db: D1Database, versionId: string, items: ChecklistImportItem[], now: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM checklist_items WHERE version_id = ?').bind(versionId),
    ...insertItems(db, versionId, items),
    db.prepare("UPDATE checklist_versions SET updated_at = ? WHERE id = ? AND status = 'draft'").bind(now, versionId),
  ];
}

export function setVersionStatus(db: D1Database, versionId: string, from: ChecklistVersionStatus, to: ChecklistVersionStatus, now: string): D1PreparedStatement {
  const stamp = to === 'published' ? 'published_at' : 'retired_at';
  return db
    .prepare(`UPDATE checklist_versions SET status = ?, ${stamp} = ?, updated_at = ? WHERE id = ? AND status = ?`)
    .bind(to, now, now, versionId, from);
}
