// DESIGN section 10: the dashboard's first load stays within 150 KB of gzipped JavaScript. "First load" is what the
// built index.html loads before any page chunk: its entry script and the chunks it preloads (measured the same way
// by `npm run bench`, which reports the figure in docs/benchmarks.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoad, isChartsCode, totalGzip } from '../../../bench/lib/bundles.ts';

const dist = path.resolve('worker/dashboard/dist');
const BUDGET = 150 * 1024;

describe('dashboard budget', () => {
  it('loads at most 150 KB of gzipped JavaScript first; charts load only on the compliance page', () => {
    const { scripts, inlineScripts } = firstLoad(dist, 'index.html');
    expect(scripts.length).toBeGreaterThan(0);
    // No inline script: the CSP allows only script files from our origin.
    expect(inlineScripts).toBe(0);
    for (const s of scripts) expect(isChartsCode(readFileSync(path.join(dist, s.file), 'utf8')), s.file).toBe(false);
    // The check above can fail: the build has a charts chunk, found by the same test.
    const assets = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    expect(assets.filter((f) => isChartsCode(readFileSync(path.join(dist, 'assets', f), 'utf8'))).length).toBeGreaterThan(0);
    const total = totalGzip(scripts);
    console.log(`dashboard first-load JS: ${(total / 1024).toFixed(1)} KB gzip\n  ${scripts.map((s) => `${s.file}: ${(s.gzip / 1024).toFixed(1)} KB`).join('\n  ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
