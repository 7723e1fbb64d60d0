// Files attached as evidence: checked against the API's limits, hashed with WebCrypto (the server verifies it).
import { EVIDENCE_MIME_TYPES, MAX_EVIDENCE_BYTES, type EvidenceMime } from '@onestop/shared';

export const ACCEPT_ATTRIBUTE = EVIDENCE_MIME_TYPES.join(',');

export function evidenceMimeOf(file: File): EvidenceMime | null {
  return (EVIDENCE_MIME_TYPES as readonly string[]).includes(file.type) ? (file.type as EvidenceMime) : null;
}

export const fileTooLarge = (file: File): boolean => file.size === 0 || file.size > MAX_EVIDENCE_BYTES;

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Saves a blob under a file name (the object URL is released right after). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
