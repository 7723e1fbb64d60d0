// The Vietnamese demo data set as idempotent SQL (deterministic ids, ON CONFLICT DO NOTHING): pure, no I/O.
// `scripts/seed.ts` hashes the password, reads the demo site profile and runs the statements against local D1.
import { createHash } from 'node:crypto';
import {
  ChecklistImportSchema,
  checkRuleSetAgainstChecklist,
  CheckRuleSetSchema,
  clauseGroup,
  GOVERNMENT_DECISIONS_2025_2026,
  ONE_STOP_118_RULES,
  RESULTS,
  SiteProfileSchema,
  worstResult,
  type FindingStatus,
  type Result,
  type Role,
  type UnitLevel,
} from '@onestop/shared';
import { z } from 'zod';
import { rebuildRollupsSql } from '../worker/src/db/derived-sql.ts';
import checklistJson from '../data/checklist-iso9001-one-stop-shop.json' with { type: 'json' };
import demoUnitsJson from '../data/demo-units.json' with { type: 'json' };

/** The one password of every demo account. Local seed only: it must never reach a remote database. */
export const DEMO_PASSWORD = 'ThuNghiem#2026';

export interface DemoAccount {
  email: string;
  role: Role;
  display_name: string;
  /** Code of the unit whose subtree the account sees. */
  unit_code: string;
  title_vi: string;
}

/** Post-2025 ward of the unit head; both demo audits cover it. */
const HEAD_UNIT = 'HN-PHUONG-SON-TAY';

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.onestop.vn', role: 'admin', display_name: 'Phạm Quốc Khánh', unit_code: 'HN', title_vi: 'Quản trị hệ thống' },
  { email: 'lanhdao@demo.onestop.vn', role: 'leader', display_name: 'Nguyễn Thị Thu Hà', unit_code: 'HN', title_vi: 'Lãnh đạo UBND Thành phố' },
  { email: 'truongdoan@demo.onestop.vn', role: 'inspector', display_name: 'Lê Văn Thành', unit_code: 'HN', title_vi: 'Trưởng đoàn kiểm tra' },
  { email: 'kiemtra@demo.onestop.vn', role: 'inspector', display_name: 'Đỗ Thị Minh Ngọc', unit_code: 'HN', title_vi: 'Thành viên đoàn kiểm tra' },
  { email: 'thutruong@demo.onestop.vn', role: 'unit_head', display_name: 'Vũ Đức Long', unit_code: HEAD_UNIT, title_vi: 'Chủ tịch UBND phường Sơn Tây' },
];

// ---------------------------------------------------------------------------------------------------------------
// Input files, validated: the seed is an import edge like any other.

interface UnitFileNode {
  code: string;
  name: string;
  level: UnitLevel;
  gso_code?: string | undefined;
  successor_2025?: string | undefined;
  successors_2025?: string[] | undefined;
  children?: UnitFileNode[] | undefined;
}

const UnitFileNodeSchema: z.ZodType<UnitFileNode> = z.lazy(() =>
  z.object({
    code: z.string().min(1).max(64),
    name: z.string().min(1).max(300),
    level: z.enum(['province', 'department', 'district', 'commune', 'office']),
    gso_code: z.string().max(16).optional(),
    successor_2025: z.string().optional(),
    successors_2025: z.array(z.string().min(1)).optional(),
    children: z.array(UnitFileNodeSchema).optional(),
  }),
);

export const DemoUnitsFileSchema = z.object({ version: z.number().int(), units: z.array(UnitFileNodeSchema) });

/** The checklist file is read with the same schema as `POST /checklists`. */
export const ChecklistFileSchema = ChecklistImportSchema;
export type ChecklistFile = z.infer<typeof ChecklistFileSchema>;
type ChecklistFileItem = ChecklistFile['items'][number];

// ---------------------------------------------------------------------------------------------------------------
// Small pure helpers.

/** A UUIDv7-shaped id derived from a stable name: the same name always gives the same id. */
export function stableId(name: string): string {
  const b = createHash('sha256').update(name, 'utf8').digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x70;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export { clauseGroup, worstResult };

type SqlValue = string | number | null;

function lit(v: SqlValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`seed: non-integer SQL value ${v}`);
    return String(v);
  }
  return `'${v.replaceAll("'", "''")}'`;
}

/** An insert that leaves an existing row alone; CHECK and FOREIGN KEY failures still abort the seed. */
function insert(table: string, row: Record<string, SqlValue>): string {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => lit(row[c] ?? null)).join(', ')}) ON CONFLICT DO NOTHING;`;
}

/** The same, only when `condition` holds (used for rows guarded by a trigger). */
function insertWhere(table: string, row: Record<string, SqlValue>, condition: string): string {
  const cols = Object.keys(row);
  return `INSERT INTO ${table} (${cols.join(', ')}) SELECT ${cols.map((c) => lit(row[c] ?? null)).join(', ')} WHERE ${condition} ON CONFLICT DO NOTHING;`;
}

/** ASCII upper-case slug of a Vietnamese name, for unit codes: 'Phường Sơn Tây' → 'PHUONG-SON-TAY'. */
function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar: everything is placed in working days (Mon–Fri) counted back from today in Asia/Ho_Chi_Minh,
// so the demo reads like a real recent audit whenever it is seeded.

const VN_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

interface Calendar {
  /** 'YYYY-MM-DD' of the working day `n` working days before today (negative: after today). */
  date(n: number): string;
  /** ISO UTC timestamp of that working day at `hh:mm` Vietnam time. */
  at(n: number, hh: number, mm?: number): string;
  /** 'dd/MM/yyyy' as printed on Vietnamese forms. */
  vn(n: number): string;
  /** 'yyMMdd', the date part of a dossier code. */
  yymmdd(n: number): string;
}

function calendar(now: Date): Calendar {
  const today = Math.floor((now.getTime() + VN_OFFSET_MS) / DAY_MS) * DAY_MS; // VN midnight, as a UTC-midnight instant
  const cache = new Map<number, number>();
  const dayOf = (n: number): number => {
    const hit = cache.get(n);
    if (hit !== undefined) return hit;
    let t = today;
    let left = Math.abs(n);
    const step = n >= 0 ? -DAY_MS : DAY_MS;
    while (left > 0) {
      t += step;
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) left--;
    }
    cache.set(n, t);
    return t;
  };
  const iso = (n: number) => new Date(dayOf(n)).toISOString().slice(0, 10);
  return {
    date: iso,
    at: (n, hh, mm = 0) => new Date(dayOf(n) + (hh * 60 + mm) * 60_000 - VN_OFFSET_MS).toISOString(),
    vn: (n) => {
      const [y, m, d] = iso(n).split('-');
      return `${d}/${m}/${y}`;
    },
    yymmdd: (n) => iso(n).slice(2).replaceAll('-', ''),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Units: the pre-2025 tree of demo-units.json, ended on 30 June 2025, plus the post-2025 units that took over.

const REFORM_DAY = '2025-07-01';
const LAST_DAY_BEFORE_REFORM = '2025-06-30';

/** Statistical codes the data file says were reused after the reform (its note: 00160 is now Phường Nghĩa Đô). */
const NEW_GSO_CODES: Record<string, string> = { 'HN-PHUONG-NGHIA-DO': '00160' };

export interface SeedUnit {
  id: string;
  code: string;
  name: string;
  level: UnitLevel;
  parentCode: string | null;
  gsoCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface UnitPlan {
  units: SeedUnit[];
  closure: { ancestor: string; descendant: string; depth: number }[];
  successions: { predecessor: string; successor: string }[];
}

/** Flattens the file into units (parents first), closure rows and 2025 successions, all keyed by unit code. */
export function planUnits(file: z.infer<typeof DemoUnitsFileSchema>): UnitPlan {
  const units: SeedUnit[] = [];
  const successions: UnitPlan['successions'] = [];
  const byCode = new Map<string, SeedUnit>();
  const add = (u: Omit<SeedUnit, 'id'>) => {
    if (byCode.has(u.code)) throw new Error(`seed: duplicate unit code ${u.code}`);
    const unit = { ...u, id: stableId(`unit:${u.code}`) };
    units.push(unit);
    byCode.set(u.code, unit);
    return unit;
  };
  const newUnits: Omit<SeedUnit, 'id'>[] = [];

  for (const province of file.units) {
    // "Tỉnh Ninh Bình (mã 37; hợp nhất …)" names a different province; "Thành phố Hà Nội (không sáp nhập; …)" the same one.
    const successorText = province.successor_2025 ?? '';
    const successorName = successorText.split(' (')[0]?.trim() ?? '';
    const merged = successorName !== '' && successorName !== province.name;
    let currentProvince = province.code;
    if (merged) {
      const gso = /mã (\d+)/.exec(successorText)?.[1] ?? null;
      // Code of the new province: initials of its name ('Tỉnh Ninh Bình' → 'NB'), like the file's 'HN', 'QN', 'ND'.
      currentProvince = slug(successorName).replace(/^(TINH|THANH-PHO)-/, '').split('-').map((w) => w[0]).join('');
      newUnits.push({ code: currentProvince, name: successorName, level: 'province', parentCode: null, gsoCode: gso, validFrom: REFORM_DAY, validTo: null });
      successions.push({ predecessor: province.code, successor: currentProvince });
    }

    const walk = (node: UnitFileNode, parentCode: string | null, ended: boolean) => {
      // The district level was abolished on 1 July 2025: districts and everything under them ended then.
      const endsNow = ended || node.level === 'district' || (node.level === 'province' && merged) || node.successors_2025 !== undefined;
      add({
        code: node.code,
        name: node.name,
        level: node.level,
        parentCode,
        gsoCode: node.gso_code ?? null,
        validFrom: null,
        validTo: endsNow ? LAST_DAY_BEFORE_REFORM : null,
      });
      for (const successor of node.successors_2025 ?? []) {
        const code = `${currentProvince}-${slug(successor)}`;
        if (!newUnits.some((u) => u.code === code)) {
          newUnits.push({ code, name: successor, level: 'commune', parentCode: currentProvince, gsoCode: NEW_GSO_CODES[code] ?? null, validFrom: REFORM_DAY, validTo: null });
        }
        successions.push({ predecessor: node.code, successor: code });
      }
      for (const child of node.children ?? []) walk(child, node.code, endsNow);
    };
    walk(province, null, false);
  }
  for (const u of newUnits.filter((c) => c.level === 'province')) add(u);
  for (const u of newUnits.filter((c) => c.level !== 'province')) add(u);

  const closure: UnitPlan['closure'] = [];
  for (const u of units) {
    let depth = 0;
    let cursor: SeedUnit | undefined = u;
    while (cursor) {
      closure.push({ ancestor: cursor.code, descendant: u.code, depth });
      cursor = cursor.parentCode ? byCode.get(cursor.parentCode) : undefined;
      depth++;
    }
  }
  for (const s of successions) {
    if (!byCode.has(s.predecessor) || !byCode.has(s.successor)) throw new Error(`seed: succession ${s.predecessor} → ${s.successor} names a missing unit`);
  }
  return { units, closure, successions };
}

// ---------------------------------------------------------------------------------------------------------------
// Audits and findings, written as data; the builder turns them into rows and checks the workflow rules.

type Actor = 'admin' | 'leader' | 'lead' | 'member' | 'head';

type Step =
  | { kind: 'plan'; at: string; rootCause: string; correction: string; action: string; due: string }
  | { kind: 'dispute'; at: string; reason: string }
  | { kind: 'reject'; at: string; comment: string }
  | { kind: 'withdraw'; at: string; comment: string }
  | { kind: 'done'; at: string; note: string }
  | { kind: 'verify'; at: string; note: string }
  | { kind: 'delete'; at: string };

interface FindingSpec {
  key: string;
  unit: string;
  item: string;
  result: Result;
  note: string;
  dossier: string | null;
  by: 'lead' | 'member';
  at: string;
  steps?: Step[];
}

interface AuditSpec {
  key: string;
  code: string;
  title: string;
  kind: 'internal' | 'inspection' | 'follow_up';
  status: 'in_progress' | 'reporting';
  ownerUnit: string;
  plannedStart: string;
  plannedEnd: string;
  createdAt: string;
  startedAt: string;
  reportingAt: string | null;
  scopeNote: string;
  units: string[];
  findings: FindingSpec[];
}

/** Agency identifiers used in dossier codes (opaque strings in real systems; these are demo values). */
const AGENCY: Record<string, string> = {
  'HN-PHUONG-SON-TAY': '000.35.24.H26',
  'HN-PHUONG-TUNG-THIEN': '000.36.24.H26',
  'HN-PHUONG-HA-DONG': '000.21.24.H26',
  'HN-PHUONG-CAU-GIAY': '000.05.24.H26',
  'HN-SO-TC': '000.00.12.H26',
};

function auditSpecs(cal: Calendar): AuditSpec[] {
  const dossier = (unit: string, receivedDaysAgo: number, no: number) =>
    `${AGENCY[unit] ?? '000.00.00.H26'}-${cal.yymmdd(receivedDaysAgo)}-${String(no).padStart(4, '0')}`;
  const ST = 'HN-PHUONG-SON-TAY';
  const TT = 'HN-PHUONG-TUNG-THIEN';
  const HD = 'HN-PHUONG-HA-DONG';
  const CG = 'HN-PHUONG-CAU-GIAY';
  const TC = 'HN-SO-TC';

  // --- The audit in progress: started 10 working days ago, findings for 16 items in Sơn Tây, 4 in Tùng Thiện.
  const a = 10;
  const d1 = dossier(ST, 24, 7);
  const d2 = dossier(ST, 21, 12);
  const d3 = dossier(ST, 19, 3);
  const d4 = dossier(ST, 18, 15);
  const d5 = dossier(ST, 17, 9);
  const d6 = dossier(ST, 16, 21);
  const d7 = dossier(TT, 20, 4);
  const d8 = dossier(TT, 18, 11);
  const inProgress: AuditSpec = {
    key: 'in-progress',
    code: `KT-ISO-${cal.date(a).slice(0, 4)}-08`,
    title: 'Kiểm tra việc áp dụng, duy trì TCVN ISO 9001:2015 tại Bộ phận Một cửa phường Sơn Tây, Tùng Thiện, Hà Đông',
    kind: 'inspection',
    status: 'in_progress',
    ownerUnit: 'HN',
    plannedStart: cal.date(a),
    plannedEnd: cal.date(-5),
    createdAt: cal.at(a + 8, 10, 20),
    startedAt: cal.at(a, 8, 0),
    reportingAt: null,
    scopeNote: `Chọn mẫu 30 hồ sơ tiếp nhận từ ${cal.vn(a + 40)} đến ${cal.vn(a + 5)} thuộc lĩnh vực hộ tịch, chứng thực, đăng ký kinh doanh; đối chiếu hồ sơ giấy với phần mềm một cửa và Cổng Dịch vụ công quốc gia.`,
    units: [ST, TT, HD],
    findings: [
      { key: 'st-01', unit: ST, item: 'MC-4.3-02', result: 'conform', by: 'lead', at: cal.at(a, 9, 30), dossier: null,
        note: 'Quyết định công bố lại hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015 đã ban hành sau khi thành lập phường, niêm yết tại trụ sở; phạm vi cập nhật theo danh mục TTHC cấp xã mới.' },
      { key: 'st-02', unit: ST, item: 'MC-5.3-01', result: 'conform', by: 'lead', at: cal.at(a, 10, 15), dossier: null,
        note: 'Có quyết định kiện toàn Bộ phận Một cửa phường từ 01/7/2025, quy chế hoạt động và bảng phân công công chức tiếp nhận theo từng lĩnh vực.' },
      { key: 'st-03', unit: ST, item: 'MC-6.3-01', result: 'observation', by: 'lead', at: cal.at(a, 14, 0), dossier: null,
        note: 'Đơn vị đã chuyển sang phần mềm một cửa dùng chung của Thành phố nhưng sổ nhận diện rủi ro vẫn ghi rủi ro của phần mềm cũ; đã có biên bản họp giao rà soát nên ghi nhận là điểm lưu ý.' },
      { key: 'st-04', unit: ST, item: 'MC-7.1-01', result: 'conform', by: 'member', at: cal.at(a - 1, 8, 45), dossier: null,
        note: 'Bộ phận Một cửa bố trí tại tầng 1, có 6 quầy, máy lấy số thứ tự, máy tính tra cứu, ghế chờ và lối đi cho người khuyết tật.' },
      { key: 'st-05', unit: ST, item: 'MC-7.1-02', result: 'ofi', by: 'member', at: cal.at(a - 1, 10, 30), dossier: d1,
        note: `Hồ sơ ${d1} đã trả kết quả trên phần mềm nhưng Cổng Dịch vụ công quốc gia vẫn hiển thị "Đang xử lý" sau 2 ngày. Đề nghị phân công người theo dõi cảnh báo đồng bộ hằng ngày.` },
      { key: 'st-06', unit: ST, item: 'MC-7.5-03', result: 'nc_minor', by: 'member', at: cal.at(a - 2, 9, 0), dossier: d2,
        note: `Hồ sơ ${d2} (Đăng ký khai sinh, đã trả kết quả) thiếu bản điện tử của Tờ khai đăng ký khai sinh trong thành phần hồ sơ trên phần mềm; bản giấy lưu tại bộ phận Tư pháp - Hộ tịch.` },
      { key: 'st-07', unit: ST, item: 'MC-8.1-01', result: 'conform', by: 'lead', at: cal.at(a - 2, 10, 0), dossier: null,
        note: 'Đối chiếu 5 TTHC lĩnh vực hộ tịch, chứng thực: thời hạn giải quyết cấu hình trên phần mềm khớp quyết định công bố danh mục TTHC của UBND Thành phố.' },
      { key: 'st-08', unit: ST, item: 'MC-8.2-01', result: 'conform', by: 'lead', at: cal.at(a - 2, 14, 30), dossier: null,
        note: 'Danh mục TTHC cấp xã niêm yết tại Bộ phận Một cửa và trên trang thông tin điện tử của phường là bản mới nhất; đã gỡ các thủ tục cấp huyện.' },
      { key: 'st-09', unit: ST, item: 'MC-8.5.1-01', result: 'conform', by: 'lead', at: cal.at(a - 3, 9, 0), dossier: d3,
        note: `Hồ sơ ${d3} (Chứng thực bản sao từ bản chính) có Giấy tiếp nhận hồ sơ và hẹn trả kết quả ghi đủ thành phần, thời hạn và chữ ký công chức tiếp nhận.` },
      { key: 'st-10', unit: ST, item: 'MC-8.5.1-03', result: 'conform', by: 'lead', at: cal.at(a - 3, 9, 40), dossier: null,
        note: 'Mã của 10 hồ sơ trong mẫu là duy nhất; phần ngày trong mã khớp ngày tiếp nhận.' },
      { key: 'st-11', unit: ST, item: 'MC-8.5.1-03', result: 'nc_minor', by: 'member', at: cal.at(a - 3, 10, 10), dossier: d4,
        note: `Hồ sơ ${d4} có mã trùng với một hồ sơ chứng thực cùng ngày (cần kiểm tra lại).`,
        steps: [{ kind: 'delete', at: cal.at(a - 3, 11, 0) }] },
      { key: 'st-12', unit: ST, item: 'MC-8.5.1-09', result: 'conform', by: 'member', at: cal.at(a - 4, 9, 15), dossier: d3,
        note: `Hồ sơ ${d3} hẹn trả ${cal.vn(17)}, trả kết quả ngày ${cal.vn(18)}, trước hạn 1 ngày làm việc.` },
      { key: 'st-13', unit: ST, item: 'MC-8.5.1-09', result: 'nc_minor', by: 'member', at: cal.at(a - 4, 10, 0), dossier: d5,
        note: `Hồ sơ ${d5} (Xác nhận tình trạng hôn nhân) hẹn trả ${cal.vn(14)}, trả thực tế ${cal.vn(12)}, trễ hạn 2 ngày làm việc; có Văn bản xin lỗi và hẹn lại ngày trả kết quả.` },
      { key: 'st-14', unit: ST, item: 'MC-8.7-01', result: 'nc_major', by: 'lead', at: cal.at(a - 4, 14, 0), dossier: d6,
        note: `Hồ sơ ${d6} trả kết quả trễ hạn 3 ngày (hẹn trả ${cal.vn(13)}, trả ${cal.vn(10)}), không có Văn bản xin lỗi và hẹn lại ngày trả kết quả; người dân không được thông báo trước.` },
      { key: 'st-15', unit: ST, item: 'MC-8.4-01', result: 'not_applicable', by: 'lead', at: cal.at(a - 5, 9, 0), dossier: null,
        note: 'Trong kỳ chọn mẫu đơn vị không tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích (sổ theo dõi không có hồ sơ nào).' },
      { key: 'st-16', unit: ST, item: 'MC-8.5.1-11', result: 'not_applicable', by: 'member', at: cal.at(a - 5, 10, 20), dossier: null,
        note: 'Các hồ sơ trong mẫu đều thuộc TTHC được miễn lệ phí (đăng ký khai sinh, khai tử đúng hạn); không có giao dịch thu phí để đối chiếu.' },
      { key: 'st-17', unit: ST, item: 'MC-8.5.3-02', result: 'observation', by: 'lead', at: cal.at(a - 6, 9, 30), dossier: null,
        note: 'Màn hình tra cứu tại quầy tiếp nhận hiển thị đầy đủ số định danh cá nhân và số điện thoại của người nộp, quay về phía khu vực chờ.' },
      { key: 'st-18', unit: ST, item: 'MC-9.1.2-01', result: 'ofi', by: 'member', at: cal.at(a - 7, 15, 0), dossier: null,
        note: 'Thiết bị đánh giá mức độ hài lòng tại quầy hoạt động nhưng chỉ khoảng 12% lượt giao dịch có đánh giá; có thể in mã QR đánh giá trên Giấy tiếp nhận hồ sơ.' },
      { key: 'tt-01', unit: TT, item: 'MC-8.2-01', result: 'conform', by: 'member', at: cal.at(a - 8, 9, 0), dossier: null,
        note: 'Danh mục TTHC cấp xã niêm yết đầy đủ tại Bộ phận Một cửa phường Tùng Thiện.' },
      { key: 'tt-02', unit: TT, item: 'MC-8.2-04', result: 'nc_minor', by: 'member', at: cal.at(a - 8, 9, 45), dossier: null,
        note: 'Bảng niêm yết vẫn ghi số điện thoại đường dây nóng và địa chỉ thư điện tử của UBND phường Xuân Khanh cũ; chưa cập nhật sau khi thành lập phường Tùng Thiện.' },
      { key: 'tt-03', unit: TT, item: 'MC-8.5.1-09', result: 'conform', by: 'lead', at: cal.at(a - 8, 14, 0), dossier: d7,
        note: `Hồ sơ ${d7} (Đăng ký kết hôn) trả kết quả đúng ngày hẹn ${cal.vn(17)}.` },
      { key: 'tt-04', unit: TT, item: 'MC-7.5-04', result: 'observation', by: 'lead', at: cal.at(a - 9, 10, 0), dossier: d8,
        note: `Sổ theo dõi hồ sơ giấy ghi ngày hẹn trả của hồ sơ ${d8} là ${cal.vn(14)}, phần mềm ghi ${cal.vn(13)} (đã hẹn lại); sổ chưa ghi chú việc hẹn lại.` },
    ],
  };

  // --- The audit in reporting: fieldwork 32–28 working days ago, closing meeting 24 days ago; NCs of Sơn Tây
  // went through the workflow since, the other units have not answered yet.
  const b = 32;
  const r = 24;
  const e1 = dossier(ST, 55, 18);
  const e2 = dossier(ST, 50, 6);
  const e3 = dossier(ST, 47, 2);
  const e4 = dossier(ST, 44, 25);
  const e5 = dossier(ST, 41, 13);
  const e6 = dossier(CG, 52, 31);
  const e7 = dossier(CG, 46, 8);
  const e8 = dossier(CG, 43, 17);
  const e9 = dossier(TC, 49, 112);
  const e10 = dossier(TC, 45, 87);
  const e11 = dossier(TC, 42, 54);
  const e12 = dossier(ST, 48, 9);
  const quarter = Math.floor((Number(cal.date(b).slice(5, 7)) - 1) / 3); // the quarter before the audit started
  const quarterLabel = quarter === 0 ? `quý IV/${Number(cal.date(b).slice(0, 4)) - 1}` : `quý ${['I', 'II', 'III'][quarter - 1]}/${cal.date(b).slice(0, 4)}`;
  const reporting: AuditSpec = {
    key: 'reporting',
    code: `KT-ISO-${cal.date(b).slice(0, 4)}-07`,
    title: 'Kiểm tra công tác giải quyết thủ tục hành chính theo TCVN ISO 9001:2015 tại phường Sơn Tây, phường Cầu Giấy và Sở Tài chính',
    kind: 'inspection',
    status: 'reporting',
    ownerUnit: 'HN',
    plannedStart: cal.date(b),
    plannedEnd: cal.date(b - 4),
    createdAt: cal.at(b + 10, 15, 10),
    startedAt: cal.at(b, 8, 0),
    reportingAt: cal.at(r, 15, 0),
    scopeNote: `Chọn mẫu hồ sơ tiếp nhận ${quarterLabel}; trọng tâm: giải quyết đúng hạn, văn bản xin lỗi, niêm yết công khai và số liệu báo cáo. Họp kết thúc kiểm tra ngày ${cal.vn(r)}.`,
    units: [ST, CG, TC],
    findings: [
      { key: 'st-01', unit: ST, item: 'MC-4.3-02', result: 'conform', by: 'lead', at: cal.at(b, 9, 0), dossier: null,
        note: 'Đã công bố lại hệ thống quản lý chất lượng sau khi thành lập phường; quyết định công bố niêm yết tại trụ sở.' },
      { key: 'st-02', unit: ST, item: 'MC-8.2-01', result: 'conform', by: 'lead', at: cal.at(b, 9, 45), dossier: null,
        note: 'Danh mục TTHC niêm yết đầy đủ, đúng bản mới nhất.' },
      { key: 'st-03', unit: ST, item: 'MC-8.7-01', result: 'nc_major', by: 'lead', at: cal.at(b - 1, 10, 0), dossier: e1,
        note: `Hồ sơ ${e1} (Cấp Giấy chứng nhận đăng ký hộ kinh doanh) trả kết quả trễ hạn 4 ngày, không có Văn bản xin lỗi và hẹn lại ngày trả kết quả.`,
        steps: [{ kind: 'plan', at: cal.at(r - 2, 16, 10), due: cal.date(-15),
          rootCause: 'Công chức tiếp nhận không theo dõi cảnh báo hồ sơ sắp đến hạn trên phần mềm; chưa phân công ai lập Văn bản xin lỗi khi hồ sơ chậm do cơ quan phối hợp.',
          correction: `Đã gửi Văn bản xin lỗi bổ sung cho người dân ngày ${cal.vn(r - 1)}.`,
          action: 'Ban hành quy định nội bộ phân công lập Văn bản xin lỗi; bật thông báo hồ sơ sắp đến hạn cho lãnh đạo phụ trách; tập huấn lại công chức Bộ phận Một cửa.' }] },
      { key: 'st-04', unit: ST, item: 'MC-7.5-05', result: 'nc_minor', by: 'member', at: cal.at(b - 2, 9, 30), dossier: e2,
        note: `Lịch sử xử lý của hồ sơ ${e2} không ghi người xử lý ở bước thẩm định; thời điểm chuyển bước 3 sớm hơn bước 2.`,
        steps: [{ kind: 'plan', at: cal.at(r - 3, 9, 20), due: cal.date(3),
          rootCause: 'Bộ phận chuyên môn dùng chung một tài khoản trong thời gian chuyển đổi phần mềm; dữ liệu nhập bù không theo thứ tự.',
          correction: 'Đã bổ sung người xử lý cho các bước còn thiếu của hồ sơ nêu trên.',
          action: 'Cấp tài khoản riêng cho từng công chức; đề nghị đơn vị cung cấp phần mềm chặn chuyển bước khi thiếu người xử lý.' }] },
      { key: 'st-05', unit: ST, item: 'MC-8.2-03', result: 'nc_minor', by: 'lead', at: cal.at(b - 1, 14, 0), dossier: null,
        note: 'Bảng niêm yết phí, lệ phí của thủ tục Cấp bản sao trích lục hộ tịch còn ghi căn cứ văn bản đã hết hiệu lực; chưa cập nhật theo văn bản quy định mức thu hiện hành.',
        steps: [{ kind: 'dispute', at: cal.at(r - 4, 10, 30),
          reason: `Bảng niêm yết đã được thay từ ${cal.vn(b + 3)}, trước buổi kiểm tra; ảnh đoàn sử dụng là bảng cũ để trong tủ lưu. Đề nghị đoàn xem xét lại, gửi kèm ảnh bảng niêm yết hiện tại.` }] },
      { key: 'st-06', unit: ST, item: 'MC-8.5.1-07', result: 'nc_minor', by: 'member', at: cal.at(b - 2, 10, 15), dossier: e3,
        note: `Phiếu kiểm soát quá trình giải quyết hồ sơ ${e3} không ghi thời điểm giao, nhận ở bước chuyển từ bộ phận chuyên môn về Bộ phận Một cửa, thiếu chữ ký người nhận.`,
        steps: [
          { kind: 'plan', at: cal.at(r - 2, 16, 30), due: cal.date(-10),
            rootCause: 'Công chức mới điều động về Bộ phận Một cửa chưa được hướng dẫn cách lập Phiếu kiểm soát.',
            correction: 'Đã bổ sung thông tin giao, nhận vào Phiếu kiểm soát của hồ sơ nêu trên.',
            action: 'Hướng dẫn lại cách lập Phiếu kiểm soát; lãnh đạo Văn phòng kiểm tra Phiếu kiểm soát của toàn bộ hồ sơ giấy hằng tuần trong 2 tháng.' },
          { kind: 'done', at: cal.at(8, 15, 40),
            note: `Đã hướng dẫn ngày ${cal.vn(r - 5)}; kiểm tra 46 hồ sơ giấy trong 3 tuần, không phát hiện Phiếu kiểm soát ghi thiếu (biên bản kiểm tra đính kèm).` },
        ] },
      { key: 'st-07', unit: ST, item: 'MC-8.5.1-01', result: 'nc_minor', by: 'lead', at: cal.at(b - 2, 14, 20), dossier: e4,
        note: `Giấy tiếp nhận hồ sơ và hẹn trả kết quả của hồ sơ ${e4} không ghi thời hạn giải quyết, thiếu chữ ký công chức tiếp nhận.`,
        steps: [
          { kind: 'plan', at: cal.at(r - 1, 10, 0), due: cal.date(r - 12),
            rootCause: 'Mẫu in Giấy tiếp nhận của phần mềm mới chưa có trường thời hạn giải quyết; công chức không kiểm tra bản in trước khi ký.',
            correction: 'Đã lập lại Giấy tiếp nhận cho hồ sơ nêu trên.',
            action: 'Cập nhật mẫu in Giấy tiếp nhận theo Nghị định 118/2025/NĐ-CP; rà soát Giấy tiếp nhận của các hồ sơ đang giải quyết.' },
          { kind: 'done', at: cal.at(r - 10, 16, 0), note: `Đã cập nhật mẫu in từ ${cal.vn(r - 8)}; rà soát 38 hồ sơ đang giải quyết, lập lại 5 Giấy tiếp nhận.` },
          { kind: 'verify', at: cal.at(4, 10, 30),
            note: `Kiểm tra ngẫu nhiên 10 hồ sơ tiếp nhận sau ngày ${cal.vn(r - 8)}: Giấy tiếp nhận ghi đủ thời hạn và chữ ký. Hành động khắc phục có hiệu lực.` },
        ] },
      { key: 'st-08', unit: ST, item: 'MC-9.1-02', result: 'nc_major', by: 'lead', at: cal.at(b - 3, 9, 0), dossier: e5,
        note: `Báo cáo tình hình giải quyết TTHC ${quarterLabel} của phường ghi tỷ lệ đúng hạn 99,2%; tính lại trên mẫu 30 hồ sơ chỉ đạt 90% (3 hồ sơ trễ hạn, trong đó có hồ sơ ${e5}, không được thống kê).`,
        steps: [
          { kind: 'dispute', at: cal.at(r - 3, 14, 0), reason: '3 hồ sơ trễ hạn do cơ quan thuế chậm trả kết quả liên thông nên phường không tính vào tỷ lệ của phường.' },
          { kind: 'reject', at: cal.at(r - 8, 9, 30),
            comment: 'Hồ sơ trễ hạn vẫn phải được thống kê tại cơ quan tiếp nhận, ghi rõ nguyên nhân và cơ quan gây chậm; giữ nguyên phát hiện, đề nghị lập kế hoạch khắc phục.' },
        ] },
      { key: 'st-09', unit: ST, item: 'MC-8.2-04', result: 'nc_minor', by: 'member', at: cal.at(b - 3, 10, 30), dossier: null,
        note: 'Không thấy niêm yết số điện thoại đường dây nóng, địa chỉ tiếp nhận phản ánh, kiến nghị tại khu vực chờ.',
        steps: [
          { kind: 'dispute', at: cal.at(r - 4, 15, 0), reason: 'Số điện thoại đường dây nóng và địa chỉ tiếp nhận phản ánh được niêm yết ở bảng bên phải cửa ra vào (ảnh đính kèm); đoàn chưa quan sát khu vực này.' },
          { kind: 'withdraw', at: cal.at(r - 8, 10, 0), comment: 'Đã xác minh ảnh và đối chiếu thực tế: thông tin đã được niêm yết. Chấp nhận giải trình, rút phát hiện.' },
        ] },
      { key: 'st-10', unit: ST, item: 'MC-8.5.1-09', result: 'conform', by: 'member', at: cal.at(b - 1, 9, 0), dossier: e12,
        note: `Hồ sơ ${e12} (Đăng ký khai tử) trả kết quả ngày ${cal.vn(46)}, đúng hạn.` },
      { key: 'st-11', unit: ST, item: 'MC-8.5.1-14', result: 'ofi', by: 'member', at: cal.at(b - 1, 15, 30), dossier: null,
        note: 'Hồ sơ trực tuyến trong mẫu được tiếp nhận trung bình sau 0,8 ngày làm việc; có thể phân công trực tiếp nhận hồ sơ trực tuyến buổi chiều để rút ngắn.' },
      { key: 'st-12', unit: ST, item: 'MC-9.1.2-02', result: 'observation', by: 'lead', at: cal.at(b - 3, 14, 0), dossier: null,
        note: 'Hai phản ánh của người dân trong quý đã được trả lời, nhưng hồ sơ lưu không có văn bản trả lời đã ký số.' },
      { key: 'st-13', unit: ST, item: 'MC-8.4-01', result: 'not_applicable', by: 'member', at: cal.at(b - 3, 15, 0), dossier: null,
        note: 'Không có hồ sơ tiếp nhận hoặc trả kết quả qua bưu chính công ích trong kỳ chọn mẫu.' },
      { key: 'st-14', unit: ST, item: 'MC-10.3-01', result: 'ofi', by: 'lead', at: cal.at(b - 4, 9, 0), dossier: null,
        note: 'Đơn vị có cải tiến (tái sử dụng dữ liệu dân cư khi đăng ký khai sinh) nhưng chưa lập danh mục sáng kiến; gợi ý theo dõi và đánh giá hiệu quả từng cải tiến.' },
      { key: 'cg-01', unit: CG, item: 'MC-8.5.1-09', result: 'nc_minor', by: 'member', at: cal.at(b - 1, 9, 10), dossier: e6,
        note: `Hồ sơ ${e6} (Cấp Giấy chứng nhận đăng ký hộ kinh doanh) hẹn trả ${cal.vn(47)}, trả thực tế ${cal.vn(46)}, trễ 1 ngày làm việc; Văn bản xin lỗi lập sau ngày hẹn trả.` },
      { key: 'cg-02', unit: CG, item: 'MC-8.5.1-09', result: 'conform', by: 'member', at: cal.at(b - 1, 9, 40), dossier: e7,
        note: `Hồ sơ ${e7} (Đăng ký kết hôn) trả kết quả trước hạn 1 ngày.` },
      { key: 'cg-03', unit: CG, item: 'MC-8.5.1-02', result: 'nc_major', by: 'lead', at: cal.at(b - 1, 11, 0), dossier: e8,
        note: `Phần mềm tính ngày hẹn trả của thủ tục Đăng ký kết hôn là 5 ngày làm việc trong khi thời hạn công bố là 3 ngày làm việc; 4/10 hồ sơ trong mẫu bị hẹn trả muộn hơn quy định, ví dụ hồ sơ ${e8}.` },
      { key: 'cg-04', unit: CG, item: 'MC-7.1-01', result: 'conform', by: 'lead', at: cal.at(b - 2, 8, 30), dossier: null,
        note: 'Bộ phận Một cửa có đủ quầy, thiết bị lấy số, máy tra cứu và khu vực chờ.' },
      { key: 'cg-05', unit: CG, item: 'MC-8.2-02', result: 'conform', by: 'lead', at: cal.at(b - 2, 9, 15), dossier: null,
        note: 'Kiểm tra 5 thủ tục niêm yết: đủ trình tự, thành phần hồ sơ, thời hạn, phí, lệ phí và mẫu đơn.' },
      { key: 'cg-06', unit: CG, item: 'MC-8.5.1-04', result: 'observation', by: 'member', at: cal.at(b - 2, 10, 0), dossier: e7,
        note: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ của hồ sơ ${e7} nêu thành phần cần bổ sung nhưng chưa ghi lý do.` },
      { key: 'cg-07', unit: CG, item: 'MC-8.5.3-01', result: 'conform', by: 'member', at: cal.at(b - 2, 14, 0), dossier: null,
        note: 'Kết quả chờ trả được bảo quản trong tủ có khóa, có sổ giao nhận.' },
      { key: 'cg-08', unit: CG, item: 'MC-9.2-01', result: 'ofi', by: 'lead', at: cal.at(b - 2, 15, 0), dossier: null,
        note: 'Chương trình đánh giá nội bộ bao trùm các quá trình nhưng dồn vào tháng 12; nên chia làm hai đợt để kịp khắc phục trước xem xét của lãnh đạo.' },
      { key: 'cg-09', unit: CG, item: 'MC-8.5.1-12', result: 'not_applicable', by: 'member', at: cal.at(b - 3, 9, 0), dossier: null,
        note: 'Trong kỳ chọn mẫu không có hồ sơ liên thông giữa nhiều cơ quan.' },
      { key: 'cg-10', unit: CG, item: 'MC-5.2-01', result: 'conform', by: 'lead', at: cal.at(b - 3, 10, 0), dossier: null,
        note: 'Chính sách chất lượng được niêm yết tại Bộ phận Một cửa; công chức được hỏi nêu đúng nội dung chính.' },
      { key: 'tc-01', unit: TC, item: 'MC-8.5.1-14', result: 'nc_minor', by: 'lead', at: cal.at(b - 3, 14, 0), dossier: e9,
        note: `Hồ sơ đăng ký doanh nghiệp trực tuyến ${e9} nộp ngày ${cal.vn(49)}, đến ${cal.vn(46)} (sau 3 ngày làm việc) mới được tiếp nhận, không có phản hồi cho người nộp trong thời gian chờ.` },
      { key: 'tc-02', unit: TC, item: 'MC-8.1-01', result: 'conform', by: 'lead', at: cal.at(b - 3, 15, 0), dossier: null,
        note: 'Thời hạn giải quyết cấu hình của 5 thủ tục lĩnh vực đăng ký doanh nghiệp khớp quyết định công bố.' },
      { key: 'tc-03', unit: TC, item: 'MC-8.5.1-09', result: 'conform', by: 'member', at: cal.at(b - 4, 9, 0), dossier: e10,
        note: `Hồ sơ ${e10} (Đăng ký thành lập doanh nghiệp) trả kết quả trước hạn 1 ngày.` },
      { key: 'tc-04', unit: TC, item: 'MC-7.5-01', result: 'observation', by: 'member', at: cal.at(b - 4, 9, 45), dossier: null,
        note: 'Danh mục tài liệu bên ngoài chưa bổ sung Nghị định 118/2025/NĐ-CP; một số quy trình nội bộ vẫn viện dẫn Nghị định 61/2018/NĐ-CP.' },
      { key: 'tc-05', unit: TC, item: 'MC-9.1.2-01', result: 'ofi', by: 'member', at: cal.at(b - 4, 10, 30), dossier: null,
        note: 'Khảo sát mức độ hài lòng chỉ thực hiện tại quầy; có thể gửi phiếu khảo sát trực tuyến cho người nộp hồ sơ trực tuyến.' },
      { key: 'tc-06', unit: TC, item: 'MC-8.4-01', result: 'conform', by: 'lead', at: cal.at(b - 4, 14, 0), dossier: e11,
        note: `Hồ sơ ${e11} trả kết quả qua bưu chính công ích, có mã vận đơn và xác nhận phát thành công.` },
      { key: 'tc-07', unit: TC, item: 'MC-8.5.1-06', result: 'not_applicable', by: 'member', at: cal.at(b - 4, 15, 0), dossier: null,
        note: 'Các hồ sơ trong mẫu đều nộp trực tuyến; không có hồ sơ giấy để đánh giá việc chuyển hồ sơ.' },
    ],
  };
  return [inProgress, reporting];
}

// ---------------------------------------------------------------------------------------------------------------
// The builder.

export interface SiteProfileInput {
  name: string;
  /** The profile as JSON text. */
  json: string;
}

export interface SeedOptions {
  now: Date;
  /** `hashPassword(DEMO_PASSWORD)`, computed once per run by the caller (the first hash stays on re-seeding). */
  passwordHash: string;
  siteProfile?: SiteProfileInput | null;
  /** More profiles (the second demo system's), seeded active after `siteProfile`. */
  siteProfiles?: readonly SiteProfileInput[];
}

export interface SeedCounts {
  units: number;
  unitClosure: number;
  unitSuccessions: number;
  users: number;
  checklistItems: number;
  siteProfiles: number;
  audits: number;
  findings: number;
  findingsByResult: Record<Result, number>;
  findingsByStatus: Partial<Record<FindingStatus, number>>;
  correctiveActions: number;
  itemResults: number;
  events: number;
}

export interface Seed {
  statements: string[];
  counts: SeedCounts;
}

/** Findings get their change-cursor `seq` from this fixed base, in order of last change, so re-seeding is stable. */
export const SEED_SEQ_BASE = 1;

const STATUS_AFTER: Record<Exclude<Step['kind'], 'delete'>, { from: FindingStatus; to: FindingStatus; by: Actor; type: string }> = {
  plan: { from: 'open', to: 'action_planned', by: 'head', type: 'finding.responded' },
  dispute: { from: 'open', to: 'disputed', by: 'head', type: 'finding.responded' },
  reject: { from: 'disputed', to: 'open', by: 'lead', type: 'finding.reviewed' },
  withdraw: { from: 'disputed', to: 'withdrawn', by: 'lead', type: 'finding.reviewed' },
  done: { from: 'action_planned', to: 'action_done', by: 'head', type: 'finding.action_done' },
  verify: { from: 'action_done', to: 'closed', by: 'member', type: 'finding.verified' },
};

/** Builds every statement of the demo, parents before children; running them twice changes nothing. */
export function buildSeed(opts: SeedOptions): Seed {
  const cal = calendar(opts.now);
  const unitsFile = DemoUnitsFileSchema.parse(demoUnitsJson);
  const checklist = ChecklistFileSchema.parse(checklistJson);
  const out: string[] = [];
  const unitPlan = planUnits(unitsFile);
  const unitId = new Map(unitPlan.units.map((u) => [u.code, u.id]));
  const uid = (code: string): string => {
    const id = unitId.get(code);
    if (!id) throw new Error(`seed: unknown unit ${code}`);
    return id;
  };
  const todayIso = cal.date(0);

  // Units, closure, successions.
  for (const u of unitPlan.units) {
    out.push(
      insert('units', {
        id: u.id,
        parent_id: u.parentCode ? uid(u.parentCode) : null,
        code: u.code,
        name: u.name,
        level: u.level,
        gso_code: u.gsoCode,
        valid_from: u.validFrom,
        valid_to: u.validTo,
        // A unit that ceased to exist is kept for history and roll-ups but no longer offered for new work.
        active: u.validTo !== null && u.validTo < todayIso ? 0 : 1,
      }),
    );
  }
  for (const c of unitPlan.closure) out.push(insert('unit_closure', { ancestor_id: uid(c.ancestor), descendant_id: uid(c.descendant), depth: c.depth }));
  for (const s of unitPlan.successions) {
    out.push(insert('unit_successions', { predecessor_id: uid(s.predecessor), successor_id: uid(s.successor), effective_on: REFORM_DAY }));
  }

  // Accounts.
  const userId = (email: string) => stableId(`user:${email}`);
  for (const a of DEMO_ACCOUNTS) {
    out.push(insert('users', { id: userId(a.email), email: a.email, display_name: a.display_name, password_hash: opts.passwordHash, role: a.role, unit_id: uid(a.unit_code) }));
  }
  const actorId: Record<Actor, string> = {
    admin: userId('admin@demo.onestop.vn'),
    leader: userId('lanhdao@demo.onestop.vn'),
    lead: userId('truongdoan@demo.onestop.vn'),
    member: userId('kiemtra@demo.onestop.vn'),
    head: userId('thutruong@demo.onestop.vn'),
  };
  const headUser = DEMO_ACCOUNTS.find((a) => a.email === 'thutruong@demo.onestop.vn')!;

  // Events are collected and written last (they reference nothing but users); ids come from entity + ordinal.
  const events: { entity: string; entityId: string; type: string; actor: Actor | null; at: string; summary: Record<string, unknown> }[] = [];
  const event = (e: (typeof events)[number]) => events.push(e);

  // Checklist: version 1 is inserted as a draft with its items, then published; skipped whole if it exists.
  const checklistId = stableId(`checklist:${checklist.code}`);
  const versionId = stableId(`checklist_version:${checklist.code}:${checklist.version}`);
  const importedAt = cal.at(45, 9, 0);
  const publishedAt = cal.at(44, 16, 0);
  out.push(insert('checklists', { id: checklistId, code: checklist.code, title_vi: checklist.title_vi, title_en: checklist.title_en, standard: checklist.standard, created_at: importedAt, updated_at: importedAt }));
  out.push(
    insertWhere(
      'checklist_versions',
      { id: versionId, checklist_id: checklistId, version: checklist.version, status: 'draft', notes: JSON.stringify(checklist.notes), created_by: actorId.admin, created_at: importedAt, updated_at: importedAt },
      `NOT EXISTS (SELECT 1 FROM checklist_versions WHERE id = ${lit(versionId)})`,
    ),
  );
  const itemByCode = new Map<string, ChecklistFileItem & { id: string }>();
  checklist.items.forEach((item, index) => {
    const id = stableId(`checklist_item:${checklist.code}:${checklist.version}:${item.code}`);
    if (itemByCode.has(item.code)) throw new Error(`seed: duplicate checklist item ${item.code}`);
    itemByCode.set(item.code, { ...item, id });
    out.push(
      insertWhere(
        'checklist_items',
        {
          id,
          version_id: versionId,
          code: item.code,
          clause: item.clause,
          section_vi: item.section_vi,
          section_en: item.section_en,
          text_vi: item.text_vi,
          text_en: item.text_en,
          guidance_vi: item.guidance_vi,
          evidence_hint_vi: item.evidence_hint_vi,
          weight: item.weight,
          sort: index,
          on_page: item.on_page ? 1 : 0,
          page_rule_hint: item.page_rule_hint,
        },
        // The immutability trigger would abort on a published version, so only a draft gets items.
        `EXISTS (SELECT 1 FROM checklist_versions WHERE id = ${lit(versionId)} AND status = 'draft')`,
      ),
    );
  });
  out.push(`UPDATE checklist_versions SET status = 'published', published_at = ${lit(publishedAt)}, updated_at = ${lit(publishedAt)} WHERE id = ${lit(versionId)} AND status = 'draft';`);
  event({ entity: 'checklist', entityId: checklistId, type: 'checklist.imported', actor: 'admin', at: importedAt, summary: { code: checklist.code, version: checklist.version, items: checklist.items.length } });
  event({ entity: 'checklist_version', entityId: versionId, type: 'checklist_version.published', actor: 'admin', at: publishedAt, summary: { from: 'draft', to: 'published' } });

  // The automated checks' rule set for this checklist version (issue 14): the shipped Decree 118/2025 rules, checked
  // against the items like PUT /checklists/{id}/check-rules checks them. A version an administrator stored later wins.
  const ruleSet = CheckRuleSetSchema.parse(ONE_STOP_118_RULES);
  const ruleProblems = checkRuleSetAgainstChecklist(ruleSet, { code: checklist.code, version: checklist.version, items: checklist.items });
  if (ruleProblems.length > 0) throw new Error(`seed: the rule set does not fit the checklist: ${ruleProblems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  const ruleSetRowId = stableId(`check_rule_set:${checklist.code}:${checklist.version}:${ruleSet.id}:${ruleSet.version}`);
  out.push(
    insert('check_rule_sets', {
      id: ruleSetRowId,
      checklist_id: checklistId,
      checklist_version_id: versionId,
      rule_set_id: ruleSet.id,
      version: ruleSet.version,
      document: JSON.stringify(ruleSet),
      created_by: actorId.admin,
      created_at: publishedAt,
    }),
  );
  event({ entity: 'checklist', entityId: checklistId, type: 'check_rules.stored', actor: 'admin', at: publishedAt, summary: { checklist_version: checklist.version, rule_set_id: ruleSet.id, version: ruleSet.version, rules: ruleSet.rules.length, replaced_version: null } });

  // The working calendar's amendments: the Government's decisions for civil servants in 2025 and 2026 (Tết 2025 from
  // 28 tháng Chạp, the 2/5/2025 and 2/1/2026 swaps, Quốc khánh on 1–2/9), so the demo's deadlines, dated around
  // today, count working days as one-stop offices did. A list an administrator changed is kept.
  for (const year of [2025, 2026]) {
    const amendments = GOVERNMENT_DECISIONS_2025_2026.filter((a) => a.date.startsWith(`${year}-`));
    out.push(insert('calendar_amendments', { year, amendments: JSON.stringify(amendments), version: 1, updated_by: actorId.admin, created_at: publishedAt, updated_at: publishedAt }));
  }

  // The demo sites' profiles, when the demo sites ship them (active: the column's default).
  siteProfilesOf(opts).forEach((profile, i) => {
    const id = stableId(`site_profile:${profile.name}`);
    const at = cal.at(43, 10, i * 5);
    out.push(insert('site_profiles', { id, name: profile.name, profile: profile.json, created_by: actorId.admin, created_at: at, updated_at: at }));
    event({ entity: 'site_profile', entityId: id, type: 'site_profile.created', actor: 'admin', at, summary: { name: profile.name } });
  });

  // Audits, their units, team and pinned version; findings and what followed them.
  interface FindingRow {
    id: string;
    auditId: string;
    unitId: string;
    item: ChecklistFileItem & { id: string };
    result: Result;
    status: FindingStatus;
    updatedAt: string;
    deleted: boolean;
    row: Record<string, SqlValue>;
  }
  const findings: FindingRow[] = [];
  const actions: Record<string, SqlValue>[] = [];
  const specs = auditSpecs(cal);
  for (const audit of specs) {
    const auditId = stableId(`audit:demo:${audit.key}`);
    const transitions: { to: 'in_progress' | 'reporting'; at: string }[] = [{ to: 'in_progress', at: audit.startedAt }];
    if (audit.reportingAt) transitions.push({ to: 'reporting', at: audit.reportingAt });
    const last = transitions[transitions.length - 1];
    if (!last || last.to !== audit.status) throw new Error(`seed: audit ${audit.key} transitions do not end in ${audit.status}`);
    out.push(
      insert('audits', {
        id: auditId,
        code: audit.code,
        title: audit.title,
        kind: audit.kind,
        status: audit.status,
        owner_unit_id: uid(audit.ownerUnit),
        planned_start: audit.plannedStart,
        planned_end: audit.plannedEnd,
        started_at: audit.startedAt,
        reporting_at: audit.reportingAt,
        lead_user_id: actorId.lead,
        scope_note: audit.scopeNote,
        created_by: actorId.leader,
        version: 1 + transitions.length,
        created_at: audit.createdAt,
        updated_at: last.at,
      }),
    );
    for (const u of audit.units) out.push(insert('audit_units', { audit_id: auditId, unit_id: uid(u) }));
    out.push(insert('audit_members', { audit_id: auditId, user_id: actorId.lead, role: 'lead' }));
    out.push(insert('audit_members', { audit_id: auditId, user_id: actorId.member, role: 'member' }));
    out.push(insert('audit_checklists', { audit_id: auditId, version_id: versionId }));
    event({ entity: 'audit', entityId: auditId, type: 'audit.planned', actor: 'leader', at: audit.createdAt, summary: { code: audit.code, units: audit.units.length, versions: [versionId] } });
    let from = 'planned';
    for (const t of transitions) {
      event({ entity: 'audit', entityId: auditId, type: `audit.${t.to}`, actor: 'lead', at: t.at, summary: { from, to: t.to, note: null } });
      from = t.to;
    }

    const keys = new Set<string>();
    for (const f of audit.findings) {
      if (keys.has(f.key)) throw new Error(`seed: duplicate finding key ${audit.key}/${f.key}`);
      keys.add(f.key);
      if (!audit.units.includes(f.unit)) throw new Error(`seed: finding ${f.key} is on a unit outside audit ${audit.key}`);
      const item = itemByCode.get(f.item);
      if (!item) throw new Error(`seed: unknown checklist item ${f.item}`);
      if (f.at < audit.startedAt || f.at > (audit.reportingAt ?? opts.now.toISOString())) throw new Error(`seed: finding ${f.key} recorded outside fieldwork`);
      const id = stableId(`finding:demo:${audit.key}:${f.key}`);
      const isNc = f.result === 'nc_major' || f.result === 'nc_minor';
      let status: FindingStatus = isNc ? 'open' : 'recorded';
      let updatedAt = f.at;
      let deletedAt: string | null = null;
      let disputeReason: string | null = null;
      let reviewComment: string | null = null;
      let closedAt: string | null = null;
      let version = 1;
      let action: Record<string, SqlValue> | null = null;
      event({ entity: 'finding', entityId: id, type: 'finding.recorded', actor: f.by, at: f.at, summary: { result: f.result, status, item_code: f.item, unit_code: f.unit, dossier_code: f.dossier } });
      for (const step of f.steps ?? []) {
        if (step.at < updatedAt || step.at > opts.now.toISOString()) throw new Error(`seed: step ${step.kind} of ${f.key} is out of order`);
        updatedAt = step.at;
        version++;
        if (step.kind === 'delete') {
          deletedAt = step.at;
          event({ entity: 'finding', entityId: id, type: 'finding.deleted', actor: f.by, at: step.at, summary: { result: f.result } });
          continue;
        }
        const rule = STATUS_AFTER[step.kind];
        if (!isNc || status !== rule.from) throw new Error(`seed: ${step.kind} is not allowed on ${f.key} in status ${status}`);
        if (audit.status !== 'reporting') throw new Error(`seed: ${f.key} responds before the audit reached reporting`);
        const summary: Record<string, unknown> = { from: status, to: rule.to };
        status = rule.to;
        switch (step.kind) {
          case 'plan':
            action = {
              finding_id: id,
              root_cause: step.rootCause,
              correction: step.correction,
              action: step.action,
              // Owners are accounts of the unit (issue 15): the demo ward's actions are its head's.
              owner_name: headUser.display_name,
              owner_user_id: actorId.head,
              due_date: step.due,
              planned_by: actorId.head,
              version: 1,
              created_at: step.at,
              updated_at: step.at,
            };
            Object.assign(summary, { decision: 'accept', due_date: step.due });
            break;
          case 'dispute':
            disputeReason = step.reason;
            Object.assign(summary, { decision: 'dispute' });
            break;
          case 'reject':
          case 'withdraw':
            reviewComment = step.comment;
            Object.assign(summary, { decision: step.kind === 'reject' ? 'dispute_rejected' : 'dispute_accepted', comment: step.comment });
            break;
          case 'done':
            if (!action) throw new Error(`seed: ${f.key} is done without a plan`);
            Object.assign(action, { done_note: step.note, done_at: step.at, version: Number(action.version) + 1, updated_at: step.at });
            break;
          case 'verify':
            if (!action) throw new Error(`seed: ${f.key} is verified without a plan`);
            Object.assign(action, { verification_note: step.note, verified_by: actorId.member, verified_at: step.at, effective: 1, version: Number(action.version) + 1, updated_at: step.at });
            closedAt = step.at;
            Object.assign(summary, { effective: true });
            break;
        }
        event({ entity: 'finding', entityId: id, type: rule.type, actor: rule.by, at: step.at, summary });
      }
      if (action) actions.push(action);
      findings.push({
        id,
        auditId,
        unitId: uid(f.unit),
        item,
        result: f.result,
        status,
        updatedAt,
        deleted: deletedAt !== null,
        row: {
          id,
          audit_id: auditId,
          unit_id: uid(f.unit),
          item_id: item.id,
          result: f.result,
          note: f.note,
          dossier_code: f.dossier,
          page_url: null,
          status,
          dispute_reason: disputeReason,
          review_comment: reviewComment,
          recorded_by: actorId[f.by],
          recorded_at: f.at,
          closed_at: closedAt,
          deleted_at: deletedAt,
          version,
          created_at: f.at,
          updated_at: updatedAt,
        },
      });
    }
  }

  // seq: a strictly increasing change cursor, in order of each finding's last change.
  const ordered = [...findings].sort((x, y) => (x.updatedAt < y.updatedAt ? -1 : x.updatedAt > y.updatedAt ? 1 : x.id < y.id ? -1 : 1));
  ordered.forEach((f, i) => out.push(insert('findings', { ...f.row, seq: SEED_SEQ_BASE + i })));
  for (const a of actions) out.push(insert('corrective_actions', a));

  // item_results: the worst live result per (audit, unit, item), as the worker keeps it.
  const groups = new Map<string, FindingRow[]>();
  for (const f of findings) {
    const key = `${f.auditId}|${f.unitId}|${f.item.id}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  let itemResults = 0;
  for (const group of groups.values()) {
    const live = group.filter((f) => !f.deleted && f.status !== 'withdrawn');
    const worst = worstResult(live.map((f) => f.result));
    const first = group[0];
    if (!worst || !first) continue;
    const updatedAt = group.map((f) => f.updatedAt).sort().at(-1) ?? first.updatedAt;
    out.push(
      insert('item_results', {
        audit_id: first.auditId,
        unit_id: first.unitId,
        item_id: first.item.id,
        result: worst,
        weight: first.item.weight,
        clause: first.item.clause,
        clause_group: clauseGroup(first.item.clause),
        updated_at: updatedAt,
      }),
    );
    itemResults++;
  }

  // Events last, each with an id stable across runs.
  const ordinal = new Map<string, number>();
  for (const e of events) {
    const base = `${e.entity}:${e.entityId}:${e.type}`;
    const n = (ordinal.get(base) ?? 0) + 1;
    ordinal.set(base, n);
    out.push(
      insert('events', {
        id: stableId(`event:${base}:${n}`),
        actor_id: e.actor ? actorId[e.actor] : null,
        entity: e.entity,
        entity_id: e.entityId,
        type: e.type,
        summary: JSON.stringify(e.summary),
        at: e.at,
      }),
    );
  }

  // The summary roll-ups (migration 0007) are derived from the rows above: rebuilt, so re-seeding stays idempotent.
  out.push(...rebuildRollupsSql().map((sql) => `${sql};`));

  const findingsByResult = Object.fromEntries(RESULTS.map((r) => [r, findings.filter((f) => f.result === r).length])) as Record<Result, number>;
  const findingsByStatus: Partial<Record<FindingStatus, number>> = {};
  for (const f of findings) findingsByStatus[f.status] = (findingsByStatus[f.status] ?? 0) + 1;
  return {
    statements: out,
    counts: {
      units: unitPlan.units.length,
      unitClosure: unitPlan.closure.length,
      unitSuccessions: unitPlan.successions.length,
      users: DEMO_ACCOUNTS.length,
      checklistItems: checklist.items.length,
      siteProfiles: siteProfilesOf(opts).length,
      audits: specs.length,
      findings: findings.length,
      findingsByResult,
      findingsByStatus,
      correctiveActions: actions.length,
      itemResults,
      events: events.length,
    },
  };
}

const siteProfilesOf = (opts: SeedOptions): SiteProfileInput[] => [...(opts.siteProfile ? [opts.siteProfile] : []), ...(opts.siteProfiles ?? [])];

/**
 * The profile with every explicit port of its `match` patterns replaced by `port` (the second demo system's profile
 * names port 8789; the end-to-end tests and `PORTAL_PORT` serve it elsewhere). Patterns without a port, or `:*`, stay.
 */
export function withMatchPort(input: SiteProfileInput, port: number): SiteProfileInput {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`site profile: invalid port ${port}`);
  const profile = SiteProfileSchema.parse(JSON.parse(input.json));
  const match = profile.match.map((p) => p.replace(/^([^:]+:\/\/[^/:]+):\d+(\/.*)$/, `$1:${port}$2`));
  return { name: input.name, json: JSON.stringify(SiteProfileSchema.parse({ ...profile, match })) };
}

/** Reads a site-profile file's text: its `name` (or a default) and the JSON itself, compacted. */
export function parseSiteProfile(text: string): SiteProfileInput {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('site profile: expected a JSON object');
  // The demo profile must be valid by the same schema the API enforces, or the seed refuses it loudly.
  const profile = SiteProfileSchema.parse(parsed);
  const name = profile.name;
  const json = JSON.stringify(profile);
  if (json.length > 262_144) throw new Error('site profile: larger than 256 KiB');
  return { name, json };
}
