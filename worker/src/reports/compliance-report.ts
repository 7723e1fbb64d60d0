// The leader's compliance report for a unit and a period as a Word document laid out per Decree 30/2020/NĐ-CP:
// the overall figures, then by unit, ISO clause, month and audit, nonconformities by status and the overdue
// corrective actions. Every figure is the one GET /summary returns for the same unit, period and grouping
// (summaryFigures), so the report and the compliance page always agree.
import { Packer, Paragraph, type FileChild } from 'docx';
import type { SummaryFigures, SummaryGroup } from '../db/summary.ts';
import { STATUS_VI } from '../routes/exports.ts';
import { assessedClauses, byName, unassessedClauses } from './audit-report.ts';
import type { RegisterRow } from './data.ts';
import { dataTable, decreeDocument, heading, headerTable, numberLine, para, placeDateLine, signatureTable, titleBlock, viDate, viPercent } from './decree30.ts';

export interface ComplianceReportData {
  unit: { id: string; name: string; code: string; parent_name: string | null };
  from: string | null;
  to: string | null;
  byUnit: SummaryFigures;
  byClause: SummaryFigures;
  byMonth: SummaryFigures;
  byAudit: SummaryFigures;
  /** Overdue corrective actions (planned, not done, due before today) in scope. */
  overdue: RegisterRow[];
  author: string;
  today: string;
}

const rateOf = (g: Pick<SummaryGroup, 'counts'>) => (g.counts.denominator > 0 ? g.counts.numerator / g.counts.denominator : null);
const coverageOf = (g: Pick<SummaryGroup, 'counts' | 'totalItems'>) => (g.totalItems > 0 ? g.counts.assessed_items / g.totalItems : null);

/** "từ ngày 01/01/2026 đến ngày 30/06/2026", or the open-ended variants. */
export function periodText(from: string | null, to: string | null): string {
  if (from && to) return `từ ngày ${viDate(from)} đến ngày ${viDate(to)}`;
  if (from) return `từ ngày ${viDate(from)}`;
  if (to) return `đến ngày ${viDate(to)}`;
  return 'từ trước đến nay';
}

const groupRows = (figures: SummaryFigures, label: (g: SummaryGroup) => string) =>
  figures.groups.map((g) => [label(g), `${g.counts.assessed_items}/${g.totalItems}`, `${g.counts.numerator}/${g.counts.denominator}`, viPercent(rateOf(g)), String(g.counts.nc_major), String(g.counts.nc_minor)]);
const HEAD = ['Mục đã đánh giá', 'Điểm phù hợp / tổng', 'Tỷ lệ phù hợp', 'KPH nặng', 'KPH nhẹ'];
const WIDTHS = [24, 28, 22, 16, 16];

function groupTable(first: string, figures: SummaryFigures, label: (g: SummaryGroup) => string): FileChild[] {
  if (figures.groups.length === 0) return [para('Không có số liệu.')];
  return [dataTable([first, ...HEAD], groupRows(figures, label), [48, ...WIDTHS])];
}

export function buildComplianceReport(d: ComplianceReportData) {
  const total = d.byUnit.total;
  const nc = d.byUnit.nonconformities;
  const period = periodText(d.from, d.to);
  const statusList = Object.entries(nc.by_status)
    .map(([s, n]) => `${STATUS_VI[s as keyof typeof STATUS_VI] ?? s}: ${n}`)
    .join('; ');
  const children: FileChild[] = [
    headerTable({ parentBody: d.unit.parent_name ?? '', issuer: d.unit.name, numberLine: numberLine('', 'BC', d.unit.code.toLocaleUpperCase('vi').replace(/[^\p{L}\p{N}]/gu, '')), placeDate: placeDateLine('', d.today) }),
    ...titleBlock('Báo cáo', `Tình hình tuân thủ ISO 9001 tại ${d.unit.name} ${period}`),
    heading('I. PHẠM VI VÀ PHƯƠNG PHÁP TỔNG HỢP'),
    para(
      `Báo cáo tổng hợp kết quả các cuộc kiểm tra, đánh giá bắt đầu ${period} tại ${d.unit.name} và các đơn vị trực thuộc. Tỷ lệ phù hợp được cộng dồn: tổng điểm phù hợp / tổng điểm đã đánh giá của mọi cặp (cuộc kiểm tra, đơn vị), không lấy trung bình của các tỷ lệ; độ bao phủ = số mục đã đánh giá / số mục của bộ tiêu chí áp dụng.`,
    ),
    heading('II. KẾT QUẢ CHUNG'),
    para(
      `Tỷ lệ phù hợp: ${viPercent(rateOf(total))} (${total.counts.numerator}/${total.counts.denominator} điểm trọng số). Độ bao phủ: ${viPercent(coverageOf(total))} (${total.counts.assessed_items}/${total.totalItems} mục). Điểm không phù hợp: ${nc.by_severity.nc_major} nặng, ${nc.by_severity.nc_minor} nhẹ. Hành động khắc phục quá hạn: ${nc.overdue_actions}. Thời gian trung bình từ phát hiện đến khi đóng: ${nc.mean_days_to_close === null ? '—' : `${String(nc.mean_days_to_close).replace('.', ',')} ngày`}.`,
    ),
    heading('III. KẾT QUẢ THEO ĐƠN VỊ'),
    ...groupTable('Đơn vị', { ...d.byUnit, groups: byName(d.byUnit.groups) }, (g) => g.label ?? g.key),
    heading('IV. KẾT QUẢ THEO ĐIỀU KHOẢN ISO 9001'),
    ...groupTable('Điều khoản', { ...d.byClause, groups: assessedClauses(d.byClause.groups) }, (g) => g.key),
    ...(unassessedClauses(d.byClause.groups).length > 0 ? [para(`Nhóm điều khoản chưa có mục nào được đánh giá: ${unassessedClauses(d.byClause.groups).join(', ')}.`, {}, { afterTable: true })] : []),
    heading('V. KẾT QUẢ THEO THÁNG'),
    ...groupTable('Tháng', d.byMonth, (g) => `${g.key.slice(5, 7)}/${g.key.slice(0, 4)}`),
    heading('VI. KẾT QUẢ THEO CUỘC KIỂM TRA'),
    ...groupTable('Cuộc kiểm tra', d.byAudit, (g) => g.label ?? g.key),
    heading('VII. ĐIỂM KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC'),
    para(`Theo trạng thái: ${statusList || 'không có'}.`, {}, { afterTable: true }),
    ...(d.overdue.length > 0
      ? [
          para('Hành động khắc phục quá hạn:'),
          dataTable(
            ['Cuộc kiểm tra', 'Đơn vị', 'Tiêu chí', 'Người chịu trách nhiệm', 'Hạn hoàn thành'],
            d.overdue.map((r) => [r.audit_code, r.unit_name, `${r.item_code} (điều ${r.item_clause})`, r.owner_name ?? '', viDate(r.due_date)]),
            [30, 40, 36, 34, 24],
          ),
        ]
      : [para('Không có hành động khắc phục quá hạn.')]),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    signatureTable({ recipients: [d.unit.parent_name ?? 'Cơ quan cấp trên', 'Các đơn vị trực thuộc'], archive: 'Lưu: VT.', authority: '', title: 'Người lập báo cáo', name: d.author }),
  ];
  return decreeDocument({ title: `Báo cáo tình hình tuân thủ ISO 9001 — ${d.unit.name}`, subject: period }, children);
}

export async function complianceReportBytes(d: ComplianceReportData): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(buildComplianceReport(d));
}
