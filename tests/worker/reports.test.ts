// Reports (issue 15): who may download the audit report, the compliance report and the registers; problem+json on
// bad input; content types and Vietnamese file names; the report texts the lead saves (size limits, versions, event
// log); and what the generated files hold (Decree 30 layout facts, the figures of GET /summary, masked text,
// embedded screenshots only where the extension masked them). LibreOffice reads the same files in
// tests/e2e/reports.e2e.test.ts.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeAction, makeAudit, makeChecklist, makeEvidence, makeFinding } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The parts of a ZIP archive (DOCX and XLSX are ZIPs), read from its central directory with the platform's inflate. */
async function zipOf(res: Response): Promise<Record<string, Uint8Array>> {
  const buf = new Uint8Array(await res.arrayBuffer());
  const view = new DataView(buf.buffer);
  let eocd = buf.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a ZIP archive');
  const out: Record<string, Uint8Array> = {};
  let p = view.getUint32(eocd + 16, true);
  for (let i = view.getUint16(eocd + 10, true); i > 0; i--) {
    const method = view.getUint16(p + 10, true);
    const size = view.getUint32(p + 20, true);
    const nameLen = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = buf.slice(start, start + size);
    out[name] = method === 0 ? raw : new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());
    p += 46 + nameLen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
}
const xmlOf = (zip: Record<string, Uint8Array>, name: string) => {
  const file = zip[name];
  if (!file) throw new Error(`${name} is not in the archive (has ${Object.keys(zip).join(', ')})`);
  return new TextDecoder().decode(file);
};
/** The visible text of a WordprocessingML part: every w:t run joined. */
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

/** A reporting audit over two communes with an NC in each, one with a masked screenshot, one with a unit head's file. */
async function world() {
  const tree = await makeTree();
  const checklist = await makeChecklist({ items: [{ clause: '8.5.1', weight: 3 }, { clause: '8.5.2', weight: 2 }, { clause: '7.1.2', weight: 1 }] });
  const lead = await signedIn('inspector', tree.province);
  const member = await signedIn('inspector', tree.province);
  const audit = await makeAudit({ ownerUnitId: tree.province, unitIds: [tree.communeA, tree.communeB], versionId: checklist.versionId, leadId: lead.id, memberIds: [member.id], status: 'reporting' });
  const ncA = await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[0]!.id, result: 'nc_major', recordedBy: lead.id, note: 'Trả kết quả trễ hạn, gọi 0912345678 để hỏi', dossierCode: 'HS-000123' });
  await makeAction(ncA.id, { dueDate: '2026-01-10' });
  await env.DB.prepare("UPDATE findings SET status = 'action_planned' WHERE id = ?").bind(ncA.id).run();
  const ncB = await makeFinding({ auditId: audit.id, unitId: tree.communeB, itemId: checklist.items[1]!.id, result: 'nc_minor', recordedBy: lead.id, note: 'Chưa niêm yết thủ tục mới' });
  await makeFinding({ auditId: audit.id, unitId: tree.communeA, itemId: checklist.items[2]!.id, result: 'conform', recordedBy: lead.id });
  await makeFinding({ auditId: audit.id, unitId: tree.communeB, itemId: checklist.items[0]!.id, result: 'conform', recordedBy: lead.id });
  const shot = await makeEvidence({ findingId: ncA.id, auditId: audit.id, capturedBy: lead.id, upload: true });
  await env.DB.prepare("UPDATE evidence SET quote = 'Ngày hẹn trả: 12/01/2026, CCCD 012345678901' WHERE id = ?").bind(shot.id).run();
  const headA = await signedIn('unit_head', tree.communeA);
  await makeEvidence({ findingId: ncA.id, auditId: audit.id, capturedBy: headA.id, upload: true, purpose: 'response' });
  return { tree, checklist, lead, member, audit, ncA, ncB, headA };
}

describe('GET /audits/{id}/report.docx', () => {
  it('is a Word document for the team, admins and leaders of the subtree, with a Vietnamese file name', async () => {
    const w = await world();
    const admin = await signedIn('admin', w.tree.province);
    const leader = await signedIn('leader', w.tree.province);
    for (const token of [w.lead.token, w.member.token, admin.token, leader.token]) {
      const res = await api(`/audits/${w.audit.id}/report.docx`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(DOCX);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toContain(`filename="Bao cao kiem tra ${w.audit.code}.docx"`);
      expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`Báo cáo kiểm tra ${w.audit.code}.docx`)}`);
      const zip = await zipOf(res);
      expect(Object.keys(zip)).toContain('word/document.xml');
    }
  });

  it('is refused to strangers (401, 404) and, before reporting, to the unit head', async () => {
    const w = await world();
    expect((await api(`/audits/${w.audit.id}/report.docx`)).status).toBe(401);
    const other = await makeTree();
    const strangers = [await signedIn('inspector', w.tree.province), await signedIn('leader', other.province), await signedIn('unit_head', other.communeA)];
    for (const s of strangers) {
      const res = await api(`/audits/${w.audit.id}/report.docx`, { token: s.token });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await json(res)).code).toBe('not_found');
    }
    await env.DB.prepare("UPDATE audits SET status = 'in_progress', reporting_at = NULL WHERE id = ?").bind(w.audit.id).run();
    expect((await api(`/audits/${w.audit.id}/report.docx`, { token: w.headA.token })).status).toBe(404);
  });

  it('answers 400 problem+json for an id that is not a UUID', async () => {
    const w = await world();
    const res = await api('/audits/not-an-id/report.docx', { token: w.lead.token });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await json(res)).code).toBe('validation_failed');
  });

  it('lays the report out per Decree 30 and quotes the figures of GET /summary', async () => {
    const w = await world();
    const zip = await zipOf(await api(`/audits/${w.audit.id}/report.docx`, { token: w.lead.token }));
    const xml = xmlOf(zip, 'word/document.xml');
    const text = textOf(xml);
    // A4 portrait (twips) and the decree's margins: top/bottom 20 mm, left 30 mm, right 15 mm.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(xmlOf(zip, 'word/styles.xml')).toContain('w:ascii="Times New Roman"');
    for (const part of ['CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: ', '/BC-ĐKT', 'BÁO CÁO', `Kết quả kiểm tra ${w.audit.code}`, 'I. PHẠM VI', 'II. KẾT QUẢ KIỂM TRA THEO ĐIỀU KHOẢN ISO 9001', 'III. CÁC ĐIỂM KHÔNG PHÙ HỢP', 'KẾT LUẬN', 'KIẾN NGHỊ', 'Nơi nhận:', 'Lưu: VT, ĐKT.', 'TRƯỞNG ĐOÀN', 'HS-000123']) {
      expect(text).toContain(part);
    }
    expect(text).toMatch(/ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(text).toBe(text.normalize('NFC'));
    // Citizen data masked: the phone in the note and the CCCD in the quote.
    expect(text).not.toContain('0912345678');
    expect(text).not.toContain('012345678901');
    // The figures: the same as GET /summary for this audit, rooted at the province (both communes lie under it).
    const summary = await json<{ total: { numerator: number; denominator: number; compliance_rate: number }; rows: { key: string; numerator: number; denominator: number }[] }>(
      await api(`/summary?audit=${w.audit.id}&unit=${w.tree.province}&by=clause`, { token: w.lead.token }),
    );
    expect(text).toContain(`(${summary.total.numerator}/${summary.total.denominator} điểm trọng số)`);
    for (const row of summary.rows) expect(text).toContain(`${row.key}`);
    expect(summary.total.numerator).toBe(4);
    expect(summary.total.denominator).toBe(9);
    expect(text).toContain('Tỷ lệ phù hợp chung: 44,4%');
    // The masked screenshot is embedded once; the unit head's file (not masked by anyone) is not.
    expect(Object.keys(zip).filter((n) => n.startsWith('word/media/'))).toHaveLength(1);
    // The header row of every table repeats on each page and rows are never split.
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
  });

  it('gives a unit head in reporting only their own unit', async () => {
    const w = await world();
    const res = await api(`/audits/${w.audit.id}/report.docx`, { token: w.headA.token });
    expect(res.status).toBe(200);
    const text = textOf(xmlOf(await zipOf(res), 'word/document.xml'));
    expect(text).toContain('Trả kết quả trễ hạn');
    expect(text).not.toContain('Chưa niêm yết thủ tục mới');
    const summary = await json<{ total: { numerator: number; denominator: number } }>(await api(`/summary?audit=${w.audit.id}&unit=${w.tree.communeA}&by=clause`, { token: w.headA.token }));
    expect(text).toContain(`(${summary.total.numerator}/${summary.total.denominator} điểm trọng số)`);
  });
});

describe('the report texts (PUT/GET /audits/{id}/report-text)', () => {
  it('are saved by the lead only, versioned, logged, and written into the report', async () => {
    const w = await world();
    const empty = await json(await api(`/audits/${w.audit.id}/report-text`, { token: w.member.token }));
    expect(empty).toMatchObject({ conclusions: '', version: null, can_edit: false });

    const body = { conclusions: 'Đơn vị cơ bản tuân thủ.\nCòn trả kết quả trễ hạn.', recommendations: 'Rà soát quy trình theo dõi hạn.', doc_number: '5', place: 'Hà Nội' };
    expect((await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.member.token, body })).status).toBe(403);
    const saved = await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.lead.token, body });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ version: 1, can_edit: true, place: 'Hà Nội' });
    // A second first save, or a stale version, conflicts.
    const again = await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.lead.token, body });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('version_conflict');
    expect((await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.lead.token, body: { ...body, version: 1 } })).status).toBe(200);
    expect((await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.lead.token, body: { ...body, version: 1 } })).status).toBe(409);

    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE entity_id = ? AND type = 'audit.report_text_saved'").bind(w.audit.id).first<{ n: number }>();
    expect(events?.n).toBe(2);

    const text = textOf(xmlOf(await zipOf(await api(`/audits/${w.audit.id}/report.docx`, { token: w.lead.token })), 'word/document.xml'));
    expect(text).toContain('Còn trả kết quả trễ hạn.');
    expect(text).toContain('Rà soát quy trình theo dõi hạn.');
    expect(text).toContain('Số: 05/BC-ĐKT');
    expect(text).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);
  });

  it('refuses oversized or malformed texts with problem+json naming the field', async () => {
    const w = await world();
    const cases: [unknown, string][] = [
      [{ conclusions: 'x'.repeat(8001), recommendations: '' }, '$.conclusions'],
      [{ conclusions: '', recommendations: '', doc_number: '5a' }, '$.doc_number'],
      [{ conclusions: '', recommendations: '', place: 'Hà\nNội' }, '$.place'],
      [{ conclusions: '', recommendations: '', extra: 1 }, '$'],
      [{ conclusions: 'a\u0000b', recommendations: '' }, '$.conclusions'],
    ];
    for (const [body, path] of cases) {
      const res = await api(`/audits/${w.audit.id}/report-text`, { method: 'PUT', token: w.lead.token, body });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await json<{ code: string; errors: { path: string }[] }>(res);
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
    const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM audit_report_texts WHERE audit_id = ?').bind(w.audit.id).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });
});

describe('GET /summary/report.docx', () => {
  it('reports a unit and period to its leader with the figures of GET /summary', async () => {
    const w = await world();
    const leader = await signedIn('leader', w.tree.province);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const res = await api(`/summary/report.docx?unit=${w.tree.province}&from=2020-01-01&to=${today}`, { token: leader.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Báo cáo tuân thủ Tỉnh Thử nghiệm 2020-01-01_${today}.docx`)}`);
    const zip = await zipOf(res);
    const xml = xmlOf(zip, 'word/document.xml');
    const text = textOf(xml);
    const summary = await json<{ total: { numerator: number; denominator: number } }>(await api(`/summary?unit=${w.tree.province}&from=2020-01-01&to=${today}`, { token: leader.token }));
    expect(text).toContain(`(${summary.total.numerator}/${summary.total.denominator} điểm trọng số)`);
    for (const part of ['CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Tình hình tuân thủ ISO 9001', 'III. KẾT QUẢ THEO ĐƠN VỊ', 'IV. KẾT QUẢ THEO ĐIỀU KHOẢN', 'Huyện A', 'Huyện B', '8.5', 'Hành động khắc phục quá hạn:', 'Nơi nhận:']) {
      expect(text).toContain(part);
    }
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  });

  it('answers 404 for a unit outside the caller\'s subtree and 400 for a bad period', async () => {
    const w = await world();
    const leaderA = await signedIn('leader', w.tree.districtA);
    const outside = await api(`/summary/report.docx?unit=${w.tree.districtB}`, { token: leaderA.token });
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    for (const q of ['from=2026-02-30', 'from=2026-03-01&to=2026-02-01', 'unit=123']) {
      const res = await api(`/summary/report.docx?${q}`, { token: leaderA.token });
      expect(res.status).toBe(400);
      expect((await json(res)).code).toBe('validation_failed');
    }
  });
});

describe('the XLSX registers', () => {
  it('list the findings and the corrective actions with Vietnamese headers and dd/mm/yyyy dates', async () => {
    const w = await world();
    const res = await api(`/audits/${w.audit.id}/findings.xlsx`, { token: w.lead.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`Sổ phát hiện ${w.audit.code}.xlsx`)}`);
    const zip = await zipOf(res);
    const strings = xmlOf(zip, 'xl/sharedStrings.xml');
    for (const h of ['Mã cuộc kiểm tra', 'Điều khoản', 'Kết quả', 'Ngày ghi nhận', 'Không phù hợp nặng']) expect(strings).toContain(h);
    expect(strings).not.toContain('0912345678');
    expect(xmlOf(zip, 'xl/styles.xml')).toContain('formatCode="dd/mm/yyyy"');
    const sheet = xmlOf(zip, 'xl/worksheets/sheet1.xml');
    expect(sheet.match(/<row /g)).toHaveLength(5); // header + 4 live findings

    const actions = await api(`/audits/${w.audit.id}/actions.xlsx`, { token: w.lead.token });
    expect(actions.status).toBe(200);
    const azip = await zipOf(actions);
    const astrings = xmlOf(azip, 'xl/sharedStrings.xml');
    for (const h of ['Hạn hoàn thành', 'Quá hạn', 'Trần Thị Hoa', 'Ban hành quy trình theo dõi hồ sơ sắp đến hạn']) expect(astrings).toContain(h);
    expect(xmlOf(azip, 'xl/worksheets/sheet1.xml').match(/<row /g)).toHaveLength(3); // header + 2 NCs
  });

  it('scope a unit head to their unit and a leader to their subtree and period', async () => {
    const w = await world();
    const head = await zipOf(await api(`/audits/${w.audit.id}/findings.xlsx`, { token: w.headA.token }));
    expect(xmlOf(head, 'xl/worksheets/sheet1.xml').match(/<row /g)).toHaveLength(3); // header + communeA's two
    const leaderA = await signedIn('leader', w.tree.districtA);
    const period = await api(`/summary/actions.xlsx?unit=${w.tree.districtA}`, { token: leaderA.token });
    expect(period.status).toBe(200);
    expect(xmlOf(await zipOf(period), 'xl/worksheets/sheet1.xml').match(/<row /g)).toHaveLength(2);
    const future = await api(`/summary/findings.xlsx?unit=${w.tree.districtA}&from=2099-01-01`, { token: leaderA.token });
    expect(xmlOf(await zipOf(future), 'xl/worksheets/sheet1.xml').match(/<row /g)).toHaveLength(1);
    expect((await api(`/summary/findings.xlsx?unit=${w.tree.districtB}`, { token: leaderA.token })).status).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('documents the report routes', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await api('/openapi.json'));
    for (const path of ['/audits/{id}/report.docx', '/audits/{id}/report-text', '/audits/{id}/findings.xlsx', '/audits/{id}/actions.xlsx', '/summary/report.docx', '/summary/findings.xlsx', '/summary/actions.xlsx']) {
      expect(doc.paths[`/api/v1${path}`], path).toBeDefined();
    }
    expect(Object.keys(doc.paths['/api/v1/audits/{id}/report-text'] ?? {})).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
