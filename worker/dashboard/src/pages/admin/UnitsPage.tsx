// The unit hierarchy as a tree (expand and collapse by keyboard), with create, rename, move and deactivate for
// administrators; units that ended with the 2025 reform stay visible for history when asked.
import { UNIT_LEVELS, type UnitTreeItem } from '@onestop/shared';
import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { Checkbox, Select, TextInput } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { createUnitsStore } from '../../stores/admin.ts';

type Store = ReturnType<typeof createUnitsStore>;

/** Depth-first order (siblings by name), with depths counted from the caller's roots. */
function treeOrder(list: readonly UnitTreeItem[]): UnitTreeItem[] {
  const ids = new Set(list.map((u) => u.id));
  const children = new Map<string | null, UnitTreeItem[]>();
  for (const u of list) {
    const parent = u.parent_id !== null && ids.has(u.parent_id) ? u.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitTreeItem[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      out.push({ ...u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function UnitForm({ store, units }: { store: Store; units: readonly UnitTreeItem[] }) {
  const { session } = useApp();
  const creating = store.editing.value === 'new';
  const errs = store.errors.value;
  const server = store.submission.error.value;
  const err = (k: string) => errs[k] ?? server?.fieldError(k);
  const d = store.form.value.value;
  const self = store.editing.value;
  return (
    <form
      class="card form-card"
      aria-labelledby="unit-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // The session's own list of units (other pages pick from it) follows the change without a reload.
        void store.save().then((ok) => (ok ? session.refresh() : undefined));
      }}
    >
      <h2 id="unit-form-title">{creating ? t('units.new') : t('units.edit', { name: units.find((u) => u.id === self)?.name ?? '' })}</h2>
      <div class="form-row">
        <UnitPicker
          label={t('units.parent')}
          name="parent_id"
          value={d.parent_id}
          onValue={(v) => store.form.set({ parent_id: v })}
          units={units.filter((u) => u.active && u.id !== self)}
          noneLabel={creating ? t('units.no_parent') : undefined}
          error={err('parent_id')}
        />
        <Select label={t('units.level')} name="level" value={d.level} onValue={(v) => store.form.set({ level: (UNIT_LEVELS as readonly string[]).includes(v) ? (v as typeof d.level) : d.level })} options={UNIT_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} />
      </div>
      <div class="form-row">
        <TextInput label={t('units.code')} name="code" required hint={t('units.code_hint')} {...store.form.field('code')} error={err('code')} />
        <TextInput label={t('units.name')} name="name" required {...store.form.field('name')} error={err('name')} />
      </div>
      {creating && (
        <div class="form-row">
          <TextInput label={t('units.gso')} name="gso_code" hint={t('units.gso_hint')} {...store.form.field('gso_code')} error={err('gso_code')} />
          <TextInput label={t('units.valid_from')} name="valid_from" type="date" {...store.form.field('valid_from')} error={err('valid_from')} />
        </div>
      )}
      <ProblemAlert problem={server} />
      <div class="button-row">
        <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
          {store.submission.busy.value ? t('common.saving') : creating ? t('units.create') : t('common.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => (store.editing.value = null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function UnitsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createUnitsStore(api), []);
  const expanded = useMemo(() => signal<Set<string>>(new Set()), []);
  const filter = useMemo(() => signal(''), []);
  const inactive = store.includeInactive.value;
  useEffect(() => {
    void store.load();
  }, [inactive]);
  const isAdmin = session.role.value === 'admin';
  const units = useMemo(() => treeOrder(store.units.data.value ?? []), [store.units.data.value]);

  // Roots and their children start open.
  useEffect(() => {
    if (units.length > 0 && expanded.value.size === 0) expanded.value = new Set(units.filter((u) => u.depth === 0).map((u) => u.id));
  }, [units.length]);

  const hasChildren = new Set(units.map((u) => u.parent_id).filter((p): p is string => p !== null));
  const byId = new Map(units.map((u) => [u.id, u]));
  const f = filter.value.trim().toLocaleLowerCase('vi');
  const matches = (u: UnitTreeItem) => u.name.toLocaleLowerCase('vi').includes(f) || u.code.toLocaleLowerCase('vi').includes(f);
  const keep = new Set<string>();
  if (f) {
    for (const u of units) {
      if (!matches(u)) continue;
      let cur: UnitTreeItem | undefined = u;
      while (cur) {
        keep.add(cur.id);
        cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
      }
    }
  }
  const visible = units.filter((u) => {
    if (f) return keep.has(u.id);
    let p = u.parent_id ? byId.get(u.parent_id) : undefined;
    while (p) {
      if (!expanded.value.has(p.id)) return false;
      p = p.parent_id ? byId.get(p.parent_id) : undefined;
    }
    return true;
  });
  const toggle = (id: string) => {
    const next = new Set(expanded.value);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    expanded.value = next;
  };

  return (
    <>
      <PageHeader title={t('units.title')} subtitle={t('units.subtitle')}>
        {isAdmin && (
          <button type="button" class="button button--primary" onClick={() => store.startCreate(session.me.value?.unit.id ?? null)}>
            {t('units.new')}
          </button>
        )}
      </PageHeader>
      <Notice message={store.submission.done.value} />
      {store.editing.value !== null && <UnitForm store={store} units={units} />}
      {store.editing.value === null && <ProblemAlert problem={store.submission.error.value} />}
      <div class="filters">
        <TextInput label={t('units.filter')} type="search" name="unit_filter" value={filter.value} onValue={(v) => (filter.value = v)} />
        <Checkbox label={t('units.show_inactive')} checked={inactive} onValue={(v) => (store.includeInactive.value = v)} />
        <div class="field field--button">
          <button type="button" class="button button--ghost" onClick={() => (expanded.value = new Set(units.map((u) => u.id)))}>
            {t('units.expand_all')}
          </button>
        </div>
      </div>
      <ProblemAlert problem={store.units.error.value} onRetry={() => void store.load()} />
      {store.units.loading.value && units.length === 0 && <Loading />}
      {!store.units.loading.value && units.length === 0 && !store.units.error.value && (
        <EmptyState title={t('units.empty')}>
          <p>{t('units.empty_hint')}</p>
        </EmptyState>
      )}
      {units.length > 0 && (
        <div class="table-wrap" role="region" aria-label={t('units.title')} tabIndex={0}>
          <table class="table tree-table">
            <thead>
              <tr>
                <th scope="col">{t('units.name')}</th>
                <th scope="col">{t('units.code')}</th>
                <th scope="col" class="col-wide">{t('units.level')}</th>
                <th scope="col" class="col-wide">{t('units.validity')}</th>
                {isAdmin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {visible.map((u) => (
                <tr key={u.id} class={u.active ? undefined : 'row--inactive'} data-unit-code={u.code}>
                  <td>
                    <span class="tree-cell" style={{ paddingLeft: `${u.depth * 1.4}rem` }}>
                      {hasChildren.has(u.id) && !f ? (
                        <button type="button" class="tree-toggle" aria-expanded={expanded.value.has(u.id)} aria-label={t(expanded.value.has(u.id) ? 'units.collapse' : 'units.expand', { name: u.name })} onClick={() => toggle(u.id)}>
                          {expanded.value.has(u.id) ? '▾' : '▸'}
                        </button>
                      ) : (
                        <span class="tree-spacer" aria-hidden="true" />
                      )}
                      <span>{u.name}</span>
                      {!u.active && <span class="badge badge--neutral">{t('units.inactive')}</span>}
                    </span>
                  </td>
                  <td class="nowrap">
                    {u.code}
                    {u.gso_code && <div class="muted small">GSO {u.gso_code}</div>}
                  </td>
                  <td class="col-wide">{t(`level.${u.level}`)}</td>
                  <td class="col-wide nowrap small">
                    {u.valid_from || u.valid_to ? `${u.valid_from ? formatDate(u.valid_from) : '…'} – ${u.valid_to ? formatDate(u.valid_to) : t('units.now')}` : '—'}
                  </td>
                  {isAdmin && (
                    <td class="nowrap">
                      {u.active && (
                        <>
                          <button type="button" class="button button--small button--ghost" onClick={() => store.startCreate(u.id)} aria-label={t('units.add_child_of', { name: u.name })}>
                            {t('units.add_child')}
                          </button>
                          <button type="button" class="button button--small button--ghost" onClick={() => store.startEdit(u)} aria-label={t('units.edit', { name: u.name })}>
                            {t('common.edit')}
                          </button>
                          <button
                            type="button"
                            class="button button--small button--danger-outline"
                            aria-label={t('units.deactivate_named', { name: u.name })}
                            onClick={() => {
                              if (window.confirm(t('units.confirm_deactivate', { name: u.name }))) void store.deactivate(u);
                            }}
                          >
                            {t('units.deactivate')}
                          </button>
                        </>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
