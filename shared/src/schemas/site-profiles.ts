// Site profiles (DESIGN section 8): a declarative, bounded description of one dossier web system — where it lives,
// how to recognise its pages, where each dossier field sits, which checklist items bind to it, and what is PII.
import { z } from 'zod';
import { compileDateFormat } from '../domain/dates.ts';
import { PII_PATTERN_NAMES } from '../domain/redaction.ts';
import { isFullUrlPattern, isUrlPattern } from '../domain/url-match.ts';
import { CodeSchema, IdSchema, TimestampSchema, VersionSchema, line, noControlCharacters, optionalLine, optionalText } from './common.ts';

// ── Field vocabulary (domain/one-stop-shop-forms.md section 4) ────────────────────────────────────────────────

export const DOSSIER_FIELDS = [
  'dossier_code',
  'procedure',
  'procedure_code',
  'applicant',
  'id_number',
  'phone',
  'email',
  'address',
  'channel',
  'received_at',
  'statutory_days',
  'due_at',
  'finished_at',
  'returned_at',
  'return_method',
  'status',
  'timeliness',
  'receiving_officer',
  'current_handler',
  'steps',
  'supplement_requests',
  'refusal_notice',
  'apology_issued',
  'apology_issued_at',
  'new_due_at',
  'fee_configured',
  'fee_collected',
  'receipt_no',
  'payment_txn_id',
  'attachments',
  'result_file',
  'digitized',
  'result_signed_by',
  'portal_sync_status',
  'rating',
] as const;
export type DossierField = (typeof DOSSIER_FIELDS)[number];

/** Columns of the list fields, read one value per row (`steps.started_at`). */
export const DOSSIER_LIST_FIELDS = {
  steps: ['name', 'from_officer', 'to_officer', 'started_at', 'finished_at', 'allotted_hours', 'step_result', 'note'],
  supplement_requests: ['requested_at', 'content', 'reason'],
  attachments: ['name', 'file_name'],
} as const satisfies Partial<Record<DossierField, readonly string[]>>;

const FIELD_SET: ReadonlySet<string> = new Set(DOSSIER_FIELDS);

/**
 * True for a canonical field name, a list column (`steps.to_officer`), or a profile's own extra field (`x_…`,
 * lower-case), so a profile can carry what the vocabulary does not name yet.
 */
export function isDossierFieldName(name: string): boolean {
  if (FIELD_SET.has(name)) return true;
  if (/^x_[a-z0-9_]{1,40}$/.test(name)) return true;
  const dot = name.indexOf('.');
  if (dot === -1) return false;
  const list = name.slice(0, dot);
  const column = name.slice(dot + 1);
  if (!Object.hasOwn(DOSSIER_LIST_FIELDS, list)) return false;
  const columns: readonly string[] = DOSSIER_LIST_FIELDS[list as keyof typeof DOSSIER_LIST_FIELDS];
  return columns.includes(column) || /^x_[a-z0-9_]{1,40}$/.test(column);
}

export const DossierFieldNameSchema = z
  .string()
  .max(80)
  .refine(isDossierFieldName, { message: 'not a field of the forms vocabulary (or x_… for a custom field)' });

// ── Locators ───────────────────────────────────────────────────────────────────────────────────────────────

const CssSelectorTextSchema = line(1000);
/** One selector, or a list of them where each next one is looked up inside the open shadow root of the previous match. */
export const CssPathSchema = z.union([CssSelectorTextSchema, z.array(CssSelectorTextSchema).min(1).max(8)]);
/** One wording, or the alternative wordings of the same label on different screens or form versions. */
export const LabelTextSchema = z.union([line(200), z.array(line(200)).min(1).max(12)]);

export const CssLocatorSchema = z.strictObject({
  kind: z.literal('css'),
  selector: CssPathSchema,
});
/** The value is the element after the one whose text is the label (`Hạn xử lý` → the next cell or span). */
export const LabelLocatorSchema = z.strictObject({
  kind: z.literal('label'),
  text: LabelTextSchema,
  /** Limits the search to this element (e.g. the open dialog). */
  within: CssPathSchema.optional(),
});
/** A table column found by its header text; one value per body row. */
export const ColumnLocatorSchema = z.strictObject({
  kind: z.literal('column'),
  header: LabelTextSchema,
  /** Which table, when the page has several. */
  table: CssPathSchema.optional(),
});
/** The current value of an `<input>`, `<textarea>` or `<select>`. */
export const InputLocatorSchema = z.strictObject({
  kind: z.literal('input'),
  selector: CssPathSchema,
});

export const LocatorSchema = z.discriminatedUnion('kind', [
  CssLocatorSchema,
  LabelLocatorSchema,
  ColumnLocatorSchema,
  InputLocatorSchema,
]);
export type Locator = z.infer<typeof LocatorSchema>;

// ── Fields and pages ─────────────────────────────────────────────────────────────────────────────────────────

/** A JavaScript regular expression (compiled with the `u` flag); group `value` or group 1, if any, is the value. */
export const FieldRegexSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine(noControlCharacters('line'))
  .refine(
    (source) => {
      try {
        new RegExp(source, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/** `dd/MM/yyyy HH:mm` and the like (tokens yyyy MM M dd d HH H mm ss, quoted text `'giờ'`). */
export const DateFormatSchema = z
  .string()
  .max(80)
  .superRefine(noControlCharacters('line'))
  .refine((f) => compileDateFormat(f) !== null, { message: 'not a date format (tokens yyyy MM dd HH mm ss)' });

export const FieldSchema = z.strictObject({
  name: DossierFieldNameSchema,
  locator: LocatorSchema,
  /** Read this attribute instead of the text (`title`, `datetime`, `href`, `data-status`). */
  attribute: z
    .string()
    .max(64)
    .regex(/^[A-Za-z_:][-A-Za-z0-9_:.]*$/, 'an attribute name')
    .optional(),
  regex: FieldRegexSchema.optional(),
  date_format: DateFormatSchema.optional(),
  /** Maps screen wordings to canonical values (`Trực tuyến` → `online`). */
  values: z
    .record(line(200), line(64))
    .refine((r) => Object.keys(r).length <= 100, { message: 'at most 100 entries' })
    .optional(),
  /** The whole value is personal data: masked before it is stored, whatever its shape. */
  pii: z.boolean().optional(),
});
export type Field = z.infer<typeof FieldSchema>;

export const UrlPatternSchema = z
  .string()
  .max(500)
  .superRefine(noControlCharacters('line'))
  .refine(isUrlPattern, { message: 'not a URL pattern (scheme://host/path* or /path*)' });
export const SiteUrlPatternSchema = z
  .string()
  .max(500)
  .superRefine(noControlCharacters('line'))
  .refine(isFullUrlPattern, { message: 'not a URL match pattern such as https://*.dichvucong.gov.vn/*' });

/** Recognises a page by its content: needed for details shown in a modal without its own URL. */
export const PageRecognizeSchema = z
  .strictObject({
    /** An element that must be present. */
    selector: CssPathSchema.optional(),
    /** A heading (h1–h6, role=heading, a dialog's title) reading one of these. */
    heading: LabelTextSchema.optional(),
    /** The heading must be inside an open dialog (`<dialog open>`, role=dialog, aria-modal). */
    in_dialog: z.boolean().optional(),
    /** Text that must appear on the page. */
    text: LabelTextSchema.optional(),
  })
  .refine((r) => r.selector !== undefined || r.heading !== undefined || r.text !== undefined, {
    message: 'give a selector, a heading or a text',
  });
export type PageRecognize = z.infer<typeof PageRecognizeSchema>;

export const PageIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dash or underscore');

export const PageSchema = z
  .strictObject({
    id: PageIdSchema,
    title: optionalLine(200).optional(),
    url: UrlPatternSchema.optional(),
    recognize: PageRecognizeSchema.optional(),
    /** Every locator of the page is looked up inside this element (e.g. the detail dialog). */
    root: CssPathSchema.optional(),
    fields: z.array(FieldSchema).max(100),
  })
  .superRefine((page, ctx) => {
    if (page.url === undefined && page.recognize === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'a page needs a url pattern, a recognize rule or both' });
    }
    const seen = new Set<string>();
    page.fields.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `duplicate field ${f.name}` });
      seen.add(f.name);
    });
  });
export type Page = z.infer<typeof PageSchema>;

/** Binds a checklist item to what the overlay shows for it: a field the page reads, or an element of its own. */
export const ItemBindingSchema = z
  .strictObject({
    item_code: CodeSchema,
    /** Page id; without it the binding applies on every page that has the field. */
    page: PageIdSchema.optional(),
    field: DossierFieldNameSchema.optional(),
    locator: LocatorSchema.optional(),
    /** What to look for there, for the inspector (free text, not executed). */
    hint: optionalText(500).optional(),
  })
  .refine((b) => b.field !== undefined || b.locator !== undefined, {
    path: ['field'],
    message: 'a binding needs a field or a locator',
  });
export type ItemBinding = z.infer<typeof ItemBindingSchema>;

export const PiiPatternNameSchema = z.enum(PII_PATTERN_NAMES);

export const PiiRulesSchema = z.strictObject({
  /** Elements whose whole text is masked in quotes and screenshots. */
  selectors: z.array(CssPathSchema).max(100).default([]),
  /** Built-in patterns applied to every text leaving the page. */
  patterns: z.array(PiiPatternNameSchema).max(PII_PATTERN_NAMES.length).default([...PII_PATTERN_NAMES]),
});
export type PiiRules = z.infer<typeof PiiRulesSchema>;

/** The profile document (stored as JSON in `site_profiles.profile`, cached by the extension). */
export const SiteProfileSchema = z
  .strictObject({
    name: line(200),
    version: z.number().int().min(1),
    description: optionalText(2000).optional(),
    /** Pages of the system: a profile applies to a URL matching any of these. */
    match: z.array(SiteUrlPatternSchema).min(1).max(20),
    /**
     * When several active profiles match a page, the higher priority wins (none = 0); equal priorities go to the most
     * specific matching pattern (`pickProfile` in domain/url-match.ts).
     */
    priority: z.number().int().min(-1000).max(1000).optional(),
    /**
     * The codes of the units whose system this is (a commune's one-stop office, a department). The side panel files
     * findings made on these pages under the first of them the chosen audit covers, and says so.
     */
    units: z.array(CodeSchema).max(50).optional(),
    pages: z.array(PageSchema).min(1).max(50),
    bindings: z.array(ItemBindingSchema).max(500).default([]),
    pii: PiiRulesSchema.default({ selectors: [], patterns: [...PII_PATTERN_NAMES] }),
  })
  .superRefine((profile, ctx) => {
    const pages = new Map<string, ReadonlySet<string>>();
    profile.pages.forEach((page, i) => {
      if (pages.has(page.id)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'id'], message: `duplicate page id ${page.id}` });
      pages.set(page.id, new Set(page.fields.map((f) => f.name)));
    });
    profile.bindings.forEach((b, i) => {
      if (b.page !== undefined && !pages.has(b.page)) {
        ctx.addIssue({ code: 'custom', path: ['bindings', i, 'page'], message: `no page with id ${b.page}` });
        return;
      }
      if (b.field === undefined || b.locator !== undefined) return;
      const field = b.field;
      const fieldPages = b.page === undefined ? [...pages.values()] : [pages.get(b.page) ?? new Set<string>()];
      if (!fieldPages.some((names) => names.has(field))) {
        ctx.addIssue({ code: 'custom', path: ['bindings', i, 'field'], message: `no page reads the field ${field}` });
      }
    });
  });
export type SiteProfile = z.infer<typeof SiteProfileSchema>;
export type SiteProfileInput = z.input<typeof SiteProfileSchema>;

/** A stored profile as the API returns it. */
export const SiteProfileRecordSchema = z.object({
  id: IdSchema,
  name: z.string().max(200),
  profile: SiteProfileSchema,
  active: z.boolean(),
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type SiteProfileRecord = z.infer<typeof SiteProfileRecordSchema>;

/** `POST /site-profiles`. */
export const SiteProfileCreateSchema = z.object({
  profile: SiteProfileSchema,
  active: z.boolean().default(true),
});
export type SiteProfileCreate = z.infer<typeof SiteProfileCreateSchema>;

/** `PUT /site-profiles/{id}`: replaces the document; `version` is the stored row's, for optimistic concurrency. */
export const SiteProfileUpdateSchema = z.object({
  version: VersionSchema,
  profile: SiteProfileSchema,
  active: z.boolean().optional(),
});
export type SiteProfileUpdate = z.infer<typeof SiteProfileUpdateSchema>;
