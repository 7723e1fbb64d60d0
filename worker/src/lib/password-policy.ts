// The rules a new password must pass beyond its length (ASVS 4.0 V2.1; NIST SP 800-63B 5.1.1.2): not on the list of
// common and breached passwords, not a sequence or a repeated pattern, not built from the account's own e-mail or name
// or the product's name. No composition rules (ASVS 2.1.9): any character counts, spaces included.
// The length (12–128 code points) is the shared schema's (`PasswordSchema`); this module assumes it passed.
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { ApiError } from './errors.ts';

export type PasswordRule = 'too_few_characters' | 'sequence' | 'common' | 'contains_email' | 'contains_name' | 'contains_service';

/** English messages (the API's language); the dashboard shows them in Vietnamese (`lib/schema-messages.ts`). */
export const PASSWORD_RULE_MESSAGES: Record<PasswordRule, string> = {
  too_few_characters: 'uses too few different characters',
  sequence: 'is a sequence or a repeated pattern (such as 123456789012 or abcabcabcabc)',
  common: 'is a common or breached password',
  contains_email: 'contains the name of your e-mail address',
  contains_name: 'contains your name',
  contains_service: 'contains the name of this system',
};

/** The product's own names: the first words a person guessing an office's passwords tries. */
const SERVICE_WORDS = ['onestop', 'motcua'];
/** Fewer different characters than this is a repetition (`aaaaaaaaaaaa`, twelve spaces, `121212121212`). */
const MIN_DISTINCT = 5;
/** A common word with at most this many digits or symbols around it is still the common word (`matkhau@2026`). */
const MAX_AFFIX = 8;

let list: Set<string> | null = null;
/** Parsed on first use, so an isolate that never sets a password never pays for it. */
function commonList(): Set<string> {
  list ??= new Set(COMMON_PASSWORDS.split('\n'));
  return list;
}

/** Lower-case, without diacritics (đ → d), NFKC-folded, so `Mật Khẩu` and `matkhau` compare equal. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFKC')
    .toLowerCase();
}

/** Only the letters and digits of the folded text. */
const alnum = (text: string) => foldText(text).replace(/[^\p{L}\p{N}]/gu, '');

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '$': 's', '5': 's', '7': 't', '9': 'g' };
const unLeet = (text: string) => text.replace(/[@401!3$579]/g, (ch) => LEET[ch] ?? ch);

/** Every consecutive step is +1 or every one is -1 (digits wrap 9 → 0): `123456789012`, `abcdefghijkl`, `9876543210`. */
function isSequence(text: string): boolean {
  if (text.length < 4) return false;
  const step = (a: string, b: string): number => {
    if (/\d/.test(a) && /\d/.test(b)) return (((Number(b) - Number(a)) % 10) + 10) % 10 === 1 ? 1 : (((Number(a) - Number(b)) % 10) + 10) % 10 === 1 ? -1 : 0;
    return (b.codePointAt(0) ?? 0) - (a.codePointAt(0) ?? 0);
  };
  const first = step(text[0] ?? '', text[1] ?? '');
  if (first !== 1 && first !== -1) return false;
  for (let i = 1; i < text.length - 1; i++) if (step(text[i] ?? '', text[i + 1] ?? '') !== first) return false;
  return true;
}

/** The shortest unit the text repeats (`abcabcabcabc` → `abc`), or null. */
function repeatedUnit(text: string): string | null {
  const m = /^(.+?)\1+$/su.exec(text);
  return m?.[1] ?? null;
}

function isCommon(password: string): boolean {
  const common = commonList();
  const folded = foldText(password);
  const compact = folded.replace(/[\s._\-]+/g, '');
  const candidates = new Set([folded, compact, unLeet(compact)]);
  // The common word inside the digits and symbols people put around it: `Matkhau@2026`, `!Password1234`, `P@ssw0rd2024`.
  const m = /^([^\p{L}]*)(.*?)([^\p{L}]*)$/u.exec(compact);
  if (m && (m[1] ?? '').length + (m[3] ?? '').length <= MAX_AFFIX && (m[2] ?? '').length > 0) {
    const core = m[2] ?? '';
    candidates.add(core);
    candidates.add(unLeet(core));
    const unit = repeatedUnit(core);
    if (unit) candidates.add(unit);
  }
  for (const c of candidates) if (common.has(c)) return true;
  return false;
}

/**
 * The first rule the password breaks, or null when it passes. `email` and `displayName` are the account's (for a new
 * account: the ones it is being created with).
 */
export function passwordProblem(password: string, account: { email: string; displayName: string }): PasswordRule | null {
  const folded = foldText(password);
  if (new Set(folded).size < MIN_DISTINCT) return 'too_few_characters';
  const letters = alnum(password);
  const unit = repeatedUnit(letters);
  if (isSequence(letters) || (unit !== null && (unit.length <= 6 || isSequence(unit)))) return 'sequence';
  if (isCommon(password)) return 'common';
  const local = alnum(account.email.split('@')[0] ?? '');
  if (local.length >= 4 && letters.includes(local)) return 'contains_email';
  const name = alnum(account.displayName);
  if (name.length >= 4 && letters.includes(name)) return 'contains_name';
  if (SERVICE_WORDS.some((w) => letters.includes(w))) return 'contains_service';
  return null;
}

/** Throws the 422 `weak_password` problem naming the rule, at the body field `path` (e.g. `$.new_password`). */
export function assertStrongPassword(password: string, account: { email: string; displayName: string }, path: string): void {
  const rule = passwordProblem(password, account);
  if (!rule) return;
  const message = PASSWORD_RULE_MESSAGES[rule];
  throw new ApiError(422, 'weak_password', `The password ${message}; choose another one`, { errors: [{ path, message }] });
}
