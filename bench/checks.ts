// The automated dossier checks against their budget (issue 14: rules evaluated in ≤ 1 ms per dossier): the shipped
// rule set on deterministic dossiers of every case the rules look at, and the background's whole page check (the
// overlay's report of 300 dossiers → check records → rules → suggestions). Prints its figures and, unless
// --no-write, replaces the "Automated checks" section of docs/benchmarks.md. `npm run bench` runs it too.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWorkingCalendar, GOVERNMENT_DECISIONS_2025_2026, ONE_STOP_118_RULES, type CheckDossier } from '../shared/src/index.ts';
import { benchmarkDossiers, measureChecks } from '../shared/src/domain/checks/benchmark.ts';
import { checkPage } from '../extension/src/background/checks.ts';
import type { ReportedDossier } from '../extension/src/page/check-fields.ts';
import { ROOT } from './lib/local-d1.ts';
import { summarise } from './lib/stats.ts';

const REPORT = path.join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- checks:start -->';
const END = '<!-- checks:end -->';

/** A check record back into the field values the overlay reports (strings, as the profile reader gives them). */
function reported(d: CheckDossier, i: number): ReportedDossier {
  const fields: ReportedDossier['fields'] = {};
  for (const [k, v] of Object.entries(d)) {
    if (k === 'as_of' || v === undefined) continue;
    const name = k === 'submitted_at' ? 'x_submitted_at' : k === 'apology_count' ? 'x_apology_count' : k;
    if (k === 'supplement_requests') fields.supplement_requests = v === null ? [] : (v as { requested_at: string | null }[]);
    else fields[name] = v === null ? null : String(v);
  }
  return { code: d.dossier_code ?? `BENCH-${i}`, kind: 'row', fields };
}

export interface ChecksFigures {
  rules: number;
  ruleSet: string;
  evaluation: { dossiers: number; bestMs: number; medianMs: number; outcomes: Record<string, number> };
  page: { dossiers: number; suggestions: number; p50: number; p95: number; runs: number };
}

export function measureChecksBench(quick = false): ChecksFigures {
  const calendar = createWorkingCalendar({ amendments: [...GOVERNMENT_DECISIONS_2025_2026] });
  const dossiers = benchmarkDossiers(quick ? 2_000 : 10_000);
  const timing = measureChecks({ ruleSet: ONE_STOP_118_RULES, calendar, dossiers, clock: () => performance.now(), rounds: quick ? 3 : 7 });
  const page = dossiers.slice(0, 300).map(reported);
  const runs = quick ? 10 : 40;
  const times: number[] = [];
  let suggestions = 0;
  for (let k = 0; k < runs + 2; k++) {
    const t0 = performance.now();
    const out = checkPage({ dossiers: page, asOf: null }, ONE_STOP_118_RULES, calendar, { now: new Date('2026-11-20T09:30:00Z'), dismissed: new Set(), recorded: new Set() });
    const ms = performance.now() - t0;
    suggestions = out.suggestions.length;
    // Two warm-up runs.
    if (k >= 2) times.push(ms);
  }
  const s = summarise(times);
  return {
    rules: ONE_STOP_118_RULES.rules.length,
    ruleSet: `${ONE_STOP_118_RULES.id} v${ONE_STOP_118_RULES.version}`,
    evaluation: { dossiers: timing.dossiers, bestMs: timing.per_dossier_ms.best, medianMs: timing.per_dossier_ms.median, outcomes: timing.outcomes },
    page: { dossiers: page.length, suggestions, p50: s.p50, p95: s.p95, runs },
  };
}

export function checksSection(f: ChecksFigures): string {
  const o = f.evaluation.outcomes;
  return [
    START,
    '## Automated checks (issue 14)',
    '',
    `The shipped rule set (${f.ruleSet}, ${f.rules} rules) with the working-day calendar and the 2025–2026 decisions, in Node on this machine (\`bench/checks.ts\`). Dossiers: \`benchmarkDossiers\` (shared/src/domain/checks/benchmark.ts), every case the rules look at, deterministic. The rules run in the extension's background, never in the content script, so they add nothing to the overlay's size.`,
    '',
    '| measure | figure | budget |',
    '|---|---|---|',
    `| rules on one dossier, median of rounds over ${f.evaluation.dossiers.toLocaleString('en')} dossiers | ${(f.evaluation.medianMs * 1000).toFixed(1)} µs (best ${(f.evaluation.bestMs * 1000).toFixed(1)} µs) | ≤ 1 ms ${f.evaluation.medianMs <= 1 ? '✅' : '❌'} |`,
    `| a page report of ${f.page.dossiers} list rows → records → rules → suggestions (${f.page.suggestions} suggestions), p50 / p95 of ${f.page.runs} runs | ${f.page.p50.toFixed(1)} / ${f.page.p95.toFixed(1)} ms | — |`,
    '',
    `Outcomes over the dossiers (rule × dossier): ${o.violation ?? 0} violations, ${o.pass ?? 0} passes, ${o.not_applicable ?? 0} not applicable, ${o.undecidable ?? 0} undecidable.`,
    END,
  ].join('\n');
}

/** Replaces the checks section of the report (or appends it). */
export function replaceChecksSection(report: string, section: string): string {
  const a = report.indexOf(START);
  const b = report.indexOf(END);
  if (a !== -1 && b > a) return `${report.slice(0, a)}${section}${report.slice(b + END.length)}`;
  return `${report.trimEnd()}\n\n${section}\n`;
}

export function writeChecksSection(f: ChecksFigures, write: boolean): void {
  const section = checksSection(f);
  console.log(section);
  if (!write) return;
  const previous = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
  writeFileSync(REPORT, replaceChecksSection(previous, section));
  console.log(`[bench] updated the checks section of ${path.relative(ROOT, REPORT)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = new Set(process.argv.slice(2));
  writeChecksSection(measureChecksBench(args.has('--quick')), !args.has('--no-write'));
}
