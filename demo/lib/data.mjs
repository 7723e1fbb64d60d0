// Deterministic dossiers of the demo one-stop shop.
//
// A pool of 2,000 dossiers is generated from a seeded PRNG (one generator per dossier index, so a dossier does not
// change when the pool size changes). The first 120 form the default register; the first 30 are forced to cover
// every case an audit looks for, and the next ones the edge cases of the automated checks (see FORCED). Dates run
// from January 2025 to the reference "now" (20/11/2026 16:30, override with DEMO_NOW=YYYY-MM-DDTHH:mm), on both sides
// of 1 July 2025. From each dossier's case and anomalies, ground-truth.mjs names the check rules it breaks.

import {
  DAY_MS,
  WORK_MINUTES_PER_DAY as WD,
  dayOf,
  dayStartWM,
  fmtDate,
  fromWM,
  local,
  toWM,
  yymmdd,
} from './calendar.mjs';
import {
  BIRTH_PROVINCES,
  CHANNELS,
  ERAS,
  FAMILY,
  GIVEN_F,
  GIVEN_M,
  MIDDLE_F,
  MIDDLE_M,
  OTHER_WARDS,
  PROCEDURES,
  REFORM_DATE,
  ROLES,
  STATUSES,
  STREETS,
} from './catalogue.mjs';

export const POOL_SIZE = 2000;
export const BASE_COUNT = 120;
export const DEFAULT_NOW = local(2026, 11, 20, 16, 30);
const FIRST_RECEIPT = local(2025, 1, 2, 8, 0);
const SEED = 0x5eed2025;
/** A second generator per dossier for the choices added with the ground truth, so the first one's draws stay as they were. */
const SEED2 = 0x9e0c4eed;

// ---------------------------------------------------------------------------------------------------------------
// PRNG

/** A small seeded PRNG: the same sequence for the same seed on every run (both demo systems use it). */
export function mulberry32(a) {
  return function next() {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  float(a = 0, b = 1) {
    return a + (b - a) * this.next();
  }
  /** Integer in [a, b]. */
  int(a, b) {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(arr) {
    return arr[Math.floor(this.next() * arr.length)];
  }
  weighted(weights) {
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

/**
 * The first dossiers of the pool (all inside the default register) cover every case on purpose; `edge` names the
 * edge cases of the automated checks (ground-truth.mjs lists their codes). Options besides the case: `returnAt`
 * ('due': at the appointment minute; 'due+25': 25 minutes after it, the same day), `evening` (an online dossier
 * submitted the evening before the previous working day, received the next morning), `finishedLate` (a result ready
 * after the appointment, not collected yet).
 */
const FORCED = [
  { scenario: 'early', channel: 'in_person', era: 'post' },
  { scenario: 'on_time', channel: 'online', era: 'post' },
  { scenario: 'late_apology', channel: 'in_person', era: 'pre', proc: '1.012756' },
  { scenario: 'late_no_apology', channel: 'postal', era: 'post' },
  { scenario: 'pending_overdue', channel: 'in_person', edge: 'open_past_due_without_apology' },
  { scenario: 'pending_overdue_apology', channel: 'online', proc: '1.012756', edge: 'open_past_due_with_apology' },
  { scenario: 'pending_in_term', channel: 'online' },
  { scenario: 'early', channel: 'postal', era: 'pre' },
  { scenario: 'awaiting_return', channel: 'in_person' },
  { scenario: 'supplement', channel: 'in_person' },
  { scenario: 'refused', channel: 'online' },
  { scenario: 'withdrawn', channel: 'in_person' },
  { scenario: 'stopped', channel: 'in_person', proc: '1.012756' },
  { scenario: 'awaiting_intake', channel: 'online' },
  { scenario: 'new', channel: 'in_person' },
  { scenario: 'late_apology', channel: 'online', era: 'post', anomalies: ['apology_after_due'], edge: 'apology_after_appointment' },
  { scenario: 'late_apology', channel: 'in_person', era: 'post', proc: '1.009794', anomalies: ['returned_after_new_due'], edge: 'returned_after_new_appointment' },
  { scenario: 'pending_overdue', channel: 'in_person', era: 'pre', proc: '1.001776', stuck: true },
  { scenario: 'early', channel: 'in_person', era: 'post', proc: '1.000894', anomalies: ['due_miscalculated'], edge: 'appointment_beyond_statutory_limit' },
  { scenario: 'on_time', channel: 'in_person', era: 'pre', anomalies: ['step_time_reversed'] },
  { scenario: 'early', channel: 'in_person', era: 'post', anomalies: ['missing_receiving_officer'] },
  { scenario: 'late_no_apology', channel: 'in_person', era: 'pre', proc: '1.001193' },
  { scenario: 'early', channel: 'in_person', era: 'post', proc: '2.000815', anomalies: ['fee_mismatch'] },
  { scenario: 'on_time', channel: 'postal', era: 'post', anomalies: ['postal_no_tracking'] },
  { scenario: 'early', channel: 'in_person', era: 'post', anomalies: ['not_digitized'] },
  { scenario: 'early', channel: 'online', era: 'post', anomalies: ['sync_error'] },
  { scenario: 'awaiting_intake', channel: 'online', proc: '1.004873', anomalies: ['slow_online_intake'] },
  { scenario: 'early', channel: 'online', era: 'post', proc: '2.000720' },
  { scenario: 'on_time', channel: 'in_person', era: 'pre', proc: '1.004873' },
  { scenario: 'late_no_apology', channel: 'in_person', era: 'post', proc: '1.009794', anomalies: ['late_transfer', 'step_missing_handler'] },
  // Edge cases of the automated checks (docs/checks.md).
  { scenario: 'on_time', channel: 'in_person', era: 'post', returnAt: 'due', edge: 'returned_at_appointment_minute' },
  { scenario: 'late_no_apology', channel: 'in_person', era: 'post', returnAt: 'due+25', edge: 'returned_25_minutes_late' },
  { scenario: 'early', channel: 'in_person', era: 'post', anomalies: ['no_appointment_date'], edge: 'received_without_appointment' },
  { scenario: 'pending_in_term', channel: 'postal', anomalies: ['no_appointment_date'], edge: 'open_without_appointment' },
  { scenario: 'late_apology', channel: 'in_person', era: 'post', proc: '1.009794', edge: 'apology_returned_by_new_date' },
  { scenario: 'supplement', channel: 'online', anomalies: ['double_supplement'], edge: 'supplement_requested_twice' },
  { scenario: 'late_apology', channel: 'in_person', era: 'post', proc: '1.012756', anomalies: ['apology_same_day'], edge: 'apology_on_the_appointment_day' },
  { scenario: 'early', channel: 'online', era: 'post', evening: true, edge: 'online_evening_submission_received_next_day' },
  { scenario: 'early', channel: 'online', era: 'post', anomalies: ['slow_online_intake'], edge: 'online_received_late' },
  { scenario: 'pending_overdue_apology', channel: 'in_person', anomalies: ['new_due_passed'], edge: 'open_past_new_appointment' },
  { scenario: 'awaiting_return', channel: 'in_person', finishedLate: true, edge: 'result_finished_late_not_collected' },
];

/** Random anomalies (rates per dossier where they apply); the forced ones above guarantee at least one of each. */
const ANOMALY_RATES = {
  due_miscalculated: 0.02,
  missing_receiving_officer: 0.01,
  step_time_reversed: 0.015,
  step_missing_handler: 0.015,
  late_transfer: 0.03,
  postal_no_tracking: 0.25,
  fee_mismatch: 0.03,
  no_receipt_no: 0.02,
  not_digitized: 0.05,
  no_result_file: 0.03,
  missing_attachment: 0.03,
  unsigned_result: 0.02,
  apology_after_due: 0.25,
  returned_after_new_due: 0.2,
  new_due_passed: 0.3,
  sync_error: 0.02,
  sync_stale: 0.02,
  slow_online_intake: 0.06,
  no_current_handler: 0.1,
  book_mismatch: 0.02,
  double_supplement: 0.25,
  no_stop_notice: 0.3,
  no_refusal_reason: 0.2,
  step_no_overrun_note: 0.4,
  // Drawn from the second generator.
  no_appointment_date: 0.012,
  apology_same_day: 0.2,
};

const RETURNED = new Set(['early', 'on_time', 'late_apology', 'late_no_apology']);
/** Cases that may lack an appointment date: none of them needs one to be judged late (see ground-truth.mjs). */
const NO_DUE_SCENARIOS = new Set(['early', 'on_time', 'pending_in_term', 'new', 'awaiting_return', 'supplement', 'withdrawn', 'stopped']);
const PENDING_OVERDUE = new Set(['pending_overdue', 'pending_overdue_apology']);

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const H = 3_600_000;
const at17 = (dayStart) => fromWM(dayStart) + 9 * H; // 17:00 of the working day that starts at dayStart

function stripDiacritics(s) {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

function roleAt(role, t) {
  const r = ROLES[role];
  const era = t < REFORM_DATE ? 'pre' : 'post';
  return r[era] ?? r.pre;
}

/** Split `total` hours over weights (largest remainder, at least 1 h each). */
function distributeHours(total, weights) {
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map((x) => Math.max(1, Math.floor(x)));
  let left = total - out.reduce((s, x) => s + x, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]] += 1;
  return out;
}

export function templateFor(proc, era) {
  return (era === 'pre' && proc.templatePre) || proc.template;
}

export function allottedHours(proc, era) {
  const tpl = templateFor(proc, era);
  if (proc.stepHours && proc.stepHours.length === tpl.length) return proc.stepHours;
  return distributeHours((proc.configuredDays ?? proc.days) * 8, tpl.map((s) => s[2]));
}

function makePerson(rng, era) {
  const female = rng.chance(0.5);
  const family = rng.pick(FAMILY);
  const middle = rng.pick(female ? MIDDLE_F : MIDDLE_M);
  const given = rng.pick(female ? GIVEN_F : GIVEN_M);
  const name = `${family} ${middle} ${given}`;
  const year = rng.int(1952, 2004);
  const birth = local(year, rng.int(1, 12), rng.int(1, 28));
  const century = year >= 2000 ? (female ? 3 : 2) : female ? 1 : 0;
  const cccd = `${rng.pick(BIRTH_PROVINCES)}${century}${String(year % 100).padStart(2, '0')}${rng.digits(6)}`;
  const prefix = rng.pick(['091', '094', '088', '096', '097', '098', '086', '090', '093', '089', '070', '077', '033', '035', '038', '039', '081', '083']);
  const rest = rng.digits(7);
  const mobile = prefix + rest; // 10 digits
  const phone = [
    mobile,
    `${mobile.slice(0, 4)} ${mobile.slice(4, 7)} ${mobile.slice(7)}`,
    `${mobile.slice(0, 4)}.${mobile.slice(4, 7)}.${mobile.slice(7)}`,
    `+84 ${mobile.slice(1, 4)} ${mobile.slice(4, 7)} ${mobile.slice(7)}`,
  ][rng.int(0, 3)];
  const a = stripDiacritics(given).toLowerCase();
  const f = stripDiacritics(family).toLowerCase();
  const m = stripDiacritics(middle).toLowerCase();
  const yy = String(year % 100).padStart(2, '0');
  const email = rng.chance(0.12)
    ? null
    : [
        `${a}${f[0]}${m[0]}${yy}@gmail.com`,
        `${f}.${a}${yy}@gmail.com`,
        `${a}.${f}${rng.int(1, 99)}@yahoo.com.vn`,
        `${f}${m}${a}@outlook.com`,
        `${a}${m[0]}${f[0]}.hl@gmail.com`,
      ][rng.int(0, 4)];
  const ward = rng.chance(era === 'post' ? 0.25 : 0.08) ? rng.pick(OTHER_WARDS) : 'phường Sơn Tây';
  const tail = era === 'pre' ? `${ward}, thị xã Sơn Tây, thành phố Hà Nội` : `${ward}, thành phố Hà Nội`;
  const address = `Số ${rng.int(1, 180)}, ${rng.pick(STREETS)}, tổ ${rng.int(1, 12)}, khu ${rng.int(1, 9)}, ${tail}`;
  return { name, gender: female ? 'Nữ' : 'Nam', birth, cccd, phone, email, address };
}

function trackingCode(rng) {
  return `E${rng.pick(['K', 'L', 'B', 'E'])}${rng.digits(9)}VN`;
}

const APOLOGY_REASONS = {
  partner: [
    'Hồ sơ cần xác minh thêm nguồn gốc, quá trình sử dụng đất tại địa phương.',
    'Chờ ý kiến của cơ quan phối hợp về nghĩa vụ tài chính của người sử dụng đất.',
    'Chờ kết quả đo đạc, chỉnh lý bản đồ địa chính của thửa đất.',
  ],
  internal: [
    'Công chức thụ lý hồ sơ đi tập huấn theo kế hoạch, việc bàn giao hồ sơ chưa kịp thời.',
    'Hệ thống phần mềm một cửa điện tử gặp sự cố, gián đoạn kết nối với Cổng Dịch vụ công quốc gia.',
    'Hồ sơ cần xác minh thêm thông tin tại nơi cư trú trước đây của người yêu cầu.',
    'Lãnh đạo UBND phường đi công tác, chưa ký duyệt kết quả đúng hẹn.',
  ],
};

const SUPPLEMENT_REASONS = [
  ['Bản sao giấy tờ về quyền sử dụng đất chưa được chứng thực', 'Bản sao chứng thực giấy tờ về quyền sử dụng đất'],
  ['Tờ khai thiếu chữ ký của người yêu cầu', 'Tờ khai có đủ chữ ký của người yêu cầu'],
  ['Bản vẽ thiết kế chưa thể hiện mặt bằng móng công trình', 'Bản vẽ mặt bằng móng công trình'],
  ['Thông tin nơi cư trú trên tờ khai không khớp với CSDL quốc gia về dân cư', 'Tờ khai đã điều chỉnh thông tin nơi cư trú'],
];

const REFUSAL_REASONS = [
  'Thủ tục không thuộc thẩm quyền giải quyết của UBND phường Sơn Tây.',
  'Hồ sơ nộp trực tuyến trùng với hồ sơ đã tiếp nhận trước đó.',
  'Người yêu cầu không đủ điều kiện theo quy định của thủ tục.',
  'Giấy tờ kèm theo không đọc được, không xác định được nội dung.',
];

// ---------------------------------------------------------------------------------------------------------------
// Generation of one dossier

function generateOne(i, nowMs) {
  const rng = new Rng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const rng2 = new Rng((SEED2 ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const forced = FORCED[i] ?? {};
  const nowW = toWM(nowMs);
  const reformW = toWM(REFORM_DATE);
  const startW = toWM(FIRST_RECEIPT);

  const anomalies = new Set(forced.anomalies ?? []);
  const roll = (name, applies = true) => {
    if (!forced.scenario && applies && rng.chance(ANOMALY_RATES[name])) anomalies.add(name);
  };
  const roll2 = (name, applies = true) => {
    if (!forced.scenario && applies && rng2.chance(ANOMALY_RATES[name])) anomalies.add(name);
  };
  const pickProc = (era) => {
    const eligible = PROCEDURES.filter((p) => p.eras.includes(era));
    return eligible[rng.weighted(eligible.map((p) => p.weight))];
  };
  const pickChannel = (proc) => ['in_person', 'online', 'postal'][rng.weighted(proc.channels)];
  const budgetOf = (proc) => (proc.configuredDays ?? proc.days) * WD;

  let scenario, era, proc, channelKey, R;
  let submittedW = null; // online submission
  if (forced.scenario) {
    // Forced cases: choose the receipt time to fit the case.
    scenario = forced.scenario;
    const closedLike = RETURNED.has(scenario) || ['refused', 'withdrawn', 'stopped'].includes(scenario);
    era = forced.era ?? (closedLike ? 'post' : forced.stuck ? 'pre' : 'post');
    proc = forced.proc ? PROCEDURES.find((p) => p.code === forced.proc) : pickProc(era);
    channelKey = forced.channel ?? pickChannel(proc);
    const budget = budgetOf(proc);
    const eraLo = era === 'pre' ? startW : reformW;
    const eraHi = era === 'pre' ? reformW - 1 : nowW;
    switch (scenario) {
      case 'pending_in_term':
        R = nowW - Math.max(20, Math.floor(rng.float(0.05, 0.9) * budget));
        break;
      case 'new':
        R = nowW - rng.int(5, 150);
        break;
      case 'pending_overdue':
      case 'pending_overdue_apology':
        R = forced.stuck
          ? rng.int(Math.max(eraLo, reformW - 40 * WD), reformW - budget - 60)
          : nowW - budget - (anomalies.has('new_due_passed') ? rng.int(5 * WD, 12 * WD) : rng.int(60, 12 * WD));
        break;
      case 'awaiting_return':
        R = forced.finishedLate ? nowW - budget - rng.int(WD, 3 * WD) : nowW - rng.int(Math.floor(0.5 * budget) + 60, budget + 5 * WD);
        break;
      case 'supplement':
        R = nowW - rng.int(2 * WD, 15 * WD);
        break;
      case 'awaiting_intake':
        R = nowW - rng.int(10, 400);
        break;
      default: {
        const hi = Math.min(eraHi, nowW - budget - 14 * WD);
        R = rng.int(eraLo, Math.max(eraLo, hi));
      }
    }
    // 14:00 for a return 25 minutes after the appointment (the same afternoon); 08:05–09:00 for the morning receipt
    // of an evening submission.
    if (forced.returnAt === 'due+25') R = dayStartWM(R) + 300;
    if (forced.evening) R = dayStartWM(R) + rng2.int(5, 60);
  } else {
    // Random cases: receipts spread evenly over time; the case follows from the dossier's age, as in a real register.
    R = rng.int(startW, nowW - 5);
    era = R < reformW ? 'pre' : 'post';
    proc = pickProc(era);
    channelKey = pickChannel(proc);
    const budget = budgetOf(proc);
    const age = nowW - R;
    const choose = (weights) => {
      const keys = Object.keys(weights);
      return keys[rng.weighted(Object.values(weights))];
    };
    if (age < budget) {
      if (channelKey === 'online' && age < 1.5 * WD && rng.chance(0.35)) scenario = 'awaiting_intake';
      else if (age < 150 && rng.chance(0.5)) scenario = 'new';
      else
        scenario = choose({
          pending_in_term: 50,
          awaiting_return: age > 0.4 * budget ? 12 : 0,
          supplement: age > 120 ? 8 : 0,
          early: 25,
          refused: 3,
          withdrawn: age > 120 ? 2 : 0,
        });
    } else {
      const recent = age < budget + 15 * WD;
      scenario = choose({
        early: 45,
        on_time: 18,
        late_apology: 5,
        late_no_apology: 4,
        refused: 3,
        withdrawn: 2,
        stopped: 1,
        pending_overdue: recent ? 2.5 : 0.12,
        pending_overdue_apology: recent ? 1.5 : 0.08,
        awaiting_return: recent ? 1 : 0,
        supplement: age < budget + 10 * WD ? 1.5 : 0,
      });
    }
  }
  const budget = budgetOf(proc);
  const person = makePerson(rng, era);
  if (scenario === 'awaiting_intake') {
    submittedW = R;
    R = null;
  }

  if (scenario === 'awaiting_intake') {
    roll('slow_online_intake');
    if (anomalies.has('slow_online_intake')) submittedW = nowW - rng.int(3 * WD, 8 * WD);
  } else if (scenario === 'refused' && channelKey === 'online') {
    submittedW = R;
    R = null;
  } else if (channelKey === 'online') {
    roll('slow_online_intake');
    const delay = anomalies.has('slow_online_intake') ? rng.int(2 * WD, 4 * WD) : forced.evening ? WD : rng.int(5, 400);
    submittedW = R - delay;
  }

  if (R != null) roll('due_miscalculated', scenario !== 'new');
  const dueW = R == null ? null : R + budget + (anomalies.has('due_miscalculated') ? WD : 0);
  const dueAt = dueW == null ? null : fromWM(dueW);

  // Offline submissions by evening: online dossiers often arrive outside office hours.
  let submittedAt = null;
  if (submittedW != null) {
    submittedAt = fromWM(submittedW);
    if (rng.chance(0.35)) submittedAt = Math.floor(submittedAt / DAY_MS) * DAY_MS - rng.int(1, 5) * H - rng.int(0, 59) * 60_000;
    if (R != null && submittedAt > fromWM(R)) submittedAt = fromWM(R) - 30 * 60_000;
    // The evening before the previous working day: the dossier counts from that working day's opening, and is
    // received within one working day of it (the next morning).
    if (forced.evening) submittedAt = fromWM(dayStartWM(R) - WD) - 12 * H + rng2.int(0, 90) * 60_000;
  }

  // ----- steps -----
  const tplEra = era;
  const tpl = templateFor(proc, tplEra);
  const hours = allottedHours(proc, tplEra);
  const n = tpl.length;
  const partnerIdx = tpl.findIndex((s) => ROLES[s[0]][tplEra]?.partner);
  const overrunIdx = partnerIdx > 0 ? partnerIdx : rng.int(1, n - 2);

  const officers = tpl.map((s, k) => {
    const r = roleAt(s[0], fromWM(R ?? submittedW));
    return { unit: r.unit, officer: k === n - 1 ? null : rng.pick(r.officers), partner: !!r.partner };
  });
  officers[n - 1].officer = officers[0].officer; // the same desk returns the result (most of the time)
  if (rng.chance(0.3)) officers[n - 1].officer = rng.pick(roleAt('reception', fromWM(R ?? submittedW)).officers);

  /** Split [a, b] into `count` consecutive intervals using the allotted hours as weights. */
  function partition(a, b, count, overrun) {
    const w = [];
    for (let k = 0; k < count; k++) {
      let x = hours[k] * rng.float(0.35, 1.1);
      if (k === 0) x = hours[0] * rng.float(0.1, 0.6);
      if (overrun && k === overrunIdx) x *= rng.float(2.5, 4);
      w.push(x);
    }
    const sum = w.reduce((s, x) => s + x, 0);
    const bounds = [a];
    let acc = a;
    for (let k = 0; k < count; k++) {
      acc += ((b - a) * w[k]) / sum;
      bounds.push(k === count - 1 ? b : Math.round(acc));
    }
    return bounds;
  }

  const steps = [];
  const addStep = (k, s, e, extra = {}) => {
    const allotted = hours[k] * 60;
    let result = null;
    if (e != null) {
      const used = e - s;
      result = used <= allotted - 30 ? 'early' : used <= allotted ? 'on_time' : 'late';
    }
    steps.push({
      name: tpl[k][1],
      unit: officers[k].unit,
      partner: officers[k].partner,
      from: k === 0 ? (channelKey === 'online' ? 'Cổng Dịch vụ công quốc gia' : channelKey === 'postal' ? 'Bưu điện (bưu chính công ích)' : 'Người nộp hồ sơ') : officers[k - 1].officer,
      to: officers[k].officer,
      startW: s,
      dueW: s + allotted,
      endW: e,
      allottedHours: hours[k],
      result,
      note: '',
      ...extra,
    });
  };

  let T = null; // returned
  let F = null; // result ready
  let status;
  let timeliness = null;
  let supplement = null;
  let refusal = null;
  let closure = null;

  // Cases that cannot happen with this receipt time fall back to the nearest one that can.
  if (RETURNED.has(scenario)) {
    const dueDay0 = dayStartWM(dueW);
    if (scenario === 'early' && Math.min(dueDay0 - 1, nowW - 5) < R + 10) scenario = nowW > dueW ? 'on_time' : 'pending_in_term';
    if (scenario.startsWith('late') && nowW - 5 - dueDay0 < WD) scenario = 'pending_overdue';
  }
  if (['supplement', 'withdrawn', 'refused', 'stopped', 'awaiting_return'].includes(scenario) && R != null && nowW - R < 120) scenario = 'new';

  if (RETURNED.has(scenario)) {
    const dueDay0 = dayStartWM(dueW);
    if (scenario === 'early') {
      const lo = R + 10;
      const hi = Math.min(dueDay0 - 1, nowW - 5);
      T = rng.int(lo + Math.floor(0.3 * (hi - lo)), hi);
    }
    if (scenario === 'on_time') T = Math.max(R + 15, rng.int(dueDay0, Math.max(dueDay0, Math.min(dueW, nowW - 5))));
    if (forced.returnAt === 'due') T = dueW;
    if (scenario.startsWith('late')) {
      roll('returned_after_new_due', scenario === 'late_apology');
      const maxLate = Math.floor((nowW - 5 - dueDay0) / WD);
      const daysLate = Math.min(maxLate, anomalies.has('returned_after_new_due') ? rng.int(3, 6) : rng.int(1, 6));
      T = Math.min(nowW - 5, dueDay0 + daysLate * WD + rng.int(0, WD - 1));
      if (daysLate < 3) anomalies.delete('returned_after_new_due');
    }
    // The appointment is at 14:00 (see FORCED): 14:25 is the same afternoon.
    if (forced.returnAt === 'due+25') T = dueW + 25;
    F = T - rng.int(5, Math.max(6, Math.min(240, Math.floor((T - R) * 0.25))));
    if (scenario.startsWith('late')) {
      // A late return is the office's delay: the result was finished after the appointment in force too (the
      // original one, or the new date of an apology when the dossier was returned after that), not collected late.
      // The new date is 17:00 one or two working days after the appointment's day (see the apology below).
      const lo = anomalies.has('returned_after_new_due') ? dueDay0 + 3 * WD : dueW + 1;
      if (F < lo) F = Math.min(T, lo + rng2.int(0, Math.max(0, T - lo - 1)));
    }
    roll('late_transfer', channelKey !== 'online');
    const bounds = partition(R, F, n - 1, scenario.startsWith('late'));
    if (anomalies.has('late_transfer') && F - R > 3 * WD) {
      bounds[1] = R + rng.int(WD + 60, 2 * WD);
      for (let k = 2; k < n - 1; k++) bounds[k] = Math.max(bounds[k], bounds[k - 1] + 30);
    }
    for (let k = 0; k < n - 1; k++) addStep(k, bounds[k], bounds[k + 1]);
    addStep(n - 1, F, T);
    status = 'da_tra_ket_qua';
    timeliness = scenario === 'early' ? 'early' : scenario === 'on_time' ? 'on_time' : 'late';
  } else if (scenario === 'pending_in_term' || PENDING_OVERDUE.has(scenario) || scenario === 'new') {
    const k = scenario === 'new' ? 0 : rng.int(1, n - 2);
    const cur = PENDING_OVERDUE.has(scenario) ? (partnerIdx > 0 && rng.chance(0.6) ? partnerIdx : k) : k;
    const X = scenario === 'new' ? R : Math.round(R + rng.float(0.25, 0.85) * (Math.min(nowW, dueW) - R));
    if (cur > 0) {
      const bounds = partition(R, X, cur, false);
      for (let j = 0; j < cur; j++) addStep(j, bounds[j], bounds[j + 1]);
    }
    addStep(cur, X, null);
    status = scenario === 'new' ? 'moi_tiep_nhan' : 'dang_xu_ly';
    timeliness = nowW > dueW ? 'pending_overdue' : 'pending_in_term';
  } else if (scenario === 'awaiting_return') {
    F = forced.finishedLate ? rng2.int(dueW + 1, nowW - 10) : rng.int(R + Math.floor(0.4 * (nowW - R)), nowW - 10);
    const bounds = partition(R, F, n - 1, false);
    for (let k = 0; k < n - 1; k++) addStep(k, bounds[k], bounds[k + 1]);
    addStep(n - 1, F, null);
    status = 'cho_tra_ket_qua';
    timeliness = nowW > dueW ? 'pending_overdue' : 'pending_in_term';
  } else if (scenario === 'supplement') {
    roll('double_supplement');
    const S = rng.int(R + 60, Math.min(nowW - 30, R + Math.floor(0.6 * budget) + 60));
    const bounds = partition(R, S, 2, false);
    addStep(0, bounds[0], bounds[1]);
    addStep(1, bounds[1], bounds[2]);
    const [reason, item] = rng.pick(SUPPLEMENT_REASONS);
    steps[1].note = `Hồ sơ chưa hợp lệ: ${reason.toLowerCase()}. Đề nghị bổ sung.`;
    const requests = [{ atW: S, reason, items: [item] }];
    if (anomalies.has('double_supplement')) {
      const [reason0, item0] = rng.pick(SUPPLEMENT_REASONS.filter((r) => r[0] !== reason));
      const S0 = Math.round(bounds[1] + (S - bounds[1]) * 0.4);
      requests.unshift({ atW: S0, reason: reason0, items: [item0] });
    }
    supplement = requests;
    status = 'cho_bo_sung';
    timeliness = 'paused';
  } else if (scenario === 'refused') {
    if (channelKey === 'online') {
      const e = Math.min(nowW - 2, submittedW + rng.int(30, 400));
      steps.push({
        name: 'Kiểm tra hồ sơ nộp trực tuyến',
        unit: officers[0].unit,
        partner: false,
        from: 'Cổng Dịch vụ công quốc gia',
        to: officers[0].officer,
        startW: submittedW,
        dueW: submittedW + WD,
        endW: e,
        allottedHours: 8,
        result: e - submittedW <= WD - 30 ? 'early' : 'on_time',
        note: 'Từ chối tiếp nhận hồ sơ.',
      });
      refusal = { atW: e, by: officers[0].officer, unit: officers[0].unit };
    } else {
      const E = Math.min(nowW - 5, R + rng.int(60, Math.max(61, Math.floor(0.7 * budget))));
      const bounds = partition(R, E, 2, false);
      addStep(0, bounds[0], bounds[1]);
      addStep(1, bounds[1], bounds[2]);
      steps[1].note = 'Hồ sơ không đủ điều kiện giải quyết, trình lãnh đạo ký phiếu từ chối.';
      refusal = { atW: Math.min(nowW - 1, E + rng.int(10, 120)), by: rng.pick(roleAt('leader', fromWM(E)).officers), unit: 'UBND phường Sơn Tây' };
    }
    roll('no_refusal_reason');
    refusal.reason = anomalies.has('no_refusal_reason') ? '' : rng.pick(REFUSAL_REASONS);
    status = 'tu_choi';
  } else if (scenario === 'withdrawn' || scenario === 'stopped') {
    const E = Math.min(nowW - 5, R + rng.int(60, Math.max(61, Math.floor(0.8 * budget))));
    const cur = rng.int(1, n - 2);
    const bounds = partition(R, E, cur + 1, false);
    for (let j = 0; j <= cur; j++) addStep(j, bounds[j], bounds[j + 1]);
    roll('no_stop_notice');
    closure = {
      kind: scenario,
      atW: E,
      reason:
        scenario === 'withdrawn'
          ? rng.pick(['Công dân có đơn đề nghị rút hồ sơ để hoàn thiện lại giấy tờ.', 'Người yêu cầu thay đổi nhu cầu, đề nghị rút hồ sơ.'])
          : rng.pick(['Có đơn tranh chấp liên quan đến thửa đất trong thời gian niêm yết công khai.', 'Người yêu cầu không bổ sung hồ sơ trong thời hạn đã hẹn.']),
      file: anomalies.has('no_stop_notice') ? null : scenario === 'withdrawn' ? 'don_de_nghi_rut_ho_so.pdf' : 'thong_bao_dung_giai_quyet_ho_so.pdf',
    };
    steps[steps.length - 1].note = scenario === 'withdrawn' ? 'Công dân rút hồ sơ.' : 'Dừng giải quyết hồ sơ.';
    status = scenario === 'withdrawn' ? 'rut_ho_so' : 'dung_xu_ly';
  } else {
    status = 'cho_tiep_nhan';
  }

  // ----- what the automated checks look at -----
  // No appointment on the receipt (the slip's box left empty): only where the case needs none to be judged.
  roll2('no_appointment_date', R != null && NO_DUE_SCENARIOS.has(scenario));
  const noDue = anomalies.has('no_appointment_date');
  // Online intake: within one working day of the submission, which counts from the next opening when it came in after
  // office hours or on a day off (toWM moves such a time there). The flag says what the dates say.
  if (submittedAt != null && channelKey === 'online' && status !== 'tu_choi') {
    const deadlineDay = dayOf(fromWM((Math.floor(toWM(submittedAt) / WD) + 1) * WD));
    if (dayOf(R != null ? fromWM(R) : nowMs) > deadlineDay) anomalies.add('slow_online_intake');
    else anomalies.delete('slow_online_intake');
  }

  // ----- step notes and anomalies -----
  const reasonPool = officers[overrunIdx]?.partner ? APOLOGY_REASONS.partner : APOLOGY_REASONS.internal;
  const delayReason = rng.pick(reasonPool);
  for (const [k, st] of steps.entries()) {
    if (st.note) continue;
    if (st.endW == null) continue;
    if (k === 0) {
      st.note = rng.chance(0.25)
        ? `Hồ sơ đầy đủ, hợp lệ. Đã đối chiếu CCCD số ${person.cccd} với CSDL quốc gia về dân cư.`
        : 'Hồ sơ đầy đủ, hợp lệ, chuyển xử lý.';
    } else if (k === n - 1) {
      st.note =
        channelKey === 'online' && rng.chance(0.6)
          ? 'Đã trả kết quả điện tử qua Cổng Dịch vụ công quốc gia.'
          : 'Đã trả kết quả cho người nộp hồ sơ.';
    } else if (st.result === 'late') {
      roll('step_no_overrun_note');
      st.note = anomalies.has('step_no_overrun_note') ? '' : `Chậm do: ${delayReason.charAt(0).toLowerCase()}${delayReason.slice(1)}`;
    } else {
      st.note = rng.pick(
        /Ký|ký|Phê duyệt/.test(st.name) ? ['Đồng ý.', 'Đã ký số.', 'Đồng ý, ký duyệt.'] : ['Đủ điều kiện giải quyết, trình ký.', 'Đã kiểm tra, đề nghị phê duyệt.', 'Hồ sơ hợp lệ.'],
      );
    }
  }
  if (steps.length >= 3) {
    roll('step_time_reversed');
    roll('step_missing_handler');
  }
  if (anomalies.has('step_time_reversed') && steps.length >= 3) {
    const k = rng.int(1, steps.length - 2);
    if (steps[k].endW != null) {
      // recorded finish earlier than the recorded start (edited after the fact)
      const s = steps[k];
      s.endW = s.startW - rng.int(30, 240);
    }
  }
  if (anomalies.has('step_missing_handler') && steps.length >= 3) {
    const k = rng.int(1, steps.length - 2);
    steps[k].to = null;
    if (steps[k + 1]) steps[k + 1].from = null;
  }

  // ----- apology -----
  let apology = null;
  if (scenario === 'late_apology' || scenario === 'pending_overdue_apology') {
    roll('apology_after_due');
    roll2('apology_same_day', !anomalies.has('apology_after_due'));
    const dueDay0 = dayStartWM(dueW);
    let issuedW;
    if (anomalies.has('apology_after_due')) {
      // After the appointment, never after "now".
      issuedW = Math.min(dueW + rng.int(60, 2 * WD), nowW - 1);
    } else {
      const drawn = dueW - rng.int(60, 600);
      // In time: on a working day before the appointment's day (Decree 61/2018 practice: at least a day before),
      // or, for `apology_same_day`, on the appointment's day before its hour.
      if (anomalies.has('apology_same_day') && dueW - dueDay0 >= 60 && R + 30 < dueDay0) issuedW = dueDay0 + rng2.int(0, dueW - dueDay0 - 30);
      else issuedW = Math.max(R + 30, Math.min(drawn, dueDay0 - rng2.int(30, 240)));
      // What the dates say, whatever was asked (a dossier received late on the day before its appointment).
      if (dayStartWM(issuedW) === dueDay0 && issuedW < dueW) anomalies.add('apology_same_day');
      else anomalies.delete('apology_same_day');
    }
    let newDue;
    if (scenario === 'late_apology') {
      newDue = anomalies.has('returned_after_new_due')
        ? at17(dayStartWM(dueW) + rng.int(1, 2) * WD)
        : at17(dayStartWM(T) + rng.int(0, 2) * WD);
    } else {
      roll('new_due_passed');
      newDue = anomalies.has('new_due_passed') ? at17(dayStartWM(nowW) - rng.int(1, 3) * WD) : at17(dayStartWM(nowW) + rng.int(1, 6) * WD);
      if (newDue <= dueAt) newDue = at17(dayStartWM(dueW) + WD);
      if (newDue < nowMs) anomalies.add('new_due_passed');
      else anomalies.delete('new_due_passed');
    }
    const partner = officers[overrunIdx]?.partner;
    const issuedAt = fromWM(issuedW);
    apology = {
      number: `${rng.int(3, 58)}/PXL-${partner ? 'VPĐKĐĐ' : 'UBND'}`,
      issuedAt,
      issuer: partner ? officers[overrunIdx].unit : 'UBND phường Sơn Tây',
      signer: partner ? 'Dương Minh Khoa (Phó Giám đốc)' : rng.pick(roleAt('leader', issuedAt).officers),
      reason: delayReason,
      newDueAt: newDue,
      form: issuedAt < REFORM_DATE ? 'pre' : 'post',
    };
  }

  // ----- fees, files, sync, rating -----
  const accepted = R != null;
  let fee = null;
  if (proc.fee.kind !== 'free') {
    let configured;
    let detail = '';
    if (proc.fee.kind === 'copy') {
      const pages = rng.int(1, 12);
      const copies = rng.int(1, 3);
      const perCopy = Math.min(200000, 2000 * Math.min(pages, 2) + 1000 * Math.max(0, pages - 2));
      configured = perCopy * copies;
      detail = `${pages} trang × ${copies} bản`;
    } else {
      configured = proc.fee.amount;
    }
    roll('fee_mismatch');
    roll('no_receipt_no');
    const collected = !accepted ? 0 : anomalies.has('fee_mismatch') ? configured + (proc.fee.kind === 'copy' ? 5000 : 20000) : configured;
    const paidOnline = channelKey === 'online' && rng.chance(0.7);
    fee = {
      configured,
      collected,
      detail,
      paidOnline,
      receiptNo: !accepted || anomalies.has('no_receipt_no') || paidOnline ? null : `${rng.digits(7)}`,
      receiptSerial: `BL${String(new Date(fromWM(R ?? submittedW)).getUTCFullYear()).slice(2)}E`,
      txnId: accepted && paidOnline && !anomalies.has('no_receipt_no') ? `${yymmdd(fromWM(R))}${rng.digits(9)}` : null,
    };
  }

  let postalCode = null;
  if (channelKey === 'postal') {
    roll('postal_no_tracking');
    postalCode = anomalies.has('postal_no_tracking') ? null : trackingCode(rng);
  }

  roll('not_digitized', accepted && channelKey !== 'online');
  const digitized = !accepted ? null : channelKey === 'online' ? true : !anomalies.has('not_digitized');
  roll('missing_attachment', accepted);
  const reuseRate = era === 'pre' ? 0.3 : 0.7;
  const missingIdx = anomalies.has('missing_attachment') ? rng.int(0, proc.components.length - 1) : -1;
  const attachments = proc.components.map((c, k) => {
    let source = 'Nộp mới';
    let file = null;
    if (c.idDoc && rng.chance(reuseRate)) source = 'Khai thác từ CSDL quốc gia về dân cư';
    else if (c.reusable && rng.chance(reuseRate * 0.6)) source = 'Khai thác từ Kho dữ liệu số hóa';
    if (source === 'Nộp mới') {
      const paper = channelKey !== 'online';
      if (!(paper && digitized === false) && k !== missingIdx) {
        file = c.idDoc ? `cccd_${person.cccd}.pdf` : `${c.file}${paper ? '_scan' : ''}.pdf`;
      }
    }
    return { name: c.name, kind: c.kind, qty: c.qty, source, file };
  });

  const resultReady = status === 'da_tra_ket_qua' || status === 'cho_tra_ket_qua';
  roll('no_result_file', resultReady);
  roll('unsigned_result', resultReady);
  const signStep = [...steps].reverse().find((s) => /Ký|ký|Phê duyệt/.test(s.name));
  const resultSignedBy = !resultReady || anomalies.has('unsigned_result') ? null : `${signStep?.to ?? 'Ngô Quang Huy (Phó Chủ tịch)'} — đã ký số`;

  let returnMethod = null;
  let returnPostalCode = null;
  if (status === 'da_tra_ket_qua') {
    if (channelKey === 'online') returnMethod = steps[n - 1]?.note.includes('điện tử') ? 'Trực tuyến (kết quả điện tử)' : 'Trực tiếp tại Bộ phận Một cửa';
    else if (channelKey === 'postal' || rng.chance(0.08)) {
      returnMethod = 'Qua dịch vụ bưu chính công ích';
      returnPostalCode = trackingCode(rng);
      steps[n - 1].note = `Đã chuyển kết quả qua bưu chính, mã bưu gửi ${returnPostalCode}.`;
    } else returnMethod = 'Trực tiếp tại Bộ phận Một cửa';
  }

  roll('sync_error');
  if (!anomalies.has('sync_error')) roll('sync_stale', status !== 'cho_tiep_nhan');
  const lastW = Math.max(...steps.map((s) => s.endW ?? s.startW), R ?? submittedW);
  const sync = anomalies.has('sync_error')
    ? { state: 'error', label: 'Lỗi đồng bộ (DVCQG-502: máy chủ không phản hồi)', at: fromWM(lastW) + 2 * 60_000, portalStatus: null }
    : {
        state: 'ok',
        label: 'Đã đồng bộ',
        at: fromWM(Math.min(lastW, nowW)) + rng.int(1, 15) * 60_000,
        portalStatus: anomalies.has('sync_stale') ? (status === 'da_tra_ket_qua' ? 'Đang xử lý' : 'Mới tiếp nhận') : STATUSES[status].label,
      };

  let rating = null;
  if (status === 'da_tra_ket_qua') {
    const r = rng.weighted([40, 35, 20, 5]);
    rating = { value: ['Rất hài lòng', 'Hài lòng', 'Chưa đánh giá', 'Không hài lòng'][r], note: null };
    if (r === 3 && rng.chance(0.5)) rating.note = `Đã liên hệ, giải thích cho công dân ngày ${fmtDate(fromWM(T + WD))}.`;
  }

  const pendingState = ['moi_tiep_nhan', 'dang_xu_ly', 'cho_tra_ket_qua', 'cho_bo_sung'].includes(status);
  roll('no_current_handler', pendingState);
  const openStep = steps.find((s) => s.endW == null);
  const currentHandler =
    status === 'cho_tiep_nhan'
      ? { unit: officers[0].unit, officer: null }
      : status === 'cho_bo_sung'
        ? { unit: 'Người nộp hồ sơ (đang bổ sung)', officer: null }
        : pendingState && openStep && !anomalies.has('no_current_handler')
          ? { unit: openStep.unit, officer: openStep.to }
          : null;

  if (accepted) roll('missing_receiving_officer');
  roll('book_mismatch', accepted);

  // Convert working minutes to local ms for the steps.
  for (const st of steps) {
    st.startedAt = fromWM(st.startW);
    st.dueAt = fromWM(st.dueW);
    st.finishedAt = st.endW == null ? null : fromWM(st.endW);
    delete st.startW;
    delete st.dueW;
    delete st.endW;
  }

  const receivedAt = R == null ? null : fromWM(R);
  return {
    index: i,
    scenario,
    era: (receivedAt ?? submittedAt) < REFORM_DATE ? 'pre' : 'post',
    agencyCode: ERAS[(receivedAt ?? submittedAt) < REFORM_DATE ? 'pre' : 'post'].agencyCode,
    procedure: proc,
    applicant: person,
    channel: channelKey,
    channelLabel: CHANNELS[channelKey].label,
    postalCode,
    submittedAt,
    receivedAt,
    dueAt: noDue ? null : dueAt,
    statutoryDays: proc.configuredDays ?? proc.days,
    finishedAt: F == null ? null : fromWM(F),
    returnedAt: T == null ? null : fromWM(T),
    returnMethod,
    returnPostalCode,
    status,
    timeliness: noDue ? null : timeliness,
    receivingOfficer: accepted && !anomalies.has('missing_receiving_officer') ? steps[0]?.to ?? officers[0].officer : null,
    currentHandler,
    steps,
    attachments,
    digitized,
    resultFile: resultReady && !anomalies.has('no_result_file') ? `${proc.resultFile}_ky_so.pdf` : null,
    resultSignedBy,
    apology,
    supplement: supplement?.map((s) => ({ ...s, at: fromWM(s.atW), officer: officers[1]?.officer ?? officers[0].officer })) ?? null,
    refusal: refusal ? { ...refusal, at: fromWM(refusal.atW) } : null,
    closure: closure ? { ...closure, at: fromWM(closure.atW) } : null,
    fee,
    sync,
    rating,
    anomalies: [...anomalies].sort(),
    edgeCase: forced.edge ?? null,
    // filled in by buildPool
    code: '',
    book: null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The pool

const cache = new Map();

/** All generated dossiers (2,000), with codes and tracking-book numbers assigned over the whole pool. */
export function buildPool(nowMs = DEFAULT_NOW) {
  if (cache.has(nowMs)) return cache.get(nowMs);
  const list = [];
  for (let i = 0; i < POOL_SIZE; i++) list.push(generateOne(i, nowMs));

  // Dossier codes: agency identifier - yyMMdd of receipt (or online submission) - sequence of that day.
  const byTime = [...list].sort((a, b) => (a.receivedAt ?? a.submittedAt) - (b.receivedAt ?? b.submittedAt) || a.index - b.index);
  const seqByDay = new Map();
  const seqByYear = new Map();
  for (const d of byTime) {
    const t = d.receivedAt ?? d.submittedAt;
    const key = `${d.agencyCode}|${dayOf(t)}`;
    const seq = (seqByDay.get(key) ?? 0) + 1;
    seqByDay.set(key, seq);
    d.code = `${d.agencyCode}-${yymmdd(t)}-${String(seq).padStart(4, '0')}`;
    if (d.receivedAt != null) {
      const year = new Date(d.receivedAt).getUTCFullYear();
      const no = (seqByYear.get(year) ?? 0) + 1;
      seqByYear.set(year, no);
      d.book = { volume: `01/${year}`, no };
    }
  }
  const byCode = new Map(list.map((d) => [d.code, d]));
  const sorted = (arr) => [...arr].sort((a, b) => (b.receivedAt ?? b.submittedAt) - (a.receivedAt ?? a.submittedAt) || b.index - a.index);
  const pool = {
    now: nowMs,
    all: sorted(list),
    base: sorted(list.slice(0, BASE_COUNT)),
    byCode,
  };
  cache.set(nowMs, pool);
  return pool;
}

export function isOverdue(d) {
  return d.timeliness === 'late' || d.timeliness === 'pending_overdue';
}
