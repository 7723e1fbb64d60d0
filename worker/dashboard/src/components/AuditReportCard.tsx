// The audit report on the audit page: the lead inspector writes the conclusions and recommendations (and the
// document's number and place) that go into the Word report, then anyone who sees the audit downloads the report
// and the findings and corrective-action registers. Downloads go through the API client, so a refusal is shown
// as a message rather than saved as a file.
import { signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { REPORT_PLACE_MAX_CHARS, REPORT_TEXT_MAX_CHARS, ReportTextSchema, type ReportText } from '@onestop/shared';
import type { Api } from '../lib/api.ts';
import { useApp } from '../lib/context.ts';
import { saveBlob } from '../lib/files.ts';
import { formatDateTime } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { createResource, createSubmission } from '../lib/resource.ts';
import { Notice, ProblemAlert } from './Feedback.tsx';
import { TextArea, TextInput } from './Form.tsx';

/** The server's limits (PUT /audits/{id}/report-text), checked here first so the lead sees them while typing. */
export const REPORT_TEXT_MAX = REPORT_TEXT_MAX_CHARS;
const PLACE_MAX = REPORT_PLACE_MAX_CHARS;

/** Names as the Worker's Content-Disposition gives them, so a saved file has the same name either way. */
export const auditFileNames = (code: string) => ({
  report: `Báo cáo kiểm tra ${code}.docx`,
  findings: `Sổ phát hiện ${code}.xlsx`,
  actions: `Sổ khắc phục ${code}.xlsx`,
});

function createReportStore(api: Api, auditId: string) {
  const text = createResource<ReportText>();
  const draft = { conclusions: signal(''), recommendations: signal(''), doc_number: signal(''), place: signal('') };
  const saving = createSubmission();
  const downloading = createSubmission();
  const fill = (r: ReportText) => {
    draft.conclusions.value = r.conclusions;
    draft.recommendations.value = r.recommendations;
    draft.doc_number.value = r.doc_number;
    draft.place.value = r.place;
  };
  return {
    text,
    draft,
    saving,
    downloading,
    async load() {
      const r = await text.load(() => api.get(`/audits/${auditId}/report-text`, ReportTextSchema));
      if (r) fill(r);
    },
    async save() {
      const current = text.data.value;
      const body = {
        conclusions: draft.conclusions.value,
        recommendations: draft.recommendations.value,
        doc_number: draft.doc_number.value.trim(),
        place: draft.place.value,
        ...(current?.version ? { version: current.version } : {}),
      };
      const saved = await saving.run(() => api.send('PUT', `/audits/${auditId}/report-text`, body, ReportTextSchema), 'saved');
      if (saved) {
        text.set(saved);
        fill(saved);
      }
    },
    async download(path: string, name: string) {
      // `done` keeps the file name; the notice is worded at render time, so it follows a language switch.
      await downloading.run(async () => saveBlob(await api.getBlob(path), name), name);
    },
  };
}

export function AuditReportCard({ audit }: { audit: { id: string; code: string; status: string } }) {
  const { api } = useApp();
  const store = useMemo(() => createReportStore(api, audit.id), [audit.id]);
  useEffect(() => {
    void store.load();
  }, [store]);
  if (audit.status === 'planned' || audit.status === 'cancelled') return null;
  const r = store.text.data.value;
  const d = store.draft;
  const names = auditFileNames(audit.code);
  const numberError = /^\d{0,6}$/.test(d.doc_number.value.trim()) ? undefined : t('report.number_invalid');
  const tooLong = d.conclusions.value.length > REPORT_TEXT_MAX || d.recommendations.value.length > REPORT_TEXT_MAX;
  const busy = store.downloading.busy.value;

  return (
    <section class="card section-gap report-card" aria-labelledby="report-title">
      <h2 id="report-title">{t('report.title')}</h2>
      <p class="muted">{t('report.lead')}</p>
      <ProblemAlert problem={store.text.error.value} onRetry={() => void store.load()} />
      {r?.can_edit ? (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (numberError || tooLong) return;
            void store.save();
          }}
        >
          <TextArea
            label={t('report.conclusions')}
            name="report_conclusions"
            rows={4}
            maxLength={REPORT_TEXT_MAX}
            value={d.conclusions.value}
            onValue={(v) => (d.conclusions.value = v)}
            hint={t('report.chars', { n: d.conclusions.value.length, max: REPORT_TEXT_MAX })}
            error={store.saving.error.value?.fieldError('conclusions')}
          />
          <TextArea
            label={t('report.recommendations')}
            name="report_recommendations"
            rows={4}
            maxLength={REPORT_TEXT_MAX}
            value={d.recommendations.value}
            onValue={(v) => (d.recommendations.value = v)}
            hint={t('report.chars', { n: d.recommendations.value.length, max: REPORT_TEXT_MAX })}
            error={store.saving.error.value?.fieldError('recommendations')}
          />
          <div class="report-card__meta">
            <TextInput
              label={t('report.number')}
              name="report_number"
              inputMode="numeric"
              maxLength={6}
              value={d.doc_number.value}
              onValue={(v) => (d.doc_number.value = v)}
              hint={t('report.number_hint')}
              error={numberError ?? store.saving.error.value?.fieldError('doc_number')}
            />
            <TextInput
              label={t('report.place')}
              name="report_place"
              maxLength={PLACE_MAX}
              value={d.place.value}
              onValue={(v) => (d.place.value = v)}
              hint={t('report.place_hint')}
              error={store.saving.error.value?.fieldError('place')}
            />
          </div>
          <ProblemAlert problem={store.saving.error.value} />
          <Notice message={store.saving.done.value ? t('report.saved') : null} />
          <div class="button-row">
            <button class="button button--primary" type="submit" disabled={store.saving.busy.value}>
              {store.saving.busy.value ? t('common.saving') : t('report.save')}
            </button>
          </div>
          {r.updated_at && <p class="muted small">{t('report.last_saved', { name: r.updated_by_name ?? t('common.someone'), at: formatDateTime(r.updated_at) })}</p>}
        </form>
      ) : (
        r &&
        (r.conclusions || r.recommendations) && (
          <dl class="details">
            {r.conclusions && (
              <>
                <dt>{t('report.conclusions')}</dt>
                <dd class="prewrap">{r.conclusions}</dd>
              </>
            )}
            {r.recommendations && (
              <>
                <dt>{t('report.recommendations')}</dt>
                <dd class="prewrap">{r.recommendations}</dd>
              </>
            )}
          </dl>
        )
      )}
      <div class="button-row" aria-busy={busy || undefined}>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void store.download(`/audits/${audit.id}/report.docx`, names.report)}>
          {t('report.download_docx')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void store.download(`/audits/${audit.id}/findings.xlsx`, names.findings)}>
          {t('report.download_findings')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => void store.download(`/audits/${audit.id}/actions.xlsx`, names.actions)}>
          {t('report.download_actions')}
        </button>
      </div>
      {busy && <p class="muted small" role="status">{t('report.preparing')}</p>}
      <ProblemAlert problem={store.downloading.error.value} />
      <Notice message={store.downloading.done.value ? t('report.downloaded', { name: store.downloading.done.value }) : null} />
    </section>
  );
}
