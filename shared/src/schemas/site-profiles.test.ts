// Site profile schema: a demo-like profile, and each kind of mistake reported at its path.
import { describe, expect, it } from 'vitest';
import { zodErrorsToProblem } from './problem.ts';
import { CANONICAL_STATUSES, isDossierFieldName, resolvePageFields } from '../domain/profile-fields.ts';
import { LocatorSchema, SiteProfileSchema, type SiteProfileInput } from './site-profiles.ts';

/** A profile like the demo dossier site's: a list page, and a detail dialog without its own URL. */
const demo: SiteProfileInput = {
  name: 'Hệ thống một cửa điện tử (demo)',
  version: 1,
  match: ['http://127.0.0.1:8788/*', '*://*.motcua.demo.vn/*'],
  pages: [
    {
      id: 'dossier-list',
      title: 'Danh sách hồ sơ',
      url: '/ho-so*',
      fields: [
        { name: 'dossier_code', locator: { kind: 'column', header: ['Mã hồ sơ', 'Số biên nhận'] } },
        { name: 'due_at', locator: { kind: 'column', header: 'Hạn xử lý' }, date_format: 'dd/MM/yyyy HH:mm' },
        { name: 'timeliness', locator: { kind: 'css', selector: 'td.tien-do span' }, attribute: 'title' },
      ],
    },
    {
      id: 'dossier-detail',
      recognize: { heading: ['Chi tiết hồ sơ', 'Thông tin hồ sơ'], in_dialog: true },
      root: '[role=dialog]',
      fields: [
        { name: 'dossier_code', locator: { kind: 'label', text: ['Mã hồ sơ', 'Số biên nhận'] }, regex: '(?<value>[0-9.]+H\\d+-\\d{6}-\\d{4})' },
        { name: 'received_at', locator: { kind: 'label', text: ['Ngày tiếp nhận', 'Thời gian tiếp nhận'] }, date_format: 'dd/MM/yyyy HH:mm' },
        { name: 'due_at', locator: { kind: 'label', text: ['Ngày hẹn trả', 'Hạn xử lý'] }, date_format: 'dd/MM/yyyy HH:mm' },
        { name: 'channel', locator: { kind: 'label', text: 'Hình thức nộp' }, values: { 'Trực tiếp': 'in_person', 'Trực tuyến': 'online', 'Bưu chính': 'postal' } },
        { name: 'applicant', locator: { kind: 'label', text: 'Chủ hồ sơ' }, pii: true },
        { name: 'status', locator: { kind: 'css', selector: ['onestop-status-badge', '.badge'] } },
        { name: 'steps.to_officer', locator: { kind: 'column', header: 'Người nhận', table: '#qua-trinh-xu-ly table' } },
        { name: 'steps.started_at', locator: { kind: 'column', header: ['Thời gian nhận', 'Ngày nhận'] }, date_format: 'dd/MM/yyyy HH:mm' },
        { name: 'x_ghi_chu', locator: { kind: 'input', selector: 'textarea[name=ghiChu]' } },
      ],
    },
  ],
  bindings: [
    { item_code: 'MC-8.5.1-03', page: 'dossier-detail', field: 'due_at' },
    { item_code: 'MC-8.5.1-04', field: 'dossier_code' },
    { item_code: 'MC-7.1.3-01', locator: { kind: 'css', selector: '#niem-yet' }, hint: 'Bảng niêm yết TTHC' },
  ],
  pii: { selectors: ['.thong-tin-cong-dan', ['onestop-applicant', '.cccd']], patterns: ['citizen_id', 'phone', 'email'] },
};

function issues(profile: unknown): string[] {
  const r = SiteProfileSchema.safeParse(profile);
  expect(r.success).toBe(false);
  return r.success ? [] : zodErrorsToProblem(r.error).map((e) => e.path);
}

const edit = (change: (p: SiteProfileInput & Record<string, unknown>) => void): unknown => {
  const copy = JSON.parse(JSON.stringify(demo)) as SiteProfileInput & Record<string, unknown>;
  change(copy);
  return copy;
};

describe('site profile', () => {
  it('accepts the demo profile and fills defaults', () => {
    const p = SiteProfileSchema.parse(demo);
    expect(p.pages).toHaveLength(2);
    expect(SiteProfileSchema.parse({ ...demo, bindings: undefined, pii: undefined })).toMatchObject({
      bindings: [],
      pii: { selectors: [], patterns: ['citizen_id', 'phone', 'email'] },
    });
  });

  it.each<[string, (p: SiteProfileInput & Record<string, unknown>) => void, string[]]>([
    ['no match pattern', (p) => void (p.match = []), ['$.match']],
    ['a bad match pattern', (p) => void (p.match = ['127.0.0.1:8788']), ['$.match[0]']],
    ['a path-only match pattern', (p) => void (p.match = ['/ho-so/*']), ['$.match[0]']],
    ['a page without url or recognize', (p) => void delete (p.pages[0] as Record<string, unknown>).url, ['$.pages[0].url']],
    ['an empty recognize rule', (p) => void ((p.pages[1] as Record<string, unknown>).recognize = { in_dialog: true }), ['$.pages[1].recognize']],
    ['a duplicate page id', (p) => void ((p.pages[1] as Record<string, unknown>).id = 'dossier-list'), ['$.pages[1].id', '$.bindings[0].page']],
    ['an unknown field name', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[0] as Record<string, unknown>).name = 'ma_ho_so'), ['$.pages[0].fields[0].name']],
    ['a duplicate field', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[1] as Record<string, unknown>).name = 'dossier_code'), ['$.pages[0].fields[1].name']],
    ['a bad date format', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[1] as Record<string, unknown>).date_format = 'dd/MM'), ['$.pages[0].fields[1].date_format']],
    ['a bad regex', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[0] as Record<string, unknown>).regex = '(['), ['$.pages[0].fields[0].regex']],
    ['an unknown locator kind', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[0] as Record<string, unknown>).locator = { kind: 'xpath', selector: '//td' }), ['$.pages[0].fields[0].locator.kind']],
    ['a binding to no page', (p) => void ((p.bindings as Record<string, unknown>[])[0] = { item_code: 'A', page: 'nope', field: 'due_at' }), ['$.bindings[0].page']],
    ['a binding to a field no page reads', (p) => void ((p.bindings as Record<string, unknown>[])[1] = { item_code: 'A', field: 'rating' }), ['$.bindings[1].field']],
    ['a binding with neither field nor locator', (p) => void ((p.bindings as Record<string, unknown>[])[1] = { item_code: 'A' }), ['$.bindings[1].field']],
    ['an unknown PII pattern', (p) => void (p.pii = { selectors: [], patterns: ['passport'] as never }), ['$.pii.patterns[0]']],
    ['a misspelt key', (p) => void ((p.pages[0] as Record<string, unknown>).feilds = []), ['$.pages[0]']],
    ['a fractional priority', (p) => void (p.priority = 1.5), ['$.priority']],
    ['a priority out of range', (p) => void (p.priority = 1001), ['$.priority']],
    ['a priority as text', (p) => void ((p as Record<string, unknown>).priority = '10'), ['$.priority']],
    ['too many shadow steps', (p) => void (((p.pages[0] as { fields: Record<string, unknown>[] }).fields[2] as Record<string, unknown>).locator = { kind: 'css', selector: Array.from({ length: 9 }, () => 'x') }), ['$.pages[0].fields[2].locator.selector']],
  ])('rejects %s', (_, change, expected) => {
    expect(issues(edit(change))).toEqual(expected);
  });

  it('takes an optional integer priority, kept as given', () => {
    expect(SiteProfileSchema.parse(demo).priority).toBeUndefined();
    expect(SiteProfileSchema.parse({ ...demo, priority: 10 }).priority).toBe(10);
    expect(SiteProfileSchema.parse({ ...demo, priority: -1000 }).priority).toBe(-1000);
  });

  it('is bounded', () => {
    const big = edit((p) => {
      p.pages = Array.from({ length: 51 }, (_, i) => ({ id: `p${i}`, url: '/x', fields: [] }));
      p.bindings = [];
    });
    expect(issues(big)).toEqual(['$.pages']);
  });
});

describe('issue 13: the reach of a profile and its regexes', () => {
  const fieldsOf = (p: SiteProfileInput & Record<string, unknown>, page: number) => (p.pages[page] as { fields: Record<string, unknown>[] }).fields;
  /** Path and message of every issue. */
  function problems(profile: unknown): { path: string; message: string }[] {
    const r = SiteProfileSchema.safeParse(profile);
    expect(r.success).toBe(false);
    return r.success ? [] : zodErrorsToProblem(r.error);
  }

  it('accepts patterns naming one system and regexes of the safe subset', () => {
    const p = SiteProfileSchema.parse(
      edit((p) => {
        p.match = ['https://*.dichvucong.gov.vn/*', '*://*.motcua.tinh-x.gov.vn/*', 'http://127.0.0.1:*/*', 'http://localhost:*/*', 'http://[::1]:8788/*'];
        fieldsOf(p, 0)[2]!.regex = '^0*(?<value>\\d+) ngày';
        (p.pages[0] as Record<string, unknown>).pagination = { page_param: 'trang', total: { locator: { kind: 'css', selector: '.tong' }, regex: 'trong (?<value>[\\d.,]+) hồ sơ' } };
      }),
    );
    expect(p.match).toHaveLength(5);
  });

  it.each<[string, string, string]>([
    ['*://*/*', '$.match[1]', 'matches every site'],
    ['https://*/*', '$.match[1]', 'matches every site'],
    ['https://*.vn/*', '$.match[1]', '*.vn matches every site under a top-level domain'],
    ['*://*.com/*', '$.match[1]', '*.com matches every site under a top-level domain'],
    ['https://*.gov.vn/*', '$.match[1]', '*.gov.vn matches every site under the public suffix gov.vn'],
    ['https://*.com.vn:*/*', '$.match[1]', '*.com.vn matches every site under the public suffix com.vn'],
  ])('refuses the match pattern %s at %s', (pattern, path, message) => {
    const found = problems(edit((p) => void (p.match = ['http://127.0.0.1:8788/*', pattern])));
    expect(found).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('says a malformed pattern is malformed, once', () => {
    expect(problems(edit((p) => void (p.match = ['*://*']))).map((e) => e.message)).toEqual(['not a URL match pattern such as https://*.dichvucong.gov.vn/*']);
  });

  it.each<[string, string]>([
    ['^(a+)+$', 'nested quantifier'],
    ['(a*)*', 'nested quantifier'],
    ['(a|aa)+', 'nested quantifier'],
    ['(\\w+\\s?)*', 'nested quantifier'],
    ['(a)\\1', 'backreferences are not allowed'],
    ['(?<=\\s+)x', 'a lookbehind must have a bounded length'],
    ['\\d{1,500}', 'a count above 100'],
    ['.*.*x', 'may backtrack too long'],
    ['x'.repeat(201), 'at most 200 characters'],
  ])('refuses the regex %s', (regex, message) => {
    const found = problems(edit((p) => void (fieldsOf(p, 1)[0]!.regex = regex)));
    expect(found).toEqual([{ path: '$.pages[1].fields[0].regex', message: expect.stringContaining(message) }]);
  });

  it('refuses an unsafe regex for a list total and in a field set', () => {
    const found = problems(
      edit((p) => {
        (p.pages[0] as Record<string, unknown>).pagination = { page_param: 'trang', total: { locator: { kind: 'css', selector: '.tong' }, regex: '(\\d+)+' } };
        p.field_sets = { s: [{ name: 'rating', locator: { kind: 'css', selector: '.r' }, regex: '(a|b)*c' }] };
      }),
    );
    expect(found.map((e) => e.path).sort()).toEqual(['$.field_sets.s[0].regex', '$.pages[0].pagination.total.regex']);
    expect(found.every((e) => e.message.includes('nested quantifier'))).toBe(true);
  });
});

describe('locators and field names', () => {
  it.each([
    { kind: 'css', selector: '.x' },
    { kind: 'css', selector: ['my-app', 'my-panel', 'span.value'] },
    { kind: 'label', text: 'Hạn xử lý' },
    { kind: 'label', text: ['Hạn xử lý', 'Ngày hẹn trả'], within: '[role=dialog]' },
    { kind: 'column', header: 'Mã hồ sơ' },
    { kind: 'input', selector: 'input[name=maHoSo]' },
  ])('accepts %j', (locator) => {
    expect(LocatorSchema.safeParse(locator).success).toBe(true);
  });

  it.each([{ kind: 'label', text: '' }, { kind: 'label', text: [] }, { kind: 'css' }, { kind: 'column', header: 'x', selector: 'y' }])('rejects %j', (locator) => {
    expect(LocatorSchema.safeParse(locator).success).toBe(false);
  });

  it('knows the forms vocabulary', () => {
    for (const ok of ['dossier_code', 'apology_issued_at', 'steps.step_result', 'supplement_requests.reason', 'x_so_quyen', 'steps.x_ghi_chu']) {
      expect(isDossierFieldName(ok)).toBe(true);
    }
    expect(isDossierFieldName('steps')).toBe(true);
    for (const bad of ['Mã hồ sơ', 'steps.foo', 'dossier_code.x', 'x_', 'X_A', 'constructor', 'constructor.name', 'toString']) {
      expect(isDossierFieldName(bad), bad).toBe(false);
    }
  });
});

describe('issue 12 additions to the format', () => {
  const fieldsOf = (p: SiteProfileInput & Record<string, unknown>, page: number) => (p.pages[page] as { fields: Record<string, unknown>[] }).fields;

  it('accepts every new key and keeps what it was given', () => {
    const p = SiteProfileSchema.parse(
      edit((p) => {
        p.time_zone = 'Asia/Bangkok';
        p.record_key = 'dossier_code';
        p.ignore = ['body > header', ['app-shell', '.latest']];
        p.value_maps = { status: { 'Đang xử lý': 'processing', 'Quá hạn': 'overdue' }, channel: { 'Trực tuyến': 'online' } };
        p.field_sets = { dates: [{ name: 'received_at', locator: { kind: 'label', text: 'Ngày tiếp nhận' }, date_format: 'dd/MM/yyyy HH:mm' }] };
        p.pii = { selectors: [], patterns: ['phone'], columns: ['Người nộp'], url_params: ['so_giay_to', 'filter[ten]'] };
        const detail = p.pages[1] as Record<string, unknown>;
        detail.use = ['dates'];
        detail.covers = true;
        detail.recognize = { selector: 'div.fixed.inset-0', text: 'Mã đơn:', in_selector: true };
        fieldsOf(p, 1).push(
          { name: 'x_record_id', locator: { kind: 'label', text: 'Mã đơn', same_text: true } },
          { name: 'phone', locator: { kind: 'column', header: 'Người nộp' }, part: -1 },
          { name: 'email', locator: { kind: 'label', text: 'Người nộp', same_text: true }, part: 2, split: ' - ' },
          { name: 'apology_issued', locator: { kind: 'css', selector: 'a.xin-loi' }, present: true },
        );
        (fieldsOf(p, 1).find((f) => f.name === 'status') as Record<string, unknown>).values = 'status';
        (fieldsOf(p, 1).find((f) => f.name === 'channel') as Record<string, unknown>).values = 'channel';
        (fieldsOf(p, 1) as unknown[]).splice(fieldsOf(p, 1).findIndex((f) => f.name === 'received_at'), 1);
        (p.pages[0] as Record<string, unknown>).pagination = {
          next: 'ul.pagination li:last-child a',
          next_disabled: '.disabled',
          page_param: 'page',
          size_param: 'size',
          total: { locator: { kind: 'css', selector: '.tong-so' }, regex: 'trong (?<value>[0-9.]+)' },
        };
      }),
    );
    expect(p.time_zone).toBe('Asia/Bangkok');
    expect(p.pages[1]?.covers).toBe(true);
    expect(p.pages[0]?.pagination?.page_param).toBe('page');
    expect(p.pii.url_params).toEqual(['so_giay_to', 'filter[ten]']);
  });

  it('lists the canonical statuses, overdue included', () => {
    expect(CANONICAL_STATUSES).toEqual(expect.arrayContaining(['received', 'processing', 'overdue', 'supplement_requested', 'awaiting_return', 'returned', 'refused', 'withdrawn']));
  });

  it('resolves field sets and value maps: a page\'s own field replaces a set\'s', () => {
    const profile = SiteProfileSchema.parse(
      edit((p) => {
        p.value_maps = { channel: { 'Trực tuyến': 'online' } };
        p.field_sets = {
          common: [
            { name: 'channel', locator: { kind: 'label', text: 'Kênh' }, values: 'channel' },
            { name: 'received_at', locator: { kind: 'label', text: 'Ngày nhận' } },
          ],
        };
        (p.pages[0] as Record<string, unknown>).use = ['common'];
        fieldsOf(p, 0).push({ name: 'received_at', locator: { kind: 'column', header: 'Ngày nhận' } });
      }),
    );
    const page = profile.pages[0];
    if (!page) throw new Error('no page');
    const fields = resolvePageFields(profile, page);
    expect(fields.map((f) => f.name)).toEqual(['channel', 'dossier_code', 'due_at', 'timeliness', 'received_at']);
    expect(fields[0]?.values).toEqual({ 'Trực tuyến': 'online' });
    expect(fields.find((f) => f.name === 'received_at')?.locator.kind).toBe('column');
  });

  it('accepts a binding to a field only a field set reads', () => {
    const r = SiteProfileSchema.safeParse(
      edit((p) => {
        p.field_sets = { extra: [{ name: 'rating', locator: { kind: 'css', selector: '.rating' } }] };
        (p.pages[0] as Record<string, unknown>).use = ['extra'];
        (p.bindings as Record<string, unknown>[]).push({ item_code: 'A', field: 'rating' });
      }),
    );
    expect(r.success).toBe(true);
  });

  it.each<[string, (p: SiteProfileInput & Record<string, unknown>) => void, string[]]>([
    ['an unknown time zone', (p) => void (p.time_zone = 'Asia/Hanoi_City'), ['$.time_zone']],
    ['a time zone that is no name', (p) => void (p.time_zone = '+07:00; drop'), ['$.time_zone']],
    ['a list column as record key', (p) => void (p.record_key = 'steps.name'), ['$.record_key']],
    ['a record key no page reads', (p) => void (p.record_key = 'receipt_no'), ['$.record_key']],
    ['an unknown value map', (p) => void ((fieldsOf(p, 1).find((f) => f.name === 'channel') as Record<string, unknown>).values = 'kenh'), ['$.pages[1].fields[3].values']],
    ['an unknown field set', (p) => void ((p.pages[0] as Record<string, unknown>).use = ['nope']), ['$.pages[0].use[0]']],
    ['a bad value map name', (p) => void (p.value_maps = { 'Trạng thái': { a: 'b' } }), ['$.value_maps.Trạng thái']],
    ['too many value maps', (p) => void (p.value_maps = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`m${i}`, { a: 'b' }]))), ['$.value_maps']],
    ['a status wording mapped to no canonical status', (p) => void ((fieldsOf(p, 1).find((f) => f.name === 'status') as Record<string, unknown>).values = { 'Trễ hạn': 'late' }), ['$.pages[1].fields[5].values.Trễ hạn']],
    [
      'a named map of a status field with a non-canonical status',
      (p) => {
        p.value_maps = { st: { 'Đang xử lý': 'processing', 'Trễ hạn': 'late' } };
        (fieldsOf(p, 1).find((f) => f.name === 'status') as Record<string, unknown>).values = 'st';
      },
      ['$.value_maps.st.Trễ hạn'],
    ],
    [
      'a field set with an unknown map and a duplicate field',
      (p) => {
        p.field_sets = { s: [{ name: 'due_at', locator: { kind: 'css', selector: '.a' }, values: 'nope' }, { name: 'due_at', locator: { kind: 'css', selector: '.b' } }] };
      },
      ['$.field_sets.s[0].values', '$.field_sets.s[1].name'],
    ],
    ['a present field with a regex', (p) => void Object.assign(fieldsOf(p, 0)[2] as object, { present: true }), ['$.pages[0].fields[2].attribute']],
    ['a split without a part', (p) => void Object.assign(fieldsOf(p, 0)[0] as object, { split: ',' }), ['$.pages[0].fields[0].split']],
    ['part 0', (p) => void Object.assign(fieldsOf(p, 0)[0] as object, { part: 0 }), ['$.pages[0].fields[0].part']],
    ['part 21', (p) => void Object.assign(fieldsOf(p, 0)[0] as object, { part: 21 }), ['$.pages[0].fields[0].part']],
    ['a covering page without its element', (p) => void Object.assign(p.pages[0] as object, { covers: true }), ['$.pages[0].covers']],
    ['in_selector without a selector', (p) => void ((p.pages[1] as Record<string, unknown>).recognize = { heading: 'X', in_selector: true }), ['$.pages[1].recognize.in_selector']],
    ['in_selector and in_dialog', (p) => void ((p.pages[1] as Record<string, unknown>).recognize = { selector: '.m', in_selector: true, in_dialog: true }), ['$.pages[1].recognize.in_selector']],
    ['an empty pagination rule', (p) => void ((p.pages[0] as Record<string, unknown>).pagination = {}), ['$.pages[0].pagination']],
    ['next_disabled without next', (p) => void ((p.pages[0] as Record<string, unknown>).pagination = { page_param: 'p', next_disabled: '.x' }), ['$.pages[0].pagination.next_disabled']],
    ['a page parameter with a space', (p) => void ((p.pages[0] as Record<string, unknown>).pagination = { page_param: 'trang so' }), ['$.pages[0].pagination.page_param']],
    ['a same_text that is no boolean', (p) => void ((fieldsOf(p, 1)[0] as Record<string, unknown>).locator = { kind: 'label', text: 'Mã', same_text: 'yes' }), ['$.pages[1].fields[0].locator.same_text']],
    ['too many PII columns', (p) => void (p.pii = { selectors: [], patterns: [], columns: Array.from({ length: 51 }, (_, i) => `c${i}`) }), ['$.pii.columns']],
    ['a URL parameter that is no name', (p) => void (p.pii = { selectors: [], patterns: [], url_params: ['a b'] }), ['$.pii.url_params[0]']],
    ['too many ignored regions', (p) => void (p.ignore = Array.from({ length: 51 }, () => 'header')), ['$.ignore']],
  ])('rejects %s', (_, change, expected) => {
    expect(issues(edit(change))).toEqual(expected);
  });

  it('explains a non-canonical status', () => {
    const r = SiteProfileSchema.safeParse(edit((p) => void ((fieldsOf(p, 1).find((f) => f.name === 'status') as Record<string, unknown>).values = { 'Trễ hạn': 'late' })));
    expect(r.success ? '' : r.error.issues[0]?.message).toMatch(/not a canonical status \(awaiting_intake, received, processing, overdue/);
  });
});
