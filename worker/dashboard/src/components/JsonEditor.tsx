// A JSON text area whose validation errors are listed with their path and line; "show" puts the cursor on the
// error's place in the text, so a long import file can be fixed where it is wrong.
import type { ProblemFieldError } from '@onestop/shared';
import { useId, useMemo, useRef } from 'preact/hooks';
import { t } from '../lib/i18n.ts';
import { locateJsonPaths, placeOf, type TextPlace } from '../lib/json-locate.ts';

export interface JsonError extends ProblemFieldError {
  /** Set for syntax errors, which have no path. */
  place?: TextPlace | undefined;
}

export function JsonEditor({ label, value, onValue, errors, hint, rows = 18, describe }: { label: string; value: string; onValue: (v: string) => void; errors: readonly JsonError[]; hint?: string; rows?: number; describe?: (path: string) => string | undefined }) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const places = useMemo(() => locateJsonPaths(value), [value]);
  const show = (p: TextPlace | undefined) => {
    const el = area.current;
    if (!el || !p) return;
    const lines = value.split('\n');
    let start = 0;
    for (let n = 1; n < p.line; n++) start += (lines[n - 1]?.length ?? 0) + 1;
    const end = start + (lines[p.line - 1]?.length ?? 0);
    el.focus();
    el.setSelectionRange(start, end);
    // Scroll the line into view: line height × line index.
    const lh = parseFloat(getComputedStyle(el).lineHeight) || 18;
    el.scrollTop = Math.max(0, (p.line - 3) * lh);
  };
  return (
    <div class={`field json-editor${errors.length > 0 ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={area}
        class="mono"
        rows={rows}
        spellcheck={false}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={`${id}-errors${hint ? ` ${id}-hint` : ''}`}
      />
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div id={`${id}-errors`} aria-live="polite">
        {errors.length > 0 && (
          <>
            <p class="field-error">{t('json.errors', { n: errors.length })}</p>
            <ul class="json-errors">
              {errors.slice(0, 200).map((e, i) => {
                const p = e.place ?? placeOf(places, e.path);
                const where = describe?.(e.path);
                return (
                  <li key={`${e.path}-${i}`}>
                    {p && (
                      <button type="button" class="link-button" onClick={() => show(p)}>
                        {t('json.line', { line: p.line, column: p.column })}
                      </button>
                    )}{' '}
                    <code>{e.path}</code>
                    {where && <span class="muted"> ({where})</span>}: {e.message}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
