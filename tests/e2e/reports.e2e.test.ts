// Reports (issue 15) read by a second, independent reader: every DOCX and XLSX the Worker generates is downloaded
// through the API and converted by LibreOffice headless in one soffice call; the PDFs are checked with poppler
// (pdfinfo page size, pdffonts substitutes, pdftotext figures against GET /summary) and rendered to PNG for a person
// to look at (test-results/reports/). The DOCX's own section properties (A4, Decree 30 margins) and fonts are read
// from word/document.xml and word/styles.xml. Then, in Chromium: the lead writes conclusions and downloads the
// audit report from the audit page, the leader downloads the compliance report from the compliance page (download
// events), the compliance page prints as a clean A4 report, and axe finds nothing serious in either language.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync, inflateRawSync } from 'node:zlib';
import { uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { launchBrowser, screenshot, type Browser } from './browser.ts';
import { parseCsv } from '../fixtures/csv.ts';
import { ADMIN, api, base, call, HEAD, LEAD, LEADER, setLang, signIn, token } from './dashboard/helpers.ts';

const OUT = path.resolve('test-results', 'reports');

/** The poppler and LibreOffice tools this file needs, or a message saying how to get them. */
function requireTools(): void {
  const missing = ['soffice', 'pdfinfo', 'pdffonts', 'pdftotext', 'pdftoppm'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not found: the report tests open every DOCX and XLSX with LibreOffice headless and poppler. Install them with apt-get install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 (.ci/run does this).`,
    );
  }
}

// ── A tiny ZIP reader (central directory + stored/deflated entries) for the DOCX and XLSX parts ──────────────────
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a ZIP archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 0 ? raw : inflateRawSync(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

// ── A screenshot-like PNG: a dossier page mock-up with a masked (black) band, as the extension stores them ─────────
function pngOf(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) rows.set(pixel(x, y), y * (width * 3 + 1) + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
const SCREENSHOT = pngOf(640, 400, (x, y) => {
  if (y < 48) return [21, 101, 192]; // the system's header bar
  if (y > 150 && y < 176 && x > 200 && x < 420) return [0, 0, 0]; // a masked CCCD number
  if (y > 70 && (y - 70) % 40 < 2) return [200, 205, 212]; // table rule lines
  if (x > 40 && x < 180 && y > 70 && (y - 70) % 40 > 12 && (y - 70) % 40 < 24) return [90, 96, 104]; // label text
  return [255, 255, 255];
});

const vnToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const twipsToMm = (t: number) => (t * 25.4) / 1440;

interface Summary {
  total: { numerator: number; denominator: number; compliance_rate: number | null };
  rows: { key: string; label: string | null; numerator: number; denominator: number }[];
}

describe('reports', () => {
  let lead: string;
  let leader: string;
  let audit: { id: string; code: string };
  let unit: { id: string; name: string };
  /** The unit head, owner of the planned action (owners are accounts of the unit). */
  let owner: { id: string; display_name: string };
  let leaderUnit: { id: string; name: string };
  let work: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireTools();
    mkdirSync(OUT, { recursive: true });
    work = mkdtempSync(path.join(tmpdir(), 'onestop-reports-'));
    const [admin, headTok] = await Promise.all([token(ADMIN), token(HEAD)]);
    [lead, leader] = await Promise.all([token(LEAD), token(LEADER)]);
    const [leadMe, headMe, leaderMe] = await Promise.all([
      api<{ user: { id: string } }>(lead, 'GET', '/auth/me'),
      api<{ user: { id: string; display_name: string }; unit: { id: string; name: string } }>(headTok, 'GET', '/auth/me'),
      api<{ unit: { id: string; name: string } }>(leader, 'GET', '/auth/me'),
    ]);
    unit = headMe.unit;
    owner = headMe.user;
    leaderUnit = leaderMe.unit;
    // The pinned checklist version of a seeded audit; this file plans its own audit with it.
    const seeded = await api<{ items: { id: string }[] }>(lead, 'GET', '/audits');
    const detail = await api<{ checklists: { version_id: string }[] }>(lead, 'GET', `/audits/${seeded.items[0]!.id}`);
    const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
    audit = await api<{ id: string; code: string }>(admin, 'POST', '/audits', {
      code: `KT-BC-${suffix}`,
      title: `Kiểm tra việc giải quyết thủ tục hành chính tại Bộ phận Một cửa (báo cáo ${suffix})`,
      kind: 'inspection',
      owner_unit_id: leaderUnit.id,
      planned_start: '2025-03-03',
      planned_end: '2025-03-07',
      scope_note: 'Hồ sơ tiếp nhận trong quý I; chọn mẫu hồ sơ trễ hạn.',
      unit_ids: [unit.id],
      version_ids: [detail.checklists[0]!.version_id],
      lead_user_id: leadMe.user.id,
      member_ids: [],
    });
    await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'in_progress' });
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${audit.id}/checklist?unit=${unit.id}`);
    const items = checklist.items;
    const now = new Date().toISOString();
    const nc = uuidv7();
    const results = ['conform', 'conform', 'observation', 'conform', 'nc_minor', 'conform', 'ofi', 'not_applicable'] as const;
    const ops = [
      { id: nc, item: items[0]!.id, result: 'nc_major', note: 'Hồ sơ trả kết quả trễ hạn 3 ngày, không có văn bản xin lỗi; công dân gọi 0912 345 678 phản ánh.', dossier: '000.35.24.H26-250305-0007' },
      ...results.map((result, i) => ({ id: uuidv7(), item: items[i + 1]!.id, result, note: result === 'conform' ? '' : 'Cần hoàn thiện biểu mẫu theo Nghị định 118/2025.', dossier: null })),
    ];
    await api(lead, 'POST', '/sync', {
      client_id: `e2e-reports-${suffix}`,
      ops: ops.map((o) => ({ op_id: uuidv7(), kind: 'finding.upsert', entity_id: o.id, base_version: null, data: { audit_id: audit.id, unit_id: unit.id, item_id: o.item, result: o.result, note: o.note, dossier_code: o.dossier, recorded_at: now } })),
    });
    await api(lead, 'POST', `/findings/${nc}/evidence`, {
      id: uuidv7(),
      kind: 'page_capture',
      page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-250305-0007',
      page_title: 'Chi tiết hồ sơ 000.35.24.H26-250305-0007',
      selectors: [{ type: 'TextQuoteSelector', exact: 'Trễ hạn 3 ngày', prefix: 'Tình trạng: ' }],
      quote: 'Tình trạng: Trễ hạn 3 ngày',
      fields: { dossier_code: '000.35.24.H26-250305-0007' },
      captured_at: now,
    });
    const shot = uuidv7();
    const sha256 = createHash('sha256').update(SCREENSHOT).digest('hex');
    await api(lead, 'POST', `/findings/${nc}/evidence`, { id: shot, kind: 'screenshot', page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-250305-0007', page_title: 'Chi tiết hồ sơ', sha256, mime: 'image/png', bytes: SCREENSHOT.byteLength, captured_at: now });
    const put = await fetch(`${base()}/api/v1/evidence/${shot}/blob`, { method: 'PUT', headers: { authorization: `Bearer ${lead}`, 'content-type': 'image/png', 'x-content-sha256': sha256 }, body: new Uint8Array(SCREENSHOT) });
    expect(put.status).toBe(200);
    await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'reporting', note: 'Kết thúc kiểm tra tại đơn vị, chuyển sang báo cáo.' });
    await api(headTok, 'POST', `/findings/${nc}/response`, {
      decision: 'accept',
      root_cause: 'Chưa theo dõi hạn xử lý trên hệ thống.',
      action: 'Bật cảnh báo hồ sơ sắp đến hạn và rà soát hằng tuần.',
      owner_user_id: owner.id,
      due_date: new Date(Date.now() + 7 * 3600_000 + 30 * 86_400_000).toISOString().slice(0, 10),
    });
    await api(lead, 'PUT', `/audits/${audit.id}/report-text`, {
      conclusions: 'Đơn vị cơ bản thực hiện đúng quy trình tiếp nhận và trả kết quả.\nCòn hồ sơ trả kết quả trễ hạn chưa có văn bản xin lỗi.',
      recommendations: 'Thủ trưởng đơn vị chỉ đạo rà soát hồ sơ sắp đến hạn hằng tuần.',
      doc_number: '7',
      place: 'Hà Nội',
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-reports-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('generates DOCX and XLSX files that LibreOffice opens, with the Decree 30 layout and the figures of GET /summary', async () => {
    const files: [string, string, string][] = [
      ['audit-report.docx', lead, `/audits/${audit.id}/report.docx`],
      ['audit-findings.xlsx', lead, `/audits/${audit.id}/findings.xlsx`],
      ['audit-actions.xlsx', lead, `/audits/${audit.id}/actions.xlsx`],
      ['compliance-report.docx', leader, `/summary/report.docx?unit=${leaderUnit.id}`],
      ['period-findings.xlsx', leader, `/summary/findings.xlsx?unit=${leaderUnit.id}`],
      ['period-actions.xlsx', leader, `/summary/actions.xlsx?unit=${leaderUnit.id}`],
    ];
    for (const [name, tok, apiPath] of files) {
      const res = await call(tok, 'GET', apiPath);
      expect(res.status, apiPath).toBe(200);
      expect(res.headers.get('content-disposition'), apiPath).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
      writeFileSync(path.join(work, name), Buffer.from(await res.arrayBuffer()));
    }

    // Two soffice calls: the DOCX files to PDF, the XLSX files to CSV (UTF-8); each profile lives in the work
    // directory so runs never share one.
    const soffice = (args: string[]) => {
      const started = performance.now();
      const res = spawnSync('soffice', [`-env:UserInstallation=file://${path.join(work, 'lo-profile')}`, '--headless', '--norestore', ...args], { encoding: 'utf8', timeout: 120_000 });
      expect(res.status, res.stderr).toBe(0);
      return (performance.now() - started) / 1000;
    };
    const docxFiles = files.map(([n]) => n).filter((n) => n.endsWith('.docx'));
    const xlsxFiles = files.map(([n]) => n).filter((n) => n.endsWith('.xlsx'));
    const pdfSeconds = soffice(['--convert-to', 'pdf', '--outdir', path.join(work, 'pdf'), ...docxFiles.map((n) => path.join(work, n))]);
    const csvSeconds = soffice(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', path.join(work, 'csv'), ...xlsxFiles.map((n) => path.join(work, n))]);
    console.log(`soffice: ${docxFiles.length} DOCX → PDF in ${pdfSeconds.toFixed(1)} s; ${xlsxFiles.length} XLSX → CSV in ${csvSeconds.toFixed(1)} s`);
    expect(readdirSync(path.join(work, 'pdf')).sort()).toEqual(docxFiles.map((n) => n.replace(/\.docx$/, '.pdf')).sort());
    expect(readdirSync(path.join(work, 'csv')).sort()).toEqual(xlsxFiles.map((n) => n.replace(/\.xlsx$/, '.csv')).sort());
    const pdf = (name: string) => path.join(work, 'pdf', name);
    const text = (name: string) => execFileSync('pdftotext', ['-layout', pdf(name), '-'], { encoding: 'utf8' });
    // Reading order (not -layout), so the two columns of the header table come out one after the other.
    const flat = (name: string) => execFileSync('pdftotext', [pdf(name), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

    // ── The audit report ──
    const docx = unzip(readFileSync(path.join(work, 'audit-report.docx')));
    const documentXml = docx.get('word/document.xml')!.toString('utf8');
    const sectPr = documentXml.slice(documentXml.lastIndexOf('<w:sectPr'));
    const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"/.exec(sectPr)!;
    expect(twipsToMm(Number(size[1]))).toBeCloseTo(210, 0);
    expect(twipsToMm(Number(size[2]))).toBeCloseTo(297, 0);
    const margin = (side: string) => twipsToMm(Number(new RegExp(`w:${side}="(\\d+)"`).exec(/<w:pgMar [^>]+>/.exec(sectPr)![0])![1]));
    expect(margin('top')).toBeGreaterThanOrEqual(19.9);
    expect(margin('top')).toBeLessThanOrEqual(25.1);
    expect(margin('bottom')).toBeGreaterThanOrEqual(19.9);
    expect(margin('bottom')).toBeLessThanOrEqual(25.1);
    expect(margin('left')).toBeGreaterThanOrEqual(29.9);
    expect(margin('left')).toBeLessThanOrEqual(35.1);
    expect(margin('right')).toBeGreaterThanOrEqual(14.9);
    expect(margin('right')).toBeLessThanOrEqual(20.1);
    const styles = docx.get('word/styles.xml')!.toString('utf8');
    expect(styles).toMatch(/<w:rFonts w:ascii="Times New Roman"/);
    expect(styles).toMatch(/<w:sz w:val="28"\/>/); // 14 pt body
    expect([...docx.keys()].filter((k) => k.startsWith('word/media/'))).toHaveLength(1);

    const info = execFileSync('pdfinfo', [pdf('audit-report.pdf')], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(w)).toBeCloseTo(595.3, 0);
    expect(Number(h)).toBeCloseTo(841.9, 0);
    const fonts = execFileSync('pdffonts', [pdf('audit-report.pdf')], { encoding: 'utf8' });
    console.log(`pdffonts (audit report):\n${fonts}`);
    // Times New Roman itself, or the metric-compatible serif LibreOffice substitutes for it (Liberation Serif).
    expect(fonts).toMatch(/Times|LiberationSerif|Liberation Serif/);

    const report = flat('audit-report.pdf');
    for (const part of ['CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 07/BC-ĐKT', 'BÁO CÁO', `Kết quả kiểm tra ${audit.code}`, 'I. PHẠM VI, THÀNH PHẦN, THỜI GIAN VÀ PHƯƠNG PHÁP KIỂM TRA', 'II. KẾT QUẢ KIỂM TRA THEO ĐIỀU KHOẢN ISO 9001', 'III. CÁC ĐIỂM KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC', 'IV. KẾT LUẬN', 'V. KIẾN NGHỊ', 'Nơi nhận:', 'TRƯỞNG ĐOÀN', '000.35.24.H26-250305-0007', 'Tình trạng: Trễ hạn 3 ngày', owner.display_name, 'Còn hồ sơ trả kết quả trễ hạn chưa có văn bản xin lỗi.']) {
      expect(report, part).toContain(part);
    }
    expect(report).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);
    expect(report).not.toContain('0912 345 678');
    // Its figures are those of GET /summary for this audit, rooted at the audited unit (the only one).
    const bySummary = await api<Summary>(lead, 'GET', `/summary?audit=${audit.id}&unit=${unit.id}&by=clause`);
    expect(report).toContain(`(${bySummary.total.numerator}/${bySummary.total.denominator} điểm trọng số)`);
    const lines = text('audit-report.pdf').split('\n');
    for (const row of bySummary.rows.filter((r) => r.denominator > 0)) {
      const line = lines.find((l) => l.trim().startsWith(`${row.key} `) && l.includes(`${row.numerator}/${row.denominator}`));
      expect(line, `clause ${row.key} ${row.numerator}/${row.denominator}`).toBeDefined();
    }

    // ── The compliance report ──
    const compliance = flat('compliance-report.pdf');
    const byUnit = await api<Summary>(leader, 'GET', `/summary?unit=${leaderUnit.id}&by=unit`);
    expect(compliance).toContain(`(${byUnit.total.numerator}/${byUnit.total.denominator} điểm trọng số)`);
    for (const part of ['Tình hình tuân thủ ISO 9001', 'III. KẾT QUẢ THEO ĐƠN VỊ', 'IV. KẾT QUẢ THEO ĐIỀU KHOẢN ISO 9001', 'V. KẾT QUẢ THEO THÁNG', 'VI. KẾT QUẢ THEO CUỘC KIỂM TRA', audit.code, 'Nơi nhận:']) expect(compliance, part).toContain(part);
    for (const row of byUnit.rows.filter((r) => r.denominator > 0 && r.label)) expect(compliance, row.label!).toContain(`${row.numerator}/${row.denominator}`);

    // ── The registers, as LibreOffice Calc reads them: Vietnamese headers, dates dd/mm/yyyy, masked text ──
    const csv = (name: string) => parseCsv(readFileSync(path.join(work, 'csv', name), 'utf8'), 'any');
    const [findingsHead, ...findingsRows] = csv('audit-findings.csv');
    expect(findingsHead!.slice(0, 8)).toEqual(['STT', 'Mã cuộc kiểm tra', 'Mã đơn vị', 'Đơn vị', 'Mã tiêu chí', 'Điều khoản', 'Nội dung kiểm tra', 'Kết quả']);
    expect(findingsRows).toHaveLength(9);
    const recordedAt = findingsHead!.indexOf('Ngày ghi nhận');
    for (const row of findingsRows) {
      expect(row[1]).toBe(audit.code);
      expect(row[recordedAt]).toBe(dmy(vnToday()));
    }
    expect(findingsRows.map((r) => r[7])).toContain('Không phù hợp nặng');
    expect(findingsRows.flat().join(' ')).not.toContain('0912 345 678');
    const [actionsHead, ...actionsRows] = csv('audit-actions.csv');
    expect(actionsRows).toHaveLength(2);
    const planned = actionsRows.find((r) => r[actionsHead!.indexOf('Người chịu trách nhiệm')] === owner.display_name)!;
    expect(planned[actionsHead!.indexOf('Hạn hoàn thành')]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(planned[actionsHead!.indexOf('Quá hạn')]).toBe('Không');
    const sheet = unzip(readFileSync(path.join(work, 'audit-findings.xlsx')));
    expect(sheet.get('xl/styles.xml')!.toString('utf8')).toContain('formatCode="dd/mm/yyyy"');
    expect(csv('period-findings.csv').some((r) => r[1] === audit.code)).toBe(true);
    expect(csv('period-actions.csv')[0]).toContain('Hạn hoàn thành');

    // Pages for a person to look at.
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '3', pdf('audit-report.pdf'), path.join(OUT, 'audit-report')]);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '2', pdf('compliance-report.pdf'), path.join(OUT, 'compliance-report')]);
    for (const [name] of files) copyFileSync(path.join(work, name), path.join(OUT, name));
    expect(readdirSync(OUT).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(3);
  });

  it('lets the lead write conclusions and download the audit report from the audit page', async () => {
    browser = await launchBrowser();
    page = await signIn(browser, LEAD);
    await page.goto(`${base()}/audits/${audit.id}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Báo cáo kết quả kiểm tra' }) });
    await card.waitFor();
    const conclusions = card.getByLabel('Kết luận');
    await expect.poll(() => conclusions.inputValue()).toContain('Còn hồ sơ trả kết quả trễ hạn');
    // Bad input gets a readable message, and nothing is saved.
    await card.getByLabel('Số văn bản').fill('7a');
    await card.getByRole('button', { name: 'Lưu kết luận và kiến nghị' }).click();
    await card.getByText('Số văn bản chỉ gồm tối đa 6 chữ số.').waitFor();
    await card.getByLabel('Số văn bản').fill('8');
    await conclusions.fill('Đơn vị cơ bản tuân thủ; còn một điểm không phù hợp nặng về trả kết quả trễ hạn.');
    await card.getByRole('button', { name: 'Lưu kết luận và kiến nghị' }).click();
    await card.getByText('Đã lưu kết luận và kiến nghị.').waitFor();
    const saved = await api<{ conclusions: string; doc_number: string; version: number }>(lead, 'GET', `/audits/${audit.id}/report-text`);
    expect(saved).toMatchObject({ conclusions: 'Đơn vị cơ bản tuân thủ; còn một điểm không phù hợp nặng về trả kết quả trễ hạn.', doc_number: '8' });

    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Tải báo cáo (Word)' }).click()]);
    expect(download.suggestedFilename()).toBe(`Báo cáo kiểm tra ${audit.code}.docx`);
    const file = path.join(work, 'from-page.docx');
    await download.saveAs(file);
    const xml = unzip(readFileSync(file)).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('Đơn vị cơ bản tuân thủ; còn một điểm không phù hợp nặng về trả kết quả trễ hạn.');
    expect(xml).toContain('Số: 08/BC-ĐKT');

    expect(await seriousViolations(page)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-audit-card-vi');
    await setLang(page, 'en');
    await page.getByRole('heading', { name: 'Audit report' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'reports-audit-card-en');
    await setLang(page, 'vi');
    await page.close();
  });

  it('lets the leader download the compliance report from the compliance page, and print the page as A4', async () => {
    await browser.context.clearCookies();
    page = await signIn(browser, LEADER);
    await page.goto(`${base()}/compliance`);
    const button = page.getByRole('button', { name: 'Tải báo cáo tuân thủ (Word)' });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`Báo cáo tuân thủ ${leaderUnit.name}.docx`);
    const file = path.join(work, 'compliance-from-page.docx');
    await download.saveAs(file);
    const xml = unzip(readFileSync(file)).get('word/document.xml')!.toString('utf8');
    const byUnit = await api<Summary>(leader, 'GET', `/summary?unit=${leaderUnit.id}`);
    expect(xml).toContain(`(${byUnit.total.numerator}/${byUnit.total.denominator} điểm trọng số)`);
    await page.getByText(`Đã tải “Báo cáo tuân thủ ${leaderUnit.name}.docx”.`).waitFor();

    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'reports-compliance-vi');
    await setLang(page, 'en');
    await page.getByRole('button', { name: 'Download the compliance report (Word)' }).waitFor();
    await page.getByText(`Downloaded “Báo cáo tuân thủ ${leaderUnit.name}.docx”.`).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'reports-compliance-en');
    await setLang(page, 'vi');

    // Print: no navigation, filters or buttons; A4 pages.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await page.locator('form.filters').first().isVisible()).toBe(false);
    expect(await button.isVisible()).toBe(false);
    expect(await page.locator('table').first().isVisible()).toBe(true);
    const printed = path.join(work, 'compliance-print.pdf');
    await page.pdf({ path: printed, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [printed], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(w)).toBeCloseTo(595.3, 0);
    expect(Number(h)).toBeCloseTo(841.9, 0);
    expect(execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8' })).not.toContain('Tải báo cáo tuân thủ');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', printed, path.join(OUT, 'compliance-print')]);
    await page.emulateMedia({ media: 'screen' });
  });
});
