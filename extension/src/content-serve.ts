// The zod-free half of runtime messaging: what the overlay content script needs (issue 14: its budget carries no
// schema library). The envelope, the errors, who sent a message (`senderKind`), calls to the background, and the
// content script's side of the catalogue, whose few requests are checked by hand. `content-serve.test.ts` proves on
// fuzzed input that these checks accept and refuse what the zod/mini schemas of messages.ts accept and refuse, and
// answer the same value; the background and the side panel keep parsing with the schemas (messaging.ts).
import { browser, type Browser } from 'wxt/browser';
import type { BackgroundMessages, ContentMessages, Req, Res, SenderKind } from './messages.ts';

export type Target = 'background' | 'content' | 'panel';

export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

/** A failure answered by the receiver (or no receiver at all). */
export class MessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throw this from a handler to answer with a code the caller can act on. */
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function envelope(target: Target, name: string, payload: unknown) {
  return { onestop: 1 as const, target, name, payload };
}

export function unwrap<T>(reply: unknown): T {
  const r = reply as Reply | undefined;
  if (r === undefined || r === null || typeof r !== 'object' || !('ok' in r)) throw new MessageError('no_receiver', 'Nobody answered the message');
  if (!r.ok) throw new MessageError(r.error.code, r.error.message);
  return r.value as T;
}

export function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof HandlerError || err instanceof MessageError) return { code: err.code, message: err.message };
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}

export async function callBackground<K extends keyof BackgroundMessages>(name: K, payload: Req<BackgroundMessages, K>): Promise<Res<BackgroundMessages, K>> {
  return unwrap(await browser.runtime.sendMessage(envelope('background', name, payload)));
}

/**
 * What kind of context sent a message, from what the browser (not the message) says:
 *
 * - `extension`: this extension's own pages and its background (the side panel, also when opened as a tab, the
 *   options page): `sender.id` is ours and `sender.url` is on the extension's origin, and a tab it came from shows the
 *   extension's page. The background's `tabs.sendMessage` to a content script may come without a URL: then no tab.
 * - `content`: the overlay content script in the top frame of a web page's tab (`sender.tab`, `frameId` 0, an
 *   http(s) URL). This world shares the dossier page's process: whatever the overlay may ask, a hostile page may ask.
 * - null: anything else (another extension, a frame, a tab-less message with a web URL): always refused.
 */
export function senderKind(sender: Browser.runtime.MessageSender): SenderKind | null {
  if (!sender || sender.id !== browser.runtime.id) return null;
  const origin = browser.runtime.getURL('/');
  const own = (url: string | undefined) => url !== undefined && url.startsWith(origin);
  if (own(sender.url)) return sender.tab === undefined || own(sender.tab.url) ? 'extension' : null;
  if (sender.url === undefined) return sender.tab === undefined ? 'extension' : null;
  if (sender.tab?.id !== undefined && sender.frameId === 0 && /^https?:\/\//.test(sender.url)) return 'content';
  return null;
}

// ── The envelope and the content messages' requests, checked by hand ───────────────────────────────────────────

/** A plain object as zod's `z.object` takes one: not null, not an array. */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Code points, as zod counts a string's length: a surrogate pair once, a lone surrogate as itself. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * A string of `min` to `max` code points (zod's `minLength`/`maxLength`). A code point is one or two UTF-16 units:
 * counted only when the units leave it in doubt, and never for a string too long to fit whatever it holds.
 */
function isText(v: unknown, max: number, min = 0): v is string {
  if (typeof v !== 'string' || v.length > 2 * max) return false;
  const n = v.length <= max && v.length >= 2 * min ? v.length : codePoints(v);
  return n >= min && n <= max;
}

const TARGETS: readonly unknown[] = ['background', 'content', 'panel'];

/** The envelope of a message (messaging.ts `EnvelopeSchema`, whose `payload` key must be there, even undefined), or null. */
export function parseEnvelope(message: unknown): { onestop: 1; target: Target; name: string; payload: unknown } | null {
  if (!isObject(message) || message.onestop !== 1 || !TARGETS.includes(message.target) || !isText(message.name, 64) || !('payload' in message)) return null;
  return { onestop: 1, target: message.target as Target, name: message.name, payload: message.payload };
}

type Parsed<K extends keyof ContentMessages> = { value: Req<ContentMessages, K> } | null;
const empty = (v: unknown): { value: Record<string, never> } | null => (isObject(v) ? { value: {} } : null);

/**
 * Each content message's request check: what its zod/mini schema in messages.ts accepts, answered as the schema
 * answers it (unknown keys dropped), or null.
 */
export const contentRequests: { readonly [K in keyof ContentMessages]: (payload: unknown) => Parsed<K> } = {
  captureSelection: empty,
  startPicker: (v) => (isObject(v) && isText(v.findingId, 64, 1) && typeof v.screenshot === 'boolean' ? { value: { findingId: v.findingId, screenshot: v.screenshot } } : null),
  shotPrepare: empty,
  shotMeasure: empty,
  shotEnd: empty,
  ping: empty,
  captureDossier: (v) => (isObject(v) && isText(v.code, 100) ? { value: { code: v.code } } : null),
  sweepRead: empty,
  sweepNext: empty,
  notice: (v) => (isObject(v) && isText(v.text, 300) ? { value: { text: v.text } } : null),
};

export type ContentHandlers = { [K in keyof ContentMessages]: (payload: Req<ContentMessages, K>, sender: Browser.runtime.MessageSender) => Promise<Res<ContentMessages, K>> | Res<ContentMessages, K> };

/**
 * The overlay's side: only the extension (the background, an extension page) calls into a content script. The sender
 * is checked first (a refused sender learns nothing, not even whether its request was well-formed), then the request.
 */
export function serveContent(handlers: ContentHandlers, log: (line: string) => void = console.warn): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (r: Reply) => void): true | undefined => {
    const env = parseEnvelope(message);
    if (!env || env.target !== 'content' || !Object.hasOwn(contentRequests, env.name)) return undefined;
    const name = env.name as keyof ContentMessages;
    Promise.resolve()
      .then(() => {
        if (senderKind(sender) !== 'extension') {
          log(`onestop: refused content message "${name}" from ${senderKind(sender) ?? 'an unknown sender'} (${sender?.url ?? 'no url'}, tab ${sender?.tab?.id ?? '-'}, frame ${sender?.frameId ?? '-'})`);
          throw new HandlerError('forbidden_sender', `${name}: not accepted from this sender`);
        }
        const parsed = (contentRequests[name] as (p: unknown) => { value: unknown } | null)(env.payload);
        if (!parsed) throw new HandlerError('bad_request', `${name}: the request does not fit its schema`);
        return (handlers[name] as (p: unknown, s: Browser.runtime.MessageSender) => unknown)(parsed.value, sender);
      })
      .then(
        (value) => sendResponse({ ok: true, value: value === undefined ? {} : value }),
        (err: unknown) => sendResponse({ ok: false, error: errorOf(err) }),
      );
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
