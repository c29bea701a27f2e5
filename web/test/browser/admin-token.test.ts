import { afterEach, describe, expect, it, vi } from 'vitest';
import { appBridgeTokenSource, devTokenSource, SessionTokenError, tokenExpiry } from '../../frontend/src/api/token.js';

/** The admin's local token source (the emulator's `/session-token`): cached until shortly before `exp`. */
function jwt(expSeconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ exp: expSeconds, dest: 'https://a.myshopify.com' })}.signature`;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(tokens: string[]) {
  const fetch = vi.fn(async () => new Response(JSON.stringify({ token: tokens.shift(), shop: 'a.myshopify.com' })));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('devTokenSource', () => {
  it('reads exp from the token', () => {
    expect(tokenExpiry(jwt(1_700_000_000))).toBe(1_700_000_000_000);
    expect(tokenExpiry('not a token')).toBe(0);
  });

  it('reuses a token until 10 s before it expires, then fetches a new one', async () => {
    let now = 1_000_000_000_000;
    const first = jwt(now / 1000 + 60);
    const second = jwt(now / 1000 + 120);
    const fetch = stubFetch([first, second]);
    const source = devTokenSource('http://emulator/session-token?shop=a.myshopify.com', () => now);

    expect(await source.get()).toBe(first);
    now += 49_000;
    expect(await source.get()).toBe(first);
    expect(fetch).toHaveBeenCalledTimes(1);
    now += 2_000;
    expect(await source.get()).toBe(second);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('shares one request between concurrent callers, and fetches again after invalidate (a 401)', async () => {
    const now = 1_000_000_000_000;
    const fetch = stubFetch([jwt(now / 1000 + 60), jwt(now / 1000 + 60)]);
    const source = devTokenSource('http://emulator/session-token', () => now);
    const [a, b] = await Promise.all([source.get(), source.get()]);
    expect(a).toBe(b);
    expect(fetch).toHaveBeenCalledTimes(1);
    source.invalidate();
    await source.get();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['does not know the shop', async () => new Response('{}', { status: 404 }), 'Session token request failed (404)'],
    ['cannot be reached', async () => Promise.reject(new TypeError('Failed to fetch')), 'Failed to fetch'],
  ])('fails with a SessionTokenError (the API client words it for the merchant) when the emulator %s', async (_name, answer, cause) => {
    vi.stubGlobal('fetch', vi.fn(answer));
    const error = await devTokenSource('http://emulator/session-token?shop=x.myshopify.com').get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTokenError);
    expect(((error as Error).cause as Error).message).toBe(cause);
  });
});

describe('appBridgeTokenSource', () => {
  it("turns App Bridge's failure into a SessionTokenError, keeping its own as the cause", async () => {
    const refusal = new Error('App Bridge: session expired');
    const error = await appBridgeTokenSource({ idToken: () => Promise.reject(refusal) }).get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionTokenError);
    expect((error as Error).cause).toBe(refusal);
    expect(await appBridgeTokenSource({ idToken: () => Promise.resolve('token') }).get()).toBe('token');
  });
});
