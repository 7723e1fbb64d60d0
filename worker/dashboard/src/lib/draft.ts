// Form values kept in a signal, so a failed request never loses what the person typed.
import { signal, type Signal } from '@preact/signals';

export interface Draft<T extends object> {
  value: Signal<T>;
  /** `{ value, onValue }` for one field, ready to spread into an input component. */
  field<K extends keyof T>(key: K): { value: T[K]; onValue: (v: T[K]) => void };
  set(patch: Partial<T>): void;
  reset(): void;
}

export function createDraft<T extends object>(initial: T): Draft<T> {
  const value = signal<T>({ ...initial });
  return {
    value,
    field(key) {
      return {
        value: value.value[key],
        onValue: (v) => {
          value.value = { ...value.value, [key]: v };
        },
      };
    },
    set(patch) {
      value.value = { ...value.value, ...patch };
    },
    reset() {
      value.value = { ...initial };
    },
  };
}
