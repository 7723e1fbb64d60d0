// The exports: the CSV (BOM for Excel, Vietnamese intact, formulas neutralised, live findings of the caller's scope,
// Vietnamese labels with their codes, one date format) and the W3C Web Annotation collection (UTC timestamps with Z,
// modified never before created, ordered by time, valid against the W3C test suite's JSON Schemas with formats).
/// <reference types="vite/client" />
import { env } from 'cloudflare:workers';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { csvCell, csvTime, RESULT_VI, STATUS_VI, utcTimestamp } from '../../worker/src/routes/exports.ts';
import { makeAction, makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';
import { parseCsv } from '../fixtures/csv.ts';

async function csvOf(auditId: string, token: string): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const res = await api(`/audits/${auditId}/export.csv`, { token });
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''), 'crlf');
  return { header: header!, rows: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
}

describe('GET /audits/{id}/export.csv', () => {
  it('exports the findings the caller may see as UTF-8 CSV with a BOM', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
    await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', recordedBy: lead.id, note: '=HYPERLINK("http://evil")' });
    await makeFinding({ auditId: audit.id, unitId: tree.communeB, itemId: checklist.items[1]!.id, result: 'conform', recordedBy: lead.id, note: 'Niêm yết đầy đủ, "đúng mẫu"' });

    const res = await api(`/audits/${audit.id}/export.csv`, { token: lead.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Điều khoản');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain('"Niêm yết đầy đủ, ""đúng mẫu"""');
    expect(text).toContain('Không phù hợp nhẹ');

    const head = await signedIn('unit_head', tree.communeA);
    const scoped = await (await api(`/audits/${audit.id}/export.csv`, { token: head.token })).text();
    expect(scoped.trim().split('\r\n')).toHaveLength(2);
    expect(scoped).not.toContain('Niêm yết');
  });

  it('lists live findings only: withdrawn and deleted ones are left out, every other status is in', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
    const items = checklist.items;
    const made: Record<string, string> = {};
    const statuses = ['open', 'action_planned', 'disputed', 'withdrawn', 'action_done', 'closed'] as const;
    for (const [i, status] of statuses.entries()) {
      made[status] = (await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: items[i]!.id, result: 'nc_major', status, recordedBy: lead.id, note: `Phát hiện ${status}` })).id;
    }
    made.recorded = (await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: items[6]!.id, result: 'observation', recordedBy: lead.id })).id;
    const deleted = await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: items[7]!.id, result: 'nc_minor', recordedBy: lead.id, deleted: true });

    const { rows } = await csvOf(audit.id, lead.token);
    const ids = rows.map((r) => r['Mã phát hiện']);
    expect(ids).not.toContain(made.withdrawn);
    expect(ids).not.toContain(deleted.id);
    expect(new Set(ids)).toEqual(new Set(Object.entries(made).filter(([s]) => s !== 'withdrawn').map(([, id]) => id)));
    expect(rows.map((r) => r['Mã trạng thái']).sort()).toEqual(['action_done', 'action_planned', 'closed', 'disputed', 'open', 'recorded']);

  });

  it('writes results and statuses in Vietnamese with the code in a column of its own', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
    await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_major', status: 'action_planned', recordedBy: lead.id });
    await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[1]!.id, result: 'ofi', recordedBy: lead.id });

    const { header, rows } = await csvOf(audit.id, lead.token);
    // Each label column is followed by its code column.
    expect(header.indexOf('Mã kết quả')).toBe(header.indexOf('Kết quả') + 1);
    expect(header.indexOf('Mã trạng thái')).toBe(header.indexOf('Trạng thái') + 1);
    const major = rows.find((r) => r['Mã kết quả'] === 'nc_major')!;
    expect(major['Kết quả']).toBe('Không phù hợp nặng');
    expect(major['Trạng thái']).toBe('Đang khắc phục');
    expect(major['Mã trạng thái']).toBe('action_planned');
    const ofi = rows.find((r) => r['Mã kết quả'] === 'ofi')!;
    expect(ofi['Kết quả']).toBe('Cơ hội cải tiến');
    expect(ofi['Trạng thái']).toBe('Đã ghi nhận');
    expect(ofi['Mã trạng thái']).toBe('recorded');
    // Every code has a Vietnamese label, and no label is a code.
    for (const label of [...Object.values(RESULT_VI), ...Object.values(STATUS_VI)]) expect(label).not.toMatch(/^[a-z_]+$/);
  });

  it('writes every date and time in one format: YYYY-MM-DD HH:mm in Vietnam time, YYYY-MM-DD for dates', async () => {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id, status: 'reporting' });
    // Recorded by clients in Hà Nội (+07:00) and abroad (-05:00); the string order of the two differs from their time order.
    const east = await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_minor', status: 'closed', recordedBy: lead.id });
    const west = await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_major', status: 'action_done', recordedBy: lead.id });
    await env.DB.batch([
      env.DB.prepare('UPDATE findings SET recorded_at = ? WHERE id = ?').bind('2026-11-23T08:30:00.000+07:00', east.id),
      env.DB.prepare('UPDATE findings SET recorded_at = ? WHERE id = ?').bind('2026-11-22T21:00:00.000-05:00', west.id),
    ]);
    await makeAction(east.id, { dueDate: '2026-12-14', doneAt: '2026-12-01T17:05:00.000Z' });
    await makeAction(west.id, { dueDate: '2026-12-20', doneAt: '2026-12-02T03:00:00.000+07:00' });
    await env.DB.prepare('UPDATE corrective_actions SET verified_at = ?, effective = 1 WHERE finding_id = ?').bind('2026-12-03T01:02:03.456Z', east.id).run();

    const { rows } = await csvOf(audit.id, lead.token);
    const byId = new Map(rows.map((r) => [r['Mã phát hiện'], r]));
    const e = byId.get(east.id)!;
    const w = byId.get(west.id)!;
    expect(e['Thời điểm ghi nhận']).toBe('2026-11-23 08:30');
    expect(w['Thời điểm ghi nhận']).toBe('2026-11-23 09:00'); // 21:00 at -05:00 = 02:00 UTC = 09:00 in Vietnam
    expect(e['Hạn hoàn thành']).toBe('2026-12-14');
    expect(e['Ngày hoàn thành']).toBe('2026-12-02 00:05');
    expect(w['Ngày hoàn thành']).toBe('2026-12-02 03:00');
    expect(e['Ngày xác minh']).toBe('2026-12-03 08:02');
    expect(w['Ngày xác minh']).toBe('');
    // Same unit and item: the rows follow the time of recording, not the text of the timestamps.
    expect(rows.map((r) => r['Mã phát hiện'])).toEqual([east.id, west.id]);

    const moment = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;
    for (const r of rows) {
      for (const col of ['Thời điểm ghi nhận', 'Ngày hoàn thành', 'Ngày xác minh']) if (r[col]) expect(r[col], col).toMatch(moment);
      if (r['Hạn hoàn thành']) expect(r['Hạn hoàn thành']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // No other cell looks like a date in another format.
      for (const v of Object.values(r)) expect(v).not.toMatch(/^\d{1,2}\/\d{1,2}\/\d{4}|T\d{2}:\d{2}/);
    }
  });

  it('formats moments from any offset', () => {
    expect(csvTime('2026-11-23T08:30:00.000+07:00')).toBe('2026-11-23 08:30');
    expect(csvTime('2026-11-22T21:00:00-05:00')).toBe('2026-11-23 09:00');
    expect(csvTime('2026-12-31T17:00:00.000Z')).toBe('2027-01-01 00:00');
    expect(csvTime(null)).toBe('');
  });

  it('neutralises every formula prefix', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(bad).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });
});

// ── W3C Web Annotation ────────────────────────────────────────────────────────────────────────────────────────

interface Annotation {
  id: string;
  type: string;
  created: string;
  modified: string;
  target: { source: string };
  body: { value?: string }[];
}
interface Collection {
  '@context': string;
  total: number;
  first?: { type: string; items: Annotation[] };
}

// The W3C test suite's assertions, bundled by Vite (workerd reads no files); `.test` lists are read as text.
const SUITE = '../fixtures/w3c-web-annotation-tests';
const definitions = import.meta.glob('../fixtures/w3c-web-annotation-tests/definitions/*.json', { eager: true, import: 'default' });
const assertions = import.meta.glob(['../fixtures/w3c-web-annotation-tests/annotations/**/*.json', '../fixtures/w3c-web-annotation-tests/collections/**/*.json'], { eager: true, import: 'default' });
const lists = import.meta.glob('../fixtures/w3c-web-annotation-tests/**/*.test', { eager: true, query: '?raw', import: 'default' });

/**
 * xsd:dateTime as the Web Annotation Data Model requires it for `created`, `modified` and `generated`: "with the UTC
 * timezone expressed as Z". The suite's runner leaves `format` unchecked; here it is checked, so an offset fails.
 */
const W3C_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/;

function suiteAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  ajv.addFormat('date-time', (v: string) => W3C_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));
  ajv.addFormat('uri', (v: string) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(v));
  for (const schema of Object.values(definitions)) ajv.addSchema(schema as object);
  return ajv;
}

/** Runs one `.test` list of the suite like its runner: valid unless `expectedResult` says otherwise; optional ones may differ. */
function runSuite(ajv: Ajv, list: string, doc: unknown): { checked: string[]; failures: string[] } {
  const test = JSON.parse(lists[`${SUITE}/${list}`] as string) as { assertions: (string | object)[] };
  const checked: string[] = [];
  const failures: string[] = [];
  for (const ref of test.assertions) {
    if (typeof ref !== 'string') continue;
    const schema = assertions[`${SUITE}/${ref}`] as ({ id: string; expectedResult?: string; onUnexpectedResult?: string; errorMessage?: string } & object) | undefined;
    if (!schema) {
      failures.push(`${ref}: missing from the suite copy`);
      continue;
    }
    const validate: ValidateFunction = ajv.getSchema(schema.id) ?? ajv.compile(schema);
    checked.push(ref);
    const valid = validate(doc) === true;
    if (valid === ((schema.expectedResult ?? 'valid') === 'valid')) continue;
    if ((schema.onUnexpectedResult ?? 'failAndContinue').startsWith('pass')) continue;
    failures.push(`${ref}: ${schema.errorMessage ?? ''} ${ajv.errorsText(validate.errors)}`);
  }
  return { checked, failures };
}

describe('GET /audits/{id}/annotations.jsonld', () => {
  /** Records a finding and page captures at the given capture times through sync, as the extension does. */
  async function auditWithCaptures(capturedAt: string[]) {
    const tree = await makeTree();
    const checklist = await makeChecklist();
    const lead = await signedIn('inspector', tree.province);
    const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id });
    const findingId = crypto.randomUUID();
    const evidenceIds: string[] = capturedAt.map(() => crypto.randomUUID());
    const pageUrl = 'http://127.0.0.1:8788/ho-so/000.00.12.H26-250314-0007';
    const res = await api('/sync', {
      method: 'POST',
      token: lead.token,
      body: {
        client_id: 'exports-test',
        ops: [
          {
            op_id: crypto.randomUUID(),
            kind: 'finding.upsert',
            entity_id: findingId,
            base_version: null,
            data: { audit_id: audit.id, unit_id: tree.communeA, item_id: checklist.items[0]!.id, result: 'nc_minor', note: 'Trả kết quả trễ hạn', page_url: pageUrl, recorded_at: '2026-11-23T08:00:00.000+07:00' },
          },
          ...capturedAt.map((at, i) => ({
            op_id: crypto.randomUUID(),
            kind: 'evidence.create',
            entity_id: evidenceIds[i],
            base_version: null,
            data: {
              finding_id: findingId,
              kind: 'page_capture',
              page_url: pageUrl,
              page_title: 'Chi tiết hồ sơ',
              quote: `Trích dẫn ${i}`,
              selectors: [{ type: 'TextQuoteSelector', exact: `Trích dẫn ${i}` }, { type: 'CssSelector', value: `#q${i}` }],
              captured_at: at,
            },
          })),
        ],
      },
    });
    const results = (await json<{ results: { status: string }[] }>(res)).results;
    expect(results.map((r) => r.status)).toEqual(results.map(() => 'applied'));
    const doc = await json<Collection>(await api(`/audits/${audit.id}/annotations.jsonld`, { token: lead.token }));
    return { doc, evidenceIds, findingId, audit, lead, tree, checklist };
  }

  // Hà Nội (+07:00), New York (-05:00) and UTC: the text order of these differs from their time order.
  const CAPTURES = [
    '2026-11-23T08:30:00.000+07:00', // 01:30Z
    '2026-11-22T21:00:00.000-05:00', // 02:00Z, first as text
    '2026-11-23T01:45:00.000Z', // 01:45Z
    '2026-11-23T01:30:00.000Z', // the same instant as the first, in UTC: ordered by id
  ];

  it('writes created and modified in UTC with Z, whatever offset the capture had', async () => {
    const { doc, evidenceIds } = await auditWithCaptures(CAPTURES);
    const items = doc.first!.items;
    expect(items).toHaveLength(CAPTURES.length);
    for (const a of items) {
      expect(a.created).toMatch(W3C_DATE_TIME);
      expect(a.modified).toMatch(W3C_DATE_TIME);
      const i = evidenceIds.indexOf(a.id.replace('urn:uuid:', ''));
      expect(a.created).toBe(new Date(Date.parse(CAPTURES[i]!)).toISOString());
    }
    expect(JSON.stringify(doc)).not.toMatch(/[+-]0[57]:00/);
  });

  it('orders annotations by time, then by id, not by the text of the timestamps', async () => {
    const { doc, evidenceIds } = await auditWithCaptures(CAPTURES);
    const got = doc.first!.items.map((a) => a.id);
    const expected = CAPTURES.map((at, i) => ({ t: Date.parse(at), id: evidenceIds[i]! }))
      .sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1))
      .map((x) => `urn:uuid:${x.id}`);
    expect(got).toEqual(expected);
    // The text order would have put the -05:00 capture first.
    const byText = CAPTURES.map((at, i) => ({ at, id: evidenceIds[i]! })).sort((a, b) => (a.at < b.at ? -1 : 1));
    expect(got[0]).not.toBe(`urn:uuid:${byText[0]!.id}`);
    for (let i = 1; i < got.length; i++) expect(Date.parse(doc.first!.items[i]!.created)).toBeGreaterThanOrEqual(Date.parse(doc.first!.items[i - 1]!.created));
  });

  it('never has modified before created, even for a capture whose clock ran ahead', async () => {
    // Four minutes ahead (the server refuses client clocks more than five minutes ahead, ADR 0006), written in Hà Nội
    // time: later than the finding's last change on the server.
    const ahead = new Date(Date.now() + 4 * 60_000);
    const local = new Date(ahead.getTime() + 7 * 3600_000).toISOString().replace('Z', '+07:00');
    const { doc, evidenceIds } = await auditWithCaptures([local, '2026-11-22T21:00:00.000-05:00']);
    for (const a of doc.first!.items) expect(Date.parse(a.modified)).toBeGreaterThanOrEqual(Date.parse(a.created));
    const future = doc.first!.items.find((a) => a.id === `urn:uuid:${evidenceIds[0]}`)!;
    expect(future.created).toBe(ahead.toISOString());
    expect(future.modified).toBe(future.created);
    const past = doc.first!.items.find((a) => a.id === `urn:uuid:${evidenceIds[1]}`)!;
    expect(Date.parse(past.modified)).toBeGreaterThan(Date.parse(past.created));
  });

  it('leaves out the evidence of withdrawn and deleted findings', async () => {
    const { doc, findingId, audit, lead } = await auditWithCaptures(['2026-11-23T08:30:00.000+07:00']);
    expect(doc.total).toBe(1);
    const read = async () => json<Collection>(await api(`/audits/${audit.id}/annotations.jsonld`, { token: lead.token }));
    await env.DB.prepare("UPDATE findings SET status = 'withdrawn' WHERE id = ?").bind(findingId).run();
    const withdrawn = await read();
    expect(withdrawn.total).toBe(0);
    expect(withdrawn.first).toBeUndefined();
    await env.DB.prepare("UPDATE findings SET status = 'open', deleted_at = ? WHERE id = ?").bind(new Date().toISOString(), findingId).run();
    expect((await read()).total).toBe(0);
  });

  it('passes the W3C test suite with date-time formats checked, for the collection, its page and every annotation', async () => {
    const { doc } = await auditWithCaptures(CAPTURES);
    const ajv = suiteAjv();
    const collection = runSuite(ajv, 'collections/collectionMusts.test', doc);
    expect(collection.failures).toEqual([]);
    expect(collection.checked.length).toBeGreaterThanOrEqual(8);
    const page = runSuite(ajv, 'collections/pages/pageMusts.test', { '@context': doc['@context'], ...doc.first });
    expect(page.failures).toEqual([]);
    for (const annotation of doc.first!.items) {
      const result = runSuite(ajv, 'annotations/annotationMusts.test', annotation);
      expect(result.failures).toEqual([]);
      expect(result.checked.length).toBeGreaterThan(40);
      expect(result.checked).toEqual(expect.arrayContaining(['annotations/3.3.1-annotationCreatedValidated.json', 'annotations/3.3.1-annotationModifiedValidated.json']));
    }
  });

  it('the created/modified assertions refuse an offset (so the check above has teeth)', () => {
    const ajv = suiteAjv();
    const base = { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:uuid:1', type: 'Annotation', target: 'http://example.com/' };
    const created = runSuite(ajv, 'annotations/annotationMusts.test', { ...base, created: '2026-11-23T08:30:00.000+07:00' });
    expect(created.failures.some((f) => f.startsWith('annotations/3.3.1-annotationCreatedValidated.json'))).toBe(true);
    const modified = runSuite(ajv, 'annotations/annotationMusts.test', { ...base, created: '2026-11-23T01:30:00.000Z', modified: '2026-11-22T21:00:00-05:00' });
    expect(modified.failures.some((f) => f.startsWith('annotations/3.3.1-annotationModifiedValidated.json'))).toBe(true);
    expect(runSuite(ajv, 'annotations/annotationMusts.test', { ...base, created: utcTimestamp('2026-11-23T08:30:00.000+07:00') }).failures).toEqual([]);
  });
});
