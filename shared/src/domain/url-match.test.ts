// Site profile URL patterns against real-looking URLs.
import { describe, expect, it } from 'vitest';
import { isFullUrlPattern, isUrlPattern, parseUrlPattern, urlMatchesAny, urlMatchesPattern } from './url-match.ts';

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
