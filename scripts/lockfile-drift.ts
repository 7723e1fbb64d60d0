// Compares the lockfile an install started from with the one it left, and tells real drift from the registry's
// platform binaries coming and going.
//
// CI installs with the README's `npm install` and then must fail if that install changed what the project locked.
// A byte comparison is too strict: npm records an optional platform binary (workerd for macOS, esbuild for
// Windows, ...) only when the registry it talks to carries that binary, so the same install adds or drops such
// entries depending on the registry, not on the project. This check therefore fails on
//   - any locked package whose version, resolved address, integrity or link changed,
//   - any package added or removed that every platform would install,
//   - any change to the root manifest's dependency ranges or the lockfile format,
// and only reports (never fails on) optional entries restricted by `os`/`cpu` to platforms other than this one.
//
// Usage: node scripts/lockfile-drift.ts <lockfile-before> [<lockfile-after>=package-lock.json]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The fields that pin what gets installed. */
const PINNED = ['version', 'resolved', 'integrity', 'link'];
const ROOT_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies', 'workspaces'];

export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  [field: string]: unknown;
}
export interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, LockEntry>;
}
export interface Platform {
  os: string;
  cpu: string;
}

/** True when the entry is an optional package that npm installs only on other platforms than this one. */
export function isForeignPlatformBinary(entry: LockEntry, here: Platform): boolean {
  if (entry.optional !== true) return false;
  const os = Array.isArray(entry.os) ? entry.os : null;
  const cpu = Array.isArray(entry.cpu) ? entry.cpu : null;
  if (!os && !cpu) return false;
  const matches = (list: string[] | null, value: string) => {
    if (!list) return true;
    const allowed = list.filter((v) => !v.startsWith('!'));
    const denied = list.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
    if (denied.includes(value)) return false;
    return allowed.length === 0 || allowed.includes(value);
  };
  return !(matches(os, here.os) && matches(cpu, here.cpu));
}

/** What changed between the lockfile an install started from and the one it left. */
export function compareLockfiles(before: Lockfile, after: Lockfile, here: Platform): { drift: string[]; platformOnly: string[] } {
  const drift: string[] = [];
  const platformOnly: string[] = [];
  if (before.lockfileVersion !== after.lockfileVersion) drift.push(`lockfileVersion ${before.lockfileVersion} → ${after.lockfileVersion}`);
  const a: Record<string, LockEntry> = before.packages ?? {};
  const b: Record<string, LockEntry> = after.packages ?? {};
  for (const field of ROOT_FIELDS) {
    if (JSON.stringify(a['']?.[field] ?? null) !== JSON.stringify(b['']?.[field] ?? null)) drift.push(`root ${field} changed`);
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === '') continue;
    const was = a[key];
    const now = b[key];
    if (was && now) {
      for (const field of PINNED) {
        if ((was[field] ?? null) !== (now[field] ?? null)) drift.push(`${key}: ${field} ${String(was[field] ?? '—')} → ${String(now[field] ?? '—')}`);
      }
      continue;
    }
    const entry = (was ?? now)!;
    const change = was ? 'removed' : 'added';
    if (isForeignPlatformBinary(entry, here)) platformOnly.push(`${key}@${entry.version} (${change}; ${[...(entry.os ?? []), ...(entry.cpu ?? [])].join('/')})`);
    else drift.push(`${key}@${entry.version} ${change}`);
  }
  return { drift, platformOnly };
}

function main() {
  const [beforePath, afterPath = 'package-lock.json'] = process.argv.slice(2);
  if (!beforePath) {
    console.error('usage: node scripts/lockfile-drift.ts <lockfile-before> [<lockfile-after>]');
    process.exit(2);
  }
  const read = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Lockfile;
  const here = { os: process.platform, cpu: process.arch };
  const { drift, platformOnly } = compareLockfiles(read(beforePath), read(afterPath), here);
  if (platformOnly.length > 0) {
    console.log(`lockfile: ${platformOnly.length} optional binaries for other platforms came or went with this registry (not drift):`);
    for (const line of platformOnly) console.log(`  ${line}`);
  }
  if (drift.length > 0) {
    console.error('package-lock.json is out of date: the install changed what the project locked.');
    for (const line of drift.slice(0, 50)) console.error(`  ${line}`);
    if (drift.length > 50) console.error(`  … and ${drift.length - 50} more`);
    console.error('Run npm install and commit the lockfile.');
    process.exit(1);
  }
  console.log('lockfile: the install kept every locked version');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
