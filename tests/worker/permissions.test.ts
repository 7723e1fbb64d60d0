// The permissions matrix: every route of the OpenAPI document × every role × inside/outside the caller's subtree.
// A route without a rule here fails the suite, so no route can ship without a decision on who may call it.
import { ROLES, type Role } from '@onestop/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, json, makeTree, makeUser, sessionFor, signedIn } from '../fixtures/builders.ts';
import { RULES, SETUPS } from './permission-rules/index.ts';
import type { Call, World } from './permission-rules/types.ts';

async function buildWorld(): Promise<World> {
  const tree = await makeTree();
  const tokens = {} as Record<Role, string>;
  const users = {} as Record<Role, { id: string }>;
  for (const role of ROLES) {
    // Admins sit at the top; everyone else in district A, so commune B is outside their subtree.
    const user = await signedIn(role, role === 'admin' ? tree.province : tree.districtA);
    tokens[role] = user.token;
    users[role] = user;
  }
  const insideUserId = (await makeUser('inspector', tree.communeA)).id;
  const outsideUserId = (await makeUser('inspector', tree.communeB)).id;
  const world: World = { tree, tokens, users, insideUserId, outsideUserId, extra: {} };
  for (const setup of SETUPS) await setup(world);
  return world;
}

async function send(call: Call, token?: string) {
  return api(call.path, { method: call.method ?? 'GET', body: call.body, ...(call.headers ? { headers: call.headers } : {}), ...(token ? { token } : {}) });
}

describe('permissions matrix', () => {
  let world: World;
  let documented: string[];

  beforeAll(async () => {
    world = await buildWorld();
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(await api('/openapi.json'));
    documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  });

  it('has a rule for every route of the OpenAPI document, and no rule for a route that does not exist', () => {
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.filter((r) => !(r in RULES))).toEqual([]);
    expect(Object.keys(RULES).filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('refuses anonymous calls to every route but the public ones', async () => {
    for (const [route, rule] of Object.entries(RULES)) {
      const res = await send(await rule.call(world, 'inside', 'admin'));
      if (rule.public) expect(res.status, route).toBe(typeof rule.ok === 'number' ? rule.ok : rule.ok('admin'));
      else expect(res.status, route).toBe(401);
      expect(res.headers.get('content-type') ?? '', route).toMatch(rule.public ? /json/ : /problem\+json/);
    }
  });

  for (const role of ROLES) {
    it(`${role}: allowed routes succeed inside the subtree, forbidden ones answer 403, outside records 404`, async () => {
      for (const [route, rule] of Object.entries(RULES)) {
        if (rule.public) continue;
        const inside = await send(await rule.call(world, 'inside', role), world.tokens[role]);
        const allowed = rule.allowed.includes(role);
        const ok = typeof rule.ok === 'number' ? rule.ok : rule.ok(role);
        expect(inside.status, `${role} ${route} inside`).toBe(allowed ? ok : 403);
        if (allowed && rule.listExcludes && role !== 'admin') {
          const text = await inside.text();
          for (const id of rule.listExcludes(world)) expect(text, `${role} ${route} lists ${id}`).not.toContain(id);
        }
        if (rule.scoped && allowed && role !== 'admin') {
          const outside = await send(await rule.call(world, 'outside', role), world.tokens[role]);
          expect(outside.status, `${role} ${route} outside`).toBe(404);
        }
        if (route === 'POST /api/v1/auth/logout' && allowed) {
          // logging out revoked the token: sign the role in again for the next routes
          world.tokens[role] = await sessionFor(world.users[role].id);
        }
      }
    });
  }
});
