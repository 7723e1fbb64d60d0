// Evidence captures: blob announcements, URL schemes and bounded fields.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { EvidenceCreateSchema, EvidenceFieldsSchema } from './evidence.ts';

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
