// The side panel's state: signals and actions over the background's calls (components never touch `browser.*`).
import { noteMissing, type Result } from '@onestop/shared';
import { batch, computed, signal } from '@preact/signals';
import { KEY_RESULTS, t, type Lang } from '../../src/i18n.ts';
import type { BackgroundMessages, Req, Res } from '../../src/messages.ts';
import type { AuditSummary, ChecklistItemView, DossierQuestion, EvidenceView, LocalFinding, PageCapture, PageContext, PendingCaptureView, Scope, SessionUser, SweepView, SyncState, UnitFiling, FiguresView } from '../../src/model.ts';

export type Call = <K extends keyof BackgroundMessages>(name: K, payload: Req<BackgroundMessages, K>) => Promise<Res<BackgroundMessages, K>>;

export interface ItemGroup {
  key: string;
  title: string;
  items: ChecklistItemView[];
}

export interface Toast {
  kind: 'ok' | 'error' | 'info';
  text: string;
  /** Counts the toasts shown, so two in a row with the same text are still told apart (tests wait for the next). */
  seq: number;
}

/** A capture from another dossier than the finding's, waiting for the inspector's answer. */
/**
 * A capture waiting for the inspector: `panel`, the panel's own capture from another dossier than the finding's
 * (the question); `page`, a capture handed in from the page's overlay, which the background keeps until answered here.
 */
export type PendingCapture = ({ source: 'panel'; capture: PageCapture; screenshot: boolean } & DossierQuestion) | { source: 'page'; view: PendingCaptureView };

export function createPanelStore(call: Call) {
  const lang = signal<Lang>('vi');
  const ready = signal(false);
  const user = signal<SessionUser | null>(null);
  const apiBase = signal('');
  const audits = signal<AuditSummary[]>([]);
  const auditsOffline = signal(false);
  const scope = signal<Scope | null>(null);
  /** Where a finding recorded now goes and why (the background decides: the page's profile, the inspector, or neither). */
  const filing = signal<UnitFiling | null>(null);
  const items = signal<ChecklistItemView[]>([]);
  const findings = signal<LocalFinding[]>([]);
  const checklistOffline = signal(false);
  const loadingChecklist = signal(false);
  const sync = signal<SyncState | null>(null);
  const page = signal<PageContext | null>(null);
  const focusedId = signal<string | null>(null);
  const noteDraft = signal('');
  const dossierDraft = signal('');
  /** The dossier code came from the page (badge or detail page), not typed. */
  const dossierFromPage = signal(false);
  const editingId = signal<string | null>(null);
  /**
   * A nonconformity chosen with a blank note (issue 16): nothing was recorded; the editor asks for the note (focus,
   * message) and records this result once one is typed (Enter in the note, or the message's button).
   */
  const noteRequiredFor = signal<Result | null>(null);
  /** Counts the refusals, so the note field takes the focus again on every attempt. */
  const noteAsked = signal(0);
  const screenshot = signal(true);
  const evidence = signal<Record<string, EvidenceView[]>>({});
  const toast = signal<Toast | null>(null);
  const search = signal('');
  const busy = signal(false);
  const pendingCapture = signal<PendingCapture | null>(null);
  /** The list sweep of this session (issue 14). */
  const sweep = signal<SweepView | null>(null);
  /** The reported figures the finished sweep can verify. */
  const figures = signal<FiguresView[]>([]);
  /** The account must change the password an administrator set (403 `password_change_required`): the dashboard's page. */
  const passwordChangeUrl = signal<string | null>(null);

  const tr = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(lang.value, key, params);

  const itemById = computed(() => new Map(items.value.map((i) => [i.id, i])));
  const itemByCode = computed(() => new Map(items.value.map((i) => [i.code, i])));
  const currentAudit = computed(() => audits.value.find((a) => a.id === scope.value?.auditId) ?? null);

  const findingsByItem = computed(() => {
    const map = new Map<string, LocalFinding[]>();
    for (const f of findings.value) {
      const list = map.get(f.item_id) ?? [];
      list.push(f);
      map.set(f.item_id, list);
    }
    return map;
  });

  /** The latest result per item (for the row's colour): the newest finding, local ones included. */
  const latestResult = computed(() => {
    const map = new Map<string, Result>();
    for (const [itemId, list] of findingsByItem.value) if (list[0]) map.set(itemId, list[0].result);
    return map;
  });

  /** Items bound to the current page first (in page order), then the others by clause. */
  const groups = computed<ItemGroup[]>(() => {
    const q = search.value.trim().toLowerCase();
    const visible = items.value.filter((i) => !q || i.code.toLowerCase().includes(q) || i.text_vi.toLowerCase().includes(q) || i.text_en.toLowerCase().includes(q));
    const onPageCodes = page.value?.itemCodes ?? [];
    const onPage = onPageCodes.map((c) => visible.find((i) => i.code === c)).filter((i): i is ChecklistItemView => i !== undefined);
    const out: ItemGroup[] = [];
    if (onPage.length > 0) out.push({ key: 'on-page', title: tr('onThisPage'), items: onPage });
    const taken = new Set(onPage.map((i) => i.id));
    const byClause = new Map<string, ItemGroup>();
    for (const i of visible) {
      if (taken.has(i.id)) continue;
      let g = byClause.get(i.clause);
      if (!g) {
        const section = lang.value === 'en' && i.section_en ? i.section_en : i.section_vi;
        g = { key: `clause-${i.clause}`, title: `${tr('clause', { clause: i.clause })}${section ? ` — ${section}` : ''}`, items: [] };
        byClause.set(i.clause, g);
        out.push(g);
      }
      g.items.push(i);
    }
    return out;
  });

  const orderedItems = computed(() => groups.value.flatMap((g) => g.items));
  const focused = computed(() => (focusedId.value ? (itemById.value.get(focusedId.value) ?? null) : null));

  let toastTimer: ReturnType<typeof setTimeout> | null = null;
  let toastSeq = 0;
  function show(kind: Toast['kind'], text: string) {
    toast.value = { kind, text, seq: ++toastSeq };
    if (toastTimer !== null) clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (toast.value = null), 4000);
  }

  async function refreshSync() {
    sync.value = await call('getSyncState', {});
  }

  async function refreshPage() {
    const before = page.value;
    page.value = await call('getPageContext', {});
    const code = page.value?.dossierCode ?? null;
    // A code taken from the page follows the page; one the inspector typed stays.
    const navigated = before?.url !== page.value?.url;
    if ((dossierFromPage.value && navigated) || (dossierDraft.value === '' && code)) {
      batch(() => {
        dossierDraft.value = code ?? '';
        dossierFromPage.value = code !== null;
      });
    }
  }

  const sameScope = (a: Scope | null, b: Scope | null) => a?.auditId === b?.auditId && a?.unitId === b?.unitId;

  /** Takes the scope the background settled on (it follows the page tab's system) and where findings go. */
  async function applyFiling(res: { scope: Scope | null; filing: UnitFiling | null }, announce: boolean) {
    const moved = !sameScope(scope.value, res.scope);
    batch(() => {
      filing.value = res.filing;
      if (moved) {
        scope.value = res.scope;
        focusedId.value = null;
        editingId.value = null;
      }
    });
    if (!moved) return;
    if (announce && res.filing) show('info', tr('unitFollowed', { unit: res.filing.unitName }));
    await loadChecklist();
  }

  async function refreshFiling(announce = true) {
    if (!user.value) return;
    await applyFiling(await call('getFiling', {}), announce);
  }

  async function refreshFindings() {
    const s = scope.value;
    if (!s) return;
    findings.value = (await call('getFindings', s)).findings;
  }

  async function loadChecklist() {
    const s = scope.value;
    if (!s) {
      items.value = [];
      findings.value = [];
      return;
    }
    loadingChecklist.value = true;
    try {
      const res = await call('getChecklist', s);
      batch(() => {
        items.value = res.items;
        findings.value = res.findings;
        checklistOffline.value = res.offline;
      });
    } finally {
      loadingChecklist.value = false;
    }
  }

  async function loadAudits() {
    let res;
    try {
      res = await call('listAudits', {});
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'password_change_required') throw err;
      // The background signed out (the session may do nothing but change the password): say so at the sign-in form.
      batch(() => {
        passwordChangeUrl.value = `${apiBase.value}/account/password`;
        user.value = null;
      });
      return;
    }
    batch(() => {
      audits.value = res.audits;
      auditsOffline.value = res.offline;
    });
    const s = scope.value;
    const audit = s ? res.audits.find((a) => a.id === s.auditId) : undefined;
    if (s && (!audit || !audit.units.some((u) => u.id === s.unitId))) scope.value = null;
    if (!scope.value && res.audits.length === 1) {
      const only = res.audits[0];
      const unit = only?.units[0];
      if (only && unit && only.units.length === 1) await chooseScope({ auditId: only.id, unitId: unit.id });
    }
  }

  async function init() {
    const session = await call('getSession', {});
    batch(() => {
      user.value = session.user;
      apiBase.value = session.apiBase;
      scope.value = session.scope;
      lang.value = session.lang;
      // Signed out (by the inspector, an expired session or a change of server): nothing of the old session stays.
      if (!session.user) {
        audits.value = [];
        items.value = [];
        findings.value = [];
        focusedId.value = null;
        filing.value = null;
      }
    });
    ready.value = true;
    await Promise.all([refreshSync(), refreshPage(), refreshPendingCapture(), refreshSweep()]);
    // Signed out by the sync (an administrator set the password again): the sign-in form says what to do first.
    if (!session.user && sync.value?.lastError === 'password_change_required') passwordChangeUrl.value = `${session.apiBase}/account/password`;
    if (session.user) {
      await loadAudits();
      await refreshFiling(false);
      await loadChecklist();
    }
  }

  async function login(email: string, password: string): Promise<string | null> {
    busy.value = true;
    try {
      const res = await call('login', { email, password });
      passwordChangeUrl.value = !res.ok && res.code === 'password_change_required' ? (res.changePasswordUrl ?? `${apiBase.value}/account/password`) : null;
      if (!res.ok) return res.code === 'invalid_credentials' ? tr('wrongCredentials') : res.code === 'offline' ? tr('networkError') : res.message;
      user.value = res.user;
      await loadAudits();
      await refreshFiling(false);
      await loadChecklist();
      await refreshSync();
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function logout() {
    await call('logout', {});
    batch(() => {
      user.value = null;
      items.value = [];
      findings.value = [];
      audits.value = [];
    });
  }

  /**
   * An audit chosen (`manual` false: the background may take the unit the page's profile names instead of `next`'s),
   * or a unit chosen by the inspector (`manual`), which then holds for this audit and the page's system.
   */
  async function chooseScope(next: Scope, manual = false) {
    const before = scope.value;
    batch(() => {
      scope.value = next;
      if (!sameScope(before, next)) focusedId.value = null;
    });
    const res = await call('selectScope', { ...next, ...(manual ? { manual: true } : {}) });
    batch(() => {
      filing.value = res.filing;
      scope.value = res.scope;
      if (!sameScope(before, res.scope)) focusedId.value = null;
    });
    // Confirming the current unit keeps the item open and its checklist as it is.
    if (!sameScope(before, res.scope)) await loadChecklist();
  }

  /** On a page of a unit the audit does not cover: keep recording for the current unit (a choice of the inspector's). */
  async function confirmUnit() {
    const s = scope.value;
    if (s) await chooseScope(s, true);
  }

  function focusItem(itemId: string | null) {
    if (focusedId.value === itemId) return;
    batch(() => {
      focusedId.value = itemId;
      editingId.value = null;
      noteRequiredFor.value = null;
      noteDraft.value = '';
      if (!dossierFromPage.value) dossierDraft.value = page.value?.dossierCode ?? '';
    });
    const mine = itemId ? (findingsByItem.value.get(itemId) ?? []).find((f) => f.recorded_by === user.value?.id && !f.deleted) : undefined;
    const item = itemId ? itemById.value.get(itemId) : undefined;
    void call('setCaptureTarget', mine && item ? { findingId: mine.id, itemCode: item.code, result: mine.result } : null).catch(() => undefined);
    if (mine) void loadEvidence(mine.id);
  }

  function moveFocus(delta: number) {
    const list = orderedItems.value;
    if (list.length === 0) return;
    const at = list.findIndex((i) => i.id === focusedId.value);
    const next = list[Math.max(0, Math.min(list.length - 1, at === -1 ? 0 : at + delta))];
    if (next) focusItem(next.id);
  }

  /** From a badge click on the page: focus the item and take the row's dossier code. */
  function focusByCode(code: string, dossierCode: string | null) {
    const item = itemByCode.value.get(code);
    if (!item) return;
    focusItem(item.id);
    if (dossierCode) {
      dossierDraft.value = dossierCode;
      dossierFromPage.value = true;
    }
  }

  async function record(result: Result) {
    const s = scope.value;
    const item = focused.value;
    if (!s || !item) return;
    if (!editingId.value && filing.value?.needsChoice) {
      show('error', tr('unitNeedsChoice'));
      return;
    }
    // The API refuses a nonconformity without a note; asked here, before anything is queued, so no op is refused later.
    if (noteMissing(result, noteDraft.value)) {
      batch(() => {
        noteRequiredFor.value = result;
        noteAsked.value++;
      });
      return;
    }
    let res;
    try {
      res = await call('recordFinding', {
      ...(editingId.value ? { findingId: editingId.value } : {}),
      auditId: s.auditId,
      // A new finding goes to the scope's unit; an edit keeps the finding's own (the unit may have moved since).
      unitId: (editingId.value ? findings.value.find((x) => x.id === editingId.value)?.unit_id : undefined) ?? s.unitId,
      itemId: item.id,
      result,
      note: noteDraft.value,
      dossierCode: dossierDraft.value.trim() || null,
      pageUrl: page.value?.url ?? null,
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code !== 'unit_changed' && code !== 'unit_needs_choice') throw err;
      // The background moved the unit (or holds findings for this page) before the panel heard of it: nothing was
      // recorded; the panel shows where findings go now and the inspector records again.
      await refreshFiling(false);
      show('error', err instanceof Error ? err.message : String(err));
      return;
    }
    const f = res.finding;
    batch(() => {
      findings.value = [f, ...findings.value.filter((x) => x.id !== f.id)];
      noteDraft.value = '';
      editingId.value = null;
      noteRequiredFor.value = null;
    });
    void call('setCaptureTarget', { findingId: f.id, itemCode: item.code, result: f.result }).catch(() => undefined);
    show('ok', `${item.code}: ${t(lang.value, `result_${result}`)}${sync.value?.online === false ? ` — ${tr('savedOffline')}` : ''}`);
  }

  const recordByKey = (digit: number) => {
    const result = KEY_RESULTS[digit - 1];
    if (result) void record(result);
  };

  function startEdit(f: LocalFinding) {
    batch(() => {
      editingId.value = f.id;
      noteRequiredFor.value = null;
      noteDraft.value = f.note;
      dossierDraft.value = f.dossier_code ?? '';
      dossierFromPage.value = false;
    });
  }

  async function remove(f: LocalFinding) {
    await call('deleteFinding', { findingId: f.id });
    findings.value = findings.value.filter((x) => x.id !== f.id);
  }

  async function loadEvidence(findingId: string) {
    const res = await call('listEvidence', { findingId });
    evidence.value = { ...evidence.value, [findingId]: res.evidence };
  }

  async function capture(f: LocalFinding, mode: 'selection' | 'element') {
    const item = itemById.value.get(f.item_id);
    if (item) await call('setCaptureTarget', { findingId: f.id, itemCode: item.code, result: f.result });
    const res = mode === 'selection' ? await call('captureSelection', { findingId: f.id, screenshot: screenshot.value }) : await call('startPicker', { findingId: f.id, screenshot: screenshot.value });
    if (!res.ok && res.code === 'dossier_mismatch') {
      // Nothing is attached until the inspector answers.
      pendingCapture.value = { source: 'panel', findingId: res.findingId, findingDossier: res.findingDossier, captureDossier: res.captureDossier, capture: res.capture, screenshot: res.screenshot };
      return;
    }
    if (!res.ok && res.code === 'unit_changed') await refreshFiling(false);
    if (!res.ok) {
      const reason = res.code === 'no_selection' ? tr('noSelection') : res.code === 'no_page' ? tr('noPage') : res.code === 'no_profile' ? tr('noProfile') : res.message;
      show('error', tr('captureFailed', { reason }));
      return;
    }
    if ('picking' in res) {
      show('info', tr('pickHelp'));
      return;
    }
    show('ok', tr('captured'));
    await loadEvidence(f.id);
    await refreshFindings();
  }

  /** The inspector's answer to a capture from another dossier: attach (and set the finding's dossier code), or not. */
  async function answerCapture(choice: 'attach' | 'attach_set' | 'cancel') {
    const pending = pendingCapture.value;
    pendingCapture.value = null;
    if (!pending) return;
    if (pending.source === 'page') {
      const res = await call('answerPendingCapture', { id: pending.view.id, choice });
      if (res.ok) {
        show('ok', tr('captured'));
        await loadEvidence(pending.view.findingId);
        await refreshFindings();
      } else if (res.code === 'cancelled') show('info', res.message);
      else show('error', res.code === 'expired' ? res.message : tr('captureFailed', { reason: res.message }));
      return;
    }
    if (choice === 'cancel') {
      show('info', tr('captureCancelled'));
      return;
    }
    const confirm = { dossier: pending.captureDossier, ...(choice === 'attach_set' ? { set_finding_dossier: true } : {}) };
    const res = await call('confirmCapture', { findingId: pending.findingId, screenshot: pending.screenshot, capture: { ...pending.capture, confirm } });
    if (!res.ok) {
      show('error', tr('captureFailed', { reason: res.code === 'no_page' ? tr('noPage') : res.message }));
      return;
    }
    show('ok', tr('captured'));
    await loadEvidence(pending.findingId);
    await refreshFindings();
  }

  async function refreshSweep() {
    sweep.value = await call('getSweep', {}).then(
      (r) => r.sweep,
      () => null,
    );
  }

  /** Starts "check the whole list" from the list on the page tab; answers an error message, or null. */
  async function startSweep(intervalMs?: number): Promise<string | null> {
    try {
      sweep.value = (await call('startSweep', intervalMs === undefined ? {} : { intervalMs })).sweep;
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  async function loadFigures() {
    figures.value = await call('sweepFigures', {}).then(
      (r) => r.figures,
      () => [],
    );
  }

  /** Verifies a unit's reported figures with the finished sweep; answers an error message, or null. */
  async function verifyFigures(figuresId: string): Promise<string | null> {
    try {
      const { figures: done } = await call('verifyFigures', { figuresId });
      figures.value = figures.value.map((f) => (f.id === done.id ? done : f));
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  async function controlSweep(action: 'pause' | 'resume' | 'cancel' | 'clear') {
    sweep.value = (await call('controlSweep', { action })).sweep;
  }

  /**
   * Records the finding a check suggests, with its evidence captured from the dossier's place on the page (a sweep's
   * suggestion: the background opens its dossier in the page tab first).
   */
  async function acceptSuggestion(key: string) {
    const s = page.value?.suggestions.find((x) => x.key === key) ?? sweep.value?.result?.suggestions.find((x) => x.key === key);
    if (!s) return;
    try {
      const res = await call('acceptSuggestion', { key });
      if (res.evidence.ok) show('ok', tr('suggestionAccepted', { item: s.item_code, code: s.dossier_code }));
      else show('error', tr('suggestionAcceptedNoEvidence', { item: s.item_code, code: s.dossier_code, reason: res.evidence.message }));
    } catch (err) {
      show('error', err instanceof Error ? err.message : String(err));
    }
    await Promise.all([refreshFindings(), refreshPage(), refreshSweep()]);
  }

  /** Puts a suggestion aside with a reason; answers an error message, or null when done. */
  async function dismissSuggestion(key: string, reason: string): Promise<string | null> {
    try {
      await call('dismissSuggestion', { key, reason });
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    show('info', tr('suggestionDismissed'));
    await Promise.all([refreshPage(), refreshSweep()]);
    return null;
  }

  async function resolve(opId: string, choice: 'mine' | 'theirs') {
    await call('resolveConflict', { opId, choice });
    await Promise.all([refreshSync(), refreshFindings()]);
  }

  async function dismiss(opId: string) {
    await call('dismissRejected', { opId });
    await Promise.all([refreshSync(), refreshFindings()]);
  }

  async function dismissAll() {
    for (const r of sync.value?.rejected ?? []) await call('dismissRejected', { opId: r.opId });
    await Promise.all([refreshSync(), refreshFindings()]);
  }

  /**
   * The refused ops as a JSON file for the inspector to keep or hand to the lead: each op as the outbox stores it
   * (citizen identifiers already masked there; nothing else is added) with the problem that refused it.
   */
  function rejectedExport(now = new Date()): { name: string; text: string; count: number } {
    const rejected = sync.value?.rejected ?? [];
    const body = {
      format: 'onestop-rejected-ops/1',
      exported_at: now.toISOString(),
      api_base: apiBase.value,
      user: user.value ? { id: user.value.id, email: user.value.email } : null,
      ops: rejected.map((r) => ({
        op_id: r.opId,
        kind: r.kind,
        entity_id: r.entityId,
        queued_at: r.queuedAt,
        attempts: r.attempts,
        data: r.data,
        problem: { code: r.code, status: r.status, title: r.title, detail: r.detail, errors: r.errors },
      })),
    };
    const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    return { name: `onestop-rejected-${stamp}.json`, text: `${JSON.stringify(body, null, 2)}\n`, count: rejected.length };
  }

  function exported(count: number) {
    show('ok', tr('exported', { n: count }));
  }

  async function syncNow() {
    sync.value = { ...(sync.value ?? { signedIn: true, online: true, pending: 0, lastSyncAt: null, lastError: null, nextAttemptAt: null, conflicts: [], rejected: [] }), syncing: true };
    sync.value = await call('syncNow', {});
    await refreshFindings();
  }

  async function setLang(next: Lang) {
    lang.value = next;
    await call('setLang', { lang: next });
  }

  /** The capture the page handed in and the background keeps for the inspector's answer (none: the dialog goes). */
  async function refreshPendingCapture() {
    const { pending } = await call('getPendingCapture', {});
    const now = pendingCapture.value;
    if (pending) {
      if (now?.source === 'page' && now.view.id === pending.id) return;
      pendingCapture.value = { source: 'page', view: pending };
    } else if (now?.source === 'page') {
      pendingCapture.value = null;
    }
  }

  async function onChanged(what: 'sync' | 'findings' | 'page' | 'session' | 'evidence' | 'scope' | 'capture' | 'sweep') {
    if (what === 'session') return init();
    if (what === 'sweep') return refreshSweep();
    if (what === 'capture') return refreshPendingCapture();
    if (what === 'sync') return refreshSync();
    if (what === 'page') {
      await Promise.all([refreshPage(), refreshFiling(), refreshPendingCapture()]);
      return;
    }
    if (what === 'scope') return refreshFiling();
    if (what === 'findings') {
      await Promise.all([refreshFindings(), refreshSync()]);
      return;
    }
    const f = focused.value ? (findingsByItem.value.get(focused.value.id) ?? []) : [];
    await Promise.all(f.map((x) => loadEvidence(x.id)));
  }

  return {
    lang,
    ready,
    user,
    apiBase,
    audits,
    auditsOffline,
    scope,
    filing,
    items,
    findings,
    checklistOffline,
    loadingChecklist,
    sync,
    page,
    focusedId,
    focused,
    noteDraft,
    dossierDraft,
    dossierFromPage,
    editingId,
    noteRequiredFor,
    noteAsked,
    screenshot,
    evidence,
    toast,
    search,
    busy,
    pendingCapture,
    passwordChangeUrl,
    answerCapture,
    itemById,
    currentAudit,
    findingsByItem,
    latestResult,
    groups,
    tr,
    init,
    login,
    logout,
    chooseScope,
    confirmUnit,
    refreshFiling,
    focusItem,
    moveFocus,
    focusByCode,
    record,
    recordByKey,
    startEdit,
    remove,
    loadEvidence,
    capture,
    resolve,
    dismiss,
    dismissAll,
    rejectedExport,
    exported,
    syncNow,
    setLang,
    onChanged,
    refreshSync,
    acceptSuggestion,
    dismissSuggestion,
    sweep,
    figures,
    loadFigures,
    verifyFigures,
    refreshSweep,
    startSweep,
    controlSweep,
  };
}

export type PanelStore = ReturnType<typeof createPanelStore>;
