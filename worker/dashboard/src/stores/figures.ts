// A unit's reported figures: the audit's list, one record (checks, sampling plan, verification) with the sampled
// outcomes an inspector records, and the lead inspector's form (typed numbers parsed the Vietnamese way, checked with
// the shared schema, a stale version refused by the server and reloaded on request).
import {
  AuditDetailSchema,
  checkReportedFigures,
  ReportedFiguresPutSchema,
  REPORTED_COUNT_KEYS,
  SAMPLED_OUTCOMES,
  sampleSize,
  SAMPLE_MARGIN_MAX,
  SAMPLE_MARGIN_MIN,
  EXPECTED_PROPORTION_MAX,
  EXPECTED_PROPORTION_MIN,
  type AuditDetail,
  type ReportedCountKey,
  type ReportedFigures,
  type ReportedFiguresPut,
  type SampledOutcome,
} from '@onestop/shared';
import { computed, signal } from '@preact/signals';
import type { Api } from '../lib/api.ts';
import { parseCount, parsePercent, percentText } from '../lib/checks-format.ts';
import { createDraft } from '../lib/draft.ts';
import { lang, t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { ReportedFiguresListSchema, ReportedFiguresRecordSchema, type ReportedFiguresRecord } from '../lib/schemas.ts';
import type { FieldErrors } from '../lib/validation.ts';

export function createFiguresListStore(api: Api, auditId: string) {
  const audit = createResource<AuditDetail>();
  const list = createResource<ReportedFiguresRecord[]>();
  async function load(): Promise<void> {
    await Promise.all([
      audit.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema)),
      list.load(() => api.get(`/audits/${auditId}/reported-figures`, ReportedFiguresListSchema).then((r) => r.items)),
    ]);
  }
  return { audit, list, load };
}

// ── One record, and the sampled outcomes ──────────────────────────────────────────────────────────────────────

/** Words an inspector may type for an outcome (either language, with or without diacritics). */
const OUTCOME_WORDS: Record<string, SampledOutcome> = {
  early: 'early',
  on_time: 'on_time',
  'on time': 'on_time',
  late: 'late',
  undecidable: 'undecidable',
  'trước hạn': 'early',
  'truoc han': 'early',
  'đúng hạn': 'on_time',
  'dung han': 'on_time',
  'quá hạn': 'late',
  'qua han': 'late',
  'trễ hạn': 'late',
  'tre han': 'late',
  'không xác định': 'undecidable',
  'khong xac dinh': 'undecidable',
  'chưa xác định': 'undecidable',
  'chua xac dinh': 'undecidable',
};

export interface ParsedResults {
  results: { position: number; dossier_code: string; outcome: SampledOutcome }[];
  /** Problems by line (1-based). */
  errors: { line: number; message: string }[];
}

/** One result a line: `position; dossier code; outcome` (tab, semicolon or comma between), e.g. pasted from a sheet. */
export function parseResults(text: string, drawn: ReadonlySet<number>): ParsedResults {
  const results: ParsedResults['results'] = [];
  const errors: ParsedResults['errors'] = [];
  const seen = new Map<number, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const parts = raw.split(/\t|;|,/).map((p) => p.trim());
    if (parts.length !== 3) {
      errors.push({ line, message: t('results.error_parts') });
      return;
    }
    const [p = '', code = '', word = ''] = parts;
    const position = /^\d{1,8}$/.test(p) ? Number(p) : NaN;
    const outcome = OUTCOME_WORDS[word.toLowerCase().normalize('NFC').replace(/\s+/g, ' ')];
    if (!Number.isInteger(position)) errors.push({ line, message: t('results.error_position', { value: p }) });
    else if (!drawn.has(position)) errors.push({ line, message: t('results.error_not_drawn', { n: position }) });
    else if (seen.has(position)) errors.push({ line, message: t('results.error_twice', { n: position, first: seen.get(position) ?? 0 }) });
    if (code === '' || code.length > 100) errors.push({ line, message: t('results.error_code') });
    if (!outcome) errors.push({ line, message: t('results.error_outcome', { value: word }) });
    if (Number.isInteger(position) && !seen.has(position)) seen.set(position, line);
    if (Number.isInteger(position) && drawn.has(position) && code !== '' && code.length <= 100 && outcome) results.push({ position, dossier_code: code, outcome });
  });
  return { results, errors };
}

const OUTCOME_TEXT: Record<SampledOutcome, { vi: string; en: string }> = {
  early: { vi: 'trước hạn', en: 'early' },
  on_time: { vi: 'đúng hạn', en: 'on time' },
  late: { vi: 'quá hạn', en: 'late' },
  undecidable: { vi: 'không xác định', en: 'undecidable' },
};

/** Stored results back as lines, in the person's language. */
export const resultsText = (results: readonly { position: number; dossier_code: string; outcome: SampledOutcome }[]): string =>
  results.map((r) => `${r.position}; ${r.dossier_code}; ${OUTCOME_TEXT[r.outcome][lang.value]}`).join('\n');

export { SAMPLED_OUTCOMES };

export function createFigureStore(api: Api, auditId: string, figuresId: string) {
  const audit = createResource<AuditDetail>();
  const record = createResource<ReportedFiguresRecord>();
  const resultsDraft = signal('');
  const resultsErrors = signal<ParsedResults['errors']>([]);
  const submission = createSubmission();

  async function load(): Promise<void> {
    await Promise.all([
      audit.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema)),
      record.load(() => api.get(`/audits/${auditId}/reported-figures/${figuresId}`, ReportedFiguresRecordSchema)).then((r) => {
        if (r?.sample_results?.results && resultsDraft.value === '') resultsDraft.value = resultsText(r.sample_results.results);
      }),
    ]);
  }

  async function saveResults(): Promise<boolean> {
    const plan = record.data.value?.sampling_plan;
    if (!plan) return false;
    const parsed = parseResults(resultsDraft.value, new Set(plan.positions ?? []));
    if (parsed.errors.length === 0 && parsed.results.length === 0) parsed.errors.push({ line: 1, message: t('results.error_empty') });
    resultsErrors.value = parsed.errors;
    if (parsed.errors.length > 0) return false;
    const res = await submission.run(
      () => api.send('POST', `/audits/${auditId}/reported-figures/${figuresId}/sample-results`, { results: parsed.results }, ReportedFiguresRecordSchema),
      t('results.saved', { n: parsed.results.length }),
    );
    if (res) record.set(res);
    return res !== null;
  }

  return { audit, record, resultsDraft, resultsErrors, submission, load, saveResults };
}

// ── The form ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface FiguresDraft {
  unit_id: string;
  from: string;
  to: string;
  counts: Record<ReportedCountKey, string>;
  on_time_rate: string;
  source: string;
  /** Percent, as typed (5 for ±5 points). */
  margin: string;
  /** Percent, as typed (50 for p = 0.5). */
  expected: string;
}

const emptyCounts = () => Object.fromEntries(REPORTED_COUNT_KEYS.map((k) => [k, ''])) as Record<ReportedCountKey, string>;

/** The figures that parse (what the preview checks while the person types). */
function figuresOf(d: FiguresDraft): ReportedFigures {
  const out: ReportedFigures = {};
  for (const k of REPORTED_COUNT_KEYS) {
    const p = parseCount(d.counts[k]);
    if (p.ok && p.value !== null) out[k] = p.value;
  }
  const rate = parsePercent(d.on_time_rate);
  if (rate.ok && rate.value !== null) out.on_time_rate = rate.value;
  return out;
}

/** Field names as the server names them in problem paths (`$.figures.resolved`). */
export const figureField = (key: ReportedCountKey | 'on_time_rate') => `figures.${key}`;

export function createFiguresFormStore(api: Api, auditId: string, figuresId: string | null) {
  const audit = createResource<AuditDetail>();
  const existing = createResource<ReportedFiguresRecord>();
  const draft = createDraft<FiguresDraft>({ unit_id: '', from: '', to: '', counts: emptyCounts(), on_time_rate: '', source: '', margin: '', expected: '' });
  const submission = createSubmission();
  /** After 409 `figures_exist`: the stored record of that unit and period, to open it. */
  const conflictWith = signal<string | null>(null);

  function fill(r: ReportedFiguresRecord): void {
    const counts = emptyCounts();
    for (const k of REPORTED_COUNT_KEYS) {
      const v = r.figures[k];
      counts[k] = typeof v === 'number' ? String(v) : '';
    }
    const plan = r.sampling_plan;
    draft.set({
      unit_id: r.unit_id,
      from: r.from,
      to: r.to,
      counts,
      on_time_rate: percentText(r.figures.on_time_rate, lang.value),
      source: r.source,
      margin: plan ? percentText(plan.margin * 100, lang.value) : '',
      expected: plan ? percentText(plan.expected_proportion * 100, lang.value) : '',
    });
  }

  async function load(): Promise<void> {
    await Promise.all([
      audit.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema)).then((a) => {
        if (a && !figuresId && a.units.length === 1 && draft.value.value.unit_id === '') draft.set({ unit_id: a.units[0]?.id ?? '' });
      }),
      figuresId ? existing.load(() => api.get(`/audits/${auditId}/reported-figures/${figuresId}`, ReportedFiguresRecordSchema)).then((r) => r && fill(r)) : Promise.resolve(),
    ]);
  }

  /** After a version conflict: the stored figures replace what is in the form (the person saw the conflict). */
  async function reloadLatest(): Promise<void> {
    if (!figuresId) return;
    const r = await existing.load(() => api.get(`/audits/${auditId}/reported-figures/${figuresId}`, ReportedFiguresRecordSchema));
    if (r) {
      fill(r);
      submission.reset();
      submission.done.value = t('figures.reloaded', { version: r.version });
    }
  }

  /** What was typed, checked: the body to send, or the errors by field (`figures.resolved`, `to`, …). */
  function validate(d: FiguresDraft): { body: ReportedFiguresPut | null; errors: FieldErrors } {
    const errs: FieldErrors = {};
    const figures: ReportedFigures = {};
    for (const k of REPORTED_COUNT_KEYS) {
      const p = parseCount(d.counts[k]);
      if (!p.ok) errs[figureField(k)] = p.error;
      else if (p.value !== null) figures[k] = p.value;
    }
    const rate = parsePercent(d.on_time_rate);
    if (!rate.ok) errs[figureField('on_time_rate')] = rate.error;
    else if (rate.value !== null) figures.on_time_rate = rate.value;
    const margin = parsePercent(d.margin, SAMPLE_MARGIN_MIN * 100, SAMPLE_MARGIN_MAX * 100);
    if (!margin.ok) errs['sampling.margin'] = margin.error;
    const expected = parsePercent(d.expected, EXPECTED_PROPORTION_MIN * 100, EXPECTED_PROPORTION_MAX * 100);
    if (!expected.ok) errs['sampling.expected_proportion'] = expected.error;
    if (!d.unit_id) errs.unit_id = t('figures.error_unit');
    if (!d.from) errs.from = t('form.required');
    if (!d.to) errs.to = t('form.required');
    else if (d.from && d.to < d.from) errs.to = t('figures.error_to');
    if (Object.keys(figures).length === 0 && !Object.keys(errs).some((k) => k.startsWith('figures.'))) errs.figures = t('figures.error_none');
    const sampling = {
      ...(margin.ok && margin.value !== null ? { margin: margin.value / 100 } : {}),
      ...(expected.ok && expected.value !== null ? { expected_proportion: expected.value / 100 } : {}),
    };
    const version = existing.data.value?.version;
    const body = {
      unit_id: d.unit_id,
      from: d.from,
      to: d.to,
      figures,
      source: d.source,
      ...(Object.keys(sampling).length > 0 ? { sampling } : {}),
      ...(figuresId && version !== undefined ? { version } : {}),
    };
    // The shared schema has the last word (lengths, control characters, dates).
    const parsed = ReportedFiguresPutSchema.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path.join('.');
        errs[key] ??= key === 'from' || key === 'to' ? t('form.date_invalid') : key === 'source' ? t('figures.error_source') : t('form.invalid');
      }
    }
    return { body: parsed.success && Object.keys(errs).length === 0 ? parsed.data : null, errors: errs };
  }

  /** After the first attempt to save, errors follow the typing (a fixed field loses its message at once). */
  const attempted = signal(false);
  const errors = computed<FieldErrors>(() => (attempted.value ? validate(draft.value.value).errors : {}));

  /** Validates what was typed; the body to send, or null with the errors shown at their fields. */
  function build(): ReportedFiguresPut | null {
    attempted.value = true;
    return validate(draft.value.value).body;
  }

  async function save(): Promise<ReportedFiguresRecord | null> {
    conflictWith.value = null;
    const body = build();
    if (!body) return null;
    const res = await submission.run(() => api.send('PUT', `/audits/${auditId}/reported-figures`, body, ReportedFiguresRecordSchema));
    if (!res && submission.error.value?.code === 'figures_exist') {
      // Name the stored record so the person can open it (the list is read through the same scope).
      const list = await api.get(`/audits/${auditId}/reported-figures`, ReportedFiguresListSchema).catch(() => null);
      conflictWith.value = list?.items.find((r) => r.unit_id === body.unit_id && r.from === body.from && r.to === body.to)?.id ?? null;
    }
    return res;
  }

  /** What the figures typed so far give: the checks and the sample size, before anything is saved. */
  const preview = computed(() => {
    const d = draft.value.value;
    const figures = figuresOf(d);
    const margin = parsePercent(d.margin, SAMPLE_MARGIN_MIN * 100, SAMPLE_MARGIN_MAX * 100);
    const expected = parsePercent(d.expected, EXPECTED_PROPORTION_MIN * 100, EXPECTED_PROPORTION_MAX * 100);
    const resolved = figures.resolved;
    const size =
      typeof resolved === 'number'
        ? sampleSize({ population: resolved, margin: margin.ok && margin.value !== null ? margin.value / 100 : undefined, expected: expected.ok && expected.value !== null ? expected.value / 100 : undefined })
        : null;
    return { checks: Object.keys(figures).length > 0 ? checkReportedFigures(figures) : [], size, population: resolved ?? null };
  });

  return { audit, existing, draft, errors, submission, conflictWith, preview, load, reloadLatest, build, save };
}
