// Runs inside Chromium on the demo site's dossier list (bundled by bench/browser.ts): captures anchors the way the
// overlay's captures describe them, changes the page the way a dossier system does, and times the overlay's own
// re-anchoring pass (`anchorAll`, then the CSS highlight) over them. Exposed as `window.onestopBench`.
import type { PiiPatternName } from '@onestop/shared';
import { anchorAll, type StoredAnchor } from '../../extension/src/anchoring/anchor-all.ts';
import { describeSpan } from '../../extension/src/anchoring/describe.ts';
import { buildTextModel, elementSpan, normalizeText } from '../../extension/src/anchoring/text-model.ts';
import { patternSpans, redactSlice } from '../../extension/src/page/redact.ts';

interface Captured extends StoredAnchor {
  quote: string;
  /** The dossier code of the row it was captured in. */
  code: string;
}

export type Change = 'one-cell' | 'rerender' | 'insert-row';

export interface PassFigures {
  total: number;
  /** The page's text model. */
  model: number;
  anchor: number;
  highlight: number;
  /** Placed where their CSS path says. */
  byPath: number;
  anchored: number;
  orphans: number;
  /** Anchored, but not on the captured text of the captured row. */
  wrong: number;
  /** A few of the misplaced ones, for the log. */
  misplaced: string[];
  textLength: number;
}

const PATTERNS: PiiPatternName[] = ['citizen_id', 'phone', 'email'];
/** Cells captured in turn: procedure name, part of it, reception date, status, dossier code. */
const COLUMNS = [2, 2, 4, 7, 1] as const;

/** What a new dossier at the top of the list reads (the demo site's own vocabulary). */
const PROCEDURES = ['Thủ tục đăng ký khai sinh', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận', 'Đăng ký kết hôn'];
const APPLICANTS = ['Nguyễn Văn Bình', 'Trần Thị Mai', 'Lê Hoàng Nam', 'Phạm Thu Hà'];

let anchors: Captured[] = [];
let inserted = 0;

function rowsOf(doc: Document): HTMLTableRowElement[] {
  return Array.from(doc.querySelectorAll<HTMLTableRowElement>('tbody[data-list-body] tr'));
}

const codeOf = (row: Element | null | undefined) => row?.querySelector('a[href^="/ho-so/"]')?.textContent?.trim() ?? '';

/** Describes `count` cells spread over the list, as captures of a selection would. */
function capture(count: number): number {
  const model = buildTextModel(document);
  const rows = rowsOf(document);
  anchors = [];
  for (let i = 0; i < count; i++) {
    const row = rows[Math.floor((i * rows.length) / count)];
    const column = COLUMNS[i % COLUMNS.length] ?? 2;
    const cell = row?.cells[column];
    const span = cell ? elementSpan(model, cell) : null;
    if (!row || !cell || !span || span.end <= span.start) continue;
    let { start, end } = span;
    if (i % COLUMNS.length === 1) {
      // A few words out of the procedure's name, as a person selects them.
      const words = [...model.text.slice(start, end).matchAll(/\S+/g)];
      const from = words[1] ?? words[0];
      const to = words[Math.min(words.length - 1, 3)];
      if (from && to) {
        end = start + to.index + to[0].length;
        start += from.index;
      }
    }
    const desc = describeSpan(model, start, end, cell);
    // As the overlay captures them: with the dossier code of the row.
    if (desc) anchors.push({ id: `a${i}`, selectors: desc.selectors, quote: desc.quote, code: codeOf(row), record: codeOf(row) || null });
  }
  return anchors.length;
}

/** Changes the page like a dossier system does. */
function change(kind: Change): void {
  const body = document.querySelector('tbody[data-list-body]');
  if (!body) throw new Error('no dossier list on the page');
  const rows = rowsOf(document);
  if (kind === 'one-cell') {
    // A dossier is returned: its result date is filled in (a row between the captured ones).
    const row = rows[Math.floor(rows.length / 2) + 3];
    const cell = row?.cells[6];
    if (cell) cell.textContent = `23/11/2026 ${String(8 + (inserted++ % 10)).padStart(2, '0')}:00`;
  } else if (kind === 'rerender') {
    // The list is drawn again from the same data: every node is new.
    body.innerHTML = body.innerHTML;
  } else {
    // A new dossier arrives at the top (another applicant, received now) and the rows are numbered again.
    const first = rows[0];
    if (!first) return;
    const n = inserted++;
    const row = first.cloneNode(true) as HTMLTableRowElement;
    const link = row.querySelector('a[href^="/ho-so/"]');
    const code = `000.00.12.H26-261123-${String(9000 + n).padStart(4, '0')}`;
    if (link) {
      link.textContent = code;
      link.setAttribute('href', `/ho-so/${code}`);
    }
    const time = `${String(8 + (n % 9)).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}`;
    const cells = row.cells;
    if (cells[2]) cells[2].textContent = PROCEDURES[n % PROCEDURES.length] ?? '';
    if (cells[3]) cells[3].textContent = APPLICANTS[n % APPLICANTS.length] ?? '';
    if (cells[4]) cells[4].textContent = `23/11/2026 ${time}`;
    if (cells[5]) cells[5].textContent = `26/11/2026 ${time}`;
    if (cells[6]) cells[6].textContent = '';
    if (cells[7]) cells[7].innerHTML = '<span class="badge badge-blue">Mới tiếp nhận</span>';
    body.insertBefore(row, first);
    rowsOf(document).forEach((r, i) => {
      const stt = r.cells[0];
      if (stt) stt.textContent = String(i + 1);
    });
  }
}

/** One re-anchoring pass as the overlay runs it, with its correctness checked against what was captured. */
function reanchor(): PassFigures {
  const t0 = performance.now();
  const pass = anchorAll(document, anchors, {
    redaction: (model) => {
      const spans = patternSpans(model.text, PATTERNS);
      return (s, e) => redactSlice(model.text, s, e, spans, PATTERNS);
    },
  });
  const t1 = performance.now();
  // As the overlay does: one highlight holding every text anchor.
  (CSS.highlights as unknown as Map<string, Highlight>).set('onestop-evidence', new Highlight(...pass.ranges));
  const total = performance.now() - t0;
  // Checked after the clock: each anchor on its own text, in the row it was captured in.
  let wrong = 0;
  const misplaced: string[] = [];
  for (const a of anchors) {
    const place = pass.placed.get(a.id);
    if (!place) continue;
    const node = place.range ? place.range.startContainer : place.element;
    const row = (node?.nodeType === 1 ? (node as Element) : node?.parentElement)?.closest('tr');
    const got = place.range ? normalizeText(place.range.toString()) : '';
    if (got !== a.quote || codeOf(row) !== a.code) {
      wrong++;
      if (misplaced.length < 5) misplaced.push(`${place.via}: "${a.quote}" of ${a.code} → "${got}" of ${codeOf(row)}`);
    }
  }
  return {
    total,
    model: pass.ms.model,
    anchor: pass.ms.anchor,
    highlight: total - (t1 - t0),
    byPath: Array.from(pass.placed.values()).filter((p) => p.via === 'css').length,
    anchored: pass.placed.size,
    orphans: pass.orphans.length,
    wrong,
    misplaced,
    textLength: pass.textLength,
  };
}

(globalThis as { onestopBench?: unknown }).onestopBench = { capture, change, reanchor };
