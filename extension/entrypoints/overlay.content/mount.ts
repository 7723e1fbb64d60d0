// Starts the overlay on a page: waits for a site profile that matches the URL (from the state the background keeps
// in storage, so no service-worker round trip delays the first badges), mounts the view in the shadow root of its
// own host element and answers the background's calls (capture, picker, screenshot measures).
//
// The host is made here rather than with WXT's createShadowRootUi, whose auto-mount machinery the overlay does not
// use and the content-script budget (ADR 0007) cannot carry; the shape is the same: host → shadow root → wrapper.
import { h, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { t } from '../../src/i18n-overlay.ts';
import { contentMessages } from '../../src/messages.ts';
import { callBackground, serveContent } from '../../src/messaging.ts';
import type { OverlayState, PageReport } from '../../src/model.ts';
import { readOverlayState, watchOverlayState } from '../../src/overlay-state-reader.ts';
import { OverlayController, profileFor } from './controller.ts';
import { Overlay, type OverlayActions } from './Overlay.tsx';
import { createOverlayStore, type OverlayView } from './store.ts';

const REPORT_DEBOUNCE_MS = 300;
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

export async function startOverlay(ctx: ContentScriptContext, css: string): Promise<void> {
  const startedAt = performance.now();
  let controller: OverlayController | null = null;
  let stop: (() => void) | null = null;
  let reportTimer: ReturnType<typeof setTimeout> | null = null;
  let paint: (view: OverlayView) => void = () => undefined;
  const store = createOverlayStore((view) => paint(view));

  const report = (r: PageReport, later?: () => Partial<PageReport>) => {
    if (reportTimer !== null) clearTimeout(reportTimer);
    reportTimer = setTimeout(
      () =>
        void callBackground('reportPage', { ...r, ...(later?.() ?? {}) }).then(
          (res) => controller?.setCheckFlags(res.flags),
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
    });
    const actions: OverlayActions = {
      focus: (itemCode, dossierCode) => void callBackground('focusItem', { itemCode, dossierCode }).catch(() => undefined),
      captureSelection: (screenshot) => void ctl.captureFromToolbar(screenshot),
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

  serveContent(contentMessages, {
    captureSelection: () => controller?.captureSelection() ?? { ok: false, code: 'no_profile' },
    startPicker: ({ findingId, screenshot }) => {
      controller?.startPicker(findingId, screenshot);
      return { ok: true };
    },
    shotPrepare: async () => (controller ? await controller.prepareShot() : null),
    shotMeasure: () => controller?.measureShot() ?? null,
    shotEnd: () => {
      controller?.endShot();
      return {};
    },
    ping: () => ({ url: location.href }),
    captureDossier: ({ code }) => controller?.captureDossier(code) ?? { ok: false, code: 'not_on_screen' },
    sweepRead: () => ({ read: controller?.sweepRead() ?? null }),
    sweepNext: () => ({ pressed: controller?.sweepNext() ?? false }),
    notice: ({ text }) => {
      controller?.notify(text);
      return {};
    },
  });

  const unwatch = watchOverlayState(consider);
  ctx.onInvalidated(() => {
    unwatch();
    stop?.();
  });
  consider(await readOverlayState());
}
