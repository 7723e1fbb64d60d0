// The automated checks in the background (issue 14): the overlay reports the check fields of the dossiers on screen,
// and here they become check records, the rule set runs on them, and each violation becomes a suggested finding for
// the side panel. The rules and the working-day calendar stay out of the content script.
import { checkDossierFromFields, CheckDossierSchema, CHECK_FIELD_PROFILE_NAMES, evaluateRules, isCheckMoment, type CheckResult, type CheckRuleSet, type WorkingCalendar } from '@onestop/shared';
import type { PageReport, Suggestion } from '../model.ts';
import type { ReportedDossier } from '../page/check-fields.ts';

/** A dossier code as suggestions and dismissals key it: normalised text, case left out. */
export const dossierKey = (code: string) => code.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase();
export const suggestionKey = (ruleId: string, code: string) => `${ruleId}|${dossierKey(code)}`;

/** A rule set applies to an audit's checklist when every item it names is on that checklist. */
export function ruleSetFits(set: CheckRuleSet, itemCodes: ReadonlySet<string>): boolean {
  return set.rules.length > 0 && set.rules.every((r) => itemCodes.has(r.item_code));
}

/** The page's "as of" time when it shows one (an instant), else the time of the check. */
export function asOfOf(asOf: string | null | undefined, now: Date): string {
  const a = asOf ?? null;
  return a !== null && /T/.test(a) && isCheckMoment(a) ? new Date(a).toISOString() : now.toISOString();
}

export interface CheckedPage {
  suggestions: Suggestion[];
  checked: { dossiers: number; rules: number; ruleSet: string | null };
}

/** The rule outcomes of one dossier's check fields, or null when the schema refuses the record (never guessed). */
export function evaluateDossier(set: CheckRuleSet, calendar: WorkingCalendar, fields: ReportedDossier['fields'], asOf: string, code: string): CheckResult[] | null {
  const parsed = CheckDossierSchema.safeParse(checkDossierFromFields(fields, asOf, code));
  return parsed.success ? evaluateRules(set, parsed.data, calendar).results : null;
}

/** A violation as the side panel suggests it. */
export function suggestionOf(set: CheckRuleSet, r: CheckResult, code: string, kind: Suggestion['kind'], recorded: boolean): Suggestion {
  const rule = set.rules.find((x) => x.id === r.rule_id);
  return {
    key: suggestionKey(r.rule_id, code),
    rule_id: r.rule_id,
    rule_version: r.rule_version,
    item_code: r.item_code,
    suggests: r.suggests,
    title: rule?.title ?? { vi: r.rule_id, en: r.rule_id },
    message: r.message,
    basis: typeof rule?.basis === 'string' ? { vi: rule.basis, en: rule.basis } : (rule?.basis ?? { vi: '', en: '' }),
    dossier_code: code,
    kind,
    facts: r.facts,
    fields: (rule?.needs ?? []).map((f) => CHECK_FIELD_PROFILE_NAMES[f]),
    as_of: r.as_of,
    recorded,
  };
}

/**
 * Runs the rule set on the dossiers a page report carries: every violation is a suggestion (dismissed ones left out;
 * `recorded` marks those the inspector already recorded). A record the schema refuses is skipped, never guessed.
 */
export function checkPage(report: Pick<PageReport, 'dossiers' | 'asOf'>, set: CheckRuleSet | null, calendar: WorkingCalendar, options: { now: Date; dismissed: ReadonlySet<string>; recorded: ReadonlySet<string> }): CheckedPage {
  const dossiers = report.dossiers ?? [];
  if (!set || dossiers.length === 0) return { suggestions: [], checked: { dossiers: 0, rules: set?.rules.length ?? 0, ruleSet: set ? `${set.id} v${set.version}` : null } };
  const asOf = asOfOf(report.asOf, options.now);
  const suggestions: Suggestion[] = [];
  const seen = new Set<string>();
  let checked = 0;
  for (const d of dossiers) {
    const results = evaluateDossier(set, calendar, d.fields, asOf, d.code);
    if (!results) continue;
    checked++;
    for (const r of results) {
      if (r.outcome !== 'violation') continue;
      const key = suggestionKey(r.rule_id, d.code);
      if (seen.has(key) || options.dismissed.has(key)) continue;
      seen.add(key);
      suggestions.push(suggestionOf(set, r, d.code, d.kind, options.recorded.has(`${r.item_code}|${dossierKey(d.code)}`)));
    }
  }
  return { suggestions, checked: { dossiers: checked, rules: set.rules.length, ruleSet: `${set.id} v${set.version}` } };
}

/** The note a finding accepted from a suggestion starts with: the rule's words and the values it used. */
export function suggestionNote(s: Suggestion, lang: 'vi' | 'en'): string {
  const head = lang === 'vi' ? `[Kiểm tra tự động: ${s.rule_id} v${s.rule_version}, tính đến ${s.as_of}]` : `[Automated check: ${s.rule_id} v${s.rule_version}, as of ${s.as_of}]`;
  return `${s.message[lang]}\n${head}${s.basis[lang] ? `\n${s.basis[lang]}` : ''}`.slice(0, 8000);
}
