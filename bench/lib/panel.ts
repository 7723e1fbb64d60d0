// The built extension's side panel, signed in as the seeded inspector against a bench stack: shared by the first-badges
// measurement (bench/browser.ts) and the sweep (bench/sweep.ts).
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ROOT } from './local-d1.ts';

export const EXTENSION_DIR = path.join(ROOT, 'extension', '.output', 'chrome-mv3');
export const PASSWORD = 'ThuNghiem#2026';
export const INSPECTOR = 'kiemtra@demo.onestop.vn';

/**
 * Points the extension at `apiUrl`, signs the inspector in on the side panel (opened as a tab) and picks the seeded
 * in-progress audit (`KT-ISO-yyyy-08`) when it is offered. Returns the panel and the audit it picked (null if none).
 */
export async function signIn(context: BrowserContext, extensionId: string, apiUrl: string): Promise<{ panel: Page; audit: string | null }> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#api-base').fill(apiUrl);
  await options.locator('button[type="submit"]').click();
  await options.locator('[data-testid="options-status"]').waitFor();
  await options.close();
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await panel.locator('input[name="email"]').fill(INSPECTOR);
  await panel.locator('input[name="password"]').fill(PASSWORD);
  await panel.locator('form.login button[type="submit"]').click();
  await panel.locator('[data-testid="sync-state"]').waitFor({ timeout: 30_000 });
  // The inspector works in the seeded in-progress audit, so the badges carry its results and a sweep's sample goes there.
  const select = panel.locator('select[name="audit"]');
  await select.waitFor({ timeout: 30_000 });
  const audit = await select.locator('option').evaluateAll((opts) => opts.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).find((o) => /KT-ISO-\d{4}-08/.test(o.text)));
  if (audit) await select.selectOption(audit.value);
  await panel.locator('[data-item-code]').first().waitFor({ timeout: 30_000 });
  return { panel, audit: audit ? (/KT-ISO-\d{4}-08/.exec(audit.text)?.[0] ?? audit.value) : null };
}
