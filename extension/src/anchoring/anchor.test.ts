// Re-anchoring on realistic dossier-page changes (tests/fixtures/anchoring): each case selects a quote, describes
// it, edits the page's HTML and anchors the selectors against the new page.
import type { Selector } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { anchor } from './anchor.ts';
import { describeRange, describeSpan } from './describe.ts';
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
