// Permission rules for the system, auth, unit and user routes.
import { env } from 'cloudflare:workers';
import { insertSession } from '../../../worker/src/db/sessions.ts';
import { randomToken, sha256Hex, uuidv7 } from '../../../worker/src/lib/ids.ts';
import { makeUnit, makeUser, TEST_PASSWORD } from '../../fixtures/builders.ts';
import { everyone, type Rule, unitFor } from './types.ts';

export const accountRules: Record<string, Rule> = {
  'GET /api/v1/health': { public: true, allowed: everyone, ok: 200, call: () => ({ path: '/health' }) },
  'POST /api/v1/auth/login': {
    public: true,
    allowed: everyone,
    ok: 401,
    call: () => ({ path: '/auth/login', method: 'POST', body: { email: 'nobody@test.onestop.vn', password: 'x' } }),
  },
  'POST /api/v1/auth/logout': { allowed: everyone, ok: 204, call: () => ({ path: '/auth/logout', method: 'POST' }) },
  'GET /api/v1/auth/me': { allowed: everyone, ok: 200, call: () => ({ path: '/auth/me' }) },
  'POST /api/v1/auth/password': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/auth/password', method: 'POST', body: { current_password: TEST_PASSWORD, new_password: `Mật khẩu riêng ${crypto.randomUUID().slice(0, 8)}` } }),
  },
  'GET /api/v1/auth/sessions': { allowed: everyone, ok: 200, call: () => ({ path: '/auth/sessions' }) },
  'DELETE /api/v1/auth/sessions': { allowed: everyone, ok: 204, call: () => ({ path: '/auth/sessions?keep_current=true', method: 'DELETE' }) },
  'DELETE /api/v1/auth/sessions/{id}': {
    allowed: everyone,
    ok: 204,
    // Inside: another session of the caller; outside: a session of someone else (not found).
    scoped: true,
    call: async (w, where, role) => {
      const id = uuidv7();
      const owner = where === 'inside' ? w.users[role].id : w.outsideUserId;
      const now = new Date().toISOString();
      await insertSession(env.DB, { id, tokenHash: await sha256Hex(randomToken()), userId: owner, via: 'bearer', now, expiresAt: new Date(Date.now() + 3600_000).toISOString() }).run();
      return { path: `/auth/sessions/${id}`, method: 'DELETE' };
    },
  },
  'GET /api/v1/units': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/units' }),
    listExcludes: (w) => [w.tree.communeB, w.tree.districtB],
  },
  'GET /api/v1/units/{id}': { allowed: everyone, ok: 200, scoped: true, call: (w, where) => ({ path: `/units/${unitFor(w, where)}` }) },
  'POST /api/v1/units': {
    allowed: ['admin'],
    ok: 201,
    call: (w) => ({ path: '/units', method: 'POST', body: { parent_id: w.tree.districtA, code: `X${crypto.randomUUID().slice(0, 8)}`, name: 'Xã mới', level: 'commune' } }),
  },
  'PATCH /api/v1/units/{id}': {
    allowed: ['admin'],
    ok: 200,
    call: async (w) => ({ path: `/units/${await makeUnit({ parentId: w.tree.districtA, level: 'commune' })}`, method: 'PATCH', body: { version: 1, name: 'Tên mới' } }),
  },
  'GET /api/v1/users': {
    allowed: everyone,
    ok: 200,
    call: () => ({ path: '/users' }),
    listExcludes: (w) => [w.outsideUserId],
  },
  'GET /api/v1/users/{id}': {
    allowed: everyone,
    ok: 200,
    scoped: true,
    call: (w, where) => ({ path: `/users/${where === 'inside' ? w.insideUserId : w.outsideUserId}` }),
  },
  'POST /api/v1/users': {
    allowed: ['admin'],
    ok: 201,
    call: (w) => ({
      path: '/users',
      method: 'POST',
      body: { email: `${crypto.randomUUID()}@test.onestop.vn`, display_name: 'Cán bộ mới', role: 'inspector', unit_id: w.tree.communeA, password: 'mat-khau-du-dai' },
    }),
  },
  'PATCH /api/v1/users/{id}': {
    allowed: ['admin'],
    ok: 200,
    call: async (w) => ({ path: `/users/${(await makeUser('inspector', w.tree.communeA)).id}`, method: 'PATCH', body: { version: 1, display_name: 'Tên mới' } }),
  },
};

