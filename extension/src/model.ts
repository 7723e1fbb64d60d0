// The shapes the extension's contexts exchange (background ↔ side panel ↔ overlay): types only, so every context can
// import them without pulling a validator into its bundle. Wire shapes come from @onestop/shared.
import type { EvidenceFieldValue, FindingStatus, Result, Role, Selector, SiteProfile } from '@onestop/shared';
import type { Lang } from './i18n.ts';
import type { ReportedDossier } from './page/check-fields.ts';

export interface SessionUser {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  unit_name: string | null;
}

export interface Session {
  token: string;
  user: SessionUser;
  expires_at: string;
  /** The API base URL the token belongs to. */
  api_base: string;
}

export interface AuditUnitRef {
  id: string;
  code: string;
  name: string;
}

export interface AuditSummary {
  id: string;
  code: string;
  title: string;
  status: 'planned' | 'in_progress' | 'reporting' | 'closed' | 'cancelled';
  units: AuditUnitRef[];
  my_role: 'lead' | 'member' | null;
  /** The checklists pinned to the audit (their rule sets drive the automated checks). */
  checklist_ids?: string[];
}

export interface Scope {
  auditId: string;
  unitId: string;
}

/**
 * Why the scope's unit is the one a finding goes to: the profile of the page's system names it, the inspector chose it
 * in the side panel, or neither (the audit's first unit, kept until a page names one).
 */
export type UnitSource = { kind: 'profile'; profileName: string } | { kind: 'manual' } | { kind: 'default' };

/** A unit a site profile names, with its name when one of the inspector's audits covers it. */
export interface ProfileUnitRef {
  code: string;
  name: string | null;
}

/** Where a finding recorded now goes, and why: the side panel shows it beside the recording controls. */
export interface UnitFiling {
  auditId: string;
  unitId: string;
  unitName: string;
  source: UnitSource;
  /**
   * The dossier system of the page tab, when its profile names units: the profile's name, its units, and whether the
   * audit covers one of them. Null on a page without a profile, or whose profile names no unit.
   */
  page: { profileName: string; units: ProfileUnitRef[]; inAudit: boolean } | null;
  /**
   * The page belongs to units the audit does not cover and the inspector has not chosen a unit for it: new findings
   * wait until a unit is chosen (never filed silently to a unit the page does not belong to).
   */
  needsChoice: boolean;
}

export interface ChecklistItemView {
  id: string;
  code: string;
  clause: string;
  section_vi: string;
  section_en: string;
  text_vi: string;
  text_en: string;
  guidance_vi: string;
  evidence_hint_vi: string;
  weight: number;
  sort: number;
  on_page: boolean;
  page_rule_hint: string | null;
  item_result: Result | null;
}

/** A finding as the extension keeps it: the server's copy, or a local one not yet synced. */
export interface LocalFinding {
  id: string;
  audit_id: string;
  unit_id: string;
  item_id: string;
  result: Result;
  note: string;
  dossier_code: string | null;
  page_url: string | null;
  status: FindingStatus | null;
  recorded_by: string;
  recorded_by_name: string | null;
  recorded_at: string;
  /** The server version this copy is based on; null until the create op applies. */
  version: number | null;
  seq: number | null;
  deleted: boolean;
  /** Ops for it wait in the outbox. */
  pending: boolean;
  conflict: boolean;
  evidence_count: number;
}

export interface FindingFields {
  result: Result;
  note: string;
  dossier_code: string | null;
}

export interface ConflictView {
  opId: string;
  findingId: string;
  itemId: string;
  mine: FindingFields;
  theirs: FindingFields & { version: number; recorded_by: string; updated_at: string };
}

/** An op set aside (refused by the server or by the local check): shown with its reason, exported, dismissed. */
export interface RejectedView {
  opId: string;
  kind: string;
  entityId: string;
  title: string;
  detail: string;
  /** The problem's code (`invalid_op`, `finding_deleted`, …), or `conflict` for a conflict that cannot be merged. */
  code: string;
  status: number | null;
  /** Each failing field, with its path from the request body (`$.ops[1].data.result`). */
  errors: { path: string; message: string }[];
  queuedAt: string;
  attempts: number;
  /** The op's data as the outbox stores it (citizen identifiers already masked), for the export. */
  data: unknown;
}

export interface SyncState {
  signedIn: boolean;
  online: boolean;
  syncing: boolean;
  pending: number;
  lastSyncAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  conflicts: ConflictView[];
  rejected: RejectedView[];
}

/** What the content script found on the page tab, for the side panel. */
export interface PageReport {
  url: string;
  title: string;
  profileName: string | null;
  pageIds: string[];
  dossierCode: string | null;
  /** Checklist item codes bound to elements on the page, in page order. */
  itemCodes: string[];
  anchored: number;
  orphans: { id: string; quote: string }[];
  firstBadgesMs: number | null;
  /** The check fields of the dossiers on screen (src/page/check-fields.ts). */
  dossiers?: ReportedDossier[];
  asOf?: string | null;
}

/**
 * A finding the checks suggest for a dossier on the page tab (issue 14): a rule's violation, with its explanation
 * and the values it used. `key` names it (rule and dossier).
 */
export interface Suggestion {
  key: string;
  rule_id: string;
  rule_version: number;
  item_code: string;
  suggests: Result;
  title: { vi: string; en: string };
  message: { vi: string; en: string };
  basis: { vi: string; en: string };
  dossier_code: string;
  kind: 'row' | 'modal' | 'page';
  facts: Record<string, string | number | boolean | null>;
  /** The fields the rule read, for marking them on the page. */
  fields: string[];
  as_of: string;
  /** Already recorded as a finding by the inspector (this audit, unit, item and dossier). */
  recorded: boolean;
}

/** A field the checks flag on a dossier on screen, for the overlay to mark (no result, no rule text: a title only). */
export interface CheckFlag {
  code: string;
  fields: string[];
  /** The rule's title in the inspector's language. */
  title: string;
}

export interface PageContext extends Omit<PageReport, 'dossiers'> {
  tabId: number;
  /** What the checks suggest on this page, dismissed ones left out. */
  suggestions: Suggestion[];
  /** Dossiers the checks looked at, and how many rules they ran. */
  checked: { dossiers: number; rules: number; ruleSet: string | null };
  /** The page shows a list its profile lets a sweep page through ("check the whole list"). */
  sweepable: boolean;
}

/** What the overlay needs, kept in extension storage by the background so the page never waits for it. */
export interface OverlayItem {
  id: string;
  code: string;
  text_vi: string;
  text_en: string;
  /** The latest result recorded without a dossier code, or null. */
  latest: Result | null;
  /** The latest result per sampled dossier code. */
  byDossier: Record<string, Result>;
}

export interface CaptureTarget {
  findingId: string;
  itemCode: string;
  result: Result;
  /**
   * The dossier code of the finding (null: none), filled in by the background; a capture from another dossier asks
   * before it is attached. Undefined when not known.
   */
  dossierCode?: string | null;
}

export interface OverlayEvidence {
  id: string;
  finding_id: string;
  item_code: string;
  page_url: string | null;
  selectors: Selector[];
  quote: string | null;
  /** The dossier code of the row, modal or page it was captured on (its record); null when no dossier was on screen. */
  record: string | null;
}

export interface OverlayState {
  version: 1;
  lang: Lang;
  profiles: SiteProfile[];
  scope: { auditCode: string; unitName: string } | null;
  items: Record<string, OverlayItem>;
  target: CaptureTarget | null;
  evidence: OverlayEvidence[];
}

/** A capture made on the page: selectors and quote already redacted. */
export interface PageCapture {
  page_url: string;
  page_title: string;
  selectors: Selector[];
  quote: string;
  fields: Record<string, EvidenceFieldValue>;
  dossier_code: string | null;
  /**
   * The inspector's answer when the capture's dossier differs from the finding's: attach evidence of `dossier` anyway,
   * and set it as the finding's dossier code when the finding has none and `set_finding_dossier` is true.
   */
  confirm?: CaptureConfirmation;
}

export interface CaptureConfirmation {
  dossier: string;
  set_finding_dossier?: boolean;
}

/** A capture that waits for the inspector: its dossier is not the finding's (or the finding names none). */
export interface DossierQuestion {
  findingId: string;
  /** The finding's dossier code, or null when it has none. */
  findingDossier: string | null;
  captureDossier: string;
}

/**
 * A capture handed in from the page (the overlay's toolbar or a picked element), kept by the background until the
 * inspector confirms it in the side panel or with the keyboard command (issue 13): nothing the page can script
 * attaches evidence. `question`: the capture's dossier against the finding's (`no_dossier`: the finding names none).
 */
export interface PendingCaptureView {
  id: string;
  findingId: string;
  /** The quote as it will be stored (masked). */
  quote: string;
  pageTitle: string;
  captureDossier: string | null;
  findingDossier: string | null;
  question: 'none' | 'other_dossier' | 'no_dossier';
  screenshot: boolean;
  /** When it was handed in (ISO); it expires after a few minutes. */
  createdAt: string;
}

export interface EvidenceView {
  id: string;
  finding_id: string;
  quote: string | null;
  page_url: string | null;
  page_title: string | null;
  has_blob: boolean;
  state: 'queued' | 'created' | 'uploaded' | 'failed';
  captured_at: string;
}

/** A sweep as the side panel shows it (issue 14): its progress and, once done, what the rules found. */
export interface SweepView {
  id: string;
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
  phase: 'list' | 'details' | 'done';
  profileName: string;
  startUrl: string;
  pagesRead: number;
  pagesTotal: number | null;
  dossiersRead: number;
  dossiersTotal: number | null;
  detailsQueued: number;
  detailsDone: number;
  detailsFailed: number;
  intervalMs: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Once done: outcomes per rule, the on-time rate, and the violations as suggestions (dismissed ones left out). */
  result: {
    dossiers: number;
    withViolation: number;
    rules: { rule_id: string; item_code: string; title: { vi: string; en: string }; pass: number; violation: number; not_applicable: number; undecidable: number }[];
    onTime: { on_time: number; late: number; decided: number; rate_percent: number | null } | null;
    suggestions: Suggestion[];
    /** The sample on the server: `sent`, waiting to be sent (offline), or refused with the server's reason. */
    sample: { state: 'sent' | 'pending' | 'refused' | 'none'; message: string | null };
  } | null;
}

/** A unit's reported figures a finished sweep can verify (issue 14), and the verification once done. */
export interface FiguresView {
  id: string;
  from: string;
  to: string;
  unitName: string;
  /** The reported resolved count (the sampling frame's size) and the sample size; null without a plan. */
  population: number | null;
  size: number | null;
  reportedRate: number | null;
  verification: {
    checked: number;
    planned: number;
    sampledRate: number | null;
    lower: number | null;
    upper: number | null;
    outside: boolean | null;
    message: { vi: string; en: string };
    suggestion: { item_code: string; suggests: string; message: { vi: string; en: string } } | null;
  } | null;
}
