// Audit exports: a CSV for spreadsheets (UTF-8 with BOM so Excel shows Vietnamese) and a W3C Web Annotation
// collection of the evidence (one annotation per evidence, motivation `assessing`). Both cover the live findings
// (not deleted, not withdrawn: `findingCounts` of the finding workflow), the set every summary counts.
import { z } from '@hono/zod-openapi';
import { redactUrl, SelectorsSchema, type FindingStatus, type Result } from '@onestop/shared';
import { getAuditRow } from '../db/audits.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { notFound } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { findingInScope, scopeOf } from '../lib/scope.ts';

const IdParam = z.object({ id: z.uuid() });

const csvRoute = defineRoute({
  method: 'get',
  path: '/audits/{id}/export.csv',
  tags: ['exports'],
  summary: 'Findings of an audit as CSV (UTF-8 with BOM)',
  description: [
    'One row per live finding of the audit that the caller may see, with its corrective action. Live means not deleted and not withdrawn (a dispute the lead inspector accepted): the same findings the summaries count. Rows are ordered by unit name, checklist order, then the time the finding was recorded.',
    'Results and statuses are written in Vietnamese, each followed by its code in a column of its own (`Kết quả` = `Không phù hợp nặng`, `Mã kết quả` = `nc_major`; `Trạng thái` = `Đang khắc phục`, `Mã trạng thái` = `action_planned`).',
    'Dates and times have one format: a moment (`Thời điểm ghi nhận`, `Ngày hoàn thành`, `Ngày xác minh`) is written `YYYY-MM-DD HH:mm` in Vietnam time (Asia/Ho_Chi_Minh, UTC+7, whatever offset the client recorded it with); a calendar date (`Hạn hoàn thành`) is written `YYYY-MM-DD`.',
    'The file is UTF-8 with a byte order mark, comma-separated, CRLF line ends. Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) are prefixed with an apostrophe.',
  ].join('\n\n'),
  request: { params: IdParam },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses(400, 404) },
});

const annotationsRoute = defineRoute({
  method: 'get',
  path: '/audits/{id}/annotations.jsonld',
  tags: ['exports'],
  summary: 'Evidence of an audit as a W3C Web Annotation collection',
  description: [
    'An AnnotationCollection with one embedded AnnotationPage: one Annotation per page evidence (evidence with a page URL) of a live finding (not deleted, not withdrawn) that the caller may see, motivation `assessing`, target = the page URL with its W3C selectors, body = the finding\'s result and note.',
    '`created` is when the evidence was captured and `modified` the later of that and the finding\'s last change; both are UTC with `Z` (`2026-11-23T08:30:00.000Z`), as the Web Annotation Data Model requires, whatever offset the client captured with. Annotations are ordered by `created` (by time, not by the text of the timestamps), then by id.',
  ].join('\n\n'),
  request: { params: IdParam },
  responses: { 200: { description: 'JSON-LD', content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } } }, ...problemResponses(400, 404) },
});

/** A live finding: not deleted, not withdrawn (as `findingCounts` in the shared finding workflow). */
const LIVE_FINDING = "f.deleted_at IS NULL AND f.status <> 'withdrawn'";

interface ExportRow {
  finding_id: string;
  unit_code: string;
  unit_name: string;
  item_code: string;
  item_clause: string;
  item_text_vi: string;
  result: string;
  status: string;
  note: string;
  dossier_code: string | null;
  page_url: string | null;
  recorded_by_name: string | null;
  recorded_at: string;
  root_cause: string | null;
  action: string | null;
  owner_name: string | null;
  due_date: string | null;
  done_at: string | null;
  verified_at: string | null;
  effective: number | null;
  evidence_count: number;
}

/** Results and statuses as the dashboard words them. */
export const RESULT_VI: Record<Result, string> = {
  conform: 'Phù hợp',
  nc_major: 'Không phù hợp nặng',
  nc_minor: 'Không phù hợp nhẹ',
  observation: 'Điểm lưu ý',
  ofi: 'Cơ hội cải tiến',
  not_applicable: 'Không áp dụng',
};
export const STATUS_VI: Record<FindingStatus, string> = {
  recorded: 'Đã ghi nhận',
  open: 'Chờ đơn vị trả lời',
  action_planned: 'Đang khắc phục',
  disputed: 'Đơn vị không đồng ý',
  withdrawn: 'Đã rút',
  action_done: 'Chờ xác minh',
  closed: 'Đã đóng',
};
const resultVi = (code: string) => RESULT_VI[code as Result] ?? code;
const statusVi = (code: string) => STATUS_VI[code as FindingStatus] ?? code;

/** Quotes a CSV cell; a leading = + - @ (or tab / CR) would make a spreadsheet run it, so it is neutralised. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A moment as the CSV writes it: `YYYY-MM-DD HH:mm` in Asia/Ho_Chi_Minh (UTC+7, no daylight saving time), from an
 * ISO 8601 timestamp with any offset. The date part is the same `YYYY-MM-DD` as the calendar-date columns.
 */
export function csvTime(iso: string | null): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** An ISO 8601 timestamp with any offset as UTC with `Z` (`2026-11-23T08:30:00.000Z`), as W3C annotations need. */
export function utcTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

export const exportRoutes = createRouter()
  .openapi(csvRoute, async (c) => {
    const { id } = c.req.valid('param');
    const scope = scopeOf(callerOf(c));
    const db = c.env.DB;
    const audit = await getAuditRow(db, scope, id);
    if (!audit) throw notFound('Audit');
    const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
    const { results } = await db
      .prepare(
        `SELECT f.id AS finding_id, u.code AS unit_code, u.name AS unit_name, i.code AS item_code, i.clause AS item_clause, i.text_vi AS item_text_vi,
           f.result, f.status, f.note, f.dossier_code, f.page_url, r.display_name AS recorded_by_name, f.recorded_at,
           ca.root_cause, ca.action, ca.owner_name, ca.due_date, ca.done_at, ca.verified_at, ca.effective,
           (SELECT COUNT(*) FROM evidence e WHERE e.finding_id = f.id) AS evidence_count
         FROM findings f JOIN units u ON u.id = f.unit_id JOIN checklist_items i ON i.id = f.item_id
         LEFT JOIN users r ON r.id = f.recorded_by LEFT JOIN corrective_actions ca ON ca.finding_id = f.id
         WHERE f.audit_id = ? AND ${LIVE_FINDING} AND ${s.sql}
         ORDER BY u.name, i.sort, julianday(f.recorded_at), f.id`,
      )
      .bind(id, ...s.params)
      .all<ExportRow>();
    const header = [
      'Mã cuộc kiểm tra', 'Mã đơn vị', 'Đơn vị', 'Mã tiêu chí', 'Điều khoản', 'Nội dung kiểm tra', 'Kết quả', 'Mã kết quả', 'Trạng thái',
      'Mã trạng thái', 'Ghi chú', 'Mã hồ sơ', 'Trang', 'Người ghi nhận', 'Thời điểm ghi nhận', 'Nguyên nhân', 'Hành động khắc phục', 'Người chịu trách nhiệm',
      'Hạn hoàn thành', 'Ngày hoàn thành', 'Ngày xác minh', 'Hiệu quả', 'Số bằng chứng', 'Mã phát hiện',
    ];
    const lines = [header.map(csvCell).join(',')];
    for (const r of results) {
      lines.push(
        [
          audit.code, r.unit_code, r.unit_name, r.item_code, r.item_clause, r.item_text_vi, resultVi(r.result), r.result, statusVi(r.status),
          r.status, r.note, r.dossier_code, r.page_url === null ? null : redactUrl(r.page_url), r.recorded_by_name, csvTime(r.recorded_at), r.root_cause, r.action, r.owner_name,
          r.due_date, csvTime(r.done_at), csvTime(r.verified_at), r.effective === null ? '' : r.effective ? 'Có' : 'Không', r.evidence_count, r.finding_id,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    const body = `\uFEFF${lines.join('\r\n')}\r\n`;
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${audit.code.replace(/[^\w.-]/g, '_')}.csv"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    }) as never;
  })
  .openapi(annotationsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const scope = scopeOf(callerOf(c));
    const db = c.env.DB;
    const audit = await getAuditRow(db, scope, id);
    if (!audit) throw notFound('Audit');
    const s = findingInScope(scope, 'f.audit_id', 'f.unit_id');
    const { results } = await db
      .prepare(
        `SELECT e.id, e.page_url, e.page_title, e.selectors, e.quote, e.captured_at, e.captured_by, cu.display_name AS captured_by_name,
           f.id AS finding_id, f.result, f.note, f.status, f.updated_at AS finding_updated_at, i.code AS item_code, i.clause AS item_clause, u.name AS unit_name
         FROM evidence e JOIN findings f ON f.id = e.finding_id JOIN checklist_items i ON i.id = f.item_id JOIN units u ON u.id = f.unit_id
         LEFT JOIN users cu ON cu.id = e.captured_by
         WHERE f.audit_id = ? AND ${LIVE_FINDING} AND e.page_url IS NOT NULL AND ${s.sql}
         ORDER BY julianday(e.captured_at), e.id`,
      )
      .bind(id, ...s.params)
      .all<{
        id: string;
        page_url: string;
        page_title: string | null;
        selectors: string;
        quote: string | null;
        captured_at: string;
        captured_by: string;
        captured_by_name: string | null;
        finding_id: string;
        result: string;
        note: string;
        status: string;
        finding_updated_at: string;
        item_code: string;
        item_clause: string;
        unit_name: string;
      }>();
    const base = new URL(c.req.url).origin;
    const collectionId = `${base}/api/v1/audits/${id}/annotations.jsonld`;
    // Capture times come from the client's clock with its offset (`+07:00`, `-05:00`), so their text does not sort
    // by time. The SQL orders by julianday(); this sort is the one that counts: by the instant `created` shows, to the
    // millisecond, then by id.
    const rows = results
      .map((e) => ({ ...e, createdMs: Date.parse(e.captured_at), modifiedMs: Date.parse(e.finding_updated_at) }))
      .sort((a, b) => a.createdMs - b.createdMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = rows.map((e) => {
      const selectors = SelectorsSchema.parse(JSON.parse(e.selectors));
      const body: Record<string, unknown>[] = [
        {
          type: 'TextualBody',
          purpose: 'assessing',
          format: 'text/plain',
          language: 'vi',
          value: `${resultVi(e.result)} (${e.result}) — ${e.item_code}, điều ${e.item_clause}, ${e.unit_name}${e.note ? `: ${e.note}` : ''}`,
        },
        { type: 'TextualBody', purpose: 'tagging', value: e.result },
        { id: `${base}/api/v1/findings/${e.finding_id}`, type: 'Dataset', format: 'application/json' },
      ];
      // Redacted on the way out too: rows stored before page URLs were redacted are never exported in clear.
      const target: Record<string, unknown> = { source: redactUrl(e.page_url) };
      if (selectors.length === 1) target.selector = selectors[0];
      else if (selectors.length > 1) target.selector = selectors;
      return {
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: `urn:uuid:${e.id}`,
        type: 'Annotation',
        motivation: 'assessing',
        created: utcTimestamp(e.captured_at),
        // The finding (the body) may not have changed since a capture whose client clock ran ahead of the server's.
        modified: Number.isNaN(e.modifiedMs) || e.modifiedMs < e.createdMs ? utcTimestamp(e.captured_at) : utcTimestamp(e.finding_updated_at),
        creator: { id: `urn:uuid:${e.captured_by}`, type: 'Person', name: e.captured_by_name ?? e.captured_by },
        generator: { id: base, type: 'Software', name: 'OneStop Audit' },
        body,
        target,
      };
    });
    const doc = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: collectionId,
      type: 'AnnotationCollection',
      label: `${audit.code} — ${audit.title}`,
      total: items.length,
      ...(items.length > 0
        ? {
            first: {
              id: `${collectionId}#page-1`,
              type: 'AnnotationPage',
              partOf: { id: collectionId, label: `${audit.code} — ${audit.title}`, total: items.length },
              startIndex: 0,
              items,
            },
            last: `${collectionId}#page-1`,
          }
        : {}),
    };
    return c.body(JSON.stringify(doc), 200, {
      'content-type': 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
      'content-disposition': `attachment; filename="${audit.code.replace(/[^\w.-]/g, '_')}.annotations.jsonld"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    }) as never;
  });
