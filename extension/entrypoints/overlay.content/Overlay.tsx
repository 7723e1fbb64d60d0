// The overlay's view inside its shadow root: badges over bound elements, boxes for evidence in form controls, the
// capture button for a text selection, the element picker's outline and the orphans list; nothing while a screenshot
// is taken (the background paints the PII masks onto the captured pixels).
// Every page or user string is rendered as text.
import type { Result } from '@onestop/shared';
import { resultLabel, t } from '../../src/i18n-overlay.ts';
import type { Orphan, OverlayView } from './store.ts';

/**
 * A handler for the inspector's own input only (issue 13): events a page script dispatches (`isTrusted` false) do
 * nothing. The root is closed, so a script cannot reach the buttons; this holds even if one did.
 */
function trusted<E extends Event>(fn: (e: E) => void): (e: E) => void {
  return (e) => {
    if (e.isTrusted) fn(e);
  };
}

export interface OverlayActions {
  focus(itemCode: string, dossierCode: string | null): void;
  captureSelection(screenshot: boolean): void;
  toggleOrphans(): void;
}

/** A chip's label: the item code without its checklist prefix ("MC-8.7-01" → "8.7-01"). */
export const shortCode = (code: string) => code.replace(/^[A-Z]+-/, '');

function resultClass(result: Result | null): string {
  return `chip r-${result ?? 'none'}`;
}

export function Overlay({ view, actions }: { view: OverlayView; actions: OverlayActions }) {
  const { lang, target, toolbar, orphans } = view;
  // A screenshot is being taken: the evidence image shows the page, not the overlay.
  if (view.shooting) return <div class="layer" />;
  return (
    <div class="layer">
      {view.badges.map((b) => (
        <div
          key={b.key}
          class={b.width === undefined ? 'badge' : 'badge wrap'}
          data-kind={b.kind}
          data-dossier={b.dossierCode ?? undefined}
          style={{ left: `${b.x}px`, top: `${b.y}px`, ...(b.width === undefined ? {} : { width: `${b.width}px` }) }}
        >
          {b.chips.map((c) => (
            <button
              type="button"
              class={resultClass(c.result)}
              title={c.title}
              aria-label={t(lang, 'focusItem', { code: c.itemCode })}
              data-item={c.itemCode}
              data-result={c.result ?? 'none'}
              onClick={trusted((e) => {
                e.stopPropagation();
                actions.focus(c.itemCode, b.dossierCode);
              })}
            >
              {shortCode(c.itemCode)}
            </button>
          ))}
        </div>
      ))}
      {view.evidenceMarks.map((box, i) => (
        <div key={`m${i}`} class="evidence-mark" style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px` }} />
      ))}
      {view.checkFlags.map((box, i) => (
        <div key={`f${i}`} class="check-flag" title={box.title} style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px` }} />
      ))}
      {view.evidenceBoxes.map((box, i) => (
        <div key={`e${i}`} class="evidence-box" style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px` }} />
      ))}
      {view.pickBox && (
        <div
          class="pick-box"
          style={{ left: `${view.pickBox.x}px`, top: `${view.pickBox.y}px`, width: `${view.pickBox.w}px`, height: `${view.pickBox.h}px` }}
        />
      )}
      {toolbar && !view.picking && (
        <div class="toolbar" style={{ left: `${toolbar.x}px`, top: `${toolbar.y}px` }} onMouseDown={(e) => e.preventDefault()}>
          {target ? (
            <>
              <span class="toolbar-label">{t(lang, 'captureTarget', { code: target.itemCode })}</span>
              <button type="button" class="act" onClick={trusted(() => actions.captureSelection(false))}>
                {t(lang, 'captureHere')}
              </button>
              <button type="button" class="act" title={t(lang, 'withScreenshot')} onClick={trusted(() => actions.captureSelection(true))}>
                📷
              </button>
            </>
          ) : (
            <span class="toolbar-label">{t(lang, 'noCaptureTarget')}</span>
          )}
        </div>
      )}
      {(view.picking || view.notice) && (
        <div class="notice" role="status">
          {view.picking ? t(lang, 'pickHelp') : view.notice}
        </div>
      )}
      {orphans.length > 0 && (
        <div class="orphans">
          <button type="button" class="orphans-toggle" onClick={trusted(actions.toggleOrphans)}>
            {t(lang, 'orphans', { n: orphans.length })}
          </button>
          {view.orphansOpen && (
            <ul>
              {orphans.map((o) => (
                <li key={o.id} data-record={o.record ?? ''}>
                  <b>{o.itemCode}</b> <q>{o.quote}</q>
                  {o.record && o.seen && o.seen.length > 0 && (
                    <div class="orphan-where" title={o.record}>
                      {orphanWhere(lang, o.record, o.seen)}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

/** A long dossier code with its middle left out, as in "000.35.24.H26-…-0013"; short codes as they are. */
export function shortDossier(code: string): string {
  const parts = code.split('-');
  return code.length > 20 && parts.length >= 3 ? `${parts[0]}-…-${parts[parts.length - 1]}` : code;
}

/** Where a dossier was seen without an evidence's quote: "Không thấy đoạn trích trên hồ sơ … (danh sách, dòng 4)". */
export function orphanWhere(lang: 'vi' | 'en', record: string, seen: NonNullable<Orphan['seen']>): string {
  const where = seen
    .slice(0, 3)
    .map((p) => (p.kind === 'row' ? t(lang, 'placeRow', { n: p.row ?? '?' }) : t(lang, p.kind === 'modal' ? 'placeModal' : 'placePage')))
    .join('; ');
  return t(lang, 'orphanWhere', { code: shortDossier(record), where: seen.length > 3 ? `${where}; …` : where });
}

export const chipTitle = (lang: 'vi' | 'en', code: string, text: string, result: Result | null) =>
  `${code} — ${text}\n${result ? t(lang, 'latest', { result: resultLabel(lang, result) }) : t(lang, 'notAssessed')}`;
