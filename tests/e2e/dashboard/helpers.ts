// What the dashboard's e2e files share: the demo's accounts, a bearer token, a JSON call to the API, and a page of a
// context signed in with a cookie session. Each file still makes its own data through the API.
import type { Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Browser } from '../browser.ts';

export const PASSWORD = 'ThuNghiem#2026';
export const ADMIN = 'admin@demo.onestop.vn';
export const LEADER = 'lanhdao@demo.onestop.vn';
export const LEAD = 'truongdoan@demo.onestop.vn';
export const INSPECTOR = 'kiemtra@demo.onestop.vn';
export const HEAD = 'thutruong@demo.onestop.vn';

/** The Worker's origin (the dashboard is served at its root, the API under /api/v1). */
export const base = (): string => inject('apiUrl');

/** A bearer token for `email`. */
export async function token(email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${base()}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, session: 'bearer' }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** One API call with a bearer token; the raw response, for tests of refusals. */
export async function call(tok: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base()}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** One API call that must succeed; its JSON body. */
export async function api<T>(tok: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call(tok, method, path, body);
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Signs the browser's context in as `email` (a cookie session) and opens a new page in it. */
export async function signIn(browser: Browser, email: string): Promise<Page> {
  const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
  expect(login.status()).toBe(200);
  return browser.context.newPage();
}

/** Switches the dashboard's language with its own switch and waits for the page to follow. */
export async function setLang(page: Page, lang: 'vi' | 'en'): Promise<void> {
  await page.getByRole('button', { name: lang === 'vi' ? 'Tiếng Việt' : 'English', exact: true }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}
