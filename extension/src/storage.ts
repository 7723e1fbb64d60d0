// Every extension storage item, versioned (WXT `storage.defineItem`). `local:` survives restarts; `session:` lives
// until the browser closes and is shared by the background's restarts. Large or queued data (the outbox, findings,
// evidence blobs) lives in IndexedDB instead (src/background/db.ts).
import type { SiteProfile } from '@onestop/shared';
import { storage } from 'wxt/utils/storage';
import type { Lang } from './i18n.ts';
import type { PageReport, Scope, Session, UnitSource } from './model.ts';
import type { SweepRecord, SweepState } from './background/sweep.ts';

export const DEFAULT_API_BASE = 'http://127.0.0.1:8787';

// The API base and the session (bearer token) are NOT here: `storage.local` and `storage.sync` are readable and
// writable by content scripts, which run in the dossier page's process (issue 13). Both live in the background's
// IndexedDB (src/background/db.ts, store `auth`), which only extension pages of the extension's own origin reach; the
// options page and the side panel ask the background (`getSession`, `setApiBase`) and never see the token.

/** Where the API base was kept before issue 13: only read (then removed) by the background's one-time migration. */
export const legacyApiBaseItem = storage.defineItem<string | null>('local:apiBase', { fallback: null, version: 1 });

/** Where the session (with its token) was kept before issue 13: moved to IndexedDB, then removed, on startup. */
export const legacySessionItem = storage.defineItem<Session | null>('local:session', { fallback: null, version: 1 });

/** One id per browser profile, sent as `client_id` with every sync batch; made by the background on first use. */
export const clientIdItem = storage.defineItem<string | null>('local:clientId', { fallback: null, version: 1 });

export const langItem = storage.defineItem<Lang>('local:lang', { fallback: 'vi', version: 1 });

/** The audit and unit the inspector works on. */
export const scopeItem = storage.defineItem<Scope | null>('local:scope', { fallback: null, version: 1 });

/** Why the scope's unit is the one findings go to (the page's profile, the inspector, or the audit's first unit). */
export const scopeSourceItem = storage.defineItem<UnitSource | null>('local:scopeSource', { fallback: null, version: 1 });

/**
 * The units the inspector chose by hand in this browser session, by audit and dossier system (`unitChoiceKey`): on a
 * page of that system the choice wins over the units its profile names. Forgotten when the browser closes.
 */
export const unitChoicesItem = storage.defineItem<Record<string, string>>('session:unitChoices', { fallback: {}, version: 1 });

/** The key of a hand-made unit choice: the audit and the profile (by name) of the system the page tab showed. */
export const unitChoiceKey = (auditId: string, profileName: string) => `${auditId}\n${profileName}`;

export interface SyncStatus {
  online: boolean;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** Consecutive failed attempts, for the backoff. */
  failures: number;
  nextAttemptAt: string | null;
}

export const syncStatusItem = storage.defineItem<SyncStatus>('local:syncStatus', {
  fallback: { online: true, lastSyncAt: null, lastAttemptAt: null, lastError: null, failures: 0, nextAttemptAt: null },
  version: 1,
});

/** The `since` cursor of each audit's findings pull. */
export const pullCursorsItem = storage.defineItem<Record<string, number>>('local:pullCursors', { fallback: {}, version: 1 });

/** Active site profiles, refreshed from the API and used offline. */
export const profileCacheItem = storage.defineItem<{ fetchedAt: string; apiBase: string; profiles: SiteProfile[] } | null>('local:profileCache', {
  fallback: null,
  version: 1,
});

export { overlayStateItem } from './overlay-state.ts';

/** The last dossier-system tab the inspector looked at (the side panel works on it). */
export const pageTabItem = storage.defineItem<number | null>('session:pageTab', { fallback: null, version: 1 });

/** What each tab's overlay found, by tab id. */
export const pageReportsItem = storage.defineItem<Record<string, PageReport>>('session:pageReports', { fallback: {}, version: 1 });

/**
 * The sweep of the page tab (issue 14), saved after every step so it goes on after the service worker restarts; its
 * dossiers are kept apart, per sweep. Session storage: gone when the browser closes, never on disk.
 */
export const sweepItem = storage.defineItem<SweepState | null>('session:sweep', { fallback: null, version: 1 });
export const sweepRecords = {
  get: async (id: string) => (await storage.getItem<SweepRecord[]>(`session:sweepRecords:${id}`)) ?? [],
  set: (id: string, records: SweepRecord[]) => storage.setItem(`session:sweepRecords:${id}`, records),
  remove: (id: string) => storage.removeItem(`session:sweepRecords:${id}`),
};
