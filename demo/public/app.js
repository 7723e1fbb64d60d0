// Client-side behaviour of the demo dossier system, like the single-page screens of real one-stop software:
// the dossier list filters and pages without a reload (fetch + history.pushState) and "Xem nhanh" opens a
// dialog ("Thông tin hồ sơ") that has no URL of its own. Every value is inserted as text, never as markup.
(function () {
  'use strict';

  /** Build an element: el('div', { class: 'x', href: '/y' }, child, 'text', ...) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') node.textContent = String(v);
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) c.forEach(function (x) { if (x) node.appendChild(typeof x === 'string' ? document.createTextNode(x) : x); });
      else node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function badge(label, tone) {
    return el('span', { class: 'badge badge-' + tone, text: label });
  }

  function note(n) {
    return n ? el('div', { class: 'text-xs text-' + n.tone + '-700', text: n.text }) : null;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Dossier list

  var form = document.querySelector('form[data-list-filter]');
  var tbody = document.querySelector('tbody[data-list-body]');
  var pagerBox = document.querySelector('[data-list-pager]');
  var summary = document.querySelector('[data-list-summary]');

  function queryFromForm() {
    var sp = new URLSearchParams();
    var q = form.elements.q.value.trim();
    if (q) sp.set('q', q);
    ['status', 'procedure', 'channel'].forEach(function (name) {
      var v = form.elements[name].value;
      if (v) sp.set(name, v);
    });
    if (form.elements.overdue.checked) sp.set('overdue', '1');
    var size = form.elements.size.value;
    if (size && size !== '20') sp.set('size', size);
    return sp;
  }

  function formFromQuery(sp) {
    form.elements.q.value = sp.get('q') || '';
    ['status', 'procedure', 'channel'].forEach(function (name) {
      form.elements[name].value = sp.get(name) || '';
    });
    form.elements.overdue.checked = sp.get('overdue') === '1';
    form.elements.size.value = sp.get('size') || '20';
  }

  function rowNode(r, n) {
    return el(
      'tr',
      { class: 'border-b border-gray-100 hover:bg-gray-50 align-top' },
      el('td', { class: 'px-2 py-2 text-gray-500', text: n }),
      el('td', { class: 'px-2 py-2 whitespace-nowrap' }, el('a', { class: 'text-blue-700 font-medium hover:underline', href: r.href, text: r.code })),
      el('td', { class: 'px-2 py-2 min-w-48', text: r.procedure }),
      el('td', { class: 'px-2 py-2 min-w-28', text: r.applicant }),
      el('td', { class: 'px-2 py-2' }, r.received ? r.received : el('span', { class: 'text-gray-400', text: '—' })),
      el('td', { class: 'px-2 py-2' }, r.due, note(r.dueNote)),
      el('td', { class: 'px-2 py-2' }, r.returned, note(r.returnedNote)),
      el('td', { class: 'px-2 py-2 whitespace-nowrap' }, badge(r.status.label, r.status.tone)),
      el('td', { class: 'px-2 py-2 whitespace-nowrap', text: r.channel }),
      el('td', { class: 'px-2 py-2 whitespace-nowrap' }, el('button', { type: 'button', class: 'btn-link', 'data-code': r.code, text: 'Xem nhanh' })),
    );
  }

  function pagerNode(data) {
    var box = el('div', { class: 'flex items-center gap-1 flex-wrap' });
    if (data.pages <= 1) return el('div');
    function link(p, label, current) {
      if (current) return el('span', { class: 'pager-item pager-current', text: label });
      var sp = new URLSearchParams(location.search);
      if (p > 1) sp.set('page', String(p));
      else sp.delete('page');
      var qs = sp.toString();
      return el('a', { class: 'pager-item', href: '/ho-so' + (qs ? '?' + qs : ''), text: label });
    }
    if (data.page > 1) box.appendChild(link(data.page - 1, '‹ Trước'));
    var shown = [1, data.pages, data.page - 2, data.page - 1, data.page, data.page + 1, data.page + 2];
    var last = 0;
    for (var p = 1; p <= data.pages; p++) {
      if (shown.indexOf(p) < 0) continue;
      if (p - last > 1) box.appendChild(el('span', { class: 'pager-gap', text: '…' }));
      box.appendChild(link(p, String(p), p === data.page));
      last = p;
    }
    if (data.page < data.pages) box.appendChild(link(data.page + 1, 'Sau ›'));
    return box;
  }

  var pending = null;
  function load(sp, push) {
    var qs = sp.toString();
    var target = '/ho-so' + (qs ? '?' + qs : '');
    if (push && target !== location.pathname + location.search) history.pushState({ list: true }, '', target);
    if (pending) pending.abort();
    var ctrl = new AbortController();
    pending = ctrl;
    tbody.classList.add('is-loading');
    fetch('/api/ho-so' + (qs ? '?' + qs : ''), { signal: ctrl.signal, headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (data) {
        var rows = data.rows.map(function (r, i) { return rowNode(r, data.start + i + 1); });
        tbody.replaceChildren.apply(
          tbody,
          rows.length ? rows : [el('tr', null, el('td', { colspan: '10', class: 'px-3 py-6 text-center text-gray-500', text: 'Không có hồ sơ phù hợp.' }))],
        );
        pagerBox.replaceChildren(pagerNode(data));
        var from = data.total ? data.start + 1 : 0;
        summary.replaceChildren('Hiển thị ', el('b', { text: from + '–' + (data.start + data.rows.length) }), ' trên tổng số ', el('b', { text: String(data.total) }), ' hồ sơ');
        tbody.classList.remove('is-loading');
      })
      .catch(function (err) {
        if (err && err.name === 'AbortError') return;
        tbody.classList.remove('is-loading');
        location.assign(target); // fall back to a full page load
      });
  }

  if (form && tbody) {
    var typing = null;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      load(queryFromForm(), true);
    });
    form.addEventListener('change', function (e) {
      if (e.target.name === 'q') return;
      load(queryFromForm(), true);
    });
    form.elements.q.addEventListener('input', function () {
      clearTimeout(typing);
      typing = setTimeout(function () { load(queryFromForm(), true); }, 400);
    });
    pagerBox.addEventListener('click', function (e) {
      var a = e.target.closest('a.pager-item');
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      var url = new URL(a.href);
      load(url.searchParams, true);
      window.scrollTo(0, 0);
    });
    window.addEventListener('popstate', function () {
      if (location.pathname !== '/ho-so') return;
      var sp = new URLSearchParams(location.search);
      formFromQuery(sp);
      load(sp, false);
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Quick view ("Xem nhanh"): a modal dialog without its own URL

  var openDialog = null;

  function closeDialog() {
    if (!openDialog) return;
    openDialog.backdrop.remove();
    document.removeEventListener('keydown', openDialog.onKey);
    if (openDialog.opener && document.contains(openDialog.opener)) openDialog.opener.focus();
    openDialog = null;
  }

  function pair(label, value) {
    return el('div', null, el('div', { class: 'text-gray-500 text-sm', text: label }), el('div', { class: 'font-medium break-words' }, value || ''));
  }

  function inputPair(label, name, value) {
    return el(
      'div',
      null,
      el('label', { class: 'text-gray-500 text-sm block mb-1', text: label }),
      el('input', { class: 'input', name: name, value: value || '', readonly: true }),
    );
  }

  function dialogBody(d) {
    var steps = el(
      'table',
      { class: 'w-full text-sm' },
      el(
        'thead',
        { class: 'bg-gray-50 text-gray-600 text-left' },
        el('tr', null, ['Bước', 'Đơn vị xử lý', 'Cán bộ', 'Bắt đầu', 'Kết thúc'].map(function (h) { return el('th', { class: 'px-2 py-1 font-semibold', text: h }); })),
      ),
      el(
        'tbody',
        null,
        d.steps.length
          ? d.steps.map(function (s) {
              return el(
                'tr',
                { class: 'border-b border-gray-100' },
                el('td', { class: 'px-2 py-1', text: s.name }),
                el('td', { class: 'px-2 py-1', text: s.unit }),
                el('td', { class: 'px-2 py-1', text: s.officer }),
                el('td', { class: 'px-2 py-1 whitespace-nowrap', text: s.started }),
                el('td', { class: 'px-2 py-1 whitespace-nowrap', text: s.finished || 'Đang xử lý' }),
              );
            })
          : [el('tr', null, el('td', { colspan: '5', class: 'px-2 py-2 text-gray-500', text: 'Chưa có bước xử lý.' }))],
      ),
    );
    return [
      el(
        'div',
        { class: 'p-5 grid grid-cols-3 gap-x-6 gap-y-4' },
        inputPair('Số hồ sơ', 'soHoSo', d.code),
        el('div', { class: 'col-span-2' }, pair('Thủ tục', d.procedure)),
        pair('Chủ hồ sơ', d.applicant),
        pair('Số CCCD', d.idNumber),
        pair('Số điện thoại', d.phone),
        pair('Kênh nộp', d.channel),
        d.submitted ? pair('Thời gian nộp', d.submitted) : null,
        inputPair('Thời gian tiếp nhận', 'thoiGianTiepNhan', d.received),
        inputPair('Ngày hẹn trả', 'ngayHenTra', d.due),
        pair('Ngày trả', d.returned),
        pair('Tình trạng', [badge(d.status.label, d.status.tone), d.timeliness ? ' ' : null, d.timeliness ? badge(d.timeliness.label, d.timeliness.tone) : null]),
        pair('Xin lỗi, hẹn lại', d.apology ? d.apology.text + ' — hẹn lại ' + d.apology.newDue : 'Không'),
        pair('Đang xử lý tại', d.handler),
      ),
      el('div', { class: 'px-5 pb-1' }, el('div', { class: 'font-semibold mb-2', text: 'Quá trình xử lý' }), el('div', { class: 'overflow-x-auto' }, steps)),
    ];
  }

  function showDialog(code, opener) {
    closeDialog();
    var closeX = el('button', { type: 'button', class: 'modal-close', 'aria-label': 'Đóng', text: '×' });
    var content = el('div', { class: 'p-5 text-gray-500', text: 'Đang tải…' });
    var panel = el(
      'div',
      { class: 'modal-panel', role: 'dialog', 'aria-modal': 'true', tabindex: '-1' },
      el('div', { class: 'flex items-center justify-between px-5 py-3 border-b border-gray-200' }, el('h2', { class: 'text-lg font-semibold', text: 'Thông tin hồ sơ' }), closeX),
      content,
      el(
        'div',
        { class: 'flex items-center justify-end gap-2 px-5 py-3 border-t border-gray-200 mt-3' },
        el('a', { class: 'btn', href: '/ho-so/' + encodeURIComponent(code), text: 'Mở trang chi tiết' }),
        el('button', { type: 'button', class: 'btn btn-primary', 'data-close': true, text: 'Đóng' }),
      ),
    );
    var backdrop = el('div', { class: 'modal-backdrop' }, panel);
    var onKey = function (e) {
      if (e.key === 'Escape') closeDialog();
    };
    backdrop.addEventListener('click', function (e) {
      if (e.target === backdrop || e.target === closeX || (e.target.closest && e.target.closest('[data-close]'))) closeDialog();
    });
    document.addEventListener('keydown', onKey);
    document.body.appendChild(backdrop);
    openDialog = { backdrop: backdrop, onKey: onKey, opener: opener };
    closeX.focus();
    fetch('/api/ho-so/' + encodeURIComponent(code), { headers: { accept: 'application/json' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (d) {
        if (!openDialog || openDialog.backdrop !== backdrop) return;
        content.replaceWith.apply(content, dialogBody(d));
      })
      .catch(function () {
        content.textContent = 'Không tải được thông tin hồ sơ.';
      });
  }

  document.addEventListener('click', function (e) {
    var btn = e.target.closest && e.target.closest('button[data-code]');
    if (!btn) return;
    e.preventDefault();
    showDialog(btn.getAttribute('data-code'), btn);
  });
})();
