// The audit report ("BÁO CÁO Kết quả kiểm tra …") as a Word document laid out per Decree 30/2020/NĐ-CP: scope, team,
// period and method; results by ISO clause with the very figures GET /summary?audit=… returns (summaryFigures, not
// a second computation); every nonconformity with its grade, dossier, evidence (quote and screenshot thumbnail) and
// the state of its corrective action; sweep and sampling results; the lead inspector's conclusions and
// recommendations; "Nơi nhận:" and the signature block.
import {
  checkReportedFigures,
  compareClauses,
  planSample,
  redactText,
  ReportedFiguresSchema,
  verifySample,
  type ReportedFigures,
  type SampledDossier,
} from '@onestop/shared';
import { ImageRun, Packer, Paragraph, type FileChild } from 'docx';
import type { AuditDetailParts, AuditRow } from '../db/audits.ts';
import type { FigureSamplesRow, FiguresRow } from '../db/reported-figures.ts';
import type { RuleCountRow, SampleRow } from '../db/samples.ts';
import type { SummaryFigures } from '../db/summary.ts';
import { RESULT_VI, STATUS_VI } from '../routes/exports.ts';
import type { EvidenceRow, RegisterRow, ReportTextRow } from './data.ts';
import {
  dataTable,
  decreeDocument,
  heading,
  headerTable,
  numberLine,
  para,
  placeDateLine,
  run,
  signatureTable,
  titleBlock,
  viDate,
  viPercent,
} from './decree30.ts';
import { fitInto, imageInfo } from './images.ts';

export const AUDIT_KIND_VI: Record<AuditRow['kind'], string> = { internal: 'đánh giá nội bộ', inspection: 'kiểm tra', follow_up: 'kiểm tra lại (theo dõi khắc phục)' };

/** A screenshot to embed: its bytes were read from R2 and recognised as PNG or JPEG by their header. */
export interface Thumbnail {
  evidenceId: string;
  bytes: Uint8Array;
}

export interface AuditReportData {
  audit: AuditRow;
  parts: AuditDetailParts;
  owner: { name: string; parent_name: string | null } | null;
  leadName: string | null;
  /** The unit the figures roll up under, and the figures by clause and by unit (summaryFigures with `auditId`). */
  root: { id: string; name: string } | null;
  byClause: SummaryFigures | null;
  byUnit: SummaryFigures | null;
  nonconformities: RegisterRow[];
  evidence: Map<string, EvidenceRow[]>;
  thumbnails: Map<string, Thumbnail>;
  samples: SampleRow[];
  ruleCounts: Map<string, RuleCountRow[]>;
  figures: FiguresRow[];
  figureSamples: Map<string, FigureSamplesRow>;
  text: ReportTextRow | null;
  today: string;
}

/** Thumbnail box in pixels (docx draws images at 96 dpi): about 10.6 × 7 cm, inside the 16.5 cm text column. */
const THUMB_MAX = { width: 400, height: 265 };
/** Screenshots embedded per report and their total size: bounds on the document and on the Worker's memory. */
export const MAX_THUMBNAILS = 40;
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;
export const MAX_THUMBNAILS_TOTAL_BYTES = 16 * 1024 * 1024;

/**
 * Evidence whose picture may go into a report: screenshots and page captures the extension took for the finding
 * itself, which it masks before anything leaves the tab (DESIGN section 8). Files a unit head uploaded with a
 * response or an action were not masked by anyone, so they are listed, never shown.
 */
export function embeddable(e: EvidenceRow): boolean {
  return (
    e.purpose === 'finding' &&
    (e.kind === 'screenshot' || e.kind === 'page_capture') &&
    (e.mime === 'image/png' || e.mime === 'image/jpeg') &&
    e.blob_key !== null &&
    e.uploaded_at !== null &&
    (e.bytes ?? Infinity) <= MAX_THUMBNAIL_BYTES
  );
}

const masked = (text: string | null | undefined) => (text ? redactText(text) : '');
const resultVi = (code: string) => RESULT_VI[code as keyof typeof RESULT_VI] ?? code;
const statusVi = (code: string) => STATUS_VI[code as keyof typeof STATUS_VI] ?? code;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

function figuresOf(row: FiguresRow): ReportedFigures {
  const parsed = ReportedFiguresSchema.safeParse(JSON.parse(row.figures));
  return parsed.success ? parsed.data : {};
}

type Group = SummaryFigures['groups'][number];
/** Clause groups in ISO order (4.1 … 10.3) with at least one assessed item; the total still counts every group. */
export const assessedClauses = (groups: readonly Group[]) => [...groups].filter((g) => g.counts.assessed_items > 0).sort((a, b) => compareClauses(a.key, b.key));
export const unassessedClauses = (groups: readonly Group[]) => groups.filter((g) => g.counts.assessed_items === 0).map((g) => g.key).sort(compareClauses);
/** Units by name, as Vietnamese readers sort them. */
export const byName = (groups: readonly Group[]) => [...groups].sort((a, b) => (a.label ?? a.key).localeCompare(b.label ?? b.key, 'vi'));

function scopeSection(d: AuditReportData): FileChild[] {
  const a = d.audit;
  const lead = d.parts.members.find((m) => m.role === 'lead');
  const members = d.parts.members.filter((m) => m.role === 'member');
  const units = d.parts.units.map((u) => `${u.name} (${u.code})`).join('; ');
  const checklists = d.parts.checklists.map((c) => `${c.checklist_code} phiên bản ${c.version} — ${c.title_vi} (${c.item_count} mục)`).join('; ');
  const out: FileChild[] = [
    para(`Đơn vị được kiểm tra: ${units || '(không có)'}.`),
    para(`Bộ tiêu chí áp dụng: ${checklists || '(không có)'}.`),
  ];
  if (a.scope_note) out.push(para(`Phạm vi: ${masked(a.scope_note)}`));
  out.push(para(`Thành phần đoàn: trưởng đoàn ${lead?.display_name ?? d.leadName ?? '(chưa phân công)'}${members.length ? `; thành viên: ${members.map((m) => m.display_name).join(', ')}` : ''}.`));
  const period = [`Thời gian theo kế hoạch: từ ngày ${viDate(a.planned_start)} đến ngày ${viDate(a.planned_end)}`];
  if (a.started_at) period.push(`bắt đầu ngày ${viDate(a.started_at)}`);
  if (a.reporting_at) period.push(`họp kết thúc, chuyển sang báo cáo ngày ${viDate(a.reporting_at)}`);
  if (a.closed_at) period.push(`kết thúc ngày ${viDate(a.closed_at)}`);
  out.push(para(`${period.join('; ')}.`));
  out.push(
    para(
      'Phương pháp: đối chiếu từng tiêu chí của bộ tiêu chí (theo TCVN ISO 9001:2015) với hồ sơ, tài liệu và hệ thống thông tin giải quyết thủ tục hành chính của đơn vị; xem xét hồ sơ được chọn mẫu; thu thập bằng chứng (trích dẫn và ảnh chụp màn hình đã che thông tin cá nhân của công dân). Tỷ lệ phù hợp = tổng trọng số các mục có kết quả phù hợp, điểm lưu ý hoặc cơ hội cải tiến / tổng trọng số các mục đã đánh giá (trừ mục không áp dụng); kết quả của một mục là kết quả nặng nhất trong các phát hiện còn hiệu lực của mục đó.',
    ),
  );
  return out;
}

function resultsSection(d: AuditReportData): FileChild[] {
  if (!d.byClause || !d.root) return [para('Chưa có kết quả đánh giá trong phạm vi được xem.')];
  const total = d.byClause.total;
  const rate = total.counts.denominator > 0 ? total.counts.numerator / total.counts.denominator : null;
  const coverage = total.totalItems > 0 ? total.counts.assessed_items / total.totalItems : null;
  const nc = d.byClause.nonconformities;
  const out: FileChild[] = [
    para(
      `Tỷ lệ phù hợp chung: ${viPercent(rate)} (${total.counts.numerator}/${total.counts.denominator} điểm trọng số); đã đánh giá ${total.counts.assessed_items}/${total.totalItems} mục (độ bao phủ ${viPercent(coverage)}). Số điểm không phù hợp: ${nc.by_severity.nc_major} nặng, ${nc.by_severity.nc_minor} nhẹ; hành động khắc phục quá hạn: ${nc.overdue_actions}.`,
    ),
    para('Kết quả theo điều khoản ISO 9001 (nhóm theo hai số đầu của điều khoản), các nhóm đã có mục được đánh giá:'),
    dataTable(
      ['Điều khoản', 'Mục đã đánh giá', 'Điểm phù hợp / tổng', 'Tỷ lệ phù hợp', 'KPH nặng', 'KPH nhẹ', 'Điểm lưu ý'],
      [...assessedClauses(d.byClause.groups).map((g) => [
        g.key,
        `${g.counts.assessed_items}/${g.totalItems}`,
        `${g.counts.numerator}/${g.counts.denominator}`,
        viPercent(g.counts.denominator > 0 ? g.counts.numerator / g.counts.denominator : null),
        String(g.counts.nc_major),
        String(g.counts.nc_minor),
        String(g.counts.observation),
      ]), ['Tổng cộng', `${total.counts.assessed_items}/${total.totalItems}`, `${total.counts.numerator}/${total.counts.denominator}`, viPercent(rate), String(total.counts.nc_major), String(total.counts.nc_minor), String(total.counts.observation)]],
      [22, 24, 28, 22, 16, 16, 18],
    ),
  ];
  const notAssessed = unassessedClauses(d.byClause.groups);
  if (notAssessed.length > 0) out.push(para(`Nhóm điều khoản chưa có mục nào được đánh giá: ${notAssessed.join(', ')}.`, {}, { afterTable: true }));
  if (d.byUnit && d.byUnit.groups.length > 1) {
    out.push(para('Kết quả theo đơn vị:', {}, { afterTable: true }));
    out.push(
      dataTable(
        ['Đơn vị', 'Mục đã đánh giá', 'Tỷ lệ phù hợp', 'KPH nặng', 'KPH nhẹ'],
        byName(d.byUnit.groups).map((g) => [g.label ?? g.key, `${g.counts.assessed_items}/${g.totalItems}`, viPercent(g.counts.denominator > 0 ? g.counts.numerator / g.counts.denominator : null), String(g.counts.nc_major), String(g.counts.nc_minor)]),
        [60, 26, 24, 16, 16],
      ),
    );
  }
  return out;
}

function actionLines(f: RegisterRow, today: string): string[] {
  const lines = [`Trạng thái: ${statusVi(f.status)}.`];
  if (f.root_cause) lines.push(`Nguyên nhân: ${masked(f.root_cause)}`);
  if (f.correction) lines.push(`Khắc phục tức thời: ${masked(f.correction)}`);
  if (f.action) lines.push(`Hành động khắc phục: ${masked(f.action)}`);
  if (f.owner_name) lines.push(`Người chịu trách nhiệm: ${masked(f.owner_name)}; hạn hoàn thành: ${viDate(f.due_date)}${f.due_date && !f.done_at && f.due_date < today ? ' (quá hạn)' : ''}.`);
  if (f.done_at) lines.push(`Đã thực hiện ngày ${viDate(f.done_at)}${f.done_note ? `: ${masked(f.done_note)}` : '.'}`);
  if (f.verified_at) lines.push(`Xác minh ngày ${viDate(f.verified_at)}: ${f.effective === 1 ? 'có hiệu quả' : 'chưa hiệu quả'}${f.verification_note ? ` — ${masked(f.verification_note)}` : ''}.`);
  return lines;
}

function nonconformitySection(d: AuditReportData): FileChild[] {
  if (d.nonconformities.length === 0) return [para('Không phát hiện điểm không phù hợp trong phạm vi được xem.')];
  const out: FileChild[] = [];
  d.nonconformities.forEach((f, i) => {
    out.push(heading(`${i + 1}. ${resultVi(f.result)}: ${f.item_code} (điều ${f.item_clause}) — ${f.unit_name}`, 2));
    out.push(para(`Tiêu chí: ${f.item_text_vi}`));
    out.push(para(`Hồ sơ liên quan: ${f.dossier_code ? f.dossier_code : 'không gắn với hồ sơ cụ thể'}.`));
    if (f.note) out.push(para(`Mô tả: ${masked(f.note)}`));
    const evidence = (d.evidence.get(f.finding_id) ?? []).filter((e) => e.purpose === 'finding');
    if (evidence.length > 0) {
      out.push(para(`Bằng chứng (${evidence.length}):`));
      for (const e of evidence) {
        if (e.quote) out.push(para([run('Trích dẫn: '), run(`“${masked(e.quote)}”`, { italics: true }), ...(e.page_title ? [run(` (trang “${masked(e.page_title)}”)`)] : [])]));
        const thumb = d.thumbnails.get(e.id);
        const info = thumb ? imageInfo(thumb.bytes) : null;
        if (thumb && info) {
          const size = fitInto(info.width, info.height, THUMB_MAX.width, THUMB_MAX.height);
          out.push(
            new Paragraph({
              spacing: { after: 120 },
              keepLines: true,
              children: [
                new ImageRun({
                  type: info.type,
                  data: thumb.bytes,
                  transformation: size,
                  altText: { name: `evidence-${e.id}`, title: 'Ảnh chụp màn hình', description: `Ảnh chụp màn hình làm bằng chứng cho ${f.item_code} (đã che thông tin cá nhân)` },
                }),
              ],
            }),
          );
        } else if (e.kind !== 'page_capture' || !e.quote) {
          out.push(para(`Tệp bằng chứng ${e.kind === 'file' ? 'đính kèm' : 'ảnh chụp'} lưu trên hệ thống (mã ${e.id.slice(0, 8)}).`, { italics: true }));
        }
      }
    }
    out.push(para(`Khắc phục: ${actionLines(f, d.today).join(' ')}`));
  });
  return out;
}

function samplingSection(d: AuditReportData): FileChild[] {
  const out: FileChild[] = [];
  if (d.samples.length > 0) {
    out.push(para('Rà soát tự động danh sách hồ sơ trên hệ thống của đơn vị (mỗi lượt rà soát áp dụng bộ quy tắc kiểm tra cho từng hồ sơ):'));
    out.push(
      dataTable(
        ['Đơn vị', 'Thời điểm', 'Số hồ sơ', 'Hồ sơ có vi phạm', 'Đúng hạn / trễ hạn', 'Vi phạm theo quy tắc'],
        d.samples.map((s) => [
          s.unit_name,
          viDate(s.as_of),
          String(s.dossier_count),
          String(s.dossiers_with_violation),
          s.on_time_rule ? `${s.on_time} / ${s.late}` : '—',
          (d.ruleCounts.get(s.id) ?? []).filter((r) => r.violation > 0).map((r) => `${r.item_code}: ${r.violation}`).join('; ') || '—',
        ]),
        [34, 20, 16, 20, 22, 40],
      ),
    );
  }
  if (d.figures.length > 0) {
    out.push(para('Kiểm tra số liệu đơn vị báo cáo bằng chọn mẫu ngẫu nhiên có thể lặp lại (khoảng tin cậy Wilson 95%):'));
    out.push(
      dataTable(
        ['Đơn vị', 'Kỳ báo cáo', 'Số liệu khớp nhau', 'Cỡ mẫu', 'Tỷ lệ đúng hạn của mẫu', 'Đánh giá'],
        d.figures.map((row) => {
          const figures = figuresOf(row);
          const checks = checkReportedFigures(figures);
          const plan = planSample(figures, { margin: row.margin, expected_proportion: row.expected_proportion }, row.seed);
          const samples = d.figureSamples.get(row.id);
          const current = samples && plan && samples.seed === plan.seed && samples.population === plan.population && samples.size === plan.size ? samples : null;
          const verification = current && plan ? verifySample(figures, plan, JSON.parse(current.results) as SampledDossier[]) : null;
          const sampled = verification?.sampled_rate_percent ?? null;
          return [
            row.unit_name,
            `${viDate(row.period_from)} – ${viDate(row.period_to)}`,
            checks.some((c) => c.status === 'mismatch') ? 'Không' : 'Có',
            plan ? `${verification?.checked ?? 0}/${plan.size}` : '—',
            sampled === null ? '—' : `${String(sampled).replace('.', ',')}%${verification?.interval ? ` (${String(verification.interval.lower_percent).replace('.', ',')}–${String(verification.interval.upper_percent).replace('.', ',')}%)` : ''}`,
            verification ? verification.message.vi : 'Chưa ghi kết quả mẫu',
          ];
        }),
        [30, 30, 18, 14, 26, 44],
      ),
    );
  }
  return out;
}

/** The whole document (pure: every row and picture was read beforehand). */
export function buildAuditReport(d: AuditReportData) {
  const a = d.audit;
  const sections: [string, FileChild[]][] = [
    ['PHẠM VI, THÀNH PHẦN, THỜI GIAN VÀ PHƯƠNG PHÁP KIỂM TRA', scopeSection(d)],
    ['KẾT QUẢ KIỂM TRA THEO ĐIỀU KHOẢN ISO 9001', resultsSection(d)],
    ['CÁC ĐIỂM KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC', nonconformitySection(d)],
  ];
  if (d.samples.length > 0 || d.figures.length > 0) sections.push(['KẾT QUẢ RÀ SOÁT VÀ KIỂM TRA CHỌN MẪU', samplingSection(d)]);
  sections.push(['KẾT LUẬN', [para(d.text?.conclusions ? masked(d.text.conclusions) : '(Trưởng đoàn chưa nhập kết luận.)')]]);
  sections.push(['KIẾN NGHỊ', [para(d.text?.recommendations ? masked(d.text.recommendations) : '(Trưởng đoàn chưa nhập kiến nghị.)')]]);

  const children: FileChild[] = [
    headerTable({
      parentBody: d.owner?.name ?? '',
      issuer: 'Đoàn kiểm tra',
      numberLine: numberLine(d.text?.doc_number ?? '', 'BC', 'ĐKT'),
      placeDate: placeDateLine(d.text?.place ?? '', d.today),
    }),
    ...titleBlock('Báo cáo', `Kết quả ${AUDIT_KIND_VI[a.kind]} ${a.code}: ${a.title}`),
    para(`Thực hiện kế hoạch ${AUDIT_KIND_VI[a.kind]} ${a.code} "${a.title}", đoàn kiểm tra báo cáo kết quả như sau:`),
  ];
  sections.forEach(([title, body], i) => {
    children.push(heading(`${ROMAN[i]}. ${title}`));
    children.push(...body);
  });
  children.push(new Paragraph({ spacing: { after: 240 }, children: [] }));
  children.push(
    signatureTable({
      recipients: [...d.parts.units.map((u) => u.name), ...(d.owner ? [d.owner.name] : [])],
      archive: 'Lưu: VT, ĐKT.',
      authority: 'TM. Đoàn kiểm tra',
      title: 'Trưởng đoàn',
      name: d.parts.members.find((m) => m.role === 'lead')?.display_name ?? d.leadName ?? '',
    }),
  );
  return decreeDocument({ title: `Báo cáo kết quả kiểm tra ${a.code}`, subject: a.title }, children);
}

export async function auditReportBytes(d: AuditReportData): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(buildAuditReport(d));
}

