// Site profile schema: a demo-like profile, and each kind of mistake reported at its path.
import { describe, expect, it } from 'vitest';
import { zodErrorsToProblem } from './problem.ts';
import { LocatorSchema, SiteProfileSchema, isDossierFieldName, type SiteProfileInput } from './site-profiles.ts';

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
