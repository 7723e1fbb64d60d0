// The CI lockfile check, on the committed lockfile and variants of it: a registry that carries more or fewer
// platform binaries is not drift; a changed version, integrity or an added package for every platform is.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareLockfiles, isForeignPlatformBinary, type Lockfile } from './lockfile-drift.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const committed = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Required<Lockfile>;
const linux = { os: 'linux', cpu: 'x64' };
const copy = (): Required<Lockfile> => structuredClone(committed);
const platformKeys = Object.keys(committed.packages).filter((k) => isForeignPlatformBinary(committed.packages[k]!, linux));

describe('lockfile drift check', () => {
  it('the committed lockfile records workerd for every platform wrangler supports', () => {
    const workerd = Object.keys(committed.packages).filter((k) => /\/@cloudflare\/workerd-[a-z0-9-]+$/.test(k) && !k.includes('/wrangler/'));
    expect(workerd.map((k) => k.split('/').pop()).sort()).toEqual(['workerd-darwin-64', 'workerd-darwin-arm64', 'workerd-linux-64', 'workerd-linux-arm64', 'workerd-windows-64']);
  });

  it('an unchanged lockfile is no drift', () => {
    expect(compareLockfiles(committed, copy(), linux)).toEqual({ drift: [], platformOnly: [] });
  });

  it('a registry without other platforms’ binaries (entries dropped or never added) is no drift', () => {
    expect(platformKeys.length).toBeGreaterThan(5);
    const without = copy();
    for (const key of platformKeys) delete without.packages[key];
    const dropped = compareLockfiles(committed, without, linux);
    expect(dropped.drift).toEqual([]);
    expect(dropped.platformOnly).toHaveLength(platformKeys.length);
    const added = compareLockfiles(without, committed, linux);
    expect(added.drift).toEqual([]);
    expect(added.platformOnly.every((line) => line.includes('(added;'))).toBe(true);
  });

  it('a binary for this very platform coming or going is drift', () => {
    const key = Object.keys(committed.packages).find((k) => k.endsWith('/@cloudflare/workerd-linux-64'))!;
    const without = copy();
    delete without.packages[key];
    expect(compareLockfiles(committed, without, linux).drift).toEqual([`${key}@${committed.packages[key]!.version} removed`]);
    // On a Mac the same entry is another platform's binary.
    expect(compareLockfiles(committed, without, { os: 'darwin', cpu: 'arm64' }).drift).toEqual([]);
  });

  it('a changed version, integrity or resolved address of any locked package is drift', () => {
    const changed = copy();
    changed.packages['node_modules/hono']!.version = '0.0.1';
    changed.packages['node_modules/zod']!.integrity = 'sha512-AAAA';
    const key = platformKeys[0]!;
    changed.packages[key]!.version = '0.0.2';
    const { drift } = compareLockfiles(committed, changed, linux);
    expect(drift).toHaveLength(3);
    expect(drift.join('\n')).toMatch(/node_modules\/hono: version .* → 0\.0\.1/);
    expect(drift.join('\n')).toMatch(/node_modules\/zod: integrity/);
    expect(drift.join('\n')).toContain(`${key}: version`);
  });

  it('a package every platform installs, added or removed, is drift', () => {
    const more = copy();
    more.packages['node_modules/left-pad'] = { version: '1.3.0', integrity: 'sha512-x', dev: true };
    expect(compareLockfiles(committed, more, linux).drift).toEqual(['node_modules/left-pad@1.3.0 added']);
    const less = copy();
    delete less.packages['node_modules/hono'];
    expect(compareLockfiles(committed, less, linux).drift).toHaveLength(1);
  });

  it('a changed dependency range in the root manifest is drift', () => {
    const changed = copy();
    (changed.packages['']!.devDependencies as Record<string, string>).vitest = '^4.0.0';
    expect(compareLockfiles(committed, changed, linux).drift).toEqual(['root devDependencies changed']);
  });

  it('optional entries limited by negated platforms are read as npm reads them', () => {
    expect(isForeignPlatformBinary({ optional: true, os: ['!win32'] }, linux)).toBe(false);
    expect(isForeignPlatformBinary({ optional: true, os: ['!linux'] }, linux)).toBe(true);
    expect(isForeignPlatformBinary({ optional: true, cpu: ['arm64'] }, linux)).toBe(true);
    expect(isForeignPlatformBinary({ os: ['darwin'] }, linux)).toBe(false);
  });
});
