// Checklists: versions (draft → published → retired) with their items, a draft edited in place with its changes
// against the published version, publishing after a confirmation that states those changes, each version exported
// as JSON, and the import of the JSON format — checked here with the shared schema, every error shown at its place
// (the item row and the line in the file) before anything is sent; the server's own errors land in the same places.
import { ChecklistVersionWithItemsSchema, diffChecklistItems, type ChecklistDetail, type ChecklistVersionWithItems, type ProblemFieldError } from '@onestop/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { EmptyState, focusById, Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { JsonEditor } from '../../components/JsonEditor.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { API_BASE, toProblem, type ApiProblem } from '../../lib/api.ts';
import { useApp } from '../../lib/context.ts';
import { formatDateTime } from '../../lib/format.ts';
import { lang, pick, t } from '../../lib/i18n.ts';
import { createChecklistsStore, validateChecklistText } from '../../stores/admin.ts';
import { diffSummary, DraftEditor, importItem, PublishDialog } from './ChecklistDraft.tsx';

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

/** `showProblem`: false while the publish dialog shows the shared submission's error itself. */
function ImportSection({ store, showProblem }: { store: Store; showProblem: boolean }) {
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
      <ProblemAlert problem={showProblem ? store.submission.error.value : null} />
      <button type="button" class="button button--primary" disabled={!checked.data || store.submission.busy.value} onClick={() => void store.importChecklist()}>
        {store.submission.busy.value ? t('common.saving') : t('checklists.import_submit')}
      </button>
    </section>
  );
}

const publishedOf = (c: ChecklistDetail | undefined) => c?.versions.find((x) => x.status === 'published') ?? null;

export function ChecklistsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createChecklistsStore(api), []);
  useEffect(() => {
    void store.load();
  }, []);
  const isAdmin = session.role.value === 'admin';
  const data = store.list.data.value;
  const v = store.version.data.value;
  const owner = data?.details.find((c) => c.id === v?.checklist_id);
  const label = (c: ChecklistDetail | undefined, version: number) => `${c?.code ?? ''} v${version}`;

  // The published version of the shown draft's checklist, for its diff.
  const [published, setPublished] = useState<ChecklistVersionWithItems | null>(null);
  const publishedId = publishedOf(owner)?.id ?? null;
  useEffect(() => {
    setPublished(null);
    if (v?.status !== 'draft' || !publishedId) return;
    let live = true;
    void api.get(`/checklist-versions/${publishedId}`, ChecklistVersionWithItemsSchema).then((p) => live && setPublished(p), () => undefined);
    return () => void (live = false);
  }, [v?.id, publishedId]);

  // The publish confirmation: which version, and what it changes (computed from both versions' items).
  const [confirming, setConfirming] = useState<{ id: string; label: string; summary: string } | null>(null);
  const [askProblem, setAskProblem] = useState<ApiProblem | null>(null);
  async function askPublish(c: ChecklistDetail, versionId: string, version: number): Promise<void> {
    store.submission.reset();
    setAskProblem(null);
    const pub = publishedOf(c);
    const [draft, base] = await Promise.all([
      api.get(`/checklist-versions/${versionId}`, ChecklistVersionWithItemsSchema),
      pub ? api.get(`/checklist-versions/${pub.id}`, ChecklistVersionWithItemsSchema) : Promise.resolve(null),
    ]).catch((err: unknown) => {
      setAskProblem(toProblem(err));
      return [null, null] as const;
    });
    if (!draft) return;
    const diff = diffChecklistItems(base ? base.items.map(importItem) : [], draft.items.map(importItem));
    setConfirming({ id: versionId, label: label(c, version), summary: diffSummary(diff, base?.version ?? null, draft.items.length) });
  }
  async function confirmPublish(): Promise<void> {
    if (!confirming) return;
    await store.setStatus(confirming.id, 'publish', confirming.label);
    if (!store.submission.error.value) setConfirming(null);
  }
  return (
    <>
      <PageHeader title={t('checklists.title')} subtitle={t('checklists.subtitle')} />
      <Notice message={store.submission.done.value} />
      <ProblemAlert problem={store.list.error.value} onRetry={() => void store.load()} />
      <ProblemAlert problem={askProblem} />
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
                      <button type="button" class="button button--small button--ghost" onClick={() => void store.showVersion(ver.id).then(() => focusById(isAdmin && ver.status === 'draft' ? 'draft-title' : 'version-title'))}>
                        {t('checklists.show_items')}
                      </button>
                      <a class="button button--small button--ghost" href={`${API_BASE}/checklist-versions/${ver.id}/export`} download={`${c.code}-v${ver.version}.json`}>
                        {t('adm.export')}
                        <span class="visually-hidden"> {label(c, ver.version)}</span>
                      </a>
                      {isAdmin && ver.status === 'draft' && (
                        <button type="button" class="button button--small button--primary" onClick={() => void askPublish(c, ver.id, ver.version)}>
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
      {confirming && (
        <PublishDialog
          label={confirming.label}
          summary={confirming.summary}
          busy={store.submission.busy.value}
          problem={store.submission.error.value}
          onConfirm={() => void confirmPublish()}
          onClose={() => {
            setConfirming(null);
            store.submission.reset();
          }}
        />
      )}
      {v && isAdmin && v.status === 'draft' && owner && (
        <DraftEditor
          key={v.id}
          api={api}
          version={v}
          published={published}
          label={label(owner, v.version)}
          onSaved={(saved) => {
            store.version.set(saved);
            void store.load();
          }}
          onPublish={() => void askPublish(owner, v.id, v.version)}
        />
      )}
      {v && !(isAdmin && v.status === 'draft' && owner) && (
        <section class="card" aria-labelledby="version-title">
          <h2 id="version-title" tabIndex={-1}>{t('checklists.items_of', { v: `v${v.version}`, status: t(`version_status.${v.status}`) })}</h2>
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
      {isAdmin && <ImportSection store={store} showProblem={!confirming} />}
    </>
  );
}
