// Rule sets of the automated checks (stored per checklist version, every version kept, checked against the items)
// and the working calendar's amendments and days.
import { CheckRuleSetSchema, GOVERNMENT_DECISIONS_2025_2026, ONE_STOP_118_RULES, type CheckRuleSet } from '@onestop/shared';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import checklistFile from '../../data/checklist-iso9001-one-stop-shop.json';
import { makeChecklist } from '../fixtures/audits.ts';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';
import { checklistOfVersion, smallRuleSet } from '../fixtures/checks.ts';

interface RuleSetRecord {
  id: string;
  checklist_version: number;
  rule_set: CheckRuleSet;
  active: boolean;
  history: { version: number }[];
}

let admin: string;
let inspector: string;
let unitHead: string;

beforeAll(async () => {
  const tree = await makeTree();
  admin = (await signedIn('admin', tree.province)).token;
  inspector = (await signedIn('inspector', tree.districtA)).token;
  unitHead = (await signedIn('unit_head', tree.communeA)).token;
});

async function freshChecklist() {
  const fixture = await makeChecklist();
  return { ...fixture, checklist: await checklistOfVersion(fixture.versionId) };
}

const put = (checklistId: string, body: unknown, token = admin) => api(`/checklists/${checklistId}/check-rules`, { method: 'PUT', token, body });
const errorPaths = async (res: Response) => (await json<{ errors?: { path: string }[] }>(res)).errors?.map((e) => e.path) ?? [];

describe('rule sets: PUT and GET /checklists/{id}/check-rules', () => {
  it('stores a rule set, serves it to every role, and keeps every version when a new one is stored', async () => {
    const { checklistId, checklist } = await freshChecklist();
    expect((await api(`/checklists/${checklistId}/check-rules`, { token: inspector })).status).toBe(404);

    const v1 = smallRuleSet(checklist);
    const first = await put(checklistId, { rule_set: v1, base_version: null });
    expect(first.status, await first.clone().text()).toBe(200);
    const stored = await json<RuleSetRecord>(first);
    expect(stored).toMatchObject({ checklist_version: 1, active: true, history: [{ version: 1 }] });
    expect(stored.rule_set).toEqual(v1);

    for (const token of [inspector, unitHead]) {
      const read = await json<RuleSetRecord>(await api(`/checklists/${checklistId}/check-rules`, { token }));
      expect(read.rule_set.rules.map((r) => r.id)).toEqual(['returned-late', 'open-past-due']);
    }

    // The same document again (a retried request) changes nothing.
    const again = await put(checklistId, { rule_set: v1 });
    expect(again.status).toBe(200);
    expect((await json<RuleSetRecord>(again)).history).toHaveLength(1);

    // A changed document needs a higher version.
    const changed = { ...v1, title: { vi: 'Bộ quy tắc đã sửa', en: 'Changed rules' } };
    const refused = await put(checklistId, { rule_set: changed });
    expect(refused.status).toBe(409);
    expect(await errorPaths(refused.clone())).toEqual(['$.rule_set.version']);
    expect((await json<{ code: string }>(refused)).code).toBe('rule_set_version_not_bumped');

    // A stale base version is a conflict.
    const stale = await put(checklistId, { rule_set: { ...changed, version: 2 }, base_version: null });
    expect(stale.status).toBe(409);
    expect((await json<{ code: string }>(stale)).code).toBe('version_conflict');

    const second = await put(checklistId, { rule_set: { ...changed, version: 2 }, base_version: 1 });
    expect(second.status).toBe(200);
    expect(await json<RuleSetRecord>(second)).toMatchObject({ active: true, history: [{ version: 2 }, { version: 1 }], rule_set: { version: 2 } });

    const inForce = await json<RuleSetRecord>(await api(`/checklists/${checklistId}/check-rules`, { token: inspector }));
    expect(inForce.rule_set.title.en).toBe('Changed rules');
    const old = await json<RuleSetRecord>(await api(`/checklists/${checklistId}/check-rules?rule_set_version=1`, { token: inspector }));
    expect(old).toMatchObject({ active: false, rule_set: { version: 1, title: { en: 'Test rules' } } });
    expect((await api(`/checklists/${checklistId}/check-rules?rule_set_version=9`, { token: inspector })).status).toBe(404);

    const events = await env.DB.prepare("SELECT summary FROM events WHERE entity = 'checklist' AND entity_id = ? AND type = 'check_rules.stored' ORDER BY at").bind(checklistId).all<{ summary: string }>();
    expect(events.results.map((e) => JSON.parse(e.summary))).toMatchObject([{ version: 1, replaced_version: null }, { version: 2, replaced_version: 1 }]);
    // Stored versions never change, not even by SQL.
    await expect(env.DB.prepare('UPDATE check_rule_sets SET version = 7 WHERE checklist_id = ?').bind(checklistId).run()).rejects.toThrow(/never change/);
    await expect(env.DB.prepare('DELETE FROM check_rule_sets WHERE checklist_id = ?').bind(checklistId).run()).rejects.toThrow(/never change/);
  });

  it('refuses item codes, a checklist code or a version the checklist does not have, with paths, and stores nothing', async () => {
    const { checklistId, checklist } = await freshChecklist();
    const set = smallRuleSet(checklist);
    const unknownItem = { ...set, rules: [{ ...set.rules[0]!, item_code: 'MC-99.9-99' }, set.rules[1]!] };
    const res = await put(checklistId, { rule_set: unknownItem });
    expect(res.status).toBe(422);
    const body = await json<{ code: string; errors: { path: string; message: string }[] }>(res);
    expect(body.code).toBe('rule_set_not_in_checklist');
    expect(body.errors).toEqual([{ path: '$.rule_set.rules[0].item_code', message: expect.stringContaining('MC-99.9-99') }]);

    expect(await errorPaths(await put(checklistId, { rule_set: { ...set, checklist_code: 'OTHER' } }))).toEqual(['$.rule_set.checklist_code']);
    expect(await errorPaths(await put(checklistId, { rule_set: { ...set, checklist_version: 5 } }))).toEqual(['$.rule_set.checklist_version']);
    // The rule schema's own refusals carry their paths too.
    const noNeeds = { ...set, rules: [{ ...set.rules[0]!, needs: ['returned_at'] }] };
    const invalid = await put(checklistId, { rule_set: noNeeds });
    expect(invalid.status).toBe(422);
    expect(await errorPaths(invalid)).toContain('$.rule_set.rules[0].needs');
    expect((await api(`/checklists/${checklistId}/check-rules`, { token: admin })).status).toBe(404);
  });

  it('is written by administrators only', async () => {
    const { checklistId, checklist } = await freshChecklist();
    expect((await put(checklistId, { rule_set: smallRuleSet(checklist) }, inspector)).status).toBe(403);
    expect((await put(crypto.randomUUID(), { rule_set: smallRuleSet(checklist) })).status).toBe(404);
  });

  it('stores the shipped Decree 118/2025 rule set against the real checklist', async () => {
    const code = `ISO-${crypto.randomUUID().slice(0, 6)}`;
    const imported = await json<{ id: string; versions: { id: string }[] }>(await api('/checklists', { method: 'POST', token: admin, body: { ...structuredClone(checklistFile), code } }));
    expect((await api(`/checklist-versions/${imported.versions[0]!.id}/publish`, { method: 'POST', token: admin })).status).toBe(200);
    const shipped = { ...ONE_STOP_118_RULES, checklist_code: code };
    const res = await put(imported.id, { rule_set: shipped });
    expect(res.status, await res.clone().text()).toBe(200);
    const record = await json<RuleSetRecord>(res);
    expect(record.rule_set).toEqual(CheckRuleSetSchema.parse(shipped));
    expect(record.rule_set.rules.map((r) => r.item_code)).toContain('MC-8.5.1-09');
  });
});

describe('the working calendar', () => {
  type Amendments = { year: number; version: number; amendments: { date: string; kind: string }[] };
  type Days = { working_days: number; days: { date: string; kind: string; working: boolean; name?: { vi: string; en: string } }[] };

  it('keeps a year\'s amendments, replaced as a whole with optimistic versions', async () => {
    const empty = await json<Amendments>(await api('/calendar/amendments?year=2027', { token: unitHead }));
    expect(empty).toMatchObject({ year: 2027, version: 0, amendments: [] });
    const list = [{ date: '2027-05-03', kind: 'day_off', name_vi: 'Nghỉ hoán đổi (làm bù thứ Bảy 08/5/2027)', name_en: 'Day off by swap', basis: 'Thông báo thử nghiệm' }];
    const res = await api('/calendar/amendments/2027', { method: 'PUT', token: admin, body: { amendments: list, version: 0 } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await json<Amendments>(res)).toMatchObject({ version: 1, amendments: [{ date: '2027-05-03', kind: 'day_off' }] });
    expect((await api('/calendar/amendments/2027', { method: 'PUT', token: admin, body: { amendments: [], version: 0 } })).status).toBe(409);
    expect(await json<Amendments>(await api('/calendar/amendments/2027', { method: 'PUT', token: admin, body: { amendments: [], version: 1 } }))).toMatchObject({ version: 2, amendments: [] });
    const event = await env.DB.prepare("SELECT summary FROM events WHERE entity = 'calendar' AND entity_id = '2027' ORDER BY at DESC LIMIT 1").first<{ summary: string }>();
    expect(JSON.parse(event!.summary)).toMatchObject({ year: 2027, from_version: 1, amendments: 0 });
  });

  it('refuses dates of another year, weekend days off and non-administrators', async () => {
    const [first] = GOVERNMENT_DECISIONS_2025_2026;
    const outside = await api('/calendar/amendments/2028', { method: 'PUT', token: admin, body: { amendments: [first] } });
    expect(outside.status).toBe(422);
    expect(await errorPaths(outside)).toEqual(['$.amendments[0].date']);
    const weekend = await api('/calendar/amendments/2026', { method: 'PUT', token: admin, body: { amendments: [{ ...first, date: '2026-01-03', kind: 'day_off' }] } });
    expect(await errorPaths(weekend)).toEqual(['$.amendments[0].kind']);
    expect((await api('/calendar/amendments/2026', { method: 'PUT', token: inspector, body: { amendments: [] } })).status).toBe(403);
    expect((await api('/calendar/amendments/1999', { method: 'PUT', token: admin, body: { amendments: [] } })).status).toBe(400);
  });

  it('answers each day\'s kind with the stored amendments: Quốc khánh 2025 moves to 1/9 once the decision is stored', async () => {
    const around = async () => (await json<Days>(await api('/calendar/days?from=2025-08-29&to=2025-09-05', { token: inspector }))).days;
    const before = await around();
    expect(before.find((d) => d.date === '2025-09-01')).toMatchObject({ kind: 'working', working: true });
    expect(before.find((d) => d.date === '2025-09-03')).toMatchObject({ kind: 'holiday', working: false });

    const y2025 = GOVERNMENT_DECISIONS_2025_2026.filter((a) => a.date.startsWith('2025-'));
    expect((await api('/calendar/amendments/2025', { method: 'PUT', token: admin, body: { amendments: y2025 } })).status).toBe(200);
    const after = await around();
    expect(after.map((d) => [d.date, d.kind])).toEqual([
      ['2025-08-29', 'working'],
      ['2025-08-30', 'weekend'],
      ['2025-08-31', 'weekend'],
      ['2025-09-01', 'holiday'],
      ['2025-09-02', 'holiday'],
      ['2025-09-03', 'working'],
      ['2025-09-04', 'working'],
      ['2025-09-05', 'working'],
    ]);
    expect(after.find((d) => d.date === '2025-09-01')!.name?.vi).toContain('Quốc khánh');

    const spring = await json<Days>(await api('/calendar/days?from=2025-04-26&to=2025-05-02', { token: unitHead }));
    expect(spring.days.map((d) => d.kind)).toEqual(['make_up_working_day', 'weekend', 'working', 'working', 'holiday', 'holiday', 'day_off']);
    expect(spring.working_days).toBe(3);
  });

  it('bounds the range to 400 days and refuses reversed or impossible dates', async () => {
    expect((await api('/calendar/days?from=2026-01-01&to=2027-02-04', { token: inspector })).status).toBe(200);
    const long = await api('/calendar/days?from=2026-01-01&to=2027-02-05', { token: inspector });
    expect(long.status).toBe(400);
    expect((await json<{ code: string }>(long)).code).toBe('range_too_long');
    expect((await api('/calendar/days?from=2026-02-01&to=2026-01-01', { token: inspector })).status).toBe(400);
    expect((await api('/calendar/days?from=2026-02-30&to=2026-03-01', { token: inspector })).status).toBe(400);
    expect((await api('/calendar/days?from=2026-01-01', { token: inspector })).status).toBe(400);
  });
});
