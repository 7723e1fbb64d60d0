// The e-mail and password form, used by the start page and by the dialog that appears when a session ends while
// someone is working (so the page behind it, and what they typed there, stays).
import { EmailSchema } from '@onestop/shared';
import { signal } from '@preact/signals';
import { useMemo } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { createDraft } from '../lib/draft.ts';
import { t } from '../lib/i18n.ts';
import { ProblemAlert } from './Feedback.tsx';
import { TextInput } from './Form.tsx';

export function SignInForm({ email: presetEmail }: { email?: string }) {
  const { session } = useApp();
  const draft = useMemo(() => createDraft({ email: presetEmail ?? '', password: '' }), []);
  const errors = useMemo(() => signal<{ email?: string; password?: string }>({}), []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const { email, password } = draft.value.value;
    const next: { email?: string; password?: string } = {};
    if (!EmailSchema.safeParse(email).success) next.email = t('signin.email_invalid');
    if (password.length === 0) next.password = t('signin.password_required');
    errors.value = next;
    if (next.email || next.password) return;
    await session.signIn(email.trim(), password);
  };
  return (
    <form onSubmit={submit} noValidate>
      <TextInput label={t('signin.email')} type="email" name="email" autocomplete="username" inputMode="email" required {...draft.field('email')} error={errors.value.email} />
      <TextInput label={t('signin.password')} type="password" name="password" autocomplete="current-password" required {...draft.field('password')} error={errors.value.password} />
      <ProblemAlert problem={session.error.value} />
      <button type="submit" class="button button--primary button--wide" disabled={session.busy.value}>
        {session.busy.value ? t('signin.signing_in') : t('signin.submit')}
      </button>
    </form>
  );
}
