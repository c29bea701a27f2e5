/**
 * The shared setup of the admin API integration tests: the whole app (startTestApp: real Postgres and Redis, the
 * emulator as the platform), a shop installed through its first session-token request, and small helpers to call
 * the API and to drive the real webhook pipeline. Tests only.
 */
import { expect } from 'vitest';
import type { Emulator } from '../../emulator/index.js';
import type { StartOptions } from '../app/start.js';
import { eventually, startTestApp, type TestApp } from '../../test/harness.js';
import type { Db } from '../db/client.js';
import type { FieldIssue } from '../validation/field-errors.js';

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** An error answer; a 422 has `details`. */
export type ErrorJson = {
  error: string;
  details?: { fieldErrors: Record<string, string>; fieldErrorCodes: Record<string, FieldIssue> };
};

/** The languages the admin API answers in, with a 422's `error` in each. */
const LANGUAGE_CASES = [
  { language: 'en', invalidInput: 'Invalid input' },
  { language: 'de', invalidInput: 'Ungültige Eingabe' },
] as const;

/**
 * Asserts a 422 in English and in German (`call` makes the request with that Accept-Language) whose field errors
 * and codes name exactly `fields`.
 */
export async function expectInvalidInput(call: (language: string) => Promise<ApiResponse<ErrorJson>>, fields: string[]): Promise<void> {
  for (const { language, invalidInput } of LANGUAGE_CASES) {
    const res = await call(language);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe(invalidInput);
    expect(Object.keys(res.body.details?.fieldErrors ?? {}).sort()).toEqual([...fields].sort());
    expect(Object.keys(res.body.details?.fieldErrorCodes ?? {}).sort()).toEqual([...fields].sort());
  }
}

/** The 409 of a save whose editor read an older version, in each language (`edit_conflict`). */
export const EDIT_CONFLICT = {
  en: 'Someone saved these settings meanwhile; reload to see their changes, then make yours again',
  de: 'Jemand hat diese Einstellungen inzwischen gespeichert; lade neu, um die Änderungen zu sehen, und nimm deine dann noch einmal vor',
} as const;

/** The version an editor reading `path` now gets (`GET` of `/program/settings`, `/tier-perks`, `/campaigns/:id`). */
export async function editorVersion(shop: ShopClient, path: string): Promise<number> {
  const res = await shop.api<{ version: number }>('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return res.body.version;
}

export interface ShopClient {
  domain: string;
  /** The shop's id in the app's database. */
  id: number;
  /**
   * `{method} /api{path}` with a fresh session token of staff user `userId` (default '1'); JSON in and out.
   * `language` is sent as `Accept-Language` (none by default: the API answers in English).
   */
  api<T = unknown>(method: string, path: string, body?: unknown, options?: { userId?: string; language?: string }): Promise<ApiResponse<T>>;
}

export interface AdminApiFixture {
  app: TestApp;
  emulator: Emulator;
  db: Db;
  /** The shop the tests work on (EUR, German, Europe/Berlin). */
  shop: ShopClient;
  /** Another shop, installed the same way (cross-shop isolation tests). */
  addShop(domain: string): Promise<ShopClient>;
  /** Sends a webhook through the emulator and waits until the app processed it. */
  deliver(shop: ShopClient, topic: string, payload: object): Promise<void>;
  close(): Promise<void>;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  return res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as unknown) : text;
}

/** `startOptions` go to startTestApp (e.g. a background job's period, so a test drives the job itself). */
export async function startAdminApiFixture(shopDomain = 'admin-api.myshopify.com', startOptions: StartOptions = {}): Promise<AdminApiFixture> {
  const app = await startTestApp(startOptions);
  const emulator = app.emulator;
  if (!emulator) throw new Error('the test app runs without the emulator');
  const db = app.ctx.db;

  const addShop = async (domain: string): Promise<ShopClient> => {
    emulator.addShop({ domain, name: 'Kaffeerösterei', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
    const api: ShopClient['api'] = async (method, path, body, options = {}) => {
      const token = emulator.mintSessionToken(domain, { userId: options.userId ?? '1' });
      const res = await fetch(`${app.url}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.language === undefined ? {} : { 'accept-language': options.language }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, body: (await readBody(res)) as never, headers: res.headers };
    };
    const installed = await api('GET', '/shop'); // the first request installs the shop
    if (installed.status !== 200) throw new Error(`install of ${domain} failed: ${installed.status}`);
    const { id } = await db.shop.findUniqueOrThrow({ where: { domain }, select: { id: true } });
    return { domain, id, api };
  };

  return {
    app,
    emulator,
    db,
    shop: await addShop(shopDomain),
    addShop,
    async deliver(shop, topic, payload) {
      const sent = await emulator.sendWebhook(shop.domain, topic, payload);
      if (sent.status !== 200) throw new Error(`webhook ${topic} answered ${sent.status}`);
      await eventually(async () => {
        const event = await db.webhookEvent.findFirst({ where: { eventKey: sent.eventId }, select: { status: true } });
        return event?.status === 'processed';
      });
    },
    close: () => app.stop(),
  };
}
