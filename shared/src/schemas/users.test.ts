// Users (no password hash), sign-in bodies and units.
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../domain/ids.ts';
import { UnitCreateSchema, UnitSchema, UnitSuccessionSchema } from './units.ts';
import { LoginSchema, PasswordChangeSchema, PasswordSchema, UserCreateSchema, UserSchema } from './users.ts';

const now = '2026-11-23T01:00:00.000Z';

describe('users and units', () => {
  it('never exposes a password hash', () => {
    const u = UserSchema.parse({
      id: uuidv7(), email: 'a@b.vn', display_name: 'A', role: 'inspector', unit_id: uuidv7(), disabled: false, version: 1,
      created_at: now, updated_at: now, password_hash: 'pbkdf2$…',
    });
    expect(u).not.toHaveProperty('password_hash');
    expect(u.must_change_password).toBe(false);
  });

  it('counts password length in code points: 12 to 128, nothing trimmed', () => {
    expect(PasswordSchema.safeParse('1234567890').success).toBe(false);
    expect(PasswordSchema.safeParse('password12').success).toBe(false);
    expect(PasswordSchema.safeParse(' '.repeat(10)).success).toBe(false);
    expect(PasswordSchema.parse(' '.repeat(12))).toBe(' '.repeat(12));
    // 11 emoji are 22 UTF-16 units but 11 characters.
    const short = PasswordSchema.safeParse('😀😁😂🤣😃😄😅😆😉😊😋');
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]).toMatchObject({ code: 'too_small', minimum: 12, message: 'at least 12 characters' });
    expect(PasswordSchema.safeParse('😀'.repeat(128)).success).toBe(true);
    expect(PasswordSchema.safeParse('a'.repeat(129)).error?.issues[0]?.message).toBe('at most 128 characters');
    expect(PasswordChangeSchema.safeParse({ current_password: 'x', new_password: 'đủ mười hai ký tự' }).success).toBe(true);
  });

  it('lower-cases e-mails and bounds passwords', () => {
    expect(LoginSchema.parse({ email: ' Admin@Demo.OneStop.vn ', password: 'x' })).toEqual({ email: 'admin@demo.onestop.vn', password: 'x', session: 'cookie' });
    expect(LoginSchema.safeParse({ email: 'a@b.vn', password: '' }).success).toBe(false);
    expect(LoginSchema.safeParse({ email: 'not-an-email', password: 'x' }).success).toBe(false);
    expect(UserCreateSchema.safeParse({ email: 'a@b.vn', display_name: 'A', role: 'admin', unit_id: uuidv7(), password: 'short' }).success).toBe(false);
    expect(UserCreateSchema.safeParse({ email: 'a@b.vn', display_name: 'A', role: 'boss', unit_id: uuidv7(), password: 'long enough!!' }).success).toBe(false);
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
