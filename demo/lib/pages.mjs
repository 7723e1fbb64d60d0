// Server-rendered pages of the demo dossier system. Every value goes through `html` (escaped by default).

import { fmtDate, fmtDateTime, fmtFormDate, fmtFormTime, isoLocal } from './calendar.mjs';
import { ERAS, PROCEDURES, REFORM_DATE, ROLES, SYSTEM_NAME } from './catalogue.mjs';
import { allottedHours, BASE_COUNT, buildPool, POOL_SIZE, templateFor } from './data.mjs';
import { html } from './html.mjs';
import {
  channelOptions,
  daysText,
  DEFAULT_PAGE_SIZE,
  filterDossiers,
  fullProcedureCode,
  listQueryString,
  listRow,
  money,
  procedureOptions,
  registerFor,
  statusOf,
  statusOptions,
  timelinessOf,
} from './view.mjs';

// ---------------------------------------------------------------------------------------------------------------
// Layout and small pieces

const NAV = [
  { section: 'Hồ sơ' },
  { href: '/ho-so', label: 'Danh sách hồ sơ', key: 'list' },
  { href: '/ho-so?overdue=1', label: 'Hồ sơ quá hạn', key: 'overdue' },
  { href: '/ho-so?status=cho-tiep-nhan', label: 'Hồ sơ chờ tiếp nhận', key: 'intake' },
  { href: '/so-theo-doi', label: 'Sổ theo dõi hồ sơ', key: 'book' },
  { section: 'Danh mục' },
  { href: '/thu-tuc', label: 'Danh mục thủ tục', key: 'procedures' },
];

export function layout({ title, active, body, now }) {
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | ${SYSTEM_NAME}</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/app.css">
</head>
<body class="bg-gray-100 text-gray-900">
<div class="bg-amber-50 text-amber-800 text-xs text-center py-1 border-b border-amber-200">Hệ thống mô phỏng phục vụ thử nghiệm — dữ liệu giả lập, không phải hồ sơ thật.</div>
<header class="bg-brand text-white">
  <div class="flex items-center gap-3 px-4 h-14">
    <img src="/static/favicon.svg" alt="" class="h-9 w-9">
    <div class="min-w-0">
      <div class="text-xs uppercase tracking-wide opacity-80">Ủy ban nhân dân thành phố Hà Nội</div>
      <div class="font-semibold truncate">${SYSTEM_NAME}</div>
    </div>
    <div class="ml-auto text-right text-sm leading-tight">
      <div class="font-medium">Nguyễn Thị Hồng Nhung</div>
      <div class="text-xs opacity-80">Công chức tiếp nhận — ${ERAS.post.unitName}</div>
    </div>
  </div>
</header>
<div class="flex">
  <nav class="w-52 shrink-0 bg-white border-r border-gray-200 min-h-screen py-3 text-sm">
    ${NAV.map((n) =>
      n.section
        ? html`<div class="px-4 pt-3 pb-1 text-xs font-semibold uppercase text-gray-400">${n.section}</div>`
        : html`<a href="${n.href}" class="${n.key === active ? 'block px-4 py-2 bg-blue-50 text-blue-800 font-medium border-l-4 border-blue-700' : 'block px-4 py-2 text-gray-700 hover:bg-gray-50 border-l-4 border-transparent'}">${n.label}</a>`,
    )}
  </nav>
  <main class="flex-1 min-w-0 p-5">
${body}
  </main>
</div>
<footer class="text-xs text-gray-500 text-center py-4 border-t border-gray-200 bg-white">© 2026 Ủy ban nhân dân thành phố Hà Nội · Dữ liệu tại thời điểm ${fmtDateTime(now)} · Đường dây nóng hỗ trợ: 024 3383 2155</footer>
<script src="/static/app.js" defer></script>
</body>
</html>`;
}

const badge = (label, tone) => html`<span class="badge badge-${tone}">${label}</span>`;
/** The time the page's figures stand at ("Cập nhật lúc …"): the register's reference "now". */
const asOf = (nowMs) => html`Cập nhật lúc <time datetime="${isoLocal(nowMs)}">${fmtDateTime(nowMs)}</time>`;
const note = (n) => (n ? html`<div class="text-xs text-${n.tone}-700">${n.text}</div>` : '');

/** A label followed by its value in the next element, as real dossier screens do. */
function field(label, value, cls = '') {
  return html`<div class="${cls}"><div class="text-gray-500 text-sm">${label}</div><div class="font-medium break-words">${value ?? ''}</div></div>`;
}

function card(title, body, extra = '') {
  return html`<section class="bg-white rounded border border-gray-200 shadow-sm mb-4"${extra}>
  <div class="px-4 py-3 border-b border-gray-200 font-semibold text-gray-800">${title}</div>
  <div class="p-4">${body}</div>
</section>`;
}

function options(list, selected, emptyLabel) {
  return html`<option value="">${emptyLabel}</option>${list.map(
    (o) => html`<option value="${o.value}"${o.value === selected ? html` selected` : ''}>${o.label}</option>`,
  )}`;
}

function pager(basePath, query, result) {
  if (result.pages <= 1) return html`<div></div>`;
  const link = (p, label, current = false) =>
    current
      ? html`<span class="pager-item pager-current">${label}</span>`
      : html`<a class="pager-item" href="${basePath}${listQueryString(query, { page: p })}">${label}</a>`;
  const items = [];
  if (result.page > 1) items.push(link(result.page - 1, '‹ Trước'));
  const shown = new Set([1, result.pages, result.page - 1, result.page, result.page + 1, result.page - 2, result.page + 2]);
  let last = 0;
  for (let p = 1; p <= result.pages; p++) {
    if (!shown.has(p)) continue;
    if (p - last > 1) items.push(html`<span class="pager-gap">…</span>`);
    items.push(link(p, String(p), p === result.page));
    last = p;
  }
  if (result.page < result.pages) items.push(link(result.page + 1, 'Sau ›'));
  return html`<div class="flex items-center gap-1 flex-wrap">${items}</div>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Dossier list

function listRowHtml(r, n) {
  return html`<tr class="border-b border-gray-100 hover:bg-gray-50 align-top">
<td class="px-2 py-2 text-gray-500">${n}</td>
<td class="px-2 py-2 whitespace-nowrap"><a class="text-blue-700 font-medium hover:underline" href="${r.href}">${r.code}</a></td>
<td class="px-2 py-2 min-w-48">${r.procedure}</td>
<td class="px-2 py-2 min-w-28">${r.applicant}</td>
<td class="px-2 py-2">${r.received || html`<span class="text-gray-400">—</span>`}</td>
<td class="px-2 py-2">${r.due}${note(r.dueNote)}</td>
<td class="px-2 py-2">${r.returned}${note(r.returnedNote)}</td>
<td class="px-2 py-2 whitespace-nowrap">${badge(r.status.label, r.status.tone)}</td>
<td class="px-2 py-2 whitespace-nowrap">${r.channel}</td>
<td class="px-2 py-2 whitespace-nowrap"><button type="button" class="btn-link" data-code="${r.code}">Xem nhanh</button></td>
</tr>`;
}

export function renderList(query, nowMs) {
  const result = filterDossiers(query, nowMs);
  const rows = result.rows.map((d, i) => listRowHtml(listRow(d, nowMs), result.start + i + 1));
  const from = result.total ? result.start + 1 : 0;
  const to = result.start + result.rows.length;
  const body = html`<div class="flex items-end justify-between mb-4">
  <div>
    <div class="text-xs text-gray-500">Hồ sơ › Danh sách hồ sơ</div>
    <h1 class="text-xl font-semibold">Danh sách hồ sơ</h1>
  </div>
  <div class="text-sm text-gray-500">${asOf(nowMs)}</div>
</div>
<form class="bg-white border border-gray-200 rounded p-4 mb-4 grid grid-cols-6 gap-3 items-end" method="get" action="/ho-so" data-list-filter>
  <div class="col-span-2">
    <label class="text-xs text-gray-500 block mb-1">Tìm theo mã hồ sơ</label>
    <input class="input" type="search" name="q" value="${query.q}" placeholder="VD: 000.00.12.H26-251015-0003" autocomplete="off">
  </div>
  <div>
    <label class="text-xs text-gray-500 block mb-1">Trạng thái</label>
    <select class="input" name="status">${options(statusOptions(), query.status, 'Tất cả trạng thái')}</select>
  </div>
  <div>
    <label class="text-xs text-gray-500 block mb-1">Thủ tục</label>
    <select class="input" name="procedure">${options(procedureOptions(), query.procedure, 'Tất cả thủ tục')}</select>
  </div>
  <div>
    <label class="text-xs text-gray-500 block mb-1">Kênh nộp</label>
    <select class="input" name="channel">${options(channelOptions(), query.channel, 'Tất cả')}</select>
  </div>
  <div class="flex items-center gap-3">
    <label class="text-sm flex items-center gap-1 whitespace-nowrap"><input type="checkbox" name="overdue" value="1"${query.overdue ? html` checked` : ''}> Quá hạn</label>
    <input type="hidden" name="size" value="${query.size}">
    <button class="btn btn-primary" type="submit">Tìm kiếm</button>
  </div>
</form>
<div class="bg-white border border-gray-200 rounded">
  <div class="flex items-center justify-between px-4 py-2 border-b border-gray-200 text-sm">
    <div data-list-summary>Hiển thị <b>${from}–${to}</b> trên tổng số <b>${result.total}</b> hồ sơ</div>
    <a class="text-blue-700 hover:underline" href="/ho-so">Xóa bộ lọc</a>
  </div>
  <div class="overflow-x-auto">
    <table class="w-full text-sm">
      <thead class="bg-gray-50 text-gray-600 text-left">
        <tr>
          <th class="px-2 py-2 font-semibold">STT</th>
          <th class="px-2 py-2 font-semibold">Mã hồ sơ</th>
          <th class="px-2 py-2 font-semibold">Tên thủ tục</th>
          <th class="px-2 py-2 font-semibold">Người nộp</th>
          <th class="px-2 py-2 font-semibold">Ngày tiếp nhận</th>
          <th class="px-2 py-2 font-semibold">Hạn xử lý</th>
          <th class="px-2 py-2 font-semibold">Ngày trả kết quả</th>
          <th class="px-2 py-2 font-semibold">Trạng thái</th>
          <th class="px-2 py-2 font-semibold">Kênh nộp</th>
          <th class="px-2 py-2 font-semibold"></th>
        </tr>
      </thead>
      <tbody data-list-body>
${rows.length ? rows : html`<tr><td colspan="10" class="px-3 py-6 text-center text-gray-500">Không có hồ sơ phù hợp.</td></tr>`}
      </tbody>
    </table>
  </div>
  <div class="flex items-center justify-between px-4 py-3 border-t border-gray-200 text-sm">
    <div data-list-pager>${pager('/ho-so', query, result)}</div>
    <div class="text-gray-500">${result.size} hồ sơ/trang</div>
  </div>
</div>`;
  return layout({ title: 'Danh sách hồ sơ', active: query.overdue ? 'overdue' : query.status === 'cho-tiep-nhan' ? 'intake' : 'list', body, now: nowMs });
}

// ---------------------------------------------------------------------------------------------------------------
// Dossier detail

function stepResultBadge(r) {
  if (!r) return html`<span class="text-gray-400">Đang xử lý</span>`;
  return badge({ early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' }[r], { early: 'green', on_time: 'blue', late: 'red' }[r]);
}

function receiptSlip(d) {
  const era = ERAS[d.era];
  const pickup = d.channel === 'postal' ? 'Nhận qua dịch vụ bưu chính công ích' : d.channel === 'online' ? 'Nhận trực tuyến trên Cổng Dịch vụ công quốc gia hoặc tại quầy' : `${era.unitName}`;
  return html`<div class="receipt border border-gray-300 rounded p-6 font-serif text-[15px] leading-relaxed">
  <div class="grid grid-cols-2 text-center text-sm">
    <div><div class="uppercase">${era.headerTop}</div><div class="uppercase font-bold">${era.headerSub}</div><div class="mx-auto w-24 border-b border-gray-800 mt-1"></div></div>
    <div><div class="uppercase font-bold">Cộng hòa xã hội chủ nghĩa Việt Nam</div><div class="font-bold">Độc lập - Tự do - Hạnh phúc</div><div class="mx-auto w-40 border-b border-gray-800 mt-1"></div>
      <div class="italic mt-2">${era.place}, ${fmtFormDate(d.receivedAt)}</div></div>
  </div>
  <div class="text-center font-bold uppercase mt-5">Giấy tiếp nhận hồ sơ và hẹn trả kết quả</div>
  <div class="text-center mb-4"><span>Mã hồ sơ:</span> <span class="font-semibold">${d.code}</span></div>
  <div class="flex gap-1"><span class="shrink-0">${era.unitName} đã tiếp nhận hồ sơ của:</span> <span class="font-semibold">${d.applicant.name}</span></div>
  <div class="flex gap-1"><span class="shrink-0">Địa chỉ:</span> <span>${d.applicant.address}</span></div>
  <div class="flex gap-6"><div class="flex gap-1"><span class="shrink-0">Số điện thoại:</span> <span>${d.applicant.phone}</span></div><div class="flex gap-1"><span class="shrink-0">Email:</span> <span>${d.applicant.email ?? ''}</span></div></div>
  <div class="flex gap-1"><span class="shrink-0">Nội dung yêu cầu giải quyết:</span> <span>${d.procedure.name}</span></div>
  <div class="mt-2">1. Thành phần hồ sơ nộp gồm:</div>
  <table class="w-full text-sm border border-gray-400 my-2">
    <thead><tr><th class="border border-gray-400 px-2 py-1">TT</th><th class="border border-gray-400 px-2 py-1">Tên giấy tờ</th><th class="border border-gray-400 px-2 py-1">Mẫu đơn, tờ khai</th><th class="border border-gray-400 px-2 py-1">Số lượng</th></tr></thead>
    <tbody>${d.attachments.map(
      (a, i) => html`<tr><td class="border border-gray-400 px-2 py-1 text-center">${i + 1}</td><td class="border border-gray-400 px-2 py-1">${a.name}</td><td class="border border-gray-400 px-2 py-1">${a.kind}</td><td class="border border-gray-400 px-2 py-1 text-center">${String(a.qty).padStart(2, '0')}</td></tr>`,
    )}</tbody>
  </table>
  <div>2. Số lượng hồ sơ: 01 (bộ)</div>
  <div class="flex gap-1"><span class="shrink-0">3. Thời gian giải quyết hồ sơ theo quy định:</span> <span>${daysText(d.statutoryDays)}</span></div>
  <div class="flex gap-1"><span class="shrink-0">4. Thời gian nhận hồ sơ:</span> <span>${fmtFormTime(d.receivedAt)}</span></div>
  <div class="flex gap-1"><span class="shrink-0">5. Thời gian trả kết quả giải quyết hồ sơ:</span> <span class="font-semibold">${d.dueAt == null ? '' : fmtFormTime(d.dueAt)}</span></div>
  <div class="flex gap-1"><span class="shrink-0">6. Đăng ký nhận kết quả tại:</span> <span>${pickup}</span></div>
  ${d.book ? html`<div class="mt-2">Vào Sổ theo dõi hồ sơ, Quyển số: ${d.book.volume}, Số thứ tự: ${String(d.book.no).padStart(4, '0')}</div>` : ''}
  <div class="grid grid-cols-2 text-center mt-5">
    <div><div class="font-bold uppercase text-sm">Người nộp hồ sơ</div><div class="italic text-sm">(Ký và ghi rõ họ tên)</div><div class="h-14"></div><div>${d.applicant.name}</div></div>
    <div><div class="font-bold uppercase text-sm">Người tiếp nhận hồ sơ</div><div class="italic text-sm">(Ký và ghi rõ họ tên)</div><div class="h-14"></div><div>${d.receivingOfficer ?? ''}</div></div>
  </div>
  <div class="text-xs text-gray-500 mt-4 italic">${d.era === 'pre' ? 'Mẫu số 01 — Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ' : 'Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả theo Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ'}</div>
</div>`;
}

function apologyCard(d) {
  const a = d.apology;
  const title = a.form === 'pre' ? 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' : 'Văn bản xin lỗi và hẹn lại ngày trả kết quả';
  const basis = a.form === 'pre' ? 'Mẫu số 04 — Thông tư số 01/2018/TT-VPCP' : 'Theo Nghị định số 118/2025/NĐ-CP';
  const body = html`<div class="text-xs text-gray-500 mb-3">${basis}</div>
<div class="grid grid-cols-3 gap-4">
  ${field('Số văn bản', a.number)}
  ${field('Ngày ban hành', fmtDateTime(a.issuedAt))}
  ${field('Cơ quan ban hành', a.issuer)}
  ${field('Kính gửi', d.applicant.name)}
  ${field('Điện thoại', d.applicant.phone)}
  ${field('Email', d.applicant.email ?? '')}
  ${field('Mã hồ sơ', d.code)}
  ${field('Ngày hẹn trả kết quả ban đầu', fmtDateTime(d.dueAt))}
  ${field('Ngày hẹn lại trả kết quả', fmtDateTime(a.newDueAt))}
  ${field('Lý do chậm trả kết quả', a.reason, 'col-span-3')}
  ${field('Người ký', a.signer)}
  ${field('Tệp đính kèm', html`<a class="text-blue-700 hover:underline" href="#">phieu_xin_loi_${a.number.split('/')[0]}.pdf</a>`)}
</div>
<p class="text-sm text-gray-700 mt-3 italic">${a.issuer} xin lỗi ông/bà ${d.applicant.name} vì hồ sơ không được giải quyết đúng thời hạn đã hẹn và xin hẹn lại thời gian trả kết quả vào ${fmtFormTime(a.newDueAt)}.</p>`;
  return card(title, body);
}

function supplementCards(d) {
  return d.supplement.map((s, i) =>
    card(
      `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ${d.supplement.length > 1 ? ` (lần ${i + 1})` : ''}`,
      html`<div class="grid grid-cols-3 gap-4">
  ${field('Ngày yêu cầu', fmtDateTime(s.at))}
  ${field('Người hướng dẫn', s.officer)}
  ${field('Điện thoại liên hệ', '024 3383 2156')}
  ${field('Nội dung cần bổ sung', s.items.join('; '), 'col-span-3')}
  ${field('Lý do', s.reason, 'col-span-3')}
</div>`,
      html` data-phieu="yeu-cau-bo-sung"`,
    ),
  );
}

function refusalCard(d) {
  const r = d.refusal;
  return card(
    'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
    html`<div class="grid grid-cols-3 gap-4">
  ${field('Ngày từ chối', fmtDateTime(r.at))}
  ${field('Người từ chối', r.by)}
  ${field('Cơ quan', r.unit)}
  ${field('Lý do từ chối', r.reason, 'col-span-3')}
  ${field('Tệp đính kèm', html`<a class="text-blue-700 hover:underline" href="#">phieu_tu_choi.pdf</a>`)}
</div>`,
  );
}

function closureCard(d) {
  const c = d.closure;
  const title = c.kind === 'withdrawn' ? 'Đơn đề nghị rút hồ sơ' : c.at < REFORM_DATE ? 'Văn bản dừng giải quyết hồ sơ' : 'Thông báo dừng giải quyết hồ sơ';
  return card(
    title,
    html`<div class="grid grid-cols-3 gap-4">
  ${field(c.kind === 'withdrawn' ? 'Ngày nộp đơn' : 'Ngày dừng giải quyết', fmtDateTime(c.at))}
  ${field('Lý do', c.reason, 'col-span-2')}
  ${field('Tệp văn bản', c.file ? html`<a class="text-blue-700 hover:underline" href="#">${c.file}</a>` : html`<span class="text-gray-400">Chưa đính kèm</span>`)}
</div>`,
  );
}

export function renderDetail(d, nowMs) {
  const st = statusOf(d);
  const tl = timelinessOf(d);
  const formBasis = d.era === 'pre' ? 'Mẫu số 05 — Thông tư số 01/2018/TT-VPCP' : 'Theo Nghị định số 118/2025/NĐ-CP';
  const fee = d.fee;
  const general = html`<div class="grid grid-cols-3 gap-x-6 gap-y-4">
  ${field('Mã hồ sơ', d.code)}
  ${field('Thủ tục hành chính', d.procedure.name, 'col-span-2')}
  ${field('Mã TTHC', fullProcedureCode(d.procedure))}
  ${field('Lĩnh vực', d.procedure.field)}
  ${field('Chủ hồ sơ', d.applicant.name)}
  ${field('Hình thức nộp', { in_person: 'Trực tiếp tại Bộ phận Một cửa', online: 'Trực tuyến qua Cổng Dịch vụ công quốc gia', postal: 'Qua dịch vụ bưu chính công ích' }[d.channel])}
  ${d.submittedAt ? field('Ngày nộp trực tuyến', fmtDateTime(d.submittedAt)) : ''}
  ${d.channel === 'postal' ? field('Mã bưu gửi', d.postalCode ?? '') : ''}
  ${field('Ngày tiếp nhận', d.receivedAt ? fmtDateTime(d.receivedAt) : 'Chưa tiếp nhận')}
  ${field('Thời hạn giải quyết', daysText(d.statutoryDays))}
  ${field('Hạn xử lý', fmtDateTime(d.dueAt))}
  ${field('Ngày có kết quả', fmtDateTime(d.finishedAt))}
  ${field('Ngày trả kết quả', fmtDateTime(d.returnedAt))}
  ${field('Hình thức trả kết quả', d.returnMethod ?? '')}
  ${field('Trạng thái', badge(st.label, st.tone))}
  ${field('Tiến độ', tl ? badge(tl.label, tl.tone) : '')}
  ${field('Cán bộ tiếp nhận', d.receivingOfficer ?? '')}
  ${field('Đơn vị, người đang xử lý', d.currentHandler ? [d.currentHandler.unit, d.currentHandler.officer].filter(Boolean).join(' — ') : '')}
  ${field('Văn bản xin lỗi', d.apology ? `Có — số ${d.apology.number}, ngày ${fmtDateTime(d.apology.issuedAt)}` : 'Không')}
  ${field('Số hóa hồ sơ', d.digitized == null ? '' : d.channel === 'online' ? 'Hồ sơ điện tử (nộp trực tuyến)' : d.digitized ? 'Đã số hóa' : 'Chưa số hóa')}
  ${field('Số vào sổ theo dõi', d.book ? `Quyển số ${d.book.volume}, số thứ tự ${String(d.book.no).padStart(4, '0')}` : '')}
  ${field('Đồng bộ Cổng DVCQG', d.sync.state === 'ok' ? `Đã đồng bộ lúc ${fmtDateTime(d.sync.at)}` : d.sync.label)}
  ${field('Trạng thái trên Cổng DVCQG', d.sync.portalStatus ?? '')}
</div>`;

  const feeBody = fee
    ? html`<div class="grid grid-cols-3 gap-x-6 gap-y-4">
  ${field('Mức phí, lệ phí theo quy định', `${money(fee.configured)}${fee.detail ? ` (${fee.detail})` : ''}`)}
  ${field('Số tiền đã thu', money(fee.collected))}
  ${field('Hình thức thanh toán', d.receivedAt ? (fee.paidOnline ? 'Thanh toán trực tuyến qua Cổng DVCQG' : 'Nộp tiền mặt tại quầy') : '')}
  ${field('Số biên lai', fee.receiptNo ? `${fee.receiptNo} (ký hiệu ${fee.receiptSerial})` : '')}
  ${field('Mã giao dịch', fee.txnId ?? '')}
</div>`
    : html`<div class="text-sm">${field('Phí, lệ phí', d.procedure.fee.text)}</div>`;

  const applicant = html`<section id="thong-tin-nguoi-nop" class="bg-white rounded border border-gray-200 shadow-sm mb-4">
  <div class="px-4 py-3 border-b border-gray-200 font-semibold text-gray-800">Thông tin người nộp hồ sơ</div>
  <div class="p-4 grid grid-cols-3 gap-x-6 gap-y-4">
    ${field('Họ và tên', d.applicant.name)}
    ${field('Giới tính', d.applicant.gender)}
    ${field('Ngày sinh', fmtDate(d.applicant.birth))}
    ${field('Số CCCD/Số định danh cá nhân', d.applicant.cccd)}
    ${field('Điện thoại', d.applicant.phone)}
    ${field('Email', d.applicant.email ?? '')}
    ${field('Địa chỉ thường trú', d.applicant.address, 'col-span-3')}
  </div>
</section>`;

  const components = html`<table class="w-full text-sm">
  <thead class="bg-gray-50 text-gray-600 text-left"><tr>
    <th class="px-3 py-2 font-semibold">STT</th><th class="px-3 py-2 font-semibold">Tên giấy tờ</th><th class="px-3 py-2 font-semibold">Loại bản</th>
    <th class="px-3 py-2 font-semibold">Số lượng</th><th class="px-3 py-2 font-semibold">Nguồn dữ liệu</th><th class="px-3 py-2 font-semibold">Tệp đính kèm</th>
  </tr></thead>
  <tbody>${d.attachments.map(
    (a, i) => html`<tr class="border-b border-gray-100">
    <td class="px-3 py-2 text-gray-500">${i + 1}</td><td class="px-3 py-2">${a.name}</td><td class="px-3 py-2">${a.kind}</td><td class="px-3 py-2">${a.qty}</td>
    <td class="px-3 py-2">${a.source}</td>
    <td class="px-3 py-2">${a.file ? html`<a class="text-blue-700 hover:underline" href="#">${a.file}</a>` : a.source === 'Nộp mới' ? html`<span class="text-gray-400">Chưa đính kèm</span>` : html`<span class="text-gray-500">Khai thác dữ liệu</span>`}</td>
  </tr>`,
  )}</tbody>
</table>`;

  const result = html`<div class="grid grid-cols-3 gap-x-6 gap-y-4">
  ${field('Kết quả giải quyết', d.procedure.result, 'col-span-2')}
  ${field('Tệp kết quả', d.resultFile ? html`<a class="text-blue-700 hover:underline" href="#">${d.resultFile}</a>` : '')}
  ${field('Người ký kết quả', d.resultSignedBy ?? '')}
  ${field('Đánh giá của người dân', d.rating ? d.rating.value : '')}
  ${field('Xử lý phản hồi', d.rating?.note ?? '')}
</div>`;

  const steps = html`<div class="text-xs text-gray-500 mb-2">${formBasis}</div>
<div class="overflow-x-auto"><table class="w-full text-sm">
  <thead class="bg-gray-50 text-gray-600 text-left"><tr>
    <th class="px-2 py-2 font-semibold">STT</th>
    <th class="px-2 py-2 font-semibold">Bước xử lý</th>
    <th class="px-2 py-2 font-semibold">Cơ quan/Bộ phận</th>
    <th class="px-2 py-2 font-semibold">Người giao</th>
    <th class="px-2 py-2 font-semibold">Người nhận</th>
    <th class="px-2 py-2 font-semibold">Thời điểm nhận</th>
    <th class="px-2 py-2 font-semibold">Hạn hoàn thành</th>
    <th class="px-2 py-2 font-semibold">Thời điểm hoàn thành</th>
    <th class="px-2 py-2 font-semibold">Thời gian quy định</th>
    <th class="px-2 py-2 font-semibold">Kết quả</th>
    <th class="px-2 py-2 font-semibold">Ý kiến xử lý</th>
  </tr></thead>
  <tbody>${
    d.steps.length
      ? d.steps.map(
          (s, i) => html`<tr class="border-b border-gray-100 align-top">
    <td class="px-2 py-2 text-gray-500">${i + 1}</td>
    <td class="px-2 py-2">${s.name}</td>
    <td class="px-2 py-2">${s.unit}</td>
    <td class="px-2 py-2">${s.from ?? ''}</td>
    <td class="px-2 py-2">${s.to ?? ''}</td>
    <td class="px-2 py-2 whitespace-nowrap">${fmtDateTime(s.startedAt)}</td>
    <td class="px-2 py-2 whitespace-nowrap">${fmtDateTime(s.dueAt)}</td>
    <td class="px-2 py-2 whitespace-nowrap">${fmtDateTime(s.finishedAt)}</td>
    <td class="px-2 py-2 whitespace-nowrap">${s.allottedHours} giờ</td>
    <td class="px-2 py-2 whitespace-nowrap">${stepResultBadge(s.result)}</td>
    <td class="px-2 py-2">${s.note}</td>
  </tr>`,
        )
      : html`<tr><td colspan="11" class="px-2 py-4 text-center text-gray-500">Hồ sơ chưa được tiếp nhận.</td></tr>`
  }</tbody>
</table></div>`;

  const body = html`<div class="flex items-end justify-between mb-4">
  <div>
    <div class="text-xs text-gray-500"><a class="hover:underline" href="/ho-so">Hồ sơ</a> › Chi tiết hồ sơ</div>
    <h1 class="text-xl font-semibold">Chi tiết hồ sơ</h1>
    <div class="text-lg font-semibold text-blue-800">${d.code}</div>
    <div class="text-xs text-gray-500">${asOf(nowMs)}</div>
  </div>
  <div class="flex items-center gap-2">${badge(st.label, st.tone)}${tl ? badge(tl.label, tl.tone) : ''}
    <a class="btn" href="/ho-so">‹ Quay lại danh sách</a>
  </div>
</div>
<div class="flex gap-4 text-sm mb-4 border-b border-gray-200">
  <a class="tab tab-active" href="#thong-tin-chung">Thông tin chung</a>
  <a class="tab" href="#thong-tin-nguoi-nop">Người nộp</a>
  <a class="tab" href="#thanh-phan-ho-so">Thành phần hồ sơ</a>
  <a class="tab" href="#qua-trinh-xu-ly">Quá trình xử lý</a>
  ${d.receivedAt ? html`<a class="tab" href="#giay-tiep-nhan">Giấy tiếp nhận</a>` : ''}
</div>
${card('Thông tin chung', general, html` id="thong-tin-chung"`)}
${applicant}
${card('Phí, lệ phí', feeBody)}
${card('Thành phần hồ sơ', components, html` id="thanh-phan-ho-so"`)}
${d.apology ? apologyCard(d) : ''}
${d.supplement ? supplementCards(d) : ''}
${d.refusal ? refusalCard(d) : ''}
${d.closure ? closureCard(d) : ''}
${card('Phiếu kiểm soát quá trình giải quyết hồ sơ', steps, html` id="qua-trinh-xu-ly"`)}
${card('Kết quả giải quyết', result)}
${d.receivedAt ? card('Giấy tiếp nhận hồ sơ và hẹn trả kết quả', receiptSlip(d), html` id="giay-tiep-nhan"`) : ''}`;
  return layout({ title: `Hồ sơ ${d.code}`, active: 'list', body, now: nowMs });
}

// ---------------------------------------------------------------------------------------------------------------
// Procedures

export function renderProcedures(nowMs) {
  const body = html`<div class="mb-4">
  <div class="text-xs text-gray-500">Danh mục › Thủ tục hành chính</div>
  <h1 class="text-xl font-semibold">Danh mục thủ tục hành chính niêm yết công khai</h1>
  <div class="text-sm text-gray-600">Tại ${ERAS.post.unitName} — áp dụng từ ngày 01/7/2025</div>
</div>
<div class="bg-white border border-gray-200 rounded overflow-x-auto">
  <table class="w-full text-sm">
    <thead class="bg-gray-50 text-gray-600 text-left"><tr>
      <th class="px-3 py-2 font-semibold">STT</th>
      <th class="px-3 py-2 font-semibold">Mã thủ tục</th>
      <th class="px-3 py-2 font-semibold">Tên thủ tục hành chính</th>
      <th class="px-3 py-2 font-semibold">Lĩnh vực</th>
      <th class="px-3 py-2 font-semibold">Thời hạn giải quyết</th>
      <th class="px-3 py-2 font-semibold">Phí, lệ phí</th>
      <th class="px-3 py-2 font-semibold">Dịch vụ công trực tuyến</th>
      <th class="px-3 py-2 font-semibold">Quyết định công bố</th>
    </tr></thead>
    <tbody>${PROCEDURES.map(
      (p, i) => html`<tr class="border-b border-gray-100 align-top">
      <td class="px-3 py-2 text-gray-500">${i + 1}</td>
      <td class="px-3 py-2 whitespace-nowrap">${fullProcedureCode(p)}</td>
      <td class="px-3 py-2"><a class="text-blue-700 hover:underline" href="/thu-tuc/${p.code}">${p.name}</a></td>
      <td class="px-3 py-2">${p.field}</td>
      <td class="px-3 py-2 whitespace-nowrap">${daysText(p.days)}</td>
      <td class="px-3 py-2">${p.fee.text}</td>
      <td class="px-3 py-2 whitespace-nowrap">${p.level}</td>
      <td class="px-3 py-2">${p.decision}</td>
    </tr>`,
    )}</tbody>
  </table>
</div>
<div class="text-sm text-gray-600 mt-3">Số điện thoại đường dây nóng tiếp nhận phản ánh, kiến nghị về quy định hành chính: 024 3383 2156. Địa chỉ: Trung tâm Phục vụ hành chính công phường Sơn Tây, đường Chùa Thông, phường Sơn Tây, thành phố Hà Nội.</div>`;
  return layout({ title: 'Thủ tục hành chính', active: 'procedures', body, now: nowMs });
}

function processTable(p, era, caption) {
  const tpl = templateFor(p, era);
  const hours = allottedHours(p, era);
  const total = hours.reduce((s, h) => s + h, 0);
  return html`<div class="text-sm font-medium mb-2">${caption}</div>
<table class="w-full text-sm mb-2">
  <thead class="bg-gray-50 text-gray-600 text-left"><tr>
    <th class="px-3 py-2 font-semibold">Bước</th><th class="px-3 py-2 font-semibold">Nội dung công việc</th>
    <th class="px-3 py-2 font-semibold">Đơn vị/Bộ phận thực hiện</th><th class="px-3 py-2 font-semibold">Thời gian thực hiện</th>
  </tr></thead>
  <tbody>${tpl.map((s, i) => {
    const r = ROLES[s[0]][era] ?? ROLES[s[0]].pre;
    return html`<tr class="border-b border-gray-100"><td class="px-3 py-2">Bước ${i + 1}</td><td class="px-3 py-2">${s[1]}</td><td class="px-3 py-2">${r.unit}</td><td class="px-3 py-2">${hours[i]} giờ</td></tr>`;
  })}
  </tbody>
  <tfoot><tr class="font-semibold"><td class="px-3 py-2" colspan="3">Tổng thời gian thực hiện</td><td class="px-3 py-2">${total} giờ</td></tr></tfoot>
</table>`;
}

export function renderProcedure(p, nowMs) {
  const body = html`<div class="mb-4">
  <div class="text-xs text-gray-500"><a class="hover:underline" href="/thu-tuc">Thủ tục hành chính</a> › Chi tiết thủ tục</div>
  <h1 class="text-xl font-semibold">${p.name}</h1>
</div>
${card(
  'Thông tin thủ tục',
  html`<div class="grid grid-cols-3 gap-x-6 gap-y-4">
  ${field('Mã thủ tục', fullProcedureCode(p))}
  ${field('Lĩnh vực', p.field)}
  ${field('Cơ quan thực hiện', 'UBND phường Sơn Tây')}
  ${field('Thời hạn giải quyết theo quyết định công bố', daysText(p.days))}
  ${field('Thời hạn cấu hình trên hệ thống', `${daysText(p.configuredDays ?? p.days)} (${(p.configuredDays ?? p.days) * 8} giờ làm việc)`)}
  ${field('Mức độ dịch vụ công trực tuyến', p.level)}
  ${field('Phí, lệ phí', p.fee.text, 'col-span-2')}
  ${field('Quyết định công bố', p.decision)}
  ${field('Kết quả thực hiện', p.result, 'col-span-3')}
</div>`,
)}
${card(
  'Thành phần hồ sơ',
  html`<table class="w-full text-sm"><thead class="bg-gray-50 text-gray-600 text-left"><tr><th class="px-3 py-2 font-semibold">STT</th><th class="px-3 py-2 font-semibold">Tên giấy tờ</th><th class="px-3 py-2 font-semibold">Loại bản</th><th class="px-3 py-2 font-semibold">Số lượng</th></tr></thead>
<tbody>${p.components.map((c, i) => html`<tr class="border-b border-gray-100"><td class="px-3 py-2">${i + 1}</td><td class="px-3 py-2">${c.name}</td><td class="px-3 py-2">${c.kind}</td><td class="px-3 py-2">${c.qty}</td></tr>`)}</tbody></table>`,
)}
${card(
  'Quy trình nội bộ giải quyết thủ tục hành chính',
  html`${p.eras.includes('post') ? processTable(p, 'post', 'Quy trình điện tử đang áp dụng trên hệ thống') : ''}
${p.templatePre ? processTable(p, 'pre', 'Quy trình liên thông áp dụng đến ngày 30/6/2025') : ''}`,
  html` id="quy-trinh-noi-bo"`,
)}`;
  return layout({ title: p.short, active: 'procedures', body, now: nowMs });
}

// ---------------------------------------------------------------------------------------------------------------
// Tracking book (Sổ theo dõi hồ sơ)

export function renderBook(query, nowMs) {
  const pool = buildPool(nowMs);
  const rows = registerFor(pool, query.size).filter((d) => d.receivedAt != null);
  const pages = Math.max(1, Math.ceil(rows.length / query.size));
  const page = Math.min(query.page, pages);
  const start = (page - 1) * query.size;
  const slice = rows.slice(start, start + query.size);
  const result = { page, pages, total: rows.length };
  const td = 'border border-gray-300 px-2 py-1';
  const body = html`<div class="mb-4">
  <div class="text-xs text-gray-500">Hồ sơ › Sổ theo dõi hồ sơ</div>
  <h1 class="text-xl font-semibold">Sổ theo dõi hồ sơ</h1>
  <div class="text-sm text-gray-600">${ERAS.post.unitName} (bao gồm hồ sơ của ${ERAS.pre.unitName} trước ngày 01/7/2025)</div>
</div>
<div class="bg-white border border-gray-200 rounded overflow-x-auto">
  <table class="w-full text-sm border-collapse">
    <thead class="bg-gray-50 text-gray-700 text-center">
      <tr>
        <th class="${td}" rowspan="2">STT</th>
        <th class="${td}" rowspan="2">Mã hồ sơ</th>
        <th class="${td}" rowspan="2">Tên thủ tục hành chính</th>
        <th class="${td}" rowspan="2">Số lượng hồ sơ (bộ)</th>
        <th class="${td}" rowspan="2">Tên cá nhân, tổ chức</th>
        <th class="${td}" rowspan="2">Địa chỉ, số điện thoại</th>
        <th class="${td}" rowspan="2">Cơ quan chủ trì giải quyết</th>
        <th class="${td}" colspan="5">Ngày, tháng, năm</th>
        <th class="${td}" rowspan="2">Ghi chú</th>
      </tr>
      <tr>
        <th class="${td}">Nhận hồ sơ</th>
        <th class="${td}">Hẹn trả kết quả</th>
        <th class="${td}">Chuyển hồ sơ đến cơ quan giải quyết</th>
        <th class="${td}">Nhận kết quả từ cơ quan giải quyết</th>
        <th class="${td}">Trả kết quả cho cá nhân, tổ chức</th>
      </tr>
    </thead>
    <tbody>${slice.map((d, i) => {
      const due = d.anomalies.includes('book_mismatch') && d.dueAt != null ? d.dueAt + 86_400_000 : d.dueAt;
      const partner = d.steps.find((s) => s.partner);
      const noteText = [d.apology ? `Có phiếu xin lỗi số ${d.apology.number}` : '', statusOf(d).key !== 'da_tra_ket_qua' ? statusOf(d).label : ''].filter(Boolean).join('; ');
      return html`<tr class="align-top">
      <td class="${td} text-center">${start + i + 1}</td>
      <td class="${td} whitespace-nowrap"><a class="text-blue-700 hover:underline" href="/ho-so/${encodeURIComponent(d.code)}">${d.code}</a></td>
      <td class="${td} min-w-28">${d.procedure.short}</td>
      <td class="${td} text-center">01</td>
      <td class="${td} min-w-28">${d.applicant.name}</td>
      <td class="${td} min-w-48">${d.applicant.address}; ĐT: ${d.applicant.phone}</td>
      <td class="${td} min-w-28">${partner ? partner.unit : 'UBND phường Sơn Tây'}</td>
      <td class="${td}">${fmtDateTime(d.receivedAt)}</td>
      <td class="${td}">${fmtDateTime(due)}</td>
      <td class="${td}">${fmtDateTime(d.steps[1]?.startedAt)}</td>
      <td class="${td}">${fmtDateTime(d.finishedAt)}</td>
      <td class="${td}">${fmtDateTime(d.returnedAt)}</td>
      <td class="${td}">${noteText}</td>
    </tr>`;
    })}</tbody>
  </table>
</div>
<div class="flex items-center justify-between mt-3 text-sm">
  <div>${pager('/so-theo-doi', query, result)}</div>
  <div class="text-gray-500">Tổng số ${result.total} hồ sơ${query.size > BASE_COUNT ? ` (sổ mở rộng ${POOL_SIZE} hồ sơ)` : ''}</div>
</div>`;
  return layout({ title: 'Sổ theo dõi hồ sơ', active: 'book', body, now: nowMs });
}

export function renderNotFound(nowMs, what = 'Không tìm thấy trang yêu cầu.') {
  const body = html`<div class="bg-white border border-gray-200 rounded p-8 text-center">
  <div class="text-4xl font-semibold text-gray-300 mb-2">404</div>
  <div class="text-lg mb-4">${what}</div>
  <a class="btn btn-primary" href="/ho-so">Về danh sách hồ sơ</a>
</div>`;
  return layout({ title: 'Không tìm thấy', active: '', body, now: nowMs });
}

export { DEFAULT_PAGE_SIZE };
