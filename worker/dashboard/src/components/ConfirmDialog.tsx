// A modal question before an action that cannot be taken back quietly (locking an account ends its sessions):
// the title says what will happen to whom, the body why it matters; Escape or "Cancel" leaves everything as it was.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../lib/i18n.ts';

export function ConfirmDialog(props: { title: string; confirmLabel: string; danger?: boolean; busy?: boolean; onConfirm: () => void; onCancel: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div id={`${id}-body`}>{props.children}</div>
      <div class="button-row">
        <button type="button" class={`button ${props.danger ? 'button--danger' : 'button--primary'}`} disabled={props.busy} onClick={props.onConfirm}>
          {props.busy ? t('common.saving') : props.confirmLabel}
        </button>
        <button type="button" class="button button--ghost" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
