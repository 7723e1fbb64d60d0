// A private wrangler state for benchmarks: apply the real migrations, find the D1 SQLite file, serve it with wrangler dev.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER = path.join(ROOT, 'node_modules', '.bin', 'wrangler');

export const TOOL_ENV = {
  ...process.env,
  // wrangler and the tools it starts need Node 22, which sits next to the node running this script.
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
  WRANGLER_SEND_METRICS: 'false',
  NO_D1_WARNING: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

/** Applies worker/migrations to the local D1 under `stateDir` (as `wrangler dev --persist-to stateDir` will read it). */
export function applyMigrations(stateDir: string): void {
  const res = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], {
    cwd: ROOT,
    env: TOOL_ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`wrangler d1 migrations apply failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
}

/** The SQLite file miniflare keeps the D1 database in: <state>/v3/d1/miniflare-D1DatabaseObject/<hash>.sqlite. */
export function d1File(stateDir: string): string {
  const dir = path.join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite') : [];
  if (files.length !== 1) throw new Error(`expected one D1 database file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]!);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

/** `wrangler dev` on a free loopback port over the given state; quiet request logs (APP_ENV=test). */
export async function startWorker(stateDir: string, opts: { timeoutMs?: number } = {}): Promise<DevServer> {
  const port = await freePort();
  const inspector = await freePort();
  const child: ChildProcess = spawn(
    WRANGLER,
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--local', '--persist-to', stateDir, '--var', 'APP_ENV:test', '--show-interactive-dev-session=false', '--live-reload=false'],
    { cwd: ROOT, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      stopChild(child);
      throw new Error(`wrangler dev did not start:\n${log.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      stopChild(child);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(resolve, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

function stopChild(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
