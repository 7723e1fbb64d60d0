// Profile reading on fixture pages: page recognition (URL, heading, dialog heading, text), locators (column with a
// two-row header, label with alternative wordings, input, attribute), regex, date format and value maps, bindings.
import { describe, expect, it } from 'vitest';
import { fixtureProfile, loadFixture } from '../testing/fixtures.ts';
import { fieldsForEvidence, readPage, recognizePages } from './profile-reader.ts';

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
