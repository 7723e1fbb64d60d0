// Page URLs never keep a citizen's data: a search by CCCD or phone (query, hash route, path, file name) is stored
// redacted by POST /sync (finding.upsert, evidence.create) and POST /findings/{id}/evidence, whatever the client
// sent, and rows stored before the rule are redacted on the way out of export.csv ("Trang") and annotations.jsonld.
import { env } from 'cloudflare:workers';
import { uuidv7 } from '@onestop/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeAudit, makeChecklist, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

const CCCD = '040312345678';
const PHONE = '0912345678';
const EMAIL = 'an.nguyen@gmail.com';
/** A URL holding a CCCD in the query, a phone in the hash route's query, a CCCD in the path and a file name, an e-mail. */
const DIRTY = `http://127.0.0.1:8788/cong-dan/0403%201234%205678/tep/cccd_${CCCD}.pdf?q=${CCCD}&size=20&ref=%2B84+912+345+678#/ho-so?sdt=0912.345.678&email=${encodeURIComponent(EMAIL)}&tab=2`;
const CLEAN = 'http://127.0.0.1:8788/cong-dan/***/tep/cccd_***.pdf?q=***&size=20&ref=***#/ho-so?sdt=***&email=***&tab=2';

/** Every form a test looks for: the digits as written, with spaces, dots, +84, and the e-mail. */
const FORMS = [CCCD, '0403 1234 5678', '0403%201234', PHONE, '0912.345.678', '912 345 678', '912+345+678', '84912345678', EMAIL, 'an.nguyen', encodeURIComponent(EMAIL)];
// (No check for any 9-digit run: ids are random hex that may hold one.)
const expectClean = (text: string) => {
  for (const f of FORMS) expect(text, f).not.toContain(f);
};

let w: { auditId: string; unitId: string; items: string[]; lead: { id: string; token: string } };

beforeAll(async () => {
  const tree = await makeTree();
  const checklist = await makeChecklist({ items: Array.from({ length: 4 }, (_, i) => ({ clause: `8.${i + 1}`, weight: 1 })) });
  const lead = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA], versionId: checklist.versionId, leadId: lead.id });
  w = { auditId: audit.id, unitId: tree.communeA, items: checklist.items.map((i) => i.id), lead };
});

async function sync(ops: unknown[]) {
  const res = await api('/sync', { method: 'POST', token: w.lead.token, body: { client_id: 'page-url-test', ops } });
  expect(res.status).toBe(200);
  return json<{ results: { status: string }[] }>(res);
}

describe('page URLs are stored redacted', () => {
  it('POST /sync: finding.upsert (create and update) and evidence.create', async () => {
    const findingId = uuidv7();
    const evidenceId = uuidv7();
    const data = { audit_id: w.auditId, unit_id: w.unitId, item_id: w.items[0], result: 'nc_minor', note: 'Tra cứu theo CCCD', page_url: DIRTY, recorded_at: new Date().toISOString() };
    const out = await sync([
      { op_id: uuidv7(), kind: 'finding.upsert', entity_id: findingId, base_version: null, data },
      { op_id: uuidv7(), kind: 'evidence.create', entity_id: evidenceId, base_version: null, data: { finding_id: findingId, kind: 'page_capture', page_url: DIRTY, quote: 'Danh sách hồ sơ', captured_at: new Date().toISOString() } },
    ]);
    expect(out.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(await env.DB.prepare('SELECT page_url FROM findings WHERE id = ?').bind(findingId).first()).toEqual({ page_url: CLEAN });
    expect(await env.DB.prepare('SELECT page_url FROM evidence WHERE id = ?').bind(evidenceId).first()).toEqual({ page_url: CLEAN });

    const updated = await sync([{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: findingId, base_version: 1, data: { ...data, page_url: `http://127.0.0.1:8788/#/dossiers?q=${PHONE}` } }]);
    expect(updated.results[0]?.status).toBe('applied');
    expect(await env.DB.prepare('SELECT page_url FROM findings WHERE id = ?').bind(findingId).first()).toEqual({ page_url: 'http://127.0.0.1:8788/#/dossiers?q=***' });

    const detail = await api(`/findings/${findingId}`, { token: w.lead.token });
    expectClean(await detail.text());
  });

  it('POST /findings/{id}/evidence', async () => {
    const finding = await makeFinding({ auditId: w.auditId, unitId: w.unitId, itemId: w.items[1]!, result: 'observation', recordedBy: w.lead.id });
    const id = uuidv7();
    const res = await api(`/findings/${finding.id}/evidence`, { method: 'POST', token: w.lead.token, body: { id, kind: 'page_capture', page_url: DIRTY, quote: 'Chi tiết hồ sơ', captured_at: new Date().toISOString() } });
    expect(res.status).toBe(201);
    expect((await json<{ page_url: string }>(res)).page_url).toBe(CLEAN);
    expect(await env.DB.prepare('SELECT page_url FROM evidence WHERE id = ?').bind(id).first()).toEqual({ page_url: CLEAN });
  });
});

describe('exports redact page URLs stored before the rule', () => {
  it('export.csv "Trang" and annotations.jsonld targets', async () => {
    // Rows as an older server stored them: the URL in clear.
    const finding = await makeFinding({ auditId: w.auditId, unitId: w.unitId, itemId: w.items[2]!, result: 'nc_minor', recordedBy: w.lead.id });
    await env.DB.prepare('UPDATE findings SET page_url = ? WHERE id = ?').bind(DIRTY, finding.id).run();
    const evidenceId = uuidv7();
    await env.DB.prepare(
      `INSERT INTO evidence (id, finding_id, purpose, kind, page_url, page_title, selectors, quote, fields, captured_at, captured_by)
       VALUES (?, ?, 'finding', 'page_capture', ?, 'Danh sách hồ sơ', '[]', 'Danh sách hồ sơ', '{}', ?, ?)`,
    )
      .bind(evidenceId, finding.id, DIRTY, new Date().toISOString(), w.lead.id)
      .run();

    const csv = await (await api(`/audits/${w.auditId}/export.csv`, { token: w.lead.token })).text();
    expectClean(csv);
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    const column = header!.split(',').indexOf('Trang');
    expect(column).toBeGreaterThan(0);
    const row = rows.find((r) => r.endsWith(finding.id));
    expect(row?.split(',')[column]).toBe(CLEAN);

    const annotations = await (await api(`/audits/${w.auditId}/annotations.jsonld`, { token: w.lead.token })).text();
    expectClean(annotations);
    const doc = JSON.parse(annotations) as { first?: { items: { id: string; target: { source: string } }[] } };
    expect(doc.first?.items.find((i) => i.id === `urn:uuid:${evidenceId}`)?.target.source).toBe(CLEAN);

    // The API's own reads: the finding, its evidence, the list and the pull.
    const detail = await (await api(`/findings/${finding.id}`, { token: w.lead.token })).text();
    expectClean(detail);
    const parsed = JSON.parse(detail) as { page_url: string; evidence: { id: string; page_url: string }[] };
    expect(parsed.page_url).toBe(CLEAN);
    expect(parsed.evidence.find((e) => e.id === evidenceId)?.page_url).toBe(CLEAN);
    expectClean(await (await api(`/findings?audit=${w.auditId}`, { token: w.lead.token })).text());
    expectClean(await (await api(`/audits/${w.auditId}/findings?since=0`, { token: w.lead.token })).text());
  });
});
