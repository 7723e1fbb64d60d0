// Typed calls over runtime messaging, for the catalogue in messages.ts. Senders get typed answers; receivers check
// who sent each message (issue 13: the dossier page is hostile, and its content-script world may call anything the
// overlay can), parse every request with its schema before a handler sees it, and answer `{ ok, value | error }`.
import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import type { BackgroundMessages, ContentMessages, MessageDef, PanelMessages, Req, Res, SenderKind } from './messages.ts';

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

/** Who may send each message of a catalogue, and (for content scripts) the receiver's own check of the tab. */
export interface SenderPolicy {
  allowed: (name: string) => readonly SenderKind[];
  /** A further check of a content-script sender (the background: the tab's URL matches an active site profile). */
  admitContent?: (sender: Browser.runtime.MessageSender) => Promise<boolean> | boolean;
  /** Where refusals are logged (console.warn by default). */
  log?: (line: string) => void;
}

/** Messages to content scripts and to the side panel come only from the extension (the background). */
const FROM_EXTENSION: SenderPolicy = { allowed: () => ['extension'] };

type Handlers<C> = { [K in keyof C]: (payload: Req<C, K>, sender: Browser.runtime.MessageSender) => Promise<Res<C, K>> | Res<C, K> };

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof HandlerError || err instanceof MessageError) return { code: err.code, message: err.message };
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}

/** Whether a sender may send message `name`: its kind is allowed, and a content script passes the receiver's check. */
async function admitted(policy: SenderPolicy, name: string, sender: Browser.runtime.MessageSender): Promise<boolean> {
  const kind = senderKind(sender);
  if (kind === null || !policy.allowed(name).includes(kind)) return false;
  if (kind === 'content' && policy.admitContent) {
    try {
      return await policy.admitContent(sender);
    } catch {
      return false;
    }
  }
  return true;
}

function serve<C extends Record<string, MessageDef<unknown, unknown>>>(target: Target, catalogue: C, handlers: Partial<Handlers<C>>, policy: SenderPolicy): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (r: Reply) => void): true | undefined => {
    const env = EnvelopeSchema.safeParse(message);
    if (!env.success || env.data.target !== target) return undefined;
    const name = env.data.name;
    if (!Object.hasOwn(catalogue, name)) return undefined;
    const handler = handlers[name as keyof C] as ((p: unknown, s: Browser.runtime.MessageSender) => unknown) | undefined;
    if (!handler) return undefined;
    const def = catalogue[name] as MessageDef<unknown, unknown>;
    Promise.resolve()
      .then(async () => {
        // The sender first: a refused sender learns nothing, not even whether its request was well-formed.
        if (!(await admitted(policy, name, sender))) {
          (policy.log ?? console.warn)(`onestop: refused ${target} message "${name}" from ${senderKind(sender) ?? 'an unknown sender'} (${sender?.url ?? 'no url'}, tab ${sender?.tab?.id ?? '-'}, frame ${sender?.frameId ?? '-'})`);
          throw new HandlerError('forbidden_sender', `${name}: not accepted from this sender`);
        }
        const parsed = def.request.safeParse(env.data.payload);
        if (!parsed.success) throw new HandlerError('bad_request', `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        return handler(parsed.data, sender);
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

/** The background's side: each message from the senders `backgroundSenders` names (messages.ts). */
export const serveBackground = (catalogue: BackgroundMessages, handlers: Handlers<BackgroundMessages>, policy: SenderPolicy) => serve('background', catalogue, handlers, policy);
/** The overlay's side: only the background (or an extension page) calls into a content script. */
export const serveContent = (catalogue: ContentMessages, handlers: Handlers<ContentMessages>) => serve('content', catalogue, handlers, FROM_EXTENSION);
/** The side panel's side: notifications come from the background, never from a page's content-script world. */
export const servePanel = (catalogue: PanelMessages, handlers: Partial<Handlers<PanelMessages>>) => serve('panel', catalogue, handlers, FROM_EXTENSION);
