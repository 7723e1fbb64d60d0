// Units: everyone reads their subtree; admins create, rename, move (closure kept right) and deactivate.
import { z } from '@hono/zod-openapi';
import { insertEvent } from '../db/events.ts';
import { countActiveChildren, getUnit, insertUnit, isInSubtree, listUnits, moveUnit, updateUnitFields } from '../db/units.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';
import { IdParamSchema, UnitCreateSchema, UnitListSchema, UnitPatchSchema, UnitSchema } from '../schemas.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';


const list = defineRoute({
  method: 'get',
  path: '/units',
  tags: ['units'],
  summary: 'Units the caller may see, parents before children',
  request: {
    query: z.object({
      include_inactive: z.enum(['true', 'false']).optional(),
      root: z.uuid().optional().describe('Only this unit and its subtree'),
    }),
  },
  responses: { 200: { description: 'Units', content: jsonContent(UnitListSchema) }, ...problemResponses(400) },
});

const get = defineRoute({
  method: 'get',
  path: '/units/{id}',
  tags: ['units'],
  summary: 'One unit',
  request: { params: IdParamSchema },
  responses: { 200: { description: 'The unit', content: jsonContent(UnitSchema) }, ...problemResponses(400, 404) },
});

const create = defineRoute({
  method: 'post',
  path: '/units',
  tags: ['units'],
  summary: 'Create a unit',
  roles: ['admin'],
  request: { body: { required: true, content: jsonContent(UnitCreateSchema) } },
  responses: { 201: { description: 'Created', content: jsonContent(UnitSchema) }, ...problemResponses(404, 409, 415, 422) },
});

const patch = defineRoute({
  method: 'patch',
  path: '/units/{id}',
  tags: ['units'],
  summary: 'Rename, move or deactivate a unit',
  roles: ['admin'],
  request: { params: IdParamSchema, body: { required: true, content: jsonContent(UnitPatchSchema) } },
  responses: { 200: { description: 'Updated', content: jsonContent(UnitSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

export const unitRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const caller = callerOf(c);
    const rows = await listUnits(c.env.DB, scopeOf(caller), { includeInactive: q.include_inactive === 'true', root: q.root });
    const depthOf = new Map<string, number>();
    const items = rows.map((u) => {
      const depth = u.parent_id && depthOf.has(u.parent_id) ? (depthOf.get(u.parent_id) ?? 0) + 1 : 0;
      depthOf.set(u.id, depth);
      return { ...u, depth };
    });
    return c.json({ items }, 200);
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const unit = await getUnit(c.env.DB, scopeOf(callerOf(c)), id);
    if (!unit) throw notFound('Unit');
    return c.json(unit, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    if (body.parent_id && !(await getUnit(c.env.DB, scope, body.parent_id))) throw notFound('Parent unit');
    const now = nowIso();
    const { id, statements } = insertUnit(c.env.DB, {
      parentId: body.parent_id,
      code: body.code,
      name: body.name,
      level: body.level,
      gsoCode: body.gso_code,
      validFrom: body.valid_from,
      now,
    });
    try {
      await c.env.DB.batch([
        ...statements,
        insertEvent(c.env.DB, { actorId: caller.userId, entity: 'unit', entityId: id, type: 'unit.created', summary: { code: body.code, name: body.name, parent_id: body.parent_id }, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'unit_code_taken', `A current unit already has the code ${body.code}`);
      throw err;
    }
    const unit = await getUnit(c.env.DB, scope, id);
    if (!unit) throw notFound('Unit');
    return c.json(unit, 201);
  })
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const scope = scopeOf(caller);
    const db = c.env.DB;
    const before = await getUnit(db, scope, id);
    if (!before) throw notFound('Unit');
    if (before.version !== body.version) {
      throw new ApiError(409, 'version_conflict', `The unit changed since version ${body.version}; it is now at version ${before.version}`);
    }
    if (body.parent_id !== undefined && body.parent_id !== before.parent_id) {
      if (!(await getUnit(db, scope, body.parent_id))) throw notFound('New parent unit');
      if (await isInSubtree(db, id, body.parent_id)) {
        throw new ApiError(409, 'unit_cycle', 'A unit cannot move under itself or one of its own sub-units');
      }
    }
    if (body.active === false && (await countActiveChildren(db, id)) > 0) {
      throw new ApiError(409, 'unit_has_active_children', 'Deactivate or move the sub-units first');
    }
    const now = nowIso();
    const statements = [
      updateUnitFields(db, id, body.version, { name: body.name, code: body.code, level: body.level, active: body.active, validTo: body.valid_to }, now),
      expectOneChange(db),
    ];
    const moving = body.parent_id !== undefined && body.parent_id !== before.parent_id;
    if (moving && body.parent_id) statements.push(...moveUnit(db, id, body.parent_id, now));
    statements.push(
      insertEvent(db, {
        actorId: caller.userId,
        entity: 'unit',
        entityId: id,
        type: moving ? 'unit.moved' : body.active === false ? 'unit.deactivated' : 'unit.updated',
        summary: { before: { name: before.name, code: before.code, parent_id: before.parent_id, active: before.active }, changes: body },
        at: now,
      }),
    );
    try {
      await db.batch(statements);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'unit_code_taken', 'A current unit already has that code');
      if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The unit changed meanwhile; reload it');
      throw err;
    }
    const unit = await getUnit(db, scope, id);
    if (!unit) throw notFound('Unit');
    return c.json(unit, 200);
  });
