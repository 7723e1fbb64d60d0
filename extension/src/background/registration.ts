// The overlay content script runs only where an active site profile may apply (issue 13, least privilege): it is
// registered at run time for the hosts the profiles name, not declared for every page in the manifest. The overlay
// still checks the whole URL against each profile (paths, ports, hash routes) before it mounts; the registration
// keeps its code off every other site (web mail, banking, the inspector's own tabs).

/** The id of the overlay's registered content script. */
export const OVERLAY_SCRIPT_ID = 'onestop-overlay';
/** The overlay's loader, as WXT builds it: the content script registered on the profiles' hosts (ADR 0007). */
export const OVERLAY_SCRIPT_FILE = '/overlay-loader.js';
/**
 * The overlay's chunk (evidence, captures, checked fields, a sweep's reading): never registered, never web-accessible;
 * the background injects it into a frame whose loader recognised its page (`loadOverlayMore`).
 */
export const OVERLAY_MORE_FILE = '/overlay-more.js';

/**
 * Chrome match patterns for a profile `match` list: the scheme (http, https, or `*` for both) and host of each, with
 * `/*` as path. Ports are left out (a Chrome pattern's host matches any port) and so are paths: the overlay decides
 * those. Patterns that are not http(s) or have no host give nothing; a profile that matches every host never gets
 * here (the shared schema refuses it).
 */
export function contentScriptMatches(profiles: readonly { match: readonly string[] }[]): string[] {
  const out = new Set<string>();
  for (const profile of profiles) {
    for (const pattern of profile.match) {
      const m = /^(https?|\*):\/\/([^/?#]+)/i.exec(pattern.trim());
      if (!m) continue;
      const scheme = (m[1] ?? '').toLowerCase();
      const host = (m[2] ?? '').replace(/:(\d+|\*)$/, '').toLowerCase();
      if (host === '' || host === '*' || host.includes('@') || !/^(\*\.)?[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/.test(host)) continue;
      out.add(`${scheme}://${host}/*`);
    }
  }
  return Array.from(out).sort();
}

/** The part of `chrome.scripting` the registration uses (a fake in unit tests). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<{ id: string; matches?: string[]; js?: string[] }[]>;
  registerContentScripts(scripts: { id: string; js: string[]; matches: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean; allFrames: boolean }[]): Promise<unknown>;
  updateContentScripts(scripts: { id: string; matches: string[]; js: string[] }[]): Promise<unknown>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
}

/**
 * Brings the overlay's registration in line with `matches`: registered (persisting across browser restarts) when
 * there are some, updated when they changed (or when a registration persisted by an earlier version names another
 * file), unregistered when there are none. Answers the patterns that are new, so the caller can start the overlay in
 * tabs already open there.
 */
export async function syncOverlayRegistration(scripting: ScriptingApi, matches: readonly string[]): Promise<string[]> {
  const existing = (await scripting.getRegisteredContentScripts({ ids: [OVERLAY_SCRIPT_ID] }))[0];
  const before = new Set(existing?.matches ?? []);
  if (matches.length === 0) {
    if (existing) await scripting.unregisterContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
    return [];
  }
  const added = matches.filter((m) => !before.has(m));
  const sameFile = existing?.js?.length === 1 && existing.js[0] === OVERLAY_SCRIPT_FILE;
  if (existing && sameFile && added.length === 0 && before.size === matches.length) return [];
  if (existing) await scripting.updateContentScripts([{ id: OVERLAY_SCRIPT_ID, matches: [...matches], js: [OVERLAY_SCRIPT_FILE] }]);
  else await scripting.registerContentScripts([{ id: OVERLAY_SCRIPT_ID, js: [OVERLAY_SCRIPT_FILE], matches: [...matches], runAt: 'document_idle', persistAcrossSessions: true, allFrames: false }]);
  return added;
}
