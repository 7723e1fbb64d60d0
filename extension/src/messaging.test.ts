// The message catalogue at the receiver: requests are parsed with their schema before a handler sees them, and
// failures come back as codes the caller can act on.
import { describe, expect, it } from 'vitest';
import { backgroundMessages } from './messages.ts';
import { callBackground, HandlerError, MessageError, serveBackground } from './messaging.ts';

type Handlers = Parameters<typeof serveBackground>[1];

function serve(partial: Partial<Handlers>): () => void {
  return serveBackground(backgroundMessages, partial as Handlers);
}

describe('messaging', () => {
  it('answers a valid request with the handler’s value', async () => {
    const stop = serve({ setLang: async ({ lang }) => (lang === 'en' ? {} : {}) });
    await expect(callBackground('setLang', { lang: 'en' })).resolves.toEqual({});
    stop();
  });

  it('refuses a request that does not fit its schema, before the handler runs', async () => {
    let ran = false;
    const stop = serve({
      setLang: async () => {
        ran = true;
        return {};
      },
    });
    const bad = { lang: 'fr' } as unknown as { lang: 'vi' };
    await expect(callBackground('setLang', bad)).rejects.toMatchObject({ code: 'bad_request' });
    expect(ran).toBe(false);
    stop();
  });

  it('passes a handler’s error code to the caller', async () => {
    const stop = serve({
      getSyncState: async () => {
        throw new HandlerError('signed_out', 'Sign in first');
      },
    });
    const err = await callBackground('getSyncState', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessageError);
    expect(err).toMatchObject({ code: 'signed_out', message: 'Sign in first' });
    stop();
  });

  it('keeps null answers null', async () => {
    const stop = serve({ getPageContext: async () => null });
    await expect(callBackground('getPageContext', {})).resolves.toBeNull();
    stop();
  });
});
