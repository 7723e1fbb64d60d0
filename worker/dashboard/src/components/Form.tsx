// Labelled form controls: every input has a visible label, its hint and error are tied to it with
// aria-describedby, and an invalid field says so (aria-invalid) as well as in red.
import type { ComponentChildren, JSX } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  class?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

export function Field({ label, hint, error, required, class: cls, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for={id}>
        {label}
        {required && (
          <span class="required" aria-hidden="true">
            {' '}*
          </span>
        )}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

type Common = {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  class?: string | undefined;
  name?: string | undefined;
  disabled?: boolean | undefined;
};

export function TextInput(
  props: Common & {
    value: string;
    onValue: (v: string) => void;
    type?: 'text' | 'email' | 'password' | 'date' | 'search' | 'url' | 'number';
    autocomplete?: string;
    min?: string | undefined;
    max?: string | undefined;
    maxLength?: number | undefined;
    placeholder?: string | undefined;
    inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
  },
) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} required={props.required} class={props.class}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          required={props.required}
          disabled={props.disabled}
          autocomplete={props.autocomplete}
          min={props.min}
          max={props.max}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
}

export function TextArea(props: Common & { value: string; onValue: (v: string) => void; rows?: number; maxLength?: number; spellcheck?: boolean; mono?: boolean }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} required={props.required} class={props.class}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={props.name}
          class={props.mono ? 'mono' : undefined}
          value={props.value}
          rows={props.rows ?? 4}
          maxLength={props.maxLength}
          spellcheck={props.spellcheck}
          onInput={(e) => props.onValue(e.currentTarget.value)}
          required={props.required}
          disabled={props.disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: Common & { value: string; onValue: (v: string) => void; options: readonly Option[] }) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} required={props.required} class={props.class}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={props.name}
          value={props.value}
          onChange={(e) => props.onValue(e.currentTarget.value)}
          required={props.required}
          disabled={props.disabled}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Checkbox(props: { label: string; checked: boolean; onValue: (v: boolean) => void; hint?: string; disabled?: boolean; name?: string }) {
  const id = useId();
  return (
    <div class="checkbox">
      <input id={id} type="checkbox" name={props.name} checked={props.checked} disabled={props.disabled} onChange={(e) => props.onValue(e.currentTarget.checked)} />
      <label for={id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
    </div>
  );
}

/** A group of radio buttons with a legend. */
export function RadioGroup(props: { legend: string; name: string; value: string; options: readonly Option[]; onValue: (v: string) => void }) {
  const id = useId();
  return (
    <fieldset class="radio-group">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <div class="radio" key={o.value}>
          <input type="radio" id={`${id}-${o.value}`} name={props.name} value={o.value} checked={props.value === o.value} onChange={() => props.onValue(o.value)} />
          <label for={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
