// Control characters in text (README "API conventions"): one-line text (names, titles, codes, labels) refuses every
// control character (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) and the line separators U+2028/U+2029 with a 422
// that names the character; multi-line text (notes, reasons, item texts) refuses them too but keeps TAB, LF, CR and
// U+2028/U+2029; text captured from a page drops them. Never a 500, and a refusal writes nothing.
//
// Why a leading NUL answered 500: SQLite's length() counts the characters before the first NUL, so
// `CHECK (length(name) BETWEEN 1 AND 300)` failed for "\u0000Phường" and the D1 error reached the generic handler.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { toApiError } from '../../worker/src/lib/create-app.ts';
import { makeAudit, makeFinding, textFieldWorld, type TextFieldWorld } from '../fixtures/audits.ts';
import { api, json, makeUser, unique } from '../fixtures/builders.ts';
import { sampleProfile } from '../fixtures/profiles.ts';
import { fingerprint } from '../fixtures/reliability.ts';

/** Refused by every text field: NUL at the start, in the middle and at the end, other C0, DEL, C1. */
const REFUSED_EVERYWHERE: readonly string[] = [
  '\u0000Phường Sơn Tây',
  'Phường\u0000Sơn Tây',
  'Phường Sơn Tây\u0000',
  '\u0000',
  '\u0001Phường',
  '\u001b[31mĐỏ\u001b[0m',
  'Xã\u007fĐông',
  'Dòng\u0085mới',
  'C1 \u009b điều khiển',
  'Nhiều\u0007\u0008ký tự',
];
/** Refused by one-line text, kept by multi-line text. */
const LINE_BREAKS: readonly string[] = ['Tên\tcó tab', 'Hai\ndòng', 'Hai\r\ndòng', 'Dấu\u2028tách dòng', 'Dấu\u2029tách đoạn'];

let w: TextFieldWorld;

beforeAll(async () => {
  w = await textFieldWorld();
});

const future = () => new Date(Date.now() + 20 * 86400_000).toISOString().slice(0, 10);
const ncFinding = async (status: 'open' | 'disputed' | 'action_planned') =>
  (await makeFinding({ auditId: w.reportingAudit, unitId: w.tree.communeA, itemId: w.items[0]!, result: 'nc_minor', status, recordedBy: w.lead.id })).id;

interface Field {
  name: string;
  kind: 'line' | 'text';
  /** The JSON path the 422 names. */
  path: string;
  prepare?: () => Promise<string>;
  /** Sends the value; `read` fetches the document the accepted value must appear in. */
  send: (v: string, prepared: string) => Promise<{ res: Response; read: () => Promise<Response> }>;
}

/** A sync op refused inside a 200 becomes its problem, so it is checked like a refused request. */
async function syncAnswer(res: Response): Promise<Response> {
  if (!res.ok) return res;
  const body = await json<{ results: { status: string; problem?: { status: number } }[] }>(res.clone());
  const result = body.results[0];
  if (result?.status !== 'rejected') return res;
  return new Response(JSON.stringify(result.problem), { status: result.problem?.status ?? 422, headers: { 'content-type': 'application/problem+json' } });
}

const FIELDS: Field[] = [
  {
    name: 'unit name (POST /units)',
    kind: 'line',
    path: '$.name',
    send: async (v) => {
      const res = await api('/units', { method: 'POST', token: w.admin, body: { parent_id: w.tree.districtA, code: unique('CC'), name: v, level: 'commune' } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/units/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'unit name (PATCH /units/{id})',
    kind: 'line',
    path: '$.name',
    prepare: async () => (await json<{ id: string }>(await api('/units', { method: 'POST', token: w.admin, body: { parent_id: w.tree.districtA, code: unique('CC'), name: 'Xã thử', level: 'commune' } }))).id,
    send: async (v, id) => ({ res: await api(`/units/${id}`, { method: 'PATCH', token: w.admin, body: { version: 1, name: v } }), read: () => api(`/units/${id}`, { token: w.admin }) }),
  },
  {
    name: 'display name (POST /users)',
    kind: 'line',
    path: '$.display_name',
    send: async (v) => {
      const res = await api('/users', { method: 'POST', token: w.admin, body: { email: `${unique('cc')}@test.onestop.vn`.toLowerCase(), display_name: v, role: 'leader', unit_id: w.tree.communeA, password: 'mat-khau-du-dai-2026' } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/users/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'display name (PATCH /users/{id})',
    kind: 'line',
    path: '$.display_name',
    prepare: async () => (await makeUser('inspector', w.tree.communeA)).id,
    send: async (v, id) => ({ res: await api(`/users/${id}`, { method: 'PATCH', token: w.admin, body: { version: 1, display_name: v } }), read: () => api(`/users/${id}`, { token: w.admin }) }),
  },
  {
    name: 'audit title (POST /audits)',
    kind: 'line',
    path: '$.title',
    send: async (v) => {
      const res = await api('/audits', {
        method: 'POST',
        token: w.admin,
        body: { code: unique('KT'), title: v, kind: 'inspection', owner_unit_id: w.tree.province, planned_start: '2026-12-01', planned_end: '2026-12-05', unit_ids: [w.tree.communeA], version_ids: [w.versionId], lead_user_id: w.lead.id },
      });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/audits/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'audit title (PATCH /audits/{id})',
    kind: 'line',
    path: '$.title',
    prepare: async () => (await makeAudit({ ownerUnitId: w.tree.province, unitIds: [w.tree.communeA], versionId: w.versionId, leadId: w.lead.id, status: 'planned' })).id,
    send: async (v, id) => ({ res: await api(`/audits/${id}`, { method: 'PATCH', token: w.admin, body: { version: 1, title: v } }), read: () => api(`/audits/${id}`, { token: w.admin }) }),
  },
  {
    name: 'audit scope note',
    kind: 'text',
    path: '$.scope_note',
    send: async (v) => {
      const res = await api('/audits', {
        method: 'POST',
        token: w.admin,
        body: { code: unique('KT'), title: 'Kiểm tra', scope_note: v, kind: 'inspection', owner_unit_id: w.tree.province, planned_start: '2026-12-01', planned_end: '2026-12-05', unit_ids: [w.tree.communeA], version_ids: [w.versionId], lead_user_id: w.lead.id },
      });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/audits/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'checklist title',
    kind: 'line',
    path: '$.title_vi',
    send: async (v) => {
      const res = await api('/checklists', { method: 'POST', token: w.admin, body: { code: unique('CL'), version: 1, title_vi: v, items: [{ code: 'T-01', clause: '8.5.1', text_vi: 'Nội dung', weight: 2 }] } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/checklists/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'checklist item text',
    kind: 'text',
    path: '$.items[0].text_vi',
    send: async (v) => {
      const res = await api('/checklists', { method: 'POST', token: w.admin, body: { code: unique('CL'), version: 1, title_vi: 'Danh mục', items: [{ code: 'T-01', clause: '8.5.1', text_vi: v, weight: 2 }] } });
      const body = res.ok ? await json<{ versions?: { id: string }[] }>(res.clone()) : {};
      return { res, read: () => api(`/checklist-versions/${body.versions?.[0]?.id ?? ''}`, { token: w.admin }) };
    },
  },
  {
    name: 'checklist item section (one line)',
    kind: 'line',
    path: '$.items[0].section_vi',
    send: async (v) => {
      const res = await api('/checklists', { method: 'POST', token: w.admin, body: { code: unique('CL'), version: 1, title_vi: 'Danh mục', items: [{ code: 'T-01', clause: '8.5.1', section_vi: v, text_vi: 'Nội dung', weight: 2 }] } });
      const body = res.ok ? await json<{ versions?: { id: string }[] }>(res.clone()) : {};
      return { res, read: () => api(`/checklist-versions/${body.versions?.[0]?.id ?? ''}`, { token: w.admin }) };
    },
  },
  {
    name: 'site profile name',
    kind: 'line',
    path: '$.profile.name',
    send: async (v) => {
      const res = await api('/site-profiles', { method: 'POST', token: w.admin, body: { profile: sampleProfile(v) } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/site-profiles/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'site profile label text',
    kind: 'line',
    path: '$.profile.pages[0].fields[0].locator.text',
    send: async (v) => {
      const profile = sampleProfile();
      const page = profile.pages[0]!;
      const res = await api('/site-profiles', { method: 'POST', token: w.admin, body: { profile: { ...profile, pages: [{ ...page, fields: [{ name: 'dossier_code', locator: { kind: 'label', text: v } }, page.fields[1]] }] } } });
      const id = res.ok ? (await json<{ id: string }>(res.clone())).id : '';
      return { res, read: () => api(`/site-profiles/${id}`, { token: w.admin }) };
    },
  },
  {
    name: 'finding note (sync)',
    kind: 'text',
    path: '$.ops[0].data.note',
    send: async (v) => {
      const id = crypto.randomUUID();
      const op = { op_id: crypto.randomUUID(), kind: 'finding.upsert', entity_id: id, base_version: null, data: { audit_id: w.progressAudit, unit_id: w.tree.communeA, item_id: w.items[1]!, result: 'ofi', note: v, recorded_at: new Date().toISOString() } };
      const res = await syncAnswer(await api('/sync', { method: 'POST', token: w.lead.token, body: { client_id: 'cc', ops: [op] } }));
      return { res, read: () => api(`/findings/${id}`, { token: w.lead.token }) };
    },
  },
  {
    name: 'corrective-action root cause',
    kind: 'text',
    path: '$.root_cause',
    prepare: () => ncFinding('open'),
    send: async (v, id) => ({
      res: await api(`/findings/${id}/response`, { method: 'POST', token: w.head, body: { decision: 'accept', root_cause: v, action: 'Hành động', owner_user_id: w.headId, due_date: future() } }),
      read: () => api(`/findings/${id}`, { token: w.head }),
    }),
  },
  {
    name: 'dispute reason',
    kind: 'text',
    path: '$.reason',
    prepare: () => ncFinding('open'),
    send: async (v, id) => ({ res: await api(`/findings/${id}/response`, { method: 'POST', token: w.head, body: { decision: 'dispute', reason: v } }), read: () => api(`/findings/${id}`, { token: w.head }) }),
  },
  {
    name: 'review comment',
    kind: 'text',
    path: '$.comment',
    prepare: () => ncFinding('disputed'),
    send: async (v, id) => ({ res: await api(`/findings/${id}/review`, { method: 'POST', token: w.lead.token, body: { decision: 'reject', comment: v } }), read: () => api(`/findings/${id}`, { token: w.lead.token }) }),
  },
  {
    name: 'action-done note',
    kind: 'text',
    path: '$.note',
    prepare: async () => {
      const id = await ncFinding('open');
      await api(`/findings/${id}/response`, { method: 'POST', token: w.head, body: { decision: 'accept', root_cause: 'Nguyên nhân', action: 'Hành động', owner_user_id: w.headId, due_date: future() } });
      return id;
    },
    send: async (v, id) => ({ res: await api(`/findings/${id}/action-done`, { method: 'POST', token: w.head, body: { note: v } }), read: () => api(`/findings/${id}`, { token: w.head }) }),
  },
];

/** Checks a refusal: 422 problem+json whose error at `path` names the character and the class; nothing written. */
async function expectRefused(field: Field, value: string, res: Response, before: Record<string, string>) {
  const label = `${field.name} ${JSON.stringify(value)}`;
  const text = await res.text();
  expect(res.status, `${label}: ${text.slice(0, 300)}`).toBe(422);
  expect(res.headers.get('content-type') ?? '', label).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as { errors?: { path: string; message: string }[] };
  const error = problem.errors?.find((e) => e.path === field.path);
  expect(error, `${label}: ${text.slice(0, 300)}`).toBeDefined();
  const offending = [...value.trim()].find((ch) => (field.kind === 'line' ? /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/ : /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/).test(ch))!;
  const code = `U+${offending.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  expect(error!.message, label).toContain(`contains ${code}`);
  expect(error!.message, label).toMatch(field.kind === 'line' ? /control characters \(U\+0000–U\+001F, U\+007F–U\+009F\) and line breaks are not allowed/ : /control characters \(U\+0000–U\+001F except tab, line feed and carriage return; U\+007F–U\+009F\) are not allowed/);
  const after = await fingerprint();
  expect(Object.keys(after).filter((k) => after[k] !== before[k]), label).toEqual([]);
}

describe('control characters in text fields', () => {
  for (const field of FIELDS) {
    it(`${field.name}: control characters are refused with a 422 naming them, never a 500`, async () => {
      const values = field.kind === 'line' ? [...REFUSED_EVERYWHERE, ...LINE_BREAKS] : REFUSED_EVERYWHERE;
      for (const value of values) {
        const prepared = field.prepare ? await field.prepare() : '';
        const before = await fingerprint();
        const { res } = await field.send(value, prepared);
        await expectRefused(field, value, res, before);
      }
    }, 60_000);
  }

  for (const field of FIELDS.filter((f) => f.kind === 'text')) {
    it(`${field.name}: multi-line text keeps tab, line feed, carriage return and the Unicode line separators`, async () => {
      for (const value of LINE_BREAKS) {
        const prepared = field.prepare ? await field.prepare() : '';
        const { res, read } = await field.send(value, prepared);
        expect(res.status, `${JSON.stringify(value)}: ${(await res.clone().text()).slice(0, 300)}`).toBeLessThan(300);
        expect(await (await read()).text()).toContain(JSON.stringify(value.trim()));
      }
    }, 60_000);
  }

  it('drops control characters from text captured on a page (title, quote, field values), keeping tab and line breaks', async () => {
    const findingId = (await makeFinding({ auditId: w.progressAudit, unitId: w.tree.communeA, itemId: w.items[2]!, result: 'conform', recordedBy: w.lead.id })).id;
    const body = {
      id: crypto.randomUUID(),
      purpose: 'finding',
      kind: 'page_capture',
      page_url: 'http://127.0.0.1:8788/ho-so/1',
      page_title: '\u0000Chi tiết\u001b hồ sơ\u0085',
      quote: 'Ngày trả\u0007 kết quả\n18/03/2025\u0000',
      fields: { ghi_chu: '\u0000Đã\u007f trả\tkết quả', steps: [{ buoc: 'Tiếp\u0001 nhận' }] },
      selectors: [{ type: 'TextQuoteSelector', exact: 'Ngày trả kết quả' }],
      captured_at: new Date().toISOString(),
    };
    const res = await api(`/findings/${findingId}/evidence`, { method: 'POST', token: w.lead.token, body });
    expect(res.status, await res.clone().text()).toBe(201);
    const finding = await (await api(`/findings/${findingId}`, { token: w.lead.token })).text();
    expect(finding).toContain(JSON.stringify('Chi tiết hồ sơ'));
    expect(finding).toContain(JSON.stringify('Ngày trả kết quả\n18/03/2025'));
    expect(finding).toContain(JSON.stringify('Đã trả\tkết quả'));
    expect(finding).toContain(JSON.stringify('Tiếp nhận'));
    expect(finding).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f]|7f|8[0-9a-f]|9[0-9a-f])/);

    // A field name is not captured text: a control character in it is refused.
    const refused = await api(`/findings/${findingId}/evidence`, { method: 'POST', token: w.lead.token, body: { ...body, id: crypto.randomUUID(), fields: { 'ghi\u0000chu': 'x' } } });
    expect(refused.status).toBe(422);
  });

  it('the cause of the old 500: SQLite length() stops at the first NUL, so a CHECK on length failed', async () => {
    const row = await env.DB.prepare('SELECT length(?) AS leading, length(?) AS middle').bind('\u0000Phường', 'Phường\u0000Sơn Tây').first<{ leading: number; middle: number }>();
    expect(row).toEqual({ leading: 0, middle: 6 });
  });

  it('a CHECK constraint that still fails is a 422 problem, not a 500', () => {
    const err = new Error('D1_ERROR: CHECK constraint failed: length(name) BETWEEN 1 AND 300: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_CHECK)');
    const problem = toApiError(err);
    expect(problem?.status).toBe(422);
    expect(problem?.code).toBe('value_not_storable');
    expect(toApiError(new Error('D1_ERROR: UNIQUE constraint failed: units.code'))).toBeUndefined();
  });
});
