// The Vietnamese lunisolar calendar (âm lịch), computed from the astronomy for the time zone UTC+7.
//
// The rules: a month begins on the local day of a new moon; the month holding the winter solstice is month 11; when
// 13 months begin between one month 11 and the next, the first month after month 11 in which the sun enters no new
// sign (no major solar term: its apparent longitude crosses no multiple of 30°) is a leap month (tháng nhuận) and
// repeats the number of the month before it. A lunar year is numbered by the Gregorian year of its Tết (month 1, day
// 1). North Vietnam has computed the calendar for its own time zone since 1968 (before, Vietnam used China's, computed
// for UTC+8: `lunisolarCalendar(8)`), so some years differ from China's: Tết 1968 (29 against 30 January), 1985 (the
// 1984 winter solstice fell late on 21 December at UTC+7, early on the 22nd at UTC+8), 2007 and 2030 (the new moon
// fell late in the evening at UTC+7, just after midnight at UTC+8).
//
// The astronomy (Meeus, "Astronomical Algorithms", 2nd ed.): new moons by the series of chapter 49, the sun's apparent
// longitude from the earth's orbit by VSOP87 truncated as in appendix III (chapter 25's method), ΔT by the
// Espenak–Meeus polynomials; both instants are good to about a minute against published times. Dates are exact unless
// a new moon or a solar term falls within a minute or two of local midnight: between 1900 and 2199 the closest cases
// are pinned in lunar.test.ts. After 2050 ΔT (the slowing of the earth's rotation) is extrapolated and uncertain by
// minutes, so the late 22nd century's near-midnight new moons may yet move by a day.
import type { LocalDate } from './types.ts';

/** A date of the lunisolar calendar: `year` is the Gregorian year of the lunar year's Tết. */
export interface LunarDate {
  year: number;
  /** 1–12. */
  month: number;
  /** 1–30. */
  day: number;
  /** The leap month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** One month of a lunar year. */
export interface LunarMonth {
  year: number;
  month: number;
  leap: boolean;
  /** Its first day (the local day of the new moon). */
  start: LocalDate;
  /** 29 or 30 days. */
  length: number;
}

/**
 * First and last years the conversions answer for: Gregorian dates of 1900–2199, lunar dates that fall in them (the
 * last days of lunar year 1899 are in January 1900; the end of lunar year 2199 is in 2200, out of range).
 */
export const LUNAR_FIRST_YEAR = 1900;
export const LUNAR_LAST_YEAR = 2199;

// ── Time scales ────────────────────────────────────────────────────────────────────────────────────────────────
// Days are counted as local day numbers: days since 1970-01-01 in UTC+7. Instants are Julian days (UT or TT).

const JD_UNIX_EPOCH = 2440587.5;
const J2000 = 2451545.0;
const RAD = Math.PI / 180;
const SYNODIC_MONTH = 29.530588861;
/** JDE of the mean new moon k = 0 (2000-01-06). */
const NEW_MOON_EPOCH = 2451550.09766;

/**
 * ΔT = TT − UT in seconds for a decimal year (Espenak & Meeus, "Five Millennium Canon of Solar Eclipses", 2006). A few
 * seconds of error before 2025; beyond about 2050 the polynomials extrapolate the earth's rotation (minutes by 2199).
 */
function deltaT(y: number): number {
  if (y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (y - 1820) / 100;
  return -20 + 32 * u * u - (y < 2150 ? 0.5628 * (2150 - y) : 0);
}

const yearOfJd = (jd: number) => 2000 + (jd - J2000) / 365.25;
const ttOfUt = (jdUt: number) => jdUt + deltaT(yearOfJd(jdUt)) / 86400;
const utOfTt = (jdTt: number) => jdTt - deltaT(yearOfJd(jdTt)) / 86400;

// ── The moon ───────────────────────────────────────────────────────────────────────────────────────────────────

const sin = (deg: number) => Math.sin(deg * RAD);

/** JDE (TT) of the true new moon of lunation `k` (k = 0: 2000-01-06; Meeus chapter 49). */
function newMoonJde(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const T4 = T3 * T;
  const mean = NEW_MOON_EPOCH + SYNODIC_MONTH * k + 0.00015437 * T2 - 0.00000015 * T3 + 0.00000000073 * T4;
  // The eccentricity of the earth's orbit scales the terms with the sun's anomaly.
  const E = 1 - 0.002516 * T - 0.0000074 * T2;
  const M = 2.5534 + 29.1053567 * k - 0.0000014 * T2 - 0.00000011 * T3; // the sun's mean anomaly
  const Mp = 201.5643 + 385.81693528 * k + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4; // the moon's
  const F = 160.7108 + 390.67050284 * k - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4; // argument of latitude
  const O = 124.7746 - 1.56375588 * k + 0.0020672 * T2 + 0.00000215 * T3; // longitude of the ascending node
  const periodic =
    -0.4072 * sin(Mp) +
    0.17241 * E * sin(M) +
    0.01608 * sin(2 * Mp) +
    0.01039 * sin(2 * F) +
    0.00739 * E * sin(Mp - M) -
    0.00514 * E * sin(Mp + M) +
    0.00208 * E * E * sin(2 * M) -
    0.00111 * sin(Mp - 2 * F) -
    0.00057 * sin(Mp + 2 * F) +
    0.00056 * E * sin(2 * Mp + M) -
    0.00042 * sin(3 * Mp) +
    0.00042 * E * sin(M + 2 * F) +
    0.00038 * E * sin(M - 2 * F) -
    0.00024 * E * sin(2 * Mp - M) -
    0.00017 * sin(O) -
    0.00007 * sin(Mp + 2 * M) +
    0.00004 * sin(2 * Mp - 2 * F) +
    0.00004 * sin(3 * M) +
    0.00003 * sin(Mp + M - 2 * F) +
    0.00003 * sin(2 * Mp + 2 * F) -
    0.00003 * sin(Mp + M + 2 * F) +
    0.00003 * sin(Mp - M + 2 * F) -
    0.00002 * sin(Mp - M - 2 * F) -
    0.00002 * sin(3 * Mp + M) +
    0.00002 * sin(4 * Mp);
  // Planetary arguments, common to all phases.
  const planetary =
    0.000325 * sin(299.77 + 0.107408 * k - 0.009173 * T2) +
    0.000165 * sin(251.88 + 0.016321 * k) +
    0.000164 * sin(251.83 + 26.651886 * k) +
    0.000126 * sin(349.42 + 36.412478 * k) +
    0.00011 * sin(84.66 + 18.206239 * k) +
    0.000062 * sin(141.74 + 53.303771 * k) +
    0.00006 * sin(207.14 + 2.453732 * k) +
    0.000056 * sin(154.84 + 7.30686 * k) +
    0.000047 * sin(34.52 + 27.261239 * k) +
    0.000042 * sin(207.19 + 0.121824 * k) +
    0.00004 * sin(291.34 + 1.844379 * k) +
    0.000037 * sin(161.72 + 24.198154 * k) +
    0.000035 * sin(239.56 + 25.513099 * k) +
    0.000023 * sin(331.55 + 3.592518 * k);
  return mean + periodic + planetary;
}

/** The instant (epoch milliseconds, UTC) of the new moon of lunation `k` (k = 0 is 2000-01-06 18:14 UT). */
export function newMoonUtc(k: number): number {
  return (utOfTt(newMoonJde(k)) - JD_UNIX_EPOCH) * 86_400_000;
}

/** The lunation whose mean new moon is nearest the Julian day `jd`. */
const lunationNear = (jd: number) => Math.round((jd - NEW_MOON_EPOCH) / SYNODIC_MONTH);

// ── The sun ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Periodic terms `[amplitude (1e-8), phase (rad), frequency (rad per Julian millennium)]` of the earth's orbit. */
type Series = readonly (readonly [number, number, number])[];

// The earth's heliocentric longitude and radius vector by VSOP87 (Bretagnon & Francou 1988), truncated as in Meeus
// appendix III to the terms that move the longitude by about 0.2" or more: the sun's longitude is then good to about
// 1" (half a minute of time), where the textbook equation of centre alone errs by up to 0.01° (15 minutes).
const L0: Series = [
  [175347046, 0, 0], [3341656, 4.6692568, 6283.07585], [34894, 4.6261, 12566.1517], [3497, 2.7441, 5753.3849],
  [3418, 2.8289, 3.5231], [3136, 3.6277, 77713.7715], [2676, 4.4181, 7860.4194], [2343, 6.1352, 3930.2097],
  [1324, 0.7425, 11506.7698], [1273, 2.0371, 529.691], [1199, 1.1096, 1577.3435], [990, 5.233, 5884.927],
  [902, 2.045, 26.298], [857, 3.508, 398.149], [780, 1.179, 5223.694], [753, 2.533, 5507.553], [505, 4.583, 18849.228],
  [492, 4.205, 775.523], [357, 2.92, 0.067], [317, 5.849, 11790.629], [284, 1.899, 796.298], [271, 0.315, 10977.079],
  [243, 0.345, 5486.778], [206, 4.806, 2544.314], [205, 1.869, 5573.143], [202, 2.458, 6069.777], [156, 0.833, 213.299],
  [132, 3.411, 2942.463], [126, 1.083, 20.775], [115, 0.645, 0.98], [103, 0.636, 4694.003], [102, 0.976, 15720.839],
  [102, 4.267, 7.114], [99, 6.21, 2146.17], [98, 0.68, 155.42], [86, 5.98, 161000.69], [85, 1.3, 6275.96],
  [85, 3.67, 71430.7], [80, 1.81, 17260.15],
];
const L1: Series = [
  [628331966747, 0, 0], [206059, 2.678235, 6283.07585], [4303, 2.6351, 12566.1517], [425, 1.59, 3.523],
  [119, 5.796, 26.298], [109, 2.966, 1577.344], [93, 2.59, 18849.23], [72, 1.14, 529.69], [68, 1.87, 398.15],
  [67, 4.41, 5507.55], [59, 2.89, 5223.69], [56, 2.17, 155.42], [45, 0.4, 796.3], [36, 0.47, 775.52], [29, 2.65, 7.11],
  [21, 5.34, 0.98], [19, 1.85, 5486.78], [19, 4.97, 213.3], [17, 2.99, 6275.96], [16, 0.03, 2544.31],
];
const L2: Series = [
  [52919, 0, 0], [8720, 1.0721, 6283.0758], [309, 0.867, 12566.152], [27, 0.05, 3.52], [16, 5.19, 26.3],
  [16, 3.68, 155.42], [10, 0.76, 18849.23], [9, 2.06, 77713.77], [7, 0.83, 775.52], [5, 4.66, 1577.34],
];
const L3: Series = [[289, 5.844, 6283.076], [35, 0, 0], [17, 5.49, 12566.15], [3, 5.2, 155.42], [1, 4.72, 3.52]];
const L4: Series = [[114, 3.142, 0], [8, 4.13, 6283.08], [1, 3.84, 12566.15]];
const L5: Series = [[1, 3.14, 0]];
// The radius vector only scales the aberration (20.5"), so its leading terms suffice.
const R0: Series = [[100013989, 0, 0], [1670700, 3.0984635, 6283.07585], [13956, 3.05525, 12566.1517]];
const R1: Series = [[103019, 1.10749, 6283.07585], [1721, 1.0644, 12566.1517]];
const R2: Series = [[4359, 5.7846, 6283.0758]];

function series(terms: Series, tau: number): number {
  let sum = 0;
  for (const [a, b, c] of terms) sum += a * Math.cos(b + c * tau);
  return sum;
}

const normalize = (deg: number) => ((deg % 360) + 360) % 360;

/** The sun's apparent geocentric longitude (degrees, true equinox of date) at the JDE `jde` (Meeus chapter 25). */
function sunLongitudeTt(jde: number): number {
  const tau = (jde - J2000) / 365250;
  const L =
    (series(L0, tau) + tau * (series(L1, tau) + tau * (series(L2, tau) + tau * (series(L3, tau) + tau * (series(L4, tau) + tau * series(L5, tau)))))) /
    1e8;
  const R = (series(R0, tau) + tau * (series(R1, tau) + tau * series(R2, tau))) / 1e8;
  const T = tau * 10;
  // Nutation in longitude (the four largest terms, 0.5"), from the moon's node and the sun's and moon's mean longitudes.
  const omega = 125.04452 - 1934.136261 * T;
  const nutation = -17.2 * sin(omega) - 1.32 * sin(2 * (280.4665 + 36000.7698 * T)) - 0.23 * sin(2 * (218.3165 + 481267.8813 * T)) + 0.21 * sin(2 * omega);
  // Geocentric = heliocentric + 180°; then the FK5 frame correction, nutation and aberration (arcseconds).
  return normalize(L / RAD + 180 + (-0.09033 + nutation - 20.4898 / R) / 3600);
}

/** The sun's apparent longitude (degrees) at an instant (epoch milliseconds, UTC). */
export function sunApparentLongitude(utcMs: number): number {
  return sunLongitudeTt(ttOfUt(utcMs / 86_400_000 + JD_UNIX_EPOCH));
}

// ── Months ─────────────────────────────────────────────────────────────────────────────────────────────────────

interface Month {
  /** Day number of day 1 (days since 1970-01-01 in the calendar's time zone). */
  start: number;
  month: number;
  leap: boolean;
  /** The lunar year it belongs to. */
  year: number;
}

/** Conversions of the lunisolar calendar computed for one time zone. */
export interface LunisolarCalendar {
  /** The lunar date of a Gregorian date (years 1900–2199). */
  solarToLunar(date: LocalDate): LunarDate;
  /** The Gregorian date of a lunar date (RangeError for a month or day the year does not have). */
  lunarToSolar(lunar: LunarDate): LocalDate;
  /** The months of lunar year `year` (12, or 13 with a leap month), in order. */
  lunarYearMonths(year: number): LunarMonth[];
}

/**
 * The lunisolar calendar computed for the time zone `utcOffsetHours` ahead of UTC: 7 for Vietnam since 1968 (the
 * exported `solarToLunar` and friends), 8 for China's calendar and for Vietnam's before 1968.
 */
export function lunisolarCalendar(utcOffsetHours: number): LunisolarCalendar {
  const zone = utcOffsetHours / 24;
  /** The local day number of an instant given as a Julian day in UT. */
  const localDayOfJd = (jdUt: number) => Math.floor(jdUt - JD_UNIX_EPOCH + zone);
  /** The Julian day (UT) of the local midnight beginning local day `day`. */
  const jdOfLocalMidnight = (day: number) => day + JD_UNIX_EPOCH - zone;
  /** Local day number of the new moon of lunation `k`. */
  const newMoonDay = (k: number) => localDayOfJd(utOfTt(newMoonJde(k)));
  /**
   * The major solar term in force when local day `day` begins: ⌊longitude / 30°⌋, 0–11 (9 from the winter solstice).
   * A month holds a major term when the value differs at its first day and at the next month's first day.
   */
  const termAtDayStart = (day: number) => Math.floor(sunLongitudeTt(ttOfUt(jdOfLocalMidnight(day))) / 30);

  /** The lunation beginning the month that holds the winter solstice of December of `year` (month 11). */
  function month11Lunation(year: number): number {
    const dec31 = Date.UTC(year, 11, 31) / 86_400_000;
    let k = lunationNear(jdOfLocalMidnight(dec31));
    while (newMoonDay(k) > dec31) k -= 1;
    while (newMoonDay(k + 1) <= dec31) k += 1;
    // The last month begun by 31 December holds the solstice unless the solstice came before the month's first day.
    return termAtDayStart(newMoonDay(k)) >= 9 ? k - 1 : k;
  }

  /**
   * The months from month 11 of lunar year `year - 1` up to month 11 of lunar year `year`: months 11 and 12 of `year -
   * 1`, months 1–10 of `year`, and the leap month if there is one; a last entry gives the end (the next month 11).
   */
  const spans = new Map<number, readonly Month[]>();
  function span(year: number): readonly Month[] {
    const known = spans.get(year);
    if (known) return known;
    const k0 = month11Lunation(year - 1);
    const k1 = month11Lunation(year);
    const starts: number[] = [];
    for (let k = k0; k <= k1; k++) starts.push(newMoonDay(k));
    const count = k1 - k0; // 12, or 13 with a leap month
    let leapAt = -1;
    if (count === 13) {
      // The first month after month 11 without a major term repeats the number of the month before it.
      for (let i = 1; i < 13 && leapAt === -1; i++) {
        if (termAtDayStart(starts[i] ?? 0) === termAtDayStart(starts[i + 1] ?? 0)) leapAt = i;
      }
    }
    const months: Month[] = [];
    let number = 10;
    for (let i = 0; i < count; i++) {
      const leap = i === leapAt;
      if (!leap) number = (number % 12) + 1;
      months.push({ start: starts[i] ?? 0, month: number, leap, year: number >= 11 ? year - 1 : year });
    }
    months.push({ start: starts[count] ?? 0, month: 11, leap: false, year });
    spans.set(year, months);
    return months;
  }

  return {
    solarToLunar(date) {
      const day = localDayNumber(date);
      const gregorianYear = Number(date.slice(0, 4));
      checkYear(gregorianYear, 'year', date);
      let months = span(gregorianYear);
      // From month 11 on, late in the year, the date is in the next span.
      if (day >= (months[months.length - 1]?.start ?? 0)) months = span(gregorianYear + 1);
      for (let i = months.length - 2; i >= 0; i--) {
        const m = months[i];
        if (m !== undefined && m.start <= day) return { year: m.year, month: m.month, day: day - m.start + 1, leap: m.leap };
      }
      throw new RangeError(`no lunar month holds ${date}`); // unreachable: a span begins before 1 January
    },

    lunarToSolar({ year, month, day, leap }) {
      // Lunar year 1899 ends in January 1900: its last days are in range.
      checkYear(year === LUNAR_FIRST_YEAR - 1 ? year + 1 : year, 'lunar year');
      if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
        throw new RangeError(`no lunar month ${month}, day ${day}`);
      }
      const s = span(month >= 11 ? year + 1 : year);
      for (let i = 0; i + 1 < s.length; i++) {
        const m = s[i];
        const next = s[i + 1];
        if (m === undefined || next === undefined || m.month !== month || m.leap !== leap || m.year !== year) continue;
        const length = next.start - m.start;
        if (day > length) throw new RangeError(`lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has ${length} days`);
        const date = localDateOfDayNumber(m.start + day - 1);
        checkYear(Number(date.slice(0, 4)), 'year', date);
        return date;
      }
      throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    },

    lunarYearMonths(year) {
      checkYear(year, 'lunar year');
      const out: LunarMonth[] = [];
      for (const s of [span(year), span(year + 1)]) {
        for (let i = 0; i + 1 < s.length; i++) {
          const m = s[i];
          const next = s[i + 1];
          if (m === undefined || next === undefined || m.year !== year) continue;
          out.push({ year, month: m.month, leap: m.leap, start: localDateOfDayNumber(m.start), length: next.start - m.start });
        }
      }
      return out;
    },
  };
}

// ── Local dates ────────────────────────────────────────────────────────────────────────────────────────────────

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number (days since 1970-01-01) of a date `YYYY-MM-DD`; RangeError for anything else. */
export function localDayNumber(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (m === null) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (mo < 1 || mo > 12 || back.getUTCDate() !== d || back.getUTCFullYear() !== y) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return t / 86_400_000;
}

/** The date `YYYY-MM-DD` of a day number. */
export function localDateOfDayNumber(day: number): LocalDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function checkYear(year: number, what: string, date?: LocalDate): void {
  if (!Number.isInteger(year) || year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) {
    throw new RangeError(`${what} ${date ?? year} is outside ${LUNAR_FIRST_YEAR}–${LUNAR_LAST_YEAR}`);
  }
}

// ── Vietnam (UTC+7) ────────────────────────────────────────────────────────────────────────────────────────────

let vietnam: LunisolarCalendar | undefined;
/** Built on first use: importing the module computes nothing. */
const vn = () => (vietnam ??= lunisolarCalendar(7));

/** The lunar date of a Gregorian date, 1900-01-01 to 2199-12-31 (Vietnam, UTC+7). */
export const solarToLunar = (date: LocalDate): LunarDate => vn().solarToLunar(date);
/** The Gregorian date of a lunar date (Vietnam, UTC+7); RangeError for a month or day the year does not have. */
export const lunarToSolar = (lunar: LunarDate): LocalDate => vn().lunarToSolar(lunar);
/** The months of lunar year `year` (12, or 13 with a leap month), in order (Vietnam, UTC+7). */
export const lunarYearMonths = (year: number): LunarMonth[] => vn().lunarYearMonths(year);
/** The leap month of lunar year `year` (Vietnam, UTC+7), or null. */
export const leapMonthOf = (year: number): number | null => vn().lunarYearMonths(year).find((m) => m.leap)?.month ?? null;
