// Redaction: worked examples for every format, then properties (no 9-digit run, no phone left, idempotent, never longer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, containsPii, maskDigits, maskWhole, redactFields, redactText } from './redaction.ts';

const NINE_PLUS = /[0-9]{9,}/;

describe('redactText examples', () => {
  it.each([
    // citizen identifiers
    ['CCCD: 001203004567', 'CCCD: 0012•••••567'],
    ['CMND 123456789 cấp ngày 01/02/2010', 'CMND 1234••789 cấp ngày 01/02/2010'],
    ['cccd_001203004567.pdf', 'cccd_0012•••••567.pdf'],
    ['scan-CCCD001203004567_mattruoc.jpg', 'scan-CCCD0012•••••567_mattruoc.jpg'],
    ['mã GD 12345678901234567890', 'mã GD 1234•••••••••••••890'],
    // phones, every common format
    ['ĐT: 0912345678', 'ĐT: 0912•••678'],
    ['ĐT: 0912 345 678', 'ĐT: 0912•••678'],
    ['ĐT: 0912.345.678', 'ĐT: 0912•••678'],
    ['ĐT: 0912-345-678', 'ĐT: 0912•••678'],
    ['ĐT: 091 234 5678', 'ĐT: 0912•••678'],
    ['ĐT: +84 912 345 678', 'ĐT: 0912•••678'],
    ['ĐT: +84912345678', 'ĐT: 0912•••678'],
    ['ĐT: (+84) 912-345-678', 'ĐT: 0912•••678'],
    ['ĐT: (+84)912.345.678.', 'ĐT: 0912•••678.'],
    ['Tel 0084 912 345 678', 'Tel 0912•••678'],
    ['Máy bàn (024) 3825 1234', 'Máy bàn 0243••••234'],
    ['Máy bàn 024 3825 1234', 'Máy bàn 0243••••234'],
    ['Gọi 0912 345 678 hoặc 0987.654.321', 'Gọi 0912•••678 hoặc 0987•••321'],
    // e-mail
    ['Email: nguyen.van.a@gmail.com', 'Email: n•••@gmail.com'],
    ['liên hệ Trần.Thị_B+hs@ubnd.hanoi.gov.vn.', 'liên hệ T•••@ubnd.hanoi.gov.vn.'],
    ['ab@x.vn, a@x.vn, abc@x.vn', 'a•@x.vn, •@x.vn, a••@x.vn'],
  ])('%s → %s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it.each([
    'Ngày tiếp nhận: 09.05.2025 10:30',
    'Hạn xử lý 15/07/2025 17:00',
    'Mã hồ sơ 000.00.00.H30-250701-0001',
    'Lệ phí 1.250.000 đồng',
    'Số thứ tự 12, quyển số 3',
    '2025-07-01T03:30:00.000Z',
  ])('leaves %s alone', (input) => {
    expect(redactText(input)).toBe(input);
  });

  it('masks only the chosen patterns', () => {
    const s = 'a@b.vn 0912345678 001203004567';
    expect(redactText(s, ['email'])).toBe('•@b.vn 0912345678 001203004567');
    expect(redactText(s, ['phone'])).toBe('a@b.vn 0912•••678 001203004567');
    expect(redactText(s, ['citizen_id'])).toBe('a@b.vn 0912•••678 0012•••••567');
  });

  it('mask rule: first 4 and last 3 digits', () => {
    expect(maskDigits('0912345678')).toBe('0912•••678');
    expect(maskDigits('001203004567')).toBe('0012•••••567');
    expect(maskWhole('Nguyễn Văn A')).toBe('N•••');
    expect(maskWhole(maskWhole('Nguyễn Văn A'))).toBe('N•••');
    expect(maskWhole('Lê')).toBe('L•');
    expect(maskWhole('A')).toBe('•');
    expect(maskWhole('  ')).toBe('  ');
    expect(containsPii('0912 345 678')).toBe(true);
    expect(containsPii(redactText('0912 345 678'))).toBe(false);
  });
});

// ── Properties ─────────────────────────────────────────────────────────────────────────────────────────────

const digit = fc.constantFrom(...'0123456789');
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Free text with letters, Vietnamese, punctuation and short digit groups (at most 8 digits together). */
const filler = fc
  .array(
    fc.oneof(
      fc.constantFrom('Hồ sơ', 'ngày', 'số', 'Đã trả kết quả', ' ', ', ', '. ', '/', ':', '-', '(', ')', '\n', 'x', '_', '•', '@'),
      fc.integer({ min: 1, max: 8 }).chain(digits),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** A mobile number as national digits (0 + 3/5/7/8/9 + 8 digits) and written in one of the common formats. */
const phone = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(8), fc.integer({ min: 0, max: 9 }))
  .map(([p, rest, format]) => {
    const n = `0${p}${rest}`; // 10 digits
    const sub = n.slice(1); // 9 digits
    const written = [
      n,
      `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
      `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
      `${n.slice(0, 4)}-${n.slice(4, 7)}-${n.slice(7)}`,
      `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
      `+84 ${sub.slice(0, 3)} ${sub.slice(3, 6)} ${sub.slice(6)}`,
      `+84${sub}`,
      `(+84) ${sub.slice(0, 3)}-${sub.slice(3, 6)}-${sub.slice(6)}`,
      `(+84) ${sub.slice(0, 3)} ${sub.slice(3, 6)} ${sub.slice(6)}`,
      `+84.${sub.slice(0, 3)}.${sub.slice(3, 6)}.${sub.slice(6)}`,
    ][format] as string;
    return { national: n, written };
  });

const citizenId = fc.oneof(digits(9), digits(12)).map((id) => ({ national: id, written: id }));
const idInFileName = digits(12).map((id) => ({ national: id, written: `cccd_${id}.pdf` }));

/** Where an identifier sits: between delimiters that a real page would have around it. */
const delimiter = fc.constantFrom(' ', ', ', '\n', ': ', ' SĐT ', ' (', ') ', ' - ', '; ');

const document = fc
  .array(fc.tuple(filler, delimiter, fc.oneof(phone, citizenId, idInFileName), delimiter), { minLength: 1, maxLength: 6 })
  .chain((pieces) =>
    filler.map((tail) => ({
      text: pieces.map(([f, d1, pii, d2]) => `${f}${d1}${pii.written}${d2}`).join('') + tail,
      secrets: pieces.map(([, , pii]) => pii),
    })),
  );

describe('redactText properties', () => {
  it('leaves no run of 9+ digits and none of the embedded numbers, in any format', () => {
    fc.assert(
      fc.property(document, ({ text, secrets }) => {
        const out = redactText(text);
        expect(out).not.toMatch(NINE_PLUS);
        for (const s of secrets) {
          expect(out).not.toContain(s.written);
          expect(out).not.toContain(s.national);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent on pages with identifiers', () => {
    fc.assert(
      fc.property(document, ({ text }) => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent and leaves no 9-digit run on arbitrary digit-heavy text', () => {
    const noisy = fc
      .array(fc.constantFrom(...'0123456789 .-+()@ab•\n'), { maxLength: 80 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(noisy, (s) => {
        const once = redactText(s);
        expect(once).not.toMatch(NINE_PLUS);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('never makes a text longer, so bounded fields stay within their bounds', () => {
    const mixed = fc.oneof(
      document.map((d) => d.text),
      fc.array(fc.constantFrom('a', 'ab', '@', 'x.vn', '.', ' ', '+84', '0912', '345', '678', '1', '•'), { maxLength: 30 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(mixed, (s) => {
        expect(redactText(s).length).toBeLessThanOrEqual(s.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not change text without digits or @', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/[0-9@]/.test(s)), (s) => {
        expect(redactText(s)).toBe(s);
      }),
    );
  });

  it('stays fast on a long table row', () => {
    const row = Array.from({ length: 5000 }, (_, i) => String(i % 100)).join(' ');
    const t0 = Date.now();
    redactText(row);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('redactFields', () => {
  it('redacts every string at any depth and masks PII fields whole', () => {
    const fields = {
      dossier_code: '000.00.00.H30-250701-0001',
      applicant: 'Nguyễn Văn A',
      phone: '0912 345 678',
      id_number: '001203004567',
      address: '12 Lê Lợi, phường Bến Nghé',
      email: 'nva@gmail.com',
      received_at: '01/07/2025 10:30',
      statutory_days: 15,
      payment_txn_id: 202507010001234,
      apology_issued: false,
      result_file: null,
      attachments: ['don-de-nghi.pdf', 'cccd_001203004567.pdf'],
      steps: [{ name: 'Tiếp nhận', note: 'Gọi 0987.654.321' }],
    };
    expect(redactFields(fields)).toEqual({
      dossier_code: '000.00.00.H30-250701-0001',
      applicant: 'N•••',
      phone: '0912•••678',
      id_number: '0012•••••567',
      address: '1•••',
      email: 'n••@gmail.com',
      received_at: '01/07/2025 10:30',
      statutory_days: 15,
      payment_txn_id: '2025••••••••234',
      apology_issued: false,
      result_file: null,
      attachments: ['don-de-nghi.pdf', 'cccd_0012•••••567.pdf'],
      steps: [{ name: 'Tiếp nhận', note: 'Gọi 0987•••321' }],
    });
  });

  it('is idempotent', () => {
    const fields = { applicant: 'Lê Thị C', phone: '+84 912 345 678', note: 'liên hệ c@x.vn', n: 123456789012 };
    const once = redactFields(fields);
    expect(redactFields(once)).toEqual(once);
  });

  it('takes its own list of whole-masked keys', () => {
    expect(redactFields({ applicant: 'Lê Thị C', receiving_officer: 'Phạm D' }, { maskKeys: ['receiving_officer'] })).toEqual({
      applicant: 'Lê Thị C',
      receiving_officer: 'P•••',
    });
  });

  it('never leaves a long digit run in any string value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), document.map((d) => d.text), { maxKeys: 5 }), (record) => {
        for (const v of Object.values(redactFields(record))) expect(v).not.toMatch(NINE_PLUS);
      }),
      { numRuns: 100 },
    );
  });
});

it('uses the bullet as mask character', () => {
  expect(MASK).toBe('\u2022');
});
