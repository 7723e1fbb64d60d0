// The page-recognition profile editor: the profile document as JSON, validated on every keystroke with the shared
// schema (the same one the Worker and the extension use), errors listed at their line, a live preview of which of
// its pages an address pasted from the dossier system would be recognised as, and a readable outline of the pages,
// fields and bindings it describes.
import { urlMatchesAny, urlMatchesPattern, type SiteProfile } from '@onestop/shared';
import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { Checkbox, TextInput } from '../../components/Form.tsx';
import { JsonEditor } from '../../components/JsonEditor.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { lang, t } from '../../lib/i18n.ts';
import { Link, navigate } from '../../lib/router.tsx';
import { setFlash } from '../../lib/flash.ts';
import { createSiteProfileStore, validateProfileText } from '../../stores/admin.ts';

function locatorText(l: SiteProfile['pages'][number]['fields'][number]['locator']): string {
  switch (l.kind) {
    case 'css':
    case 'input':
      return `${l.kind}: ${Array.isArray(l.selector) ? l.selector.join(' ⟶ ') : l.selector}`;
    case 'label':
      return `${t('profiles.label_locator')}: ${Array.isArray(l.text) ? l.text.join(' | ') : l.text}`;
    case 'column':
      return `${t('profiles.column_locator')}: ${Array.isArray(l.header) ? l.header.join(' | ') : l.header}`;
  }
}

/** How one page of the profile fares for an address: by its URL pattern, and whether its content rule still decides. */
export type PageVerdict = 'match' | 'match_needs_content' | 'content_only' | 'no_match';

export function pageVerdicts(profile: SiteProfile, url: string): { applies: boolean; pages: { id: string; title: string; verdict: PageVerdict }[] } {
  const applies = urlMatchesAny(profile.match, url);
  const pages = profile.pages.map((p) => {
    const byUrl = p.url === undefined ? null : urlMatchesPattern(p.url, url);
    const verdict: PageVerdict = byUrl === null ? 'content_only' : !byUrl ? 'no_match' : p.recognize ? 'match_needs_content' : 'match';
    return { id: p.id, title: p.title ?? p.id, verdict };
  });
  return { applies, pages };
}

/** An absolute http(s) address, or why not. */
function urlProblem(text: string): string | null {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : t('adm.url_scheme');
  } catch {
    return t('adm.url_invalid');
  }
}

const previewUrl = signal('');

function UrlPreview({ profile }: { profile: SiteProfile | null }) {
  const url = previewUrl.value.trim();
  const problem = url ? urlProblem(url) : null;
  const result = profile && url && !problem ? pageVerdicts(profile, url) : null;
  return (
    <section class="card url-preview" aria-labelledby="url-preview-title">
      <h2 id="url-preview-title">{t('adm.preview_title')}</h2>
      <TextInput label={t('adm.preview_url')} type="url" name="preview_url" value={previewUrl.value} onValue={(v) => (previewUrl.value = v)} hint={t('adm.preview_hint')} error={problem ?? undefined} />
      <div aria-live="polite">
        {url && !problem && !profile && <p class="muted">{t('adm.preview_needs_valid')}</p>}
        {result && (
          <>
            <p class={result.applies ? 'text-ok' : 'text-warn'} data-applies={String(result.applies)}>
              {result.applies ? t('adm.preview_applies') : t('adm.preview_not_applies')}
            </p>
            <ul class="plain-list url-verdicts">
              {result.pages.map((p) => (
                <li key={p.id} data-page-id={p.id} data-verdict={p.verdict} class={`verdict verdict--${p.verdict}`}>
                  <span aria-hidden="true">{p.verdict === 'no_match' ? '✗' : p.verdict === 'match' ? '✓' : '?'}</span> <strong>{p.title}</strong> <span class="muted small">({p.id})</span> — {t(`adm.verdict_${p.verdict}`)}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function Outline({ profile }: { profile: SiteProfile }) {
  return (
    <section class="card" aria-labelledby="outline-title">
      <h2 id="outline-title">{t('profiles.outline')}</h2>
      <p>
        <strong>{profile.name}</strong> · {t('profiles.doc_version', { v: profile.version })}
      </p>
      {profile.description && <p class="muted">{profile.description}</p>}
      <h3>{t('profiles.match')}</h3>
      <ul class="plain-list mono-inline">
        {profile.match.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <h3>{t('profiles.pages')}</h3>
      {profile.pages.map((p) => (
        <details key={p.id} class="outline-page">
          <summary>
            {p.title ?? p.id} <span class="muted small">({p.id}{p.url ? ` · ${p.url}` : ''}) · {t('profiles.n_fields', { n: p.fields.length })}</span>
          </summary>
          <ul class="plain-list small">
            {p.fields.map((f) => (
              <li key={f.name}>
                <code>{f.name}</code> — {locatorText(f.locator)}
                {f.date_format ? ` · ${f.date_format}` : ''}
                {f.pii ? ` · ${t('profiles.pii')}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ))}
      <h3>{t('profiles.bindings')}</h3>
      {profile.bindings.length === 0 ? (
        <p class="muted">{t('profiles.no_bindings')}</p>
      ) : (
        <ul class="plain-list small">
          {profile.bindings.map((b, i) => (
            <li key={i}>
              <code>{b.item_code}</code> → {b.page ?? t('profiles.any_page')} · {b.field ?? (b.locator ? locatorText(b.locator) : '')}
              {b.hint ? ` — ${b.hint}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('profiles.pii_title')}</h3>
      <p class="small">
        {t('profiles.pii_patterns')}: {profile.pii.patterns.join(', ') || '—'} · {t('profiles.pii_selectors', { n: profile.pii.selectors.length })}
      </p>
    </section>
  );
}

export function SiteProfilePage({ params }: { params: Record<string, string> }) {
  const { api, session } = useApp();
  const id = params.id ?? null;
  const store = useMemo(() => createSiteProfileStore(api, id), [id]);
  useEffect(() => {
    void store.load();
  }, [store]);
  const text = store.text.value;
  const checked = useMemo(() => validateProfileText(text), [text, lang.value]);
  const errors = [...checked.errors, ...store.serverErrors.value];
  const isAdmin = session.role.value === 'admin';
  const rec = store.record.data.value;
  if (id && store.record.error.value && !rec) return <ProblemAlert problem={store.record.error.value} onRetry={() => void store.load()} />;
  if (id && !rec) return <Loading />;
  return (
    <>
      <p class="breadcrumb">
        <Link href="/admin/site-profiles">{t('profiles.title')}</Link> › <span>{rec?.name ?? t('profiles.new')}</span>
      </p>
      <PageHeader title={rec ? t('profiles.edit_title', { name: rec.name }) : t('profiles.new')} subtitle={t('profiles.editor_hint')} />
      <Notice message={store.submission.done.value} />
      <div class="two-col">
        <form
          class="card form-card col-main"
          aria-label={t('profiles.editor')}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void store.save().then((newId) => {
              if (newId && !id) {
                setFlash(store.submission.done.value ?? '', `/admin/site-profiles/${newId}`);
                navigate(`/admin/site-profiles/${newId}`, { replace: true });
              }
            });
          }}
        >
          <JsonEditor
            label={t('profiles.document')}
            value={text}
            onValue={(v) => {
              store.text.value = v;
              store.serverErrors.value = [];
            }}
            errors={errors}
            rows={26}
            hint={t('profiles.document_hint')}
          />
          {checked.data && store.serverErrors.value.length === 0 && <p class="text-ok">{t('profiles.valid')}</p>}
          <Checkbox label={t('profiles.active_label')} checked={store.active.value} onValue={(v) => (store.active.value = v)} disabled={!isAdmin} />
          <ProblemAlert problem={store.submission.error.value} />
          {isAdmin && (
            <div class="button-row">
              <button type="submit" class="button button--primary" disabled={!checked.data || store.submission.busy.value}>
                {store.submission.busy.value ? t('common.saving') : t('common.save')}
              </button>
              <button type="button" class="button button--ghost" onClick={() => store.format()}>
                {t('profiles.format')}
              </button>
            </div>
          )}
        </form>
        <div class="col-side">
          <UrlPreview profile={checked.data} />
          {checked.data ? <Outline profile={checked.data} /> : <p class="muted card">{t('profiles.outline_invalid')}</p>}
        </div>
      </div>
    </>
  );
}
