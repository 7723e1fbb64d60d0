// Users: everyone reads the accounts in their subtree; admins create, change role or unit, disable and reset passwords.
// A password an administrator sets (at creation or by a reset) must be changed by the user at the next sign-in.
import { z } from '@hono/zod-openapi';
import { RoleSchema } from '@onestop/shared';
import { insertEvent } from '../db/events.ts';
import { revokeUserSessions } from '../db/sessions.ts';
import { getUnit } from '../db/units.ts';
import { getUser, insertUser, listUsers, updateUser } from '../db/users.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { hashPassword } from '../lib/password.ts';
import { assertStrongPassword } from '../lib/password-policy.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';
import { IdParamSchema, UserCreateSchema, UserListSchema, UserPatchSchema, UserSchema } from '../schemas.ts';


const list = defineRoute({
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: 'Accounts in the caller\'s unit subtree',
  request: {
    query: z.object({
      role: RoleSchema.optional(),
      unit: z.uuid().optional().describe('Only users of this unit and its subtree'),
      q: z.string().trim().max(100).optional().describe('Search in e-mail and name'),
      include_disabled: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: { 200: { description: 'Users', content: jsonContent(UserListSchema) }, ...problemResponses(400) },
});

const get = defineRoute({
  method: 'get',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'One account',
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The user', content: jsonContent(UserSchema) }, ...problemResponses(400, 404) },
});

const create = defineRoute({
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create an account',
  description:
    'The password follows the rules of `POST /auth/password` (12–128 characters, not common or breached, not built from the e-mail or name; 422 `weak_password`). The account starts with `must_change_password: true`: at the first sign-in the user replaces the password the administrator knows.',
  roles: ['admin'],
  request: { body: { required: true, content: jsonContent(UserCreateSchema) } },
  responses: { 201: { description: 'Created', content: jsonContent(UserSchema) }, ...problemResponses(404, 409, 415, 422) },
});

const patch = defineRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['users'],
  summary: 'Change role or unit, disable, or reset the password',
  description:
    'Disabling, a role or unit change and a password reset sign the user out everywhere. A reset password follows the password rules (422 `weak_password`) and sets `must_change_password`: the user replaces it at the next sign-in.',
  roles: ['admin'],
  request: { params: IdParamSchema, body: { required: true, content: jsonContent(UserPatchSchema) } },
  responses: { 200: { description: 'Updated', content: jsonContent(UserSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

export const userRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const page = await listUsers(c.env.DB, scopeOf(callerOf(c)), {
      role: q.role,
      unitId: q.unit,
      q: q.q,
      includeDisabled: q.include_disabled === 'true',
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(page, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const user = await getUser(c.env.DB, scopeOf(callerOf(c)), id);
    if (!user) throw notFound('User');
    return c.json(user, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    if (!(await getUnit(c.env.DB, scope, body.unit_id))) throw notFound('Unit');
    assertStrongPassword(body.password, { email: body.email, displayName: body.display_name }, '$.password');
    const now = nowIso();
    const { id, statement } = insertUser(c.env.DB, {
      email: body.email,
      displayName: body.display_name,
      passwordHash: await hashPassword(body.password),
      role: body.role,
      unitId: body.unit_id,
      now,
      mustChangePassword: true,
    });
    try {
      await c.env.DB.batch([
        statement,
        insertEvent(c.env.DB, { actorId: caller.userId, entity: 'user', entityId: id, type: 'user.created', summary: { email: body.email.toLowerCase(), role: body.role, unit_id: body.unit_id }, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'email_taken', 'An account with this e-mail already exists');
      throw err;
    }
    const user = await getUser(c.env.DB, scope, id);
    if (!user) throw notFound('User');
    return c.json(user, 201);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const before = await getUser(db, scope, id);
    if (!before) throw notFound('User');
    if (before.version !== body.version) {
      throw new ApiError(409, 'version_conflict', `The account changed since version ${body.version}; it is now at version ${before.version}`);
    }
    if (body.unit_id && !(await getUnit(db, scope, body.unit_id))) throw notFound('Unit');
    if (body.password !== undefined) {
      assertStrongPassword(body.password, { email: before.email, displayName: body.display_name ?? before.display_name }, '$.password');
    }
    if (id === caller.userId && (body.disabled === true || (body.role && body.role !== 'admin'))) {
      throw new ApiError(409, 'cannot_demote_self', 'An administrator cannot disable or demote their own account');
    }
    const now = nowIso();
    const signOut =
      body.disabled === true || body.password !== undefined || (body.role !== undefined && body.role !== before.role) || (body.unit_id !== undefined && body.unit_id !== before.unit_id);
    const statements = [
      updateUser(
        db,
        id,
        body.version,
        {
          displayName: body.display_name,
          role: body.role,
          unitId: body.unit_id,
          disabled: body.disabled,
          passwordHash: body.password ? await hashPassword(body.password) : undefined,
        },
        now,
      ),
      expectOneChange(db),
    ];
    if (signOut) statements.push(revokeUserSessions(db, id, now));
    const changes: Record<string, unknown> = { ...body };
    if ('password' in changes) changes.password = '(reset)';
    const type = body.password ? 'user.password_reset' : body.disabled === true ? 'user.disabled' : body.disabled === false ? 'user.enabled' : body.role && body.role !== before.role ? 'user.role_changed' : 'user.updated';
    statements.push(insertEvent(db, { actorId: caller.userId, entity: 'user', entityId: id, type, summary: { before: { role: before.role, unit_id: before.unit_id, disabled: before.disabled }, changes }, at: now }));
    await db.batch(statements).catch((err: unknown) => {
      if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The account changed meanwhile; reload it');
      throw err;
    });
    const user = await getUser(db, scope, id);
    if (!user) throw notFound('User');
    return c.json(user, 200);
  });
