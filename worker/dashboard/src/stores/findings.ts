// Findings lists: the role-scoped inbox with filters taken from the URL (so every number elsewhere can link to the
// findings behind it), the counts of what needs doing, and the client-side pieces the API does not filter yet
// (a period of audit starts, "NC only", leaving withdrawn findings out).
import {
  auditStart,
  FINDING_STATUSES,
  IdSchema,
  NC_RESULTS,
  RESULTS,
  vietnamDate,
  type AuditListItem,
  type FindingStatus,
  type Result,
  type Role,
} from '@onestop/shared';
import { computed, signal } from '@preact/signals';
import { toProblem, type Api } from '../lib/api.ts';
import { createResource } from '../lib/resource.ts';
import { AuditListSchema, FindingListSchema, type FindingRow } from '../lib/schemas.ts';

export interface FindingFilters {
  audit?: string | undefined;
  unit?: string | undefined;
  status?: FindingStatus | undefined;
  result?: Result | undefined;
  /** nc_major and nc_minor only. */
  nc?: boolean | undefined;
  overdue?: boolean | undefined;
  /** A clause and its sub-clauses (8.5 covers 8.5.1). */
  clause?: string | undefined;
  /** Leave withdrawn findings out, as summaries do. */
  counted?: boolean | undefined;
  /** Audits started on or after / before (Asia/Ho_Chi_Minh dates), as the summary's period. */
  from?: string | undefined;
  to?: string | undefined;
  /** The unit head's inbox shows what needs their answer unless they ask for everything. */
  all?: boolean | undefined;
}

export const FILTER_KEYS = ['audit', 'unit', 'status', 'result', 'nc', 'overdue', 'clause', 'counted', 'from', 'to', 'all'] as const;

/** What waits for the unit head: a nonconformity to answer, an action to carry out and report done. */
export const NEEDS_ANSWER: readonly FindingStatus[] = ['open', 'action_planned'];

/** True when the unit head's inbox hides what needs nothing from them (the default, without a status filter). */
export function needsAnswerOnly(role: Role, f: FindingFilters): boolean {
  return role === 'unit_head' && !f.all && f.status === undefined;
}

const isDate = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s);

export function filtersFromQuery(q: URLSearchParams): FindingFilters {
  const id = (k: string) => {
    const v = q.get(k);
    return v !== null && IdSchema.safeParse(v).success ? v : undefined;
  };
  const status = q.get('status');
  const result = q.get('result');
  const clause = q.get('clause');
  const from = q.get('from');
  const to = q.get('to');
  return {
    audit: id('audit'),
    unit: id('unit'),
    status: (FINDING_STATUSES as readonly string[]).includes(status ?? '') ? (status as FindingStatus) : undefined,
    result: (RESULTS as readonly string[]).includes(result ?? '') ? (result as Result) : undefined,
    nc: q.get('nc') === '1' || undefined,
    overdue: q.get('overdue') === 'true' || undefined,
    clause: clause !== null && /^\d+(\.\d+)*$/.test(clause) ? clause : undefined,
    counted: q.get('counted') === '1' || undefined,
    from: isDate(from) ? from : undefined,
    to: isDate(to) ? to : undefined,
    all: q.get('all') === '1' || undefined,
  };
}

export function filtersToQuery(f: FindingFilters): Record<string, string | undefined> {
  return {
    audit: f.audit,
    unit: f.unit,
    status: f.status,
    result: f.result,
    nc: f.nc ? '1' : undefined,
    overdue: f.overdue ? 'true' : undefined,
    clause: f.clause,
    counted: f.counted ? '1' : undefined,
    from: f.from,
    to: f.to,
    all: f.all ? '1' : undefined,
  };
}

const PAGE = 100;
const ALL_PAGE = 500;
const MAX_ROWS = 5000;

/** Statuses in which the audit counts for summaries (the Worker's COUNTED_STATUSES). */
const COUNTED_AUDIT = new Set(['in_progress', 'reporting', 'closed']);

export function auditInPeriod(a: Pick<AuditListItem, 'started_at' | 'planned_start' | 'status'>, from: string | undefined, to: string | undefined): boolean {
  if (!COUNTED_AUDIT.has(a.status) || a.started_at === null) return false;
  const day = vietnamDate(auditStart(a));
  return (from === undefined || day >= from) && (to === undefined || day <= to);
}

export type TaskKey = 'open' | 'overdue' | 'action_planned' | 'disputed' | 'action_done';
export const TASKS_BY_ROLE: Record<Role, readonly TaskKey[]> = {
  unit_head: ['open', 'overdue', 'action_planned'],
  inspector: ['disputed', 'action_done', 'overdue'],
  leader: ['overdue', 'open', 'disputed'],
  admin: ['overdue', 'open', 'disputed'],
};

export function taskFilters(task: TaskKey): FindingFilters {
  return task === 'overdue' ? { overdue: true } : { status: task };
}

export function createFindingsStore(api: Api) {
  /** `hidden`: how many findings the needs-an-answer view leaves out. */
  const list = createResource<{ items: FindingRow[]; total: number; complete: boolean; hidden?: number }>();
  const audits = createResource<AuditListItem[]>();
  const tasks = createResource<Partial<Record<TaskKey, number>>>();
  const loadingMore = signal(false);
  let current: FindingFilters = {};

  async function fetchAll(query: Record<string, string | undefined>): Promise<FindingRow[]> {
    const out: FindingRow[] = [];
    for (let offset = 0; offset < MAX_ROWS; offset += ALL_PAGE) {
      const page = await api.get('/findings', FindingListSchema, { ...query, limit: ALL_PAGE, offset });
      out.push(...page.items);
      if (out.length >= page.total || page.items.length === 0) break;
    }
    return out;
  }

  async function loadAudits(): Promise<AuditListItem[]> {
    if (audits.data.value) return audits.data.value;
    const res = await audits.load(() => api.get('/audits', AuditListSchema, { limit: 200 }).then((r) => r.items));
    return res ?? [];
  }

  /**
   * Loads the list for the filters: one server page, or everything when a filter is applied here. `needsOnly`
   * keeps the findings waiting for the unit head and counts the others, so the inbox can say what it hides.
   */
  async function load(f: FindingFilters, needsOnly = false): Promise<void> {
    current = f;
    const base = {
      unit: f.unit,
      status: f.status,
      result: f.result,
      overdue: f.overdue ? 'true' : undefined,
      clause: f.clause,
    };
    const clientSide = needsOnly || f.counted || f.nc || f.from !== undefined || f.to !== undefined;
    await list.load(async () => {
      if (!clientSide) {
        const page = await api.get('/findings', FindingListSchema, { ...base, audit: f.audit, limit: PAGE, offset: 0 });
        return { items: page.items, total: page.total, complete: page.items.length >= page.total };
      }
      let auditIds: (string | undefined)[] = [f.audit];
      if (f.from !== undefined || f.to !== undefined) {
        const all = await loadAudits();
        auditIds = all.filter((a) => auditInPeriod(a, f.from, f.to) && (f.audit === undefined || a.id === f.audit)).map((a) => a.id);
      }
      const results: (Result | undefined)[] = f.nc && f.result === undefined ? [...NC_RESULTS] : [f.result];
      const parts = await Promise.all(auditIds.flatMap((audit) => results.map((result) => fetchAll({ ...base, audit, result }))));
      const seen = new Set<string>();
      let items = parts.flat().filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
      if (f.counted) items = items.filter((r) => r.status !== 'withdrawn');
      if (f.nc && f.result !== undefined) items = items.filter((r) => r.result === 'nc_major' || r.result === 'nc_minor');
      items.sort((a, b) => (a.recorded_at < b.recorded_at ? 1 : a.recorded_at > b.recorded_at ? -1 : a.id.localeCompare(b.id)));
      if (!needsOnly) return { items, total: items.length, complete: true };
      const waiting = items.filter((r) => NEEDS_ANSWER.includes(r.status));
      return { items: waiting, total: waiting.length, complete: true, hidden: items.length - waiting.length };
    });
  }

  async function loadMore(): Promise<void> {
    const data = list.data.value;
    if (!data || data.complete || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const f = current;
      const page = await api.get('/findings', FindingListSchema, {
        audit: f.audit,
        unit: f.unit,
        status: f.status,
        result: f.result,
        overdue: f.overdue ? 'true' : undefined,
        clause: f.clause,
        limit: PAGE,
        offset: data.items.length,
      });
      const items = [...data.items, ...page.items];
      list.set({ items, total: page.total, complete: items.length >= page.total || page.items.length === 0 });
    } catch (err) {
      list.error.value = toProblem(err);
    } finally {
      loadingMore.value = false;
    }
  }

  async function loadTasks(role: Role): Promise<void> {
    await tasks.load(async () => {
      const keys = TASKS_BY_ROLE[role];
      const counts = await Promise.all(
        keys.map((k) => {
          const f = taskFilters(k);
          return api.get('/findings', FindingListSchema, { status: f.status, overdue: f.overdue ? 'true' : undefined, limit: 1 }).then((r) => r.total);
        }),
      );
      return Object.fromEntries(keys.map((k, i) => [k, counts[i] ?? 0]));
    });
  }

  const auditOptions = computed(() => audits.data.value ?? []);

  return { list, audits, tasks, loadingMore, auditOptions, load, loadMore, loadAudits, loadTasks };
}

export type FindingsStore = ReturnType<typeof createFindingsStore>;

/** What needs doing first: overdue actions, then findings awaiting a response, then the rest of the workflow. */
const PRIORITY: Record<FindingStatus, number> = { open: 1, action_planned: 2, disputed: 3, action_done: 4, recorded: 6, closed: 7, withdrawn: 8 };

export function sortFindings(rows: readonly FindingRow[], order: 'priority' | 'newest'): FindingRow[] {
  if (order === 'newest') return [...rows];
  const rank = (f: FindingRow) => (f.overdue ? 0 : PRIORITY[f.status]) * 10 + (f.result === 'nc_major' ? 0 : f.result === 'nc_minor' ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') || (a.recorded_at < b.recorded_at ? 1 : -1));
}
