/**
 * Points expiry in the storefront widget, in real Chromium: with expiry switched on in the admin API (as a merchant
 * would), a member reads how many points expire on which day beside the balance, in the card and the panel, in English
 * and German; an expiry the job booked shows in the recent activity; with expiry off, nothing shows.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storefrontUrl } from '../../emulator/storefront/urls.js';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { expireInactivePoints } from '../../src/points-expiry/expire.js';
import { bookAt, memberSince } from '../../src/points-expiry/test-support.js';
import { emulatorOf, eventually, startTestApp, type TestApp } from '../harness.js';
import { launchChromium, screenshot } from './chromium.js';

const SHOP = 'storefront-expiry.myshopify.com';
/** 250 points from an order, 10 more from the shop on 15 March 2027 (the latest activity): held through 15 March 2028. */
const ANNA = 7_300_001;
/** 300 points from an order in January 2025, nothing since: expired by the job. */
const BEN = 7_300_002;

let app: TestApp;
let browser: Browser;
let shopId: number;
const contexts: BrowserContext[] = [];
const emulator = () => emulatorOf(app);

const api = (init?: RequestInit) =>
  fetch(`${app.url}/api/program/settings`, { ...init, headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}`, 'content-type': 'application/json' } });

/** Saves the program with points expiring after `months` (null: never), as the editor sends it. */
async function expireAfter(months: number | null): Promise<void> {
  const settings = (await (await api()).json()) as { rewards: Record<string, unknown>[] };
  const rewards = settings.rewards.map(({ product: _product, ...reward }) => reward);
  expect((await api({ method: 'PUT', body: JSON.stringify({ ...settings, rewards, pointsExpireAfterMonths: months }) })).status).toBe(200);
}

async function balance(customerId: number): Promise<number> {
  const res = await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(customerId))}`);
  return ((await res.json()) as { points: number }).points;
}

beforeAll(async () => {
  app = await startTestApp();
  emulator().addShop({ domain: SHOP, name: 'Rösterei am Markt', currencyCode: 'EUR', primaryLocale: 'en', timezone: 'Europe/Berlin' });
  expect((await fetch(`${app.url}/api/program`, { headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}` } })).status).toBe(200);
  shopId = (await app.ctx.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).id;
  await expireAfter(12);
  // Switched on two months ago: its 30 days of grace are over (Ben's balance expires at once below).
  await app.ctx.db.program.update({ where: { shopId }, data: { pointsExpiryFrom: new Date(Date.now() - 60 * 86_400_000) } });

  emulator().upsertCustomer(SHOP, { id: ANNA, firstName: 'Anna', lastName: 'Keller', email: `${ANNA}@example.com` });
  const order = orderPayload({ id: 73_001, customerId: ANNA, subtotal: '250.00', processedAt: new Date(), firstName: 'Anna', lastName: 'Keller' });
  expect((await emulator().sendWebhook(SHOP, 'orders/paid', order)).status).toBe(200);
  await eventually(async () => (await balance(ANNA)) === 250, 20_000);
  const anna = await app.ctx.db.member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: String(ANNA) } } });
  await bookAt(app.ctx.db, shopId, anna.id, 10, 'manual_adjustment', new Date('2027-03-15T10:00:00Z'));

  emulator().upsertCustomer(SHOP, { id: BEN, firstName: 'Ben', lastName: 'Vogt', email: `${BEN}@example.com` });
  const ben = await memberSince(app.ctx.db, shopId, String(BEN), new Date('2024-11-02T09:00:00Z'));
  await bookAt(app.ctx.db, shopId, ben, 300, 'order_earned', new Date('2025-01-10T09:00:00Z'));
  expect(await expireInactivePoints(app.ctx)).toMatchObject({ members: 1, points: 300 });

  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.stop();
});

async function open(customerId: number, locale: 'en' | 'de' = 'en'): Promise<Page & { loyaleErrors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: locale === 'de' ? 'de-DE' : 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${emulator().url}${storefrontUrl(SHOP, { locale, customerId })}`);
  return Object.assign(page, { loyaleErrors: errors });
}

const panel = (page: Page) => page.locator('[role="dialog"]');
const expiry = (scope: ReturnType<Page['locator']>) => scope.locator('[data-loyale-expiry]');

describe('points expiry in the widget', () => {
  it('a member reads how many points expire on which day, in the card and the panel', async () => {
    const page = await open(ANNA);
    const card = page.locator('.loyale-card');
    await expect.poll(() => expiry(card).locator('strong').textContent()).toBe('260 points expire on Mar 15, 2028');
    expect(await expiry(card).isVisible()).toBe(true);
    expect(await expiry(card).locator('.loyale-muted').textContent()).toBe('Collect or redeem points before then to keep them.');

    await page.click('[data-loyale-open]');
    await expect.poll(() => expiry(panel(page)).locator('strong').textContent()).toBe('260 points expire on Mar 15, 2028');
    expect(await expiry(panel(page)).isVisible()).toBe(true);
    await screenshot(page, 'storefront-expiry');
    expect(page.loyaleErrors).toEqual([]);
  });

  it('German: "260 Punkte verfallen am 15.03.2028"', async () => {
    const page = await open(ANNA, 'de');
    const card = page.locator('.loyale-card');
    await expect.poll(() => expiry(card).locator('strong').textContent()).toBe('260 Punkte verfallen am 15.03.2028');
    expect(await expiry(card).locator('.loyale-muted').textContent()).toBe('Sammeln oder lösen Sie bis dahin Punkte ein, damit sie erhalten bleiben.');
    await screenshot(page, 'storefront-expiry-de');
  });

  it('an expired balance shows in the recent activity, and no date while there is nothing to lose', async () => {
    const page = await open(BEN);
    await page.click('[data-loyale-open]');
    const entries = panel(page).locator('[data-loyale-activity] li');
    await expect.poll(() => entries.first().locator('span').allTextContents()).toEqual(['Points expired', expect.any(String), '-300']);
    expect(await expiry(panel(page)).isHidden()).toBe(true);
    expect(await panel(page).locator('[data-loyale-points]').textContent()).toBe('0 points');

    const german = await open(BEN, 'de');
    await german.click('[data-loyale-open]');
    await expect.poll(() => panel(german).locator('[data-loyale-activity] li').first().locator('span').first().textContent()).toBe('Punkte verfallen');
  });

  it('with expiry switched off, no member reads a date', async () => {
    await expireAfter(null);
    try {
      const page = await open(ANNA);
      await page.click('[data-loyale-open]');
      await expect.poll(() => panel(page).locator('[data-loyale-activity] li').count()).toBeGreaterThan(1);
      expect(await expiry(page.locator('.loyale-card')).isHidden()).toBe(true);
      expect(await expiry(panel(page)).isHidden()).toBe(true);
    } finally {
      await expireAfter(12);
    }
  });
});
