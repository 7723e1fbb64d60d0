// The one catalogue of cross-context calls: every message's name, its request schema (checked by the receiver) and
// its response type. Written with zod/mini, whose schemas tree-shake; the overlay content script imports only types
// from here and checks its few requests by hand (content-serve.ts, proved equal to these schemas by its test). Wire
// data bound for the API is validated again in the background with the shared schemas.
import * as z from 'zod/mini';
import type { Lang } from './i18n.ts';
import type { SweepRead } from './page/sweep-read.ts';
import type {
  AuditSummary,
  ChecklistItemView,
  DossierQuestion,
  EvidenceView,
  LocalFinding,
  PageCapture,
  PendingCaptureView,
  PageContext,
  CheckFlag,
  Scope,
  SessionUser,
  SyncState,
  UnitFiling,
  SweepView,
  FiguresView,
} from './model.ts';

export interface MessageDef<Req, Res> {
  request: z.ZodMiniType<Req>;
  /** Phantom: the response type, never set. */
  response?: Res;
}

/** A type-only marker for a message's response: `{} as Returns<T>`. */
export interface Returns<T> {
  readonly __returns?: T;
}

/* @__NO_SIDE_EFFECTS__ */
function def<S extends z.ZodMiniType, Res>(request: S, _response: Returns<Res>): MessageDef<z.infer<S>, Res> {
  return { request: request as z.ZodMiniType<z.infer<S>> };
}

const id = z.string().check(z.minLength(1), z.maxLength(64));
const text = (max: number) => z.string().check(z.maxLength(max));
const empty = z.object({});
const result = z.enum(['nc_major', 'nc_minor', 'observation', 'ofi', 'conform', 'not_applicable']);

/** A selector as it crosses from the page; the background checks it against the shared SelectorSchema. */
const selector = z.looseObject({ type: z.enum(['TextQuoteSelector', 'TextPositionSelector', 'CssSelector']) });

export const PageCaptureSchema = z.object({
  page_url: text(2048),
  page_title: text(500),
  selectors: z.array(selector).check(z.maxLength(8)),
  quote: text(4000),
  fields: z.record(z.string().check(z.maxLength(80)), z.unknown()),
  dossier_code: z.nullable(text(100)),
  confirm: z.optional(z.object({ dossier: text(100), set_finding_dossier: z.optional(z.boolean()) })),
});

const reportedDossier = z.object({
  code: text(100),
  kind: z.enum(['row', 'modal', 'page']),
  fields: z.record(text(64), z.union([z.nullable(text(300)), z.array(z.object({ requested_at: z.nullable(text(300)) })).check(z.maxLength(100))])),
});

/** A sweep's reading of a screen, as the content script answers it; the background parses it (issue 14). */
export const SweepReadSchema = z.object({
  url: text(2048),
  pageIds: z.array(text(64)).check(z.maxLength(50)),
  asOf: z.nullable(text(40)),
  dossiers: z.array(z.extend(reportedDossier, { detail: z.optional(text(2048)) })).check(z.maxLength(300)),
  total: z.number(),
  pagination: z.nullable(
    z.object({
      pageId: text(64),
      total: z.nullable(z.number()),
      hasNext: z.nullable(z.boolean()),
      page: z.nullable(z.number()),
      size: z.nullable(z.number()),
      nextHref: z.nullable(text(2048)),
      nextClickable: z.boolean(),
    }),
  ),
  detailPage: z.nullable(text(64)),
});

const PageReportSchema = z.object({
  url: text(2048),
  title: text(500),
  profileName: z.nullable(text(200)),
  pageIds: z.array(text(64)).check(z.maxLength(50)),
  dossierCode: z.nullable(text(100)),
  itemCodes: z.array(text(64)).check(z.maxLength(500)),
  anchored: z.number(),
  orphans: z.array(z.object({ id, quote: text(4000) })).check(z.maxLength(500)),
  firstBadgesMs: z.nullable(z.number()),
  /** The check fields of the dossiers on screen (issue 14: the background runs the rules on them). */
  dossiers: z.optional(z.array(reportedDossier).check(z.maxLength(300))),
  /** The page's "as of" time (an instant), when the profile reads one. */
  asOf: z.optional(z.nullable(text(40))),
});

/**
 * What the page shows of personal data, for a screenshot: rectangles in viewport CSS pixels, the viewport's size and
 * device pixel ratio, and a token of the layout (scroll position, viewport, ratio) that must not change between the
 * measure before the capture and the one after it.
 */
export interface ShotLayout {
  token: string;
  dpr: number;
  width: number;
  height: number;
  rects: { x: number; y: number; w: number; h: number }[];
}

/**
 * `password_change_required`: the account's password was set by an administrator and must be changed in the
 * dashboard first (`changePasswordUrl`); the extension keeps no session until then.
 */
export type LoginResult = { ok: true; user: SessionUser } | { ok: false; code: string; message: string; changePasswordUrl?: string };
export type CaptureResult =
  | { ok: true; evidence: EvidenceView }
  | { ok: false; code: 'no_selection' | 'no_page' | 'no_profile' | 'not_found' | 'failed'; message: string }
  /** Nothing attached: the finding belongs to another unit than the one findings now go to (the target was stale). */
  | { ok: false; code: 'unit_changed'; message: string }
  /** Nothing attached: the capture's dossier is not the finding's; send it again with `confirm` (`confirmCapture`). */
  | ({ ok: false; code: 'dossier_mismatch'; message: string; capture: PageCapture; screenshot: boolean } & DossierQuestion)
  /** Nothing attached yet: a capture from the page waits for the inspector's confirmation in the side panel. */
  | { ok: false; code: 'confirm_in_panel'; message: string }
  /** The inspector cancelled it, or it was no longer waiting. */
  | { ok: false; code: 'cancelled' | 'expired'; message: string };

/** Calls handled by the background (from the side panel, the options page and the overlay). */
export const backgroundMessages = {
  /** Who is signed in, where: never the token, which only the background reads. `pending`: ops not yet sent. */
  getSession: def(empty, {} as Returns<{ user: SessionUser | null; apiBase: string; scope: Scope | null; lang: Lang; pending: number }>),
  /**
   * A new API base from the options page (https://, or http:// to loopback; `invalid_api_base` otherwise). A change
   * signs out (revoking the token on the old server when it answers) and forgets what was cached from the old server;
   * changes not yet sent stay listed as refused (`server_changed`) for export, never sent to the new server.
   */
  setApiBase: def(z.object({ apiBase: text(2048) }), {} as Returns<{ apiBase: string; changed: boolean; signedOut: boolean }>),
  login: def(z.object({ email: text(254), password: text(200) }), {} as Returns<LoginResult>),
  logout: def(empty, {} as Returns<Record<string, never>>),
  listAudits: def(empty, {} as Returns<{ audits: AuditSummary[]; offline: boolean }>),
  getChecklist: def(z.object({ auditId: id, unitId: id }), {} as Returns<{ items: ChecklistItemView[]; findings: LocalFinding[]; offline: boolean }>),
  getFindings: def(z.object({ auditId: id, unitId: id }), {} as Returns<{ findings: LocalFinding[] }>),
  /**
   * The inspector chose an audit (`unitId` is the panel's default; the page's profile may name another) or, with
   * `manual`, a unit: that choice then holds for this audit and the page's system for the session. Answers the scope
   * the background settled on and where findings go.
   */
  selectScope: def(z.object({ auditId: id, unitId: id, manual: z.optional(z.boolean()) }), {} as Returns<{ scope: Scope | null; filing: UnitFiling | null }>),
  /** The scope and where a finding recorded now goes (unit, why, the page's system and whether it is in the audit). */
  getFiling: def(empty, {} as Returns<{ scope: Scope | null; filing: UnitFiling | null }>),
  recordFinding: def(
    z.object({
      findingId: z.optional(id),
      auditId: id,
      unitId: id,
      itemId: id,
      result,
      note: text(8000),
      dossierCode: z.nullable(text(100)),
      pageUrl: z.nullable(text(2048)),
    }),
    {} as Returns<{ finding: LocalFinding }>,
  ),
  deleteFinding: def(z.object({ findingId: id }), {} as Returns<Record<string, never>>),
  listEvidence: def(z.object({ findingId: id }), {} as Returns<{ evidence: EvidenceView[] }>),
  setCaptureTarget: def(z.nullable(z.object({ findingId: id, itemCode: text(64), result })), {} as Returns<Record<string, never>>),
  captureSelection: def(z.object({ findingId: id, screenshot: z.boolean() }), {} as Returns<CaptureResult>),
  startPicker: def(z.object({ findingId: id, screenshot: z.boolean() }), {} as Returns<CaptureResult | { ok: true; picking: true }>),
  submitCapture: def(z.object({ findingId: id, screenshot: z.boolean(), capture: PageCaptureSchema }), {} as Returns<CaptureResult>),
  /** A capture answered `dossier_mismatch`, sent again with the inspector's answer (from the side panel: the page tab). */
  confirmCapture: def(z.object({ findingId: id, screenshot: z.boolean(), capture: PageCaptureSchema }), {} as Returns<CaptureResult>),
  /** The capture from the page tab waiting for the inspector's confirmation, if any. */
  getPendingCapture: def(empty, {} as Returns<{ pending: PendingCaptureView | null }>),
  /** The inspector's answer to a waiting capture (`attach_set`: attach and set the finding's dossier code). */
  answerPendingCapture: def(z.object({ id, choice: z.enum(['attach', 'attach_set', 'cancel']) }), {} as Returns<CaptureResult>),
  getSyncState: def(empty, {} as Returns<SyncState>),
  syncNow: def(empty, {} as Returns<SyncState>),
  resolveConflict: def(z.object({ opId: id, choice: z.enum(['mine', 'theirs']) }), {} as Returns<Record<string, never>>),
  dismissRejected: def(z.object({ opId: id }), {} as Returns<Record<string, never>>),
  getPageContext: def(empty, {} as Returns<PageContext | null>),
  /** Records the finding a check suggests (its result, its explanation as the note) and captures its evidence. */
  acceptSuggestion: def(z.object({ key: text(400) }), {} as Returns<{ finding: LocalFinding; evidence: CaptureResult }>),
  /** Puts a suggestion aside with the inspector's reason (counted as a false positive of its rule). */
  dismissSuggestion: def(z.object({ key: text(400), reason: z.string().check(z.trim(), z.minLength(3), z.maxLength(500)) }), {} as Returns<Record<string, never>>),
  /**
   * "Check the whole list" (issue 14) from the list on the page tab: its pages, then the detail screens a rule needs.
   * `intervalMs`: the least time between two navigations (default 400 ms, at least 100 ms).
   */
  startSweep: def(z.object({ intervalMs: z.optional(z.number().check(z.gte(100), z.lte(60_000))) }), {} as Returns<{ sweep: SweepView }>),
  /** The sweep of this session (running, paused or ended) and, once done, its results. */
  getSweep: def(empty, {} as Returns<{ sweep: SweepView | null }>),
  /** Pauses, resumes or cancels the sweep; `clear` forgets an ended one. */
  controlSweep: def(z.object({ action: z.enum(['pause', 'resume', 'cancel', 'clear']) }), {} as Returns<{ sweep: SweepView | null }>),
  /** The reported figures of the finished sweep's unit (issue 14), to verify against what the sweep read. */
  sweepFigures: def(empty, {} as Returns<{ figures: FiguresView[] }>),
  /**
   * Takes the figures' drawn positions from the dossiers the sweep read as resolved in the period, records their
   * outcomes on the server and answers its verification; `frame_mismatch` when the list did not show as many resolved
   * dossiers as the unit reported.
   */
  verifyFigures: def(z.object({ figuresId: id }), {} as Returns<{ figures: FiguresView }>),
  /** The page's state; answers the fields the checks flag on it (issue 14), to be marked on the page. */
  reportPage: def(PageReportSchema, {} as Returns<{ flags: CheckFlag[] }>),
  focusItem: def(z.object({ itemCode: text(64), dossierCode: z.nullable(text(100)) }), {} as Returns<Record<string, never>>),
  /**
   * The overlay recognised its page (or is asked for a capture or a sweep's reading): the background injects the rest
   * of the overlay (`overlay-more.js`: evidence, captures, check fields, the sweep's page side) into the frame that
   * asks, in the content scripts' isolated world (ADR 0007). Injecting it again is harmless: it starts once.
   */
  loadOverlayMore: def(empty, {} as Returns<Record<string, never>>),
  setLang: def(z.object({ lang: z.enum(['vi', 'en']) }), {} as Returns<Record<string, never>>),
};

/** Calls handled by the overlay content script of a tab (from the background). */
export const contentMessages = {
  captureSelection: def(empty, {} as Returns<{ ok: true; capture: PageCapture } | { ok: false; code: 'no_selection' | 'no_profile' }>),
  startPicker: def(z.object({ findingId: id, screenshot: z.boolean() }), {} as Returns<{ ok: true }>),
  /** Hides the overlay's own UI, waits for the page to be painted without it and measures its personal values. */
  shotPrepare: def(empty, {} as Returns<ShotLayout | null>),
  /** Measures again (right after the capture): the masks are painted only when nothing moved. */
  shotMeasure: def(empty, {} as Returns<ShotLayout | null>),
  /** Shows the overlay's UI again. */
  shotEnd: def(empty, {} as Returns<Record<string, never>>),
  ping: def(empty, {} as Returns<{ url: string }>),
  /** The capture of a dossier's place on screen (its row, modal or page) for a suggestion's evidence. */
  captureDossier: def(z.object({ code: text(100) }), {} as Returns<{ ok: true; capture: PageCapture } | { ok: false; code: 'not_on_screen' }>),
  /** A sweep reads the screen as it is now (null: no profile matches the page, or the overlay has not started). */
  sweepRead: def(empty, {} as Returns<{ read: SweepRead | null }>),
  /** A sweep presses the list's next-page control the profile declares, when it is a button. */
  sweepNext: def(empty, {} as Returns<{ pressed: boolean }>),
  /** A short message for the inspector on the page (a capture confirmed with the keyboard command). */
  notice: def(z.object({ text: text(300) }), {} as Returns<Record<string, never>>),
};

/** Notifications for the side panel (from the background); nobody answers them. */
export const panelMessages = {
  /** `scope`: the background moved the scope's unit (the page tab shows another unit's system). */
  stateChanged: def(z.object({ what: z.enum(['sync', 'findings', 'page', 'session', 'evidence', 'scope', 'capture', 'sweep']) }), {} as Returns<Record<string, never>>),
  itemFocused: def(z.object({ itemCode: text(64), dossierCode: z.nullable(text(100)) }), {} as Returns<Record<string, never>>),
};

/**
 * Who may send a message (issue 13): `extension` — the side panel, the options page, the background; `content` — the
 * overlay content script in the top frame of a tab whose URL an active site profile matches. The content-script
 * world is the dossier page's (a hostile page can call whatever the overlay can), so it may only report its page,
 * open an item, load the rest of its own code and hand in a capture for the capture target of the tab the panel works
 * on (kept until the inspector confirms it in extension UI); it never records, edits or deletes a finding, attaches evidence, reads the audit, signs in or out, or changes the server.
 */
export type SenderKind = 'extension' | 'content';

const PAGES = ['extension'] as const;
const OVERLAY = ['content'] as const;

export const backgroundSenders: { readonly [K in keyof BackgroundMessages]: readonly SenderKind[] } = {
  getSession: PAGES,
  setApiBase: PAGES,
  login: PAGES,
  logout: PAGES,
  listAudits: PAGES,
  getChecklist: PAGES,
  getFindings: PAGES,
  selectScope: PAGES,
  getFiling: PAGES,
  recordFinding: PAGES,
  deleteFinding: PAGES,
  listEvidence: PAGES,
  setCaptureTarget: PAGES,
  captureSelection: PAGES,
  startPicker: PAGES,
  /**
   * From the overlay's toolbar or picker; the background checks the tab and the finding (the capture target), and
   * only keeps it: the side panel (`answerPendingCapture`) or the keyboard command attaches it.
   */
  submitCapture: OVERLAY,
  confirmCapture: PAGES,
  getPendingCapture: PAGES,
  answerPendingCapture: PAGES,
  getSyncState: PAGES,
  syncNow: PAGES,
  resolveConflict: PAGES,
  dismissRejected: PAGES,
  getPageContext: PAGES,
  acceptSuggestion: PAGES,
  dismissSuggestion: PAGES,
  startSweep: PAGES,
  getSweep: PAGES,
  controlSweep: PAGES,
  sweepFigures: PAGES,
  verifyFigures: PAGES,
  reportPage: OVERLAY,
  focusItem: OVERLAY,
  loadOverlayMore: OVERLAY,
  setLang: PAGES,
};

export type Catalogue = Record<string, MessageDef<unknown, unknown>>;
export type BackgroundMessages = typeof backgroundMessages;
export type ContentMessages = typeof contentMessages;
export type PanelMessages = typeof panelMessages;
export type Req<C, K extends keyof C> = C[K] extends MessageDef<infer Q, unknown> ? Q : never;
export type Res<C, K extends keyof C> = C[K] extends MessageDef<unknown, infer R> ? R : never;
