// What the person sees when something is loading, failed, worked or is empty: a failed request says what went
// wrong in their language (the server's own words, code and request id folded away for support), never clears the form.
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiProblem } from '../lib/api.ts';
import { AppContext } from '../lib/context.ts';
import { t, tOr } from '../lib/i18n.ts';
import { Link } from '../lib/router.tsx';
import { schemaMessage } from '../lib/schema-messages.ts';

/** The person-facing sentence for a problem code; a code this dashboard does not know falls back on its status. */
export function problemText(p: ApiProblem): string {
  const fallback =
    p.status === 0 ? p.title || t('problem.generic')
    : p.status >= 500 ? t('problem.internal_error')
    : p.status === 404 ? t('problem.not_found')
    : p.status === 403 ? t('problem.forbidden')
    : p.status === 401 ? t('problem.unauthenticated')
    : t('problem.generic');
  return tOr(`problem.${p.code}`, fallback);
}

/** Asking again gives the same answer for these: no "Try again" button, a way back instead (404, 403). */
const NO_RETRY = new Set([400, 401, 403, 404, 410, 413, 415, 422]);

/**
 * A failed request in the person's language. The server's own words (English), the code and the request id are
 * for support: they sit in a closed "technical details" disclosure, never inside the sentence.
 */
export function ProblemAlert({ problem, onRetry, fieldLabels }: { problem: ApiProblem | null; onRetry?: (() => void) | undefined; fieldLabels?: Record<string, string> | undefined }) {
  const app = useContext(AppContext);
  if (!problem) return null;
  // A request refused because the session had ended is moot once the person signed in again in the dialog.
  if (problem.status === 401 && problem.code === 'unauthenticated' && app && app.session.status.value === 'signed_in' && !app.session.expired.value) return null;
  const text = problemText(problem);
  const detail = problem.detail && problem.detail !== text ? problem.detail : null;
  const retry = onRetry && !NO_RETRY.has(problem.status) ? onRetry : undefined;
  const lost = problem.status === 404 || problem.status === 403;
  return (
    <div class="alert alert--error" role="alert" tabIndex={-1}>
      <p class="alert-title">{text}</p>
      {problem.errors.length > 0 && (
        <ul class="alert-errors">
          {problem.errors.map((e) => (
            <li key={e.path}>
              <code>{fieldLabels?.[e.path.replace(/^\$\./, '')] ?? e.path}</code>: {schemaMessage(e.message)}
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" class="button button--secondary" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
      {lost && onRetry && (
        <p class="alert-actions">
          {history.length > 1 && (
            <button type="button" class="button button--secondary" onClick={() => history.back()}>
              {t('problem.go_back')}
            </button>
          )}{' '}
          <Link href="/" class="button button--secondary">
            {t('notfound.home')}
          </Link>
        </p>
      )}
      <details class="alert-meta">
        <summary>{t('problem.details')}</summary>
        <dl class="alert-meta-list">
          <dt>{t('problem.status_code')}</dt>
          <dd>
            <code>{problem.status > 0 ? `HTTP ${problem.status} · ${problem.code}` : problem.code}</code>
          </dd>
          {problem.requestId && (
            <>
              <dt>{t('problem.request_id')}</dt>
              <dd>
                <code>{problem.requestId}</code>
              </dd>
            </>
          )}
          {detail && (
            <>
              <dt>{t('problem.server_detail')}</dt>
              <dd lang={problem.code === 'network' || problem.status === 0 ? undefined : 'en'}>{detail}</dd>
            </>
          )}
        </dl>
      </details>
    </div>
  );
}

export function Notice({ message }: { message: string | null }) {
  return (
    <div class="notice-region" role="status" aria-live="polite">
      {/* Focusable, so a form that just succeeded (and is gone) can hand the focus to what happened. */}
      {message && (
        <p class="alert alert--success" tabIndex={-1}>
          {message}
        </p>
      )}
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

/** Keydown handler of an inline confirmation: Escape closes it (the caller then gives focus back to its opener). */
export const escapeCloses = (close: () => void) => (e: KeyboardEvent) => {
  if (e.key !== 'Escape') return;
  e.preventDefault();
  e.stopPropagation();
  close();
};

/** Gives focus to the element with this id once the current render has settled (e.g. the opener of a closed confirmation). */
export function focusById(id: string): void {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}
