// What the person sees when something is loading, failed, worked or is empty: a failed request says what went
// wrong in their language (plus the server's own words and request id for support), and never clears the form.
import type { ComponentChildren } from 'preact';
import type { ApiProblem } from '../lib/api.ts';
import { lang, t, tOr } from '../lib/i18n.ts';
import { schemaMessage } from '../lib/schema-messages.ts';

/** The person-facing sentence for a problem code. */
export function problemText(p: ApiProblem): string {
  return tOr(`problem.${p.code}`, p.status >= 500 ? t('problem.internal_error') : p.title || t('problem.generic'));
}

export function ProblemAlert({ problem, onRetry, fieldLabels }: { problem: ApiProblem | null; onRetry?: (() => void) | undefined; fieldLabels?: Record<string, string> | undefined }) {
  if (!problem) return null;
  const text = problemText(problem);
  // The server's detail is English; show it in Vietnamese mode too when it adds something.
  const detail = problem.detail && problem.detail !== text ? problem.detail : null;
  return (
    <div class="alert alert--error" role="alert">
      <p class="alert-title">{text}</p>
      {detail && (
        <p class="alert-detail">
          {lang.value === 'vi' && problem.code !== 'network' ? `${t('problem.server_says')}: ` : ''}
          {detail}
        </p>
      )}
      {problem.errors.length > 0 && (
        <ul class="alert-errors">
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{fieldLabels?.[e.path.replace(/^\$\./, '')] ?? e.path}</code>: {schemaMessage(e.message)}
            </li>
          ))}
        </ul>
      )}
      <p class="alert-meta">
        {problem.status > 0 ? `HTTP ${problem.status} · ${problem.code}` : problem.code}
        {problem.requestId ? ` · ${t('problem.request_id')} ${problem.requestId}` : ''}
      </p>
      {onRetry && (
        <button type="button" class="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Notice({ message }: { message: string | null }) {
  return (
    <div class="notice-region" role="status" aria-live="polite">
      {message && <p class="alert alert--success">{message}</p>}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{title}</p>
      {children}
    </div>
  );
}
