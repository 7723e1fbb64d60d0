// Vietnamese first, English on request: the language is a signal (kept in localStorage), `t` reads it, so every
// component that shows text re-renders when it changes.
import { effect, signal } from '@preact/signals';
import { en } from './messages-en.ts';
import { vi, type MessageKey } from './messages-vi.ts';

export type { MessageKey };
export type Lang = 'vi' | 'en';
const STORAGE_KEY = 'onestop.lang';

function initial(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export const lang = signal<Lang>(initial());

effect(() => {
  document.documentElement.lang = lang.value;
  try {
    localStorage.setItem(STORAGE_KEY, lang.value);
  } catch {
    // private mode: the choice lasts for this page only
  }
});

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

/** The message in the current language; `{name}` placeholders are replaced by `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang.value][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the Vietnamese or English variant of a record's text (e.g. title_vi / title_en), falling back to Vietnamese. */
export function pick(viText: string, enText: string | null | undefined): string {
  return lang.value === 'en' && enText ? enText : viText;
}

/** True when the dictionary has the key (used for codes that come from the server). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

/** `t` for a key built at run time, with a fallback when the dictionary does not know it. */
export function tOr(key: string, fallback: string, params?: Record<string, string | number>): string {
  return hasMessage(key) ? t(key, params) : fallback;
}
