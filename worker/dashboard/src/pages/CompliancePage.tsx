// The leader's compliance overview for a subtree and a period: rate and coverage per unit with drill-down through
// the hierarchy, a heat map of units × ISO clause groups, the trend by month, nonconformities by severity and
// status, overdue actions and a ranking. Every number comes from GET /summary and links to the findings behind it;
// the formulas are explained at the bottom. Each headline figure shows the target an administrator set for it (GET
// /targets) and whether it is met, in words and an icon as well as colour; a figure without a target says so.
import { RESULTS, targetStatus, TargetsSchema, type Indicator, type Result, type Target } from '@onestop/shared';
import { signal } from '@preact/signals';
import type { ChartConfiguration } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ChartView } from '../components/ChartView.tsx';
import { EmptyState, Loading, ProblemAlert } from '../components/Feedback.tsx';
import { TextInput } from '../components/Form.tsx';
import { PageHeader } from '../components/Layout.tsx';
import { ReportDownloads } from '../components/ReportDownloads.tsx';
import { clauseAxisLabel, clauseTitle } from '../lib/clauses.ts';
import { useApp } from '../lib/context.ts';
import { formatDate, formatMonth, formatNumber, formatPercent, today } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { createResource } from '../lib/resource.ts';
import { href, Link, location, navigate, setQuery } from '../lib/router.tsx';
import { NC_STATUS_KEYS, type Summary, type SummaryRow } from '../lib/schemas.ts';
import { TARGET_LOOK, targetText } from '../lib/targets.ts';
import { createComplianceStore, scopeFromQuery, type ComplianceScope, type HeatMap } from '../stores/compliance.ts';

type LinkQuery = Record<string, string | undefined>;

const STATUS_COLORS: Record<string, string> = { open: '#c62828', action_planned: '#ef6c00', disputed: '#6a1b9a', action_done: '#1565c0', closed: '#2e7d32' };

/**
 * Compliance bands on a blue–orange diverging scale (ColorBrewer PuOr/RdBu family), which readers with red–green
 * colour blindness can tell apart; every cell also carries its number, so colour is never the only cue. A rate
 * below 80 % is orange ("needs improvement" or worse), never a "good" colour.
 */
const BANDS = [
  { id: 'low', min: 0, fill: '#b35806', text: '#ffffff' },
  { id: 'fair', min: 0.5, fill: '#fdb863', text: '#2b1a00' },
  { id: 'ok', min: 0.8, fill: '#92c5de', text: '#0b2540' },
  { id: 'high', min: 0.95, fill: '#2166ac', text: '#ffffff' },
] as const;
const NONE = { id: 'none', fill: '#e3e5e8', text: '#4a5561' } as const;

function rateBand(rate: number | null): (typeof BANDS)[number] | typeof NONE {
  if (rate === null) return NONE;
  let band: (typeof BANDS)[number] = BANDS[0];
  for (const b of BANDS) if (rate >= b.min - 1e-9) band = b;
  return band;
}

function rateColor(rate: number | null): string {
  return rateBand(rate).fill;
}

/** What each colour means, grey included. */
function RateLegend() {
  return (
    <ul class="legend rate-legend" aria-label={t('compliance.legend')} data-testid="rate-legend">
      {[...BANDS, NONE].map((b) => (
        <li key={b.id} data-band={b.id}>
          <span class="legend-swatch" style={{ background: b.fill }} aria-hidden="true" />
          {t(`compliance.band_${b.id}`)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A unit's name on a chart axis, cut to a readable length: a long name would otherwise take half the chart and still
 * be clipped at the canvas edge. The whole name is in the tooltip and in the table next to the chart.
 */
function shortTick(this: { getLabelForValue(value: number): string }, value: number | string): string {
  const chars = Array.from(this.getLabelForValue(Number(value)));
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : chars.join('');
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y ?? 2000, m ?? 1, 0));
  return d.toISOString().slice(0, 10);
}

/** A number that opens the findings behind it. */
function NumLink({ to, value, testId, label, raw }: { to: string; value: string; testId?: string; label?: string; raw?: number | null }) {
  return (
    <Link href={to} class="num-link" data-testid={testId} data-value={raw === undefined || raw === null ? '' : String(raw)} aria-label={label ? `${label}: ${value}` : undefined}>
      {value}
    </Link>
  );
}

/** A figure against its target: "Mục tiêu: ≥ 90,0 %" and "✓ Đạt mục tiêu", or "– Chưa đặt mục tiêu". */
function TargetLine({ indicator, target, figure }: { indicator: Indicator; target: Target | undefined; figure: number | null }) {
  const status = targetStatus(target, figure);
  const look = TARGET_LOOK[status];
  return (
    <p class="kpi-target" data-testid={`target-${indicator}`} data-status={status} style={{ margin: '0.35rem 0 0', fontSize: '0.9rem', display: 'flex', flexWrap: 'wrap', gap: '0.3rem 0.5rem', alignItems: 'center' }}>
      {target && <span class="kpi-target-value">{t('targets.kpi_target', { target: targetText(target) })}</span>}{' '}
      <span class="badge target-status" style={{ background: look.fill, color: look.text, borderColor: look.border, borderStyle: target ? 'solid' : 'dashed' }}>
        <span aria-hidden="true">{look.icon}</span> {t(`targets.status_${status}`)}
      </span>
    </p>
  );
}

function Kpi({
  title,
  children,
  hint,
  tone,
  goal,
}: {
  title: string;
  children: ComponentChildren;
  hint?: ComponentChildren;
  tone?: 'bad' | 'good' | undefined;
  /** The figure's indicator and value, when it is one that can have a target. */
  goal?: { indicator: Indicator; figure: number | null; targets: ReadonlyMap<Indicator, Target> | null } | undefined;
}) {
  const target = goal?.targets?.get(goal.indicator);
  // With a target the card's mark follows it (blue met, orange not met), never red against green.
  const bar = target && goal ? TARGET_LOOK[targetStatus(target, goal.figure)].bar : null;
  return (
    <div class={`kpi${tone && !target ? ` kpi--${tone}` : ''}`} style={bar ? { boxShadow: `inset 4px 0 0 ${bar}` } : undefined}>
      <p class="kpi-title">{title}</p>
      <p class="kpi-value">{children}</p>
      {hint && <p class="kpi-hint">{hint}</p>}
      {goal && goal.targets && <TargetLine indicator={goal.indicator} target={target} figure={goal.figure} />}
    </div>
  );
}

function PeriodForm({ scope }: { scope: ComplianceScope }) {
  const from = useMemo(() => signal(scope.from ?? ''), [scope.from]);
  const to = useMemo(() => signal(scope.to ?? ''), [scope.to]);
  const year = today().slice(0, 4);
  const lastYear = new Date(Date.parse(`${today()}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    <form
      class="filters period"
      aria-label={t('compliance.period')}
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ from: from.value || null, to: to.value || null });
      }}
    >
      <TextInput label={t('compliance.from')} type="date" name="from" value={from.value} onValue={(v) => (from.value = v)} />
      <TextInput label={t('compliance.to')} type="date" name="to" value={to.value} min={from.value || undefined} onValue={(v) => (to.value = v)} />
      <div class="field field--button">
        <button type="submit" class="button button--secondary">
          {t('compliance.apply')}
        </button>
      </div>
      <div class="field field--button presets" role="group" aria-label={t('compliance.presets')}>
        <button type="button" class="button button--ghost" aria-pressed={!scope.from && !scope.to} onClick={() => setQuery({ from: null, to: null })}>
          {t('compliance.all_time')}
        </button>
        <button type="button" class="button button--ghost" aria-pressed={scope.from === `${year}-01-01` && !scope.to} onClick={() => setQuery({ from: `${year}-01-01`, to: null })}>
          {t('compliance.this_year')}
        </button>
        <button type="button" class="button button--ghost" aria-pressed={scope.from === lastYear && !scope.to} onClick={() => setQuery({ from: lastYear, to: null })}>
          {t('compliance.last_12')}
        </button>
      </div>
    </form>
  );
}

function HeatMapSection({ heat, link }: { heat: HeatMap; link: (q: LinkQuery) => string }) {
  const points = heat.units.flatMap((u) =>
    heat.clauses.map((c) => {
      const cell = heat.cells.get(u.id)?.get(c);
      return { x: c, y: u.name, v: cell && cell.denominator > 0 ? cell.compliance_rate : null, unit: u.id, assessed: cell?.assessed_items ?? 0 };
    }),
  );
  const nx = heat.clauses.length;
  const ny = heat.units.length;
  /** Draws each cell's rounded rate (or "—") inside it, in the band's text colour. */
  const cellValues = {
    id: 'heatCellValues',
    afterDatasetsDraw(chart: { ctx: CanvasRenderingContext2D; getDatasetMeta(i: number): { data: { getCenterPoint(): { x: number; y: number }; width?: number }[] } }) {
      const { ctx } = chart;
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = "600 11px system-ui, 'Segoe UI', Roboto, sans-serif";
      chart.getDatasetMeta(0).data.forEach((el, i) => {
        const p = points[i];
        if (!p || (el.width ?? 0) < 18) return;
        const { x, y } = el.getCenterPoint();
        ctx.fillStyle = rateBand(p.v).text;
        ctx.fillText(p.v === null ? '—' : String(Math.round(p.v * 100)), x, y);
      });
      ctx.restore();
    },
  };
  const config = {
    type: 'matrix',
    plugins: [cellValues],
    data: {
      datasets: [
        {
          label: t('compliance.heatmap'),
          data: points,
          backgroundColor: (ctx: { raw?: unknown }) => rateColor((ctx.raw as { v: number | null } | undefined)?.v ?? null),
          borderColor: '#ffffff',
          borderWidth: 1,
          width: ({ chart }: { chart: { chartArea?: { width: number } } }) => (chart.chartArea?.width ?? 0) / Math.max(nx, 1) - 2,
          height: ({ chart }: { chart: { chartArea?: { height: number } } }) => (chart.chartArea?.height ?? 0) / Math.max(ny, 1) - 2,
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: { raw: unknown }[]) => {
              const p = items[0]?.raw as { x: string; y: string } | undefined;
              return p ? `${p.y} · ${p.x} ${clauseTitle(p.x)}` : '';
            },
            label: (item: { raw: unknown }) => {
              const p = item.raw as { v: number | null; assessed: number };
              return p.v === null ? t('compliance.not_assessed') : `${formatPercent(p.v)} (${t('compliance.n_items', { n: p.assessed })})`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'category',
          labels: heat.clauses,
          offset: true,
          grid: { display: false },
          // "8.5 Sản xuất và cung cấp dịch vụ", wrapped to the column's width (or cut, turned sideways, when columns
          // are narrow): the axis is read without hovering; the tooltip and the table keep the full name.
          ticks: {
            autoSkip: false,
            maxRotation: 90,
            minRotation: 0,
            callback(this: { width: number }, _value: number | string, index: number) {
              const c = heat.clauses[index];
              return c ? clauseAxisLabel(c, this.width / Math.max(nx, 1)) : '';
            },
          },
          title: { display: true, text: t('compliance.clause_axis') },
        },
        y: { type: 'category', labels: heat.units.map((u) => u.name), offset: true, grid: { display: false }, ticks: { callback: shortTick } },
      },
    },
  } as unknown as ChartConfiguration;
  return (
    <section class="card" aria-labelledby="heat-title">
      <h2 id="heat-title">{t('compliance.heatmap')}</h2>
      <p class="hint">{t('compliance.heatmap_hint')}</p>
      <ChartView
        config={config}
        label={t('compliance.heatmap_label', { units: ny, clauses: nx })}
        height={Math.max(200, 48 * ny + 150)}
        onClick={(hit) => {
          const p = points[hit.index];
          if (p) navigate(link({ unit: p.unit, clause: p.x }));
        }}
      />
      <RateLegend />
      <details class="table-details">
        <summary>{t('compliance.heatmap_table')}</summary>
        <div class="table-wrap" role="region" aria-label={t('compliance.heatmap_table')} tabIndex={0}>
          <table class="table table--compact heat-table">
            <thead>
              <tr>
                <th scope="col">{t('compliance.unit')}</th>
                {heat.clauses.map((c) => (
                  <th scope="col" key={c} aria-label={`${c} ${clauseTitle(c)}`}>
                    <abbr title={`${c} ${clauseTitle(c)}`}>{c}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heat.units.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  {heat.clauses.map((c) => {
                    const cell = heat.cells.get(u.id)?.get(c);
                    const rate = cell && cell.denominator > 0 ? cell.compliance_rate : null;
                    const band = rateBand(rate);
                    return (
                      <td key={c} class="num heat-cell" data-band={band.id} style={{ background: band.fill, color: band.text }}>
                        {cell && cell.assessed_items > 0 ? <NumLink to={link({ unit: u.id, clause: c })} value={formatPercent(rate, 0)} label={`${u.name} ${c}`} raw={rate} /> : <span aria-label={t('compliance.not_assessed')}>—</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

type SortColumn = 'name' | 'rate' | 'score' | 'coverage' | 'nc_major' | 'nc_minor';
type SortDir = 'asc' | 'desc';
/** The direction a column sorts in when first chosen: the worst units first (lowest rates, most nonconformities). */
const WORST_FIRST: Record<SortColumn, SortDir> = { name: 'asc', rate: 'asc', score: 'asc', coverage: 'asc', nc_major: 'desc', nc_minor: 'desc' };

function sortValue(r: SummaryRow, col: Exclude<SortColumn, 'name'>): number {
  switch (col) {
    case 'rate':
      return r.compliance_rate ?? 0;
    case 'score':
      return r.numerator;
    case 'coverage':
      return r.coverage ?? 0;
    case 'nc_major':
      return r.counts.nc_major;
    case 'nc_minor':
      return r.counts.nc_minor;
  }
}

/** Rows with a rate (assessed) and rows without one (nothing assessed: listed apart, never ranked). */
function splitRows(summary: Summary): { rated: SummaryRow[]; unassessed: SummaryRow[] } {
  const rows = summary.rows.filter((r) => r.total_items > 0);
  const byLabel = (a: SummaryRow, b: SummaryRow) => (a.label ?? '').localeCompare(b.label ?? '', 'vi');
  return { rated: rows.filter((r) => r.compliance_rate !== null), unassessed: rows.filter((r) => r.compliance_rate === null).sort(byLabel) };
}

function unitName(summary: Summary, r: SummaryRow): string {
  return r.key === summary.unit.id ? t('compliance.unit_itself', { name: summary.unit.name }) : (r.label ?? r.key);
}

/** The worst units on the first screen: a leader finds the commune to look at without scrolling. */
function WorstUnits({ summary, scope, link }: { summary: Summary; scope: ComplianceScope; link: (q: LinkQuery) => string }) {
  const { session } = useApp();
  const { rated, unassessed } = splitRows(summary);
  const worst = [...rated].sort((a, b) => (a.compliance_rate ?? 0) - (b.compliance_rate ?? 0) || (a.label ?? '').localeCompare(b.label ?? '', 'vi')).slice(0, 5);
  if (worst.length + unassessed.length <= 1) return null;
  return (
    <section class="card worst-units" aria-labelledby="worst-title" data-testid="worst-units">
      <h2 id="worst-title">{t('compliance.worst_title')}</h2>
      <p class="hint">{t('compliance.worst_hint')}</p>
      <ol class="worst-list">
        {worst.map((r) => {
          const band = rateBand(r.compliance_rate);
          const canDrill = r.key !== summary.unit.id && session.unitsById.value.has(r.key);
          const name = unitName(summary, r);
          return (
            <li key={r.key} data-unit-id={r.key}>
              <span class="rate-chip" style={{ background: band.fill, color: band.text }}>
                <NumLink to={link({ unit: r.key })} value={formatPercent(r.compliance_rate)} testId="worst-rate" raw={r.compliance_rate} label={`${name} ${t('compliance.rate')}`} />
              </span>{' '}
              {canDrill ? (
                <Link href={href('/compliance', { unit: r.key, from: scope.from, to: scope.to })} aria-label={`${name}: ${formatPercent(r.compliance_rate)}`}>
                  {name}
                </Link>
              ) : (
                name
              )}
            </li>
          );
        })}
      </ol>
      {unassessed.length > 0 && (
        <p class="unassessed-line" data-testid="unassessed-line" data-count={unassessed.length}>
          <span class="rate-chip" style={{ background: NONE.fill, color: NONE.text }}>
            —
          </span>{' '}
          {t('compliance.unassessed_count', { n: unassessed.length, list: unassessed.map((r) => unitName(summary, r)).join(', ') })}
        </p>
      )}
    </section>
  );
}

function UnitsSection({ summary, scope, link }: { summary: Summary; scope: ComplianceScope; link: (q: LinkQuery) => string }) {
  const { session } = useApp();
  const rootId = summary.unit.id;
  const [sort, setSort] = useState<{ col: SortColumn; dir: SortDir }>({ col: 'rate', dir: 'asc' });
  const name = (r: SummaryRow) => unitName(summary, r);
  const { rated, unassessed } = splitRows(summary);
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: SummaryRow, b: SummaryRow) => name(a).localeCompare(name(b), 'vi');
  const rows = [...rated].sort((a, b) => (sort.col === 'name' ? sign * byName(a, b) : sign * (sortValue(a, sort.col) - sortValue(b, sort.col)) || byName(a, b)));
  const ranked = [...rated].sort((a, b) => (b.compliance_rate ?? 0) - (a.compliance_rate ?? 0) || (a.label ?? '').localeCompare(b.label ?? '', 'vi'));
  const drill = (unitId: string) => href('/compliance', { unit: unitId, from: scope.from, to: scope.to });
  const config = {
    type: 'bar',
    data: {
      labels: ranked.map(name),
      datasets: [{ label: t('compliance.rate'), data: ranked.map((r) => Math.round((r.compliance_rate ?? 0) * 1000) / 10), backgroundColor: ranked.map((r) => rateColor(r.compliance_rate)) }],
    },
    options: {
      indexAxis: 'y',
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (i: { parsed: { x: number } }) => `${formatNumber(i.parsed.x, 1)} %` } } },
      scales: { x: { min: 0, max: 100, ticks: { callback: (v: number | string) => `${v} %` } }, y: { ticks: { callback: shortTick } } },
    },
  } as unknown as ChartConfiguration;

  const header = (col: SortColumn, label: string, num = true) => {
    const active = sort.col === col;
    return (
      <th scope="col" class={num ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} data-sort={col}>
        <button
          type="button"
          class="sort-button"
          title={t('compliance.sort_by', { col: label })}
          onClick={() => setSort(active ? { col, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { col, dir: WORST_FIRST[col] })}
        >
          {label}
          <span class="sort-mark" aria-hidden="true">
            {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  const row = (r: SummaryRow) => {
    const canDrill = r.key !== rootId && session.unitsById.value.has(r.key);
    const band = rateBand(r.compliance_rate);
    return (
      <tr key={r.key} data-unit-id={r.key}>
        <th scope="row">
          {canDrill ? (
            <Link href={drill(r.key)} class="strong-link">
              {name(r)}
            </Link>
          ) : (
            name(r)
          )}
          {canDrill && (session.childrenOf.value.get(r.key)?.length ?? 0) > 0 && <span class="muted small"> · {t('compliance.has_children', { n: session.childrenOf.value.get(r.key)?.length ?? 0 })}</span>}
        </th>
        <td class="num">
          <span class="rate-chip" data-band={band.id} style={{ background: band.fill, color: band.text }}>
            <NumLink to={link({ unit: r.key })} value={r.compliance_rate === null ? t('compliance.unassessed') : formatPercent(r.compliance_rate)} testId="unit-rate" raw={r.compliance_rate} label={`${name(r)} ${t('compliance.rate')}`} />
          </span>
        </td>
        <td class="num nowrap">
          <Link href={link({ unit: r.key })} aria-label={`${name(r)} ${t('compliance.score')}: ${r.numerator} / ${r.denominator}`}>
            {formatNumber(r.numerator)} / {formatNumber(r.denominator)}
          </Link>
        </td>
        <td class="num">
          <NumLink to={link({ unit: r.key })} value={formatPercent(r.coverage)} testId="unit-coverage" raw={r.coverage} label={`${name(r)} ${t('compliance.coverage')}`} />
          <div class="muted small">
            {formatNumber(r.assessed_items)} / {formatNumber(r.total_items)}
          </div>
        </td>
        <td class="num">
          <NumLink to={link({ unit: r.key, result: 'nc_major' })} value={formatNumber(r.counts.nc_major)} testId="unit-nc-major" raw={r.counts.nc_major} label={`${name(r)} ${t('result.nc_major')}`} />
        </td>
        <td class="num">
          <NumLink to={link({ unit: r.key, result: 'nc_minor' })} value={formatNumber(r.counts.nc_minor)} testId="unit-nc-minor" raw={r.counts.nc_minor} label={`${name(r)} ${t('result.nc_minor')}`} />
        </td>
      </tr>
    );
  };

  return (
    <section class="card" aria-labelledby="units-title">
      <h2 id="units-title">{t('compliance.by_unit')}</h2>
      <p class="hint">{t('compliance.by_unit_hint')}</p>
      <div class="table-wrap" role="region" aria-label={t('targets.table_of', { name: t('compliance.by_unit') })} tabIndex={0}>
        <table class="table units-table" data-testid="units-table" data-sort={`${sort.col}:${sort.dir}`}>
          <thead>
            <tr>
              {header('name', t('compliance.unit'), false)}
              {header('rate', t('compliance.rate'))}
              {header('score', t('compliance.score'))}
              {header('coverage', t('compliance.coverage'))}
              {header('nc_major', t('compliance.items_nc_major'))}
              {header('nc_minor', t('compliance.items_nc_minor'))}
            </tr>
          </thead>
          <tbody data-testid="units-rated">{rows.map(row)}</tbody>
          {unassessed.length > 0 && (
            <tbody class="units-unassessed" data-testid="units-unassessed" aria-label={t('compliance.unassessed_group', { n: unassessed.length })}>
              {unassessed.map(row)}
            </tbody>
          )}
        </table>
      </div>
      {unassessed.length > 0 && (
        <p class="muted small" data-testid="units-unassessed-note">
          {t('compliance.unassessed_group', { n: unassessed.length })}
        </p>
      )}
      {ranked.length > 1 && (
        <>
          <h3>{t('compliance.ranking')}</h3>
          <ChartView
            config={config}
            label={t('compliance.ranking_label', { list: ranked.map((r, i) => `${i + 1}. ${name(r)} ${formatPercent(r.compliance_rate)}`).join('; ') })}
            height={Math.max(120, 36 * ranked.length + 50)}
            onClick={(hit) => {
              const r = ranked[hit.index];
              if (r && r.key !== rootId) navigate(drill(r.key));
            }}
          />
          <ol class="ranking">
            {ranked.map((r) => (
              <li key={r.key}>
                {name(r)} — <NumLink to={link({ unit: r.key })} value={formatPercent(r.compliance_rate)} />
              </li>
            ))}
          </ol>
          {unassessed.length > 0 && <p class="muted small">{t('compliance.unassessed_count', { n: unassessed.length, list: unassessed.map(name).join(', ') })}</p>}
        </>
      )}
    </section>
  );
}

function TrendSection({ summary, link }: { summary: Summary; link: (q: LinkQuery) => string }) {
  const rows = summary.rows;
  const monthLink = (m: string) => link({ from: `${m}-01`, to: lastDayOfMonth(m) });
  const config = {
    type: 'line',
    data: {
      labels: rows.map((r) => formatMonth(r.key)),
      datasets: [
        { label: t('compliance.rate'), data: rows.map((r) => (r.compliance_rate === null ? null : Math.round(r.compliance_rate * 1000) / 10)), borderColor: '#0b4f8a', backgroundColor: '#0b4f8a', tension: 0.2 },
        { label: t('compliance.coverage'), data: rows.map((r) => (r.coverage === null ? null : Math.round(r.coverage * 1000) / 10)), borderColor: '#8a5a00', backgroundColor: '#8a5a00', borderDash: [6, 4], tension: 0.2 },
      ],
    },
    options: { scales: { y: { min: 0, max: 100, ticks: { callback: (v: number | string) => `${v} %` } } }, plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } } },
  } as unknown as ChartConfiguration;
  return (
    <section class="card" aria-labelledby="trend-title">
      <h2 id="trend-title">{t('compliance.trend')}</h2>
      <p class="hint">{t('compliance.trend_hint')}</p>
      {rows.length === 0 ? (
        <p class="muted">{t('compliance.no_data_short')}</p>
      ) : (
        <>
          <ChartView
            config={config}
            label={t('compliance.trend_label', { list: rows.map((r) => `${formatMonth(r.key)} ${formatPercent(r.compliance_rate)}`).join('; ') })}
            height={240}
            onClick={(hit) => {
              const r = rows[hit.index];
              if (r) navigate(monthLink(r.key));
            }}
          />
          <div class="table-wrap" role="region" aria-label={t('targets.table_of', { name: t('compliance.trend') })} tabIndex={0}>
            <table class="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('compliance.month')}</th>
                  <th scope="col" class="num">{t('compliance.rate')}</th>
                  <th scope="col" class="num">{t('compliance.score')}</th>
                  <th scope="col" class="num">{t('compliance.coverage')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-month={r.key}>
                    <th scope="row">{formatMonth(r.key)}</th>
                    <td class="num">
                      <NumLink to={monthLink(r.key)} value={formatPercent(r.compliance_rate)} testId="month-rate" raw={r.compliance_rate} label={`${formatMonth(r.key)} ${t('compliance.rate')}`} />
                    </td>
                    <td class="num">
                      <Link href={monthLink(r.key)}>
                        {formatNumber(r.numerator)} / {formatNumber(r.denominator)}
                      </Link>
                    </td>
                    <td class="num">
                      <Link href={monthLink(r.key)}>{formatPercent(r.coverage)}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function NcSection({ summary, link }: { summary: Summary; link: (q: LinkQuery) => string }) {
  const nc = summary.nonconformities;
  const statuses = NC_STATUS_KEYS.map((s) => ({ s, n: nc.by_status[s] ?? 0 }));
  const withdrawn = nc.by_status.withdrawn ?? 0;
  const config = {
    type: 'bar',
    data: { labels: statuses.map((x) => t(`status.${x.s}`)), datasets: [{ label: t('compliance.nc_by_status'), data: statuses.map((x) => x.n), backgroundColor: statuses.map((x) => STATUS_COLORS[x.s] ?? '#666') }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  } as unknown as ChartConfiguration;
  return (
    <section class="card" aria-labelledby="nc-title">
      <h2 id="nc-title">{t('compliance.nc_title')}</h2>
      <div class="nc-grid">
        <div>
          <h3>{t('compliance.nc_by_severity')}</h3>
          <table class="table table--compact">
            <tbody>
              {(['nc_major', 'nc_minor'] as const).map((r) => (
                <tr key={r}>
                  <th scope="row">{t(`result.${r}`)}</th>
                  <td class="num">
                    <NumLink to={link({ result: r })} value={formatNumber(nc.by_severity[r])} testId={`nc-${r}`} raw={nc.by_severity[r]} label={t(`result.${r}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('compliance.nc_by_status')}</h3>
          <table class="table table--compact">
            <tbody>
              {statuses.map(({ s, n }) => (
                <tr key={s}>
                  <th scope="row">{t(`status.${s}`)}</th>
                  <td class="num">
                    <NumLink to={link({ status: s, counted: undefined })} value={formatNumber(n)} testId={`nc-status-${s}`} raw={n} label={t(`status.${s}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {withdrawn > 0 && (
            <p class="muted small">
              {t('compliance.withdrawn_note')} <Link href={link({ status: 'withdrawn', counted: undefined })}>{formatNumber(withdrawn)}</Link>
            </p>
          )}
        </div>
        <ChartView
          config={config}
          label={t('compliance.nc_label', { list: statuses.map((x) => `${t(`status.${x.s}`)} ${x.n}`).join('; ') })}
          height={220}
          onClick={(hit) => {
            const x = statuses[hit.index];
            if (x) navigate(link({ status: x.s, counted: undefined }));
          }}
        />
      </div>
    </section>
  );
}

function ResultsSection({ summary, link }: { summary: Summary; link: (q: LinkQuery) => string }) {
  return (
    <section class="card" aria-labelledby="results-title">
      <h2 id="results-title">{t('compliance.results_title')}</h2>
      <p class="hint">{t('compliance.results_hint')}</p>
      <ul class="result-counts">
        {RESULTS.map((r: Result) => (
          <li key={r} class={`result-count result-count--${r}`}>
            <span class="result-count-label">{t(`result.${r}`)}</span>
            <NumLink to={link({ result: r })} value={formatNumber(summary.total.counts[r])} testId={`count-${r}`} raw={summary.total.counts[r]} label={t(`result.${r}`)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Formulas({ summary }: { summary: Summary }) {
  return (
    <section class="card formulas" aria-labelledby="formula-title">
      <h2 id="formula-title">{t('formula.title')}</h2>
      <ol>
        <li>{t('formula.item_result')}</li>
        <li>{t('formula.rate')}</li>
        <li>{t('formula.coverage')}</li>
        <li>{t('formula.rollup')}</li>
        <li>{t('formula.clause')}</li>
        <li>{t('formula.month')}</li>
        <li>{t('formula.nc')}</li>
      </ol>
      <details>
        <summary>{t('formula.api_text')}</summary>
        <p lang="en" class="prewrap">
          {summary.formula}
        </p>
      </details>
    </section>
  );
}

export function CompliancePage() {
  const { api, session } = useApp();
  const store = useMemo(() => createComplianceStore(api), []);
  const targets = useMemo(() => createResource<ReadonlyMap<Indicator, Target>>(), []);
  const scope = scopeFromQuery(location.value.query);
  const key = JSON.stringify(scope);
  useEffect(() => {
    void store.load(scope);
  }, [key]);
  // The targets do not depend on the scope: loaded once. Until they are (or if they fail) no target line is shown.
  const loadTargets = () => void targets.load(() => api.get('/targets', TargetsSchema).then((r) => new Map(r.targets.map((x) => [x.indicator, x]))));
  useEffect(loadTargets, []);
  const goal = (indicator: Indicator, figure: number | null) => ({ indicator, figure, targets: targets.data.value });

  const s = store.byUnit.data.value;
  const rootId = s?.unit.id ?? scope.unit ?? session.me.value?.unit.id ?? '';
  const path = session.pathTo(rootId);
  const link = (q: LinkQuery) => href('/findings', { unit: rootId, from: scope.from, to: scope.to, counted: '1', ...q });
  const period = scope.from || scope.to ? t('filter.period', { from: scope.from ? formatDate(scope.from) : '…', to: scope.to ? formatDate(scope.to) : '…' }) : t('compliance.all_time');

  return (
    <>
      <nav class="breadcrumb" aria-label={t('compliance.hierarchy')}>
        <ol>
          {path.map((u, i) => (
            <li key={u.id}>
              {i < path.length - 1 ? <Link href={href('/compliance', { unit: u.id, from: scope.from, to: scope.to })}>{u.name}</Link> : <span aria-current="page">{u.name}</span>}
            </li>
          ))}
        </ol>
      </nav>
      <PageHeader title={t('compliance.title', { unit: s?.unit.name ?? path.at(-1)?.name ?? '' })} subtitle={`${t(`level.${s?.unit.level ?? 'province'}`)} · ${period}`} />
      <PeriodForm scope={scope} />
      {s && <ReportDownloads scope={{ unit: s.unit.id, from: scope.from, to: scope.to }} unitName={s.unit.name} />}
      <ProblemAlert problem={store.byUnit.error.value} onRetry={() => void store.load(scope)} />
      {store.byUnit.loading.value && !s && <Loading />}
      {s && s.total.total_items === 0 && (
        <EmptyState title={t('compliance.no_data')}>
          <p>{t('compliance.no_data_hint')}</p>
          <p>
            <Link href="/audits">{t('compliance.go_audits')}</Link>
          </p>
        </EmptyState>
      )}
      {s && s.total.total_items > 0 && (
        <div class="stack" aria-busy={store.shown.value === null} data-loaded-scope={store.shown.value ?? ''}>
          <ProblemAlert problem={targets.error.value} onRetry={loadTargets} />
          <section aria-label={t('compliance.kpis')} class="kpis">
            <Kpi title={t('compliance.rate')} goal={goal('compliance_rate', s.total.compliance_rate)} hint={t('compliance.score_of', { n: formatNumber(s.total.numerator), d: formatNumber(s.total.denominator) })}>
              <NumLink to={link({})} value={formatPercent(s.total.compliance_rate)} testId="kpi-rate" raw={s.total.compliance_rate} label={t('compliance.rate')} />
            </Kpi>
            <Kpi title={t('compliance.coverage')} goal={goal('coverage', s.total.coverage)} hint={t('compliance.assessed_of', { n: formatNumber(s.total.assessed_items), d: formatNumber(s.total.total_items) })}>
              <NumLink to={link({})} value={formatPercent(s.total.coverage)} testId="kpi-coverage" raw={s.total.coverage} label={t('compliance.coverage')} />
            </Kpi>
            <Kpi title={t('result.nc_major')} tone={s.nonconformities.by_severity.nc_major > 0 ? 'bad' : undefined} goal={goal('nc_major', s.nonconformities.by_severity.nc_major)}>
              <NumLink to={link({ result: 'nc_major' })} value={formatNumber(s.nonconformities.by_severity.nc_major)} testId="kpi-nc-major" raw={s.nonconformities.by_severity.nc_major} label={t('result.nc_major')} />
            </Kpi>
            <Kpi title={t('result.nc_minor')} goal={goal('nc_minor', s.nonconformities.by_severity.nc_minor)}>
              <NumLink to={link({ result: 'nc_minor' })} value={formatNumber(s.nonconformities.by_severity.nc_minor)} testId="kpi-nc-minor" raw={s.nonconformities.by_severity.nc_minor} label={t('result.nc_minor')} />
            </Kpi>
            <Kpi title={t('compliance.overdue')} tone={s.nonconformities.overdue_actions > 0 ? 'bad' : 'good'} hint={t('compliance.overdue_hint')} goal={goal('overdue_actions', s.nonconformities.overdue_actions)}>
              <NumLink to={link({ overdue: 'true', counted: undefined })} value={formatNumber(s.nonconformities.overdue_actions)} testId="kpi-overdue" raw={s.nonconformities.overdue_actions} label={t('compliance.overdue')} />
            </Kpi>
            <Kpi title={t('compliance.mean_days')} hint={t('compliance.mean_days_hint')} goal={goal('mean_days_to_close', s.nonconformities.mean_days_to_close)}>
              <NumLink
                to={link({ status: 'closed', counted: undefined })}
                value={s.nonconformities.mean_days_to_close === null ? '—' : t('compliance.days', { n: formatNumber(s.nonconformities.mean_days_to_close, 1) })}
                testId="kpi-mean-days"
                raw={s.nonconformities.mean_days_to_close}
                label={t('compliance.mean_days')}
              />
            </Kpi>
          </section>
          <WorstUnits summary={s} scope={scope} link={link} />
          <UnitsSection summary={s} scope={scope} link={link} />
          <ProblemAlert problem={store.heat.error.value ?? store.byClause.error.value} onRetry={() => void store.load(scope)} />
          {store.heat.data.value && store.heat.data.value.clauses.length > 0 && <HeatMapSection heat={store.heat.data.value} link={link} />}
          {store.heat.loading.value && !store.heat.data.value && <Loading label={t('compliance.loading_heatmap')} />}
          <div class="two-col">
            <div class="col-half">
              <NcSection summary={s} link={link} />
            </div>
            <div class="col-half">
              <ResultsSection summary={s} link={link} />
            </div>
          </div>
          <ProblemAlert problem={store.byMonth.error.value} />
          {store.byMonth.data.value && <TrendSection summary={store.byMonth.data.value} link={link} />}
          <Formulas summary={s} />
        </div>
      )}
    </>
  );
}
