// The findings register and the corrective-action register as XLSX spreadsheets: Vietnamese headers, dates as real
// spreadsheet dates shown dd/mm/yyyy, citizen data masked. write-excel-file's universal build (no fs) runs in workerd.
import { redactText } from '@onestop/shared';
import writeXlsxFile, { type Row } from 'write-excel-file/universal';
import { RESULT_VI, STATUS_VI } from '../routes/exports.ts';
import type { RegisterRow } from './data.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DATE_FORMAT = 'dd/mm/yyyy';

/** A calendar date `YYYY-MM-DD`, or a timestamp's date in Asia/Ho_Chi_Minh, as a spreadsheet date (midnight UTC). */
export function sheetDate(value: string | null): Date | null {
  if (!value) return null;
  let date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
  if (!date) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return null;
    date = new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
  }
  return new Date(`${date}T00:00:00Z`);
}

/** A text cell: masked, NFC, and never read as a formula (a spreadsheet runs = + - @ at the start of a cell). */
function text(value: string | null | undefined): { type: StringConstructor; value: string; wrap: true } | null {
  if (value === null || value === undefined || value === '') return null;
  let s = redactText(value).normalize('NFC');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return { type: String, value: s, wrap: true };
}
const plain = (value: string | null | undefined) => (value ? { type: String, value: value.normalize('NFC') } : null);
const date = (value: string | null) => {
  const d = sheetDate(value);
  return d ? { type: Date, value: d, format: DATE_FORMAT } : null;
};
const num = (value: number) => ({ type: Number, value });
const head = (labels: string[]): Row => labels.map((value) => ({ value, fontWeight: 'bold' as const, wrap: true, backgroundColor: '#DDE6F0', alignVertical: 'center' as const }));

export const FINDINGS_HEADERS = [
  'STT', 'Mã cuộc kiểm tra', 'Mã đơn vị', 'Đơn vị', 'Mã tiêu chí', 'Điều khoản', 'Nội dung kiểm tra', 'Kết quả', 'Trạng thái', 'Mã hồ sơ',
  'Ghi chú', 'Người ghi nhận', 'Ngày ghi nhận', 'Số bằng chứng',
];
export const ACTIONS_HEADERS = [
  'STT', 'Mã cuộc kiểm tra', 'Đơn vị', 'Mã tiêu chí', 'Điều khoản', 'Mức độ', 'Trạng thái', 'Mã hồ sơ', 'Nguyên nhân', 'Khắc phục tức thời',
  'Hành động khắc phục', 'Người chịu trách nhiệm', 'Hạn hoàn thành', 'Quá hạn', 'Ngày hoàn thành', 'Kết quả thực hiện', 'Ngày xác minh', 'Hiệu quả',
];

const resultVi = (code: string) => RESULT_VI[code as keyof typeof RESULT_VI] ?? code;
const statusVi = (code: string) => STATUS_VI[code as keyof typeof STATUS_VI] ?? code;

export async function findingsRegisterXlsx(rows: readonly RegisterRow[]): Promise<ArrayBuffer> {
  const data: Row[] = [
    head(FINDINGS_HEADERS),
    ...rows.map((r, i) => [
      num(i + 1), plain(r.audit_code), plain(r.unit_code), plain(r.unit_name), plain(r.item_code), plain(r.item_clause), text(r.item_text_vi),
      plain(resultVi(r.result)), plain(statusVi(r.status)), text(r.dossier_code), text(r.note), text(r.recorded_by_name), date(r.recorded_at), num(r.evidence_count),
    ]),
  ];
  const blob = await writeXlsxFile(data, {
    sheet: 'Sổ phát hiện',
    stickyRowsCount: 1,
    columns: [6, 16, 10, 28, 16, 10, 48, 20, 20, 16, 40, 20, 14, 10].map((width) => ({ width })),
  }).toBlob();
  return blob.arrayBuffer();
}

export async function actionsRegisterXlsx(rows: readonly RegisterRow[], today: string): Promise<ArrayBuffer> {
  const data: Row[] = [
    head(ACTIONS_HEADERS),
    ...rows.map((r, i) => [
      num(i + 1), plain(r.audit_code), plain(r.unit_name), plain(r.item_code), plain(r.item_clause), plain(resultVi(r.result)), plain(statusVi(r.status)),
      text(r.dossier_code), text(r.root_cause), text(r.correction), text(r.action), text(r.owner_name), date(r.due_date),
      plain(r.due_date && !r.done_at && r.status === 'action_planned' && r.due_date < today ? 'Có' : 'Không'),
      date(r.done_at), text(r.done_note), date(r.verified_at), plain(r.effective === null ? null : r.effective ? 'Có' : 'Không'),
    ]),
  ];
  const blob = await writeXlsxFile(data, {
    sheet: 'Sổ khắc phục',
    stickyRowsCount: 1,
    columns: [6, 16, 28, 16, 10, 20, 20, 16, 36, 30, 40, 22, 14, 9, 14, 36, 14, 10].map((width) => ({ width })),
  }).toBlob();
  return blob.arrayBuffer();
}
