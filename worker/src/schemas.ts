// OpenAPI names for the shared schemas the account, unit and audit routes use. The schemas themselves live in
// @onestop/shared (the one contract); this module only registers them under stable component names.
import * as S from '@onestop/shared';
import { z } from 'zod';

export const UnitSchema = S.UnitSchema.meta({ id: 'Unit' });
export const UserSchema = S.UserSchema.meta({ id: 'User' });
export const LoginRequestSchema = S.LoginSchema.meta({ id: 'LoginRequest' });
export const LoginResponseSchema = S.LoginResponseSchema.meta({ id: 'LoginResponse' });
export const MeSchema = S.MeSchema.meta({ id: 'Me' });
export const UnitCreateSchema = S.UnitCreateSchema.meta({ id: 'UnitCreate' });
export const UnitPatchSchema = S.UnitPatchSchema.meta({ id: 'UnitPatch' });
export const UnitListSchema = z.object({ items: z.array(S.UnitTreeItemSchema) }).meta({ id: 'UnitList' });
export const UserCreateSchema = S.UserCreateSchema.meta({ id: 'UserCreate' });
export const UserPatchSchema = S.UserPatchSchema.meta({ id: 'UserPatch' });
export const UserListSchema = z.object({ items: z.array(S.UserSchema), total: z.number().int() }).meta({ id: 'UserList' });

export const AuditListSchema = z.object({ items: z.array(S.AuditListItemSchema), total: z.number().int() }).meta({ id: 'AuditList' });
export const AuditDetailSchema = S.AuditDetailSchema.meta({ id: 'AuditDetail' });
export const AuditCreateSchema = S.AuditCreateSchema.meta({ id: 'AuditCreate' });
export const AuditPatchSchema = S.AuditPatchSchema.meta({ id: 'AuditPatch' });
export const AuditTransitionSchema = S.AuditTransitionRequestSchema.meta({ id: 'AuditTransition' });

export const IdParamSchema = z.object({ id: z.uuid() });
