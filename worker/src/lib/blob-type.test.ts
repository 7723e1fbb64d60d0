// Magic numbers: each evidence type is recognised by its own first bytes, and nothing else passes for it.
import { EVIDENCE_MIME_TYPES } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { checkBlobType, sniffEvidenceType, sniffsAsMarkup } from './blob-type.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

const SAMPLES = {
  'image/png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0]),
  'image/webp': bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0x18, 0, 0, 0]),
  'application/pdf': bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'),
} as const;

const HTML = new TextEncoder().encode('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

describe('sniffEvidenceType', () => {
  it('recognises each allowed type by its magic number', () => {
    for (const mime of EVIDENCE_MIME_TYPES) expect(sniffEvidenceType(SAMPLES[mime]), mime).toBe(mime);
  });

  it('recognises nothing in HTML, text, an empty blob or truncated signatures', () => {
    for (const b of [HTML, new TextEncoder().encode('hello'), new Uint8Array(0), SAMPLES['image/png'].slice(0, 8), bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '), bytes('%PDF-x')]) {
      expect(sniffEvidenceType(b)).toBeNull();
    }
  });

  it('wants the PDF header at the first byte: HTML with a PDF tail is not a PDF', () => {
    expect(sniffEvidenceType(new TextEncoder().encode('<html><script>x()</script></html>\n%PDF-1.4\n'))).toBeNull();
  });
});

describe('checkBlobType', () => {
  it('accepts bytes of the declared type and refuses every other sample, naming what they look like', () => {
    for (const declared of EVIDENCE_MIME_TYPES) {
      for (const actual of EVIDENCE_MIME_TYPES) {
        const check = checkBlobType(declared, SAMPLES[actual]);
        expect(check, `${actual} declared as ${declared}`).toEqual(declared === actual ? { ok: true } : { ok: false, detected: actual });
      }
    }
  });

  it('refuses HTML declared as an image or a PDF, as markup', () => {
    for (const declared of EVIDENCE_MIME_TYPES) expect(checkBlobType(declared, HTML)).toEqual({ ok: false, detected: 'markup' });
  });
});

describe('sniffsAsMarkup', () => {
  it('finds HTML, SVG, XML and script starts, after whitespace and a BOM, in any case', () => {
    for (const text of ['<html>', '  \n<HTML lang="vi">', '\ufeff<!doctype html>', '<!-- x -->', '<svg xmlns="http://www.w3.org/2000/svg">', '<?xml version="1.0"?>', '<p>Biên bản</p>', 'Ghi chú <script>alert(1)</script>', 'javascript:alert(1)']) {
      expect(sniffsAsMarkup(new TextEncoder().encode(text)), text).toBe(true);
    }
  });

  it('leaves plain text and CSV alone', () => {
    for (const text of ['Biên bản kiểm tra ngày 23/11/2026', 'ma_ho_so,han_xu_ly\n000.00.12.H26-250314-0007,20/07/2025', 'a < b và c > d', '<ab không phải thẻ']) {
      expect(sniffsAsMarkup(new TextEncoder().encode(text)), text).toBe(false);
    }
  });
});
