// The one storage item the content script reads. It lives apart from src/storage.ts because defining an item runs
// its migration check at once, and the `session:` items defined there throw "Access to storage is not allowed from
// this context" in a content script, on every page.
//
// The background writes it through WXT's storage item (`overlayStateItem`); the content script only reads and watches
// the key with the plain `storage.local` API (`readOverlayState`, `watchOverlayState`), which keeps WXT's storage
// module and its lock out of the script injected into dossier pages.
import { storage } from 'wxt/utils/storage';
import type { OverlayState } from './model.ts';

const KEY = 'overlayState';

/** What the overlay draws, kept current by the background so a page never waits for the service worker. */
export const overlayStateItem = storage.defineItem<OverlayState | null>(`local:${KEY}`, { fallback: null, version: 1 });
