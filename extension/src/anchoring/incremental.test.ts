// The incremental pass gives what a full pass gives: random page changes (cells edited, rows re-rendered, inserted,
// removed, hidden, a header re-rendered, text typed into a control) are applied to a dossier list, and after each batch
// the incremental pass's model, places, orphans and absent anchors are compared with `anchorAll` on the same page.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadHtml } from '../testing/fixtures.ts';
import { anchorAll, recordKey, type AnchorPass, type RecordArea, type StoredAnchor } from './anchor-all.ts';
import { describeRange } from './describe.ts';
import { IncrementalAnchoring } from './incremental.ts';
import { buildTextModel } from './text-model.ts';

const PROCEDURES = ['Thủ tục đăng ký khai sinh', 'Chứng thực chữ ký', 'Đăng ký kết hôn', 'Đăng ký  thường trú'];
const STATUSES = ['Đang xử lý', 'Đã trả kết quả', 'Trễ hạn'];
const code = (n: number) => `000.00.12.H26-261120-${String(n).padStart(4, '0')}`;

function rowHtml(n: number, variant = 0): string {
  return `<tr><td>${n}</td><td><a href="/ho-so/${n}">${code(n)}</a></td><td>${PROCEDURES[(n + variant) % PROCEDURES.length]}</td><td><span>${STATUSES[(n + variant) % STATUSES.length]}</span></td><td>2${n % 10}/11/2026</td></tr>`;
}

function page(rows: number): Document {
  return loadHtml(
    `<!doctype html><html><head><title>Hồ sơ</title></head><body><div class="app"><header><div>Hồ sơ mới nhất: <b>${code(1)}</b></div><div>Cập nhật 10:00:00</div></header>` +
      `<main><h1>Danh sách hồ sơ tiếp nhận và trả kết quả</h1><div class="filters"><label>Tìm kiếm</label> <input type="text" value="tìm"></div><table><tbody>${Array.from({ length: rows }, (_, i) => rowHtml(i + 1)).join('')}</tbody></table><p>Hiển thị ${rows} hồ sơ</p></main></div><footer>Phiên bản 3.8</footer></body></html>`,
  );
}

/** The page reading the overlay would pass: each row is the place of the code in its second cell. */
function records(doc: Document): Map<string, RecordArea[]> {
  const map = new Map<string, RecordArea[]>();
  for (const tr of Array.from(doc.querySelectorAll('tbody tr'))) {
    if (tr.closest('[hidden]')) continue;
    const c = tr.querySelector('a')?.textContent?.trim();
    if (!c) continue;
    map.set(recordKey(c), [...(map.get(recordKey(c)) ?? []), { element: tr }]);
  }
  return map;
}

function captureAll(doc: Document): StoredAnchor[] {
  const model = buildTextModel(doc);
  const out: StoredAnchor[] = [];
  Array.from(doc.querySelectorAll('tbody tr')).forEach((tr, i) => {
    const cell = tr.children[[2, 3, 4, 1][i % 4] ?? 2] as Element;
    const range = doc.createRange();
    range.selectNodeContents(cell);
    const desc = describeRange(model, range);
    if (desc) out.push({ id: `a${i}`, selectors: desc.selectors, record: tr.querySelector('a')?.textContent ?? null });
  });
  // One anchor of the page itself, without a record.
  const h1 = doc.querySelector('h1');
  if (h1) {
    const range = doc.createRange();
    range.selectNodeContents(h1);
    const desc = describeRange(model, range);
    if (desc) out.push({ id: 'page', selectors: desc.selectors, record: null });
  }
  return out;
}

type Change =
  | { kind: 'cell'; row: number; cell: number; text: string }
  | { kind: 'chardata'; row: number; text: string }
  | { kind: 'rerender'; row: number; variant: number }
  | { kind: 'insert'; row: number; n: number }
  | { kind: 'remove'; row: number }
  | { kind: 'hide'; row: number }
  | { kind: 'header'; text: string }
  | { kind: 'type'; text: string }
  | { kind: 'inline'; row: number; text: string }
  | { kind: 'move'; row: number };

const texts = fc.constantFrom('', ' ', 'Đang xử lý', 'Trễ hạn', '23/11/2026 08:00', 'Đăng ký kết hôn', 'x  y', code(7), 'Thủ tục', '  lề  ');

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), row: fc.nat(40), cell: fc.nat(4), text: texts }),
  fc.record({ kind: fc.constant('chardata' as const), row: fc.nat(40), text: texts }),
  fc.record({ kind: fc.constant('rerender' as const), row: fc.nat(40), variant: fc.nat(3) }),
  fc.record({ kind: fc.constant('insert' as const), row: fc.nat(40), n: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('remove' as const), row: fc.nat(40) }),
  fc.record({ kind: fc.constant('hide' as const), row: fc.nat(40) }),
  fc.record({ kind: fc.constant('header' as const), text: texts }),
  fc.record({ kind: fc.constant('type' as const), text: texts }),
  fc.record({ kind: fc.constant('inline' as const), row: fc.nat(40), text: texts }),
  fc.record({ kind: fc.constant('move' as const), row: fc.nat(40) }),
);

function apply(doc: Document, c: Change): void {
  const rows = Array.from(doc.querySelectorAll('tbody tr'));
  const row = 'row' in c ? rows[c.row % Math.max(1, rows.length)] : undefined;
  const tbody = doc.querySelector('tbody');
  const parse = (html: string) => doc.importNode(new DOMParser().parseFromString(`<table><tbody>${html}</tbody></table>`, 'text/html').querySelector('tr') as Element, true);
  switch (c.kind) {
    case 'cell': {
      const cell = row?.children[c.cell % 5];
      if (cell) cell.textContent = c.text;
      break;
    }
    case 'chardata': {
      const walker = row ? doc.createTreeWalker(row, NodeFilter.SHOW_TEXT) : null;
      const node = walker?.nextNode();
      if (node) (node as Text).data = c.text;
      break;
    }
    case 'rerender':
      if (row) row.replaceWith(parse(rowHtml(Number(row.firstElementChild?.textContent) || 1, c.variant)));
      break;
    case 'insert':
      tbody?.insertBefore(parse(rowHtml(c.n)), row ?? null);
      break;
    case 'remove':
      row?.remove();
      break;
    case 'hide':
      if (row) row.toggleAttribute('hidden');
      break;
    case 'header': {
      // Drawn again from scratch (new nodes), as the portal's header every 5 seconds.
      const header = doc.querySelector('header');
      const latest = doc.createElement('div');
      const b = doc.createElement('b');
      b.append(code(2));
      latest.append('Hồ sơ mới nhất: ', b);
      const clock = doc.createElement('div');
      clock.append(`Cập nhật ${c.text}`);
      header?.replaceChildren(latest, clock);
      break;
    }
    case 'type': {
      const input = doc.querySelector('input');
      if (input) input.value = c.text;
      break;
    }
    case 'inline': {
      const span = doc.createElement('span');
      span.textContent = c.text;
      row?.children[2]?.append(span);
      break;
    }
    case 'move':
      if (row && tbody) tbody.appendChild(row);
      break;
  }
}

/** A pass as data: each anchor's place (nodes and offsets), orphans and absent ones (`via` is the last pass's for a kept anchor). */
function summary(pass: AnchorPass) {
  const place = (r: Range | null) => (r ? [r.startContainer, r.startOffset, r.endContainer, r.endOffset] : null);
  return {
    placed: Array.from(pass.placed, ([id, p]) => ({ id, range: place(p.range), element: p.element })),
    ranges: pass.ranges.map(place),
    elements: pass.elements,
    orphans: pass.orphans,
    absent: pass.absent,
    textLength: pass.textLength,
  };
}

describe('IncrementalAnchoring', () => {
  it('gives the full pass\'s places after random changes', () => {
    const modes = { full: 0, incremental: 0 };
    const reasons: Record<string, number> = {};
    fc.assert(
      fc.property(fc.array(fc.array(change, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (batches) => {
        const doc = page(24);
        const anchors = captureAll(doc);
        const inc = new IncrementalAnchoring();
        const observer = new MutationObserver(() => undefined);
        observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['open', 'hidden', 'class', 'style', 'aria-hidden', 'value'] });
        try {
          inc.pass(doc, anchors, { records: records(doc) });
          for (const batch of batches) {
            for (const c of batch) apply(doc, c);
            inc.note(observer.takeRecords());
            const map = records(doc);
            const got = inc.pass(doc, anchors, { records: map });
            modes[got.mode]++;
            if (got.reason) reasons[got.reason] = (reasons[got.reason] ?? 0) + 1;
            expect(inc.text()).toBe(buildTextModel(doc).text);
            expect(summary(got)).toEqual(summary(anchorAll(doc, anchors, { records: map })));
          }
        } finally {
          observer.disconnect();
        }
      }),
      { numRuns: 60 },
    );
    // Many batches are incremental (a moved row, or a text after a change that reads differently, are full passes).
    expect(modes.incremental).toBeGreaterThan((modes.incremental + modes.full) / 3);
  }, 120_000);

  it('re-anchors nothing after an unrelated header re-render, and only the edited row after a cell edit', () => {
    const doc = page(40);
    const anchors = captureAll(doc);
    const inc = new IncrementalAnchoring();
    const observer = new MutationObserver(() => undefined);
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true, attributes: true });
    inc.pass(doc, anchors, { records: records(doc) });

    apply(doc, { kind: 'header', text: '10:00:05' });
    inc.note(observer.takeRecords());
    let pass = inc.pass(doc, anchors, { records: records(doc) });
    expect(pass.mode).toBe('incremental');
    // The page's own anchor reads the whole page; every record's anchor is kept.
    expect(pass.reanchored).toBe(1);

    // A status of the same length: nothing after it moves. The row's anchor, its neighbours whose context may read
    // it, and the page's anchor are anchored again.
    apply(doc, { kind: 'cell', row: 10, cell: 3, text: 'Quá hạn' });
    inc.note(observer.takeRecords());
    pass = inc.pass(doc, anchors, { records: records(doc) });
    expect(pass.mode).toBe('incremental');
    expect(pass.reanchored).toBeLessThanOrEqual(4);
    expect(summary(pass)).toEqual(summary(anchorAll(doc, anchors, { records: records(doc) })));
    observer.disconnect();
  });
});
