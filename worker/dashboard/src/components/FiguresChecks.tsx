// The consistency checks of reported figures (each with its two sides, their terms and the difference; a mismatch
// stands out by colour, border and words) and a suggested finding with its numbers. Used by the record page and by
// the form's preview, which checks the figures with the same shared function before they are sent.
import { FIGURES_CHECK_IDS, type Result } from '@onestop/shared';
import { useState } from 'preact/hooks';
import { figureLabel, formatPct } from '../lib/checks-format.ts';
import { formatNumber } from '../lib/format.ts';
import { pick, t, tOr } from '../lib/i18n.ts';
import { ResultBadge } from './Badges.tsx';

type Bilingual = { vi: string; en: string };
interface Side {
  label: Bilingual;
  value: number | null;
  terms: readonly { key: string; value: number | null }[];
}
export interface CheckView {
  id: string;
  status: 'ok' | 'mismatch' | 'not_checked';
  left: Side;
  right: Side;
  difference: number | null;
  missing: readonly string[];
  assumed_zero: readonly string[];
  message: Bilingual;
}

export const checkTitle = (id: string): string => tOr(`figcheck.${id}`, id);

/** "1 mismatch" / "3 mismatches" (English counts; Vietnamese does not inflect). */
export const mismatchText = (n: number): string => (n === 1 ? t('figures.mismatch_one') : t('figures.mismatches', { n }));

/** Whether a record's figures add up, in one badge. */
export function ConsistencyBadge({ r }: { r: { checks: { items: readonly { status: CheckView['status'] }[] } } }) {
  const mismatches = r.checks.items.filter((c) => c.status === 'mismatch').length;
  return mismatches === 0 ? <span class="badge badge--check-ok">{t('figures.consistent')}</span> : <span class="badge badge--check-mismatch">{mismatchText(mismatches)}</span>;
}

export function CheckStatusBadge({ status }: { status: CheckView['status'] }) {
  return <span class={`badge badge--check-${status}`}>{t(`figstatus.${status}`)}</span>;
}

function SideView({ side, rate, assumedZero, caption }: { side: Side; rate: boolean; assumedZero: readonly string[]; caption: string }) {
  const value = side.value === null ? t('figures.not_computed') : rate ? formatPct(side.value) : formatNumber(side.value);
  const showTerms = side.terms.length > 1 || (side.terms[0] !== undefined && side.terms[0].value === null);
  return (
    <div class="check-side">
      <p class="check-caption">{caption}</p>
      <p class="check-label">{pick(side.label.vi, side.label.en)}</p>
      <p class="check-value" data-value={side.value ?? ''}>
        {value}
      </p>
      {showTerms && (
        <ul class="check-terms">
          {side.terms.map((term) => (
            <li key={term.key}>
              <span>{figureLabel(term.key)}</span>{' '}
              <strong class="num">{term.value === null ? (assumedZero.includes(term.key) ? t('figures.assumed_zero') : t('figures.not_reported')) : formatNumber(term.value)}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ChecksList({ checks, compact }: { checks: readonly CheckView[]; compact?: boolean }) {
  return (
    <ul class={`checks${compact ? ' checks--compact' : ''}`}>
      {checks.map((c) => {
        const rate = c.id === 'on_time_rate';
        const headingId = `check-${c.id}${compact ? '-preview' : ''}`;
        return (
          <li key={c.id} class={`check check--${c.status}`} data-check={c.id} data-status={c.status}>
            <div class="check-head">
              <CheckStatusBadge status={c.status} />
              <h3 id={headingId}>{checkTitle(c.id)}</h3>
            </div>
            {!compact && (
              <div class="check-sides">
                <SideView side={c.left} rate={rate} assumedZero={c.assumed_zero} caption={t('figures.left')} />
                <p class="check-op" aria-hidden="true">
                  {c.status === 'mismatch' ? '≠' : c.status === 'ok' ? '=' : '?'}
                </p>
                <SideView side={c.right} rate={rate} assumedZero={c.assumed_zero} caption={t('figures.right')} />
              </div>
            )}
            {c.difference !== null && c.difference !== 0 && (
              <p class="check-difference">
                {t('figures.difference')}: <strong class="num">{rate ? t('figures.points', { n: formatNumber(c.difference, 2) }) : formatNumber(c.difference)}</strong>
              </p>
            )}
            <p class="check-message">{pick(c.message.vi, c.message.en)}</p>
            {!compact && c.assumed_zero.length > 0 && <p class="hint">{t('figures.assumed_zero_list', { list: c.assumed_zero.map(figureLabel).join(', ') })}</p>}
          </li>
        );
      })}
    </ul>
  );
}

// ── Suggested findings ─────────────────────────────────────────────────────────────────────────────────────────

export interface SuggestionView {
  item_code: string;
  item_id: string | null;
  suggests: 'nc_minor' | 'observation';
  title: Bilingual;
  message: Bilingual;
  facts: Record<string, string | number | boolean | null>;
}

const SIDE = /^(.+)_(left|right|difference)$/;

/** A suggestion fact's name: the check's sides (`balance_left`), else the verification's own names. */
function suggestionFactLabel(key: string): string {
  const m = SIDE.exec(key);
  if (m && (FIGURES_CHECK_IDS as readonly string[]).includes(m[1] ?? '')) return `${checkTitle(m[1] ?? '')} — ${t(`figures.fact_${m[2] as 'left' | 'right' | 'difference'}`)}`;
  return tOr(`sfact.${key}`, key);
}

function suggestionFactValue(key: string, value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'number') return key.endsWith('_percent') || key.startsWith('on_time_rate_') ? formatPct(value) : formatNumber(value, 2);
  return key === 'reported_rate_source' ? tOr(`figures.rate_source_${value}`, value) : value;
}

/** The suggestion as plain text, to paste into the finding's note where findings are recorded. */
function suggestionText(s: SuggestionView): string {
  const facts = Object.entries(s.facts).map(([k, v]) => `- ${suggestionFactLabel(k)}: ${suggestionFactValue(k, v)}`);
  return [`${s.item_code} — ${pick(s.title.vi, s.title.en)} (${t(`result.${s.suggests}`)})`, pick(s.message.vi, s.message.en), ...facts].join('\n');
}

export function SuggestionBox({ suggestion: s, id }: { suggestion: SuggestionView; id: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(suggestionText(s));
      setCopied(t('suggestion.copied'));
    } catch {
      setCopied(t('suggestion.copy_failed'));
    }
  };
  const result: Result = s.suggests;
  return (
    <section class="suggestion" aria-labelledby={id} data-item={s.item_code}>
      <h3 id={id}>
        {t('suggestion.title')}: {pick(s.title.vi, s.title.en)}
      </h3>
      <dl class="details">
        <dt>{t('suggestion.item')}</dt>
        <dd>
          <strong>{s.item_code}</strong>
          {s.item_id === null && <span class="muted small"> — {t('suggestion.item_missing')}</span>}
        </dd>
        <dt>{t('suggestion.result')}</dt>
        <dd>
          <ResultBadge result={result} />
        </dd>
        <dt>{t('suggestion.message')}</dt>
        <dd class="suggestion-message">{pick(s.message.vi, s.message.en)}</dd>
      </dl>
      {Object.keys(s.facts).length > 0 && (
        <div class="table-wrap" role="region" aria-label={t('suggestion.facts')} tabIndex={0}>
          <table class="table table--compact">
            <caption class="visually-hidden">{t('suggestion.facts')}</caption>
            <tbody>
              {Object.entries(s.facts).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{suggestionFactLabel(k)}</th>
                  <td class="num">{suggestionFactValue(k, v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="suggestion-note">{t('suggestion.not_recorded', { item: s.item_code, result: t(`result.${s.suggests}`) })}</p>
      <div class="button-row">
        <button type="button" class="button button--secondary" onClick={() => void copy()}>
          {t('suggestion.copy')}
        </button>
        <span role="status" class="small">
          {copied}
        </span>
      </div>
    </section>
  );
}
