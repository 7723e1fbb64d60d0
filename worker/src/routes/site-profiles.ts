// Site profiles: declarative descriptions of dossier web systems, validated by the shared schema; the extension
// asks /site-profiles/match for the profile of the page it is on.
import { z } from '@hono/zod-openapi';
import { SiteProfileCreateSchema, SiteProfileRecordSchema, SiteProfileSchema, SiteProfileUpdateSchema, rankProfiles, zodErrorsToProblem } from '@onestop/shared';
import { insertEvent } from '../db/events.ts';
import { getSiteProfile, insertSiteProfile, listSiteProfiles, toSiteProfile, unknownUnitCodes, updateSiteProfile, type SiteProfileRow } from '../db/site-profiles.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const RecordSchema = SiteProfileRecordSchema.meta({ id: 'SiteProfileRecord' });
const ListSchema = z.object({ items: z.array(RecordSchema) }).meta({ id: 'SiteProfileList' });

const list = defineRoute({
  method: 'get',
  path: '/site-profiles',
  tags: ['site-profiles'],
  summary: 'Site profiles',
  request: { query: z.object({ include_inactive: z.enum(['true', 'false']).optional() }) },
  responses: { 200: { description: 'Profiles (a stored profile that no longer passes the profile rules is left out)', content: jsonContent(ListSchema) }, ...problemResponses(400) },
});

const match = defineRoute({
  method: 'get',
  path: '/site-profiles/match',
  tags: ['site-profiles'],
  summary: 'The active profiles whose URL patterns match a page URL (for the extension)',
  request: { query: z.object({ url: z.url({ protocol: /^https?$/ }).max(2048) }) },
  responses: { 200: { description: 'Matching profiles in the order the extension applies them: higher `priority` first, then the most specific matching pattern (exact host, explicit port, longer path, fewer wildcards); the first one applies', content: jsonContent(ListSchema) }, ...problemResponses(400) },
});

const get = defineRoute({
  method: 'get',
  path: '/site-profiles/{id}',
  tags: ['site-profiles'],
  summary: 'One site profile',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: { description: 'The profile (422 `stored_profile_invalid` when the stored document no longer passes the profile rules: replace it with PUT)', content: jsonContent(RecordSchema) }, ...problemResponses(400, 404, 422) },
});

const create = defineRoute({
  method: 'post',
  path: '/site-profiles',
  tags: ['site-profiles'],
  summary: 'Add a site profile',
  roles: ['admin'],
  request: { body: { required: true, content: jsonContent(SiteProfileCreateSchema.meta({ id: 'SiteProfileCreate' })) } },
  responses: { 201: { description: 'Created', content: jsonContent(RecordSchema) }, ...problemResponses(409, 415, 422) },
});

const update = defineRoute({
  method: 'put',
  path: '/site-profiles/{id}',
  tags: ['site-profiles'],
  summary: 'Replace a site profile (optimistic: send the stored version)',
  roles: ['admin'],
  request: { params: z.object({ id: z.uuid() }), body: { required: true, content: jsonContent(SiteProfileUpdateSchema.meta({ id: 'SiteProfileUpdate' })) } },
  responses: { 200: { description: 'Updated', content: jsonContent(RecordSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

/**
 * A profile names the units whose system it describes by code (the extension files findings made on its pages under
 * the first of them an audit covers): every code must name a unit, or nothing is stored (422, the unknown codes named
 * in the detail and, one per code, at their place in `errors`).
 */
async function checkUnits(db: D1Database, units: readonly string[] | undefined): Promise<void> {
  const unknown = await unknownUnitCodes(db, units ?? []);
  if (unknown.length === 0) return;
  throw new ApiError(422, 'unknown_unit_codes', `No unit has the code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, {
    errors: unknown.map((code) => ({ path: `$.profile.units[${(units ?? []).indexOf(code)}]`, message: `no unit has the code ${code}` })),
  });
}

/**
 * Stored documents are parsed again on the way out, so a row that no longer fits the schema (one stored before a rule
 * was tightened, e.g. a pattern matching every site) is never served: `null` then.
 */
function parseRecord(row: SiteProfileRow) {
  const record = toSiteProfile(row);
  const profile = SiteProfileSchema.safeParse(record.profile);
  return profile.success ? { ok: true as const, record: { ...record, profile: profile.data } } : { ok: false as const, errors: zodErrorsToProblem(profile.error) };
}

function toRecord(row: SiteProfileRow) {
  const parsed = parseRecord(row);
  if (!parsed.ok) {
    throw new ApiError(422, 'stored_profile_invalid', `The stored site profile ${row.name} no longer passes the profile rules; replace it with PUT /site-profiles/${row.id}`, { errors: parsed.errors });
  }
  return parsed.record;
}

/** The rows that still pass the rules; the others are left out of lists (and logged), never a failed listing. */
function validRecords(rows: readonly SiteProfileRow[], log: Logger) {
  return rows.flatMap((row) => {
    const parsed = parseRecord(row);
    if (parsed.ok) return [parsed.record];
    log.warn('stored site profile left out: it no longer passes the profile rules', { id: row.id, errors: parsed.errors.slice(0, 5) });
    return [];
  });
}

export const siteProfileRoutes = createRouter()
  .openapi(list, async (c) => {
    const rows = await listSiteProfiles(c.env.DB, { includeInactive: c.req.valid('query').include_inactive === 'true' });
    return c.json({ items: validRecords(rows, c.get('log')) }, 200);
  })
  .openapi(match, async (c) => {
    const { url } = c.req.valid('query');
    // The extension's own order (docs/site-profiles.md): priority, then the most specific matching pattern.
    const matching = rankProfiles(validRecords(await listSiteProfiles(c.env.DB), c.get('log')), url, (r) => r.profile);
    return c.json({ items: matching }, 200);
  })
  .openapi(get, async (c) => {
    const row = await getSiteProfile(c.env.DB, c.req.valid('param').id);
    if (!row) throw notFound('Site profile');
    return c.json(toRecord(row), 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    await checkUnits(c.env.DB, body.profile.units);
    const now = nowIso();
    const { id, statement } = insertSiteProfile(c.env.DB, { name: body.profile.name, profile: body.profile, createdBy: caller.userId }, now);
    try {
      await c.env.DB.batch([
        statement,
        ...(body.active ? [] : [c.env.DB.prepare('UPDATE site_profiles SET active = 0 WHERE id = ?').bind(id)]),
        insertEvent(c.env.DB, { actorId: caller.userId, entity: 'site_profile', entityId: id, type: 'site_profile.created', summary: { name: body.profile.name }, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'profile_name_taken', `A site profile named ${body.profile.name} already exists`);
      throw err;
    }
    const row = await getSiteProfile(c.env.DB, id);
    if (!row) throw notFound('Site profile');
    return c.json(toRecord(row), 201);
  })
  .openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const before = await getSiteProfile(db, id);
    if (!before) throw notFound('Site profile');
    if (before.version !== body.version) {
      throw new ApiError(409, 'version_conflict', `The profile changed since version ${body.version}; it is now at version ${before.version}`);
    }
    await checkUnits(db, body.profile.units);
    const now = nowIso();
    try {
      await db.batch([
        updateSiteProfile(db, id, body.version, { name: body.profile.name, profile: body.profile, active: body.active ?? before.active === 1 }, now),
        expectOneChange(db),
        insertEvent(db, { actorId: caller.userId, entity: 'site_profile', entityId: id, type: 'site_profile.updated', summary: { name: body.profile.name, from_version: body.version }, at: now }),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'profile_name_taken', `A site profile named ${body.profile.name} already exists`);
      if (isGuardFailure(err)) throw new ApiError(409, 'version_conflict', 'The profile changed meanwhile; reload it');
      throw err;
    }
    const row = await getSiteProfile(db, id);
    if (!row) throw notFound('Site profile');
    return c.json(toRecord(row), 200);
  });
