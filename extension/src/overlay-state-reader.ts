// The content script's side of the overlay state (src/overlay-state.ts): read and watch the `storage.local` key the
// background writes, without WXT's storage module. Values are `unknown` here; the overlay checks them before use.
import { browser } from 'wxt/browser';

const KEY = 'overlayState';

export async function readOverlayState(): Promise<unknown> {
  const got = await browser.storage.local.get(KEY);
  return got[KEY] ?? null;
}

/** Calls `listener` with each new value of the state; returns the function that stops watching. */
export function watchOverlayState(listener: (value: unknown) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !Object.hasOwn(changes, KEY)) return;
    listener(changes[KEY]?.newValue ?? null);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
