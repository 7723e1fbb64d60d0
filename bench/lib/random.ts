// Deterministic randomness for the benchmark dataset: one seed gives the same database every time.

/** mulberry32: a small, fast 32-bit PRNG; plenty for synthetic data. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  /** Draws a key by weight: `{ conform: 62, ofi: 9 }` → 'conform' 62/71 of the time. */
  const weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries[entries.length - 1]![0];
  };
  /** `n` distinct items, in random order. */
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };
  const hex = (digits: number): string => {
    let s = '';
    while (s.length < digits) s += Math.floor(next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits);
  };
  /** A UUIDv7 whose time part is `ms`, random bits from this generator (so ids sort by time, like real ones). */
  const uuidv7 = (ms: number): string => {
    const time = Math.floor(ms).toString(16).padStart(12, '0');
    const variant = (8 + Math.floor(next() * 4)).toString(16);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
  };
  return { next, int, pick, weighted, sample, uuidv7 };
}

export type Random = ReturnType<typeof createRandom>;
