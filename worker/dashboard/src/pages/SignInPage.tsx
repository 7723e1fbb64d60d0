// The start page for everyone not signed in: e-mail and password (cookie session), the language switch and the
// system status, so a new installation shows at once whether the API and the database answer.
import { useEffect, useMemo } from 'preact/hooks';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { SignInForm } from '../components/SignInForm.tsx';
import { useApp } from '../lib/context.ts';
import { t } from '../lib/i18n.ts';
import { HealthSchema } from '../lib/schemas.ts';
import { createResource } from '../lib/resource.ts';
import type { z } from 'zod';

export function SignInPage() {
  const { api } = useApp();
  const health = useMemo(() => createResource<z.infer<typeof HealthSchema>>(), []);
  useEffect(() => {
    void health.load(() => api.get('/health', HealthSchema));
  }, []);
  const h = health.data.value;
  return (
    <div class="signin">
      {/* A banner landmark: the language switch is not left outside every region (axe `region`). */}
      <header class="signin-top">
        <LanguageSwitch />
      </header>
      <main id="main" class="signin-card">
        <p class="brand brand--large">
          <span class="brand-mark" aria-hidden="true">
            ✓
          </span>
          OneStop Audit
        </p>
        <h1>{t('signin.title')}</h1>
        <p class="lead">{t('signin.lead')}</p>
        <SignInForm />
        {(window.location.hostname === '127.0.0.1' || window.location.hostname === 'localhost') && <p class="hint">{t('signin.demo_hint')}</p>}
        <section class="signin-status" aria-labelledby="status-title">
          <h2 id="status-title">{t('signin.status')}</h2>
          {health.loading.value && <p class="muted">{t('signin.status_checking')}</p>}
          {health.error.value && (
            <p class="text-error">
              {t('signin.status_down')} ({health.error.value.code})
            </p>
          )}
          {h && (
            <p class={h.status === 'ok' ? 'text-ok' : 'text-error'}>
              API: {h.status} · D1: {h.d1} · {t('signin.schema')} {h.schema_version ?? '—'}
            </p>
          )}
          <p>
            <a href="/api/v1/openapi.json">{t('signin.api_docs')}</a>
          </p>
        </section>
      </main>
    </div>
  );
}
