// Audit exports: a CSV for spreadsheets (UTF-8 with BOM so Excel shows Vietnamese) and a W3C Web Annotation
// collection of the evidence (one annotation per evidence, motivation `assessing`).
import { z } from '@hono/zod-openapi';
import { SelectorsSchema } from '@onestop/shared';
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
  description: 'One row per live finding the caller may see, with its corrective action. Cells that a spreadsheet would run as a formula are prefixed with an apostrophe.',
  request: { params: IdParam },
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses(400, 404) },
});

const annotationsRoute = defineRoute({
  method: 'get',
  path: '/audits/{id}/annotations.jsonld',
  tags: ['exports'],
  summary: 'Evidence of an audit as a W3C Web Annotation collection',
  description: 'An AnnotationCollection with one embedded AnnotationPage: one Annotation per evidence, motivation `assessing`, target = the page URL with its W3C selectors, body = the finding\'s result and note.',
  request: { params: IdParam },
  responses: { 200: { description: 'JSON-LD', content: { 'application/ld+json': { schema: z.record(z.string(), z.unknown()) } } }, ...problemResponses(400, 404) },
});

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

const RESULT_VI: Record<string, string> = {
  conform: 'Phù hợp',
  nc_major: 'Không phù hợp nặng',
  nc_minor: 'Không phù hợp nhẹ',
  observation: 'Lưu ý',
  ofi: 'Cơ hội cải tiến',
  not_applicable: 'Không áp dụng',
};

/** Quotes a CSV cell; a leading = + - @ (or tab / CR) would make a spreadsheet run it, so it is neutralised. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A timestamp as the local time in Asia/Ho_Chi_Minh, `dd/MM/yyyy HH:mm`, as the forms write it. */
function vnTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
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
         WHERE f.audit_id = ? AND f.deleted_at IS NULL AND ${s.sql}
         ORDER BY u.name, i.sort, f.recorded_at`,
      )
      .bind(id, ...s.params)
      .all<ExportRow>();
    const header = [
      'Mã cuộc kiểm tra', 'Mã đơn vị', 'Đơn vị', 'Mã tiêu chí', 'Điều khoản', 'Nội dung kiểm tra', 'Kết quả', 'Mã kết quả', 'Trạng thái',
      'Ghi chú', 'Mã hồ sơ', 'Trang', 'Người ghi nhận', 'Thời điểm ghi nhận', 'Nguyên nhân', 'Hành động khắc phục', 'Người chịu trách nhiệm',
      'Hạn hoàn thành', 'Ngày hoàn thành', 'Ngày xác minh', 'Hiệu quả', 'Số bằng chứng', 'Mã phát hiện',
    ];
    const lines = [header.map(csvCell).join(',')];
    for (const r of results) {
      lines.push(
        [
          audit.code, r.unit_code, r.unit_name, r.item_code, r.item_clause, r.item_text_vi, RESULT_VI[r.result] ?? r.result, r.result, r.status,
          r.note, r.dossier_code, r.page_url, r.recorded_by_name, vnTime(r.recorded_at), r.root_cause, r.action, r.owner_name,
          r.due_date, vnTime(r.done_at), vnTime(r.verified_at), r.effective === null ? '' : r.effective ? 'Có' : 'Không', r.evidence_count, r.finding_id,
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
         WHERE f.audit_id = ? AND f.deleted_at IS NULL AND e.page_url IS NOT NULL AND ${s.sql}
         ORDER BY e.captured_at, e.id`,
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
    const items = results.map((e) => {
      const selectors = SelectorsSchema.parse(JSON.parse(e.selectors));
      const body: Record<string, unknown>[] = [
        {
          type: 'TextualBody',
          purpose: 'assessing',
          format: 'text/plain',
          language: 'vi',
          value: `${RESULT_VI[e.result] ?? e.result} (${e.result}) — ${e.item_code}, điều ${e.item_clause}, ${e.unit_name}${e.note ? `: ${e.note}` : ''}`,
        },
        { type: 'TextualBody', purpose: 'tagging', value: e.result },
        { id: `${base}/api/v1/findings/${e.finding_id}`, type: 'Dataset', format: 'application/json' },
      ];
      const target: Record<string, unknown> = { source: e.page_url };
      if (selectors.length === 1) target.selector = selectors[0];
      else if (selectors.length > 1) target.selector = selectors;
      return {
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        id: `urn:uuid:${e.id}`,
        type: 'Annotation',
        motivation: 'assessing',
        created: e.captured_at,
        modified: e.finding_updated_at,
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
