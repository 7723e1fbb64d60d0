// Reads a dossier page with a site profile (DESIGN section 8): which of the profile's pages it is (by URL and by
// content, such as a dialog heading or a modal without a role), the values of its fields (CSS, label → next element
// or the rest of the label's text, table column by header, form control value; attribute, part, regex, date format
// in the profile's time zone, value map, canonical status, presence), the elements its checklist bindings point at,
// the modal covering the page, the regions it ignores and the list's pagination.
// Pure DOM reading: takes the document as a parameter and never changes it.
import {
  boundRegexInput,
  compileDateFormat,
  DEFAULT_RECORD_KEY,
  DEFAULT_TIME_ZONE,
  dropControlCharacters,
  isCanonicalStatus,
  isSafeRegex,
  PII_FIELD_NAMES,
  redactUrl,
  resolvePageFields,
  urlMatchesPattern,
  zonedTimeToUtc,
  type EvidenceFieldValue,
  type Field,
  type Locator,
  type Page,
  type PageRecognize,
  type Pagination,
  type ResolvedField,
  type SiteProfile,
} from '@onestop/shared';
import { queryPath } from '../anchoring/css-path.ts';
import { containsFlat, controlText, normalizeText } from '../anchoring/text-model.ts';

export interface RecognizedPage {
  page: Page;
  /** Where the page's locators look: its `root`, the dialog or element it was recognised in, or the document. */
  scope: ParentNode;
  /** The fields the page reads: its field sets' and its own, value maps resolved. */
  fields: ResolvedField[];
  /** For a page that `covers`: its element, drawn over the rest of the screen; else null. */
  covers: Element | null;
  /** True when another recognised page covers this one (its scope lies outside the covering element). */
  covered: boolean;
}

export interface FieldRead {
  name: string;
  /**
   * One value per element (a column gives one per row); null where nothing could be read. Read on first use: a
   * 2,000-row list holds 16,000 values and the badges need none of them (only each row's dossier code).
   */
  readonly values: (string | null)[];
  /** The value of element `i`, without reading the others (a capture from one row). */
  valueAt(i: number): string | null;
  elements: Element[];
  /** True when the locator yields one value per table row. */
  perRow: boolean;
  pii: boolean;
  /** For a table column: the header cell that named it (the most specific one), else null. */
  header?: Element | null;
}

export interface BoundTarget {
  itemCode: string;
  element: Element;
  /** The dossier the element belongs to (its row's code on a list, the page's code on a detail page). */
  dossierCode: string | null;
  hint: string | null;
  field: string | null;
  /** For a cell of a table column: the column's header cell (lists badge it once there), else null. */
  header?: Element | null;
  /**
   * True when a covering page (a modal) is open and the element lies outside it: the overlay draws no badge for it.
   */
  covered: boolean;
}

export interface ReaderOptions {
  /** Elements to ignore (the overlay's host). */
  skip?: (el: Element) => boolean;
  /** The time zone dates are shown in (the profile's `time_zone`); Asia/Ho_Chi_Minh when absent. */
  timeZone?: string;
}

const lower = (s: string) => normalizeText(s).toLowerCase();
/** Label and header texts compare without case and a trailing colon. */
const labelKey = (s: string) => lower(s).replace(/\s*:$/, '');
const asList = (t: string | readonly string[]) => (typeof t === 'string' ? [t] : t);

const DIALOG_SELECTOR = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
const HEADING_SELECTOR = 'h1, h2, h3, h4, h5, h6, [role="heading"], legend, caption';

/** Rendered, as far as can be told without forcing a layout where the browser cannot say. */
export function isShown(el: Element): boolean {
  if (el.closest('[hidden], [aria-hidden="true"]')) return false;
  const check = (el as Element & { checkVisibility?: () => boolean }).checkVisibility;
  if (typeof check === 'function' && typeof navigator !== 'undefined' && !/happy-dom|jsdom/i.test(navigator.userAgent)) {
    return check.call(el);
  }
  for (let e: Element | null = el; e; e = e.parentElement) {
    const style = (e as HTMLElement).style;
    if (style?.display === 'none' || style?.visibility === 'hidden') return false;
    if (e.tagName === 'DIALOG' && !e.hasAttribute('open')) return false;
  }
  return true;
}

/** A heading reads a label when equal, or when it starts with it followed by a separator ("Chi tiết hồ sơ 000.21…"). */
function headingMatches(text: string, labels: readonly string[]): boolean {
  const t = labelKey(text);
  return labels.some((l) => {
    const k = labelKey(l);
    return t === k || (t.startsWith(k) && /^[\s:–—-]/.test(t.slice(k.length)));
  });
}

function dialogTitle(dialog: Element): Element[] {
  const ids = (dialog.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
  const labelled = ids.map((id) => dialog.ownerDocument.getElementById(id)).filter((e): e is HTMLElement => e !== null);
  return [...labelled, ...Array.from(dialog.querySelectorAll(HEADING_SELECTOR))];
}

/** The text of a node without the regions it ignores. */
function textOutside(node: Node, ignored: ReadonlySet<Element>): string {
  if (node.nodeType === 3) return (node as Text).data;
  if (node.nodeType === 1 && ignored.has(node as Element)) return '';
  let out = '';
  for (let c = node.firstChild; c; c = c.nextSibling) out += textOutside(c, ignored);
  return out;
}

/** Headings and open dialogs of the document, looked up once per reading (each lookup walks the whole DOM). */
class PageLandmarks {
  private headingList: Element[] | null = null;
  private dialogList: Element[] | null = null;
  private bodyText: string | null = null;
  constructor(
    readonly doc: Document,
    readonly ignore: Ignore = NO_IGNORE,
  ) {}
  get headings(): Element[] {
    return (this.headingList ??= Array.from(this.doc.querySelectorAll(HEADING_SELECTOR)).filter((h) => !this.ignore.has(h)));
  }
  get dialogs(): Element[] {
    return (this.dialogList ??= Array.from(this.doc.querySelectorAll(DIALOG_SELECTOR)).filter((d) => isShown(d) && !this.ignore.has(d)));
  }
  get text(): string {
    const body = this.doc.body;
    return (this.bodyText ??= lower(body === null ? '' : this.ignore.regions.size === 0 ? (body.textContent ?? '') : textOutside(body, this.ignore.regions)));
  }
}

/** The regions of the page a profile ignores (`ignore`), and whether an element lies in one. */
interface Ignore {
  regions: ReadonlySet<Element>;
  has(el: Element): boolean;
}

const NO_IGNORE: Ignore = { regions: new Set(), has: () => false };

function ignoreOf(doc: Document, profile: Pick<SiteProfile, 'ignore'>): Ignore {
  const regions = new Set((profile.ignore ?? []).flatMap((p) => queryPath(doc, p)));
  if (regions.size === 0) return NO_IGNORE;
  return {
    regions,
    has: (el) => {
      for (let a: Element | null = el; a; a = parentFlat(a)) if (regions.has(a)) return true;
      return false;
    },
  };
}

/**
 * Checks a `recognize` rule; returns the scope it established (the dialog when `in_dialog`, the selector's element
 * when `in_selector`), or null.
 */
function recognize(doc: Document, rule: PageRecognize, marks = new PageLandmarks(doc)): ParentNode | null {
  let scope: ParentNode = doc;
  if (rule.in_selector && rule.selector !== undefined) {
    // The first shown element holding the heading and the text (a modal without an ARIA role).
    const headings = rule.heading === undefined ? null : asList(rule.heading);
    const texts = rule.text === undefined ? null : asList(rule.text).map(lower);
    const found = queryPath(doc, rule.selector).find((el) => {
      if (!isShown(el) || marks.ignore.has(el)) return false;
      if (headings !== null && !dialogTitle(el).some((h) => headingMatches(h.textContent ?? '', headings))) return false;
      if (texts !== null) {
        const t = lower(el.textContent ?? '');
        if (!texts.some((x) => t.includes(x))) return false;
      }
      return true;
    });
    return found ?? null;
  }
  if (rule.selector !== undefined && queryPath(doc, rule.selector).filter((el) => isShown(el) && !marks.ignore.has(el)).length === 0) return null;
  if (rule.heading !== undefined) {
    const labels = asList(rule.heading);
    if (rule.in_dialog) {
      const dialog = marks.dialogs.find((d) => dialogTitle(d).some((h) => headingMatches(h.textContent ?? '', labels)));
      if (!dialog) return null;
      scope = dialog;
    } else {
      const found = marks.headings.some((h) => headingMatches(h.textContent ?? '', labels) && isShown(h));
      if (!found) return null;
    }
  }
  if (rule.text !== undefined) {
    if (!asList(rule.text).some((t) => marks.text.includes(lower(t)))) return null;
  }
  return scope;
}

function matchesSafe(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** The profile's pages that the document at `url` is; a page that `covers` marks the others under it as covered. */
export function recognizePages(doc: Document, url: string, profile: SiteProfile, ignore: Ignore = ignoreOf(doc, profile)): RecognizedPage[] {
  const out: RecognizedPage[] = [];
  const marks = new PageLandmarks(doc, ignore);
  for (const page of profile.pages) {
    if (page.url !== undefined && !urlMatchesPattern(page.url, url)) continue;
    let scope: ParentNode | null = doc;
    if (page.recognize !== undefined) scope = recognize(doc, page.recognize, marks);
    if (scope === null) continue;
    if (page.root !== undefined) {
      // The root may be the recognised dialog or element itself (`"root": "[role=\"dialog\"]"` with `in_dialog`).
      const root = typeof page.root === 'string' && scope !== doc && matchesSafe(scope as Element, page.root) ? (scope as Element) : queryPath(scope, page.root).find((el) => !ignore.has(el));
      if (!root) continue;
      scope = root;
    }
    const covers = page.covers === true && (scope as Node).nodeType === 1 ? (scope as Element) : null;
    out.push({ page, scope, fields: resolvePageFields(profile, page), covers, covered: false });
  }
  // A page is covered when a covering page's element does not hold it (the list under an open modal).
  for (const rec of out) {
    rec.covered = out.some((c) => c.covers !== null && c !== rec && !containsFlat(c.covers, rec.scope as Node));
  }
  return out;
}

// ── Locators ───────────────────────────────────────────────────────────────────────────────────────────────

/** What may follow a label in the same text before its value: a colon or a dash. */
const SAME_TEXT_SEPARATOR = /^\s*[:：–—-]/;

/** Short texts of a scope by label key, built once per reading: label lookups then cost a map access. */
class LabelIndex {
  private readonly byKey = new Map<string, Element[]>();
  /** Every short text (lower case) and the element holding it, for labels followed by their value in one text. */
  private readonly texts: { text: string; el: Element; colon: boolean }[] = [];

  constructor(scope: ParentNode, skip: ((el: Element) => boolean) | undefined) {
    const doc = (scope as Node).ownerDocument ?? (scope as Document);
    const walker = doc.createTreeWalker(scope as Node, 4 /* SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const raw = n.nodeValue ?? '';
      if (raw.length > 300 || raw.trim() === '') continue;
      let el = n.parentElement;
      if (!el) continue;
      if (skip?.(el)) continue;
      const key = labelKey(raw);
      this.texts.push({ text: key, el, colon: /[:：]\s*$/.test(raw) });
      if (raw.length > 200) continue;
      // The label element is the largest wrapper of the label alone (`<div><span>Hạn xử lý</span></div>`); a parent
      // that also holds an (empty) value element is the field's box, not the label.
      while (el.parentElement && el.parentElement !== scope && el.parentElement.childElementCount === 1 && labelKey(el.parentElement.textContent ?? '') === key) {
        el = el.parentElement;
      }
      if (skip?.(el)) continue;
      const list = this.byKey.get(key) ?? [];
      if (!list.includes(el)) list.push(el);
      this.byKey.set(key, list);
    }
  }

  find(key: string): Element[] {
    return this.byKey.get(key) ?? [];
  }

  /**
   * The elements whose own text starts with the label followed by a colon or a dash (`Mã đơn: 22`), or is the label
   * and a colon with the value after it in the same element (`<p>Mã hồ sơ: <span>…</span></p>`); those holding a
   * value first (an empty one is still the place of the value). A label alone without a colon (a column header) is not.
   */
  findSameText(key: string): Element[] {
    const withValue: Element[] = [];
    const bare: Element[] = [];
    for (const { text, el, colon } of this.texts) {
      if (text === key) {
        if (!colon) continue;
        const rest = stripLabel(normalizeText(el.textContent ?? ''), [key]);
        (rest === '' ? bare : withValue).push(el);
      } else if (text.startsWith(key) && SAME_TEXT_SEPARATOR.test(text.slice(key.length))) {
        withValue.push(el);
      }
    }
    return [...withValue, ...bare];
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The text after a leading label (any of `labels`, compared without case) and a colon or a dash: `Mã đơn: 22` → `22`. */
function stripLabel(text: string, labels: readonly string[]): string {
  const lowered = text.toLowerCase();
  for (const label of labels) {
    const k = labelKey(label);
    if (k === '' || !lowered.startsWith(k)) continue;
    const rest = text.slice(k.length);
    const sep = /^\s*[:：–—-]?\s*/.exec(rest);
    // The label must end where a word ends: `Mã hồ sơ cũ` is not `Mã hồ sơ`.
    if (rest !== '' && !/^[\s:：–—-]/.test(rest)) continue;
    return rest.slice(sep?.[0].length ?? 0).trim();
  }
  return text;
}

/** The element holding a label's value: the next element, or the next one of the label's parent. */
function valueAfter(label: Element): Element | null {
  if (label.tagName === 'LABEL') {
    const id = label.getAttribute('for');
    const control = id ? label.ownerDocument.getElementById(id) : label.querySelector('input, textarea, select');
    if (control) return control;
  }
  return label.nextElementSibling ?? label.parentElement?.nextElementSibling ?? null;
}

interface Grid {
  /** Header cells covering each column, top row first. */
  headers: Element[][];
  /** Body rows; a column's cells are taken from them only when that column is asked for. */
  body: Element[];
  /** No body cell spans columns, so a column's cell is found by index. */
  plain: boolean;
}

function rowCells(row: Element): Element[] {
  const cells = (row as HTMLTableRowElement).cells;
  return cells ? Array.from(cells) : Array.from(row.children).filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
}

const spanOf = (cell: Element, attr: 'colSpan' | 'rowSpan') => Math.max(1, (cell as HTMLTableCellElement)[attr] || 1);

/** Lays a table out as columns, following colspan and rowspan in the header (two-row headers). */
function tableGrid(table: Element): Grid {
  const t = table as HTMLTableElement;
  const allRows: Element[] = t.rows ? Array.from(t.rows) : Array.from(table.querySelectorAll('tr')).filter((r) => r.closest('table') === table);
  const headRows = allRows.filter((r) => r.parentElement?.tagName === 'THEAD');
  const head = headRows.length > 0 ? headRows : allRows.slice(0, 1).filter((r) => rowCells(r).every((c) => c.tagName === 'TH'));
  const headSet = new Set(head);
  const body = allRows.filter((r) => !headSet.has(r));
  const headers: Element[][] = [];
  const pending: { until: number; cell: Element; col: number; span: number }[] = [];
  head.forEach((row, r) => {
    let col = 0;
    const place = (cell: Element, span: number) => {
      for (let k = 0; k < span; k++) (headers[col + k] ??= []).push(cell);
    };
    const cells = rowCells(row);
    let ci = 0;
    while (ci < cells.length) {
      const carried = pending.find((p) => p.col === col && p.until > r);
      if (carried) {
        place(carried.cell, carried.span);
        col += carried.span;
        continue;
      }
      const cell = cells[ci++];
      if (!cell) break;
      const span = spanOf(cell, 'colSpan');
      const rowspan = spanOf(cell, 'rowSpan');
      if (rowspan > 1) pending.push({ until: r + rowspan, cell, col, span });
      place(cell, span);
      col += span;
    }
    for (const p of pending) if (p.until > r && p.col >= col) place(p.cell, p.span);
  });
  return { headers, body, plain: table.querySelector('tbody [colspan]:not([colspan="1"])') === null };
}

/** The cell of a body row covering column `index` (following colspan). */
function cellAt(row: Element, index: number, plain: boolean): Element | undefined {
  const cells = (row as HTMLTableRowElement).cells ?? rowCells(row);
  if (plain) return cells[index] ?? undefined;
  let col = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (!cell) break;
    col += spanOf(cell, 'colSpan');
    if (col > index) return cell;
  }
  return undefined;
}

interface Located {
  elements: Element[];
  perRow: boolean;
  /** The header cell of a column locator's column. */
  header?: Element;
  /** For a `same_text` label: the label wordings each value starts with (stripped before reading). */
  labels?: readonly string[];
}

function locate(locator: Locator, scope: ParentNode, labels: () => LabelIndex, skip: ((el: Element) => boolean) | undefined, grids = new Map<Element, Grid>()): Located {
  switch (locator.kind) {
    case 'css':
    case 'input':
      return { elements: queryPath(scope, locator.selector).filter((e) => !skip?.(e)), perRow: false };
    case 'label': {
      const within = locator.within === undefined ? [scope] : queryPath(scope, locator.within).filter((w) => !skip?.(w));
      for (const text of asList(locator.text)) {
        const key = labelKey(text);
        for (const w of within) {
          const index = w === scope ? labels() : new LabelIndex(w, skip);
          if (locator.same_text) {
            const el = index.findSameText(key)[0];
            if (el) return { elements: [el], perRow: false, labels: asList(locator.text) };
            continue;
          }
          for (const label of index.find(key)) {
            const value = valueAfter(label);
            if (value) return { elements: [value], perRow: false };
          }
        }
      }
      return { elements: [], perRow: false };
    }
    case 'column': {
      const tables = locator.table === undefined ? Array.from((scope as ParentNode).querySelectorAll('table')) : queryPath(scope, locator.table);
      const wanted = asList(locator.header).map(labelKey);
      for (const table of tables) {
        if (skip?.(table)) continue;
        let grid = grids.get(table);
        if (!grid) {
          grid = tableGrid(table);
          grids.set(table, grid);
        }
        // The most specific header row wins: a column's own header before its group's.
        let index = -1;
        let header: Element | undefined;
        for (let depth = 3; depth >= 0 && index === -1; depth--) {
          index = grid.headers.findIndex((cells) => {
            const cell = cells[Math.min(depth, cells.length - 1)];
            const hit = cell !== undefined && wanted.includes(labelKey(cell.textContent ?? ''));
            if (hit) header = cell;
            return hit;
          });
        }
        if (index === -1) continue;
        const column = index;
        const plain = grid.plain;
        return { elements: grid.body.map((r) => cellAt(r, column, plain)).filter((c): c is Element => c !== undefined), perRow: true, ...(header ? { header } : {}) };
      }
      return { elements: [], perRow: true };
    }
  }
}

type ValueReader = (el: Element) => string | null;

/**
 * `parseDossierDate` of the shared package with the format compiled once: a 2,000-row column reads 2,000 dates.
 * Same rules: `YYYY-MM-DD` without an hour, else the UTC timestamp of the wall-clock time in `timeZone`.
 */
function dateParser(format: string, timeZone: string = DEFAULT_TIME_ZONE): (text: string) => string | null {
  const compiled = compileDateFormat(format);
  if (compiled === null) return () => null;
  return (text) => {
    const m = compiled.re.exec(text);
    if (m === null) return null;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h: number | null = null;
    let min = 0;
    let sec = 0;
    compiled.tokens.forEach((t, i) => {
      const v = Number(m[i + 1]);
      if (t === 'yyyy') y = v;
      else if (t === 'MM' || t === 'M') mo = v;
      else if (t === 'dd' || t === 'd') d = v;
      else if (t === 'HH' || t === 'H') h = v;
      else if (t === 'mm') min = v;
      else sec = v;
    });
    const day = new Date(Date.UTC(y, mo - 1, d));
    // A real calendar date (not 30/02): the UTC date built from it reads the same day and month back.
    if (mo < 1 || mo > 12 || d < 1 || day.getUTCDate() !== d || day.getUTCMonth() !== mo - 1 || y < 1000) return null;
    if (h === null) return day.toISOString().slice(0, 10);
    if (h > 23 || min > 59 || sec > 59) return null;
    const instant = zonedTimeToUtc(y, mo, d, h, min, sec, timeZone);
    return instant === null ? null : new Date(instant).toISOString();
  };
}

/** The non-empty texts of an element's own text nodes, in document order (its shadow root left out). */
function textParts(el: Element): string[] {
  const out: string[] = [];
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue ?? '';
    if (t.trim() !== '') out.push(t);
  }
  return out;
}

/** Item `n` of a list, 1-based, negative from the end (-1 the last). */
const nth = <T>(list: readonly T[], n: number): T | undefined => (n > 0 ? list[n - 1] : list[list.length + n]);

/** What a field reads, besides its value rules: `name` (a status is canonical) and the labels a `same_text` value starts with. */
export interface ValueReaderOptions {
  timeZone?: string;
  /** Labels the value's text starts with (a `same_text` label locator): removed first. */
  labels?: readonly string[];
}

type ReadableField = Partial<Pick<Field, 'name' | 'attribute' | 'regex' | 'date_format' | 'part' | 'split'>> & { values?: Field['values'] | Record<string, string> };

/**
 * A reader for one field: attribute or text (or one part of it), the label of a same-text value removed, then regex,
 * date format, value map and, for `status`, the canonical status, each prepared once. A `values` naming a map of the
 * profile must be resolved first (`resolvePageFields`): a name here reads as no map.
 */
export function valueReader(field: ReadableField, options: ValueReaderOptions = {}): ValueReader {
  let re: RegExp | null = null;
  if (field.regex !== undefined) {
    // Profiles are validated (SiteProfileSchema), but a regex outside the safe subset never runs, whatever its origin.
    if (!isSafeRegex(field.regex)) return () => null;
    try {
      re = new RegExp(field.regex, 'u');
    } catch {
      return () => null;
    }
  }
  const parseDate = field.date_format !== undefined ? dateParser(field.date_format, options.timeZone) : null;
  const values = field.values !== undefined && typeof field.values !== 'string' ? new Map(Object.entries(field.values).map(([k, v]) => [labelKey(k), v])) : null;
  const status = field.name === 'status';
  const labels = options.labels ?? null;
  const clean = (t: string) => normalizeText(dropControlCharacters(t));
  return (el) => {
    let text: string | null;
    if (field.part !== undefined && field.split === undefined && field.attribute === undefined && controlText(el) === null) {
      // One text node of several (name and phone in one cell); the label of a same-text value may be its own node.
      const parts = textParts(el).map(clean).filter((t) => t !== '' && (labels === null || stripLabel(t, labels) !== ''));
      const part = nth(parts, field.part);
      if (part === undefined) return null;
      text = labels === null ? part : stripLabel(part, labels);
    } else {
      text = field.attribute !== undefined ? el.getAttribute(field.attribute) : (controlText(el) ?? el.textContent);
      if (text === null) return null;
      // A page may hold control characters a browser shows as nothing; the API refuses them in a dossier code.
      text = clean(text);
      if (labels !== null) text = stripLabel(text, labels);
      if (field.part !== undefined) {
        const pieces = field.split === undefined ? [text] : text.split(field.split).map((t) => t.trim()).filter((t) => t !== '');
        const piece = nth(pieces, field.part);
        if (piece === undefined) return null;
        text = piece;
      }
    }
    if (re !== null) {
      // Only the first REGEX_INPUT_LIMIT characters: with the safe subset, that bounds the time a match may take.
      const m = re.exec(boundRegexInput(text));
      if (!m) return null;
      text = normalizeText(m.groups?.value ?? m[1] ?? m[0]);
    }
    if (parseDate !== null) {
      const parsed = parseDate(text);
      if (parsed === null) return null;
      text = parsed;
    }
    if (values !== null) text = values.get(labelKey(text)) ?? text;
    // A status is one of the canonical statuses (mapped, or shown as such); an unknown wording gives no value.
    if (status && text !== '') {
      const canonical = text.toLowerCase();
      return isCanonicalStatus(canonical) ? canonical : null;
    }
    return text === '' ? null : text;
  };
}

/** The value of one element for a field. */
export const fieldValue = (field: ReadableField, el: Element, options: ValueReaderOptions = {}) => valueReader(field, options)(el);

/** A column cell holds something: text, a control or any element (a link, an icon). */
const cellHolds = (cell: Element) => (cell.textContent ?? '').trim() !== '' || cell.firstElementChild !== null;

/** A field whose value is whether its locator finds a shown element (per row for a column: whether the cell holds anything). */
function presenceRead(field: ResolvedField, located: Located): FieldRead {
  const { elements, perRow, header } = located;
  const values: (string | null)[] = perRow ? elements.map((el) => String(cellHolds(el))) : [String(elements.some(isShown))];
  return { name: field.name, values, valueAt: (i) => values[i] ?? null, elements, perRow, pii: field.pii === true, header: header ?? null };
}

/** Reads every field of a recognised page. */
export function readFields(rec: RecognizedPage, options: ReaderOptions = {}): FieldRead[] {
  let index: LabelIndex | null = null;
  const labels = () => (index ??= new LabelIndex(rec.scope, options.skip));
  const grids = new Map<Element, Grid>();
  return rec.fields.map((field) => {
    const located = locate(field.locator, rec.scope, labels, options.skip, grids);
    if (field.present) return presenceRead(field, located);
    const { elements, perRow, header } = located;
    const read = valueReader(field, { ...(options.timeZone !== undefined ? { timeZone: options.timeZone } : {}), ...(located.labels ? { labels: located.labels } : {}) });
    let all: (string | null)[] | null = null;
    return {
      name: field.name,
      get values() {
        return (all ??= elements.map(read));
      },
      valueAt: (i: number) => {
        if (all !== null) return all[i] ?? null;
        const el = elements[i];
        return el === undefined ? null : read(el);
      },
      elements,
      perRow,
      pii: field.pii === true,
      header: header ?? null,
    };
  });
}

/** The row element a per-row value sits in (its `<tr>`). */
const rowOf = (el: Element) => el.closest('tr');

/**
 * Field values as evidence fields: one value per field (the one in `row` for per-row fields when a row is given,
 * else the list of values), list columns (`steps.name`) gathered into rows. Not yet redacted.
 */
export function fieldsForEvidence(reads: readonly FieldRead[], row: Element | null = null): Record<string, EvidenceFieldValue> {
  const out: Record<string, EvidenceFieldValue> = {};
  const lists = new Map<string, Map<string, (string | null)[]>>();
  for (const f of reads) {
    let values = f.values;
    if (f.perRow && row !== null) {
      const i = f.elements.findIndex((el) => rowOf(el) === row);
      values = i === -1 ? [] : [f.valueAt(i)];
    }
    const dot = f.name.indexOf('.');
    if (dot !== -1) {
      const list = f.name.slice(0, dot);
      const columns = lists.get(list) ?? new Map<string, (string | null)[]>();
      columns.set(f.name.slice(dot + 1), values.slice(0, 500));
      lists.set(list, columns);
      continue;
    }
    if (values.length === 0) continue;
    out[f.name] = values.length === 1 && !(f.perRow && row === null) ? (values[0] ?? null) : values.slice(0, 500).map((v) => v ?? '');
  }
  for (const [list, columns] of lists) {
    const n = Math.max(0, ...Array.from(columns.values(), (v) => v.length));
    out[list] = Array.from({ length: Math.min(n, 500) }, (_, i) => Object.fromEntries(Array.from(columns, ([c, v]) => [c, v[i] ?? null])));
  }
  return out;
}

/** How a dossier shows on the screen: a row of a list, a modal over the page, or the page itself (detail, receipt). */
export type DossierScopeKind = 'row' | 'modal' | 'page';

/**
 * Where one dossier shows on the screen: its evidence is anchored there and nowhere else. The code is what the
 * profile's record key field (`record_key`, `dossier_code` by default) reads there, never text found elsewhere on the
 * page (a header showing the latest dossier's code does not make the page about that dossier).
 */
export interface DossierScope {
  code: string;
  kind: DossierScopeKind;
  /**
   * The row (a `<tr>` or a row-like element), the modal, or for the page's own dossier the page's `root` (else the
   * body, without its top-level header and navigation bars).
   */
  element: Element;
  /**
   * What inside `element` is not this dossier's: other dossiers' rows and modals, the profile's ignored regions, and
   * for a page without a root its header and navigation bars (a header showing the latest dossier's code and status).
   */
  exclude: Element[];
  /** The row's 1-based position in its list (kind `row`), else null. */
  row: number | null;
  /** The profile page whose code field read it. */
  pageId: string;
}

export interface PageReading {
  pages: RecognizedPage[];
  reads: FieldRead[];
  /** The dossier the screen is about: an open modal's, else the page's own (detail, receipt); null on a list. */
  dossierCode: string | null;
  /** Every dossier on the screen, where it shows (several scopes may share a code: a row and its quick view). */
  dossiers: DossierScope[];
  /** The innermost dossier scope holding an element (its row, its modal, else the page's), or null. */
  dossierAt(el: Element): DossierScope | null;
  targets: BoundTarget[];
  /**
   * Elements whose whole text is personal data: the profile's PII selectors, the cells of its PII columns and the
   * fields marked `pii`.
   */
  piiElements: Element[];
  /**
   * The element of a recognised page that `covers` the screen (a modal without a role, a dialog), or null. Targets
   * outside it are `covered`: the overlay draws no badge for them while it is open.
   */
  covering: Element | null;
  /** The profile's ignored regions on this page (`ignore`): never read, anchored or badged. */
  ignored: Element[];
  /** True for an element inside an ignored region (crossing shadow roots). */
  isIgnored(el: Element): boolean;
  /** The list's pages and total, from the first recognised page with a `pagination` rule; null when none has one. */
  pagination: PaginationReading | null;
}

export interface PaginationReading {
  pageId: string;
  /** The total count the page shows, or null when it shows none (or no `total` is declared). */
  total: number | null;
  /**
   * Whether there is a next page: the next control is shown and enabled; without one, page × size < total. Null
   * when that cannot be told.
   */
  hasNext: boolean | null;
  /** The 1-based page number from the page parameter (1 when the URL has none), or null without a page parameter. */
  page: number | null;
  /** The page size from the size parameter, or null. */
  size: number | null;
  /** The next-page control when it is shown and enabled (the profile declares it as navigation), else null. */
  nextControl: Element | null;
}

/** The parent element, crossing out of an open shadow root to its host. */
function parentFlat(n: Node): Element | null {
  if (n.parentElement) return n.parentElement;
  const parent = n.parentNode;
  return parent !== null && parent.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
}

const ROW_SELECTOR = 'tr, [role="row"]';
const BAR_SELECTOR = 'header, nav, footer, [role="banner"], [role="navigation"], [role="toolbar"], [role="menubar"]';
/** The page-wide bars a page without a root leaves out of its dossier's place. */
const PAGE_BAR_SELECTOR = 'header, nav, [role="banner"], [role="navigation"]';

/** The top-level header and navigation bars of a page (not inside its main content), except the one holding `code`. */
function pageBars(doc: Document, code: Element): Element[] {
  const bars: Element[] = [];
  for (const bar of Array.from(doc.querySelectorAll(PAGE_BAR_SELECTOR))) {
    if (bar.closest('main, article, [role="main"], dialog, [role="dialog"]') || containsFlat(bar, code)) continue;
    if (bars.some((b) => b.contains(bar))) continue;
    bars.push(bar);
  }
  return bars;
}

/**
 * The element that is the row of each code element of a list that is not a table (cards, a div grid): the largest
 * ancestor holding that code and no other dossier's.
 */
function rowLike(elements: readonly Element[], codes: readonly (string | null)[]): (Element | null)[] {
  const MANY = '\u0000';
  const held = new Map<Element, string>();
  elements.forEach((el, i) => {
    const code = codes[i];
    if (!code) return;
    for (let a = parentFlat(el); a; a = parentFlat(a)) {
      const seen = held.get(a);
      if (seen === MANY) break;
      held.set(a, seen === undefined || seen === code ? code : MANY);
    }
  });
  return elements.map((el, i) => {
    const code = codes[i];
    if (!code) return null;
    const tr = el.closest(ROW_SELECTOR);
    if (tr && held.get(tr) === code) return tr;
    let row: Element = el;
    for (let a = parentFlat(el); a && held.get(a) === code && a.localName !== 'body'; a = parentFlat(a)) row = a;
    return row;
  });
}

/**
 * The modal a page-level code sits in: a dialog (`<dialog>`, role=dialog/alertdialog, aria-modal), the dialog the page
 * was recognised in, or an overlay container without a role (a fixed-position ancestor that is not a bar such as a
 * sticky header). Null when the code is the page's own.
 */
function modalOf(el: Element, rec: RecognizedPage): Element | null {
  if (rec.covers !== null) return rec.covers;
  for (let a: Element | null = el; a; a = parentFlat(a)) if (matchesSafe(a, DIALOG_SELECTOR)) return a;
  if (rec.page.recognize?.in_dialog && (rec.scope as Node).nodeType === 1) return rec.scope as Element;
  const view = el.ownerDocument.defaultView;
  if (!view || typeof view.getComputedStyle !== 'function') return null;
  for (let a = parentFlat(el); a && a.localName !== 'body' && a.localName !== 'html'; a = parentFlat(a)) {
    if (view.getComputedStyle(a).position !== 'fixed') continue;
    if (matchesSafe(a, BAR_SELECTOR)) return null;
    const r = a.getBoundingClientRect();
    const bar = r.height > 0 && r.width >= view.innerWidth * 0.9 && r.height <= view.innerHeight * 0.25;
    return bar ? null : a;
  }
  return null;
}

/**
 * The dossiers on the screen, from the code field of each recognised page: one scope per row for a column (or for a
 * locator finding several codes), else the modal the code sits in, else the page itself.
 */
function dossierScopes(doc: Document, pages: readonly RecognizedPage[], readsByPage: ReadonlyMap<string, FieldRead[]>, recordKey: string, ignored: readonly Element[]): DossierScope[] {
  const out: DossierScope[] = [];
  const taken = new Set<Element>();
  const add = (s: Omit<DossierScope, 'exclude'>, exclude: Element[] = []) => {
    if (taken.has(s.element)) return;
    taken.add(s.element);
    out.push({ ...s, exclude });
  };
  const body = doc.body ?? doc.documentElement;
  for (const rec of pages) {
    const read = readsByPage.get(rec.page.id)?.find((r) => r.name === recordKey);
    if (!read || read.elements.length === 0) continue;
    const codes = read.values;
    const distinct = new Set(codes.filter((c): c is string => c !== null));
    if (distinct.size === 0) continue;
    if (read.perRow || distinct.size > 1) {
      const rows = read.perRow ? read.elements.map((el) => el.closest(ROW_SELECTOR)) : rowLike(read.elements, codes);
      read.elements.forEach((_, i) => {
        const code = codes[i];
        const row = rows[i];
        if (code && row) add({ code, kind: 'row', element: row, row: i + 1, pageId: rec.page.id });
      });
      continue;
    }
    const code = codes.find((c): c is string => c !== null) ?? '';
    const el = read.elements[codes.indexOf(code)];
    if (!el) continue;
    const modal = modalOf(el, rec);
    if (modal) {
      add({ code, kind: 'modal', element: modal, row: null, pageId: rec.page.id });
    } else if ((rec.scope as Node).nodeType === 1) {
      add({ code, kind: 'page', element: rec.scope as Element, row: null, pageId: rec.page.id });
    } else {
      add({ code, kind: 'page', element: body, row: null, pageId: rec.page.id }, pageBars(doc, el));
    }
  }
  // A modal or a page holds other dossiers' rows and modals: those places are theirs. Ignored regions are no one's.
  for (const s of out) {
    if (s.kind === 'row') continue;
    for (const t of out) if (t !== s && t.code !== s.code && containsFlat(s.element, t.element)) s.exclude.push(t.element);
    for (const r of ignored) if (containsFlat(s.element, r) && !s.exclude.includes(r)) s.exclude.push(r);
  }
  return out;
}

/** The innermost scope holding an element: its row, else its modal, else the page's own dossier. */
function scopeFinder(dossiers: readonly DossierScope[]): (el: Element) => DossierScope | null {
  if (dossiers.length === 0) return () => null;
  const byElement = new Map<Element, DossierScope>();
  for (const d of dossiers) byElement.set(d.element, d);
  // The bars a page leaves out: an element inside one belongs to no dossier.
  const bars = new Set(dossiers.flatMap((d) => (d.kind === 'page' ? d.exclude.filter((x) => !byElement.has(x)) : [])));
  return (el) => {
    // Most elements asked about are list cells: their row answers at once.
    const tr = el.closest(ROW_SELECTOR);
    const row = tr ? byElement.get(tr) : undefined;
    if (row) return row;
    for (let a: Element | null = el; a; a = parentFlat(a)) {
      const s = byElement.get(a);
      if (s) return s;
      if (bars.has(a)) return null;
    }
    return null;
  };
}

/** A query parameter of a URL: in its query, else in its hash route's own query (`#/dossiers?page=2`). */
function urlParam(url: string, name: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const direct = u.searchParams.get(name);
  if (direct !== null) return direct;
  const q = u.hash.indexOf('?');
  return q === -1 ? null : new URLSearchParams(u.hash.slice(q + 1)).get(name);
}

const positiveInt = (s: string | null, max: number): number | null => {
  if (s === null || !/^\s*\d{1,10}\s*$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= max ? n : null;
};

/** A next-page control that does nothing: disabled, aria-disabled, or matching the profile's `next_disabled`. */
function isDisabled(el: Element, extra: string | undefined): boolean {
  if (el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true') return true;
  return extra !== undefined && (matchesSafe(el, extra) || el.closest(extra) !== null);
}

/** Reads a page's pagination rule: the total count, whether a next page exists, the page number and size. */
function readPagination(rec: RecognizedPage, rule: Pagination, url: string, skip: (el: Element) => boolean): PaginationReading {
  let total: number | null = null;
  if (rule.total !== undefined) {
    let index: LabelIndex | null = null;
    const located = locate(rule.total.locator, rec.scope, () => (index ??= new LabelIndex(rec.scope, skip)), skip);
    const read = valueReader({ ...(rule.total.regex !== undefined ? { regex: rule.total.regex } : {}) }, located.labels ? { labels: located.labels } : {});
    for (const el of located.elements) {
      const text = read(el);
      // The first number of what the regex kept, thousands separators allowed (`1.250`, `1,250`, `1 250`).
      const digits = text === null ? null : /\d{1,3}(?:[.,\u00a0 ]\d{3})+(?!\d)|\d+/.exec(text)?.[0].replace(/\D/g, '');
      if (digits) {
        total = Math.min(Number(digits), Number.MAX_SAFE_INTEGER);
        break;
      }
    }
  }
  const page = rule.page_param === undefined ? null : (positiveInt(urlParam(url, rule.page_param), 1_000_000) ?? 1);
  const size = rule.size_param === undefined ? null : positiveInt(urlParam(url, rule.size_param), 100_000);
  let hasNext: boolean | null = null;
  let nextControl: Element | null = null;
  if (rule.next !== undefined) {
    const control = queryPath(rec.scope, rule.next).find((el) => !skip(el) && isShown(el));
    hasNext = control !== undefined && !isDisabled(control, rule.next_disabled);
    if (hasNext && control) nextControl = control;
  } else if (page !== null && size !== null && total !== null) {
    hasNext = page * size < total;
  }
  return { pageId: rec.page.id, total, hasNext, page, size, nextControl };
}

/** The cells of every table column whose header reads one of `headers` (the profile's PII columns). */
function columnCells(scope: ParentNode, headers: readonly string[], skip: (el: Element) => boolean): Element[] {
  const out: Element[] = [];
  const wanted = headers.map(labelKey);
  for (const table of Array.from(scope.querySelectorAll('table'))) {
    if (skip(table)) continue;
    const grid = tableGrid(table);
    grid.headers.forEach((cells, index) => {
      if (!cells.some((c) => wanted.includes(labelKey(c.textContent ?? '')))) return;
      for (const row of grid.body) {
        const cell = cellAt(row, index, grid.plain);
        if (cell && !out.includes(cell)) out.push(cell);
      }
    });
  }
  return out;
}

/** A page URL fit for storage with the profile's own personal parameters (`pii.url_params`) masked too. */
export function redactPageUrl(url: string, profile: Pick<SiteProfile, 'pii'> | null): string {
  const params = profile?.pii.url_params;
  return redactUrl(url, params && params.length > 0 ? { personalParams: params } : {});
}

/**
 * Reads the page: recognised pages, their fields, the dossiers on screen, the binding targets, the PII elements, the
 * covering modal, the ignored regions and the pagination.
 */
export function readPage(doc: Document, url: string, profile: SiteProfile, options: ReaderOptions = {}): PageReading {
  const ignore = ignoreOf(doc, profile);
  const userSkip = options.skip;
  const skip = ignore === NO_IGNORE ? (userSkip ?? (() => false)) : (el: Element) => userSkip?.(el) === true || ignore.has(el);
  const readOptions: ReaderOptions = { skip, timeZone: options.timeZone ?? profile.time_zone ?? DEFAULT_TIME_ZONE };
  const pages = recognizePages(doc, url, profile, ignore);
  const readsByPage = new Map<string, FieldRead[]>();
  for (const rec of pages) readsByPage.set(rec.page.id, readFields(rec, readOptions));
  const reads = Array.from(readsByPage.values()).flat();
  const ignored = Array.from(ignore.regions);

  // The dossiers on screen and where each shows; an element belongs to the innermost (its row, its modal, the page).
  const dossiers = dossierScopes(doc, pages, readsByPage, profile.record_key ?? DEFAULT_RECORD_KEY, ignored);
  const dossierAt = scopeFinder(dossiers);
  const dossierCode = (dossiers.find((d) => d.kind === 'modal') ?? dossiers.find((d) => d.kind === 'page'))?.code ?? null;
  const codeFor = (el: Element) => dossierAt(el)?.code ?? null;

  // The modal over the page, if a covering page is recognised: the last one found (the innermost when nested).
  const covers = pages.map((p) => p.covers).filter((c): c is Element => c !== null);
  const covering = covers.find((c) => !covers.some((o) => o !== c && containsFlat(c, o))) ?? null;
  const isCovered = (el: Element) => covering !== null && !covers.some((c) => containsFlat(c, el));

  const targets: BoundTarget[] = [];
  for (const b of profile.bindings) {
    const recs = b.page === undefined ? pages : pages.filter((p) => p.page.id === b.page);
    for (const rec of recs) {
      let elements: Element[] = [];
      let header: Element | null = null;
      if (b.locator !== undefined) {
        let index: LabelIndex | null = null;
        const located = locate(b.locator, rec.scope, () => (index ??= new LabelIndex(rec.scope, skip)), skip);
        elements = located.elements;
        header = located.header ?? null;
      } else if (b.field !== undefined) {
        const read = readsByPage.get(rec.page.id)?.find((r) => r.name === b.field);
        elements = read?.elements ?? [];
        header = read?.header ?? null;
      }
      for (const element of elements) {
        targets.push({ itemCode: b.item_code, element, dossierCode: codeFor(element), hint: b.hint ?? null, field: b.field ?? null, header, covered: isCovered(element) });
      }
    }
  }

  // PII columns: every cell of the column is personal, and so is a field reading it.
  const piiCells = profile.pii.columns && profile.pii.columns.length > 0 ? pages.flatMap((rec) => columnCells(rec.scope, profile.pii.columns ?? [], skip)) : [];
  if (piiCells.length > 0) {
    const cells = new Set(piiCells);
    for (const r of reads) if (r.perRow && !r.pii && r.elements.length > 0 && r.elements.every((el) => cells.has(el))) r.pii = true;
  }
  const piiNames: ReadonlySet<string> = new Set(PII_FIELD_NAMES);
  const piiElements = [
    ...profile.pii.selectors.flatMap((s) => queryPath(doc, s)),
    ...piiCells,
    ...reads.filter((r) => r.pii || piiNames.has(r.name.split('.')[0] ?? '')).flatMap((r) => r.elements),
  ];

  const paged = pages.find((p) => p.page.pagination !== undefined);
  const pagination = paged?.page.pagination !== undefined ? readPagination(paged, paged.page.pagination, url, skip) : null;
  return { pages, reads, dossierCode, dossiers, dossierAt, targets, piiElements, covering, ignored, isIgnored: ignore.has, pagination };
}
