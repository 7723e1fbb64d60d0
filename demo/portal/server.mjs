#!/usr/bin/env node
// The second demo dossier system: the staff portal ("Phân hệ cán bộ") of a one-stop shop, a hash-routed single-page
// app that renders everything client-side from its own JSON API. Node built-ins only; see demo/portal/README.md.
//
//   import { startPortalSite } from './demo/portal/server.mjs';
//   const portal = await startPortalSite({ port: 8789 }); // → { url, port, close() }
//
// or run directly: node demo/portal/server.mjs   (PORTAL_PORT, PORTAL_NOW=YYYY-MM-DDTHH:mm)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildPortalData, CHANNELS, DEFAULT_NOW, local, STATUSES, UNIT } from './data.mjs';
import { groundTruth } from './ground-truth.mjs';
import { listen } from '../lib/listen.mjs';

const HOST = '127.0.0.1';
const APP_PATH = '/can-bo/';
const here = path.dirname(fileURLToPath(import.meta.url));

const ASSETS = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'logo.svg': 'image/svg+xml',
};
const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(path.join(here, 'public', name)) }]));
const indexHtml = readFileSync(path.join(here, 'public', 'index.html'));

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'SAMEORIGIN',
};

/** Tabs of the list: which statuses each one shows. */
export const TABS = {
  'tat-ca': null,
  'dang-xu-ly': ['cho_xac_nhan', 'da_tiep_nhan', 'dang_giai_quyet', 'bo_sung', 'tre_han'],
  'tre-han': ['tre_han'],
  'da-tra': ['co_ket_qua', 'da_tra'],
  khac: ['khong_giai_quyet', 'rut'],
};

/** `PORTAL_NOW=YYYY-MM-DDTHH:mm` (Vietnam wall-clock time) moves the reference "now" of the generated register. */
export function parseNow(value) {
  if (value == null || value === '') return DEFAULT_NOW;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(String(value));
  if (!m) throw new Error('PORTAL_NOW must look like 2026-10-15T10:00');
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const t = local(y, mo, d, h, mi);
  if (!(t >= local(2026, 5, 1) && t <= local(2027, 6, 30, 23, 59))) throw new Error('PORTAL_NOW must fall between 2026-05-01 and 2027-06-30');
  return t;
}

const iso = (t) => (t == null ? null : new Date(t).toISOString());
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
/** Digits of a phone in national form (`+84 912.345.678` → `0912345678`). */
const phoneDigits = (s) => {
  const digits = s.replace(/\D/g, '');
  return digits.startsWith('84') && s.trim().startsWith('+') ? `0${digits.slice(2)}` : digits;
};

/** True when the dossier matches a search: its id, code, applicant name, CCCD or phone (any format). */
function matches(d, q) {
  const query = q.trim();
  if (query === '') return true;
  if (/^\d{1,3}$/.test(query)) return String(d.id) === query || d.code.includes(query);
  if (d.code.toLowerCase().includes(query.toLowerCase())) return true;
  const digits = phoneDigits(query);
  if (digits.length >= 4 && /^[\d\s.+()-]+$/.test(query)) {
    return d.applicant.cccd.includes(digits) || phoneDigits(d.applicant.phone).includes(digits);
  }
  return fold(d.applicant.name).includes(fold(query));
}

const person = (p) => (p ? { name: p.name, title: p.title } : null);

function listRow(d) {
  return {
    id: d.id,
    code: d.code,
    procedure: d.procedure.name,
    applicant: { name: d.applicant.name, phone: d.applicant.phone },
    received_at: iso(d.receivedAt),
    submitted_at: iso(d.submittedAt),
    due_at: iso(d.dueAt),
    returned_at: iso(d.returnedAt),
    status: d.status,
    status_label: STATUSES[d.status].label,
    officer: person(d.handler ?? d.receiver),
  };
}

function detail(d) {
  return {
    ...listRow(d),
    procedure: d.procedure,
    channel: d.channel,
    channel_label: CHANNELS[d.channel],
    result_at: iso(d.resultAt),
    applicant: d.applicant,
    receiver: person(d.receiver),
    handler: person(d.currentHandler),
    apology: d.apology ? { issued_at: iso(d.apology.issuedAt), new_due_at: iso(d.apology.newDueAt), reason: d.apology.reason } : null,
    supplements: d.supplements.map((s) => ({ requested_at: iso(s.at), content: s.content, reason: s.reason })),
    refusal: d.refusal ? { at: iso(d.refusal.at), reason: d.refusal.reason } : null,
    withdrawal: d.withdrawal ? { at: iso(d.withdrawal.at), file: d.withdrawal.file } : null,
    steps: d.steps.map((s) => ({ name: s.name, officer: person(s.officer), started_at: iso(s.startedAt), finished_at: iso(s.finishedAt), hours: s.hours, result: s.result })),
    files: d.files,
    result_file: d.resultFile,
    fee: d.fee,
    postal_code: d.postalCode,
    note: d.note,
  };
}

/** JSON safe to serve (no `<` that could close a script block if someone inlined it). */
const safeJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

function send(req, res, status, type, body, extra = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': type, 'content-length': buf.length, 'cache-control': 'no-store', ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
}
const sendJson = (req, res, status, value) => send(req, res, status, 'application/json; charset=utf-8', safeJson(value));

function handler(nowMs, delayMs) {
  const data = buildPortalData(nowMs);
  const truth = groundTruth(nowMs);
  const newestFirst = [...data.dossiers].sort((a, b) => b.id - a.id);
  const later = (fn) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());
  return (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(req, res, 405, 'text/plain; charset=utf-8', 'Phương thức không được hỗ trợ.', { allow: 'GET, HEAD' });
        return;
      }
      const url = new URL(req.url ?? '/', `http://${HOST}`);
      const p = url.pathname;
      if (p === '/' || p === '/can-bo') {
        send(req, res, 302, 'text/plain; charset=utf-8', 'Chuyển đến phân hệ cán bộ', { location: `${APP_PATH}#/dossiers` });
        return;
      }
      if (p === APP_PATH || p === `${APP_PATH}index.html`) {
        send(req, res, 200, 'text/html; charset=utf-8', indexHtml);
        return;
      }
      if (p.startsWith(`${APP_PATH}assets/`)) {
        const f = assets.get(p.slice(`${APP_PATH}assets/`.length));
        if (f) {
          send(req, res, 200, f.type, f.body, { 'cache-control': 'no-cache' });
          return;
        }
      }
      if (p === '/favicon.ico') {
        const f = assets.get('logo.svg');
        send(req, res, 200, f.type, f.body, { 'cache-control': 'no-cache' });
        return;
      }
      if (p === '/api/v2/ho-so') {
        const q = (url.searchParams.get('q') ?? '').slice(0, 100);
        const tab = Object.hasOwn(TABS, url.searchParams.get('tab') ?? '') ? url.searchParams.get('tab') : 'tat-ca';
        const found = newestFirst.filter((d) => matches(d, q));
        const counts = Object.fromEntries(Object.entries(TABS).map(([k, statuses]) => [k, found.filter((d) => statuses === null || statuses.includes(d.status)).length]));
        const statuses = TABS[tab];
        const items = found.filter((d) => statuses === null || statuses.includes(d.status)).map(listRow);
        later(() => sendJson(req, res, 200, { tab, q, total: items.length, counts, items, as_of: iso(nowMs) }));
        return;
      }
      if (p === '/api/v2/ho-so/moi-nhat') {
        sendJson(req, res, 200, { items: newestFirst.slice(0, 8).map((d) => ({ id: d.id, code: d.code, at: iso(d.receivedAt ?? d.submittedAt), procedure: d.procedure.name })) });
        return;
      }
      const one = /^\/api\/v2\/ho-so\/(\d{1,4})$/.exec(p);
      if (one) {
        const d = data.byId.get(Number(one[1]));
        if (!d) sendJson(req, res, 404, { error: 'Không tìm thấy hồ sơ.' });
        else later(() => sendJson(req, res, 200, { ...detail(d), as_of: iso(nowMs) }));
        return;
      }
      if (p === '/api/v2/don-vi') {
        sendJson(req, res, 200, { ...UNIT, now: iso(nowMs) });
        return;
      }
      if (p === '/api/v2/health') {
        sendJson(req, res, 200, { ok: true, dossiers: data.dossiers.length });
        return;
      }
      if (p === '/api/ground-truth') {
        // Test fixture, not part of the imitated system: which dossiers break which check rule (ground-truth.mjs).
        sendJson(req, res, 200, truth);
        return;
      }
      send(req, res, 404, 'text/plain; charset=utf-8', 'Không tìm thấy trang.');
    } catch (err) {
      console.error('[portal] request failed:', err);
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'Lỗi hệ thống. Vui lòng thử lại sau.');
      else res.destroy();
    }
  };
}

/**
 * Starts the portal on 127.0.0.1.
 * @param {{ port?: number, now?: string, delayMs?: number }} [options] port (default PORTAL_PORT or 8789; 0 picks a
 *   free one), now: reference time `YYYY-MM-DDTHH:mm` (default PORTAL_NOW or 2026-10-15T10:00), delayMs: latency of
 *   the list and detail API (default 120, so the app shows its loading placeholders)
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startPortalSite(options = {}) {
  const port = Number(options.port ?? process.env.PORTAL_PORT ?? 8789);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid portal port: ${options.port}`);
  const nowMs = parseNow(options.now ?? process.env.PORTAL_NOW);
  return listen(handler(nowMs, options.delayMs ?? 120), port);
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const site = await startPortalSite();
  console.log(`Demo staff portal (phân hệ cán bộ, hệ thống thứ hai): ${site.url}${APP_PATH}#/dossiers`);
  const stop = () => site.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
