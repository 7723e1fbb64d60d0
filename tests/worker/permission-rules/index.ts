// Every route's permission rule, one file per resource; the matrix test fails for a documented route missing here.
import { accountRules } from './accounts.ts';
import { actionTrackingRules } from './action-tracking.ts';
import { checkRules, setupChecks } from './checks.ts';
import { checklistRules } from './checklists.ts';
import { auditRules, eventRules, exportRules, setupAudits, summaryRules } from './audits.ts';
import { findingRules, setupFindings, siteProfileRules } from './findings.ts';
import { notificationRules } from './notifications.ts';
import { reportRules } from './reports.ts';
import { targetRules } from './targets.ts';
import type { Rule, World } from './types.ts';
import { workflowRules } from './workflow.ts';

export const RULES: Record<string, Rule> = {
  ...accountRules,
  ...checklistRules,
  ...auditRules,
  ...summaryRules,
  ...eventRules,
  ...exportRules,
  ...siteProfileRules,
  ...findingRules,
  ...workflowRules,
  ...actionTrackingRules,
  ...checkRules,
  ...targetRules,
  ...reportRules,
  ...notificationRules,
};

/** Records each resource's rules need, made once per matrix run after the users exist. */
export const SETUPS: ((w: World) => Promise<void>)[] = [setupAudits, setupFindings, setupChecks];
