// A loadable value as three signals (data, error, loading); a newer load wins over an older one still in flight.
import { batch, signal, type Signal } from '@preact/signals';
import { toProblem, type ApiProblem } from './api.ts';

export interface Resource<T> {
  data: Signal<T | null>;
  error: Signal<ApiProblem | null>;
  loading: Signal<boolean>;
  /** Runs the loader; keeps the previous data visible while it runs. */
  load(loader: () => Promise<T>): Promise<T | null>;
  set(value: T | null): void;
}

export function createResource<T>(initial: T | null = null): Resource<T> {
  const data = signal<T | null>(initial);
  const error = signal<ApiProblem | null>(null);
  const loading = signal(false);
  let seq = 0;
  return {
    data,
    error,
    loading,
    async load(loader) {
      const mine = ++seq;
      batch(() => {
        loading.value = true;
        error.value = null;
      });
      try {
        const value = await loader();
        if (mine === seq) {
          batch(() => {
            data.value = value;
            loading.value = false;
          });
        }
        return value;
      } catch (err) {
        if (mine === seq) {
          batch(() => {
            error.value = toProblem(err);
            loading.value = false;
          });
        }
        return null;
      }
    },
    set(value) {
      seq++;
      batch(() => {
        data.value = value;
        error.value = null;
        loading.value = false;
      });
    },
  };
}

/** A form submission: `busy` while it runs, `error` kept (with the form's values untouched) when it fails. */
export interface Submission {
  busy: Signal<boolean>;
  error: Signal<ApiProblem | null>;
  /** The message to announce after success. */
  done: Signal<string | null>;
  run<T>(action: () => Promise<T>, doneMessage?: string): Promise<T | null>;
  reset(): void;
}

export function createSubmission(): Submission {
  const busy = signal(false);
  const error = signal<ApiProblem | null>(null);
  const done = signal<string | null>(null);
  return {
    busy,
    error,
    done,
    async run(action, doneMessage) {
      batch(() => {
        busy.value = true;
        error.value = null;
        done.value = null;
      });
      try {
        const result = await action();
        batch(() => {
          busy.value = false;
          done.value = doneMessage ?? null;
        });
        return result;
      } catch (err) {
        batch(() => {
          busy.value = false;
          error.value = toProblem(err);
        });
        return null;
      }
    },
    reset() {
      batch(() => {
        busy.value = false;
        error.value = null;
        done.value = null;
      });
    },
  };
}
