// The password rules beyond length, as a pure function (the HTTP side is in tests/worker/account-security.test.ts).
import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { foldText, passwordProblem } from './password-policy.ts';

const account = { email: 'nguyen.van.binh@demo.onestop.vn', displayName: 'Nguyễn Văn Bình' };

describe('password policy', () => {
  it('ships a compact sorted list with Vietnamese entries', () => {
    const list = COMMON_PASSWORDS.split('\n');
    expect(list.length).toBeGreaterThan(5000);
    expect(new TextEncoder().encode(COMMON_PASSWORDS).length).toBeLessThan(60 * 1024);
    expect([...list].sort()).toEqual(list);
    for (const p of ['matkhau123', '123456789012', 'anhyeuem', 'password', 'qwertyuiop']) expect(list, p).toContain(p);
  });

  it.each([
    ['aaaaaaaaaaaa', 'too_few_characters'],
    ['121212121212', 'too_few_characters'],
    ['abcdefghijkl', 'sequence'],
    ['987654321098', 'sequence'],
    ['xyz789xyz789', 'sequence'],
    ['Mật khẩu 123456', 'common'],
    ['ANHYEUEM2026!', 'common'],
    ['p@ssw0rd12345', 'common'],
    ['iloveyou iloveyou', 'common'],
    ['nguyenvanbinh@', 'contains_email'],
    ['Bình Nguyễn Văn!', null],
    ['NGUYỄN VĂN BÌNH 1', 'contains_email'],
    ['motcua-phuong-7', 'contains_service'],
    ['cây tre trăm đốt', null],
    ['Sông Hồng mùa lũ 2026', null],
  ])('%j → %s', (password, expected) => {
    expect(passwordProblem(password, account)).toBe(expected);
  });

  it('folds case and diacritics', () => {
    expect(foldText('Mật Khẩu ĐẸP')).toBe('mat khau dep');
  });
});
