// Masks citizen identifiers (CCCD/CMND numbers, phone numbers, e-mail addresses) in text read from dossier pages,
// before anything is stored, queued or uploaded (DESIGN section 8).
//
// The rule, one for every number: keep the first 4 and the last 3 digits and replace each other digit with `•`.
//   - a run of 9 or more digits (CCCD 12, CMND 9, or any longer run, also inside names like `cccd_001203004567.pdf`):
//     `001203004567` → `0012•••••567`, `123456789` → `1234••789`;
//   - a phone number in any common Vietnamese format is first written in national form (`+84 912 345 678`,
//     `(+84) 912-345-678`, `0912.345.678` → `0912345678`), then masked: `0912•••678`; landlines (11 digits, `02…`)
//     likewise: `024 3825 1234` → `0243••••234`;
//   - an e-mail address keeps the first character of its local part and its domain: `nguyen.van.a@gmail.com` →
//     `n•••@gmail.com`.
//   - a CCCD/CMND written in groups (`001 203 004 567`, `0012.0300.4567`, `123-456-789`: three or more groups of at
//     most 4 digits, one separator, 12 or 9 digits in all) is masked like the digit run: `0012•••••567`;
// The output never contains a run of 9+ digits, is never longer than the input (so bounded fields stay in bounds),
// and redacting twice changes nothing (the rules run to a fixpoint).
//
// Values that are personal data as a whole (a name, an address, a field the profile marks `pii`) are masked whole:
// `•••` (`••` and `•` for shorter values), whatever a pattern found in them. Page URLs have their own rule
// (`redactUrl` below): every identifier in the path, query and fragment, and every value of a query parameter whose
// name says it is personal or a search, becomes `***`.

export const MASK = '•';

/** Built-in PII patterns a site profile may name. */
export const PII_PATTERN_NAMES = ['citizen_id', 'phone', 'email'] as const;
export type PiiPatternName = (typeof PII_PATTERN_NAMES)[number];

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const DIGIT_RUN_RE = /[0-9]{9,}/g;

/**
 * A cluster of digit groups joined by single separators (space, dot, hyphen), optionally led by a country code
 * (`+84`, `(+84)`, `(84)`) or a bracketed area code (`(024)`). Phone numbers are searched for inside clusters.
 */
const CLUSTER_RE = /(?:\(\+?84\)|\+84|\(0[0-9]{2,3}\))[ \u00a0.-]?[0-9]+(?:[ \u00a0.-][0-9]+)*|[0-9]+(?:[ \u00a0.-][0-9]+)*/g;
const GROUP_RE = /\(\+?84\)|\+84|\(0[0-9]{2,3}\)|[0-9]+/g;

/** Keeps the first 4 and last 3 digits of a digit string, masking the others one for one. */
export function maskDigits(digits: string): string {
  if (digits.length <= 7) return MASK.repeat(digits.length);
  return digits.slice(0, 4) + MASK.repeat(digits.length - 7) + digits.slice(-3);
}

/**
 * `nguyen@x.vn` → `n•••@x.vn`; a local part shorter than 4 characters keeps its length (`ab@x.vn` → `a•@x.vn`, `a@x.vn` → `•@x.vn`),
 * so masking never makes a text longer.
 */
function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${maskHead(address.slice(0, at))}${address.slice(at)}`;
}

/** The first character and `•••`; shorter texts keep their length (`ab` → `a•`, `a` → `•`). */
function maskHead(s: string): string {
  const chars = Array.from(s);
  const first = chars[0];
  if (first === undefined) return s;
  if (chars.length === 1) return MASK;
  return first + MASK.repeat(Math.min(3, chars.length - 1));
}

/** The national form of a phone number (`0` + 9 digits for mobiles, `02` + 9 for landlines), or null. */
export function nationalPhoneDigits(digits: string, international: boolean): string | null {
  let national: string;
  if (international) national = `0${digits}`;
  else if (digits.startsWith('0084')) national = `0${digits.slice(4)}`;
  else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) national = `0${digits.slice(2)}`;
  else national = digits;
  if (national.length === 10 && /^0[35789]/.test(national)) return national;
  if (national.length === 11 && /^02/.test(national)) return national;
  return null;
}

const MAX_PHONE_GROUPS = 5;

interface Group {
  text: string;
  start: number;
  end: number;
  /** `+84`-style country code or `(0xx)` area code: only allowed first in a phone number. */
  lead: 'country' | 'area' | null;
}

function splitGroups(cluster: string): Group[] {
  const groups: Group[] = [];
  for (const m of cluster.matchAll(GROUP_RE)) {
    const t = m[0];
    const lead = t.includes('84') && (t.startsWith('+') || t.startsWith('(')) && !t.startsWith('(0') ? 'country' : t.startsWith('(') ? 'area' : null;
    groups.push({ text: t, start: m.index, end: m.index + t.length, lead });
  }
  return groups;
}

/** Finds the phone number that starts at group `i` and ends as late as possible; returns its last group and digits. */
function phoneAt(cluster: string, groups: readonly Group[], i: number): { end: number; national: string } | null {
  const first = groups[i];
  if (first === undefined) return null;
  // A phone number is at most a lead and four digit groups: bounding the window keeps long clusters linear.
  for (let j = Math.min(groups.length - 1, i + MAX_PHONE_GROUPS - 1); j >= i; j--) {
    let ok = true;
    let sep: string | null = null;
    let digits = '';
    for (let k = i; k <= j && ok; k++) {
      const g = groups[k];
      if (g === undefined) return null;
      if (k > i && g.lead !== null) ok = false;
      if (k > i + 1 || (k === i + 1 && first.lead === null)) {
        // Every separator after the first real digit group must be the same character ("0912 345 678").
        const prev = groups[k - 1];
        const s = prev === undefined ? '' : cluster.slice(prev.end, g.start);
        if (sep === null) sep = s;
        else if (s !== sep) ok = false;
      }
      digits += g.text.replace(/[^0-9]/g, '');
    }
    if (!ok) continue;
    const international = first.lead === 'country';
    const national = nationalPhoneDigits(international ? digits.slice(2) : digits, international);
    if (national !== null) return { end: j, national };
  }
  return null;
}

/**
 * A citizen identifier written in groups that starts at group `i`: the whole run of groups joined by one separator
 * (`001 203 004 567`), three or more groups of at most 4 digits, 9 or 12 digits in all. The run must start at `i`
 * (the group before is joined by another separator or already masked), so a longer number (`1.250.000.000`) is
 * never cut into an identifier.
 */
function groupedIdAt(cluster: string, groups: readonly Group[], i: number, runStarts: boolean): { end: number; digits: string } | null {
  const first = groups[i];
  if (first === undefined || first.lead !== null || !runStarts) return null;
  const next = groups[i + 1];
  if (next === undefined) return null;
  const sep = cluster.slice(first.end, next.start);
  let digits = first.text;
  let j = i;
  for (;;) {
    const a = groups[j];
    const b = groups[j + 1];
    if (a === undefined || b === undefined || b.lead !== null || cluster.slice(a.end, b.start) !== sep) break;
    digits += b.text;
    j += 1;
  }
  if (j - i < 2) return null;
  for (let k = i; k <= j; k++) if ((groups[k]?.text.length ?? 5) > 4) return null;
  return digits.length === 9 || digits.length === 12 ? { end: j, digits } : null;
}

/** The phone numbers (`phones`) and grouped citizen identifiers (`ids`) of a digit cluster: offsets and digits. */
function clusterHits(cluster: string, phones: boolean, ids: boolean): { start: number; end: number; digits: string }[] {
  const groups = splitGroups(cluster);
  const hits: { start: number; end: number; digits: string }[] = [];
  let cursor = 0;
  for (let i = 0; i < groups.length; i++) {
    const prev = groups[i - 1];
    const cur = groups[i];
    const next = groups[i + 1];
    if (cur === undefined) continue;
    // A run of groups starts here unless the group before is joined by the same separator and still unmasked.
    const runStarts = prev === undefined || prev.end <= cursor || next === undefined || cluster.slice(prev.end, cur.start) !== cluster.slice(cur.end, next.start);
    let found: { end: number; digits: string } | null = null;
    const phone = phones ? phoneAt(cluster, groups, i) : null;
    if (phone !== null) found = { end: phone.end, digits: phone.national };
    else if (ids) found = groupedIdAt(cluster, groups, i, runStarts);
    if (found === null) continue;
    const to = groups[found.end];
    if (to === undefined) continue;
    hits.push({ start: cur.start, end: to.end, digits: found.digits });
    cursor = to.end;
    i = found.end;
  }
  return hits;
}

/** Masks phone numbers (`phones`) and grouped citizen identifiers (`ids`) inside digit clusters. */
function redactClusters(s: string, phones: boolean, ids: boolean): string {
  return s.replace(CLUSTER_RE, (cluster) => {
    let out = '';
    let cursor = 0;
    for (const hit of clusterHits(cluster, phones, ids)) {
      out += cluster.slice(cursor, hit.start) + maskDigits(hit.digits);
      cursor = hit.end;
    }
    return out + cluster.slice(cursor);
  });
}

/** Where one pass of the patterns masks something in `s` (offsets into `s`, overlapping ones merged). */
function patternRanges(s: string, patterns: ReadonlySet<PiiPatternName>): TextSpan[] {
  const ranges: TextSpan[] = [];
  if (patterns.has('email')) for (const m of s.matchAll(EMAIL_RE)) ranges.push({ start: m.index, end: m.index + m[0].length });
  if (patterns.has('phone') || patterns.has('citizen_id')) {
    for (const m of s.matchAll(CLUSTER_RE)) {
      for (const hit of clusterHits(m[0], patterns.has('phone'), patterns.has('citizen_id'))) ranges.push({ start: m.index + hit.start, end: m.index + hit.end });
    }
  }
  if (patterns.has('citizen_id')) for (const m of s.matchAll(DIGIT_RUN_RE)) ranges.push({ start: m.index, end: m.index + m[0].length });
  ranges.sort((a, b) => a.start - b.start);
  const merged: TextSpan[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

function redactOnce(s: string, patterns: ReadonlySet<PiiPatternName>): string {
  let out = s;
  if (patterns.has('email')) out = out.replace(EMAIL_RE, maskEmail);
  if (patterns.has('phone') || patterns.has('citizen_id')) out = redactClusters(out, patterns.has('phone'), patterns.has('citizen_id'));
  if (patterns.has('citizen_id')) out = out.replace(DIGIT_RUN_RE, maskDigits);
  return out;
}

const ALL_PATTERNS: ReadonlySet<PiiPatternName> = new Set(PII_PATTERN_NAMES);

/**
 * Masks the built-in PII patterns in `s` (all of them unless a list is given). Idempotent: each pass that changes the
 * text removes digits, so repeating until nothing changes ends, and a second call finds nothing left to mask.
 */
export function redactText(s: string, patterns: readonly PiiPatternName[] = PII_PATTERN_NAMES): string {
  const set = patterns === PII_PATTERN_NAMES ? ALL_PATTERNS : new Set(patterns);
  // Every pass that changes the text masks digits or an e-mail's `@`, so there are fewer passes than characters.
  let current = s;
  for (let pass = 0; pass <= s.length; pass++) {
    const next = redactOnce(current, set);
    if (next === current) return current;
    current = next;
  }
  return current;
}

/** True when `s` still holds something `redactText` would mask. */
export function containsPii(s: string, patterns: readonly PiiPatternName[] = PII_PATTERN_NAMES): boolean {
  return redactText(s, patterns) !== s;
}

/** Field names whose values are personal data as a whole (forms vocabulary): masked even when no pattern matches. */
export const PII_FIELD_NAMES = ['applicant', 'id_number', 'phone', 'email', 'address'] as const;

/**
 * `Nguyễn Văn A` → `•••`: for values that are personal data as a whole. Nothing of the value is kept but its length
 * class (`Lê` → `••`, `A` → `•`), so a name glued to a phone number (`Trần Kim Dung0327•••049`) is as masked as a
 * bare one. Idempotent, never longer.
 */
export function maskWhole(s: string): string {
  const length = Array.from(s.trim()).length;
  return length === 0 ? s : MASK.repeat(Math.min(3, length));
}

export interface RedactFieldsOptions {
  /** Keys (at any depth) whose values are masked whole, whatever the patterns found in them. */
  maskKeys?: readonly string[];
  patterns?: readonly PiiPatternName[];
}

/** The type of a redacted value: numbers long enough to be identifiers become masked strings. */
export type Redacted<T> = T extends string
  ? string
  : T extends number
    ? number | string
    : T extends readonly (infer U)[]
      ? Redacted<U>[]
      : T extends object
        ? { [K in keyof T]: Redacted<T[K]> }
        : T;

/**
 * Applies `redactText` to every string value of a record, at any depth (arrays of rows such as `steps[]` included),
 * and masks the values of `maskKeys` (by default the PII field names) whole. Numbers long enough to be identifiers
 * become masked strings.
 */
export function redactFields<T>(record: T, options: RedactFieldsOptions = {}): Redacted<T> {
  const maskKeys = new Set(options.maskKeys ?? PII_FIELD_NAMES);
  const patterns = options.patterns ?? PII_PATTERN_NAMES;
  const walk = (value: unknown, key: string | null): unknown => {
    if (typeof value === 'string') {
      // A personal field is masked whole even when a pattern matched part of it: a partial mask would keep the rest.
      if (key !== null && maskKeys.has(key)) return maskWhole(value);
      return redactText(value, patterns);
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return value;
      const asText = String(value);
      if (key !== null && maskKeys.has(key)) return maskWhole(asText);
      const r = redactText(asText, patterns);
      return r !== asText ? r : value;
    }
    if (Array.isArray(value)) return value.map((v: unknown) => walk(v, key));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
      return out;
    }
    return value;
  };
  return walk(record, null) as Redacted<T>;
}

// ── Where identifiers sit ───────────────────────────────────────────────────────────────────────────────────

export interface TextSpan {
  start: number;
  end: number;
}

/** Digit clusters (with an optional country or area code) and e-mail-like tokens: where identifiers can hide. */
const CANDIDATE_RE = /(?:(?:\(\+?84\)|\+84|\(0\d{2,3}\))[ \u00a0.-]?)?\d+(?:[ \u00a0.-]\d+)*|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * The spans of `text` that hold an identifier the patterns would mask (each a whole digit cluster or e-mail token).
 *
 * `cuts` are offsets where two separately rendered texts meet with nothing between them (`<span>0912345678</span>`
 * `<span>12/11/2025</span>` reads `091234567812/11/2025`). An identifier found on one side of a cut is kept to its
 * side, so the date's day is not masked with the phone; a cluster is masked across a cut only when the pieces alone
 * hide nothing but together do (a phone number styled in three spans).
 */
export function identifierSpans(text: string, patterns: readonly PiiPatternName[] = PII_PATTERN_NAMES, cuts: readonly number[] = []): TextSpan[] {
  const set = patterns === PII_PATTERN_NAMES ? ALL_PATTERNS : new Set(patterns);
  const out: TextSpan[] = [];
  let c = 0;
  for (const m of text.matchAll(CANDIDATE_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    while (c < cuts.length && (cuts[c] ?? 0) <= start) c++;
    const bounds = [start];
    for (let k = c; k < cuts.length && (cuts[k] ?? end) < end; k++) bounds.push(cuts[k] ?? end);
    bounds.push(end);
    // Each piece between cuts on its own: the identifiers in it, or the whole piece when what they leave still hides one.
    const found: TextSpan[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) found.push(...piecesOf(text, bounds[k] ?? start, bounds[k + 1] ?? end, set));
    // What the pieces leave must hide nothing either (a phone styled over three spans); otherwise the whole cluster.
    if (containsPii(blank(text, start, end, found), patterns)) out.push({ start, end });
    else out.push(...found);
  }
  return out;
}

/** `text[start, end)` with the spans replaced by spaces. */
function blank(text: string, start: number, end: number, spans: readonly TextSpan[]): string {
  let out = '';
  let cursor = start;
  for (const s of spans) {
    out += `${text.slice(cursor, s.start)}${' '.repeat(s.end - s.start)}`;
    cursor = s.end;
  }
  return out + text.slice(cursor, end);
}

/** The identifiers in `text[start, end)` (`2025 0987.654.321` → the phone only), or the whole piece when unsure. */
function piecesOf(text: string, start: number, end: number, patterns: ReadonlySet<PiiPatternName>): TextSpan[] {
  const piece = text.slice(start, end);
  const ranges = patternRanges(piece, patterns).map((r) => ({ start: start + r.start, end: start + r.end }));
  if (ranges.length === 0) return [];
  return containsPii(blank(text, start, end, ranges), Array.from(patterns)) ? [{ start, end }] : ranges;
}

// ── Page URLs ───────────────────────────────────────────────────────────────────────────────────────────────

/** What replaces a personal value in a URL: readable, and left as it is by URL parsers (no percent-encoding). */
export const URL_MASK = '***';

/** Query parameter names (normalised: lower case, no diacritics, letters and digits only) that are masked whatever their value. */
const PERSONAL_PARAM_NAMES = new Set(['q', 's', 'k', 'kw', 'query', 'term', 'text', 'search', 'keyword', 'keywords', 'name', 'ten', 'tel', 'sdt', 'dt']);
/** Parts of parameter names that say the value is personal data or a search. */
const PERSONAL_PARAM_PARTS = [
  'cccd', 'cmnd', 'cancuoc', 'dinhdanh', 'idnumber', 'idcard', 'identity', 'citizen', 'passport', 'hochieu', 'giayto',
  'phone', 'mobile', 'sodt', 'sdt', 'dienthoai', 'email', 'mail', 'hoten', 'fullname', 'applicant', 'nguoinop',
  'congdan', 'chuhoso', 'diachi', 'address', 'search', 'keyword', 'tukhoa', 'timkiem', 'query',
];

const normalizeName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** True when a query parameter's name says its value is personal data or free search text (`q`, `cccd`, `so_dien_thoai`, `filter[email]`). */
export function isPersonalParam(name: string, extra: readonly string[] = []): boolean {
  const n = normalizeName(decodeLoosely(name, true));
  if (n.length === 0) return false;
  if (PERSONAL_PARAM_NAMES.has(n) || PERSONAL_PARAM_PARTS.some((p) => n.includes(p))) return true;
  return extra.some((e) => normalizeName(e) === n);
}

/** Percent-decodes what decodes (a broken escape stays as it is), `+` as a space when asked. */
function decodeLoosely(s: string, plusIsSpace: boolean): string {
  let out = plusIsSpace ? s.replace(/\+/g, ' ') : s;
  // Twice-encoded values (`%252B84`) are decoded again, a bounded number of times.
  for (let i = 0; i < 3 && out.includes('%'); i++) {
    const next = out.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    if (next === out) break;
    out = next;
  }
  return out;
}

/** Percent-encodes a rewritten piece so URL parsers keep it as it is (so redacting it again changes nothing). */
function encodePiece(s: string): string {
  return encodeURIComponent(s).replace(/'/g, '%27').replace(/%3A/g, ':').replace(/%40/g, '@').replace(/%2C/g, ',');
}

/**
 * The same text seen the ways a URL can hide an identifier: as decoded, with `+` and `_` as spaces
 * (`0912+345+678`, `sdt_0912_345_678.pdf`), full-width digits folded. All but the last keep the length.
 */
function views(decoded: string): string[] {
  return [decoded, decoded.replace(/\+/g, ' '), decoded.replace(/[+_]/g, ' ')];
}

/** One piece of a URL (a path segment, a parameter name or value): identifiers become `***`, the rest stays. */
function redactPiece(raw: string, plusIsSpace: boolean): string {
  if (raw.length === 0) return raw;
  let decoded = decodeLoosely(raw, plusIsSpace);
  const folded = decoded.normalize('NFKC');
  if (folded !== decoded && views(folded).some((v) => containsPii(v))) decoded = folded;
  else if (!views(decoded).some((v) => containsPii(v))) return raw;
  const spans = views(decoded)
    .flatMap((v) => identifierSpans(v))
    .sort((a, b) => a.start - b.start);
  let masked = '';
  let cursor = 0;
  for (const span of spans) {
    if (span.end <= cursor) continue;
    masked += decoded.slice(cursor, Math.max(cursor, span.start)) + (span.start >= cursor ? URL_MASK : '');
    cursor = span.end;
  }
  masked += decoded.slice(cursor);
  // Anything a view still finds (an identifier no single cluster holds) takes the whole piece with it.
  if (views(masked).some((v) => containsPii(v)) || containsPii(masked.normalize('NFKC'))) return URL_MASK;
  return encodePiece(masked);
}

/** `name=value` (a query or matrix parameter): a personal name masks the whole value, otherwise its identifiers. */
function redactParam(param: string, plusIsSpace: boolean, extra: readonly string[]): string {
  const eq = param.indexOf('=');
  if (eq < 0) return redactPiece(param, plusIsSpace);
  const name = param.slice(0, eq);
  const value = param.slice(eq + 1);
  if (value.length > 0 && isPersonalParam(name, extra)) return `${redactPiece(name, plusIsSpace)}=${URL_MASK}`;
  return `${redactPiece(name, plusIsSpace)}=${redactPiece(value, plusIsSpace)}`;
}

/** A path (`/ho-so/…`, or a hash route's `/dossiers`): each segment, and its `;name=value` matrix parameters. */
function redactPath(path: string, extra: readonly string[]): string {
  return path
    .split('/')
    .map((segment) => {
      const [head = '', ...params] = segment.split(';');
      return [redactPiece(head, false), ...params.map((p) => redactParam(p, false, extra))].join(';');
    })
    .join('/');
}

function redactQuery(query: string, extra: readonly string[]): string {
  return query
    .split('&')
    .map((p) => redactParam(p, true, extra))
    .join('&');
}

/** A fragment: a hash route with its own query (`/dossiers?q=…`), a bare query (`q=…&x=1`) or a path. */
function redactFragment(fragment: string, extra: readonly string[]): string {
  const q = fragment.indexOf('?');
  if (q >= 0) return `${redactPath(fragment.slice(0, q), extra)}?${redactQuery(fragment.slice(q + 1), extra)}`;
  if (fragment.includes('=') && !fragment.startsWith('/') && !fragment.startsWith('!')) return redactQuery(fragment, extra);
  return redactPath(fragment, extra);
}

/** Path, query and fragment of a URL as written (`/a/b?x=1#/c?d=2`). */
function redactTail(tail: string, extra: readonly string[]): string {
  const hash = tail.indexOf('#');
  const beforeHash = hash < 0 ? tail : tail.slice(0, hash);
  const q = beforeHash.indexOf('?');
  let out = q < 0 ? redactPath(beforeHash, extra) : `${redactPath(beforeHash.slice(0, q), extra)}?${redactQuery(beforeHash.slice(q + 1), extra)}`;
  if (hash >= 0) out += `#${redactFragment(tail.slice(hash + 1), extra)}`;
  return out;
}

/** The parts of a WHATWG URL read here (the `URL` global exists in workerd, browsers and Node). */
interface ParsedUrl {
  protocol: string;
  host: string;
  pathname: string;
  search: string;
  hash: string;
  href: string;
}
const ParsedUrlCtor = (globalThis as unknown as { URL: new (url: string) => ParsedUrl }).URL;

export interface RedactUrlOptions {
  /** More parameter names whose values are personal (a site profile's own), on top of the built-in ones. */
  personalParams?: readonly string[];
}

/**
 * A page URL fit for storage: scheme, host and port as they are, user name and password dropped, and in the path,
 * the query and the fragment (hash routes included) every identifier the patterns find — in any encoding: spaces,
 * dots, `+84`, `+` for spaces, percent-encoded, in file names — replaced by `***`, as is the whole value of every
 * query parameter whose name says it is personal data or a search (`q`, `search`, `keyword`, `cccd`, `cmnd`,
 * `phone`, `sdt`, `so_dien_thoai`, `email`, `ho_ten`, `dia_chi`, …; see `isPersonalParam`).
 * `http://x/#/dossiers?q=040312345678` → `http://x/#/dossiers?q=***`; `/tep/cccd_001203004567.pdf` →
 * `/tep/cccd_***.pdf`. The route stays readable, and redacting twice changes nothing.
 */
export function redactUrl(url: string, options: RedactUrlOptions = {}): string {
  const extra = options.personalParams ?? [];
  let u: ParsedUrl;
  try {
    u = new ParsedUrlCtor(url);
  } catch {
    // Not an absolute URL: read as a path with its query and fragment.
    return redactTail(url, extra);
  }
  if (u.host === '' && u.protocol !== 'file:') {
    // An opaque URL (`mailto:`, `data:`, `blob:`): everything after the scheme is read as a path.
    return `${u.protocol}${redactTail(u.href.slice(u.protocol.length), extra)}`;
  }
  return `${u.protocol}//${u.host}${redactTail(`${u.pathname}${u.search}${u.hash}`, extra)}`;
}
