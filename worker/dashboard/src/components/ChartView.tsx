// A chart drawn by Chart.js (loaded on first use) on a canvas described for screen readers; the numbers are
// always also in a table next to it, where every one links to its findings.
import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { signal } from '@preact/signals';
import { t } from '../lib/i18n.ts';

type ChartModule = typeof import('../lib/charts.ts');
const loaded = signal<ChartModule | null>(null);
const failed = signal(false);
let loading: Promise<void> | null = null;

function loadCharts(): void {
  loading ??= import('../lib/charts.ts').then(
    (m) => {
      loaded.value = m;
    },
    () => {
      failed.value = true;
      loading = null;
    },
  );
}

export interface ChartClick {
  datasetIndex: number;
  index: number;
}

export function ChartView({ config, label, height = 280, onClick }: { config: ChartConfiguration; label: string; height?: number; onClick?: (hit: ChartClick) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  loadCharts();
  const mod = loaded.value;

  useEffect(() => {
    if (!mod || !canvas.current) return;
    const el = canvas.current;
    // The category axis labels as drawn (after tick callbacks wrap or cut them), on the canvas for tests and
    // debugging: a canvas keeps no text of its own.
    const exposeTicks = {
      id: 'exposeTicks',
      afterLayout(chart: { scales: Record<string, { type?: string; ticks: { label: string | string[] }[] } | undefined> }) {
        const x = chart.scales.x;
        if (x?.type === 'category') el.dataset.xTicks = JSON.stringify(x.ticks.map((tick) => tick.label));
      },
    };
    const chart = new mod.Chart(el, {
      ...config,
      plugins: [...(config.plugins ?? []), exposeTicks],
      options: {
        ...config.options,
        responsive: true,
        maintainAspectRatio: false,
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit && click.current) click.current({ datasetIndex: hit.datasetIndex, index: hit.index });
        },
        onHover: (event, elements) => {
          const target = event.native?.target;
          if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 && click.current ? 'pointer' : 'default';
        },
      },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, [mod, JSON.stringify(config.data), JSON.stringify(config.options ?? {})]);

  return (
    <div class="chart" style={{ height: `${height}px` }}>
      {failed.value && <p class="text-error">{t('chart.failed')}</p>}
      {!mod && !failed.value && <p class="muted">{t('common.loading')}</p>}
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
