// axe-core in the page under test (issue 16): the rules of WCAG 2.1 A/AA and axe's best practices, and a failure
// for every serious or critical violation, listed with the nodes it found, so the assertion message says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe on the page (or frame) as it is now; the violations of every impact. */
export async function axeViolations(page: Page | Frame): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated rather than added as a script tag, so a page's Content-Security-Policy cannot refuse it.
  if (!loaded) await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: n.failureSummary })) }));
  });
}

/** The serious and critical violations on the page, one readable line each (empty when there are none). */
export async function seriousViolations(page: Page | Frame): Promise<string[]> {
  return (await axeViolations(page))
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.length} node(s), e.g. ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html}`).join(' | ')}`);
}
