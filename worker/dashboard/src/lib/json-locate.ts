// Where each value sits in a JSON text: maps `$.items[3].clause`-style paths (the API's error paths) to line and
// column, so validation errors can be shown at their place in the editor.

export interface TextPlace {
  line: number;
  column: number;
  offset: number;
}

/** Parses `text` just enough to record the start of every value by path; stops quietly on a syntax error. */
export function locateJsonPaths(text: string): Map<string, TextPlace> {
  const places = new Map<string, TextPlace>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const place = (): TextPlace => ({ line, column: i - lineStart + 1, offset: i });
  const ws = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      } else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      i++;
    }
  };
  const str = (): string => {
    // assumes text[i] === '"'
    let out = '';
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        out += text[i + 1] ?? '';
        i += 2;
      } else {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        out += text[i];
        i++;
      }
    }
    i++;
    return out;
  };
  const value = (path: string, depth: number): void => {
    if (depth > 64) throw new Error('too deep');
    ws();
    places.set(path, place());
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Error('key');
        const keyPlace = place();
        const key = str();
        const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
        ws();
        if (text[i] !== ':') throw new Error(':');
        i++;
        value(child, depth + 1);
        // A key's error is better shown on the key line than on its value.
        if (!places.has(`${child}#key`)) places.set(`${child}#key`, keyPlace);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        throw new Error('object');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`, depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        throw new Error('array');
      }
    }
    if (c === '"') {
      str();
      return;
    }
    while (i < text.length && /[^,\]}\s]/.test(text[i] ?? '')) i++;
  };
  try {
    value('$', 0);
  } catch {
    // keep what was found before the syntax error
  }
  return places;
}

/** The place of a path, or of its nearest parent that has one. */
export function placeOf(places: Map<string, TextPlace>, path: string): TextPlace | undefined {
  let p = path;
  for (;;) {
    const hit = places.get(`${p}#key`) ?? places.get(p);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return places.get('$');
    p = p.slice(0, cut);
  }
}

/** Line and column of a JSON.parse error, from its message (V8: "… at position 123" or "(line 4 column 5)"). */
export function syntaxErrorPlace(text: string, err: unknown): TextPlace | undefined {
  const msg = err instanceof Error ? err.message : String(err);
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), offset: 0 };
  const pos = /position (\d+)/.exec(msg);
  if (!pos) return undefined;
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n'), offset };
}

export { issuePath } from '@onestop/shared';
