// A draft checklist version edited in place: its items (add, remove, reorder), each one's code, clause, weight and
// Vietnamese and English texts, checked as they are typed with the shared schema (the one the Worker applies), saved
// with one PUT. Beside it, what the draft changes against the published version of the same checklist, field by
// field; and the dialog that asks before publishing, stating those changes.
import {
  CHECKLIST_DIFF_FIELDS,
  ChecklistImportItemsSchema,
  ChecklistVersionWithItemsSchema,
  diffChecklistItems,
  type ChecklistDiff,
  type ChecklistDiffField,
  type ChecklistImportItem,
  type ChecklistVersionWithItems,
} from '@onestop/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ProblemAlert } from '../../components/Feedback.tsx';
import type { Api } from '../../lib/api.ts';
import { t, type MessageKey } from '../../lib/i18n.ts';
import { createSubmission } from '../../lib/resource.ts';
import { schemaMessage, zodIssueMessage } from '../../lib/schema-messages.ts';

/** A row being edited: the import format's item plus a key that survives reordering (focus stays in its row). */
type Row = ChecklistImportItem & { key: number };

let nextKey = 1;
const toRow = (it: ChecklistImportItem): Row => ({ ...it, key: nextKey++ });
const toItem = ({ key: _k, ...it }: Row): ChecklistImportItem => it;
/** What an API item is in the import format (ids and sort dropped; the order is the list's). */
export const importItem = ({ id: _i, version_id: _v, sort: _s, ...it }: ChecklistVersionWithItems['items'][number]): ChecklistImportItem => it;

/** Per-row field errors, keyed `index.field`, and the errors of the list as a whole. */
export function rowErrors(items: readonly ChecklistImportItem[]): { fields: Map<string, string>; list: string[] } {
  const parsed = ChecklistImportItemsSchema.safeParse(items);
  const fields = new Map<string, string>();
  const list: string[] = [];
  if (parsed.success) return { fields, list };
  for (const issue of parsed.error.issues) {
    const [index, field] = issue.path;
    if (typeof index === 'number' && typeof field === 'string') {
      if (!fields.has(`${index}.${field}`)) fields.set(`${index}.${field}`, zodIssueMessage(issue));
    } else list.push(zodIssueMessage(issue));
  }
  return { fields, list };
}

const FIELD_LABEL: Record<ChecklistDiffField, MessageKey> = {
  clause: 'checklists.clause',
  section_vi: 'adm.f_section_vi',
  section_en: 'adm.f_section_en',
  text_vi: 'adm.f_text_vi',
  text_en: 'adm.f_text_en',
  guidance_vi: 'adm.f_guidance_vi',
  evidence_hint_vi: 'adm.f_evidence_hint_vi',
  weight: 'checklists.weight',
  on_page: 'checklists.on_page',
  page_rule_hint: 'adm.f_page_rule_hint',
};
const shownValue = (v: string | number | boolean | null) => (v === null || v === '' ? '—' : typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : String(v));

/** The changes in one sentence (dialog and diff heading). */
export function diffSummary(diff: ChecklistDiff, base: number | null, total: number): string {
  if (base === null) return t('adm.diff_first', { n: total });
  if (diff.identical) return t('adm.diff_none', { v: `v${base}` });
  return t('adm.diff_counts', { v: `v${base}`, added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, moved: diff.moved.length });
}

export function DiffView({ diff, base, total }: { diff: ChecklistDiff; base: number | null; total: number }) {
  return (
    <section class="card checklist-diff" aria-labelledby="diff-title">
      <h3 id="diff-title">{base === null ? t('adm.diff_title_first') : t('adm.diff_title', { v: `v${base}` })}</h3>
      <p class={diff.identical && base !== null ? 'text-warn' : undefined}>{diffSummary(diff, base, total)}</p>
      {base !== null && diff.added.length > 0 && (
        <>
          <h4>{t('adm.diff_added')}</h4>
          <ul class="plain-list diff-list">
            {diff.added.map((it) => (
              <li key={it.code} class="diff-added">
                <code>{it.code}</code> ({it.clause}) — {it.text_vi}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.removed.length > 0 && (
        <>
          <h4>{t('adm.diff_removed')}</h4>
          <ul class="plain-list diff-list">
            {diff.removed.map((it) => (
              <li key={it.code} class="diff-removed">
                <code>{it.code}</code> ({it.clause}) — {it.text_vi}
              </li>
            ))}
          </ul>
        </>
      )}
      {diff.changed.length > 0 && (
        <>
          <h4>{t('adm.diff_changed')}</h4>
          <div class="table-wrap" role="region" aria-label={t('adm.diff_changed')} tabIndex={0}>
            <table class="table table--compact diff-table">
              <thead>
                <tr>
                  <th scope="col">{t('checklists.item_code')}</th>
                  <th scope="col">{t('adm.diff_field')}</th>
                  <th scope="col">{t('adm.diff_before')}</th>
                  <th scope="col">{t('adm.diff_after')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.changed.flatMap((c) =>
                  c.fields.map((f) => (
                    <tr key={`${c.code}.${f.field}`} data-diff-code={c.code} data-diff-field={f.field}>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td>{t(FIELD_LABEL[f.field])}</td>
                      <td class="diff-before">
                        <span class="clamp">{shownValue(f.before)}</span>
                      </td>
                      <td class="diff-after">
                        <span class="clamp">{shownValue(f.after)}</span>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
      {diff.moved.length > 0 && (
        <p class="small">
          {t('adm.diff_moved')}: {diff.moved.join(', ')}
        </p>
      )}
    </section>
  );
}

/** Asks before publishing, saying what will change; a refusal (e.g. nothing changed) stays in the dialog. */
export function PublishDialog(props: { label: string; summary: string; busy: boolean; problem: Parameters<typeof ProblemAlert>[0]['problem']; onConfirm: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog dialog--wide"
      aria-labelledby="publish-title"
      aria-describedby="publish-summary"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id="publish-title">{t('adm.publish_title', { v: props.label })}</h2>
      <p id="publish-summary">{props.summary}</p>
      <p class="small">{t('adm.publish_final')}</p>
      <ProblemAlert problem={props.problem} />
      <div class="button-row">
        <button type="button" class="button button--primary" disabled={props.busy} onClick={props.onConfirm}>
          {props.busy ? t('common.saving') : t('adm.publish_confirm')}
        </button>
        <button type="button" class="button button--ghost" onClick={props.onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}

const blankItem = (n: number): ChecklistImportItem => ({
  code: `MOI-${n}`,
  clause: '',
  section_vi: '',
  section_en: '',
  text_vi: '',
  text_en: '',
  guidance_vi: '',
  evidence_hint_vi: '',
  weight: 2,
  on_page: false,
  page_rule_hint: null,
});

interface EditorProps {
  api: Api;
  version: ChecklistVersionWithItems;
  /** The published version of the same checklist, to compare with (null when none is). */
  published: ChecklistVersionWithItems | null;
  label: string;
  onSaved: (v: ChecklistVersionWithItems) => void;
  onPublish: (items: ChecklistImportItem[]) => void;
}

export function DraftEditor({ api, version, published, label, onSaved, onPublish }: EditorProps) {
  const saved = useMemo(() => version.items.map(importItem), [version]);
  const [rows, setRows] = useState<Row[]>(() => saved.map(toRow));
  useEffect(() => setRows(saved.map(toRow)), [saved]);
  const submission = useMemo(() => createSubmission(), []);
  const items = rows.map(toItem);
  const errors = useMemo(() => rowErrors(items), [rows]);
  const dirty = JSON.stringify(items) !== JSON.stringify(saved);
  const base = published ? published.items.map(importItem) : [];
  const diff = useMemo(() => diffChecklistItems(base, items), [rows, published]);
  // The server's field errors (`$.items[3].clause`) shown at the same place as the schema's.
  const serverField = (i: number, f: string) => {
    const hit = submission.error.value?.errors.find((e) => e.path === `$.items[${i}].${f}`);
    return hit ? schemaMessage(hit.message) : undefined;
  };
  const err = (i: number, f: string) => errors.fields.get(`${i}.${f}`) ?? serverField(i, f);

  const update = (i: number, patch: Partial<ChecklistImportItem>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= rows.length) return;
    const next = [...rows];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setRows(next);
  };
  const remove = (i: number) => setRows(rows.filter((_, j) => j !== i));
  const add = () => {
    const taken = new Set(rows.map((r) => r.code));
    let n = rows.length + 1;
    while (taken.has(`MOI-${n}`)) n++;
    setRows([...rows, toRow(blankItem(n))]);
  };
  async function save(): Promise<void> {
    if (errors.fields.size > 0 || errors.list.length > 0) return;
    const res = await submission.run(() => api.send('PUT', `/checklist-versions/${version.id}/items`, { items }, ChecklistVersionWithItemsSchema), t('adm.draft_saved', { v: label }));
    if (res) onSaved(res);
  }

  const cellInput = (i: number, field: 'code' | 'clause', column: MessageKey, width: string) => {
    const e = err(i, field);
    const errId = `row-${rows[i]!.key}-${field}-err`;
    return (
      <>
        <input
          type="text"
          class={width}
          value={rows[i]![field]}
          aria-label={t('adm.cell', { column: t(column), n: i + 1 })}
          aria-invalid={e ? true : undefined}
          aria-describedby={e ? errId : undefined}
          onInput={(ev) => update(i, { [field]: ev.currentTarget.value })}
        />
        {e && (
          <p class="field-error" id={errId}>
            {e}
          </p>
        )}
      </>
    );
  };
  const cellText = (i: number, field: 'text_vi' | 'text_en', column: MessageKey) => {
    const e = err(i, field);
    const errId = `row-${rows[i]!.key}-${field}-err`;
    return (
      <>
        <textarea
          rows={2}
          value={rows[i]![field]}
          lang={field === 'text_en' ? 'en' : 'vi'}
          aria-label={t('adm.cell', { column: t(column), n: i + 1 })}
          aria-invalid={e ? true : undefined}
          aria-describedby={e ? errId : undefined}
          onInput={(ev) => update(i, { [field]: ev.currentTarget.value })}
        />
        {e && (
          <p class="field-error" id={errId}>
            {e}
          </p>
        )}
      </>
    );
  };

  const invalid = errors.fields.size + errors.list.length;
  return (
    <section class="card draft-editor" aria-labelledby="draft-title">
      <h2 id="draft-title" tabIndex={-1}>{t('adm.draft_title', { v: label })}</h2>
      <p class="hint">{t('adm.draft_hint')}</p>
      <div class="table-wrap" role="region" aria-label={t('adm.draft_items')} tabIndex={0}>
        <table class="table table--compact draft-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('checklists.item_code')}</th>
              <th scope="col">{t('checklists.clause')}</th>
              <th scope="col">{t('checklists.weight')}</th>
              <th scope="col">{t('adm.texts')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const wErr = err(i, 'weight');
              return (
                <tr key={r.key} data-item-code={r.code} class={[...CHECKLIST_DIFF_FIELDS, 'code'].some((f) => err(i, f)) ? 'row--invalid' : undefined}>
                  <td>{i + 1}</td>
                  <td>{cellInput(i, 'code', 'checklists.item_code', 'input--code')}</td>
                  <td>{cellInput(i, 'clause', 'checklists.clause', 'input--clause')}</td>
                  <td>
                    <select value={String(r.weight)} aria-label={t('adm.cell', { column: t('checklists.weight'), n: i + 1 })} aria-invalid={wErr ? true : undefined} onChange={(ev) => update(i, { weight: Number(ev.currentTarget.value) })}>
                      {[1, 2, 3].map((w) => (
                        <option key={w} value={String(w)}>
                          {w}
                        </option>
                      ))}
                    </select>
                    {wErr && <p class="field-error">{wErr}</p>}
                  </td>
                  <td class="draft-texts">
                    {cellText(i, 'text_vi', 'adm.f_text_vi')}
                    {cellText(i, 'text_en', 'adm.f_text_en')}
                  </td>
                  <td class="nowrap">
                    <button type="button" class="button button--small button--ghost" disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑ {t('adm.up')}
                      <span class="visually-hidden"> {r.code}</span>
                    </button>
                    <button type="button" class="button button--small button--ghost" disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                      ↓ {t('adm.down')}
                      <span class="visually-hidden"> {r.code}</span>
                    </button>
                    <button type="button" class="button button--small button--danger-outline" onClick={() => remove(i)}>
                      {t('adm.remove')}
                      <span class="visually-hidden"> {r.code}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {errors.list.map((m) => (
        <p class="field-error" key={m}>
          {m}
        </p>
      ))}
      <ProblemAlert problem={submission.error.value} />
      {submission.done.value && !dirty && (
        <p class="text-ok" role="status">
          {submission.done.value}
        </p>
      )}
      <p class="small" role="status">
        {invalid > 0 ? t('adm.draft_invalid', { n: invalid }) : dirty ? t('adm.draft_unsaved') : t('adm.draft_clean')}
      </p>
      <div class="button-row">
        <button type="button" class="button button--secondary" onClick={add}>
          {t('adm.add_item')}
        </button>
        <button type="button" class="button button--primary" disabled={!dirty || invalid > 0 || submission.busy.value} onClick={() => void save()}>
          {submission.busy.value ? t('common.saving') : t('adm.save_draft')}
        </button>
        <button type="button" class="button button--primary" disabled={dirty} onClick={() => onPublish(items)}>
          {t('checklists.publish')}
        </button>
      </div>
      {dirty && <p class="hint">{t('adm.save_before_publish')}</p>}
      <DiffView diff={diff} base={published?.version ?? null} total={items.length} />
    </section>
  );
}
