// Timing helpers for the benchmarks: run a case until it has enough samples or its time is up, then summarise.

export interface Stats {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarise(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, min: sorted[0] ?? Number.NaN, p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
}

/** Runs `fn` `warmup` times unmeasured, then up to `samples` times or until `budgetMs` has passed (at least 3). */
export async function measure(fn: () => Promise<void>, opts: { samples: number; warmup?: number; budgetMs?: number }): Promise<Stats> {
  for (let i = 0; i < (opts.warmup ?? 2); i++) await fn();
  const times: number[] = [];
  const deadline = performance.now() + (opts.budgetMs ?? 60_000);
  while (times.length < opts.samples && (times.length < 3 || performance.now() < deadline)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarise(times);
}

export const ms = (x: number): string => (Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
