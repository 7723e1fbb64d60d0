// The options form. Storage is written directly (no API call): the background watches the items.
import { useEffect, useState } from 'preact/hooks';
import { t, type Lang } from '../../src/i18n.ts';
import { apiBaseItem, langItem } from '../../src/storage.ts';

/** An http(s) origin plus optional path, without a trailing slash; null when it is not one. */
export function normalizeApiBase(input: string): string | null {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export function OptionsApp() {
  const [lang, setLang] = useState<Lang>('vi');
  const [base, setBase] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    void Promise.all([apiBaseItem.getValue(), langItem.getValue()]).then(([b, l]) => {
      setBase(b);
      setLang(l);
    });
  }, []);
  return (
    <main style={{ font: '14px/1.5 system-ui, sans-serif', maxWidth: '560px', margin: '24px auto', padding: '0 16px' }} lang={lang}>
      <h1 style={{ fontSize: '20px' }}>{t(lang, 'optionsTitle')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const normalized = normalizeApiBase(base);
          if (!normalized) {
            setMessage({ ok: false, text: t(lang, 'invalidUrl') });
            return;
          }
          void Promise.all([apiBaseItem.setValue(normalized), langItem.setValue(lang)]).then(() => {
            setBase(normalized);
            setMessage({ ok: true, text: t(lang, 'saved') });
          });
        }}
      >
        <label style={{ display: 'block', fontWeight: 600, marginBottom: '4px' }} for="api-base">
          {t(lang, 'apiServer')}
        </label>
        <input id="api-base" name="apiBase" type="url" value={base} onInput={(e) => setBase(e.currentTarget.value)} style={{ width: '100%', padding: '6px', font: 'inherit' }} />
        <p style={{ color: '#4b5563' }}>{t(lang, 'apiBaseHelp')}</p>
        <label style={{ display: 'block', fontWeight: 600, margin: '12px 0 4px' }} for="lang">
          {t(lang, 'language')}
        </label>
        <select id="lang" name="lang" value={lang} onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : 'vi')} style={{ padding: '6px', font: 'inherit' }}>
          <option value="vi">Tiếng Việt</option>
          <option value="en">English</option>
        </select>
        <p>
          <button type="submit" style={{ padding: '6px 16px', font: 'inherit' }}>
            {t(lang, 'save')}
          </button>
        </p>
        {message && (
          <p role="status" data-testid="options-status" style={{ color: message.ok ? '#166534' : '#b91c1c' }}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}
