// CSS selectors for anchors: a short, structural path (`#id` when unique, else `tag:nth-of-type(n)` steps), since
// dossier systems often render utility-class markup with no ids or data attributes.

const MAX_SELECTOR = 1000;
const SIMPLE_ID = /^[A-Za-z][\w-]*$/;

function escapeId(id: string): string {
  return SIMPLE_ID.test(id) ? id : CSS.escape(id);
}

function step(el: Element): string {
  const tag = el.localName;
  const parent = el.parentElement;
  if (!parent) return tag;
  let index = 0;
  let count = 0;
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (c.localName === tag) {
      count += 1;
      if (c === el) index = count;
    }
  }
  return count > 1 ? `${tag}:nth-of-type(${index})` : tag;
}

/** A selector that finds `el` from its document, or null when `el` is inside a shadow root or detached. */
export function cssPathFor(el: Element): string | null {
  const doc = el.ownerDocument;
  if (el.getRootNode() !== doc) return null;
  const parts: string[] = [];
  for (let cur: Element | null = el; cur && cur !== doc.documentElement; cur = cur.parentElement) {
    const id = cur.getAttribute('id');
    if (id && doc.querySelectorAll(`#${escapeId(id)}`).length === 1) {
      parts.unshift(`#${escapeId(id)}`);
      break;
    }
    if (cur.localName === 'body') {
      parts.unshift('body');
      break;
    }
    parts.unshift(step(cur));
  }
  const selector = parts.join(' > ');
  return selector.length > 0 && selector.length <= MAX_SELECTOR ? selector : null;
}

const PATH_STEP = /^([a-z][a-z0-9-]*)(?::nth-of-type\((\d+)\))?$/;

/**
 * A resolver for selectors made by `cssPathFor`, for one state of the page: it walks down from the path's start
 * (`#id` or `body`) instead of matching the whole document, and keeps each parent's children by tag, so 200 anchors
 * in one table look up its rows once. (`querySelector` tries every cell of a 2,000-row table against
 * `td:nth-of-type(3)` and its ancestors: ≈ 0.7 ms a lookup in Chromium.) Any other selector, or a path this grammar
 * does not read, goes to `querySelector`, with the same answer.
 */
export function cssPathResolver(doc: Document): (selector: string) => Element | null {
  const byTag = new Map<Element, Map<string, Element[]>>();
  const childrenOf = (parent: Element, tag: string): Element[] => {
    let tags = byTag.get(parent);
    if (!tags) {
      tags = new Map();
      for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
        const list = tags.get(c.localName);
        if (list) list.push(c);
        else tags.set(c.localName, [c]);
      }
      byTag.set(parent, tags);
    }
    return tags.get(tag) ?? [];
  };
  return (selector) => {
    const parts = selector.split(' > ');
    const first = parts[0] ?? '';
    let cur: Element | null = null;
    if (first === 'body') cur = doc.body;
    else if (first.startsWith('#') && SIMPLE_ID.test(first.slice(1))) {
      cur = doc.getElementById(first.slice(1));
      // An id the page repeats: let the selector engine decide, as it would have.
      if (cur && doc.querySelectorAll(first).length !== 1) return safeQuery(doc, selector);
    } else return safeQuery(doc, selector);
    for (let i = 1; i < parts.length && cur; i++) {
      const m = PATH_STEP.exec(parts[i] ?? '');
      if (!m) return safeQuery(doc, selector);
      cur = childrenOf(cur, m[1] ?? '')[(m[2] === undefined ? 1 : Number(m[2])) - 1] ?? null;
    }
    return cur;
  };
}

/** One lookup of a `cssPathFor` selector (see `cssPathResolver`). */
export const resolveCssPath = (doc: Document, selector: string): Element | null => cssPathResolver(doc)(selector);

/** `querySelector` that never throws on a bad selector. */
export function safeQuery(root: ParentNode, selector: string): Element | null {
  try {
    return root.querySelector(selector);
  } catch {
    return null;
  }
}

/** `querySelectorAll` that never throws on a bad selector. */
export function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

/**
 * Resolves a site-profile CSS path: one selector, or a list where each next selector is looked up inside the open
 * shadow root of the previous match (or inside the match itself when it has none).
 */
export function queryPath(root: ParentNode, path: string | readonly string[]): Element[] {
  const steps = typeof path === 'string' ? [path] : path;
  let scopes: ParentNode[] = [root];
  let found: Element[] = [];
  steps.forEach((sel, i) => {
    found = scopes.flatMap((s) => safeQueryAll(s, sel));
    if (i < steps.length - 1) scopes = found.map((el) => (el as HTMLElement).shadowRoot ?? el);
  });
  return found;
}
