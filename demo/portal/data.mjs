// Deterministic dossiers of the second demo system: the staff portal ("phân hệ cán bộ") of phường Hà Đông.
//
// 250 dossiers with short numeric ids (1 = the oldest), received between 02/03/2026 and the reference "now"
// (15/10/2026 10:00, PORTAL_NOW=YYYY-MM-DDTHH:mm to move it). Each dossier has its own seeded PRNG (mulberry32 keyed
// by id), so a dossier never changes when another one does. A few ids are forced into the cases an audit looks for
// (see FORCED); the others follow from their age. Everything is fake: names, CCCD numbers, phones, e-mails. Each dossier
// carries the nonconformities it was generated with, from which ground-truth.mjs names the check rules it breaks.

import { mulberry32 } from '../lib/data.mjs';

export const COUNT = 250;
const H = 3_600_000;
const MIN = 60_000;
const OFFSET = 7 * H;

/** UTC ms of a Vietnam wall-clock time. */
export const local = (y, mo, d, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) - OFFSET;
export const DEFAULT_NOW = local(2026, 10, 15, 10, 0);
const FIRST_DAY = local(2026, 3, 2);

// ── Calendar: Monday–Friday, 07:30–11:30 and 13:30–17:00, minus the public holidays and swapped days off ─────────
// (the days of the shared working calendar with the Government's decisions), plus the Saturdays worked in exchange.

const HOLIDAYS = new Set([
  '2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20',
  '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02',
  '2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11',
  '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03',
]);
/** Saturdays worked in exchange for a weekday off (2/1 and 31/8/2026). */
const MAKE_UP_DAYS = new Set(['2026-01-10', '2026-08-22']);
const wall = (t) => new Date(t + OFFSET);
const isoDay = (t) => wall(t).toISOString().slice(0, 10);
/** 00:00 (Vietnam) of the day of `t`. */
const dayStart = (t) => t - ((t + OFFSET) % (24 * H) + 24 * H) % (24 * H);
export const isWorkday = (t) => {
  if (MAKE_UP_DAYS.has(isoDay(t))) return true;
  const wd = wall(t).getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(isoDay(t));
};
/** The n-th working day after the day of `t` (n ≥ 1), at 00:00; n = 0 is the day itself. */
function addWorkdays(t, n) {
  let d = dayStart(t);
  for (let k = 0; k < n; ) {
    d += 24 * H;
    if (isWorkday(d)) k++;
  }
  return d;
}
/** The working day before the day of `t`, at 00:00. */
function prevWorkday(t) {
  let d = dayStart(t) - 24 * H;
  while (!isWorkday(d)) d -= 24 * H;
  return d;
}
/** Working days strictly between the days of a and b (b later). */
function workdaysBetween(a, b) {
  let n = 0;
  for (let d = dayStart(a) + 24 * H; d < dayStart(b); d += 24 * H) if (isWorkday(d)) n++;
  return n;
}
/** A time inside the office hours of the day starting at `d`, from a fraction in [0, 1). */
function officeTime(d, f) {
  const minutes = Math.floor(f * 450); // 4 h in the morning + 3.5 h in the afternoon
  return minutes < 240 ? d + 7.5 * H + minutes * MIN : d + 13.5 * H + (minutes - 240) * MIN;
}

// ── PRNG ───────────────────────────────────────────────────────────────────────────────────────────────────────

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(a, b) {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  weighted(items) {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }
  digits(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

// ── Static data ──────────────────────────────────────────────────────────────────────────────────────────────

export const UNIT = {
  system: 'Hệ thống một cửa điện tử',
  module: 'Phân hệ cán bộ',
  unit: 'Trung tâm Phục vụ hành chính công phường Hà Đông',
  parent: 'Ủy ban nhân dân phường Hà Đông',
  city: 'thành phố Hà Nội',
  agencyCode: '000.21.24.H26',
  address: 'Số 2 Hoàng Văn Thụ, phường Hà Đông, thành phố Hà Nội',
  hotline: '024 3382 5566',
};

/** Officers with their titles (invented). */
const STAFF = {
  reception: [
    { name: 'Nguyễn Thu Phương', title: 'Chuyên viên Trung tâm PVHCC' },
    { name: 'Trịnh Quốc Việt', title: 'Chuyên viên Trung tâm PVHCC' },
    { name: 'Lại Thị Kim Oanh', title: 'Viên chức Trung tâm PVHCC' },
  ],
  hotich: [
    { name: 'Phan Minh Khôi', title: 'Công chức Tư pháp - Hộ tịch' },
    { name: 'Đào Thị Huyền Trang', title: 'Công chức Tư pháp - Hộ tịch' },
  ],
  kinhte: [
    { name: 'Cao Đức Mạnh', title: 'Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị' },
    { name: 'Lò Thị Ngân', title: 'Chuyên viên Phòng Kinh tế, Hạ tầng và Đô thị' },
  ],
  vhxh: [{ name: 'Hà Thị Thanh Tâm', title: 'Chuyên viên Phòng Văn hóa - Xã hội' }],
  leader: [
    { name: 'Kiều Văn Sơn', title: 'Phó Chủ tịch UBND phường' },
    { name: 'Tạ Thị Bích Ngọc', title: 'Phó Chủ tịch UBND phường' },
  ],
};

/** Commune-level procedures (names from the national catalogue; codes and time limits as this demo posts them). */
export const PROCEDURES = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', days: 1, fee: 0, staff: 'hotich', weight: 14, files: [['Tờ khai đăng ký khai sinh', 'to_khai_khai_sinh'], ['Giấy chứng sinh', 'giay_chung_sinh'], ['CCCD người đi đăng ký', 'cccd']] },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', days: 3, fee: 0, staff: 'hotich', weight: 7, files: [['Tờ khai đăng ký kết hôn', 'to_khai_ket_hon'], ['CCCD hai bên nam, nữ', 'cccd']] },
  { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', days: 3, fee: 0, staff: 'hotich', weight: 9, files: [['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'to_khai_xac_nhan_hon_nhan'], ['CCCD người yêu cầu', 'cccd']] },
  { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', days: 1, fee: 0, staff: 'hotich', weight: 4, files: [['Tờ khai đăng ký khai tử', 'to_khai_khai_tu'], ['Giấy báo tử', 'giay_bao_tu'], ['CCCD người đi đăng ký', 'cccd']] },
  { code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', field: 'Chứng thực', days: 1, fee: 2000, staff: 'hotich', weight: 16, files: [['Bản chính giấy tờ cần chứng thực', 'ban_chinh'], ['CCCD người yêu cầu', 'cccd']] },
  { code: '2.000884', name: 'Chứng thực chữ ký trong các giấy tờ, văn bản', field: 'Chứng thực', days: 1, fee: 10000, staff: 'hotich', weight: 6, files: [['Giấy tờ, văn bản cần chứng thực chữ ký', 'van_ban_ky'], ['CCCD người yêu cầu', 'cccd']] },
  { code: '2.000720', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Thành lập và hoạt động của hộ kinh doanh', days: 3, fee: 100000, staff: 'kinhte', weight: 7, files: [['Giấy đề nghị đăng ký hộ kinh doanh', 'de_nghi_dkhkd'], ['CCCD chủ hộ kinh doanh', 'cccd'], ['Hợp đồng thuê địa điểm kinh doanh', 'hop_dong_thue']] },
  { code: '1.009794', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', field: 'Hoạt động xây dựng', days: 15, fee: 75000, staff: 'kinhte', weight: 4, files: [['Đơn đề nghị cấp giấy phép xây dựng', 'don_gpxd'], ['Giấy chứng nhận quyền sử dụng đất', 'gcn_qsdd'], ['Bản vẽ thiết kế', 'ban_ve_thiet_ke'], ['CCCD chủ đầu tư', 'cccd']] },
  { code: '1.001776', name: 'Xét, duyệt trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội', field: 'Bảo trợ xã hội', days: 10, fee: 0, staff: 'vhxh', weight: 3, files: [['Tờ khai đề nghị trợ giúp xã hội', 'to_khai_tro_giup'], ['CCCD người đề nghị', 'cccd']] },
  { code: '1.003583', name: 'Đăng ký thường trú', field: 'Đăng ký, quản lý cư trú', days: 7, fee: 15000, staff: 'leader', weight: 5, files: [['Tờ khai thay đổi thông tin cư trú', 'ct01'], ['Giấy tờ chứng minh chỗ ở hợp pháp', 'chung_minh_cho_o'], ['CCCD người đăng ký', 'cccd']] },
];

export const CHANNELS = {
  in_person: 'Tại quầy',
  online: 'Dịch vụ công trực tuyến',
  postal: 'Bưu chính công ích',
};

/** Statuses as this system words them (unlike the first demo), with their canonical meaning. */
export const STATUSES = {
  cho_xac_nhan: { label: 'Chờ xác nhận', tone: 'amber' },
  da_tiep_nhan: { label: 'Đã tiếp nhận', tone: 'sky' },
  dang_giai_quyet: { label: 'Đang giải quyết', tone: 'blue' },
  tre_han: { label: 'Trễ hạn', tone: 'red' },
  bo_sung: { label: 'Yêu cầu bổ sung', tone: 'orange' },
  co_ket_qua: { label: 'Có kết quả - chờ trả', tone: 'teal' },
  da_tra: { label: 'Đã trả công dân', tone: 'green' },
  khong_giai_quyet: { label: 'Không giải quyết', tone: 'slate' },
  rut: { label: 'Công dân rút hồ sơ', tone: 'slate' },
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Khuất', 'Kiều', 'Phùng', 'Tạ', 'Lưu'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thành', 'Xuân', 'Ngọc', 'Công', 'Mạnh'];
const MIDDLE_F = ['Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Bích', 'Phương', 'Khánh', 'Diệu'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hiếu', 'Hùng', 'Khang', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Trung', 'Tùng', 'Vinh', 'Tuấn'];
const GIVEN_F = ['Anh', 'Châu', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Quyên', 'Thảo', 'Trang', 'Yến'];
const STREETS = ['Quang Trung', 'Trần Phú', 'Tô Hiệu', 'Lê Trọng Tấn', 'Nguyễn Trãi', 'Vạn Phúc', 'Văn Quán', 'Mộ Lao', 'Phùng Hưng', 'Ba La', 'Lê Lợi', 'Bà Triệu', 'Nguyễn Viết Xuân', 'Lương Văn Can'];
/** Birth-province prefixes of the CCCD (Hà Nội most often). */
const CCCD_PREFIX = [['001', 10], ['030', 2], ['034', 2], ['036', 1], ['038', 2], ['040', 1], ['022', 1], ['035', 1]];
const MAIL_DOMAINS = ['gmail.com', 'yahoo.com.vn', 'outlook.com', 'hanoi.edu.vn'];
const MOBILE_HEADS = ['091', '094', '098', '097', '096', '086', '088', '090', '093', '070', '077', '083', '085', '039', '035', '032'];

const strip = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** A phone number in one of three formats: `0912345678`, `0912 345 678`, `+84 912.345.678`. */
function phoneOf(rng) {
  const digits = `${rng.pick(MOBILE_HEADS)}${rng.digits(7)}`;
  const style = rng.int(0, 2);
  if (style === 0) return digits;
  if (style === 1) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  return `+84 ${digits.slice(1, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

function personOf(rng) {
  const female = rng.chance(0.52);
  const family = rng.pick(FAMILY);
  const middle = rng.pick(female ? MIDDLE_F : MIDDLE_M);
  const given = rng.pick(female ? GIVEN_F : GIVEN_M);
  const name = `${family} ${middle} ${given}`;
  const year = rng.int(1956, 2004);
  // CCCD: province (3) + gender/century (1) + year (2) + 6 random digits.
  const centuryGender = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const cccd = `${rng.weighted(CCCD_PREFIX)}${centuryGender}${String(year % 100).padStart(2, '0')}${rng.digits(6)}`;
  const street = rng.pick(STREETS);
  const address = rng.chance(0.6)
    ? `Số ${rng.int(1, 180)} ${street}, phường Hà Đông, thành phố Hà Nội`
    : `Số ${rng.int(2, 60)}, ngõ ${rng.int(2, 120)} ${street}, phường Hà Đông, thành phố Hà Nội`;
  const email = rng.chance(0.55) ? `${strip(given).toLowerCase()}.${strip(family).toLowerCase()}${rng.int(10, 99)}@${rng.pick(MAIL_DOMAINS)}` : null;
  return { name, female, birthYear: year, cccd, phone: phoneOf(rng), email, address };
}

// ── Cases ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Ids forced into one case each, spread over the register (6 sits next to dates of 2026; 4 and 22 share digits with
 * codes and dates). The most recent 25 ids (226–250) are received in the last ten working days (RECENT_AGES), so the
 * register holds dossiers in progress, overdue and waiting for intake. `edge` names the edge cases of the automated
 * checks (ground-truth.mjs lists their codes); `returnAt` returns the result at the appointment minute ('due') or 25
 * minutes after it ('due+25'), `apologySameDay` dates the apology on the appointment's day.
 */
const FORCED = {
  4: { kind: 'late', apology: false, channel: 'in_person', proc: '2.000720' },
  6: { kind: 'early', channel: 'online' },
  10: { kind: 'late', apology: true, channel: 'in_person', proc: '1.004873', edge: 'apology_returned_by_new_date' },
  12: { kind: 'on_time', channel: 'postal' },
  17: { kind: 'late', apology: false, channel: 'postal', proc: '1.009794' },
  22: { kind: 'early', channel: 'in_person', noDue: true, edge: 'received_without_appointment' },
  30: { kind: 'on_time', channel: 'in_person', proc: '1.004873', returnAt: 'due', edge: 'returned_at_appointment_minute' },
  35: { kind: 'late', apology: true, apologyAfterDue: true, channel: 'online', proc: '1.003583', edge: 'apology_after_appointment' },
  44: { kind: 'late', apology: false, channel: 'in_person', proc: '1.000894', returnAt: 'due+25', edge: 'returned_25_minutes_late' },
  48: { kind: 'refused', channel: 'online' },
  51: { kind: 'withdrawn', channel: 'in_person' },
  57: { kind: 'late', apology: true, apologySameDay: true, channel: 'in_person', proc: '1.001776', edge: 'apology_on_the_appointment_day' },
  63: { kind: 'early', channel: 'in_person', supplements: 2, edge: 'supplement_requested_twice' },
  226: { kind: 'overdue', apology: false, channel: 'in_person', proc: '2.000720', edge: 'open_past_due_without_apology' },
  229: { kind: 'overdue', apology: true, channel: 'online', proc: '1.003583', edge: 'open_past_due_with_apology' },
  233: { kind: 'overdue', apology: false, channel: 'postal', proc: '1.004873' },
  238: { kind: 'supplement', channel: 'in_person', proc: '2.000720' },
  241: { kind: 'in_term', noDue: true, channel: 'in_person', proc: '1.009794', edge: 'open_without_appointment' },
  242: { kind: 'awaiting', channel: 'online', proc: '1.000894', edge: 'online_not_received_in_time' },
  244: { kind: 'result_ready', channel: 'in_person', proc: '1.004873' },
  246: { kind: 'in_term', channel: 'online', proc: '1.009794' },
  248: { kind: 'in_term', channel: 'in_person', proc: '2.000815' },
  249: { kind: 'awaiting', channel: 'online', proc: '1.001193' },
  250: { kind: 'received', channel: 'in_person', proc: '1.004873' },
};
const FIRST_RECENT = 226;
/** Working days before "now" on which ids 226–250 are received (0 = today). */
const RECENT_AGES = [9, 9, 9, 8, 8, 8, 7, 7, 6, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 1, 1, 0, 0];

const pad = (n, w = 2) => String(n).padStart(w, '0');
const yymmdd = (t) => {
  const d = wall(t);
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
};

/** Receipt times of the 250 dossiers, oldest first: ids are in receipt order. */
function receiptTimes(nowMs) {
  const rng = new Rng(0x4ad0_2026);
  const days = [];
  for (let d = dayStart(FIRST_DAY); d <= dayStart(nowMs); d += 24 * H) if (isWorkday(d)) days.push(d);
  const out = new Map();
  // Ids 1–225 spread over every working day before the last ten, sorted so that id order is time order.
  const pool = days.slice(0, Math.max(1, days.length - 10));
  const times = Array.from({ length: FIRST_RECENT - 1 }, () => officeTime(rng.pick(pool), rng.next())).sort((a, b) => a - b);
  times.forEach((t, i) => out.set(i + 1, t));
  // The recent ids: in id order within a day; today's arrive before "now".
  RECENT_AGES.forEach((age, i) => {
    const id = FIRST_RECENT + i;
    const sameDay = RECENT_AGES.filter((a) => a === age);
    const k = RECENT_AGES.indexOf(age);
    const rank = i - k;
    const day = days[days.length - 1 - age];
    out.set(id, age === 0 ? nowMs - (sameDay.length - rank) * 35 * MIN : officeTime(day, (rank + 0.5) / (sameDay.length + 0.5)));
  });
  return out;
}

function pickProcedure(rng, code) {
  if (code) return PROCEDURES.find((p) => p.code === code);
  return rng.weighted(PROCEDURES.map((p) => [p, p.weight]));
}

/** The case of a random dossier from its age (working days since receipt) and the procedure's time limit. */
function randomCase(rng, ageDays, proc) {
  const r = rng.next();
  if (r < 0.02) return { kind: 'withdrawn' };
  if (r < 0.045) return { kind: 'refused' };
  const pace = rng.weighted([['early', 62], ['on_time', 18], ['late', 20]]);
  const base = { noDue: rng.chance(0.04), supplements: rng.chance(0.07) ? (rng.chance(0.2) ? 2 : 1) : 0 };
  if (pace === 'late') return { kind: 'late', apology: rng.chance(0.6), apologyAfterDue: rng.chance(0.2), ...base };
  if (ageDays < proc.days) return { kind: 'in_term', ...base };
  return { kind: pace, ...base };
}

function stepsFor(d, proc, rng, nowMs) {
  const receiver = d.receiver;
  const handler = rng.pick(STAFF[proc.staff]);
  const leader = rng.pick(STAFF.leader);
  const steps = [];
  const t0 = d.receivedAt;
  const end = d.resultAt ?? null;
  let t1 = t0 + rng.int(5, 40) * MIN;
  if (end !== null && t1 >= end - 30 * MIN) t1 = t0 + Math.floor((end - t0) / 4);
  steps.push({ name: 'Tiếp nhận, kiểm tra hồ sơ', officer: receiver, startedAt: t0, finishedAt: t1, hours: 4, result: 'Chuyển xử lý' });
  // Processing until shortly before the result, then signature (in office hours, after the hand-over).
  let signAt = end !== null ? end - rng.int(25, 90) * MIN : null;
  if (signAt !== null && signAt - dayStart(signAt) < 7.5 * H) signAt = prevWorkday(end) + 16 * H + rng.int(0, 50) * MIN;
  if (signAt !== null && signAt <= t1 + 20 * MIN) signAt = t1 + Math.floor((end - t1) / 2);
  const allotted = Math.max(4, proc.days * 8 - 8);
  let start2 = t1 + rng.int(10, 90) * MIN;
  if (signAt !== null && start2 >= signAt) start2 = t1 + Math.floor((signAt - t1) / 3);
  steps.push({ name: 'Thẩm định, xử lý hồ sơ', officer: handler, startedAt: start2, finishedAt: signAt, hours: allotted, result: signAt ? 'Trình ký' : null });
  if (signAt !== null) steps.push({ name: 'Phê duyệt, ký số kết quả', officer: leader, startedAt: signAt, finishedAt: end, hours: 4, result: 'Đã ký số' });
  if (d.returnedAt !== null) steps.push({ name: 'Trả kết quả cho công dân', officer: receiver, startedAt: end, finishedAt: d.returnedAt, hours: 4, result: 'Đã trả' });
  for (const s of steps) {
    if (s.finishedAt !== null && s.finishedAt > nowMs) s.finishedAt = null;
  }
  return { steps: steps.filter((s) => s.startedAt <= nowMs), handler };
}

function filesFor(d, proc) {
  return proc.files.map(([label, stem]) => ({ label, file: stem === 'cccd' ? `cccd_${d.applicant.cccd}.pdf` : `${stem}_${pad(d.id, 3)}.pdf` }));
}

function noteFor(rng, d) {
  const r = rng.next();
  if (r < 0.12) return `Công dân đề nghị liên hệ qua số ${d.applicant.phone} khi có kết quả.`;
  if (r < 0.2) return `Đã gọi điện (${phoneOf(rng)}) hẹn công dân mang bản chính đến đối chiếu.`;
  if (r < 0.26 && d.applicant.email) return `Gửi thông báo kết quả qua thư điện tử ${d.applicant.email}.`;
  if (r < 0.3) return 'Hồ sơ giấy đã số hóa, lưu kho lưu trữ điện tử.';
  return '';
}

function buildOne(id, receivedAt, nowMs) {
  const rng = new Rng(0x9000 + id * 7919);
  const forced = FORCED[id];
  const ageDays = workdaysBetween(receivedAt, nowMs) + (dayStart(receivedAt) < dayStart(nowMs) ? 1 : 0);
  const proc = pickProcedure(rng, forced?.proc);
  const c = forced ?? randomCase(rng, ageDays, proc);
  const channel = forced?.channel ?? rng.weighted([['in_person', 55], ['online', 35], ['postal', 10]]);
  const applicant = personOf(rng);
  const receiver = rng.pick(STAFF.reception);

  const d = {
    id,
    code: null,
    procedure: { code: proc.code, name: proc.name, field: proc.field, days: proc.days },
    applicant,
    channel,
    submittedAt: channel === 'online' ? receivedAt - rng.int(20, 600) * MIN : null,
    receivedAt,
    dueAt: null,
    resultAt: null,
    returnedAt: null,
    status: 'dang_giai_quyet',
    apology: null,
    supplements: [],
    refusal: null,
    withdrawal: null,
    receiver,
    handler: null,
    currentHandler: null,
    steps: [],
    files: [],
    fee: proc.fee,
    note: '',
    postalCode: channel === 'postal' ? `EP${rng.digits(9)}VN` : null,
    case: c.kind,
    edgeCase: forced?.edge ?? null,
    nonconformities: [],
  };
  // Supplement requests pause the dossier: each takes 2–5 working days to answer, and the appointment moves.
  let shift = 0;
  for (let k = 0; k < (c.kind === 'supplement' ? 1 : c.supplements ?? 0); k++) {
    const at = officeTime(addWorkdays(receivedAt, k * 3 + (proc.days > 1 ? 1 : 0)), 0.3 + rng.next() * 0.5);
    // A request not made yet does not move the appointment (the dossier is too recent for it).
    if (at > nowMs) break;
    d.supplements.push({
      at,
      content: rng.pick(['Bổ sung bản sao Giấy chứng nhận quyền sử dụng đất có chứng thực', 'Bổ sung tờ khai có chữ ký của người yêu cầu', 'Bổ sung giấy ủy quyền có chứng thực', 'Bổ sung bản chính giấy tờ để đối chiếu']),
      reason: rng.pick(['Thành phần hồ sơ chưa đầy đủ theo quy định', 'Tờ khai ghi thiếu thông tin', 'Giấy tờ hết hiệu lực']),
    });
    shift += rng.int(2, 5);
  }
  if (d.supplements.length > 1) d.nonconformities.push('second_supplement_request');
  const due = addWorkdays(receivedAt, proc.days + shift) + 16.5 * H;
  d.dueAt = c.noDue ? null : due;
  if (c.noDue) d.nonconformities.push('no_appointment_date');

  if (c.kind === 'awaiting') {
    d.submittedAt = receivedAt;
    d.receivedAt = null;
    d.dueAt = null;
    d.status = 'cho_xac_nhan';
    if (ageDays >= 2) d.nonconformities.push('online_not_received_in_time');
    d.files = filesFor(d, proc);
    d.note = '';
    return wholeMinutes(d);
  }
  if (c.kind === 'refused') {
    d.resultAt = null;
    d.status = 'khong_giai_quyet';
    d.refusal = { at: receivedAt + rng.int(30, 300) * MIN, reason: rng.chance(0.7) ? 'Hồ sơ không thuộc thẩm quyền giải quyết của UBND phường' : '' };
    if (!d.refusal.reason) d.nonconformities.push('refusal_without_reason');
  } else if (c.kind === 'withdrawn') {
    d.status = 'rut';
    d.withdrawal = { at: officeTime(addWorkdays(receivedAt, 1), rng.next()), file: rng.chance(0.7) ? `don_rut_ho_so_${pad(id, 3)}.pdf` : null };
    if (!d.withdrawal.file) d.nonconformities.push('withdrawal_without_request');
  } else if (c.kind === 'in_term' || c.kind === 'received') {
    d.resultAt = null;
    d.status = c.kind === 'received' ? 'da_tiep_nhan' : 'dang_giai_quyet';
    // A reference "now" late in the day (PORTAL_NOW) may find the appointment of a recent dossier passed: overdue.
    if (d.dueAt !== null && nowMs > d.dueAt) {
      d.status = 'tre_han';
      d.nonconformities.push('overdue_without_apology');
    }
  } else if (c.kind === 'supplement') {
    d.status = 'bo_sung';
  } else if (c.kind === 'overdue') {
    d.status = 'tre_han';
    if (c.apology) {
      d.apology = { issuedAt: officeTime(prevWorkday(due), rng.next()), newDueAt: addWorkdays(nowMs, rng.int(2, 4)) + 16.5 * H, reason: 'Cần xác minh thêm thông tin với cơ quan liên quan' };
    } else d.nonconformities.push('overdue_without_apology');
  } else {
    // early / on_time / late / result_ready: the result day relative to the due day.
    const limit = proc.days + shift;
    let resultDay;
    if (c.kind === 'early') resultDay = addWorkdays(receivedAt, Math.max(0, limit - rng.int(1, Math.max(1, Math.ceil(limit / 2)))));
    else if (c.kind === 'on_time' || c.kind === 'result_ready') resultDay = addWorkdays(receivedAt, limit);
    else resultDay = addWorkdays(receivedAt, limit + rng.int(1, 6));
    let resultAt = officeTime(resultDay, 0.2 + rng.next() * 0.6);
    if (resultAt <= receivedAt + 30 * MIN) resultAt = receivedAt + rng.int(40, 120) * MIN;
    if (resultAt > dayStart(receivedAt) + 16.75 * H && dayStart(resultAt) === dayStart(receivedAt)) resultAt = officeTime(addWorkdays(receivedAt, 1), 0.05 + rng.next() * 0.4);
    if (c.kind === 'result_ready') {
      d.resultAt = Math.min(resultAt, nowMs - 30 * MIN);
      d.status = 'co_ket_qua';
    } else {
      d.resultAt = resultAt;
      // Picked up the same or the next working day (the due day at the latest when the result was on time).
      let pickDay = addWorkdays(resultAt, c.kind !== 'late' && rng.chance(0.3) ? 1 : 0);
      if (c.kind === 'on_time' && d.dueAt !== null && pickDay > dayStart(due)) pickDay = dayStart(due);
      let returnedAt = officeTime(pickDay, rng.next());
      if (returnedAt <= resultAt) {
        const rest = dayStart(resultAt) + 17 * H - resultAt;
        returnedAt = rest > 20 * MIN ? resultAt + Math.floor(rest * (0.2 + rng.next() * 0.7)) : officeTime(addWorkdays(resultAt, 1), rng.next() * 0.5);
      }
      // Only the "late" case may return after the appointment day: the others are picked up on the result's day.
      if (c.kind !== 'late' && d.dueAt !== null && dayStart(returnedAt) > dayStart(due)) {
        returnedAt = resultAt + Math.max(10 * MIN, Math.floor((dayStart(resultAt) + 17 * H - resultAt) * 0.6));
      }
      d.returnedAt = returnedAt;
      // The edge cases of the checks: returned at the appointment minute (16:30), or 25 minutes after it (16:55),
      // the result finished before it or 10 minutes after it.
      if (c.returnAt === 'due') {
        d.resultAt = due - 3 * H;
        d.returnedAt = due;
      } else if (c.returnAt === 'due+25') {
        d.resultAt = due + 10 * MIN;
        d.returnedAt = due + 25 * MIN;
      }
      d.status = 'da_tra';
      if (c.kind === 'late' && d.dueAt !== null) {
        if (c.apology) {
          const issuedAt = c.apologyAfterDue
            ? officeTime(addWorkdays(due, rng.int(1, 3)), rng.next())
            : c.apologySameDay
              ? dayStart(due) + 8 * H
              : Math.max(receivedAt + 45 * MIN, officeTime(prevWorkday(due), rng.next()));
          d.apology = { issuedAt, newDueAt: addWorkdays(returnedAt, 1) + 16.5 * H, reason: rng.pick(['Hồ sơ phải xác minh tại cơ quan khác', 'Cán bộ thụ lý nghỉ ốm đột xuất', 'Chờ kết quả liên thông từ cơ quan thuế']) };
          if (c.apologyAfterDue) d.nonconformities.push('apology_after_due');
        } else d.nonconformities.push('late_without_apology');
      }
    }
    // A result that is not yet out is not shown.
    if (d.resultAt !== null && d.resultAt > nowMs) {
      d.resultAt = null;
      d.returnedAt = null;
      d.apology = null;
      d.nonconformities = d.nonconformities.filter((n) => n !== 'late_without_apology' && n !== 'apology_after_due');
      d.status = d.dueAt !== null && nowMs > d.dueAt ? 'tre_han' : 'dang_giai_quyet';
      if (d.status === 'tre_han') d.nonconformities.push('overdue_without_apology');
    } else if (d.returnedAt !== null && d.returnedAt > nowMs) {
      d.returnedAt = null;
      d.status = 'co_ket_qua';
    }
  }
  // Supplement requests past their answer are history; one still waiting puts the dossier on hold.
  if (d.status === 'bo_sung' && d.supplements.length === 0) {
    d.supplements.push({ at: Math.min(nowMs - 2 * H, officeTime(addWorkdays(receivedAt, 1), 0.4)), content: 'Bổ sung bản sao Hợp đồng thuê địa điểm kinh doanh có chứng thực', reason: 'Thành phần hồ sơ chưa đầy đủ theo quy định' });
  }
  d.supplements = d.supplements.filter((s) => s.at <= nowMs);
  // An apology dated on the appointment's day, before its hour (the practice is a day before).
  if (d.apology && d.dueAt !== null && d.apology.issuedAt < d.dueAt && dayStart(d.apology.issuedAt) === dayStart(d.dueAt)) d.nonconformities.push('apology_same_day');

  const { steps, handler } = stepsFor(d, proc, rng, nowMs);
  d.steps = d.status === 'khong_giai_quyet' || d.status === 'rut' ? steps.slice(0, 1) : steps;
  // The officer who processes the dossier; "current" only while it is in progress.
  d.handler = d.steps.length > 1 ? handler : null;
  d.currentHandler = ['dang_giai_quyet', 'tre_han', 'bo_sung', 'da_tiep_nhan'].includes(d.status) ? handler : null;
  d.files = filesFor(d, proc);
  d.note = noteFor(rng, d);
  d.resultFile = d.resultAt !== null ? `ket_qua_${proc.code.replace('.', '_')}_${pad(id, 3)}.pdf` : null;
  return wholeMinutes(d);
}

/** Screens show minutes: every time of a dossier is cut to the whole minute, so what a page shows is the record. */
function wholeMinutes(d) {
  const m = (t) => (t == null ? t : Math.floor(t / MIN) * MIN);
  for (const k of ['submittedAt', 'receivedAt', 'dueAt', 'resultAt', 'returnedAt']) d[k] = m(d[k]);
  if (d.apology) d.apology = { ...d.apology, issuedAt: m(d.apology.issuedAt), newDueAt: m(d.apology.newDueAt) };
  if (d.refusal) d.refusal.at = m(d.refusal.at);
  if (d.withdrawal) d.withdrawal.at = m(d.withdrawal.at);
  for (const s of d.supplements) s.at = m(s.at);
  for (const s of d.steps) {
    s.startedAt = m(s.startedAt);
    s.finishedAt = m(s.finishedAt);
  }
  return d;
}

/** Builds the register. `nowMs` is the reference "now". */
export function buildPortalData(nowMs = DEFAULT_NOW) {
  const times = receiptTimes(nowMs);
  const dossiers = [];
  for (let id = 1; id <= COUNT; id++) dossiers.push(buildOne(id, times.get(id), nowMs));
  // Codes: <agency>-<yyMMdd>-<seq>, numbered per day in receipt (or submission) order.
  const perDay = new Map();
  const order = [...dossiers].sort((a, b) => (a.receivedAt ?? a.submittedAt) - (b.receivedAt ?? b.submittedAt) || a.id - b.id);
  for (const d of order) {
    const t = d.receivedAt ?? d.submittedAt;
    const key = yymmdd(t);
    const n = (perDay.get(key) ?? 0) + 1;
    perDay.set(key, n);
    d.code = `${UNIT.agencyCode}-${key}-${pad(n, 4)}`;
  }
  return { dossiers, byId: new Map(dossiers.map((d) => [d.id, d])) };
}
