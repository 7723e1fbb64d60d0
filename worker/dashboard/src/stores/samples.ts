// Automated check samples of an audit: the list with its counts and the false positives per rule, and one sample's
// drill-down (per-rule counts, its dossiers paged and filtered by rule and outcome, dismissed suggestions marked).
import { AuditDetailSchema, type AuditDetail } from '@onestop/shared';
import { signal } from '@preact/signals';
import { ApiProblem, toProblem, type Api, type Query } from '../lib/api.ts';
import { createResource } from '../lib/resource.ts';
import { DismissalListSchema, RuleTextsSchema, SampleDetailSchema, SampleListSchema, type DismissalList, type RuleTexts, type SampleDetail, type SampleList } from '../lib/schemas.ts';

export const SAMPLES_PAGE = 50;
export const DOSSIERS_PAGE = 20;

/** Rules by id, with their titles and explanations. */
export type RuleBook = Map<string, RuleTexts>;

/**
 * The rule texts of the audit's checklists: the rule set in force, or `wanted` (the set a sample was made with).
 * A checklist without rules answers 404 and is skipped: names then fall back to rule ids.
 */
async function loadRuleBook(api: Api, audit: AuditDetail, wanted?: { id: string; version: number }): Promise<RuleBook> {
  const answers = await Promise.allSettled(
    audit.checklists.map((c) => api.get(`/checklists/${c.checklist_id}/check-rules`, RuleTextsSchema, { version: c.version, rule_set_version: wanted?.version })),
  );
  const book: RuleBook = new Map();
  for (const a of answers) {
    if (a.status !== 'fulfilled') continue;
    if (wanted && a.value.rule_set.id !== wanted.id) continue;
    for (const r of a.value.rule_set.rules) if (!book.has(r.id)) book.set(r.id, r);
  }
  return book;
}

export function createSamplesStore(api: Api, auditId: string) {
  const audit = createResource<AuditDetail>();
  const samples = createResource<SampleList>();
  const dismissals = createResource<DismissalList>();
  const rules = createResource<RuleBook>();
  const loadingMore = signal(false);
  let unit: string | undefined;

  async function loadAudit(): Promise<void> {
    const a = await audit.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema));
    if (a) void rules.load(() => loadRuleBook(api, a));
  }

  async function load(unitId: string | undefined): Promise<void> {
    unit = unitId;
    await Promise.all([
      samples.load(() => api.get(`/audits/${auditId}/samples`, SampleListSchema, { unit, limit: SAMPLES_PAGE })),
      dismissals.load(() => api.get(`/audits/${auditId}/suggestion-dismissals`, DismissalListSchema, { unit, limit: 1 })),
    ]);
  }

  async function loadMore(): Promise<void> {
    const current = samples.data.value;
    if (!current || loadingMore.value) return;
    loadingMore.value = true;
    try {
      const next = await api.get(`/audits/${auditId}/samples`, SampleListSchema, { unit, limit: SAMPLES_PAGE, offset: current.items.length });
      samples.set({ items: [...current.items, ...next.items], total: next.total });
    } catch (err) {
      samples.error.value = toProblem(err);
    } finally {
      loadingMore.value = false;
    }
  }

  return { audit, samples, dismissals, rules, loadingMore, loadAudit, load, loadMore };
}

export interface DossierQuery {
  rule?: string | undefined;
  outcome?: string | undefined;
  offset: number;
}

/**
 * One sample with a page of its dossiers. The API reads a sample at `/samples/{id}`; should it move under its audit
 * (`/audits/{id}/samples/{sid}`), an unknown route answers `route_not_found` and the audit's path is tried.
 */
async function getSample(api: Api, auditId: string, sampleId: string, query: Query): Promise<SampleDetail> {
  try {
    return await api.get(`/samples/${sampleId}`, SampleDetailSchema, query);
  } catch (err) {
    if (err instanceof ApiProblem && err.code === 'route_not_found') return api.get(`/audits/${auditId}/samples/${sampleId}`, SampleDetailSchema, query);
    throw err;
  }
}

export function createSampleStore(api: Api, auditId: string, sampleId: string) {
  const audit = createResource<AuditDetail>();
  const sample = createResource<SampleDetail>();
  const rules = createResource<RuleBook>();
  /** The unit's dismissed suggestions (counts per rule, and the dossiers they name). */
  const dismissals = createResource<DismissalList>();
  let extrasFor: string | null = null;

  async function load(query: DossierQuery): Promise<void> {
    const [a, s] = await Promise.all([
      audit.data.value ? Promise.resolve(audit.data.value) : audit.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema)),
      sample.load(() => getSample(api, auditId, sampleId, { rule: query.rule, outcome: query.outcome, limit: DOSSIERS_PAGE, offset: query.offset })),
    ]);
    // The rule texts and the dismissals depend on the sample only, not on the page of dossiers: loaded once.
    if (a && s && extrasFor !== s.id) {
      extrasFor = s.id;
      void rules.load(() => loadRuleBook(api, a, { id: s.rule_set_id, version: s.rule_set_version }));
      void dismissals.load(() => api.get(`/audits/${auditId}/suggestion-dismissals`, DismissalListSchema, { unit: s.unit_id, limit: 500 }));
    }
  }

  return { audit, sample, rules, dismissals, load };
}
