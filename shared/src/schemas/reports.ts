// The texts of an audit report (issue 15): what the lead inspector writes before the Word report is generated —
// conclusions, recommendations, the document's number and place — as saved (PUT /audits/{id}/report-text) and read.
import { z } from 'zod';
import { IdSchema, optionalLine, optionalText } from './common.ts';

/** The limits, checked by the API and shown by the dashboard while the lead types. */
export const REPORT_TEXT_MAX_CHARS = 8000;
export const REPORT_PLACE_MAX_CHARS = 100;

export const ReportTextPutSchema = z
  .object({
    conclusions: optionalText(REPORT_TEXT_MAX_CHARS).describe('Kết luận: multi-line text, at most 8,000 characters'),
    recommendations: optionalText(REPORT_TEXT_MAX_CHARS).describe('Kiến nghị: multi-line text, at most 8,000 characters'),
    doc_number: z.string().regex(/^\d{0,6}$/, 'digits only, at most 6').default('').describe('The number in "Số: 05/BC-ĐKT"; empty leaves room to write it in by hand'),
    place: optionalLine(REPORT_PLACE_MAX_CHARS).default('').describe('The place in "Hà Nội, ngày … tháng … năm …"'),
    version: z.number().int().min(1).optional().describe('The stored version, to replace saved texts; leave out for the first save'),
  })
  .strict();
export type ReportTextPut = z.infer<typeof ReportTextPutSchema>;

export const ReportTextSchema = z.object({
  audit_id: IdSchema,
  conclusions: z.string(),
  recommendations: z.string(),
  doc_number: z.string(),
  place: z.string(),
  version: z.number().int().nullable().describe('null until the lead saves for the first time'),
  updated_by_name: z.string().nullable(),
  updated_at: z.string().nullable(),
  can_edit: z.boolean().describe('The caller is the lead inspector of the audit'),
});
export type ReportText = z.infer<typeof ReportTextSchema>;
