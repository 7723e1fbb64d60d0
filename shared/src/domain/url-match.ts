// URL patterns of site profiles: which profile applies to a page, and which of its pages a URL is.
//
// Grammar: `<scheme>://<host>[:<port>]<path>` with scheme `*` (http or https), `http` or `https`; host `*`, `*.example.vn`
// (the domain and its subdomains) or an exact host; port digits or `*` (no port = any port); path a glob
// (`*` = any characters) matched against pathname + search + hash, so `/#/ho-so/*` matches hash routes.
// A page pattern may also be path-only (`/ho-so/*`): the host is then the profile's business.

export interface UrlPattern {
  scheme: '*' | 'http' | 'https' | null;
  host: string | null;
  port: string | null;
  path: string;
}

/** The parts of a WHATWG URL this module reads (the `URL` global exists in workerd, browsers and Node). */
export interface UrlParts {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
  search: string;
  hash: string;
}
const UrlCtor = (globalThis as unknown as { URL: new (url: string) => UrlParts }).URL;

const FULL_RE = /^(\*|https?):\/\/(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\*|[0-9]{1,5}))?(\/.*)$/i;

/** Parses a pattern; null when it does not follow the grammar. */
export function parseUrlPattern(pattern: string): UrlPattern | null {
  if (pattern.length === 0 || pattern.length > 500 || /\s/.test(pattern)) return null;
  if (pattern.startsWith('/')) return { scheme: null, host: null, port: null, path: pattern };
  const m = FULL_RE.exec(pattern);
  if (m === null) return null;
  const [, scheme, host, port, path] = m;
  if (scheme === undefined || host === undefined || path === undefined) return null;
  return { scheme: scheme.toLowerCase() as UrlPattern['scheme'], host: host.toLowerCase(), port: port ?? null, path };
}

export const isUrlPattern = (pattern: string) => parseUrlPattern(pattern) !== null;
/** A pattern with scheme and host (what a profile's `match` list needs). */
export const isFullUrlPattern = (pattern: string) => (parseUrlPattern(pattern)?.host ?? null) !== null;

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/** True when `url` matches `pattern`; invalid patterns and URLs never match. */
export function urlMatchesPattern(pattern: string, url: string | UrlParts): boolean {
  const p = parseUrlPattern(pattern);
  if (p === null) return false;
  let u: UrlParts;
  try {
    u = typeof url === 'string' ? new UrlCtor(url) : url;
  } catch {
    return false;
  }
  const scheme = u.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return false;
  if (p.scheme !== null && p.scheme !== '*' && p.scheme !== scheme) return false;
  if (p.host !== null && p.host !== '*') {
    const host = u.hostname.toLowerCase();
    if (p.host.startsWith('*.')) {
      const domain = p.host.slice(2);
      if (host !== domain && !host.endsWith(`.${domain}`)) return false;
    } else if (host !== p.host) {
      return false;
    }
  }
  if (p.port !== null && p.port !== '*') {
    const port = u.port === '' ? (scheme === 'https' ? '443' : '80') : u.port;
    if (port !== String(Number(p.port))) return false;
  }
  return globToRegExp(p.path).test(`${u.pathname}${u.search}${u.hash}`);
}

/** True when any of the patterns matches. */
export const urlMatchesAny = (patterns: readonly string[], url: string | UrlParts) =>
  patterns.some((p) => urlMatchesPattern(p, url));
