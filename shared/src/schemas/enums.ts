// The closed vocabularies of the domain (DESIGN section 3 and 4); D1 CHECK constraints use the same lists.
import { z } from 'zod';

export const ROLES = ['admin', 'leader', 'unit_head', 'inspector'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UNIT_LEVELS = ['province', 'department', 'district', 'commune', 'office'] as const;
export const UnitLevelSchema = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof UnitLevelSchema>;

/** Finding results, worst first: the order defines severity. */
export const RESULTS = ['nc_major', 'nc_minor', 'observation', 'ofi', 'conform', 'not_applicable'] as const;
export const ResultSchema = z.enum(RESULTS);
export type Result = z.infer<typeof ResultSchema>;

export const NC_RESULTS = ['nc_major', 'nc_minor'] as const satisfies readonly Result[];

export const CHECKLIST_VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export const ChecklistVersionStatusSchema = z.enum(CHECKLIST_VERSION_STATUSES);
export type ChecklistVersionStatus = z.infer<typeof ChecklistVersionStatusSchema>;

export const AUDIT_KINDS = ['internal', 'inspection', 'follow_up'] as const;
export const AuditKindSchema = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKindSchema>;

export const AUDIT_STATUSES = ['planned', 'in_progress', 'reporting', 'closed', 'cancelled'] as const;
export const AuditStatusSchema = z.enum(AUDIT_STATUSES);
export type AuditStatus = z.infer<typeof AuditStatusSchema>;

export const AUDIT_MEMBER_ROLES = ['lead', 'member'] as const;
export const AuditMemberRoleSchema = z.enum(AUDIT_MEMBER_ROLES);
export type AuditMemberRole = z.infer<typeof AuditMemberRoleSchema>;

/**
 * Finding status. Non-NC results (observation, ofi, conform, not_applicable) stay `recorded`;
 * NC results follow the nonconformity workflow from `open`.
 */
export const FINDING_STATUSES = [
  'recorded',
  'open',
  'action_planned',
  'disputed',
  'withdrawn',
  'action_done',
  'closed',
] as const;
export const FindingStatusSchema = z.enum(FINDING_STATUSES);
export type FindingStatus = z.infer<typeof FindingStatusSchema>;

export const EVIDENCE_KINDS = ['page_capture', 'screenshot', 'file'] as const;
export const EvidenceKindSchema = z.enum(EVIDENCE_KINDS);
export type EvidenceKind = z.infer<typeof EvidenceKindSchema>;

export const EVIDENCE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export const EvidenceMimeSchema = z.enum(EVIDENCE_MIME_TYPES);
export type EvidenceMime = z.infer<typeof EvidenceMimeSchema>;

export const SYNC_OP_KINDS = ['finding.upsert', 'finding.delete', 'evidence.create'] as const;
export const SyncOpKindSchema = z.enum(SYNC_OP_KINDS);
export type SyncOpKind = z.infer<typeof SyncOpKindSchema>;
