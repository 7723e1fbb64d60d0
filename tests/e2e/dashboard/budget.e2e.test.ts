// DESIGN section 10: the dashboard's first load stays within 150 KB of gzipped JavaScript. "First load" is what the
// built index.html loads before any page chunk: its entry script and the chunks it preloads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = path.resolve('worker/dashboard/dist');
const BUDGET = 150 * 1024;

describe('dashboard budget', () => {
  it('loads at most 150 KB of gzipped JavaScript first; charts load only on the compliance page', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    // No inline script: the CSP allows only script files from our origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    let total = 0;
    const sizes: string[] = [];
    for (const src of scripts) {
      const file = readFileSync(path.join(dist, src.replace(/^\//, '')));
      const gz = gzipSync(file, { level: 9 }).byteLength;
      total += gz;
      sizes.push(`${src}: ${(gz / 1024).toFixed(1)} KB`);
      // Chart.js is not in the first load.
      expect(file.toString('utf8')).not.toContain('chartjs-chart-matrix');
    }
    console.log(`dashboard first-load JS: ${(total / 1024).toFixed(1)} KB gzip\n  ${sizes.join('\n  ')}`);
    expect(total).toBeLessThanOrEqual(BUDGET);
  });
});
