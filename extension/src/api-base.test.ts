// The API base rule (issue 13): https anywhere, plain http only to this computer.
import { describe, expect, it } from 'vitest';
import { isAllowedApiBase, normalizeApiBase } from './api-base.ts';

describe('normalizeApiBase', () => {
  it('accepts https on any host, with a path, without the trailing slash, query or fragment', () => {
    expect(normalizeApiBase('https://onestop.example.vn')).toBe('https://onestop.example.vn');
    expect(normalizeApiBase(' https://onestop.example.vn/ ')).toBe('https://onestop.example.vn');
    expect(normalizeApiBase('https://onestop.example.vn:8443/kiem-tra/?x=1#y')).toBe('https://onestop.example.vn:8443/kiem-tra');
  });

  it('accepts plain http only to loopback, any port', () => {
    expect(normalizeApiBase('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(normalizeApiBase('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(normalizeApiBase('http://[::1]:8787')).toBe('http://[::1]:8787');
    expect(normalizeApiBase('http://LOCALHOST')).toBe('http://localhost');
  });

  it('refuses plain http to any other host, lookalikes of loopback included', () => {
    for (const bad of ['http://evil.example', 'http://onestop.example.vn', 'http://127.0.0.2:8787', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'http://10.0.0.5', 'http://api.test']) {
      expect(normalizeApiBase(bad), bad).toBeNull();
    }
  });

  it('refuses other schemes, credentials in the URL and text that is no URL', () => {
    for (const bad of ['ftp://onestop.example.vn', 'javascript:alert(1)', 'chrome-extension://abc/', 'file:///etc/passwd', 'ws://127.0.0.1', 'https://user:pw@onestop.example.vn', 'https://user@onestop.example.vn', 'onestop.example.vn', '']) {
      expect(normalizeApiBase(bad), bad).toBeNull();
    }
  });

  it('tells a stored base from one that needs normalising or is refused', () => {
    expect(isAllowedApiBase('https://onestop.example.vn')).toBe(true);
    expect(isAllowedApiBase('https://onestop.example.vn/')).toBe(false);
    expect(isAllowedApiBase('http://evil.example')).toBe(false);
  });
});
