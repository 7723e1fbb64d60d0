// Downloads for the compliance page: the compliance report (Word, Decree 30/2020 layout) and the findings and
// corrective-action registers (Excel) for the unit and period on screen, and printing the page as an A4 report
// (the print stylesheet drops navigation, filters and these buttons). The files hold the same figures as the page:
// the Worker builds them from GET /summary's code.
import { useMemo } from 'preact/hooks';
import { useApp } from '../lib/context.ts';
import { saveBlob } from '../lib/files.ts';
import { t } from '../lib/i18n.ts';
import { createSubmission } from '../lib/resource.ts';
import { withQuery } from '../lib/api.ts';
import { Notice, ProblemAlert } from './Feedback.tsx';

export interface ReportScope {
  unit: string | undefined;
  from: string | undefined;
  to: string | undefined;
}

/** Names as the Worker's Content-Disposition gives them. */
export function periodFileNames(unitName: string, from?: string, to?: string) {
  const period = from || to ? ` ${from ?? '…'}_${to ?? '…'}` : '';
  return {
    report: `Báo cáo tuân thủ ${unitName}${period}.docx`,
    findings: `Sổ phát hiện ${unitName}${period}.xlsx`,
    actions: `Sổ khắc phục ${unitName}${period}.xlsx`,
  };
}

export function ReportDownloads({ scope, unitName }: { scope: ReportScope; unitName: string }) {
  const { api } = useApp();
  const downloading = useMemo(() => createSubmission(), []);
  const query = { unit: scope.unit, from: scope.from, to: scope.to };
  const names = periodFileNames(unitName, scope.from, scope.to);
  const busy = downloading.busy.value;
  const get = (path: string, name: string) => void downloading.run(async () => saveBlob(await api.getBlob(withQuery(path, query)), name), name);

  return (
    <section class="report-downloads no-print" aria-label={t('report.downloads')}>
      <div class="button-row" aria-busy={busy || undefined}>
        <button type="button" class="button button--secondary" disabled={busy} data-testid="download-compliance-docx" onClick={() => get('/summary/report.docx', names.report)}>
          {t('report.download_compliance')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => get('/summary/findings.xlsx', names.findings)}>
          {t('report.download_findings')}
        </button>
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => get('/summary/actions.xlsx', names.actions)}>
          {t('report.download_actions')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => window.print()}>
          {t('report.print')}
        </button>
      </div>
      {busy && <p class="muted small" role="status">{t('report.preparing')}</p>}
      <ProblemAlert problem={downloading.error.value} />
      {/* `done` keeps the file name; the notice is worded here so it follows a language switch. */}
      <Notice message={downloading.done.value ? t('report.downloaded', { name: downloading.done.value }) : null} />
    </section>
  );
}
