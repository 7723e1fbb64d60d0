// Administration: the unit tree, accounts, checklists (import, publish, retire) and site profiles, each validated
// with the shared schema before it is sent, with the server's field errors kept next to the form.
import {
  ChecklistDetailSchema,
  ChecklistImportSchema,
  ChecklistVersionWithItemsSchema,
  issuePath,
  SiteProfileRecordSchema,
  SiteProfileSchema,
  UnitCreateSchema,
  UnitPatchSchema,
  UnitSchema,
  UserCreateSchema,
  UserPatchSchema,
  type ChecklistDetail,
  type ChecklistVersionWithItems,
  type Role,
  type SiteProfileRecord,
  type UnitLevel,
  type UnitTreeItem,
} from '@onestop/shared';
import { signal, type Signal } from '@preact/signals';
import { z } from 'zod';
import type { Api } from '../lib/api.ts';
import type { JsonError } from '../components/JsonEditor.tsx';
import { createDraft } from '../lib/draft.ts';
import { syntaxErrorPlace } from '../lib/json-locate.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission, type Submission } from '../lib/resource.ts';
import { ChecklistListSchema, UnitListSchema, UserListSchema, UserRowSchema, type ChecklistRow, type UserRow } from '../lib/schemas.ts';
import { zodFieldErrors, type FieldErrors } from '../lib/validation.ts';
import { schemaMessage, zodIssueMessage } from '../lib/schema-messages.ts';

/** An editor's state: the field errors shown, the request in flight, which record is open, and the list to reload. */
interface Editor {
  errors: Signal<FieldErrors>;
  submission: Submission;
  editing: Signal<string | null>;
  reload: () => Promise<void>;
}

/** Shows a form's field errors, or sends it; on success closes the editor and reloads the list. */
async function submitEditor<T>(
  editor: Editor,
  parsed: { success: true; data: T } | { success: false; error: z.ZodError },
  send: (data: T) => Promise<unknown>,
  doneMessage: (data: T) => string,
  /** The form's values: a field left empty reads "required" whatever rule it failed. */
  input?: unknown,
): Promise<boolean> {
  if (!parsed.success) {
    editor.errors.value = zodFieldErrors(parsed.error, input);
    return false;
  }
  editor.errors.value = {};
  const data = parsed.data;
  const ok = await editor.submission.run(() => send(data), doneMessage(data));
  if (ok) {
    editor.editing.value = null;
    await editor.reload();
  }
  return ok !== null;
}

// ── Units ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface UnitForm {
  parent_id: string;
  code: string;
  name: string;
  level: UnitLevel;
  gso_code: string;
  valid_from: string;
}

export function createUnitsStore(api: Api) {
  const units = createResource<UnitTreeItem[]>();
  const includeInactive = signal(false);
  /** 'new' (create), a unit id (edit) or null. */
  const editing = signal<string | null>(null);
  const form = createDraft<UnitForm>({ parent_id: '', code: '', name: '', level: 'commune', gso_code: '', valid_from: '' });
  const errors = signal<FieldErrors>({});
  const submission = createSubmission();

  const load = () => units.load(() => api.get('/units', UnitListSchema, { include_inactive: includeInactive.value ? 'true' : undefined }).then((r) => r.items));
  const editor: Editor = { errors, submission, editing, reload: async () => void (await load()) };

  function startCreate(parentId: string | null): void {
    form.reset();
    form.set({ parent_id: parentId ?? '' });
    errors.value = {};
    submission.reset();
    editing.value = 'new';
  }

  function startEdit(u: UnitTreeItem): void {
    form.set({ parent_id: u.parent_id ?? '', code: u.code, name: u.name, level: u.level, gso_code: u.gso_code ?? '', valid_from: u.valid_from ?? '' });
    errors.value = {};
    submission.reset();
    editing.value = u.id;
  }

  async function save(): Promise<boolean> {
    const d = form.value.value;
    const target = editing.value;
    if (target === null) return false;
    if (target === 'new') {
      const parsed = UnitCreateSchema.safeParse({ parent_id: d.parent_id || null, code: d.code, name: d.name, level: d.level, gso_code: d.gso_code || null, valid_from: d.valid_from || null });
      return submitEditor(editor, parsed, (data) => api.send('POST', '/units', data, UnitSchema), (data) => t('units.created', { name: data.name }), d);
    }
    const before = units.data.value?.find((u) => u.id === target);
    if (!before) return false;
    const patch = {
      version: before.version,
      ...(d.name !== before.name ? { name: d.name } : {}),
      ...(d.code !== before.code ? { code: d.code } : {}),
      ...(d.level !== before.level ? { level: d.level } : {}),
      ...(d.parent_id && d.parent_id !== before.parent_id ? { parent_id: d.parent_id } : {}),
    };
    const parsed = UnitPatchSchema.safeParse(patch);
    return submitEditor(editor, parsed, (data) => api.send('PATCH', `/units/${target}`, data, UnitSchema), () => t('units.saved', { name: d.name }), d);
  }

  async function deactivate(u: UnitTreeItem): Promise<void> {
    const ok = await submission.run(() => api.send('PATCH', `/units/${u.id}`, { version: u.version, active: false }, UnitSchema), t('units.deactivated', { name: u.name }));
    if (ok) await load();
  }

  return { units, includeInactive, editing, form, errors, submission, load, startCreate, startEdit, save, deactivate };
}

// ── Users ─────────────────────────────────────────────────────────────────────────────────────────────────────

export interface UserForm {
  email: string;
  display_name: string;
  role: Role;
  unit_id: string;
  password: string;
  disabled: boolean;
}

export function createUsersStore(api: Api) {
  const users = createResource<{ items: UserRow[]; total: number }>();
  const filters = signal<{ role: string; q: string; includeDisabled: boolean }>({ role: '', q: '', includeDisabled: false });
  const editing = signal<string | null>(null);
  const form = createDraft<UserForm>({ email: '', display_name: '', role: 'inspector', unit_id: '', password: '', disabled: false });
  const errors = signal<FieldErrors>({});
  const submission = createSubmission();

  const load = () => {
    const f = filters.value;
    return users.load(() => api.get('/users', UserListSchema, { role: f.role || undefined, q: f.q || undefined, include_disabled: f.includeDisabled ? 'true' : undefined, limit: 500 }));
  };
  const editor: Editor = { errors, submission, editing, reload: async () => void (await load()) };

  function startCreate(unitId: string): void {
    form.reset();
    form.set({ unit_id: unitId });
    errors.value = {};
    submission.reset();
    editing.value = 'new';
  }

  function startEdit(u: UserRow): void {
    form.set({ email: u.email, display_name: u.display_name, role: u.role, unit_id: u.unit_id, password: '', disabled: u.disabled });
    errors.value = {};
    submission.reset();
    editing.value = u.id;
  }

  async function save(): Promise<boolean> {
    const d = form.value.value;
    const target = editing.value;
    if (target === null) return false;
    if (target === 'new') {
      const parsed = UserCreateSchema.safeParse({ email: d.email, display_name: d.display_name, role: d.role, unit_id: d.unit_id, password: d.password });
      return submitEditor(editor, parsed, (data) => api.send('POST', '/users', data, UserRowSchema), (data) => t('users.created', { name: data.display_name }), d);
    }
    const before = users.data.value?.items.find((u) => u.id === target);
    if (!before) return false;
    const parsed = UserPatchSchema.safeParse({
      version: before.version,
      ...(d.display_name !== before.display_name ? { display_name: d.display_name } : {}),
      ...(d.role !== before.role ? { role: d.role } : {}),
      ...(d.unit_id !== before.unit_id ? { unit_id: d.unit_id } : {}),
      ...(d.disabled !== before.disabled ? { disabled: d.disabled } : {}),
      ...(d.password ? { password: d.password } : {}),
    });
    return submitEditor(editor, parsed, (data) => api.send('PATCH', `/users/${target}`, data, UserRowSchema), () => t('users.saved', { name: d.display_name }), d);
  }

  return { users, filters, editing, form, errors, submission, load, startCreate, startEdit, save };
}

// ── Checklists ────────────────────────────────────────────────────────────────────────────────────────────────

/** Parses and validates an import file; errors carry the API's paths (`$.items[3].clause`). */
export function validateChecklistText(text: string): { data: z.output<typeof ChecklistImportSchema> | null; errors: JsonError[]; raw: unknown } {
  if (!text.trim()) return { data: null, errors: [], raw: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { data: null, errors: [{ path: '$', message: t('json.syntax', { detail: err instanceof Error ? err.message : String(err) }), place: syntaxErrorPlace(text, err) }], raw: null };
  }
  const parsed = ChecklistImportSchema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, errors: [], raw };
  return { data: null, errors: parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: zodIssueMessage(i) })), raw };
}

export function createChecklistsStore(api: Api) {
  const list = createResource<{ rows: ChecklistRow[]; details: ChecklistDetail[] }>();
  const version = createResource<ChecklistVersionWithItems>();
  const importText = signal('');
  const serverErrors = signal<JsonError[]>([]);
  const submission = createSubmission();

  const load = () =>
    list.load(async () => {
      const rows = (await api.get('/checklists', ChecklistListSchema)).items;
      const details = await Promise.all(rows.map((r) => api.get(`/checklists/${r.id}`, ChecklistDetailSchema)));
      return { rows, details };
    });

  async function importChecklist(): Promise<boolean> {
    const { data } = validateChecklistText(importText.value);
    if (!data) return false;
    serverErrors.value = [];
    const ok = await submission.run(() => api.send('POST', '/checklists', data, ChecklistDetailSchema), t('checklists.imported', { code: data.code, version: data.version }));
    if (!ok) {
      serverErrors.value = (submission.error.value?.errors ?? []).map((e) => ({ ...e, message: schemaMessage(e.message) }));
      return false;
    }
    importText.value = '';
    await load();
    return true;
  }

  async function showVersion(id: string): Promise<void> {
    await version.load(() => api.get(`/checklist-versions/${id}`, ChecklistVersionWithItemsSchema));
  }

  async function setStatus(id: string, action: 'publish' | 'retire', label: string): Promise<void> {
    const ok = await submission.run(() => api.send('POST', `/checklist-versions/${id}/${action}`, {}, ChecklistVersionWithItemsSchema), action === 'publish' ? t('checklists.published', { v: label }) : t('checklists.retired', { v: label }));
    if (ok) {
      await load();
      if (version.data.value?.id === id) version.set(ok);
    }
  }

  async function newDraft(checklistId: string): Promise<void> {
    const ok = await submission.run(() => api.send('POST', `/checklists/${checklistId}/versions`, {}, ChecklistVersionWithItemsSchema), t('checklists.drafted'));
    if (ok) {
      await load();
      version.set(ok);
    }
  }

  return { list, version, importText, serverErrors, submission, load, importChecklist, showVersion, setStatus, newDraft };
}

// ── Site profiles ─────────────────────────────────────────────────────────────────────────────────────────────

export const SiteProfileListSchema = z.object({ items: z.array(SiteProfileRecordSchema) });

export function validateProfileText(text: string): { data: z.output<typeof SiteProfileSchema> | null; errors: JsonError[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { data: null, errors: [{ path: '$', message: t('json.syntax', { detail: err instanceof Error ? err.message : String(err) }), place: syntaxErrorPlace(text, err) }] };
  }
  const parsed = SiteProfileSchema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, errors: [] };
  return { data: null, errors: parsed.error.issues.map((i) => ({ path: issuePath(i.path), message: zodIssueMessage(i) })) };
}

export const PROFILE_TEMPLATE = {
  name: 'Hệ thống một cửa điện tử mẫu',
  version: 1,
  description: 'Mô tả ngắn hệ thống hồ sơ (sửa cho đúng hệ thống của đơn vị).',
  match: ['https://motcua.example.gov.vn/*'],
  pages: [
    {
      id: 'dossier-detail',
      title: 'Chi tiết hồ sơ',
      url: '/ho-so/*',
      fields: [
        { name: 'dossier_code', locator: { kind: 'label', text: ['Mã hồ sơ', 'Số hồ sơ'] } },
        { name: 'received_at', locator: { kind: 'label', text: 'Ngày tiếp nhận' }, date_format: 'dd/MM/yyyy HH:mm' },
        { name: 'due_at', locator: { kind: 'label', text: ['Hạn xử lý', 'Ngày hẹn trả'] }, date_format: 'dd/MM/yyyy HH:mm' },
      ],
    },
  ],
  bindings: [{ item_code: 'MC-8.5.1-09', page: 'dossier-detail', field: 'due_at', hint: 'So sánh ngày hẹn trả với ngày trả kết quả' }],
  pii: { selectors: [], patterns: ['citizen_id', 'phone', 'email'] },
};

export function createSiteProfilesStore(api: Api) {
  const list = createResource<SiteProfileRecord[]>();
  const load = () => list.load(() => api.get('/site-profiles', SiteProfileListSchema, { include_inactive: 'true' }).then((r) => r.items));
  return { list, load };
}

export function createSiteProfileStore(api: Api, id: string | null) {
  const record = createResource<SiteProfileRecord>();
  const text = signal(id ? '' : JSON.stringify(PROFILE_TEMPLATE, null, 2));
  const active = signal(true);
  const serverErrors = signal<JsonError[]>([]);
  const submission = createSubmission();

  async function load(): Promise<void> {
    if (!id) return;
    const r = await record.load(() => api.get(`/site-profiles/${id}`, SiteProfileRecordSchema));
    if (r) {
      text.value = JSON.stringify(r.profile, null, 2);
      active.value = r.active;
    }
  }

  async function save(): Promise<string | null> {
    const { data } = validateProfileText(text.value);
    if (!data) return null;
    serverErrors.value = [];
    const current = record.data.value;
    const res = await submission.run(
      () =>
        current
          ? api.send('PUT', `/site-profiles/${current.id}`, { version: current.version, profile: data, active: active.value }, SiteProfileRecordSchema)
          : api.send('POST', '/site-profiles', { profile: data, active: active.value }, SiteProfileRecordSchema),
      t('profiles.saved', { name: data.name }),
    );
    if (!res) {
      // Server paths are relative to the body: `$.profile.pages[0]…` → `$.pages[0]…` in the editor.
      serverErrors.value = (submission.error.value?.errors ?? []).map((e) => ({ ...e, message: schemaMessage(e.message), path: e.path.replace(/^\$\.profile(?=[.[]|$)/, '$') }));
      return null;
    }
    record.set(res);
    text.value = JSON.stringify(res.profile, null, 2);
    return res.id;
  }

  function format(): void {
    try {
      text.value = JSON.stringify(JSON.parse(text.value), null, 2);
    } catch {
      // the syntax error is already listed
    }
  }

  return { record, text, active, serverErrors, submission, load, save, format };
}
