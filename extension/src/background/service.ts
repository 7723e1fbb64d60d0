// The background service: the only code that talks to the API. It answers the catalogue's calls (each from the
// senders `backgroundSenders` names), owns the API base and the token (in its IndexedDB, out of content scripts'
// reach), the IndexedDB outbox and the sync engine, caches what the inspector needs offline (audits, checklists, site
// profiles), keeps the overlay's state in storage and tracks which tab is the dossier page.
import { createWorkingCalendar, GOVERNMENT_DECISIONS_2025_2026, ONE_STOP_118_RULES, pickProfile, SiteProfileSchema, uuidv7, type CheckRuleSet, type SiteProfile, type WorkingCalendar } from '@onestop/shared';
import { browser, type Browser } from 'wxt/browser';
import { normalizeApiBase } from '../api-base.ts';
import { t } from '../i18n.ts';
import { backgroundMessages, backgroundSenders, SweepReadSchema, type CaptureResult, type LoginResult } from '../messages.ts';
import { callContent, HandlerError, notifyPanel, serveBackground } from '../messaging.ts';
import type { FiguresView } from '../model.ts';
import { figuresSample } from './figures.ts';
import type { AuditSummary, CaptureTarget, ChecklistItemView, LocalFinding, OverlayEvidence, OverlayItem, OverlayState, PageCapture, PageReport, PendingCaptureView, ProfileUnitRef, Scope, Session, Suggestion, SweepView, UnitFiling, UnitSource } from '../model.ts';
import {
  clientIdItem,
  DEFAULT_API_BASE,
  langItem,
  legacyApiBaseItem,
  legacySessionItem,
  overlayStateItem,
  pageReportsItem,
  pageTabItem,
  profileCacheItem,
  pullCursorsItem,
  scopeItem,
  scopeSourceItem,
  sweepItem,
  sweepRecords,
  syncStatusItem,
  unitChoiceKey,
  unitChoicesItem,
} from '../storage.ts';
import { ApiClient, ApiError, OfflineError, type AuditChecklist } from './api.ts';
import { evidenceView, processCapture, screenshotOf } from './capture.ts';
import { noteMissing, redactText, redactUrl } from '@onestop/shared';
import { openOnestopDb, readAuth, readCache, writeAuth, writeCache, type Db } from './db.ts';
import { deleteFinding, recordFinding } from './outbox.ts';
import { asOfOf, checkPage, dossierKey, evaluateDossier, ruleSetFits, suggestionKey, suggestionNote, suggestionOf, type CheckedPage } from './checks.ts';
import { sampleOf, SWEEP_DEFAULT_INTERVAL_MS, SWEEP_MIN_INTERVAL_MS, SweepRunner, sweepOutcomes, withPageParam, type SweepOutcomes, type SweepRecord, type SweepState } from './sweep.ts';
import type { SampleCreate } from '@onestop/shared';
import { contentScriptMatches, OVERLAY_MORE_FILE, OVERLAY_SCRIPT_FILE, syncOverlayRegistration, type ScriptingApi } from './registration.ts';
import { fromServer, SyncEngine } from './sync.ts';

export const SYNC_ALARM = 'onestop-sync';
export const PERIODIC_ALARM = 'onestop-periodic';
/** Profiles are fetched again on the minute alarm, so an admin's change reaches open pages within a minute. */
const PROFILE_MAX_AGE_MS = 50_000;
/**
 * The evidence the overlay state carries: an audit may hold thousands, and the state lives in storage.local (10 MB);
 * the overlay finds a dossier's evidence by record code, so the count costs it nothing per page change.
 */
const OVERLAY_EVIDENCE_MAX = 5000;
const OVERLAY_EVIDENCE_CHARS = 4_000_000;
/** The keyboard command that confirms the capture waiting in the active tab (manifest `commands`). */
export const CONFIRM_CAPTURE_COMMAND = 'confirm-capture';
/** A capture handed in from the page waits this long for the inspector's confirmation. */
const PENDING_CAPTURE_TTL_MS = 5 * 60_000;

/** Whether two dossier codes name the same dossier: equal once normalised, case aside (a finding's code is typed). */
const sameDossier = (a: string, b: string) => dossierKey(a) === dossierKey(b);

/** The dossier system a page belongs to, when its site profile names units (their codes, in the profile's order). */
export interface PageSystem {
  profileName: string;
  unitCodes: string[];
}

export interface UnitDecision {
  unitId: string;
  source: UnitSource;
  /** The page's units are not in the audit and nothing was chosen for it: new findings wait for the inspector. */
  needsChoice: boolean;
}

/**
 * The unit findings go to (issue 12), from the audit, the page tab's system and what the inspector chose:
 *
 * 1. a page without a profile, or whose profile names no unit, changes nothing: the current unit stays (the audit's
 *    first unit when there is none yet);
 * 2. a unit the inspector chose by hand for this audit and this system in this session wins;
 * 3. else the current unit stays when it is one of the page's units, and otherwise becomes the first of the page's
 *    units (the profile's order) the audit covers;
 * 4. a page none of whose units the audit covers changes nothing either, but new findings wait until the inspector
 *    chooses a unit for it (the panel warns; choosing, or confirming the current unit, is a hand-made choice).
 */
export function decideUnit(audit: AuditSummary, system: PageSystem | null, current: { unitId: string; source: UnitSource } | null, choice: string | undefined): UnitDecision | null {
  const has = (id: string) => audit.units.some((u) => u.id === id);
  const first = audit.units[0];
  const kept = current && has(current.unitId) ? current : first ? { unitId: first.id, source: { kind: 'default' } as const } : null;
  if (!kept) return null;
  if (!system) return { ...kept, needsChoice: false };
  if (choice !== undefined && has(choice)) return { unitId: choice, source: { kind: 'manual' }, needsChoice: false };
  const covered = system.unitCodes.flatMap((code) => audit.units.filter((u) => u.code === code));
  const source: UnitSource = { kind: 'profile', profileName: system.profileName };
  if (covered.some((u) => u.id === kept.unitId)) return { unitId: kept.unitId, source, needsChoice: false };
  const unit = covered[0];
  return unit ? { unitId: unit.id, source, needsChoice: false } : { ...kept, needsChoice: true };
}

const sameSource = (a: UnitSource | null, b: UnitSource) => a !== null && a.kind === b.kind && (a.kind !== 'profile' || (b.kind === 'profile' && a.profileName === b.profileName));

export interface BackgroundOptions {
  dbName?: string;
  fetch?: typeof fetch;
  /** `chrome.scripting` (a fake in unit tests; none: the overlay is not registered). */
  scripting?: ScriptingApi;
}

const isPageUrl = (url: string | undefined) => url !== undefined && /^https?:\/\//.test(url);

/**
 * Moves the API base and the session from `storage.local`, where versions before issue 13 kept them (and where a
 * content script can read and write them), into the background's IndexedDB, then deletes them from `storage.local`.
 * A base that breaks the https rule is dropped (the default applies, the options page asks for an https address), and
 * with it a session made there; a session of another base than the stored one is dropped too. What IndexedDB already
 * holds wins: later values in `storage.local` can only have been written by someone else, and are removed unread.
 */
export async function migrateAuth(db: Db): Promise<void> {
  const [legacyBase, legacySession] = await Promise.all([legacyApiBaseItem.getValue(), legacySessionItem.getValue()]);
  if (legacyBase === null && legacySession === null) return;
  const stored = await readAuth<string>(db, 'apiBase');
  if (stored === null && legacyBase !== null) {
    const base = normalizeApiBase(legacyBase);
    if (base !== null) await writeAuth(db, 'apiBase', base);
  }
  if ((await readAuth<Session>(db, 'session')) === null && stored === null && legacySession !== null && typeof legacySession.token === 'string') {
    const base = (await readAuth<string>(db, 'apiBase')) ?? DEFAULT_API_BASE;
    if (normalizeApiBase(legacySession.api_base) === base) await writeAuth(db, 'session', { ...legacySession, api_base: base });
  }
  await Promise.all([legacyApiBaseItem.removeValue({ removeMeta: true }), legacySessionItem.removeValue({ removeMeta: true })]);
}

export function createBackground(options: BackgroundOptions = {}) {
  const dbPromise: Promise<Db> = openOnestopDb(options.dbName);
  /** The database once the stored session has moved out of `storage.local`: every read of the session waits for it. */
  const authDb: Promise<Db> = dbPromise.then(async (db) => {
    await migrateAuth(db).catch((err: unknown) => console.warn('onestop: session migration failed', err));
    return db;
  });
  /**
   * The API base the inspector set (stored normalised by `setApiBase`), or the local default. Never corrected here:
   * a stored value that breaks the rule makes the client refuse every request rather than send them elsewhere.
   */
  const getApiBase = async (): Promise<string> => (await readAuth<string>(await authDb, 'apiBase')) ?? DEFAULT_API_BASE;
  const getSession = async (): Promise<Session | null> => readAuth<Session>(await authDb, 'session');
  const setSession = async (session: Session | null): Promise<void> => writeAuth(await authDb, 'session', session);
  const api = new ApiClient({
    baseUrl: getApiBase,
    // The token goes only to the base it was issued by, and only while that is the stored base (validated again by
    // the client before every request): a base changed behind the background's back gets no token.
    token: async (base) => {
      const [session, stored] = await Promise.all([getSession(), getApiBase()]);
      return session && base === stored && normalizeApiBase(session.api_base) === base ? session.token : null;
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const schedule = (ms: number) => {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void sync();
    }, ms);
    // The alarm brings a terminated service worker back for the retry (alarms fire at most every 30 s).
    void browser.alarms.create(SYNC_ALARM, { when: Date.now() + Math.max(ms, 30_000) });
  };

  let engine: SyncEngine | null = null;
  async function getEngine(): Promise<SyncEngine> {
    if (engine) return engine;
    const db = await dbPromise;
    engine = new SyncEngine({
      db,
      api,
      clientId: async () => {
        const existing = await clientIdItem.getValue();
        if (existing) return existing;
        const id = `ext-${uuidv7()}`;
        await clientIdItem.setValue(id);
        return id;
      },
      currentAudit: async () => (await scopeItem.getValue())?.auditId ?? null,
      cursors: { get: () => pullCursorsItem.getValue(), set: (v) => pullCursorsItem.setValue(v) },
      status: { get: () => syncStatusItem.getValue(), set: (v) => syncStatusItem.setValue(v) },
      signedIn: async () => (await getSession()) !== null,
      onSignedOut: async () => {
        await setSession(null);
        void notifyPanel('stateChanged', { what: 'session' });
      },
      schedule,
      onChange: (what) => {
        if (what !== 'sync') void refreshOverlay();
        void notifyPanel('stateChanged', { what });
      },
    });
    return engine;
  }

  async function sync(): Promise<void> {
    await (await getEngine()).flush();
    await sendDismissals().catch(() => undefined);
    await sendSamples().catch(() => undefined);
  }

  // ── Site profiles ──────────────────────────────────────────────────────────────────────────────────────────

  async function refreshProfiles(force = false): Promise<SiteProfile[]> {
    const cache = await profileCacheItem.getValue();
    const apiBase = await getApiBase();
    const fresh = cache && cache.apiBase === apiBase && Date.now() - Date.parse(cache.fetchedAt) < PROFILE_MAX_AGE_MS;
    if (cache && fresh && !force) return cache.profiles;
    if (!(await getSession())) return cache?.profiles ?? [];
    try {
      const list = await api.siteProfiles();
      const profiles = list.items.filter((r) => r.active).map((r) => r.profile);
      const changed = JSON.stringify(profiles) !== JSON.stringify(cache?.profiles ?? null);
      await profileCacheItem.setValue({ fetchedAt: new Date().toISOString(), apiBase, profiles });
      // Open pages redraw from the overlay state: a changed profile reaches them now, not at the next unit change.
      if (changed && cache) await refreshOverlay();
      // A profile that now names (other) units moves the unit of the page being looked at.
      if (changed) await followPage();
      return profiles;
    } catch {
      return cache?.profiles ?? [];
    }
  }

  // ── Where the overlay runs: the active profiles' hosts only ──────────────────────────────────────────────────

  const scripting = options.scripting ?? (browser.scripting as unknown as ScriptingApi | undefined);
  let registration: Promise<void> = Promise.resolve();

  /** Registers the overlay for the cached profiles' hosts (serialised) and starts it in tabs already open there. */
  function syncRegistration(): Promise<void> {
    registration = registration
      .then(async () => {
        if (!scripting) return;
        const added = await syncOverlayRegistration(scripting, contentScriptMatches(await cachedProfiles()));
        if (added.length > 0) await startOverlayInOpenTabs(added);
      })
      .catch((err: unknown) => console.warn('OneStop Audit: overlay registration', err));
    return registration;
  }

  /** A tab opened before its host was registered gets the overlay now (unless it already answers). */
  async function startOverlayInOpenTabs(patterns: string[]): Promise<void> {
    const tabs = await browser.tabs.query({ url: patterns });
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const running = await callContent(tab.id, 'ping', {}).then(
        () => true,
        () => false,
      );
      if (!running) await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [OVERLAY_SCRIPT_FILE] }).catch(() => undefined);
    }
  }

  async function cachedProfiles(): Promise<SiteProfile[]> {
    const cache = await profileCacheItem.getValue();
    // Stored copies are checked again: a profile that no longer fits the schema is never used.
    return (cache?.profiles ?? []).flatMap((p) => {
      const parsed = SiteProfileSchema.safeParse(p);
      return parsed.success ? [parsed.data] : [];
    });
  }

  // ── Audits and checklists (cached for offline work) ─────────────────────────────────────────────────────────

  async function listAudits(): Promise<{ audits: AuditSummary[]; offline: boolean }> {
    const db = await dbPromise;
    try {
      const lists = await Promise.all([api.listAudits('in_progress'), api.listAudits('reporting')]);
      const rows = lists.flatMap((l) => l.items);
      const details = await Promise.all(rows.map((a) => api.getAudit(a.id)));
      const audits: AuditSummary[] = details
        .filter((d) => d.my_role !== null && (d.status === 'in_progress' || d.my_role === 'lead'))
        .map((d) => ({ id: d.id, code: d.code, title: d.title, status: d.status, my_role: d.my_role, units: d.units.map((u) => ({ id: u.id, code: u.code, name: u.name })), checklist_ids: d.checklists.map((c) => c.checklist_id) }));
      await writeCache(db, 'audits', audits, new Date().toISOString());
      for (const d of details) {
        await writeCache(db, `members:${d.id}`, Object.fromEntries(d.members.map((m) => [m.user_id, m.display_name])), new Date().toISOString());
      }
      return { audits, offline: false };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw new HandlerError('session_expired', err.message);
      if (err instanceof ApiError && err.code === 'password_change_required') throw await passwordChangeRequired();
      return { audits: (await readCache<AuditSummary[]>(db, 'audits')) ?? [], offline: true };
    }
  }

  async function localFindings(scope: Scope): Promise<LocalFinding[]> {
    const db = await dbPromise;
    const rows = await db.getAllFromIndex('findings', 'audit_unit', [scope.auditId, scope.unitId]);
    const names = (await readCache<Record<string, string>>(db, `members:${scope.auditId}`)) ?? {};
    return rows
      .filter((f) => !f.deleted)
      .map((f) => ({ ...f, recorded_by_name: f.recorded_by_name ?? names[f.recorded_by] ?? null }))
      .sort((a, b) => (a.recorded_at < b.recorded_at ? 1 : a.recorded_at > b.recorded_at ? -1 : 0));
  }

  async function getChecklist(scope: Scope): Promise<{ items: ChecklistItemView[]; findings: LocalFinding[]; offline: boolean }> {
    const db = await dbPromise;
    const key = `checklist:${scope.auditId}:${scope.unitId}`;
    let offline = false;
    let items: ChecklistItemView[];
    try {
      const res: AuditChecklist = await api.checklist(scope.auditId, scope.unitId);
      items = res.items.map(({ findings: _f, ...item }) => item);
      await writeCache(db, key, items, new Date().toISOString());
      // The team's findings for this unit, unless a local change to them waits in the outbox.
      const tx = db.transaction(['findings', 'ops'], 'readwrite');
      const seen = new Set<string>();
      for (const item of res.items) {
        for (const f of item.findings) {
          seen.add(f.id);
          if ((await tx.objectStore('ops').index('entity').count(f.id)) > 0) continue;
          const prev = await tx.objectStore('findings').get(f.id);
          await tx.objectStore('findings').put({
            id: f.id,
            audit_id: scope.auditId,
            unit_id: scope.unitId,
            item_id: item.id,
            result: f.result,
            note: f.note,
            dossier_code: f.dossier_code,
            page_url: prev?.page_url ?? null,
            status: f.status,
            recorded_by: f.recorded_by,
            recorded_by_name: f.recorded_by_name,
            recorded_at: f.recorded_at,
            version: f.version,
            seq: prev?.seq ?? null,
            deleted: false,
            pending: false,
            conflict: false,
            evidence_count: prev?.evidence_count ?? 0,
          });
        }
      }
      // Synced copies the server no longer lists were deleted by someone.
      for (const f of await tx.objectStore('findings').index('audit_unit').getAll([scope.auditId, scope.unitId])) {
        if (!seen.has(f.id) && !f.pending && !f.deleted && f.version !== null && (await tx.objectStore('ops').index('entity').count(f.id)) === 0) {
          await tx.objectStore('findings').put({ ...f, deleted: true });
        }
      }
      await tx.done;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw new HandlerError('session_expired', err.message);
      if (err instanceof ApiError && err.code === 'password_change_required') throw await passwordChangeRequired();
      if (!(err instanceof OfflineError) && !(err instanceof ApiError)) throw err;
      offline = true;
      items = (await readCache<ChecklistItemView[]>(db, key)) ?? [];
    }
    return { items, findings: await localFindings(scope), offline };
  }

  // ── The overlay's state ──────────────────────────────────────────────────────────────────────────────────────

  let overlayRefresh: Promise<void> | null = null;
  async function buildOverlayState(): Promise<OverlayState> {
    const db = await dbPromise;
    const [lang, scope, profiles, previous] = await Promise.all([langItem.getValue(), scopeItem.getValue(), cachedProfiles(), overlayStateItem.getValue()]);
    const items: Record<string, OverlayItem> = {};
    let scopeInfo: OverlayState['scope'] = null;
    const evidence: OverlayEvidence[] = [];
    if (scope) {
      const audits = (await readCache<AuditSummary[]>(db, 'audits')) ?? [];
      const audit = audits.find((a) => a.id === scope.auditId);
      scopeInfo = audit ? { auditCode: audit.code, unitName: audit.units.find((u) => u.id === scope.unitId)?.name ?? '' } : null;
      const checklist = (await readCache<ChecklistItemView[]>(db, `checklist:${scope.auditId}:${scope.unitId}`)) ?? [];
      const byId = new Map<string, OverlayItem>();
      for (const i of checklist) {
        const item: OverlayItem = { id: i.id, code: i.code, text_vi: i.text_vi, text_en: i.text_en, latest: null, byDossier: {} };
        items[i.code] = item;
        byId.set(i.id, item);
      }
      // Findings newest first: the first one seen per item/dossier is the latest.
      for (const f of await localFindings(scope)) {
        const item = byId.get(f.item_id);
        if (!item) continue;
        if (f.dossier_code) item.byDossier[f.dossier_code] ??= f.result;
        else item.latest ??= f.result;
      }
      const findingItem = new Map((await db.getAllFromIndex('findings', 'audit', scope.auditId)).map((f) => [f.id, byId.get(f.item_id)?.code ?? '']));
      // Every piece of the audit's evidence, newest first (ids are UUIDv7), within the budget of the stored state: the
      // overlay keeps what belongs to the dossiers on screen, found by record code, not by page URL.
      const captured = await db.getAll('evidence');
      let chars = 0;
      for (let i = captured.length - 1; i >= 0 && evidence.length < OVERLAY_EVIDENCE_MAX; i--) {
        const e = captured[i];
        if (!e || e.audit_id !== scope.auditId || e.selectors.length === 0) continue;
        chars += 200 + (e.quote?.length ?? 0) + JSON.stringify(e.selectors).length;
        if (chars > OVERLAY_EVIDENCE_CHARS) break;
        evidence.push({ id: e.id, finding_id: e.finding_id, item_code: findingItem.get(e.finding_id) ?? '', page_url: e.page_url, selectors: e.selectors as OverlayEvidence['selectors'], quote: e.quote, record: e.record ?? null });
      }
      evidence.reverse();
    }
    // The capture target is a finding of the scope's unit: after the unit changes, an old target would attach the
    // overlay's captures to a finding of another unit, so it goes.
    const target = previous?.target && scope && (await inScope(db, previous.target.findingId, scope)) ? await withDossier(db, previous.target) : null;
    return { version: 1, lang, profiles, scope: scopeInfo, items, target, evidence };
  }

  /** Whether a finding (stored locally) is of the scope's audit and unit. */
  async function inScope(db: Db, findingId: string, scope: Scope): Promise<boolean> {
    const f = await db.get('findings', findingId);
    return f !== undefined && f.audit_id === scope.auditId && f.unit_id === scope.unitId;
  }

  /** The capture target with its finding's dossier code as stored now (a capture from another dossier asks first). */
  async function withDossier(db: Db, target: CaptureTarget): Promise<CaptureTarget> {
    const finding = await db.get('findings', target.findingId);
    return { ...target, dossierCode: finding?.dossier_code ?? null };
  }

  function refreshOverlay(): Promise<void> {
    overlayRefresh ??= (async () => {
      try {
        await overlayStateItem.setValue(await buildOverlayState());
      } finally {
        overlayRefresh = null;
      }
    })();
    return overlayRefresh;
  }

  // ── Tabs ──────────────────────────────────────────────────────────────────────────────────────────────────────

  async function pageTab(): Promise<number | null> {
    const id = await pageTabItem.getValue();
    if (id === null) return null;
    try {
      const tab = await browser.tabs.get(id);
      return isPageUrl(tab.url) ? id : null;
    } catch {
      return null;
    }
  }

  async function trackTab(tabId: number, url: string | undefined): Promise<void> {
    if (!isPageUrl(url)) return;
    if ((await pageTabItem.getValue()) === tabId) {
      // The same tab went to another address (maybe another system): the unit may follow.
      await followPage();
      return;
    }
    await pageTabItem.setValue(tabId);
    void notifyPanel('stateChanged', { what: 'page' });
    await followPage();
  }

  // ── The unit a finding goes to ──────────────────────────────────────────────────────────────────────────────

  /** The system of the page tab, from its address and the cached profiles (the overlay picks its profile the same way). */
  async function pageSystem(): Promise<PageSystem | null> {
    const tabId = await pageTabItem.getValue();
    if (tabId === null) return null;
    let url: string | undefined;
    try {
      url = (await browser.tabs.get(tabId)).url;
    } catch {
      return null;
    }
    if (!isPageUrl(url) || url === undefined) return null;
    const profile = pickProfile(await cachedProfiles(), url);
    return profile?.units && profile.units.length > 0 ? { profileName: profile.name, unitCodes: profile.units } : null;
  }

  async function cachedAudit(auditId: string): Promise<{ audit: AuditSummary | null; audits: AuditSummary[] }> {
    const audits = (await readCache<AuditSummary[]>(await dbPromise, 'audits')) ?? [];
    return { audit: audits.find((a) => a.id === auditId) ?? null, audits };
  }

  async function setScope(scope: Scope, source: UnitSource): Promise<void> {
    const before = await scopeItem.getValue();
    await scopeItem.setValue(scope);
    await scopeSourceItem.setValue(source);
    await refreshOverlay();
    if (before?.auditId !== scope.auditId || before.unitId !== scope.unitId) void notifyPanel('stateChanged', { what: 'scope' });
  }

  /**
   * Changes of the scope run one at a time (a tab change and the inspector's choice of an audit never interleave their
   * reads and writes), so two quick tab changes end on the last.
   */
  let scopeQueue: Promise<unknown> = Promise.resolve();
  function serialScope<T>(fn: () => Promise<T>): Promise<T> {
    const run = scopeQueue.then(fn, fn);
    scopeQueue = run.catch(() => undefined);
    return run;
  }

  /** Moves the scope's unit to the page's (`decideUnit`). */
  function followPage(): Promise<void> {
    return serialScope(async () => {
      const scope = await scopeItem.getValue();
      if (!scope) return;
      const { audit } = await cachedAudit(scope.auditId);
      const system = await pageSystem();
      if (!audit || !system) return;
      const choice = (await unitChoicesItem.getValue())[unitChoiceKey(audit.id, system.profileName)];
      const source = await scopeSourceItem.getValue();
      const next = decideUnit(audit, system, { unitId: scope.unitId, source: source ?? { kind: 'default' } }, choice);
      if (!next || (next.unitId === scope.unitId && sameSource(source, next.source))) return;
      await setScope({ auditId: audit.id, unitId: next.unitId }, next.source);
    });
  }

  /** Where a finding recorded now goes, and why (for the side panel). */
  async function filing(): Promise<{ scope: Scope | null; filing: UnitFiling | null }> {
    const scope = await scopeItem.getValue();
    if (!scope) return { scope, filing: null };
    const { audit, audits } = await cachedAudit(scope.auditId);
    const unit = audit?.units.find((u) => u.id === scope.unitId);
    if (!audit || !unit) return { scope, filing: null };
    const system = await pageSystem();
    const source = (await scopeSourceItem.getValue()) ?? { kind: 'default' };
    let page: UnitFiling['page'] = null;
    let needsChoice = false;
    if (system) {
      // Names of the profile's units where any of the inspector's audits covers them (codes otherwise).
      const names = new Map(audits.flatMap((a) => a.units.map((u) => [u.code, u.name] as const)));
      const units: ProfileUnitRef[] = system.unitCodes.map((code) => ({ code, name: names.get(code) ?? null }));
      const inAudit = system.unitCodes.some((code) => audit.units.some((u) => u.code === code));
      const choice = (await unitChoicesItem.getValue())[unitChoiceKey(audit.id, system.profileName)];
      page = { profileName: system.profileName, units, inAudit };
      needsChoice = !inAudit && choice === undefined;
    }
    return { scope, filing: { auditId: audit.id, unitId: unit.id, unitName: unit.name, source, page, needsChoice } };
  }

  /** Evidence goes with the unit findings go to now: a target left from before the unit changed attaches nothing. */
  async function staleUnit(findingId: string): Promise<CaptureResult | null> {
    const db = await dbPromise;
    const scope = await scopeItem.getValue();
    const of = await db.get('findings', findingId);
    if (scope && of && !of.deleted && (of.audit_id !== scope.auditId || of.unit_id !== scope.unitId)) {
      return { ok: false, code: 'unit_changed', message: t(await langItem.getValue(), 'captureOtherUnit') };
    }
    return null;
  }

  async function capture(findingId: string, captureData: PageCapture, screenshot: boolean, tabId: number): Promise<CaptureResult> {
    const db = await dbPromise;
    const stale = await staleUnit(findingId);
    if (stale) return stale;
    // A capture from another dossier than the finding's (or for a finding that names none) is never attached
    // silently: the inspector answers first, and the capture comes back with the answer in `confirm`.
    const finding = await db.get('findings', findingId);
    const code = captureData.dossier_code;
    const confirmed = captureData.confirm !== undefined && code !== null && sameDossier(captureData.confirm.dossier, code);
    if (finding && !finding.deleted && code && !confirmed && !(finding.dossier_code && sameDossier(finding.dossier_code, code))) {
      const lang = await langItem.getValue();
      const findingDossier = finding.dossier_code || null;
      return {
        ok: false,
        code: 'dossier_mismatch',
        message: t(lang, 'dossierMismatch', { capture: code, finding: findingDossier ?? t(lang, 'noDossierOnFinding') }),
        findingId,
        findingDossier,
        captureDossier: code,
        capture: captureData,
        screenshot,
      };
    }
    const result = await processCapture({ db, now: () => new Date(), screenshot: screenshotOf }, findingId, captureData, screenshot, tabId);
    // "Attach and set the dossier code": the finding that named none now names the capture's dossier.
    if (result.ok && finding && !finding.deleted && confirmed && captureData.confirm?.set_finding_dossier && !finding.dossier_code && code) {
      await recordFinding(db, { findingId, auditId: finding.audit_id, unitId: finding.unit_id, itemId: finding.item_id, result: finding.result, note: finding.note, dossierCode: code, pageUrl: finding.page_url }, await author(), new Date());
      void notifyPanel('stateChanged', { what: 'findings' });
    }
    if (result.ok) {
      void refreshOverlay();
      void notifyPanel('stateChanged', { what: 'evidence' });
      void sync();
    }
    return result;
  }

  /** The dashboard page where an account changes its password (the API base serves the dashboard at its root). */
  const changePasswordUrl = async () => `${await getApiBase()}/account/password`;

  /**
   * The server allows this account nothing but a password change (an administrator set its password): the session
   * is of no use to the extension until then, and the change ends it anyway, so it is revoked and forgotten.
   */
  async function passwordChangeRequired(): Promise<HandlerError> {
    await signOut();
    return new HandlerError('password_change_required', t(await langItem.getValue(), 'passwordChangeRequired'));
  }

  /** Revokes the token on the server (when it answers) and forgets the session and what the overlay showed. */
  async function signOut(): Promise<boolean> {
    const had = (await getSession()) !== null;
    if (had) {
      try {
        await api.logout();
      } catch {
        // Signing out locally is enough when the server is unreachable.
      }
    }
    await setSession(null);
    await overlayStateItem.setValue(null);
    if (had) void notifyPanel('stateChanged', { what: 'session' });
    return had;
  }

  /**
   * Forgets what came from the server being left: cached audits, checklists, members, the team's findings and the
   * evidence already there, pull cursors, the scope and the profiles. Changes not yet sent are never sent to another
   * server: they stay in the outbox as refused (`server_changed`), listed in the side panel for export.
   */
  async function forgetServer(): Promise<void> {
    const db = await dbPromise;
    const tx = db.transaction(['ops', 'findings', 'evidence', 'blobs', 'cache'], 'readwrite');
    const held = new Set<string>();
    for (const op of await tx.objectStore('ops').getAll()) {
      held.add(op.entity_id);
      if (op.depends_on) held.add(op.depends_on);
      if (op.state === 'rejected') continue;
      const { server: _server, ...rest } = op;
      await tx.objectStore('ops').put({
        ...rest,
        state: 'rejected',
        problem: { type: 'urn:onestop:problem:server-changed', title: 'Server changed', status: 409, code: 'server_changed', detail: 'The API base was changed before this change was sent' },
      });
    }
    for (const f of await tx.objectStore('findings').getAll()) if (!held.has(f.id)) await tx.objectStore('findings').delete(f.id);
    for (const e of await tx.objectStore('evidence').getAll()) {
      if (held.has(e.id)) continue;
      await tx.objectStore('evidence').delete(e.id);
      await tx.objectStore('blobs').delete(e.id);
    }
    await tx.objectStore('cache').clear();
    await tx.done;
    await Promise.all([
      profileCacheItem.setValue(null),
      pullCursorsItem.setValue({}),
      scopeItem.setValue(null),
      scopeSourceItem.setValue(null),
      unitChoicesItem.setValue({}),
      overlayStateItem.setValue(null),
      syncStatusItem.removeValue(),
    ]);
  }

  // ── Who may ask ────────────────────────────────────────────────────────────────────────────────────────────────

  /** A content script is heard only from a tab whose address an active site profile matches (the overlay mounts there). */
  async function admitContent(sender: Browser.runtime.MessageSender): Promise<boolean> {
    const url = sender.url;
    return url !== undefined && isPageUrl(url) && pickProfile(await cachedProfiles(), url) !== null;
  }

  /** The finding the side panel's picker was started for, by tab (the overlay hands the pick in with it). */
  const pickers = new Map<number, string>();

  // ── Captures from the page wait for the inspector (issue 13) ─────────────────────────────────────────────────

  /**
   * A capture handed in by a content script, by tab: the page's world can script the overlay's DOM, so nothing it
   * hands in is attached until the inspector confirms it in the side panel or with the keyboard command. One per
   * tab (a newer one replaces it); kept in memory only: a service worker that stopped forgets it, and the inspector
   * captures again. The `confirm` a page may have put in is dropped: only the inspector's answer confirms.
   */
  interface PendingCapture {
    id: string;
    tabId: number;
    findingId: string;
    screenshot: boolean;
    capture: PageCapture;
    question: PendingCaptureView['question'];
    findingDossier: string | null;
    createdAt: number;
  }
  const pendingCaptures = new Map<number, PendingCapture>();

  function pendingView(p: PendingCapture): PendingCaptureView {
    return {
      id: p.id,
      findingId: p.findingId,
      quote: redactText(p.capture.quote).slice(0, 4000),
      pageTitle: redactText(p.capture.page_title).slice(0, 500),
      captureDossier: p.capture.dossier_code,
      findingDossier: p.findingDossier,
      question: p.question,
      screenshot: p.screenshot,
      createdAt: new Date(p.createdAt).toISOString(),
    };
  }

  // ── Automated checks (issue 14) ──────────────────────────────────────────────────────────────────────────────

  const CHECKS_MAX_AGE_MS = 10 * 60_000;
  const dismissalsKey = (auditId: string) => `dismissals:${auditId}`;
  type Dismissals = Record<string, { id: string; reason: string; at: string; rule_id: string; rule_version: number; dossier_code: string; unit_id: string; sent: boolean }>;

  /** A cached API answer, fetched again when older than `maxAge` (online); the cached copy serves offline. */
  async function cachedFetch<T>(key: string, fetcher: () => Promise<T>, maxAge: number): Promise<T | null> {
    const db = await dbPromise;
    const row = await db.get('cache', key);
    if (row && Date.now() - Date.parse(row.fetchedAt) < maxAge) return row.value as T;
    if (!(await getSession())) return (row?.value as T | undefined) ?? null;
    try {
      const value = await fetcher();
      await writeCache(db, key, value, new Date().toISOString());
      return value;
    } catch {
      return (row?.value as T | undefined) ?? null;
    }
  }

  /**
   * The rule set of the audit's checklist (the server's, kept for offline work), when it fits the checklist the
   * scope's items come from; without an answer from the server ever, the rule set shipped for that checklist.
   */
  async function ruleSetFor(scope: Scope, codes: ReadonlySet<string>): Promise<CheckRuleSet | null> {
    const { audit } = await cachedAudit(scope.auditId);
    for (const id of audit?.checklist_ids ?? []) {
      const rec = await cachedFetch(`rules:${id}`, () => api.checkRules(id), CHECKS_MAX_AGE_MS);
      if (rec && ruleSetFits(rec.rule_set, codes)) return rec.rule_set;
    }
    return ruleSetFits(ONE_STOP_118_RULES, codes) ? ONE_STOP_118_RULES : null;
  }

  let calendarMemo: { key: string; calendar: WorkingCalendar } | null = null;
  /**
   * The working-day calendar with the amendments the server keeps (last year to next year), the government's
   * decisions shipped with the extension (2025–2026) where the server was never reached.
   */
  async function workingCalendar(): Promise<WorkingCalendar> {
    const year = new Date().getUTCFullYear();
    const records = await Promise.all([year - 1, year, year + 1].map((y) => cachedFetch(`calendar:${y}`, () => api.calendarAmendments(y), 6 * CHECKS_MAX_AGE_MS)));
    const amendments = records.every((r) => r === null) ? [...GOVERNMENT_DECISIONS_2025_2026] : records.flatMap((r) => r?.amendments ?? []);
    const key = JSON.stringify(amendments);
    if (calendarMemo?.key !== key) calendarMemo = { key, calendar: createWorkingCalendar({ amendments }) };
    return calendarMemo.calendar;
  }

  /** Dismissals not yet on the server are sent (each has its own id, so a resend is harmless). */
  async function sendDismissals(): Promise<void> {
    const scope = await scopeItem.getValue();
    if (!scope || !(await getSession())) return;
    const db = await dbPromise;
    const all = (await readCache<Dismissals>(db, dismissalsKey(scope.auditId))) ?? {};
    let changed = false;
    for (const d of Object.values(all)) {
      if (d.sent) continue;
      try {
        await api.dismissSuggestion(scope.auditId, { id: d.id, unit_id: d.unit_id, rule_id: d.rule_id, rule_version: d.rule_version, dossier_code: d.dossier_code, reason: d.reason, dismissed_at: d.at });
        d.sent = true;
        changed = true;
      } catch (err) {
        // Offline: the next sync sends it. Refused (an audit no longer recording, say): kept here, not retried.
        if (err instanceof OfflineError) break;
        d.sent = true;
        changed = true;
      }
    }
    if (changed) await writeCache(db, dismissalsKey(scope.auditId), all, new Date().toISOString());
  }

  /**
   * For a scope: its checklist items, the suggestions dismissed in its audit (by `suggestionKey`), and the
   * `item code|dossier` pairs its findings already record (a suggestion among them shows as recorded).
   */
  async function suggestionContext(scope: Scope): Promise<{ items: ChecklistItemView[]; dismissed: Set<string>; recorded: Set<string> }> {
    const db = await dbPromise;
    const items = (await readCache<ChecklistItemView[]>(db, `checklist:${scope.auditId}:${scope.unitId}`)) ?? [];
    const dismissed = new Set(Object.keys((await readCache<Dismissals>(db, dismissalsKey(scope.auditId))) ?? {}));
    const byId = new Map(items.map((i) => [i.id, i.code]));
    const recorded = new Set((await localFindings(scope)).filter((f) => f.dossier_code).map((f) => `${byId.get(f.item_id) ?? ''}|${dossierKey(f.dossier_code ?? '')}`));
    return { items, dismissed, recorded };
  }

  /** What the checks say of a page report, for the scope's audit: its rule set, dismissals and recorded findings. */
  async function checkReport(report: PageReport | undefined): Promise<CheckedPage> {
    const empty: CheckedPage = { suggestions: [], checked: { dossiers: 0, rules: 0, ruleSet: null } };
    const scope = await scopeItem.getValue();
    if (!report || !scope) return empty;
    const { items, dismissed, recorded } = await suggestionContext(scope);
    const set = await ruleSetFor(scope, new Set(items.map((i) => i.code)));
    return checkPage(report, set, await workingCalendar(), { now: new Date(), dismissed, recorded });
  }

  /** The keyboard shortcut the inspector has for the confirm command, as Chrome shows it (none when unassigned). */
  async function confirmShortcut(): Promise<string> {
    try {
      const all = await browser.commands.getAll();
      return all.find((c) => c.name === CONFIRM_CAPTURE_COMMAND)?.shortcut ?? '';
    } catch {
      return '';
    }
  }

  async function holdCapture(tabId: number, findingId: string, data: PageCapture, screenshot: boolean): Promise<CaptureResult> {
    const lang = await langItem.getValue();
    const finding = await (await dbPromise).get('findings', findingId);
    if (!finding || finding.deleted) return { ok: false, code: 'not_found', message: 'The finding no longer exists' };
    const { confirm: _fromPage, ...capture } = data;
    const code = capture.dossier_code;
    const findingDossier = finding.dossier_code || null;
    const question = !code ? 'none' : findingDossier === null ? 'no_dossier' : sameDossier(findingDossier, code) ? 'none' : 'other_dossier';
    pendingCaptures.set(tabId, { id: uuidv7(), tabId, findingId, screenshot, capture, question, findingDossier, createdAt: Date.now() });
    void notifyPanel('stateChanged', { what: 'capture' });
    const key = await confirmShortcut();
    return { ok: false, code: 'confirm_in_panel', message: t(lang, 'confirmInPanel', { key: key ? t(lang, 'confirmKey', { key }) : '' }) };
  }

  /** The inspector's answer to the capture waiting in a tab (from the side panel, or the keyboard command). */
  async function answerPending(p: PendingCapture, choice: 'attach' | 'attach_set' | 'cancel'): Promise<CaptureResult> {
    const lang = await langItem.getValue();
    if (pendingCaptures.get(p.tabId) === p) pendingCaptures.delete(p.tabId);
    void notifyPanel('stateChanged', { what: 'capture' });
    if (choice === 'cancel') return { ok: false, code: 'cancelled', message: t(lang, 'captureCancelled') };
    if (Date.now() - p.createdAt > PENDING_CAPTURE_TTL_MS) return { ok: false, code: 'expired', message: t(lang, 'pendingExpired') };
    const code = p.capture.dossier_code;
    const confirm = p.question === 'none' || !code ? undefined : { dossier: code, ...(choice === 'attach_set' && p.question === 'no_dossier' ? { set_finding_dossier: true } : {}) };
    return capture(p.findingId, confirm ? { ...p.capture, confirm } : p.capture, p.screenshot, p.tabId);
  }

  /** The confirm command (a key Chrome delivers to the extension, which no page can send): attaches the tab's capture. */
  async function confirmByCommand(tabId: number | undefined): Promise<void> {
    const id = tabId ?? (await pageTab());
    const p = id === null ? undefined : pendingCaptures.get(id);
    if (!p) return;
    // The default answer, as the side panel's focused button: for a finding without a dossier, attach and set it.
    const result = await answerPending(p, p.question === 'no_dossier' ? 'attach_set' : 'attach');
    const lang = await langItem.getValue();
    const text = result.ok ? t(lang, 'captured') : t(lang, 'captureFailed', { reason: result.message });
    await callContent(p.tabId, 'notice', { text: text.slice(0, 300) }).catch(() => undefined);
  }

  /**
   * A capture handed in by a content script: only from the tab the side panel works on (the dossier page tab), and
   * only for the overlay's capture target or the finding a picker was started for in that tab. A page cannot pick
   * another finding, nor capture from a tab the inspector is not working on.
   */
  async function overlayCaptureTab(sender: Browser.runtime.MessageSender, findingId: string): Promise<number> {
    const tabId = sender.tab?.id;
    if (tabId === undefined) throw new HandlerError('no_page', 'Captures come from a page');
    if ((await pageTab()) !== tabId) throw new HandlerError('wrong_tab', 'Captures come only from the dossier tab the side panel works on');
    const target = (await overlayStateItem.getValue())?.target?.findingId ?? null;
    if (findingId !== target && pickers.get(tabId) !== findingId) throw new HandlerError('not_capture_target', 'The finding is not the capture target');
    return tabId;
  }

  async function author() {
    const session = await getSession();
    if (!session) throw new HandlerError('signed_out', 'Sign in first');
    return { id: session.user.id, name: session.user.display_name };
  }

  // ── Sweeps (issue 14) ─────────────────────────────────────────────────────────────────────────────────────────

  /** The rules and calendar of the sweep's audit, and the active profiles, settled before its runner goes on. */
  let sweepRules: { sweepId: string; set: CheckRuleSet; calendar: WorkingCalendar } | null = null;
  let sweepProfiles: SiteProfile[] = [];
  const sweepEvaluate = (fields: SweepRecord['fields'], asOf: string, code: string) =>
    sweepRules ? evaluateDossier(sweepRules.set, sweepRules.calendar, fields, asOfOf(asOf, new Date()), code) : null;

  const sweepRunner = new SweepRunner(
    {
      navigate: async (tabId, url) => void (await browser.tabs.update(tabId, { url })),
      read: async (tabId) => {
        const answer = await callContent(tabId, 'sweepRead', {});
        const parsed = SweepReadSchema.safeParse(answer.read);
        return parsed.success ? parsed.data : null;
      },
      pressNext: async (tabId) => (await callContent(tabId, 'sweepNext', {})).pressed,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => Date.now(),
      loadState: () => sweepItem.getValue(),
      saveState: (state) => sweepItem.setValue(state),
      loadRecords: (id) => sweepRecords.get(id),
      saveRecords: (id, records) => sweepRecords.set(id, records),
      evaluate: sweepEvaluate,
      changed: () => void notifyPanel('stateChanged', { what: 'sweep' }),
      finished: (state, records) => finishSweep(state, records),
    },
    (name) => sweepProfiles.find((p) => p.name === name) ?? null,
  );

  /** Settles the rules and calendar of a sweep's audit (again after a service-worker restart). */
  async function prepareSweep(state: SweepState): Promise<CheckRuleSet | null> {
    if (sweepRules?.sweepId === state.id) return sweepRules.set;
    const items = (await readCache<ChecklistItemView[]>(await dbPromise, `checklist:${state.auditId}:${state.unitId}`)) ?? [];
    const set = await ruleSetFor({ auditId: state.auditId, unitId: state.unitId }, new Set(items.map((i) => i.code)));
    sweepRules = set ? { sweepId: state.id, set, calendar: await workingCalendar() } : null;
    return set;
  }

  /** Goes on with the saved sweep when it is running: after a start, a resume, or a service-worker restart. */
  async function runSweep(): Promise<void> {
    const state = await sweepItem.getValue();
    if (!state || state.status !== 'running') return;
    sweepProfiles = await cachedProfiles();
    if (!(await prepareSweep(state))) {
      await sweepItem.setValue({ ...state, status: 'failed', error: 'No check rules apply to this audit\'s checklist' });
      void notifyPanel('stateChanged', { what: 'sweep' });
      return;
    }
    await sweepRunner.resume();
  }

  type PendingSample = { auditId: string; body: SampleCreate; startedAt: string; state: 'pending' | 'sent' | 'refused'; message: string | null };
  const SAMPLES_KEY = 'samples:pending';
  const outcomesMemo = new Map<string, SweepOutcomes>();

  async function finishSweep(state: SweepState, records: SweepRecord[]): Promise<void> {
    const set = await prepareSweep(state);
    if (!set) return;
    const outcomes = sweepOutcomes(records, state, sweepEvaluate);
    outcomesMemo.set(state.id, outcomes);
    const body = sampleOf(state, outcomes, set);
    if (!body) return;
    const db = await dbPromise;
    const all = (await readCache<Record<string, PendingSample>>(db, SAMPLES_KEY)) ?? {};
    all[state.id] = { auditId: state.auditId, body, startedAt: state.startedAt, state: 'pending', message: null };
    await writeCache(db, SAMPLES_KEY, all, new Date().toISOString());
    await sendSamples();
  }

  /** Samples of finished sweeps not yet on the server are sent (the sweep's id makes a resend harmless). */
  async function sendSamples(): Promise<void> {
    if (!(await getSession())) return;
    const db = await dbPromise;
    const all = (await readCache<Record<string, PendingSample>>(db, SAMPLES_KEY)) ?? {};
    let changed = false;
    for (const p of Object.values(all)) {
      if (p.state !== 'pending') continue;
      try {
        try {
          await api.postSample(p.auditId, p.body);
        } catch (err) {
          // The page's "as of" time may lie before the audit began (a register frozen at a past date): the sample is
          // then dated when the sweep ran, and each outcome keeps the time it was judged at in its facts.
          if (!(err instanceof ApiError && err.code === 'timestamp_out_of_range') || p.body.as_of === p.startedAt) throw err;
          p.body = { ...p.body, as_of: p.startedAt };
          await api.postSample(p.auditId, p.body);
        }
        p.state = 'sent';
      } catch (err) {
        if (err instanceof OfflineError) break;
        p.state = 'refused';
        p.message = err instanceof Error ? err.message : String(err);
      }
      changed = true;
    }
    if (changed) {
      await writeCache(db, SAMPLES_KEY, all, new Date().toISOString());
      void notifyPanel('stateChanged', { what: 'sweep' });
    }
  }

  /** The sweep as the side panel shows it; once done, with its outcomes and the violations still to judge. */
  async function sweepView(state: SweepState | null): Promise<SweepView | null> {
    if (!state) return null;
    // While it runs, the counts come from the state (the panel polls every 2 s); the records only once it is done.
    const counted = state.status !== 'done' && state.dossiersRead !== undefined && state.detailsFailed !== undefined;
    const records = counted ? [] : await sweepRecords.get(state.id);
    const view: SweepView = {
      id: state.id,
      status: state.status,
      phase: state.phase,
      profileName: state.profileName,
      startUrl: state.startUrl,
      pagesRead: state.pagesRead,
      pagesTotal: state.pagesTotal,
      dossiersRead: counted ? (state.dossiersRead ?? 0) : records.length,
      dossiersTotal: state.dossiersTotal,
      detailsQueued: state.detailQueue.length,
      detailsDone: state.detailsDone,
      detailsFailed: counted ? (state.detailsFailed ?? 0) : records.filter((r) => r.detailState === 'failed').length,
      intervalMs: state.intervalMs,
      startedAt: state.startedAt,
      finishedAt: state.finishedAt,
      error: state.error,
      result: null,
    };
    if (state.status !== 'done') return view;
    const set = await prepareSweep(state);
    if (!set) return view;
    let outcomes = outcomesMemo.get(state.id);
    if (!outcomes) {
      outcomes = sweepOutcomes(records, state, sweepEvaluate);
      outcomesMemo.set(state.id, outcomes);
    }
    const db = await dbPromise;
    const { dismissed, recorded } = await suggestionContext({ auditId: state.auditId, unitId: state.unitId });
    const suggestions: Suggestion[] = [];
    for (const d of outcomes.dossiers) {
      for (const r of d.results) {
        if (r.outcome !== 'violation' || dismissed.has(suggestionKey(r.rule_id, d.code))) continue;
        suggestions.push(suggestionOf(set, r, d.code, 'row', recorded.has(`${r.item_code}|${dossierKey(d.code)}`)));
      }
    }
    const sample = ((await readCache<Record<string, PendingSample>>(db, SAMPLES_KEY)) ?? {})[state.id];
    view.result = {
      dossiers: outcomes.dossiers.length,
      withViolation: outcomes.withViolation,
      rules: outcomes.rules.map((r) => ({ ...r, title: set.rules.find((x) => x.id === r.rule_id)?.title ?? { vi: r.rule_id, en: r.rule_id } })),
      onTime: outcomes.onTime,
      suggestions: suggestions.slice(0, 1000),
      sample: sample ? { state: sample.state, message: sample.message } : { state: 'none', message: null },
    };
    return view;
  }

  /** A figures record as the side panel shows it. */
  function figuresView(r: Awaited<ReturnType<typeof api.reportedFiguresRecord>>): FiguresView {
    const v = r.sample_results?.verification ?? null;
    return {
      id: r.id,
      from: r.from,
      to: r.to,
      unitName: r.unit_name,
      population: r.sampling_plan?.population ?? null,
      size: r.sampling_plan?.size ?? null,
      reportedRate: r.figures.on_time_rate ?? null,
      verification: v
        ? {
            checked: v.checked,
            planned: v.planned,
            sampledRate: v.sampled_rate_percent,
            lower: v.interval?.lower_percent ?? null,
            upper: v.interval?.upper_percent ?? null,
            outside: v.reported_outside,
            message: v.message,
            suggestion: v.suggestion ? { item_code: v.suggestion.item_code, suggests: v.suggestion.suggests, message: v.suggestion.message } : null,
          }
        : null,
    };
  }

  /** A suggestion of the finished sweep, and where its dossier shows (its detail screen, else its list page). */
  async function sweepSuggestion(key: string): Promise<{ s: Suggestion; url: string | null } | null> {
    const state = await sweepItem.getValue();
    const view = state?.status === 'done' ? await sweepView(state) : null;
    const s = view?.result?.suggestions.find((x) => x.key === key);
    if (!state || !s) return null;
    const rec = (await sweepRecords.get(state.id)).find((r) => dossierKey(r.code) === dossierKey(s.dossier_code));
    return { s, url: rec?.detail ?? rec?.page ?? null };
  }

  /** Opens a swept dossier in the page tab and waits until the page's own checks suggest `key` there. */
  async function openSwept(key: string, url: string, tabId: number): Promise<PageReport | null> {
    await browser.tabs.update(tabId, { url });
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const report = (await pageReportsItem.getValue())[String(tabId)];
      if (report?.url === url && (await checkReport(report)).suggestions.some((x) => x.key === key)) return report;
    }
    return null;
  }

  // ── Handlers ──────────────────────────────────────────────────────────────────────────────────────────────────

  const handlers: Parameters<typeof serveBackground>[1] = {
    async getSession() {
      const [session, apiBase, scope, lang, pending] = await Promise.all([getSession(), getApiBase(), scopeItem.getValue(), langItem.getValue(), dbPromise.then((db) => db.getAll('ops'))]);
      return { user: session?.user ?? null, apiBase, scope, lang, pending: pending.filter((op) => op.state !== 'rejected').length };
    },
    async setApiBase({ apiBase }) {
      const next = normalizeApiBase(apiBase);
      if (next === null) throw new HandlerError('invalid_api_base', t(await langItem.getValue(), 'apiBaseRule'));
      if (next === (await getApiBase())) return { apiBase: next, changed: false, signedOut: false };
      // Signed out at the old server first (the client still talks to it), then its data is forgotten.
      const signedOut = await signOut();
      await forgetServer();
      await writeAuth(await authDb, 'apiBase', next);
      void notifyPanel('stateChanged', { what: 'session' });
      return { apiBase: next, changed: true, signedOut };
    },
    async login({ email, password }): Promise<LoginResult> {
      try {
        const apiBase = await getApiBase();
        const res = await api.login(email, password);
        if (res.user.must_change_password) {
          // Nothing but the password change is allowed to this session: revoke it, and send the inspector to the
          // dashboard's page for it.
          await api.logoutToken(res.token).catch(() => undefined);
          return { ok: false, code: 'password_change_required', message: t(await langItem.getValue(), 'passwordChangeRequired'), changePasswordUrl: await changePasswordUrl() };
        }
        const { must_change_password: _m, ...user } = res.user;
        await setSession({ token: res.token, user, expires_at: res.expires_at, api_base: apiBase });
        await syncStatusItem.setValue({ ...(await syncStatusItem.getValue()), failures: 0, lastError: null, online: true });
        await refreshProfiles(true);
        await refreshOverlay();
        void sync();
        void notifyPanel('stateChanged', { what: 'session' });
        return { ok: true, user };
      } catch (err) {
        if (err instanceof ApiError && err.code === 'password_change_required') return { ok: false, code: err.code, message: t(await langItem.getValue(), 'passwordChangeRequired'), changePasswordUrl: await changePasswordUrl() };
        if (err instanceof ApiError) return { ok: false, code: err.code, message: err.message };
        return { ok: false, code: 'offline', message: err instanceof Error ? err.message : String(err) };
      }
    },
    async logout() {
      await signOut();
      void notifyPanel('stateChanged', { what: 'session' });
      return {};
    },
    listAudits: () => listAudits(),
    getChecklist: async (scope) => {
      const out = await getChecklist(scope);
      void refreshOverlay();
      return out;
    },
    getFindings: async (scope) => ({ findings: await localFindings(scope) }),
    selectScope: ({ auditId, unitId, manual }) => serialScope(async () => {
      const { audit } = await cachedAudit(auditId);
      const system = await pageSystem();
      if (manual) {
        // The inspector's own choice: it holds for this audit and the page's system until the browser closes.
        if (system) await unitChoicesItem.setValue({ ...(await unitChoicesItem.getValue()), [unitChoiceKey(auditId, system.profileName)]: unitId });
        await setScope({ auditId, unitId }, { kind: 'manual' });
      } else {
        // An audit was chosen: the page's profile may name one of its units (the panel offers the first one).
        const before = await scopeItem.getValue();
        const current = before?.auditId === auditId ? { unitId: before.unitId, source: (await scopeSourceItem.getValue()) ?? { kind: 'default' as const } } : { unitId, source: { kind: 'default' as const } };
        const choice = audit && system ? (await unitChoicesItem.getValue())[unitChoiceKey(auditId, system.profileName)] : undefined;
        const next = audit ? decideUnit(audit, system, current, choice) : null;
        await setScope({ auditId, unitId: next?.unitId ?? unitId }, next?.source ?? { kind: 'default' });
      }
      void sync();
      return filing();
    }),
    getFiling: () => filing(),
    async recordFinding(draft) {
      const db = await dbPromise;
      // The panel asks for the note first; this holds for any other sender too, so the outbox never takes an op the
      // server would refuse (issue 16: a nonconformity says what was wrong).
      if (noteMissing(draft.result, draft.note)) throw new HandlerError('note_required', t(await langItem.getValue(), 'noteRequired'));
      if (draft.findingId === undefined) {
        const lang = await langItem.getValue();
        // A new finding goes to the scope's unit, and only once the inspector knows which: a panel that has not yet
        // heard of a unit change, or a page of a unit the audit does not cover, files nothing.
        const scope = await scopeItem.getValue();
        if (scope && scope.auditId === draft.auditId && scope.unitId !== draft.unitId) throw new HandlerError('unit_changed', t(lang, 'unitChangedRetry'));
        const now = await filing();
        if (now.filing?.needsChoice && now.scope?.auditId === draft.auditId) throw new HandlerError('unit_needs_choice', t(lang, 'unitNeedsChoice'));
      }
      // An edit carries the finding's own unit (the panel sends it): a finding never moves to another unit. No lookup
      // here: an edit must reach the outbox without waiting, or it may miss the not-yet-sent op it merges into.
      // The page URL is stored redacted (a search by CCCD or phone leaves them in the query or the hash).
      const finding = await recordFinding(db, { ...draft, pageUrl: draft.pageUrl === null ? null : redactUrl(draft.pageUrl).slice(0, 2048) }, await author(), new Date());
      await refreshOverlay();
      void notifyPanel('stateChanged', { what: 'findings' });
      void sync();
      return { finding };
    },
    async deleteFinding({ findingId }) {
      await deleteFinding(await dbPromise, findingId, new Date());
      await refreshOverlay();
      void notifyPanel('stateChanged', { what: 'findings' });
      void sync();
      return {};
    },
    async listEvidence({ findingId }) {
      const db = await dbPromise;
      const rows = await db.getAllFromIndex('evidence', 'finding', findingId);
      const views = await Promise.all(rows.map(async (e) => evidenceView(e, (await db.getKey('blobs', e.id)) !== undefined)));
      return { evidence: views.sort((a, b) => (a.captured_at < b.captured_at ? 1 : -1)) };
    },
    async setCaptureTarget(target) {
      const state = (await overlayStateItem.getValue()) ?? (await buildOverlayState());
      await overlayStateItem.setValue({ ...state, target: target ? await withDossier(await dbPromise, target) : null });
      return {};
    },
    async captureSelection({ findingId, screenshot }) {
      const tabId = await pageTab();
      if (tabId === null) return { ok: false, code: 'no_page', message: 'No dossier page is open' };
      let answer;
      try {
        answer = await callContent(tabId, 'captureSelection', {});
      } catch {
        return { ok: false, code: 'no_profile', message: 'The page has no overlay' };
      }
      if (!answer.ok) return { ok: false, code: answer.code, message: answer.code };
      return capture(findingId, answer.capture, screenshot, tabId);
    },
    async startPicker({ findingId, screenshot }) {
      const tabId = await pageTab();
      if (tabId === null) return { ok: false, code: 'no_page', message: 'No dossier page is open' };
      pickers.set(tabId, findingId);
      try {
        await callContent(tabId, 'startPicker', { findingId, screenshot });
      } catch {
        return { ok: false, code: 'no_profile', message: 'The page has no overlay' };
      }
      return { ok: true, picking: true };
    },
    async submitCapture({ findingId, screenshot, capture: data }, sender) {
      // A finding of another unit than the scope's is answered as such first (the overlay's target was stale).
      const stale = await staleUnit(findingId);
      if (stale) return stale;
      const tabId = await overlayCaptureTab(sender, findingId);
      // A picker hands in one element.
      pickers.delete(tabId);
      return holdCapture(tabId, findingId, data as PageCapture, screenshot);
    },
    async getPendingCapture() {
      const tabId = await pageTab();
      const p = tabId === null ? undefined : pendingCaptures.get(tabId);
      if (!p) return { pending: null };
      if (Date.now() - p.createdAt > PENDING_CAPTURE_TTL_MS) {
        pendingCaptures.delete(p.tabId);
        return { pending: null };
      }
      return { pending: pendingView(p) };
    },
    async answerPendingCapture({ id, choice }) {
      const p = Array.from(pendingCaptures.values()).find((x) => x.id === id);
      if (!p) return { ok: false, code: 'expired', message: t(await langItem.getValue(), 'pendingGone') };
      return answerPending(p, choice);
    },
    async confirmCapture({ findingId, screenshot, capture: data }) {
      // From the side panel (an extension page), which works on the dossier tab.
      const tabId = await pageTab();
      if (tabId === null) return { ok: false, code: 'no_page', message: 'No dossier page is open' };
      return capture(findingId, data as PageCapture, screenshot, tabId);
    },
    getSyncState: async () => (await getEngine()).state(),
    async syncNow() {
      await syncStatusItem.setValue({ ...(await syncStatusItem.getValue()), failures: 0 });
      await sync();
      return (await getEngine()).state();
    },
    async resolveConflict({ opId, choice }) {
      await (await getEngine()).resolveConflict(opId, choice);
      void sync();
      return {};
    },
    async dismissRejected({ opId }) {
      await (await getEngine()).dismissRejected(opId);
      void sync();
      return {};
    },
    async getPageContext() {
      const tabId = await pageTab();
      if (tabId === null) return null;
      const report = (await pageReportsItem.getValue())[String(tabId)];
      if (!report) return null;
      const { dossiers: _d, ...rest } = report;
      const profile = (await cachedProfiles()).find((p) => p.name === report.profileName);
      const sweepable = profile?.pages.some((p) => p.pagination !== undefined && report.pageIds.includes(p.id)) ?? false;
      return { ...rest, tabId, ...(await checkReport(report)), sweepable };
    },
    async acceptSuggestion({ key }) {
      const lang = await langItem.getValue();
      const tabId = await pageTab();
      const scope = await scopeItem.getValue();
      let report = tabId === null ? undefined : (await pageReportsItem.getValue())[String(tabId)];
      let s = (await checkReport(report)).suggestions.find((x) => x.key === key);
      if (!s && tabId !== null) {
        // A sweep's suggestion: its dossier is opened in the page tab, and accepted there like any other.
        const swept = await sweepSuggestion(key);
        if (swept?.url) {
          report = (await openSwept(key, swept.url, tabId)) ?? undefined;
          s = (await checkReport(report)).suggestions.find((x) => x.key === key);
        }
      }
      if (tabId === null || !scope || !report || !s) throw new HandlerError('suggestion_gone', t(lang, 'suggestionGone'));
      const db = await dbPromise;
      const items = (await readCache<ChecklistItemView[]>(db, `checklist:${scope.auditId}:${scope.unitId}`)) ?? [];
      const item = items.find((i) => i.code === s.item_code);
      if (!item) throw new HandlerError('suggestion_gone', t(lang, 'suggestionGone'));
      const now = await filing();
      if (now.filing?.needsChoice) throw new HandlerError('unit_needs_choice', t(lang, 'unitNeedsChoice'));
      const finding = await recordFinding(
        db,
        { auditId: scope.auditId, unitId: scope.unitId, itemId: item.id, result: s.suggests, note: suggestionNote(s, lang), dossierCode: s.dossier_code, pageUrl: redactUrl(report.url).slice(0, 2048) },
        await author(),
        new Date(),
      );
      await refreshOverlay();
      void notifyPanel('stateChanged', { what: 'findings' });
      // Its evidence, captured at once from the dossier's place on the page: the fields, selectors, a masked screenshot.
      let evidence: CaptureResult;
      try {
        const answer = await callContent(tabId, 'captureDossier', { code: s.dossier_code });
        evidence = answer.ok ? await capture(finding.id, answer.capture, true, tabId) : { ok: false, code: 'failed', message: t(lang, 'suggestionNoPlace') };
      } catch {
        evidence = { ok: false, code: 'no_profile', message: t(lang, 'suggestionNoPlace') };
      }
      void sync();
      return { finding, evidence };
    },
    async dismissSuggestion({ key, reason }) {
      const lang = await langItem.getValue();
      const tabId = await pageTab();
      const scope = await scopeItem.getValue();
      const report = tabId === null ? undefined : (await pageReportsItem.getValue())[String(tabId)];
      const s = (await checkReport(report)).suggestions.find((x) => x.key === key) ?? (await sweepSuggestion(key))?.s;
      if (!scope || !s) throw new HandlerError('suggestion_gone', t(lang, 'suggestionGone'));
      const db = await dbPromise;
      const all = (await readCache<Dismissals>(db, dismissalsKey(scope.auditId))) ?? {};
      all[suggestionKey(s.rule_id, s.dossier_code)] = { id: uuidv7(), reason, at: new Date().toISOString(), rule_id: s.rule_id, rule_version: s.rule_version, dossier_code: s.dossier_code, unit_id: scope.unitId, sent: false };
      await writeCache(db, dismissalsKey(scope.auditId), all, new Date().toISOString());
      void notifyPanel('stateChanged', { what: 'page' });
      void notifyPanel('stateChanged', { what: 'sweep' });
      void sendDismissals();
      return {};
    },
    async startSweep({ intervalMs }) {
      const lang = await langItem.getValue();
      const existing = await sweepItem.getValue();
      if (existing && (existing.status === 'running' || existing.status === 'paused')) throw new HandlerError('sweep_running', t(lang, 'sweepRunning'));
      const tabId = await pageTab();
      const scope = await scopeItem.getValue();
      if (tabId === null || !scope) throw new HandlerError('no_page', t(lang, 'sweepNoList'));
      const now = await filing();
      if (now.filing?.needsChoice) throw new HandlerError('unit_needs_choice', t(lang, 'unitNeedsChoice'));
      const answer = await callContent(tabId, 'sweepRead', {}).catch(() => null);
      const parsed = SweepReadSchema.safeParse(answer?.read ?? null);
      const read = parsed.success ? parsed.data : null;
      const profileName = (await pageReportsItem.getValue())[String(tabId)]?.profileName ?? null;
      const profile = (await cachedProfiles()).find((p) => p.name === profileName) ?? null;
      const listPage = read?.pagination ? profile?.pages.find((p) => p.id === read.pagination?.pageId) : undefined;
      if (!read || !profile || !listPage?.pagination) throw new HandlerError('not_a_list', t(lang, 'sweepNoList'));
      const paramName = listPage.pagination.page_param;
      const startUrl = paramName !== undefined ? withPageParam(read.url, paramName, 1) : read.url;
      const id = uuidv7();
      const at = new Date().toISOString();
      const state: SweepState = {
        id,
        tabId,
        auditId: scope.auditId,
        unitId: scope.unitId,
        profileName: profile.name,
        listPage: listPage.id,
        detailPage: read.detailPage,
        startUrl,
        status: 'running',
        phase: 'list',
        intervalMs: Math.max(SWEEP_MIN_INTERVAL_MS, intervalMs ?? SWEEP_DEFAULT_INTERVAL_MS),
        pagesRead: 0,
        pagesTotal: null,
        dossiersTotal: read.pagination?.total ?? null,
        next: { url: startUrl, page: paramName !== undefined ? 1 : null },
        lastCodes: [],
        detailQueue: [],
        detailsDone: 0,
        asOf: at,
        startedAt: at,
        updatedAt: at,
        finishedAt: null,
        error: null,
        duplicates: 0,
        dossiersRead: 0,
        detailsFailed: 0,
      };
      if (!(await prepareSweep(state))) throw new HandlerError('no_rules', t(lang, 'sweepNoRules'));
      if (existing) await sweepRecords.remove(existing.id);
      await sweepItem.setValue(state);
      void runSweep();
      return { sweep: (await sweepView(state)) as SweepView };
    },
    async sweepFigures() {
      const state = await sweepItem.getValue();
      if (!state || state.status !== 'done' || !(await getSession())) return { figures: [] };
      try {
        const { items } = await api.reportedFigures(state.auditId, state.unitId);
        return { figures: items.filter((r) => r.unit_id === state.unitId && r.sampling_plan !== null).map(figuresView) };
      } catch {
        return { figures: [] };
      }
    },
    async verifyFigures({ figuresId }) {
      const lang = await langItem.getValue();
      const state = await sweepItem.getValue();
      if (!state || state.status !== 'done') throw new HandlerError('no_sweep', t(lang, 'figuresNoSweep'));
      const record = await api.reportedFiguresRecord(state.auditId, figuresId);
      const plan = record.sampling_plan;
      if (!plan?.positions) throw new HandlerError('no_sampling_plan', t(lang, 'figuresNoPlan'));
      await prepareSweep(state);
      const profile = (await cachedProfiles()).find((p) => p.name === state.profileName);
      const zone = profile?.time_zone ?? 'Asia/Ho_Chi_Minh';
      const records = await sweepRecords.get(state.id);
      const sample = figuresSample(records, (r) => sweepEvaluate(r.fields, r.asOf ?? state.asOf, r.code) ?? [], { population: plan.population, positions: plan.positions }, { from: record.from, to: record.to }, zone);
      if (!sample.ok) throw new HandlerError('frame_mismatch', t(lang, 'figuresFrameMismatch', { frame: sample.frame, population: sample.population, from: record.from, to: record.to }));
      if (sample.results.length === 0) throw new HandlerError('no_results', t(lang, 'figuresNoPlan'));
      return { figures: figuresView(await api.postSampleResults(state.auditId, figuresId, { results: sample.results })) };
    },
    async getSweep() {
      return { sweep: await sweepView(await sweepItem.getValue()) };
    },
    async controlSweep({ action }) {
      const state = await sweepItem.getValue();
      if (!state) return { sweep: null };
      if (action === 'clear') {
        if (state.status === 'running' || state.status === 'paused') return { sweep: await sweepView(state) };
        await sweepRecords.remove(state.id);
        await sweepItem.setValue(null);
        return { sweep: null };
      }
      const at = new Date().toISOString();
      // The runner hears a pause or cancel first (in memory), so the step under way cannot save `running` over it.
      if (action === 'pause' && state.status === 'running') {
        sweepRunner.request(state.id, 'paused');
        await sweepItem.setValue({ ...state, status: 'paused', updatedAt: at });
      }
      if (action === 'resume' && state.status === 'paused') {
        sweepRunner.request(state.id, null);
        await sweepItem.setValue({ ...state, status: 'running', updatedAt: at });
        void runSweep();
      }
      if (action === 'cancel' && (state.status === 'running' || state.status === 'paused')) {
        sweepRunner.request(state.id, 'cancelled');
        await sweepItem.setValue({ ...state, status: 'cancelled', finishedAt: at, updatedAt: at });
        await sweepRecords.set(state.id, []);
      }
      void notifyPanel('stateChanged', { what: 'sweep' });
      return { sweep: await sweepView(await sweepItem.getValue()) };
    },
    async reportPage(report, sender) {
      const tab = sender.tab;
      if (tab?.id === undefined) return { flags: [] };
      const reports = await pageReportsItem.getValue();
      const before = reports[String(tab.id)];
      await pageReportsItem.setValue({ ...reports, [String(tab.id)]: report });
      // An active page tab is tracked, and the unit follows its address (`trackTab`).
      if (tab.active) await trackTab(tab.id, tab.url);
      if ((await pageTabItem.getValue()) === tab.id) {
        void notifyPanel('stateChanged', { what: 'page' });
        // A new address or profile on a page tab not in front (a hash route, a profile that arrived since).
        if (!tab.active && (before?.url !== report.url || before?.profileName !== report.profileName)) await followPage();
      }
      // The fields the checks flag, to be marked on the page: only for the tab the panel works on.
      if ((await pageTabItem.getValue()) !== tab.id || !report.dossiers?.length) return { flags: [] };
      const lang = await langItem.getValue();
      const flags = (await checkReport(report)).suggestions.filter((s) => !s.recorded).map((s) => ({ code: s.dossier_code, fields: s.fields, title: s.title[lang] }));
      return { flags: flags.slice(0, 300) };
    },
    async focusItem({ itemCode, dossierCode }, sender) {
      const tabId = sender.tab?.id;
      if (tabId !== undefined) {
        await trackTab(tabId, sender.tab?.url);
        // Opens the panel when the click's user gesture still counts; harmless when it is already open.
        await browser.sidePanel?.open?.({ tabId }).catch(() => undefined);
      }
      void notifyPanel('itemFocused', { itemCode, dossierCode });
      return {};
    },
    async loadOverlayMore(_req, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || sender.frameId === undefined) return {};
      // The overlay's chunk (ADR 0007), into the frame that asked, in the content scripts' isolated world: never a
      // web-accessible file, so the page can neither load it nor tell it is there. A second injection does nothing.
      await browser.scripting.executeScript({ target: { tabId, frameIds: [sender.frameId] }, files: [OVERLAY_MORE_FILE], world: 'ISOLATED', injectImmediately: true });
      return {};
    },
    async setLang({ lang }) {
      await langItem.setValue(lang);
      await refreshOverlay();
      return {};
    },
  };

  function start(): void {
    serveBackground(backgroundMessages, handlers, { allowed: (name) => backgroundSenders[name as keyof typeof backgroundSenders] ?? [], admitContent });
    browser.commands?.onCommand.addListener((command, tab) => {
      if (command === CONFIRM_CAPTURE_COMMAND) void confirmByCommand(tab?.id);
    });
    browser.tabs.onRemoved.addListener((tabId) => pendingCaptures.delete(tabId));
    // A sweep whose tab was closed ends there (what it read is kept on screen, not sent).
    browser.tabs.onRemoved.addListener((tabId) => {
      void sweepItem.getValue().then(async (state) => {
        if (!state || state.tabId !== tabId || (state.status !== 'running' && state.status !== 'paused')) return;
        await sweepItem.setValue({ ...state, status: 'failed', error: 'The tab of the sweep was closed', updatedAt: new Date().toISOString() });
        void notifyPanel('stateChanged', { what: 'sweep' });
      });
    });
    // The overlay follows the active profiles: registered for their hosts, whenever the cached list changes.
    profileCacheItem.watch(() => void syncRegistration());
    void syncRegistration();
    browser.runtime.onInstalled.addListener(() => {
      void browser.sidePanel?.setPanelBehavior?.({ openPanelOnActionClick: true });
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === SYNC_ALARM || alarm.name === PERIODIC_ALARM) {
        void sync();
        void refreshProfiles();
        void runSweep();
      }
    });
    void browser.alarms.get(PERIODIC_ALARM).then((a) => (a ? undefined : browser.alarms.create(PERIODIC_ALARM, { periodInMinutes: 1 })));
    browser.tabs.onActivated.addListener(({ tabId }) => {
      void browser.tabs.get(tabId).then((tab) => trackTab(tabId, tab.url), () => undefined);
    });
    browser.tabs.onUpdated.addListener((tabId, change, tab) => {
      if (change.url !== undefined && tab.active) void trackTab(tabId, change.url);
    });
    browser.tabs.onRemoved.addListener((tabId) => {
      void pageReportsItem.getValue().then((reports) => {
        if (!(String(tabId) in reports)) return;
        const { [String(tabId)]: _gone, ...rest } = reports;
        return pageReportsItem.setValue(rest);
      });
    });
    // The service worker hears `online` too: whatever waited in the outbox goes now.
    self.addEventListener('online', () => void sync());
    // Values a content script may have planted where the session used to be are removed, unread.
    void authDb;
    // Ops queued before the worker stopped are sent as soon as it starts again.
    void refreshProfiles().then(() => refreshOverlay());
    void sync();
    // A sweep that was running when the worker stopped goes on where it was.
    void runSweep();
  }

  return { handlers, start, sync, getEngine, refreshOverlay, refreshProfiles, followPage, trackTab, admitContent, confirmByCommand, syncRegistration, getApiBase, getSession, db: dbPromise, authDb };
}
