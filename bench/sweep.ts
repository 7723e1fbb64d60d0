// Issue 14's budget, measured with the built extension in Chromium: "a sweep of 12 list pages and 240 details finishes
// in ≤ 3 minutes at the default rate". The side panel's "check the whole list" is started on the staff portal's list at
// its default page size (15 rows: 17 pages, 250 dossiers, and every dossier's detail screen, since the list lacks the
// apology fields a rule needs: a superset of the budget's case), at the panel's default rate (its select left
// as it is), and timed from the click to the card's `done`; then on the first demo's 120-dossier register, 10 rows a
// page, for a second system (only the detail screens a rule needs there). Called by bench/browser.ts.
import type { Locator, Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { EXTENSION_DIR, signIn } from './lib/panel.ts';

/** The budget of issue 14. */
export const SWEEP_BUDGET = { pages: 12, details: 240, seconds: 180 };

export interface SweepTarget {
  system: 'portal' | 'demo';
  label: string;
  path: string;
}

/** The portal's run is the budget's case; the first demo's shows a second system. */
export const SWEEP_TARGETS: SweepTarget[] = [
  { system: 'portal', label: 'staff portal, default page size (15 a page)', path: '/can-bo/#/dossiers' },
  { system: 'demo', label: 'first demo, 120-dossier register, 10 a page', path: '/ho-so?size=10' },
];

export interface SweepFigures {
  system: 'portal' | 'demo';
  label: string;
  path: string;
  /** The rate the sweep ran at: the least ms between two navigations (the panel's default, left as it was). */
  rateMs: number;
  /** From the click on "check the whole list" to the card's `data-status="done"`. */
  seconds: number;
  pages: number;
  details: number;
  dossiers: number;
  violating: number;
  /** List pages, detail screens, and the way back to the list the sweep started from (when it opened details). */
  navigations: number;
  /** `seconds` / `navigations`. */
  secondsPerNavigation: number;
  /** Whether the sample reached the server: the card's `sweep-sample` state once settled (`none` if it never showed). */
  sample: 'sent' | 'pending' | 'refused' | 'none';
  /** From `done` to the sample's `sent` (null if it was not sent). */
  sampleSeconds: number | null;
  /** The audit the panel worked in (the seeded in-progress one). */
  audit: string | null;
  /** The card's warnings when done (details that did not show, a list page that did not show), or null. */
  warning: string | null;
}

type Log = (msg: string) => void;

const POLL_MS = 200;
const SWEEP_TIMEOUT_MS = 12 * 60_000;
const SAMPLE_TIMEOUT_MS = 30_000;

/** A number in the panel's text (Vietnamese digit grouping, if any, dropped). */
const num = (s: string | undefined): number => Number((s ?? '').replace(/[^\d]/g, '') || Number.NaN);

async function statusOf(card: Locator): Promise<string> {
  return (await card.getAttribute('data-status')) ?? 'none';
}

async function sweepOnce(panel: Page, target: SweepTarget, audit: string | null, log: Log): Promise<SweepFigures> {
  const card = panel.locator('[data-testid="sweep"]');
  // A finished sweep of an earlier target is closed first, so the card offers a new one.
  const clear = card.locator('[data-action="clear-sweep"]');
  if ((await clear.count()) > 0) await clear.click();
  const start = card.locator('[data-action="start-sweep"]');
  try {
    await start.waitFor({ timeout: 30_000 });
  } catch {
    throw new Error(`the side panel offered no "check the whole list" on ${target.path} (card: ${(await card.count()) > 0 ? await card.innerText() : 'none'})`);
  }
  const rateMs = Number(await card.locator('select[name="sweep-rate"]').inputValue());
  const t0 = performance.now();
  await start.click();
  let lastLog = t0;
  let status = await statusOf(card);
  while (status !== 'done') {
    if (status === 'failed' || status === 'cancelled' || (status === 'none' && performance.now() - t0 > 10_000)) {
      throw new Error(`the sweep on ${target.path} ended ${status}: ${await card.innerText()}`);
    }
    if (performance.now() - t0 > SWEEP_TIMEOUT_MS) throw new Error(`the sweep on ${target.path} did not finish in ${SWEEP_TIMEOUT_MS / 60_000} min: ${await card.innerText()}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    status = await statusOf(card);
    if (performance.now() - lastLog > 30_000 && status === 'running') {
      lastLog = performance.now();
      const counts = card.locator('[data-testid="sweep-counts"]');
      log(`sweep ${target.label}: ${((lastLog - t0) / 1000).toFixed(0)} s, ${(await counts.count()) > 0 ? await counts.innerText() : status}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const result = card.locator('[data-testid="sweep-result"]');
  await result.waitFor({ timeout: 10_000 });
  const text = await result.innerText();
  const counts = /\(([\d.,\s]+) trang, ([\d.,\s]+) màn hình chi tiết\)/.exec(text);
  if (!counts) throw new Error(`no "(N trang, M màn hình chi tiết)" in the sweep result: ${text.slice(0, 400)}`);
  const pages = num(counts[1]);
  const details = num(counts[2]);
  const dossiers = Number(await result.getAttribute('data-dossiers'));
  const violating = Number(await result.getAttribute('data-violating'));
  // The sample is posted once the sweep is done: wait for it to settle (sent, or refused; pending means offline).
  const sampleEl = card.locator('[data-testid="sweep-sample"]');
  let sample: SweepFigures['sample'] = 'none';
  let sampleSeconds: number | null = null;
  const doneAt = performance.now();
  while (performance.now() - doneAt < SAMPLE_TIMEOUT_MS) {
    const state = (await sampleEl.count()) > 0 ? await sampleEl.getAttribute('data-state') : null;
    if (state === 'sent' || state === 'pending' || state === 'refused') sample = state;
    if (state === 'sent' || state === 'refused') break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (sample === 'sent') sampleSeconds = (performance.now() - doneAt) / 1000;
  const warnings = await result.locator('.warning').allInnerTexts();
  const navigations = pages + details + (details > 0 ? 1 : 0);
  const figures: SweepFigures = {
    system: target.system,
    label: target.label,
    path: target.path,
    rateMs,
    seconds,
    pages,
    details,
    dossiers,
    violating,
    navigations,
    secondsPerNavigation: seconds / navigations,
    sample,
    sampleSeconds,
    audit,
    warning: warnings.length > 0 ? warnings.join(' ') : null,
  };
  log(
    `sweep ${target.label} (${target.path}) at ${rateMs} ms: ${seconds.toFixed(1)} s for ${pages} list pages + ${details} detail screens ` +
      `(${navigations} navigations, ${(figures.secondsPerNavigation * 1000).toFixed(0)} ms each); ${dossiers} dossiers, ${violating} violating; ` +
      `sample ${sample}${sampleSeconds !== null ? ` ${sampleSeconds.toFixed(1)} s after done` : ''} in ${audit ?? 'no audit'}${figures.warning ? `; ${figures.warning}` : ''}`,
  );
  return figures;
}

/** Issue 14's sweep budget on the staff portal, then the first demo: one run each, at the default rate. */
export async function measureSweep(opts: { apiUrl: string; demoUrl: string; portalUrl: string; log: Log; targets?: SweepTarget[] }): Promise<SweepFigures[]> {
  const urls = { demo: opts.demoUrl, portal: opts.portalUrl };
  const browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  const out: SweepFigures[] = [];
  try {
    const { panel, audit } = await signIn(browser.context, browser.extensionId ?? '', opts.apiUrl);
    await panel.setViewportSize({ width: 420, height: 900 });
    if (!audit) opts.log('sweep: the seeded in-progress audit KT-ISO-yyyy-08 was not offered: the samples will not be stored');
    for (const target of opts.targets ?? SWEEP_TARGETS) {
      const page = await browser.context.newPage();
      await page.goto(`${urls[target.system]}${target.path}`);
      await page.bringToFront();
      await page.waitForLoadState('load');
      out.push(await sweepOnce(panel, target, audit, opts.log));
      await page.close();
    }
    const budget = out.find((f) => f.system === 'portal');
    if (budget) opts.log(`sweep budget (${SWEEP_BUDGET.pages} pages + ${SWEEP_BUDGET.details} details ≤ ${SWEEP_BUDGET.seconds} s): ${sweepVerdict(budget)}`);
    await panel.close();
  } finally {
    await browser.close();
  }
  return out;
}

/** Whether a run covers the budget's case (at least its pages and details). */
export const coversBudget = (f: SweepFigures): boolean => f.pages >= SWEEP_BUDGET.pages && f.details >= SWEEP_BUDGET.details;

/** `met` / `missed` for the budget's run (a run that does not cover its case says so). */
export function sweepVerdict(f: SweepFigures): string {
  if (!coversBudget(f)) return `not comparable (${f.pages} pages, ${f.details} details: fewer than the budget's)`;
  return f.seconds <= SWEEP_BUDGET.seconds ? 'met' : 'missed';
}
