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
// The output never contains a run of 9+ digits, is never longer than the input (so bounded fields stay in bounds),
// and redacting twice changes nothing (the rules run to a fixpoint).

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

function redactPhones(s: string): string {
  return s.replace(CLUSTER_RE, (cluster) => {
    const groups = splitGroups(cluster);
    let out = '';
    let cursor = 0;
    for (let i = 0; i < groups.length; i++) {
      const found = phoneAt(cluster, groups, i);
      if (found === null) continue;
      const from = groups[i];
      const to = groups[found.end];
      if (from === undefined || to === undefined) continue;
      out += cluster.slice(cursor, from.start) + maskDigits(found.national);
      cursor = to.end;
      i = found.end;
    }
    return out + cluster.slice(cursor);
  });
}

function redactOnce(s: string, patterns: ReadonlySet<PiiPatternName>): string {
  let out = s;
  if (patterns.has('email')) out = out.replace(EMAIL_RE, maskEmail);
  if (patterns.has('phone')) out = redactPhones(out);
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

/** `Nguyễn Văn A` → `N•••` (`Lê` → `L•`): for values that are personal data as a whole. Idempotent, never longer. */
export function maskWhole(s: string): string {
  const trimmed = s.trim();
  return trimmed.length === 0 ? s : maskHead(trimmed);
}

export interface RedactFieldsOptions {
  /** Keys (at any depth) whose string values are masked whole unless a pattern already masked them. */
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
      const r = redactText(value, patterns);
      if (key !== null && maskKeys.has(key) && !r.includes(MASK)) return maskWhole(r);
      return r;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return value;
      const asText = String(value);
      const r = redactText(asText, patterns);
      if (r !== asText) return r;
      if (key !== null && maskKeys.has(key)) {
        const whole = maskWhole(asText);
        return whole === asText ? value : whole;
      }
      return value;
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
