// Audits: the list, one audit with all its findings (for the per-unit tables, disputes and actions to verify),
// its transitions with their gates checked beforehand and explained when refused, and the plan form.
import {
  AUDIT_TRANSITIONS,
  AuditCreateSchema,
  AuditDetailSchema,
  AuditPatchSchema,
  AUDIT_COVERAGE_THRESHOLD,
  checkAuditTransition,
  ChecklistDetailSchema,
  coverageRatio,
  DEFAULT_REMINDER_AFTER_DAYS,
  findingCounts,
  isNonconformity,
  todayInVietnam,
  type AuditDetail,
  type AuditKind,
  type AuditListItem,
  type AuditStatus,
} from '@onestop/shared';
import { computed, signal } from '@preact/signals';
import type { Api } from '../lib/api.ts';
import { createDraft } from '../lib/draft.ts';
import { saveBlob } from '../lib/files.ts';
import { formatDate } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { AuditListSchema, ChecklistListSchema, FindingListSchema, UserListSchema, type FindingRow, type UserRow } from '../lib/schemas.ts';
import { zodFieldErrors, type FieldErrors } from '../lib/validation.ts';

export function createAuditsStore(api: Api) {
  const list = createResource<{ items: AuditListItem[]; total: number }>();
  async function load(filters: { status?: AuditStatus | undefined; q?: string | undefined }): Promise<void> {
    await list.load(() => api.get('/audits', AuditListSchema, { status: filters.status, q: filters.q, limit: 200 }));
  }
  return { list, load };
}

export interface Gate {
  key: string;
  ok: boolean;
  params?: Record<string, string | number>;
}

export function createAuditStore(api: Api, id: string) {
  const audit = createResource<AuditDetail>();
  const findings = createResource<FindingRow[]>();
  const transition = createSubmission();
  /** The transition being confirmed, with an optional note. */
  const confirming = signal<AuditStatus | null>(null);
  const note = signal('');

  async function loadFindings(): Promise<void> {
    await findings.load(async () => {
      const out: FindingRow[] = [];
      for (let offset = 0; offset < 10_000; offset += 500) {
        const page = await api.get('/findings', FindingListSchema, { audit: id, limit: 500, offset });
        out.push(...page.items);
        if (out.length >= page.total || page.items.length === 0) break;
      }
      return out;
    });
  }

  async function load(): Promise<void> {
    await Promise.all([audit.load(() => api.get(`/audits/${id}`, AuditDetailSchema)), loadFindings()]);
  }

  const counts = computed(() => {
    const rows = findings.data.value ?? [];
    const nc = rows.filter((f) => isNonconformity(f.result));
    return {
      open: nc.filter((f) => f.status === 'open').length,
      disputed: nc.filter((f) => f.status === 'disputed').length,
      actionDone: nc.filter((f) => f.status === 'action_done').length,
    };
  });

  /** Coverage as the server counts it: audited units × pinned items, and the (unit, item) pairs with a counting finding. */
  const coverage = computed(() => {
    const a = audit.data.value;
    if (!a) return { assessed: 0, total: 0 };
    const units = new Set(a.units.map((u) => u.id));
    const pairs = new Set((findings.data.value ?? []).filter((f) => findingCounts(f) && units.has(f.unit_id)).map((f) => `${f.unit_id}|${f.item_id}`));
    return { assessed: pairs.size, total: a.units.length * a.checklists.reduce((n, c) => n + c.item_count, 0) };
  });

  /** The gates of a transition as a checklist, from what the page knows (the server checks again). */
  function gates(to: AuditStatus): Gate[] {
    const a = audit.data.value;
    if (!a) return [];
    const cov = coverage.value;
    const coverageGate: Gate = {
      key: 'gate.coverage',
      ok: coverageRatio(cov) >= AUDIT_COVERAGE_THRESHOLD,
      params: { assessed: cov.assessed, total: cov.total, pct: Math.floor(coverageRatio(cov) * 100), threshold: AUDIT_COVERAGE_THRESHOLD * 100 },
    };
    if (to === 'in_progress') {
      return [
        { key: 'gate.units', ok: a.units.length > 0, params: { n: a.units.length } },
        { key: 'gate.checklist', ok: a.checklists.length > 0, params: { n: a.checklists.length } },
        { key: 'gate.published', ok: a.checklists.every((c) => c.status !== 'draft') },
        { key: 'gate.lead', ok: a.lead_user_id !== null },
        // Shown only before the planned start: then starting needs a written reason.
        ...(todayInVietnam() < a.planned_start ? [{ key: 'gate.start_date', ok: false, params: { date: formatDate(a.planned_start) } }] : []),
      ];
    }
    if (to === 'reporting') return [coverageGate];
    if (to === 'closed') {
      const c = counts.value;
      return [
        { key: 'gate.no_open', ok: c.open === 0, params: { n: c.open } },
        { key: 'gate.no_disputed', ok: c.disputed === 0, params: { n: c.disputed } },
        coverageGate,
      ];
    }
    return [];
  }

  /** The gates checked as the server will, with the reason typed so far (none: what the button may promise). */
  function precheck(to: AuditStatus, reason: string | null = null) {
    const a = audit.data.value;
    if (!a) return null;
    return checkAuditTransition(a, to, {
      unitCount: a.units.length,
      pinnedVersionCount: a.checklists.length,
      draftVersionCount: a.checklists.filter((c) => c.status === 'draft').length,
      openNcCount: counts.value.open,
      disputedNcCount: counts.value.disputed,
      coverage: coverage.value,
      plannedStart: a.planned_start,
      today: todayInVietnam(),
      reason,
    });
  }

  async function move(to: AuditStatus): Promise<boolean> {
    const a = audit.data.value;
    if (!a) return false;
    const body = { to, version: a.version, ...(note.value.trim() ? { note: note.value.trim() } : {}) };
    const res = await transition.run(() => api.send('POST', `/audits/${id}/transitions`, body, AuditDetailSchema), t('transition.done', { status: t(`audit_status.${to}`) }));
    if (res) {
      audit.set(res);
      confirming.value = null;
      note.value = '';
      void loadFindings();
      return true;
    }
    return false;
  }

  /** Set when the W3C export turned out empty (no page evidence): the page says so instead of saving an empty file. */
  const annotationsEmpty = signal(false);
  const exporting = createSubmission();

  /** Downloads the W3C annotation collection, unless it holds no annotation. */
  async function exportAnnotations(fileName: string): Promise<void> {
    annotationsEmpty.value = false;
    await exporting.run(async () => {
      const blob = await api.getBlob(`/audits/${id}/annotations.jsonld`);
      const parsed = JSON.parse(await blob.text()) as { total?: unknown };
      if (parsed.total === 0) annotationsEmpty.value = true;
      else saveBlob(blob, fileName);
      return true;
    });
  }

  const next = computed<readonly AuditStatus[]>(() => (audit.data.value ? AUDIT_TRANSITIONS[audit.data.value.status] : []));

  return { id, audit, findings, transition, confirming, note, counts, coverage, next, load, gates, precheck, move, annotationsEmpty, exporting, exportAnnotations };
}

export type AuditStore = ReturnType<typeof createAuditStore>;

// ── Plan form ────────────────────────────────────────────────────────────────────────────────────────────────

export interface PlanDraft {
  code: string;
  title: string;
  kind: AuditKind;
  planned_start: string;
  planned_end: string;
  scope_note: string;
  unit_ids: string[];
  version_ids: string[];
  lead_user_id: string;
  member_ids: string[];
  /** Days a nonconformity may stay unanswered before its unit heads are reminded (a number as typed). */
  reminder_after_days: string;
}

export interface VersionOption {
  id: string;
  code: string;
  version: number;
  title_vi: string;
  title_en: string;
  items: number;
}

export function createPlanStore(api: Api, auditId: string | null) {
  const draft = createDraft<PlanDraft>({
    code: '',
    title: '',
    kind: 'inspection',
    planned_start: '',
    planned_end: '',
    scope_note: '',
    unit_ids: [],
    version_ids: [],
    lead_user_id: '',
    member_ids: [],
    reminder_after_days: String(DEFAULT_REMINDER_AFTER_DAYS),
  });
  const existing = createResource<AuditDetail>();
  const inspectors = createResource<UserRow[]>();
  const versions = createResource<VersionOption[]>();
  const errors = signal<FieldErrors>({});
  const submission = createSubmission();

  async function load(): Promise<void> {
    const tasks: Promise<unknown>[] = [
      inspectors.load(() => api.get('/users', UserListSchema, { role: 'inspector', limit: 500 }).then((r) => r.items.filter((u) => !u.disabled))),
      versions.load(async () => {
        const lists = await api.get('/checklists', ChecklistListSchema);
        const details = await Promise.all(lists.items.map((c) => api.get(`/checklists/${c.id}`, ChecklistDetailSchema)));
        return details.flatMap((c) =>
          c.versions.filter((v) => v.status === 'published').map((v) => ({ id: v.id, code: c.code, version: v.version, title_vi: c.title_vi, title_en: c.title_en, items: v.item_count })),
        );
      }).then((list) => {
        // A new plan with only one published checklist can only use that one: choose it for the planner.
        const only = list?.length === 1 ? list[0] : undefined;
        if (!auditId && only && draft.value.value.version_ids.length === 0) draft.set({ version_ids: [only.id] });
      }),
    ];
    if (auditId) {
      tasks.push(
        existing.load(() => api.get(`/audits/${auditId}`, AuditDetailSchema)).then((a) => {
          if (!a) return;
          draft.set({
            code: a.code,
            title: a.title,
            kind: a.kind,
            planned_start: a.planned_start,
            planned_end: a.planned_end,
            scope_note: a.scope_note,
            unit_ids: a.units.map((u) => u.id),
            version_ids: a.checklists.map((c) => c.version_id),
            lead_user_id: a.lead_user_id ?? '',
            member_ids: a.members.filter((m) => m.role === 'member').map((m) => m.user_id),
            reminder_after_days: String(a.reminder_after_days),
          });
        }),
      );
    }
    await Promise.all(tasks);
  }

  /** Validates with the shared schema and saves; returns the audit id on success. */
  async function save(): Promise<string | null> {
    const d = draft.value.value;
    const plan = {
      title: d.title,
      kind: d.kind,
      planned_start: d.planned_start,
      planned_end: d.planned_end,
      scope_note: d.scope_note,
      unit_ids: d.unit_ids,
      version_ids: d.version_ids,
      lead_user_id: d.lead_user_id,
      member_ids: d.member_ids.filter((m) => m !== d.lead_user_id),
      // Not a whole number: NaN, which the schema refuses with the field's message.
      reminder_after_days: /^\d+$/.test(d.reminder_after_days.trim()) ? Number(d.reminder_after_days) : Number.NaN,
    };
    const current = existing.data.value;
    const input = current ? { ...plan, version: current.version } : { ...plan, code: d.code };
    const parsed = current ? AuditPatchSchema.safeParse(input) : AuditCreateSchema.safeParse(input);
    if (!parsed.success) {
      errors.value = zodFieldErrors(parsed.error, input);
      return null;
    }
    errors.value = {};
    const res = await submission.run(() =>
      current ? api.send('PATCH', `/audits/${current.id}`, parsed.data, AuditDetailSchema) : api.send('POST', '/audits', parsed.data, AuditDetailSchema),
    );
    return res?.id ?? null;
  }

  return { draft, existing, inspectors, versions, errors, submission, load, save };
}
