#!/usr/bin/env node
// `npm start`: builds the dashboard and the extension, applies D1 migrations locally, seeds the Vietnamese demo,
// then serves the Worker on 127.0.0.1:8787, the demo dossier site on 127.0.0.1:8788 and the second demo system (a staff
// portal, demo/portal) on 127.0.0.1:8789 — offline, no account needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const API_PORT = Number(process.env.PORT ?? 8787);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 8788);
const PORTAL_PORT = Number(process.env.PORTAL_PORT ?? 8789);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_D1_WARNING: 'true', WXT_TELEMETRY: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`OneStop Audit needs Node.js 22 or newer (this is ${process.version}); run it through npm scripts or install Node 22.`);
  process.exit(1);
}

function step(title, cmd, args, opts = {}) {
  process.stdout.write(`\n▶ ${title}\n`);
  const res = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${res.status ?? res.signal}).`);
    process.exit(res.status ?? 1);
  }
}

step('Building the dashboard', bin('vite'), ['build', '--config', 'worker/dashboard/vite.config.ts', '--logLevel', 'warn']);
if (existsSync(path.join(root, 'extension', 'wxt.config.ts'))) {
  step('Building the browser extension', bin('wxt'), ['build'], { cwd: path.join(root, 'extension') });
}
step('Applying D1 migrations (local)', bin('wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local']);
// The portal's profile matches port 8789; another PORTAL_PORT is written into it on a first seed.
step('Seeding the Vietnamese demo data (local)', process.execPath, [path.join(root, 'scripts', 'seed.ts'), ...(PORTAL_PORT !== 8789 ? ['--portal-port', String(PORTAL_PORT)] : [])]);

const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import(pathToFileURL(path.join(root, 'scripts', 'seed-data.ts')).href);
const accountLines = [
  ' Demo accounts — local seed only (tài khoản thử nghiệm, chỉ dùng cục bộ):',
  ...DEMO_ACCOUNTS.map((a) => `   ${a.role.padEnd(10)} ${a.email.padEnd(30)} ${a.display_name}`),
  `   Password / mật khẩu: ${DEMO_PASSWORD}`,
];
console.log(`\n${accountLines.join('\n')}\n`);

const children = [];
const worker = spawn(
  bin('wrangler'),
  // --test-scheduled: the daily reminders (Cron Trigger) can be run by hand at /__scheduled (docs/reminders.md).
  ['dev', '--ip', '127.0.0.1', '--port', String(API_PORT), '--local', '--var', 'APP_ENV:local', '--test-scheduled', '--show-interactive-dev-session=false'],
  { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
);
children.push(worker);

let demo = null;
const demoServer = path.join(root, 'demo', 'server.mjs');
if (existsSync(demoServer)) {
  const { startDemoSite } = await import(pathToFileURL(demoServer).href);
  demo = await startDemoSite({ port: DEMO_PORT });
}
let portal = null;
const portalServer = path.join(root, 'demo', 'portal', 'server.mjs');
if (existsSync(portalServer)) {
  const { startPortalSite } = await import(pathToFileURL(portalServer).href);
  portal = await startPortalSite({ port: PORTAL_PORT });
}

function shutdown(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  demo?.close?.();
  portal?.close?.();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
worker.on('exit', (code) => {
  console.error(`wrangler dev stopped (exit ${code}).`);
  shutdown(code ?? 1);
});

const apiUrl = `http://127.0.0.1:${API_PORT}`;
const deadline = Date.now() + 120_000;
for (;;) {
  try {
    const res = await fetch(`${apiUrl}/api/v1/health`);
    if (res.ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error('The Worker did not answer /api/v1/health within 120 s.');
    shutdown(1);
  }
  await new Promise((r) => setTimeout(r, 300));
}

const extensionDir = path.join('extension', '.output', 'chrome-mv3');
const lines = [
  '',
  '────────────────────────────────────────────────────────────────────────',
  ' OneStop Audit đang chạy — is running (local, offline)',
  '',
  `   Dashboard (bảng điều khiển)   ${apiUrl}/`,
  `   API + OpenAPI                 ${apiUrl}/api/v1/openapi.json`,
  demo ? `   Demo dossier site (hồ sơ)     ${demo.url}` : null,
  portal ? `   Second demo: staff portal     ${portal.url}/can-bo/ (cổng cán bộ, hash routes)` : null,
  `   Extension (tiện ích)          load unpacked from ${extensionDir}`,
  '                                 (chrome://extensions → Developer mode → Load unpacked)',
  `   Reminders now (nhắc việc)     ${apiUrl}/__scheduled?cron=0+23+*+*+*`,
  `   Digest e-mails (thư nhắc)     not sent: written as .eml files under ${path.join('.wrangler', 'tmp', 'email')} (wrangler dev prints each one)`,
  '',
  ...accountLines,
  '',
  ' Ctrl+C to stop.',
  '────────────────────────────────────────────────────────────────────────',
];
console.log(lines.filter((l) => l !== null).join('\n'));
