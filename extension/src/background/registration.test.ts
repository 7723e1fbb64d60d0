import { describe, expect, it } from 'vitest';
import { contentScriptMatches, OVERLAY_SCRIPT_FILE, OVERLAY_SCRIPT_ID, syncOverlayRegistration, type ScriptingApi } from './registration.ts';

describe('contentScriptMatches', () => {
  it('gives the scheme and host of each profile pattern, ports and paths left to the overlay', () => {
    expect(
      contentScriptMatches([
        { match: ['https://motcua.hanoi.gov.vn/#/ho-so/*', 'https://motcua.hanoi.gov.vn/tra-cuu?ma=*'] },
        { match: ['http://127.0.0.1:8788/*', '*://*.dichvucong.gov.vn/*', 'HTTPS://Portal.Example.VN:443/app/*'] },
      ]),
    ).toEqual(['*://*.dichvucong.gov.vn/*', 'http://127.0.0.1/*', 'https://motcua.hanoi.gov.vn/*', 'https://portal.example.vn/*']);
  });

  it('gives nothing for patterns without an http(s) host', () => {
    expect(contentScriptMatches([{ match: ['file:///C:/ho-so/*', 'https:///x', 'ftp://a.vn/*', 'https://*/*', 'https://user@a.vn/*', '<all_urls>'] }])).toEqual([]);
    expect(contentScriptMatches([])).toEqual([]);
  });
});

/** chrome.scripting's registrations, in memory. */
function fakeScripting(): ScriptingApi & { scripts: Map<string, { id: string; matches: string[]; js?: string[] }>; calls: string[] } {
  const scripts = new Map<string, { id: string; matches: string[]; js?: string[] }>();
  const calls: string[] = [];
  return {
    scripts,
    calls,
    async getRegisteredContentScripts(filter) {
      return Array.from(scripts.values()).filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(list) {
      calls.push('register');
      for (const s of list) {
        if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        scripts.set(s.id, { id: s.id, matches: [...s.matches], js: s.js });
      }
    },
    async updateContentScripts(list) {
      calls.push('update');
      for (const s of list) {
        const old = scripts.get(s.id);
        if (!old) throw new Error('no such script');
        scripts.set(s.id, { ...old, matches: [...s.matches], js: [...s.js] });
      }
    },
    async unregisterContentScripts(filter) {
      calls.push('unregister');
      for (const id of filter?.ids ?? Array.from(scripts.keys())) scripts.delete(id);
    },
  };
}

describe('syncOverlayRegistration', () => {
  it('registers, updates only on a change, answers the new patterns, and unregisters when no profile is left', async () => {
    const s = fakeScripting();
    expect(await syncOverlayRegistration(s, ['https://a.gov.vn/*'])).toEqual(['https://a.gov.vn/*']);
    // The loader (ADR 0007); its chunk is never registered, the background injects it where a page is recognised.
    expect(OVERLAY_SCRIPT_FILE).toBe('/overlay-loader.js');
    expect(s.scripts.get(OVERLAY_SCRIPT_ID)?.js).toEqual([OVERLAY_SCRIPT_FILE]);
    expect(await syncOverlayRegistration(s, ['https://a.gov.vn/*'])).toEqual([]);
    expect(s.calls).toEqual(['register']);
    expect(await syncOverlayRegistration(s, ['https://a.gov.vn/*', 'https://b.gov.vn/*'])).toEqual(['https://b.gov.vn/*']);
    // A host dropped (a profile deactivated): updated, nothing new to start.
    expect(await syncOverlayRegistration(s, ['https://b.gov.vn/*'])).toEqual([]);
    expect(s.scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual(['https://b.gov.vn/*']);
    expect(await syncOverlayRegistration(s, [])).toEqual([]);
    expect(s.scripts.size).toBe(0);
    expect(s.calls).toEqual(['register', 'update', 'update', 'unregister']);
    // Nothing registered and nothing to register: no call.
    await syncOverlayRegistration(s, []);
    expect(s.calls).toHaveLength(4);
  });

  it('moves a registration an earlier version persisted to the current file, the same hosts', async () => {
    const s = fakeScripting();
    s.scripts.set(OVERLAY_SCRIPT_ID, { id: OVERLAY_SCRIPT_ID, matches: ['https://a.gov.vn/*'], js: ['/content-scripts/overlay.js'] });
    expect(await syncOverlayRegistration(s, ['https://a.gov.vn/*'])).toEqual([]);
    expect(s.calls).toEqual(['update']);
    expect(s.scripts.get(OVERLAY_SCRIPT_ID)).toEqual({ id: OVERLAY_SCRIPT_ID, matches: ['https://a.gov.vn/*'], js: [OVERLAY_SCRIPT_FILE] });
    expect(await syncOverlayRegistration(s, ['https://a.gov.vn/*'])).toEqual([]);
    expect(s.calls).toEqual(['update']);
  });
});
