// "Đổi mật khẩu": every signed-in person changes their own password here; right after signing in with a password an
// administrator set, it is the only screen (the server refuses everything else until the change).
import { PASSWORD_MIN_CHARS } from '@onestop/shared';
import { useMemo } from 'preact/hooks';
import { Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { TextInput } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { schemaMessage } from '../../lib/schema-messages.ts';
import { createPasswordStore } from '../../stores/account.ts';

export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const { api, session } = useApp();
  const store = useMemo(() => createPasswordStore(api, () => session.refresh()), []);
  const errs = store.errors.value;
  const server = store.submission.error.value;
  const serverField = (k: string) => {
    const m = server?.fieldError(k);
    return m ? schemaMessage(m) : undefined;
  };
  const err = (k: string) => errs[k] ?? serverField(k);
  return (
    <>
      <PageHeader title={t('password.title')} subtitle={forced ? undefined : t('password.subtitle')} />
      {forced && (
        <div class="alert alert--info" role="note">
          <p class="alert-title">{t('password.forced_title')}</p>
          <p>{t('password.forced_body')}</p>
        </div>
      )}
      <Notice message={store.submission.done.value} />
      <form
        class="card form-card form-narrow"
        aria-labelledby="password-form-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void store.save();
        }}
      >
        <h2 id="password-form-title">{t('password.form_title')}</h2>
        <TextInput label={t('password.current')} type="password" name="current_password" autocomplete="current-password" required {...store.form.field('current_password')} error={err('current_password')} />
        <TextInput
          label={t('password.new')}
          type="password"
          name="new_password"
          autocomplete="new-password"
          required
          hint={t('password.rules', { n: PASSWORD_MIN_CHARS })}
          {...store.form.field('new_password')}
          error={err('new_password')}
        />
        <TextInput label={t('password.confirm')} type="password" name="confirm" autocomplete="new-password" required {...store.form.field('confirm')} error={err('confirm')} />
        <ProblemAlert problem={server} fieldLabels={{ current_password: t('password.current'), new_password: t('password.new') }} />
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
            {store.submission.busy.value ? t('common.saving') : t('password.submit')}
          </button>
          {forced && (
            <button type="button" class="button button--ghost" onClick={() => void session.signOut()}>
              {t('nav.sign_out')}
            </button>
          )}
        </div>
        <p class="hint">{t('password.others_signed_out')}</p>
      </form>
      {!forced && (
        <p>
          <Link href="/account/sessions">{t('sessions.title')}</Link>
        </p>
      )}
    </>
  );
}
