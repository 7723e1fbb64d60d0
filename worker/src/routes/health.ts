// GET /health: liveness plus a real round trip to D1.
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../lib/create-app.ts';
import { ApiError } from '../lib/errors.ts';
import { problemResponses } from '../lib/openapi.ts';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    d1: z.literal('ok'),
    schema_version: z.number().int().nullable().openapi({ description: 'Number of D1 migrations applied' }),
    time: z.string(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['system'],
  summary: 'Liveness and database check',
  security: [],
  responses: {
    200: { description: 'The Worker and D1 answer', content: { 'application/json': { schema: HealthSchema } } },
    ...problemResponses(503),
  },
});

export const healthRoutes = createRouter().openapi(route, async (c) => {
  try {
    await c.env.DB.prepare('SELECT 1').first();
    const migrations = await c.env.DB.prepare(
      "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'",
    ).first<{ n: number }>();
    let schemaVersion: number | null = null;
    if (migrations && migrations.n > 0) {
      const row = await c.env.DB.prepare('SELECT COUNT(*) AS n FROM d1_migrations').first<{ n: number }>();
      schemaVersion = row?.n ?? null;
    }
    return c.json({ status: 'ok' as const, d1: 'ok' as const, schema_version: schemaVersion, time: new Date().toISOString() }, 200);
  } catch (err) {
    c.get('log').error('health: D1 unavailable', { error: String(err) });
    throw new ApiError(503, 'database_unavailable', 'D1 did not answer');
  }
});
