// Redaction of what leaves the page: property tests over texts with identifiers and phone numbers in every common
// format, cut anywhere (a selection or a 32-character context may end mid-number): no run of 9 or more digits, no
// phone number and no 5 consecutive digits of an identifier survive.
import fc from 'fast-check';
import { containsPii } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { buildTextModel, elementSpan } from '../anchoring/text-model.ts';
import { loadHtml } from '../testing/fixtures.ts';
import { maskPersonalTexts, maskRects, patternSpans, personalTexts, piiValueSpans, profileLabels, redactEvidenceFields, redactSlice, textJoins, type PiiSpan } from './redact.ts';

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

  it('masks PII values whole, also where cut', () => {
    const text = 'Người nộp Nguyễn Văn An ngày 03/11/2025';
    const span: PiiSpan = { start: 10, end: 23, kind: 'element' };
    expect(redactSlice(text, 0, text.length, [span])).toBe('Người nộp ••• ngày 03/11/2025');
    expect(redactSlice(text, 17, text.length, [span])).toBe('••• ngày 03/11/2025');
  });
});

describe('redactEvidenceFields', () => {
  it('masks PII fields whole and patterns everywhere', () => {
    const out = redactEvidenceFields(
      { applicant: ['Nguyễn Văn An', 'Lê Bình'], x_note: 'gọi 0912345678', due_at: '2025-11-05T10:00:00.000Z', steps: [{ name: 'Tiếp nhận', to_officer: 'Trần Thị Bình' }] },
      ['steps.to_officer'],
    );
    expect(out).toEqual({ applicant: ['•••', '•••'], x_note: 'gọi 0912•••678', due_at: '2025-11-05T10:00:00.000Z', steps: [{ name: 'Tiếp nhận', to_officer: '•••' }] });
  });

  it('masks a profile PII field whole when a pattern matched part of it', () => {
    // A cell with a name glued to a phone: the pattern alone would leave the name in clear.
    const out = redactEvidenceFields({ x_nguoi_nop: 'Trần Kim Dung0327 049 049', applicant: 'Trần Kim Dung0912345678' }, ['x_nguoi_nop']);
    expect(out).toEqual({ x_nguoi_nop: '•••', applicant: '•••' });
  });
});

// ── On a page ──────────────────────────────────────────────────────────────────────────────────────────────────

/** The spans the overlay masks on the test document: identifiers (never across touching elements) and PII values. */
function spansOf(values: string[], regions: string[], labels = profileLabels(null)) {
  const model = buildTextModel(document);
  const q = (sel: string) => Array.from(document.querySelectorAll(sel));
  const spans = [...patternSpans(model.text, undefined, textJoins(model)), ...piiValueSpans(model, { values: values.flatMap(q), regions: regions.flatMap(q), labels })];
  return { model, spans, quote: (el: string) => {
    const node = document.querySelector(el);
    const span = node ? elementSpan(model, node) : null;
    if (!span) throw new Error(el);
    return redactSlice(model.text, span.start, span.end, spans).trim();
  } };
}

describe('identifiers on a page', () => {
  it('keeps a phone to its element when a date touches it (no spill over the day)', () => {
    loadHtml('<div id="row" style="display:flex"><span>0912345678</span><span>12/11/2025</span> <span>0987.654.321</span><span>05.11.2025</span></div>');
    const { model, spans, quote } = spansOf([], []);
    expect(model.text).toBe('091234567812/11/2025 0987.654.32105.11.2025');
    expect(spans.map((s) => model.text.slice(s.start, s.end))).toEqual(['0912345678', '0987.654.321']);
    expect(quote('#row')).toBe('0912•••67812/11/2025 0987•••32105.11.2025');
  });

  it('still masks a phone styled over several inline elements', () => {
    loadHtml('<p id="p">Gọi 0912<b>345</b>678 hoặc <i>001203</i><i>004567</i></p>');
    const { quote } = spansOf([], []);
    expect(quote('#p')).toBe('Gọi 0912•••678 hoặc 0012•••••567');
  });
});

describe('labels and values in PII elements', () => {
  const region = `<section id="nguoi-nop">
    <div class="font-semibold">Thông tin người nộp hồ sơ</div>
    <div><div class="text-gray-500">Họ và tên</div><div>Nguyễn Văn An</div></div>
    <div><div class="text-gray-500">Số CCCD/Số định danh cá nhân</div><div>001203004567</div></div>
    <div><span>Điện thoại:</span> <span>0912 345 678</span></div>
    <div><span>Email:</span> <span>an.nguyen@gmail.com</span></div>
    <p id="mixed">CCCD: 001203004567, SĐT: 0912 345 678</p>
    <table><tr><th>Địa chỉ thường trú</th><td>Số 12 Lê Lợi, phường Sơn Tây</td></tr></table>
  </section>`;

  it('keeps the labels of a region and masks each value whole', () => {
    loadHtml(`<main><h1>Chi tiết hồ sơ</h1>${region}<p id="after">Hạn xử lý 05/11/2025</p></main>`);
    const { quote } = spansOf([], ['#nguoi-nop']);
    expect(quote('#nguoi-nop')).toBe(
      'Thông tin người nộp hồ sơ Họ và tên ••• Số CCCD/Số định danh cá nhân ••• Điện thoại: ••• Email: ••• CCCD: •••, SĐT: ••• Địa chỉ thường trú •••',
    );
    expect(quote('#mixed')).toBe('CCCD: •••, SĐT: •••');
    expect(quote('#after')).toBe('Hạn xử lý 05/11/2025');
  });

  it('keeps the labels of a quote with an identifier and a phone outside PII elements', () => {
    loadHtml('<p id="q">CCCD: 001203004567, SĐT: 0912 345 678</p>');
    expect(spansOf([], []).quote('#q')).toBe('CCCD: 0012•••••567, SĐT: 0912•••678');
  });

  it('masks a value element whole but keeps a known label written in it', () => {
    loadHtml('<table><tr><td id="a">Trần Kim Dung<br>0327 049 049</td><td id="b">Thôn Đông, xã Y; ĐT: 0912.345.678</td><td id="c">Họ tên: Lê Bình</td></tr></table>');
    const { quote } = spansOf(['#a', '#b', '#c'], []);
    expect(quote('#a')).toBe('•••');
    expect(quote('#b')).toBe('•••; ĐT: •••');
    expect(quote('#c')).toBe('Họ tên: •••');
  });

  it('masks a personal value wherever the page shows it again (a printed receipt, a signature)', () => {
    loadHtml(`<main><div id="ho-ten">Hồ Diệu Hạnh</div><div>Giới tính</div><div id="gioi-tinh">Nam</div>
      <div id="receipt"><p>Trung tâm đã tiếp nhận hồ sơ của: <b>Hồ Diệu Hạnh</b></p><p>Cộng hòa xã hội chủ nghĩa Việt Nam</p><p>Người nộp: Hồ Diệu Hạnhx</p><div>Hồ Diệu Hạnh</div></div></main>`);
    const { quote } = spansOf(['#ho-ten'], ['#gioi-tinh']);
    expect(quote('#receipt')).toBe('Trung tâm đã tiếp nhận hồ sơ của: ••• Cộng hòa xã hội chủ nghĩa Việt Nam Người nộp: Hồ Diệu Hạnhx •••');
  });

  it('masks the personal values of the page in fields that hold a whole block', () => {
    loadHtml('<main><div id="ho-ten">Hồ Diệu Hạnh</div><div id="dia-chi">Số 24, đường Cái Dăm</div></main>');
    const { model, spans } = spansOf(['#ho-ten', '#dia-chi'], []);
    const texts = personalTexts(model.text, spans);
    expect(texts).toEqual(['Số 24, đường Cái Dăm', 'Hồ Diệu Hạnh']);
    expect(maskPersonalTexts({ x_slip: 'đã tiếp nhận hồ sơ của: Hồ Diệu Hạnh Địa chỉ: Số 24, đường Cái Dăm; Hồ Diệu Hạnhx', n: 3, rows: [{ a: 'Ký: Hồ Diệu Hạnh' }] }, texts)).toEqual({
      x_slip: 'đã tiếp nhận hồ sơ của: ••• Địa chỉ: •••; Hồ Diệu Hạnhx',
      n: 3,
      rows: [{ a: 'Ký: •••' }],
    });
  });

  it('never leaves a value of a region in a quote, whatever the slice', () => {
    loadHtml(`<main>${region}</main>`);
    const { model, spans } = spansOf([], ['#nguoi-nop']);
    const secrets = ['Nguyễn', 'Văn An', '0012', '4567', '0912', '345', '678', 'an.nguyen', 'gmail', 'Lê Lợi', 'Sơn Tây'];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (x, y) => {
        const a = x % (model.text.length + 1);
        const b = a + (y % (model.text.length - a + 1));
        const out = redactSlice(model.text, a, b, spans);
        for (const s of secrets) expect(out).not.toContain(s);
      }),
      { numRuns: 300 },
    );
  });

  it('measures mask rectangles on the values only', () => {
    loadHtml(`<main>${region}</main>`);
    const { model, spans } = spansOf([], ['#nguoi-nop']);
    // happy-dom has no layout: every rect is empty, so nothing is measured, and nothing throws.
    expect(maskRects(model, spans, document, [document.querySelector('#nguoi-nop') as Element])).toEqual([]);
  });
});
