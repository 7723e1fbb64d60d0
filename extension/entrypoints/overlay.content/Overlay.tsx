// The overlay's view inside its shadow root: badges over bound elements, boxes for evidence in form controls, the
// capture button for a text selection, the element picker's outline, PII masks for screenshots and the orphans list.
// Every page or user string is rendered as text.
import type { Result } from '@onestop/shared';
import { resultLabel, t } from '../../src/i18n.ts';
import type { OverlayView } from './store.ts';

export interface OverlayActions {
  focus(itemCode: string, dossierCode: string | null): void;
  captureSelection(screenshot: boolean): void;
  toggleOrphans(): void;
}

const shortCode = (code: string) => code.replace(/^[A-Z]+-/, '');

function resultClass(result: Result | null): string {
  return `chip r-${result ?? 'none'}`;
}

export function Overlay({ view, actions }: { view: OverlayView; actions: OverlayActions }) {
  const { lang, target, toolbar, orphans } = view;
  return (
    <div class="layer">
      {view.badges.map((b) => (
        <div key={b.key} class="badge" style={{ left: `${b.x}px`, top: `${b.y}px` }}>
          {b.chips.map((c) => (
            <button
              type="button"
              class={resultClass(c.result)}
              title={c.title}
              aria-label={t(lang, 'focusItem', { code: c.itemCode })}
              data-item={c.itemCode}
              data-result={c.result ?? 'none'}
              onClick={(e) => {
                e.stopPropagation();
                actions.focus(c.itemCode, b.dossierCode);
              }}
            >
              {shortCode(c.itemCode)}
            </button>
          ))}
        </div>
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
      {view.masks.map((box, i) => (
        <div key={`m${i}`} class="mask" style={{ left: `${box.x}px`, top: `${box.y}px`, width: `${box.w}px`, height: `${box.h}px` }} />
      ))}
      {toolbar && !view.picking && (
        <div class="toolbar" style={{ left: `${toolbar.x}px`, top: `${toolbar.y}px` }} onMouseDown={(e) => e.preventDefault()}>
          {target ? (
            <>
              <span class="toolbar-label">{t(lang, 'captureTarget', { code: target.itemCode })}</span>
              <button type="button" class="act" onClick={() => actions.captureSelection(false)}>
                {t(lang, 'captureHere')}
              </button>
              <button type="button" class="act" title={t(lang, 'withScreenshot')} onClick={() => actions.captureSelection(true)}>
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
          <button type="button" class="orphans-toggle" onClick={actions.toggleOrphans}>
            {t(lang, 'orphans', { n: orphans.length })}
          </button>
          {view.orphansOpen && (
            <ul>
              {orphans.map((o) => (
                <li key={o.id}>
                  <b>{o.itemCode}</b> <q>{o.quote}</q>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

export const chipTitle = (lang: 'vi' | 'en', code: string, text: string, result: Result | null) =>
  `${code} — ${text}\n${result ? t(lang, 'latest', { result: resultLabel(lang, result) }) : t(lang, 'notAssessed')}`;
