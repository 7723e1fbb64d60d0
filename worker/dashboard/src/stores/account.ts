// The signed-in person's own account: changing the password (also the forced change after an administrator set it)
// and the list of their sessions, ended one by one or all at once.
import { PasswordChangeResponseSchema, PasswordChangeSchema, SessionListSchema, type SessionList } from '@onestop/shared';
import { signal } from '@preact/signals';
import type { Api } from '../lib/api.ts';
import { createDraft } from '../lib/draft.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { zodFieldErrors, type FieldErrors } from '../lib/validation.ts';

export interface PasswordForm {
  current_password: string;
  new_password: string;
  confirm: string;
}

export function createPasswordStore(api: Api, onChanged: () => Promise<void>) {
  const form = createDraft<PasswordForm>({ current_password: '', new_password: '', confirm: '' });
  const errors = signal<FieldErrors>({});
  const submission = createSubmission();

  async function save(): Promise<boolean> {
    const d = form.value.value;
    const input = { current_password: d.current_password, new_password: d.new_password };
    const parsed = PasswordChangeSchema.safeParse(input);
    const found: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error, input);
    if (!found.new_password && d.confirm !== d.new_password) found.confirm = t('password.mismatch');
    errors.value = found;
    if (!parsed.success || Object.keys(found).length > 0) return false;
    const result = await submission.run(() => api.send('POST', '/auth/password', parsed.data, PasswordChangeResponseSchema));
    if (!result) return false;
    submission.done.value = t('password.changed', { n: result.signed_out_sessions });
    form.reset();
    await onChanged();
    return true;
  }

  return { form, errors, submission, save };
}

export function createSessionsStore(api: Api, onSignedOutHere: () => void) {
  const sessions = createResource<SessionList>();
  const submission = createSubmission();

  const load = () => sessions.load(() => api.get('/auth/sessions', SessionListSchema));

  async function revoke(id: string, current: boolean): Promise<void> {
    const ok = await submission.run(() => api.sendEmpty('DELETE', `/auth/sessions/${id}`).then(() => true), t('sessions.revoked'));
    if (!ok) return;
    if (current) onSignedOutHere();
    else await load();
  }

  async function revokeOthers(): Promise<void> {
    const ok = await submission.run(() => api.sendEmpty('DELETE', '/auth/sessions?keep_current=true').then(() => true), t('sessions.revoked_others'));
    if (ok) await load();
  }

  async function revokeAll(): Promise<void> {
    const ok = await submission.run(() => api.sendEmpty('DELETE', '/auth/sessions').then(() => true));
    if (ok) onSignedOutHere();
  }

  return { sessions, submission, load, revoke, revokeOthers, revokeAll };
}
