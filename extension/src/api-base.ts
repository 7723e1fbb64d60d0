// The rule for the OneStop server's address (issue 13): the bearer token travels only over HTTPS, except to this
// computer itself (loopback: `localhost`, `127.0.0.1`, `[::1]`, any port), where the local Worker runs. The options
// page checks it before it asks the background, and the background checks it again before every request.

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The API base as stored: an `https://` origin plus optional path, or an `http://` loopback one, without a trailing
 * slash, query or fragment; null for anything else (plain http to another host, user names or passwords in the URL,
 * other schemes, text that is not a URL).
 */
export function normalizeApiBase(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'http:') {
    if (!LOOPBACK.has(url.hostname)) return null;
  } else if (url.protocol !== 'https:') return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Whether `base` is an allowed API base exactly as stored (normalised). */
export const isAllowedApiBase = (base: string): boolean => normalizeApiBase(base) === base;
