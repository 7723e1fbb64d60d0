// Batch guards abort a whole D1 batch: nothing after a failed guard, nor before it, is kept.
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { expectOneChange, isGuardFailure } from './d1.ts';

describe('expectOneChange', () => {
  it('rolls back the batch when the guarded update changed nothing', async () => {
    await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
    const id = crypto.randomUUID();
    const insert = env.DB.prepare("INSERT INTO events (id, entity, entity_id, type) VALUES (?, 'test', 'x', 'test.event')").bind(id);
    const noop = env.DB.prepare("UPDATE units SET name = 'x' WHERE id = 'missing'");
    const err = await env.DB.batch([insert, noop, expectOneChange(env.DB)]).catch((e: unknown) => e);
    expect(isGuardFailure(err)).toBe(true);
    expect(await env.DB.prepare('SELECT id FROM events WHERE id = ?').bind(id).first()).toBeNull();
  });

  it('lets the batch through when exactly one row changed', async () => {
    const id = crypto.randomUUID();
    const insert = env.DB.prepare("INSERT INTO events (id, entity, entity_id, type) VALUES (?, 'test', 'x', 'test.event')").bind(id);
    await env.DB.batch([insert, expectOneChange(env.DB)]);
    expect(await env.DB.prepare('SELECT id FROM events WHERE id = ?').bind(id).first()).not.toBeNull();
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM batch_guards').first<{ n: number }>())?.n).toBe(0);
  });
});
