// Re-anchoring on realistic dossier-page changes (tests/fixtures/anchoring): each case selects a quote, describes
// it, edits the page's HTML and anchors the selectors against the new page.
import type { Selector } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { anchor, controlSpanOf } from './anchor.ts';
import { describeControlSelection, describeControlSpan, describeRange, describeSpan } from './describe.ts';
import { fixtureText, loadHtml } from '../testing/fixtures.ts';
import { buildTextModel, domTargetOf, type TextModel } from './text-model.ts';

const fixture = fixtureText;

interface Case {
  name: string;
  quote: string;
  occurrence?: number;
  edits: [string, string][];
  expect: string | null;
  expectContext?: string;
  expectElement?: string;
}
const cases = JSON.parse(fixture('cases.json')) as Case[];
const load = loadHtml;

function applyEdits(html: string, edits: [string, string][]): string {
  let out = html;
  for (const [from, to] of edits) {
    const replacement = to.startsWith('NFD:') ? to.slice(4).normalize('NFD') : to;
    expect(out.includes(from), `edit source not found: ${from}`).toBe(true);
    out = out.replace(from, replacement);
  }
  return out;
}

function nth(text: string, quote: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(quote, at + 1);
    if (at === -1) throw new Error(`quote not in fixture: ${quote}`);
  }
  return at;
}

function select(doc: Document, model: TextModel, quote: string, occurrence = 0) {
  const start = nth(model.text, quote, occurrence);
  const target = domTargetOf(model, start, start + quote.length, doc);
  if (!target) throw new Error('no DOM target');
  return 'range' in target ? describeRange(model, target.range) : describeSpan(model, start, start + quote.length, target.element);
}

describe('anchoring on dossier-page changes', () => {
  const base = fixture('dossier-detail.html');
  for (const c of cases) {
    it(c.name, () => {
      const before = load(base);
      const desc = select(before, buildTextModel(before), c.quote, c.occurrence);
      expect(desc).not.toBeNull();
      if (!desc) return;
      expect(desc.quote).toContain(c.quote);
      const after = load(applyEdits(base, c.edits));
      const model = buildTextModel(after);
      const result = anchor(model, desc.selectors, after);
      if (c.expect === null) {
        expect(result.status).toBe('orphan');
        return;
      }
      expect(result.status).toBe('anchored');
      if (result.status !== 'anchored') return;
      expect(model.text.slice(result.start, result.end)).toBe(c.expect);
      if (c.expectContext) expect(model.text.slice(Math.max(0, result.start - 60), result.start)).toContain(c.expectContext);
      const target = domTargetOf(model, result.start, result.end, after);
      if (c.expectElement) {
        expect(target && 'element' in target ? target.element.tagName : null).toBe(c.expectElement);
      } else {
        expect(target && 'range' in target ? target.range.toString().replace(/\s+/g, ' ').normalize('NFC') : null).toBe(c.expect);
      }
    });
  }
});

describe('text model', () => {
  it('collapses whitespace, reads controls and shadow roots, skips scripts and closed dialogs', () => {
    const doc = load(`<body><p>  a \n b&nbsp; c</p><script>x()</script><dialog><p>hidden</p></dialog><dialog open><p>shown</p></dialog>
      <input value="v1"><input type="password" value="secret"><input type="hidden" value="h">
      <div><template shadowrootmode="open"><span>in shadow</span></template></div></body>`);
    expect(buildTextModel(doc).text).toBe('a b c shown v1 in shadow');
  });

  it('skips the overlay host', () => {
    const doc = load('<body><p>page</p><onestop-overlay><p>overlay</p></onestop-overlay></body>');
    expect(buildTextModel(doc, { skip: (el) => el.localName === 'onestop-overlay' }).text).toBe('page');
  });

  it('describes a DOM selection with 32-character context and positions in code points', () => {
    const doc = load(fixture('dossier-detail.html'));
    const model = buildTextModel(doc);
    const cell = Array.from(doc.querySelectorAll('td')).find((td) => td.textContent === 'Quá hạn 1 ngày do chờ xác minh');
    const textNode = cell?.firstChild;
    if (!textNode) throw new Error('fixture changed');
    const range = doc.createRange();
    range.setStart(textNode, 0);
    range.setEnd(textNode, 'Quá hạn 1 ngày'.length);
    const desc = describeRange(model, range);
    const quoteSel = desc?.selectors.find((s) => s.type === 'TextQuoteSelector');
    expect(quoteSel).toMatchObject({ exact: 'Quá hạn 1 ngày' });
    if (quoteSel?.type !== 'TextQuoteSelector') return;
    expect(quoteSel.prefix).toHaveLength(32);
    expect(quoteSel.suffix).toHaveLength(32);
    expect(quoteSel.prefix?.endsWith('06/11/2025 16:00 ')).toBe(true);
    const pos = desc?.selectors.find((s) => s.type === 'TextPositionSelector');
    expect(pos).toMatchObject({ type: 'TextPositionSelector' });
    const css = desc?.selectors.find((s) => s.type === 'CssSelector');
    expect(css?.type === 'CssSelector' && doc.querySelector(css.value)).toBe(cell);
  });

  it('anchors 200 selectors against one model quickly', { timeout: 30_000 }, () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<tr><td>H49.30-2511${String(i).padStart(4, '0')}</td><td>Đăng ký khai sinh</td><td>0${i % 9}/11/2025 08:15</td><td>${i % 3 ? 'Đúng hạn' : 'Trễ hạn'}</td></tr>`);
    const doc = load(`<body><table><tbody>${rows.join('')}</tbody></table></body>`);
    const model = buildTextModel(doc);
    // Quote and position only (made straight from the model): happy-dom's selector engine is slow, Chromium's is not.
    const descs = Array.from({ length: 200 }, (_, i) => {
      const quote = `H49.30-2511${String(i * 10).padStart(4, '0')} Đăng ký`;
      const start = model.text.indexOf(quote);
      const selectors: Selector[] = [
        { type: 'TextQuoteSelector', exact: quote, prefix: model.text.slice(Math.max(0, start - 32), start), suffix: model.text.slice(start + quote.length, start + quote.length + 32) },
        { type: 'TextPositionSelector', start, end: start + quote.length },
      ];
      return { selectors };
    });
    const t0 = performance.now();
    const again = buildTextModel(doc);
    const results = descs.map((d) => anchor(again, d.selectors, doc));
    const ms = performance.now() - t0;
    expect(results.every((r) => r.status === 'anchored')).toBe(true);
    // happy-dom is far slower than Chromium; the e2e run measures the real figure.
    expect(ms).toBeLessThan(5000);
  });
});

describe('anchoring redacted quotes', () => {
  it('finds a quote with masked identifiers inside its element after the page moved', async () => {
    const { patternSpans, redactSlice } = await import('../page/redact.ts');
    const base = fixture('dossier-detail.html');
    const before = load(base);
    const model = buildTextModel(before);
    const desc = select(before, model, 'Số CCCD 001203004567 Điện thoại 0912 345 678');
    if (!desc) throw new Error('no description');
    const spans = patternSpans(model.text);
    const quote = redactSlice(model.text, desc.start, desc.end, spans);
    expect(quote).toBe('Số CCCD 0012•••••567 Điện thoại 0912•••678');
    const selectors = desc.selectors.map((s) => (s.type === 'TextQuoteSelector' ? { ...s, exact: quote } : s));
    const after = load(applyEdits(base, [['<div class="text-gray-500">Mã hồ sơ</div>', '<div class="text-gray-500">Ghi chú mới thêm</div><div>…</div><div class="text-gray-500">Mã hồ sơ</div>']]));
    const moved = buildTextModel(after);
    const movedSpans = patternSpans(moved.text);
    const res = anchor(moved, selectors, after, (s, e) => redactSlice(moved.text, s, e, movedSpans));
    expect(res.status).toBe('anchored');
    if (res.status === 'anchored') expect(moved.text.slice(res.start, res.end)).toBe('Số CCCD 001203004567 Điện thoại 0912 345 678');
  });
});

describe('anchoring after live DOM mutations', () => {
  it('follows text edited, rows inserted and markup wrapped by the page’s own script', () => {
    const doc = load(fixture('dossier-detail.html'));
    const desc = select(doc, buildTextModel(doc), 'Quá hạn 1 ngày do chờ xác minh');
    if (!desc) throw new Error('no description');
    const tbody = doc.querySelector('tbody');
    const row = doc.createElement('tr');
    row.innerHTML = '<td>Bổ sung</td><td>Ngô Thị Hoa</td><td>03/11/2025 08:45</td><td>03/11/2025 08:50</td><td>Quá hạn 1 ngày</td>';
    tbody?.prepend(row);
    const cell = Array.from(doc.querySelectorAll('td')).find((td) => td.textContent === 'Quá hạn 1 ngày do chờ xác minh');
    const text = cell?.firstChild;
    if (!cell || !text || text.nodeType !== 3) throw new Error('fixture changed');
    (text as Text).data = 'Quá hạn  1 ngày do chờ xác minh ';
    const b = doc.createElement('b');
    cell.prepend(b);
    b.append(doc.createTextNode('!'));
    const model = buildTextModel(doc);
    const res = anchor(model, desc.selectors, doc);
    expect(res.status).toBe('anchored');
    if (res.status === 'anchored') expect(model.text.slice(res.start, res.end)).toBe('Quá hạn 1 ngày do chờ xác minh');
  });
});

// ── Cases of the independent re-anchoring corpus (form-control spans, deleted quotes with lookalikes, edited originals
// with unedited copies, changed neighbours of a short unique quote) and captures across shadow roots ─────────────

/** Selectors for the first occurrence of `quote` in the page's model text (through the DOM, as a capture would). */
function capture(doc: Document, quote: string, occurrence = 0) {
  const desc = select(doc, buildTextModel(doc), quote, occurrence);
  if (!desc) throw new Error(`nothing described for ${quote}`);
  expect(desc.quote).toBe(quote);
  return desc;
}

/** Anchors `selectors` on `doc` and answers the text found, or null for an orphan. */
function anchoredText(doc: Document, selectors: Selector[]): { text: string | null; result: ReturnType<typeof anchor>; model: TextModel } {
  const model = buildTextModel(doc);
  const result = anchor(model, selectors, doc);
  return { text: result.status === 'anchored' ? model.text.slice(result.start, result.end) : null, result, model };
}

describe('re-anchoring corpus: spans inside form controls', () => {
  const page = (value: string, extra = '') =>
    `<body><h1>Chi tiết hồ sơ</h1>${extra}<div class="grid"><label>Ngày tiếp nhận</label><input type="text" readonly value="${value}"><label>Hẹn trả kết quả</label><input type="text" readonly value="19/11/2025 17:00"></div><textarea>Đã liên hệ người nộp qua điện thoại, hẹn bổ sung giấy tờ vào thứ Hai</textarea></body>`;

  it('describes part of a read-only input value and anchors it as the control with offsets in its value', () => {
    const doc = load(page('12/11/2025 08:15'));
    const input = doc.querySelector('input') as HTMLInputElement;
    const desc = describeControlSpan(buildTextModel(doc), input, 11, 16);
    expect(desc?.quote).toBe('08:15');
    expect(desc?.selectors.find((s) => s.type === 'CssSelector')).toBeDefined();
    const after = load(page('12/11/2025 08:15', '<p>Thông báo: hệ thống bảo trì lúc 22:00 tối nay.</p>'));
    const { text, result } = anchoredText(after, desc?.selectors ?? []);
    expect(text).toBe('08:15');
    if (result.status !== 'anchored') return;
    expect(result.control?.element).toBe(after.querySelector('input'));
    expect(result.control && { start: result.control.start, end: result.control.end }).toEqual({ start: 11, end: 16 });
  });

  it('anchors a span of a textarea value (whitespace of the value kept in the offsets) as the control and its offsets', () => {
    const doc = load(page('12/11/2025 08:15'));
    const area = doc.querySelector('textarea') as HTMLTextAreaElement;
    area.value = 'Đã liên hệ người nộp qua điện thoại,\n  hẹn bổ sung giấy tờ vào thứ Hai';
    const from = area.value.indexOf('hẹn bổ sung');
    area.setSelectionRange(from, from + 'hẹn bổ sung giấy tờ'.length);
    const desc = describeControlSelection(buildTextModel(doc), area);
    expect(desc?.quote).toBe('hẹn bổ sung giấy tờ');
    const { text, result } = anchoredText(doc, desc?.selectors ?? []);
    expect(text).toBe('hẹn bổ sung giấy tờ');
    if (result.status !== 'anchored') return;
    expect(result.control?.element).toBe(area);
    expect(area.value.slice(result.control?.start, result.control?.end)).toBe('hẹn bổ sung giấy tờ');
  });

  it('anchors a span of an edited input value at the control with the offsets of the edited text', () => {
    const doc = load(page('12/11/2025 08:15'));
    const desc = describeControlSpan(buildTextModel(doc), doc.querySelector('input') as Element, 0, 10);
    expect(desc?.quote).toBe('12/11/2025');
    const after = load(page('13/11/2025 08:15'));
    const { text, result } = anchoredText(after, desc?.selectors ?? []);
    expect(text).toBe('13/11/2025');
    if (result.status === 'anchored') expect(result.control).toMatchObject({ start: 0, end: 10 });
  });

  it('gives controlSpanOf nothing for a span outside a control or across two', () => {
    const doc = load(page('12/11/2025 08:15'));
    const model = buildTextModel(doc);
    const at = model.text.indexOf('Chi tiết');
    expect(controlSpanOf(model, at, at + 8)).toBeNull();
    const across = model.text.indexOf('08:15');
    expect(controlSpanOf(model, across, model.text.indexOf('19/11'))).toBeNull();
  });
});

describe('re-anchoring corpus: a deleted quote is an orphan, not a lookalike', () => {
  const page = (apology: string) => `<body>
    <section id="xin-loi"><h2>Xin lỗi và hẹn lại ngày trả</h2><dl><dt>Văn bản xin lỗi gửi người dân</dt><dd>${apology}</dd><dt>Hình thức gửi văn bản</dt><dd>Gửi qua bưu điện</dd></dl></section>
    <section id="bo-sung"><h2>Yêu cầu bổ sung hồ sơ</h2><dl><dt>Văn bản yêu cầu bổ sung gửi người nộp</dt><dd>Đã ban hành</dd><dt>Hình thức gửi thông báo</dt><dd>Nhắn tin qua Zalo</dd></dl></section>
  </body>`;

  it('leaves a deleted short quote orphan when a lookalike elsewhere agrees only about half', () => {
    const doc = load(page('Đã ban hành'));
    const desc = capture(doc, 'Đã ban hành');
    const after = load(page('Chưa có'));
    expect(anchoredText(after, desc.selectors).text).toBeNull();
  });

  it('leaves a deleted quote orphan when an approximate lookalike elsewhere agrees only about half', () => {
    const doc = load(page('Đã ban hành văn bản số 12'));
    const desc = capture(doc, 'Đã ban hành văn bản số 12');
    const after = load(page('Chưa có'));
    expect(anchoredText(after, desc.selectors).text).toBeNull();
  });

  it('still finds the quote moved elsewhere with its context (a section moved above another)', () => {
    const doc = load(page('Đã ban hành'));
    const desc = capture(doc, 'Đã ban hành');
    const moved = page('Đã ban hành').replace(/<section id="xin-loi">[\s\S]*?<\/section>/, '');
    const section = /<section id="xin-loi">[\s\S]*?<\/section>/.exec(page('Đã ban hành'))?.[0] ?? '';
    const after = load(moved.replace('</body>', `<p>Ghi chú thêm của cán bộ một cửa về hồ sơ này.</p>${section}</body>`));
    const { text, model, result } = anchoredText(after, desc.selectors);
    expect(text).toBe('Đã ban hành');
    if (result.status === 'anchored') expect(model.text.slice(result.start - 40, result.start)).toContain('Văn bản xin lỗi gửi người dân');
  });
});

describe('re-anchoring corpus: the edited original over an unedited copy elsewhere', () => {
  const page = (receipt: string) => `<body>
    <h2>Biên lai thu phí</h2><p>Số biên lai</p><input type="text" value="${receipt}"><p>Người thu: Trần Văn Bình</p>
    <h2>Lịch sử thao tác</h2><p>Số biên lai</p><p>BL-2025-00871</p><p>Người sửa: Lê Thị Cúc</p>
  </body>`;

  it('anchors the edited value where the CSS path and the context agree, not the old value copied elsewhere', () => {
    const doc = load(page('BL-2025-00871'));
    const desc = capture(doc, 'BL-2025-00871');
    const after = load(page('BL-2025-00872'));
    const { text, result } = anchoredText(after, desc.selectors);
    expect(text).toBe('BL-2025-00872');
    if (result.status === 'anchored') expect(result.control?.element).toBe(after.querySelector('input'));
  });

  it('anchors the edited text near its stored position when it has no CSS path (inside a shadow root)', () => {
    const html = (code: string) => `<body><h2>Lịch sử</h2><p>Mã biên nhận cũ</p><p>BN-2025-00433</p><p>Người lập: Lê Thị Cúc</p>
      <div id="card"><template shadowrootmode="open"><p>Mã biên nhận</p><p>${code}</p><p>Người lập: Trần Văn Bình</p></template></div></body>`;
    const doc = load(html('BN-2025-00433'));
    const desc = capture(doc, 'BN-2025-00433', 1);
    const selectors = desc.selectors.filter((s) => s.type !== 'CssSelector');
    const after = load(html('BN-2025-00434'));
    const { text, model, result } = anchoredText(after, selectors);
    expect(text).toBe('BN-2025-00434');
    if (result.status === 'anchored') expect(model.text.slice(result.end, result.end + 30)).toContain('Trần Văn Bình');
  });
});

describe('re-anchoring corpus: a short unique quote at its stored place whose neighbour changed', () => {
  const detail = (due: string, code = 'H49.30-251105-0012') =>
    `<body><table><tbody><tr><th>Mã hồ sơ</th><td>${code}</td></tr><tr><th>Ngày hẹn trả</th><td>${due}</td></tr><tr><th>Tình trạng</th><td>Trễ hạn</td></tr><tr><th>Ngày trả</th><td>21/11/2025 09:30</td></tr></tbody></table></body>`;

  it('accepts the quote at its stored place when a date in the neighbouring cell changed', () => {
    const desc = capture(load(detail('19/11/2025 17:00')), 'Trễ hạn');
    expect(anchoredText(load(detail('20/11/2025 17:00')), desc.selectors).text).toBe('Trễ hạn');
  });

  it('accepts the quote at its stored place when a code and a date around it changed', () => {
    const desc = capture(load(detail('19/11/2025 17:00')), 'Trễ hạn');
    expect(anchoredText(load(detail('20/11/2025 17:00', 'H49.30-251105-0013')), desc.selectors).text).toBe('Trễ hạn');
  });

  it('accepts a short unique quote of a definition list at its stored place when the code before it changed', () => {
    const dl = (code: string) => `<body><dl><dt>Mã hồ sơ</dt><dd>${code}</dd><dt>Kết quả</dt><dd>Từ chối</dd></dl><p>Lý do: thiếu giấy tờ.</p></body>`;
    const desc = capture(load(dl('000.00.12.H26-261120-0004')), 'Từ chối');
    expect(anchoredText(load(dl('000.00.12.H26-261120-0005')), desc.selectors).text).toBe('Từ chối');
  });

  it('still leaves orphan a list row deleted when the next row moves into its place with the same words', () => {
    const rows = (codes: string[]) =>
      `<body><table><tbody>${codes.map((c) => `<tr><td>${c}</td><td>${c.slice(-1)}2/11/2025 08:15</td><td>${c.endsWith('2') || c.endsWith('3') ? 'Trễ hạn' : 'Đúng hạn'}</td></tr>`).join('')}</tbody></table></body>`;
    const codes = ['H49.30-251105-0001', 'H49.30-251105-0002', 'H49.30-251105-0003', 'H49.30-251105-0004'];
    const desc = capture(load(rows(codes)), 'Trễ hạn');
    expect(anchoredText(load(rows(codes.filter((c) => !c.endsWith('2')))), desc.selectors).text).toBeNull();
  });
});

describe('captures across open shadow roots (describe → anchor)', () => {
  const page = `<body><section><h2>Người nộp hồ sơ</h2><p>Thông tin người nộp</p><hs-applicant-card><template shadowrootmode="open"><div class="grid"><div class="field"><div class="label">Họ và tên</div><div class="value">Nguyễn Văn An</div></div><div class="field"><div class="label">Năm sinh</div><div class="value">1990</div></div></div></template></hs-applicant-card><p>Địa chỉ liên hệ tại phường</p></section></body>`;

  /** A composed range (as `getComposedRanges` gives it) from `start` to `end` text nodes. */
  const composed = (start: Node, startOffset: number, end: Node, endOffset: number): AbstractRange =>
    ({ startContainer: start, startOffset, endContainer: end, endOffset, collapsed: false }) as AbstractRange;

  it('describes a selection inside the shadow root with the host’s CSS path and anchors it', () => {
    const doc = load(page);
    const root = doc.querySelector('hs-applicant-card')?.shadowRoot;
    const values = Array.from(root?.querySelectorAll('.value') ?? []);
    const name = values[0]?.firstChild;
    if (!name) throw new Error('no shadow text');
    const desc = describeRange(buildTextModel(doc), composed(name, 0, name, 'Nguyễn Văn'.length));
    expect(desc?.quote).toBe('Nguyễn Văn');
    const css = desc?.selectors.find((s) => s.type === 'CssSelector');
    expect(css?.type === 'CssSelector' && doc.querySelector(css.value)).toBe(doc.querySelector('hs-applicant-card'));
    expect(anchoredText(load(page), desc?.selectors ?? []).text).toBe('Nguyễn Văn');
  });

  it('describes a selection from the light DOM into the shadow root and out again, boundaries on elements too', () => {
    const doc = load(page);
    const host = doc.querySelector('hs-applicant-card');
    const label = doc.querySelector('section p')?.firstChild;
    const after = doc.querySelectorAll('section p')[1];
    const year = host?.shadowRoot?.querySelectorAll('.value')[1];
    if (!label || !after || !year) throw new Error('fixture');
    const into = describeRange(buildTextModel(doc), composed(label, 'Thông tin '.length, year, 1));
    expect(into?.quote).toBe('người nộp Họ và tên Nguyễn Văn An Năm sinh 1990');
    const across = describeRange(buildTextModel(doc), composed(year.firstChild as Node, 2, after.firstChild as Node, 'Địa chỉ'.length));
    expect(across?.quote).toBe('90 Địa chỉ');
    for (const d of [into, across]) expect(anchoredText(load(page), d?.selectors ?? []).text).toBe(d?.quote);
  });
});
