// Sweeps (issue 14): "check the whole list". From a list screen the background walks the list's pages in the page tab
// (the profile's page parameter, else the address of its next-page link, else a press of its next-page button), reads
// every row, and goes to a dossier's own screen (the address of the row's `detail.link`) only when a rule could not
// decide on the row and the detail screen reads a field it lacks. Nothing else on the page is ever pressed, and no
// form is submitted. Navigations keep a minimum interval (the rate). The state is kept in session storage after every
// step, so a sweep goes on where it stopped after the service worker restarts; pause, resume and cancel act between
// steps. At the end every dossier's rule outcomes become a sample of the audit (POST /audits/{id}/samples) and every
// violation a suggested finding.
import { CHECK_FIELD_PROFILE_NAMES, type CheckField, type CheckResult, type SampleCreate, type SiteProfile } from '@onestop/shared';
import type { CheckFieldValue } from '../page/check-fields.ts';
import type { SweepRead } from '../page/sweep-read.ts';
import { dossierKey } from './checks.ts';

export type SweepStatus = 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

/** The default and the fastest rate: the least time between two navigations of a sweep. */
export const SWEEP_DEFAULT_INTERVAL_MS = 400;
export const SWEEP_MIN_INTERVAL_MS = 100;
/** How long a screen may take to show what a sweep waits for, and how often it is read meanwhile. */
export const SWEEP_SETTLE_TIMEOUT_MS = 20_000;
const SETTLE_POLL_MS = 50;
/** At most this many list pages and dossiers in one sweep (a sample holds at most 5,000 dossiers). */
export const SWEEP_MAX_PAGES = 500;
export const SWEEP_MAX_DOSSIERS = 5000;

/** One dossier a sweep read: its row's check fields, and its detail screen's once read. */
export interface SweepRecord {
  code: string;
  fields: Record<string, CheckFieldValue>;
  asOf: string | null;
  detail: string | null;
  /** The list page it was read on. */
  page: string;
  /** `queued`: the row left a rule undecided that its detail screen can answer; `failed`: that screen did not show it. */
  detailState: 'none' | 'queued' | 'read' | 'failed';
}

export interface SweepState {
  id: string;
  tabId: number;
  auditId: string;
  unitId: string;
  profileName: string;
  /** The list page id (with `pagination`) and the page id its rows' links open. */
  listPage: string;
  detailPage: string | null;
  startUrl: string;
  status: SweepStatus;
  phase: 'list' | 'details' | 'done';
  intervalMs: number;
  /** List pages read, the list's total pages and dossiers when it shows them. */
  pagesRead: number;
  pagesTotal: number | null;
  dossiersTotal: number | null;
  /** How to reach the next list page, or null when the list ends. */
  next: { url: string; page: number | null } | { click: true } | null;
  /** Codes of the last list page read (a page that shows them again ends the list). */
  lastCodes: string[];
  /** Keys of queued dossiers (dossierKey), in order, and how many of them were visited. */
  detailQueue: string[];
  detailsDone: number;
  /** The page's "as of" time on the first list page, else when the sweep started. */
  asOf: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Rows seen more than once across pages (the list moved while it was read). */
  duplicates: number;
  /** The most rows a list page showed. */
  pageSize?: number;
  /**
   * Dossiers read and detail screens that failed so far, kept here so the side panel's progress poll reads one small
   * item instead of every record (absent in a state saved by an older build: the view counts the records then).
   */
  dossiersRead?: number;
  detailsFailed?: number;
}

/** What the runner needs from the browser and the rest of the background; tests give it a fake site. */
export interface SweepDeps {
  /** Goes to an address in the tab. */
  navigate(tabId: number, url: string): Promise<void>;
  /** The tab's screen as the overlay reads it now; null when the overlay does not answer (yet). */
  read(tabId: number): Promise<SweepRead | null>;
  /** Presses the declared next-page button. */
  pressNext(tabId: number): Promise<boolean>;
  sleep(ms: number): Promise<void>;
  now(): number;
  loadState(): Promise<SweepState | null>;
  saveState(state: SweepState): Promise<void>;
  loadRecords(id: string): Promise<SweepRecord[]>;
  saveRecords(id: string, records: SweepRecord[]): Promise<void>;
  /** The rule outcomes of one dossier's fields; null when no rule set applies. */
  evaluate(fields: Record<string, CheckFieldValue>, asOf: string, code: string): CheckResult[] | null;
  /** Told after every step (progress for the side panel). */
  changed(state: SweepState): void;
  /** Told once when a sweep ends with `done`. */
  finished(state: SweepState, records: SweepRecord[]): Promise<void>;
}

/** The check fields a profile page reads (its own and its field sets'), by their check-field names. */
export function checkFieldsOfPage(profile: SiteProfile, pageId: string): Set<CheckField> {
  const page = profile.pages.find((p) => p.id === pageId);
  const names = new Set<string>();
  for (const f of page?.fields ?? []) names.add(f.name);
  for (const set of page?.use ?? []) for (const f of profile.field_sets?.[set] ?? []) names.add(f.name);
  const out = new Set<CheckField>();
  for (const [field, profileName] of Object.entries(CHECK_FIELD_PROFILE_NAMES) as [CheckField, string][]) {
    if (names.has(profileName) || names.has(`${profileName}.requested_at`)) out.add(field);
  }
  return out;
}

/** True when a rule left the dossier undecided for want of a field the detail screen reads. */
export function needsDetail(results: readonly CheckResult[], detailFields: ReadonlySet<string>): boolean {
  return results.some((r) => r.missing.some((f) => detailFields.has(f)));
}

/** The address of list page `n` through the page parameter (in the query, or in a hash route's own query). */
export function withPageParam(url: string, param: string, n: number): string {
  const u = new URL(url);
  const hash = u.hash;
  const q = hash.indexOf('?');
  if (hash.startsWith('#/') && (q !== -1 || !u.search.includes(`${param}=`))) {
    // A hash route keeps its own query (`#/dossiers?page=2`).
    const path = q === -1 ? hash : hash.slice(0, q);
    const params = new URLSearchParams(q === -1 ? '' : hash.slice(q + 1));
    params.set(param, String(n));
    u.hash = `${path}?${params.toString()}`;
    return u.href;
  }
  u.searchParams.set(param, String(n));
  return u.href;
}

const codesOf = (read: SweepRead, kinds: readonly string[]) => read.dossiers.filter((d) => kinds.includes(d.kind)).map((d) => dossierKey(d.code));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/**
 * A dossier's row fields with its detail screen's: the detail's value wins, also an empty list (a detail that shows no
 * supplement request says there was none); only its null gives way to a value the row showed.
 */
export function mergeFields(row: Record<string, CheckFieldValue>, detail: Record<string, CheckFieldValue>): Record<string, CheckFieldValue> {
  const out = { ...row };
  for (const [k, v] of Object.entries(detail)) if (v !== null || out[k] === undefined || out[k] === null) out[k] = v;
  return out;
}

/** Runs one sweep at a time in the background; every step leaves the state saved. */
export class SweepRunner {
  private running: Promise<void> | null = null;
  private lastNavigation = 0;
  /**
   * A pause or cancel the inspector asked for, held in memory as well as saved: the step under way saves its state
   * when it ends, and must not write `running` over it.
   */
  private requested: { id: string; status: 'paused' | 'cancelled' } | null = null;

  constructor(
    private readonly deps: SweepDeps,
    private readonly profileOf: (name: string) => SiteProfile | null,
  ) {}

  /** Records the inspector's pause or cancel (null: a resume), before the state saying so is saved. */
  request(id: string, status: 'paused' | 'cancelled' | null): void {
    this.requested = status === null ? null : { id, status };
  }

  /** Goes on with a saved sweep that is running (after a service-worker restart, say). */
  resume(): Promise<void> {
    this.running ??= this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    for (;;) {
      const state = await this.deps.loadState();
      if (!state || state.status !== 'running') return;
      try {
        const next = await this.step(state);
        // A pause or a cancel that came during the step wins over the step's own status.
        const now = await this.deps.loadState();
        // Read with no await before the save below: a request cannot slip in between.
        const asked = this.requested?.id === next.id ? this.requested.status : null;
        if (next.status === 'running' && asked !== null) next.status = asked;
        else if (now?.id === next.id && now.status !== 'running' && next.status === 'running') next.status = now.status;
        if (next.status === 'cancelled') next.finishedAt ??= new Date(this.deps.now()).toISOString();
        next.updatedAt = new Date(this.deps.now()).toISOString();
        await this.deps.saveState(next);
        this.deps.changed(next);
        if (next.status === 'done') await this.deps.finished(next, await this.deps.loadRecords(next.id));
      } catch (err) {
        const failed: SweepState = { ...state, status: 'failed', error: err instanceof Error ? err.message : String(err), updatedAt: new Date(this.deps.now()).toISOString() };
        await this.deps.saveState(failed);
        this.deps.changed(failed);
        return;
      }
    }
  }

  private async pace(): Promise<void> {
    const state = await this.deps.loadState();
    const wait = this.lastNavigation + (state?.intervalMs ?? SWEEP_DEFAULT_INTERVAL_MS) - this.deps.now();
    if (wait > 0) await this.deps.sleep(wait);
    this.lastNavigation = this.deps.now();
  }

  /** Reads the tab until `accept` takes a reading and the same codes show twice in a row; null on timeout. */
  private async settle(tabId: number, accept: (r: SweepRead) => boolean, codes: (r: SweepRead) => string[]): Promise<SweepRead | null> {
    const until = this.deps.now() + SWEEP_SETTLE_TIMEOUT_MS;
    let last: string | null = null;
    while (this.deps.now() < until) {
      const read = await this.deps.read(tabId).catch(() => null);
      if (read && accept(read)) {
        const key = JSON.stringify([codes(read), read.dossiers.map((d) => d.fields)]);
        if (key === last) return read;
        last = key;
      } else last = null;
      await this.deps.sleep(SETTLE_POLL_MS);
    }
    return null;
  }

  private async step(state: SweepState): Promise<SweepState> {
    const s: SweepState = { ...state };
    if (s.phase === 'list') return this.listStep(s);
    if (s.phase === 'details') return this.detailStep(s);
    return { ...s, status: 'done' };
  }

  private async listStep(s: SweepState): Promise<SweepState> {
    const profile = this.profileOf(s.profileName);
    if (!profile) throw new Error(`The site profile ${s.profileName} is no longer active`);
    const first = s.pagesRead === 0;
    const target = s.next;
    let expectedPage: number | null = null;
    if (first || (target && 'url' in target)) {
      const url = first ? s.startUrl : (target as { url: string }).url;
      expectedPage = first ? ((target && 'url' in target ? target.page : null) ?? null) : (target as { page: number | null }).page;
      await this.pace();
      await this.deps.navigate(s.tabId, url);
    } else if (target && 'click' in target) {
      await this.pace();
      if (!(await this.deps.pressNext(s.tabId))) return this.endList(s);
    } else return this.endList(s);
    const previous = s.lastCodes;
    const read = await this.settle(
      s.tabId,
      (r) =>
        r.pageIds.includes(s.listPage) &&
        // The page parameter names the page; without one, a next page shows other rows than the page before.
        (expectedPage !== null ? r.pagination?.page === expectedPage : first || !sameList(codesOf(r, ['row']), previous)),
      (r) => codesOf(r, ['row']),
    );
    if (!read) {
      if (first) throw new Error('The list did not show in time: is the tab still on the list screen?');
      // A page that never showed ends the list where it was (recorded as an error for the inspector).
      return { ...(await this.endList(s)), error: `List page ${s.pagesRead + 1} did not show in time; the sweep stopped the list there` };
    }
    const rows = read.dossiers.filter((d) => d.kind === 'row');
    const codes = rows.map((d) => dossierKey(d.code));
    if (!first && sameList(codes, previous)) return this.endList(s);
    const records = await this.deps.loadRecords(s.id);
    const known = new Map(records.map((r, i) => [dossierKey(r.code), i]));
    const detailFields = s.detailPage ? checkFieldsOfPage(profile, s.detailPage) : new Set<CheckField>();
    const asOf = read.asOf ?? s.asOf;
    for (const d of rows) {
      const key = dossierKey(d.code);
      if (known.has(key)) {
        s.duplicates++;
        continue;
      }
      if (records.length >= SWEEP_MAX_DOSSIERS) break;
      const results = this.deps.evaluate(d.fields, asOf, d.code) ?? [];
      const queued = d.detail !== undefined && detailFields.size > 0 && needsDetail(results, detailFields);
      records.push({ code: d.code, fields: d.fields, asOf: read.asOf, detail: d.detail ?? null, page: read.url, detailState: queued ? 'queued' : 'none' });
      known.set(key, records.length - 1);
      if (queued) s.detailQueue = [...s.detailQueue, key];
    }
    await this.deps.saveRecords(s.id, records);
    s.dossiersRead = records.length;
    s.pagesRead++;
    s.lastCodes = codes;
    if (first && read.asOf) s.asOf = read.asOf;
    const p = read.pagination;
    if (p?.total != null) s.dossiersTotal = p.total;
    // The page size: the size parameter, else the most rows a page showed so far (a last page shows fewer).
    s.pageSize = Math.max(s.pageSize ?? 0, rows.length);
    const size = p?.size ?? (s.pageSize > 0 ? s.pageSize : null);
    if (p?.total != null && size) s.pagesTotal = Math.max(s.pagesRead, Math.ceil(p.total / size));
    // Where the next page is: the page parameter, else the next link's address, else its button.
    const rule = profile.pages.find((x) => x.id === s.listPage)?.pagination;
    const pageNo = p?.page ?? null;
    const more = p?.hasNext ?? (p?.total != null && size ? (pageNo ?? s.pagesRead) * size < p.total : false);
    if (!more || rows.length === 0 || records.length >= SWEEP_MAX_DOSSIERS || s.pagesRead >= SWEEP_MAX_PAGES) return this.endList(s);
    if (rule?.page_param !== undefined && pageNo !== null) s.next = { url: withPageParam(read.url, rule.page_param, pageNo + 1), page: pageNo + 1 };
    else if (p?.nextHref) s.next = { url: p.nextHref, page: null };
    else if (p?.nextClickable) s.next = { click: true };
    else return this.endList(s);
    return s;
  }

  private endList(s: SweepState): SweepState {
    return { ...s, next: null, pagesTotal: s.pagesRead, phase: s.detailQueue.length > s.detailsDone ? 'details' : 'done', status: s.detailQueue.length > s.detailsDone ? s.status : 'done', finishedAt: s.detailQueue.length > s.detailsDone ? null : new Date(this.deps.now()).toISOString() };
  }

  private async detailStep(s: SweepState): Promise<SweepState> {
    const key = s.detailQueue[s.detailsDone];
    if (key === undefined || !s.detailPage) return { ...s, phase: 'done', status: 'done', finishedAt: new Date(this.deps.now()).toISOString() };
    const records = await this.deps.loadRecords(s.id);
    const rec = records.find((r) => dossierKey(r.code) === key);
    if (rec?.detail) {
      await this.pace();
      await this.deps.navigate(s.tabId, rec.detail);
      const detailPage = s.detailPage;
      const read = await this.settle(
        s.tabId,
        (r) => r.pageIds.includes(detailPage) && r.dossiers.some((d) => d.kind !== 'row' && dossierKey(d.code) === key),
        (r) => codesOf(r, ['page', 'modal']),
      );
      const own = read?.dossiers.find((d) => d.kind !== 'row' && dossierKey(d.code) === key);
      if (read && own) {
        rec.fields = mergeFields(rec.fields, own.fields);
        rec.asOf = read.asOf ?? rec.asOf;
        rec.detailState = 'read';
      } else rec.detailState = 'failed';
      await this.deps.saveRecords(s.id, records);
      s.detailsFailed = records.filter((r) => r.detailState === 'failed').length;
    }
    s.detailsDone++;
    if (s.detailsDone >= s.detailQueue.length) {
      s.phase = 'done';
      s.status = 'done';
      s.finishedAt = new Date(this.deps.now()).toISOString();
      // Back to the list the inspector started from (at the same rate as any other navigation).
      await this.pace();
      await this.deps.navigate(s.tabId, s.startUrl).catch(() => undefined);
    }
    return s;
  }
}

/** A fact value fit for a sample (the API's names and sizes). */
function sampleFacts(facts: CheckResult['facts']): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(facts)) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(k) || Object.keys(out).length >= 40) continue;
    out[k] = typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 500) : v;
  }
  return out;
}

export interface SweepOutcomes {
  /** Per dossier, the rule outcomes; facts only where they explain something (violations, undecided). */
  dossiers: { code: string; results: CheckResult[] }[];
  rules: { rule_id: string; item_code: string; pass: number; violation: number; not_applicable: number; undecidable: number }[];
  onTime: { on_time: number; late: number; decided: number; rate_percent: number | null } | null;
  withViolation: number;
}

/** Every dossier's outcomes, per-rule counts and the on-time rate (from `returned-late`, as the server counts it). */
export function sweepOutcomes(records: readonly SweepRecord[], state: Pick<SweepState, 'asOf'>, evaluate: SweepDeps['evaluate']): SweepOutcomes {
  const dossiers: SweepOutcomes['dossiers'] = [];
  const rules = new Map<string, SweepOutcomes['rules'][number]>();
  let withViolation = 0;
  for (const r of records) {
    const results = evaluate(r.fields, r.asOf ?? state.asOf, r.code) ?? [];
    dossiers.push({ code: r.code, results });
    if (results.some((x) => x.outcome === 'violation')) withViolation++;
    for (const x of results) {
      const c = rules.get(x.rule_id) ?? { rule_id: x.rule_id, item_code: x.item_code, pass: 0, violation: 0, not_applicable: 0, undecidable: 0 };
      c[x.outcome]++;
      rules.set(x.rule_id, c);
    }
  }
  const late = rules.get('returned-late');
  const decided = late ? late.pass + late.violation : 0;
  return {
    dossiers,
    rules: Array.from(rules.values()),
    onTime: late ? { on_time: late.pass, late: late.violation, decided, rate_percent: decided > 0 ? Math.round((late.pass / decided) * 10_000) / 100 : null } : null,
    withViolation,
  };
}

/** The sample a finished sweep sends (POST /audits/{id}/samples), or null when it read no dossier. */
export function sampleOf(state: SweepState, outcomes: SweepOutcomes, ruleSet: { id: string; version: number }): SampleCreate | null {
  if (outcomes.dossiers.length === 0) return null;
  return {
    id: state.id,
    unit_id: state.unitId,
    site_profile: state.profileName.slice(0, 200),
    as_of: state.asOf,
    rule_set_id: ruleSet.id,
    rule_set_version: ruleSet.version,
    dossiers: outcomes.dossiers.map((d) => ({
      dossier_code: d.code.slice(0, 100),
      outcomes: d.results.map((x) => ({ rule_id: x.rule_id, outcome: x.outcome, facts: x.outcome === 'violation' || x.outcome === 'undecidable' ? sampleFacts(x.facts) : {} })),
    })),
  };
}
