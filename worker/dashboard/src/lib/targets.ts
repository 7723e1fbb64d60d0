// Indicator targets as the dashboard shows them (issue 16): each indicator's name, a target's text ("≥ 90,0 %") and
// the look of a figure's status against its target. The status is always a word and an icon; its colour (blue for
// met, orange for not met, grey for none) follows the compliance page's blue–orange scale, never red against green.
import { INDICATOR_KIND, type Indicator, type Target, type TargetStatus } from '@onestop/shared';
import { formatNumber, formatPercent } from './format.ts';
import { t, type MessageKey } from './i18n.ts';

/** Each indicator's name, as the compliance page titles its figure. */
export const INDICATOR_LABEL: Readonly<Record<Indicator, MessageKey>> = {
  compliance_rate: 'compliance.rate',
  coverage: 'compliance.coverage',
  nc_major: 'result.nc_major',
  nc_minor: 'result.nc_minor',
  overdue_actions: 'compliance.overdue',
  mean_days_to_close: 'compliance.mean_days',
};

/** A target's value as the compliance page shows figures of its kind. */
export function formatTargetValue(indicator: Indicator, value: number): string {
  switch (INDICATOR_KIND[indicator]) {
    case 'rate':
      return formatPercent(value);
    case 'count':
      return formatNumber(value);
    case 'days':
      return t('compliance.days', { n: formatNumber(value, 1) });
  }
}

/** "≥ 90,0 %", "≤ 0". */
export const targetText = (target: Pick<Target, 'indicator' | 'direction' | 'value'>): string =>
  `${target.direction === 'at_least' ? '≥' : '≤'} ${formatTargetValue(target.indicator, target.value)}`;

/**
 * The look of each status: an icon and a word always, and colours from the page's blue–orange scale (ColorBrewer
 * RdBu/PuOr ends, told apart with red–green colour blindness), each pair above 4.5:1 contrast. `bar` marks the card.
 */
export const TARGET_LOOK: Readonly<Record<TargetStatus, { icon: string; fill: string; text: string; border: string; bar: string | null }>> = {
  met: { icon: '✓', fill: '#d1e5f0', text: '#0b2540', border: '#2166ac', bar: '#2166ac' },
  not_met: { icon: '✕', fill: '#fee0b6', text: '#4a2500', border: '#b35806', bar: '#b35806' },
  no_target: { icon: '–', fill: '#eceff3', text: '#4b5660', border: '#c3c9d0', bar: null },
  no_data: { icon: '?', fill: '#eceff3', text: '#4b5660', border: '#c3c9d0', bar: null },
};
