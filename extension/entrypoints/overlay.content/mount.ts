// Starts the overlay on a page: waits for a site profile that matches the URL (from the state the background keeps
// in storage, so no service-worker round trip delays the first badges), mounts the view in the shadow root of its
// own host element and answers the background's calls (capture, picker, screenshot measures, a sweep's reading).
// What needs the chunk (more.ts) waits for it: the hub (src/overlay-hub.ts) is where the chunk finds the controller
// and the modules it shares with the loader.
//
// The host is made here rather than with WXT's createShadowRootUi, whose auto-mount machinery the overlay does not
// use and the content-script budget (ADR 0007) cannot carry; the shape is the same: host → shadow root → wrapper.
import { h, render } from 'preact';
import { t } from '../../src/i18n-overlay.ts';
import { callBackground, serveContent } from '../../src/content-serve.ts';
import type { CheckFlag, OverlayState, PageReport } from '../../src/model.ts';
import { HUB_KEY, type OverlayHub, type OverlayMoreApi } from '../../src/overlay-hub.ts';
import { readOverlayState, watchOverlayState } from '../../src/overlay-state-reader.ts';
import { buildTextFragment, buildTextModel, containsFlat, controlText, domTargetOf, elementSpan, fromCodePoints, isBlockElement, modelOffsetInSegment, modelOffsetOf, normalizeText, rawOffset, segmentAt, toCodePoints, walksInto } from '../../src/anchoring/text-model.ts';
import { redactPageUrl } from '../../src/page/profile-reader.ts';
import { redactEvidenceFields, redactSlice } from '../../src/page/redact.ts';
import { currentSelection, selectionElement } from '../../src/page/selection.ts';
import { Placer } from './placement.ts';
import { OverlayController, profileFor } from './controller.ts';
import { Overlay, type OverlayActions } from './Overlay.tsx';
import { createOverlayStore, type OverlayView } from './store.ts';

const REPORT_DEBOUNCE_MS = 300;
/** How long a call that needs the chunk waits for it, per attempt (two attempts). */
const MORE_TIMEOUT_MS = 5000;
export const HOST_TAG = 'onestop-overlay';

/** A light check of the stored state (the background validated the profiles with the shared schema). */
function usable(value: unknown): OverlayState | null {
  if (typeof value !== 'object' || value === null) return null;
  const state = value as Partial<OverlayState>;
  return state.version === 1 && Array.isArray(state.profiles) && typeof state.items === 'object' && state.items !== null ? (value as OverlayState) : null;
}

/**
 * The host and its closed shadow root (issue 13): the page's scripts get `null` for `host.shadowRoot`, so they read
 * no badge, result, quote or button, and a script can reach no button to click. `status` holds the overlay's own
 * timings for measurements, inside the root.
 */
function createHost(css: string): { host: HTMLElement; root: ShadowRoot; container: HTMLElement; status: HTMLElement } {
  const host = document.createElement(HOST_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  const status = document.createElement('div');
  status.hidden = true;
  status.setAttribute('data-overlay-status', '');
  const container = document.createElement('div');
  root.append(style, status, container);
  return { host, root, container, status };
}

/** When the loader stops (overlay-loader.ts): its extension went away, or a newer copy started in this world. */
export interface OverlayLifetime {
  onInvalidated(cb: () => void): void;
}

export async function startOverlay(ctx: OverlayLifetime, css: string): Promise<void> {
  const startedAt = performance.now();
  let controller: OverlayController | null = null;
  let stop: (() => void) | null = null;
  let reportTimer: ReturnType<typeof setTimeout> | null = null;
  let paint: (view: OverlayView) => void = () => undefined;
  const store = createOverlayStore((view) => paint(view));
  /** The flags of the last report (the chunk outlines them, also when it arrives after the report). */
  let flags: CheckFlag[] = [];
  /** Calls waiting for the chunk (`more`). */
  const arrived = new Set<() => void>();

  /** Asks the background to inject the chunk into this frame (ADR 0007); resolves once it was injected. */
  const loadMore = () => callBackground('loadOverlayMore', {}).then(() => undefined);
  let asking: Promise<void> | null = null;
  /** One request at a time (the controller's and a call's); `again` makes a new one whatever is under way. */
  const askForMore = (again = false): Promise<void> => {
    if (!asking || again) {
      const request = loadMore().finally(() => {
        if (asking === request) asking = null;
      });
      asking = request;
    }
    return asking;
  };

  /**
   * The chunk, asked for if need be (a call before the page was recognised): one request, and once more if it failed
   * or brought nothing within MORE_TIMEOUT_MS; then the call fails. The injection has run when a request answers.
   */
  const more = async (ctl: OverlayController): Promise<OverlayMoreApi> => {
    for (let attempt = 0; attempt < 2 && !ctl.more; attempt++) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          arrived.delete(done);
          resolve();
        };
        const timer = setTimeout(done, MORE_TIMEOUT_MS);
        arrived.add(done);
        askForMore(attempt > 0).then(done, done);
      });
    }
    if (!ctl.more) throw new Error('The overlay could not load the rest of its code (overlay-more.js)');
    return ctl.more;
  };

  const report = (r: PageReport, later?: () => Partial<PageReport>) => {
    if (reportTimer !== null) clearTimeout(reportTimer);
    reportTimer = setTimeout(
      () =>
        void callBackground('reportPage', { ...r, ...(later?.() ?? {}) }).then(
          (res) => {
            flags = res.flags;
            controller?.more?.setCheckFlags(flags);
          },
          () => undefined,
        ),
      REPORT_DEBOUNCE_MS,
    );
  };

  function mount(state: OverlayState): void {
    const { host, root, container, status } = createHost(css);
    status.setAttribute('data-started-at', startedAt.toFixed(1));
    const ctl = new OverlayController({
      host,
      root,
      status,
      store,
      report,
      attach: () => (document.body ?? document.documentElement).append(host),
      async submit(capture, screenshot, findingId) {
        const lang = store.view.lang;
        const id = findingId ?? store.view.target?.findingId;
        if (!id) return t(lang, 'noCaptureTarget');
        try {
          const res = await callBackground('submitCapture', { findingId: id, screenshot, capture });
          // Kept until the inspector confirms it in the side panel: the answer says where.
          if (!res.ok && res.code === 'confirm_in_panel') return res.message;
          return res.ok ? t(lang, 'captured') : t(lang, 'captureFailed', { reason: res.message });
        } catch (err) {
          return t(lang, 'captureFailed', { reason: err instanceof Error ? err.message : String(err) });
        }
      },
    }, () => askForMore());
    const hub: OverlayHub = {
      controller: ctl,
      // What the chunk imports of the loader's modules (HUB_MODULES): its build reads them here, not bundled twice.
      modules: {
        textModel: { buildTextFragment, buildTextModel, containsFlat, controlText, domTargetOf, elementSpan, fromCodePoints, isBlockElement, modelOffsetInSegment, modelOffsetOf, normalizeText, rawOffset, segmentAt, toCodePoints, walksInto },
        placement: { Placer },
        reader: { redactPageUrl },
        redact: { redactEvidenceFields, redactSlice },
        selection: { currentSelection, selectionElement },
      },
      ready(m) {
        if (ctl.more) return;
        ctl.attachMore(m);
        if (flags.length > 0) m.setCheckFlags(flags);
        for (const done of arrived) done();
      },
    };
    // A global of the content scripts' isolated world: the page's scripts never see it.
    (globalThis as unknown as Record<string, OverlayHub>)[HUB_KEY] = hub;
    const actions: OverlayActions = {
      focus: (itemCode, dossierCode) => void callBackground('focusItem', { itemCode, dossierCode }).catch(() => undefined),
      // The chunk was asked for when the button showed; a click before it came waits for it.
      captureSelection: (screenshot) => void (ctl.more ? ctl.more.captureFromToolbar(screenshot) : more(ctl).then((m) => m.captureFromToolbar(screenshot))).catch(() => undefined),
      toggleOrphans: () => store.set({ orphansOpen: !store.view.orphansOpen }),
    };
    paint = (view) => render(h(Overlay, { view, actions }), container);
    (document.body ?? document.documentElement).append(host);
    controller = ctl;
    const unlisten = ctl.start();
    ctl.setState(state);
    stop = () => {
      unlisten();
      render(null, container);
      host.remove();
    };
  }

  const consider = (state: unknown) => {
    const s = usable(state);
    if (controller) controller.setState(s);
    else if (s && profileFor(s)) mount(s);
  };

  // Captures, the picker and a sweep's reading are the chunk's: each waits for it (it is asked for when needed).
  const unserve = serveContent({
    captureSelection: async () => (controller?.profile ? (await more(controller)).captureSelection() : { ok: false, code: 'no_profile' }),
    startPicker: async ({ findingId, screenshot }) => {
      if (controller) (await more(controller)).startPicker(findingId, screenshot);
      return { ok: true };
    },
    shotPrepare: async () => (controller ? await controller.prepareShot() : null),
    shotMeasure: () => controller?.measureShot() ?? null,
    shotEnd: () => {
      controller?.endShot();
      return {};
    },
    ping: () => ({ url: location.href }),
    captureDossier: async ({ code }) => (controller?.profile ? (await more(controller)).captureDossier(code) : { ok: false, code: 'not_on_screen' }),
    sweepRead: async () => ({ read: controller && profileFor(controller.state) ? (await more(controller)).sweepRead() : null }),
    sweepNext: async () => ({ pressed: controller && profileFor(controller.state) ? (await more(controller)).sweepNext() : false }),
    notice: ({ text }) => {
      controller?.notify(text);
      return {};
    },
  });

  const unwatch = watchOverlayState(consider);
  ctx.onInvalidated(() => {
    unwatch();
    unserve();
    stop?.();
  });
  consider(await readOverlayState());
}
