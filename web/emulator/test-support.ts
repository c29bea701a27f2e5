import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { platformFetch } from '../src/shopify/api.js';
import { APP_SCOPES } from '../src/shopify/app-config.js';

/** What a stand-in app received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type AppAnswer = (request: RecordedRequest, req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RecordingApp {
  url: string;
  requests: RecordedRequest[];
  /** Replaces how the app answers (default: 200 `{"ok":true}`). */
  answer(handler: AppAnswer): void;
  close(): Promise<void>;
}

/** A tiny HTTP server standing in for the app in emulator tests: records every request, answers as told. */
export async function startRecordingApp(handler?: AppAnswer): Promise<RecordingApp> {
  const requests: RecordedRequest[] = [];
  let current: AppAnswer =
    handler ??
    ((_request, _req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://app.invalid');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        rawQuery: url.search.slice(1),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve(current(request, req, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const TEST_API_KEY = 'emulator-test-key';
export const TEST_API_SECRET = 'emulator-test-secret';

/** The real `@shopify/shopify-api` library, configured as the app configures it, its requests sent to `platformUrl`. */
export function testShopifyApi(platformUrl?: string): Shopify {
  setAbstractFetchFunc(platformFetch(platformUrl));
  return shopifyApi({
    apiKey: TEST_API_KEY,
    apiSecretKey: TEST_API_SECRET,
    scopes: [...APP_SCOPES],
    hostName: 'app.example',
    hostScheme: 'https',
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
}

/**
 * Installs the test app on `shop` the way the app does it: token exchange of a fresh session token for an offline
 * access token at `{emulatorUrl}/admin/oauth/access_token` (non-expiring: no `expiring`). Resolves with the access
 * token. `credentials`: the app's, when the emulator was started with others than the test ones.
 */
export async function exchangeOfflineToken(
  emulator: { url: string; mintSessionToken(shop: string): string },
  shop: string,
  credentials: { apiKey: string; apiSecret: string } = { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET },
): Promise<string> {
  const res = await fetch(`${emulator.url}/admin/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: credentials.apiKey,
      client_secret: credentials.apiSecret,
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: emulator.mintSessionToken(shop),
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The HTTP status the emulator's Admin API answers a small query sent with `token` (200 while it works, 401 once not). */
export async function adminApiStatus(emulatorUrl: string, token: string): Promise<number> {
  const res = await fetch(`${emulatorUrl}/admin/api/2026-10/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query: '{ shop { name } }' }),
  });
  return res.status;
}


/** An Admin GraphQL answer's body, as tests read it. */
export interface AdminGraphqlBody {
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Sends Admin GraphQL operations to the emulator with `token` (HTTP 200 expected) and returns the bodies. */
export function adminGraphqlClient(emulatorUrl: string, token: string) {
  return async (query: string, variables?: Record<string, unknown>): Promise<AdminGraphqlBody> => {
    const res = await fetch(`${emulatorUrl}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({ query, variables }),
    });
    if (res.status !== 200) throw new Error(`Admin API answered ${res.status}`);
    return (await res.json()) as AdminGraphqlBody;
  };
}
