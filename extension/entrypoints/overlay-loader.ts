// The overlay's loader (ADR 0007): badges, the capture button, screenshot masks and the answers to the background, on
// dossier pages that a site profile describes; the rest (evidence, captures, checked fields, a sweep's reading) is
// the chunk the background injects once a page is recognised (overlay-more.ts). It is not declared in the manifest:
// the background registers it at run time for the hosts the active site profiles name
// (src/background/registration.ts), and it stays dormant unless a profile matches the whole URL.
//
// An unlisted script rather than a WXT content script: the overlay needs none of ContentScriptContext's helpers, and
// the budget cannot carry them. What it did for the overlay is here: a copy started later in the same isolated world
// (the background's injection into a tab that was already open) stops the earlier one, and a copy whose extension
// was reloaded, updated or removed stops itself.
import { browser } from 'wxt/browser';
import css from './overlay.content/style.css?inline';
import { startOverlay } from './overlay.content/mount.ts';

/** The isolated world's global holding the running copy's stop. */
const STOP_KEY = '__onestopOverlayStop';
/** How often a copy checks that its extension is still there. */
const ALIVE_CHECK_MS = 1000;

export default defineUnlistedScript(() => {
  const world = globalThis as unknown as Record<string, (() => void) | undefined>;
  world[STOP_KEY]?.();
  const stops: (() => void)[] = [];
  const stop = () => {
    clearInterval(timer);
    if (world[STOP_KEY] === stop) world[STOP_KEY] = undefined;
    for (const s of stops.splice(0)) s();
  };
  world[STOP_KEY] = stop;
  const timer = setInterval(() => {
    if (!browser.runtime?.id) stop();
  }, ALIVE_CHECK_MS);
  return startOverlay({ onInvalidated: (cb) => void stops.push(cb) }, css);
});
