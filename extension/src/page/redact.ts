// Redaction of what leaves the page (DESIGN section 8): quotes, selector contexts and field values are masked with
// the shared patterns (CCCD/CMND numbers, phones, e-mails) and the profile's PII elements before anything is stored
// or queued. A slice that cuts through an identifier (a selection or a 32-character context ending mid-number) has
// the cut part masked whole, so no partial identifier slips through where the patterns no longer recognise it.
import { MASK, PII_FIELD_NAMES, containsPii, maskWhole, redactFields, redactText, type EvidenceFieldValue, type PiiPatternName } from '@onestop/shared';

export interface PiiSpan {
  start: number;
  end: number;
  /** `pattern`: found by the shared patterns; `element`: text of a PII element (masked whole). */
  kind: 'pattern' | 'element';
}

/** Digit clusters (with an optional country or area code) and e-mail-like tokens: where identifiers can hide. */
const CANDIDATE_RE = /(?:(?:\(\+?84\)|\+84|\(0\d{2,3}\))[ \u00a0.-]?)?\d+(?:[ \u00a0.-]\d+)*|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Spans of `text` that the shared patterns would mask. */
export function patternSpans(text: string, patterns?: readonly PiiPatternName[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(CANDIDATE_RE)) {
    if (containsPii(m[0], patterns)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'pattern' });
  }
  return out;
}

const maskAlnum = (s: string) => s.replace(/[\p{L}\p{N}]/gu, MASK);

/** `text[start, end)` with every PII span masked: whole spans nicely (`0912•••678`, `N•••`), cut ones entirely. */
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
    if (!whole) out += maskAlnum(piece);
    else if (g.element) out += maskWhole(piece);
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
