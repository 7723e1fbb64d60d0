// Site profiles (DESIGN section 8): a declarative, bounded description of one dossier web system — where it lives,
// how to recognise its pages, where each dossier field sits, which checklist items bind to it, and what is PII.
import { z } from 'zod';
import { compileDateFormat, isTimeZone } from '../domain/dates.ts';
import { PII_PATTERN_NAMES } from '../domain/redaction.ts';
import { REGEX_MAX_LENGTH, unsafeRegexReason } from '../domain/safe-regex.ts';
import { isFullUrlPattern, isUrlPattern, siteMatchProblem } from '../domain/url-match.ts';
import { CANONICAL_STATUS_MESSAGE, isCanonicalStatus, isDossierFieldName } from '../domain/profile-fields.ts';
import { CodeSchema, IdSchema, TimestampSchema, VersionSchema, line, noControlCharacters, optionalLine, optionalText } from './common.ts';

// The reader applies profile regexes with the same limits (extension/src/page/profile-reader.ts).
export { boundRegexInput, isSafeRegex, REGEX_INPUT_LIMIT, unsafeRegexReason } from '../domain/safe-regex.ts';

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
/**
 * The value is the element after the one whose text is the label (`Hạn xử lý` → the next cell or span); with
 * `same_text`, the rest of the label's own text (`Mã đơn: 22` → `22`).
 */
export const LabelLocatorSchema = z.strictObject({
  kind: z.literal('label'),
  text: LabelTextSchema,
  /** Limits the search to this element (e.g. the open dialog). */
  within: CssPathSchema.optional(),
  /**
   * The value follows the label in the same text, after a colon or a dash (`Mã hồ sơ: 000.21…`, or
   * `<p>Mã hồ sơ: <span>000.21…</span></p>`): the element is the one holding the label's text, the value what
   * follows the label in it.
   */
  same_text: z.boolean().optional(),
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

/**
 * A JavaScript regular expression (compiled with the `u` flag); group `value` or group 1, if any, is the value. Only
 * the safe subset of domain/safe-regex.ts: at most 200 characters, no backreference, no unbounded lookbehind, no nested
 * quantifier, counts up to 100, and a bounded worst case on the 2,000 characters the reader applies it to.
 */
export const FieldRegexSchema = z
  .string()
  .min(1)
  .max(REGEX_MAX_LENGTH, { message: `at most ${REGEX_MAX_LENGTH} characters`, abort: true })
  .superRefine(noControlCharacters('line'))
  .superRefine((source, ctx) => {
    const reason = unsafeRegexReason(source);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
  });

/** `dd/MM/yyyy HH:mm` and the like (tokens yyyy MM M dd d HH H mm ss, quoted text `'giờ'`). */
export const DateFormatSchema = z
  .string()
  .max(80)
  .superRefine(noControlCharacters('line'))
  .refine((f) => compileDateFormat(f) !== null, { message: 'not a date format (tokens yyyy MM dd HH mm ss)' });

/** A name of the profile's own (a value map, a field set): lower-case letters, digits, dash or underscore. */
export const ProfileNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a name of lower-case letters, digits, dash or underscore');

/** Maps screen wordings to canonical values (`Trực tuyến` → `online`). */
export const ValueMapSchema = z
  .record(line(200), line(64))
  .refine((r) => Object.keys(r).length <= 100, { message: 'at most 100 entries' });

export const FieldSchema = z
  .strictObject({
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
    /**
     * Maps screen wordings to canonical values (`Trực tuyến` → `online`), or names one of the profile's `value_maps`.
     * A `status` field maps to the canonical statuses (`CANONICAL_STATUSES`).
     */
    values: z.union([ValueMapSchema, ProfileNameSchema]).optional(),
    /**
     * One part of an element holding several values (name and phone, officer and title): the n-th non-empty text of
     * the element (1 is the first, -1 the last), or with `split` the n-th piece of its text cut at that separator.
     */
    part: z
      .number()
      .int()
      .min(-20)
      .max(20)
      .refine((n) => n !== 0, { message: 'parts count from 1 (the first) or from -1 (the last)' })
      .optional(),
    /** Cut the text at this separator (` - `, `|`, `,`) and take the `part`-th piece. */
    split: z.string().min(1).max(20).superRefine(noControlCharacters('line')).optional(),
    /**
     * The value is whether the locator finds a shown element: `true` or `false` (a link to the apology letter, a
     * refusal section); for a column, whether each row's cell holds anything.
     */
    present: z.boolean().optional(),
    /** The whole value is personal data: masked before it is stored, whatever its shape. */
    pii: z.boolean().optional(),
  })
  .superRefine((field, ctx) => {
    if (field.present) {
      for (const key of ['attribute', 'regex', 'date_format', 'values', 'part', 'split'] as const) {
        if (field[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a present field reads no text: drop ${key}` });
      }
    }
    if (field.split !== undefined && field.part === undefined) {
      ctx.addIssue({ code: 'custom', path: ['split'], message: 'split needs part: which piece to take' });
    }
    if (field.name === 'status' && field.values !== undefined && typeof field.values !== 'string') {
      for (const [wording, status] of Object.entries(field.values)) {
        if (!isCanonicalStatus(status)) ctx.addIssue({ code: 'custom', path: ['values', wording], message: CANONICAL_STATUS_MESSAGE });
      }
    }
  });
export type Field = z.infer<typeof FieldSchema>;

export const UrlPatternSchema = z
  .string()
  .max(500)
  .superRefine(noControlCharacters('line'))
  .refine(isUrlPattern, { message: 'not a URL pattern (scheme://host/path* or /path*)' });
/**
 * Where a profile applies: a full pattern whose host names one system, never every host (a `*` host) nor every site
 * under a public suffix (`https://*.gov.vn/*`); see `siteMatchProblem`.
 */
export const SiteUrlPatternSchema = z
  .string()
  .max(500)
  .superRefine(noControlCharacters('line'))
  .refine(isFullUrlPattern, { message: 'not a URL match pattern such as https://*.dichvucong.gov.vn/*', abort: true })
  .superRefine((pattern, ctx) => {
    const problem = siteMatchProblem(pattern);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

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
    /**
     * The heading and the text must be inside an element `selector` finds (a modal without an ARIA role: the first
     * shown one holding them); the page's fields are then read inside that element, as with `in_dialog`.
     */
    in_selector: z.boolean().optional(),
  })
  .refine((r) => r.selector !== undefined || r.heading !== undefined || r.text !== undefined, {
    message: 'give a selector, a heading or a text',
  })
  .refine((r) => !r.in_selector || r.selector !== undefined, { path: ['in_selector'], message: 'in_selector needs a selector' })
  .refine((r) => !(r.in_selector && r.in_dialog), { path: ['in_selector'], message: 'give in_dialog or in_selector, not both' });
export type PageRecognize = z.infer<typeof PageRecognizeSchema>;

export const PageIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, dash or underscore');

/** A query parameter name (in the URL's query or a hash route's own query). */
export const UrlParamNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.[\]-]+$/, 'a query parameter name (letters, digits, _ . - [ ])');

/**
 * How a list pages (for reading one page at a time and sweeping them): the next-page control and/or the page
 * parameter, and where the total count shows. The reader reports `{ total, hasNext, page, size }`.
 */
export const PaginationSchema = z
  .strictObject({
    /** The next-page control (a link or a button). There is a next page when it is shown and not disabled. */
    next: CssPathSchema.optional(),
    /**
     * A selector the next control matches when there is no next page, besides `disabled` and
     * `aria-disabled="true"` (`.pointer-events-none`, `.disabled`).
     */
    next_disabled: CssSelectorTextSchema.optional(),
    /** The query parameter holding the 1-based page number (absent: page 1). */
    page_param: UrlParamNameSchema.optional(),
    /** The query parameter holding the page size. */
    size_param: UrlParamNameSchema.optional(),
    /** Where the total count of the list shows (`Hiển thị 1–15 trong 250 hồ sơ`): the first number the regex keeps. */
    total: z
      .strictObject({
        locator: LocatorSchema,
        regex: FieldRegexSchema.optional(),
      })
      .optional(),
  })
  .refine((p) => p.next !== undefined || p.page_param !== undefined || p.total !== undefined, {
    message: 'give a next control, a page parameter or a total',
  })
  .refine((p) => p.next_disabled === undefined || p.next !== undefined, { path: ['next_disabled'], message: 'next_disabled needs next' });
export type Pagination = z.infer<typeof PaginationSchema>;

export const PageSchema = z
  .strictObject({
    id: PageIdSchema,
    title: optionalLine(200).optional(),
    url: UrlPatternSchema.optional(),
    recognize: PageRecognizeSchema.optional(),
    /** Every locator of the page is looked up inside this element (e.g. the detail dialog). */
    root: CssPathSchema.optional(),
    /**
     * The page is drawn over the rest of the screen (a modal): while it is recognised, its element (`root`, else the
     * element `in_dialog` or `in_selector` recognised) is a modal scope and what lies outside it is covered.
     */
    covers: z.boolean().optional(),
    /** Field sets (`field_sets` of the profile) whose fields this page reads too, before its own. */
    use: z.array(ProfileNameSchema).max(10).optional(),
    fields: z.array(FieldSchema).max(100).default([]),
    /** How the list on this page pages, and its total. */
    pagination: PaginationSchema.optional(),
    /**
     * Where each dossier of this list links to its own screen, for sweeps (issue 14): a link (`a[href]`, same origin)
     * inside the dossier's row, and the id of the page it opens. A sweep goes to the link's address; it never clicks.
     */
    detail: z.strictObject({ link: CssSelectorTextSchema, page: PageIdSchema }).optional(),
  })
  .superRefine((page, ctx) => {
    if (page.url === undefined && page.recognize === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'a page needs a url pattern, a recognize rule or both' });
    }
    if (page.covers && page.root === undefined && !page.recognize?.in_dialog && !page.recognize?.in_selector) {
      ctx.addIssue({ code: 'custom', path: ['covers'], message: 'a covering page needs its element: a root, or recognize.in_dialog or in_selector' });
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
  /** Table columns, by header wording, whose every cell is personal data (masked whole). */
  columns: z.array(line(200)).max(50).optional(),
  /** Query parameters whose values are personal data, on top of the built-in ones (`redactUrl`'s `personalParams`). */
  url_params: z.array(UrlParamNameSchema).max(50).optional(),
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
    /** The IANA time zone the system shows its dates in (default Asia/Ho_Chi_Minh); dates become UTC instants with it. */
    time_zone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'not an IANA time zone such as Asia/Ho_Chi_Minh' })
      .optional(),
    /** The field that identifies a dossier: evidence is filed under its value (default `dossier_code`). */
    record_key: DossierFieldNameSchema.refine((n) => !n.includes('.'), { message: 'a record key is a single field, not a list column' }).optional(),
    /** Regions whose content is never read, anchored or badged (a header showing another dossier's code). */
    ignore: z.array(CssPathSchema).max(50).optional(),
    /** Value maps a field's `values` may name (`"values": "status"`). */
    value_maps: z
      .record(ProfileNameSchema, ValueMapSchema)
      .refine((r) => Object.keys(r).length <= 50, { message: 'at most 50 value maps' })
      .optional(),
    /** Field sets a page may `use`: fields read the same way on several pages. */
    field_sets: z
      .record(ProfileNameSchema, z.array(FieldSchema).min(1).max(100))
      .refine((r) => Object.keys(r).length <= 20, { message: 'at most 20 field sets' })
      .optional(),
    pages: z.array(PageSchema).min(1).max(50),
    bindings: z.array(ItemBindingSchema).max(500).default([]),
    pii: PiiRulesSchema.default({ selectors: [], patterns: [...PII_PATTERN_NAMES] }),
  })
  .superRefine((profile, ctx) => {
    const maps = profile.value_maps ?? {};
    const sets = profile.field_sets ?? {};
    /** Checks a field's named value map: known, and canonical statuses for a status field. */
    const checkValues = (field: Field, path: (string | number)[]) => {
      if (typeof field.values !== 'string') return;
      const map = Object.hasOwn(maps, field.values) ? maps[field.values] : undefined;
      if (map === undefined) {
        ctx.addIssue({ code: 'custom', path: [...path, 'values'], message: `no value map named ${field.values}` });
        return;
      }
      if (field.name !== 'status') return;
      for (const [wording, status] of Object.entries(map)) {
        if (!isCanonicalStatus(status)) ctx.addIssue({ code: 'custom', path: ['value_maps', field.values, wording], message: `${CANONICAL_STATUS_MESSAGE}; a status field uses this map` });
      }
    };
    for (const [name, fields] of Object.entries(sets)) {
      const seen = new Set<string>();
      fields.forEach((f, i) => {
        if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['field_sets', name, i, 'name'], message: `duplicate field ${f.name}` });
        seen.add(f.name);
        checkValues(f, ['field_sets', name, i]);
      });
    }
    const pages = new Map<string, ReadonlySet<string>>();
    profile.pages.forEach((page, i) => {
      if (pages.has(page.id)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'id'], message: `duplicate page id ${page.id}` });
      const names = new Set(page.fields.map((f) => f.name));
      (page.use ?? []).forEach((set, j) => {
        const fields = Object.hasOwn(sets, set) ? sets[set] : undefined;
        if (fields === undefined) ctx.addIssue({ code: 'custom', path: ['pages', i, 'use', j], message: `no field set named ${set}` });
        for (const f of fields ?? []) names.add(f.name);
      });
      if (names.size > 200) ctx.addIssue({ code: 'custom', path: ['pages', i, 'fields'], message: 'at most 200 fields on a page, field sets included' });
      page.fields.forEach((f, j) => checkValues(f, ['pages', i, 'fields', j]));
      pages.set(page.id, names);
    });
    profile.pages.forEach((page, i) => {
      if (page.detail !== undefined && !pages.has(page.detail.page)) ctx.addIssue({ code: 'custom', path: ['pages', i, 'detail', 'page'], message: `no page with id ${page.detail.page}` });
    });
    if (profile.record_key !== undefined && !profile.record_key.includes('.')) {
      const key = profile.record_key;
      if (![...pages.values()].some((names) => names.has(key))) {
        ctx.addIssue({ code: 'custom', path: ['record_key'], message: `no page reads the field ${key}` });
      }
    }
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
