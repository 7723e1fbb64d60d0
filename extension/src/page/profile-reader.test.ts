// Profile reading on fixture pages: page recognition (URL, heading, dialog heading, text), locators (column with a
// two-row header, label with alternative wordings, input, attribute), regex, date format and value maps, bindings.
import { describe, expect, it } from 'vitest';
import { SiteProfileSchema, type SiteProfile, type SiteProfileInput } from '@onestop/shared';
import { fixtureProfile, loadFixture, loadHtml } from '../testing/fixtures.ts';
import { fieldsForEvidence, readPage, recognizePages, redactPageUrl, valueReader, type PageReading } from './profile-reader.ts';

const LIST_URL = 'http://127.0.0.1:8798/ho-so?size=20';
const DETAIL_URL = 'http://127.0.0.1:8798/ho-so/H49.30-251103-0007';

describe('profile reader', () => {
  it('recognises the list, the tracking book and the quick-view dialog on one page', () => {
    const doc = loadFixture('dossier-list.html');
    const ids = recognizePages(doc, LIST_URL, fixtureProfile()).map((p) => p.page.id);
    expect(ids).toEqual(['list', 'book', 'quick-view']);
  });

  it('does not take a page whose URL or heading differs', () => {
    const doc = loadFixture('dossier-list.html');
    expect(recognizePages(doc, 'http://127.0.0.1:8798/thu-tuc', fixtureProfile()).map((p) => p.page.id)).toEqual(['quick-view']);
    doc.querySelector('[role="dialog"]')?.setAttribute('hidden', '');
    expect(recognizePages(doc, 'http://127.0.0.1:8798/thu-tuc', fixtureProfile())).toEqual([]);
  });

  it.each([
    ['dossier_code', ['000.00.62.H49-251103-0001', '000.00.62.H49-251103-0002', '000.00.62.H49-251104-0001']],
    ['due_at', ['2025-11-05T10:00:00.000Z', '2025-11-03T09:00:00.000Z', '2025-11-07T03:40:00.000Z']],
    ['returned_at', ['2025-11-07T03:30:00.000Z', '2025-11-03T08:10:00.000Z', null]],
    ['status', ['returned', 'returned', 'processing']],
  ])('reads the %s column, one value per row', (name, values) => {
    const doc = loadFixture('dossier-list.html');
    const reading = readPage(doc, LIST_URL, fixtureProfile());
    const read = reading.reads.find((r) => r.name === name && r.perRow);
    expect(read?.values).toEqual(values);
  });

  it('reads a column under a two-row header', () => {
    const doc = loadFixture('dossier-list.html');
    const reading = readPage(doc, LIST_URL, fixtureProfile());
    expect(reading.reads.find((r) => r.name === 'x_book_due')?.values).toEqual(['2025-11-05T10:00:00.000Z', '2025-11-04T09:00:00.000Z']);
    expect(reading.reads.find((r) => r.name === 'x_book_code')?.values).toEqual(['000.00.62.H49-251103-0001', '000.00.62.H49-251103-0002']);
  });

  it.each([
    ['dossier_code', '000.00.62.H49-251103-0001'],
    ['channel', 'online'],
    ['due_at', '2025-11-05T10:00:00.000Z'],
    ['phone', '+84 912 345 678'],
    ['email', 'tran.bich@gmail.com'],
    ['current_handler', 'Phạm Minh Dũng'],
  ])('reads %s in the dialog (labels in other wordings, inputs, attributes)', (name, value) => {
    const doc = loadFixture('dossier-list.html');
    const reading = readPage(doc, LIST_URL, fixtureProfile());
    const read = reading.reads.find((r) => r.name === name && !r.perRow);
    expect(read?.values).toEqual([value]);
  });

  it('binds items to every row of a column, each with its row dossier code', () => {
    const doc = loadFixture('dossier-list.html');
    const { targets } = readPage(doc, LIST_URL, fixtureProfile());
    const onTime = targets.filter((t) => t.itemCode === 'MC-8.5.1-09');
    expect(onTime.map((t) => t.dossierCode)).toEqual(['000.00.62.H49-251103-0001', '000.00.62.H49-251103-0002', '000.00.62.H49-251104-0001']);
    expect(onTime[0]?.element.textContent).toBe('07/11/2025 10:30');
    // The dialog binding by locator, with the dialog's own dossier code.
    const channel = targets.find((t) => t.itemCode === 'MC-8.4-01');
    expect(channel?.element.textContent).toBe('Trực tuyến');
    expect(channel?.dossierCode).toBe('000.00.62.H49-251103-0001');
  });

  it('reads a detail page with list columns gathered into rows', () => {
    const doc = loadFixture('dossier-detail.html');
    const reading = readPage(doc, DETAIL_URL, fixtureProfile());
    expect(reading.pages.map((p) => p.page.id)).toEqual(['detail']);
    expect(reading.dossierCode).toBe('H49.30-251103-0007');
    const fields = fieldsForEvidence(reading.reads);
    expect(fields.due_at).toBe('2025-11-05T10:00:00.000Z');
    expect(fields.steps).toEqual([
      { name: 'Tiếp nhận', to_officer: 'Trần Thị Bình', finished_at: '2025-11-03T01:40:00.000Z' },
      { name: 'Thẩm định', to_officer: 'Lê Văn Cường', finished_at: '2025-11-06T09:00:00.000Z' },
      { name: 'Phê duyệt', to_officer: 'Phạm Minh Dũng', finished_at: '2025-11-07T02:00:00.000Z' },
      { name: 'Trả kết quả', to_officer: 'Trần Thị Bình', finished_at: '2025-11-07T03:30:00.000Z' },
    ]);
    expect(reading.targets.filter((t) => t.itemCode === 'MC-8.5.1-07')).toHaveLength(4);
  });

  it('limits per-row fields to the row of a capture', () => {
    const doc = loadFixture('dossier-list.html');
    const reading = readPage(doc, LIST_URL, fixtureProfile());
    const row = doc.querySelectorAll('#ds tbody tr')[1] ?? null;
    const fields = fieldsForEvidence(reading.reads.filter((r) => r.perRow), row);
    expect(fields).toMatchObject({ dossier_code: '000.00.62.H49-251103-0002', status: 'returned', applicant: 'Trần Thị Bích, 0912 345 678' });
  });

  it('lists the PII elements: the profile selectors and the PII fields', () => {
    const doc = loadFixture('dossier-detail.html');
    const { piiElements } = readPage(doc, DETAIL_URL, fixtureProfile());
    const texts = piiElements.map((e) => e.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Nguyễn Văn An', '001203004567', '0912 345 678', 'Trần Thị Bình']));
  });
});

describe('dossiers on screen', () => {
  it('a list: one scope per row with its code and position; the quick-view dialog is the scope of its own code', () => {
    const doc = loadFixture('dossier-list.html');
    const reading = readPage(doc, LIST_URL, fixtureProfile());
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind} ${d.row ?? ''}`.trim())).toEqual([
      '000.00.62.H49-251103-0001 row 1',
      '000.00.62.H49-251103-0002 row 2',
      '000.00.62.H49-251104-0001 row 3',
      '000.00.62.H49-251103-0001 modal',
    ]);
    const dialog = doc.querySelector('[role="dialog"]');
    expect(reading.dossiers.find((d) => d.kind === 'modal')?.element).toBe(dialog);
    // The screen is about the dossier of the open dialog; a list row's element belongs to its row.
    expect(reading.dossierCode).toBe('000.00.62.H49-251103-0001');
    const secondRow = doc.querySelectorAll('#ds tbody tr')[1];
    expect(secondRow?.children[2] ? reading.dossierAt(secondRow.children[2])?.code : null).toBe('000.00.62.H49-251103-0002');
    // The tracking book's code column is not the list's dossier_code field: its rows are not dossier places here.
    expect(reading.dossiers.some((d) => d.element.closest('#so'))).toBe(false);
    // Targets outside any row or dialog (none here) would get no code; the dialog's binding gets the dialog's.
    expect(reading.targets.filter((t) => dialog?.contains(t.element)).every((t) => t.dossierCode === '000.00.62.H49-251103-0001')).toBe(true);
  });

  it('a detail page: the page itself is the scope of its own code, the element its root or the body', () => {
    const doc = loadFixture('dossier-detail.html');
    const reading = readPage(doc, DETAIL_URL, fixtureProfile());
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind} ${d.element.localName}`)).toEqual(['H49.30-251103-0007 page body']);
    // A step row of the detail page is the page's dossier (its rows are not another dossier's).
    const stepCell = reading.targets.find((t) => t.itemCode === 'MC-8.5.1-07')?.element;
    expect(stepCell ? reading.dossierAt(stepCell)?.code : null).toBe('H49.30-251103-0007');
  });

  it('reads a dialog page whose root is the recognised dialog itself (the demo\'s quick view)', () => {
    const doc = loadFixture('dossier-list.html');
    const profile = fixtureProfile();
    const withRoot = { ...profile, pages: profile.pages.map((p) => (p.id === 'quick-view' ? { ...p, root: '[role="dialog"]' } : p)) };
    const reading = readPage(doc, LIST_URL, withRoot);
    expect(reading.pages.map((p) => p.page.id)).toContain('quick-view');
    expect(reading.reads.find((r) => r.name === 'channel' && !r.perRow)?.values).toEqual(['online']);
    expect(reading.dossiers.find((d) => d.kind === 'modal')?.code).toBe('000.00.62.H49-251103-0001');
  });
});

describe('date reading', () => {
  it('agrees with the shared parseDossierDate', async () => {
    const { parseDossierDate } = await import('@onestop/shared');
    const { valueReader } = await import('./profile-reader.ts');
    const el = document.createElement('span');
    const cases = ['05/11/2025 17:00', '30/02/2025 10:00', '31/12/2026 23:59', '01/07/2025 00:00', '29/02/2024 08:15', '29/02/2025 08:15', '12/13/2025 10:00', 'x 07/11/2025 10:30 y', '07/11/2025 24:00'];
    for (const format of ['dd/MM/yyyy HH:mm', 'dd/MM/yyyy', "'ngày' d/M/yyyy"]) {
      const read = valueReader({ date_format: format });
      for (const text of [...cases, 'ngày 5/11/2025']) {
        el.textContent = text;
        expect(read(el), `${format} ← ${text}`).toBe(parseDossierDate(text, format));
      }
    }
  });
});

// ── Issue 12, item 5: what the format could not say ───────────────────────────────────────────────────────────

/** A page like the staff portal's (demo/portal): a header with another dossier's code, a paged list, a modal without a role. */
const PORTAL_HTML = `<!doctype html><html><body>
<header><span>Hồ sơ mới nhất:</span> <a class="latest">000.21.24.H26-261015-0009</a><div>Mã hồ sơ: 000.21.24.H26-261015-0009</div></header>
<main>
  <h1>Hồ sơ tiếp nhận</h1>
  <table id="ds">
    <thead><tr><th>#</th><th>Mã hồ sơ</th><th>Người nộp</th><th>Hẹn trả</th><th>Trạng thái</th><th>Cán bộ xử lý</th><th>Xin lỗi</th></tr></thead>
    <tbody>
      <tr><td>21</td><td><a>000.21.24.H26-261001-0001</a></td><td><div>Trần Thu Châu</div><div>0981147538</div></td><td>05/10/2026 16:30</td><td><span>Trễ hạn</span></td><td><span>Lại Thị Kim Oanh</span><span>Viên chức Trung tâm PVHCC</span></td><td><a href="/xl/21.pdf">Văn bản</a></td></tr>
      <tr><td>22</td><td><a>000.21.24.H26-261001-0002</a></td><td><div>Lê Văn Bình</div><div>+84 912.345.678</div></td><td>06/10/2026 16:30</td><td><span>Đã trả công dân</span></td><td></td><td></td></tr>
      <tr><td>23</td><td><a>000.21.24.H26-261002-0001</a></td><td><div>Phạm An</div><div>0912 345 678</div></td><td>07/10/2026 16:30</td><td><span>Chờ phê duyệt lại</span></td><td><span>Ngô Minh</span><span>Chuyên viên</span></td><td> </td></tr>
    </tbody>
  </table>
  <div class="footer"><div class="total">Hiển thị 1–3 trong 1.250 hồ sơ</div>
    <div class="pager"><a>‹ Trước</a><a>1</a><a>2</a><a class="next">Sau ›</a></div></div>
</main>
<div class="fixed inset-0" style="position: fixed"><div class="panel">
  <div class="title">Chi tiết hồ sơ</div>
  <div class="grid">
    <div>Mã đơn: 22</div>
    <div>Mã hồ sơ: 000.21.24.H26-261001-0002</div>
    <div>Mã hồ sơ cũ: 000.21.24.H26-250101-0001</div>
    <div>Trạng thái: Trễ hạn</div>
    <div>Người nộp: Lê Văn Bình - +84 912.345.678</div>
    <div>Hẹn trả: 06/10/2026 16:30</div>
  </div>
  <p class="code">Mã hồ sơ: <span class="font-bold">000.21.24.H26-261001-0002</span></p>
  <div class="links"><a class="apology" href="/xl/22.pdf">Văn bản xin lỗi</a></div>
</div></div>
</body></html>`;

const PORTAL_URL = 'http://127.0.0.1:8789/can-bo/#/dossiers?tab=tat-ca&page=2&size=3';

function portalProfile(change: (p: SiteProfileInput) => void = () => {}): SiteProfile {
  const p: SiteProfileInput = {
    name: 'Portal',
    version: 1,
    match: ['http://127.0.0.1:8789/*'],
    time_zone: 'Asia/Ho_Chi_Minh',
    ignore: ['body > header'],
    value_maps: {
      status: { 'Đang giải quyết': 'processing', 'Trễ hạn': 'overdue', 'Đã trả công dân': 'returned' },
    },
    field_sets: {
      modal_identity: [
        { name: 'x_record_id', locator: { kind: 'label', text: 'Mã đơn', same_text: true } },
        { name: 'dossier_code', locator: { kind: 'label', text: 'Mã hồ sơ', same_text: true } },
      ],
    },
    pages: [
      {
        id: 'list',
        url: '/can-bo/#/dossiers*',
        recognize: { heading: 'Hồ sơ tiếp nhận' },
        root: 'main',
        fields: [
          { name: 'x_record_id', locator: { kind: 'column', header: '#' } },
          { name: 'dossier_code', locator: { kind: 'column', header: 'Mã hồ sơ' } },
          { name: 'applicant', locator: { kind: 'column', header: 'Người nộp' }, part: 1 },
          { name: 'phone', locator: { kind: 'column', header: 'Người nộp' }, part: -1 },
          { name: 'due_at', locator: { kind: 'column', header: 'Hẹn trả' }, date_format: 'dd/MM/yyyy HH:mm' },
          { name: 'status', locator: { kind: 'column', header: 'Trạng thái' }, values: 'status' },
          { name: 'current_handler', locator: { kind: 'column', header: 'Cán bộ xử lý' }, part: 1 },
          { name: 'apology_issued', locator: { kind: 'column', header: 'Xin lỗi' }, present: true },
        ],
        pagination: {
          next: '.pager > a:last-child',
          next_disabled: '.disabled',
          page_param: 'page',
          size_param: 'size',
          total: { locator: { kind: 'css', selector: '.total' }, regex: 'trong (?<value>[0-9.,]+) hồ sơ' },
        },
      },
      {
        id: 'modal',
        url: '/can-bo/#/dossiers*',
        recognize: { selector: 'div.fixed.inset-0', text: 'Mã đơn:', in_selector: true },
        covers: true,
        use: ['modal_identity'],
        fields: [
          { name: 'status', locator: { kind: 'label', text: 'Trạng thái', same_text: true }, values: 'status' },
          { name: 'applicant', locator: { kind: 'label', text: 'Người nộp', same_text: true }, split: ' - ', part: 1, pii: true },
          { name: 'phone', locator: { kind: 'label', text: 'Người nộp', same_text: true }, split: ' - ', part: -1, pii: true },
          { name: 'due_at', locator: { kind: 'label', text: 'Hẹn trả', same_text: true }, date_format: 'dd/MM/yyyy HH:mm' },
          { name: 'x_code_line', locator: { kind: 'css', selector: 'p.code' }, part: 2 },
          { name: 'apology_issued', locator: { kind: 'css', selector: 'a.apology' }, present: true },
          { name: 'refusal_notice', locator: { kind: 'css', selector: '.refusal' }, present: true },
        ],
      },
    ],
    bindings: [
      { item_code: 'MC-8.5.1-09', page: 'list', field: 'due_at' },
      { item_code: 'MC-8.5.1-09', page: 'modal', field: 'due_at' },
      { item_code: 'MC-8.5.1-03', locator: { kind: 'css', selector: 'a' } },
    ],
    pii: { selectors: [], patterns: ['citizen_id', 'phone', 'email'], columns: ['Người nộp'], url_params: ['nguoi_lien_he'] },
  };
  change(p);
  return SiteProfileSchema.parse(p);
}

const readPortal = (change?: (p: SiteProfileInput) => void, url = PORTAL_URL) => readPage(loadHtml(PORTAL_HTML), url, portalProfile(change));
function readsOf(reading: PageReading, page: string) {
  const lengths = reading.pages.map((p) => p.fields.length);
  const at = reading.pages.findIndex((p) => p.page.id === page);
  const start = lengths.slice(0, at).reduce((a, b) => a + b, 0);
  return reading.reads.slice(start, start + (lengths[at] ?? 0));
}

describe('a modal recognised by content that covers the page', () => {
  it('recognises the overlay without a role by its content, reads inside it, and marks the list under it covered', () => {
    const reading = readPortal();
    const modal = document.querySelector('div.fixed.inset-0');
    expect(reading.pages.map((p) => `${p.page.id}${p.covered ? ' covered' : ''}`)).toEqual(['list covered', 'modal']);
    expect(reading.pages[1]?.scope).toBe(modal);
    expect(reading.covering).toBe(modal);
    // The modal is the dossier the screen is about; the list rows stay dossiers of their own.
    expect(reading.dossierCode).toBe('000.21.24.H26-261001-0002');
    expect(reading.dossiers.find((d) => d.kind === 'modal')?.element).toBe(modal);
    expect(reading.dossiers.filter((d) => d.kind === 'row')).toHaveLength(3);
    // Badges: the list's are covered, the modal's are not.
    const due = reading.targets.filter((t) => t.itemCode === 'MC-8.5.1-09');
    expect(due.map((t) => t.covered)).toEqual([true, true, true, false]);
  });

  it('covers nothing once the modal is gone (or not shown)', () => {
    const doc = loadHtml(PORTAL_HTML);
    (doc.querySelector('div.fixed.inset-0') as HTMLElement).style.display = 'none';
    const reading = readPage(doc, PORTAL_URL, portalProfile());
    expect(reading.pages.map((p) => p.page.id)).toEqual(['list']);
    expect(reading.covering).toBeNull();
    expect(reading.targets.every((t) => !t.covered)).toBe(true);
  });
});

describe('values in the same text as their label, parts of a cell, presence', () => {
  it.each([
    ['x_record_id', ['22']],
    ['dossier_code', ['000.21.24.H26-261001-0002']],
    ['status', ['overdue']],
    ['applicant', ['Lê Văn Bình']],
    ['phone', ['+84 912.345.678']],
    ['due_at', ['2026-10-06T09:30:00.000Z']],
    ['x_code_line', ['000.21.24.H26-261001-0002']],
    ['apology_issued', ['true']],
    ['refusal_notice', ['false']],
  ])('the modal\'s %s', (name, values) => {
    expect(readsOf(readPortal(), 'modal').find((r) => r.name === name)?.values).toEqual(values);
  });

  it('takes the element holding the label\'s text, never a longer label (`Mã hồ sơ cũ`)', () => {
    const reading = readPortal();
    expect(readsOf(reading, 'modal').find((r) => r.name === 'dossier_code')?.elements[0]?.textContent).toBe('Mã hồ sơ: 000.21.24.H26-261001-0002');
    const receipt = readPage(loadHtml('<main><h2>Giấy tiếp nhận</h2><p>Mã hồ sơ cũ: A-1</p><p>Mã hồ sơ: <span>B-2</span></p></main>'), 'http://x/r', SiteProfileSchema.parse({
      name: 'R', version: 1, match: ['http://x/*'], pages: [{ id: 'r', url: '/r', fields: [{ name: 'dossier_code', locator: { kind: 'label', text: 'Mã hồ sơ', same_text: true } }] }],
    }));
    expect(receipt.reads[0]?.values).toEqual(['B-2']);
    expect(receipt.reads[0]?.elements[0]?.localName).toBe('p');
  });

  it.each([
    ['applicant', ['Trần Thu Châu', 'Lê Văn Bình', 'Phạm An']],
    ['phone', ['0981147538', '+84 912.345.678', '0912 345 678']],
    ['current_handler', ['Lại Thị Kim Oanh', null, 'Ngô Minh']],
    ['apology_issued', ['true', 'false', 'false']],
    ['status', ['overdue', 'returned', null]],
    ['due_at', ['2026-10-05T09:30:00.000Z', '2026-10-06T09:30:00.000Z', '2026-10-07T09:30:00.000Z']],
  ])('the list\'s %s, one value per row', (name, values) => {
    expect(readsOf(readPortal(), 'list').find((r) => r.name === name)?.values).toEqual(values);
  });

  it('reads parts with valueReader directly (text nodes, a separator, from the end)', () => {
    const el = document.createElement('td');
    el.innerHTML = '<span>Nguyễn A</span> <span>Chuyên viên</span><span>0912</span>';
    expect(valueReader({ part: 2 })(el)).toBe('Chuyên viên');
    expect(valueReader({ part: -1 })(el)).toBe('0912');
    expect(valueReader({ part: 4 })(el)).toBeNull();
    el.textContent = 'A | B | C';
    expect(valueReader({ part: 2, split: '|' })(el)).toBe('B');
    expect(valueReader({ part: -1, split: '|' })(el)).toBe('C');
  });
});

describe('statuses, value maps, field sets, time zone, record key', () => {
  it('gives the canonical status of a mapped wording, the status itself when shown as such, nothing for an unknown wording', () => {
    const el = document.createElement('span');
    const read = valueReader({ name: 'status', values: { 'Trễ hạn': 'overdue' } });
    for (const [text, status] of [['Trễ hạn', 'overdue'], ['Returned', 'returned'], ['Chờ phê duyệt lại', null]] as const) {
      el.textContent = text;
      expect(read(el), text).toBe(status);
    }
    // Another field keeps an unmapped wording as it reads.
    el.textContent = 'Chờ phê duyệt lại';
    expect(valueReader({ name: 'x_trang_thai', values: { 'Trễ hạn': 'overdue' } })(el)).toBe('Chờ phê duyệt lại');
  });

  it('resolves field sets and named value maps on the recognised page', () => {
    const modal = readPortal().pages.find((p) => p.page.id === 'modal');
    expect(modal?.fields.map((f) => f.name).slice(0, 3)).toEqual(['x_record_id', 'dossier_code', 'status']);
    expect(modal?.fields.find((f) => f.name === 'status')?.values).toEqual({ 'Đang giải quyết': 'processing', 'Trễ hạn': 'overdue', 'Đã trả công dân': 'returned' });
  });

  it('reads dates in the profile\'s time zone', () => {
    const reading = readPortal((p) => void (p.time_zone = 'Asia/Tokyo'));
    expect(readsOf(reading, 'list').find((r) => r.name === 'due_at')?.values[0]).toBe('2026-10-05T07:30:00.000Z');
    expect(valueReader({ date_format: 'dd/MM/yyyy HH:mm' }, { timeZone: 'UTC' })(Object.assign(document.createElement('b'), { textContent: '05/10/2026 16:30' }))).toBe('2026-10-05T16:30:00.000Z');
  });

  it('files dossiers under the record key the profile names', () => {
    const reading = readPortal((p) => void (p.record_key = 'x_record_id'));
    expect(reading.dossiers.map((d) => `${d.code} ${d.kind}`)).toEqual(['21 row', '22 row', '23 row', '22 modal']);
    expect(reading.dossierCode).toBe('22');
  });
});

describe('ignored regions, PII columns and URL parameters, pagination', () => {
  it('never reads, anchors or badges an ignored region (a header showing another dossier\'s code)', () => {
    const doc = loadHtml(PORTAL_HTML);
    const header = doc.querySelector('header');
    if (!header) throw new Error('no header');
    // A page without a root reading the code by its label would otherwise take the header's.
    const profile = SiteProfileSchema.parse({
      name: 'P', version: 1, match: ['http://127.0.0.1:8789/*'], ignore: ['body > header'],
      pages: [{ id: 'detail', url: '/can-bo/*', fields: [{ name: 'dossier_code', locator: { kind: 'label', text: 'Mã hồ sơ', same_text: true } }, { name: 'x_links', locator: { kind: 'css', selector: 'a' } }] }],
      bindings: [{ item_code: 'A', locator: { kind: 'css', selector: 'a' } }],
    });
    doc.querySelector('div.fixed.inset-0')?.remove();
    const reading = readPage(doc, PORTAL_URL, profile);
    expect(reading.reads[0]?.values).toEqual([]);
    expect(reading.reads[1]?.elements.some((e) => header.contains(e))).toBe(false);
    expect(reading.targets.some((t) => header.contains(t.element))).toBe(false);
    expect(reading.ignored).toEqual([header]);
    expect(reading.isIgnored(header.querySelector('a.latest') as Element)).toBe(true);
    expect(reading.isIgnored(doc.querySelector('main') as Element)).toBe(false);
    // Without the rule the header's code is read.
    const unignored = readPage(doc, PORTAL_URL, { ...profile, ignore: undefined });
    expect(unignored.reads[0]?.values).toEqual(['000.21.24.H26-261015-0009']);
  });

  it('excludes ignored regions from the page\'s dossier place', () => {
    const doc = loadHtml(PORTAL_HTML);
    doc.querySelector('div.fixed.inset-0')?.remove();
    doc.querySelector('table')?.remove();
    doc.querySelector('main')?.insertAdjacentHTML('afterbegin', '<p>Mã hồ sơ: <span>X-1</span></p>');
    const profile = SiteProfileSchema.parse({
      name: 'P', version: 1, match: ['http://127.0.0.1:8789/*'], ignore: ['body > header'],
      pages: [{ id: 'detail', url: '/can-bo/*', fields: [{ name: 'dossier_code', locator: { kind: 'label', text: 'Mã hồ sơ', same_text: true } }] }],
    });
    const reading = readPage(doc, PORTAL_URL, profile);
    expect(reading.dossiers.map((d) => d.code)).toEqual(['X-1']);
    expect(reading.dossiers[0]?.exclude).toContain(doc.querySelector('header'));
    expect(reading.dossierAt(doc.querySelector('header a') as Element)).toBeNull();
  });

  it('masks every cell of a PII column, and marks the fields reading it personal', () => {
    const doc = loadHtml(PORTAL_HTML);
    const reading = readPage(doc, PORTAL_URL, portalProfile((p) => {
      const list = p.pages[0] as { fields: Record<string, unknown>[] };
      list.fields = list.fields.map((f) => ({ ...f, pii: undefined }));
    }));
    const cells = Array.from(doc.querySelectorAll('#ds tbody tr')).map((r) => r.children[2]);
    for (const cell of cells) expect(reading.piiElements).toContain(cell);
    expect(readsOf(reading, 'list').filter((r) => r.pii).map((r) => r.name)).toEqual(['applicant', 'phone']);
    expect(reading.piiElements).not.toContain(doc.querySelectorAll('#ds tbody tr')[0]?.children[1]);
  });

  it('redacts the profile\'s own URL parameters', () => {
    const profile = portalProfile();
    expect(redactPageUrl('http://127.0.0.1:8789/can-bo/#/dossiers?nguoi_lien_he=Tran+Van+B&page=2', profile)).toBe('http://127.0.0.1:8789/can-bo/#/dossiers?nguoi_lien_he=***&page=2');
    expect(redactPageUrl('http://127.0.0.1:8789/can-bo/#/dossiers?nguoi_lien_he=Tran+Van+B&page=2', null)).toBe('http://127.0.0.1:8789/can-bo/#/dossiers?nguoi_lien_he=Tran+Van+B&page=2');
  });

  it('reads the total, the page and whether a next page exists', () => {
    const first = readPortal().pagination;
    expect(first).toMatchObject({ pageId: 'list', total: 1250, hasNext: true, page: 2, size: 3 });
    expect(first?.nextControl?.matches('.pager a.next')).toBe(true);
    const doc = loadHtml(PORTAL_HTML);
    doc.querySelector('.pager a.next')?.classList.add('disabled');
    expect(readPage(doc, 'http://127.0.0.1:8789/can-bo/#/dossiers', portalProfile()).pagination).toEqual({ pageId: 'list', total: 1250, hasNext: false, page: 1, size: null, nextControl: null });
    doc.querySelector('.pager a.next')?.remove();
    doc.querySelector('.pager a:last-child')?.setAttribute('aria-disabled', 'true');
    expect(readPage(doc, PORTAL_URL, portalProfile()).pagination?.hasNext).toBe(false);
  });

  it('tells a next page from the page, its size and the total when there is no next control', () => {
    const profile = (page: number) =>
      portalProfile((p) => {
        (p.pages[0] as Record<string, unknown>).pagination = { page_param: 'trang', size_param: 'size', total: { locator: { kind: 'css', selector: '.total' }, regex: 'trong (?<value>[0-9.,]+)' } };
        void page;
      });
    const at = (page: number, size: number) => readPage(loadHtml(PORTAL_HTML), `http://127.0.0.1:8789/can-bo/#/dossiers?trang=${page}&size=${size}`, profile(page)).pagination;
    expect(at(2, 25)).toMatchObject({ total: 1250, page: 2, size: 25, hasNext: true });
    expect(at(50, 25)).toMatchObject({ hasNext: false });
    expect(readPage(loadHtml(PORTAL_HTML), 'http://127.0.0.1:8789/can-bo/#/dossiers', profile(1)).pagination).toMatchObject({ page: 1, size: null, hasNext: null });
  });
});

describe('the demo profiles', () => {
  it('are valid with the new keys (value maps, field sets, covers, same_text, parts, pagination, ignore)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['../../../demo/site-profile.json', '../../../demo/portal/site-profile.json']) {
      const r = SiteProfileSchema.safeParse(JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')));
      expect(r.success ? [] : r.error.issues, file).toEqual([]);
    }
  });
});
