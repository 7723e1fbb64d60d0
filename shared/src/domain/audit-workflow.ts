// The audit state machine (DESIGN section 4): planned → in_progress → reporting → closed, planned → cancelled,
// with the gates each step needs, and who may record findings in which state.
import type { Audit } from '../schemas/audits.ts';
import type { AuditMemberRole, AuditStatus } from '../schemas/enums.ts';
import { refuse, type Outcome } from './outcome.ts';

/** Allowed next states; closed and cancelled are final. */
export const AUDIT_TRANSITIONS: Readonly<Record<AuditStatus, readonly AuditStatus[]>> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['reporting'],
  reporting: ['closed'],
  closed: [],
  cancelled: [],
};

/** The timestamp column a transition sets. */
export const AUDIT_STATUS_TIMESTAMP = {
  in_progress: 'started_at',
  reporting: 'reporting_at',
  closed: 'closed_at',
  cancelled: 'cancelled_at',
} as const satisfies Partial<Record<AuditStatus, keyof Audit>>;

export const AUDIT_TRANSITION_CODES = [
  'transition_not_allowed',
  'units_required',
  'checklist_required',
  'checklist_not_published',
  'lead_required',
  'nonconformities_unresolved',
  'coverage_below_threshold',
  'early_start_reason_required',
] as const;
export type AuditTransitionCode = (typeof AUDIT_TRANSITION_CODES)[number];

/** Facts the gates need, counted by the caller. */
export interface AuditGateContext {
  /** Rows in audit_units. */
  unitCount: number;
  /** Rows in audit_checklists. */
  pinnedVersionCount: number;
  /** Pinned versions that are still drafts (an audit works on published checklists only). */
  draftVersionCount?: number;
  /** Live NC findings (not deleted) in `open`. */
  openNcCount: number;
  /** Live NC findings in `disputed`. */
  disputedNcCount: number;
  /** Assessed (unit, item) pairs and the audit's checklist items × units; without it the coverage gate is skipped. */
  coverage?: AuditCoverage;
  /** The audit's planned start and today (YYYY-MM-DD); without them the early-start gate is skipped. */
  plannedStart?: string;
  today?: string;
  /** The written reason given for passing a gate anyway (the transition's `note`). */
  reason?: string | null;
}

export interface AuditCoverage {
  assessed: number;
  total: number;
}

/** Below this share of assessed items, moving to `reporting` or `closed` needs a written reason. */
export const AUDIT_COVERAGE_THRESHOLD = 0.8;
/** The shortest reason accepted for passing a gate anyway. */
export const AUDIT_REASON_MIN_LENGTH = 10;

/** Assessed share of the audit's items, 0 when it has none. */
export const coverageRatio = (c: AuditCoverage): number => (c.total > 0 ? c.assessed / c.total : 0);

export const hasGateReason = (reason: string | null | undefined): boolean => (reason ?? '').trim().length >= AUDIT_REASON_MIN_LENGTH;

export const canTransitionAudit = (from: AuditStatus, to: AuditStatus): boolean => AUDIT_TRANSITIONS[from].includes(to);

/** Checks one audit transition: first that the step exists, then its gates. */
export function checkAuditTransition(
  audit: Pick<Audit, 'status' | 'lead_user_id'>,
  to: AuditStatus,
  ctx: AuditGateContext,
): Outcome<AuditTransitionCode> {
  const from = audit.status;
  if (!canTransitionAudit(from, to)) {
    const next = AUDIT_TRANSITIONS[from];
    const detail =
      from === to
        ? `The audit is already ${from}.`
        : next.length === 0
          ? `The audit is ${from}; it cannot change any more.`
          : `An audit cannot go from ${from} to ${to}; from ${from} it can go to ${next.join(' or ')}.`;
    return refuse('transition_not_allowed', detail);
  }
  if (to === 'in_progress') {
    if (ctx.unitCount < 1) return refuse('units_required', 'Add at least one unit to the audit before starting it.');
    if (ctx.pinnedVersionCount < 1) return refuse('checklist_required', 'Pin at least one checklist version before starting the audit.');
    if ((ctx.draftVersionCount ?? 0) > 0) {
      return refuse('checklist_not_published', 'Every pinned checklist version must be published before the audit starts.');
    }
    if (audit.lead_user_id === null) return refuse('lead_required', 'Name a lead inspector before starting the audit.');
    if (ctx.plannedStart !== undefined && ctx.today !== undefined && ctx.today < ctx.plannedStart && !hasGateReason(ctx.reason)) {
      return refuse(
        'early_start_reason_required',
        `The audit is planned to start on ${ctx.plannedStart}; starting it earlier needs a written reason of at least ${AUDIT_REASON_MIN_LENGTH} characters.`,
      );
    }
  }
  if (to === 'closed') {
    const unresolved = ctx.openNcCount + ctx.disputedNcCount;
    if (unresolved > 0) {
      return refuse(
        'nonconformities_unresolved',
        `The audit cannot close while ${ctx.openNcCount} nonconformit${ctx.openNcCount === 1 ? 'y is' : 'ies are'} open and ` +
          `${ctx.disputedNcCount} ${ctx.disputedNcCount === 1 ? 'is' : 'are'} disputed; each needs a response or a review first.`,
      );
    }
  }
  if ((to === 'reporting' || to === 'closed') && ctx.coverage !== undefined) {
    const ratio = coverageRatio(ctx.coverage);
    if (ratio < AUDIT_COVERAGE_THRESHOLD && !hasGateReason(ctx.reason)) {
      return refuse(
        'coverage_below_threshold',
        `Only ${ctx.coverage.assessed} of ${ctx.coverage.total} items were assessed (${Math.floor(ratio * 100)}%, below ${AUDIT_COVERAGE_THRESHOLD * 100}%); ` +
          `moving to ${to} needs a written reason of at least ${AUDIT_REASON_MIN_LENGTH} characters.`,
      );
    }
  }
  return { ok: true };
}

/**
 * Whether a team member may record or edit findings: every member while `in_progress`; the lead may still correct
 * them in `reporting`. Non-members (null) never may.
 */
export function canRecordFindings(status: AuditStatus, memberRole: AuditMemberRole | null): boolean {
  if (memberRole === null) return false;
  if (status === 'in_progress') return true;
  return status === 'reporting' && memberRole === 'lead';
}

/** Unit heads see findings about their units from the closing meeting (`reporting`) on. */
export const unitHeadSeesFindings = (status: AuditStatus): boolean => status === 'reporting' || status === 'closed';
