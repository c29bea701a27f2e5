/**
 * The app's answers at the edges of HTTP, through the real server (`startLoyale`: the Express app behind the
 * webhook listener, the server's own listeners): every refusal is a JSON `{ error }` with the right 4xx, and says
 * nothing of the server's internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import { emulatorOf, startTestApp, type TestApp } from '../../test/harness.js';

let app: TestApp;
let emulator: Emulator;
const SHOP = 'http-edges.myshopify.com';

beforeAll(async () => {
  app = await startTestApp();
  emulator = emulatorOf(app);
  emulator.addShop({ domain: SHOP });
  // Installed once, so the requests below are answered by the routes, not by an install.
  expect((await api('GET', '/program')).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  expect(res.headers.get('content-type'), text).toMatch(/^application\/json/);
  return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown };
}

function api(
  method: string,
  path: string,
  init: { body?: string | Uint8Array; type?: string; token?: string | null; language?: string } = {},
): Promise<Answer> {
  const token = init.token === undefined ? emulator.mintSessionToken(SHOP) : init.token;
  return fetch(`${app.url}/api${path}`, {
    method,
    headers: {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(init.type === undefined ? {} : { 'content-type': init.type }),
      ...(init.language === undefined ? {} : { 'accept-language': init.language }),
    },
    body: init.body,
  }).then(answer);
}

function proxy(method: string, path: string, shop = SHOP): Promise<Answer> {
  return fetch(`${app.url}/proxy${path}?${emulator.signProxyQuery(shop, null).toString()}`, { method }).then(answer);
}

describe('admin UI assets', () => {
  it('a missing asset → 404 "Not found", without the server path', async () => {
    const res = await fetch(`${app.url}/assets/nope.js`);
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(JSON.parse(text)).toEqual({ error: 'Not found' });
    expect(text).not.toMatch(/ENOENT|\/work|dist/);
  });

  it.each(['/assets/.hidden', '/assets/', '/assets/%2e%2e%2fpackage.json'])('%s → 404 "Not found"', async (path) => {
    const res = await answer(await fetch(`${app.url}${path}`));
    expect(res).toMatchObject({ status: 404, body: { error: 'Not found' } });
  });

  it('another method → 405 JSON with Allow: GET, HEAD', async () => {
    const res = await answer(await fetch(`${app.url}/assets/nope.js`, { method: 'POST' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.body).toMatchObject({ error: expect.any(String) });
  });
});

describe('JSON bodies of the admin API', () => {
  const ADJUST = '/customers/555001/adjustments';
  const VALID = JSON.stringify({ delta: 5, reason: 'Goodwill' });

  it.each([
    ['text/plain', 'text/plain'],
    ['form-encoded', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
  ])('a JSON object sent as %s → 415', async (_name, type) => {
    expect(await api('POST', ADJUST, { body: VALID, type })).toMatchObject({
      status: 415,
      body: { error: 'Send the body as application/json' },
    });
  });

  it('a JSON object sent without a content type → 415', async () => {
    // fetch sends a byte body without a Content-Type (a string would be text/plain).
    expect(await api('POST', ADJUST, { body: new TextEncoder().encode(VALID) })).toMatchObject({
      status: 415,
      body: { error: 'Send the body as application/json' },
    });
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json'])(
    'a JSON object sent as %s is read (the unknown customer is what is refused)',
    async (type) => {
      expect(await api('POST', ADJUST, { body: VALID, type })).toMatchObject({ status: 404 });
    },
  );

  it.each(['null', '5', '"text"', 'true', '[]', '[{"delta":5}]'])('top-level %s → 400 "The body must be a JSON object"', async (body) => {
    expect(await api('POST', ADJUST, { body, type: 'application/json' })).toEqual(
      expect.objectContaining({ status: 400, body: { error: 'The body must be a JSON object' } }),
    );
  });

  it('text that is not JSON → 400 "The body is not valid JSON"', async () => {
    expect(await api('POST', ADJUST, { body: '{"delta": 5,', type: 'application/json' })).toMatchObject({
      status: 400,
      body: { error: 'The body is not valid JSON' },
    });
  });

  it('bytes that are not UTF-8 → 400, nothing stored (the parser would have turned them into replacement characters)', async () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode('{"delta": 5, "reason": "J'), 0xfc, ...new TextEncoder().encode('rgen"}')]);
    expect(await api('POST', ADJUST, { body: latin1, type: 'application/json' })).toMatchObject({
      status: 400,
      body: { error: 'The body is not valid UTF-8' },
    });
  });

  it.each([
    ['415', { body: VALID, type: 'text/plain' }, 415, 'Sende den Body als application/json'],
    ['a charset other than UTF-8', { body: VALID, type: 'application/json; charset=latin1' }, 415, 'Sende den Body in UTF-8'],
    ['not JSON', { body: '{"delta": 5,', type: 'application/json' }, 400, 'Der Body ist kein gültiges JSON'],
    ['not an object', { body: '[]', type: 'application/json' }, 400, 'Der Body muss ein JSON-Objekt sein'],
    ['too large', { body: JSON.stringify({ reason: 'x'.repeat(110_000) }), type: 'application/json' }, 413, 'Der Body ist zu groß (höchstens 100kb)'],
  ])('refusals of the body are worded in the language asked: %s', async (_, init, status, error) => {
    expect(await api('POST', ADJUST, { ...init, language: 'de' })).toMatchObject({ status, body: { error } });
  });

  it('no body at all is left to the route (its own field errors), whatever its declared type', async () => {
    expect(await api('POST', ADJUST)).toMatchObject({ status: 422 });
    // An empty string: Content-Length 0 with text/plain, as fetch sends it.
    expect(await api('POST', ADJUST, { body: '' })).toMatchObject({ status: 422 });
  });

  it('webhooks are not the admin API: a delivery without HMAC is still the contract\'s 401', async () => {
    const res = await fetch(`${app.url}/api/webhooks`, { method: 'POST', body: 'null', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(401);
  });
});

describe('unsupported methods → 405 with Allow', () => {
  it.each([
    ['PUT', '/customers/555001/adjustments', 'POST'],
    ['DELETE', '/customers/555001', 'GET, HEAD'],
    ['PATCH', '/program/settings', 'GET, HEAD, PUT'],
    ['POST', '/program', 'GET, HEAD'],
    ['PATCH', '/campaigns/1', 'GET, HEAD, PUT, DELETE'],
  ])('%s /api%s → Allow: %s', async (method, path, allow) => {
    const res = await api(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.body).toEqual({ error: `${method} is not allowed on /api${path}; allowed: ${allow}` });
  });

  it('in the language asked, as the unknown path\'s 404 is', async () => {
    expect(await api('PATCH', '/program/settings', { language: 'de' })).toMatchObject({
      status: 405,
      body: { error: 'PATCH ist auf /api/program/settings nicht erlaubt; erlaubt: GET, HEAD, PUT' },
    });
    expect(await api('GET', '/nothing-here', { language: 'de' })).toMatchObject({ status: 404, body: { error: 'Keine Route für GET /api/nothing-here' } });
  });

  it('an unknown path stays 404', async () => {
    expect(await api('GET', '/nothing-here')).toMatchObject({ status: 404 });
    expect(await api('DELETE', '/customers/1/nothing')).toMatchObject({ status: 404 });
  });

  it('a body is judged only where a route takes it: 404 and 405 come first', async () => {
    expect(await api('POST', '/nothing-here', { body: 'text', type: 'text/plain' })).toMatchObject({ status: 404 });
    expect(await api('PUT', '/customers/555001/adjustments', { body: 'text', type: 'text/plain' })).toMatchObject({ status: 405 });
  });

  it('the session token is checked first, before the body', async () => {
    expect(await api('PUT', '/customers/555001/adjustments', { token: null })).toMatchObject({ status: 401 });
    expect(await api('POST', '/customers/555001/adjustments', { token: null, body: 'text', type: 'text/plain' })).toMatchObject({ status: 401 });
    expect(await api('PUT', '/program/settings', { token: 'forged', body: '5', type: 'application/json' })).toMatchObject({ status: 401 });
  });

  it.each(['GET', 'PUT', 'DELETE'])('%s /api/webhooks → Allow: POST', async (method) => {
    const res = await answer(await fetch(`${app.url}/api/webhooks`, { method }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it.each([
    ['POST', '/customer', 'GET, HEAD'],
    ['DELETE', '/rewards', 'GET, HEAD'],
    ['PUT', '/activity', 'GET, HEAD'],
    ['GET', '/rewards/1/redeem', 'POST'],
  ])('signed %s /proxy%s → Allow: %s', async (method, path, allow) => {
    const res = await proxy(method, path);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
  });

  it('the proxy: an unknown path stays 404, an unsigned request 401, a redeem without body as before', async () => {
    expect(await proxy('GET', '/nothing-here')).toMatchObject({ status: 404 });
    expect((await answer(await fetch(`${app.url}/proxy/customer`, { method: 'POST' }))).status).toBe(401);
    // Logged out: the contract's 401, reached with no body at all.
    expect(await proxy('POST', '/rewards/1/redeem')).toMatchObject({ status: 401, body: { error: 'Log in to redeem rewards' } });
  });

  it('the health check', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const res = await answer(await fetch(`${app.url}/healthz`, { method: 'POST' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('requests Node refuses before the app', () => {
  it('a URL over the header limit → 431 JSON, connection closed', async () => {
    // Node's limit is 16 KiB for the request line and headers together.
    const query = Array.from({ length: 3_000 }, () => 'limit=1').join('&');
    const res = await fetch(`${app.url}/api/customers?${query}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ error: 'Request header fields too large' });
  });

  it('the server still answers afterwards', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('the Authorization header', () => {
  it.each(['Bearer a b', 'Token abc', 'Basic dXNlcjpwYXNz'])('%s → 401 "Malformed Authorization header"', async (header) => {
    const res = await answer(await fetch(`${app.url}/api/program`, { headers: { authorization: header } }));
    expect(res).toMatchObject({ status: 401, body: { error: 'Malformed Authorization header' } });
  });

  it.each([undefined, '', 'Bearer', 'Bearer   '])('%j → 401 "Missing session token"', async (header) => {
    const res = await answer(await fetch(`${app.url}/api/program`, { headers: header === undefined ? {} : { authorization: header } }));
    expect(res).toMatchObject({ status: 401, body: { error: 'Missing session token' } });
  });

  it('is refused in the admin user\'s language (the admin shows the message)', async () => {
    const res = await answer(await fetch(`${app.url}/api/program`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } }));
    expect(res).toMatchObject({ status: 401, body: { error: 'Sitzungstoken fehlt' } });
  });
});

describe('shop domains: the name is one DNS label (at most 63 characters)', () => {
  const longShop = `${'a'.repeat(300)}.myshopify.com`;
  const shopRows = (domain: string) => app.ctx.db.shop.count({ where: { domain } });

  it('a correctly signed proxy request for a 300-character name → 401, no shop created', async () => {
    expect(await proxy('GET', '/customer', longShop)).toMatchObject({ status: 401, body: { error: 'Invalid shop' } });
    expect(await shopRows(longShop)).toBe(0);
  });

  it('64 characters are refused, 63 accepted', async () => {
    const longest = `${'b'.repeat(63)}.myshopify.com`;
    const tooLong = `${'b'.repeat(64)}.myshopify.com`;
    expect(await proxy('GET', '/customer', tooLong)).toMatchObject({ status: 401 });
    expect(await shopRows(tooLong)).toBe(0);
    expect(await proxy('GET', '/customer', longest)).toMatchObject({ status: 200 });
    expect(await shopRows(longest)).toBe(1);
  });

  it('a session token whose dest has a 300-character name → 401, no install', async () => {
    const res = await api('GET', '/program', { token: emulator.mintSessionToken(longShop) });
    expect(res).toMatchObject({ status: 401, body: { error: 'Invalid session token' } });
    expect(await shopRows(longShop)).toBe(0);
  });
});
