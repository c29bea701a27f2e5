/**
 * The monthly tier perk in the storefront widget, in real Chromium: the member view (the tier card and the panel)
 * names the tier's perk and shows this month's code once it is granted. Members reach their tiers through real
 * `orders/paid` webhooks; the perk is granted by the granter the perk job runs.
 */
import type { Browser, BrowserContext, Page, Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { storefrontUrl } from '../../emulator/storefront/urls.js';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { createPerkGranter } from '../../src/perks/grant.js';
import { emulatorOf, eventually, startTestApp, type TestApp } from '../harness.js';
import { launchChromium, screenshot } from './chromium.js';
import { storePerkOnlyProductReward } from '../../src/rewards/test-rewards.js';

const SHOP = 'storefront-perk.myshopify.com';
const HOUR = 3_600_000;
/** 2,100 points: Gold, granted this month's perk. */
const GOLD = 7_200_001;
/** 2,300 points: Gold, this month's code not granted yet. */
const GOLD_WAITING = 7_200_002;
/** 600 points: Silver, a tier without a perk. */
const SILVER = 7_200_003;
/** 50 points: Bronze, whose perk is a free mug the shop deleted: no code can be granted. */
const BRONZE = 7_200_004;
/** The mug of the emulator's catalogue, deleted in the shop before the grant run. */
const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;

let app: TestApp;
let browser: Browser;
let code: string;
const contexts: BrowserContext[] = [];

const emulator = () => emulatorOf(app);

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function pay(orderId: number, customerId: number, subtotal: string): Promise<void> {
  emulator().upsertCustomer(SHOP, { id: customerId, firstName: 'Erika', lastName: 'Mustermann', email: `${customerId}@example.com` });
  expect((await emulator().sendWebhook(SHOP, 'orders/paid', orderPayload({ id: orderId, customerId, subtotal, processedAt: new Date() }))).status).toBe(200);
}

async function tierOf(customerId: number): Promise<string | undefined> {
  const res = await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(customerId))}`);
  return ((await res.json()) as { tier: { name: string } | null }).tier?.name;
}

beforeAll(async () => {
  app = await startTestApp({ perks: { grantsEveryMs: HOUR, renewalsEveryMs: HOUR }, customerSync: { everyMs: HOUR } });
  emulator().addShop({ domain: SHOP, name: 'Rösterei am Markt', currencyCode: 'EUR', primaryLocale: 'en', timezone: 'Europe/Berlin' });
  const perks = await admin<{ version: number; perks: { tierId: string; threshold: number }[]; rewards: { id: string; kind: string }[] }>('GET', '/tier-perks');
  const gold = perks.perks.find((p) => p.threshold === 2000)!.tierId;
  const bronze = perks.perks.find((p) => p.threshold === 0)!.tierId;
  const freeShipping = perks.rewards.find((r) => r.kind === 'free_shipping')!.id;
  const shopId = (await app.ctx.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).id;
  const mug = await storePerkOnlyProductReward(app.ctx.db, shopId, 'Free mug', MUG);
  await admin('PUT', '/tier-perks', {
    version: perks.version,
    perks: [
      { tierId: gold, rewardId: freeShipping, active: true },
      { tierId: bronze, rewardId: String(mug.id), active: true },
    ],
  });
  await emulator().catalog.deleteProduct(SHOP, `gid://shopify/Product/${MUG.productId}`);
  await eventually(async () => (await app.ctx.db.reward.findUniqueOrThrow({ where: { id: mug.id } })).productMissingAt !== null, 20_000);

  await pay(72_001, GOLD, '2100.00');
  await pay(72_003, SILVER, '600.00');
  await pay(72_004, BRONZE, '50.00');
  await eventually(async () => (await tierOf(GOLD)) === 'Gold' && (await tierOf(SILVER)) === 'Silver' && (await tierOf(BRONZE)) === 'Bronze', 20_000);
  await createPerkGranter(app.ctx).grantReached();
  await pay(72_002, GOLD_WAITING, '2300.00'); // after the grant run: no code yet
  await eventually(async () => (await tierOf(GOLD_WAITING)) === 'Gold', 20_000);
  const grant = await app.ctx.db.perkGrant.findFirstOrThrow({ where: { status: 'issued' } });
  code = grant.code;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.stop();
});

/** The storefront as the signed-in customer; `perksAnswered` settles when the widget's perk request was answered. */
async function open(customerId: number, locale: 'en' | 'de' = 'en'): Promise<Page & { perksAnswered: Promise<PageResponse> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: locale === 'de' ? 'de-DE' : 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  const perksAnswered = page.waitForResponse((res) => res.url().includes('/apps/loyale/perks'));
  await page.goto(`${emulator().url}${storefrontUrl(SHOP, { locale, customerId })}`);
  return Object.assign(page, { perksAnswered });
}

describe('the monthly perk in the storefront widget', () => {
  it('a Gold member sees the perk and this month\'s code in the card and in the panel', async () => {
    const page = await open(GOLD);
    const card = page.locator('.loyale-card .loyale-perk');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.locator('.loyale-perk__title').textContent()).toBe('Gold perk: Free shipping every month');
    expect(await card.locator('.loyale-code__value').textContent()).toBe(code);
    expect(await card.getByRole('link', { name: 'Apply to cart' }).getAttribute('href')).toMatch(new RegExp(`/discount/${code}\\?redirect=/storefront/[^?]+/cart$`));
    await screenshot(page, 'storefront-perk-card');

    await page.click('[data-loyale-open]');
    const panel = page.locator('[role="dialog"] .loyale-perk');
    await expect.poll(() => panel.isVisible()).toBe(true);
    expect(await panel.locator('.loyale-code__value').textContent()).toBe(code);
    await screenshot(page, 'storefront-perk-panel');
  });

  it('in German, the reward by its German name', async () => {
    const page = await open(GOLD, 'de');
    const card = page.locator('.loyale-card .loyale-perk');
    await expect.poll(() => card.locator('.loyale-perk__title').textContent()).toBe('Ihr Vorteil als Gold-Mitglied: Kostenloser Versand jeden Monat');
  });

  it('a Gold member whose code is not granted yet is told it is on its way', async () => {
    const page = await open(GOLD_WAITING);
    const card = page.locator('.loyale-card .loyale-perk');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toBe('Gold perk: Free shipping every monthThis month’s code is on its way.');
    expect(await card.locator('.loyale-code').count()).toBe(0);
  });

  it('a member whose perk\'s product the shop deleted is told why there is no code, in English and German', async () => {
    const page = await open(BRONZE);
    const card = page.locator('.loyale-card .loyale-perk');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toBe('Bronze perk: Free mug every monthThe product of this perk was deleted from the shop, so there is no code for now.');
    expect(await card.locator('.loyale-code').count()).toBe(0);
    await screenshot(page, 'storefront-perk-product-deleted');

    const german = await open(BRONZE, 'de');
    await expect
      .poll(() => german.locator('.loyale-card .loyale-perk').textContent())
      .toBe('Ihr Vorteil als Bronze-Mitglied: Free mug jeden MonatDas Produkt dieses Vorteils wurde aus dem Shop gelöscht, daher gibt es vorerst keinen Code.');
  });

  it('the perk-only mug (inactive, its product deleted) is listed by the app proxy but not offered in the widget', async () => {
    const res = await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(GOLD))}`);
    const view = (await res.json()) as { rewards: { name: string; redeemable: boolean }[] };
    // A Gold member with points enough: still not redeemable.
    expect(view.rewards.find((r) => r.name === 'Free mug')).toMatchObject({ redeemable: false });
    const page = await open(GOLD);
    await page.click('[data-loyale-open]');
    const names = page.locator('[role="dialog"] [data-loyale-rewards] .loyale-reward__name');
    // The widget offers what the catalog (/proxy/rewards: active rewards) lists, in the view's order.
    const catalog = (await (await fetch(`${app.url}/proxy/rewards?${emulator().signProxyQuery(SHOP, String(GOLD))}`)).json()) as { rewards: { id: string }[] };
    const offered = new Set(catalog.rewards.map((r) => r.id));
    const full = (await (await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(GOLD))}`)).json()) as { rewards: { id: string; name: string }[] };
    await expect.poll(() => names.allTextContents()).toEqual(full.rewards.filter((r) => offered.has(r.id)).map((r) => r.name));
    expect(await names.allTextContents()).not.toContain('Free mug');
  });

  it('a tier without a perk shows none', async () => {
    const page = await open(SILVER);
    await expect.poll(() => page.locator('.loyale-card [data-loyale-tier]').textContent()).toBe('Silver');
    expect(await (await page.perksAnswered).json()).toEqual({ perk: null, currentGrant: null });
    expect(await page.locator('.loyale-card .loyale-perk').isVisible()).toBe(false);
  });
});
