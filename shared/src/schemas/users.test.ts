// Users (no password hash), sign-in bodies and units.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { UnitCreateSchema, UnitSchema, UnitSuccessionSchema } from './units.ts';
import { LoginSchema, UserCreateSchema, UserSchema } from './users.ts';

const now = '2026-11-23T01:00:00.000Z';

describe('users and units', () => {
  it('never exposes a password hash', () => {
    const u = UserSchema.parse({
      id: uuidv7(), email: 'a@b.vn', display_name: 'A', role: 'inspector', unit_id: uuidv7(), disabled: false, version: 1,
      created_at: now, updated_at: now, password_hash: 'pbkdf2$…',
    });
    expect(u).not.toHaveProperty('password_hash');
  });

  it('lower-cases e-mails and bounds passwords', () => {
    expect(LoginSchema.parse({ email: ' Admin@Demo.OneStop.vn ', password: 'x' })).toEqual({ email: 'admin@demo.onestop.vn', password: 'x', session: 'cookie' });
    expect(LoginSchema.safeParse({ email: 'a@b.vn', password: '' }).success).toBe(false);
    expect(LoginSchema.safeParse({ email: 'not-an-email', password: 'x' }).success).toBe(false);
    expect(UserCreateSchema.safeParse({ email: 'a@b.vn', display_name: 'A', role: 'admin', unit_id: uuidv7(), password: 'short' }).success).toBe(false);
    expect(UserCreateSchema.safeParse({ email: 'a@b.vn', display_name: 'A', role: 'boss', unit_id: uuidv7(), password: 'long enough!' }).success).toBe(false);
  });

  it('units', () => {
    expect(
      UnitSchema.parse({
        id: uuidv7(), parent_id: null, code: '79', name: 'TP Hồ Chí Minh', level: 'province', valid_from: null, valid_to: null, active: true,
        version: 1, created_at: now, updated_at: now,
      }).gso_code,
    ).toBeNull();
    expect(UnitCreateSchema.safeParse({ parent_id: uuidv7(), code: '26734', name: 'Phường Sài Gòn', level: 'commune', valid_from: '2025-07-01' }).success).toBe(true);
    expect(UnitCreateSchema.safeParse({ parent_id: null, code: '79', name: 'x', level: 'region' }).success).toBe(false);
    const id = uuidv7();
    expect(UnitSuccessionSchema.safeParse({ predecessor_id: id, successor_id: id, effective_on: '2025-07-01' }).success).toBe(false);
  });
});
