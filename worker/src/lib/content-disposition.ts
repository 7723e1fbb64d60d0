// `Content-Disposition: attachment` with a file's own name (RFC 6266): an ASCII `filename` for old clients and
// `filename*` in UTF-8 (RFC 8187) so Vietnamese names survive, e.g. `Biên bản kiểm tra.pdf`.
// Which name an evidence download gets is decided by `evidenceFileName` in @onestop/shared (the dashboard saves under
// the same name); this module only writes it into the header.

/** The ASCII fallback: Vietnamese letters without their marks (đ → d), anything else outside [A-Za-z0-9 ._()-] as `_`. */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 ._()-]/g, '_');
}

/** RFC 8187 value characters: everything but attr-char percent-encoded (encodeURIComponent leaves ' ( ) * ! as is). */
const encodeExtValue = (s: string) => encodeURIComponent(s).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/** `attachment; filename="…"; filename*=UTF-8''…` for a name already made safe (see `safeFileName` in @onestop/shared). */
export function attachmentDisposition(name: string): string {
  const ascii = asciiFileName(name);
  const header = `attachment; filename="${ascii}"`;
  return ascii === name ? header : `${header}; filename*=UTF-8''${encodeExtValue(name)}`;
}
