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

export interface OverlayView {
  lang: Lang;
  badges: BadgeView[];
  /** Boxes over evidence held in form controls. */
  evidenceBoxes: Box[];
  /** Marks over the line boxes of evidence text near the viewport. */
  evidenceMarks: Box[];
  /** Outlines of the fields the automated checks flag (issue 14), with the rule's title. */
  checkFlags: (Box & { title: string })[];
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
      evidenceMarks: [],
      checkFlags: [],
      orphans: [],
      orphansOpen: false,
      toolbar: null,
      target: null,
      picking: false,
      pickBox: null,
      shooting: false,
      notice: null,
    },
    set(patch) {
      store.view = { ...store.view, ...patch };
      onChange(store.view);
    },
  };
  return store;
}
