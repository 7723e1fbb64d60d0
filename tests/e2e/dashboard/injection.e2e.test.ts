// The injection corpus (SQL metacharacters, markup and script, Unicode tricks, very long strings) written through the
// API into every text field the dashboard shows, then read in real Chromium by the roles that see it: each value must
// appear as literal text in its own element (after the server's trimming and redaction), no script may run (a canary
// counts calls of alert/confirm/prompt and of payloads made for this sweep), no element or attribute may come from a
// payload, no Content-Security-Policy violation or script error may happen, and long values must not push the page
// sideways. Everything lives under a province of its own (units, accounts, checklists, site profiles, audits), so
// the demo data the other suites count stays as it is: the seeded admin plans, the seeded lead inspector records and
// reviews, a unit head and a leader of that province (accounts made here) answer and read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dropControlCharacters, line, optionalText, redactText, text, todayInVietnam, uuidv7 } from '@onestop/shared';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from '../browser.ts';

const PASSWORD = 'ThuNghiem#2026';
const OWN_PASSWORD = 'Mat-khau-chuoi-doc-hai-2026';
/** What the administrator sets; the accounts signed in below replace it with OWN_PASSWORD first (must_change_password). */
const ADMIN_SET_PASSWORD = 'Mat-khau-tam-thoi-2026';
const ADMIN = 'admin@demo.onestop.vn';
const LEAD = 'truongdoan@demo.onestop.vn';
const base = () => inject('apiUrl');

/**
 * The worker suite's corpus, read from its fixture (which imports `cloudflare:workers` and so cannot be imported
 * here), so both sweeps always send the same strings.
 */
function workerCorpus(): string[] {
  const file = fileURLToPath(new URL('../../fixtures/reliability.ts', import.meta.url));
  const m = /export const HOSTILE_STRINGS: readonly string\[\] = \[([\s\S]*?)\n\];/.exec(readFileSync(file, 'utf8'));
  if (!m?.[1]) throw new Error('HOSTILE_STRINGS not found in tests/fixtures/reliability.ts');
  // The array holds string literals and `'x'.repeat(n)` only.
  const list = new Function(`return [${m[1]}];`)() as unknown;
  if (!Array.isArray(list) || list.length < 30 || !list.every((s) => typeof s === 'string')) throw new Error('HOSTILE_STRINGS did not evaluate to strings');
  return list as string[];
}

/** Payloads that would tell on themselves if the page ever ran them (the corpus' own payloads call alert). */
const CANARIES = [
  '<img src=x onerror="window.__pwned=(window.__pwned||0)+1">',
  '<script>window.__pwned=(window.__pwned||0)+1</script>',
  '<svg><animate onbegin="window.__pwned=(window.__pwned||0)+1" attributeName=x dur=1s>',
  '<a href="javascript:window.__pwned=(window.__pwned||0)+1">bấm vào đây</a>',
  'javascript:window.__pwned=(window.__pwned||0)+1//',
  '<iframe srcdoc="<script>parent.__pwned=(parent.__pwned||0)+1</script>"></iframe>',
  '<details open ontoggle="window.__pwned=(window.__pwned||0)+1">',
  '<style>*{display:none!important}</style>',
  '{who} {when} {name} {n} $& $$ $1',
];
const CORPUS = [...workerCorpus(), ...CANARIES];

// How the server stores text (see tests/worker/reliability/injection.test.ts): trimmed by the schemas, and the
// finding note, dossier code and page texts redacted. UTF-8 cannot hold a lone UTF-16 surrogate: the API replaces
// each one with one U+FFFD as it reads the request, so a value reads back the same in a column, in the history and
// in the evidence fields. Typed text with a control character is refused (one-line text also refuses line breaks);
// text captured from a page loses its control characters (README, API conventions).
const wellFormed = (v: string) => v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const trimmed = (v: string) => wellFormed(v.trim());
const redacted = (v: string) => wellFormed(redactText(v.trim()));
const captured = (v: string) => redacted(dropControlCharacters(wellFormed(v)));
/** Whether a value passes a multi-line text field of at most `max` characters (required ones refuse blank values): the shared schema decides. */
const fits = (v: string, max: number, required = true) => (required ? text(max) : optionalText(max)).safeParse(wellFormed(v)).success;
/** The same for one-line text (names, titles, the action owner). */
const fitsLine = (v: string, max: number) => line(max).safeParse(wellFormed(v)).success;
const short = (v: string) => JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…(${v.length})` : v);

interface Me {
  user: { id: string; display_name: string };
  unit: { id: string };
}

async function send(token: string | null, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${base()}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(token, method, path, body);
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}
/** A create that may be refused for its hostile value: the id, or null for a 4xx (a 5xx fails the test). */
async function tryCreate(token: string, path: string, body: unknown): Promise<string | null> {
  const res = await send(token, 'POST', path, body);
  if (res.status >= 500) throw new Error(`POST ${path} → ${res.status} ${(await res.text()).slice(0, 300)}`);
  if (!res.ok) return null;
  return ((await res.json()) as { id: string }).id;
}
async function token(email: string, password = PASSWORD): Promise<string> {
  return (await api<{ token: string }>('', 'POST', '/auth/login', { email, password, session: 'bearer' })).token;
}
/** Runs `fn` over the items, `n` at a time, keeping the order of the results. */
async function pool<T, R>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** One corpus string and the records it went into; `null` where the API refused it. */
interface Case {
  i: number;
  value: string;
  unit: { id: string; code: string } | null;
  inspector: { id: string; email: string } | null;
  checklist: string | null;
  profile: string | null;
  audit: { id: string; code: string } | null;
  finding: string;
  evidence: string;
  /** What each finding field must read on the page (placeholders where the field refuses the value). */
  shown: {
    note: string;
    dossier: string;
    item: string;
    unit: string;
    reason: string;
    review: string;
    rootCause: string;
    correction: string | null;
    action: string;
    owner: string;
    done: string;
    verification: string;
    effective: boolean;
    pageTitle: string;
    quote: string;
    field: string;
    /** As the history shows them (the same as the finding page: well-formed, trimmed). */
    history: { reason: string; review: string; rootCause: string; action: string; done: string; verification: string };
  };
}

interface World {
  root: { id: string; code: string; name: string };
  fallbackUnit: { id: string; name: string };
  mainAudit: { id: string; code: string };
  head: { email: string; name: string };
  leader: { email: string; name: string };
  cases: Case[];
}

/** What a payload could have made: handler attributes, javascript: links, frames, inline scripts, foreign images. */
function injectedInPage(): string[] {
  const out: string[] = [];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const a of el.getAttributeNames()) if (/^on/i.test(a)) out.push(`<${el.tagName.toLowerCase()} ${a}>`);
    const href = el.getAttribute('href') ?? el.getAttribute('xlink:href');
    if (href && /^\s*javascript:/i.test(href)) out.push(`<${el.tagName.toLowerCase()} href="${href.slice(0, 40)}">`);
  }
  for (const sel of ['iframe', 'object', 'embed', 'animate', 'script:not([src])', 'style', 'details[open]', 'img[src="x"]']) {
    const n = document.querySelectorAll(sel).length;
    if (n > 0) out.push(`${n} × ${sel}`);
  }
  for (const img of Array.from(document.querySelectorAll('img'))) if (!/^(blob|data):/.test(img.getAttribute('src') ?? '')) out.push(`<img src="${img.getAttribute('src')}">`);
  const w = window as unknown as { __pwned?: number; __csp?: string[] };
  if (w.__pwned !== undefined) out.push(`canary ran ${w.__pwned} time(s)`);
  for (const v of w.__csp?.splice(0) ?? []) out.push(`CSP violation: ${v}`);
  return out;
}

/** Layout: nothing makes the page scroll sideways, and no table is stretched far past its box by one value. */
function layoutInPage(): string[] {
  const out: string[] = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap, .visually-hidden'))
      .filter((el, _, all) => !all.some((o) => o !== el && el.contains(o)))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
    out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${width}): ${culprits.join(', ')}`);
  }
  for (const wrap of Array.from(document.querySelectorAll('.table-wrap'))) {
    if (wrap.scrollWidth > wrap.clientWidth * 1.5 + 50) out.push(`a table is ${wrap.scrollWidth} px wide in a ${wrap.clientWidth} px box (${wrap.getAttribute('aria-label') ?? ''})`);
  }
  for (const el of Array.from(document.querySelectorAll('.card, .evidence, .topbar, .breadcrumb, .page-header, .account, fieldset'))) {
    if (el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX === 'visible') {
      out.push(`${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} overflows its box (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return out;
}

describe('the injection corpus in the dashboard', () => {
  let w: World;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  /** (string, field, page) checks that passed and pages checked, for the report. */
  let checked = 0;
  let pages = 0;
  const started = Date.now();

  /** Compares what a page shows with what it must show; every mismatch is a problem. */
  function compare(problems: string[], where: string, what: string, value: string, actual: string | null | undefined, expected: string | null) {
    if ((actual ?? null) === expected) checked++;
    else problems.push(`${where}: ${what} for ${short(value)} reads ${actual === undefined || actual === null ? 'nothing' : short(actual)}, expected ${expected === null ? 'nothing' : short(expected)}`);
  }

  /** After a page: no canary, no payload element, no CSP violation or script error, no sideways page. */
  async function pageChecks(problems: string[], where: string) {
    pages++;
    for (const p of await page.evaluate(injectedInPage)) problems.push(`${where}: ${p}`);
    for (const p of await page.evaluate(layoutInPage)) problems.push(`${where}: ${p}`);
    for (const e of errors.splice(0)) problems.push(`${where}: ${e}`);
  }

  async function signInAs(email: string, password: string, path: string) {
    await browser.context.clearCookies();
    const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email, password, session: 'cookie' }, headers: { origin: base() } });
    expect(login.status()).toBe(200);
    await page.goto(`${base()}${path}`);
    await page.locator('h1').first().waitFor();
  }

  /** Moves within the app without reloading it (the router listens to popstate), as a click on a link does. */
  async function go(path: string) {
    await page.evaluate((p) => {
      history.pushState(null, '', p);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  }

  beforeAll(async () => {
    const suffix = `${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`.toUpperCase();
    const [admin, lead] = await Promise.all([token(ADMIN), token(LEAD)]);
    const leadMe = await api<Me>(lead, 'GET', '/auth/me');

    // A province of its own, a plain ward for what a hostile name cannot hold, and one ward per accepted name.
    const rootCode = `INJ-${suffix}`;
    const rootName = `Tỉnh thử chuỗi độc hại ${suffix}`;
    const rootId = await api<{ id: string }>(admin, 'POST', '/units', { parent_id: null, code: rootCode, name: rootName, level: 'province' });
    const fallbackName = `Xã dự phòng ${suffix}`;
    const fallback = await api<{ id: string }>(admin, 'POST', '/units', { parent_id: rootId.id, code: `${rootCode}-0`, name: fallbackName, level: 'commune' });
    const units = await pool(CORPUS, 4, async (v, i) => {
      const code = `${rootCode}-${i + 1}`;
      const id = await tryCreate(admin, '/units', { parent_id: rootId.id, code, name: v, level: 'commune' });
      return id ? { id, code } : null;
    });

    // Accounts: one inspector per accepted display name (the audit team), a unit head and a leader of the province.
    const email = (name: string) => `inj-${suffix.toLowerCase()}-${name}@test.onestop.vn`;
    const inspectors = await pool(CORPUS, 4, async (v, i) => {
      const id = await tryCreate(admin, '/users', { email: email(String(i)), display_name: v, role: 'inspector', unit_id: rootId.id, password: OWN_PASSWORD });
      return id ? { id, email: email(String(i)) } : null;
    });
    // The owner of each finding's corrective action: an account of the finding's ward (owners are never free text),
    // named with the string where a display name can hold it, else a stand-in.
    const owners = await pool(CORPUS, 4, async (v, i) => {
      const unitId = units[i]?.id ?? fallback.id;
      const made = async (name: string) => tryCreate(admin, '/users', { email: email(`owner-${i}`), display_name: name, role: 'inspector', unit_id: unitId, password: OWN_PASSWORD });
      const name = fitsLine(v.slice(0, 200), 200) ? v.slice(0, 200) : `Người phụ trách thay thế ${i + 1}`;
      const id = (await made(name)) ?? (await made(`Người phụ trách thay thế ${i + 1}`));
      if (!id) throw new Error(`no owner account for string ${i + 1}`);
      return { id, name: (await api<{ display_name: string }>(admin, 'GET', `/users/${id}`)).display_name };
    });
    const head = { email: email('head'), name: 'ư'.repeat(200) };
    const leader = { email: email('leader'), name: CANARIES[0] ?? '' };
    for (const [who, role] of [[head, 'unit_head'], [leader, 'leader']] as const) {
      await api(admin, 'POST', '/users', { email: who.email, display_name: who.name, role, unit_id: rootId.id, password: ADMIN_SET_PASSWORD });
      const first = await token(who.email, ADMIN_SET_PASSWORD);
      await api(first, 'POST', '/auth/password', { current_password: ADMIN_SET_PASSWORD, new_password: OWN_PASSWORD });
    }

    // The checklist the audit works on (one item per string), published; a draft checklist per hostile title.
    const itemText = (v: string, i: number) => (fits(v, 4000) ? v : `Tiêu chí thay thế ${i + 1}`);
    const clauses = ['7.1.6', '8.2.1', '8.5.1', '9.1.2', '10.2'];
    const main = await api<{ versions: { id: string }[] }>(admin, 'POST', '/checklists', {
      code: `INJ-${suffix}`,
      version: 1,
      title_vi: `Danh mục thử chuỗi độc hại ${suffix}`,
      items: CORPUS.map((v, i) => ({ code: `T-${i + 1}`, clause: clauses[i % clauses.length], text_vi: itemText(v, i), weight: 2 })),
    });
    const versionId = main.versions[0]?.id ?? '';
    await api(admin, 'POST', `/checklist-versions/${versionId}/publish`);
    const items = (await api<{ items: { id: string; code: string }[] }>(admin, 'GET', `/checklist-versions/${versionId}`)).items;
    const itemOf = new Map(items.map((it) => [it.code, it.id]));
    const checklists = await pool(CORPUS, 4, (v, i) =>
      tryCreate(admin, '/checklists', { code: `INJ-${suffix}-T${i + 1}`, version: 1, title_vi: v, items: [{ code: 'T-1', clause: '8.5.1', text_vi: 'Nội dung kiểm tra', weight: 2 }] }),
    );
    // Site profiles, inactive, on a host nobody visits: the extension never receives them.
    const profiles = await pool(CORPUS, 4, (v) =>
      tryCreate(admin, '/site-profiles', {
        active: false,
        profile: { name: v, version: 1, match: ['https://chuoi-doc-hai.invalid/*'], pages: [{ id: 'detail', url: '/ho-so/*', fields: [{ name: 'dossier_code', locator: { kind: 'label', text: 'Mã hồ sơ' } }] }] },
      }),
    );

    // One planned audit per hostile title and scope note, led by the inspector with the same hostile name.
    const spare = inspectors.find((x) => x !== null);
    if (!spare) throw new Error('no inspector account was created');
    const audits = await pool(CORPUS, 4, async (v, i) => {
      const code = `KT-INJ-${suffix}-${i + 1}`;
      const id = await tryCreate(admin, '/audits', {
        code,
        title: v,
        scope_note: v,
        kind: 'inspection',
        owner_unit_id: rootId.id,
        planned_start: '2025-02-03',
        planned_end: '2025-02-07',
        unit_ids: [fallback.id],
        version_ids: [versionId],
        lead_user_id: (inspectors[i] ?? spare).id,
        member_ids: [],
      });
      return id ? { id, code } : null;
    });

    // The audit the findings belong to: every ward, the seeded lead inspector leading a team of hostile names. It
    // starts before the seeded audits so it sorts after them in the lead's list.
    const auditCode = `KT-INJ-${suffix}`;
    const audit = await api<{ id: string }>(admin, 'POST', '/audits', {
      code: auditCode,
      title: `Kiểm tra chuỗi độc hại ${suffix}`,
      kind: 'inspection',
      owner_unit_id: rootId.id,
      planned_start: '2025-01-06',
      planned_end: '2025-01-10',
      unit_ids: [fallback.id, ...units.flatMap((u) => (u ? [u.id] : []))],
      version_ids: [versionId],
      lead_user_id: leadMe.user.id,
      member_ids: inspectors.flatMap((x) => (x ? [x.id] : [])).slice(0, 50),
    });
    await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'in_progress' });

    // One nonconformity per string with a page capture, recorded by the lead in one sync batch.
    const findings = CORPUS.map(() => uuidv7());
    // A note or dossier code the schema refuses (a control character) would get the op rejected, and so would a blank
    // note on a nonconformity (note_required): use a stand-in.
    const notes = CORPUS.map((v, i) => (fits(v, 8000) ? v : `Ghi chú thay thế ${i + 1}`));
    const dossiers = CORPUS.map((v, i) => (fitsLine(v.slice(0, 100), 100) || !v.slice(0, 100).trim() ? v.slice(0, 100) : `Mã thay thế ${i + 1}`));
    const evidence = CORPUS.map(() => uuidv7());
    const now = new Date().toISOString();
    const sync = await api<{ results: { status: string }[] }>(lead, 'POST', '/sync', {
      client_id: 'e2e-injection',
      ops: CORPUS.flatMap((v, i) => [
        {
          op_id: uuidv7(),
          kind: 'finding.upsert',
          entity_id: findings[i],
          base_version: null,
          data: { audit_id: audit.id, unit_id: units[i]?.id ?? fallback.id, item_id: itemOf.get(`T-${i + 1}`), result: 'nc_minor', note: notes[i], dossier_code: dossiers[i], recorded_at: now },
        },
        {
          op_id: uuidv7(),
          kind: 'evidence.create',
          entity_id: evidence[i],
          base_version: null,
          data: { finding_id: findings[i], kind: 'page_capture', page_url: `https://dichvucong.example/ho-so/${i + 1}`, page_title: v.slice(0, 500), quote: v.slice(0, 4000), fields: { ghi_chu: v.slice(0, 2000) }, captured_at: now },
        },
      ]),
    });
    expect(sync.results.map((r) => r.status)).toEqual(CORPUS.flatMap(() => ['applied', 'applied']));
    await api(lead, 'POST', `/audits/${audit.id}/transitions`, { to: 'reporting', note: 'Kiểm tra thử, chưa đánh giá đủ' });

    // Every string through the whole workflow: disputed, the dispute rejected, accepted with a plan, reported done,
    // then verified (effective for even ones, closing the finding; not effective for odd ones, with a new due date).
    const headToken = await token(head.email, OWN_PASSWORD);
    const or = (v: string, max: number, i: number, what: string) => (fits(v, max) ? v : `${what} thay thế ${i + 1}`);
    const due = addDays(todayInVietnam(), 30);
    const cases = await pool(CORPUS, 6, async (v, i): Promise<Case> => {
      const id = findings[i] ?? '';
      const reason = or(v, 8000, i, 'Lý do');
      const review = or(v, 8000, i, 'Ý kiến');
      const rootCause = or(v, 8000, i, 'Nguyên nhân');
      const correction = fits(v, 8000, false) ? v : undefined;
      const action = or(v, 8000, i, 'Hành động');
      const owner = owners[i]!;
      const done = or(v, 8000, i, 'Kết quả');
      const verification = or(v, 8000, i, 'Xác minh');
      const effective = i % 2 === 0;
      await api(headToken, 'POST', `/findings/${id}/response`, { decision: 'dispute', reason });
      await api(lead, 'POST', `/findings/${id}/review`, { decision: 'reject', comment: review });
      await api(headToken, 'POST', `/findings/${id}/response`, { decision: 'accept', root_cause: rootCause, ...(correction === undefined ? {} : { correction }), action, owner_user_id: owner.id, due_date: due });
      await api(headToken, 'POST', `/findings/${id}/action-done`, { note: done });
      await api(lead, 'POST', `/findings/${id}/verification`, effective ? { effective: true, note: verification } : { effective: false, note: verification, new_due_date: addDays(due, 10) });
      return {
        i,
        value: v,
        unit: units[i] ?? null,
        inspector: inspectors[i] ?? null,
        checklist: checklists[i] ?? null,
        profile: profiles[i] ?? null,
        audit: audits[i] ?? null,
        finding: id,
        evidence: evidence[i] ?? '',
        shown: {
          note: redacted(notes[i] ?? ''),
          dossier: redacted(dossiers[i] ?? ''),
          item: trimmed(itemText(v, i)),
          unit: units[i] ? trimmed(v) : fallbackName,
          reason: trimmed(reason),
          review: trimmed(review),
          rootCause: trimmed(rootCause),
          correction: correction === undefined || !correction.trim() ? null : trimmed(correction),
          action: trimmed(action),
          owner: owner.name,
          done: trimmed(done),
          verification: trimmed(verification),
          effective,
          pageTitle: captured(v.slice(0, 500)),
          quote: captured(v.slice(0, 4000)),
          field: wellFormed(redactText(dropControlCharacters(wellFormed(v.slice(0, 2000))))),
          history: { reason: trimmed(reason), review: trimmed(review), rootCause: trimmed(rootCause), action: trimmed(action), done: trimmed(done), verification: trimmed(verification) },
        },
      };
    });

    w = { root: { id: rootId.id, code: rootCode, name: rootName }, fallbackUnit: { id: fallback.id, name: fallbackName }, mainAudit: { id: audit.id, code: auditCode }, head, leader, cases };
    console.log(`injection sweep: data for ${CORPUS.length} strings written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    browser = await launchBrowser();
    // The canary and the CSP listener are in place before any script of the page runs.
    await browser.context.addInitScript(() => {
      const win = window as unknown as { __pwned?: number; __csp: string[] };
      const bump = () => {
        win.__pwned = (win.__pwned ?? 0) + 1;
      };
      window.alert = bump;
      window.confirm = () => (bump(), false);
      window.prompt = () => (bump(), null);
      win.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => win.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
    });
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(`script error: ${e.message}`));
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) errors.push(`CSP: ${m.text().slice(0, 200)}`);
    });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    console.log(`injection sweep: ${CORPUS.length} strings, ${checked} (string, field, page) checks passed on ${pages} pages, ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });
  // A failing test leaves a picture of the page it failed on.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page && !page.isClosed()) await screenshot(page, `FAILED-injection-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`);
  });

  it('admin: units, accounts, checklists, site profiles, the audit list and the plan form show every name as text', async () => {
    const problems: string[] = [];
    await signInAs(ADMIN, PASSWORD, '/admin/units');

    // The unit tree: the province starts open, so every ward is listed.
    await page.locator(`tr[data-unit-code="${w.root.code}-0"]`).waitFor();
    const unitNames = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('tr[data-unit-code]')).map((tr) => [tr.getAttribute('data-unit-code'), tr.querySelector('.tree-cell > span:not(.tree-spacer):not(.badge)')?.textContent ?? null])));
    for (const c of w.cases) if (c.unit) compare(problems, 'units', 'unit name', c.value, unitNames[c.unit.code], trimmed(c.value));
    await pageChecks(problems, 'units');
    await screenshot(page, 'injection-admin-units');

    await go('/admin/users');
    const lastUser = w.cases.filter((c) => c.inspector).at(-1)?.inspector?.email ?? '';
    await page.locator('td', { hasText: lastUser }).first().waitFor();
    const userNames = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('main tbody tr')).map((tr) => [tr.querySelector('td.nowrap')?.textContent, tr.querySelector('td')?.firstChild?.textContent ?? null])));
    for (const c of w.cases) if (c.inspector) compare(problems, 'users', 'display name', c.value, userNames[c.inspector.email], trimmed(c.value));
    compare(problems, 'users', 'display name', w.head.name, userNames[w.head.email], w.head.name);
    compare(problems, 'users', 'display name', w.leader.name, userNames[w.leader.email], w.leader.name);
    await pageChecks(problems, 'users');
    await screenshot(page, 'injection-admin-users');

    await go('/admin/checklists');
    const lastChecklist = w.cases.filter((c) => c.checklist).at(-1)?.checklist ?? '';
    await page.locator(`[id="cl-${lastChecklist}"]`).waitFor();
    const titles = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('main h2[id^="cl-"]')).map((h) => [h.id.slice(3), h.firstChild?.textContent ?? null])));
    for (const c of w.cases) if (c.checklist) compare(problems, 'checklists', 'checklist title', c.value, titles[c.checklist], trimmed(c.value));
    await pageChecks(problems, 'checklists');

    await go('/admin/site-profiles');
    const lastProfile = w.cases.filter((c) => c.profile).at(-1)?.profile ?? '';
    await page.locator(`a[href="/admin/site-profiles/${lastProfile}"]`).waitFor();
    const profileNames = await page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('main a[href^="/admin/site-profiles/"]')).map((a) => [a.getAttribute('href')?.split('/').pop(), a.textContent])));
    for (const c of w.cases) if (c.profile) compare(problems, 'site profiles', 'profile name', c.value, profileNames[c.profile], trimmed(c.value));
    await pageChecks(problems, 'site profiles');

    // The audit list: hostile titles and lead names.
    await go('/audits');
    const lastAudit = w.cases.filter((c) => c.audit).at(-1)?.audit?.code ?? '';
    await page.getByRole('link', { name: lastAudit, exact: true }).waitFor();
    const rows = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll('main tbody tr')).map((tr) => [tr.querySelector('a.strong-link')?.textContent, { title: tr.querySelector('.clamp')?.textContent ?? null, lead: tr.querySelector('td.col-wide')?.textContent ?? null }])),
    );
    for (const c of w.cases) {
      if (!c.audit) continue;
      compare(problems, 'audits', 'audit title', c.value, rows[c.audit.code]?.title, trimmed(c.value));
      if (c.inspector) compare(problems, 'audits', 'lead name', c.value, rows[c.audit.code]?.lead, trimmed(c.value));
    }
    await pageChecks(problems, 'audits');
    await screenshot(page, 'injection-admin-audits');

    // The plan form lists every ward, every inspector (lead choice and team) and the published checklist.
    await go('/audits/new');
    const inspectorCount = w.cases.filter((c) => c.inspector).length;
    await expect.poll(() => page.locator('select[name="lead_user_id"] option').count(), { timeout: 15_000 }).toBeGreaterThan(inspectorCount);
    await page.getByRole('checkbox', { name: w.fallbackUnit.name }).waitFor();
    const plan = await page.evaluate(() => ({
      checks: Array.from(document.querySelectorAll('.multicheck label')).map((l) => l.firstChild?.textContent ?? ''),
      leads: Array.from(document.querySelectorAll('select[name="lead_user_id"] option')).map((o) => o.textContent ?? ''),
    }));
    const checkSet = new Set(plan.checks);
    const leadSet = new Set(plan.leads);
    for (const c of w.cases) {
      if (c.unit) compare(problems, 'plan form', 'unit checkbox', c.value, checkSet.has(trimmed(c.value)) ? trimmed(c.value) : null, trimmed(c.value));
      if (c.inspector) {
        compare(problems, 'plan form', 'member checkbox', c.value, checkSet.has(trimmed(c.value)) ? trimmed(c.value) : null, trimmed(c.value));
        const option = `${trimmed(c.value)} (${c.inspector.email})`;
        compare(problems, 'plan form', 'lead option', c.value, leadSet.has(option) ? option : null, option);
      }
    }
    await pageChecks(problems, 'plan form');
    expect(problems).toEqual([]);
  }, 60_000);

  it('admin: each planned audit shows its hostile title and scope note as text', async () => {
    const problems: string[] = [];
    await signInAs(ADMIN, PASSWORD, '/audits');
    for (const c of w.cases) {
      if (!c.audit) continue;
      await go(`/audits/${c.audit.id}`);
      await page.getByRole('heading', { level: 1, name: c.audit.code, exact: true }).waitFor();
      await page.locator('section[aria-labelledby="plan-title"] dl').waitFor();
      const shown = await page.evaluate(() => {
        let scope: string | null = null;
        let label = '';
        for (const el of Array.from(document.querySelector('section[aria-labelledby="plan-title"] dl')?.children ?? [])) {
          if (el.tagName === 'DT') label = el.textContent ?? '';
          else if (label === 'Phạm vi') scope = el.textContent;
        }
        return { title: document.querySelector('.page-lead')?.textContent ?? null, scope };
      });
      compare(problems, `audit ${c.i + 1}`, 'title', c.value, shown.title, trimmed(c.value));
      compare(problems, `audit ${c.i + 1}`, 'scope note', c.value, shown.scope, trimmed(c.value));
      await pageChecks(problems, `audit ${c.i + 1}`);
      if (c.value === 'ư'.repeat(200)) await screenshot(page, `injection-admin-audit-${c.i + 1}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('lead inspector: the audit page shows every ward, team member and item text as text', async () => {
    const problems: string[] = [];
    await signInAs(LEAD, PASSWORD, `/audits/${w.mainAudit.id}`);
    const withUnit = w.cases.filter((c) => c.unit);
    await expect.poll(() => page.locator('section[aria-labelledby^="unit-"]').count(), { timeout: 15_000 }).toBe(withUnit.length + 1);
    const shown = await page.evaluate(() => {
      const dl = document.querySelector('section[aria-labelledby="plan-title"] dl');
      const lists: Record<string, string[]> = {};
      let label = '';
      for (const el of Array.from(dl?.children ?? [])) {
        if (el.tagName === 'DT') label = el.textContent ?? '';
        else lists[label] = Array.from(el.querySelectorAll('li')).map((li) => li.firstChild?.textContent ?? '');
      }
      const sections = Array.from(document.querySelectorAll('section[aria-labelledby^="unit-"]')).map((s) => ({
        unit: s.querySelector('h3')?.firstChild?.textContent ?? '',
        items: Array.from(s.querySelectorAll('tbody .clamp')).map((x) => x.textContent ?? ''),
      }));
      return { units: lists['Đơn vị được kiểm tra'] ?? [], team: lists['Đoàn kiểm tra'] ?? [], sections };
    });
    const units = new Set(shown.units);
    const team = new Set(shown.team);
    const sections = new Map(shown.sections.map((s) => [s.unit, s.items]));
    for (const c of w.cases) {
      const name = trimmed(c.value);
      if (c.unit) {
        compare(problems, 'audit', 'unit in the plan', c.value, units.has(name) ? name : null, name);
        const items = sections.get(name);
        compare(problems, 'audit', 'item text under its unit', c.value, items?.includes(c.shown.item) ? c.shown.item : (items?.join(' | ') ?? null), c.shown.item);
      }
      if (c.inspector && w.cases.filter((x) => x.inspector).indexOf(c) < 50) compare(problems, 'audit', 'team member', c.value, team.has(name) ? name : null, name);
    }
    await pageChecks(problems, 'audit');
    await screenshot(page, 'injection-lead-audit');
    expect(problems).toEqual([]);
  }, 60_000);

  it('unit head: the inbox and every finding page show each value as text, in its place', async () => {
    const problems: string[] = [];
    await signInAs(w.head.email, OWN_PASSWORD, '/findings?all=1');
    await expect.poll(() => page.locator('tr[data-finding-id]').count(), { timeout: 15_000 }).toBe(w.cases.length);
    const rows = await page.evaluate(() =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('tr[data-finding-id]')).map((tr) => [
          tr.getAttribute('data-finding-id'),
          { note: tr.querySelector('.cell-note .clamp')?.textContent ?? null, dossier: tr.querySelector('.cell-note .muted')?.textContent ?? null, unit: tr.querySelector('td.col-wide')?.textContent ?? null },
        ]),
      ),
    );
    for (const c of w.cases) {
      const row = rows[c.finding];
      compare(problems, 'inbox', 'note', c.value, row?.note, c.shown.note || c.shown.item);
      if (c.shown.dossier) compare(problems, 'inbox', 'dossier code', c.value, row?.dossier, `Hồ sơ: ${c.shown.dossier}`);
      compare(problems, 'inbox', 'unit', c.value, row?.unit, c.shown.unit);
    }
    compare(problems, 'inbox', 'account name', w.head.name, await page.locator('.account-name').textContent(), w.head.name);
    await pageChecks(problems, 'inbox');
    await screenshot(page, 'injection-head-inbox');

    for (const c of w.cases) {
      await go(`/findings/${c.finding}`);
      await page.waitForFunction((ev) => document.querySelector(`[data-evidence-id="${ev}"]`) !== null && document.querySelectorAll('.timeline li').length >= 6, c.evidence);
      const shown = await page.evaluate(() => {
        const pairs = (sel: string) => {
          const out: Record<string, Element> = {};
          let label = '';
          for (const el of Array.from(document.querySelector(sel)?.children ?? [])) {
            if (el.tagName === 'DT') label = el.textContent ?? '';
            else if (el.tagName === 'DD') out[label] = el;
          }
          return out;
        };
        const what = pairs('section[aria-labelledby="what-title"] dl');
        const ca = pairs('section[aria-labelledby="ca-title"] dl');
        const text = (el: Node | undefined | null) => (el ? el.textContent : null);
        return {
          item: text(what['Yêu cầu kiểm tra']),
          note: text(what['Nhận xét của đoàn']),
          dossier: text(what['Hồ sơ']),
          unit: text(what['Đơn vị']),
          reason: text(what['Lý do đơn vị không đồng ý']),
          review: text(what['Ý kiến của trưởng đoàn']),
          rootCause: text(ca['Nguyên nhân']),
          correction: text(ca['Khắc phục ngay (sửa chữa tức thời)']),
          action: text(ca['Hành động khắc phục']),
          owner: text(ca['Người chịu trách nhiệm']?.querySelector('bdi')),
          done: text(ca['Đã thực hiện']?.querySelector('.prewrap')),
          verification: text(ca['Kết quả xác minh']?.querySelector('.prewrap')),
          breadcrumb: text(document.querySelector('p.breadcrumb > span:last-child')),
          pageTitle: text(document.querySelector('.evidence-page a')?.firstChild),
          quote: text(document.querySelector('blockquote.quote p')),
          field: text(document.querySelector('.evidence .fields dd')),
          timeline: Array.from(document.querySelectorAll('.timeline-body')).flatMap((p) => (p.textContent ?? '').split(' · ')),
          // Each name isolated in its own <bdi>, so a direction override inside it stops at its end.
          actors: Array.from(document.querySelectorAll('.timeline-head .muted')).map((m) => m.querySelector('bdi')?.textContent ?? ''),
        };
      });
      const s = c.shown;
      const where = `finding ${c.i + 1}`;
      compare(problems, where, 'requirement', c.value, shown.item, s.item);
      compare(problems, where, 'note', c.value, shown.note, s.note || '—');
      compare(problems, where, 'dossier code', c.value, shown.dossier, s.dossier || null);
      compare(problems, where, 'unit', c.value, shown.unit, s.unit);
      compare(problems, where, 'unit in the breadcrumb', c.value, shown.breadcrumb, s.unit);
      compare(problems, where, 'dispute reason', c.value, shown.reason, s.reason);
      compare(problems, where, 'review comment', c.value, shown.review, s.review);
      compare(problems, where, 'root cause', c.value, shown.rootCause, s.rootCause);
      compare(problems, where, 'correction', c.value, shown.correction, s.correction);
      compare(problems, where, 'action', c.value, shown.action, s.action);
      compare(problems, where, 'owner', c.value, shown.owner, s.owner);
      // An action found not effective is open again: its done note stays in the history only.
      compare(problems, where, 'done note', c.value, shown.done, s.effective ? s.done : null);
      compare(problems, where, 'verification note', c.value, shown.verification, s.verification);
      compare(problems, where, 'evidence page title', c.value, shown.pageTitle, s.pageTitle || `https://dichvucong.example/ho-so/${c.i + 1}`);
      compare(problems, where, 'evidence quote', c.value, shown.quote, s.quote || null);
      compare(problems, where, 'evidence field', c.value, shown.field, s.field);
      const h = s.history;
      for (const [what, v] of [['reason', h.reason], ['review comment', h.review], ['root cause', h.rootCause], ['action', h.action], ['done note', h.done], ['verification note', h.verification]] as const) {
        compare(problems, where, `history: ${what}`, c.value, shown.timeline.includes(v) ? v : null, v);
      }
      // The unit head's own hostile name stands in the history of every step they took.
      compare(problems, where, 'history: who answered', w.head.name, shown.actors.filter((a) => a === w.head.name).length === 3 ? w.head.name : shown.actors.join(' | '), w.head.name);
      await pageChecks(problems, where);
      if (c.value === 'đ'.repeat(2000) || c.value === 'x'.repeat(64) || c.value === CANARIES[0]) await screenshot(page, `injection-head-finding-${c.i + 1}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('leader: the compliance overview names every ward as text, in the table, the ranking and the heat map', async () => {
    const problems: string[] = [];
    await signInAs(w.leader.email, OWN_PASSWORD, '/compliance');
    const withUnit = w.cases.filter((c) => c.unit);
    await expect.poll(() => page.locator('[data-testid="units-table"] tr[data-unit-id]').count(), { timeout: 15_000 }).toBe(withUnit.length + 1);
    await page.locator('.heat-table').waitFor({ state: 'attached' });
    await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length > 0 && Array.from(document.querySelectorAll('.chart')).every((c) => !c.textContent?.trim()));
    const shown = await page.evaluate(() => ({
      table: Object.fromEntries(Array.from(document.querySelectorAll('[data-testid="units-table"] tr[data-unit-id]')).map((tr) => [tr.getAttribute('data-unit-id'), tr.querySelector('th a')?.textContent ?? null])),
      ranking: Array.from(document.querySelectorAll('ol.ranking li')).map((li) => li.firstChild?.textContent ?? ''),
      heat: Array.from(document.querySelectorAll('.heat-table tbody th')).map((th) => th.textContent ?? ''),
    }));
    const ranking = new Set(shown.ranking);
    const heat = new Set(shown.heat);
    for (const c of withUnit) {
      const name = trimmed(c.value);
      compare(problems, 'compliance', 'unit row', c.value, shown.table[c.unit?.id ?? ''], name);
      compare(problems, 'compliance', 'ranking', c.value, ranking.has(name) ? name : null, name);
      compare(problems, 'compliance', 'heat map row', c.value, heat.has(name) ? name : null, name);
    }
    compare(problems, 'compliance', 'account name', w.leader.name, await page.locator('.account-name').textContent(), w.leader.name);
    await pageChecks(problems, 'compliance');
    await screenshot(page, 'injection-leader-compliance');
    expect(problems).toEqual([]);
  }, 60_000);
});
