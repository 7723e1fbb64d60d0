// Both demo dossier systems against the ground truth their generators carry (issue 14). Each dossier's check record is
// built the way the extension builds it: the texts its list row and its detail screen show (the first demo's
// server-rendered HTML; the portal's API data formatted as its app formats it), read with the site profile's locators,
// regexes, date formats and value maps, then `checkDossierFromFields`. The shipped rules must then find exactly what
// the generator labelled — the same dossiers, the same rules, no others — and the list row alone never more.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOVERNMENT_DECISIONS_2025_2026 } from '../../shared/src/domain/calendar/holidays.ts';
import { createWorkingCalendar } from '../../shared/src/domain/calendar/working-days.ts';
import { evaluateRules, type CheckResult } from '../../shared/src/domain/checks/evaluate.ts';
import { checkDossierFromFields, type ReadFields, type ReadValue } from '../../shared/src/domain/checks/record.ts';
import { ONE_STOP_118_RULES } from '../../shared/src/domain/checks/rules-118.ts';
import { DEFAULT_TIME_ZONE, parseDossierDate } from '../../shared/src/domain/dates.ts';
import { isCanonicalStatus } from '../../shared/src/domain/profile-fields.ts';
import { CHECK_FIELD_PROFILE_NAMES, CheckDossierSchema, type CheckDossier } from '../../shared/src/schemas/checks.ts';
import { SiteProfileSchema, type Field, type SiteProfile } from '../../shared/src/schemas/site-profiles.ts';

// ── The demo modules (plain ESM without types) ─────────────────────────────────────────────────────────────────

interface GroundTruth {
  system: string;
  as_of: string;
  count: number;
  violating: number;
  by_rule: Record<string, number>;
  edge_cases: Record<string, string>;
  dossiers: Record<string, string[]>;
}
interface Site {
  url: string;
  close(): Promise<void>;
}
interface DemoDossier {
  code: string;
  scenario: string;
  status: string;
  channel: string;
  submittedAt: number | null;
  receivedAt: number | null;
  dueAt: number | null;
  finishedAt: number | null;
  returnedAt: number | null;
  statutoryDays: number;
  apology: { issuedAt: number; newDueAt: number } | null;
  supplement: { at: number }[] | null;
  anomalies: string[];
}
interface DemoModules {
  data: { buildPool(now?: number): { all: DemoDossier[]; base: DemoDossier[] }; DEFAULT_NOW: number };
  pages: { renderList(query: Record<string, unknown>, now: number): { toString(): string }; renderDetail(d: DemoDossier, now: number): { toString(): string } };
  truth: { groundTruth(now?: number, options?: { register?: string }): GroundTruth };
  calendar: { isWorkingDay(dayNumber: number): boolean };
  server: { startDemoSite(options: { port: number }): Promise<Site> };
}
interface PortalItem {
  id: number;
  code: string;
  procedure: string | { code: string; name: string; days: number };
  received_at: string | null;
  submitted_at: string | null;
  due_at: string | null;
  returned_at: string | null;
  status: string;
  status_label: string;
}
interface PortalDetail extends PortalItem {
  procedure: { code: string; name: string; days: number };
  channel: string;
  channel_label: string;
  result_at: string | null;
  apology: { issued_at: string; new_due_at: string } | null;
  supplements: { requested_at: string }[];
  as_of: string;
}
interface PortalModules {
  data: { DEFAULT_NOW: number; isWorkday(t: number): boolean; local(y: number, mo: number, d: number): number };
  truth: { groundTruth(now?: number): GroundTruth & { ids: Record<string, number> } };
  server: { startPortalSite(options: { port: number; delayMs: number }): Promise<Site> };
}

async function demoModules(): Promise<DemoModules> {
  return {
    data: (await import('../../demo/lib/data.mjs' as string)) as DemoModules['data'],
    pages: (await import('../../demo/lib/pages.mjs' as string)) as DemoModules['pages'],
    truth: (await import('../../demo/lib/ground-truth.mjs' as string)) as DemoModules['truth'],
    calendar: (await import('../../demo/lib/calendar.mjs' as string)) as DemoModules['calendar'],
    server: (await import('../../demo/server.mjs' as string)) as DemoModules['server'],
  };
}
async function portalModules(): Promise<PortalModules> {
  return {
    data: (await import('../../demo/portal/data.mjs' as string)) as PortalModules['data'],
    truth: (await import('../../demo/portal/ground-truth.mjs' as string)) as PortalModules['truth'],
    server: (await import('../../demo/portal/server.mjs' as string)) as PortalModules['server'],
  };
}

const profileOf = (file: string): SiteProfile => SiteProfileSchema.parse(JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')));

// The calendar the extension runs the checks with: the computed holidays and the Government's decisions.
const calendar = createWorkingCalendar({ amendments: GOVERNMENT_DECISIONS_2025_2026 });
const RULE_IDS = new Set(ONE_STOP_118_RULES.rules.map((r) => r.id));

// ── Reading a screen as the profile reader does ────────────────────────────────────────────────────────────────

/** The profile fields the check records are built from, and the page's "as of" time. */
const CHECK_READS = new Set([...Object.values(CHECK_FIELD_PROFILE_NAMES).filter((n) => n !== 'supplement_requests'), 'supplement_requests.requested_at', 'x_as_of']);

/** What a screen of one dossier shows where a locator looks (`undefined`: nothing there). */
interface Screen {
  /** The text of the element after the label. */
  label?(text: string): string | undefined;
  /** The rest of the text the label starts (`Số liệu tính đến: 10:00 15/10/2026`). */
  sameText?(label: string): string | undefined;
  /** This dossier's cell of the column. */
  column?(header: string): string | undefined;
  /** The texts of the elements a selector finds (a selector the screen does not know fails the test). */
  css?(selector: string): string[];
}

const normalize = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const labelKey = (s: string) => normalize(s).toLowerCase().replace(/\s*:$/, '');
const wordings = (t: string | string[]) => (Array.isArray(t) ? t : [t]);

function located(field: Field, screen: Screen): string[] {
  const l = field.locator;
  if (l.kind === 'label') {
    expect(l.within, `${field.name}: within is not emulated`).toBeUndefined();
    for (const w of wordings(l.text)) {
      const t = l.same_text ? screen.sameText?.(w) : screen.label?.(w);
      if (t !== undefined) return [t];
    }
    return [];
  }
  if (l.kind === 'column') {
    expect(l.table, `${field.name}: table is not emulated`).toBeUndefined();
    for (const h of wordings(l.header)) {
      const t = screen.column?.(h);
      if (t !== undefined) return [t];
    }
    return [];
  }
  if (l.kind === 'css' && typeof l.selector === 'string' && screen.css) return screen.css(l.selector);
  throw new Error(`${field.name}: a ${l.kind} locator is not emulated on this screen`);
}

/** A field's value from a text: regex, date format (in the profile's time zone), value map, canonical status. */
function valueOf(profile: SiteProfile, field: Field, raw: string): string | null {
  expect([field.part, field.split, field.attribute], `${field.name}: part, split and attribute are not emulated`).toEqual([undefined, undefined, undefined]);
  let text = normalize(raw);
  if (field.regex !== undefined) {
    const m = new RegExp(field.regex, 'u').exec(text);
    if (!m) return null;
    text = normalize(m.groups?.value ?? m[1] ?? m[0]);
  }
  if (field.date_format !== undefined) {
    const date = parseDossierDate(text, field.date_format, profile.time_zone ?? DEFAULT_TIME_ZONE);
    if (date === null) return null;
    text = date;
  }
  if (field.values !== undefined) {
    const map = typeof field.values === 'string' ? profile.value_maps?.[field.values] : field.values;
    const hit = Object.entries(map ?? {}).find(([wording]) => labelKey(wording) === labelKey(text));
    if (hit) text = hit[1];
  }
  if (field.name === 'status' && text !== '') return isCanonicalStatus(text.toLowerCase()) ? text.toLowerCase() : null;
  return text === '' ? null : text;
}

/**
 * The check fields a page of the profile reads on a screen: absent when the locator finds nothing, null when what it
 * finds reads empty, a presence field `true`/`false`; the supplement requests as rows (none shown: `[]`).
 */
function readScreen(profile: SiteProfile, pageId: string, screen: Screen): ReadFields {
  const page = profile.pages.find((p) => p.id === pageId);
  if (!page) throw new Error(`no page ${pageId}`);
  const fields = [...(page.use ?? []).flatMap((set) => profile.field_sets?.[set] ?? []), ...page.fields];
  const out: Record<string, ReadValue> = {};
  for (const field of fields) {
    if (!CHECK_READS.has(field.name)) continue;
    const texts = located(field, screen);
    if (field.present) {
      out[field.name] = String(texts.length > 0);
      continue;
    }
    const values = texts.map((t) => valueOf(profile, field, t));
    if (field.name === 'supplement_requests.requested_at') {
      // A column that shows no row is not read (the reader cannot tell "none" from "elsewhere"); a css list is.
      if (texts.length > 0 || field.locator.kind !== 'column') out.supplement_requests = values.map((v) => ({ requested_at: v }));
    } else if (values.length > 0) out[field.name] = values.find((v) => v !== null) ?? null;
  }
  return out;
}

function record(fields: ReadFields, code: string): CheckDossier {
  const asOf = fields.x_as_of;
  if (typeof asOf !== 'string') throw new Error(`${code}: the page shows no "as of" time`);
  return CheckDossierSchema.parse(checkDossierFromFields(fields, asOf, code));
}

const violations = (results: CheckResult[]) => results.filter((r) => r.outcome === 'violation').map((r) => r.rule_id).sort();
const byRule = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.rule_id, r]));

/** The record's fields the generator knows, absent read as null: the page → record path must lose nothing. */
const recorded = (r: CheckDossier) => ({
  status: r.status ?? null,
  channel: r.channel ?? null,
  submitted_at: r.submitted_at ?? null,
  received_at: r.received_at ?? null,
  due_at: r.due_at ?? null,
  finished_at: r.finished_at ?? null,
  returned_at: r.returned_at ?? null,
  statutory_days: r.statutory_days ?? null,
  apology_issued: r.apology_issued ?? null,
  apology_issued_at: r.apology_issued_at ?? null,
  new_due_at: r.new_due_at ?? null,
  supplements: r.supplement_requests?.length ?? null,
});

interface Checked {
  code: string;
  full: CheckDossier;
  listOnly: CheckDossier;
  /** What the generator made, in the form of `recorded`. */
  expected: Record<keyof ReturnType<typeof recorded>, string | number | boolean | null>;
}

/** Every disagreement between the rules and the ground truth, and every list-only violation the truth does not have. */
function compare(checked: Checked[], truth: GroundTruth) {
  const found: Record<string, string[]> = {};
  const wrong: { code: string; rules: string[]; truth: string[] | undefined }[] = [];
  const listWrong: typeof wrong = [];
  const lossy: { code: string; diff: Record<string, [unknown, unknown]> }[] = [];
  for (const c of checked) {
    const rules = violations(evaluateRules(ONE_STOP_118_RULES, c.full, calendar).results);
    found[c.code] = rules;
    if (JSON.stringify(rules) !== JSON.stringify(truth.dossiers[c.code])) wrong.push({ code: c.code, rules, truth: truth.dossiers[c.code] });
    const fromList = violations(evaluateRules(ONE_STOP_118_RULES, c.listOnly, calendar).results);
    if (fromList.some((r) => !truth.dossiers[c.code]?.includes(r))) listWrong.push({ code: c.code, rules: fromList, truth: truth.dossiers[c.code] });
    // Everything the detail and list read, and each value the list reads on its own (to the minute), is the generator's.
    const got = recorded(c.full);
    const onList = recorded(c.listOnly);
    const diff = Object.fromEntries(
      Object.entries(c.expected).flatMap(([k, v]) => {
        const key = k as keyof typeof got;
        const listed = key !== 'supplements' && c.listOnly[key] !== undefined;
        return [...(got[key] !== v ? [[k, [got[key], v]]] : []), ...(listed && onList[key] !== v ? [[`list ${k}`, [onList[key], v]]] : [])];
      }),
    );
    if (Object.keys(diff).length > 0) lossy.push({ code: c.code, diff });
  }
  return { found, wrong, listWrong, lossy };
}

/** The edge cases both demos carry as their own dossiers, with the rules each breaks. */
const EDGE_CASES: Record<string, string[]> = {
  returned_at_appointment_minute: [],
  returned_25_minutes_late: ['overdue-without-apology', 'returned-late'],
  received_without_appointment: ['received-without-appointment'],
  open_without_appointment: ['received-without-appointment'],
  apology_returned_by_new_date: [],
  apology_on_the_appointment_day: ['apology-less-than-a-day-before-due'],
  open_past_due_with_apology: [],
  open_past_due_without_apology: ['open-past-due', 'overdue-without-apology'],
  supplement_requested_twice: ['supplement-requested-more-than-once'],
};

/** The checks common to both demos once their records are built. */
function expectAgreement(checked: Checked[], truth: GroundTruth, asOfShown: string) {
  expect(checked.length).toBe(truth.count);
  expect(Object.keys(truth.dossiers).sort()).toEqual(checked.map((c) => c.code).sort());
  expect(asOfShown).toBe(truth.as_of);
  for (const rules of Object.values(truth.dossiers)) for (const r of rules) expect(RULE_IDS.has(r), r).toBe(true);
  // Enough violations to find, among many clean dossiers.
  expect(truth.violating).toBeGreaterThanOrEqual(15);
  expect(truth.count - truth.violating).toBeGreaterThan(truth.violating);

  const { found, wrong, listWrong, lossy } = compare(checked, truth);
  expect(lossy, 'what the pages show, read with the profile, is what the generator made').toEqual([]);
  expect(wrong, 'the rules find exactly the ground truth').toEqual([]);
  expect(listWrong, 'a list row alone never shows a violation the ground truth does not have').toEqual([]);

  for (const [edge, rules] of Object.entries(EDGE_CASES)) {
    const code = truth.edge_cases[edge];
    expect(code, edge).toBeDefined();
    expect([edge, truth.dossiers[code ?? '']]).toEqual([edge, rules]);
    expect([edge, found[code ?? '']]).toEqual([edge, rules]);
  }
  const at = (edge: string) => {
    const c = checked.find((x) => x.code === truth.edge_cases[edge]);
    if (!c) throw new Error(edge);
    return byRule(evaluateRules(ONE_STOP_118_RULES, c.full, calendar).results);
  };
  // Decided, not merely quiet: on time at the minute; 25 minutes late; no appointment leaves lateness undecidable.
  expect(at('returned_at_appointment_minute')['returned-late']).toMatchObject({ outcome: 'pass', undecided: false });
  expect(at('returned_25_minutes_late')['returned-late']).toMatchObject({ outcome: 'violation', facts: { minutes_late: 25, working_days_late: 0 } });
  expect(at('received_without_appointment')['returned-late']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
  expect(at('open_without_appointment')['open-past-due']).toMatchObject({ outcome: 'undecidable', missing: ['due_at'] });
  expect(at('apology_returned_by_new_date')['returned-late']).toMatchObject({ outcome: 'pass', undecided: false });
  expect(at('open_past_due_with_apology')['open-past-due']).toMatchObject({ outcome: 'pass', undecided: false });
  return found;
}

/** A demo's working days are the shared calendar's (with the Government's decisions), from `year` to 2027. */
function expectSameCalendar(year: number, isWorking: (date: string) => boolean) {
  const differ: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (isWorking(date) !== calendar.isWorkingDay(date)) differ.push(date);
  }
  expect(differ).toEqual([]);
}

// ── The first demo (demo/server.mjs): server-rendered HTML ─────────────────────────────────────────────────────

const text = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
const all = (re: RegExp, s: string) => Array.from(s.matchAll(re), (m) => m[1] ?? '');
const SUPPLEMENT_VALUE = /^section\[data-phieu="yeu-cau-bo-sung"\] \.grid > div:nth-child\((\d)\) > div:last-child$/;

describe('the first demo system (demo/server.mjs) and its ground truth', () => {
  let m: DemoModules;
  let site: Site;
  const profile = profileOf('demo/site-profile.json');

  beforeAll(async () => {
    m = await demoModules();
    site = await m.server.startDemoSite({ port: 0 });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('serves its ground truth at /api/ground-truth: the whole pool, or the default register', async () => {
    const served = (await (await fetch(`${site.url}/api/ground-truth`)).json()) as GroundTruth;
    expect(served).toEqual(m.truth.groundTruth());
    expect(served.count).toBe(2000);
    const base = (await (await fetch(`${site.url}/api/ground-truth?register=base`)).json()) as GroundTruth;
    expect(base.count).toBe(120);
    expect(base.violating).toBeGreaterThanOrEqual(15);
  });

  it('works on the days of the shared calendar', () => {
    expectSameCalendar(2025, (date) => m.calendar.isWorkingDay(Date.parse(`${date}T00:00:00Z`) / 86_400_000));
  });

  it('the rules find exactly the dossiers and rules of the ground truth, read from the list and detail pages', () => {
    const now = m.data.DEFAULT_NOW;
    const truth = m.truth.groundTruth(now);
    const pool = m.data.buildPool(now);
    // The list of the whole pool, as `/ho-so?size=2000` renders it.
    const list = m.pages.renderList({ q: '', status: '', procedure: '', channel: '', overdue: false, size: 2000, page: 1 }, now).toString();
    const headers = all(/<th[^>]*>([\s\S]*?)<\/th>/g, list.slice(list.indexOf('<thead'), list.indexOf('</thead>'))).map((h) => labelKey(text(h)));
    const body = list.slice(list.indexOf('<tbody data-list-body>'), list.indexOf('</tbody>'));
    const rows = new Map<string, string[]>();
    for (const tr of all(/<tr[^>]*>([\s\S]*?)<\/tr>/g, body)) {
      const cells = all(/<td[^>]*>([\s\S]*?)<\/td>/g, tr).map(text);
      rows.set(normalize(cells[headers.indexOf(labelKey('Mã hồ sơ'))] ?? ''), cells);
    }
    expect(rows.size).toBe(2000);
    const listTimes = all(/<time[^>]*>([\s\S]*?)<\/time>/g, list.slice(list.indexOf('<main')));
    const iso = (t: number | null | undefined) => (t == null ? null : new Date(t - 7 * 3_600_000).toISOString());
    const STATUS: Record<string, string> = {
      cho_tiep_nhan: 'awaiting_intake',
      moi_tiep_nhan: 'received',
      dang_xu_ly: 'processing',
      cho_bo_sung: 'supplement_requested',
      cho_tra_ket_qua: 'awaiting_return',
      da_tra_ket_qua: 'returned',
      tu_choi: 'refused',
      dung_xu_ly: 'stopped',
      rut_ho_so: 'withdrawn',
    };

    const checked: Checked[] = pool.all.map((d) => {
      const cells = rows.get(d.code);
      if (!cells) throw new Error(`${d.code} is not on the list`);
      const listScreen: Screen = {
        column: (h) => {
          const i = headers.indexOf(labelKey(h));
          return i === -1 ? undefined : cells[i];
        },
        css: (selector) => {
          if (selector === 'main time') return listTimes;
          throw new Error(`list: selector ${selector} is not emulated`);
        },
      };
      const detail = m.pages.renderDetail(d, now).toString();
      const main = detail.slice(detail.indexOf('<main'), detail.indexOf('</main>'));
      const labels = new Map<string, string>();
      for (const [, label, value] of main.matchAll(/<div class="text-gray-500 text-sm">([^<]*)<\/div><div class="font-medium break-words">([\s\S]*?)<\/div>/g)) {
        const k = labelKey(text(label ?? ''));
        if (!labels.has(k)) labels.set(k, text(value ?? ''));
      }
      const supplements = all(/<section[^>]*data-phieu="yeu-cau-bo-sung"[^>]*>([\s\S]*?)<\/section>/g, main).map((s) =>
        all(/<div class="font-medium break-words">([\s\S]*?)<\/div>/g, s).map(text),
      );
      const detailScreen: Screen = {
        label: (l) => labels.get(labelKey(l)),
        css: (selector) => {
          if (selector === 'time') return all(/<time[^>]*>([\s\S]*?)<\/time>/g, main);
          const n = SUPPLEMENT_VALUE.exec(selector);
          if (n) return supplements.map((values) => values[Number(n[1]) - 1] ?? '');
          throw new Error(`detail: selector ${selector} is not emulated`);
        },
      };
      const listFields = readScreen(profile, 'dossier_list', listScreen);
      const detailFields = readScreen(profile, 'dossier_detail', detailScreen);
      expect(detailFields.x_as_of).toBe(listFields.x_as_of);
      return {
        code: d.code,
        full: record({ ...listFields, ...detailFields }, d.code),
        listOnly: record(listFields, d.code),
        expected: {
          status: STATUS[d.status] ?? null,
          channel: d.channel,
          submitted_at: iso(d.submittedAt),
          received_at: iso(d.receivedAt),
          due_at: iso(d.dueAt),
          finished_at: iso(d.finishedAt),
          returned_at: iso(d.returnedAt),
          statutory_days: d.statutoryDays,
          apology_issued: d.apology !== null,
          apology_issued_at: iso(d.apology?.issuedAt),
          new_due_at: iso(d.apology?.newDueAt),
          supplements: d.supplement?.length ?? 0,
        },
      };
    });
    const asOf = readScreen(profile, 'dossier_list', { column: () => undefined, css: () => listTimes }).x_as_of;
    expectAgreement(checked, truth, String(asOf));
    // The first demo's own edge cases: an evening submission received within a working day of the next opening is on
    // time; a dossier whose new appointment passed is open past due.
    expect(truth.dossiers[truth.edge_cases.online_evening_submission_received_next_day ?? '']).toEqual([]);
    expect(truth.dossiers[truth.edge_cases.online_received_late ?? '']).toContain('online-intake-late');
    expect(truth.dossiers[truth.edge_cases.open_past_new_appointment ?? '']).toEqual(['open-past-due']);
    expect(truth.dossiers[truth.edge_cases.result_finished_late_not_collected ?? '']).toEqual(['overdue-without-apology']);
  });
});

// ── The staff portal (demo/portal): a client-rendered app, formatted here as its app.js formats the API data ─────

/** `fmt` of demo/portal/public/app.js. */
function portalFormat(iso: string | null | undefined, style: 'time-first' | 'vn' | 'date' | 'modal'): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const [dd, MM, yyyy, HH, mm] = [p(d.getUTCDate()), p(d.getUTCMonth() + 1), String(d.getUTCFullYear()), p(d.getUTCHours()), p(d.getUTCMinutes())];
  if (style === 'date') return `${dd}/${MM}/${yyyy}`;
  if (style === 'time-first') return `${HH}:${mm} ${dd}/${MM}/${yyyy}`;
  if (style === 'vn') return `${HH}h${mm} ${dd}/${MM}/${yyyy}`;
  return `${dd}/${MM}/${yyyy} ${HH}:${mm}`;
}
const PORTAL_SUPPLEMENT_CELL = /^div\.col-span-2\.min-w-0 > section:nth-of-type\(4\) tbody td:nth-child\((\d)\)$/;

describe('the staff portal (demo/portal) and its ground truth', () => {
  let m: PortalModules;
  let site: Site;
  const profile = profileOf('demo/portal/site-profile.json');

  beforeAll(async () => {
    m = await portalModules();
    site = await m.server.startPortalSite({ port: 0, delayMs: 0 });
  });
  afterAll(async () => {
    await site?.close();
  });

  it('serves its ground truth at /api/ground-truth', async () => {
    const served = (await (await fetch(`${site.url}/api/ground-truth`)).json()) as GroundTruth;
    expect(served).toEqual(m.truth.groundTruth());
    expect(served.count).toBe(250);
  });

  it('works on the days of the shared calendar (its register starts in March 2026)', () => {
    expectSameCalendar(2026, (date) => {
      const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
      return m.data.isWorkday(m.data.local(y, mo, d));
    });
  });

  it('the rules find exactly the dossiers and rules of the ground truth, read from the list and detail screens', async () => {
    const truth = m.truth.groundTruth();
    const list = (await (await fetch(`${site.url}/api/v2/ho-so?tab=tat-ca&q=`)).json()) as { items: PortalItem[]; as_of: string };
    expect(list.items).toHaveLength(250);
    const STATUS: Record<string, string> = {
      cho_xac_nhan: 'awaiting_intake',
      da_tiep_nhan: 'received',
      dang_giai_quyet: 'processing',
      tre_han: 'overdue',
      bo_sung: 'supplement_requested',
      co_ket_qua: 'awaiting_return',
      da_tra: 'returned',
      khong_giai_quyet: 'refused',
      rut: 'withdrawn',
    };
    const asOfText = (style: 'time-first' | 'vn', asOf: string) => (label: string) => (labelKey(label) === labelKey('Số liệu tính đến') ? portalFormat(asOf, style) : undefined);
    const checked: Checked[] = [];
    for (const row of list.items) {
      // The list row: the cells app.js renders (renderList).
      const cells: Record<string, string> = {
        'mã hồ sơ': row.code,
        'ngày nhận': portalFormat(row.received_at, 'time-first'),
        'hẹn trả': row.due_at ? portalFormat(row.due_at, 'time-first') : '—',
        'ngày trả': portalFormat(row.returned_at, 'time-first'),
        'trạng thái': row.status_label,
      };
      const listScreen: Screen = { column: (h) => cells[labelKey(h)], sameText: asOfText('time-first', list.as_of) };
      // The detail screen (renderDetail): dt/dd pairs, an empty value shown as "—".
      const d = (await (await fetch(`${site.url}/api/v2/ho-so/${row.id}`)).json()) as PortalDetail;
      const dash = (s: string) => (s === '' ? '—' : s);
      const pairs: [string, string][] = [
        ['Mã hồ sơ', d.code],
        ['Mã thủ tục', d.procedure.code],
        ['Thủ tục hành chính', d.procedure.name],
        ['Thời hạn giải quyết', `${String(d.procedure.days).padStart(2, '0')} ngày làm việc`],
        ['Kênh tiếp nhận', d.channel_label],
        ['Trạng thái xử lý', d.status_label],
        ['Văn bản xin lỗi', d.apology ? 'Đã ban hành' : d.status === 'tre_han' ? 'Chưa ban hành' : 'Không phát sinh'],
        ['Ngày ban hành', dash(d.apology ? portalFormat(d.apology.issued_at, 'vn') : '')],
        ['Ngày hẹn trả mới', dash(d.apology ? portalFormat(d.apology.new_due_at, 'vn') : '')],
        ...(d.submitted_at ? ([['Thời điểm nộp trực tuyến', portalFormat(d.submitted_at, 'vn')]] as [string, string][]) : []),
        ['Ngày tiếp nhận', dash(portalFormat(d.received_at, 'vn'))],
        ['Ngày hẹn trả', dash(portalFormat(d.due_at, 'vn'))],
        ['Ngày có kết quả', dash(portalFormat(d.result_at, 'vn'))],
        ['Ngày trả kết quả', dash(portalFormat(d.returned_at, 'vn'))],
      ];
      const labels = new Map(pairs.map(([l, v]) => [labelKey(l), v]));
      const detailScreen: Screen = {
        label: (l) => labels.get(labelKey(l)),
        sameText: asOfText('vn', d.as_of),
        css: (selector) => {
          const n = PORTAL_SUPPLEMENT_CELL.exec(selector);
          if (n?.[1] === '2') return d.supplements.map((s) => portalFormat(s.requested_at, 'vn'));
          if (n) return d.supplements.map(() => '…');
          throw new Error(`detail: selector ${selector} is not emulated`);
        },
      };
      const listFields = readScreen(profile, 'dossier_list', listScreen);
      const detailFields = readScreen(profile, 'dossier_detail', detailScreen);
      expect(detailFields.x_as_of).toBe(listFields.x_as_of);
      checked.push({
        code: row.code,
        full: record({ ...listFields, ...detailFields }, row.code),
        listOnly: record(listFields, row.code),
        expected: {
          status: STATUS[d.status] ?? null,
          channel: d.channel,
          submitted_at: d.submitted_at,
          received_at: d.received_at,
          due_at: d.due_at,
          finished_at: d.result_at,
          returned_at: d.returned_at,
          statutory_days: d.procedure.days,
          apology_issued: d.apology !== null,
          apology_issued_at: d.apology?.issued_at ?? null,
          new_due_at: d.apology?.new_due_at ?? null,
          supplements: d.supplements.length,
        },
      });
    }
    expectAgreement(checked, truth, list.as_of);
  });
});
