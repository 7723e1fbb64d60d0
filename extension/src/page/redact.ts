// Redaction of what leaves the page (DESIGN section 8): quotes, selector contexts, field values and the pixels of
// screenshots are masked with the shared patterns (CCCD/CMND numbers, phones, e-mails) and the profile's PII
// elements before anything is stored or queued.
//
// - Only personal values are masked, never their labels: in a PII region (`pii.selectors`, an applicant block, a
//   printed receipt) each text is a label (ends with a colon, sits in a th/dt/label/heading, or reads like one of the
//   profile's labels or the common personal-data labels) or a value, and `CCCD: 001203004567` keeps `CCCD:`.
// - A value element (a field marked `pii`, the vocabulary's personal fields) is masked whole: `•••`.
// - An identifier never spans two separately rendered texts that happen to touch in the text model (a phone in one
//   span, a date in the next), so masks stay on the identifier.
// - A slice that cuts through an identifier (a selection or a 32-character context ending mid-number) has the cut
//   part masked entirely, so no partial identifier slips through where the patterns no longer recognise it.
import {
  MASK,
  PII_FIELD_NAMES,
  identifierSpans,
  maskWhole,
  redactFields,
  redactText,
  type EvidenceFieldValue,
  type PiiPatternName,
  type SiteProfile,
} from '@onestop/shared';
import { containsFlat, elementSpan, normalizeText, rawOffset, segmentAt, type Segment, type TextModel } from '../anchoring/text-model.ts';

export interface PiiSpan {
  start: number;
  end: number;
  /** `pattern`: found by the shared patterns; `element`: a personal value (masked whole). */
  kind: 'pattern' | 'element';
  /** The text of a value element (a name, an address): masked wherever the page or a field repeats it. */
  value?: boolean;
}

/**
 * Offsets where two text sources meet with no space between them in the model (`<span>0912345678</span><span>12/11`):
 * the text model joins inline elements as the page's text flow would, but an identifier never continues across them.
 */
export function textJoins(model: TextModel): number[] {
  const out: number[] = [];
  const { segments, text } = model;
  for (let i = 1; i < segments.length; i++) {
    const a = segments[i - 1];
    const b = segments[i];
    if (!a || !b || a.end !== b.start || a.end === 0) continue;
    if (text[a.end - 1] === ' ' || text[b.start] === ' ') continue;
    out.push(b.start);
  }
  return out;
}

/** Spans of `text` that the shared patterns would mask (never across `joins`, see `identifierSpans`). */
export function patternSpans(text: string, patterns?: readonly PiiPatternName[], joins: readonly number[] = []): PiiSpan[] {
  return identifierSpans(text, patterns, joins).map((s) => ({ ...s, kind: 'pattern' as const }));
}

// ── Labels and values inside PII elements ────────────────────────────────────────────────────────────────────

/** Labels of personal data common on Vietnamese dossier screens (normalised, lower case, no trailing colon). */
const COMMON_LABELS = [
  'họ và tên', 'họ tên', 'họ, tên', 'tên', 'giới tính', 'ngày sinh', 'ngày, tháng, năm sinh', 'năm sinh', 'số cccd', 'cccd', 'cmnd',
  'số cmnd', 'cccd/cmnd', 'số cccd/cmnd', 'số cccd/số định danh cá nhân', 'số định danh cá nhân', 'số định danh', 'căn cước công dân',
  'số căn cước', 'số giấy tờ tùy thân', 'số giấy tờ', 'ngày cấp', 'nơi cấp', 'điện thoại', 'số điện thoại', 'sđt', 'đt', 'di động',
  'email', 'e-mail', 'thư điện tử', 'địa chỉ', 'địa chỉ thường trú', 'địa chỉ liên hệ', 'địa chỉ, số điện thoại', 'nơi cư trú',
  'nơi thường trú', 'nơi ở hiện nay', 'quê quán', 'quốc tịch', 'dân tộc', 'người nộp', 'người nộp hồ sơ', 'tên người nộp',
  'thông tin người nộp', 'thông tin người nộp hồ sơ', 'thông tin công dân', 'thông tin cá nhân', 'chủ hồ sơ', 'người được ủy quyền',
  'người ủy quyền', 'người đại diện', 'kính gửi', 'người nhận', 'tổ chức, cá nhân', 'cá nhân, tổ chức',
  // Captions of a printed form's signature block.
  '(ký, ghi rõ họ tên)', '(ký và ghi rõ họ tên)', '(ký, ghi rõ họ và tên)', '(ký, họ tên)',
];

const LABEL_TAGS = 'th, dt, label, legend, caption, h1, h2, h3, h4, h5, h6, summary, [role="heading"], [role="columnheader"], [role="rowheader"]';

const labelKey = (s: string) => normalizeText(s).toLowerCase().replace(/\s*:\s*$/, '');

/** The label wordings of a profile (label locators, column headers, headings) and the common personal-data labels. */
export function profileLabels(profile: SiteProfile | null): Set<string> {
  const out = new Set(COMMON_LABELS);
  const add = (t: string | readonly string[] | undefined) => {
    for (const s of typeof t === 'string' ? [t] : (t ?? [])) out.add(labelKey(s));
  };
  const addField = (f: SiteProfile['pages'][number]['fields'][number]) => {
    if (f.locator.kind === 'label') add(f.locator.text);
    else if (f.locator.kind === 'column') add(f.locator.header);
  };
  for (const page of profile?.pages ?? []) {
    add(page.recognize?.heading);
    add(page.title);
    for (const f of page.fields) addField(f);
  }
  for (const fields of Object.values(profile?.field_sets ?? {})) for (const f of fields) addField(f);
  add(profile?.pii.columns);
  return out;
}

/** `label:` at the start of a text or after a `,`, `;`, `|` or ` - ` (`CCCD: 0012…, SĐT: 0912…`). */
const LABEL_IN_TEXT_RE = /(^|[,;|]\s*|\s[-–]\s)([^:,;|]{1,60}?)\s*:\s*/gu;

/**
 * Whether a text (without its colon) reads as a label: one of the known labels, or, inside a region, a short phrase
 * without digits, `@` or `;` (`Nội dung yêu cầu giải quyết`, `1. Thành phần hồ sơ nộp gồm`). A value element only
 * knows the known labels, so `Thôn Đông; ĐT: …` stays a value.
 */
function labelish(s: string, labels: ReadonlySet<string>, inRegion: boolean): boolean {
  const key = labelKey(s);
  if (labels.has(key)) return true;
  if (!inRegion) return false;
  const body = key.replace(/^\d{1,2}[.)]\s*/, '');
  return body.length > 0 && body.length <= 60 && !/[\d@;]/.test(body) && body.split(' ').length <= 8;
}

interface PiiScope {
  /** Value elements: masked whole (a leading `Label:` in the same text excepted). */
  values: readonly Element[];
  /** Regions: every text in them is a label or a value. */
  regions: readonly Element[];
  labels: ReadonlySet<string>;
  patterns?: readonly PiiPatternName[];
}

/** The segments of the model inside `el` (by its model span). */
function segmentsIn(model: TextModel, el: Element): Segment[] {
  const span = elementSpan(model, el);
  if (!span) return [];
  const out: Segment[] = [];
  for (let i = Math.max(0, segmentAt(model, span.start)); i < model.segments.length; i++) {
    const seg = model.segments[i];
    if (!seg || seg.start >= span.end) break;
    if (seg.end > span.start && containsFlat(el, seg.source)) out.push(seg);
  }
  return out;
}

/** The element a segment's text belongs to. */
const ownerOf = (seg: Segment): Element | null => (seg.source.nodeType === 1 ? (seg.source as Element) : seg.source.parentElement);

/**
 * Model spans of the personal values inside PII elements, labels left out. Consecutive value texts with only
 * spaces between them become one span (a name split over inline tags is one `•••`).
 */
export function piiValueSpans(model: TextModel, scope: PiiScope): PiiSpan[] {
  const spans: PiiSpan[] = [];
  let inValue = false;
  let owner: Element | null = null;
  let lastOwner: Element | null = null;
  const push = (start: number, end: number) => {
    // Spaces at the ends belong to the layout, not to the value.
    while (start < end && model.text[start] === ' ') start++;
    while (end > start && model.text[end - 1] === ' ') end--;
    if (end <= start) return;
    const last = spans.at(-1);
    // One value element's texts with only spaces between them (a name split over inline tags) are one value.
    if (last && inValue && lastOwner === owner && last.value && start >= last.end && model.text.slice(last.end, start).trim() === '') last.end = end;
    else spans.push({ start, end, kind: 'element', ...(inValue ? { value: true } : {}) });
    lastOwner = owner;
  };
  const classify = (seg: Segment, region: Element | null, el: Element) => {
    inValue = region === null;
    owner = el;
    if (seg.source.nodeType === 1) {
      push(seg.start, seg.end);
      return;
    }
    const text = model.text.slice(seg.start, seg.end);
    const trimmed = text.trim();
    const inRegion = region !== null;
    const hasPii = identifierSpans(trimmed, scope.patterns).length > 0;
    if (!hasPii) {
      if (trimmed.endsWith(':') && labelish(trimmed, scope.labels, inRegion)) return;
      if (region) {
        const heading = ownerOf(seg)?.closest(LABEL_TAGS);
        if (heading && containsFlat(region, heading)) return;
        if (scope.labels.has(labelKey(trimmed))) return;
      }
    }
    // `CCCD: 001203004567, SĐT: 0912 345 678`: the labels stay, each value is masked.
    let cursor = seg.start;
    for (const m of text.matchAll(LABEL_IN_TEXT_RE)) {
      if (!labelish(m[2] ?? '', scope.labels, inRegion)) continue;
      const labelStart = seg.start + m.index + (m[1] ?? '').length;
      pushValue(cursor, seg.start + m.index);
      cursor = Math.max(cursor, labelStart + m[0].length - (m[1] ?? '').length);
    }
    pushValue(cursor, seg.end);
  };
  /** A value between labels, without the separator that leads to the next label. */
  const pushValue = (start: number, end: number) => {
    let e = end;
    while (e > start && /[\s,;|–-]/.test(model.text[e - 1] ?? '')) e--;
    push(start, e);
  };
  const seen = new Set<Segment>();
  const all: { seg: Segment; region: Element | null; el: Element }[] = [];
  const collect = (el: Element, region: Element | null) => {
    for (const seg of segmentsIn(model, el)) {
      if (seen.has(seg)) continue;
      seen.add(seg);
      all.push({ seg, region, el });
    }
  };
  for (const el of scope.values) collect(el, null);
  for (const el of scope.regions) collect(el, el);
  all.sort((a, b) => a.seg.start - b.seg.start);
  for (const { seg, region, el } of all) classify(seg, region, el);
  return [...spans, ...repeatedValues(model, personalTexts(model.text, spans))];
}

/** Personal values searched again elsewhere on the page at most (a detail page, a dialog; not every row of a list). */
const MAX_REPEATED_VALUES = 50;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Where the page shows a personal value again outside the element the profile marks (the applicant's name in the
 * printed receipt, in an apology letter, under a signature): each such place is masked too. Only values of value
 * elements (names, addresses, e-mails: a region's values, such as a gender or a nationality, are too common), of 4
 * characters or more with a letter, as whole words.
 */
function repeatedValues(model: TextModel, texts: readonly string[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  const { text } = model;
  for (const t of texts) {
    for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + t.length)) {
      const end = at + t.length;
      if (WORD_CHAR.test(text[at - 1] ?? '') || WORD_CHAR.test(text[end] ?? '')) continue;
      out.push({ start: at, end, kind: 'element' });
    }
  }
  return out;
}

/**
 * The texts of the page's personal values worth looking for elsewhere (see `repeatedValues`): those of value elements,
 * of 4 characters or more with a letter; none when there are more than MAX_REPEATED_VALUES (a list).
 */
export function personalTexts(text: string, spans: readonly PiiSpan[]): string[] {
  const texts = new Set<string>();
  for (const v of spans) {
    if (!v.value) continue;
    const t = text.slice(v.start, v.end);
    if (t.length >= 4 && /\p{L}/u.test(t) && !t.includes(MASK)) texts.add(t);
  }
  // Longest first: a value inside another (a name inside an address) never leaves the rest of the longer one.
  return texts.size > MAX_REPEATED_VALUES ? [] : Array.from(texts).sort((a, b) => b.length - a.length);
}

/** Every string of a record (any depth) with the page's personal texts masked where they appear as whole words. */
export function maskPersonalTexts<T>(record: T, texts: readonly string[]): T {
  if (texts.length === 0) return record;
  const mask = (s: string): string => {
    let out = s;
    for (const t of texts) {
      let from = 0;
      for (let at = out.indexOf(t, from); at >= 0; at = out.indexOf(t, from)) {
        const end = at + t.length;
        if (WORD_CHAR.test(out[at - 1] ?? '') || WORD_CHAR.test(out[end] ?? '')) {
          from = end;
          continue;
        }
        const masked = maskWhole(t);
        out = out.slice(0, at) + masked + out.slice(end);
        from = at + masked.length;
      }
    }
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(record) as T;
}

// ── Slices (quotes and selector contexts) ─────────────────────────────────────────────────────────────────────

const maskAlnum = (s: string) => s.replace(/[\p{L}\p{N}]/gu, MASK);

/** `text[start, end)` with every PII span masked: identifiers the readable way (`0912•••678`), values whole (`•••`), cut identifiers entirely. */
export function redactSlice(text: string, start: number, end: number, spans: readonly PiiSpan[], patterns?: readonly PiiPatternName[]): string {
  const a = Math.max(0, start);
  const b = Math.min(text.length, end);
  if (b <= a) return '';
  const overlapping = spans.filter((s) => s.end > a && s.start < b).sort((x, y) => x.start - y.start);
  // Overlapping spans merge into groups, each masked once.
  const groups: { start: number; end: number; element: boolean }[] = [];
  for (const s of overlapping) {
    const last = groups.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.element ||= s.kind === 'element';
    } else {
      groups.push({ start: s.start, end: s.end, element: s.kind === 'element' });
    }
  }
  let out = '';
  let cursor = a;
  for (const g of groups) {
    const from = Math.max(a, g.start);
    const to = Math.min(b, g.end);
    out += text.slice(cursor, from);
    const piece = text.slice(from, to);
    const whole = g.start >= a && g.end <= b;
    if (g.element) out += maskWhole(piece);
    else if (!whole) out += maskAlnum(piece);
    else out += redactText(piece, patterns);
    cursor = to;
  }
  out += text.slice(cursor, b);
  return redactText(out, patterns);
}

/** Evidence fields redacted: patterns everywhere, and the PII fields (vocabulary's and the profile's) masked whole. */
export function redactEvidenceFields(
  fields: Record<string, EvidenceFieldValue>,
  piiFieldNames: readonly string[],
  patterns?: readonly PiiPatternName[],
): Record<string, EvidenceFieldValue> {
  // A list column (`steps.to_officer`) is masked by its column name inside the list's rows.
  const keys = piiFieldNames.map((n) => n.slice(n.indexOf('.') + 1));
  const redacted = redactFields(fields, { maskKeys: [...PII_FIELD_NAMES, ...keys], ...(patterns ? { patterns } : {}) });
  return redacted as Record<string, EvidenceFieldValue>;
}

// ── Screenshots ─────────────────────────────────────────────────────────────────────────────────────────────

export interface MaskRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** `r` minus `hole`: up to four rectangles. */
function subtract(r: MaskRect, hole: MaskRect): MaskRect[] {
  const x0 = Math.max(r.x, hole.x);
  const y0 = Math.max(r.y, hole.y);
  const x1 = Math.min(r.x + r.w, hole.x + hole.w);
  const y1 = Math.min(r.y + r.h, hole.y + hole.h);
  if (x1 <= x0 || y1 <= y0) return [r];
  const out: MaskRect[] = [];
  if (y0 > r.y) out.push({ x: r.x, y: r.y, w: r.w, h: y0 - r.y });
  if (y1 < r.y + r.h) out.push({ x: r.x, y: y1, w: r.w, h: r.y + r.h - y1 });
  if (x0 > r.x) out.push({ x: r.x, y: y0, w: x0 - r.x, h: y1 - y0 });
  if (x1 < r.x + r.w) out.push({ x: x1, y: y0, w: r.x + r.w - x1, h: y1 - y0 });
  return out;
}

/**
 * Where an element paints an opaque box over what lies under it: an opaque background colour, no background image,
 * and nothing that lets the content below show through (opacity, blending, filters, clipping), up its ancestors too.
 * Rounded corners let what is under them show, so the box is a cross that stops short of them. Empty otherwise.
 */
function opaqueBoxes(el: Element): MaskRect[] {
  const view = el.ownerDocument.defaultView;
  if (!view) return [];
  const style = view.getComputedStyle(el);
  const bg = /^rgba?\(([^)]*)\)$/.exec(style.backgroundColor.trim());
  const alpha = bg ? Number((bg[1] ?? '').split(/[\s,/]+/).filter(Boolean)[3] ?? '1') : 0;
  if (alpha !== 1 || style.backgroundImage !== 'none' || style.backgroundClip === 'content-box' || style.backgroundClip === 'text') return [];
  for (let a: Element | null = el; a; a = a.parentElement) {
    const s = a === el ? style : view.getComputedStyle(a);
    if (Number(s.opacity) < 1 || s.visibility !== 'visible' || (s.mixBlendMode && s.mixBlendMode !== 'normal') || (s.filter && s.filter !== 'none') || (s.clipPath && s.clipPath !== 'none')) return [];
  }
  // A border may be transparent (or the background clipped inside it): only the padding box counts.
  const b = el.getBoundingClientRect();
  const [bt, br, bb, bl] = ['border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width'].map((k) => parseFloat(style.getPropertyValue(k)) || 0);
  const r = { left: b.left + (bl ?? 0), top: b.top + (bt ?? 0), width: b.width - (bl ?? 0) - (br ?? 0), height: b.height - (bt ?? 0) - (bb ?? 0) };
  const radius = Math.max(
    ...['border-top-left-radius', 'border-top-right-radius', 'border-bottom-left-radius', 'border-bottom-right-radius'].map((k) => parseFloat(style.getPropertyValue(k)) || 0),
  );
  const out: MaskRect[] = [];
  if (r.width - 2 * radius > 0 && r.height > 0) out.push({ x: r.left + radius, y: r.top, w: r.width - 2 * radius, h: r.height });
  if (r.height - 2 * radius > 0 && r.width > 0) out.push({ x: r.left, y: r.top + radius, w: r.width, h: r.height - 2 * radius });
  return out;
}

/**
 * The parts of a value's rectangle not hidden under an opaque element painted above it (a dialog over a list): a
 * mask over the dialog would cover what the dialog shows. Looked at the centre and near each corner; anything
 * uncertain keeps the whole rectangle.
 */
function unhidden(r: MaskRect, owner: Element | null, doc: Document): MaskRect[] {
  const fromPoint = (doc as { elementsFromPoint?: (x: number, y: number) => Element[] }).elementsFromPoint;
  if (!owner || typeof fromPoint !== 'function') return [r];
  const inset = Math.min(1, r.w / 4, r.h / 4);
  const points: [number, number][] = [
    [r.x + r.w / 2, r.y + r.h / 2],
    [r.x + inset, r.y + inset],
    [r.x + r.w - inset, r.y + inset],
    [r.x + inset, r.y + r.h - inset],
    [r.x + r.w - inset, r.y + r.h - inset],
  ];
  const above = new Set<Element>();
  for (const [x, y] of points) {
    for (const el of fromPoint.call(doc, x, y)) {
      // Down to the value itself (or what holds it): what comes after is under it. (Across shadow roots: the list
      // names a shadow host for what is inside it.)
      if (el === owner || containsFlat(el, owner) || containsFlat(owner, el)) break;
      above.add(el);
    }
  }
  let parts = [r];
  for (const el of above) for (const box of opaqueBoxes(el)) parts = parts.flatMap((p) => subtract(p, box));
  return parts;
}

/** Pictures inside PII elements (a portrait, a scanned card, a signature): masked as they are drawn. */
const PICTURES = 'img, picture, canvas, svg, video, object, embed';

/**
 * Viewport rectangles (CSS px) that cover the personal values of `spans`: the client rects of each span's text, one
 * text node at a time (so no box of a neighbour is included), or a form control's box when the value is in a
 * control; plus pictures inside PII elements. Rectangles outside the viewport are left out, the others clipped to it
 * and to what an opaque element painted above them (a dialog over the list) leaves visible.
 */
export function maskRects(model: TextModel, spans: readonly PiiSpan[], doc: Document, pictureScopes: readonly Element[] = []): MaskRect[] {
  const view = doc.defaultView;
  const vw = view?.innerWidth ?? 0;
  const vh = view?.innerHeight ?? 0;
  const out: MaskRect[] = [];
  const add = (r: { left: number; top: number; right: number; bottom: number }, owner: Element | null) => {
    const left = Math.max(0, r.left);
    const top = Math.max(0, r.top);
    const right = Math.min(vw, r.right);
    const bottom = Math.min(vh, r.bottom);
    if (right <= left || bottom <= top) return;
    out.push(...unhidden({ x: left, y: top, w: right - left, h: bottom - top }, owner, doc));
  };
  const controls = new Set<Element>();
  for (const span of [...spans].sort((p, q) => p.start - q.start)) {
    for (let i = Math.max(0, segmentAt(model, span.start)); i < model.segments.length; i++) {
      const seg = model.segments[i];
      if (!seg || seg.start >= span.end) break;
      if (seg.end <= span.start) continue;
      if (seg.source.nodeType === 1) {
        const el = seg.source as Element;
        if (!controls.has(el)) {
          controls.add(el);
          add(el.getBoundingClientRect(), el);
        }
        continue;
      }
      let from = Math.max(span.start, seg.start);
      let to = Math.min(span.end, seg.end);
      while (from < to && model.text[from] === ' ') from++;
      while (to > from && model.text[to - 1] === ' ') to--;
      if (to <= from) continue;
      const range = doc.createRange();
      try {
        range.setStart(seg.source, rawOffset(seg, from));
        range.setEnd(seg.source, rawOffset(seg, to));
      } catch {
        continue;
      }
      for (const r of Array.from(range.getClientRects())) if (r.width > 0 && r.height > 0) add(r, seg.source.parentElement);
    }
  }
  for (const scope of pictureScopes) {
    const pictures = scope.matches(PICTURES) ? [scope] : Array.from(scope.querySelectorAll(PICTURES));
    for (const p of pictures) {
      const r = p.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) add(r, p);
    }
  }
  return out;
}
