// The browser side of DESIGN section 10, measured in Debian's Chromium: the content script's and the side panel's
// size, the time to the first badges on a 2,000-row dossier list with the built extension signed in against a
// seeded Worker, re-anchoring 200 anchors after a DOM change (the overlay's own pass), and the dashboard's first-load
// JavaScript, and the time of a sweep ("check the whole list", issue 14: bench/sweep.ts) on both demo systems. Called by
// `npm run bench`; `node bench/browser.ts` runs it alone and prints the figures; `node bench/browser.ts --sweep-only`
// builds the extension and measures only the sweep (printed); `node bench/browser.ts --reanchor-only [--quick]
// [--no-write]` measures only the re-anchoring on both demo systems (no build, no Worker) and writes its parts of
// docs/benchmarks.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Rolldown } from 'vite';
import { chromiumPath, launchBrowser } from '../tests/e2e/browser.ts';
import { inOverlay, overlayStatus } from '../tests/e2e/extension/overlay.ts';
import type { Change, PassFigures } from './browser/reanchor-page.ts';
import { firstLoad, isChartsCode, overlaySizes, sizeOf, type FileSize, type OverlaySizes } from './lib/bundles.ts';
import { applyMigrations, freePort, ROOT, startWorker, TOOL_ENV } from './lib/local-d1.ts';
import { EXTENSION_DIR, signIn } from './lib/panel.ts';
import { replaceReanchoring } from './lib/report.ts';
import { summarise, type Stats } from './lib/stats.ts';
import { measureSweep, type SweepFigures } from './sweep.ts';

const DASHBOARD_DIR = path.join(ROOT, 'worker', 'dashboard', 'dist');
const STATE = path.join(ROOT, 'bench', 'data', 'browser-state');
const LIST = '/ho-so?size=2000';
export const ANCHORS = 200;

export const CHANGE_LABELS: Record<Change, string> = {
  'one-cell': 'one cell of another row edited',
  'row-rerender': 'one row drawn again (its nodes new)',
  'insert-row': 'a dossier arrives at the top',
  header: 'the header drawn again (unrelated)',
  'header-tick': "the app's own 5-second header re-render",
  rerender: 'the whole list drawn again (every node new)',
};

/**
 * Pages re-anchored on, on both demo systems: the first demo's 2,000-row list (the stress case of the first-badges
 * budget) and a list page of 50; the portal's (demo/portal) list page of 50 and a detail page, whose header the app
 * draws again every 5 seconds with another dossier's code.
 */
export const ANCHOR_PAGES: { system: 'demo' | 'portal'; path: string; label: string; ready: string; changes: Change[] }[] = [
  { system: 'demo', path: '/ho-so?size=2000', label: '2,000-row list', ready: 'tbody[data-list-body] tr', changes: ['one-cell', 'row-rerender', 'insert-row', 'header', 'rerender'] },
  { system: 'demo', path: '/ho-so?size=50', label: '50-row list page', ready: 'tbody[data-list-body] tr', changes: ['one-cell', 'row-rerender', 'insert-row', 'header'] },
  { system: 'portal', path: '/can-bo/#/dossiers?size=50', label: 'portal list page (50 rows)', ready: 'main table tbody tr td a', changes: ['one-cell', 'row-rerender', 'insert-row', 'header'] },
  { system: 'portal', path: '/can-bo/#/dossiers/22', label: 'portal detail page', ready: 'main dl, main dd', changes: ['header', 'header-tick'] },
];

export interface BrowserResults {
  chromium: string;
  buildSeconds: number;
  /** The overlay's loader and chunk (ADR 0007). */
  overlay: OverlaySizes;
  sidePanel: { scripts: FileSize[]; styles: FileSize[] };
  dashboard: { scripts: FileSize[]; charts: FileSize | null };
  firstBadges: { rows: number; chips: number; afterLoad: Stats; afterStart: Stats; lastReading: string };
  reanchor: {
    system: 'demo' | 'portal';
    page: string;
    change: Change;
    label: string;
    anchors: number;
    textLength: number;
    /** The incremental pass and the evidence marks. */
    total: Stats;
    /** Splicing (or building) the page's text model. */
    model: Stats;
    anchor: Stats;
    /** The evidence marks: their boxes computed as the overlay computes them, and drawn. */
    marks: Stats;
    /** Mark boxes drawn (median; ranges near the viewport only). */
    markBoxes: number;
    /** The full pass (`anchorAll`) on the same page, for comparison. */
    full: Stats;
    /** The page reading before the pass (the overlay makes it for its badges). */
    reading: Stats;
    /** Passes that were incremental, of all. */
    incremental: number;
    /** Why the others were full (the first one's reason). */
    fullReason: string | null;
    /** Anchors anchored again (median). */
    reanchored: number;
    anchoredMin: number;
    orphansMax: number;
    wrongMax: number;
    /** Anchors placed elsewhere than the full pass places them (at most, over the passes). */
    differsMax: number;
  }[];
  /** Issue 14: "check the whole list" timed at the default rate (the staff portal first: the budget's case). */
  sweep: SweepFigures[];
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

function sizes(): Pick<BrowserResults, 'overlay' | 'sidePanel' | 'dashboard'> {
  const sidePanel = firstLoad(EXTENSION_DIR, 'sidepanel.html');
  const dashboard = firstLoad(DASHBOARD_DIR, 'index.html');
  if (dashboard.inlineScripts > 0) throw new Error('the dashboard index.html has an inline script: the CSP refuses it');
  const assets = readdirSync(path.join(DASHBOARD_DIR, 'assets')).filter((f) => f.endsWith('.js'));
  const chartsFile = assets.find((f) => isChartsCode(readFileSync(path.join(DASHBOARD_DIR, 'assets', f), 'utf8')));
  const charts = chartsFile ? sizeOf(DASHBOARD_DIR, path.join('assets', chartsFile)) : null;
  if (!charts) throw new Error('no charts chunk in the dashboard build');
  if (dashboard.scripts.some((s) => s.file === charts.file)) throw new Error('Chart.js is in the dashboard first load');
  return { overlay: overlaySizes(EXTENSION_DIR), sidePanel, dashboard: { scripts: dashboard.scripts, charts } };
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
  setup(profile: string): { rows: number; dossiers: number; page: string | null };
  capture(count: number): number;
  start(): void;
  change(kind: Change): void;
  reanchor(): PassFigures;
  afterHeaderTick(timeoutMs: number): Promise<PassFigures>;
}

async function measureReanchoring(urls: { demo: string; portal: string }, runs: number, log: Log): Promise<BrowserResults['reanchor']> {
  const code = await harness();
  const profiles = {
    demo: readFileSync(path.join(ROOT, 'demo', 'site-profile.json'), 'utf8'),
    portal: readFileSync(path.join(ROOT, 'demo', 'portal', 'site-profile.json'), 'utf8'),
  };
  const browser = await launchBrowser();
  const out: BrowserResults['reanchor'] = [];
  try {
    for (const target of ANCHOR_PAGES) {
      for (const change of target.changes) {
        const label = CHANGE_LABELS[change];
        const page = await browser.context.newPage();
        await page.goto(`${urls[target.system]}${target.path}`);
        await page.waitForLoadState('load');
        await page.locator(target.ready).first().waitFor({ timeout: 30_000 });
        await page.addScriptTag({ content: code });
        const read = await page.evaluate((p) => (globalThis as unknown as { onestopBench: Bench }).onestopBench.setup(p), profiles[target.system]);
        const captured = await page.evaluate((n) => (globalThis as unknown as { onestopBench: Bench }).onestopBench.capture(n), ANCHORS);
        if (captured !== ANCHORS) throw new Error(`captured ${captured} anchors of ${ANCHORS} on ${target.path} (${JSON.stringify(read)})`);
        await page.evaluate(() => (globalThis as unknown as { onestopBench: Bench }).onestopBench.start());
        const passes: PassFigures[] = [];
        // The app's own header tick comes every 5 seconds: fewer runs.
        const n = change === 'header-tick' ? Math.min(runs, 6) : runs;
        for (let i = 0; i < n + 2; i++) {
          let figures: PassFigures;
          if (change === 'header-tick') {
            figures = await page.evaluate(() => (globalThis as unknown as { onestopBench: Bench }).onestopBench.afterHeaderTick(12_000));
          } else {
            // Change the page, let Chromium lay it out, then run the pass as the overlay does after its debounce.
            await page.evaluate((kind) => (globalThis as unknown as { onestopBench: Bench }).onestopBench.change(kind), change);
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
            figures = await page.evaluate(() => (globalThis as unknown as { onestopBench: Bench }).onestopBench.reanchor());
          }
          if (i >= 2) passes.push(figures); // two warm-up passes
        }
        await page.close();
        const row = {
          system: target.system,
          page: target.label,
          change,
          label,
          anchors: captured,
          textLength: passes[0]?.textLength ?? 0,
          total: summarise(passes.map((p) => p.total)),
          model: summarise(passes.map((p) => p.model)),
          anchor: summarise(passes.map((p) => p.anchor)),
          marks: summarise(passes.map((p) => p.marks)),
          markBoxes: summarise(passes.map((p) => p.markBoxes)).p50,
          full: summarise(passes.map((p) => p.full)),
          reading: summarise(passes.map((p) => p.reading)),
          // Passes that were not full: incremental ones, and changes the profile's ignored regions made no pass at all.
          incremental: passes.filter((p) => p.mode !== 'full').length,
          ignored: passes.filter((p) => p.mode === 'ignored').length,
          fullReason: passes.find((p) => p.reason !== null)?.reason ?? null,
          reanchored: summarise(passes.map((p) => p.reanchored)).p50,
          anchoredMin: Math.min(...passes.map((p) => p.anchored)),
          orphansMax: Math.max(...passes.map((p) => p.orphans)),
          wrongMax: Math.max(...passes.map((p) => p.wrong)),
          differsMax: Math.max(...passes.map((p) => p.differs)),
        };
        out.push(row);
        const misplaced = passes.flatMap((p) => p.misplaced).slice(0, 3);
        log(
          `re-anchoring ${captured} anchors on the ${target.label}, ${label}: p50 ${row.total.p50.toFixed(2)} ms, max ${row.total.max.toFixed(2)} (model ${row.model.p50.toFixed(2)}, anchors ${row.anchor.p50.toFixed(2)}, marks ${row.marks.p50.toFixed(2)} for ${row.markBoxes} boxes; ` +
            `${row.incremental}/${passes.length} incremental${row.ignored > 0 ? ` (${row.ignored} inside an ignored region: no pass)` : ''}${row.fullReason ? `, else: ${row.fullReason}` : ''}; ${row.reanchored} re-anchored; full pass p50 ${row.full.p50.toFixed(1)}), ` +
            `${row.anchoredMin} anchored, ${row.orphansMax} orphans, ${row.wrongMax} misplaced, ${row.differsMax} unlike the full pass${misplaced.length > 0 ? `: ${misplaced.join('; ')}` : ''}`,
        );
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}

async function measureFirstBadges(apiUrl: string, demoUrl: string, runs: number, log: Log): Promise<BrowserResults['firstBadges']> {
  const browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  try {
    const { panel } = await signIn(browser.context, browser.extensionId ?? '', apiUrl);
    const afterLoad: number[] = [];
    const afterStart: number[] = [];
    let last = { rows: 0, chips: 0, timings: '' };
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      await page.goto(`${demoUrl}${LIST}`);
      await page.bringToFront();
      await page.waitForLoadState('load');
      // The overlay's own clock is on its status element inside its closed root, read through DevTools (the figures
      // are the page's own clock: when this look happens does not change them).
      const deadline = Date.now() + 30_000;
      while ((await overlayStatus(page, 'data-first-badges-at')) === null) {
        if (Date.now() > deadline) throw new Error(`no first badges on ${LIST} within 30 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const t = await inOverlay(page, (root) => {
        const status = root.querySelector('[data-overlay-status]');
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          at: Number(status?.getAttribute('data-first-badges-at')),
          started: Number(status?.getAttribute('data-started-at')),
          load: nav.loadEventEnd,
          timings: status?.getAttribute('data-timings') ?? '',
          rows: document.querySelectorAll('tbody[data-list-body] tr').length,
          chips: root.querySelectorAll('.chip').length,
        };
      });
      await page.close();
      if (!t) throw new Error(`no overlay on ${LIST}`);
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

/** The second demo system (demo/portal), as `npm start` and the end-to-end setup start it. */
async function startPortal(port?: number): Promise<{ url: string; close(): Promise<void> | void }> {
  const mod = (await import(pathToFileURL(path.join(ROOT, 'demo', 'portal', 'server.mjs')).href)) as { startPortalSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }> };
  return mod.startPortalSite({ port: port ?? (await freePort()) });
}

/**
 * A private seeded stack (as the end-to-end setup seeds it): wrangler dev over its own state, the demo dossier site
 * and the staff portal, whose seeded profile is given the portal's port (`--portal-port`), so the extension knows it.
 */
async function startStack(log: Log): Promise<{ apiUrl: string; demoUrl: string; portalUrl: string; stop(): Promise<void> }> {
  rmSync(STATE, { recursive: true, force: true });
  applyMigrations(STATE);
  const portalPort = await freePort();
  run('seed', process.execPath, [path.join(ROOT, 'scripts', 'seed.ts'), '--persist-to', STATE, '--portal-port', String(portalPort)]);
  const worker = await startWorker(STATE);
  const demoModule = (await import(pathToFileURL(path.join(ROOT, 'demo', 'server.mjs')).href)) as {
    startDemoSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }>;
  };
  const demo = await demoModule.startDemoSite({ port: await freePort() });
  const portal = await startPortal(portalPort);
  log(`seeded stack up: API ${worker.url}, demo site ${demo.url}, staff portal ${portal.url}`);
  return {
    apiUrl: worker.url,
    demoUrl: demo.url,
    portalUrl: portal.url,
    async stop() {
      await demo.close();
      await portal.close();
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
  log(`overlay loader ${built.overlay.loader.gzip} B gzip, chunk ${built.overlay.chunk.gzip} B gzip; dashboard first load ${built.dashboard.scripts.reduce((s, f) => s + f.gzip, 0)} B gzip`);
  const stack = await startStack(log);
  try {
    const firstBadges = await measureFirstBadges(stack.apiUrl, stack.demoUrl, opts.quick ? 4 : 12, log);
    const reanchor = await measureReanchoring({ demo: stack.demoUrl, portal: stack.portalUrl }, opts.quick ? 8 : 30, log);
    // One run in both modes: the portal's sweep alone takes two to three minutes.
    const sweep = await measureSweep({ apiUrl: stack.apiUrl, demoUrl: stack.demoUrl, portalUrl: stack.portalUrl, log });
    return { chromium, buildSeconds, ...built, firstBadges, reanchor, sweep };
  } finally {
    await stack.stop();
  }
}

/** `node bench/browser.ts --sweep-only`: builds the extension, starts the stack and measures only the sweep (printed). */
export async function sweepOnly(opts: { log: Log }): Promise<SweepFigures[]> {
  run('extension build', bin('wxt'), ['build'], path.join(ROOT, 'extension'));
  const stack = await startStack(opts.log);
  try {
    return await measureSweep({ apiUrl: stack.apiUrl, demoUrl: stack.demoUrl, portalUrl: stack.portalUrl, log: opts.log });
  } finally {
    await stack.stop();
  }
}

/** `node bench/browser.ts --reanchor-only`: only the re-anchoring figures (no build, no Worker), printed. */
export async function measureReanchoringOnly(opts: { quick: boolean; log: Log }): Promise<BrowserResults['reanchor']> {
  const demoModule = (await import(pathToFileURL(path.join(ROOT, 'demo', 'server.mjs')).href)) as { startDemoSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }> };
  const demo = await demoModule.startDemoSite({ port: await freePort() });
  const portal = await startPortal();
  try {
    return await measureReanchoring({ demo: demo.url, portal: portal.url }, opts.quick ? 8 : 30, opts.log);
  } finally {
    await demo.close();
    await portal.close();
  }
}

/** Measures only the re-anchoring and writes its parts of docs/benchmarks.md (unless `--no-write`). */
export async function reanchorOnly(opts: { quick: boolean; write: boolean; log: Log }): Promise<BrowserResults['reanchor']> {
  const rows = await measureReanchoringOnly(opts);
  if (opts.write) {
    const report = path.join(ROOT, 'docs', 'benchmarks.md');
    const chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
    const when = `${new Date().toISOString().slice(0, 10)} in ${chromium}${opts.quick ? ', `--quick`' : ''}`;
    writeFileSync(report, replaceReanchoring(readFileSync(report, 'utf8'), rows, when));
    opts.log(`wrote the re-anchoring figures into ${path.relative(ROOT, report)}`);
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--reanchor-only')) {
  await reanchorOnly({ quick: process.argv.includes('--quick'), write: !process.argv.includes('--no-write'), log: (m) => console.log(`[bench:browser] ${m}`) });
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--sweep-only')) {
  console.log(JSON.stringify(await sweepOnly({ log: (m) => console.log(`[bench:browser] ${m}`) }), null, 2));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await measureBrowser({ quick: process.argv.includes('--quick'), log: (m) => console.log(`[bench:browser] ${m}`) });
  console.log(JSON.stringify(results, null, 2));
}
