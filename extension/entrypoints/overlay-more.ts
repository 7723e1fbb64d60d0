// The overlay's chunk (ADR 0007): evidence, captures, the checked fields and the sweep's reading of a screen
// (overlay.content/more.ts). Never registered and never web-accessible: the background injects it with
// chrome.scripting.executeScript into the frame whose loader asked (`loadOverlayMore`), in the content scripts'
// isolated world, where it finds the loader through the hub (src/overlay-hub.ts). A second injection does nothing.
import { HUB_KEY, type OverlayHub } from '../src/overlay-hub.ts';
import { OverlayMore } from './overlay.content/more.ts';

export default defineUnlistedScript(() => {
  const hub = (globalThis as unknown as Record<string, OverlayHub | undefined>)[HUB_KEY];
  if (!hub || hub.controller.more) return;
  hub.ready(new OverlayMore(hub.controller));
});
