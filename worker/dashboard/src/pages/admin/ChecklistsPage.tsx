// Checklists: versions (draft → published → retired) with their items, and the import of the JSON format — checked
// here with the shared schema, every error shown at its place (the item row and the line in the file) before
// anything is sent; the server's own errors land in the same places.
import type { ProblemFieldError } from '@onestop/shared';
import { useEffect, useMemo } from 'preact/hooks';
import { EmptyState, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { JsonEditor } from '../../components/JsonEditor.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDateTime } from '../../lib/format.ts';
import { lang, pick, t } from '../../lib/i18n.ts';
import { createChecklistsStore, validateChecklistText } from '../../stores/admin.ts';

type Store = ReturnType<typeof createChecklistsStore>;

const itemIndex = (path: string): number | null => {
  const m = /^\$\.items\[(\d+)\]/.exec(path);
  return m ? Number(m[1]) : null;
};

interface RawItem {
  code?: unknown;
  clause?: unknown;
  text_vi?: unknown;
  weight?: unknown;
}

function ImportPreview({ raw, errors }: { raw: unknown; errors: readonly ProblemFieldError[] }) {
  if (typeof raw !== 'object' || raw === null) return null;
  const doc = raw as { code?: unknown; version?: unknown; title_vi?: unknown; items?: unknown };
  const items: RawItem[] = Array.isArray(doc.items) ? (doc.items as RawItem[]) : [];
  const head = errors.filter((e) => itemIndex(e.path) === null);
  const byItem = new Map<number, ProblemFieldError[]>();
  for (const e of errors) {
    const i = itemIndex(e.path);
    if (i === null) continue;
    byItem.set(i, [...(byItem.get(i) ?? []), e]);
  }
  const show = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '—');
  const fieldErr = (i: number, name: string) => byItem.get(i)?.find((e) => e.path === `$.items[${i}].${name}`)?.message;
  return (
    <section class="card" aria-labelledby="preview-title">
      <h3 id="preview-title">{t('checklists.preview')}</h3>
      <dl class="details details--inline">
        <dt>{t('checklists.code')}</dt>
        <dd>{show(doc.code)}</dd>
        <dt>{t('checklists.version')}</dt>
        <dd>{show(doc.version)}</dd>
        <dt>{t('checklists.title_field')}</dt>
        <dd>{show(doc.title_vi)}</dd>
        <dt>{t('checklists.items')}</dt>
        <dd>{items.length}</dd>
      </dl>
      {head.length > 0 && (
        <ul class="field-error-list">
          {head.map((e) => (
            <li key={e.path} class="field-error">
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {items.length > 0 && (
        <div class="table-wrap preview-table" role="region" aria-label={t('checklists.preview_items')} tabIndex={0}>
          <table class="table table--compact">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('checklists.item_code')}</th>
                <th scope="col">{t('checklists.clause')}</th>
                <th scope="col">{t('checklists.text')}</th>
                <th scope="col">{t('checklists.weight')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it, i) => {
                const errs = byItem.get(i) ?? [];
                const other = errs.filter((e) => !['code', 'clause', 'text_vi', 'weight'].some((f) => e.path === `$.items[${i}].${f}`));
                return (
                  <tr key={i} class={errs.length > 0 ? 'row--invalid' : undefined} data-item-index={i}>
                    <td>{i}</td>
                    <td>
                      {show(it.code)}
                      {fieldErr(i, 'code') && <p class="field-error">{fieldErr(i, 'code')}</p>}
                    </td>
                    <td>
                      {show(it.clause)}
                      {fieldErr(i, 'clause') && <p class="field-error">{fieldErr(i, 'clause')}</p>}
                    </td>
                    <td>
                      <span class="clamp">{show(it.text_vi)}</span>
                      {fieldErr(i, 'text_vi') && <p class="field-error">{fieldErr(i, 'text_vi')}</p>}
                      {other.map((e) => (
                        <p class="field-error" key={e.path}>
                          <code>{e.path.replace(`$.items[${i}]`, '')}</code>: {e.message}
                        </p>
                      ))}
                    </td>
                    <td>
                      {show(it.weight)}
                      {fieldErr(i, 'weight') && <p class="field-error">{fieldErr(i, 'weight')}</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ImportSection({ store }: { store: Store }) {
  const text = store.importText.value;
  const checked = useMemo(() => validateChecklistText(text), [text, lang.value]);
  const errors = text.trim() ? [...checked.errors, ...store.serverErrors.value] : [];
  const describe = (path: string) => {
    const i = itemIndex(path);
    if (i === null || typeof checked.raw !== 'object' || checked.raw === null) return undefined;
    const items = (checked.raw as { items?: unknown }).items;
    const code = Array.isArray(items) ? (items[i] as RawItem | undefined)?.code : undefined;
    return t('checklists.item_n', { n: i, code: typeof code === 'string' ? code : '?' });
  };
  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">{t('checklists.import')}</h2>
      <p class="hint">{t('checklists.import_hint')}</p>
      <div class="field">
        <label>
          {t('checklists.file')}
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) {
                void file.text().then((s) => {
                  store.importText.value = s;
                  store.serverErrors.value = [];
                });
              }
            }}
          />
        </label>
      </div>
      <JsonEditor
        label={t('checklists.json')}
        value={text}
        onValue={(v) => {
          store.importText.value = v;
          store.serverErrors.value = [];
        }}
        errors={errors}
        rows={12}
        describe={describe}
        hint={t('checklists.json_hint')}
      />
      {text.trim() && checked.errors.length === 0 && store.serverErrors.value.length === 0 && <p class="text-ok">{t('checklists.valid', { n: checked.data?.items.length ?? 0 })}</p>}
      <ImportPreview raw={checked.raw} errors={errors} />
      <ProblemAlert problem={store.submission.error.value} />
      <button type="button" class="button button--primary" disabled={!checked.data || store.submission.busy.value} onClick={() => void store.importChecklist()}>
        {store.submission.busy.value ? t('common.saving') : t('checklists.import_submit')}
      </button>
    </section>
  );
}

export function ChecklistsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createChecklistsStore(api), []);
  useEffect(() => {
    void store.load();
  }, []);
  const isAdmin = session.role.value === 'admin';
  const data = store.list.data.value;
  const v = store.version.data.value;
  return (
    <>
      <PageHeader title={t('checklists.title')} subtitle={t('checklists.subtitle')} />
      <Notice message={store.submission.done.value} />
      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load()} />
      {store.list.loading.value && !data && <Loading />}
      {data && data.details.length === 0 && (
        <EmptyState title={t('checklists.empty')}>
          <p>{t('checklists.empty_hint')}</p>
        </EmptyState>
      )}
      {data?.details.map((c) => (
        <section class="card" key={c.id} aria-labelledby={`cl-${c.id}`}>
          <h2 id={`cl-${c.id}`}>
            {pick(c.title_vi, c.title_en)} <span class="muted small">({c.code})</span>
          </h2>
          <p class="muted small">{c.standard}</p>
          <div class="table-wrap">
            <table class="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('checklists.version')}</th>
                  <th scope="col">{t('checklists.status')}</th>
                  <th scope="col" class="num">{t('checklists.items')}</th>
                  <th scope="col">{t('checklists.published_at')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {c.versions.map((ver) => (
                  <tr key={ver.id}>
                    <td>v{ver.version}</td>
                    <td>
                      <span class={`badge badge--version-${ver.status}`}>{t(`version_status.${ver.status}`)}</span>
                    </td>
                    <td class="num">{ver.item_count}</td>
                    <td>{formatDateTime(ver.published_at)}</td>
                    <td class="nowrap">
                      <button type="button" class="button button--small button--ghost" onClick={() => void store.showVersion(ver.id)}>
                        {t('checklists.show_items')}
                      </button>
                      {isAdmin && ver.status === 'draft' && (
                        <button type="button" class="button button--small button--primary" onClick={() => void store.setStatus(ver.id, 'publish', `${c.code} v${ver.version}`)}>
                          {t('checklists.publish')}
                        </button>
                      )}
                      {isAdmin && ver.status === 'published' && (
                        <button
                          type="button"
                          class="button button--small button--danger-outline"
                          onClick={() => {
                            if (window.confirm(t('checklists.confirm_retire', { v: `${c.code} v${ver.version}` }))) void store.setStatus(ver.id, 'retire', `${c.code} v${ver.version}`);
                          }}
                        >
                          {t('checklists.retire')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {isAdmin && !c.versions.some((x) => x.status === 'draft') && (
            <button type="button" class="button button--secondary" onClick={() => void store.newDraft(c.id)}>
              {t('checklists.new_draft')}
            </button>
          )}
        </section>
      ))}
      {store.version.loading.value && <Loading />}
      {v && (
        <section class="card" aria-labelledby="version-title">
          <h2 id="version-title">{t('checklists.items_of', { v: `v${v.version}`, status: t(`version_status.${v.status}`) })}</h2>
          <div class="table-wrap" role="region" aria-label={t('checklists.items')} tabIndex={0}>
            <table class="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('checklists.item_code')}</th>
                  <th scope="col">{t('checklists.clause')}</th>
                  <th scope="col">{t('checklists.text')}</th>
                  <th scope="col" class="num">{t('checklists.weight')}</th>
                  <th scope="col">{t('checklists.on_page')}</th>
                </tr>
              </thead>
              <tbody>
                {v.items.map((it) => (
                  <tr key={it.id}>
                    <td class="nowrap">{it.code}</td>
                    <td>{it.clause}</td>
                    <td>
                      <span class="clamp">{pick(it.text_vi, it.text_en)}</span>
                      <div class="muted small">{pick(it.section_vi, it.section_en)}</div>
                    </td>
                    <td class="num">{it.weight}</td>
                    <td>{it.on_page ? t('common.yes') : t('common.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {isAdmin && <ImportSection store={store} />}
    </>
  );
}
