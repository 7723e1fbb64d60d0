// Evidence belongs to a dossier, not to a URL (issue 12): on fixture screens of a hash-routed portal with short
// numeric ids (tests/fixtures/anchoring/portal-*.html), evidence is captured with the record of the place it was
// captured in (its row, its modal, its page) and re-anchored only where that dossier shows: never on another
// dossier's row, modal or page, found again on its own dossier's row, detail page, modal and receipt, and an orphan
// only where its dossier is on screen without the quote. Record codes match as whole tokens, never as substrings.
import { SiteProfileSchema, type SiteProfile } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { readPage, type DossierScope, type PageReading } from '../page/profile-reader.ts';
import { fixtureText, loadFixture, loadHtml } from '../testing/fixtures.ts';
import { anchorAll, indexOfToken, recordKey, sameDossier, type AnchorPass, type StoredAnchor } from './anchor-all.ts';
import { describeRange } from './describe.ts';
import { buildTextModel } from './text-model.ts';

const portal = (): SiteProfile => SiteProfileSchema.parse(JSON.parse(fixtureText('portal-profile.json')));
const APP = 'http://127.0.0.1:8799/app/';

interface Captured extends StoredAnchor {
  quote: string;
}

/** Captures an element's text as the overlay does: its selectors, and the record of the place holding it. */
function capture(doc: Document, reading: PageReading, el: Element | null, id: string): Captured {
  if (!el) throw new Error(`nothing to capture for ${id}`);
  const range = doc.createRange();
  range.selectNodeContents(el);
  const desc = describeRange(buildTextModel(doc), range);
  if (!desc) throw new Error(`nothing described for ${id}`);
  return { id, selectors: desc.selectors, record: reading.dossierAt(el)?.code ?? null, quote: desc.quote };
}

/** The dossiers on screen by record key, as the overlay passes them to `anchorAll`. */
function onScreen(reading: PageReading): Map<string, DossierScope[]> {
  const map = new Map<string, DossierScope[]>();
  for (const d of reading.dossiers) map.set(recordKey(d.code), [...(map.get(recordKey(d.code)) ?? []), d]);
  return map;
}

/** Where each placed anchor landed: the dossier of its place, and the kind of place. */
function landings(reading: PageReading, pass: AnchorPass): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, p] of pass.placed) {
    const node = p.range?.startContainer ?? p.element;
    const el = node?.nodeType === 1 ? (node as Element) : (node?.parentElement ?? null);
    const scope = el ? reading.dossierAt(el) : null;
    out[id] = scope ? `${scope.code} ${scope.kind}` : 'nowhere';
  }
  return out;
}

const pass = (doc: Document, reading: PageReading, anchors: StoredAnchor[]) => anchorAll(doc, anchors, { records: onScreen(reading) });

const cell = (doc: Document, code: string, column: number) =>
  Array.from(doc.querySelectorAll('tbody tr')).find((tr) => tr.children[1]?.textContent === code)?.children[column] ?? null;

function show(doc: Document, screen: string): void {
  const app = doc.getElementById('app');
  const tpl = doc.getElementById(screen) as HTMLTemplateElement | null;
  if (!app || !tpl) throw new Error(`no screen ${screen}`);
  app.replaceChildren(doc.importNode(tpl.content, true));
}

describe('record codes', () => {
  it.each([
    ['Mã đơn: 6', '6', 8],
    ['2026', '6', -1],
    ['Ngày nộp 12/06/2026', '6', -1],
    ['Ngày nộp 12/06/2026', '12', -1],
    ['Ngày nộp 12/06/2026', '2026', -1],
    ['mục 6.1', '6', -1],
    ['000.00.12.H26-261120-0006', '6', -1],
    ['000.00.12.H26-261120-0006', '0006', -1],
    ['Đơn 6, 10 và 12', '6', 4],
    ['Đơn 4,5 ha', '4', -1],
    ['Mã đơn:22.', '22', 7],
    ['Hồ sơ Đ6', '6', -1],
    ['(22) Chứng thực', '22', 1],
    ['Hồ sơ 000.00.12.H26-261120-0003 đã trả', '000.00.12.H26-261120-0003', 6],
    ['Hồ sơ 000.00.12.H26-261120-00031', '000.00.12.H26-261120-0003', -1],
  ])('finds %j → %j as a whole token at %i', (text, token, at) => {
    expect(indexOfToken(text, token)).toBe(at);
  });

  it('compares records as the code field reads them, and dossier codes typed by a person case aside', () => {
    expect(recordKey(' 000.00.12.H26-261120-0003 ')).toBe('000.00.12.H26-261120-0003');
    expect(sameDossier('000.00.12.h26-261120-0003', '000.00.12.H26-261120-0003')).toBe(true);
    expect(sameDossier('6', '26')).toBe(false);
    expect(sameDossier('22', '2')).toBe(false);
  });
});

describe('evidence belongs to its dossier', () => {
  it('short numeric ids next to years: evidence of 4 and 6 never lands on 10 or 12 when the list changes', () => {
    const doc = loadFixture('portal-short-ids.html');
    let reading = readPage(doc, `${APP}#/don`, portal());
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind} ${d.row}`)).toEqual(['4 row 1', '6 row 2', '10 row 3', '12 row 4', '22 row 5']);
    // The header's "Đơn mới nhất: 22" is text, not a dossier of the page.
    expect(reading.dossierCode).toBeNull();
    const anchors = [
      capture(doc, reading, cell(doc, '4', 2), 'a4'),
      capture(doc, reading, cell(doc, '6', 2), 'a6'),
      capture(doc, reading, cell(doc, '6', 4), 'a6-due'),
      capture(doc, reading, cell(doc, '12', 2), 'a12'),
    ];
    expect(anchors.map((a) => a.record)).toEqual(['4', '6', '6', '12']);
    expect(landings(reading, pass(doc, reading, anchors))).toEqual({ a4: '4 row', a6: '6 row', 'a6-due': '6 row', a12: '12 row' });

    // Another tab of the list: only 10 and 12, renumbered; both read the same procedures and dates as 4 and 6.
    const tbody = doc.querySelector('tbody');
    if (!tbody) throw new Error('no tbody');
    for (const tr of Array.from(tbody.children)) if (['4', '6', '22'].includes(tr.children[1]?.textContent ?? '')) tr.remove();
    Array.from(tbody.children).forEach((tr, i) => ((tr.children[0] as Element).textContent = String(i + 1)));
    reading = readPage(doc, `${APP}#/don?tab=dang-xu-ly`, portal());
    const after = pass(doc, reading, anchors);
    expect(landings(reading, after)).toEqual({ a12: '12 row' });
    expect(after.orphans).toEqual([]);
    expect(after.absent.sort()).toEqual(['a4', 'a6', 'a6-due']);

    // Without a page reading the record is looked for in the text as a whole token: "4" is not in "14/03/2026".
    const blind = anchorAll(doc, anchors);
    expect(landings(reading, blind)).toEqual({ a12: '12 row' });
  });

  it('a modal without a role is the scope of its own code: another dossier\'s evidence never lands on it', () => {
    const doc = loadFixture('portal-modal.html');
    const reading = readPage(doc, `${APP}#/don`, portal());
    const overlay = doc.querySelector('.overlay');
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind}`)).toEqual(['5 row', '22 row', '25 row', '5 modal']);
    expect(reading.dossiers.find((d) => d.kind === 'modal')?.element).toBe(overlay);
    expect(reading.dossierCode).toBe('5');
    // Inside the modal everything is dossier 5's, its "Mã đơn:" label too.
    const modalProcedure = Array.from(doc.querySelectorAll('.overlay .font-medium')).find((e) => e.textContent === 'Chứng thực bản sao') ?? null;
    const modalLabel = Array.from(doc.querySelectorAll('.overlay div')).find((e) => e.textContent === 'Mã đơn:') ?? null;
    const modalNote = Array.from(doc.querySelectorAll('.overlay .font-medium')).find((e) => e.textContent === 'Đã đối chiếu bản chính') ?? null;
    const anchors = [
      capture(doc, reading, cell(doc, '22', 2), 'row22'),
      capture(doc, reading, cell(doc, '22', 1), 'code22'),
      capture(doc, reading, cell(doc, '5', 2), 'row5'),
      capture(doc, reading, modalProcedure, 'modal5'),
      capture(doc, reading, modalLabel, 'label5'),
      capture(doc, reading, modalNote, 'note5'),
    ];
    expect(anchors.map((a) => a.record)).toEqual(['22', '22', '5', '5', '5', '5']);
    const open = pass(doc, reading, anchors);
    expect(open.orphans).toEqual([]);
    expect(landings(reading, open)).toEqual({ row22: '22 row', code22: '22 row', row5: '5 row', modal5: '5 modal', label5: '5 modal', note5: '5 modal' });
    // Every place of dossier 5 that reads a quote shows it (its row and its modal), and no place of another dossier.
    const where = open.ranges.map((r) => {
      const el = r.startContainer.parentElement;
      return el ? `${reading.dossierAt(el)?.code} ${reading.dossierAt(el)?.kind}` : 'nowhere';
    });
    expect(where.sort()).toEqual(['22 row', '22 row', '5 modal', '5 modal', '5 modal', '5 modal', '5 row', '5 row']);

    // Dossier 22 leaves the list (filtered out) while the modal of 5 stays open: its evidence is not shown anywhere.
    cell(doc, '22', 1)?.parentElement?.remove();
    const filtered = readPage(doc, `${APP}#/don`, portal());
    const f = pass(doc, filtered, anchors);
    expect(f.absent.sort()).toEqual(['code22', 'row22']);
    expect(Object.values(landings(filtered, f)).every((where) => where.startsWith('5 '))).toBe(true);

    // The modal closes: what was captured in it finds dossier 5's row; the note, shown only in the modal, is an
    // orphan of dossier 5, which is on screen (row 1).
    overlay?.remove();
    const closed = readPage(doc, `${APP}#/don`, portal());
    const c = pass(doc, closed, anchors);
    expect(landings(closed, c)).toEqual({ row5: '5 row', modal5: '5 row' });
    expect(c.orphans.sort()).toEqual(['label5', 'note5']);
    expect(onScreen(closed).get('5')?.map((d) => `${d.kind} ${d.row}`)).toEqual(['row 1']);
  });

  it('a receipt (a two-column table with the code above it) keeps its own dossier\'s evidence, whatever the header shows', () => {
    const doc = loadFixture('portal-receipt.html');
    const url = `${APP}#/bien-nhan/13`;
    const reading = readPage(doc, url, portal());
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind}`)).toEqual(['000.35.24.H26-260312-0013 page']);
    expect(reading.dossierCode).toBe('000.35.24.H26-260312-0013');
    const due = Array.from(doc.querySelectorAll('.receipt td')).find((td) => td.textContent === '16/03/2026 08:15') ?? null;
    const procedure = Array.from(doc.querySelectorAll('.receipt td')).find((td) => td.textContent === 'Đăng ký khai sinh') ?? null;
    const anchors = [capture(doc, reading, due, 'due'), capture(doc, reading, procedure, 'procedure')];
    expect(anchors.map((a) => a.record)).toEqual(['000.35.24.H26-260312-0013', '000.35.24.H26-260312-0013']);
    // Captured in the table's rows, which do not show the code: found, not orphaned at once.
    const again = pass(doc, readPage(doc, url, portal()), anchors);
    expect(again.orphans).toEqual([]);
    expect(landings(reading, again)).toEqual({ due: '000.35.24.H26-260312-0013 page', procedure: '000.35.24.H26-260312-0013 page' });
    // The header's latest dossier is text of the page, not a dossier on it; a capture there has no record.
    const header = doc.querySelector('header b');
    expect(header?.textContent).toBe('000.35.24.H26-260326-0031');
    expect(header ? reading.dossierAt(header) : 'none').toBeNull();
  });

  it('a header showing another dossier\'s code and status does not make the page about that dossier', () => {
    // Dossier 22's evidence, captured on its list row.
    let doc = loadFixture('portal-modal.html');
    let reading = readPage(doc, `${APP}#/don`, portal());
    const of22 = [capture(doc, reading, cell(doc, '22', 2), 'procedure22')];
    const ofModal5 = [capture(doc, reading, Array.from(doc.querySelectorAll('.overlay .font-medium')).find((e) => e.textContent === 'Chứng thực bản sao') ?? null, 'modal5')];

    // Dossier 5's detail page, whose re-rendered header reads "Hồ sơ mới nhất: 22 · Chứng thực bản sao · Đang xử lý".
    doc = loadFixture('portal-detail-header.html');
    reading = readPage(doc, `${APP}#/don/5`, portal());
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind}`)).toEqual(['5 page']);
    expect(reading.dossiers[0]?.element.localName).toBe('main');
    const p = pass(doc, reading, [...of22, ...ofModal5]);
    expect(p.absent).toEqual(['procedure22']);
    expect(p.orphans).toEqual([]);
    // Dossier 5's own evidence (captured in its modal on the list) shows in its page, not in the header.
    expect(landings(reading, p)).toEqual({ modal5: '5 page' });
    expect(p.placed.get('modal5')?.range?.startContainer.parentElement?.closest('main')).not.toBeNull();

    // Without a root the page is the body minus its header and navigation bars.
    const bare = SiteProfileSchema.parse({ ...portal(), pages: portal().pages.map((pg) => ({ ...pg, root: undefined })) });
    reading = readPage(doc, `${APP}#/don/5`, bare);
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind} ${d.element.localName}`)).toEqual(['5 page body']);
    expect(reading.dossiers[0]?.exclude.map((e) => e.localName)).toEqual(['header']);
    const b = pass(doc, reading, [...of22, ...ofModal5]);
    expect(b.placed.get('modal5')?.range?.startContainer.parentElement?.closest('header')).toBeNull();
    const latest = doc.querySelector('header .latest');
    expect(latest ? reading.dossierAt(latest) : 'none').toBeNull();
  });

  it('hash-routed screens on one URL path: a dossier\'s evidence shows on its row, detail and receipt, and nowhere else', () => {
    const doc = loadFixture('portal-hash-routes.html');
    show(doc, 'screen-list');
    let reading = readPage(doc, `${APP}#/don`, portal());
    const anchors = [capture(doc, reading, cell(doc, '4', 2), 'procedure4'), capture(doc, reading, cell(doc, '4', 3), 'due4'), capture(doc, reading, cell(doc, '40', 2), 'procedure40')];
    expect(anchors.map((a) => a.record)).toEqual(['4', '4', '40']);

    show(doc, 'screen-detail-4');
    reading = readPage(doc, `${APP}#/don/4`, portal());
    let p = pass(doc, reading, anchors);
    expect(landings(reading, p)).toEqual({ procedure4: '4 page', due4: '4 page' });
    expect(p.absent).toEqual(['procedure40']);

    // Dossier 10 reads the same procedure; none of 4's or 40's evidence shows, nor is listed as an orphan.
    show(doc, 'screen-detail-10');
    reading = readPage(doc, `${APP}#/don/10`, portal());
    p = pass(doc, reading, anchors);
    expect(p.placed.size).toBe(0);
    expect(p.orphans).toEqual([]);
    expect(p.absent.sort()).toEqual(['due4', 'procedure4', 'procedure40']);

    // The receipt of 4 (a two-column table, the code above it): the procedure and the due date are there, in other
    // places and other wordings ("06/03/2026 16:00").
    show(doc, 'screen-receipt-4');
    reading = readPage(doc, `${APP}#/bien-nhan/4`, portal());
    p = pass(doc, reading, anchors);
    expect(landings(reading, p)).toEqual({ procedure4: '4 page', due4: '4 page' });
    expect(p.placed.get('due4')?.range?.toString()).toBe('06/03/2026');
    expect(p.absent).toEqual(['procedure40']);

    // The list again, where 4's row no longer shows a due date: an orphan of dossier 4, seen on the list's row 1.
    show(doc, 'screen-list');
    const due = cell(doc, '4', 3);
    if (due) due.textContent = '—';
    reading = readPage(doc, `${APP}#/don`, portal());
    p = pass(doc, reading, anchors);
    expect(p.orphans).toEqual(['due4']);
    expect(onScreen(reading).get('4')?.map((d) => `${d.kind} ${d.row}`)).toEqual(['row 1']);
    expect(landings(reading, p)).toEqual({ procedure4: '4 row', procedure40: '40 row' });
  });

  it('keeps a record-less anchor (no dossier on screen at capture) to the anchoring without scopes', () => {
    const doc = loadHtml('<!doctype html><html><body><main><h1>Danh mục thủ tục</h1><p>Đăng ký khai sinh: 5 ngày làm việc</p></main></body></html>');
    const reading = readPage(doc, `${APP}#/thu-tuc`, portal());
    expect(reading.dossiers).toEqual([]);
    const a = capture(doc, reading, doc.querySelector('p'), 'free');
    expect(a.record).toBeNull();
    const p = pass(doc, reading, [a]);
    expect(p.placed.has('free')).toBe(true);
  });
});
