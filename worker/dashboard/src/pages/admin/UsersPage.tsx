// Accounts in the caller's subtree: administrators create them, change role and unit, disable them and reset
// passwords (each of these signs the person out everywhere). The unit is picked in a tree read fresh from the API
// when the form opens, so a unit created a moment ago is there without a reload; locking or unlocking an account
// asks first, naming the person.
import { ROLES, type UnitTreeItem } from '@onestop/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { Checkbox, Select, TextInput } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { UnitPicker } from '../../components/UnitPicker.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDate } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { createResource } from '../../lib/resource.ts';
import { UnitListSchema } from '../../lib/schemas.ts';
import { createUsersStore } from '../../stores/admin.ts';

type Store = ReturnType<typeof createUsersStore>;

function UserForm({ store, units }: { store: Store; units: readonly UnitTreeItem[] }) {
  const creating = store.editing.value === 'new';
  const errs = store.errors.value;
  const server = store.submission.error.value;
  const err = (k: string) => errs[k] ?? server?.fieldError(k);
  const d = store.form.value.value;
  const before = creating ? undefined : store.users.data.value?.items.find((u) => u.id === store.editing.value);
  // Locking or unlocking is asked about before it is sent: it ends (or gives back) someone's access at once.
  const [asking, setAsking] = useState(false);
  const lockChanges = before !== undefined && before.disabled !== d.disabled;
  return (
    <form
      class="card form-card"
      aria-labelledby="user-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (lockChanges) setAsking(true);
        else void store.save();
      }}
    >
      {asking && before && (
        <ConfirmDialog
          title={d.disabled ? t('adm.lock_title', { name: before.display_name }) : t('adm.unlock_title', { name: before.display_name })}
          confirmLabel={d.disabled ? t('adm.lock_confirm') : t('adm.unlock_confirm')}
          danger={d.disabled}
          busy={store.submission.busy.value}
          onConfirm={() => {
            setAsking(false);
            void store.save();
          }}
          onCancel={() => setAsking(false)}
        >
          <p>{d.disabled ? t('adm.lock_body', { name: before.display_name, email: before.email }) : t('adm.unlock_body', { name: before.display_name, email: before.email })}</p>
        </ConfirmDialog>
      )}
      <h2 id="user-form-title">{creating ? t('users.new') : t('users.edit', { name: d.display_name })}</h2>
      <div class="form-row">
        <TextInput label={t('users.email')} type="email" name="email" required disabled={!creating} autocomplete="off" {...store.form.field('email')} error={err('email')} />
        <TextInput label={t('users.name')} name="display_name" required {...store.form.field('display_name')} error={err('display_name')} />
      </div>
      <div class="form-row">
        <Select label={t('users.role')} name="role" value={d.role} onValue={(v) => store.form.set({ role: (ROLES as readonly string[]).includes(v) ? (v as typeof d.role) : d.role })} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} hint={t(`users.role_hint_${d.role}`)} />
        <UnitPicker label={t('users.unit')} name="unit_id" units={units} value={d.unit_id} onValue={(v) => store.form.set({ unit_id: v })} error={err('unit_id')} hint={t('users.unit_hint')} required />
      </div>
      <TextInput
        label={creating ? t('users.password') : t('users.reset_password')}
        type="password"
        name="password"
        autocomplete="new-password"
        required={creating}
        hint={t('users.password_hint')}
        {...store.form.field('password')}
        error={err('password')}
      />
      {!creating && <Checkbox label={t('users.disabled')} checked={d.disabled} onValue={(v) => store.form.set({ disabled: v })} hint={t('users.disabled_hint')} />}
      <ProblemAlert problem={server} />
      <div class="button-row">
        <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
          {store.submission.busy.value ? t('common.saving') : creating ? t('users.create') : t('common.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => (store.editing.value = null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

export function UsersPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createUsersStore(api), []);
  const f = store.filters.value;
  useEffect(() => {
    void store.load();
  }, [f.role, f.includeDisabled]);
  const isAdmin = session.role.value === 'admin';
  const data = store.users.data.value;
  // Units as the API has them now (not as they were at sign-in): read again each time the form opens.
  const units = useMemo(() => createResource<UnitTreeItem[]>(), []);
  const editing = store.editing.value;
  useEffect(() => {
    if (editing !== null) void units.load(() => api.get('/units', UnitListSchema).then((r) => r.items.filter((u) => u.active)));
  }, [editing]);
  return (
    <>
      <PageHeader title={t('users.title')} subtitle={t('users.subtitle')}>
        {isAdmin && (
          <button type="button" class="button button--primary" onClick={() => store.startCreate(session.me.value?.unit.id ?? '')}>
            {t('users.new')}
          </button>
        )}
      </PageHeader>
      <Notice message={store.submission.done.value} />
      {store.editing.value !== null && <UserForm key={store.editing.value} store={store} units={units.data.value ?? []} />}
      {store.editing.value !== null && <ProblemAlert problem={units.error.value} onRetry={() => void units.load(() => api.get('/units', UnitListSchema).then((r) => r.items.filter((u) => u.active)))} />}
      <form
        class="filters"
        aria-label={t('users.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          void store.load();
        }}
      >
        <Select label={t('users.role')} name="role_filter" value={f.role} onValue={(v) => (store.filters.value = { ...f, role: v })} options={[{ value: '', label: t('filter.all') }, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
        <TextInput label={t('users.search')} type="search" name="q" value={f.q} onValue={(v) => (store.filters.value = { ...f, q: v })} />
        <Checkbox label={t('users.include_disabled')} checked={f.includeDisabled} onValue={(v) => (store.filters.value = { ...f, includeDisabled: v })} />
        <div class="field field--button">
          <button type="submit" class="button button--secondary">
            {t('common.search')}
          </button>
        </div>
      </form>
      <ProblemAlert problem={store.users.error.value} onRetry={() => void store.load()} />
      {store.users.loading.value && !data && <Loading />}
      {data &&
        (data.items.length === 0 ? (
          <EmptyState title={t('users.empty')}>
            <p>{t('users.empty_hint')}</p>
          </EmptyState>
        ) : (
          <div class="table-wrap" role="region" aria-label={t('users.title')} tabIndex={0}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col" class="col-wide">{t('users.unit')}</th>
                  <th scope="col" class="col-wide">{t('users.created_at')}</th>
                  {isAdmin && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.items.map((u) => (
                  <tr key={u.id} class={u.disabled ? 'row--inactive' : undefined}>
                    <td>
                      <bdi>{u.display_name}</bdi> {u.disabled && <span class="badge badge--neutral">{t('users.is_disabled')}</span>}
                      {u.must_change_password && !u.disabled && <span class="badge badge--outline">{t('users.must_change_password')}</span>}
                    </td>
                    <td class="nowrap">{u.email}</td>
                    <td>{t(`role.${u.role}`)}</td>
                    <td class="col-wide">{u.unit_name ?? session.unitsById.value.get(u.unit_id)?.name ?? '—'}</td>
                    <td class="col-wide nowrap">{formatDate(u.created_at)}</td>
                    {isAdmin && (
                      <td>
                        <button type="button" class="button button--small button--ghost" aria-label={t('users.edit', { name: u.display_name })} onClick={() => store.startEdit(u)}>
                          {t('common.edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </>
  );
}
