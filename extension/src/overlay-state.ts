// The one storage item the content script reads. It lives apart from src/storage.ts because defining an item runs
// its migration check at once, and the `session:` items defined there throw "Access to storage is not allowed from
// this context" in a content script, on every page.
import { storage } from 'wxt/utils/storage';
import type { OverlayState } from './model.ts';

/** What the overlay draws, kept current by the background so a page never waits for the service worker. */
export const overlayStateItem = storage.defineItem<OverlayState | null>('local:overlayState', { fallback: null, version: 1 });
