// What a draft changes against the published version of the same checklist: items added, removed and changed
// field by field (matched by item code, the stable identity of a criterion across versions), and whether the order
// moved. The dashboard shows it before "publish"; the Worker refuses to publish a draft whose diff is empty.
import type { ChecklistImportItem } from '../schemas/checklists.ts';

/** The fields of an item that make up its content, in the order people read them. */
export const CHECKLIST_DIFF_FIELDS = ['clause', 'section_vi', 'section_en', 'text_vi', 'text_en', 'guidance_vi', 'evidence_hint_vi', 'weight', 'on_page', 'page_rule_hint'] as const;
export type ChecklistDiffField = (typeof CHECKLIST_DIFF_FIELDS)[number];

/** What the diff reads of an item: the import format's content (API items carry more, which is ignored). */
export type DiffableChecklistItem = Pick<ChecklistImportItem, 'code' | ChecklistDiffField>;

export interface ChecklistFieldChange {
  field: ChecklistDiffField;
  before: string | number | boolean | null;
  after: string | number | boolean | null;
}

export interface ChecklistItemChange {
  code: string;
  fields: ChecklistFieldChange[];
}

export interface ChecklistDiff {
  added: DiffableChecklistItem[];
  removed: DiffableChecklistItem[];
  changed: ChecklistItemChange[];
  /** Codes kept in both versions whose place among the kept items differs. */
  moved: string[];
  /** Nothing added, removed, changed or moved. */
  identical: boolean;
}

/** Null and missing compare equal to each other, nothing else is coerced. */
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export function diffChecklistItems(before: readonly DiffableChecklistItem[], after: readonly DiffableChecklistItem[]): ChecklistDiff {
  const old = new Map(before.map((it) => [it.code, it]));
  const now = new Map(after.map((it) => [it.code, it]));
  const added = after.filter((it) => !old.has(it.code));
  const removed = before.filter((it) => !now.has(it.code));
  const changed: ChecklistItemChange[] = [];
  for (const it of after) {
    const prev = old.get(it.code);
    if (!prev) continue;
    const fields = CHECKLIST_DIFF_FIELDS.filter((f) => !same(prev[f], it[f])).map((f) => ({ field: f, before: prev[f] ?? null, after: it[f] ?? null }));
    if (fields.length > 0) changed.push({ code: it.code, fields });
  }
  // Order is compared among the items both versions keep, so an insertion alone does not count as a move.
  const keptBefore = before.filter((it) => now.has(it.code)).map((it) => it.code);
  const keptAfter = after.filter((it) => old.has(it.code)).map((it) => it.code);
  const moved = keptAfter.filter((code, i) => keptBefore[i] !== code);
  return { added, removed, changed, moved, identical: added.length === 0 && removed.length === 0 && changed.length === 0 && moved.length === 0 };
}
