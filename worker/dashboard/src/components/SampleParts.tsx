// Small pieces the samples list and one sample share: a rule's name from the rule set's texts, a sample's on-time
// rate with its counts, and an outcome's badge (colour with words, never colour alone).
import type { SampleRuleOutcome } from '@onestop/shared';
import { formatPct } from '../lib/checks-format.ts';
import { formatNumber } from '../lib/format.ts';
import { pick, t } from '../lib/i18n.ts';
import type { SampleSummary } from '../lib/schemas.ts';
import type { RuleBook } from '../stores/samples.ts';

export const ruleName = (book: RuleBook | null, id: string): string => {
  const r = book?.get(id);
  return r ? pick(r.title.vi, r.title.en) : id;
};

/** The on-time rate of a sample: `77,8% (7/9)`, or a dash when no dossier was decided. */
export function OnTime({ s }: { s: SampleSummary }) {
  if (!s.on_time || s.on_time.rate_percent === null) return <span class="muted">—</span>;
  return (
    <span class="nowrap">
      <strong>{formatPct(s.on_time.rate_percent, 1)}</strong> <span class="muted small">({t('samples.on_time_of', { on_time: formatNumber(s.on_time.on_time), decided: formatNumber(s.on_time.decided) })})</span>
    </span>
  );
}

export function OutcomeBadge({ outcome }: { outcome: SampleRuleOutcome }) {
  return <span class={`badge badge--outcome-${outcome}`}>{t(`outcome.${outcome}`)}</span>;
}
