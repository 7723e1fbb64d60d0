// The content script runs on every page the extension may read: it must never throw there, on a dossier page with
// a profile nor on a page no profile describes, signed in or not. Errors of the content script's isolated world are
// read through CDP (Runtime.exceptionThrown covers every execution context of the page, not only the page's own).
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, type Browser } from '../browser.ts';
import { INSPECTOR, openExtensionPage, setApiBase, signIn } from './helpers.ts';

interface Thrown {
  exceptionDetails: { text: string; exception?: { description?: string }; executionContextId?: number };
}

describe('content script errors', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser({ extensionDir: inject('extensionDir') });
    await setApiBase(browser.context, browser.extensionId ?? '', inject('apiUrl'));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens `url` and collects every uncaught exception of any world of the page until the overlay has settled. */
  async function errorsOn(url: string, settled: (page: Page) => Promise<unknown>): Promise<string[]> {
    const page = await browser.context.newPage();
    const cdp: CDPSession = await browser.context.newCDPSession(page);
    const errors: string[] = [];
    cdp.on('Runtime.exceptionThrown', (e: Thrown) => errors.push(e.exceptionDetails.exception?.description ?? e.exceptionDetails.text));
    await cdp.send('Runtime.enable');
    await page.goto(url);
    await settled(page);
    await page.close();
    return errors;
  }

  /** The content script has started on the page: it leaves its host element or, with no profile, nothing; give
   * its asynchronous start (storage reads, the first report) the time it takes on a loaded machine. */
  const started = async (page: Page, withProfile: boolean) => {
    if (withProfile) await page.locator('onestop-overlay').waitFor({ state: 'attached', timeout: 20_000 });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
  };

  it('throws nothing on a page no profile describes, signed out', async () => {
    // The demo's profile matches 127.0.0.1; the same site under "localhost" is a system no profile describes.
    const other = inject('demoUrl').replace('127.0.0.1', 'localhost');
    expect(await errorsOn(`${other}/ho-so`, (p) => started(p, false))).toEqual([]);
  });

  it('throws nothing on a dossier page with a profile, signed in, nor on a page without one', async () => {
    const extensionId = browser.extensionId ?? '';
    const panel = await openExtensionPage(browser.context, extensionId, 'sidepanel.html');
    await signIn(panel, INSPECTOR);
    expect(await errorsOn(`${inject('demoUrl')}/ho-so`, (p) => started(p, true))).toEqual([]);
    const other = inject('demoUrl').replace('127.0.0.1', 'localhost');
    expect(await errorsOn(`${other}/ho-so`, (p) => started(p, false))).toEqual([]);
  });
});
