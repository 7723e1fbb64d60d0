// Typed calls over runtime messaging, for the catalogue in messages.ts. Senders get typed answers; receivers parse
// every request with its schema before a handler sees it, and answer `{ ok, value | error }`.
import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import type { BackgroundMessages, ContentMessages, MessageDef, PanelMessages, Req, Res } from './messages.ts';

type Target = 'background' | 'content' | 'panel';

const EnvelopeSchema = z.object({
  onestop: z.literal(1),
  target: z.enum(['background', 'content', 'panel']),
  name: z.string().check(z.maxLength(64)),
  payload: z.unknown(),
});

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

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

function envelope(target: Target, name: string, payload: unknown) {
  return { onestop: 1 as const, target, name, payload };
}

function unwrap<T>(reply: unknown): T {
  const r = reply as Reply | undefined;
  if (r === undefined || r === null || typeof r !== 'object' || !('ok' in r)) throw new MessageError('no_receiver', 'Nobody answered the message');
  if (!r.ok) throw new MessageError(r.error.code, r.error.message);
  return r.value as T;
}

export async function callBackground<K extends keyof BackgroundMessages>(name: K, payload: Req<BackgroundMessages, K>): Promise<Res<BackgroundMessages, K>> {
  return unwrap(await browser.runtime.sendMessage(envelope('background', name, payload)));
}

export async function callContent<K extends keyof ContentMessages>(tabId: number, name: K, payload: Req<ContentMessages, K>): Promise<Res<ContentMessages, K>> {
  return unwrap(await browser.tabs.sendMessage(tabId, envelope('content', name, payload), { frameId: 0 }));
}

/** Tells open extension pages (the side panel) something changed; nobody listening is fine. */
export async function notifyPanel<K extends keyof PanelMessages>(name: K, payload: Req<PanelMessages, K>): Promise<void> {
  try {
    await browser.runtime.sendMessage(envelope('panel', name, payload));
  } catch {
    // No side panel open.
  }
}

type Handlers<C> = { [K in keyof C]: (payload: Req<C, K>, sender: Browser.runtime.MessageSender) => Promise<Res<C, K>> | Res<C, K> };

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof HandlerError || err instanceof MessageError) return { code: err.code, message: err.message };
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}

function serve<C extends Record<string, MessageDef<unknown, unknown>>>(target: Target, catalogue: C, handlers: Partial<Handlers<C>>): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (r: Reply) => void): true | undefined => {
    const env = EnvelopeSchema.safeParse(message);
    if (!env.success || env.data.target !== target) return undefined;
    const name = env.data.name;
    if (!Object.hasOwn(catalogue, name)) return undefined;
    const handler = handlers[name as keyof C] as ((p: unknown, s: Browser.runtime.MessageSender) => unknown) | undefined;
    if (!handler) return undefined;
    const def = catalogue[name] as MessageDef<unknown, unknown>;
    const parsed = def.request.safeParse(env.data.payload);
    if (!parsed.success) {
      sendResponse({ ok: false, error: { code: 'bad_request', message: `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` } });
      return true;
    }
    Promise.resolve()
      .then(() => handler(parsed.data, sender))
      .then(
        (value) => sendResponse({ ok: true, value: value === undefined ? {} : value }),
        (err: unknown) => sendResponse({ ok: false, error: errorOf(err) }),
      );
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

export const serveBackground = (catalogue: BackgroundMessages, handlers: Handlers<BackgroundMessages>) => serve('background', catalogue, handlers);
export const serveContent = (catalogue: ContentMessages, handlers: Handlers<ContentMessages>) => serve('content', catalogue, handlers);
export const servePanel = (catalogue: PanelMessages, handlers: Partial<Handlers<PanelMessages>>) => serve('panel', catalogue, handlers);
