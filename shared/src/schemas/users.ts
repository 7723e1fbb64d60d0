// Users (never with password_hash), sign-in bodies and the signed-in identity.
import { z } from 'zod';
import { EmailSchema, IdSchema, TimestampSchema, VersionSchema, line } from './common.ts';
import { RoleSchema } from './enums.ts';
import { UnitRefSchema, UnitSchema } from './units.ts';

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string().max(254),
  display_name: z.string().max(200),
  role: RoleSchema,
  /** Root of the unit subtree the user may see. */
  unit_id: IdSchema,
  disabled: z.boolean(),
  /** Set when an administrator created the account or reset its password: until the user picks their own password,
   * their sessions may only change the password, read `/auth/me` and sign out. */
  must_change_password: z.boolean().default(false),
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

/** Password length in Unicode code points (ASVS 2.1.1, 2.1.2): an emoji or a Vietnamese letter counts as one. */
export const PASSWORD_MIN_CHARS = 12;
export const PASSWORD_MAX_CHARS = 128;

/**
 * A new password: 12 to 128 characters (code points), any character (spaces included, nothing trimmed or truncated;
 * ASVS 2.1.3, 2.1.4), no composition rules (ASVS 2.1.9). The server also refuses common and breached passwords and
 * passwords built from the user's e-mail or name (`worker/src/lib/password-policy.ts`): those need the list and the
 * account, so they are not part of this schema.
 */
export const PasswordSchema = z
  .string()
  .max(PASSWORD_MAX_CHARS * 2)
  .superRefine((value, ctx) => {
    const chars = [...value].length;
    if (chars < PASSWORD_MIN_CHARS) {
      ctx.addIssue({ code: 'too_small', origin: 'string', minimum: PASSWORD_MIN_CHARS, inclusive: true, input: value, message: `at least ${PASSWORD_MIN_CHARS} characters` });
    } else if (chars > PASSWORD_MAX_CHARS) {
      ctx.addIssue({ code: 'too_big', origin: 'string', maximum: PASSWORD_MAX_CHARS, inclusive: true, input: value, message: `at most ${PASSWORD_MAX_CHARS} characters` });
    }
  });

export const UserCreateSchema = z.object({
  email: EmailSchema,
  display_name: line(200),
  role: RoleSchema,
  unit_id: IdSchema,
  password: PasswordSchema,
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserPatchSchema = z.object({
  version: VersionSchema,
  display_name: line(200).optional(),
  role: RoleSchema.optional(),
  unit_id: IdSchema.optional(),
  disabled: z.boolean().optional(),
  /** Resets the password and ends every session of the user. */
  password: PasswordSchema.optional(),
});
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const SESSION_KINDS = ['cookie', 'bearer'] as const;
export const SessionKindSchema = z.enum(SESSION_KINDS);
export type SessionKind = z.infer<typeof SessionKindSchema>;

export const LoginSchema = z.object({
  email: EmailSchema,
  /** Any length the password rules ever allowed (old passwords still sign in; the rules apply when one is set). */
  password: z.string().min(1).max(PASSWORD_MAX_CHARS * 2),
  /** The dashboard signs in with a cookie, the extension asks for a bearer token. */
  session: SessionKindSchema.default('cookie'),
});
export type Login = z.infer<typeof LoginSchema>;

export const LoginResponseSchema = z.object({
  user: UserSchema,
  expires_at: TimestampSchema,
  /** Only for `session: 'bearer'`; never stored by the server in clear. */
  token: z.string().max(200).optional(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const MeSchema = z.object({
  user: UserSchema,
  unit: UnitSchema,
  visible_units: z.array(UnitRefSchema).max(10_000),
});
export type Me = z.infer<typeof MeSchema>;

/** `POST /auth/password`: the signed-in user changes their own password. */
export const PasswordChangeSchema = z.object({
  current_password: z.string().min(1).max(PASSWORD_MAX_CHARS * 2),
  new_password: PasswordSchema,
});
export type PasswordChange = z.infer<typeof PasswordChangeSchema>;

export const PasswordChangeResponseSchema = z.object({
  user: UserSchema,
  /** Every other session of the user (dashboard cookies and extension tokens) ended with the change. */
  signed_out_sessions: z.number().int().min(0),
});
export type PasswordChangeResponse = z.infer<typeof PasswordChangeResponseSchema>;

/** One active session of the signed-in user, as `GET /auth/sessions` lists it (never the token or its hash). */
export const SessionInfoSchema = z.object({
  id: IdSchema,
  kind: SessionKindSchema,
  created_at: TimestampSchema,
  last_seen_at: TimestampSchema,
  /** When it ends without further use: the earlier of the absolute limit and last use + the idle limit. */
  expires_at: TimestampSchema,
  /** A short summary of the client's User-Agent, e.g. `Chrome 131 · Windows`; null when the client sent none. */
  client: z.string().max(100).nullable(),
  /** The session this request came with. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SessionListSchema = z.object({
  items: z.array(SessionInfoSchema).max(1000),
  /** The limits in force, in seconds, per kind of session. */
  policy: z.object({
    cookie: z.object({ idle_seconds: z.number().int(), absolute_seconds: z.number().int() }),
    bearer: z.object({ idle_seconds: z.number().int(), absolute_seconds: z.number().int() }),
  }),
});
export type SessionList = z.infer<typeof SessionListSchema>;
