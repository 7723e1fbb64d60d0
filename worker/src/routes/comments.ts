// The comment thread of a finding, between the audited unit and the audit team: visible to whoever may see the
// finding, posted by the unit head or an audit member, append-only, each post logged in the events in the same batch.
import { z } from '@hono/zod-openapi';
import { checkCommentAuthor, CommentBodySchema, FindingCommentListSchema, FindingCommentSchema, type FindingActorRole } from '@onestop/shared';
import { listComments } from '../db/action-tracking.ts';
import { membershipOf } from '../db/audits.ts';
import { insertEvent } from '../db/events.ts';
import { getFindingView } from '../db/findings.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { uuidv7 } from '../lib/ids.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { scopeOf } from '../lib/scope.ts';
import { nowIso } from '../lib/time.ts';

const IdParam = z.object({ id: z.uuid() });
const Comment = FindingCommentSchema.meta({ id: 'FindingComment' });

const list = defineRoute({
  method: 'get',
  path: '/findings/{id}/comments',
  tags: ['findings'],
  summary: 'The comment thread of a finding',
  description: 'Oldest first, with each author\'s name and part (unit head, lead inspector, audit member). Visible to whoever may see the finding.',
  request: { params: IdParam },
  responses: { 200: { description: 'Comments, oldest first', content: jsonContent(FindingCommentListSchema.meta({ id: 'FindingCommentList' })) }, ...problemResponses(400, 404) },
});

const post = defineRoute({
  method: 'post',
  path: '/findings/{id}/comments',
  tags: ['findings'],
  summary: 'Post a comment on a finding',
  description:
    'By the head of the finding\'s unit (once the audit is in reporting, when they can see it) or a member of the audit team; admins and leaders read only (403 `role_not_allowed`). 1 to 4000 characters, control characters refused (line breaks allowed). Logged as `finding.commented`.',
  roles: ['unit_head', 'inspector'],
  request: { params: IdParam, body: { required: true, content: jsonContent(CommentBodySchema.meta({ id: 'CommentBody' })) } },
  responses: { 201: { description: 'The comment', content: jsonContent(Comment) }, ...problemResponses(400, 404, 413, 415, 422) },
});

export const commentRoutes = createRouter()
  .openapi(list, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const finding = await getFindingView(db, scopeOf(callerOf(c)), id);
    if (!finding || finding.deleted_at) throw notFound('Finding');
    return c.json({ items: await listComments(db, id) }, 200);
  })
  .openapi(post, async (c) => {
    const { id } = c.req.valid('param');
    const { body } = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const finding = await getFindingView(db, scopeOf(caller), id);
    if (!finding || finding.deleted_at) throw notFound('Finding');
    const actor: FindingActorRole = caller.role === 'unit_head' ? 'unit_head' : ((await membershipOf(db, finding.audit_id, caller.userId)) ?? 'other');
    const gate = checkCommentAuthor({ role: actor });
    if (!gate.ok) throw new ApiError(403, gate.code, gate.detail);
    const commentId = uuidv7();
    const now = nowIso();
    await db.batch([
      db
        .prepare('INSERT INTO finding_comments (id, finding_id, author_id, author_part, body, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .bind(commentId, id, caller.userId, gate.part, body, now),
      insertEvent(db, { actorId: caller.userId, entity: 'finding', entityId: id, type: 'finding.commented', summary: { comment_id: commentId, part: gate.part, comment: body }, at: now }),
    ]);
    return c.json({ id: commentId, finding_id: id, author_id: caller.userId, author_name: caller.displayName, author_part: gate.part, body, created_at: now }, 201);
  });
