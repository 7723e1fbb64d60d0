// Shown over the current page when a request answers 401: sign in again without leaving the page, so nothing typed
// there is lost; the failed action can then simply be sent again.
import { useEffect, useRef } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { t } from '../lib/i18n.ts';
import { SignInForm } from './SignInForm.tsx';

export function SessionExpiredDialog() {
  const { session } = useApp();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="expired-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="expired-title">{t('signin.expired_title')}</h2>
      <p>{t('signin.expired_dialog')}</p>
      <SignInForm email={session.me.value?.user.email} />
      <p>
        <button type="button" class="link-button" onClick={() => void session.signOut()}>
          {t('signin.other_account')}
        </button>
      </p>
    </dialog>
  );
}
