import { createWorkingCalendar, ONE_STOP_118_RULES } from '@onestop/shared';
import { describe, expect, it } from 'vitest';
import { checkPage, ruleSetFits, suggestionKey, suggestionNote } from './checks.ts';

const calendar = createWorkingCalendar();
const now = new Date('2026-11-20T09:30:00Z');
const none = new Set<string>();

/** A dossier returned 25 minutes after its appointment, the same day, without an apology letter. */
const late = {
  code: '000.00.12.H26-261103-0007',
  kind: 'page' as const,
  fields: {
    dossier_code: '000.00.12.H26-261103-0007',
    status: 'returned',
    channel: 'in_person',
    received_at: '2026-11-03T02:00:00Z',
    due_at: '2026-11-10T02:00:00Z',
    returned_at: '2026-11-10T02:25:00Z',
    apology_issued: 'false',
  },
};
/** The same, returned at the appointment minute. */
const onTime = { ...late, code: '000.00.12.H26-261103-0008', fields: { ...late.fields, dossier_code: '000.00.12.H26-261103-0008', returned_at: '2026-11-10T02:00:00Z' } };

describe('checkPage', () => {
  it('suggests a finding for each violation, with its rule, item, grade and the values used', () => {
    const page = checkPage({ dossiers: [late, onTime], asOf: null }, ONE_STOP_118_RULES, calendar, { now, dismissed: none, recorded: none });
    expect(page.checked).toEqual({ dossiers: 2, rules: ONE_STOP_118_RULES.rules.length, ruleSet: `${ONE_STOP_118_RULES.id} v${ONE_STOP_118_RULES.version}` });
    const lateOnes = page.suggestions.filter((s) => s.dossier_code === late.code);
    expect(lateOnes.map((s) => s.rule_id)).toContain('returned-late');
    expect(page.suggestions.filter((s) => s.dossier_code === onTime.code && s.rule_id === 'returned-late')).toEqual([]);
    const s = lateOnes.find((x) => x.rule_id === 'returned-late');
    expect(s).toMatchObject({ item_code: 'MC-8.5.1-09', suggests: 'nc_minor', kind: 'page', recorded: false, as_of: now.toISOString() });
    expect(s?.fields).toEqual(expect.arrayContaining(['due_at', 'returned_at']));
    expect(s?.message.vi.length).toBeGreaterThan(10);
    expect(suggestionNote(s!, 'vi')).toContain(`returned-late v${s?.rule_version}`);
  });

  it('leaves out dismissed suggestions, marks recorded ones, and judges open dossiers at the page’s as-of time', () => {
    const key = suggestionKey('returned-late', ` ${late.code.toLowerCase()} `);
    const page = checkPage({ dossiers: [late], asOf: null }, ONE_STOP_118_RULES, calendar, { now, dismissed: new Set([key]), recorded: new Set([`MC-8.7-01|${late.code}`]) });
    expect(page.suggestions.map((s) => s.rule_id)).not.toContain('returned-late');
    expect(page.suggestions.filter((s) => s.item_code === 'MC-8.7-01').every((s) => s.recorded)).toBe(true);
    // Open and past due at the page's "as of" time, but not yet at an earlier one.
    const open = { ...late, code: 'H26-OPEN', fields: { ...late.fields, dossier_code: 'H26-OPEN', status: 'processing', returned_at: null } };
    const at = (asOf: string) => checkPage({ dossiers: [open], asOf }, ONE_STOP_118_RULES, calendar, { now, dismissed: none, recorded: none }).suggestions.map((s) => s.rule_id);
    expect(at('2026-11-10T03:00:00Z')).toContain('open-past-due');
    expect(at('2026-11-09T03:00:00Z')).not.toContain('open-past-due');
  });

  it('suggests nothing without a rule set that fits the audit’s checklist, nor for a record it cannot read', () => {
    expect(checkPage({ dossiers: [late] }, null, calendar, { now, dismissed: none, recorded: none }).suggestions).toEqual([]);
    expect(ruleSetFits(ONE_STOP_118_RULES, new Set(['MC-8.5.1-09']))).toBe(false);
    expect(ruleSetFits(ONE_STOP_118_RULES, new Set(ONE_STOP_118_RULES.rules.map((r) => r.item_code)))).toBe(true);
    const junk = { code: 'X', kind: 'row' as const, fields: { due_at: 'không rõ', status: '???' } };
    expect(checkPage({ dossiers: [junk] }, ONE_STOP_118_RULES, calendar, { now, dismissed: none, recorded: none }).suggestions).toEqual([]);
  });
});
