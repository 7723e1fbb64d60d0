// The safe subset of JavaScript regular expressions a site profile may hold (issue 13, "Broad reach"). A profile's
// regex runs in the content script on every dossier page the profile matches, on text the page controls: a pattern
// with catastrophic backtracking (`^(a+)+$` on `aaaa…!`) would freeze the inspector's tab. So a profile regex is
//
//   - at most 200 characters long, valid with the `u` flag (the flag the reader compiles it with);
//   - free of backreferences (`\1`, `\k<name>`) and of lookbehinds of unbounded length;
//   - free of nested quantifiers: a group repeated more than once (`*`, `+`, `{n,m}` with m > 1) may hold neither a
//     quantifier with a choice of counts nor an alternation (`(a+)+`, `(a*)*`, `(a|aa)+`, `(\w+\s?)*` are refused;
//     `(\d{2}/){2}` is fine);
//   - bounded in its counts: `{n}`, `{n,}` and `{n,m}` with n and m at most 100;
//   - cheap in the worst case on an input of REGEX_INPUT_LIMIT characters: an estimate of the backtracking paths (see
//     `worstCaseCost`) stays under REGEX_COST_LIMIT, which refuses chains of overlapping unbounded quantifiers
//     (`.*.*x`, `\d+\d+$`) while keeping the usual `^0*(?<value>\d+) ngày` or `trong (?<value>[\d.]+) hồ sơ`.
//
// The check walks the pattern's tokens with a small parser of its own (escapes, classes, groups, alternation,
// quantifiers); it does not use regular expressions to judge regular expressions. At run time the reader also cuts
// every text to REGEX_INPUT_LIMIT characters before matching (`boundRegexInput`), which is what makes the estimate a
// bound.

/** The longest profile regex, in UTF-16 code units. */
export const REGEX_MAX_LENGTH = 200;
/** The largest count a quantifier may name (`{n}`, `{n,}`, `{n,m}`). */
export const REGEX_MAX_REPEAT = 100;
/** The longest text a profile regex is applied to: longer texts are cut first (`boundRegexInput`). */
export const REGEX_INPUT_LIMIT = 2000;
/**
 * The largest worst-case estimate of backtracking paths accepted (see `worstCaseCost`): eight times the square of the
 * input limit (V8 walks that many in a few tens of milliseconds). It takes one unbounded quantifier anywhere
 * (`(?<value>\d+) ngày`, `\d+(?:\.\d+)?`), or two overlapping ones after a `^` (`^0*(?<value>\d+) ngày`), but not
 * two overlapping ones that may start anywhere (`\d+\d+x`, about a second on 2,000 digits) nor three after a `^`
 * (`^a*a*a*b`, minutes).
 */
export const REGEX_COST_LIMIT = 8 * REGEX_INPUT_LIMIT * REGEX_INPUT_LIMIT;

/** Cuts a text to the length a profile regex may run on, without splitting a surrogate pair. */
export function boundRegexInput(text: string): string {
  if (text.length <= REGEX_INPUT_LIMIT) return text;
  const code = text.charCodeAt(REGEX_INPUT_LIMIT - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? REGEX_INPUT_LIMIT - 1 : REGEX_INPUT_LIMIT;
  return text.slice(0, end);
}

// ── The parse tree ───────────────────────────────────────────────────────────────────────────────────────────

type Node =
  /** One character: a literal (`literal` set), an escape class (`\d`, `\p{L}`), a class (`[^,]`) or `.`. */
  | { kind: 'char'; source: string; literal: string | null }
  /** `^`, `$`, `\b`, `\B`: consumes nothing. */
  | { kind: 'assert'; source: string }
  | { kind: 'look'; behind: boolean; body: Alt }
  | { kind: 'group'; body: Alt }
  | { kind: 'repeat'; min: number; max: number; atom: Node };
type Seq = Node[];
type Alt = Seq[];

class Refused extends Error {}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** A recursive-descent reader of a pattern already known to be valid with the `u` flag. */
class Parser {
  private pos = 0;
  private readonly src: string;
  constructor(src: string) {
    this.src = src;
  }

  parse(): Alt {
    const alt = this.alternation();
    if (this.pos !== this.src.length) throw new Refused(`unexpected ${this.src[this.pos]} at ${this.pos}`);
    return alt;
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private alternation(): Alt {
    const alt: Alt = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      alt.push(this.sequence());
    }
    return alt;
  }

  private sequence(): Seq {
    const seq: Seq = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) seq.push(this.term());
    return seq;
  }

  private term(): Node {
    const atom = this.atom();
    const quantified = this.quantifier(atom);
    return quantified ?? atom;
  }

  private atom(): Node {
    const c = this.peek();
    if (c === '^' || c === '$') {
      this.pos++;
      return { kind: 'assert', source: c };
    }
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '.') {
      this.pos++;
      return { kind: 'char', source: '.', literal: null };
    }
    if (c === '\\') return this.escape();
    // A literal character, astral ones included.
    const cp = this.src.codePointAt(this.pos) ?? 0;
    const ch = String.fromCodePoint(cp);
    this.pos += ch.length;
    return { kind: 'char', source: ch, literal: ch };
  }

  private group(): Node {
    const start = this.pos;
    this.pos++; // (
    let look: { behind: boolean } | null = null;
    if (this.peek() === '?') {
      const next = this.peek(1);
      if (next === ':') {
        this.pos += 2;
      } else if (next === '=' || next === '!') {
        this.pos += 2;
        look = { behind: false };
      } else if (next === '<' && (this.peek(2) === '=' || this.peek(2) === '!')) {
        this.pos += 3;
        look = { behind: true };
      } else if (next === '<') {
        // A named group: `(?<value>…)`.
        const close = this.src.indexOf('>', this.pos);
        if (close < 0) throw new Refused(`unterminated group name at ${start}`);
        this.pos = close + 1;
      } else {
        throw new Refused(`unsupported group (?${next ?? ''} at ${start}: use (?:…), (?<name>…) or a lookaround`);
      }
    }
    const body = this.alternation();
    if (this.peek() !== ')') throw new Refused(`unterminated group at ${start}`);
    this.pos++;
    return look === null ? { kind: 'group', body } : { kind: 'look', behind: look.behind, body };
  }

  private characterClass(): Node {
    const start = this.pos;
    this.pos++; // [
    if (this.peek() === '^') this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Refused(`unterminated class at ${start}`);
      this.pos++;
      if (c === ']') break;
      // Whatever follows a backslash is part of the class (`\]`, `\\`, `\p{L}`: its name holds no `]`).
      if (c === '\\') this.pos++;
    }
    return { kind: 'char', source: this.src.slice(start, this.pos), literal: null };
  }

  private escape(): Node {
    const start = this.pos;
    const c = this.peek(1);
    if (c === undefined) throw new Refused('a pattern cannot end with a backslash');
    this.pos += 2;
    const char = (literal: string | null): Node => ({ kind: 'char', source: this.src.slice(start, this.pos), literal });
    if (c === 'b' || c === 'B') return { kind: 'assert', source: `\\${c}` };
    if (c >= '1' && c <= '9') throw new Refused(`backreferences are not allowed (\\${c} at ${start})`);
    if (c === 'k') throw new Refused(`backreferences are not allowed (\\k at ${start})`);
    if ('dDwWsS'.includes(c)) return char(null);
    if (c === 'p' || c === 'P') {
      const close = this.src.indexOf('}', this.pos);
      if (this.peek() !== '{' || close < 0) throw new Refused(`a property escape needs braces (at ${start})`);
      this.pos = close + 1;
      return char(null);
    }
    if (c === 'u') {
      if (this.peek() === '{') {
        const close = this.src.indexOf('}', this.pos);
        if (close < 0) throw new Refused(`unterminated \\u{…} at ${start}`);
        const cp = Number.parseInt(this.src.slice(this.pos + 1, close), 16);
        this.pos = close + 1;
        return char(String.fromCodePoint(cp));
      }
      const unit = Number.parseInt(this.src.slice(this.pos, this.pos + 4), 16);
      this.pos += 4;
      // A surrogate pair written as two escapes is one character.
      if (unit >= 0xd800 && unit <= 0xdbff && this.src.startsWith('\\u', this.pos)) {
        const low = Number.parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16);
        if (low >= 0xdc00 && low <= 0xdfff) {
          this.pos += 6;
          return char(String.fromCharCode(unit, low));
        }
      }
      return char(String.fromCharCode(unit));
    }
    if (c === 'x') {
      const code = Number.parseInt(this.src.slice(this.pos, this.pos + 2), 16);
      this.pos += 2;
      return char(String.fromCharCode(code));
    }
    if (c === 'c') {
      const letter = this.peek() ?? 'A';
      this.pos++;
      return char(String.fromCharCode(letter.charCodeAt(0) % 32));
    }
    const controls: Record<string, string> = { t: '\t', n: '\n', r: '\r', v: '\v', f: '\f', '0': '\0' };
    // With the `u` flag every other escape is a syntax character, `/` or `-`, standing for itself.
    return char(controls[c] ?? c);
  }

  /** A quantifier after `atom`, if any; null when there is none. */
  private quantifier(atom: Node): Node | null {
    const c = this.peek();
    let min: number;
    let max: number;
    const at = this.pos;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{' && isDigit(this.peek(1))) {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0) throw new Refused(`unterminated quantifier at ${at}`);
      const body = this.src.slice(this.pos + 1, close);
      const comma = body.indexOf(',');
      min = Number(comma < 0 ? body : body.slice(0, comma));
      max = comma < 0 ? min : comma === body.length - 1 ? Infinity : Number(body.slice(comma + 1));
      if (min > REGEX_MAX_REPEAT || (max !== Infinity && max > REGEX_MAX_REPEAT)) {
        throw new Refused(`a count above ${REGEX_MAX_REPEAT} ({${body}} at ${at})`);
      }
      this.pos = close;
    } else {
      return null;
    }
    this.pos++;
    if (this.peek() === '?') this.pos++; // lazy: the same paths in another order
    if (atom.kind === 'assert' || atom.kind === 'look') throw new Refused(`a quantified assertion at ${at}`);
    if (max > 1 && hasChoice(atom)) {
      throw new Refused(
        `nested quantifier at ${at}: a repeated group may hold neither a quantifier nor an alternation (such as (a+)+ or (a|aa)*); use a character class ([ab]+) or a single quantifier`,
      );
    }
    return { kind: 'repeat', min, max, atom };
  }
}

// ── Analyses ─────────────────────────────────────────────────────────────────────────────────────────────────

/** True when the node can match in more than one way: a quantifier with a choice of counts, or an alternation. */
function hasChoice(node: Node): boolean {
  switch (node.kind) {
    case 'char':
    case 'assert':
      return false;
    case 'look':
    case 'group':
      return node.body.length > 1 || node.body.some((seq) => seq.some(hasChoice));
    case 'repeat':
      return node.min !== node.max || hasChoice(node.atom);
  }
}

/** The longest text a node can match (Infinity when unbounded). */
function maxLength(node: Node): number {
  switch (node.kind) {
    case 'char':
      return node.literal?.length ?? 2;
    case 'assert':
    case 'look':
      return 0;
    case 'group':
      return Math.max(...node.body.map((seq) => seq.reduce((n, t) => n + maxLength(t), 0)));
    case 'repeat':
      return node.max === 0 ? 0 : node.max * maxLength(node.atom);
  }
}

function checkLookbehinds(alt: Alt): void {
  for (const seq of alt) {
    for (const node of seq) {
      if (node.kind === 'look') {
        if (node.behind && !Number.isFinite(maxLength({ kind: 'group', body: node.body }))) {
          throw new Refused('a lookbehind must have a bounded length (no *, + or {n,} inside it)');
        }
        checkLookbehinds(node.body);
      } else if (node.kind === 'group') {
        checkLookbehinds(node.body);
      } else if (node.kind === 'repeat') {
        checkLookbehinds([[node.atom]]);
      }
    }
  }
}

/** Whether `node` might consume the character `c` (true when it cannot tell: groups). */
function mayConsume(node: Node, c: string): boolean {
  switch (node.kind) {
    case 'assert':
    case 'look':
      return false;
    case 'group':
      return true;
    case 'repeat':
      return node.max > 0 && mayConsume(node.atom, c);
    case 'char':
      if (node.literal !== null) return node.literal === c;
      try {
        // One character against one class: the class's own meaning, not a pattern judging a pattern.
        return new RegExp(`^(?:${node.source})$`, 'u').test(c);
      } catch {
        return true;
      }
  }
}

/** Unquantified groups of one alternative are part of the sequence around them (`(?<value>\d+)` in `x(?<value>\d+)y`). */
function flatten(seq: Seq): Seq {
  return seq.flatMap((node) => (node.kind === 'group' && node.body.length === 1 ? flatten(node.body[0] ?? []) : [node]));
}

/** The literal characters every match of `node` starts with; null when it may start otherwise or match nothing. */
function firstLiterals(node: Node): string[] | null {
  switch (node.kind) {
    case 'char':
      return node.literal === null ? null : [node.literal];
    case 'repeat':
      return node.min >= 1 ? firstLiterals(node.atom) : null;
    case 'group': {
      const found: string[] = [];
      for (const seq of node.body) {
        const first = flatten(seq)[0];
        const literals = first === undefined ? null : firstLiterals(first);
        if (literals === null) return null;
        found.push(...literals);
      }
      return found;
    }
    default:
      return null;
  }
}

/** True when no term of `run` can consume any of `literals`: the run must end right before one of them. */
const fixesRun = (run: readonly Node[], literals: readonly string[] | null) =>
  literals !== null && run.length > 0 && run.every((t) => literals.every((c) => !mayConsume(t, c)));

interface Cost {
  /** Paths explored from one start position, in the worst case. */
  work: number;
  /** Distinct ways of reaching the end of the node, which whatever follows is tried once each. */
  ways: number;
}

/**
 * An estimate of the backtracking paths a sequence explores from one start, on an input of REGEX_INPUT_LIMIT
 * characters. Each term is tried once per way of reaching it, and multiplies those ways by its own: a quantifier by
 * the number of counts it may take, an alternation by its alternatives. A literal character that none of the terms
 * since the last such character can consume fixes where they end, so one repeat among them no longer multiplies
 * (`\d+` in `(?<value>\d+) ngày` must end right before the space: ` ngày` is tried once, not once per count).
 */
function sequenceCost(seq: Seq): Cost {
  const n = REGEX_INPUT_LIMIT;
  let total = 0;
  let reaching = 1;
  /** The terms since the last fixing character, and the largest count of a plain repeat among them. */
  let run: Node[] = [];
  let widest = 1;
  let previous: Node | null = null;
  for (const node of flatten(seq)) {
    // Characters in a row are one step of a path: the engine compares them in order and stops at the first mismatch.
    const sameStep = node.kind === 'char' && previous?.kind === 'char';
    previous = node;
    if (fixesRun(run, firstLiterals(node))) {
      reaching /= widest;
      run = [];
      widest = 1;
    }
    let cost: Cost = { work: 1, ways: 1 };
    if (node.kind === 'look') {
      cost = { work: alternationCost(node.body).work, ways: 1 };
    } else if (node.kind === 'group') {
      cost = alternationCost(node.body);
    } else if (node.kind === 'repeat' && hasChoice(node.atom)) {
      // Only `?` reaches here (a repeated choice was refused): the atom's ways, or skipping it. Taking the atom needs
      // its first character: when the terms before cannot consume it, they end at one place (`\d+(?:\.\d+)?`).
      const inner = node.atom.kind === 'group' ? alternationCost(node.atom.body) : sequenceCost([node.atom]);
      const take = fixesRun(run, firstLiterals(node.atom)) ? reaching / widest : reaching;
      total += take * inner.work + reaching;
      reaching += take * inner.ways;
      run.push(node);
      continue;
    } else if (node.kind === 'repeat') {
      const counts = Math.min(node.max, n) - Math.min(node.min, n) + 1;
      // Each count also steps over the atom once more: a group of fixed length is still worth its counts.
      cost = { work: counts, ways: counts };
      widest = Math.max(widest, counts);
    }
    if (!sameStep) total += reaching * cost.work;
    reaching *= cost.ways;
    run.push(node);
  }
  return { work: total, ways: reaching };
}

function alternationCost(alt: Alt): Cost {
  return alt.reduce<Cost>(
    (sum, seq) => {
      const c = sequenceCost(seq);
      return { work: sum.work + c.work, ways: sum.ways + c.ways };
    },
    { work: 0, ways: 0 },
  );
}

/** Every alternative starts with `^` (without the `m` flag: only the first position is tried past it). */
function anchoredAtStart(alt: Alt): boolean {
  return alt.every((seq) => {
    const first = flatten(seq)[0];
    return first !== undefined && (first.kind === 'assert' ? first.source === '^' : first.kind === 'group' && anchoredAtStart(first.body));
  });
}

/** The estimate of `sequenceCost` over every start position of an input of REGEX_INPUT_LIMIT characters. */
function worstCaseCost(alt: Alt): number {
  const perStart = alternationCost(alt).work;
  return anchoredAtStart(alt) ? perStart + REGEX_INPUT_LIMIT : perStart * (REGEX_INPUT_LIMIT + 1);
}

/**
 * Why `source` is not a safe profile regex, or null when it is (see the top of this file). The reason is a short
 * English sentence for a 422's message.
 */
export function unsafeRegexReason(source: string): string | null {
  if (source.length > REGEX_MAX_LENGTH) return `at most ${REGEX_MAX_LENGTH} characters`;
  try {
    new RegExp(source, 'u');
  } catch {
    return 'not a valid regular expression';
  }
  try {
    const tree = new Parser(source).parse();
    checkLookbehinds(tree);
    if (worstCaseCost(tree) > REGEX_COST_LIMIT) {
      return 'may backtrack too long: overlapping quantifiers such as .*.* or \\d+\\d+ (anchor it with ^, separate the parts with a literal, or bound the counts)';
    }
    return null;
  } catch (e) {
    if (e instanceof Refused) return e.message;
    throw e;
  }
}

/** True when `source` is a safe profile regex. */
export const isSafeRegex = (source: string) => unsafeRegexReason(source) === null;
