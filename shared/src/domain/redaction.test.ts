// Redaction: worked examples for every format, then properties (no 9-digit run, no phone left, idempotent, never longer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, URL_MASK, containsPii, identifierSpans, isPersonalParam, maskDigits, maskWhole, redactFields, redactText, redactUrl } from './redaction.ts';

const NINE_PLUS = /[0-9]{9,}/;

// The package compiles without DOM or Node types; the globals exist in every runtime the tests run in.
const { URL, URLSearchParams, TextEncoder } = globalThis as unknown as {
  URL: new (url: string) => { protocol: string; host: string; pathname: string; search: string; hash: string; href: string };
  URLSearchParams: new (init: string) => { keys(): IterableIterator<string> };
  TextEncoder: new () => { encode(s: string): Uint8Array };
};

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
    // citizen identifiers written in groups
    ['CCCD 001 203 004 567', 'CCCD 0012•••••567'],
    ['CCCD 0012.0300.4567', 'CCCD 0012•••••567'],
    ['CMND 123-456-789, cấp ngày 01-02-2010', 'CMND 1234••789, cấp ngày 01-02-2010'],
    ['ĐT 0912 345 678 CCCD 001 203 004 567', 'ĐT 0912•••678 CCCD 0012•••••567'],
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
    'Lệ phí 1.250.000.000 đồng',
    'Quyển số 1 234 567',
    'Mã hồ sơ 000.00.12.H26-261120-0003',
    'Ngày 01.07.2025 10.30',
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
    expect(maskWhole('Nguyễn Văn A')).toBe('•••');
    expect(maskWhole(maskWhole('Nguyễn Văn A'))).toBe('•••');
    expect(maskWhole('Trần Kim Dung0327•••049')).toBe('•••');
    expect(maskWhole('Lê')).toBe('••');
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
      applicant: '•••',
      phone: '•••',
      id_number: '•••',
      address: '•••',
      email: '•••',
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
      receiving_officer: '•••',
    });
  });

  it('masks a personal field whole even when a pattern matched part of it', () => {
    // A cell holding a name and a phone: the pattern masks the phone, the field rule the rest.
    expect(redactFields({ applicant: 'Trần Kim Dung0327 049 049', x_nguoi_nop: 'Trần Kim Dung 0912 345 678', n: ['Lê B', 'Đỗ Văn Cường'], id_number: 1203004567 }, { maskKeys: ['applicant', 'x_nguoi_nop', 'n', 'id_number'] })).toEqual({
      applicant: '•••',
      x_nguoi_nop: '•••',
      n: ['•••', '•••'],
      id_number: '•••',
    });
  });

  it('never keeps a character of a personal field', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((v) => v.trim().length > 0), (v) => {
        const out = redactFields({ applicant: v }).applicant;
        expect(out).toMatch(/^•{1,3}$/);
      }),
      { numRuns: 200 },
    );
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

describe('identifierSpans', () => {
  it('finds whole clusters and e-mail tokens', () => {
    const text = 'ĐT 0912 345 678, CCCD 001203004567, thư an@x.vn, hồ sơ 000.00.12.H26-261120-0003';
    expect(identifierSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['0912 345 678', '001203004567', 'an@x.vn']);
  });

  it('keeps an identifier to its side of a cut between two rendered texts', () => {
    // <span>0912345678</span><span>12/11/2025</span>: the day of the date is not part of the phone.
    expect(identifierSpans('091234567812/11/2025', undefined, [10])).toEqual([{ start: 0, end: 10 }]);
    // <span>0912.345.678</span><span>05.11.2025</span>: together no pattern matches, the phone alone does.
    expect(identifierSpans('0912.345.67805.11.2025', undefined, [12])).toEqual([{ start: 0, end: 12 }]);
    // 0912<b>345</b>678: no piece is an identifier alone, the whole is.
    expect(identifierSpans('0912345678', undefined, [4, 7])).toEqual([{ start: 0, end: 10 }]);
    // 0912<b>345</b>678<i>0987654321</i>: the second phone is its own; what is left still hides the first.
    expect(identifierSpans('09123456780987654321', undefined, [4, 7, 10])).toEqual([{ start: 0, end: 20 }]);
  });

  it('never leaves an identifier outside its spans, whatever the cuts', () => {
    fc.assert(
      fc.property(document, fc.array(fc.nat(), { maxLength: 8 }), ({ text }, raw) => {
        const cuts = [...new Set(raw.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let rest = '';
        let cursor = 0;
        for (const s of identifierSpans(text, undefined, cuts)) {
          rest += `${text.slice(cursor, s.start)} `;
          cursor = s.end;
        }
        rest += text.slice(cursor);
        expect(containsPii(rest)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

// ── Page URLs ────────────────────────────────────────────────────────────────────────────────────────────────

describe('redactUrl examples', () => {
  it.each([
    ['http://127.0.0.1:8788/#/dossiers?q=040312345678', 'http://127.0.0.1:8788/#/dossiers?q=***'],
    ['https://motcua.tinh-x.gov.vn/ho-so?q=0912%20345%20678&size=20', 'https://motcua.tinh-x.gov.vn/ho-so?q=***&size=20'],
    ['https://motcua.tinh-x.gov.vn/ho-so?ma=000.00.12.H26-261120-0003&trang=2', 'https://motcua.tinh-x.gov.vn/ho-so?ma=000.00.12.H26-261120-0003&trang=2'],
    ['http://127.0.0.1:8788/ho-so/000.00.12.H26-261120-0003', 'http://127.0.0.1:8788/ho-so/000.00.12.H26-261120-0003'],
    ['http://127.0.0.1:8788/tep/cccd_001203004567.pdf', 'http://127.0.0.1:8788/tep/cccd_***.pdf'],
    ['http://h.vn/tep/sdt_0912_345_678-mat-truoc.jpg', 'http://h.vn/tep/sdt_***-mat-truoc.jpg'],
    ['http://h.vn/cong-dan/0403%201234%205678/ho-so', 'http://h.vn/cong-dan/***/ho-so'],
    ['http://h.vn/cong-dan/0403.1234.5678', 'http://h.vn/cong-dan/***'],
    ['http://h.vn/x?ref=%2B84+912+345+678&a=1', 'http://h.vn/x?ref=***&a=1'],
    ['http://h.vn/x?ref=%252B84%2520912345678', 'http://h.vn/x?ref=***'],
    ['http://h.vn/x?ref=%EF%BC%90%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98', 'http://h.vn/x?ref=***'],
    ['http://h.vn/u/nguyen.van.a@gmail.com/ho-so', 'http://h.vn/u/***/ho-so'],
    ['http://nv:mat-khau@h.vn/a', 'http://h.vn/a'],
    ['http://h.vn/#q=0912345678&page=2', 'http://h.vn/#q=***&page=2'],
    ['http://h.vn/#!/ho-so;cccd=001203004567;tab=2', 'http://h.vn/#!/ho-so;cccd=***;tab=2'],
    ['http://h.vn/#/tra-cuu?so_dien_thoai=0912.345.678&trang_thai=1', 'http://h.vn/#/tra-cuu?so_dien_thoai=***&trang_thai=1'],
    ['http://h.vn/ds?search=Nguy%E1%BB%85n+V%C4%83n+A&keyword=&status=moi', 'http://h.vn/ds?search=***&keyword=&status=moi'],
    ['http://h.vn/ds?filter%5Bemail%5D=an%40x.vn', 'http://h.vn/ds?filter%5Bemail%5D=***'],
    ['http://h.vn/ds?ghi_chu=goi+0912345678+sau', 'http://h.vn/ds?ghi_chu=goi%20***%20sau'],
    ['mailto:nguyen@x.vn', 'mailto:***'],
    ['/ho-so?sdt=0912345678#x', '/ho-so?sdt=***#x'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
    expect(redactUrl(output)).toBe(output);
  });

  it('names personal and search parameters', () => {
    for (const name of ['q', 'Q', 'search', 'keyword', 'tuKhoa', 'cccd', 'so_cccd', 'CMND', 'phone', 'sdt', 'so_dien_thoai', 'soDienThoai', 'số_điện_thoại', 'email', 'e-mail', 'ho_ten', 'dia_chi', 'filter[phone]']) {
      expect(isPersonalParam(name), name).toBe(true);
    }
    for (const name of ['page', 'size', 'status', 'trang_thai', 'ma', 'ma_ho_so', 'id', 'tab', 'sort', 'content', 'intent']) {
      expect(isPersonalParam(name), name).toBe(false);
    }
    expect(isPersonalParam('nguoi_uy_quyen')).toBe(false);
    expect(isPersonalParam('nguoi_uy_quyen', ['nguoi_uy_quyen'])).toBe(true);
    expect(redactUrl('http://h.vn/a?nguoi_uy_quyen=Le+B', { personalParams: ['nguoi_uy_quyen'] })).toBe('http://h.vn/a?nguoi_uy_quyen=***');
  });

  it('masks a site profile\'s own parameters (pii.url_params) in the query, a hash route and matrix parameters', () => {
    const personalParams = ['ma_so_thue', 'filter[nguoiUyQuyen]', 'bien_so'];
    expect(redactUrl('http://h.vn/can-bo/#/dossiers?tab=2&ma_so_thue=0101234567&page=3', { personalParams })).toBe('http://h.vn/can-bo/#/dossiers?tab=2&ma_so_thue=***&page=3');
    expect(redactUrl('http://h.vn/ds?filter%5BnguoiUyQuyen%5D=Tr%E1%BA%A7n+B&size=25', { personalParams })).toBe('http://h.vn/ds?filter%5BnguoiUyQuyen%5D=***&size=25');
    expect(redactUrl('http://h.vn/#!/ho-so;bien_so=29A12345;tab=1', { personalParams })).toBe('http://h.vn/#!/ho-so;bien_so=***;tab=1');
    // Without the profile's list the same values stay (they hold no identifier the patterns know); twice changes nothing.
    expect(redactUrl('http://h.vn/ds?bien_so=29A12345')).toBe('http://h.vn/ds?bien_so=29A12345');
    const once = redactUrl('http://h.vn/ds?bien_so=29A12345&q=x', { personalParams });
    expect(redactUrl(once, { personalParams })).toBe(once);
    expect(redactUrl(once)).toBe(once);
  });

  it('uses a mask that URL parsers keep as it is', () => {
    expect(encodeURIComponent(URL_MASK)).toBe(URL_MASK);
    expect(new URL(`http://h.vn/${URL_MASK}?a=${URL_MASK}#/${URL_MASK}?b=${URL_MASK}`).href).toBe(`http://h.vn/${URL_MASK}?a=${URL_MASK}#/${URL_MASK}?b=${URL_MASK}`);
  });
});

/** Every way the test reads a redacted URL back: as written, percent-decoded (repeatedly), `+`/`_` as spaces, NFKC. */
function readings(url: string): string[] {
  let decoded = url;
  for (let i = 0; i < 4; i++) {
    const next = decoded.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
    if (next === decoded) break;
    decoded = next;
  }
  const base = [url, decoded, decoded.normalize('NFKC')];
  return base.flatMap((s) => [s, s.replace(/\+/g, ' '), s.replace(/[+_]/g, ' ')]);
}

const fullwidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const email = fc
  .tuple(fc.constantFrom('nguyen', 'tran.thi.b', 'le_c', 'pham+hs', 'do'), fc.constantFrom('gmail.com', 'ubnd.hanoi.gov.vn', 'x.vn'))
  .map(([local, domain]) => ({ national: `${local}@${domain}`, written: `${local}@${domain}` }));
const groupedId = fc.tuple(digits(12), fc.boolean()).map(([id, dots]) => ({
  national: id,
  written: dots ? `${id.slice(0, 3)}.${id.slice(3, 6)}.${id.slice(6, 9)}.${id.slice(9)}` : `${id.slice(0, 4)} ${id.slice(4, 8)} ${id.slice(8)}`,
}));
const urlIdentifier = fc.oneof(phone, citizenId, groupedId, email);

/** How a page or a system writes a value into a URL. */
const encodings: ((s: string, inQuery: boolean) => string)[] = [
  (s) => encodeURIComponent(s),
  (s, inQuery) => (inQuery ? encodeURIComponent(s).replace(/%20/g, '+') : encodeURIComponent(s)),
  (s) => encodeURIComponent(encodeURIComponent(s)),
  (s) => Array.from(new TextEncoder().encode(s), (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
  (s) => encodeURIComponent(fullwidth(s)),
  (s) => s.replace(/ /g, '%20'),
];

const segment = fc.constantFrom('ho-so', 'dossiers', 'chi-tiet', '000.00.12.H26-261120-0003', 'trang-2', 'tra-cuu');
const neutralParam = fc.constantFrom('size=20', 'page=3', 'status=dang-xu-ly', 'sort=-received', 'tab=2');
const place = fc.constantFrom('path', 'file', 'query', 'personal-query', 'hash-path', 'hash-query', 'matrix', 'bare-hash');

const pageUrl = fc
  .record({
    https: fc.boolean(),
    host: fc.constantFrom('127.0.0.1:8788', 'dichvucong.tinh-x.gov.vn', 'motcua.hanoi.gov.vn:8443', 'localhost:3000'),
    path: fc.array(segment, { maxLength: 3 }),
    params: fc.array(neutralParam, { maxLength: 3 }),
    pii: urlIdentifier,
    place,
    encoding: fc.integer({ min: 0, max: encodings.length - 1 }),
  })
  .map((r) => {
    const enc = encodings[r.encoding] ?? encodings[0]!;
    const base = `${r.https ? 'https' : 'http'}://${r.host}/${r.path.join('/')}`;
    const query = r.params.length > 0 ? `?${r.params.join('&')}` : '';
    const inQ = enc(r.pii.written, true);
    const inPath = enc(r.pii.written, false);
    const url = {
      path: `${base}/${inPath}${query}`,
      file: `${base}/cccd_${inPath}.pdf${query}`,
      query: `${base}?${[...r.params, `ref=${inQ}`].join('&')}`,
      'personal-query': `${base}?${[`sdt=${inQ}`, ...r.params].join('&')}`,
      'hash-path': `${base}${query}#/ho-so/${inPath}`,
      'hash-query': `${base}${query}#/dossiers?${[`q=${inQ}`, ...r.params].join('&')}`,
      matrix: `${base}${query}#!/ho-so;ref=${inPath};tab=2`,
      'bare-hash': `${base}${query}#${[`x=${inQ}`, ...r.params].join('&')}`,
    }[r.place];
    return { url, pii: r.pii, params: r.params };
  });

describe('redactUrl properties', () => {
  it('never leaves an identifier in any form or place, and keeps scheme, host, port and route', () => {
    fc.assert(
      fc.property(pageUrl, ({ url, pii }) => {
        const out = redactUrl(url);
        for (const r of readings(out)) {
          expect(r).not.toContain(pii.national);
          expect(r).not.toContain(pii.written);
          expect(containsPii(r)).toBe(false);
        }
        expect(out).toContain(URL_MASK);
        const a = new URL(url);
        const b = new URL(out);
        expect([b.protocol, b.host]).toEqual([a.protocol, a.host]);
        expect(b.pathname.split('/').length).toBe(a.pathname.split('/').length);
        expect([...new URLSearchParams(b.search).keys()]).toEqual([...new URLSearchParams(a.search).keys()]);
        expect(b.hash.split(/[/?&;]/).length).toBe(a.hash.split(/[/?&;]/).length);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(pageUrl.map((p) => p.url), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 60 })), (url) => {
        const once = redactUrl(url);
        expect(redactUrl(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves a URL without personal data as the browser writes it', () => {
    const clean = fc
      .tuple(fc.constantFrom('http://127.0.0.1:8788', 'https://dichvucong.tinh-x.gov.vn'), fc.array(segment, { maxLength: 4 }), fc.array(neutralParam, { maxLength: 4 }), fc.option(fc.array(segment, { maxLength: 3 })))
      .map(([origin, path, params, hash]) => `${origin}/${path.join('/')}${params.length > 0 ? `?${params.join('&')}` : ''}${hash ? `#/${hash.join('/')}` : ''}`);
    fc.assert(
      fc.property(clean, (url) => {
        expect(redactUrl(url)).toBe(new URL(url).href);
      }),
      { numRuns: 300 },
    );
  });
});
