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
