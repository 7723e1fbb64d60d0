// Units of the administrative hierarchy and their successions, as the API returns them and as admins write them.
import { z } from 'zod';
import { CodeSchema, DateSchema, IdSchema, TimestampSchema, VersionSchema, line, optionalLine } from './common.ts';
import { UnitLevelSchema } from './enums.ts';

export const UnitSchema = z.object({
  id: IdSchema,
  parent_id: IdSchema.nullable(),
  code: z.string().max(64),
  name: z.string().max(300),
  level: UnitLevelSchema,
  /** National statistical (GSO) code; reused after 1 July 2025, so never an identity. */
  gso_code: z.string().max(16).nullable().default(null),
  valid_from: DateSchema.nullable(),
  valid_to: DateSchema.nullable(),
  active: z.boolean(),
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Unit = z.infer<typeof UnitSchema>;

/** A unit in a tree listing, with its depth below the caller's root. */
export const UnitTreeItemSchema = UnitSchema.extend({ depth: z.number().int().min(0) });
export type UnitTreeItem = z.infer<typeof UnitTreeItemSchema>;

export const UnitRefSchema = UnitSchema.pick({ id: true, parent_id: true, code: true, name: true, level: true });
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const UnitCreateSchema = z.object({
  parent_id: IdSchema.nullable(),
  code: CodeSchema,
  name: line(300),
  level: UnitLevelSchema,
  gso_code: optionalLine(16).nullable().optional(),
  valid_from: DateSchema.nullable().optional(),
});
export type UnitCreate = z.infer<typeof UnitCreateSchema>;

export const UnitPatchSchema = z.object({
  version: VersionSchema,
  code: CodeSchema.optional(),
  name: line(300).optional(),
  level: UnitLevelSchema.optional(),
  /** Moves the unit (and its subtree) under this parent. */
  parent_id: IdSchema.optional(),
  /** Deactivates the unit; the worker refuses while it has active children. */
  active: z.literal(false).optional(),
  valid_to: DateSchema.nullable().optional(),
});
export type UnitPatch = z.infer<typeof UnitPatchSchema>;

/** A merge or split: history of the predecessor rolls up to the successor from `effective_on`. */
export const UnitSuccessionSchema = z
  .object({
    predecessor_id: IdSchema,
    successor_id: IdSchema,
    effective_on: DateSchema,
  })
  .refine((s) => s.predecessor_id !== s.successor_id, { path: ['successor_id'], message: 'a unit cannot succeed itself' });
export type UnitSuccession = z.infer<typeof UnitSuccessionSchema>;
