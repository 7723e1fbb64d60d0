// The newcomer's first look: the Worker serves the dashboard (its start page is the sign-in) under a strict CSP,
// and the API answers from a real browser.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, screenshot, type Browser } from './browser.ts';

describe('start page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the dashboard with the API healthy', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(inject('apiUrl'));
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(() => page.locator('text=OneStop Audit').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await page.getByText('API: ok · D1: ok').waitFor();
    await screenshot(page, 'start-page');
    const health = await page.evaluate(async () => (await fetch('/api/v1/health')).json());
    expect(health).toMatchObject({ status: 'ok', d1: 'ok' });
  });
});
