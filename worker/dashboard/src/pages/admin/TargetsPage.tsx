// "Mục tiêu chỉ số": the administrator sets a target for each figure of the compliance page (issue 16). An indicator
// left unticked has no target, and the compliance page then shows none: no default is made up. Rates are typed in
// percent (as the page shows them) and sent as fractions.
import { DEFAULT_DIRECTION, INDICATOR_KIND, INDICATORS, TargetsSchema, type Indicator, type Target, type TargetDirection, type TargetInput } from '@onestop/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Loading, Notice, ProblemAlert } from '../../components/Feedback.tsx';
import { Checkbox, Select, TextInput } from '../../components/Form.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { useApp } from '../../lib/context.ts';
import { formatDateTime } from '../../lib/format.ts';
import { lang, t } from '../../lib/i18n.ts';
import { createResource, createSubmission } from '../../lib/resource.ts';
import { schemaMessage } from '../../lib/schema-messages.ts';
import { INDICATOR_LABEL, targetText } from '../../lib/targets.ts';

interface Row {
  on: boolean;
  direction: TargetDirection;
  /** As typed: percent for rates, a count or days otherwise. */
  value: string;
}
type Rows = Record<Indicator, Row>;

/** The form's rows from the stored targets: a rate is shown in percent, without float noise (0.925 → "92,5"). */
function rowsOf(targets: readonly Target[]): Rows {
  const byIndicator = new Map(targets.map((x) => [x.indicator, x]));
  return Object.fromEntries(
    INDICATORS.map((i) => {
      const x = byIndicator.get(i);
      const n = x ? (INDICATOR_KIND[i] === 'rate' ? Math.round(x.value * 1000) / 10 : x.value) : null;
      // Written as the person writes numbers: a decimal comma in Vietnamese (either is read back).
      const shown = n === null ? '' : lang.value === 'vi' ? String(n).replace('.', ',') : String(n);
      return [i, { on: Boolean(x), direction: x?.direction ?? DEFAULT_DIRECTION[i], value: shown }];
    }),
  ) as Rows;
}

/** Reads a typed number; a decimal comma (Vietnamese) is accepted. */
const readNumber = (s: string): number | null => {
  const v = s.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : null;
};

/**
 * The request body from the form, or the error of each field that is wrong: an empty value of a ticked indicator is
 * "Bắt buộc nhập.", as on every form; a rate is 0–100 %, a count a whole number ≥ 0, days 0–3650.
 */
export function targetsFromRows(rows: Rows): { ok: true; targets: TargetInput[] } | { ok: false; errors: Partial<Record<Indicator, string>> } {
  const errors: Partial<Record<Indicator, string>> = {};
  const targets: TargetInput[] = [];
  for (const i of INDICATORS) {
    const row = rows[i];
    if (!row.on) continue;
    if (!row.value.trim()) {
      errors[i] = t('form.required');
      continue;
    }
    const n = readNumber(row.value);
    const kind = INDICATOR_KIND[i];
    const fits = n !== null && n >= 0 && (kind === 'rate' ? n <= 100 : kind === 'days' ? n <= 3650 : Number.isInteger(n));
    if (n === null || !fits) {
      errors[i] = t(`targets.err_${kind}`);
      continue;
    }
    targets.push({ indicator: i, direction: row.direction, value: kind === 'rate' ? Math.round(n * 10) / 1000 : n });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, targets };
}

export function TargetsPage() {
  const { api } = useApp();
  const stored = useMemo(() => createResource<{ targets: Target[] }>(), []);
  const submission = useMemo(() => createSubmission(), []);
  const [rows, setRows] = useState<Rows | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Indicator, string>>>({});

  const load = async () => {
    const got = await stored.load(() => api.get('/targets', TargetsSchema));
    if (got) setRows(rowsOf(got.targets));
  };
  useEffect(() => {
    void load();
  }, []);

  const data = stored.data.value;
  const change = (i: Indicator, patch: Partial<Row>) => {
    if (!rows) return;
    setRows({ ...rows, [i]: { ...rows[i], ...patch } });
    submission.done.value = null;
  };
  const serverError = (i: Indicator): string | undefined => {
    const server = submission.error.value;
    if (!server || !data || !rows) return undefined;
    // The server names a field by its position in the body sent: the ticked indicators, in order.
    const position = INDICATORS.filter((x) => rows[x].on).indexOf(i);
    const m = position < 0 ? undefined : server.fieldError(`targets[${position}]`);
    return m ? schemaMessage(m) : undefined;
  };

  const save = async () => {
    if (!rows) return;
    const checked = targetsFromRows(rows);
    if (!checked.ok) {
      setErrors(checked.errors);
      submission.reset();
      const first = INDICATORS.find((i) => checked.errors[i]);
      if (first) document.getElementById(`target-${first}`)?.querySelector<HTMLElement>('input[inputmode]')?.focus();
      return;
    }
    setErrors({});
    const saved = await submission.run(() => api.send('PUT', '/targets', { targets: checked.targets }, TargetsSchema), t('targets.saved'));
    if (saved) {
      stored.set(saved);
      setRows(rowsOf(saved.targets));
    }
  };

  const updated = new Map((data?.targets ?? []).map((x) => [x.indicator, x]));
  return (
    <>
      <PageHeader title={t('targets.title')} subtitle={t('targets.subtitle')} />
      <ProblemAlert problem={stored.error.value} onRetry={() => void load()} />
      {stored.loading.value && !rows && <Loading />}
      {/* Said in the language shown now, also after a switch. */}
      <Notice message={submission.done.value ? t('targets.saved') : null} />
      {rows && (
        <form
          class="card form-card"
          aria-labelledby="targets-form-title"
          noValidate
          data-testid="targets-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id="targets-form-title">{t('targets.form_title')}</h2>
          <p class="hint">{t('targets.intro')}</p>
          {INDICATORS.map((i) => {
            const row = rows[i];
            const name = t(INDICATOR_LABEL[i]);
            const kind = INDICATOR_KIND[i];
            const current = updated.get(i);
            return (
              <fieldset key={i} id={`target-${i}`} class="target-row" data-indicator={i} style={{ border: '1px solid #d5dae0', borderRadius: '6px', padding: '0.6rem 0.9rem', margin: '0 0 0.8rem' }}>
                <legend style={{ fontWeight: 600, padding: '0 0.3rem' }}>{name}</legend>
                <Checkbox label={t('targets.set_for', { name })} name={`on-${i}`} checked={row.on} onValue={(on) => change(i, { on })} />
                {row.on && (
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 1.2rem', alignItems: 'flex-start', marginTop: '0.4rem' }}>
                    <Select
                      label={t('targets.direction')}
                      name={`direction-${i}`}
                      value={row.direction}
                      options={[
                        { value: 'at_least', label: t('targets.at_least') },
                        { value: 'at_most', label: t('targets.at_most') },
                      ]}
                      onValue={(v) => change(i, { direction: v === 'at_most' ? 'at_most' : 'at_least' })}
                    />
                    <TextInput
                      label={t(`targets.value_${kind}`)}
                      name={`value-${i}`}
                      required
                      inputMode="decimal"
                      maxLength={12}
                      hint={t(`targets.hint_${kind}`)}
                      value={row.value}
                      onValue={(value) => change(i, { value })}
                      error={errors[i] ?? serverError(i)}
                    />
                  </div>
                )}
                <p class="muted small" data-testid={`target-current-${i}`}>
                  {current ? t('targets.current', { target: targetText(current), at: formatDateTime(current.updated_at) }) : t('targets.none')}
                </p>
              </fieldset>
            );
          })}
          <ProblemAlert problem={submission.error.value} />
          <div class="button-row">
            <button type="submit" class="button button--primary" disabled={submission.busy.value}>
              {submission.busy.value ? t('common.saving') : t('targets.save')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
