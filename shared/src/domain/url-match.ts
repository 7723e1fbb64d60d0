// URL patterns of site profiles: which profile applies to a page, and which of its pages a URL is.
//
// Grammar: `<scheme>://<host>[:<port>]<path>` with scheme `*` (http or https), `http` or `https`; host `*`, `*.example.vn`
// (the domain and its subdomains) or an exact host; port digits or `*` (no port = any port); path a glob
// (`*` = any characters) matched against pathname + search + hash, so `/#/ho-so/*` matches hash routes.
// A page pattern may also be path-only (`/ho-so/*`): the host is then the profile's business.
// A profile's own `match` patterns must name one system (`siteMatchProblem`): not every host (`*`), nor every site
// under a top-level domain or a public suffix (`*.vn`, `*.gov.vn`, `*.com`).

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

// ── Reach: a profile names one system ────────────────────────────────────────────────────────────────────────

/**
 * Suffixes under which anyone (or any agency) registers their own domain, beyond single labels (every top-level
 * domain, `vn`, `com`, `io`…, is refused by itself): Vietnam's second-level domains, and the shared hosting suffixes a
 * test system may live under. A small list of those that matter here, not the whole Public Suffix List.
 */
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  // .vn second-level domains (VNNIC).
  'com.vn', 'net.vn', 'org.vn', 'edu.vn', 'gov.vn', 'int.vn', 'ac.vn', 'biz.vn', 'info.vn', 'name.vn', 'pro.vn', 'health.vn', 'io.vn', 'id.vn',
  // Generic second-level registrations elsewhere.
  'co.uk', 'org.uk', 'gov.uk', 'ac.uk', 'com.au', 'com.cn', 'com.sg', 'co.jp', 'co.kr',
  // Shared hosting: every customer's site is a subdomain of these.
  'github.io', 'gitlab.io', 'workers.dev', 'pages.dev', 'netlify.app', 'vercel.app', 'web.app', 'firebaseapp.com', 'appspot.com', 'herokuapp.com', 'azurewebsites.net', 'cloudfront.net', 'blogspot.com',
]);

const EXAMPLE = 'such as https://*.dichvucong.gov.vn/* or https://motcua.example.gov.vn/*';

/**
 * Why a profile's `match` pattern reaches too far, or null when it names one system: an exact host (a domain, an IP
 * address, `localhost`), or a wildcard over a registrable domain (`*.dichvucong.gov.vn`, `*.motcua-test.vn`). Refused:
 * any host (`*://*` followed by any path), a wildcard over a top-level domain (`*.vn`, `*.com`), over a public suffix (`*.gov.vn`,
 * `*.com.vn`, `*.github.io`) or over the end of an IP address (`*.0.0.1`). Any port and any path are fine.
 * Null as well for what is not a full pattern at all (`isFullUrlPattern` says so).
 */
export function siteMatchProblem(pattern: string): string | null {
  const host = parseUrlPattern(pattern)?.host ?? null;
  if (host === null) return null;
  if (host === '*') return `matches every site: name the system's host or domain, ${EXAMPLE}`;
  if (!host.startsWith('*.')) return null;
  const domain = host.slice(2);
  const labels = domain.split('.');
  const last = labels[labels.length - 1] ?? '';
  if (labels.length === 1) return `*.${domain} matches every site under a top-level domain: name a registrable domain, ${EXAMPLE}`;
  if (last !== '' && [...last].every((c) => c >= '0' && c <= '9')) return `*.${domain} is a wildcard over an IP address: name the address itself, such as http://127.0.0.1:*/*`;
  if (PUBLIC_SUFFIXES.has(domain)) return `*.${domain} matches every site under the public suffix ${domain}: name a registrable domain, ${EXAMPLE}`;
  return null;
}

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

// ── Precedence: which profile applies when several match ─────────────────────────────────────────────────────

/**
 * How specific a match pattern is, as keys compared in order (a higher key wins, the next key breaks a tie):
 *   1. host: an exact host (2) over a `*.domain` (1) over `*` (0);
 *   2. the length of the host's literal part (`*.motcua.tinh-x.gov.vn` over `*.gov.vn`);
 *   3. an explicit port (1) over `:*` or no port (0);
 *   4. the length of the path's literal part (`/can-bo/*` over `/*`);
 *   5. fewer wildcards (scheme `*`, host `*`, any port, each `*` of the path count one each), as a negative count.
 * Null for a pattern that does not parse.
 */
export function patternSpecificity(pattern: string): readonly number[] | null {
  const p = parseUrlPattern(pattern);
  if (p === null) return null;
  const host = p.host ?? '*';
  const hostClass = host === '*' ? 0 : host.startsWith('*.') ? 1 : 2;
  const hostLiteral = host.replaceAll('*', '').replace(/^\./, '').length;
  const explicitPort = p.port !== null && p.port !== '*' ? 1 : 0;
  const pathLiteral = p.path.replaceAll('*', '').length;
  const wildcards = (p.scheme === null || p.scheme === '*' ? 1 : 0) + (host.includes('*') ? 1 : 0) + (explicitPort ? 0 : 1) + (p.path.split('*').length - 1);
  return [hostClass, hostLiteral, explicitPort, pathLiteral, -wildcards];
}

/** Compares two key lists of the same length, first key first: negative when `a` ranks lower. */
function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** What precedence reads of a profile: its `match` patterns and its optional `priority`. */
export interface MatchableProfile {
  match: readonly string[];
  priority?: number | undefined;
}

function parseUrl(url: string | UrlParts): UrlParts | null {
  if (typeof url !== 'string') return url;
  try {
    return new UrlCtor(url);
  } catch {
    return null;
  }
}

/** A profile's rank for a URL: its priority (default 0), then its most specific matching pattern; null when none matches. */
export function profileRank(profile: MatchableProfile, url: string | UrlParts): readonly number[] | null {
  const u = parseUrl(url);
  if (u === null) return null;
  let best: readonly number[] | null = null;
  for (const pattern of profile.match) {
    if (!urlMatchesPattern(pattern, u)) continue;
    const key = patternSpecificity(pattern);
    if (key !== null && (best === null || compareKeys(key, best) > 0)) best = key;
  }
  if (best === null) return null;
  const priority = Number.isInteger(profile.priority) ? (profile.priority as number) : 0;
  return [priority, ...best];
}

/**
 * The profiles that apply to `url`, the one to use first: a higher `priority` wins, then the most specific
 * matching pattern (see `patternSpecificity`); profiles that tie keep their order in `items`. `of` reads the profile
 * of an item that wraps one (an API record: `(r) => r.profile`).
 */
export function rankProfiles<T extends MatchableProfile>(items: readonly T[], url: string | UrlParts): T[];
export function rankProfiles<T>(items: readonly T[], url: string | UrlParts, of: (item: T) => MatchableProfile): T[];
export function rankProfiles<T>(items: readonly T[], url: string | UrlParts, of: (item: T) => MatchableProfile = (item) => item as MatchableProfile): T[] {
  const u = parseUrl(url);
  if (u === null) return [];
  const ranked: { item: T; key: readonly number[]; at: number }[] = [];
  items.forEach((item, at) => {
    const key = profileRank(of(item), u);
    if (key !== null) ranked.push({ item, key, at });
  });
  ranked.sort((a, b) => compareKeys(b.key, a.key) || a.at - b.at);
  return ranked.map((r) => r.item);
}

/** The one item whose profile applies to `url` (see `rankProfiles`), or null. Returns the element of `items` itself. */
export function pickProfile<T extends MatchableProfile>(items: readonly T[], url: string | UrlParts): T | null;
export function pickProfile<T>(items: readonly T[], url: string | UrlParts, of: (item: T) => MatchableProfile): T | null;
export function pickProfile<T>(items: readonly T[], url: string | UrlParts, of: (item: T) => MatchableProfile = (item) => item as MatchableProfile): T | null {
  const u = parseUrl(url);
  if (u === null) return null;
  let best: { item: T; key: readonly number[] } | null = null;
  for (const item of items) {
    const key = profileRank(of(item), u);
    if (key !== null && (best === null || compareKeys(key, best.key) > 0)) best = { item, key };
  }
  return best?.item ?? null;
}
