// The handoff between the overlay's two scripts (ADR 0007): the loader, registered as the content script of the
// active profiles' hosts, and its chunk (`overlay-more.js`), which the background injects into the same frame's
// isolated world once the loader recognises a page. Both are classic scripts; the chunk finds the loader's controller
// and modules through this global of the isolated world, which the page's own scripts never see.
//
// The chunk's build does not bundle the loader's modules again: wxt.config.ts turns each of its imports of a module
// named in HUB_MODULES into reads of the module object the loader publishes here.
import type { OverlayController } from '../entrypoints/overlay.content/controller.ts';
import type { CheckFlag, PageCapture, PageReport } from './model.ts';
import type { PageReading } from './page/profile-reader.ts';
import type { SweepRead } from './page/sweep-read.ts';

/** The isolated world's global that holds the hub. */
export const HUB_KEY = '__onestopOverlayHub';

/**
 * The loader's modules the chunk shares, by hub name: each one's path (from the extension's root) and the exports the
 * loader publishes (mount.ts). The chunk's build turns its imports of these modules into reads of the published
 * objects, so an import of anything not listed fails that build; the loader's side is typed by `OverlayHub`.
 */
export const HUB_MODULES = {
  textModel: {
    file: '/src/anchoring/text-model.ts',
    names: ['buildTextFragment', 'buildTextModel', 'containsFlat', 'controlText', 'domTargetOf', 'elementSpan', 'fromCodePoints', 'isBlockElement', 'modelOffsetInSegment', 'modelOffsetOf', 'normalizeText', 'rawOffset', 'segmentAt', 'toCodePoints', 'walksInto'],
  },
  placement: { file: '/entrypoints/overlay.content/placement.ts', names: ['Placer'] },
  reader: { file: '/src/page/profile-reader.ts', names: ['redactPageUrl'] },
  redact: { file: '/src/page/redact.ts', names: ['redactEvidenceFields', 'redactSlice'] },
  selection: { file: '/src/page/selection.ts', names: ['currentSelection', 'selectionElement'] },
} as const;

type Hub = typeof HUB_MODULES;
type Published<K extends keyof Hub, M> = Pick<M, Extract<Hub[K]['names'][number], keyof M>> & Record<Hub[K]['names'][number], unknown>;

/** The module objects the loader publishes: exactly the names HUB_MODULES lists, with their modules' own types. */
export interface HubModules {
  textModel: Published<'textModel', typeof import('./anchoring/text-model.ts')>;
  placement: Published<'placement', typeof import('../entrypoints/overlay.content/placement.ts')>;
  reader: Published<'reader', typeof import('./page/profile-reader.ts')>;
  redact: Published<'redact', typeof import('./page/redact.ts')>;
  selection: Published<'selection', typeof import('./page/selection.ts')>;
}

export type SelectionCapture = { ok: true; capture: PageCapture } | { ok: false; code: 'no_selection' | 'no_profile' };
export type DossierCapture = { ok: true; capture: PageCapture } | { ok: false; code: 'not_on_screen' };

/** What the chunk adds to the controller (entrypoints/overlay.content/more.ts). */
export interface OverlayMoreApi {
  /** Anchors the evidence of the dossiers on screen; draws its marks, the flagged fields and the orphans. */
  anchorEvidence(): void;
  /** Evidence marks and flag outlines again (a scroll, a resize, a page change). */
  placeMarks(): void;
  /** Page mutations, for the incremental re-anchoring. */
  note(records: MutationRecord[]): void;
  /** A new reading: the flagged fields are found again on its elements. */
  readingChanged(): void;
  /** The fields the background's checks flag on this page. */
  setCheckFlags(flags: CheckFlag[]): void;
  /** The check fields of the dossiers on screen, for the page report. */
  checkFields(reading: PageReading): Pick<PageReport, 'dossiers' | 'asOf'>;
  /** Evidence anchored by the last pass. */
  anchored(): number;
  captureSelection(): SelectionCapture;
  captureDossier(code: string): DossierCapture;
  captureFromToolbar(screenshot: boolean): Promise<void>;
  startPicker(findingId: string, screenshot: boolean): void;
  /** What a sweep reads of the screen now (null: no profile matches the page). */
  sweepRead(): SweepRead | null;
  /** Presses the list's next-page control the profile declares, when it is a button. */
  sweepNext(): boolean;
  /** The overlay stops: listeners off, the picker closed. */
  stop(): void;
}

export interface OverlayHub {
  controller: OverlayController;
  /** The loader's modules the chunk imports (HUB_MODULES). */
  modules: HubModules;
  /** The chunk hands itself over (once). */
  ready(more: OverlayMoreApi): void;
}
