// Checklists: import the JSON format, keep versions draft → published → retired, start drafts from the latest version,
// edit a draft's items, and export any version back in the import format (export → import round-trips).
import { z } from '@hono/zod-openapi';
import {
  diffChecklistItems,
  ChecklistDetailSchema,
  ChecklistImportItemsSchema,
  ChecklistImportSchema,
  ChecklistSchema,
  ChecklistVersionCreateSchema,
  ChecklistVersionWithItemsSchema,
  type ChecklistImportItem,
} from '@onestop/shared';
import {
  getChecklist,
  getChecklistByCode,
  getVersion,
  insertChecklist,
  insertDraftVersion,
  listChecklists,
  listItems,
  listVersions,
  replaceDraftItems,
  setVersionStatus,
  toItem,
  toVersion,
} from '../db/checklists.ts';
import { insertEvent } from '../db/events.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { assertInBatch, expectOneChange, isGuardFailure, isUniqueViolation } from '../lib/d1.ts';
import { attachmentDisposition } from '../lib/content-disposition.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const IdParam = z.object({ id: z.uuid() });

const ChecklistListSchema = z
  .object({
    items: z.array(
      ChecklistSchema.extend({
        latest_version: z.number().int().nullable(),
        published_version: z.number().int().nullable(),
        published_version_id: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ChecklistList' });

const NewDraftSchema = ChecklistVersionCreateSchema.partial({ items: true }).meta({
  id: 'ChecklistDraftCreate',
  description: 'Without `items` the draft starts as a copy of the latest version.',
});

const list = defineRoute({
  method: 'get',
  path: '/checklists',
  tags: ['checklists'],
  summary: 'Checklists with their latest and published versions',
  responses: { 200: { description: 'Checklists', content: jsonContent(ChecklistListSchema) } },
});

const importRoute = defineRoute({
  method: 'post',
  path: '/checklists',
  tags: ['checklists'],
  summary: 'Import a checklist (JSON format of domain/checklist-iso9001-one-stop-shop.json) as a draft version',
  description:
    'Every validation error is returned with its JSON path (`$.items[3].clause`); nothing is stored unless the whole file is valid. A known checklist code adds a new draft version to that checklist.',
  roles: ['admin'],
  request: { body: { required: true, content: jsonContent(ChecklistImportSchema) } },
  responses: { 201: { description: 'Imported', content: jsonContent(ChecklistDetailSchema) }, ...problemResponses(409, 413, 415, 422) },
});

const get = defineRoute({
  method: 'get',
  path: '/checklists/{id}',
  tags: ['checklists'],
  summary: 'A checklist with its versions',
  request: { params: IdParam },
  responses: { 200: { description: 'The checklist', content: jsonContent(ChecklistDetailSchema) }, ...problemResponses(400, 404) },
});

const newDraft = defineRoute({
  method: 'post',
  path: '/checklists/{id}/versions',
  tags: ['checklists'],
  summary: 'Start a new draft version',
  roles: ['admin'],
  request: { params: IdParam, body: { required: true, content: jsonContent(NewDraftSchema) } },
  responses: { 201: { description: 'The draft', content: jsonContent(ChecklistVersionWithItemsSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

const getVersionRoute = defineRoute({
  method: 'get',
  path: '/checklist-versions/{id}',
  tags: ['checklists'],
  summary: 'One version with its items',
  request: { params: IdParam },
  responses: { 200: { description: 'The version', content: jsonContent(ChecklistVersionWithItemsSchema) }, ...problemResponses(400, 404) },
});

const replaceItems = defineRoute({
  method: 'put',
  path: '/checklist-versions/{id}/items',
  tags: ['checklists'],
  summary: 'Replace the items of a draft version',
  roles: ['admin'],
  request: { params: IdParam, body: { required: true, content: jsonContent(z.object({ items: ChecklistImportItemsSchema }).meta({ id: 'ChecklistItemsReplace' })) } },
  responses: { 200: { description: 'The draft', content: jsonContent(ChecklistVersionWithItemsSchema) }, ...problemResponses(400, 404, 409, 415, 422) },
});

const publish = defineRoute({
  method: 'post',
  path: '/checklist-versions/{id}/publish',
  tags: ['checklists'],
  summary: 'Publish a draft version (it becomes immutable)',
  description:
    'Refused with 409 `version_not_draft` unless the version is a draft, and with 409 `version_identical` when its items equal those of the currently published version of the same checklist (same codes, order and content): publishing it would only make a copy.',
  roles: ['admin'],
  request: { params: IdParam },
  responses: { 200: { description: 'Published', content: jsonContent(ChecklistVersionWithItemsSchema) }, ...problemResponses(400, 404, 409) },
});

const retire = defineRoute({
  method: 'post',
  path: '/checklist-versions/{id}/retire',
  tags: ['checklists'],
  summary: 'Retire a published version (audits already pinning it keep it; new audits cannot pin it)',
  roles: ['admin'],
  request: { params: IdParam },
  responses: { 200: { description: 'Retired', content: jsonContent(ChecklistVersionWithItemsSchema) }, ...problemResponses(400, 404, 409) },
});

const exportRoute = defineRoute({
  method: 'get',
  path: '/checklist-versions/{id}/export',
  tags: ['checklists'],
  summary: 'One version in the import format, as a JSON file to download',
  description:
    'The body is what `POST /checklists` accepts (checklist code, titles, standard, version number, notes, items without ids), sent with `Content-Disposition: attachment` and the name `{code}-v{version}.json`; importing it after changing `version` creates that version again.',
  request: { params: IdParam },
  responses: { 200: { description: 'The version as an import file', content: jsonContent(ChecklistImportSchema) }, ...problemResponses(400, 404) },
});

async function versionWithItems(db: D1Database, id: string) {
  const version = await getVersion(db, id);
  if (!version) throw notFound('Checklist version');
  const items = await listItems(db, id);
  return { ...toVersion(version), items: items.map(toItem) };
}

async function checklistDetail(db: D1Database, id: string) {
  const checklist = await getChecklist(db, id);
  if (!checklist) throw notFound('Checklist');
  const versions = await listVersions(db, id);
  return { ...checklist, versions: versions.map((v) => ({ ...toVersion(v), item_count: v.item_count ?? 0 })) };
}

const draftExists = () => new ApiError(409, 'draft_exists', 'This checklist already has a draft version; publish or edit it first');

export const checklistRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listChecklists(c.env.DB) }, 200))
  .openapi(importRoute, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const now = nowIso();
    const existing = await getChecklistByCode(db, body.code);
    const statements: D1PreparedStatement[] = [];
    let checklistId: string;
    if (existing) {
      checklistId = existing.id;
      const versions = await listVersions(db, checklistId);
      if (versions.some((v) => v.status === 'draft')) throw draftExists();
      if (versions.some((v) => v.version === body.version)) {
        throw new ApiError(409, 'version_exists', `Version ${body.version} of ${body.code} already exists`, {
          errors: [{ path: '$.version', message: `already exists; the next free version is ${Math.max(...versions.map((v) => v.version)) + 1}` }],
        });
      }
    } else {
      const created = insertChecklist(db, body, now);
      checklistId = created.id;
      statements.push(created.statement);
    }
    const draft = insertDraftVersion(db, { checklistId, version: body.version, notes: body.notes, createdBy: caller.userId, items: body.items }, now);
    statements.push(
      ...draft.statements,
      insertEvent(db, { actorId: caller.userId, entity: 'checklist', entityId: checklistId, type: 'checklist.imported', summary: { code: body.code, version: body.version, items: body.items.length }, at: now }),
    );
    try {
      await db.batch(statements);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError(409, 'version_exists', 'That checklist version was imported meanwhile');
      throw err;
    }
    return c.json(await checklistDetail(db, checklistId), 201);
  })
  .openapi(get, async (c) => c.json(await checklistDetail(c.env.DB, c.req.valid('param').id), 200))
  .openapi(newDraft, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    if (!(await getChecklist(db, id))) throw notFound('Checklist');
    const versions = await listVersions(db, id);
    if (versions.some((v) => v.status === 'draft')) throw draftExists();
    const latest = versions[0];
    const number = body.version ?? (latest ? latest.version + 1 : 1);
    if (versions.some((v) => v.version === number)) throw new ApiError(409, 'version_exists', `Version ${number} already exists`);
    let items: ChecklistImportItem[] | undefined = body.items;
    if (!items) {
      if (!latest) throw new ApiError(422, 'items_required', 'The checklist has no version to copy; send items', { errors: [{ path: '$.items', message: 'required' }] });
      items = (await listItems(db, latest.id)).map(({ id: _id, version_id: _v, sort: _s, on_page, ...it }) => ({ ...it, on_page: on_page === 1 }));
    }
    const now = nowIso();
    const draft = insertDraftVersion(db, { checklistId: id, version: number, notes: body.notes, createdBy: caller.userId, items }, now);
    await db.batch([
      ...draft.statements,
      insertEvent(db, { actorId: caller.userId, entity: 'checklist_version', entityId: draft.id, type: 'checklist_version.drafted', summary: { version: number, from_version: body.items ? null : (latest?.version ?? null) }, at: now }),
    ]);
    return c.json(await versionWithItems(db, draft.id), 201);
  })
  .openapi(getVersionRoute, async (c) => c.json(await versionWithItems(c.env.DB, c.req.valid('param').id), 200))
  .openapi(exportRoute, async (c) => {
    const db = c.env.DB;
    const version = await versionWithItems(db, c.req.valid('param').id);
    const checklist = await getChecklist(db, version.checklist_id);
    if (!checklist) throw notFound('Checklist');
    const doc = {
      code: checklist.code,
      version: version.version,
      title_vi: checklist.title_vi,
      title_en: checklist.title_en,
      standard: checklist.standard,
      notes: version.notes,
      items: version.items.map(({ id: _id, version_id: _v, sort: _s, ...it }) => it),
    };
    return c.body(JSON.stringify(doc, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': attachmentDisposition(`${checklist.code}-v${version.version}.json`),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    }) as never;
  })
  .openapi(replaceItems, async (c) => {
    const { id } = c.req.valid('param');
    const { items } = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const version = await getVersion(db, id);
    if (!version) throw notFound('Checklist version');
    if (version.status !== 'draft') throw new ApiError(409, 'version_not_draft', `Version ${version.version} is ${version.status}; only a draft can change`);
    const now = nowIso();
    await db
      .batch([
        assertInBatch(db, "EXISTS (SELECT 1 FROM checklist_versions WHERE id = ? AND status = 'draft')", [id], 'version left draft'),
        ...replaceDraftItems(db, id, items, now),
        insertEvent(db, { actorId: caller.userId, entity: 'checklist_version', entityId: id, type: 'checklist_version.items_replaced', summary: { items: items.length }, at: now }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err) || /not a draft/.test(String(err))) throw new ApiError(409, 'version_not_draft', 'The version was published meanwhile');
        throw err;
      });
    return c.json(await versionWithItems(db, id), 200);
  })
  .openapi(publish, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    const db = c.env.DB;
    const version = await getVersion(db, id);
    if (!version) throw notFound('Checklist version');
    if (version.status !== 'draft') throw new ApiError(409, 'version_not_draft', `Version ${version.version} is already ${version.status}`);
    // A draft equal to the published version would be a second name for the same checklist: audits pinning either
    // would read alike, and the version list would no longer say when the content changed.
    const published = (await listVersions(db, version.checklist_id)).find((v) => v.status === 'published');
    if (published) {
      const [before, after] = await Promise.all([listItems(db, published.id), listItems(db, id)]);
      if (diffChecklistItems(before.map(toItem), after.map(toItem)).identical) {
        throw new ApiError(409, 'version_identical', `Version ${version.version} has the same items as the published version ${published.version}; change the draft first`);
      }
    }
    const now = nowIso();
    await db
      .batch([
        setVersionStatus(db, id, 'draft', 'published', now),
        expectOneChange(db),
        insertEvent(db, { actorId: caller.userId, entity: 'checklist_version', entityId: id, type: 'checklist_version.published', summary: { version: version.version }, at: now }),
      ])
      .catch((err: unknown) => {
        if (isGuardFailure(err)) throw new ApiError(409, 'version_not_draft', 'The version changed meanwhile');
        throw err;
      });
    return c.json(await versionWithItems(db, id), 200);
  })
  .openapi(retire, async (c) => {
    const { id } = c.req.valid('param');
    const caller = callerOf(c);
    const db = c.env.DB;
    const version = await getVersion(db, id);
    if (!version) throw notFound('Checklist version');
    if (version.status !== 'published') throw new ApiError(409, 'version_not_published', `Version ${version.version} is ${version.status}; only a published version can be retired`);
    const now = nowIso();
    await db.batch([
      setVersionStatus(db, id, 'published', 'retired', now),
      expectOneChange(db),
      insertEvent(db, { actorId: caller.userId, entity: 'checklist_version', entityId: id, type: 'checklist_version.retired', summary: { version: version.version }, at: now }),
    ]);
    return c.json(await versionWithItems(db, id), 200);
  });
