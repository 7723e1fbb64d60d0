// Starts the whole stack once for the end-to-end tests: builds the dashboard and the extension, migrates and seeds
// a private local D1 state, serves the Worker (wrangler dev), the demo dossier site and the second demo system (the
// staff portal of demo/portal) on their own ports. The portal's seeded profile is given the port the portal gets.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { clockOffsetMs, workerdEnv } from '../clock/clock.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
// Each run gets free ports and its own state, so two runs (or a run beside `npm start`) never collide.
const STATE = path.join(root, '.wrangler', `e2e-state-${process.pid}`);

async function freePort(preferred: string | undefined): Promise<number> {
  if (preferred) return Number(preferred);
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
// Under faketime, the workerd that wrangler starts runs outside it and takes the suite's clock as CLOCK_OFFSET_MS.
const env = workerdEnv('wrangler', { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', WXT_TELEMETRY: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: process.env.CI ?? '' });

function run(title: string, cmd: string, args: string[], cwd = root) {
  const res = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${title} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
}

async function waitFor(url: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    demoUrl: string;
    portalUrl: string;
    extensionDir: string;
  }
}

export default async function setup(project: TestProject) {
  const API_PORT = await freePort(process.env.E2E_API_PORT);
  const DEMO_PORT = await freePort(process.env.E2E_DEMO_PORT);
  const PORTAL_PORT = await freePort(process.env.E2E_PORTAL_PORT);
  run('dashboard build', bin('vite'), ['build', '--config', 'worker/dashboard/vite.config.ts', '--logLevel', 'warn']);
  // A build of this run's own (wxt.config.ts reads ONESTOP_WXT_OUT_DIR): two suites at once never load each other's
  // half-written extension.
  const extensionOut = path.join(root, 'extension', '.output', `e2e-${process.pid}`);
  const extensionDir = path.join(extensionOut, 'chrome-mv3');
  try {
    env.ONESTOP_WXT_OUT_DIR = extensionOut;
    run('extension build', bin('wxt'), ['build'], path.join(root, 'extension'));
  } catch (err) {
    // Dashboard tests can still run; every extension test fails on its own with this message.
    console.error(`\n⚠ The extension did not build; extension end-to-end tests will fail.\n${String(err).slice(0, 2000)}`);
  }

  rmSync(STATE, { recursive: true, force: true });
  run('migrations', bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', STATE]);
  // The portal's profile names port 8789; the seed writes this run's port into its `match` instead.
  run('seed', process.execPath, [path.join(root, 'scripts', 'seed.ts'), '--persist-to', STATE, '--portal-port', String(PORTAL_PORT)]);

  const children: ChildProcess[] = [];
  const worker = spawn(
    bin('wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(API_PORT), '--inspector-port', String(await freePort(undefined)), '--local', '--persist-to', STATE, '--var', 'APP_ENV:test', '--var', `CLOCK_OFFSET_MS:${clockOffsetMs()}`, '--show-interactive-dev-session=false', '--live-reload=false'],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let workerLog = '';
  worker.stdout?.on('data', (d: Buffer) => (workerLog += d.toString()));
  worker.stderr?.on('data', (d: Buffer) => (workerLog += d.toString()));
  children.push(worker);

  let demo: { url: string; close(): Promise<void> | void } | null = null;
  const demoServer = path.join(root, 'demo', 'server.mjs');
  if (existsSync(demoServer)) {
    const mod = (await import(pathToFileURL(demoServer).href)) as { startDemoSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }> };
    demo = await mod.startDemoSite({ port: DEMO_PORT });
  }
  let portal: { url: string; close(): Promise<void> | void } | null = null;
  const portalServer = path.join(root, 'demo', 'portal', 'server.mjs');
  if (existsSync(portalServer)) {
    const mod = (await import(pathToFileURL(portalServer).href)) as { startPortalSite(o: { port: number }): Promise<{ url: string; close(): Promise<void> | void }> };
    portal = await mod.startPortalSite({ port: PORTAL_PORT });
  }

  const apiUrl = `http://127.0.0.1:${API_PORT}`;
  try {
    await waitFor(`${apiUrl}/api/v1/health`, 120_000);
  } catch (err) {
    throw new Error(`${String(err)}\n--- wrangler dev output ---\n${workerLog.slice(-4000)}`);
  }
  project.provide('apiUrl', apiUrl);
  project.provide('demoUrl', demo?.url ?? `http://127.0.0.1:${DEMO_PORT}`);
  project.provide('portalUrl', portal?.url ?? `http://127.0.0.1:${PORTAL_PORT}`);
  project.provide('extensionDir', extensionDir);

  return async () => {
    await demo?.close();
    await portal?.close();
    // Stop wrangler first: removing its state while workerd still writes there fails with ENOTEMPTY.
    await Promise.all(
      children.map(async (child) => {
        if (!child.pid || child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          child.kill('SIGTERM');
        }
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }),
    );
    rmSync(STATE, { recursive: true, force: true, maxRetries: 3 });
    rmSync(extensionOut, { recursive: true, force: true });
  };
}
