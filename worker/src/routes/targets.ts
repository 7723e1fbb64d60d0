// Indicator targets (issue 16): every signed-in role reads them (the compliance page shows each figure against its
// target); an administrator replaces the whole set, logged as one event.
import { INDICATOR_KIND, INDICATORS, TargetsPutSchema, TargetsSchema, MAX_TARGET_COUNT, MAX_TARGET_DAYS } from '@onestop/shared';
import { insertEvent } from '../db/events.ts';
import { listTargets, replaceTargets, type TargetRow } from '../db/targets.ts';
import { callerOf } from '../lib/auth.ts';
import { createRouter } from '../lib/create-app.ts';
import { jsonContent, problemResponses } from '../lib/openapi.ts';
import { defineRoute } from '../lib/route.ts';
import { nowIso } from '../lib/time.ts';

const Targets = TargetsSchema.meta({ id: 'Targets' });
const kinds = INDICATORS.map((i) => `\`${i}\` (${INDICATOR_KIND[i]})`).join(', ');

const get = defineRoute({
  method: 'get',
  path: '/targets',
  tags: ['targets'],
  summary: 'The targets of the compliance indicators',
  description: `The stored targets, in the order ${INDICATORS.join(', ')}. An indicator without a target is absent: no default is made up.`,
  responses: { 200: { description: 'The targets', content: jsonContent(Targets) } },
});

const put = defineRoute({
  method: 'put',
  path: '/targets',
  tags: ['targets'],
  summary: 'Replace the targets of the compliance indicators',
  description: [
    `The whole set: an indicator left out has no target afterwards, and \`{"targets": []}\` removes them all. At most one target per indicator: ${kinds}.`,
    `\`value\` is a fraction in [0, 1] for a rate (0.95 is 95 %), a whole number from 0 to ${MAX_TARGET_COUNT} for a count, and 0 to ${MAX_TARGET_DAYS} for days; \`direction\` is \`at_least\` (met when the figure is ≥ the value) or \`at_most\` (met when ≤). Otherwise 422 \`validation_failed\` with \`errors\` naming each field (\`$.targets[0].value\`), and nothing is stored.`,
    'The change and its `targets.replaced` event are written in one batch; a target whose direction and value are unchanged keeps who set it and when.',
  ].join('\n\n'),
  roles: ['admin'],
  request: { body: { required: true, content: jsonContent(TargetsPutSchema.meta({ id: 'TargetsPut' })) } },
  responses: { 200: { description: 'Stored: the targets as GET /targets now answers', content: jsonContent(Targets) }, ...problemResponses(415, 422) },
});

const out = (rows: TargetRow[]) => ({ targets: rows.map((r) => ({ indicator: r.indicator, direction: r.direction, value: r.value, updated_by: r.updated_by, updated_at: r.updated_at })) });

export const targetRoutes = createRouter()
  .openapi(get, async (c) => c.json(out(await listTargets(c.env.DB)), 200))
  .openapi(put, async (c) => {
    const body = c.req.valid('json');
    const caller = callerOf(c);
    const db = c.env.DB;
    const before = await listTargets(db);
    const now = nowIso();
    await db.batch([
      ...replaceTargets(db, body.targets, caller.userId, now),
      insertEvent(db, {
        actorId: caller.userId,
        entity: 'targets',
        entityId: 'indicators',
        type: 'targets.replaced',
        summary: {
          before: before.map((t) => ({ indicator: t.indicator, direction: t.direction, value: t.value })),
          after: body.targets.map((t) => ({ indicator: t.indicator, direction: t.direction, value: t.value })),
        },
        at: now,
      }),
    ]);
    return c.json(out(await listTargets(db)), 200);
  });
