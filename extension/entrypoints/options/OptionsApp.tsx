// The options form: the API base and the language. Both go through the background (the API base lives in its
// IndexedDB, out of content scripts' reach): it checks the address again, and a change of server signs the inspector
// out, revokes the token on the old server and forgets the old server's data, after the inspector confirms here.
import { useEffect, useRef, useState } from 'preact/hooks';
import { normalizeApiBase } from '../../src/api-base.ts';
import { t, type Lang } from '../../src/i18n.ts';
import { callBackground } from '../../src/messaging.ts';
import type { SessionUser } from '../../src/model.ts';

const ANSWER_MS = 15_000;

/** The call's answer, or an error with `message` after ANSWER_MS. */
function withinTime<T>(call: Promise<T>, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ANSWER_MS);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

interface Current {
  apiBase: string;
  user: SessionUser | null;
  pending: number;
}

/** A change of server waiting for the inspector's answer. */
interface PendingChange {
  next: string;
  lang: Lang;
}

export function OptionsApp() {
  const [lang, setLang] = useState<Lang>('vi');
  const [base, setBase] = useState('');
  const [current, setCurrent] = useState<Current | null>(null);
  const [confirming, setConfirming] = useState<PendingChange | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** The inspector typed an address before the current one arrived: it is kept. */
  const typed = useRef(false);
  useEffect(() => {
    void callBackground('getSession', {}).then((s) => {
      setCurrent({ apiBase: s.apiBase, user: s.user, pending: s.pending });
      if (!typed.current) setBase(s.apiBase);
      setLang(s.lang);
    });
  }, []);

  // The document's language and title follow the form's, for screen readers and the tab strip.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t(lang, 'optionsTitle');
  }, [lang]);

  async function apply(next: string, nextLang: Lang): Promise<void> {
    setBusy(true);
    try {
      // A service worker that does not answer (stopped mid-call by the browser) must not leave the form waiting.
      const res = await withinTime(callBackground('setApiBase', { apiBase: next }), t(nextLang, 'extensionNotAnswering'));
      await withinTime(callBackground('setLang', { lang: nextLang }), t(nextLang, 'extensionNotAnswering'));
      setBase(res.apiBase);
      setCurrent({ apiBase: res.apiBase, user: res.signedOut ? null : (current?.user ?? null), pending: res.changed ? 0 : (current?.pending ?? 0) });
      setMessage({ ok: true, text: t(nextLang, res.signedOut ? 'serverChanged' : 'saved') });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  function submit(): void {
    setMessage(null);
    const next = normalizeApiBase(base);
    if (!next) {
      setMessage({ ok: false, text: t(lang, 'apiBaseRule') });
      return;
    }
    if (!current) return;
    // Leaving a server one is signed in to, or with changes not yet sent to it, is confirmed first.
    if (next !== current.apiBase && (current.user !== null || current.pending > 0)) {
      setConfirming({ next, lang });
      return;
    }
    void apply(next, lang);
  }

  return (
    <main style={{ font: '14px/1.5 system-ui, sans-serif', maxWidth: '560px', margin: '24px auto', padding: '0 16px' }} lang={lang}>
      <h1 style={{ fontSize: '20px' }}>{t(lang, 'optionsTitle')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label style={{ display: 'block', fontWeight: 600, marginBottom: '4px' }} for="api-base">
          {t(lang, 'apiServer')}
        </label>
        <input id="api-base" name="apiBase" type="url" value={base} disabled={confirming !== null} onInput={(e) => {
            typed.current = true;
            setBase(e.currentTarget.value);
          }} style={{ width: '100%', padding: '6px', font: 'inherit' }} />
        <p style={{ color: '#4b5563' }}>
          {t(lang, 'apiBaseHelp')} {t(lang, 'apiBaseRule')}
        </p>
        <label style={{ display: 'block', fontWeight: 600, margin: '12px 0 4px' }} for="lang">
          {t(lang, 'language')}
        </label>
        <select id="lang" name="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : 'vi')} style={{ padding: '6px', font: 'inherit' }}>
          <option value="vi">Tiếng Việt</option>
          <option value="en">English</option>
        </select>
        <p>
          {/* Enabled once the current server is known: a change is always compared with it (and confirmed). */}
          <button type="submit" disabled={busy || confirming !== null || current === null} style={{ padding: '6px 16px', font: 'inherit' }}>
            {t(lang, 'save')}
          </button>
        </p>
        {confirming && current && (
          <div role="alertdialog" aria-labelledby="confirm-server-text" data-testid="confirm-server-change" style={{ border: '1px solid #b45309', background: '#fffbeb', padding: '12px', borderRadius: '6px' }}>
            <p id="confirm-server-text" style={{ margin: '0 0 8px' }}>
              {t(lang, 'confirmServerChange', { old: current.apiBase, next: confirming.next })}
            </p>
            {current.pending > 0 && <p style={{ margin: '0 0 8px' }}>{t(lang, 'confirmServerChangePending', { n: current.pending })}</p>}
            <button
              type="button"
              data-action="confirm-server-change"
              disabled={busy}
              style={{ padding: '6px 16px', font: 'inherit', marginRight: '8px' }}
              onClick={() => {
                const change = confirming;
                setConfirming(null);
                void apply(change.next, change.lang);
              }}
            >
              {t(lang, 'changeServerAndSignOut')}
            </button>
            <button
              type="button"
              data-action="cancel-server-change"
              autoFocus
              style={{ padding: '6px 16px', font: 'inherit' }}
              onClick={() => {
                setConfirming(null);
                setBase(current.apiBase);
              }}
            >
              {t(lang, 'cancel')}
            </button>
          </div>
        )}
        {message && (
          <p role="status" data-testid="options-status" data-ok={String(message.ok)} style={{ color: message.ok ? '#166534' : '#b91c1c' }}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}
