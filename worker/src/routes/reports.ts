// Reports a leader or a lead inspector takes to a meeting (issue 15): the audit report (DOCX, Decree 30/2020 layout)
// with the lead's conclusions and recommendations, the compliance report for a unit and period (DOCX), and the
// findings and corrective-action registers (XLSX) for an audit or a unit and period. Every figure is the one
// GET /summary returns; every row is read through the caller's scope, like the CSV export.
import { z } from '@hono/zod-openapi';
import { ReportTextPutSchema, ReportTextSchema, safeFileName } from '@onestop/shared';
import { auditDetailParts, auditViewRoot, getAuditRow, membershipOf, type AuditRow } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { figureSamplesOf, listFigures } from '../db/reported-figures.ts';
import { listSamples, ruleCountsOf } from '../db/samples.ts';
import { summaryFigures } from '../db/summary.ts';
import { getUnit } from '../db/units.ts';
import { callerOf } from '../lib/auth.ts';
import { attachmentDisposition } from '../lib/content-disposition.ts';
import type { AppContext, Caller } from '../lib/context.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf, type Scope } from '../lib/scope.ts';
import { nowIso, todayInVietnam } from '../lib/time.ts';
import { auditReportBytes, embeddable, MAX_THUMBNAILS, MAX_THUMBNAILS_TOTAL_BYTES, type Thumbnail } from '../reports/audit-report.ts';
import { complianceReportBytes } from '../reports/compliance-report.ts';
import { auditReportRoot, displayName, evidenceOf, getReportText, registerRows, saveReportText, unitWithParent, type EvidenceRow, type RegisterFilter } from '../reports/data.ts';
import { imageInfo } from '../reports/images.ts';
import { actionsRegisterXlsx, findingsRegisterXlsx, XLSX_TYPE } from '../reports/registers.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const AuditParam = z.object({ id: z.uuid() });
const PeriodQuery = z
  .object({
    unit: z.uuid().optional().describe("Root of the report; defaults to the caller's unit"),
    from: z.iso.date().optional().describe('Audits started on or after (Asia/Ho_Chi_Minh)'),
    to: z.iso.date().optional().describe('Audits started on or before'),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

// The texts' schemas are the shared contract with the dashboard's report card.
const ReportTextPut = ReportTextPutSchema.meta({ id: 'AuditReportTextPut' });
const ReportText = ReportTextSchema.meta({ id: 'AuditReportText' });

const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().meta({ format: 'binary' }) } } });

const AUDIT_SCOPE_NOTE =
  'Who: admins; the audit team (lead inspector and members); leaders who see the audit (planned in their subtree, or covering a unit of it); unit heads of an audited unit once the audit is in `reporting` or `closed` (DESIGN section 4: summaries and exports are theirs for their own subtree, findings from the closing meeting on). A leader or unit head gets the part of the audit inside their subtree: its units, findings, evidence and figures.';

const getText = defineRoute({
  method: 'get',
  path: '/audits/{id}/report-text',
  tags: ['reports'],
  summary: "The lead inspector's conclusions and recommendations for the audit report",
  description: `Empty texts with \`version: null\` until the lead saves them. ${AUDIT_SCOPE_NOTE}`,
  request: { params: AuditParam },
  responses: { 200: { description: 'The texts', content: jsonContent(ReportText) }, ...problemResponses(400, 404) },
});

const putText = defineRoute({
  method: 'put',
  path: '/audits/{id}/report-text',
  tags: ['reports'],
  summary: 'Save the conclusions and recommendations of the audit report',
  description:
    "The audit's lead inspector only (403 otherwise), in any state but `cancelled` (409 `audit_cancelled`). The first save leaves out `version`; later saves send the stored one (409 `version_conflict` when another save came first). Each save is written to the event log (`audit.report_text_saved`, with the texts' lengths).",
  request: { params: AuditParam, body: { required: true, content: jsonContent(ReportTextPut) } },
  responses: { 200: { description: 'Saved', content: jsonContent(ReportText) }, ...problemResponses(400, 403, 404, 409, 413, 415, 422) },
});

const auditDocx = defineRoute({
  method: 'get',
  path: '/audits/{id}/report.docx',
  tags: ['reports'],
  summary: 'The audit report as a Word document (Decree 30/2020/NĐ-CP layout)',
  description: [
    '"BÁO CÁO Kết quả kiểm tra …": A4 portrait, margins top and bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13–14 pt; the header table (issuing body | "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc"), "Số: …/BC-ĐKT" and the italic place and date; then I. scope, team, period and method; II. results by ISO clause group with the compliance rate (the figures of `GET /summary?audit={id}&by=clause` rooted at the lowest unit holding every audited unit the caller sees) and by unit; III. every nonconformity with its grade, dossier, evidence (quote, and a thumbnail of PNG/JPEG screenshots the extension captured and masked; files uploaded with a response or an action are listed, not shown) and corrective action; IV. sweeps and sampled verification of reported figures, when the audit has them; V–VI. the lead\'s conclusions and recommendations; "Nơi nhận:" and the signature block.',
    'Quotes, notes and action texts are masked again on the way out (CCCD/CMND, phone numbers, e-mail addresses). Text is NFC.',
    AUDIT_SCOPE_NOTE,
  ].join('\n\n'),
  request: { params: AuditParam },
  responses: { 200: binary(DOCX_TYPE, 'The report (attachment, file name `Báo cáo kiểm tra {code}.docx`)'), ...problemResponses(400, 404) },
});

const REGISTER_NOTE =
  'Live findings only (not deleted, not withdrawn), the rows the summaries count; Vietnamese headers; dates are spreadsheet dates shown dd/mm/yyyy (a moment by its date in Asia/Ho_Chi_Minh); text cells are masked for citizen identifiers and never start a formula. At most 5,000 rows.';

const auditFindingsXlsx = defineRoute({
  method: 'get',
  path: '/audits/{id}/findings.xlsx',
  tags: ['reports'],
  summary: "The audit's findings register (XLSX)",
  description: `One row per live finding the caller may see. ${REGISTER_NOTE} ${AUDIT_SCOPE_NOTE}`,
  request: { params: AuditParam },
  responses: { 200: binary(XLSX_TYPE, 'The register (attachment, `Sổ phát hiện {code}.xlsx`)'), ...problemResponses(400, 404) },
});

const auditActionsXlsx = defineRoute({
  method: 'get',
  path: '/audits/{id}/actions.xlsx',
  tags: ['reports'],
  summary: "The audit's corrective-action register (XLSX)",
  description: `One row per live nonconformity the caller may see, with its corrective action and whether it is overdue. ${REGISTER_NOTE} ${AUDIT_SCOPE_NOTE}`,
  request: { params: AuditParam },
  responses: { 200: binary(XLSX_TYPE, 'The register (attachment, `Sổ khắc phục {code}.xlsx`)'), ...problemResponses(400, 404) },
});

const SUMMARY_SCOPE_NOTE = 'Same scope and figures as GET /summary for the same unit and period: admins any unit; leaders and unit heads a unit of their subtree (404 otherwise); inspectors only their own audits count.';

const summaryDocx = defineRoute({
  method: 'get',
  path: '/summary/report.docx',
  tags: ['reports'],
  summary: 'The compliance report for a unit and period as a Word document (Decree 30/2020/NĐ-CP layout)',
  description: `Overall rate and coverage, then by unit, ISO clause group, month and audit (each table the figures of GET /summary with that \`by\`), nonconformities by status and the overdue corrective actions. ${SUMMARY_SCOPE_NOTE}`,
  request: { query: PeriodQuery },
  responses: { 200: binary(DOCX_TYPE, 'The report (attachment, `Báo cáo tuân thủ {unit} {from}–{to}.docx`)'), ...problemResponses(400, 404) },
});

const summaryFindingsXlsx = defineRoute({
  method: 'get',
  path: '/summary/findings.xlsx',
  tags: ['reports'],
  summary: 'The findings register of a unit and period (XLSX)',
  description: `Live findings of audits started in the period in the unit's subtree. ${REGISTER_NOTE} ${SUMMARY_SCOPE_NOTE}`,
  request: { query: PeriodQuery },
  responses: { 200: binary(XLSX_TYPE, 'The register (attachment)'), ...problemResponses(400, 404) },
});

const summaryActionsXlsx = defineRoute({
  method: 'get',
  path: '/summary/actions.xlsx',
  tags: ['reports'],
  summary: 'The corrective-action register of a unit and period (XLSX)',
  description: `Live nonconformities of audits started in the period in the unit's subtree, with their corrective actions. ${REGISTER_NOTE} ${SUMMARY_SCOPE_NOTE}`,
  request: { query: PeriodQuery },
  responses: { 200: binary(XLSX_TYPE, 'The register (attachment)'), ...problemResponses(400, 404) },
});

/** The audit as the caller may report on it (404 as for any audit outside the caller's scope). */
async function reportableAudit(db: D1Database, scope: Scope, id: string): Promise<AuditRow> {
  const audit = await getAuditRow(db, scope, id);
  if (!audit) throw notFound('Audit');
  return audit;
}

function download(c: AppContext, bytes: ArrayBuffer, type: string, name: string) {
  return c.body(bytes, 200, {
    'content-type': type,
    'content-disposition': attachmentDisposition(safeFileName(name)),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
}

const periodName = (from?: string, to?: string) => (from || to ? ` ${from ?? '…'}_${to ?? '…'}` : '');

/** The unit a period report is about, as GET /summary resolves it. */
async function periodUnit(db: D1Database, caller: Caller, unitId: string | undefined) {
  const scope = scopeOf(caller);
  // Leaders and unit heads report inside their subtree; admins and inspectors (scoped by audit) may name any unit.
  const unitScope = caller.role === 'leader' || caller.role === 'unit_head' ? scope : { ...scope, role: 'admin' as const };
  const unit = await getUnit(db, unitScope, unitId ?? caller.unitId);
  if (!unit) throw notFound('Unit');
  return unit;
}

async function textView(db: D1Database, caller: Caller, auditId: string) {
  const [row, role] = await Promise.all([getReportText(db, auditId), membershipOf(db, auditId, caller.userId)]);
  return {
    audit_id: auditId,
    conclusions: row?.conclusions ?? '',
    recommendations: row?.recommendations ?? '',
    doc_number: row?.doc_number ?? '',
    place: row?.place ?? '',
    version: row?.version ?? null,
    updated_by_name: row?.updated_by_name ?? null,
    updated_at: row?.updated_at ?? null,
    can_edit: role === 'lead',
  };
}

/** Reads the screenshots to embed, within the per-report count and size bounds; anything unreadable is left out. */
async function thumbnailsFor(bucket: R2Bucket, evidence: Iterable<EvidenceRow>): Promise<Map<string, Thumbnail>> {
  const out = new Map<string, Thumbnail>();
  let total = 0;
  for (const e of evidence) {
    if (out.size >= MAX_THUMBNAILS) break;
    if (!embeddable(e) || !e.blob_key) continue;
    if (total + (e.bytes ?? 0) > MAX_THUMBNAILS_TOTAL_BYTES) continue;
    const object = await bucket.get(e.blob_key);
    if (!object) continue;
    const bytes = new Uint8Array(await object.arrayBuffer());
    const info = imageInfo(bytes);
    // The stored type must be what the bytes are: docx would otherwise write a picture no reader can open.
    if (!info || (info.type === 'png') !== (e.mime === 'image/png')) continue;
    out.set(e.id, { evidenceId: e.id, bytes });
    total += bytes.byteLength;
  }
  return out;
}

export const reportRoutes = createRouter()
  .openapi(getText, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    await reportableAudit(c.env.DB, scopeOf(caller), id);
    return c.json(await textView(c.env.DB, caller, id), 200);
  })
  .openapi(putText, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const audit = await reportableAudit(db, scopeOf(caller), id);
    if ((await membershipOf(db, id, caller.userId)) !== 'lead') throw new ApiError(403, 'forbidden', 'Only the lead inspector of this audit writes its report');
    if (audit.status === 'cancelled') throw new ApiError(409, 'audit_cancelled', 'The audit was cancelled; it has no report');
    const texts = {
      conclusions: body.conclusions.normalize('NFC'),
      recommendations: body.recommendations.normalize('NFC'),
      doc_number: body.doc_number,
      place: body.place.normalize('NFC'),
    };
    const now = nowIso();
    try {
      await db.batch([
        saveReportText(db, id, texts, body.version ?? null, caller.userId, now),
        ...(body.version === undefined ? [] : [expectOneChange(db)]),
        insertEvent(db, {
          actorId: caller.userId,
          entity: 'audit',
          entityId: id,
          type: 'audit.report_text_saved',
          summary: { conclusions_chars: texts.conclusions.length, recommendations_chars: texts.recommendations.length, doc_number: texts.doc_number, place: texts.place, from_version: body.version ?? null },
          at: now,
        }),
      ]);
    } catch (err) {
      if (isGuardFailure(err) || isUniqueViolation(err)) {
        throw new ApiError(409, 'version_conflict', body.version === undefined ? 'The report texts were saved meanwhile; reload them and send their version' : 'The report texts changed since that version; reload them');
      }
      throw err;
    }
    return c.json(await textView(db, caller, id), 200);
  })
  .openapi(auditDocx, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const audit = await reportableAudit(db, scope, id);
    const today = todayInVietnam();
    const [viewRoot, root, register, text, owner, leadName] = await Promise.all([
      auditViewRoot(db, scope, audit),
      auditReportRoot(db, scope, id),
      registerRows(db, scope, { auditId: id }, true),
      getReportText(db, id),
      unitWithParent(db, audit.owner_unit_id),
      displayName(db, audit.lead_user_id),
    ]);
    const filter = root ? { rootUnitId: root.id, auditId: id } : null;
    const [parts, byClause, byUnit, evidence, samples, figures] = await Promise.all([
      auditDetailParts(db, id, viewRoot),
      filter ? summaryFigures(db, scope, filter, 'clause', today) : null,
      filter ? summaryFigures(db, scope, filter, 'unit', today) : null,
      evidenceOf(db, register.rows.map((r) => r.finding_id)),
      listSamples(db, scope, { auditId: id, limit: 200, offset: 0 }),
      listFigures(db, scope, id),
    ]);
    const [ruleCounts, figureSamples, thumbnails] = await Promise.all([
      ruleCountsOf(db, samples.items.map((s) => s.id)),
      figureSamplesOf(db, figures.map((f) => f.id)),
      thumbnailsFor(c.env.EVIDENCE, [...evidence.values()].flat()),
    ]);
    const bytes = await auditReportBytes({
      audit,
      parts,
      owner,
      leadName,
      root,
      byClause,
      byUnit,
      nonconformities: register.rows,
      evidence,
      thumbnails,
      samples: samples.items,
      ruleCounts,
      figures,
      figureSamples,
      text,
      today,
    });
    return download(c, bytes, DOCX_TYPE, `Báo cáo kiểm tra ${audit.code}.docx`) as never;
  })
  .openapi(auditFindingsXlsx, async (c) => {
    const { id } = c.req.valid('param');
    const scope = scopeOf(callerOf(c));
    const audit = await reportableAudit(c.env.DB, scope, id);
    const { rows } = await registerRows(c.env.DB, scope, { auditId: id });
    return download(c, await findingsRegisterXlsx(rows), XLSX_TYPE, `Sổ phát hiện ${audit.code}.xlsx`) as never;
  })
  .openapi(auditActionsXlsx, async (c) => {
    const { id } = c.req.valid('param');
    const scope = scopeOf(callerOf(c));
    const audit = await reportableAudit(c.env.DB, scope, id);
    const { rows } = await registerRows(c.env.DB, scope, { auditId: id }, true);
    return download(c, await actionsRegisterXlsx(rows, todayInVietnam()), XLSX_TYPE, `Sổ khắc phục ${audit.code}.xlsx`) as never;
  })
  .openapi(summaryDocx, async (c) => {
    const q = c.req.valid('query');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const unit = await periodUnit(db, caller, q.unit);
    const today = todayInVietnam();
    const f = { rootUnitId: unit.id, from: q.from, to: q.to };
    const [byUnit, byClause, byMonth, byAudit, actions, withParent] = await Promise.all([
      summaryFigures(db, scope, f, 'unit', today),
      summaryFigures(db, scope, f, 'clause', today),
      summaryFigures(db, scope, f, 'month', today),
      summaryFigures(db, scope, f, 'audit', today),
      registerRows(db, scope, f satisfies RegisterFilter, true),
      unitWithParent(db, unit.id),
    ]);
    const overdue = actions.rows.filter((r) => r.status === 'action_planned' && r.due_date !== null && r.due_date < today && !r.done_at);
    const bytes = await complianceReportBytes({
      unit: { id: unit.id, name: unit.name, code: withParent?.code ?? '', parent_name: withParent?.parent_name ?? null },
      from: q.from ?? null,
      to: q.to ?? null,
      byUnit,
      byClause,
      byMonth,
      byAudit,
      overdue,
      author: caller.displayName,
      today,
    });
    return download(c, bytes, DOCX_TYPE, `Báo cáo tuân thủ ${unit.name}${periodName(q.from, q.to)}.docx`) as never;
  })
  .openapi(summaryFindingsXlsx, async (c) => {
    const q = c.req.valid('query');
    const caller = callerOf(c);
    const unit = await periodUnit(c.env.DB, caller, q.unit);
    const { rows } = await registerRows(c.env.DB, scopeOf(caller), { rootUnitId: unit.id, from: q.from, to: q.to });
    return download(c, await findingsRegisterXlsx(rows), XLSX_TYPE, `Sổ phát hiện ${unit.name}${periodName(q.from, q.to)}.xlsx`) as never;
  })
  .openapi(summaryActionsXlsx, async (c) => {
    const q = c.req.valid('query');
    const caller = callerOf(c);
    const unit = await periodUnit(c.env.DB, caller, q.unit);
    const { rows } = await registerRows(c.env.DB, scopeOf(caller), { rootUnitId: unit.id, from: q.from, to: q.to }, true);
    return download(c, await actionsRegisterXlsx(rows, todayInVietnam()), XLSX_TYPE, `Sổ khắc phục ${unit.name}${periodName(q.from, q.to)}.xlsx`) as never;
  });
