// Pages load on first visit (code splitting keeps the first load small); a failed chunk load can be retried.
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { ApiProblem } from './api.ts';
import { ProblemAlert, Loading } from '../components/Feedback.tsx';

export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const component = signal<ComponentType<P> | null>(null);
  const failed = signal<ApiProblem | null>(null);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    failed.value = null;
    load().then(
      (c) => {
        component.value = c;
      },
      (err: unknown) => {
        started = false;
        failed.value = new ApiProblem({ status: 0, code: 'network', title: 'Network error', detail: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  return function LazyPage(props: P) {
    start();
    const C = component.value;
    if (failed.value) return <ProblemAlert problem={failed.value} onRetry={start} />;
    if (!C) return <Loading />;
    return <C {...props} />;
  };
}
