// GET /targets and PUT /targets (issue 16): everyone reads, only admins write the whole set, validated per kind of
// indicator, written in one batch with its event; the OpenAPI document declares both.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, makeTree, signedIn } from '../fixtures/builders.ts';

interface Target { indicator: string; direction: string; value: number; updated_by: string | null; updated_at: string }
interface Problem { status: number; code: string; errors?: { path: string; message: string }[] }

let w: { admin: { id: string; token: string }; leader: string; inspector: string; head: string };

beforeAll(async () => {
  const tree = await makeTree();
  w = {
    admin: await signedIn('admin', tree.province),
    leader: (await signedIn('leader', tree.districtA)).token,
    inspector: (await signedIn('inspector', tree.province)).token,
    head: (await signedIn('unit_head', tree.communeA)).token,
  };
});

const read = async (token: string) => {
  const res = await api('/targets', { token });
  expect(res.status).toBe(200);
  return (await json<{ targets: Target[] }>(res)).targets;
};
const put = (token: string, body: unknown) => api('/targets', { method: 'PUT', token, body });
const stored = async () => (await env.DB.prepare('SELECT indicator, direction, value FROM indicator_targets ORDER BY indicator').all()).results;
const eventCount = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'targets.replaced'").first<{ n: number }>())?.n ?? 0;

describe('indicator targets', () => {
  it('has no target until an admin sets one (none is made up)', async () => {
    expect(await read(w.leader)).toEqual([]);
    expect((await api('/targets')).status).toBe(401);
  });

  it('lets an admin replace the set; every role reads it, in indicator order; the change is logged', async () => {
    const events = await eventCount();
    const res = await put(w.admin.token, {
      targets: [
        { indicator: 'nc_major', direction: 'at_most', value: 0 },
        { indicator: 'compliance_rate', direction: 'at_least', value: 0.9 },
        { indicator: 'mean_days_to_close', direction: 'at_most', value: 30.5 },
      ],
    });
    expect(res.status).toBe(200);
    const body = await json<{ targets: Target[] }>(res);
    expect(body.targets.map((t) => [t.indicator, t.direction, t.value])).toEqual([
      ['compliance_rate', 'at_least', 0.9],
      ['nc_major', 'at_most', 0],
      ['mean_days_to_close', 'at_most', 30.5],
    ]);
    expect(body.targets.every((t) => t.updated_by === w.admin.id)).toBe(true);
    for (const token of [w.leader, w.inspector, w.head]) expect(await read(token)).toEqual(body.targets);
    expect(await eventCount()).toBe(events + 1);
    const event = await env.DB.prepare("SELECT actor_id, entity, summary FROM events WHERE type = 'targets.replaced' ORDER BY at DESC, id DESC LIMIT 1").first<{ actor_id: string; entity: string; summary: string }>();
    expect(event?.actor_id).toBe(w.admin.id);
    expect(JSON.parse(event?.summary ?? '{}').after).toHaveLength(3);

    // Replacing drops what is left out and keeps the set whole.
    const again = await put(w.admin.token, { targets: [{ indicator: 'coverage', direction: 'at_least', value: 1 }] });
    expect(again.status).toBe(200);
    expect(await stored()).toEqual([{ indicator: 'coverage', direction: 'at_least', value: 1 }]);
    expect((await put(w.admin.token, { targets: [] })).status).toBe(200);
    expect(await read(w.leader)).toEqual([]);
  });

  it.each(['leader', 'inspector', 'head'] as const)('refuses a %s with 403 and stores nothing', async (who) => {
    const res = await put(w[who], { targets: [{ indicator: 'coverage', direction: 'at_least', value: 0.5 }] });
    expect(res.status).toBe(403);
    expect((await json<Problem>(res)).code).toBe('forbidden');
    expect(await stored()).toEqual([]);
  });

  it.each([
    ['a rate above 1', { indicator: 'compliance_rate', direction: 'at_least', value: 95 }, '$.targets[0].value'],
    ['a negative rate', { indicator: 'coverage', direction: 'at_least', value: -0.1 }, '$.targets[0].value'],
    ['a negative count', { indicator: 'nc_minor', direction: 'at_most', value: -1 }, '$.targets[0].value'],
    ['a fractional count', { indicator: 'overdue_actions', direction: 'at_most', value: 1.5 }, '$.targets[0].value'],
    ['too many days', { indicator: 'mean_days_to_close', direction: 'at_most', value: 5000 }, '$.targets[0].value'],
    ['an unknown direction', { indicator: 'nc_major', direction: 'exactly', value: 0 }, '$.targets[0].direction'],
    ['no direction', { indicator: 'nc_major', value: 0 }, '$.targets[0].direction'],
    ['an unknown indicator', { indicator: 'happiness', direction: 'at_least', value: 1 }, '$.targets[0].indicator'],
    ['a value that is not a number', { indicator: 'nc_major', direction: 'at_most', value: '0' }, '$.targets[0].value'],
  ])('refuses %s with 422 naming the field, and stores nothing', async (_name, target, path) => {
    const events = await eventCount();
    const res = await put(w.admin.token, { targets: [target] });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<Problem>(res);
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors?.map((e) => e.path)).toContain(path);
    expect(await stored()).toEqual([]);
    expect(await eventCount()).toBe(events);
  });

  it('refuses two targets for one indicator, and a set where one target is bad stores none of it', async () => {
    const twice = await put(w.admin.token, { targets: [{ indicator: 'nc_major', direction: 'at_most', value: 0 }, { indicator: 'nc_major', direction: 'at_most', value: 1 }] });
    expect(twice.status).toBe(422);
    expect((await json<Problem>(twice)).errors?.map((e) => e.path)).toEqual(['$.targets[1].indicator']);
    const mixed = await put(w.admin.token, { targets: [{ indicator: 'nc_major', direction: 'at_most', value: 0 }, { indicator: 'coverage', direction: 'at_least', value: 2 }] });
    expect(mixed.status).toBe(422);
    expect(await stored()).toEqual([]);
    expect((await put(w.admin.token, { targets: [] }).then((r) => r.status))).toBe(200);
  });

  it('keeps who set an unchanged target and when', async () => {
    const first = await json<{ targets: Target[] }>(await put(w.admin.token, { targets: [{ indicator: 'nc_minor', direction: 'at_most', value: 3 }] }));
    const second = await json<{ targets: Target[] }>(
      await put(w.admin.token, { targets: [{ indicator: 'nc_minor', direction: 'at_most', value: 3 }, { indicator: 'overdue_actions', direction: 'at_most', value: 0 }] }),
    );
    expect(second.targets.find((t) => t.indicator === 'nc_minor')?.updated_at).toBe(first.targets[0]?.updated_at);
    await put(w.admin.token, { targets: [] });
  });

  it('is declared in the OpenAPI document', async () => {
    const doc = await json<{ paths: Record<string, Record<string, { 'x-roles'?: string[]; requestBody?: unknown }>> }>(await api('/openapi.json'));
    expect(doc.paths['/api/v1/targets']?.get?.['x-roles']).toEqual(['any']);
    expect(doc.paths['/api/v1/targets']?.put?.['x-roles']).toEqual(['admin']);
    expect(doc.paths['/api/v1/targets']?.put?.requestBody).toBeTruthy();
  });
});
