// Display values shared by the server-rendered pages and the JSON API used by the client-side list and quick view.

import { dayOf, fmtDate, fmtDateTime, MINUTE_MS, workingDaysBetweenDates } from './calendar.mjs';
import { BASE_COUNT, buildPool, isOverdue } from './data.mjs';
import { CHANNELS, PROCEDURES, STATUSES, TIMELINESS } from './catalogue.mjs';

export const MAX_PAGE_SIZE = 2000;
export const DEFAULT_PAGE_SIZE = 20;

export function money(n) {
  return `${n.toLocaleString('de-DE')} đồng`;
}

export function daysText(n) {
  return `${String(n).padStart(2, '0')} ngày làm việc`;
}

export function fullProcedureCode(p) {
  return `${p.code}.000.00.00.H26`;
}

export function statusOf(d) {
  const s = STATUSES[d.status];
  return { key: d.status, slug: s.slug, label: s.label, tone: s.tone };
}

export function timelinessOf(d) {
  if (!d.timeliness) return null;
  const tone = { early: 'green', on_time: 'blue', late: 'red', pending_in_term: 'blue', pending_overdue: 'red', paused: 'amber' }[d.timeliness];
  return { key: d.timeliness, label: TIMELINESS[d.timeliness], tone };
}

/** The small note under "Hạn xử lý" (pending dossiers) or "Ngày trả kết quả" (returned ones) in the list. */
export function listNotes(d, now) {
  let dueNote = null;
  let returnedNote = null;
  if (d.timeliness === 'pending_overdue') {
    const n = Math.max(1, workingDaysBetweenDates(d.dueAt, now));
    dueNote = { text: `Quá hạn ${n} ngày`, tone: 'red' };
  } else if (d.timeliness === 'pending_in_term') {
    const n = workingDaysBetweenDates(now, d.dueAt);
    dueNote = { text: n <= 0 ? 'Đến hạn hôm nay' : n === 1 ? 'Sắp đến hạn' : `Còn ${n} ngày`, tone: n <= 1 ? 'amber' : 'gray' };
  } else if (d.timeliness === 'paused') {
    dueNote = { text: 'Tạm dừng (chờ bổ sung)', tone: 'amber' };
  }
  if (d.timeliness === 'late') {
    // Late by minutes on the appointment's day, else by working days.
    const text = dayOf(d.returnedAt) === dayOf(d.dueAt) ? `Trễ hạn ${Math.round((d.returnedAt - d.dueAt) / MINUTE_MS)} phút` : `Trễ hạn ${Math.max(1, workingDaysBetweenDates(d.dueAt, d.returnedAt))} ngày`;
    returnedNote = { text, tone: 'red' };
  } else if (d.timeliness === 'early') {
    returnedNote = { text: 'Trước hạn', tone: 'green' };
  } else if (d.timeliness === 'on_time') {
    returnedNote = { text: 'Đúng hạn', tone: 'blue' };
  }
  return { dueNote, returnedNote };
}

export function listRow(d, now) {
  const { dueNote, returnedNote } = listNotes(d, now);
  return {
    code: d.code,
    href: `/ho-so/${encodeURIComponent(d.code)}`,
    procedure: d.procedure.name,
    applicant: d.applicant.name,
    received: fmtDateTime(d.receivedAt),
    due: fmtDateTime(d.dueAt),
    dueNote,
    returned: fmtDateTime(d.returnedAt),
    returnedNote,
    status: statusOf(d),
    channel: d.channelLabel,
  };
}

/** Data for the "Xem nhanh" dialog (the client renders it). */
export function quickView(d, now) {
  const t = timelinessOf(d);
  return {
    code: d.code,
    href: `/ho-so/${encodeURIComponent(d.code)}`,
    procedure: d.procedure.name,
    procedureCode: fullProcedureCode(d.procedure),
    applicant: d.applicant.name,
    idNumber: d.applicant.cccd,
    phone: d.applicant.phone,
    channel: d.channelLabel,
    submitted: fmtDateTime(d.submittedAt),
    received: fmtDateTime(d.receivedAt),
    due: fmtDateTime(d.dueAt),
    returned: fmtDateTime(d.returnedAt),
    status: statusOf(d),
    timeliness: t,
    handler: d.currentHandler ? [d.currentHandler.unit, d.currentHandler.officer].filter(Boolean).join(' — ') : '',
    apology: d.apology
      ? { text: `Có (số ${d.apology.number}, ngày ${fmtDate(d.apology.issuedAt)})`, newDue: fmtDateTime(d.apology.newDueAt) }
      : null,
    steps: d.steps.map((s) => ({
      name: s.name,
      unit: s.unit,
      officer: s.to ?? '',
      started: fmtDateTime(s.startedAt),
      finished: fmtDateTime(s.finishedAt),
    })),
    now: fmtDateTime(now),
  };
}

const STATUS_BY_SLUG = new Map(Object.entries(STATUSES).map(([k, v]) => [v.slug, k]));
const CHANNEL_KEYS = new Set(Object.keys(CHANNELS));
const PROCEDURE_CODES = new Set(PROCEDURES.map((p) => p.code));

function intParam(v, def, min, max) {
  const n = Number.parseInt(v ?? '', 10);
  if (!Number.isFinite(n)) return def;
  return Math.min(max, Math.max(min, n));
}

/** Validated list query; unknown values are ignored rather than echoed. */
export function parseListQuery(sp) {
  const status = STATUS_BY_SLUG.has(sp.get('status')) ? sp.get('status') : '';
  const procedure = PROCEDURE_CODES.has(sp.get('procedure')) ? sp.get('procedure') : '';
  const channel = CHANNEL_KEYS.has(sp.get('channel')) ? sp.get('channel') : '';
  const overdue = sp.get('overdue') === '1';
  const q = (sp.get('q') ?? '').trim().slice(0, 64);
  const size = intParam(sp.get('size'), DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const page = intParam(sp.get('page'), 1, 1, 100000);
  return { status, procedure, channel, overdue, q, size, page };
}

/** Query string for a list query (defaults omitted), with an optional override. */
export function listQueryString(query, override = {}) {
  const qy = { ...query, ...override };
  const sp = new URLSearchParams();
  if (qy.q) sp.set('q', qy.q);
  if (qy.status) sp.set('status', qy.status);
  if (qy.procedure) sp.set('procedure', qy.procedure);
  if (qy.channel) sp.set('channel', qy.channel);
  if (qy.overdue) sp.set('overdue', '1');
  if (qy.size !== DEFAULT_PAGE_SIZE) sp.set('size', String(qy.size));
  if (qy.page > 1) sp.set('page', String(qy.page));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/**
 * The register shown by the list: the default 120 dossiers, or the extended 2,000 when a page size above 120 is
 * asked for (benchmarks render the whole table with ?size=2000).
 */
export function registerFor(pool, size) {
  return size > BASE_COUNT ? pool.all : pool.base;
}

export function filterDossiers(query, nowMs) {
  const pool = buildPool(nowMs);
  const statusKey = query.status ? STATUS_BY_SLUG.get(query.status) : null;
  const q = query.q.toLowerCase();
  const rows = registerFor(pool, query.size).filter(
    (d) =>
      (!statusKey || d.status === statusKey) &&
      (!query.procedure || d.procedure.code === query.procedure) &&
      (!query.channel || d.channel === query.channel) &&
      (!query.overdue || isOverdue(d)) &&
      (!q || d.code.toLowerCase().includes(q)),
  );
  const pages = Math.max(1, Math.ceil(rows.length / query.size));
  const page = Math.min(query.page, pages);
  const start = (page - 1) * query.size;
  return { total: rows.length, page, pages, size: query.size, start, rows: rows.slice(start, start + query.size) };
}

export function statusOptions() {
  return Object.values(STATUSES).map((s) => ({ value: s.slug, label: s.label }));
}

export function procedureOptions() {
  return PROCEDURES.map((p) => ({ value: p.code, label: p.short }));
}

export function channelOptions() {
  return Object.entries(CHANNELS).map(([k, v]) => ({ value: k, label: v.label }));
}
