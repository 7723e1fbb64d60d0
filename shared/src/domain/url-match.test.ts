// Site profile URL patterns against real-looking URLs.
import { describe, expect, it } from 'vitest';
import { isFullUrlPattern, isUrlPattern, parseUrlPattern, patternSpecificity, pickProfile, profileRank, rankProfiles, siteMatchProblem, urlMatchesAny, urlMatchesPattern } from './url-match.ts';

describe('URL patterns', () => {
  it.each<[string, string, boolean]>([
    ['http://127.0.0.1:8788/*', 'http://127.0.0.1:8788/ho-so/123', true],
    ['http://127.0.0.1:8788/*', 'http://127.0.0.1:8787/ho-so/123', false],
    ['http://127.0.0.1/*', 'http://127.0.0.1:8788/', true],
    ['*://*.dichvucong.gov.vn/*', 'https://motcua.dichvucong.gov.vn/ho-so?id=1', true],
    ['*://*.dichvucong.gov.vn/*', 'https://dichvucong.gov.vn/', true],
    ['*://*.dichvucong.gov.vn/*', 'https://evil.vn/?x=.dichvucong.gov.vn/', false],
    ['*://*.dichvucong.gov.vn/*', 'https://notdichvucong.gov.vn/', false],
    ['https://a.vn/*', 'http://a.vn/', false],
    ['https://a.vn:443/*', 'https://a.vn/x', true],
    ['https://a.vn/ho-so/*/chi-tiet', 'https://a.vn/ho-so/123/chi-tiet', true],
    ['https://a.vn/ho-so/*/chi-tiet', 'https://a.vn/ho-so/123/in', false],
    ['/#/ho-so/*', 'https://a.vn/#/ho-so/9', true],
    ['/ho-so*', 'https://a.vn/ho-so?trang=2', true],
    ['/ho-so', 'https://a.vn/ho-so?trang=2', false],
    ['*://*/*', 'file:///etc/passwd', false],
    ['https://a.vn/*', 'not a url', false],
  ])('%s vs %s → %s', (pattern, url, expected) => {
    expect(urlMatchesPattern(pattern, url)).toBe(expected);
  });

  it('parses and validates', () => {
    expect(parseUrlPattern('*://*.gov.vn:*/x*')).toEqual({ scheme: '*', host: '*.gov.vn', port: '*', path: '/x*' });
    expect(isUrlPattern('/ho-so/*')).toBe(true);
    expect(isFullUrlPattern('/ho-so/*')).toBe(false);
    for (const bad of ['', 'ftp://a.vn/*', 'https://a.vn', 'https://a*.vn/*', 'https://a.vn/ x', 'ho-so/*']) {
      expect(isUrlPattern(bad)).toBe(false);
    }
    expect(urlMatchesAny(['https://b.vn/*', 'https://a.vn/*'], 'https://a.vn/')).toBe(true);
  });
});

describe('the reach of a profile (issue 13)', () => {
  it.each([
    'https://*.dichvucong.gov.vn/*',
    '*://*.motcua-test.vn/*',
    'https://*.hanoi.gov.vn:8443/ho-so/*',
    'https://motcua.example.gov.vn/*',
    'https://gov.vn/*',
    'http://127.0.0.1:*/*',
    'http://localhost:8789/*',
    'http://[::1]:*/*',
    'http://x/*',
    '/ho-so/*',
  ])('%s names one system', (pattern) => {
    expect(siteMatchProblem(pattern)).toBeNull();
  });

  it.each<[string, string]>([
    ['*://*/*', 'matches every site'],
    ['https://*/*', 'matches every site'],
    ['http://*:8080/ho-so/*', 'matches every site'],
    ['https://*.vn/*', 'every site under a top-level domain'],
    ['*://*.com/*', 'every site under a top-level domain'],
    ['https://*.app/*', 'every site under a top-level domain'],
    ['https://*.gov.vn/*', 'every site under the public suffix gov.vn'],
    ['https://*.GOV.VN/*', 'every site under the public suffix gov.vn'],
    ['https://*.com.vn/*', 'every site under the public suffix com.vn'],
    ['https://*.edu.vn/*', 'every site under the public suffix edu.vn'],
    ['https://*.org.vn/*', 'every site under the public suffix org.vn'],
    ['https://*.net.vn/*', 'every site under the public suffix net.vn'],
    ['https://*.github.io/*', 'every site under the public suffix github.io'],
    ['http://*.0.0.1/*', 'a wildcard over an IP address'],
  ])('%s is refused: %s', (pattern, reason) => {
    expect(siteMatchProblem(pattern)).toContain(reason);
  });
});

describe('profile precedence', () => {
  const profile = (name: string, match: string[], priority?: number) => ({ name, match, ...(priority === undefined ? {} : { priority }) });
  const demo = profile('demo', ['http://127.0.0.1:*/*', 'http://localhost:*/*']);
  const portal = profile('portal', ['http://127.0.0.1:8789/*', 'http://localhost:8789/*']);

  it('an explicit port beats a wildcard port on the same host, whatever the order', () => {
    expect(pickProfile([demo, portal], 'http://127.0.0.1:8789/can-bo/#/dossiers/6')?.name).toBe('portal');
    expect(pickProfile([portal, demo], 'http://127.0.0.1:8789/can-bo/#/dossiers/6')?.name).toBe('portal');
    // The wildcard profile still covers the other ports; the portal's never leaves its own.
    expect(pickProfile([demo, portal], 'http://127.0.0.1:8788/ho-so')?.name).toBe('demo');
    expect(pickProfile([portal], 'http://127.0.0.1:8788/ho-so')).toBeNull();
  });

  it.each<[string, string, string, string]>([
    ['exact host over a domain wildcard', 'https://motcua.lamdong.gov.vn/*', '*://*.lamdong.gov.vn/*', 'https://motcua.lamdong.gov.vn/x'],
    ['a longer domain over a shorter one', '*://*.motcua.lamdong.gov.vn/*', '*://*.gov.vn/*', 'https://xa1.motcua.lamdong.gov.vn/'],
    ['a domain wildcard over any host', '*://*.gov.vn/*', '*://*/*', 'https://dvc.gov.vn/'],
    ['an explicit port over none', 'http://127.0.0.1:8789/*', 'http://127.0.0.1/*', 'http://127.0.0.1:8789/'],
    ['an explicit port over `:*`', 'http://localhost:8789/*', 'http://localhost:*/*', 'http://localhost:8789/'],
    ['the host before the port', 'https://dvc.hanoi.gov.vn/*', 'https://*.hanoi.gov.vn:8443/*', 'https://dvc.hanoi.gov.vn:8443/'],
    ['the port before the path', 'http://127.0.0.1:8789/*', 'http://127.0.0.1:*/can-bo/*', 'http://127.0.0.1:8789/can-bo/'],
    ['a longer literal path', 'https://a.vn/can-bo/*', 'https://a.vn/*', 'https://a.vn/can-bo/#/dossiers'],
    ['fewer wildcards: a named scheme', 'https://a.vn/*', '*://a.vn/*', 'https://a.vn/'],
    ['fewer wildcards in the path', 'https://a.vn/ho-so/*/in', 'https://a.vn/ho-so/*/*in', 'https://a.vn/ho-so/1/in'],
  ])('%s', (_, specific, general, url) => {
    const a = profile('specific', [specific]);
    const b = profile('general', [general]);
    expect(urlMatchesPattern(specific, url) && urlMatchesPattern(general, url)).toBe(true);
    expect(pickProfile([b, a], url)?.name).toBe('specific');
    expect(pickProfile([a, b], url)?.name).toBe('specific');
    expect(rankProfiles([b, a], url).map((p) => p.name)).toEqual(['specific', 'general']);
  });

  it('a profile ranks by its most specific matching pattern', () => {
    const both = profile('both', ['*://*/*', 'http://127.0.0.1:8789/*']);
    expect(pickProfile([demo, both], 'http://127.0.0.1:8789/')?.name).toBe('both');
    // Only the patterns that match count: its explicit port says nothing about port 8788.
    expect(pickProfile([demo, both], 'http://127.0.0.1:8788/')?.name).toBe('demo');
    expect(profileRank(both, 'http://127.0.0.1:8788/')).toEqual([0, 0, 0, 0, 1, -4]);
  });

  it('an explicit priority wins before specificity; equal priority falls back to specificity', () => {
    const pinned = profile('pinned', ['http://127.0.0.1:*/*'], 5);
    expect(pickProfile([portal, pinned], 'http://127.0.0.1:8789/')?.name).toBe('pinned');
    expect(pickProfile([portal, profile('low', ['http://127.0.0.1:*/*'], -1)], 'http://127.0.0.1:8789/')?.name).toBe('portal');
    expect(pickProfile([profile('p1', ['http://127.0.0.1:*/*'], 1), profile('p1-port', ['http://127.0.0.1:8789/*'], 1)], 'http://127.0.0.1:8789/')?.name).toBe('p1-port');
    // No priority is priority 0.
    expect(pickProfile([profile('zero', ['http://127.0.0.1:*/*'], 0), profile('none', ['http://127.0.0.1:*/*'])], 'http://127.0.0.1:8789/')?.name).toBe('zero');
  });

  it('a full tie keeps the given order; nothing matches, a bad URL or no profile give null', () => {
    const a = profile('a', ['http://127.0.0.1:*/*']);
    const b = profile('b', ['http://127.0.0.1/*']);
    expect(pickProfile([a, b], 'http://127.0.0.1:9000/')?.name).toBe('a');
    expect(pickProfile([b, a], 'http://127.0.0.1:9000/')?.name).toBe('b');
    expect(rankProfiles([b, a, portal], 'http://127.0.0.1:9000/').map((p) => p.name)).toEqual(['b', 'a']);
    expect(pickProfile([a], 'https://example.vn/')).toBeNull();
    expect(pickProfile([a], 'not a url')).toBeNull();
    expect(rankProfiles([a], 'not a url')).toEqual([]);
    expect(pickProfile([], 'http://127.0.0.1/')).toBeNull();
  });

  it('returns the given object itself (the overlay compares profiles by identity)', () => {
    const list = [demo, portal];
    expect(pickProfile(list, 'http://127.0.0.1:8789/')).toBe(portal);
  });

  it('ranks items that wrap a profile (API records) through an accessor', () => {
    const records = [
      { id: 'a', profile: demo },
      { id: 'b', profile: portal },
    ];
    expect(pickProfile(records, 'http://127.0.0.1:8789/', (r) => r.profile)?.id).toBe('b');
    expect(rankProfiles(records, 'http://127.0.0.1:8789/', (r) => r.profile).map((r) => r.id)).toEqual(['b', 'a']);
    expect(rankProfiles(records, 'http://127.0.0.1:8788/', (r) => r.profile).map((r) => r.id)).toEqual(['a']);
  });

  it('scores patterns key by key', () => {
    expect(patternSpecificity('http://127.0.0.1:8789/*')).toEqual([2, 9, 1, 1, -1]);
    expect(patternSpecificity('http://127.0.0.1:*/*')).toEqual([2, 9, 0, 1, -2]);
    expect(patternSpecificity('*://*.gov.vn/*')).toEqual([1, 6, 0, 1, -4]);
    expect(patternSpecificity('/ho-so/*')).toEqual([0, 0, 0, 7, -4]);
    expect(patternSpecificity('not a pattern')).toBeNull();
  });
});
