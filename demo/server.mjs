#!/usr/bin/env node
// The demo one-stop-shop dossier system ("Hệ thống thông tin giải quyết thủ tục hành chính thành phố Hà Nội"),
// served on http://127.0.0.1:8788 (DEMO_PORT). Node built-ins only; see demo/README.md.
//
//   import { startDemoSite } from './demo/server.mjs';
//   const site = await startDemoSite({ port: 8788 }); // → { url, close() }
//
// or run directly: node demo/server.mjs

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { local } from './lib/calendar.mjs';
import { PROCEDURES } from './lib/catalogue.mjs';
import { buildPool, DEFAULT_NOW } from './lib/data.mjs';
import { groundTruth } from './lib/ground-truth.mjs';
import { safeJson } from './lib/html.mjs';
import { renderBook, renderDetail, renderList, renderNotFound, renderProcedure, renderProcedures } from './lib/pages.mjs';
import { filterDossiers, listRow, parseListQuery, quickView } from './lib/view.mjs';
import { listen } from './lib/listen.mjs';

const HOST = '127.0.0.1';
const here = path.dirname(fileURLToPath(import.meta.url));

const STATIC_TYPES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};
const staticFiles = new Map(Object.entries(STATIC_TYPES).map(([name, type]) => [name, { type, body: readFileSync(path.join(here, 'public', name)) }]));

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'SAMEORIGIN',
};

/** `DEMO_NOW=YYYY-MM-DDTHH:mm` (Vietnam wall-clock time) moves the reference "now" of the generated register. */
export function parseNow(value) {
  if (value == null || value === '') return DEFAULT_NOW;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(value));
  if (!m) throw new Error('DEMO_NOW must look like 2026-11-20T16:30');
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const t = local(y, mo, d, h, mi);
  if (!(t >= local(2025, 10, 1) && t <= local(2027, 6, 30, 23, 59))) throw new Error('DEMO_NOW must fall between 2025-10-01 and 2027-06-30');
  return t;
}

function send(req, res, status, type, body, extra = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': type, 'content-length': buf.length, 'cache-control': 'no-store', ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
}

const sendHtml = (req, res, status, page) => send(req, res, status, 'text/html; charset=utf-8', page.toString());
const sendJson = (req, res, status, value) => send(req, res, status, 'application/json; charset=utf-8', safeJson(value));

function decodeSegment(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function handler(nowMs) {
  const pool = buildPool(nowMs);
  return (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, 'text/plain; charset=utf-8', 'Phương thức không được hỗ trợ.', { allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url ?? '/', `http://${HOST}`);
      const p = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;

      if (p === '/') {
        send(req, res, 302, 'text/plain; charset=utf-8', 'Chuyển đến /ho-so', { location: '/ho-so' });
        return;
      }
      if (p === '/ho-so') {
        sendHtml(req, res, 200, renderList(parseListQuery(url.searchParams), nowMs));
        return;
      }
      if (p.startsWith('/ho-so/')) {
        const code = decodeSegment(p.slice('/ho-so/'.length));
        const d = code == null ? undefined : pool.byCode.get(code);
        if (!d) sendHtml(req, res, 404, renderNotFound(nowMs, 'Không tìm thấy hồ sơ với mã đã nhập.'));
        else sendHtml(req, res, 200, renderDetail(d, nowMs));
        return;
      }
      if (p === '/thu-tuc') {
        sendHtml(req, res, 200, renderProcedures(nowMs));
        return;
      }
      if (p.startsWith('/thu-tuc/')) {
        const code = decodeSegment(p.slice('/thu-tuc/'.length));
        const proc = PROCEDURES.find((x) => x.code === code);
        if (!proc) sendHtml(req, res, 404, renderNotFound(nowMs, 'Không tìm thấy thủ tục hành chính.'));
        else sendHtml(req, res, 200, renderProcedure(proc, nowMs));
        return;
      }
      if (p === '/so-theo-doi') {
        sendHtml(req, res, 200, renderBook(parseListQuery(url.searchParams), nowMs));
        return;
      }
      if (p === '/api/ho-so') {
        const query = parseListQuery(url.searchParams);
        const r = filterDossiers(query, nowMs);
        sendJson(req, res, 200, {
          total: r.total,
          page: r.page,
          pages: r.pages,
          size: r.size,
          start: r.start,
          query: { ...query, page: r.page },
          rows: r.rows.map((d) => listRow(d, nowMs)),
        });
        return;
      }
      if (p.startsWith('/api/ho-so/')) {
        const code = decodeSegment(p.slice('/api/ho-so/'.length));
        const d = code == null ? undefined : pool.byCode.get(code);
        if (!d) sendJson(req, res, 404, { error: 'Không tìm thấy hồ sơ.' });
        else sendJson(req, res, 200, quickView(d, nowMs));
        return;
      }
      if (p === '/api/health') {
        sendJson(req, res, 200, { ok: true, dossiers: pool.all.length });
        return;
      }
      if (p === '/api/ground-truth') {
        // Test fixture, not part of the imitated system: which dossiers break which check rule (lib/ground-truth.mjs).
        sendJson(req, res, 200, groundTruth(nowMs, { register: url.searchParams.get('register') === 'base' ? 'base' : 'all' }));
        return;
      }
      if (p.startsWith('/static/')) {
        const f = staticFiles.get(p.slice('/static/'.length));
        if (f) {
          send(req, res, 200, f.type, f.body, { 'cache-control': 'no-cache' });
          return;
        }
      }
      if (p === '/favicon.ico') {
        const f = staticFiles.get('favicon.svg');
        send(req, res, 200, f.type, f.body, { 'cache-control': 'no-cache' });
        return;
      }
      sendHtml(req, res, 404, renderNotFound(nowMs));
    } catch (err) {
      console.error('[demo] request failed:', err);
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'Lỗi hệ thống. Vui lòng thử lại sau.');
      else res.destroy();
    }
  };
}

/**
 * Start the demo site on 127.0.0.1.
 * @param {{ port?: number, now?: string }} [options] port (default DEMO_PORT or 8788; 0 picks a free one),
 *   now: reference time `YYYY-MM-DDTHH:mm` (default DEMO_NOW or 2026-11-20T16:30)
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startDemoSite(options = {}) {
  const port = Number(options.port ?? process.env.DEMO_PORT ?? 8788);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid demo port: ${options.port}`);
  const nowMs = parseNow(options.now ?? process.env.DEMO_NOW);
  return listen(handler(nowMs), port);
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const site = await startDemoSite();
  console.log(`Demo dossier site (hệ thống hồ sơ mô phỏng): ${site.url}/ho-so`);
  const stop = () => site.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
