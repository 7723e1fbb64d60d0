// The safe subset of profile regexes: the classic catastrophic patterns refused with a reason, every regex the demo
// profiles use accepted, and any accepted pattern fast on adversarial inputs of the length the reader allows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundRegexInput, isSafeRegex, REGEX_INPUT_LIMIT, unsafeRegexReason } from './safe-regex.ts';

/** Every distinct regex of the demo profiles and the anchoring fixtures (the extension's tests parse those files too). */
const DEMO_REGEXES = [
  '^(?<value>Chờ tiếp nhận|Mới tiếp nhận|Đang xử lý|Chờ bổ sung|Chờ trả kết quả|Đã trả kết quả|Từ chối|Dừng xử lý|Rút hồ sơ)',
  '^(?<value>Trực tiếp|Trực tuyến|Bưu chính|Qua dịch vụ bưu chính)',
  '^(?<value>Có|Không)',
  'hẹn lại (?<value>\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2})',
  '-(?<value>\\d{6})-\\d{4}$',
  '^(?<value>\\d\\.\\d{6})',
  '^(?<value>[A-Z]{2}\\d{9}VN)$',
  '(?<value>\\d+) ngày',
  'số thứ tự (?<value>\\d+)',
  '^(?<value>Đã đồng bộ|Lỗi đồng bộ|Chưa đồng bộ)',
  '^(?<value>[\\d.]+) đồng',
  '^(?<value>\\d+)',
  '(?<value>\\S+\\.pdf)',
  '(?<value>\\d+) giờ',
  '^(?<value>Trễ hạn)$',
  'trong (?<value>[0-9.,]+) hồ sơ',
  '^(?<value>\\d+)$',
  '^0*(?<value>\\d+) ngày',
  '^(?<value>Đã ban hành|Không)',
  'ngày (?<value>\\d{2}/\\d{2}/\\d{4})$',
  '^Đơn số (?<value>\\d+)',
  '^(?!—$)(?<value>.+)$',
  '^(?<value>\\S+\\.pdf)$',
  '^(?<value>[^—\\s]+@\\S+)$',
  '^(?<value>\\d+) giờ$',
  '^\\d+\\. (?<value>.+)$',
  '^(?!Không có ghi chú)(?<value>.+)$',
  '(\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2})',
];

describe('safe profile regexes', () => {
  it.each([
    '(?<value>[0-9.]+H\\d+-\\d{6}-\\d{4})',
    '\\d+(?: ngày| giờ)',
    '(?:\\d+,)?\\d+x',
    '(\\d{2}/){2}\\d{4}',
    '(?:(?!—).)+',
    '(?<=Mã: )\\S+',
    '\\p{Lu}{2}\\d{9}VN',
    '\\u{1F600}|\\uD83D\\uDE00|\\x41\\cA',
    '[\\]\\\\]+x',
    'a{0,100}',
    '(?:ab)+c',
  ])('accepts %s', (source) => {
    expect(unsafeRegexReason(source)).toBeNull();
  });

  it.each(DEMO_REGEXES)('accepts the demo profiles\' %s', (source) => {
    expect(unsafeRegexReason(source)).toBeNull();
  });

  it.each<[string, string]>([
    ['^(a+)+$', 'nested quantifier'],
    ['(a*)*', 'nested quantifier'],
    ['(a|aa)+', 'nested quantifier'],
    ['(\\w+\\s?)*', 'nested quantifier'],
    ['(?:a?a?){2,}', 'nested quantifier'],
    ['(?:\\d{1,3}){5}', 'nested quantifier'],
    ['(?:(?=a+)b)+', 'nested quantifier'],
    ['(a)\\1', 'backreferences are not allowed'],
    ['(?<x>a)\\k<x>', 'backreferences are not allowed'],
    ['(?<=a+)b', 'a lookbehind must have a bounded length'],
    ['(?<!\\d{2,})x', 'a lookbehind must have a bounded length'],
    ['a{1,101}', 'a count above 100'],
    ['a{101}', 'a count above 100'],
    ['a{101,}', 'a count above 100'],
    ['.*.*x', 'may backtrack too long'],
    ['\\d+\\d+x', 'may backtrack too long'],
    ['^a*a*a*b', 'may backtrack too long'],
    ['\\d{1,100}\\d{1,100}\\d{1,100}x', 'may backtrack too long'],
    ['^(?:\\s*)?.*.*!', 'may backtrack too long'],
    ['\\d+(?:a\\d+)?\\d+x', 'may backtrack too long'],
    ['a'.repeat(201), 'at most 200 characters'],
    ['([', 'not a valid regular expression'],
    ['\\1', 'not a valid regular expression'],
  ])('refuses %s: %s', (source, reason) => {
    expect(unsafeRegexReason(source)).toContain(reason);
  });

  it('refuses inline modifiers, whether or not the runtime knows them', () => {
    expect(isSafeRegex('(?i:a)')).toBe(false);
  });

  it('cuts texts to the input limit, never inside a surrogate pair', () => {
    expect(boundRegexInput('abc')).toBe('abc');
    expect(boundRegexInput('x'.repeat(5000))).toHaveLength(REGEX_INPUT_LIMIT);
    const astral = `${'x'.repeat(REGEX_INPUT_LIMIT - 1)}😀`;
    expect(boundRegexInput(astral)).toBe('x'.repeat(REGEX_INPUT_LIMIT - 1));
  });
});

// ── Property: whatever is accepted runs fast ─────────────────────────────────────────────────────────────────

/** Random patterns over a small alphabet, with the constructs that make backtracking blow up. */
const patternArb: fc.Arbitrary<string> = fc.letrec<{ seq: string; term: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', '1', ' ', '!', '.', '\\d', '\\w', '\\s', '\\S', '[ab]', '[^b]', '[a1 ]', '\\b'),
    fc.tuple(fc.constantFrom('(?:', '(', '(?=', '(?!', '(?<=', '(?<!'), tie('seq'), fc.array(tie('seq'), { maxLength: 2 })).map(([open, first, rest]) => `${open}${[first, ...rest].join('|')})`),
  ),
  term: fc.tuple(tie('atom'), fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,5}', '{0,100}', '{3,}', '+?')).map(([a, q]) => a + q),
  seq: fc.array(tie('term'), { minLength: 1, maxLength: 5 }).map((terms) => terms.join('')),
})).seq.chain((body) => fc.constantFrom(body, `^${body}`, `${body}$`, `^${body}$`));

/** The classic adversarial inputs: a unit repeated up to the limit, then a character that makes the match fail. */
const inputArb = fc.oneof(
  fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', 'x'), minLength: 1, maxLength: 3 }), fc.constantFrom('!', '', 'x', '\n'), fc.integer({ min: 10, max: 5000 })).map(([unit, tail, length]) => unit.repeat(Math.ceil(length / unit.length)) + tail),
  fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '!', 'x'), maxLength: REGEX_INPUT_LIMIT }),
);

function timeMatch(source: string, text: string): number {
  const re = new RegExp(source, 'u');
  const started = Date.now();
  re.exec(boundRegexInput(text));
  return Date.now() - started;
}

describe('an accepted pattern cannot run long', () => {
  it('refuses what takes long, and what it accepts runs in a few milliseconds even on adversarial input', () => {
    let accepted = 0;
    fc.assert(
      fc.property(patternArb, fc.array(inputArb, { minLength: 1, maxLength: 3 }), (source, inputs) => {
        if (!isSafeRegex(source)) return;
        accepted++;
        const texts = ['a'.repeat(50) + '!', '1'.repeat(REGEX_INPUT_LIMIT), 'a '.repeat(REGEX_INPUT_LIMIT), ...inputs];
        for (const text of texts) expect(timeMatch(source, text), `${source} on ${JSON.stringify(text.slice(0, 20))}… (${text.length})`).toBeLessThan(250);
      }),
      { numRuns: 600 },
    );
    // The generator must reach the accepted subset often enough for the property to mean something.
    expect(accepted).toBeGreaterThan(60);
  });

  it.each<[string, string]>([
    ['\\d{1,100}\\d{1,100}x', '1'.repeat(REGEX_INPUT_LIMIT)],
    ['^\\d*\\d*x', '1'.repeat(REGEX_INPUT_LIMIT)],
    ['(?<value>\\d+) ngày', '1'.repeat(10 * REGEX_INPUT_LIMIT)],
    ['^(?<value>[^—\\s]+@\\S+)$', 'a@'.repeat(REGEX_INPUT_LIMIT)],
    ['\\d+(?:\\.\\d+)?x', '1.'.repeat(REGEX_INPUT_LIMIT)],
  ])('accepts %s, near the limit, and runs it fast on the worst input', (source, text) => {
    expect(isSafeRegex(source)).toBe(true);
    expect(timeMatch(source, text)).toBeLessThan(250);
  });

  it('is a real limit: the refused classics take long on the same inputs', () => {
    // Kept small so the test stays quick: 25 characters already take a measurable time for `^(a+)+$`.
    expect(timeMatch('^(a+)+$', 'a'.repeat(24) + '!')).toBeGreaterThan(timeMatch('^a+$', 'a'.repeat(24) + '!'));
  });
});
