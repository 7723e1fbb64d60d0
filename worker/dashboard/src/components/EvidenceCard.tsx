// One piece of evidence as recorded: the redacted quote, the fields the site profile read, the page it came from,
// a screenshot (fetched as a blob and shown through an object URL) and who captured it when. All text is text.
import type { Evidence, EvidenceFieldValue } from '@onestop/shared';
import { useEffect } from 'preact/hooks';
import type { ApiProblem } from '../lib/api.ts';
import { formatBytes, formatDate, formatDateTime } from '../lib/format.ts';
import { t, tOr } from '../lib/i18n.ts';
import { ProblemAlert } from './Feedback.tsx';

export interface BlobState {
  url?: string;
  error?: ApiProblem;
  loading?: boolean;
}

/** Only http(s) links are links; anything else is shown as text. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function FieldValue({ value }: { value: EvidenceFieldValue }) {
  if (value === null) return <span class="muted">—</span>;
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (typeof value === 'number') return <>{String(value)}</>;
  if (typeof value === 'string') {
    // Dates read by the site profile are stored as ISO values; show them as people read them.
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(value)) return <time dateTime={value}>{formatDateTime(value)}</time>;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return <time dateTime={value}>{formatDate(value)}</time>;
    return <>{value}</>;
  }
  if (value.length === 0) return <span class="muted">—</span>;
  if (typeof value[0] === 'string') {
    return (
      <ul class="plain-list">
        {(value as string[]).map((v, i) => (
          <li key={i}>{v}</li>
        ))}
      </ul>
    );
  }
  const rows = value as Record<string, string | null>[];
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <div class="table-wrap">
      <table class="table table--compact">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c} scope="col">
                {tOr(`field.${c}`, c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {cols.map((c) => (
                <td key={c}>{r[c] ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EvidenceCard({ evidence: e, capturedBy, blob, onLoadBlob, onDownload }: { evidence: Evidence; capturedBy: string; blob: BlobState | undefined; onLoadBlob: () => void; onDownload: () => void }) {
  const isImage = e.mime?.startsWith('image/') === true && e.uploaded_at !== null;
  useEffect(() => {
    if (isImage) onLoadBlob();
  }, [e.id, isImage]);
  const link = safeHttpUrl(e.page_url);
  const fields = Object.entries(e.fields);
  return (
    <article class="evidence" aria-label={`${t(`evidence_kind.${e.kind}`)} · ${formatDateTime(e.captured_at)}`} data-evidence-id={e.id}>
      <header class="evidence-head">
        <span class="badge badge--neutral">{t(`evidence_kind.${e.kind}`)}</span>
        <span class="badge badge--outline">{t(`evidence_purpose.${e.purpose}`)}</span>
        <span class="muted small">{t('evidence.captured', { who: capturedBy, when: formatDateTime(e.captured_at) })}</span>
      </header>
      {(e.page_title || e.page_url) && (
        <p class="evidence-page">
          {t('evidence.page')}:{' '}
          {link ? (
            <a href={link} target="_blank" rel="noopener noreferrer">
              {e.page_title || link}
              <span class="visually-hidden"> ({t('common.new_tab')})</span>
            </a>
          ) : (
            <span>{e.page_title || e.page_url}</span>
          )}
        </p>
      )}
      {e.quote && (
        <blockquote class="quote">
          <p>{e.quote}</p>
        </blockquote>
      )}
      {fields.length > 0 && (
        <dl class="fields">
          {fields.map(([name, value]) => (
            <div key={name} class="fields-row">
              <dt>{tOr(`field.${name}`, name)}</dt>
              <dd>
                <FieldValue value={value} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {isImage && (
        <figure class="screenshot">
          {blob?.url && <img src={blob.url} alt={t('evidence.screenshot_alt', { page: e.page_title ?? e.page_url ?? '' })} />}
          {blob?.loading && <p class="muted">{t('common.loading')}</p>}
          {blob?.error && <ProblemAlert problem={blob.error} />}
          <figcaption class="muted small">
            {e.mime} · {formatBytes(e.bytes)}
            {e.sha256 ? ` · SHA-256 ${e.sha256.slice(0, 12)}…` : ''}
          </figcaption>
        </figure>
      )}
      {e.blob_key && !isImage && (
        <p>
          <button type="button" class="button button--secondary" onClick={onDownload}>
            {t('evidence.download', { size: formatBytes(e.bytes) })}
          </button>
        </p>
      )}
      {e.sha256 && e.uploaded_at === null && <p class="muted small">{t('evidence.blob_pending')}</p>}
    </article>
  );
}
