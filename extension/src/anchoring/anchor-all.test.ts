// One re-anchoring pass over a dossier list: anchors described on the list find their own rows again after a row is
// inserted above them (every structural CSS path then names another row), a deleted row's anchor is an orphan, and
// redaction is computed only when a masked quote asks for it.
import type { Selector } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { loadHtml } from '../testing/fixtures.ts';
import { anchorAll, type StoredAnchor } from './anchor-all.ts';
import { describeRange } from './describe.ts';
import { buildTextModel } from './text-model.ts';

const PROCEDURES = ['Thủ tục đăng ký khai sinh', 'Chứng thực chữ ký trong các giấy tờ, văn bản', 'Đăng ký kết hôn'];

function row(n: number): string {
  const code = `000.00.12.H26-261120-${String(n).padStart(4, '0')}`;
  return `<tr><td>${n}</td><td><a href="/ho-so/${code}">${code}</a></td><td>${PROCEDURES[n % PROCEDURES.length]}</td><td>Đang xử lý</td></tr>`;
}

function list(rows: number): Document {
  return loadHtml(`<!doctype html><html><head><title>Hồ sơ</title></head><body><table><tbody>${Array.from({ length: rows }, (_, i) => row(i + 1)).join('')}</tbody></table></body></html>`);
}

/** Describes the procedure cell of every `step`-th row, as a capture of that cell's text would. */
function captureProcedures(doc: Document, step: number): (StoredAnchor & { code: string; quote: string })[] {
  const model = buildTextModel(doc);
  return Array.from(doc.querySelectorAll('tbody tr'))
    .filter((_, i) => i % step === 0)
    .map((tr, i) => {
      const cell = tr.children[2] as Element;
      const range = doc.createRange();
      range.selectNodeContents(cell);
      const desc = describeRange(model, range);
      if (!desc) throw new Error('nothing described');
      return { id: `a${i}`, selectors: desc.selectors, code: tr.querySelector('a')?.textContent ?? '', quote: desc.quote };
    });
}

const rowCodeAt = (doc: Document, range: Range) => (range.startContainer.parentElement?.closest('tr')?.querySelector('a')?.textContent ?? null);

describe('anchorAll', () => {
  it('finds every anchor in its own row again after a row is inserted above', () => {
    const doc = list(60);
    const anchors = captureProcedures(doc, 3);
    expect(anchors).toHaveLength(20);
    const parsed = new DOMParser().parseFromString(`<table><tbody>${row(999)}</tbody></table>`, 'text/html');
    const tbody = doc.querySelector('tbody');
    const inserted = parsed.querySelector('tr');
    if (!tbody || !inserted) throw new Error('no row');
    tbody.insertBefore(doc.importNode(inserted, true), tbody.firstElementChild);
    expect(doc.querySelector('tbody tr a')?.textContent).toBe('000.00.12.H26-261120-0999');

    const pass = anchorAll(doc, anchors);
    expect(pass.orphans).toEqual([]);
    expect(pass.ranges).toHaveLength(anchors.length);
    anchors.forEach((a, i) => {
      const range = pass.ranges[i];
      if (!range) throw new Error(`no range for ${a.id}`);
      expect(range.toString()).toBe(a.quote);
      expect(rowCodeAt(doc, range)).toBe(a.code);
    });
    // Every CSS path now names the row above: the context found them.
    expect(new Set(Array.from(pass.placed.values(), (p) => p.via))).not.toContain('css');
  });

  it('answers orphan for an anchor whose row is gone, and keeps the others', () => {
    const doc = list(30);
    const anchors = captureProcedures(doc, 10);
    // The second anchor's row (row 11) is deleted; its procedure text is still on the page in other rows.
    doc.querySelectorAll('tbody tr')[10]?.remove();
    const pass = anchorAll(doc, anchors);
    expect(pass.orphans).toEqual(['a1']);
    expect(Array.from(pass.placed.keys()).sort()).toEqual(['a0', 'a2']);
  });

  it('follows an anchor captured in a row to wherever its record moves, and never onto another record\'s row', () => {
    const doc = list(12);
    const anchors = captureProcedures(doc, 3).map((a) => ({ ...a, record: a.code }));
    const tbody = doc.querySelector('tbody');
    const rows = () => Array.from(doc.querySelectorAll('tbody tr'));
    // The list is sorted anew: the second anchor's row goes to the end, away from the rows its context named.
    const moved = rows()[3];
    if (!tbody || !moved) throw new Error('no rows');
    tbody.appendChild(moved);
    let pass = anchorAll(doc, anchors);
    expect(pass.orphans).toEqual([]);
    for (const a of anchors) {
      const range = pass.placed.get(a.id)?.range;
      expect(range ? rowCodeAt(doc, range) : null).toBe(a.code);
      expect(range?.toString()).toBe(a.quote);
    }
    // Then it leaves the list: an orphan, though rows reading the same procedure remain.
    moved.remove();
    pass = anchorAll(doc, anchors);
    expect(pass.orphans).toEqual(['a1']);
    for (const [id, place] of pass.placed) expect(place.range ? rowCodeAt(doc, place.range) : null).toBe(anchors.find((x) => x.id === id)?.code);
  });

  it('without a record, an anchor that has only a quote, a position and a path lands on a lookalike row', () => {
    const doc = list(12);
    const bare = captureProcedures(doc, 3).map((a) => ({
      ...a,
      selectors: [...a.selectors.filter((s) => s.type !== 'TextQuoteSelector'), { type: 'TextQuoteSelector', exact: a.quote } satisfies Selector],
    }));
    doc.querySelectorAll('tbody tr')[3]?.remove();
    const blind = anchorAll(doc, bare).placed.get('a1')?.range;
    expect(blind).toBeDefined();
    expect(blind ? rowCodeAt(doc, blind) : null).not.toBe(bare[1]?.code);
    expect(anchorAll(doc, bare.map((a) => ({ ...a, record: a.code }))).orphans).toEqual(['a1']);
  });

  it('computes redaction only for masked quotes', () => {
    const doc = list(10);
    const anchors = captureProcedures(doc, 2);
    let built = 0;
    const redaction = () => {
      built++;
      return () => '';
    };
    expect(anchorAll(doc, anchors, { redaction }).orphans).toEqual([]);
    expect(built).toBe(0);
  });
});
