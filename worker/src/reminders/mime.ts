// A plain-text MIME message (RFC 5322 / 2045) for the send_email binding: UTF-8 subject and display name as RFC 2047
// encoded words, UTF-8 body in base64 (Vietnamese text is mostly non-ASCII, so quoted-printable would triple it).

const CRLF = '\r\n';
/** An encoded word is at most 75 characters: `=?UTF-8?B?` + base64 + `?=` leaves 63, i.e. 45 bytes (60 chars). */
const WORD_BYTES = 45;

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Splits text into pieces of at most `max` UTF-8 bytes, never inside a code point. */
function utf8Pieces(text: string, max: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let current: number[] = [];
  for (const ch of text) {
    const bytes = encoder.encode(ch);
    if (current.length + bytes.length > max) {
      pieces.push(Uint8Array.from(current));
      current = [];
    }
    current.push(...bytes);
  }
  if (current.length > 0) pieces.push(Uint8Array.from(current));
  return pieces;
}

/** A header value as RFC 2047 encoded words when it is not plain ASCII, folded one word a line. */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return utf8Pieces(value, WORD_BYTES)
    .map((p) => `=?UTF-8?B?${base64(p)}?=`)
    .join(`${CRLF} `);
}

/** `Name <address>` with the name encoded; the address must be plain ASCII. */
export function formatAddress(address: string, name?: string): string {
  if (!/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(address) || /[<>,"]/.test(address)) throw new RangeError('not a plain e-mail address');
  if (!name) return `<${address}>`;
  return `${encodeHeaderValue(name.replace(/[\r\n]/g, ' '))} <${address}>`;
}

/** RFC 5322 date-time in UTC, e.g. `Mon, 07 Dec 2026 23:00:00 +0000`. */
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

export interface MimeMessage {
  from: { address: string; name?: string };
  to: { address: string; name?: string };
  subject: string;
  text: string;
  date: Date;
  /** The id part before `@`; the sender's domain follows it. */
  messageId: string;
}

/** The whole message, CRLF line endings, body lines of 76 base64 characters. */
export function buildMimeMessage(m: MimeMessage): string {
  const domain = m.from.address.split('@')[1] ?? 'localhost';
  const body = base64(encoder.encode(m.text.replace(/\r?\n/g, CRLF))).replace(/.{1,76}/g, (line) => `${line}${CRLF}`);
  const headers = [
    `From: ${formatAddress(m.from.address, m.from.name)}`,
    `To: ${formatAddress(m.to.address, m.to.name)}`,
    `Subject: ${encodeHeaderValue(m.subject.replace(/[\r\n]/g, ' '))}`,
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: <${m.messageId}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    'Auto-Submitted: auto-generated',
  ];
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}
