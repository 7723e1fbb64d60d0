// "Cài đặt thông báo": in-app notifications are always on; the daily digest e-mail is opt-in, for the kinds chosen,
// in Vietnamese with English below or in one language. Checked with the shared schema before it is sent.
import { NOTIFICATION_KINDS, NotificationPreferencesSchema, type NotificationKind, type NotificationPreferences } from '@onestop/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { Checkbox, RadioGroup } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { t } from '../../lib/i18n.ts';
import { Link } from '../../lib/router.tsx';
import { createPreferencesStore } from '../../stores/notifications.ts';

type LanguageChoice = 'both' | 'vi' | 'en';
const toChoice = (l: NotificationPreferences['language']): LanguageChoice => l ?? 'both';
const fromChoice = (c: string): NotificationPreferences['language'] => (c === 'vi' || c === 'en' ? c : null);

export function NotificationSettingsPage() {
  const { api, session } = useApp();
  const store = useMemo(() => createPreferencesStore(api), []);
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  const [kindsError, setKindsError] = useState(false);
  useEffect(() => {
    void store.load().then((p) => p && setDraft(p));
  }, []);
  const email = session.me.value?.user.email ?? '';

  const toggleKind = (kind: NotificationKind, on: boolean) => {
    if (!draft) return;
    const kinds = on ? NOTIFICATION_KINDS.filter((k) => k === kind || draft.digest_kinds.includes(k)) : draft.digest_kinds.filter((k) => k !== kind);
    setDraft({ ...draft, digest_kinds: kinds });
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    // A digest with no kind would never be sent: ask for one rather than save a setting that does nothing.
    if (draft.digest_enabled && draft.digest_kinds.length === 0) {
      setKindsError(true);
      store.saved.value = false;
      return;
    }
    setKindsError(false);
    const parsed = NotificationPreferencesSchema.safeParse(draft);
    if (parsed.success) void store.save(parsed.data);
  };

  return (
    <>
      <p class="breadcrumb">
        <Link href="/notifications">{t('notif.title')}</Link> › <span>{t('notif.prefs_title')}</span>
      </p>
      <PageHeader title={t('notif.prefs_title')} subtitle={t('notif.prefs_subtitle')} />
      <Notice message={store.saved.value ? t('notif.prefs_saved') : null} />
      <ProblemAlert problem={store.prefs.error.value} onRetry={() => void store.load()} />
      {!draft && store.prefs.loading.value && <Loading />}
      {draft && (
        <form class="card form-card form-narrow" aria-label={t('notif.prefs_form')} noValidate onSubmit={submit}>
          <Checkbox
            name="digest_enabled"
            label={t('notif.prefs_digest')}
            hint={t('notif.prefs_digest_hint', { email })}
            checked={draft.digest_enabled}
            onValue={(v) => setDraft({ ...draft, digest_enabled: v })}
          />
          <fieldset class="plain-fieldset" disabled={!draft.digest_enabled} aria-describedby={kindsError ? 'notif-kinds-error' : undefined}>
            <legend class="strong">{t('notif.prefs_kinds')}</legend>
            {NOTIFICATION_KINDS.map((k) => (
              <Checkbox key={k} name="digest_kinds" label={t(`notif.kindname_${k}`)} checked={draft.digest_kinds.includes(k)} onValue={(v) => toggleKind(k, v)} />
            ))}
            {kindsError && (
              <p class="field-error" id="notif-kinds-error" role="alert">
                {t('notif.prefs_kinds_error')}
              </p>
            )}
          </fieldset>
          <RadioGroup
            legend={t('notif.prefs_language')}
            name="language"
            value={toChoice(draft.language)}
            options={[
              { value: 'both', label: t('notif.prefs_lang_both') },
              { value: 'vi', label: t('notif.prefs_lang_vi') },
              { value: 'en', label: t('notif.prefs_lang_en') },
            ]}
            onValue={(v) => setDraft({ ...draft, language: fromChoice(v) })}
          />
          <ProblemAlert problem={store.submission.error.value} />
          <div class="button-row">
            <button type="submit" class="button button--primary" disabled={store.submission.busy.value}>
              {store.submission.busy.value ? t('common.saving') : t('common.save')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
