// Issue 16: every result colour the overlay's badges and the side panel's pills use keeps its text readable
// (WCAG AA: 4.5:1 for their small text). The colours are read from the style sheets where they are defined: the
// overlay lives in a closed shadow root on someone else's page, so axe on a test page would not see them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const RESULT_CLASSES = ['r-none', 'r-conform', 'r-nc_minor', 'r-nc_major', 'r-observation', 'r-ofi', 'r-not_applicable'];

/** The relative luminance of a #rrggbb colour (WCAG 2.1). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** `background` and `color` of each `.r-*` rule of a style sheet (six-digit hex only: anything else fails the test). */
function resultColours(css: string): Map<string, { background: string; color: string }> {
  const out = new Map<string, { background: string; color: string }>();
  for (const m of css.matchAll(/^\.(r-[a-z_]+)\s*\{([^}]*)\}/gm)) {
    const decl = (name: string) => new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`).exec(m[2] ?? '')?.[1]?.trim() ?? '';
    out.set(m[1] ?? '', { background: decl('background'), color: decl('color') });
  }
  return out;
}

const sheet = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');

describe('result colours', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#e65100', '#ffffff')).toBeLessThan(4.5);
    expect(contrast('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  for (const [where, rel] of [
    ['overlay badges', './style.css'],
    ['side panel pills', '../sidepanel/style.css'],
  ] as const) {
    it(`${where}: every result's text has 4.5:1 or more on its background`, () => {
      const colours = resultColours(sheet(rel));
      const failures: string[] = [];
      for (const cls of RESULT_CLASSES) {
        const c = colours.get(cls);
        if (!c || !/^#[0-9a-f]{6}$/i.test(c.background) || !/^#[0-9a-f]{6}$/i.test(c.color)) {
          failures.push(`${cls}: no six-digit background and color (${JSON.stringify(c)})`);
          continue;
        }
        const ratio = contrast(c.background, c.color);
        if (ratio < 4.5) failures.push(`${cls}: ${c.color} on ${c.background} is ${ratio.toFixed(2)}:1`);
      }
      expect(failures).toEqual([]);
    });
  }
});
