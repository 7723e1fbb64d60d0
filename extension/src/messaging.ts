// Typed calls over runtime messaging, for the catalogue in messages.ts. Senders get typed answers; receivers check
// who sent each message (issue 13: the dossier page is hostile, and its content-script world may call anything the
// overlay can), parse every request with its schema before a handler sees it, and answer `{ ok, value | error }`.
// The content script's side is zod-free (content-serve.ts, re-exported here): its requests are checked by hand.
import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import { callBackground, envelope, errorOf, HandlerError, MessageError, senderKind, serveContent, unwrap, type Reply, type Target } from './content-serve.ts';
import type { BackgroundMessages, ContentMessages, MessageDef, PanelMessages, Req, Res, SenderKind } from './messages.ts';

export const EnvelopeSchema = z.object({
  onestop: z.literal(1),
  target: z.enum(['background', 'content', 'panel']),
  name: z.string().check(z.maxLength(64)),
  payload: z.unknown(),
});

export { callBackground, HandlerError, MessageError, senderKind, serveContent };

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

/** Who may send each message of a catalogue, and (for content scripts) the receiver's own check of the tab. */
export interface SenderPolicy {
  allowed: (name: string) => readonly SenderKind[];
  /** A further check of a content-script sender (the background: the tab's URL matches an active site profile). */
  admitContent?: (sender: Browser.runtime.MessageSender) => Promise<boolean> | boolean;
  /** Where refusals are logged (console.warn by default). */
  log?: (line: string) => void;
}

/** Messages to the side panel (and to content scripts, content-serve.ts) come only from the extension (the background). */
const FROM_EXTENSION: SenderPolicy = { allowed: () => ['extension'] };

type Handlers<C> = { [K in keyof C]: (payload: Req<C, K>, sender: Browser.runtime.MessageSender) => Promise<Res<C, K>> | Res<C, K> };

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
/** The side panel's side: notifications come from the background, never from a page's content-script world. */
export const servePanel = (catalogue: PanelMessages, handlers: Partial<Handlers<PanelMessages>>) => serve('panel', catalogue, handlers, FROM_EXTENSION);
