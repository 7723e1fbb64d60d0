// A labelled list of checkboxes with a filter box, for choosing units, checklist versions or team members.
import { signal } from '@preact/signals';
import { useId, useMemo } from 'preact/hooks';
import { t } from '../lib/i18n.ts';

export interface CheckOption {
  value: string;
  label: string;
  /** Indentation level (units in a tree). */
  depth?: number;
  hint?: string;
}

export function MultiCheck({ legend, options, selected, onChange, error, filterable = false, required = false }: { legend: string; options: readonly CheckOption[]; selected: readonly string[]; onChange: (v: string[]) => void; error?: string | undefined; filterable?: boolean; required?: boolean }) {
  const id = useId();
  const filter = useMemo(() => signal(''), []);
  const f = filter.value.trim().toLocaleLowerCase('vi');
  const shown = f ? options.filter((o) => o.label.toLocaleLowerCase('vi').includes(f) || selected.includes(o.value)) : options;
  const set = new Set(selected);
  return (
    <fieldset class={`multicheck${error ? ' field--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {legend}
        {required && <span aria-hidden="true"> *</span>} <span class="muted small">({t('form.selected', { n: selected.length })})</span>
      </legend>
      {filterable && (
        <div class="field field--inline">
          <label for={`${id}-filter`}>{t('form.filter_list')}</label>
          <input id={`${id}-filter`} type="search" value={filter.value} onInput={(e) => (filter.value = e.currentTarget.value)} />
        </div>
      )}
      <div class="multicheck-list">
        {shown.map((o) => (
          <div class="checkbox" key={o.value} style={o.depth ? { paddingLeft: `${o.depth * 1.25}rem` } : undefined}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              checked={set.has(o.value)}
              onChange={(e) => onChange(e.currentTarget.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))}
            />
            <label for={`${id}-${o.value}`}>
              {o.label}
              {o.hint && <span class="muted small"> {o.hint}</span>}
            </label>
          </div>
        ))}
        {shown.length === 0 && <p class="muted">{t('form.no_match')}</p>}
      </div>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
