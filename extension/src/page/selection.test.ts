// The inspector's current selection: a span of a focused (read-only) input, a composed range across open shadow roots
// (getComposedRanges given the roots on the path; the fallback without it), nothing for a frame, and never an error.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anchor } from '../anchoring/anchor.ts';
import { describeControlSpan, describeRange } from '../anchoring/describe.ts';
import { buildTextModel } from '../anchoring/text-model.ts';
import { loadHtml } from '../testing/fixtures.ts';
import { controlSpanRect, currentSelection, deepActiveElement, openShadowRoots } from './selection.ts';

const PAGE = `<body><h1>Thông tin hồ sơ</h1><p id="before">Người nộp hồ sơ</p>
  <hs-applicant-card><template shadowrootmode="open"><div class="field"><div class="label">Họ và tên</div><div class="value">Nguyễn Văn An</div></div></template></hs-applicant-card>
  <div><label>Ngày tiếp nhận</label><input type="text" readonly value="12/11/2025 08:15"></div>
  <onestop-overlay></onestop-overlay></body>`;


afterEach(() => {
  vi.restoreAllMocks();
  delete (Selection.prototype as unknown as { getComposedRanges?: unknown }).getComposedRanges;
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.getSelection()?.removeAllRanges();
});

describe('currentSelection', () => {
  it('answers the span of a focused read-only input, which the page’s Selection does not see', () => {
    const doc = loadHtml(PAGE);
    const input = doc.querySelector('input') as HTMLInputElement;
    input.focus();
    input.setSelectionRange(11, 16);
    expect(deepActiveElement(doc)).toBe(input);
    const sel = currentSelection(doc);
    expect(sel).toMatchObject({ kind: 'control', control: input, start: 11, end: 16 });
    if (sel.kind !== 'control') return;
    const desc = describeControlSpan(buildTextModel(doc), sel.control, sel.start, sel.end);
    expect(desc?.quote).toBe('08:15');
    const model = buildTextModel(doc);
    const res = anchor(model, desc?.selectors ?? [], doc);
    expect(res).toMatchObject({ status: 'anchored', control: { element: input, start: 11, end: 16 } });
  });

  it('passes the open shadow roots on the path to getComposedRanges and answers the composed range', () => {
    const doc = loadHtml(PAGE);
    const host = doc.querySelector('hs-applicant-card') as HTMLElement;
    const shadowText = host.shadowRoot?.querySelector('.value')?.firstChild as Text;
    const lightText = doc.getElementById('before')?.firstChild as Text;
    // The document's Selection as Chromium reports it: the part in the document's own tree.
    const range = doc.createRange();
    range.setStart(lightText, 'Người nộp '.length);
    range.setEndAfter(host);
    doc.getSelection()?.removeAllRanges();
    doc.getSelection()?.addRange(range);
    const seen: ShadowRoot[][] = [];
    (Selection.prototype as unknown as { getComposedRanges?: unknown }).getComposedRanges = function (opts: { shadowRoots?: ShadowRoot[] }) {
      seen.push(opts.shadowRoots ?? []);
      return [{ startContainer: lightText, startOffset: 'Người nộp '.length, endContainer: shadowText, endOffset: 'Nguyễn Văn'.length, collapsed: false }];
    };
    const overlay = doc.querySelector('onestop-overlay') as HTMLElement;
    overlay.attachShadow({ mode: 'open' }).innerHTML = '<div>overlay</div>';
    const sel = currentSelection(doc, { exclude: overlay });
    expect(seen[0]).toContain(host.shadowRoot);
    expect(seen[0]).not.toContain(overlay.shadowRoot);
    expect(sel.kind).toBe('range');
    if (sel.kind !== 'range') return;
    const desc = describeRange(buildTextModel(doc), sel.range);
    expect(desc?.quote).toBe('hồ sơ Họ và tên Nguyễn Văn');
    const model = buildTextModel(doc);
    const res = anchor(model, desc?.selectors ?? [], doc);
    expect(res.status === 'anchored' && model.text.slice(res.start, res.end)).toBe('hồ sơ Họ và tên Nguyễn Văn');
  });

  it('falls back to the page’s range when getComposedRanges is missing', () => {
    const doc = loadHtml(PAGE);
    const text = doc.querySelector('h1')?.firstChild as Text;
    const range = doc.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 'Thông tin'.length);
    doc.getSelection()?.removeAllRanges();
    doc.getSelection()?.addRange(range);
    const sel = currentSelection(doc);
    expect(sel.kind).toBe('range');
    if (sel.kind === 'range') expect(describeRange(buildTextModel(doc), sel.range)?.quote).toBe('Thông tin');
  });

  it('collects nested open shadow roots under the selection', () => {
    const doc = loadHtml(`<body><div id="outer"><template shadowrootmode="open"><p>a</p></template></div></body>`);
    const outer = doc.getElementById('outer') as HTMLElement;
    const inner = doc.createElement('x-inner');
    inner.attachShadow({ mode: 'open' }).innerHTML = '<p>b</p>';
    outer.shadowRoot?.append(inner);
    const range = doc.createRange();
    range.selectNode(outer);
    doc.getSelection()?.removeAllRanges();
    doc.getSelection()?.addRange(range);
    const roots = openShadowRoots(doc, doc.getSelection() as Selection);
    expect(roots).toEqual(expect.arrayContaining([outer.shadowRoot, inner.shadowRoot]));
  });

  it('answers nothing, without throwing, for a frame, a collapsed selection or a throwing Selection', () => {
    const doc = loadHtml(`<body><p>Trang</p></body>`);
    expect(currentSelection(doc)).toEqual({ kind: 'none', reason: 'empty' });
    // (A focused cross-origin iframe; happy-dom does not load frames, so the focus is faked.)
    vi.spyOn(doc, 'activeElement', 'get').mockReturnValue(doc.createElement('iframe'));
    expect(currentSelection(doc)).toEqual({ kind: 'none', reason: 'frame' });
    vi.restoreAllMocks();
    vi.spyOn(doc, 'getSelection').mockImplementation(() => {
      throw new Error('boom');
    });
    expect(currentSelection(doc)).toEqual({ kind: 'none', reason: 'empty' });
  });

  it('gives no measured box for a textarea or without a canvas (the control’s own box is used then)', () => {
    const doc = loadHtml('<body><textarea>abc</textarea><input value="abc"></body>');
    expect(controlSpanRect(doc.querySelector('textarea') as Element, 0, 1)).toBeNull();
    const rect = controlSpanRect(doc.querySelector('input') as Element, 0, 1);
    expect(rect === null || rect.width >= 0).toBe(true);
  });
});
