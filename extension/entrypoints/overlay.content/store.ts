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

/** `value`: beside a bound element; `header`: a list column's header cell; `mark`: a list row's finding. */
export type BadgeKind = 'value' | 'header' | 'mark';

export interface BadgeView {
  key: number;
  kind: BadgeKind;
  /** The badge's top-left corner, in host coordinates (placement.ts chose it). */
  x: number;
  y: number;
  /** Set when the chips wrap onto several lines (inside a narrow target): the width they wrap to. */
  width?: number;
  dossierCode: string | null;
  chips: Chip[];
}

export interface Orphan {
  id: string;
  itemCode: string;
  quote: string;
  /** The dossier the evidence belongs to (null: captured where no dossier was on screen). */
  record?: string | null;
  /** Where that dossier is on the screen, without the quote. */
  seen?: { kind: 'row' | 'modal' | 'page'; row: number | null }[];
}

/** A capture waiting for the inspector's answer: its dossier is not the finding's. */
export interface DossierConfirm {
  captureDossier: string;
  /** Null when the finding names no dossier (then the answer may set it). */
  findingDossier: string | null;
  /** Where the question sits (host coordinates), or null for the top of the window. */
  at: { x: number; y: number } | null;
  answer(choice: 'attach' | 'attach_set' | 'cancel'): void;
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
  /** True while a screenshot is taken: nothing of the overlay is drawn. */
  shooting: boolean;
  notice: string | null;
  /** The question before a capture from another dossier is attached, if one is open. */
  confirm: DossierConfirm | null;
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
      shooting: false,
      notice: null,
      confirm: null,
    },
    set(patch) {
      store.view = { ...store.view, ...patch };
      onChange(store.view);
    },
  };
  return store;
}
