// The overlay's zod-free serving (ADR 0007): its hand-written checks of the envelope and of each content message's
// request accept exactly what the zod/mini schemas of messages.ts accept, and answer the same value (unknown keys
// dropped), on fuzzed input near every limit; and a served call checks the sender first, then the request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { contentRequests, parseEnvelope, serveContent, type ContentHandlers } from './content-serve.ts';
import { contentMessages, type ContentMessages } from './messages.ts';
import { EnvelopeSchema } from './messaging.ts';

const RUNS = 3000;

/** Strings of any code points (astral ones count twice in UTF-16, as zod and the checks count), near each limit. */
const text = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  ...[64, 100, 300].flatMap((limit) => [fc.string({ minLength: limit - 2, maxLength: limit + 2 }), fc.string({ unit: 'binary', minLength: limit - 34, maxLength: limit + 2 })]),
);

/** Any value a field could hold: strings, wrong types, boxed values, nested objects and arrays. */
const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withBigInt: true });
const field = fc.oneof(text, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.integer(), anything);

/** A request: the fields the content messages read (any of them, any value), other keys, or anything at all. */
const request = fc.oneof(
  fc.record({ findingId: field, screenshot: field, code: field, text: field, extra: field }, { requiredKeys: [] }),
  fc.record({ findingId: text, screenshot: fc.boolean() }),
  fc.record({ code: text }),
  fc.record({ text }),
  fc.array(field, { maxLength: 3 }),
  anything,
);

const names = Object.keys(contentMessages) as (keyof ContentMessages)[];

describe('the content script’s hand-written request checks', () => {
  it('cover every content message', () => {
    expect(Object.keys(contentRequests).sort()).toEqual([...names].sort());
  });

  for (const name of names) {
    it(`${name}: accept and refuse what its zod/mini schema does, with the same value`, () => {
      const schema = contentMessages[name].request;
      const check = contentRequests[name] as (v: unknown) => { value: unknown } | null;
      let accepted = 0;
      fc.assert(
        fc.property(request, (payload) => {
          const zod = schema.safeParse(payload);
          const mine = check(payload);
          expect(mine !== null, fc.stringify(payload)).toBe(zod.success);
          if (zod.success && mine) {
            accepted++;
            expect(mine.value).toStrictEqual(zod.data);
          }
        }),
        { numRuns: RUNS },
      );
      // The fuzzing reached both answers.
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(RUNS);
    });
  }

  it('the envelope: accepted and refused as EnvelopeSchema does', () => {
    const envelopeLike = fc.oneof(
      fc.record({ onestop: fc.oneof(fc.constant(1), field), target: fc.oneof(fc.constantFrom('background', 'content', 'panel', 'Content', ''), field), name: fc.oneof(text, field), payload: request }, { requiredKeys: [] }),
      fc.record({ onestop: fc.constant(1), target: fc.constantFrom('background', 'content', 'panel'), name: text, payload: request }),
      anything,
    );
    fc.assert(
      fc.property(envelopeLike, (message) => {
        const zod = EnvelopeSchema.safeParse(message);
        const mine = parseEnvelope(message);
        expect(mine !== null).toBe(zod.success);
        if (zod.success && mine) {
          expect(mine.target).toBe(zod.data.target);
          expect(mine.name).toBe(zod.data.name);
          expect(mine.payload).toBe(zod.data.payload);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('serveContent', () => {
  const fromBackground = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id });
  const fromPage = (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: 'https://motcua.example.vn/', frameId: 0, tab: { id: 3, index: 0, url: 'https://motcua.example.vn/' } as Browser.tabs.Tab });

  async function deliver(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
    let answer: (r: unknown) => void = () => undefined;
    const reply = new Promise<unknown>((resolve) => (answer = resolve));
    const results = (await fakeBrowser.runtime.onMessage.trigger(message, sender, answer)) as unknown[];
    return results.some((r) => r === true) ? reply : undefined;
  }

  it('hands a handler the request as the schema reads it; refuses a malformed one, and any sender but the extension first', async () => {
    const seen: unknown[] = [];
    const log: string[] = [];
    const handlers = Object.fromEntries(names.map((n) => [n, (p: unknown) => (seen.push([n, p]), {})])) as unknown as ContentHandlers;
    const stop = serveContent(handlers, (line) => log.push(line));
    const message = (name: string, payload: unknown) => ({ onestop: 1, target: 'content', name, payload });
    await expect(deliver(message('startPicker', { findingId: 'f1', screenshot: true, extra: 'x' }), fromBackground())).resolves.toEqual({ ok: true, value: {} });
    await expect(deliver(message('startPicker', { findingId: '', screenshot: true }), fromBackground())).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // A page's content-script world posing as the background: refused before its request is looked at.
    await expect(deliver(message('startPicker', { nonsense: true }), fromPage())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    await expect(deliver(message('captureDossier', { code: 'H26' }), { ...fromBackground(), id: 'another-extension' })).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    // Not a content message, or not for a content script: nobody answers.
    await expect(deliver(message('reportPage', {}), fromBackground())).resolves.toBeUndefined();
    await expect(deliver({ onestop: 1, target: 'panel', name: 'ping', payload: {} }, fromBackground())).resolves.toBeUndefined();
    expect(seen).toEqual([['startPicker', { findingId: 'f1', screenshot: true }]]);
    expect(log).toHaveLength(2);
    stop();
  });
});
