// The sweep runner (issue 14) over a fake dossier system: it walks the list by the page parameter, opens a detail
// screen only for dossiers a rule could not decide on their row, keeps the rate, ends where the list ends, and goes
// on after a "service-worker restart" (a new runner over the saved state) without reading anything twice.
import type { CheckResult, SiteProfile } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import type { SweepDossier, SweepRead } from '../page/sweep-read.ts';
import { checkFieldsOfPage, mergeFields, sampleOf, SweepRunner, sweepOutcomes, withPageParam, type SweepDeps, type SweepRecord, type SweepState } from './sweep.ts';

const ORIGIN = 'https://dvc.example.vn';
const PROFILE = {
  name: 'Hệ thống thử',
  pages: [
    { id: 'list', url: '/ho-so*', fields: [{ name: 'dossier_code' }, { name: 'status' }, { name: 'due_at' }], pagination: { page_param: 'trang' }, detail: { link: 'a', page: 'detail' } },
    { id: 'detail', url: '/ho-so/*', fields: [{ name: 'dossier_code' }, { name: 'apology_issued' }] },
  ],
} as unknown as SiteProfile;

/** 23 dossiers, 10 per page; every third one is late (its row cannot tell whether an apology was sent). */
const DOSSIERS = Array.from({ length: 23 }, (_, i) => ({ code: `HS-${String(i + 1).padStart(3, '0')}`, late: i % 3 === 0, apology: i % 6 === 0 }));

function result(rule: string, outcome: CheckResult['outcome'], missing: string[] = []): CheckResult {
  return { rule_id: rule, rule_version: 1, item_code: '8.5.1-a', suggests: 'nc_minor', outcome, message: { vi: rule, en: rule }, facts: {}, missing, undecided: missing.length > 0, as_of: '2026-12-01T00:00:00.000Z' };
}

/** A late dossier without an apology breaks `late-no-apology`; its row alone leaves that undecided. */
const evaluate: SweepDeps['evaluate'] = (fields) => {
  if (fields.status !== 'late') return [result('late-no-apology', 'not_applicable')];
  if (!('apology_issued' in fields)) return [result('late-no-apology', 'undecidable', ['apology_issued'])];
  return [result('late-no-apology', fields.apology_issued === 'true' ? 'pass' : 'violation')];
};

class FakeSite {
  url = `${ORIGIN}/ho-so?trang=3`;
  navigations: string[] = [];
  reads = 0;
  read(): SweepRead {
    this.reads++;
    const u = new URL(this.url);
    const detail = /\/ho-so\/(.+)$/.exec(u.pathname);
    if (detail) {
      const d = DOSSIERS.find((x) => x.code === decodeURIComponent(detail[1] ?? ''));
      const dossiers: SweepDossier[] = d ? [{ code: d.code, kind: 'page', fields: { dossier_code: d.code, apology_issued: String(d.apology) } }] : [];
      return { url: this.url, pageIds: ['detail'], asOf: null, dossiers, total: dossiers.length, pagination: null, detailPage: null };
    }
    const page = Number(u.searchParams.get('trang') ?? '1');
    const rows = DOSSIERS.slice((page - 1) * 10, page * 10);
    return {
      url: this.url,
      pageIds: ['list'],
      asOf: '2026-12-01T08:00:00+07:00',
      dossiers: rows.map((d) => ({ code: d.code, kind: 'row', fields: { dossier_code: d.code, status: d.late ? 'late' : 'ok', due_at: null }, detail: `${ORIGIN}/ho-so/${d.code}` })),
      total: rows.length,
      pagination: { pageId: 'list', total: DOSSIERS.length, hasNext: page * 10 < DOSSIERS.length, page, size: 10, nextHref: null, nextClickable: false },
      detailPage: 'detail',
    };
  }
}

function harness(site: FakeSite, store: { state: SweepState | null; records: Map<string, SweepRecord[]> }, hooks: { afterStep?: (s: SweepState) => void } = {}) {
  let clock = 0;
  const finished: SweepState[] = [];
  const deps: SweepDeps = {
    navigate: async (_tab, url) => {
      site.navigations.push(url);
      site.url = url;
    },
    read: async () => site.read(),
    pressNext: async () => false,
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
    loadState: async () => (store.state ? structuredClone(store.state) : null),
    saveState: async (s) => {
      store.state = structuredClone(s);
      hooks.afterStep?.(store.state);
    },
    loadRecords: async (id) => structuredClone(store.records.get(id) ?? []),
    saveRecords: async (id, r) => void store.records.set(id, structuredClone(r)),
    evaluate,
    changed: () => undefined,
    finished: async (s) => void finished.push(s),
  };
  return { runner: new SweepRunner(deps, () => PROFILE), finished, clock: () => clock };
}

function initial(startUrl: string): SweepState {
  return {
    id: 'sweep-1',
    tabId: 7,
    auditId: 'a',
    unitId: 'u',
    profileName: PROFILE.name,
    listPage: 'list',
    detailPage: 'detail',
    startUrl,
    status: 'running',
    phase: 'list',
    intervalMs: 400,
    pagesRead: 0,
    pagesTotal: null,
    dossiersTotal: null,
    next: { url: startUrl, page: 1 },
    lastCodes: [],
    detailQueue: [],
    detailsDone: 0,
    asOf: '2026-12-01T00:00:00.000Z',
    startedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: null,
    error: null,
    duplicates: 0,
  };
}

describe('sweeps', () => {
  it('walks every list page, opens only the details a rule needs, and finds exactly the late dossiers without an apology', async () => {
    const site = new FakeSite();
    const store = { state: null as SweepState | null, records: new Map<string, SweepRecord[]>() };
    const startUrl = withPageParam(site.url, 'trang', 1);
    store.state = initial(startUrl);
    const { runner, finished } = harness(site, store);
    await runner.resume();
    const state = store.state as SweepState;
    expect(state.status).toBe('done');
    expect(state.pagesRead).toBe(3);
    expect(state.pagesTotal).toBe(3);
    const late = DOSSIERS.filter((d) => d.late);
    // The three list pages, one detail screen per late dossier and none other, then back to the list.
    expect(site.navigations.filter((u) => u.includes('trang='))).toEqual([1, 2, 3].map((n) => `${ORIGIN}/ho-so?trang=${n}`).concat([startUrl]));
    expect(site.navigations.filter((u) => u.includes('/ho-so/')).map((u) => u.split('/').pop())).toEqual(late.map((d) => d.code));
    expect(finished).toHaveLength(1);
    const records = store.records.get('sweep-1') ?? [];
    expect(records.map((r) => r.code)).toEqual(DOSSIERS.map((d) => d.code));
    // The progress the panel polls is kept in the state, equal to what the records say.
    expect(state.dossiersRead).toBe(records.length);
    expect(state.detailsFailed).toBe(records.filter((r) => r.detailState === 'failed').length);
    const outcomes = sweepOutcomes(records, state, evaluate);
    const violating = outcomes.dossiers.filter((d) => d.results.some((r) => r.outcome === 'violation')).map((d) => d.code);
    expect(violating).toEqual(DOSSIERS.filter((d) => d.late && !d.apology).map((d) => d.code));
    expect(outcomes.rules).toEqual([{ rule_id: 'late-no-apology', item_code: '8.5.1-a', pass: late.filter((d) => d.apology).length, violation: violating.length, not_applicable: DOSSIERS.length - late.length, undecidable: 0 }]);
    const sample = sampleOf(state, outcomes, { id: 'one-stop-118', version: 2 });
    expect(sample?.dossiers).toHaveLength(23);
    expect(sample?.as_of).toBe('2026-12-01T08:00:00+07:00');
  });

  it('keeps the least interval between navigations', async () => {
    const site = new FakeSite();
    const store = { state: initial(`${ORIGIN}/ho-so?trang=1`), records: new Map<string, SweepRecord[]>() };
    const times: number[] = [];
    const h = harness(site, store);
    const nav = site.navigations;
    const push = nav.push.bind(nav);
    nav.push = (...u: string[]) => {
      times.push(h.clock());
      return push(...u);
    };
    await h.runner.resume();
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('goes on after a restart from the saved state, reading no page twice, and stops on a pause', async () => {
    const site = new FakeSite();
    const store = { state: initial(`${ORIGIN}/ho-so?trang=1`), records: new Map<string, SweepRecord[]>() };
    // The first runner "dies" after its second step: the worker stopped (its state was saved).
    let steps = 0;
    const first = harness(site, store, {
      afterStep: (s) => {
        if (++steps === 2) s.status = 'paused';
      },
    });
    await first.runner.resume();
    expect(store.state?.status).toBe('paused');
    expect(store.state?.pagesRead).toBe(2);
    const before = site.navigations.length;
    // A new runner (the restarted worker) resumes.
    store.state = { ...(store.state as SweepState), status: 'running' };
    const second = harness(site, store);
    await second.runner.resume();
    expect(store.state?.status).toBe('done');
    const after = site.navigations.slice(before);
    expect(after[0]).toBe(`${ORIGIN}/ho-so?trang=3`);
    expect(site.navigations.filter((u) => u.endsWith('trang=1'))).toHaveLength(2); // the start, and back at the end
    expect((store.records.get('sweep-1') ?? []).length).toBe(23);
  });

  it('keeps a pause asked for during a step, even when the step saves its state after the pause was saved', async () => {
    const site = new FakeSite();
    const store = { state: initial(`${ORIGIN}/ho-so?trang=1`), records: new Map<string, SweepRecord[]>() };
    // The pause lands right after the runner looked at the saved state at the end of its first step (the step had
    // seen `running`), and before it saves: the runner must not write `running` over it.
    let reads = 0;
    const h = harness(site, store);
    const inner = (h.runner as unknown as { deps: SweepDeps }).deps;
    const load = inner.loadState;
    inner.loadState = async () => {
      const s = await load();
      // Calls: the loop's start, the pace, then the check after the step.
      if (++reads === 3) {
        h.runner.request('sweep-1', 'paused');
        store.state = { ...(store.state as SweepState), status: 'paused' };
      }
      return s;
    };
    await h.runner.resume();
    expect(store.state?.status).toBe('paused');
    expect(store.state?.pagesRead).toBe(1);
  });

  it('ends the list when the page parameter is past the last page, and fails clearly when the list never shows', async () => {
    const site = new FakeSite();
    site.read = () => ({ url: site.url, pageIds: ['other'], asOf: null, dossiers: [], total: 0, pagination: null, detailPage: null });
    const store = { state: initial(`${ORIGIN}/ho-so?trang=1`), records: new Map<string, SweepRecord[]>() };
    await harness(site, store).runner.resume();
    expect(store.state?.status).toBe('failed');
    expect(store.state?.error).toMatch(/did not show/);
  });

  it('adds a detail screen\'s fields to the row\'s: an empty list read there counts, a null gives way to a row value', () => {
    expect(mergeFields({ status: 'returned', due_at: '2026-01-02T10:00:00.000Z', returned_at: null }, { due_at: null, returned_at: '2026-01-02T09:00:00.000Z', supplement_requests: [] })).toEqual({
      status: 'returned',
      due_at: '2026-01-02T10:00:00.000Z',
      returned_at: '2026-01-02T09:00:00.000Z',
      supplement_requests: [],
    });
  });

  it('builds page addresses in the query or in a hash route, and knows which check fields a page reads', () => {
    expect(withPageParam('https://x.vn/ho-so?q=a&page=4', 'page', 1)).toBe('https://x.vn/ho-so?q=a&page=1');
    expect(withPageParam('https://x.vn/can-bo/#/dossiers?tab=all&page=3', 'page', 4)).toBe('https://x.vn/can-bo/#/dossiers?tab=all&page=4');
    expect(withPageParam('https://x.vn/can-bo/#/dossiers', 'page', 2)).toBe('https://x.vn/can-bo/#/dossiers?page=2');
    expect(Array.from(checkFieldsOfPage(PROFILE, 'detail')).sort()).toEqual(['apology_issued', 'dossier_code']);
    expect(Array.from(checkFieldsOfPage(PROFILE, 'list')).sort()).toEqual(['dossier_code', 'due_at', 'status']);
  });
});
