// The overlay's view state: a plain object the controller changes and then commits, which re-renders the view
// (Preact diffs it). No signals here: the overlay's bundle stays small.
import type { Result } from '@onestop/shared';
import type { Lang } from '../../src/i18n.ts';
import type { CaptureTarget } from '../../src/model.ts';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Chip {
  itemCode: string;
  result: Result | null;
  title: string;
}

export interface BadgeView {
  key: number;
  x: number;
  y: number;
  dossierCode: string | null;
  chips: Chip[];
}

export interface Orphan {
  id: string;
  itemCode: string;
  quote: string;
}

export interface OverlayView {
  lang: Lang;
  badges: BadgeView[];
  /** Boxes over evidence held in form controls (the Highlight API cannot reach their values). */
  evidenceBoxes: Box[];
  orphans: Orphan[];
  orphansOpen: boolean;
  /** Where the capture button for the current text selection sits, if any. */
  toolbar: { x: number; y: number } | null;
  target: CaptureTarget | null;
  picking: boolean;
  pickBox: Box | null;
  masks: Box[];
  notice: string | null;
}

export interface OverlayStore {
  view: OverlayView;
  /** Applies a change and re-renders. */
  set(patch: Partial<OverlayView>): void;
}

export function createOverlayStore(onChange: (view: OverlayView) => void): OverlayStore {
  const store: OverlayStore = {
    view: {
      lang: 'vi',
      badges: [],
      evidenceBoxes: [],
      orphans: [],
      orphansOpen: false,
      toolbar: null,
      target: null,
      picking: false,
      pickBox: null,
      masks: [],
      notice: null,
    },
    set(patch) {
      store.view = { ...store.view, ...patch };
      onChange(store.view);
    },
  };
  return store;
}
