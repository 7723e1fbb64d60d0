// The national-scale benchmark dataset (issue 8): units over four levels, a 50-item checklist, audits, findings with
// realistic result shares, corrective actions and events, written straight into a local D1 file in a few minutes.
// Usage: node bench/generate.ts [--state DIR] [--scale 0.1] [--force]
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { rebuildDerivedSql } from '../worker/src/db/derived-sql.ts';
import { hashPassword } from '../worker/src/lib/password.ts';
import { applyMigrations, d1File, ROOT } from './lib/local-d1.ts';
import { createRandom, type Random } from './lib/random.ts';

export const BENCH_PASSWORD = 'Bench@2026-local';
export const DEFAULT_STATE = path.join(ROOT, 'bench', 'data', 'national');

export interface DatasetSpec {
  provinces: number;
  communes: number;
  items: number;
  audits: number;
  findings: number;
  seed: number;
}

/** DESIGN section 10's scale: 34 provinces, 3,321 communes (each with its one-stop office), 2,000 audits, 1,000,000 findings. */
export const NATIONAL: DatasetSpec = { provinces: 34, communes: 3321, items: 50, audits: 2000, findings: 1_000_000, seed: 20261123 };

export function scaled(spec: DatasetSpec, factor: number): DatasetSpec {
  return {
    ...spec,
    communes: Math.max(spec.provinces, Math.round(spec.communes * factor)),
    audits: Math.max(60, Math.round(spec.audits * factor)),
    findings: Math.round(spec.findings * factor),
  };
}

export interface Account {
  email: string;
  id: string;
}

/** What the benchmarks need to know about the generated data. */
export interface DatasetManifest {
  spec: DatasetSpec;
  generatedAt: string;
  seconds: number;
  dbFile: string;
  bytes: number;
  counts: Record<string, number>;
  findingsByResult: Record<string, number>;
  root: { id: string; name: string };
  province: { id: string; name: string };
  commune: { id: string; name: string };
  accounts: { admin: Account; nationalLeader: Account; provinceLeader: Account; communeHead: Account };
  /** An in-progress audit with no findings yet, for POST /sync: its units, items and team. */
  syncAudit: { id: string; unitIds: string[]; itemIds: string[]; lead: Account; members: Account[] };
  password: string;
}

const PROVINCES = [
  'Thành phố Hà Nội', 'Thành phố Huế', 'Tỉnh Lai Châu', 'Tỉnh Điện Biên', 'Tỉnh Sơn La', 'Tỉnh Lạng Sơn', 'Tỉnh Quảng Ninh',
  'Tỉnh Thanh Hóa', 'Tỉnh Nghệ An', 'Tỉnh Hà Tĩnh', 'Tỉnh Cao Bằng', 'Tỉnh Tuyên Quang', 'Tỉnh Lào Cai', 'Tỉnh Thái Nguyên',
  'Tỉnh Phú Thọ', 'Tỉnh Bắc Ninh', 'Tỉnh Hưng Yên', 'Thành phố Hải Phòng', 'Tỉnh Ninh Bình', 'Tỉnh Quảng Trị',
  'Thành phố Đà Nẵng', 'Tỉnh Quảng Ngãi', 'Tỉnh Gia Lai', 'Tỉnh Khánh Hòa', 'Tỉnh Lâm Đồng', 'Tỉnh Đắk Lắk',
  'Thành phố Hồ Chí Minh', 'Tỉnh Đồng Nai', 'Tỉnh Tây Ninh', 'Thành phố Cần Thơ', 'Tỉnh Vĩnh Long', 'Tỉnh Đồng Tháp',
  'Tỉnh Cà Mau', 'Tỉnh An Giang',
];

/** Result shares per finding (percent); a unit's quality factor scales the nonconformity shares. */
const RESULT_SHARES = { conform: 62, ofi: 9, observation: 8, nc_minor: 11, nc_major: 3, not_applicable: 7 } as const;
type Result = keyof typeof RESULT_SHARES;
const NC_STATUS_REPORTING = { open: 40, action_planned: 30, disputed: 10, action_done: 12, withdrawn: 4, closed: 4 } as const;
const NC_STATUS_CLOSED = { closed: 80, action_done: 6, action_planned: 10, withdrawn: 4 } as const;

const NOTES = [
  'Hồ sơ trả kết quả đúng hạn, có Phiếu kiểm soát quá trình giải quyết hồ sơ đầy đủ chữ ký.',
  'Trả kết quả trễ hạn 3 ngày, không có Văn bản xin lỗi người dân.',
  'Sổ theo dõi hồ sơ ghi chưa đầy đủ ngày hẹn trả.',
  'Niêm yết thủ tục hành chính chưa cập nhật theo quyết định công bố mới.',
  'Chưa đo lường mức độ hài lòng của người dân trong quý.',
  'Công chức tiếp nhận hướng dẫn đầy đủ, đúng quy trình.',
  'Hồ sơ lưu trữ điện tử thiếu bản quét giấy tờ đính kèm.',
  'Có ghi nhận góp ý cải tiến cách sắp xếp quầy tiếp nhận.',
];
const ROOT_CAUSES = ['Chưa phân công người theo dõi hồ sơ sắp đến hạn.', 'Phần mềm chưa bật cảnh báo hồ sơ quá hạn.', 'Công chức mới chưa được tập huấn quy trình ISO.'];
const ACTIONS = ['Ban hành quy định nội bộ và tập huấn lại công chức Bộ phận Một cửa.', 'Bật thông báo hồ sơ sắp đến hạn cho lãnh đạo phụ trách.', 'Rà soát và cập nhật niêm yết thủ tục hành chính.'];
const OWNERS = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Thị Mai', 'Phạm Quốc Bảo', 'Võ Thị Hạnh'];

const DAY = 86_400_000;

function log(msg: string, started: number) {
  console.log(`[generate ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
}

/** Inserts rows through one prepared statement, committing every `every` rows. */
class Loader {
  private pending = 0;
  readonly counts = new Map<string, number>();
  private readonly statements = new Map<string, StatementSync>();
  private readonly db: DatabaseSync;
  private readonly every: number;
  constructor(db: DatabaseSync, every = 50_000) {
    this.db = db;
    this.every = every;
    db.exec('BEGIN');
  }
  insert(table: string, columns: readonly string[], values: SQLInputValue[]) {
    const key = `${table}(${columns.join(',')})`;
    let st = this.statements.get(key);
    if (!st) {
      st = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      this.statements.set(key, st);
    }
    st.run(...values);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    if (++this.pending >= this.every) {
      this.db.exec('COMMIT; BEGIN');
      this.pending = 0;
    }
  }
  finish() {
    this.db.exec('COMMIT');
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);

interface ChecklistItem {
  code: string;
  clause: string;
  section_vi: string;
  text_vi: string;
  weight: number;
  on_page: boolean;
}

/** `n` items of the real ISO 9001 one-stop-shop checklist, spread evenly over it. */
function checklistItems(n: number): ChecklistItem[] {
  const file = JSON.parse(readFileSync(path.join(ROOT, 'data', 'checklist-iso9001-one-stop-shop.json'), 'utf8')) as { items: ChecklistItem[] };
  const all = file.items;
  if (n > all.length) throw new Error(`the checklist has only ${all.length} items`);
  return all.filter((_, i) => Math.floor((i * n) / all.length) !== Math.floor(((i - 1) * n) / all.length) || i === 0).slice(0, n);
}

export async function generateDataset(stateDir: string, spec: DatasetSpec): Promise<DatasetManifest> {
  const started = Date.now();
  const rnd: Random = createRandom(spec.seed);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  applyMigrations(stateDir);
  const file = d1File(stateDir);
  log(`migrations applied; writing ${path.relative(ROOT, file)}`, started);

  const db = new DatabaseSync(file, { enableForeignKeyConstraints: false });
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA cache_size = -512000; PRAGMA temp_store = MEMORY');
  // Secondary indexes are dropped for the bulk load and recreated with their own definitions afterwards.
  const bulkTables = ['findings', 'events', 'corrective_actions', 'item_results'];
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${bulkTables.map(() => '?').join(', ')})`)
    .all(...bulkTables) as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);

  const L = new Loader(db);
  const today = Math.floor(Date.now() / DAY) * DAY;
  const t0 = today - 1100 * DAY;
  const stamp = (ms: number) => iso(ms);
  const created = stamp(t0);
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  // ── Units: national root → provinces → communes/wards → each commune's one-stop office (Bộ phận Một cửa). ──
  const unitCols = ['id', 'parent_id', 'code', 'name', 'level', 'gso_code', 'active', 'created_at', 'updated_at'] as const;
  const closureCols = ['ancestor_id', 'descendant_id', 'depth'] as const;
  const ancestors = new Map<string, string[]>();
  const addUnit = (parent: string | null, code: string, name: string, level: string): string => {
    const id = rnd.uuidv7(t0);
    L.insert('units', unitCols, [id, parent, code, name, level, null, 1, created, created]);
    const chain = [id, ...(parent ? (ancestors.get(parent) ?? []) : [])];
    ancestors.set(id, chain);
    chain.forEach((a, depth) => L.insert('unit_closure', closureCols, [a, id, depth]));
    return id;
  };
  const rootName = 'Cục Kiểm soát thủ tục hành chính (toàn quốc)';
  const root = addUnit(null, 'VN', rootName, 'department');
  const provinces: { id: string; name: string; code: string; offices: string[]; communes: string[]; inspectors: Account[] }[] = [];
  for (let p = 0; p < spec.provinces; p++) {
    const name = PROVINCES[p % PROVINCES.length]!;
    const code = `P${String(p + 1).padStart(2, '0')}`;
    provinces.push({ id: addUnit(root, code, name, 'province'), name, code, offices: [], communes: [], inspectors: [] });
  }
  for (let c = 0; c < spec.communes; c++) {
    const p = provinces[c % provinces.length]!;
    const n = p.communes.length + 1;
    const kind = n % 4 === 0 ? 'Phường' : 'Xã';
    const communeName = `${kind} ${String(n).padStart(3, '0')}, ${p.name.replace(/^(Tỉnh|Thành phố) /, '')}`;
    const commune = addUnit(p.id, `${p.code}-${String(n).padStart(4, '0')}`, communeName, 'commune');
    p.communes.push(commune);
    p.offices.push(addUnit(commune, `${p.code}-${String(n).padStart(4, '0')}-MC`, `Bộ phận Một cửa ${communeName}`, 'office'));
  }
  log(`${L.counts.get('units')} units, ${L.counts.get('unit_closure')} closure rows`, started);

  // ── Users: an admin and a national leader at the root; per province a leader, inspectors and a unit head. ──
  const userCols = ['id', 'email', 'display_name', 'password_hash', 'role', 'unit_id', 'created_at', 'updated_at'] as const;
  const addUser = (email: string, name: string, role: string, unit: string): Account => {
    const id = rnd.uuidv7(t0);
    L.insert('users', userCols, [id, email, name, passwordHash, role, unit, created, created]);
    return { id, email };
  };
  const admin = addUser('admin@bench.onestop.vn', 'Quản trị hệ thống', 'admin', root);
  const nationalLeader = addUser('lanhdao@bench.onestop.vn', 'Lãnh đạo Cục', 'leader', root);
  const provinceLeaders: Account[] = [];
  const heads: Account[] = [];
  for (const p of provinces) {
    const c = p.code.toLowerCase();
    provinceLeaders.push(addUser(`lanhdao.${c}@bench.onestop.vn`, `Lãnh đạo ${p.name}`, 'leader', p.id));
    for (let k = 1; k <= 8; k++) p.inspectors.push(addUser(`kiemtra${k}.${c}@bench.onestop.vn`, `Kiểm tra viên ${k} ${p.name}`, 'inspector', p.id));
    heads.push(addUser(`thutruong.${c}@bench.onestop.vn`, `Thủ trưởng ${p.name}`, 'unit_head', p.communes[0]!));
  }

  // ── Checklist: one published version with 50 items of the real ISO 9001 one-stop-shop checklist. ──
  const checklistId = rnd.uuidv7(t0);
  const versionId = rnd.uuidv7(t0);
  L.insert('checklists', ['id', 'code', 'title_vi', 'title_en', 'standard'], [checklistId, 'ISO9001-MC-BENCH', 'Danh mục kiểm tra ISO 9001 tại Bộ phận Một cửa', 'ISO 9001 one-stop-shop checklist', 'TCVN ISO 9001:2015']);
  L.insert('checklist_versions', ['id', 'checklist_id', 'version', 'status'], [versionId, checklistId, 1, 'draft']);
  const items = checklistItems(spec.items).map((it, i) => {
    const id = rnd.uuidv7(t0);
    L.insert('checklist_items', ['id', 'version_id', 'code', 'clause', 'section_vi', 'text_vi', 'weight', 'sort', 'on_page'], [id, versionId, it.code, it.clause, it.section_vi, it.text_vi, it.weight, i, it.on_page ? 1 : 0]);
    return { id, clause: it.clause, weight: it.weight, onPage: it.on_page };
  });
  L.finish();
  db.prepare("UPDATE checklist_versions SET status = 'published', published_at = ? WHERE id = ?").run(created, versionId);
  db.exec('BEGIN');

  // ── Audits: provincial teams over 4–6 offices each; status follows the start date. ──
  interface AuditPlan {
    id: string;
    status: 'planned' | 'in_progress' | 'reporting' | 'closed' | 'cancelled';
    start: number;
    province: (typeof provinces)[number];
    units: string[];
    lead: Account;
    members: Account[];
  }
  const audits: AuditPlan[] = [];
  const planned = Math.round(spec.audits * 0.015);
  const cancelled = Math.round(spec.audits * 0.0075);
  for (let a = 0; a < spec.audits; a++) {
    const province = rnd.pick(provinces);
    const team = rnd.sample(province.inspectors, 3);
    let status: AuditPlan['status'];
    let start: number;
    if (a < planned) {
      status = 'planned';
      start = today + rnd.int(5, 90) * DAY;
    } else if (a < planned + cancelled) {
      status = 'cancelled';
      start = today - rnd.int(10, 900) * DAY;
    } else {
      start = today - rnd.int(1, 1000) * DAY;
      const age = (today - start) / DAY;
      status = age < 20 ? 'in_progress' : age < 60 ? 'reporting' : rnd.next() < 0.04 ? 'reporting' : 'closed';
    }
    start += rnd.int(1, 3) * 3600_000;
    audits.push({ id: '', status, start, province, units: rnd.sample(province.offices, Math.min(province.offices.length, rnd.int(4, 6))), lead: team[0]!, members: team.slice(1) });
  }
  // The POST /sync benchmark gets a fresh in-progress audit of its own (no findings yet).
  const syncProvince = provinces[0]!;
  const syncPlan: AuditPlan = { id: '', status: 'in_progress', start: today - DAY, province: syncProvince, units: syncProvince.offices.slice(0, 5), lead: syncProvince.inspectors[0]!, members: syncProvince.inspectors.slice(1, 4) };
  audits[audits.length - 1] = syncPlan;
  audits.sort((x, y) => x.start - y.start);

  const auditCols = ['id', 'code', 'title', 'kind', 'status', 'owner_unit_id', 'planned_start', 'planned_end', 'started_at', 'reporting_at', 'closed_at', 'cancelled_at', 'lead_user_id', 'created_by', 'version', 'created_at', 'updated_at'] as const;
  const eventCols = ['id', 'actor_id', 'entity', 'entity_id', 'type', 'summary', 'at'] as const;
  const event = (actor: string | null, entity: string, entityId: string, type: string, summary: string, at: number) =>
    L.insert('events', eventCols, [rnd.uuidv7(at), actor, entity, entityId, type, summary, iso(at)]);
  let auditNo = 0;
  for (const plan of audits) {
    const createdAt = plan.start - rnd.int(10, 30) * DAY;
    plan.id = rnd.uuidv7(createdAt);
    const started = plan.status === 'planned' || plan.status === 'cancelled' ? null : plan.start;
    const reportingAt = plan.status === 'reporting' || plan.status === 'closed' ? plan.start + rnd.int(8, 15) * DAY : null;
    const closedAt = plan.status === 'closed' ? plan.start + rnd.int(45, 58) * DAY : null;
    const cancelledAt = plan.status === 'cancelled' ? createdAt + 2 * DAY : null;
    const kind = rnd.weighted({ inspection: 70, internal: 20, follow_up: 10 });
    const code = `KT-${dateOf(plan.start).slice(0, 4)}-${plan.province.code}-${String(++auditNo).padStart(5, '0')}`;
    const version = 1 + [started, reportingAt, closedAt, cancelledAt].filter((x) => x !== null).length;
    L.insert('audits', auditCols, [
      plan.id, code, `Kiểm tra việc áp dụng ISO 9001 tại Bộ phận Một cửa — ${plan.province.name}`, kind, plan.status, plan.province.id,
      dateOf(plan.start), dateOf(plan.start + 10 * DAY), started === null ? null : iso(started), reportingAt === null ? null : iso(reportingAt),
      closedAt === null ? null : iso(closedAt), cancelledAt === null ? null : iso(cancelledAt), plan.lead.id, provinceLeaders[provinces.indexOf(plan.province)]!.id,
      version, iso(createdAt), iso(closedAt ?? reportingAt ?? started ?? cancelledAt ?? createdAt),
    ]);
    for (const u of plan.units) L.insert('audit_units', ['audit_id', 'unit_id'], [plan.id, u]);
    L.insert('audit_checklists', ['audit_id', 'version_id'], [plan.id, versionId]);
    L.insert('audit_members', ['audit_id', 'user_id', 'role'], [plan.id, plan.lead.id, 'lead']);
    for (const m of plan.members) L.insert('audit_members', ['audit_id', 'user_id', 'role'], [plan.id, m.id, 'member']);
    event(plan.lead.id, 'audit', plan.id, 'audit.planned', '{"to":"planned"}', createdAt);
    if (started !== null) event(plan.lead.id, 'audit', plan.id, 'audit.in_progress', '{"from":"planned","to":"in_progress"}', started);
    if (reportingAt !== null) event(plan.lead.id, 'audit', plan.id, 'audit.reporting', '{"from":"in_progress","to":"reporting"}', reportingAt);
    if (closedAt !== null) event(plan.lead.id, 'audit', plan.id, 'audit.closed', '{"from":"reporting","to":"closed"}', closedAt);
    if (cancelledAt !== null) event(plan.lead.id, 'audit', plan.id, 'audit.cancelled', '{"from":"planned","to":"cancelled"}', cancelledAt);
  }
  log(`${audits.length} audits`, started);

  // ── Findings: every (audit, office, item) assessed once (in-progress audits: about 60 % of items), then the
  // remaining findings spread over random slots (sampled dossiers), so the total is exactly spec.findings. ──
  const slots: { audit: AuditPlan; unit: string; item: (typeof items)[number] }[] = [];
  for (const plan of audits) {
    if (plan.status === 'planned' || plan.status === 'cancelled' || plan === syncPlan) continue;
    for (const unit of plan.units) for (const item of items) if (plan.status !== 'in_progress' || rnd.next() < 0.6) slots.push({ audit: plan, unit, item });
  }
  const perSlot = new Uint8Array(slots.length).fill(1);
  for (let extra = spec.findings - slots.length; extra > 0; extra--) {
    const i = Math.floor(rnd.next() * slots.length);
    if (perSlot[i]! < 250) perSlot[i]!++;
  }
  const quality = new Map<string, number>();
  const ncFactor = (unit: string) => {
    let q = quality.get(unit);
    if (q === undefined) quality.set(unit, (q = 0.3 + rnd.next() * 1.7));
    return q;
  };
  const findingCols = ['id', 'audit_id', 'unit_id', 'item_id', 'result', 'note', 'dossier_code', 'page_url', 'status', 'recorded_by', 'recorded_at', 'closed_at', 'deleted_at', 'version', 'seq', 'created_at', 'updated_at'] as const;
  const actionCols = ['finding_id', 'root_cause', 'correction', 'action', 'owner_name', 'due_date', 'done_note', 'done_at', 'verification_note', 'verified_by', 'verified_at', 'effective', 'planned_by', 'version', 'created_at', 'updated_at'] as const;
  const byResult: Record<string, number> = {};
  let seq = 0;
  let lastLog = Date.now();
  slots.forEach((slot, i) => {
    const { audit, unit, item } = slot;
    const f = ncFactor(unit);
    const shares = { ...RESULT_SHARES, nc_minor: RESULT_SHARES.nc_minor * f, nc_major: RESULT_SHARES.nc_major * f };
    const team = [audit.lead, ...audit.members];
    for (let k = 0; k < perSlot[i]!; k++) {
      const result: Result = rnd.weighted(shares);
      byResult[result] = (byResult[result] ?? 0) + 1;
      const recorder = rnd.pick(team);
      const recordedAt = audit.start + rnd.int(0, audit.status === 'in_progress' ? Math.max(1, Math.min(today - audit.start, 9 * DAY)) - 1 : 9 * DAY);
      const id = rnd.uuidv7(recordedAt);
      const nc = result === 'nc_major' || result === 'nc_minor';
      let status: string = nc ? 'open' : 'recorded';
      if (nc && audit.status === 'reporting') status = rnd.weighted(NC_STATUS_REPORTING);
      if (nc && audit.status === 'closed') status = rnd.weighted(NC_STATUS_CLOSED);
      const deleted = (status === 'recorded' || status === 'open') && rnd.next() < 0.004 ? recordedAt + 3600_000 : null;
      const dossier = item.onPage || rnd.next() < 0.3 ? `000.00.${String(rnd.int(1, 99)).padStart(2, '0')}.H${String(rnd.int(1, 64)).padStart(2, '0')}-${dateOf(recordedAt).slice(2).replaceAll('-', '')}-${String(rnd.int(1, 9999)).padStart(4, '0')}` : null;
      const reportingAt = audit.start + 10 * DAY;
      const plannedAt = reportingAt + rnd.int(1, 10) * DAY;
      const doneAt = plannedAt + rnd.int(5, 25) * DAY;
      const verifiedAt = doneAt + rnd.int(1, 10) * DAY;
      const steps: [string, number, string][] = [];
      if (status === 'disputed' || status === 'withdrawn') steps.push(['finding.disputed', plannedAt, '{"from":"open","to":"disputed"}']);
      if (status === 'withdrawn') steps.push(['finding.withdrawn', plannedAt + DAY, '{"from":"disputed","to":"withdrawn"}']);
      if (status === 'action_planned' || status === 'action_done' || status === 'closed') steps.push(['finding.accepted', plannedAt, '{"from":"open","to":"action_planned"}']);
      if (status === 'action_done' || status === 'closed') steps.push(['finding.action_done', doneAt, '{"from":"action_planned","to":"action_done"}']);
      if (status === 'closed') steps.push(['finding.verified', verifiedAt, '{"from":"action_done","to":"closed","effective":true}']);
      const updatedAt = deleted ?? steps.at(-1)?.[1] ?? recordedAt;
      L.insert('findings', findingCols, [
        id, audit.id, unit, item.id, result, rnd.pick(NOTES), dossier, dossier ? `https://dichvucong.gov.vn/ho-so/${dossier}` : null, status, recorder.id, iso(recordedAt),
        status === 'closed' ? iso(verifiedAt) : null, deleted === null ? null : iso(deleted), 1 + steps.length + (deleted ? 1 : 0), ++seq, iso(recordedAt), iso(updatedAt),
      ]);
      event(recorder.id, 'finding', id, 'finding.recorded', `{"result":"${result}","client_id":"ext-bench"}`, recordedAt);
      for (const [type, at, summary] of steps) event(type === 'finding.verified' || type === 'finding.withdrawn' ? audit.lead.id : null, 'finding', id, type, summary, at);
      if (deleted !== null) event(recorder.id, 'finding', id, 'finding.deleted', `{"result":"${result}"}`, deleted);
      if (status === 'action_planned' || status === 'action_done' || status === 'closed') {
        const done = status !== 'action_planned';
        L.insert('corrective_actions', actionCols, [
          id, rnd.pick(ROOT_CAUSES), '', rnd.pick(ACTIONS), rnd.pick(OWNERS), dateOf(plannedAt + rnd.int(20, 60) * DAY),
          done ? 'Đã ban hành quy định và tập huấn lại.' : null, done ? iso(doneAt) : null,
          status === 'closed' ? 'Kiểm tra lại 5 hồ sơ: đã khắc phục.' : null, status === 'closed' ? audit.lead.id : null, status === 'closed' ? iso(verifiedAt) : null,
          status === 'closed' ? 1 : null, null, 1 + (done ? 1 : 0) + (status === 'closed' ? 1 : 0), iso(plannedAt), iso(updatedAt),
        ]);
      }
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`${seq} findings…`, started);
    }
  });
  L.finish();
  log(`${seq} findings, ${L.counts.get('corrective_actions') ?? 0} corrective actions, ${L.counts.get('events')} events`, started);

  for (const ix of indexes) db.exec(ix.sql);
  log(`${indexes.length} indexes rebuilt`, started);
  db.exec('BEGIN');
  for (const sql of rebuildDerivedSql(iso(today))) db.exec(sql);
  db.exec('COMMIT');
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const counts = Object.fromEntries(tables.map((t) => [t, count(t)]));
  log(`derived tables rebuilt (item_results ${counts.item_results})`, started);
  db.exec('PRAGMA journal_mode = WAL');
  db.close();

  // Reference points for the benchmarks: the largest province and its commune audited most often.
  const check = new DatabaseSync(file, { readOnly: true });
  const province = check
    .prepare(`SELECT u.id, u.name, COUNT(*) AS n FROM units u JOIN audits a ON a.owner_unit_id = u.id WHERE u.level = 'province' GROUP BY u.id ORDER BY n DESC, u.id LIMIT 1`)
    .get() as { id: string; name: string };
  const commune = check
    .prepare(
      `SELECT c.id, c.name, COUNT(*) AS n FROM units c JOIN unit_closure k ON k.ancestor_id = c.id JOIN audit_units au ON au.unit_id = k.descendant_id
       WHERE c.level = 'commune' AND c.parent_id = ? GROUP BY c.id ORDER BY n DESC, c.id LIMIT 1`,
    )
    .get(province.id) as { id: string; name: string };
  check.close();
  const provinceIndex = provinces.findIndex((p) => p.id === province.id);
  const head = heads[provinceIndex]!;
  const manifest: DatasetManifest = {
    spec,
    generatedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    dbFile: path.relative(stateDir, file),
    bytes: statSync(file).size,
    counts,
    findingsByResult: byResult,
    root: { id: root, name: rootName },
    province: { id: province.id, name: province.name },
    commune: { id: commune.id, name: commune.name },
    accounts: { admin, nationalLeader, provinceLeader: provinceLeaders[provinceIndex]!, communeHead: head },
    syncAudit: { id: syncPlan.id, unitIds: syncPlan.units, itemIds: items.map((i) => i.id), lead: syncPlan.lead, members: syncPlan.members },
    password: BENCH_PASSWORD,
  };
  writeFileSync(path.join(stateDir, 'dataset.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`done: ${(manifest.bytes / 1e6).toFixed(0)} MB`, started);
  return manifest;
}

export function readManifest(stateDir: string): DatasetManifest | null {
  const file = path.join(stateDir, 'dataset.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DatasetManifest) : null;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const state = path.resolve(arg('--state') ?? DEFAULT_STATE);
  const factor = Number(arg('--scale') ?? '1');
  const spec = factor === 1 ? NATIONAL : scaled(NATIONAL, factor);
  const m = await generateDataset(state, spec);
  console.log(JSON.stringify({ state, counts: m.counts, seconds: m.seconds }, null, 2));
}
