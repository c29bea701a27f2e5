/**
 * Shared by the admin browser tests: the built admin is required, a shop with members seeded through real
 * webhooks, and pages opened as a merchant opens the admin locally (`/?shop=...`, token from the emulator).
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { emulatorOf, eventually, startTestApp, type TestApp } from '../harness.js';
import { launchChromium } from './chromium.js';

export const SHOP = 'admin-browser.myshopify.com';

const FRONTEND = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend');

function newestSource(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/** The tests drive the production build; `./loyale install` (and `./loyale test`) build it when sources change. */
export function assertAdminBuilt(): void {
  const index = join(FRONTEND, 'dist', 'index.html');
  let built: number;
  try {
    built = statSync(index).mtimeMs;
  } catch {
    throw new Error(`The admin app is not built (${index} is missing): run ./loyale install or npm run -w web/frontend build`);
  }
  const sources = Math.max(...['src', 'index.html', 'vite.config.ts'].map((name) => newestSource(join(FRONTEND, name))));
  if (sources > built) {
    throw new Error('The admin build is older than its sources: run ./loyale install or npm run -w web/frontend build');
  }
}

/** `GET|PUT {app}/api{path}` with a session token from the emulator, as the admin's own calls are made. */
export async function adminApi<T>(app: TestApp, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const token = emulatorOf(app).mintSessionToken(SHOP);
  const res = await fetch(`${app.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
}

export interface SeedCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  /** Order subtotals; each is one `orders/paid` webhook. */
  orders: string[];
}

export const CUSTOMERS: SeedCustomer[] = [
  { id: 7001, firstName: 'Erika', lastName: 'Mustermann', email: 'erika@example.com', orders: ['320.00', '300.40'] },
  { id: 7002, firstName: 'Max', lastName: 'Beispiel', email: 'max.beispiel@example.com', orders: ['120.50'] },
  { id: 7003, firstName: 'Jürgen', lastName: 'Groß', email: 'j.gross@example.org', orders: ['2400.00'] },
  { id: 7004, firstName: 'Lena', lastName: 'Schmidt', email: 'lena@example.net', orders: ['45.99', '12.00'] },
];

/**
 * The shop, installed (token exchange, as the admin's first request does), with members whose points come from
 * real `orders/paid` webhooks, and one redemption through the signed app proxy, so every dashboard figure is
 * non-zero.
 */
export async function seedShop(app: TestApp): Promise<void> {
  const emulator = emulatorOf(app);

  let orderId = 910_000;
  let orders = 0;
  for (const customer of CUSTOMERS) {
    for (const subtotal of customer.orders) {
      const payload = orderPayload({
        id: ++orderId,
        customerId: customer.id,
        subtotal,
        processedAt: new Date(Date.now() - (orders + 1) * 86_400_000),
        email: customer.email,
        firstName: customer.firstName,
        lastName: customer.lastName,
      });
      orders += 1;
      expect((await emulator.sendWebhook(SHOP, 'orders/paid', payload)).status).toBe(200);
    }
  }
  const shopId = await shopIdOf(app);
  await eventually(async () => {
    const [row] = await app.ctx.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM ledger_entries WHERE shop_id = ${shopId} AND reason = 'order_earned'`;
    return row?.n === orders;
  }, 20_000);

  const program = await adminApi<{ rewards: { id: string; kind: string }[] }>(app, '/program');
  const freeShipping = program.body.rewards.find((reward) => reward.kind === 'free_shipping');
  if (!freeShipping) throw new Error('the default program has no free-shipping reward');
  const query = emulator.signProxyQuery(SHOP, String(CUSTOMERS[0]?.id));
  const redeemed = await fetch(`${app.url}/proxy/rewards/${freeShipping.id}/redeem?${query}`, { method: 'POST' });
  expect(redeemed.status).toBe(200);
}

/** The shop on the platform, installed (token exchange, as the admin's first request does). */
async function installShop(app: TestApp): Promise<void> {
  emulatorOf(app).addShop({ domain: SHOP, name: 'Rösterei am Markt', currencyCode: 'EUR', primaryLocale: 'en', timezone: 'Europe/Berlin' });
  expect((await adminApi(app, '/shop')).status).toBe(200);
}

export interface AdminTest {
  app: TestApp;
  browser: Browser;
  shopId: number;
  stop(): Promise<void>;
}

/** A test file's beforeAll: the built admin, the real app with the shop installed, `seed` run, Chromium. */
async function startAdminTest(seed?: (app: TestApp) => Promise<void>): Promise<AdminTest> {
  assertAdminBuilt();
  const app = await startTestApp();
  try {
    await installShop(app);
    await seed?.(app);
    const shopId = await shopIdOf(app);
    const browser = await launchChromium();
    return {
      app,
      browser,
      shopId,
      stop: async () => {
        await browser.close();
        await app.stop();
      },
    };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/** Registers the file's beforeAll/afterAll; the returned object is filled in once beforeAll has run. */
export function adminTestFile(seed?: (app: TestApp) => Promise<void>): AdminTest {
  const env = {} as AdminTest;
  beforeAll(async () => {
    Object.assign(env, await startAdminTest(seed));
  });
  afterAll(async () => {
    await env.stop?.();
  });
  return env;
}

export async function shopIdOf(app: TestApp): Promise<number> {
  const [row] = await app.ctx.db.$queryRaw<{ id: number }[]>`SELECT id FROM shops WHERE domain = ${SHOP}`;
  if (!row) throw new Error(`shop ${SHOP} not in the database`);
  return row.id;
}

export interface AdminPage {
  page: Page;
  /** Uncaught errors and console errors of the page: a test ends by asserting there were none. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens the admin as a merchant does locally: `{app}{path}?shop=...&locale=...`; `prepare` runs on the browser
 * context before the page loads (an init script standing in for what Shopify's admin would put on the page).
 */
export async function openAdmin(
  browser: Browser,
  app: TestApp,
  path: string,
  locale: 'en' | 'de' = 'en',
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<AdminPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: locale === 'de' ? 'de-DE' : 'en-US' });
  await prepare?.(context);
  // Fail a step within the test's own time budget, with Playwright's message rather than vitest's timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every non-2xx response; a 422 is the validation answer some tests provoke on purpose.
    if (message.type() === 'error' && !/status of 422\b/.test(message.text())) errors.push(message.text());
  });
  const separator = path.includes('?') ? '&' : '?';
  await page.goto(`${app.url}${path}${separator}shop=${SHOP}&locale=${locale}`);
  return { page, errors, close: () => context.close() };
}
