// Tiếng Việt / English: two toggle buttons (aria-pressed), the choice kept for the next visit.
import { lang, t } from '../lib/i18n.ts';

export function LanguageSwitch() {
  return (
    <div class="lang-switch" role="group" aria-label={t('lang.label')}>
      <button type="button" lang="vi" aria-pressed={lang.value === 'vi'} onClick={() => (lang.value = 'vi')}>
        Tiếng Việt
      </button>
      <button type="button" lang="en" aria-pressed={lang.value === 'en'} onClick={() => (lang.value = 'en')}>
        English
      </button>
    </div>
  );
}
