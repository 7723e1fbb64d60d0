// Admin APIs: the unit tree (closure kept right on moves, cycles refused) and user management, each in the event log.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, json, makeTree, makeUser, signedIn, TEST_PASSWORD } from '../fixtures/builders.ts';

async function closureOf(unitId: string) {
  const { results } = await env.DB.prepare('SELECT ancestor_id, depth FROM unit_closure WHERE descendant_id = ? ORDER BY depth').bind(unitId).all<{ ancestor_id: string; depth: number }>();
  return results;
}

async function eventsFor(entityId: string) {
  const { results } = await env.DB.prepare('SELECT type, actor_id FROM events WHERE entity_id = ? ORDER BY at').bind(entityId).all<{ type: string; actor_id: string }>();
  return results;
}

describe('units', () => {
  it('creates a unit under a parent with its closure rows and an event', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const res = await api('/units', { method: 'POST', token: admin.token, body: { parent_id: tree.communeA, code: 'MC-A1', name: 'Bộ phận Một cửa xã A1', level: 'office' } });
    expect(res.status).toBe(201);
    const unit = await json<{ id: string; version: number }>(res);
    expect((await closureOf(unit.id)).map((r) => [r.ancestor_id, r.depth])).toEqual([
      [unit.id, 0],
      [tree.communeA, 1],
      [tree.districtA, 2],
      [tree.province, 3],
    ]);
    expect(await eventsFor(unit.id)).toEqual([{ type: 'unit.created', actor_id: admin.id }]);
  });

  it('moves a subtree and rewrites the closure table', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const res = await api(`/units/${tree.districtA}`, { method: 'PATCH', token: admin.token, body: { version: 1, parent_id: tree.districtB } });
    expect(res.status).toBe(200);
    expect((await closureOf(tree.communeA)).map((r) => [r.ancestor_id, r.depth])).toEqual([
      [tree.communeA, 0],
      [tree.districtA, 1],
      [tree.districtB, 2],
      [tree.province, 3],
    ]);
    expect((await eventsFor(tree.districtA)).map((e) => e.type)).toEqual(['unit.moved']);
  });

  it('refuses to move a unit under its own descendant and changes nothing', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const before = await closureOf(tree.communeA);
    const res = await api(`/units/${tree.districtA}`, { method: 'PATCH', token: admin.token, body: { version: 1, parent_id: tree.communeA } });
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe('unit_cycle');
    expect(await closureOf(tree.communeA)).toEqual(before);
  });

  it('refuses a stale version', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    expect((await api(`/units/${tree.communeA}`, { method: 'PATCH', token: admin.token, body: { version: 1, name: 'Xã A1 mới' } })).status).toBe(200);
    const stale = await api(`/units/${tree.communeA}`, { method: 'PATCH', token: admin.token, body: { version: 1, name: 'Tên khác' } });
    expect(stale.status).toBe(409);
    expect((await json(stale)).code).toBe('version_conflict');
  });

  it('deactivates a leaf but not a unit with active children', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const parent = await api(`/units/${tree.districtA}`, { method: 'PATCH', token: admin.token, body: { version: 1, active: false } });
    expect(parent.status).toBe(409);
    expect((await json(parent)).code).toBe('unit_has_active_children');
    const leaf = await api(`/units/${tree.communeA}`, { method: 'PATCH', token: admin.token, body: { version: 1, active: false } });
    expect(leaf.status).toBe(200);
    expect((await json<{ active: boolean }>(leaf)).active).toBe(false);
    const list = await json<{ items: { id: string }[] }>(await api('/units', { token: admin.token }));
    expect(list.items.map((u) => u.id)).not.toContain(tree.communeA);
  });

  it('refuses a duplicate current code with 409', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const body = { parent_id: tree.communeA, code: `DUP-${crypto.randomUUID().slice(0, 6)}`, name: 'Một cửa', level: 'office' };
    expect((await api('/units', { method: 'POST', token: admin.token, body })).status).toBe(201);
    const dup = await api('/units', { method: 'POST', token: admin.token, body });
    expect(dup.status).toBe(409);
    expect((await json(dup)).code).toBe('unit_code_taken');
  });

  it('lists only the caller\'s subtree, parents first', async () => {
    const tree = await makeTree();
    const leader = await signedIn('leader', tree.districtA);
    const list = await json<{ items: { id: string; depth: number }[] }>(await api('/units', { token: leader.token }));
    expect(list.items.map((u) => u.id)).toEqual([tree.districtA, tree.communeA]);
    expect(list.items.map((u) => u.depth)).toEqual([0, 1]);
  });
});

describe('users', () => {
  it('creates a user who can then sign in', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const res = await api('/users', { method: 'POST', token: admin.token, body: { email: 'Can.Bo@Test.Onestop.vn', display_name: 'Nguyễn Văn Bình', role: 'inspector', unit_id: tree.districtA, password: 'mot-mat-khau-dai' } });
    expect(res.status).toBe(201);
    const user = await json<{ id: string; email: string }>(res);
    expect(user.email).toBe('can.bo@test.onestop.vn');
    expect(JSON.stringify(user)).not.toContain('pbkdf2');
    const login = await api('/auth/login', { method: 'POST', body: { email: 'can.bo@test.onestop.vn', password: 'mot-mat-khau-dai', session: 'bearer' } });
    expect(login.status).toBe(200);
    expect((await eventsFor(user.id)).map((e) => e.type)).toEqual(['user.created', 'user.signed_in']);
  });

  it('refuses a duplicate e-mail and a short password', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const existing = await makeUser('inspector', tree.districtA);
    const dup = await api('/users', { method: 'POST', token: admin.token, body: { email: existing.email, display_name: 'X', role: 'inspector', unit_id: tree.districtA, password: 'mot-mat-khau-dai' } });
    expect(dup.status).toBe(409);
    const short = await api('/users', { method: 'POST', token: admin.token, body: { email: 'ngan@test.onestop.vn', display_name: 'X', role: 'inspector', unit_id: tree.districtA, password: 'ngan' } });
    expect(short.status).toBe(422);
    expect((await json<{ errors: { path: string }[] }>(short)).errors[0]?.path).toBe('$.password');
  });

  it('disabling a user ends their sessions; a password reset changes what signs in', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const user = await signedIn('inspector', tree.districtA);
    const reset = await api(`/users/${user.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, password: 'mat-khau-quan-tri-dat-lai-2026' } });
    expect(reset.status).toBe(200);
    expect((await api('/auth/me', { token: user.token })).status).toBe(401);
    const old = await api('/auth/login', { method: 'POST', body: { email: user.email, password: TEST_PASSWORD } });
    expect(old.status).toBe(401);
    const fresh = await api('/auth/login', { method: 'POST', body: { email: user.email, password: 'mat-khau-quan-tri-dat-lai-2026', session: 'bearer' } });
    expect(fresh.status).toBe(200);
    const token = (await json<{ token: string }>(fresh)).token;
    const disable = await api(`/users/${user.id}`, { method: 'PATCH', token: admin.token, body: { version: 2, disabled: true } });
    expect(disable.status).toBe(200);
    expect((await api('/auth/me', { token })).status).toBe(401);
    const types = (await eventsFor(user.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.password_reset', 'user.disabled']));
  });

  it('an admin cannot disable themselves', async () => {
    const tree = await makeTree();
    const admin = await signedIn('admin', tree.province);
    const res = await api(`/users/${admin.id}`, { method: 'PATCH', token: admin.token, body: { version: 1, disabled: true } });
    expect(res.status).toBe(409);
  });
});
