// Checklists, their versions and items as the API returns them, and the JSON import format
// of `domain/checklist-iso9001-one-stop-shop.json`.
import { z } from 'zod';
import { CodeSchema, IdSchema, TimestampSchema, line, optionalLine, optionalText, text } from './common.ts';
import { ChecklistVersionStatusSchema } from './enums.ts';

/** An ISO clause number: `4`, `8.5`, `8.5.1`. */
export const ClauseSchema = z
  .string()
  .max(16)
  .regex(/^\d+(\.\d+)*$/, 'an ISO clause number such as 8.5.1');

export const WeightSchema = z.number().int().min(1).max(3);

export const ChecklistSchema = z.object({
  id: IdSchema,
  code: z.string().max(64),
  title_vi: z.string().max(500),
  title_en: z.string().max(500),
  standard: z.string().max(200),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Checklist = z.infer<typeof ChecklistSchema>;

export const ChecklistVersionSchema = z.object({
  id: IdSchema,
  checklist_id: IdSchema,
  version: z.number().int().min(1),
  status: ChecklistVersionStatusSchema,
  notes: z.array(z.string().max(2000)).max(50).default([]),
  created_by: IdSchema.nullable().default(null),
  published_at: TimestampSchema.nullable(),
  retired_at: TimestampSchema.nullable().default(null),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type ChecklistVersion = z.infer<typeof ChecklistVersionSchema>;

export const ChecklistItemSchema = z.object({
  id: IdSchema,
  version_id: IdSchema,
  code: z.string().max(64),
  clause: ClauseSchema,
  section_vi: z.string().max(500),
  section_en: z.string().max(500),
  text_vi: z.string().max(4000),
  text_en: z.string().max(4000),
  guidance_vi: z.string().max(4000),
  evidence_hint_vi: z.string().max(4000),
  weight: WeightSchema,
  sort: z.number().int(),
  /** True when the check can be made on the dossier web page (the overlay shows it there). */
  on_page: z.boolean(),
  /** Rule in words over the canonical field names of `one-stop-shop-forms.md`. */
  page_rule_hint: z.string().max(2000).nullable(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** `GET /checklists/{id}`: the checklist with its versions. */
export const ChecklistDetailSchema = ChecklistSchema.extend({
  versions: z.array(ChecklistVersionSchema.extend({ item_count: z.number().int().min(0) })).max(1000),
});
export type ChecklistDetail = z.infer<typeof ChecklistDetailSchema>;

/** One version with its items in `sort` order (what an audit pins and the overlay shows). */
export const ChecklistVersionWithItemsSchema = ChecklistVersionSchema.extend({
  items: z.array(ChecklistItemSchema).max(1000),
});
export type ChecklistVersionWithItems = z.infer<typeof ChecklistVersionWithItemsSchema>;

// ── Import format ───────────────────────────────────────────────────────────────────────────────

export const MAX_IMPORT_ITEMS = 1000;

/** One item of the import file. Strict: an unknown key is a typo, not data to drop. */
export const ChecklistImportItemSchema = z.strictObject({
  code: CodeSchema,
  clause: ClauseSchema,
  section_vi: optionalLine(500).default(''),
  section_en: optionalLine(500).default(''),
  text_vi: text(4000),
  text_en: optionalText(4000).default(''),
  guidance_vi: optionalText(4000).default(''),
  evidence_hint_vi: optionalText(4000).default(''),
  weight: WeightSchema,
  on_page: z.boolean().default(false),
  page_rule_hint: optionalText(2000).nullable().default(null),
});
export type ChecklistImportItem = z.infer<typeof ChecklistImportItemSchema>;

/** Items of one version: 1..1000, codes unique within the list (the issue points at the duplicate). */
export const ChecklistImportItemsSchema = z
  .array(ChecklistImportItemSchema)
  .min(1)
  .max(MAX_IMPORT_ITEMS)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(item.code);
      if (first === undefined) {
        seen.set(item.code, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: [index, 'code'],
        message: `duplicate item code ${item.code} (first at items[${first}])`,
      });
    });
  });

const ImportNotesSchema = z.array(text(2000)).max(50).default([]);

/** `POST /checklists`: a whole checklist in the import format; creates the checklist and its draft version. */
export const ChecklistImportSchema = z.strictObject({
  code: CodeSchema,
  version: z.number().int().min(1),
  title_vi: line(500),
  title_en: optionalLine(500).default(''),
  standard: optionalLine(200).default(''),
  notes: ImportNotesSchema,
  items: ChecklistImportItemsSchema,
});
export type ChecklistImport = z.infer<typeof ChecklistImportSchema>;

/** `POST /checklists/{id}/versions`: a new draft version of an existing checklist. */
export const ChecklistVersionCreateSchema = z.strictObject({
  version: z.number().int().min(1).optional(),
  notes: ImportNotesSchema,
  items: ChecklistImportItemsSchema,
});
export type ChecklistVersionCreate = z.infer<typeof ChecklistVersionCreateSchema>;
