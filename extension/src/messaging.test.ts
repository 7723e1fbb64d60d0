// The message catalogue at the receiver: the sender is checked first (issue 13: extension pages vs the content-script
// world of a dossier page, which tab and which frame), then the request is parsed with its schema before a handler
// sees it, and failures come back as codes the caller can act on.
import { describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { backgroundMessages, backgroundSenders, panelMessages } from './messages.ts';
import { HandlerError, senderKind, serveBackground, serveContent, servePanel, type SenderPolicy } from './messaging.ts';

type Handlers = Parameters<typeof serveBackground>[1];
type Sender = Browser.runtime.MessageSender;

const ext = (path: string) => `chrome-extension://${fakeBrowser.runtime.id}/${path}`;

/** The side panel (in the browser's side panel: no tab). */
const panel = (): Sender => ({ id: fakeBrowser.runtime.id, url: ext('sidepanel.html'), origin: ext('').slice(0, -1) });
/** The side panel opened as a tab (as the e2e tests do). */
const panelInTab = (): Sender => ({ ...panel(), tab: { id: 7, index: 0, url: ext('sidepanel.html') } as Browser.tabs.Tab });
/** The background, as a content script hears it from `tabs.sendMessage` (maybe without a URL). */
const background = (): Sender => ({ id: fakeBrowser.runtime.id });
/** The overlay content script in the top frame of a dossier page's tab. */
const overlay = (url = 'https://motcua.example.vn/ho-so', frameId = 0): Sender => ({ id: fakeBrowser.runtime.id, url, frameId, tab: { id: 3, index: 0, url } as Browser.tabs.Tab });

const envelope = (target: string, name: string, payload: unknown) => ({ onestop: 1, target, name, payload });

/** Delivers a message as the browser would from `sender`; resolves with the reply, or undefined when nobody answers. */
async function deliver(message: unknown, sender: Sender): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } } | undefined> {
  let answer: (r: unknown) => void = () => undefined;
  const reply = new Promise<unknown>((resolve) => (answer = resolve));
  const results = (await fakeBrowser.runtime.onMessage.trigger(message, sender, answer)) as unknown[];
  if (!results.some((r) => r === true)) return undefined;
  return (await reply) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function serve(partial: Partial<Handlers>, policy: Partial<SenderPolicy> = {}): { stop: () => void; log: string[] } {
  const log: string[] = [];
  const stop = serveBackground(backgroundMessages, partial as Handlers, { allowed: (name) => backgroundSenders[name as keyof typeof backgroundSenders] ?? [], log: (l) => log.push(l), ...policy });
  return { stop, log };
}

describe('senderKind', () => {
  it('tells extension pages, the background and the overlay in a top frame apart', () => {
    expect(senderKind(panel())).toBe('extension');
    expect(senderKind(panelInTab())).toBe('extension');
    expect(senderKind({ id: fakeBrowser.runtime.id, url: ext('options.html') })).toBe('extension');
    expect(senderKind(background())).toBe('extension');
    expect(senderKind(overlay())).toBe('content');
    expect(senderKind(overlay('http://127.0.0.1:8788/ho-so'))).toBe('content');
  });

  it('knows nobody else', () => {
    // Another extension, with a page of its own or a content script.
    expect(senderKind({ ...panel(), id: 'another-extension' })).toBeNull();
    expect(senderKind({ ...overlay(), id: 'another-extension' })).toBeNull();
    // A frame inside the dossier page (an iframe the page controls).
    expect(senderKind(overlay('https://motcua.example.vn/khung', 2))).toBeNull();
    // A web URL without a tab, a tab whose page is not the extension's with an extension URL.
    expect(senderKind({ id: fakeBrowser.runtime.id, url: 'https://motcua.example.vn/' })).toBeNull();
    expect(senderKind({ ...panel(), tab: { id: 3, index: 0, url: 'https://motcua.example.vn/' } as Browser.tabs.Tab })).toBeNull();
    // A tab without a URL of the extension and no sender URL.
    expect(senderKind({ id: fakeBrowser.runtime.id, tab: { id: 3, index: 0 } as Browser.tabs.Tab })).toBeNull();
    expect(senderKind({ id: fakeBrowser.runtime.id, url: 'file:///x', frameId: 0, tab: { id: 3, index: 0 } as Browser.tabs.Tab })).toBeNull();
    expect(senderKind({})).toBeNull();
  });
});

describe('messaging', () => {
  it('answers a valid request from an extension page with the handler’s value', async () => {
    const { stop } = serve({ setLang: async ({ lang }) => (lang === 'en' ? {} : {}) });
    await expect(deliver(envelope('background', 'setLang', { lang: 'en' }), panel())).resolves.toEqual({ ok: true, value: {} });
    await expect(deliver(envelope('background', 'setLang', { lang: 'en' }), panelInTab())).resolves.toEqual({ ok: true, value: {} });
    stop();
  });

  it('refuses a request that does not fit its schema, before the handler runs', async () => {
    let ran = false;
    const { stop } = serve({
      setLang: async () => {
        ran = true;
        return {};
      },
    });
    await expect(deliver(envelope('background', 'setLang', { lang: 'fr' }), panel())).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(ran).toBe(false);
    stop();
  });

  it('passes a handler’s error code to the caller', async () => {
    const { stop } = serve({
      getSyncState: async () => {
        throw new HandlerError('signed_out', 'Sign in first');
      },
    });
    await expect(deliver(envelope('background', 'getSyncState', {}), panel())).resolves.toEqual({ ok: false, error: { code: 'signed_out', message: 'Sign in first' } });
    stop();
  });

  it('keeps null answers null', async () => {
    const { stop } = serve({ getPageContext: async () => null });
    await expect(deliver(envelope('background', 'getPageContext', {}), panel())).resolves.toEqual({ ok: true, value: null });
    stop();
  });

  it('leaves messages for other receivers and unknown names unanswered', async () => {
    const { stop } = serve({ getPageContext: async () => null });
    await expect(deliver(envelope('panel', 'getPageContext', {}), panel())).resolves.toBeUndefined();
    await expect(deliver(envelope('background', 'noSuchMessage', {}), panel())).resolves.toBeUndefined();
    await expect(deliver({ hello: 1 }, panel())).resolves.toBeUndefined();
    stop();
  });
});

describe('who may send what (issue 13)', () => {
  const draft = { auditId: 'a1', unitId: 'u1', itemId: 'i1', result: 'nc_minor', note: 'planted', dossierCode: null, pageUrl: null };

  it('refuses a content script every message that records, reads or signs in: the handler never runs, the refusal is logged', async () => {
    const ran: string[] = [];
    const handlers = Object.fromEntries(Object.keys(backgroundMessages).map((name) => [name, async () => (ran.push(name), {})])) as unknown as Handlers;
    const { stop, log } = serve(handlers, { admitContent: () => true });
    const payloads: Record<string, unknown> = {
      recordFinding: draft,
      deleteFinding: { findingId: 'f1' },
      login: { email: 'a@b.vn', password: 'x' },
      logout: {},
      getSession: {},
      setApiBase: { apiBase: 'https://evil.example' },
      listAudits: {},
      getChecklist: { auditId: 'a1', unitId: 'u1' },
      getFindings: { auditId: 'a1', unitId: 'u1' },
      listEvidence: { findingId: 'f1' },
      setCaptureTarget: { findingId: 'f1', itemCode: '8.2.1', result: 'nc_minor' },
      captureSelection: { findingId: 'f1', screenshot: false },
      confirmCapture: { findingId: 'f1', screenshot: false, capture: {} },
      syncNow: {},
      resolveConflict: { opId: 'o1', choice: 'mine' },
      dismissRejected: { opId: 'o1' },
      selectScope: { auditId: 'a1', unitId: 'u1' },
    };
    for (const [name, payload] of Object.entries(payloads)) {
      expect(backgroundSenders[name as keyof typeof backgroundSenders], name).toEqual(['extension']);
      const reply = await deliver(envelope('background', name, payload), overlay());
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    }
    expect(ran).toEqual([]);
    expect(log).toHaveLength(Object.keys(payloads).length);
    expect(log[0]).toContain('refused background message "recordFinding" from content');
    stop();
  });

  it('says nothing about the request to a refused sender (no schema errors)', async () => {
    const { stop } = serve({ recordFinding: async () => ({}) as never });
    await expect(deliver(envelope('background', 'recordFinding', { nonsense: true }), overlay())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    stop();
  });

  it('hears the overlay’s own messages only from a tab an active profile matches, in its top frame', async () => {
    const admitContent = vi.fn((sender: Sender) => sender.url?.startsWith('https://motcua.example.vn/') ?? false);
    const ran: string[] = [];
    const { stop } = serve(
      {
        reportPage: async (_r, sender) => (ran.push(`report ${sender.tab?.id}`), { flags: [] }),
        focusItem: async () => (ran.push('focus'), {}),
        loadOverlayMore: async (_r, sender) => (ran.push(`more ${sender.tab?.id} ${sender.frameId}`), {}),
      },
      { admitContent },
    );
    const report = { url: 'https://motcua.example.vn/ho-so', title: 'Hồ sơ', profileName: 'Một cửa', pageIds: [], dossierCode: null, itemCodes: [], anchored: 0, orphans: [], firstBadgesMs: null };
    await expect(deliver(envelope('background', 'reportPage', report), overlay())).resolves.toEqual({ ok: true, value: { flags: [] } });
    await expect(deliver(envelope('background', 'focusItem', { itemCode: '8.2.1', dossierCode: null }), overlay())).resolves.toEqual({ ok: true, value: {} });
    // The overlay's chunk (ADR 0007): only for a page an active profile matches, never for an extension page.
    await expect(deliver(envelope('background', 'loadOverlayMore', {}), overlay())).resolves.toEqual({ ok: true, value: {} });
    await expect(deliver(envelope('background', 'loadOverlayMore', {}), overlay('https://evil.example/'))).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    await expect(deliver(envelope('background', 'loadOverlayMore', {}), panel())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    // A page no profile matches, a frame of a matched page, another extension.
    await expect(deliver(envelope('background', 'reportPage', report), overlay('https://evil.example/'))).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    await expect(deliver(envelope('background', 'reportPage', report), overlay('https://motcua.example.vn/khung', 1))).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    await expect(deliver(envelope('background', 'focusItem', { itemCode: '8.2.1', dossierCode: null }), { ...overlay(), id: 'other' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(ran).toEqual(['report 3', 'focus', 'more 3 0']);
    stop();
  });

  it('refuses the overlay’s messages from extension pages (a report must come from the page it describes)', async () => {
    const { stop } = serve({ reportPage: async () => ({ flags: [] }), submitCapture: async () => ({}) as never });
    const report = { url: 'https://motcua.example.vn/ho-so', title: '', profileName: null, pageIds: [], dossierCode: null, itemCodes: [], anchored: 0, orphans: [], firstBadgesMs: null };
    await expect(deliver(envelope('background', 'reportPage', report), panel())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(backgroundSenders.submitCapture).toEqual(['content']);
    stop();
  });

  it('a failing profile check refuses, it does not admit', async () => {
    const { stop } = serve(
      { focusItem: async () => ({}) },
      {
        admitContent: () => {
          throw new Error('no profiles yet');
        },
      },
    );
    await expect(deliver(envelope('background', 'focusItem', { itemCode: '8.2.1', dossierCode: null }), overlay())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    stop();
  });

  it('every message of the catalogue names its senders', () => {
    expect(Object.keys(backgroundSenders).sort()).toEqual(Object.keys(backgroundMessages).sort());
    const fromContent = Object.entries(backgroundSenders)
      .filter(([, kinds]) => kinds.includes('content'))
      .map(([name]) => name)
      .sort();
    expect(fromContent).toEqual(['focusItem', 'loadOverlayMore', 'reportPage', 'submitCapture']);
  });

  it('content scripts and the side panel hear only the extension, never a page’s content-script world', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const heard: string[] = [];
    const stopContent = serveContent({
      captureSelection: () => ({ ok: false, code: 'no_selection' }),
      sweepRead: () => ({ read: null }),
      sweepNext: () => ({ pressed: false }),
      startPicker: () => ({ ok: true }),
      shotPrepare: () => null,
      shotMeasure: () => null,
      shotEnd: () => ({}),
      notice: () => ({}),
      captureDossier: () => ({ ok: false, code: 'not_on_screen' }),
      ping: () => (heard.push('ping'), { url: 'x' }),
    });
    const stopPanel = servePanel(panelMessages, { stateChanged: () => (heard.push('changed'), {}) });
    await expect(deliver(envelope('content', 'ping', {}), background())).resolves.toEqual({ ok: true, value: { url: 'x' } });
    await expect(deliver(envelope('panel', 'stateChanged', { what: 'session' }), background())).resolves.toEqual({ ok: true, value: {} });
    // Another tab's content script (or the same page's) posing as the background.
    await expect(deliver(envelope('content', 'ping', {}), overlay())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    await expect(deliver(envelope('panel', 'stateChanged', { what: 'session' }), overlay())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(heard).toEqual(['ping', 'changed']);
    expect(warn).toHaveBeenCalledTimes(2);
    stopContent();
    stopPanel();
    warn.mockRestore();
  });
});
