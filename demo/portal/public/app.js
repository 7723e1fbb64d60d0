// Staff portal ("Phân hệ cán bộ") of the second demo dossier system: a hash-routed single-page app rendered from
// /api/v2. Every text goes into the page as a text node (Element.append of a string, or textContent); no HTML
// string is ever parsed. Routes: #/dossiers, #/dossiers?tab=…&q=…&page=…&size=…, #/dossiers/<id>, #/receipts/<id>.
(function () {
  'use strict';

  var header = document.querySelector('header');
  var main = document.querySelector('main');
  var OFFSET = 7 * 3600 * 1000;
  var PAGE_SIZES = [10, 15, 25, 50];
  var TABS = [
    ['tat-ca', 'Tất cả'],
    ['dang-xu-ly', 'Đang xử lý'],
    ['tre-han', 'Trễ hạn'],
    ['da-tra', 'Đã trả kết quả'],
    ['khac', 'Không giải quyết, rút'],
  ];
  var TONES = {
    cho_xac_nhan: 'bg-amber-100 text-amber-800',
    da_tiep_nhan: 'bg-sky-100 text-sky-800',
    dang_giai_quyet: 'bg-blue-100 text-blue-800',
    tre_han: 'bg-red-100 text-red-700',
    bo_sung: 'bg-orange-100 text-orange-800',
    co_ket_qua: 'bg-teal-100 text-teal-800',
    da_tra: 'bg-emerald-100 text-emerald-800',
    khong_giai_quyet: 'bg-slate-200 text-slate-700',
    rut: 'bg-slate-200 text-slate-700',
  };

  // ── DOM helpers ────────────────────────────────────────────────────────────────────────────────────────────

  /** An element with classes and children; strings become text nodes. */
  function h(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(parent, child) {
    if (child == null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { add(parent, c); });
    else if (typeof child === 'string' || typeof child === 'number') parent.append(String(child));
    else parent.append(child);
  }
  function link(href, cls) {
    var a = h.apply(null, ['a', cls].concat([].slice.call(arguments, 2)));
    a.setAttribute('href', href);
    return a;
  }
  function button(cls, onClick) {
    var b = h.apply(null, ['button', cls].concat([].slice.call(arguments, 2)));
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  }

  // ── Dates (Asia/Ho_Chi_Minh, whatever the browser's zone) ───────────────────────────────────────────────────

  function parts(iso) {
    var d = new Date(Date.parse(iso) + OFFSET);
    var p = function (n) { return String(n).padStart(2, '0'); };
    return { dd: p(d.getUTCDate()), MM: p(d.getUTCMonth() + 1), yyyy: String(d.getUTCFullYear()), HH: p(d.getUTCHours()), mm: p(d.getUTCMinutes()) };
  }
  /** `HH:mm dd/MM/yyyy` (lists), `dd/MM/yyyy` (dates), `dd/MM/yyyy HH:mm` (modal), `HHhmm dd/MM/yyyy` (detail). */
  function fmt(iso, style) {
    if (!iso) return '';
    var p = parts(iso);
    if (style === 'date') return p.dd + '/' + p.MM + '/' + p.yyyy;
    if (style === 'time-first') return p.HH + ':' + p.mm + ' ' + p.dd + '/' + p.MM + '/' + p.yyyy;
    if (style === 'vn') return p.HH + 'h' + p.mm + ' ' + p.dd + '/' + p.MM + '/' + p.yyyy;
    if (style === 'receipt') return p.HH + ' giờ ' + p.mm + ' phút, ngày ' + p.dd + ' tháng ' + p.MM + ' năm ' + p.yyyy;
    if (style === 'time') return p.HH + ':' + p.mm;
    return p.dd + '/' + p.MM + '/' + p.yyyy + ' ' + p.HH + ':' + p.mm;
  }
  var days2 = function (n) { return String(n).padStart(2, '0') + ' ngày làm việc'; };
  var money = function (n) { return n === 0 ? 'Miễn phí' : n.toLocaleString('vi-VN') + ' đồng'; };

  // ── Data ───────────────────────────────────────────────────────────────────────────────────────────────────

  var listCache = new Map();
  function getJson(url) {
    return fetch(url, { headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }
  function loadList(tab, q) {
    var key = tab + '|' + q;
    if (!listCache.has(key)) {
      listCache.set(key, getJson('/api/v2/ho-so?tab=' + encodeURIComponent(tab) + '&q=' + encodeURIComponent(q)).catch(function (e) {
        listCache.delete(key);
        throw e;
      }));
    }
    return listCache.get(key);
  }

  // ── Header: the newest dossiers, one every 5 seconds (the whole header is rendered again) ─────────────────

  var latest = [];
  var tick = 0;
  function renderHeader() {
    var item = latest.length ? latest[tick % latest.length] : null;
    var now = new Date();
    var clock = String(now.getHours()).padStart(2, '0') + ':' + String(now.getMinutes()).padStart(2, '0') + ':' + String(now.getSeconds()).padStart(2, '0');
    header.replaceChildren(
      h('div', 'flex items-center justify-between gap-4 px-6 h-16',
        h('div', 'leading-tight',
          h('div', 'text-xs uppercase tracking-wide text-slate-500', 'Ủy ban nhân dân phường Hà Đông'),
          h('div', 'font-semibold text-teal-900', 'Trung tâm Phục vụ hành chính công')),
        item
          ? h('div', 'flex items-center gap-2 rounded-full border border-amber-200 bg-amber-50 px-3 py-1 text-sm',
              h('span', 'h-2 w-2 rounded-full bg-amber-500 animate-pulse'),
              h('span', 'text-slate-600', 'Hồ sơ mới nhất:'),
              link('#/dossiers/' + item.id, 'font-mono font-medium text-amber-800 hover:underline', item.code),
              h('span', 'text-slate-500', '· ' + fmt(item.at, 'time')))
          : h('div', 'text-sm text-slate-400', 'Đang cập nhật…'),
        h('div', 'flex items-center gap-3 text-sm',
          h('span', 'text-xs text-slate-400', 'Cập nhật ' + clock),
          h('div', 'h-9 w-9 rounded-full bg-teal-700 text-white flex items-center justify-center text-xs font-semibold', 'TP'),
          h('div', 'leading-tight',
            h('div', 'font-medium', 'Nguyễn Thu Phương'),
            h('div', 'text-xs text-slate-500', 'Chuyên viên Trung tâm PVHCC')))),
    );
  }
  function startHeader() {
    renderHeader();
    getJson('/api/v2/ho-so/moi-nhat').then(function (r) {
      latest = r.items;
      renderHeader();
    }).catch(function () {});
    setInterval(function () {
      tick++;
      renderHeader();
    }, 5000);
  }

  // ── Routing ────────────────────────────────────────────────────────────────────────────────────────────────

  var routeToken = 0;
  function parseHash() {
    var raw = location.hash.replace(/^#/, '') || '/dossiers';
    var qi = raw.indexOf('?');
    var path = qi === -1 ? raw : raw.slice(0, qi);
    var params = new URLSearchParams(qi === -1 ? '' : raw.slice(qi + 1));
    return { path: path, params: params };
  }
  function listHash(state) {
    var p = new URLSearchParams();
    if (state.tab && state.tab !== 'tat-ca') p.set('tab', state.tab);
    if (state.q) p.set('q', state.q);
    if (state.page && state.page > 1) p.set('page', String(state.page));
    if (state.size && state.size !== 15) p.set('size', String(state.size));
    var s = p.toString();
    return '#/dossiers' + (s ? '?' + s : '');
  }
  function route() {
    closeModal();
    var token = ++routeToken;
    var r = parseHash();
    var m;
    if (r.path === '/dossiers' || r.path === '/dossiers/') return renderList(r.params, token);
    if ((m = /^\/dossiers\/(\d{1,4})$/.exec(r.path))) return renderDetail(Number(m[1]), token);
    if ((m = /^\/receipts\/(\d{1,4})$/.exec(r.path))) return renderReceipt(Number(m[1]), token);
    main.replaceChildren(h('div', 'rounded-lg bg-white p-8 text-center text-slate-500 shadow-sm', 'Không tìm thấy trang. ', link('#/dossiers', 'text-teal-700 underline', 'Về danh sách hồ sơ')));
  }
  function loading(text) {
    return h('div', 'rounded-lg bg-white p-6 shadow-sm',
      h('div', 'text-sm text-slate-400 mb-4', text),
      [0, 1, 2, 3, 4].map(function (i) { return h('div', 'skeleton h-4 mb-3 ' + (i % 2 ? 'w-2/3' : 'w-full')); }));
  }
  function failed(token) {
    return function () {
      if (token !== routeToken) return;
      main.replaceChildren(h('div', 'rounded-lg border border-red-200 bg-red-50 p-6 text-red-700', 'Không tải được dữ liệu. Vui lòng thử lại.'));
    };
  }

  // ── List ───────────────────────────────────────────────────────────────────────────────────────────────────

  function statusPill(status, label) {
    return h('span', 'inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ' + (TONES[status] || ''), label);
  }
  function twoLines(first, second) {
    return [h('div', 'font-medium text-slate-800', first), h('div', 'text-xs text-slate-500', second)];
  }

  function renderList(params, token) {
    var tab = params.get('tab') || 'tat-ca';
    var q = (params.get('q') || '').slice(0, 100);
    var size = PAGE_SIZES.indexOf(Number(params.get('size'))) !== -1 ? Number(params.get('size')) : 15;
    var page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
    var state = { tab: tab, q: q, size: size, page: page };

    var search = h('input', 'w-80 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-teal-600 focus:outline-none');
    search.type = 'search';
    search.name = 'q';
    search.placeholder = 'Tìm theo mã hồ sơ, họ tên, số CCCD hoặc số điện thoại';
    search.value = q;
    var form = h('form', 'flex items-center gap-2', search, h('button', 'whitespace-nowrap rounded-md bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-800', 'Tìm kiếm'));
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      location.hash = listHash({ tab: tab, q: search.value.trim(), size: size, page: 1 });
    });

    var tabsRow = h('div', 'flex gap-1 border-b border-slate-200');
    var body = h('div', '', loading('Đang tải danh sách hồ sơ…'));
    main.replaceChildren(
      h('div', 'mb-4 flex items-end justify-between',
        h('div', '',
          h('h1', 'text-xl font-semibold text-slate-900', 'Hồ sơ tiếp nhận'),
          h('p', 'text-sm text-slate-500', 'Tiếp nhận, giải quyết và trả kết quả thủ tục hành chính')),
        h('div', 'flex gap-2',
          h('span', 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-600', 'Xuất Excel'),
          h('span', 'rounded-md bg-amber-500 px-3 py-2 text-sm font-medium text-white', '+ Tiếp nhận hồ sơ'))),
      h('div', 'rounded-lg bg-white shadow-sm',
        h('div', 'flex items-center justify-between px-4 pt-3', tabsRow, form),
        h('div', 'p-4', body)));

    loadList(tab, q).then(function (data) {
      if (token !== routeToken) return;
      TABS.forEach(function (t) {
        var active = t[0] === tab;
        tabsRow.append(link(listHash({ tab: t[0], q: q, size: size, page: 1 }),
          'whitespace-nowrap px-3 py-2 text-sm -mb-px border-b-2 ' + (active ? 'border-teal-700 text-teal-800 font-semibold' : 'border-transparent text-slate-500 hover:text-slate-800'),
          t[1] + ' ', h('span', 'rounded-full bg-slate-100 px-1.5 text-xs text-slate-600', String(data.counts[t[0]] || 0))));
      });
      var pages = Math.max(1, Math.ceil(data.items.length / size));
      var current = Math.min(page, pages);
      var start = (current - 1) * size;
      var rows = data.items.slice(start, start + size);

      var head = h('tr', '', ['#', 'Mã hồ sơ', 'Thủ tục', 'Người nộp', 'Ngày nhận', 'Hẹn trả', 'Ngày trả', 'Trạng thái', 'Cán bộ xử lý', 'Thao tác'].map(function (t) {
        return h('th', 'sticky top-0 z-10 whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500', t);
      }));
      var tbody = h('tbody', 'divide-y divide-slate-100');
      if (rows.length === 0) {
        tbody.append(h('tr', '', (function () {
          var td = h('td', 'px-3 py-8 text-center text-slate-500', 'Không tìm thấy hồ sơ phù hợp.');
          td.colSpan = 10;
          return td;
        })()));
      }
      rows.forEach(function (r) {
        var officer = r.officer ? twoLines(r.officer.name, r.officer.title) : '';
        tbody.append(h('tr', 'hover:bg-teal-50/40',
          h('td', 'px-3 py-2 text-xs text-slate-400', String(r.id)),
          h('td', 'px-3 py-2 whitespace-nowrap', link('#/dossiers/' + r.id, 'font-mono text-[13px] font-medium text-teal-700 hover:underline', r.code)),
          h('td', 'px-3 py-2 min-w-[220px] max-w-xs', h('div', 'line-clamp-2', r.procedure)),
          h('td', 'px-3 py-2 whitespace-nowrap', twoLines(r.applicant.name, r.applicant.phone)),
          h('td', 'px-3 py-2 whitespace-nowrap', fmt(r.received_at, 'time-first')),
          h('td', 'px-3 py-2 whitespace-nowrap', r.due_at ? fmt(r.due_at, 'time-first') : '—'),
          h('td', 'px-3 py-2 whitespace-nowrap', fmt(r.returned_at, 'time-first')),
          h('td', 'px-3 py-2', statusPill(r.status, r.status_label)),
          h('td', 'px-3 py-2 whitespace-nowrap', officer),
          h('td', 'px-3 py-2 whitespace-nowrap',
            button('mr-2 rounded border border-teal-600 px-2 py-1 text-xs text-teal-700 hover:bg-teal-50', function () { openModal(r.id); }, 'Chi tiết'),
            link('#/receipts/' + r.id, 'rounded border border-slate-300 px-2 py-1 text-xs text-slate-600 hover:bg-slate-50', 'Phiếu'))));
      });

      var sizeSelect = h('select', 'rounded border border-slate-300 bg-white px-2 py-1 text-sm', PAGE_SIZES.map(function (n) {
        var o = h('option', '', n + ' / trang');
        o.value = String(n);
        o.selected = n === size;
        return o;
      }));
      sizeSelect.name = 'size';
      sizeSelect.addEventListener('change', function () {
        location.hash = listHash({ tab: tab, q: q, size: Number(sizeSelect.value), page: 1 });
      });
      var pager = h('div', 'flex items-center gap-1');
      var go = function (n, label, disabled, active) {
        var cls = 'min-w-8 rounded border px-2 py-1 text-sm ' + (active ? 'border-teal-700 bg-teal-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50') + (disabled ? ' opacity-40 pointer-events-none' : '');
        pager.append(link(listHash({ tab: tab, q: q, size: size, page: n }), cls, label));
      };
      go(current - 1, '‹ Trước', current === 1, false);
      var first = Math.max(1, Math.min(current - 2, pages - 4));
      for (var n = first; n <= Math.min(pages, first + 4); n++) go(n, String(n), false, n === current);
      go(current + 1, 'Sau ›', current === pages, false);

      body.replaceChildren(
        h('p', 'mb-2 text-xs text-slate-500', 'Số liệu tính đến: ' + fmt(data.as_of, 'time-first')),
        h('div', 'max-h-[560px] overflow-auto rounded-md border border-slate-200',
          h('table', 'min-w-full text-sm', h('thead', '', head), tbody)),
        h('div', 'mt-3 flex items-center justify-between text-sm text-slate-600',
          h('div', '', data.items.length ? 'Hiển thị ' + (start + 1) + '–' + (start + rows.length) + ' trong ' + data.items.length + ' hồ sơ' : 'Không có hồ sơ'),
          h('div', 'flex items-center gap-3', sizeSelect, pager)));
    }, failed(token));
  }

  // ── Modal (no URL of its own, no ARIA role: a plain overlay div) ─────────────────────────────────────────────

  var modal = null;
  function closeModal() {
    if (modal) {
      modal.remove();
      modal = null;
      document.body.classList.remove('overflow-hidden');
    }
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') closeModal();
  });
  function readonlyInput(label, value) {
    var input = h('input', 'mt-1 w-full rounded border border-slate-200 bg-slate-50 px-2 py-1 text-sm text-slate-800');
    input.type = 'text';
    input.readOnly = true;
    input.value = value;
    return h('div', '', h('label', 'block text-xs text-slate-500', label), input);
  }
  function openModal(id) {
    closeModal();
    var panel = h('div', 'mt-16 w-full max-w-2xl rounded-xl bg-white shadow-2xl',
      h('div', 'p-6 text-sm text-slate-400', 'Đang tải…'));
    modal = h('div', 'fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-900/60 px-4', panel);
    modal.addEventListener('click', function (e) {
      if (e.target === modal) closeModal();
    });
    document.body.append(modal);
    document.body.classList.add('overflow-hidden');
    var mine = modal;
    getJson('/api/v2/ho-so/' + id).then(function (d) {
      if (modal !== mine) return;
      var apology = d.apology ? 'Đã ban hành ngày ' + fmt(d.apology.issued_at, 'date') : 'Không';
      panel.replaceChildren(
        h('div', 'flex items-center justify-between border-b border-slate-200 px-5 py-3',
          h('div', 'text-lg font-semibold text-slate-900', 'Chi tiết hồ sơ'),
          button('text-2xl leading-none text-slate-400 hover:text-slate-700', closeModal, '×')),
        h('div', 'grid grid-cols-2 gap-x-6 gap-y-2 px-5 py-4 text-sm',
          h('div', '', 'Mã đơn: ' + d.id),
          h('div', '', 'Mã hồ sơ: ' + d.code),
          h('div', 'col-span-2', 'Thủ tục: ' + d.procedure.name),
          h('div', '', 'Thời hạn giải quyết: ' + days2(d.procedure.days)),
          h('div', '', 'Kênh nộp: ' + d.channel_label),
          h('div', '', 'Trạng thái: ' + d.status_label),
          h('div', '', 'Người nộp: ' + d.applicant.name + ' - ' + d.applicant.phone),
          h('div', '', 'Cán bộ tiếp nhận: ' + d.receiver.name),
          h('div', '', 'Xin lỗi, hẹn lại: ' + apology)),
        h('div', 'grid grid-cols-3 gap-3 border-t border-slate-100 px-5 py-4',
          readonlyInput('Ngày tiếp nhận', fmt(d.received_at)),
          readonlyInput('Hẹn trả kết quả', fmt(d.due_at)),
          readonlyInput('Ngày trả kết quả', fmt(d.returned_at)),
          readonlyInput('Ngày hẹn trả mới', d.apology ? fmt(d.apology.new_due_at) : ''),
          readonlyInput('Số lần yêu cầu bổ sung', String(d.supplements.length)),
          readonlyInput('Ngày có kết quả', fmt(d.result_at))),
        h('div', 'flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-5 py-3 rounded-b-xl',
          link('#/receipts/' + d.id, 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700', 'In phiếu tiếp nhận'),
          link('#/dossiers/' + d.id, 'rounded border border-teal-600 bg-white px-3 py-1.5 text-sm text-teal-700', 'Xem đầy đủ'),
          button('rounded bg-teal-700 px-3 py-1.5 text-sm text-white', closeModal, 'Đóng')));
    }, function () {
      if (modal === mine) panel.replaceChildren(h('div', 'p-6 text-sm text-red-600', 'Không tải được hồ sơ.'));
    });
  }

  // ── Detail ─────────────────────────────────────────────────────────────────────────────────────────────────

  /** The applicant block: a custom element whose content lives in an open shadow root. */
  var CARD_CSS = [
    ':host { display: block; }',
    '.grid { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px 24px; }',
    '.field .label { display: block; font-size: 12px; color: #64748b; }',
    '.field .value { display: block; margin-top: 2px; font-weight: 500; color: #0f172a; }',
    '.wide { grid-column: span 2 / span 2; }',
    '.masked { letter-spacing: .04em; }',
  ].join('\n');
  if (!customElements.get('hs-applicant-card')) {
    customElements.define('hs-applicant-card', class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' });
      }
      set applicant(a) {
        var style = document.createElement('style');
        style.textContent = CARD_CSS;
        var field = function (label, value, wide) {
          return h('div', 'field' + (wide ? ' wide' : ''), h('span', 'label', label), h('span', 'value', value || '—'));
        };
        this.shadowRoot.replaceChildren(style, h('div', 'grid',
          field('Họ và tên', a.name),
          field('Năm sinh', String(a.birthYear)),
          field('Số CCCD', a.cccd),
          field('Số điện thoại', a.phone),
          field('Thư điện tử', a.email),
          field('Địa chỉ thường trú', a.address, true)));
      }
    });
  }

  function card(title) {
    return h('section', 'mb-4 rounded-lg bg-white shadow-sm',
      h('div', 'border-b border-slate-100 px-5 py-3 text-sm font-semibold uppercase tracking-wide text-teal-900', title),
      h.apply(null, ['div', 'px-5 py-4'].concat([].slice.call(arguments, 1))));
  }
  function dl(pairs, cols) {
    return h('dl', 'grid gap-x-6 gap-y-3 text-sm ' + (cols === 1 ? 'grid-cols-1' : cols === 2 ? 'grid-cols-2' : 'grid-cols-3'), pairs.filter(Boolean).map(function (p) {
      return h('div', p[2] ? 'col-span-2' : '', h('dt', 'text-xs text-slate-500', p[0]), h('dd', 'mt-0.5 font-medium text-slate-900', p[1] === '' || p[1] == null ? '—' : p[1]));
    }));
  }
  function table(headers, rows) {
    return h('div', 'overflow-x-auto', h('table', 'min-w-full text-sm',
      h('thead', '', h('tr', '', headers.map(function (t) { return h('th', 'border-b border-slate-200 bg-slate-50 px-3 py-2 text-left text-xs font-semibold text-slate-500', t); }))),
      h('tbody', 'divide-y divide-slate-100', rows.map(function (r) { return h('tr', '', r.map(function (c) { return h('td', 'px-3 py-2 align-top', c); })); }))));
  }
  function personBlock(p) {
    return p ? [h('span', 'block', p.name), h('span', 'block text-xs font-normal text-slate-500', p.title)] : '';
  }

  function renderDetail(id, token) {
    main.replaceChildren(loading('Đang tải hồ sơ…'));
    getJson('/api/v2/ho-so/' + id).then(function (d) {
      if (token !== routeToken) return;
      var applicant = document.createElement('hs-applicant-card');
      applicant.applicant = d.applicant;
      var apologyState = d.apology ? 'Đã ban hành' : d.status === 'tre_han' || (d.returned_at && d.due_at && d.returned_at.slice(0, 10) > d.due_at.slice(0, 10)) ? 'Chưa ban hành' : 'Không phát sinh';
      var extra = [];
      if (d.refusal) extra.push(card('Từ chối giải quyết', dl([['Ngày thông báo', fmt(d.refusal.at, 'vn')], ['Lý do không giải quyết', d.refusal.reason, true]])));
      if (d.withdrawal) extra.push(card('Rút hồ sơ', dl([['Ngày rút', fmt(d.withdrawal.at, 'vn')], ['Đơn đề nghị rút hồ sơ', d.withdrawal.file || '']])));
      main.replaceChildren(
        h('nav', 'mb-2 text-sm text-slate-500', link('#/dossiers', 'hover:underline', 'Quản lý hồ sơ'), ' / ', h('span', 'text-slate-700', 'Hồ sơ #' + d.id)),
        h('div', 'mb-4 flex items-start justify-between',
          h('div', '',
            h('div', 'flex items-center gap-3', h('h1', 'text-xl font-semibold text-slate-900', 'Thông tin hồ sơ'), statusPill(d.status, d.status_label)),
            h('p', 'mt-1 text-sm text-slate-500', 'Đơn số ' + d.id + ' · ' + d.procedure.field),
            h('p', 'mt-0.5 text-xs text-slate-400', 'Số liệu tính đến: ' + fmt(d.as_of, 'vn'))),
          h('div', 'flex gap-2',
            link('#/receipts/' + d.id, 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-700 hover:bg-slate-50', 'In giấy tiếp nhận'),
            link('#/dossiers', 'rounded-md bg-teal-700 px-3 py-2 text-sm font-medium text-white hover:bg-teal-800', 'Quay lại danh sách'))),
        h('div', 'grid grid-cols-3 gap-4 items-start',
          h('div', 'col-span-2 min-w-0',
            card('Thông tin chung', dl([
              ['Mã hồ sơ', h('span', 'font-mono', d.code)],
              ['Mã thủ tục', d.procedure.code],
              ['Thủ tục hành chính', d.procedure.name, true],
              ['Thời hạn giải quyết', days2(d.procedure.days)],
              ['Kênh tiếp nhận', d.channel_label],
              ['Trạng thái xử lý', d.status_label],
              ['Lệ phí', money(d.fee)],
              ['Cán bộ tiếp nhận', personBlock(d.receiver)],
              ['Cán bộ đang xử lý', personBlock(d.handler)],
              d.postal_code ? ['Mã bưu gửi', d.postal_code] : null,
              ['Tệp kết quả', d.result_file || ''],
            ], 2)),
            card('Người nộp hồ sơ', applicant),
            card('Xin lỗi và hẹn lại ngày trả', dl([
              ['Văn bản xin lỗi', apologyState],
              ['Ngày ban hành', d.apology ? fmt(d.apology.issued_at, 'vn') : ''],
              ['Ngày hẹn trả mới', d.apology ? fmt(d.apology.new_due_at, 'vn') : ''],
              ['Lý do chậm', d.apology ? d.apology.reason : '', true],
            ])),
            card('Yêu cầu bổ sung hồ sơ', d.supplements.length
              ? table(['Lần', 'Ngày yêu cầu', 'Nội dung bổ sung', 'Lý do'], d.supplements.map(function (s, i) { return [String(i + 1), fmt(s.requested_at, 'vn'), s.content, s.reason]; }))
              : h('p', 'text-sm text-slate-500', 'Không có yêu cầu bổ sung.')),
            ...extra,
            card('Quá trình xử lý', table(['STT', 'Bước xử lý', 'Cán bộ thực hiện', 'Bắt đầu', 'Hoàn thành', 'Thời gian quy định', 'Kết quả'], d.steps.map(function (s, i) {
              return [String(i + 1), s.name, twoLines(s.officer.name, s.officer.title), fmt(s.started_at, 'vn'), fmt(s.finished_at, 'vn'), s.hours + ' giờ', s.result || 'Đang xử lý'];
            })))),
          h('div', 'min-w-0',
            card('Tiến độ giải quyết', dl([
              d.submitted_at ? ['Thời điểm nộp trực tuyến', fmt(d.submitted_at, 'vn')] : null,
              ['Ngày tiếp nhận', fmt(d.received_at, 'vn')],
              ['Ngày hẹn trả', fmt(d.due_at, 'vn')],
              ['Ngày có kết quả', fmt(d.result_at, 'vn')],
              ['Ngày trả kết quả', fmt(d.returned_at, 'vn')],
            ], 1)),
            card('Thành phần hồ sơ', h('ul', 'space-y-2 text-sm', d.files.map(function (f, i) {
              return h('li', 'flex flex-col rounded border border-slate-100 bg-slate-50 px-3 py-2',
                h('span', '', (i + 1) + '. ' + f.label),
                h('span', 'font-mono text-xs text-teal-700', f.file));
            }))),
            card('Ghi chú của cán bộ', h('p', 'text-sm text-slate-700', d.note || 'Không có ghi chú.')))));
    }, failed(token));
  }

  // ── Receipt (printed form) ─────────────────────────────────────────────────────────────────────────────────

  function renderReceipt(id, token) {
    main.replaceChildren(loading('Đang tải phiếu…'));
    getJson('/api/v2/ho-so/' + id).then(function (d) {
      if (token !== routeToken) return;
      var p = parts(d.received_at || d.submitted_at);
      var rows = [
        ['Tên thủ tục hành chính', d.procedure.name],
        ['Người nộp hồ sơ', d.applicant.name],
        ['Số định danh cá nhân', d.applicant.cccd],
        ['Số điện thoại', d.applicant.phone],
        ['Địa chỉ', d.applicant.address],
        ['Thành phần hồ sơ', d.files.map(function (f, i) { return (i + 1) + '. ' + f.label + ' (' + f.file + ')'; }).join('; ')],
        ['Số lượng hồ sơ', '01 bộ'],
        ['Thời gian giải quyết', days2(d.procedure.days)],
        ['Thời gian tiếp nhận', fmt(d.received_at, 'receipt')],
        ['Thời gian hẹn trả kết quả', fmt(d.due_at, 'receipt')],
        ['Hình thức nhận kết quả', d.channel === 'postal' ? 'Qua dịch vụ bưu chính công ích' : 'Tại Trung tâm Phục vụ hành chính công'],
      ];
      main.replaceChildren(
        h('div', 'mb-3 flex justify-between print-hidden',
          link('#/dossiers/' + d.id, 'text-sm text-teal-700 hover:underline', '‹ Về hồ sơ #' + d.id),
          button('rounded-md bg-teal-700 px-3 py-1.5 text-sm text-white', function () { window.print(); }, 'In phiếu')),
        h('div', 'paper mx-auto max-w-3xl bg-white px-12 py-10 font-serif text-[15px] text-slate-900 shadow',
          h('div', 'grid grid-cols-2 gap-6 text-center text-sm',
            h('div', '', h('div', 'uppercase', 'Ủy ban nhân dân phường Hà Đông'), h('div', 'font-bold uppercase', 'Trung tâm Phục vụ hành chính công')),
            h('div', '', h('div', 'font-bold uppercase', 'Cộng hòa xã hội chủ nghĩa Việt Nam'), h('div', 'font-bold', 'Độc lập - Tự do - Hạnh phúc'), h('div', 'mt-2 italic', 'Hà Đông, ngày ' + p.dd + ' tháng ' + p.MM + ' năm ' + p.yyyy))),
          h('h2', 'mt-8 text-center text-lg font-bold uppercase', 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả'),
          h('p', 'mt-2 text-center', 'Mã hồ sơ: ', h('span', 'font-bold', d.code)),
          h('p', 'mt-4', 'Trung tâm Phục vụ hành chính công phường Hà Đông đã tiếp nhận hồ sơ của ông/bà với nội dung sau:'),
          h('table', 'mt-3 w-full border-collapse border border-slate-400 text-[15px]',
            h('tbody', '', rows.map(function (r) {
              return h('tr', '', h('td', 'w-1/3 border border-slate-400 px-3 py-1.5 align-top font-semibold', r[0]), h('td', 'border border-slate-400 px-3 py-1.5 align-top', r[1]));
            }))),
          h('p', 'mt-4 text-sm italic', 'Khi đến nhận kết quả, ông/bà mang theo Giấy tiếp nhận này. Tra cứu tình trạng hồ sơ bằng mã hồ sơ trên Cổng Dịch vụ công quốc gia.'),
          h('div', 'mt-8 grid grid-cols-2 text-center text-sm',
            h('div', '', h('div', 'font-bold uppercase', 'Người nộp hồ sơ'), h('div', 'italic', '(Ký, ghi rõ họ tên)'), h('div', 'mt-16', d.applicant.name)),
            h('div', '', h('div', 'font-bold uppercase', 'Người tiếp nhận'), h('div', 'italic', '(Ký, ghi rõ họ tên)'), h('div', 'mt-16', d.receiver.name))))
      );
    }, failed(token));
  }

  window.addEventListener('hashchange', route);
  startHeader();
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.replace('#/dossiers');
  else route();
})();
