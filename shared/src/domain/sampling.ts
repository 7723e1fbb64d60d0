// Verifying a unit's reported dossier figures (issue 14; indicators.md sections 1–2): the consistency checks of the
// reported counts, the size of a random sample for estimating the on-time rate, a reproducible draw of that sample
// (a recorded seed and a small deterministic PRNG, so the extension and any reader can redo it), the Wilson 95%
// interval of the sampled rate, and the counts of a sweep's rule outcomes. Pure and zod-free.

// ── Normal quantile and the sample size ────────────────────────────────────────────────────────────────────────

/** The 97.5% quantile of the standard normal distribution: two-sided 95% confidence. */
export const Z_95 = 1.959963984540054;
/** Default margin of error of the estimated proportion (±5 percentage points). */
export const DEFAULT_SAMPLE_MARGIN = 0.05;
/** Default expected proportion: 0.5 gives the largest sample (the safe choice when nothing is known). */
export const DEFAULT_EXPECTED_PROPORTION = 0.5;
/**
 * The smallest sample checklist item MC-9.1-02 asks for ("chọn mẫu ngẫu nhiên tối thiểu 30 hồ sơ"), capped at the
 * population.
 */
export const SAMPLE_MINIMUM = 30;
/** Bounds of the inputs (a reported period of one unit never has ten million resolved dossiers). */
export const SAMPLE_MARGIN_MIN = 0.01;
export const SAMPLE_MARGIN_MAX = 0.2;
export const EXPECTED_PROPORTION_MIN = 0.01;
export const EXPECTED_PROPORTION_MAX = 0.99;
export const MAX_FIGURE = 10_000_000;

export interface SampleSizeOptions {
  /** N, the dossiers the sample is drawn from. */
  population: number;
  /** e, the margin of error (default 0.05). */
  margin?: number;
  /** p, the expected proportion (default 0.5). */
  expected?: number;
  /** z (default Z_95). */
  z?: number;
  /** The smallest sample (default SAMPLE_MINIMUM), capped at N. */
  minimum?: number;
}

export interface SampleSize {
  /** n0 = z²·p(1−p)/e²: the sample for an infinite population. */
  n0: number;
  /** n = n0 / (1 + (n0 − 1)/N): with the finite-population correction, before rounding. */
  n: number;
  /** ⌈n⌉, at least min(minimum, N), at most N. */
  size: number;
}

/**
 * The sample size for estimating a proportion with margin e at the confidence of z, with the finite-population
 * correction (Cochran): n0 = z²·p(1−p)/e², n = n0 / (1 + (n0 − 1)/N), rounded up. N = 4241, e = 0.05, p = 0.5:
 * n0 = 384.15, n = 352.3, 353 dossiers.
 */
export function sampleSize(options: SampleSizeOptions): SampleSize {
  const { population: N, margin: e = DEFAULT_SAMPLE_MARGIN, expected: p = DEFAULT_EXPECTED_PROPORTION, z = Z_95, minimum = SAMPLE_MINIMUM } = options;
  if (!Number.isInteger(N) || N < 0 || N > MAX_FIGURE) throw new RangeError(`the population is a whole number from 0 to ${MAX_FIGURE}, not ${N}`);
  if (!(e > 0 && e < 1)) throw new RangeError(`the margin is between 0 and 1, not ${e}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`the expected proportion is between 0 and 1, not ${p}`);
  const n0 = (z * z * p * (1 - p)) / (e * e);
  if (N === 0) return { n0, n: 0, size: 0 };
  const n = n0 / (1 + (n0 - 1) / N);
  // A hair below an integer from floating point (352.9999999999) still rounds to that integer.
  const rounded = Math.ceil(n - 1e-9);
  return { n0, n, size: Math.min(N, Math.max(rounded, Math.min(minimum, N))) };
}

// ── Wilson score interval ──────────────────────────────────────────────────────────────────────────────────────

export interface ProportionInterval {
  /** x/n. */
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval of a proportion x/n (default 95%): centre (p̂ + z²/2n) / (1 + z²/n), half-width
 * z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n). It stays inside [0, 1] and behaves at 0/n and n/n, where the normal
 * approximation collapses to a point. 45/50: 0.7864–0.9565.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): ProportionInterval {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`the sample size is a whole number ≥ 1, not ${n}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new RangeError(`the successes are a whole number from 0 to ${n}, not ${successes}`);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At 0/n and n/n the interval touches 0 or 1 exactly (floating point leaves 0.9999999999999999).
  return { estimate: p, lower: successes === 0 ? 0 : Math.max(0, centre - half), upper: successes === n ? 1 : Math.min(1, centre + half) };
}

// ── The reproducible draw ──────────────────────────────────────────────────────────────────────────────────────
// The seed is 128 bits written as 32 lower-case hex digits. Its four 32-bit words (big-endian) are mixed with
// MurmurHash3's finaliser (fmix32) into the state of xoshiro128** (Blackman and Vigna, 2018), see `sampleRngState`. A whole number below m comes from the next
// 32-bit outputs by rejection: outputs ≥ 2³² − (2³² mod m) are skipped, the first other one is taken mod m. The
// sample is a partial Fisher–Yates shuffle of the positions 1…N: for i = 0…n−1, j = i + below(N − i), swap i and j,
// take the value now at i. Everything is 32-bit integer arithmetic, the same in every JavaScript engine.

/** The name and version of the draw algorithm above, recorded with every plan. */
export const SAMPLE_DRAW_ALGORITHM = 'xoshiro128**/fmix32/partial-fisher-yates/v1';

/** A seed: 32 lower-case hex digits (128 bits). */
export const SAMPLE_SEED_PATTERN = /^[0-9a-f]{32}$/;

const fmix32 = (h: number): number => {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
};
const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** xoshiro128** over a 128-bit state (four 32-bit words, not all zero): each call answers the next 32-bit output. */
export function xoshiro128ss(state: readonly [number, number, number, number]): () => number {
  let [s0, s1, s2, s3] = state.map((w) => w >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError('the xoshiro128** state must not be all zeros');
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
}

/**
 * The state a seed gives: h = fmix32 chained over its four big-endian words (h ← fmix32((h ⊕ w) + 0x9E3779B9),
 * from h = 0), then word k (1…4) becomes fmix32(w ⊕ k·0x9E3779B9 ⊕ h), so every word of the state depends on the
 * whole seed (seeds differing in one word do not share state words, hence not their first outputs).
 */
export function sampleRngState(seed: string): [number, number, number, number] {
  if (!SAMPLE_SEED_PATTERN.test(seed)) throw new RangeError('a seed is 32 lower-case hex digits');
  const words = [0, 1, 2, 3].map((k) => Number.parseInt(seed.slice(k * 8, k * 8 + 8), 16) >>> 0);
  let h = 0;
  for (const w of words) h = fmix32(((h ^ w) + 0x9e3779b9) >>> 0);
  const s = words.map((w, k) => fmix32((w ^ Math.imul(k + 1, 0x9e3779b9) ^ h) >>> 0)) as [number, number, number, number];
  // An all-zero state (xoshiro's one forbidden state) is possible for a few seeds only; it becomes a state of 1.
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** The PRNG of a seed (xoshiro128** from `sampleRngState`). */
export const createSampleRng = (seed: string): (() => number) => xoshiro128ss(sampleRngState(seed));

const TWO_32 = 2 ** 32;

/** A whole number in [0, m) from the PRNG, unbiased (rejection sampling); 1 ≤ m ≤ 2³². */
export function uniformBelow(next: () => number, m: number): number {
  if (!Number.isInteger(m) || m < 1 || m > TWO_32) throw new RangeError(`a bound from 1 to 2^32, not ${m}`);
  const limit = TWO_32 - (TWO_32 % m);
  for (;;) {
    const r = next();
    if (r < limit) return r % m;
  }
}

/**
 * `size` distinct positions out of 1…`population`, in the order drawn: the first k of them are themselves a simple
 * random sample of k, so an inspector who cannot finish checks them in this order. Deterministic for a seed.
 */
export function drawSample(seed: string, population: number, size: number): number[] {
  if (!Number.isInteger(population) || population < 0 || population > MAX_FIGURE) throw new RangeError(`the population is a whole number from 0 to ${MAX_FIGURE}`);
  if (!Number.isInteger(size) || size < 0 || size > population) throw new RangeError(`the sample size is a whole number from 0 to the population (${population})`);
  const next = createSampleRng(seed);
  // Only the slots a swap touched are kept: O(size) memory whatever the population.
  const moved = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const j = i + uniformBelow(next, population - i);
    const atJ = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
    out.push(atJ + 1);
  }
  return out;
}

/** The drawn positions in ascending order (how a list is walked). */
export const samplePositions = (seed: string, population: number, size: number): number[] => drawSample(seed, population, size).sort((a, b) => a - b);

/**
 * The sampling frame a position points into: the dossier codes resolved in the period, each once, sorted by their
 * UTF-16 code units (JavaScript's default string order, the same as byte order for the ASCII codes of dossier
 * systems), so the frame does not depend on how a page happens to sort its list. Position k is `frame[k − 1]`.
 */
export function samplingFrame(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// ── Reported figures (indicators.md section 1) ─────────────────────────────────────────────────────────────────

/** The counts a unit reports for a period; `on_time_rate` is the percentage it reports (0–100). */
export const REPORTED_COUNT_KEYS = [
  'carried_over',
  'received_new',
  'received_new_in_person',
  'received_new_online',
  'received_new_postal',
  'to_handle',
  'resolved',
  'early',
  'on_time',
  'late',
  'pending',
  'pending_in_term',
  'pending_overdue',
  'returned_unresolved',
  'withdrawn',
  'stopped',
] as const;
export type ReportedCountKey = (typeof REPORTED_COUNT_KEYS)[number];
export type ReportedFigureKey = ReportedCountKey | 'on_time_rate';

/** A figure left out (or null) was not reported. */
export type ReportedFigures = Partial<Record<ReportedCountKey, number | null>> & { on_time_rate?: number | null };

/** The names of the figures in reports (indicators.md), Vietnamese and English. */
export const REPORTED_FIGURE_LABELS: Readonly<Record<ReportedFigureKey, { vi: string; en: string }>> = {
  carried_over: { vi: 'Kỳ trước chuyển sang', en: 'Carried over' },
  received_new: { vi: 'Tiếp nhận mới trong kỳ', en: 'Newly received' },
  received_new_in_person: { vi: 'Tiếp nhận trực tiếp', en: 'Received in person' },
  received_new_online: { vi: 'Tiếp nhận trực tuyến', en: 'Received online' },
  received_new_postal: { vi: 'Tiếp nhận qua bưu chính', en: 'Received by post' },
  to_handle: { vi: 'Tổng số phải giải quyết', en: 'To handle' },
  resolved: { vi: 'Đã giải quyết', en: 'Resolved' },
  early: { vi: 'Giải quyết trước hạn', en: 'Resolved early' },
  on_time: { vi: 'Giải quyết đúng hạn', en: 'Resolved on time' },
  late: { vi: 'Giải quyết quá hạn', en: 'Resolved late' },
  pending: { vi: 'Đang giải quyết', en: 'Pending' },
  pending_in_term: { vi: 'Đang giải quyết trong hạn', en: 'Pending within term' },
  pending_overdue: { vi: 'Đang giải quyết quá hạn', en: 'Pending overdue' },
  returned_unresolved: { vi: 'Trả lại, không đủ điều kiện', en: 'Returned unresolved' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng giải quyết', en: 'Stopped' },
  on_time_rate: { vi: 'Tỷ lệ giải quyết trước và đúng hạn', en: 'Early or on-time rate' },
};

/** Checklist items the verification suggests findings on (ISO9001-MC, clause 9.1). */
export const REPORTED_FIGURES_ITEM_CODE = 'MC-9.1-01';
export const ON_TIME_RATE_ITEM_CODE = 'MC-9.1-02';

export const FIGURES_CHECK_IDS = ['to_handle', 'balance', 'resolved_split', 'pending_split', 'channel_split', 'on_time_rate'] as const;
export type FiguresCheckId = (typeof FIGURES_CHECK_IDS)[number];
export type FiguresCheckStatus = 'ok' | 'mismatch' | 'not_checked';

export interface FiguresTerm {
  key: ReportedFigureKey;
  value: number | null;
}

export interface FiguresSide {
  label: { vi: string; en: string };
  /** The side's value (a sum of its terms, or a reported figure, or a percentage); null when it cannot be computed. */
  value: number | null;
  terms: FiguresTerm[];
}

/** One consistency check: two sides that should be equal, with the numbers. */
export interface FiguresCheck {
  id: FiguresCheckId;
  status: FiguresCheckStatus;
  left: FiguresSide;
  right: FiguresSide;
  /** left − right (percentage points for the rate); null when not checked. */
  difference: number | null;
  /** Figures the check needs that were not reported. */
  missing: ReportedFigureKey[];
  /** Figures not reported that the check counted as 0 (returned, withdrawn, stopped in the balance). */
  assumed_zero: ReportedFigureKey[];
  message: { vi: string; en: string };
}

const has = (f: ReportedFigures, k: ReportedFigureKey): boolean => typeof f[k] === 'number';
const get = (f: ReportedFigures, k: ReportedFigureKey): number | null => (typeof f[k] === 'number' ? (f[k] as number) : null);

// ── Number formatting for messages ─────────────────────────────────────────────────────────────────────────────

/** 4241 → `4.241` (vi) / `4,241` (en); decimals with `,` (vi) / `.` (en); at most `decimals` fraction digits. */
export function formatNumber(value: number, lang: 'vi' | 'en', decimals = 0): string {
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',');
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return `${negative ? '−' : ''}${grouped}${trimmed ? (lang === 'vi' ? ',' : '.') + trimmed : ''}`;
}

const percent = (value: number, lang: 'vi' | 'en') => `${formatNumber(value, lang, 2)}%`;

function sumSide(f: ReportedFigures, keys: readonly ReportedFigureKey[], label: { vi: string; en: string }, zeroIfMissing: readonly ReportedFigureKey[] = []) {
  const terms = keys.map((key) => ({ key, value: get(f, key) }));
  const missing = terms.filter((t) => t.value === null && !zeroIfMissing.includes(t.key)).map((t) => t.key);
  const assumedZero = terms.filter((t) => t.value === null && zeroIfMissing.includes(t.key)).map((t) => t.key);
  const value = missing.length > 0 ? null : terms.reduce((s, t) => s + (t.value ?? 0), 0);
  return { side: { label, value, terms } satisfies FiguresSide, missing, assumedZero };
}

function single(f: ReportedFigures, key: ReportedFigureKey): { side: FiguresSide; missing: ReportedFigureKey[] } {
  const value = get(f, key);
  return { side: { label: REPORTED_FIGURE_LABELS[key], value, terms: [{ key, value }] }, missing: value === null ? [key] : [] };
}

const joinLabels = (terms: FiguresTerm[], lang: 'vi' | 'en') => terms.map((t) => REPORTED_FIGURE_LABELS[t.key][lang].toLowerCase()).join(' + ');

function sumCheck(
  id: FiguresCheckId,
  left: { side: FiguresSide; missing: ReportedFigureKey[] },
  right: { side: FiguresSide; missing: ReportedFigureKey[]; assumedZero?: ReportedFigureKey[] },
): FiguresCheck {
  const missing = [...left.missing, ...right.missing];
  const assumed_zero = right.assumedZero ?? [];
  const base = { id, left: left.side, right: right.side, missing, assumed_zero };
  const l = left.side.value;
  const r = right.side.value;
  const lv = left.side.label;
  const rv = { vi: joinLabels(right.side.terms, 'vi'), en: joinLabels(right.side.terms, 'en') };
  if (l === null || r === null) {
    const names = missing.map((k) => REPORTED_FIGURE_LABELS[k]);
    return {
      ...base,
      status: 'not_checked',
      difference: null,
      message: {
        vi: `Chưa kiểm tra được: báo cáo không có ${names.map((n) => n.vi.toLowerCase()).join(', ')}.`,
        en: `Not checked: the report does not give ${names.map((n) => n.en.toLowerCase()).join(', ')}.`,
      },
    };
  }
  const difference = l - r;
  const ok = difference === 0;
  return {
    ...base,
    status: ok ? 'ok' : 'mismatch',
    difference,
    message: ok
      ? { vi: `${lv.vi} ${formatNumber(l, 'vi')} = ${rv.vi} = ${formatNumber(r, 'vi')}.`, en: `${lv.en} ${formatNumber(l, 'en')} = ${rv.en} = ${formatNumber(r, 'en')}.` }
      : {
          vi: `Không cân đối: ${lv.vi.toLowerCase()} ${formatNumber(l, 'vi')} ≠ ${rv.vi} = ${formatNumber(r, 'vi')} (chênh lệch ${formatNumber(Math.abs(difference), 'vi')}).`,
          en: `Does not balance: ${lv.en.toLowerCase()} ${formatNumber(l, 'en')} ≠ ${rv.en} = ${formatNumber(r, 'en')} (a difference of ${formatNumber(Math.abs(difference), 'en')}).`,
        },
  };
}

/** Fraction digits of a reported number (0.5 → 1, 98.25 → 2), at most 4. */
export function reportedDecimals(value: number): number {
  for (let d = 0; d < 4; d++) if (Math.abs(Math.round(value * 10 ** d) - value * 10 ** d) < 1e-9) return d;
  return 4;
}

/**
 * The on-time rate the counts give, in percent: (early + on_time) / resolved, or (resolved − late) / resolved when
 * only `late` is split out. Null when the counts do not say.
 */
export function computedOnTimeRate(f: ReportedFigures): { percent: number; on_time: number; resolved: number } | null {
  const resolved = get(f, 'resolved');
  if (resolved === null || resolved === 0) return null;
  const early = get(f, 'early');
  const onTime = get(f, 'on_time');
  const late = get(f, 'late');
  const count = early !== null && onTime !== null ? early + onTime : late !== null ? resolved - late : null;
  if (count === null) return null;
  return { percent: (100 * count) / resolved, on_time: count, resolved };
}

function rateCheck(f: ReportedFigures): FiguresCheck {
  const reported = get(f, 'on_time_rate');
  const computed = computedOnTimeRate(f);
  const left: FiguresSide = { label: { vi: 'Tỷ lệ báo cáo', en: 'Reported rate' }, value: reported, terms: [{ key: 'on_time_rate', value: reported }] };
  const termKeys: ReportedFigureKey[] = has(f, 'early') && has(f, 'on_time') ? ['early', 'on_time', 'resolved'] : ['late', 'resolved'];
  const right: FiguresSide = {
    label: termKeys[0] === 'early' ? { vi: '(trước hạn + đúng hạn) / đã giải quyết', en: '(early + on time) / resolved' } : { vi: '(đã giải quyết − quá hạn) / đã giải quyết', en: '(resolved − late) / resolved' },
    value: computed?.percent ?? null,
    terms: termKeys.map((key) => ({ key, value: get(f, key) })),
  };
  if (reported === null || computed === null) {
    const missing: ReportedFigureKey[] = [];
    if (reported === null) missing.push('on_time_rate');
    if (computed === null) {
      if (!has(f, 'resolved') || get(f, 'resolved') === 0) missing.push('resolved');
      if (!(has(f, 'early') && has(f, 'on_time')) && !has(f, 'late')) missing.push(...(['early', 'on_time', 'late'] as const).filter((k) => !has(f, k)));
    }
    return {
      id: 'on_time_rate',
      status: 'not_checked',
      left,
      right,
      difference: null,
      missing,
      assumed_zero: [],
      message: {
        vi: `Chưa so sánh được tỷ lệ: báo cáo không có ${missing.map((k) => REPORTED_FIGURE_LABELS[k].vi.toLowerCase()).join(', ') || 'số đã giải quyết'}.`,
        en: `Rate not compared: the report does not give ${missing.map((k) => REPORTED_FIGURE_LABELS[k].en.toLowerCase()).join(', ') || 'a resolved count'}.`,
      },
    };
  }
  // The counts' rate rounded as the report rounds its own: 99.96% is reported as 100% in a report without decimals.
  const d = reportedDecimals(reported);
  const agree = Math.round(computed.percent * 10 ** d) === Math.round(reported * 10 ** d);
  const difference = reported - computed.percent;
  return {
    id: 'on_time_rate',
    status: agree ? 'ok' : 'mismatch',
    left,
    right,
    difference,
    missing: [],
    assumed_zero: [],
    message: agree
      ? { vi: `Tỷ lệ báo cáo ${percent(reported, 'vi')} khớp với số liệu (${percent(computed.percent, 'vi')}).`, en: `The reported rate ${percent(reported, 'en')} agrees with the counts (${percent(computed.percent, 'en')}).` }
      : {
          vi: `Tỷ lệ báo cáo ${percent(reported, 'vi')} khác tỷ lệ tính từ số liệu ${formatNumber(computed.on_time, 'vi')}/${formatNumber(computed.resolved, 'vi')} = ${percent(computed.percent, 'vi')}.`,
          en: `The reported rate ${percent(reported, 'en')} differs from the counts' ${formatNumber(computed.on_time, 'en')}/${formatNumber(computed.resolved, 'en')} = ${percent(computed.percent, 'en')}.`,
        },
  };
}

/**
 * The consistency checks of indicators.md: `to_handle = carried_over + received_new`; the balance
 * `to_handle = resolved + pending + returned_unresolved + withdrawn + stopped` (the last three count 0 when not
 * reported, and say so; `to_handle` is the reported one, else carried_over + received_new); `resolved = early +
 * on_time + late`; `pending = pending_in_term + pending_overdue`; `received_new` = the channel split; the reported
 * rate against the counts'. Sơn Tây 2021: to handle 4,241, the other side 4,633.
 */
export function checkReportedFigures(f: ReportedFigures): FiguresCheck[] {
  const toHandleReported = get(f, 'to_handle');
  const arrivals = sumSide(f, ['carried_over', 'received_new'], { vi: 'Kỳ trước chuyển sang + tiếp nhận mới', en: 'Carried over + newly received' });
  const toHandle = toHandleReported !== null ? single(f, 'to_handle') : { side: { ...arrivals.side, label: REPORTED_FIGURE_LABELS.to_handle }, missing: arrivals.missing };
  const closedWithoutResult: ReportedFigureKey[] = ['returned_unresolved', 'withdrawn', 'stopped'];
  const outcomes = sumSide(f, ['resolved', 'pending', ...closedWithoutResult], { vi: 'Đã giải quyết + đang giải quyết + trả lại + rút + dừng', en: 'Resolved + pending + returned + withdrawn + stopped' }, closedWithoutResult);
  return [
    sumCheck('to_handle', single(f, 'to_handle'), arrivals),
    sumCheck('balance', toHandle, outcomes),
    sumCheck('resolved_split', single(f, 'resolved'), sumSide(f, ['early', 'on_time', 'late'], { vi: 'Trước hạn + đúng hạn + quá hạn', en: 'Early + on time + late' })),
    sumCheck('pending_split', single(f, 'pending'), sumSide(f, ['pending_in_term', 'pending_overdue'], { vi: 'Trong hạn + quá hạn', en: 'Within term + overdue' })),
    sumCheck(
      'channel_split',
      single(f, 'received_new'),
      sumSide(f, ['received_new_in_person', 'received_new_online', 'received_new_postal'], { vi: 'Trực tiếp + trực tuyến + bưu chính', en: 'In person + online + postal' }),
    ),
    rateCheck(f),
  ];
}

// ── Suggestions ────────────────────────────────────────────────────────────────────────────────────────────────

export type FigureSuggestionGrade = 'nc_minor' | 'observation';

/** A finding the verification suggests; the inspector decides whether to record it. */
export interface FigureSuggestion {
  item_code: string;
  suggests: FigureSuggestionGrade;
  title: { vi: string; en: string };
  message: { vi: string; en: string };
  facts: Record<string, number | string | boolean | null>;
}

/** The suggestion of figures that do not add up: on MC-9.1-01 (the unit monitors and reports the indicators). */
export function figuresSuggestion(checks: readonly FiguresCheck[]): FigureSuggestion | null {
  const failed = checks.filter((c) => c.status === 'mismatch');
  if (failed.length === 0) return null;
  const facts: FigureSuggestion['facts'] = {};
  for (const c of failed) {
    facts[`${c.id}_left`] = c.left.value;
    facts[`${c.id}_right`] = c.right.value;
    facts[`${c.id}_difference`] = c.difference;
  }
  return {
    item_code: REPORTED_FIGURES_ITEM_CODE,
    suggests: 'nc_minor',
    title: { vi: 'Số liệu báo cáo không cân đối', en: 'The reported figures do not add up' },
    message: { vi: failed.map((c) => c.message.vi).join(' '), en: failed.map((c) => c.message.en).join(' ') },
    facts,
  };
}

// ── The sampling plan and its verification ────────────────────────────────────────────────────────────────────

export interface SamplingOptions {
  margin?: number;
  expected_proportion?: number;
}

export interface SamplingPlan {
  /** The frame: the dossiers resolved in the period (the on-time rate's denominator). */
  population_key: 'resolved';
  population: number;
  confidence: 0.95;
  z: number;
  margin: number;
  expected_proportion: number;
  n0: number;
  n: number;
  minimum: number;
  size: number;
  seed: string;
  algorithm: typeof SAMPLE_DRAW_ALGORITHM;
}

/**
 * The plan for a report: N = the resolved dossiers (the rate's denominator: only a resolved dossier was early, on time
 * or late), the size for the margin and expected proportion, and the seed the draw uses. Null without `resolved`.
 */
export function planSample(f: ReportedFigures, options: SamplingOptions, seed: string): SamplingPlan | null {
  const population = get(f, 'resolved');
  if (population === null) return null;
  const margin = options.margin ?? DEFAULT_SAMPLE_MARGIN;
  const expected = options.expected_proportion ?? DEFAULT_EXPECTED_PROPORTION;
  const size = sampleSize({ population, margin, expected });
  return {
    population_key: 'resolved',
    population,
    confidence: 0.95,
    z: Z_95,
    margin,
    expected_proportion: expected,
    n0: size.n0,
    n: size.n,
    minimum: Math.min(SAMPLE_MINIMUM, population),
    size: size.size,
    seed,
    algorithm: SAMPLE_DRAW_ALGORITHM,
  };
}

export const SAMPLED_OUTCOMES = ['early', 'on_time', 'late', 'undecidable'] as const;
export type SampledOutcome = (typeof SAMPLED_OUTCOMES)[number];

export interface SampledDossier {
  position: number;
  dossier_code: string;
  outcome: SampledOutcome;
}

export interface SampleVerification {
  planned: number;
  checked: number;
  complete: boolean;
  early: number;
  on_time: number;
  late: number;
  undecidable: number;
  /** early + on_time + late: the dossiers the rate is computed over. */
  decided: number;
  sampled_rate_percent: number | null;
  interval: { confidence: 0.95; lower_percent: number; upper_percent: number } | null;
  reported_rate_percent: number | null;
  reported_rate_source: 'on_time_rate' | 'counts' | null;
  /** True when the reported rate, read with its own rounding, lies wholly outside the interval; null when not compared. */
  reported_outside: boolean | null;
  message: { vi: string; en: string };
  suggestion: FigureSuggestion | null;
}

/**
 * The sampled on-time rate (early + on time over the decided dossiers) with its Wilson 95% interval, against the
 * reported rate (`on_time_rate`, else the counts' rate). The reported rate is read with its own rounding: 100%
 * stands for [99.5%, 100.5%), so it is outside only when that whole range misses the interval. Outside: a suggested
 * finding on MC-9.1-02 with the numbers.
 */
export function verifySample(f: ReportedFigures, plan: Pick<SamplingPlan, 'size'>, results: readonly Pick<SampledDossier, 'outcome'>[]): SampleVerification {
  const count = (o: SampledOutcome) => results.filter((r) => r.outcome === o).length;
  const early = count('early');
  const onTime = count('on_time');
  const late = count('late');
  const undecidable = count('undecidable');
  const decided = early + onTime + late;
  const successes = early + onTime;
  const reportedGiven = get(f, 'on_time_rate');
  const fromCounts = computedOnTimeRate(f);
  const reported = reportedGiven ?? fromCounts?.percent ?? null;
  const source = reportedGiven !== null ? 'on_time_rate' : fromCounts ? 'counts' : null;
  const base = { planned: plan.size, checked: results.length, complete: results.length >= plan.size, early, on_time: onTime, late, undecidable, decided, reported_rate_percent: reported, reported_rate_source: source } as const;
  if (decided === 0) {
    return {
      ...base,
      sampled_rate_percent: null,
      interval: null,
      reported_outside: null,
      message: { vi: 'Chưa có hồ sơ mẫu nào xác định được đúng hạn hay quá hạn.', en: 'No sampled dossier was decided on time or late yet.' },
      suggestion: null,
    };
  }
  const w = wilsonInterval(successes, decided);
  const interval = { confidence: 0.95 as const, lower_percent: 100 * w.lower, upper_percent: 100 * w.upper };
  const rate = 100 * w.estimate;
  const sampleText = {
    vi: `mẫu ${formatNumber(decided, 'vi')} hồ sơ, ${formatNumber(successes, 'vi')} trước hoặc đúng hạn: ${percent(rate, 'vi')}, khoảng tin cậy 95% ${percent(interval.lower_percent, 'vi')}–${percent(interval.upper_percent, 'vi')}`,
    en: `a sample of ${formatNumber(decided, 'en')} dossiers, ${formatNumber(successes, 'en')} early or on time: ${percent(rate, 'en')}, 95% interval ${percent(interval.lower_percent, 'en')}–${percent(interval.upper_percent, 'en')}`,
  };
  if (reported === null) {
    return { ...base, sampled_rate_percent: rate, interval, reported_outside: null, message: { vi: `Tỷ lệ tính lại từ ${sampleText.vi}; báo cáo không nêu tỷ lệ.`, en: `Rate recomputed from ${sampleText.en}; the report states no rate.` }, suggestion: null };
  }
  const half = 0.5 * 10 ** -reportedDecimals(reported);
  const outside = reported + half <= interval.lower_percent || reported - half > interval.upper_percent;
  const message = outside
    ? {
        vi: `Tỷ lệ giải quyết trước và đúng hạn báo cáo (${percent(reported, 'vi')}) nằm ngoài khoảng tin cậy 95% của tỷ lệ tính lại từ ${sampleText.vi}.`,
        en: `The reported early-or-on-time rate (${percent(reported, 'en')}) lies outside the 95% interval of the rate recomputed from ${sampleText.en}.`,
      }
    : {
        vi: `Tỷ lệ báo cáo (${percent(reported, 'vi')}) nằm trong khoảng tin cậy 95% của tỷ lệ tính lại từ ${sampleText.vi}.`,
        en: `The reported rate (${percent(reported, 'en')}) lies within the 95% interval of the rate recomputed from ${sampleText.en}.`,
      };
  const suggestion: FigureSuggestion | null = outside
    ? {
        item_code: ON_TIME_RATE_ITEM_CODE,
        suggests: 'nc_minor',
        title: { vi: 'Tỷ lệ đúng hạn báo cáo không khớp với mẫu hồ sơ', en: 'The reported on-time rate does not match the dossier sample' },
        message,
        facts: {
          reported_rate_percent: reported,
          reported_rate_source: source,
          sample_decided: decided,
          sample_on_time: successes,
          sample_late: late,
          sample_undecidable: undecidable,
          sampled_rate_percent: rate,
          interval_lower_percent: interval.lower_percent,
          interval_upper_percent: interval.upper_percent,
          complete: base.complete,
        },
      }
    : null;
  return { ...base, sampled_rate_percent: rate, interval, reported_outside: outside, message, suggestion };
}

// ── Sweeps: counting rule outcomes ─────────────────────────────────────────────────────────────────────────────

export const SAMPLE_RULE_OUTCOMES = ['pass', 'violation', 'not_applicable', 'undecidable'] as const;
export type SampleRuleOutcome = (typeof SAMPLE_RULE_OUTCOMES)[number];

/**
 * The rule whose decided outcomes give a sweep's on-time rate: `returned-late` passes a dossier returned (or
 * finished) by the appointment in force and flags one returned after it, which is the early-or-on-time definition of
 * indicators.md for resolved dossiers. Open dossiers do not count (the rule is not applicable to them).
 */
export const ON_TIME_RULE_ID = 'returned-late';

export interface RuleOutcomeCounts {
  rule_id: string;
  rule_version: number;
  item_code: string;
  pass: number;
  violation: number;
  not_applicable: number;
  undecidable: number;
}

export interface SweepCounts {
  rules: RuleOutcomeCounts[];
  on_time: { rule_id: string; on_time: number; late: number; decided: number; rate_percent: number | null } | null;
  /** Dossiers with at least one violation. */
  dossiers_with_violation: number;
}

/**
 * Per-rule counts of a sweep's outcomes, in the rule set's order (every rule listed, zero when no dossier reported
 * it), and the on-time rate from ON_TIME_RULE_ID. Outcomes naming a rule outside `rules` are not counted (the caller
 * refuses them first).
 */
export function countSweepOutcomes(
  rules: readonly { id: string; version: number; item_code: string }[],
  dossiers: readonly { outcomes: readonly { rule_id: string; outcome: SampleRuleOutcome }[] }[],
): SweepCounts {
  const counts = new Map<string, RuleOutcomeCounts>();
  for (const r of rules) counts.set(r.id, { rule_id: r.id, rule_version: r.version, item_code: r.item_code, pass: 0, violation: 0, not_applicable: 0, undecidable: 0 });
  let withViolation = 0;
  for (const d of dossiers) {
    let violated = false;
    for (const o of d.outcomes) {
      const c = counts.get(o.rule_id);
      if (!c) continue;
      c[o.outcome] += 1;
      if (o.outcome === 'violation') violated = true;
    }
    if (violated) withViolation += 1;
  }
  const onTimeRule = counts.get(ON_TIME_RULE_ID);
  const decided = onTimeRule ? onTimeRule.pass + onTimeRule.violation : 0;
  return {
    rules: [...counts.values()],
    on_time: onTimeRule
      ? { rule_id: ON_TIME_RULE_ID, on_time: onTimeRule.pass, late: onTimeRule.violation, decided, rate_percent: decided === 0 ? null : (100 * onTimeRule.pass) / decided }
      : null,
    dossiers_with_violation: withViolation,
  };
}
