// Evidence captures: blob announcements, URL schemes and bounded fields.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { EVIDENCE_MIME_TYPES } from './enums.ts';
import { EVIDENCE_FILE_EXTENSIONS, EvidenceCreateSchema, EvidenceFieldsSchema, evidenceFileName, safeFileName, withExtensionFor } from './evidence.ts';

const now = '2026-11-23T01:00:00.000Z';

describe('evidence', () => {
  it('a screenshot announces its blob', () => {
    const base = { id: uuidv7(), kind: 'screenshot', page_url: 'http://127.0.0.1:8788/ho-so/1', captured_at: now };
    expect(EvidenceCreateSchema.safeParse(base).success).toBe(false);
    const ok = EvidenceCreateSchema.parse({ ...base, sha256: 'a'.repeat(64), mime: 'image/png', bytes: 1024 });
    expect(ok).toMatchObject({ purpose: 'finding', selectors: [], fields: {} });
    expect(EvidenceCreateSchema.safeParse({ ...base, sha256: 'A'.repeat(64), mime: 'image/png', bytes: 1 }).success).toBe(false);
    expect(EvidenceCreateSchema.safeParse({ ...base, sha256: 'a'.repeat(64), mime: 'image/gif', bytes: 1 }).success).toBe(false);
    expect(EvidenceCreateSchema.safeParse({ ...base, sha256: 'a'.repeat(64), mime: 'image/png', bytes: 10 * 1024 * 1024 + 1 }).success).toBe(false);
  });

  it('a page URL is http(s) only', () => {
    const e = { id: uuidv7(), kind: 'page_capture', captured_at: now };
    expect(EvidenceCreateSchema.safeParse({ ...e, page_url: 'javascript:alert(1)' }).success).toBe(false);
    expect(EvidenceCreateSchema.safeParse({ ...e, page_url: 'https://motcua.gov.vn/x' }).success).toBe(true);
  });

  it('fields hold text, flags, lists and rows, bounded', () => {
    expect(
      EvidenceFieldsSchema.safeParse({ dossier_code: 'x', apology_issued: true, statutory_days: 15, attachments: ['a.pdf'], steps: [{ name: 'Tiếp nhận', note: null }], result_file: null })
        .success,
    ).toBe(true);
    expect(EvidenceFieldsSchema.safeParse({ x: { nested: { deep: 1 } } }).success).toBe(false);
    expect(EvidenceFieldsSchema.safeParse(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`x_${i}`, 'v']))).success).toBe(false);
  });
});

// Download names: the evidence's own file name, safe, with an extension that fits its type.
const ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('evidenceFileName', () => {
  it('keeps the original name', () => {
    expect(evidenceFileName({ id: ID, mime: 'application/pdf', fields: { file_name: 'bienban.pdf' } })).toBe('bienban.pdf');
    expect(evidenceFileName({ id: ID, mime: 'image/jpeg', fields: { file_name: 'ảnh niêm yết.JPEG' } })).toBe('ảnh niêm yết.JPEG');
  });

  it('falls back to evidence-{id}.{ext} without a usable name', () => {
    expect(evidenceFileName({ id: ID, mime: 'image/png', fields: {} })).toBe(`evidence-${ID}.png`);
    expect(evidenceFileName({ id: ID, mime: 'image/png', fields: { file_name: 42 } })).toBe(`evidence-${ID}.png`);
    expect(evidenceFileName({ id: ID, mime: 'image/webp', fields: { file_name: ' ../\u0000 ' } })).toBe(`evidence-${ID}.webp`);
  });

  it('adds an extension that fits the type when the name has another', () => {
    expect(evidenceFileName({ id: ID, mime: 'image/png', fields: { file_name: 'trang.html' } })).toBe('trang.html.png');
    expect(withExtensionFor('bienban', 'application/pdf')).toBe('bienban.pdf');
  });
});

describe('safeFileName', () => {
  it('drops paths, control characters, leading dots and characters Windows refuses', () => {
    expect(safeFileName('C:\\Users\\an\\Biên bản.pdf')).toBe('Biên bản.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('.htaccess')).toBe('htaccess');
    expect(safeFileName('a\u0000b\u202e"c"*?.pdf')).toBe('ab_c___.pdf');
    expect(safeFileName('x'.repeat(400))).toHaveLength(180);
  });

  it('normalises to NFC', () => {
    expect(safeFileName('Bie\u0302n ba\u0309n.pdf')).toBe('Biên bản.pdf');
  });
});

it('gives every evidence type a file extension', () => {
  for (const mime of EVIDENCE_MIME_TYPES) expect(EVIDENCE_FILE_EXTENSIONS[mime].length).toBeGreaterThan(0);
});
