// What an evidence blob really is, read from its first bytes (magic numbers), so bytes are stored only under the type
// they were announced with: HTML sent as `image/png` is refused before anything reaches R2 or D1.
import type { EvidenceMime } from '@onestop/shared';

/** How a declared type is recognised: binary formats by their signature; text formats by not sniffing as markup. */
type Recogniser = { kind: 'binary'; matches: (b: Uint8Array) => boolean } | { kind: 'text' };

const ascii = (s: string) => Array.from(s, (ch) => ch.charCodeAt(0));

/** True when `bytes` holds `pattern` at `offset` (null in the pattern matches any byte). */
function at(bytes: Uint8Array, offset: number, pattern: readonly (number | null)[]): boolean {
  if (bytes.byteLength < offset + pattern.length) return false;
  return pattern.every((p, i) => p === null || bytes[offset + i] === p);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * One recogniser per evidence type the schema allows. `satisfies Record<EvidenceMime, …>` makes a new type in
 * EVIDENCE_MIME_TYPES fail to compile until it is given one here.
 */
const RECOGNISERS = {
  // PNG: the 8-byte signature, then the first chunk, which must be IHDR (PNG 3rd edition, 5.2 and 5.3).
  'image/png': { kind: 'binary', matches: (b) => at(b, 0, PNG_SIGNATURE) && at(b, 12, ascii('IHDR')) },
  // JPEG: SOI (FF D8) then the start of the next marker (FF), as in the WHATWG MIME Sniffing standard.
  'image/jpeg': { kind: 'binary', matches: (b) => at(b, 0, [0xff, 0xd8, 0xff]) },
  // WebP: a RIFF container of form type WEBP whose first chunk is VP8, VP8L or VP8X.
  'image/webp': { kind: 'binary', matches: (b) => at(b, 0, ascii('RIFF')) && at(b, 8, ascii('WEBPVP8')) && [0x20, 0x4c, 0x58].includes(b[15] ?? -1) },
  // PDF: the header at the very first byte (`%PDF-` and a version digit). Readers accept it further in, but bytes
  // before it would be another format's (an HTML page with a PDF tail), so it must come first here.
  'application/pdf': { kind: 'binary', matches: (b) => at(b, 0, ascii('%PDF-')) && (b[5] ?? 0) >= 0x30 && (b[5] ?? 0) <= 0x39 },
} as const satisfies Record<EvidenceMime, Recogniser>;

/** The evidence type whose signature the bytes carry, or null when none does. */
export function sniffEvidenceType(bytes: Uint8Array): EvidenceMime | null {
  for (const [mime, r] of Object.entries(RECOGNISERS) as [EvidenceMime, Recogniser][]) {
    if (r.kind === 'binary' && r.matches(bytes)) return mime;
  }
  return null;
}

// The WHATWG MIME Sniffing standard's HTML patterns (7.1 "identifying a resource with an unknown MIME type"), plus
// XML, SVG and script starts: a browser or a viewer that ignores the declared type could run any of these.
const MARKUP_TAGS = ['!DOCTYPE HTML', 'HTML', 'HEAD', 'SCRIPT', 'IFRAME', 'H1', 'DIV', 'FONT', 'TABLE', 'A', 'STYLE', 'TITLE', 'B', 'BODY', 'BR', 'P', 'SVG', 'OBJECT', 'EMBED', 'META', 'LINK', 'BASE', 'FORM', 'IMG', 'XML', '?XML'];

/**
 * True when text bytes would sniff as markup or script: after optional whitespace and a UTF-8 BOM, `<!--` or a tag of
 * MARKUP_TAGS (any case) followed by a space, `>` or `/`; or any `<script`, `javascript:` or `<svg` in the first
 * 1024 bytes (where browsers look).
 */
export function sniffsAsMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 1024));
  const start = head.replace(/^\ufeff/, '').replace(/^[\t\n\f\r ]+/, '');
  if (start.startsWith('<!--')) return true;
  if (start.startsWith('<')) {
    const upper = start.slice(1, 20).toUpperCase();
    for (const tag of MARKUP_TAGS) {
      if (upper.startsWith(tag) && /^[ \t\n\f\r>/]/.test(upper.slice(tag.length, tag.length + 1))) return true;
    }
  }
  return /<script|<svg|javascript:/i.test(head);
}

export type BlobTypeCheck = { ok: true } | { ok: false; detected: EvidenceMime | 'markup' | null };

/**
 * Whether the bytes are what their declared type says: the declared binary format's signature, or (for a text type)
 * nothing a browser would take for markup or script. `detected` names what the bytes look like instead.
 */
export function checkBlobType(declared: EvidenceMime, bytes: Uint8Array): BlobTypeCheck {
  const r = RECOGNISERS[declared] as Recogniser;
  if (r.kind === 'text') return sniffsAsMarkup(bytes) ? { ok: false, detected: 'markup' } : { ok: true };
  if (r.matches(bytes)) return { ok: true };
  return { ok: false, detected: sniffsAsMarkup(bytes) ? 'markup' : sniffEvidenceType(bytes) };
}
