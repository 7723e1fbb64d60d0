// Audits with their units, team and pinned checklist versions; plan and transition bodies.
import { z } from 'zod';
import { DateSchema, IdSchema, TimestampSchema, VersionSchema, line, optionalText } from './common.ts';
import { DEFAULT_REMINDER_AFTER_DAYS, ReminderAfterDaysSchema } from './notifications.ts';
import { AuditKindSchema, AuditMemberRoleSchema, AuditStatusSchema, ChecklistVersionStatusSchema, FindingStatusSchema, ResultSchema, UnitLevelSchema } from './enums.ts';

export const AuditCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}._/-]+$/u, 'letters, digits, dot, slash, dash or underscore');

export const AuditSchema = z.object({
  id: IdSchema,
  code: z.string().max(64),
  title: z.string().max(300),
  kind: AuditKindSchema,
  status: AuditStatusSchema,
  /** The unit that plans the audit (its subtree's leaders see it). */
  owner_unit_id: IdSchema,
  planned_start: DateSchema,
  planned_end: DateSchema,
  started_at: TimestampSchema.nullable(),
  reporting_at: TimestampSchema.nullable().default(null),
  closed_at: TimestampSchema.nullable(),
  cancelled_at: TimestampSchema.nullable().default(null),
  lead_user_id: IdSchema.nullable(),
  scope_note: z.string().max(4000),
  /** Unit heads are reminded of a nonconformity left unanswered this many days (docs/reminders.md). */
  reminder_after_days: ReminderAfterDaysSchema.default(DEFAULT_REMINDER_AFTER_DAYS),
  version: VersionSchema,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type Audit = z.infer<typeof AuditSchema>;

export const AuditUnitSchema = z.object({ audit_id: IdSchema, unit_id: IdSchema });
export type AuditUnit = z.infer<typeof AuditUnitSchema>;

export const AuditMemberSchema = z.object({ audit_id: IdSchema, user_id: IdSchema, role: AuditMemberRoleSchema });
export type AuditMember = z.infer<typeof AuditMemberSchema>;

export const AuditChecklistSchema = z.object({ audit_id: IdSchema, version_id: IdSchema });
export type AuditChecklist = z.infer<typeof AuditChecklistSchema>;

/** A row of `GET /audits`. */
export const AuditListItemSchema = AuditSchema.extend({
  unit_count: z.number().int().min(0),
  finding_count: z.number().int().min(0),
  open_nc_count: z.number().int().min(0),
  lead_name: z.string().nullable(),
});
export type AuditListItem = z.infer<typeof AuditListItemSchema>;

/** `GET /audits/{id}`: the audit with its units, team and pinned versions. */
export const AuditDetailSchema = AuditSchema.extend({
  units: z.array(z.object({ id: IdSchema, code: z.string(), name: z.string(), level: UnitLevelSchema })).max(1000),
  members: z
    .array(z.object({ user_id: IdSchema, display_name: z.string(), email: z.string(), role: AuditMemberRoleSchema }))
    .max(200),
  checklists: z
    .array(
      z.object({
        version_id: IdSchema,
        checklist_id: IdSchema,
        checklist_code: z.string(),
        title_vi: z.string(),
        title_en: z.string().default(''),
        version: z.number().int().min(1),
        status: ChecklistVersionStatusSchema,
        item_count: z.number().int().min(0),
      }),
    )
    .max(20),
  /** The caller's role in the audit team, if any. */
  my_role: AuditMemberRoleSchema.nullable(),
});
export type AuditDetail = z.infer<typeof AuditDetailSchema>;

export const MAX_AUDIT_UNITS = 200;
export const MAX_AUDIT_MEMBERS = 50;
export const MAX_AUDIT_VERSIONS = 10;

const plan = {
  title: line(300),
  kind: AuditKindSchema,
  planned_start: DateSchema,
  planned_end: DateSchema,
  scope_note: optionalText(4000),
  unit_ids: z.array(IdSchema).min(1).max(MAX_AUDIT_UNITS),
  version_ids: z.array(IdSchema).min(1).max(MAX_AUDIT_VERSIONS),
  lead_user_id: IdSchema,
  /** Team members besides the lead. */
  member_ids: z.array(IdSchema).max(MAX_AUDIT_MEMBERS),
  reminder_after_days: ReminderAfterDaysSchema,
};

const endNotBeforeStart = (a: { planned_start?: string | undefined; planned_end?: string | undefined }) =>
  a.planned_start === undefined || a.planned_end === undefined || a.planned_end >= a.planned_start;
const endMessage = { path: ['planned_end'], message: 'must not be before planned_start' };

const noDuplicates = (ids: readonly string[] | undefined) => ids === undefined || new Set(ids).size === ids.length;

export const AuditCreateSchema = z
  .object({
    code: AuditCodeSchema,
    /** Defaults to the caller's unit. */
    owner_unit_id: IdSchema.optional(),
    ...plan,
    scope_note: plan.scope_note.default(''),
    member_ids: plan.member_ids.default([]),
    reminder_after_days: plan.reminder_after_days.default(DEFAULT_REMINDER_AFTER_DAYS),
  })
  .refine(endNotBeforeStart, endMessage)
  .refine((a) => noDuplicates(a.unit_ids), { path: ['unit_ids'], message: 'a unit is listed twice' })
  .refine((a) => noDuplicates(a.version_ids), { path: ['version_ids'], message: 'a version is listed twice' });
export type AuditCreate = z.infer<typeof AuditCreateSchema>;

/** Plan changes (only while `planned`, except title and scope note); `version` guards against lost updates. */
export const AuditPatchSchema = z
  .object({
    version: VersionSchema,
    title: plan.title.optional(),
    kind: plan.kind.optional(),
    planned_start: plan.planned_start.optional(),
    planned_end: plan.planned_end.optional(),
    scope_note: plan.scope_note.optional(),
    unit_ids: plan.unit_ids.optional(),
    version_ids: plan.version_ids.optional(),
    lead_user_id: plan.lead_user_id.optional(),
    member_ids: plan.member_ids.optional(),
    reminder_after_days: plan.reminder_after_days.optional(),
  })
  .refine(endNotBeforeStart, endMessage)
  .refine((a) => noDuplicates(a.unit_ids), { path: ['unit_ids'], message: 'a unit is listed twice' })
  .refine((a) => noDuplicates(a.version_ids), { path: ['version_ids'], message: 'a version is listed twice' });
export type AuditPatch = z.infer<typeof AuditPatchSchema>;

/** `POST /audits/{id}/transitions`. */
export const AuditTransitionRequestSchema = z.object({
  to: AuditStatusSchema,
  /** When given, the transition is refused if the audit changed since. */
  version: VersionSchema.optional(),
  note: optionalText(2000).optional(),
});
export type AuditTransitionRequest = z.infer<typeof AuditTransitionRequestSchema>;

/** A finding as listed under its item in `GET /audits/{id}/checklist`. */
export const FindingBriefSchema = z.object({
  id: IdSchema,
  result: ResultSchema,
  status: FindingStatusSchema,
  note: z.string(),
  dossier_code: z.string().nullable(),
  recorded_by: IdSchema,
  recorded_by_name: z.string().nullable(),
  recorded_at: TimestampSchema,
  version: VersionSchema,
});
export type FindingBrief = z.infer<typeof FindingBriefSchema>;

/** `GET /audits/{id}/checklist?unit=`: the pinned items for one audited unit with the latest results. */
export const AuditChecklistViewSchema = z.object({
  audit_id: IdSchema,
  unit_id: IdSchema,
  items: z
    .array(
      z.object({
        id: IdSchema,
        version_id: IdSchema,
        code: z.string(),
        clause: z.string(),
        section_vi: z.string(),
        section_en: z.string(),
        text_vi: z.string(),
        text_en: z.string(),
        guidance_vi: z.string(),
        evidence_hint_vi: z.string(),
        weight: z.number().int(),
        sort: z.number().int(),
        on_page: z.boolean(),
        page_rule_hint: z.string().nullable(),
        /** Worst live result for this unit (DESIGN section 5). */
        item_result: ResultSchema.nullable(),
        /** The caller's latest finding for the item. */
        mine: FindingBriefSchema.nullable(),
        /** Every live finding for the item and unit, the team's included, newest first. */
        findings: z.array(FindingBriefSchema),
      }),
    )
    .max(2000),
});
export type AuditChecklistView = z.infer<typeof AuditChecklistViewSchema>;
