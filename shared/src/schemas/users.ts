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
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(200);

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
  password: z.string().min(1).max(200),
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
