// The browser side of DESIGN section 10, measured in Debian's Chromium: the content script's and the side panel's
// size, the time to the first badges on a 2,000-row dossier list with the built extension signed in against a
// seeded Worker, re-anchoring 200 anchors after a DOM change (the overlay's own pass), and the dashboard's first-load
// JavaScript. Called by `npm run bench`; `node bench/browser.ts` runs it alone and prints the figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { chromiumPath, launchBrowser } from '../tests/e2e/browser.ts';
import type { Change, PassFigures } from './browser/reanchor-page.ts';
import { firstLoad, isChartsCode, sizeOf, type FileSize } from './lib/bundles.ts';
import { applyMigrations, freePort, ROOT, startWorker, TOOL_ENV } from './lib/local-d1.ts';
import { summarise, type Stats } from './lib/stats.ts';

const EXTENSION_DIR = path.join(ROOT, 'extension', '.output', 'chrome-mv3');
const DASHBOARD_DIR = path.join(ROOT, 'worker', 'dashboard', 'dist');
const STATE = path.join(ROOT, 'bench', 'data', 'browser-state');
const PASSWORD = 'MotCua@2026';
const INSPECTOR = 'kiemtra@demo.onestop.vn';
const LIST = '/ho-so?size=2000';
export const ANCHORS = 200;
/** Pages re-anchored on: the 2,000-row list (the stress case of the first-badges budget) and a list page of 50. */
export const ANCHOR_PAGES = [
  { path: '/ho-so?size=2000', label: '2,000-row list' },
  { path: '/ho-so?size=50', label: '50-row list page' },
];

export const CHANGES: { change: Change; label: string }[] = [
  { change: 'one-cell', label: 'one cell of another row changes' },
  { change: 'rerender', label: 'the list is drawn again (every node new)' },
  { change: 'insert-row', label: 'a dossier arrives at the top, rows renumbered' },
];

export interface BrowserResults {
  chromium: string;
  buildSeconds: number;
  contentScript: FileSize;
  sidePanel: { scripts: FileSize[]; styles: FileSize[] };
  dashboard: { scripts: FileSize[]; charts: FileSize | null };
  firstBadges: { rows: number; chips: number; afterLoad: Stats; afterStart: Stats; lastReading: string };
  reanchor: {
    page: string;
    change: Change;
    label: string;
    anchors: number;
    textLength: number;
    total: Stats;
    /** The page's text model. */
    model: Stats;
    anchor: Stats;
    highlight: Stats;
    anchoredMin: number;
    /** Placed where their CSS path says (median of the passes). */
    byPath: number;
    orphansMax: number;
    wrongMax: number;
  }[];
}

type Log = (msg: string) => void;

function run(title: string, cmd: string, args: string[], cwd = ROOT): void {
  const res = spawnSync(cmd, args, { cwd, env: { ...TOOL_ENV, WXT_TELEMETRY: 'false' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${title} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
}

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

/** Builds the extension and the dashboard as `npm start` serves them (production builds). */
function buildAll(): number {
  const t = performance.now();
  run('extension build', bin('wxt'), ['build'], path.join(ROOT, 'extension'));
  run('dashboard build', bin('vite'), ['build', '--config', 'worker/dashboard/vite.config.ts', '--logLevel', 'warn']);
  return (performance.now() - t) / 1000;
}

function sizes(): Pick<BrowserResults, 'contentScript' | 'sidePanel' | 'dashboard'> {
  const sidePanel = firstLoad(EXTENSION_DIR, 'sidepanel.html');
  const dashboard = firstLoad(DASHBOARD_DIR, 'index.html');
  if (dashboard.inlineScripts > 0) throw new Error('the dashboard index.html has an inline script: the CSP refuses it');
  const assets = readdirSync(path.join(DASHBOARD_DIR, 'assets')).filter((f) => f.endsWith('.js'));
  const chartsFile = assets.find((f) => isChartsCode(readFileSync(path.join(DASHBOARD_DIR, 'assets', f), 'utf8')));
  const charts = chartsFile ? sizeOf(DASHBOARD_DIR, path.join('assets', chartsFile)) : null;
  if (!charts) throw new Error('no charts chunk in the dashboard build');
  if (dashboard.scripts.some((s) => s.file === charts.file)) throw new Error('Chart.js is in the dashboard first load');
  return { contentScript: sizeOf(EXTENSION_DIR, path.join('content-scripts', 'overlay.js')), sidePanel, dashboard: { scripts: dashboard.scripts, charts } };
}

/** The page-side harness, bundled and minified like the content script it measures. */
async function harness(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(ROOT, 'bench', 'browser', 'reanchor-page.ts'), formats: ['iife'], name: 'onestopBenchHarness', fileName: () => 'harness.js' },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the bench harness did not build');
  return chunk.code;
}

interface Bench {
  capture(count: number): number;
  change(kind: Change): void;
  reanchor(): PassFigures;
}

async function measureReanchoring(demoUrl: string, runs: number, log: Log): Promise<BrowserResults['reanchor']> {
  const code = await harness();
  const browser = await launchBrowser();
  const out: BrowserResults['reanchor'] = [];
  try {
    for (const target of ANCHOR_PAGES) {
      for (const { change, label } of CHANGES) {
        const page = await browser.context.newPage();
        await page.goto(`${demoUrl}${target.path}`);
        await page.waitForLoadState('load');
        await page.addScriptTag({ content: code });
        const captured = await page.evaluate((n) => (globalThis as unknown as { onestopBench: Bench }).onestopBench.capture(n), ANCHORS);
        if (captured !== ANCHORS) throw new Error(`captured ${captured} anchors of ${ANCHORS} on ${target.path}`);
        const passes: PassFigures[] = [];
        for (let i = 0; i < runs + 2; i++) {
          // Change the page, let Chromium lay it out, then run the pass as the overlay does after its debounce.
          await page.evaluate((kind) => (globalThis as unknown as { onestopBench: Bench }).onestopBench.change(kind), change);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
          const figures = await page.evaluate(() => (globalThis as unknown as { onestopBench: Bench }).onestopBench.reanchor());
          if (i >= 2) passes.push(figures); // two warm-up passes
        }
        await page.close();
        const row = {
          page: target.label,
          change,
          label,
          anchors: captured,
          textLength: passes[0]?.textLength ?? 0,
          total: summarise(passes.map((p) => p.total)),
          model: summarise(passes.map((p) => p.model)),
          anchor: summarise(passes.map((p) => p.anchor)),
          highlight: summarise(passes.map((p) => p.highlight)),
          anchoredMin: Math.min(...passes.map((p) => p.anchored)),
          byPath: summarise(passes.map((p) => p.byPath)).p50,
          orphansMax: Math.max(...passes.map((p) => p.orphans)),
          wrongMax: Math.max(...passes.map((p) => p.wrong)),
        };
        out.push(row);
        const misplaced = passes.flatMap((p) => p.misplaced).slice(0, 3);
        log(
          `re-anchoring ${captured} anchors on the ${target.label}, ${label}: p50 ${row.total.p50.toFixed(1)} ms (text model ${row.model.p50.toFixed(1)}, anchors ${row.anchor.p50.toFixed(1)}), ` +
            `${row.anchoredMin} anchored (${row.byPath} by their CSS path), ${row.wrongMax} misplaced${misplaced.length > 0 ? `: ${misplaced.join('; ')}` : ''}`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

async function signIn(context: BrowserContext, extensionId: string, apiUrl: string): Promise<Page> {
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
  // The inspector works in the seeded in-progress audit, so the badges carry its results.
  const select = panel.locator('select[name="audit"]');
  await select.waitFor({ timeout: 30_000 });
  const audit = await select.locator('option').evaluateAll((opts) => opts.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })).find((o) => /KT-ISO-\d{4}-08/.test(o.text)));
  if (audit) await select.selectOption(audit.value);
  await panel.locator('[data-item-code]').first().waitFor({ timeout: 30_000 });
  return panel;
}

async function measureFirstBadges(apiUrl: string, demoUrl: string, runs: number, log: Log): Promise<BrowserResults['firstBadges']> {
  const browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  try {
    const panel = await signIn(browser.context, browser.extensionId ?? '', apiUrl);
    const afterLoad: number[] = [];
    const afterStart: number[] = [];
    let last = { rows: 0, chips: 0, timings: '' };
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      await page.goto(`${demoUrl}${LIST}`);
      await page.bringToFront();
      await page.waitForLoadState('load');
      await page.locator('onestop-overlay[data-first-badges-at]').waitFor({ state: 'attached', timeout: 30_000 });
      const t = await page.evaluate(() => {
        const host = document.querySelector('onestop-overlay');
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          at: Number(host?.getAttribute('data-first-badges-at')),
          started: Number(host?.getAttribute('data-started-at')),
          load: nav.loadEventEnd,
          timings: host?.getAttribute('data-timings') ?? '',
          rows: document.querySelectorAll('tbody[data-list-body] tr').length,
          chips: host?.shadowRoot?.querySelectorAll('.chip').length ?? 0,
        };
      });
      await page.close();
      if (t.rows < 2000 || t.chips === 0) throw new Error(`the list had ${t.rows} rows and ${t.chips} badges`);
      if (i === 0) continue; // warm-up: the first page also fills the extension's caches
      afterLoad.push(t.at - t.load);
      afterStart.push(t.at - t.started);
      last = { rows: t.rows, chips: t.chips, timings: t.timings };
    }
    await panel.close();
    const result = { rows: last.rows, chips: last.chips, afterLoad: summarise(afterLoad), afterStart: summarise(afterStart), lastReading: last.timings };
    log(`first badges on ${LIST}: p50 ${result.afterLoad.p50.toFixed(0)} ms after load (${last.rows} rows, ${last.chips} badges drawn)`);
    return result;
  } finally {
    await browser.close();
  }
}

/** A private seeded stack (as `npm start` seeds it): wrangler dev over its own state and the demo dossier site. */
async function startStack(log: Log): Promise<{ apiUrl: string; demoUrl: string; stop(): Promise<void> }> {
  rmSync(STATE, { recursive: true, force: true });
  applyMigrations(STATE);
  run('seed', process.execPath, [path.join(ROOT, 'scripts', 'seed.ts'), '--persist-to', STATE]);
  const worker = await startWorker(STATE);
  const demoModule = (await import(pathToFileURL(path.join(ROOT, 'demo', 'server.mjs')).href)) as {
    startDemoSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }>;
  };
  const demo = await demoModule.startDemoSite({ port: await freePort() });
  log(`seeded stack up: API ${worker.url}, demo site ${demo.url}`);
  return {
    apiUrl: worker.url,
    demoUrl: demo.url,
    async stop() {
      await demo.close();
      await worker.stop();
      rmSync(STATE, { recursive: true, force: true });
    },
  };
}

export async function measureBrowser(opts: { quick: boolean; log: Log }): Promise<BrowserResults> {
  const { log } = opts;
  const chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  log(`building the extension and the dashboard; ${chromium}`);
  const buildSeconds = buildAll();
  const built = sizes();
  log(`content script ${built.contentScript.gzip} B gzip; dashboard first load ${built.dashboard.scripts.reduce((s, f) => s + f.gzip, 0)} B gzip`);
  const stack = await startStack(log);
  try {
    const firstBadges = await measureFirstBadges(stack.apiUrl, stack.demoUrl, opts.quick ? 4 : 12, log);
    const reanchor = await measureReanchoring(stack.demoUrl, opts.quick ? 8 : 30, log);
    return { chromium, buildSeconds, ...built, firstBadges, reanchor };
  } finally {
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await measureBrowser({ quick: process.argv.includes('--quick'), log: (m) => console.log(`[bench:browser] ${m}`) });
  console.log(JSON.stringify(results, null, 2));
}
