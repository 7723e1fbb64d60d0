// Every dashboard page, for every role, on a laptop (1366×860) and a tablet (820×1180), in Vietnamese and English:
// a full-page screenshot for a person to look at (test-results/screenshots/screens-*.png), and the checks a
// screenshot cannot show — one h1, every control labelled, every image described, no sideways scrolling, no
// Content-Security-Policy violation and no script error.
import { uuidv7 } from '@onestop/shared';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from '../browser.ts';
import { PASSWORD, api, base, token } from './helpers.ts';

const VIEWPORTS = { laptop: { width: 1366, height: 860 }, tablet: { width: 820, height: 1180 } } as const;
const LANGS = ['vi', 'en'] as const;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Problems {
  page: string;
  issues: string[];
}

/** What a screenshot cannot show, checked in the page. */
async function pageIssues(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const h1s = Array.from(document.querySelectorAll('h1')).filter(visible);
    if (h1s.length !== 1) out.push(`${h1s.length} h1 elements`);
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const input = el as HTMLInputElement;
      if (input.type === 'hidden' || !visible(el)) continue;
      const named = (input.labels?.length ?? 0) > 0 || input.getAttribute('aria-label') || input.getAttribute('aria-labelledby') || input.title;
      if (!named) out.push(`unlabelled ${el.tagName.toLowerCase()}[name=${input.name}]`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a[href]'))) {
      if (!visible(el)) continue;
      const name = (el.textContent ?? '').trim() || el.getAttribute('aria-label') || el.getAttribute('title');
      if (!name) out.push(`${el.tagName.toLowerCase()} without a name: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const img of Array.from(document.querySelectorAll('img'))) if (!img.hasAttribute('alt')) out.push('img without alt');
    for (const c of Array.from(document.querySelectorAll('canvas'))) if (!c.getAttribute('aria-label')) out.push('canvas without aria-label');
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push(`page scrolls sideways (${document.documentElement.scrollWidth} > ${window.innerWidth})`);
    return out;
  });
}

describe('every page, every role, laptop and tablet, Vietnamese and English', () => {
  const pages: Record<string, { email: string | null; paths: [string, string][] }> = {};

  beforeAll(async () => {
    const [lead, head, leader] = await Promise.all([token('truongdoan@demo.onestop.vn'), token('thutruong@demo.onestop.vn'), token('lanhdao@demo.onestop.vn')]);
    const me = await api<{ unit: { id: string } }>(head, 'GET', '/auth/me');
    const audits = await api<{ items: { id: string; code: string; status: string }[] }>(lead, 'GET', '/audits');
    // The seeded audits (KT-ISO-<year>-07 in reporting, -08 in progress), not ones other tests create.
    const reporting = audits.items.find((a) => a.status === 'reporting' && /^KT-ISO-\d{4}-07$/.test(a.code));
    const inProgress = audits.items.find((a) => a.status === 'in_progress' && /^KT-ISO-\d{4}-08$/.test(a.code));
    if (!reporting || !inProgress) throw new Error('the seed has no reporting or in-progress audit');
    // A nonconformity with a page capture and a screenshot, so the finding page shows every kind of evidence.
    const checklist = await api<{ items: { id: string; code: string }[] }>(lead, 'GET', `/audits/${reporting.id}/checklist?unit=${me.unit.id}`);
    const finding = uuidv7();
    await api(lead, 'POST', '/sync', {
      client_id: 'e2e-screens',
      ops: [{ op_id: uuidv7(), kind: 'finding.upsert', entity_id: finding, base_version: null, data: { audit_id: reporting.id, unit_id: me.unit.id, item_id: checklist.items.find((i) => i.code === 'MC-8.7-01')?.id ?? checklist.items[0]?.id, result: 'nc_major', note: 'Hồ sơ 000.35.24.H26-260925-0013 trả kết quả trễ hạn 3 ngày, không có Văn bản xin lỗi và hẹn lại ngày trả kết quả.', dossier_code: '000.35.24.H26-260925-0013', recorded_at: new Date().toISOString() } }],
    });
    const at = new Date().toISOString();
    await api(lead, 'POST', `/findings/${finding}/evidence`, {
      id: uuidv7(),
      kind: 'page_capture',
      page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013',
      page_title: 'Chi tiết hồ sơ 000.35.24.H26-260925-0013',
      selectors: [{ type: 'TextQuoteSelector', exact: 'Trễ hạn 3 ngày' }],
      quote: 'Tình trạng: Trễ hạn 3 ngày — người nộp Nguyễn Văn A, điện thoại 0912•••678',
      fields: { dossier_code: '000.35.24.H26-260925-0013', procedure: 'Đăng ký hộ kinh doanh', due_at: '2026-09-30T03:00:00.000Z', apology_issued: false, steps: [{ name: 'Tiếp nhận', to_officer: 'Trần B', started_at: '25/09/2026 08:10' }], attachments: ['Tờ khai.pdf'] },
      captured_at: at,
    });
    const shot = uuidv7();
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    await api(lead, 'POST', `/findings/${finding}/evidence`, { id: shot, kind: 'screenshot', page_url: 'http://127.0.0.1:8788/ho-so/000.35.24.H26-260925-0013', page_title: 'Chi tiết hồ sơ', sha256, mime: 'image/png', bytes: PNG.byteLength, captured_at: at });
    await fetch(`${base()}/api/v1/evidence/${shot}/blob`, { method: 'PUT', headers: { authorization: `Bearer ${lead}`, 'content-type': 'image/png', 'x-content-sha256': sha256 }, body: PNG });
    const actionDone = (await api<{ items: { id: string }[] }>(lead, 'GET', `/findings?audit=${reporting.id}&status=action_done&limit=1`)).items[0]?.id ?? finding;
    const profiles = await api<{ items: { id: string }[] }>(leader, 'GET', '/site-profiles?include_inactive=true');

    pages.signin = { email: null, paths: [['sign-in', '/']] };
    pages['unit-head'] = {
      email: 'thutruong@demo.onestop.vn',
      paths: [
        ['inbox', '/findings'],
        ['finding-evidence', `/findings/${finding}`],
        ['audits', '/audits'],
        ['audit', `/audits/${reporting.id}`],
        ['compliance', '/compliance'],
      ],
    };
    pages.lead = {
      email: 'truongdoan@demo.onestop.vn',
      paths: [
        ['audits', '/audits'],
        ['audit-reporting', `/audits/${reporting.id}`],
        ['audit-in-progress', `/audits/${inProgress.id}`],
        ['finding-verify', `/findings/${actionDone}`],
        ['findings-disputed', '/findings?status=disputed'],
      ],
    };
    pages.leader = {
      email: 'lanhdao@demo.onestop.vn',
      paths: [
        ['compliance', '/compliance'],
        ['compliance-commune', `/compliance?unit=${me.unit.id}`],
        ['findings-behind-number', `/findings?unit=${me.unit.id}&result=nc_major&counted=1`],
      ],
    };
    pages.admin = {
      email: 'admin@demo.onestop.vn',
      paths: [
        ['home', '/'],
        ['units', '/admin/units'],
        ['users', '/admin/users'],
        ['checklists', '/admin/checklists'],
        ['site-profiles', '/admin/site-profiles'],
        ['site-profile-new', '/admin/site-profiles/new'],
        ...(profiles.items[0] ? ([['site-profile', `/admin/site-profiles/${profiles.items[0].id}`]] as [string, string][]) : []),
        ['plan-audit', '/audits/new'],
        ['not-found', '/no-such-page'],
      ],
    };
  });

  for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
    it(`looks right on a ${vpName} (${viewport.width}×${viewport.height})`, { timeout: 150_000 }, async () => {
      const problems: Problems[] = [];
      for (const [role, { email, paths }] of Object.entries(pages)) {
        const browser = await launchBrowser({ viewport });
        try {
          if (email) {
            const login = await browser.context.request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD, session: 'cookie' }, headers: { origin: base() } });
            expect(login.status()).toBe(200);
          }
          const page = await browser.context.newPage();
          const console: string[] = [];
          page.on('console', (m) => {
            if (/Content.Security.Policy/i.test(m.text())) console.push(`CSP: ${m.text()}`);
          });
          page.on('pageerror', (e) => console.push(`script error: ${e.message}`));
          for (const lang of LANGS) {
            await page.goto(base());
            await page.evaluate((l) => localStorage.setItem('onestop.lang', l), lang);
            for (const [name, path] of paths) {
              await page.goto(`${base()}${path}`);
              await page.locator('h1').first().waitFor({ timeout: 10_000 });
              // Loaded: no spinner, nothing busy (charts and evidence images settle with it).
              await page.waitForFunction(() => document.querySelectorAll('.loading, [aria-busy="true"]').length === 0, undefined, { timeout: 10_000 });
              if (path.startsWith('/compliance')) await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length > 0 && Array.from(document.querySelectorAll('.chart')).every((c) => !c.textContent?.trim()), undefined, { timeout: 10_000 });
              await screenshot(page, `screens-${role}-${name}-${vpName}-${lang}`);
              const issues = [...(await pageIssues(page)), ...console.splice(0)];
              if (issues.length > 0) problems.push({ page: `${role} ${name} ${lang}`, issues });
            }
          }
        } finally {
          await browser.close();
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
