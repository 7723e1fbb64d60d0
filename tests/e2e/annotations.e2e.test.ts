// The W3C Web Annotation export of a real audit, checked against the "must" assertions of the W3C test suite, with
// evidence captured at +07:00 and -05:00 (text order and time order differ): created/modified in UTC with Z, modified
// never before created, annotations in time order.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runMusts, suiteDir } from '../fixtures/w3c-annotation.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'ThuNghiem#2026';

interface Collection {
  '@context': string;
  type: string;
  total: number;
  first: { type: string; items: Annotation[] };
}
interface Annotation {
  id: string;
  created: string;
  modified: string;
  motivation: string;
  target: { source: string; selector: unknown };
  body: { value?: string; purpose?: string }[];
}

async function call(token: string, p: string, init: RequestInit = {}) {
  const res = await fetch(`${inject('apiUrl')}/api/v1${p}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return res;
}

/** xsd:dateTime with the UTC timezone expressed as Z, as the Web Annotation Data Model requires for created/modified. */
const W3C_DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?Z$/;

/** The suite's created/modified assertions with `format: date-time` checked (the suite's runner leaves formats alone). */
function lifecycleFailures(doc: unknown): string[] {
  const dir = suiteDir(root);
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  ajv.addFormat('date-time', (v: string) => W3C_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)));
  ajv.addFormat('uri', (v: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(v));
  for (const file of readdirSync(path.join(dir, 'definitions'))) if (file.endsWith('.json')) ajv.addSchema(JSON.parse(readFileSync(path.join(dir, 'definitions', file), 'utf8')) as object);
  const failures: string[] = [];
  for (const ref of ['annotations/3.3.1-annotationCreatedValidated.json', 'annotations/3.3.1-annotationModifiedValidated.json']) {
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(dir, ref), 'utf8')) as object);
    if (validate(doc) !== true) failures.push(`${ref}: ${ajv.errorsText(validate.errors)}`);
  }
  return failures;
}

describe('GET /audits/{id}/annotations.jsonld', () => {
  let doc: Collection;
  const pageUrl = 'http://127.0.0.1:8788/ho-so/000.00.12.H26-250314-0007';
  // Captured in Hà Nội and in New York two hours ago (the server refuses capture times before the audit or in the
  // future): the -05:00 one is first as text, second in time.
  const atOffset = (ms: number, minutes: number) => {
    const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
    const a = Math.abs(minutes);
    return `${local}${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  };
  const base = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
  const eastAt = atOffset(base, 7 * 60);
  const westAt = atOffset(base + 30 * 60_000, -5 * 60);
  const eastId = crypto.randomUUID();
  const westId = crypto.randomUUID();

  beforeAll(async () => {
    const login = await fetch(`${inject('apiUrl')}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'truongdoan@demo.onestop.vn', password: PASSWORD, session: 'bearer' }),
    });
    const { token } = (await login.json()) as { token: string };
    const audits = (await (await call(token, '/audits?status=in_progress')).json()) as { items: { id: string }[] };
    const auditId = audits.items[0]!.id;
    const audit = (await (await call(token, `/audits/${auditId}`)).json()) as { units: { id: string }[] };
    const unitId = audit.units[0]!.id;
    const checklist = (await (await call(token, `/audits/${auditId}/checklist?unit=${unitId}`)).json()) as { items: { id: string; findings: unknown[] }[] };
    const item = checklist.items.find((i) => i.findings.length === 0)!;
    const findingId = crypto.randomUUID();
    const now = new Date().toISOString();
    const sync = await call(token, '/sync', {
      method: 'POST',
      body: JSON.stringify({
        client_id: 'w3c-test',
        ops: [
          {
            op_id: crypto.randomUUID(),
            kind: 'finding.upsert',
            entity_id: findingId,
            base_version: null,
            data: { audit_id: auditId, unit_id: unitId, item_id: item.id, result: 'nc_minor', note: 'Trả kết quả trễ hạn 3 ngày, không có Phiếu xin lỗi', dossier_code: '000.00.12.H26-250314-0007', page_url: pageUrl, recorded_at: now },
          },
          {
            op_id: crypto.randomUUID(),
            kind: 'evidence.create',
            entity_id: westId,
            base_version: null,
            data: {
              finding_id: findingId,
              kind: 'page_capture',
              page_url: pageUrl,
              page_title: 'Chi tiết hồ sơ',
              quote: 'Ngày trả kết quả 18/03/2025 — người nộp 0912 345 678',
              selectors: [
                { type: 'TextQuoteSelector', exact: 'Ngày trả kết quả 18/03/2025', prefix: 'Hạn xử lý 15/03/2025 17:00 ', suffix: ' Trạng thái Đã trả kết quả' },
                { type: 'TextPositionSelector', start: 120, end: 147 },
                { type: 'CssSelector', value: 'main > section:nth-of-type(2) > div:nth-child(4)' },
              ],
              fields: { dossier_code: '000.00.12.H26-250314-0007', due_at: '2025-03-15T10:00:00.000Z' },
              captured_at: westAt,
            },
          },
          {
            op_id: crypto.randomUUID(),
            kind: 'evidence.create',
            entity_id: eastId,
            base_version: null,
            data: { finding_id: findingId, kind: 'page_capture', page_url: pageUrl, selectors: [{ type: 'CssSelector', value: '#apology' }], captured_at: eastAt },
          },
        ],
      }),
    });
    const results = ((await sync.json()) as { results: { status: string }[] }).results;
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const res = await call(token, `/audits/${auditId}/annotations.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    doc = (await res.json()) as Collection;
  });

  it('is a collection with one assessing annotation per evidence, targeting the page with its selectors', () => {
    expect(doc.type).toBe('AnnotationCollection');
    expect(doc.total).toBeGreaterThanOrEqual(2);
    const mine = doc.first.items.filter((a) => a.target.source === pageUrl);
    expect(mine).toHaveLength(2);
    for (const a of mine) expect(a.motivation).toBe('assessing');
    expect(mine.some((a) => Array.isArray(a.target.selector) && a.target.selector.length === 3)).toBe(true);
    expect(mine[0]!.body[0]!.value).toMatch(/nc_minor/);
    // The quote's phone number never leaves redacted form.
    expect(JSON.stringify(doc)).not.toMatch(/0912 ?345 ?678/);
  });

  it('writes created and modified in UTC with Z, modified never before created, in time order', () => {
    const items = doc.first.items;
    for (const a of items) {
      expect(a.created, a.id).toMatch(W3C_DATE_TIME);
      expect(a.modified, a.id).toMatch(W3C_DATE_TIME);
      expect(Date.parse(a.modified), a.id).toBeGreaterThanOrEqual(Date.parse(a.created));
      expect(lifecycleFailures(a), a.id).toEqual([]);
    }
    for (let i = 1; i < items.length; i++) expect(Date.parse(items[i]!.created)).toBeGreaterThanOrEqual(Date.parse(items[i - 1]!.created));
    const east = items.findIndex((a) => a.id === `urn:uuid:${eastId}`);
    const west = items.findIndex((a) => a.id === `urn:uuid:${westId}`);
    expect(westAt < eastAt).toBe(true);
    expect(items[east]!.created).toBe(new Date(base).toISOString());
    expect(items[west]!.created).toBe(new Date(base + 30 * 60_000).toISOString());
    expect(east).toBeLessThan(west);
    // The check has teeth: the client's offset would have failed it.
    expect(lifecycleFailures({ ...items[east], created: eastAt })).toHaveLength(1);
  });

  it('passes the W3C "must" assertions for the collection, its page and every annotation', () => {
    const dir = suiteDir(root);
    const collection = runMusts(dir, 'collections/collectionMusts.test', doc);
    expect(collection.failures).toEqual([]);
    expect(collection.checked).toBeGreaterThanOrEqual(8);
    const page = runMusts(dir, 'collections/pages/pageMusts.test', { '@context': doc['@context'], ...doc.first });
    expect(page.failures).toEqual([]);
    for (const annotation of doc.first.items) {
      const result = runMusts(dir, 'annotations/annotationMusts.test', annotation);
      expect(result.failures).toEqual([]);
      expect(result.checked).toBeGreaterThan(40);
    }
  });
});
