// A small history router on signals: the location is a signal, links are real <a href> (so they open in new tabs,
// are read by screen readers and work by keyboard) and a click on them navigates without a reload.
import { signal } from '@preact/signals';
import type { ComponentChildren, JSX } from 'preact';

export interface Location {
  path: string;
  query: URLSearchParams;
  /** path + search, the key of a page view. */
  href: string;
}

function read(): Location {
  const { pathname, search } = window.location;
  return { path: pathname.replace(/\/+$/, '') || '/', query: new URLSearchParams(search), href: pathname + search };
}

export const location = signal<Location>(read());

window.addEventListener('popstate', () => {
  location.value = read();
});

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.origin);
  const before = location.value.path;
  if (opts.replace) history.replaceState(null, '', url.pathname + url.search);
  else history.pushState(null, '', url.pathname + url.search);
  location.value = read();
  if (location.value.path !== before) window.scrollTo(0, 0);
}

/** Sets or clears query parameters of the current page (filters), replacing the history entry. */
export function setQuery(changes: Record<string, string | null | undefined>, opts: { push?: boolean } = {}): void {
  const q = new URLSearchParams(location.value.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(`${location.value.path}${s ? `?${s}` : ''}`, { replace: !opts.push });
}

/** Builds `path?query` leaving out empty values. */
export function href(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Matches `/audits/:id` against a path; returns the parameters or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i] ?? '';
    const seg = s[i] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(seg);
    else if (part !== seg) return null;
  }
  return params;
}

type AnchorProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children?: ComponentChildren };

/** An internal link: a plain click navigates in place; modified clicks (new tab, download) are left to the browser. */
export function Link({ href: to, onClick, ...rest }: AnchorProps) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        if (typeof onClick === 'function') onClick(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
