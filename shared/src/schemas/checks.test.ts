// The check schemas: the shipped rule set parses unchanged and names real checklist items; hostile or mistaken rule
// documents (too deep, too large, unknown operators, fields and keys, wrong placeholders) are refused with a path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE_STOP_118_RULES } from '../domain/checks/rules-118.ts';
import { readRepoFile } from '../testing/files.ts';
import {
  CheckConditionSchema,
  CheckDossierSchema,
  CheckRuleSchema,
  CheckRuleSetSchema,
  MAX_CHECK_DEPTH,
  MAX_CHECK_RULE_NODES,
  MAX_CHECK_RULES,
  checkRuleSetAgainstChecklist,
  checkFieldsNeededBy,
  checkFieldsReadBy,
  measureCheckExpression,
  checkMessagePlaceholders,
  type CheckCondition,
} from './checks.ts';
import { zodErrorsToProblem } from './problem.ts';

const checklist = JSON.parse(readRepoFile('data/checklist-iso9001-one-stop-shop.json')) as { code: string; version: number; items: Array<{ code: string; on_page: boolean }> };

/** A valid rule to break one part at a time. */
const rule = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'returned-late',
  version: 1,
  item_code: 'MC-8.5.1-09',
  suggests: 'nc_minor',
  title: { vi: 'Trả kết quả đúng hạn', en: 'Result returned on time' },
  explanation: { vi: 'Trả lúc {returned_at}, hẹn {due_at}.', en: 'Returned {returned_at}, due {due_at}.' },
  basis: { vi: 'TCVN ISO 9001:2015 mục 8.5.1.', en: 'TCVN ISO 9001:2015 clause 8.5.1.' },
  needs: ['status', 'returned_at', 'due_at'],
  when: { status_in: ['returned'] },
  violation: { after: ['returned_at', 'due_at'] },
  ...patch,
});

function problems(input: unknown, schema: { safeParse(v: unknown): { success: boolean; error?: unknown } } = CheckRuleSchema) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.success ? [] : zodErrorsToProblem(r.error as Parameters<typeof zodErrorsToProblem>[0]);
}

/** `{ not: { not: … { present: "due_at" } } }`, `levels` objects deep. */
function nested(levels: number): CheckCondition {
  let c: CheckCondition = { present: 'due_at' };
  for (let i = 1; i < levels; i++) c = { not: c };
  return c;
}

describe('the shipped rule set', () => {
  it('parses, and the parsed set is the set as written', () => {
    const parsed = CheckRuleSetSchema.parse(ONE_STOP_118_RULES);
    expect(parsed).toEqual(ONE_STOP_118_RULES);
    expect(JSON.parse(JSON.stringify(ONE_STOP_118_RULES))).toEqual(ONE_STOP_118_RULES);
  });

  it('belongs to the checklist version it names, and every item it maps to can be checked on the page', () => {
    expect(ONE_STOP_118_RULES.checklist_code).toBe(checklist.code);
    expect(ONE_STOP_118_RULES.checklist_version).toBe(checklist.version);
    expect(checkRuleSetAgainstChecklist(ONE_STOP_118_RULES, checklist)).toEqual([]);
    const onPage = new Set(checklist.items.filter((i) => i.on_page).map((i) => i.code));
    for (const r of ONE_STOP_118_RULES.rules) expect(onPage.has(r.item_code)).toBe(true);
  });

  it('lists exactly the fields each rule reads, or more for its message', () => {
    for (const r of ONE_STOP_118_RULES.rules) {
      expect(checkFieldsReadBy(r).every((f) => r.needs.includes(f))).toBe(true);
      expect(r.needs.length).toBeLessThanOrEqual(checkFieldsReadBy(r).length + 1);
    }
    expect(checkFieldsNeededBy(ONE_STOP_118_RULES)).toContain('apology_issued');
  });

  it('measures well inside the bounds', () => {
    for (const r of ONE_STOP_118_RULES.rules) {
      const m = measureCheckExpression(r.violation);
      expect(m.ok && m.depth <= MAX_CHECK_DEPTH && m.nodes <= MAX_CHECK_RULE_NODES).toBe(true);
    }
  });
});

describe('checked against a checklist', () => {
  it('reports an unknown item code, another checklist and another version', () => {
    const set = { ...ONE_STOP_118_RULES, checklist_version: 2, rules: [{ ...ONE_STOP_118_RULES.rules[0]!, item_code: 'MC-8.5.1-99' }] };
    expect(checkRuleSetAgainstChecklist(set, checklist)).toEqual([
      { path: '$.checklist_version', message: "the checklist's version is 1, not 2" },
      { path: '$.rules[0].item_code', message: 'MC-8.5.1-99 is not an item of ISO9001-MC version 1' },
    ]);
    expect(checkRuleSetAgainstChecklist({ ...ONE_STOP_118_RULES, checklist_code: 'OTHER' }, checklist)).toEqual([
      { path: '$.checklist_code', message: 'the checklist is ISO9001-MC, not OTHER' },
    ]);
  });

  it('leaves item codes to that check: the schema accepts any well-formed code', () => {
    expect(CheckRuleSchema.safeParse(rule({ item_code: 'MC-8.5.1-99' })).success).toBe(true);
    expect(problems(rule({ item_code: 'MC 8.5.1' }))).toEqual([{ path: '$.item_code', message: 'letters, digits, dot, dash or underscore' }]);
  });
});

describe('bounds', () => {
  it(`accepts ${MAX_CHECK_DEPTH} levels and refuses ${MAX_CHECK_DEPTH + 1}`, () => {
    expect(CheckRuleSchema.safeParse(rule({ violation: nested(MAX_CHECK_DEPTH), needs: ['status', 'due_at', 'returned_at'] })).success).toBe(true);
    expect(problems(rule({ violation: nested(MAX_CHECK_DEPTH + 1) }))).toEqual([{ path: '$.violation', message: 'nested deeper than 8 levels' }]);
  });

  it('counts computed operands as levels', () => {
    // after → working_days_after → working_days_after … : each object is a level.
    let time: unknown = 'received_at';
    for (let i = 0; i < MAX_CHECK_DEPTH; i++) time = { working_days_after: time, days: 1 };
    expect(problems(rule({ violation: { after: ['due_at', time] } }))).toEqual([{ path: '$.violation', message: 'nested deeper than 8 levels' }]);
  });

  it(`accepts ${MAX_CHECK_RULE_NODES} nodes in a rule and refuses more, counting when, violation and report together`, () => {
    const leaves = (n: number) => Array.from({ length: n }, () => ({ present: 'due_at' }));
    const tree = (last: number) => ({ all: [{ any: leaves(49) }, { any: leaves(49) }, { any: leaves(49) }, { any: leaves(last) }] });
    expect(measureCheckExpression(tree(48))).toEqual({ ok: true, nodes: 200, depth: 3 });
    expect(measureCheckExpression(tree(49))).toMatchObject({ ok: false, reason: 'nodes' });
    const tooMany = 'more than 200 conditions and operands in the rule (when, violation and report together)';
    expect(CheckRuleSchema.safeParse(rule({ violation: tree(48), when: undefined })).success).toBe(true);
    expect(problems(rule({ violation: tree(49), when: undefined }))).toEqual([{ path: '$.violation', message: tooMany }]);
    // The `when` (1 node) and a report value (1 node) count too.
    expect(problems(rule({ violation: tree(48) }))).toEqual([{ path: '$.violation', message: tooMany }]);
    expect(problems(rule({ violation: tree(47), report: { days_late: { late_by: 'returned_at', against: 'due_at', unit: 'days' } } }))).toEqual([
      { path: '$.report.days_late', message: tooMany },
    ]);
  });

  it('refuses lists of more than 50 operands', () => {
    const many = { any: Array.from({ length: 51 }, () => ({ present: 'due_at' })) };
    expect(problems(rule({ violation: many }))).toEqual([{ path: '$.violation', message: 'a list of more than 50 entries' }]);
  });

  it('refuses hostile nesting without recursing into it', () => {
    // 100,000 levels of objects and of arrays: built in a loop, refused after a few steps.
    let deepObject: unknown = { present: 'due_at' };
    for (let i = 0; i < 100_000; i++) deepObject = { not: deepObject };
    let deepArray: unknown = [];
    for (let i = 0; i < 100_000; i++) deepArray = [deepArray];
    expect(problems(rule({ violation: deepObject }))).toEqual([{ path: '$.violation', message: 'nested deeper than 8 levels' }]);
    expect(problems(rule({ violation: { all: deepArray } }))).toEqual([{ path: '$.violation', message: 'too large: more than 2000 values' }]);
    expect(problems(rule({ when: { any: [deepArray] } }))).toEqual([{ path: '$.when', message: 'too large: more than 2000 values' }]);
  });

  it('never throws, whatever the document', () => {
    // Trees of operator-shaped objects with junk inside, and arbitrary values, as rules and as rule sets.
    const junk = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 12 },
        fc.anything(),
        fc.dictionary(fc.constantFrom('all', 'any', 'not', 'cond', 'unknown_as', 'after', 'by', 'present', 'equals', 'count', 'late_by', 'against', 'unit', 'if', 'then', 'else', 'working_days_after', 'days'), tie('node'), { maxKeys: 3 }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.constantFrom('due_at', 'as_of', 'statutory_days', 'supplement_requests', 'minutes', 1, -1, 1e9, null, true),
      ),
    })).node;
    fc.assert(
      fc.property(junk, junk, fc.anything(), (violation, when, anything) => {
        expect(() => CheckRuleSchema.safeParse(rule({ violation, when }))).not.toThrow();
        expect(() => CheckRuleSchema.safeParse(rule({ report: { x: violation }, needs: when }))).not.toThrow();
        expect(() => CheckRuleSchema.safeParse(anything)).not.toThrow();
        expect(() => CheckRuleSetSchema.safeParse({ ...ONE_STOP_118_RULES, rules: [rule({ violation }), anything] })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it(`refuses more than ${MAX_CHECK_RULES} rules before parsing any`, () => {
    const rules = Array.from({ length: 100_000 }, () => ({ junk: true }));
    const set = { id: 'x', version: 1, checklist_code: 'ISO9001-MC', checklist_version: 1, title: { vi: 'X', en: 'X' }, rules };
    expect(problems(set, CheckRuleSetSchema)).toEqual([{ path: '$.rules', message: `at most ${MAX_CHECK_RULES} rules` }]);
  });
});

describe('the rule language', () => {
  it.each<[string, unknown, Array<{ path: string; message: string }>]>([
    ['an unknown operator', { aftr: ['returned_at', 'due_at'] }, [{ path: '$.violation', message: 'no operator: use one of all, any, not, unknown_as, present, missing, before, after, at_or_before, at_or_after, same_local_day, status_in, equals, more_than, at_least, less_than, at_most, exactly' }]],
    ['two operators', { after: ['returned_at', 'due_at'], before: ['returned_at', 'due_at'] }, [{ path: '$.violation', message: 'one operator per condition (found after, before)' }]],
    ['an extra key', { after: ['returned_at', 'due_at'], strict: true }, [{ path: '$.violation', message: 'Unrecognized key: "strict"' }]],
    ['by on same_local_day', { same_local_day: ['returned_at', 'due_at'], by: 'day' }, [{ path: '$.violation', message: 'Unrecognized key: "by"' }]],
    ['an unknown field', { present: 'returned' }, [{ path: '$.violation.present', message: expect.stringContaining('Invalid option') as unknown as string }]],
    ['an unknown time', { after: ['returned', 'due_at'] }, [{ path: '$.violation.after[0]', message: 'not a time: submitted_at, received_at, due_at, finished_at, returned_at, apology_issued_at, new_due_at, as_of, or an object' }]],
    ['a number where a time belongs', { after: [5, 'due_at'] }, [{ path: '$.violation.after[0]', message: 'a time is a field name, "as_of", { "working_days_after", "days" }, { "counting_start" } or { "if", "then", "else" }' }]],
    ['one time in a comparison', { after: ['returned_at'] }, [{ path: '$.violation.after', message: expect.stringContaining('Too small') as unknown as string }]],
    ['an unknown precision', { after: ['returned_at', 'due_at'], by: 'hour' }, [{ path: '$.violation.by', message: expect.stringContaining('Invalid option') as unknown as string }]],
    ['a status that is not canonical', { status_in: ['Đã trả kết quả'] }, [{ path: '$.violation.status_in[0]', message: expect.stringContaining('Invalid option') as unknown as string }]],
    ['a channel as a status', { equals: ['status', 'online'] }, [{ path: '$.violation.equals[1]', message: expect.stringContaining('status equals a canonical status') as unknown as string }]],
    ['a string for a boolean', { equals: ['apology_issued', 'true'] }, [{ path: '$.violation.equals[1]', message: 'apology_issued equals true or false' }]],
    ['a counting start with an extra key', { after: ['due_at', { counting_start: 'received_at', days: 1 }] }, [{ path: '$.violation.after[1]', message: 'Unrecognized key: "days"' }]],
    ['a counting start of a number', { after: ['due_at', { counting_start: 1 }] }, [{ path: '$.violation.after[1].counting_start', message: 'a time is a field name, "as_of", { "working_days_after", "days" }, { "counting_start" } or { "if", "then", "else" }' }]],
    ['a fractional number of working days', { after: ['due_at', { working_days_after: 'received_at', days: 1.5 }] }, [{ path: '$.violation.after[1].days', message: 'a whole number of working days from 0 to 2600' }]],
    ['a time field as a number', { more_than: ['due_at', 1] }, [{ path: '$.violation.more_than[0]', message: 'not a number field: statutory_days, apology_count' }]],
    ['an infinite number', { more_than: ['statutory_days', 1e300] }, [{ path: '$.violation.more_than[1]', message: 'a finite number between -1,000,000 and 1,000,000' }]],
    ['a late_by without unit', { more_than: [{ late_by: 'returned_at', against: 'due_at' }, 0] }, [{ path: '$.violation.more_than[0].unit', message: expect.stringContaining('Invalid option') as unknown as string }]],
    ['an empty all', { all: [] }, [{ path: '$.violation.all', message: expect.stringContaining('Too small') as unknown as string }]],
    ['a list as a condition', [{ present: 'due_at' }], [{ path: '$.violation', message: expect.stringContaining('a condition is an object with one operator') as unknown as string }]],
  ])('refuses %s with its path', (_, violation, expected) => {
    expect(problems(rule({ violation }))).toEqual(expected);
  });

  it('returns a valid tree exactly as given', () => {
    const tree: CheckCondition = {
      any: [
        { all: [{ status_in: ['returned'] }, { after: ['returned_at', { if: { equals: ['apology_issued', true] }, then: 'new_due_at', else: 'due_at' }], by: 'minute' }] },
        { unknown_as: false, cond: { at_least: [{ late_by: 'as_of', against: 'due_at', unit: 'working_days' }, 2] } },
        { same_local_day: ['apology_issued_at', { working_days_after: 'received_at', days: 'statutory_days' }] },
      ],
    };
    const parsed = CheckConditionSchema.parse(tree);
    expect(parsed).toBe(tree);
  });
});

describe('rules', () => {
  it.each<[string, Record<string, unknown>, Array<{ path: string; message: string }>]>([
    ['an unknown key', { severity: 'high' }, [{ path: '$', message: 'Unrecognized key: "severity"' }]],
    ['an id that is not kebab-case', { id: 'Returned_Late' }, [{ path: '$.id', message: 'kebab-case: lower-case letters and digits joined by single dashes' }]],
    ['conform as a suggestion', { suggests: 'conform' }, [{ path: '$.suggests', message: expect.stringContaining('Invalid option') as unknown as string }]],
    [
      'a field read but not needed',
      { needs: ['status', 'due_at'] },
      [
        { path: '$.needs', message: 'the rule reads returned_at: list them in needs' },
        { path: '$.explanation.vi', message: '{returned_at} is not a field in needs, a report value, as_of or missing' },
        { path: '$.explanation.en', message: '{returned_at} is not a field in needs, a report value, as_of or missing' },
      ],
    ],
    ['a field needed twice', { needs: ['status', 'returned_at', 'due_at', 'due_at'] }, [{ path: '$.needs', message: 'a field is listed twice' }]],
    ['an unknown placeholder', { explanation: { vi: 'Trễ {days_late} ngày.', en: 'Late.' } }, [{ path: '$.explanation.vi', message: '{days_late} is not a field in needs, a report value, as_of or missing' }]],
    ['a lone brace', { explanation: { vi: 'Trễ {days_late ngày.', en: 'Late.' } }, [{ path: '$.explanation.vi', message: 'a "{" without its "}" at 4' }]],
    ['a closing brace alone', { explanation: { vi: 'Trễ.', en: 'Late } now.' } }, [{ path: '$.explanation.en', message: 'a "}" without its "{" at 5' }]],
    ['a report value named like a field', { report: { due_at: 'due_at' } }, [{ path: '$.report.due_at', message: 'due_at is a field or message name: choose another' }]],
    ['an undecidable report that is not one', { undecidable: { report_as: 'pass' } }, [{ path: '$.undecidable.report_as', message: expect.stringContaining('Invalid option') as unknown as string }]],
    ['a missing basis', { basis: undefined }, [{ path: '$.basis', message: expect.stringContaining('Invalid input') as unknown as string }]],
    ['an English title with a line break', { title: { vi: 'Đúng hạn', en: 'On\ntime' } }, [{ path: '$.title.en', message: expect.stringContaining('line breaks are not allowed') as unknown as string }]],
  ])('refuses %s', (_, patch, expected) => {
    expect(problems(rule(patch))).toEqual(expected);
  });

  it('defaults undecidable to undecidable and accepts report values in messages', () => {
    const parsed = CheckRuleSchema.parse(
      rule({
        explanation: { vi: 'Trễ {days_late} ngày làm việc ({missing}, {as_of}).', en: 'Late {days_late} working days.' },
        report: { days_late: { late_by: 'returned_at', against: 'due_at', unit: 'working_days' } },
      }),
    );
    expect(parsed.undecidable).toEqual({ report_as: 'undecidable' });
  });

  it('refuses duplicate rule ids in a set', () => {
    const set = { ...ONE_STOP_118_RULES, rules: [ONE_STOP_118_RULES.rules[0], ONE_STOP_118_RULES.rules[0]] };
    expect(problems(set, CheckRuleSetSchema)).toEqual([{ path: '$.rules[1].id', message: 'duplicate rule id returned-late (first at rules[0])' }]);
  });

  it('finds placeholders', () => {
    expect(checkMessagePlaceholders('Hẹn {due_at}, trả {returned_at}.')).toEqual({ names: ['due_at', 'returned_at'] });
    expect(checkMessagePlaceholders('Không có.')).toEqual({ names: [] });
    expect(checkMessagePlaceholders('{Due}')).toEqual({ problem: '"{Due}" is not a placeholder (lower-case letters, digits, underscore)' });
  });
});

describe('the dossier record', () => {
  const base = { as_of: '2026-03-16T03:00:00Z' };

  it('tells a field not read (absent) from one read empty (null)', () => {
    expect(CheckDossierSchema.parse(base)).toEqual(base);
    expect(CheckDossierSchema.parse({ ...base, due_at: null })).toEqual({ ...base, due_at: null });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown field', { due: '2026-03-05' }, '$'],
    ['a status that is not canonical', { status: 'Đang xử lý' }, '$.status'],
    ['an unknown channel', { channel: 'email' }, '$.channel'],
    ['an instant without seconds', { due_at: '2026-03-05T16:30+07:00' }, '$.due_at'],
    ['an impossible date', { due_at: '2026-02-30' }, '$.due_at'],
    ['a date as as_of', { as_of: '2026-03-16' }, '$.as_of'],
    ['a negative time limit', { statutory_days: -1 }, '$.statutory_days'],
    ['a fractional count', { apology_count: 1.5 }, '$.apology_count'],
    ['a supplement without its time', { supplement_requests: [{}] }, '$.supplement_requests[0].requested_at'],
  ])('refuses %s', (_, patch, path) => {
    expect(problems({ ...base, ...patch }, CheckDossierSchema).map((p) => p.path)).toEqual([path]);
  });

  it('accepts instants with an offset, dates without an hour, and fractional time limits', () => {
    expect(CheckDossierSchema.safeParse({ ...base, due_at: '2026-03-05T16:30:00+07:00', returned_at: '2026-03-05', statutory_days: 0.5 }).success).toBe(true);
    expect(CheckDossierSchema.safeParse({ as_of: '2026-03-16T03:00:00.000Z' }).success).toBe(true);
    expect(CheckDossierSchema.safeParse({}).success).toBe(false);
  });
});
