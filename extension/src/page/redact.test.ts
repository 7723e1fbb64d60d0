// Redaction of what leaves the page: property tests over texts with identifiers and phone numbers in every common
// format, cut anywhere (a selection or a 32-character context may end mid-number): no run of 9 or more digits, no
// phone number and no 5 consecutive digits of an identifier survive.
import fc from 'fast-check';
import { containsPii } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { patternSpans, redactEvidenceFields, redactSlice, type PiiSpan } from './redact.ts';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const mobile = fc.tuple(fc.constantFrom('03', '05', '07', '08', '09'), digits(8)).map(([p, d]) => `${p}${d}`);
/** A phone number written in one of the formats found on dossier screens. */
const phone = fc.tuple(mobile, fc.integer({ min: 0, max: 5 })).map(([n, style]) => {
  const [a, b, c] = [n.slice(0, 4), n.slice(4, 7), n.slice(7)];
  const intl = n.slice(1);
  return [n, `${a} ${b} ${c}`, `${a}.${b}.${c}`, `${a}-${b}-${c}`, `+84 ${intl.slice(0, 3)} ${intl.slice(3, 6)} ${intl.slice(6)}`, `(+84) ${intl}`][style] ?? n;
});
const citizenId = fc.oneof(digits(12), digits(9));
const identifier = fc.oneof(phone, citizenId, citizenId.map((id) => `cccd_${id}.pdf`));
const words = fc.array(fc.constantFrom('Hồ sơ', 'của', 'ông', 'bà', 'số', 'điện thoại', 'CCCD', ':', ',', 'ngày', 'Hạn xử lý', '(', ')', '-'), { maxLength: 6 }).map((w) => w.join(' '));
const page = fc.array(fc.tuple(words, identifier), { minLength: 1, maxLength: 5 });

const bareDigits = (s: string) => s.replace(/\D/g, '');

describe('redactSlice', () => {
  it('leaves no identifier, whole or cut, in any slice', () => {
    fc.assert(
      fc.property(page, fc.nat(), fc.nat(), (parts, x, y) => {
        const text = parts.map(([w, id]) => `${w} ${id}`).join(' ');
        const a = x % (text.length + 1);
        const b = a + (y % (text.length - a + 1));
        const out = redactSlice(text, a, b, patternSpans(text));
        expect(out).not.toMatch(/\d{9,}/);
        expect(containsPii(out)).toBe(false);
        // Masking keeps at most 4 leading and 3 trailing digits, never 5 in a row of the identifier.
        const runs = out.match(/\d{5,}/g) ?? [];
        for (const [, id] of parts) {
          const d = bareDigits(id).replace(/^84/, '0');
          for (const run of runs) expect(d.includes(run) || ('0' + d.slice(2)).includes(run)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('masks whole identifiers the readable way and keeps the rest', () => {
    const text = 'Điện thoại 0912 345 678, CCCD 001203004567, e-mail nguyen.an@gmail.com, hồ sơ 000.21.31.H49-250408-0001';
    expect(redactSlice(text, 0, text.length, patternSpans(text))).toBe(
      'Điện thoại 0912•••678, CCCD 0012•••••567, e-mail n•••@gmail.com, hồ sơ 000.21.31.H49-250408-0001',
    );
  });

  it('masks a cut identifier entirely', () => {
    const text = 'Số CCCD 001203004567 của người nộp';
    const at = text.indexOf('3004567');
    expect(redactSlice(text, at, text.length, patternSpans(text))).toBe('••••••• của người nộp');
  });

  it('masks PII elements whole, or entirely where cut', () => {
    const text = 'Người nộp Nguyễn Văn An ngày 03/11/2025';
    const span: PiiSpan = { start: 10, end: 23, kind: 'element' };
    expect(redactSlice(text, 0, text.length, [span])).toBe('Người nộp N••• ngày 03/11/2025');
    expect(redactSlice(text, 17, text.length, [span])).toBe('••• •• ngày 03/11/2025');
  });
});

describe('redactEvidenceFields', () => {
  it('masks PII fields whole and patterns everywhere', () => {
    const out = redactEvidenceFields(
      { applicant: ['Nguyễn Văn An', 'Lê Bình'], x_note: 'gọi 0912345678', due_at: '2025-11-05T10:00:00.000Z', steps: [{ name: 'Tiếp nhận', to_officer: 'Trần Thị Bình' }] },
      ['steps.to_officer'],
    );
    expect(out).toEqual({ applicant: ['N•••', 'L•••'], x_note: 'gọi 0912•••678', due_at: '2025-11-05T10:00:00.000Z', steps: [{ name: 'Tiếp nhận', to_officer: 'T•••' }] });
  });
});
