/**
 * A free-product reward whose product the merchant deletes in the shop, end to end on real Postgres and Redis: the
 * emulator deletes the product and sends the signed webhook, the app's pipeline switches the reward off and marks
 * it, the storefront stops offering it, the admin says why, and saving it with another product clears the mark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../../emulator/demo-data.js';
import { productUpdatePayload } from '../../../emulator/payloads.js';
import { emulatorOf, eventually, startTestApp, type TestApp } from '../../../test/harness.js';
import { programSettingsBody } from '../../admin-api/dto/program-settings.js';
import { saveProgramSettings } from '../../program/settings-save.js';
import { createAdminClient } from '../../shopify/admin-client.js';
import { findShopByDomain } from '../../shops/repository.js';
import { withRewardProducts } from '../reward-products.js';

let app: TestApp;
const SHOP = 'product-gone.myshopify.com';
const OTHER_SHOP = 'product-gone-other.myshopify.com';
const byS = (sku: string) => DEMO_PRODUCTS.find((p) => p.sku === sku)!;
const MUG = byS('MUG-MR');
const GRINDER = byS('GRIND-H');
const FILTER = byS('FILTER-P');
const variantGid = (p: { variantId: number }) => `gid://shopify/ProductVariant/${p.variantId}`;
const productGid = (p: { productId: number }) => `gid://shopify/Product/${p.productId}`;

interface RewardJson {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  productVariantId: string | null;
  productMissingAt: string | null;
  [key: string]: unknown;
}
interface SettingsJson {
  version: number;
  earning: Record<string, unknown>;
  tiers: Record<string, unknown>[];
  rewards: RewardJson[];
}

async function admin<T>(shop: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const token = emulatorOf(app).mintSessionToken(shop, { userId: '42' });
  const res = await fetch(`${app.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: res.status, body: (await res.json()) as T };
}

const settings = (shop: string) => admin<SettingsJson>(shop, '/program/settings');
const save = (shop: string, body: SettingsJson) => admin<SettingsJson>(shop, '/program/settings', { method: 'PUT', body: JSON.stringify(body) });

/** Adds an active free-product reward for `variant` through the program editor; returns its id. */
async function addFreeProduct(shop: string, name: string, variant: string): Promise<string> {
  const { body } = await settings(shop);
  const reward = { name, kind: 'free_product', cost: 100, value: null, active: true, productVariantId: variant };
  const saved = await save(shop, { ...body, rewards: [...body.rewards, reward as unknown as RewardJson] });
  expect(saved.status).toBe(200);
  return saved.body.rewards.find((r) => r.name === name)!.id;
}

const rewardOf = async (shop: string, id: string) => (await settings(shop)).body.rewards.find((r) => r.id === id)!;

async function storefrontRewards(shop: string): Promise<{ id: string; redeemable: boolean }[]> {
  const seeded = await findShopByDomain(app.ctx.db, shop);
  expect(seeded).not.toBeNull();
  const res = await fetch(`${app.url}/proxy/customer?${emulatorOf(app).signProxyQuery(shop, '7001')}`);
  return ((await res.json()) as { rewards: { id: string; redeemable: boolean }[] }).rewards;
}

/** The inbox row of a delivery, once the worker is done with it. */
const processed = (eventId: string) =>
  eventually(async () => {
    const row = await app.ctx.db.webhookEvent.findFirst({ where: { eventKey: eventId } });
    return row?.status === 'processed' ? row : undefined;
  });

const stored = (id: string) => app.ctx.db.reward.findUniqueOrThrow({ where: { id: Number(id) } });
/** Forgets the cached product, as for a reward saved before the cache existed. */
const forgetProduct = async (id: string) => {
  await app.ctx.db.reward.update({ where: { id: Number(id) }, data: { productId: null } });
  expect((await stored(id)).productId).toBeNull();
};
/** The platform lookups of variants (`nodes`) the app made for a shop. */
const lookups = (shop: string) => emulatorOf(app).graphqlLog(shop).filter((e) => e.operationName === 'ProductVariantProducts');

let mugReward: string;
let otherShopMugReward: string;

beforeAll(async () => {
  app = await startTestApp();
  const emulator = emulatorOf(app);
  emulator.addShop({ domain: SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
  emulator.addShop({ domain: OTHER_SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
  mugReward = await addFreeProduct(SHOP, 'Becher gratis', variantGid(MUG));
  otherShopMugReward = await addFreeProduct(OTHER_SHOP, 'Free mug', variantGid(MUG));
  // A member with points, so `redeemable` would be true if the reward were still active.
  const shop = (await findShopByDomain(app.ctx.db, SHOP))!;
  await app.ctx.db.member.create({ data: { shopId: shop.id, customerId: '7001', points: 1000 } });
});

afterAll(async () => {
  await app?.stop();
});

describe('products/delete', () => {
  it('the shop offers the reward before', async () => {
    expect(await storefrontRewards(SHOP)).toContainEqual(expect.objectContaining({ id: mugReward, redeemable: true }));
    expect(await rewardOf(SHOP, mugReward)).toMatchObject({ active: true, productMissingAt: null });
  });

  it('switches the reward off with the reason; the widget no longer offers it; other shops are untouched', async () => {
    const delivery = await emulatorOf(app).catalog.deleteProduct(SHOP, productGid(MUG));
    expect(delivery).toMatchObject({ status: 200 });
    const sent = emulatorOf(app).webhooks(SHOP).at(-1)!;
    expect(sent.topic).toBe('products/delete');
    expect(JSON.parse(sent.body)).toEqual({ id: MUG.productId });
    await processed(delivery!.eventId);

    const reward = await rewardOf(SHOP, mugReward);
    expect(reward).toMatchObject({ active: false, productMissingAt: expect.any(String) });
    // Still listed by the app proxy, but not redeemable (the widget offers active rewards only).
    expect(await storefrontRewards(SHOP)).toContainEqual(expect.objectContaining({ id: mugReward, redeemable: false }));
    const redeem = await fetch(`${app.url}/proxy/rewards/${mugReward}/redeem?${emulatorOf(app).signProxyQuery(SHOP, '7001')}`, { method: 'POST' });
    expect(redeem.status).toBe(404);

    // The other shop deleted nothing: its reward of the same variant id stays as it was.
    expect(await rewardOf(OTHER_SHOP, otherShopMugReward)).toMatchObject({ active: true, productMissingAt: null });
  });

  it('a duplicate and a late, out-of-order products/update change nothing more', async () => {
    const before = await rewardOf(SHOP, mugReward);
    const emulator = emulatorOf(app);
    const first = emulator.webhooks(SHOP).findLast((w) => w.topic === 'products/delete')!;
    const again = await emulator.redeliverWebhook(first.eventId);
    expect(again.status).toBe(200);
    // An update from before the deletion, which still listed the variant, arrives last.
    const late = await emulator.sendWebhook(SHOP, 'products/update', productUpdatePayload(MUG, [MUG], new Date(Date.now() - 3_600_000)));
    await processed(late.eventId);
    expect(await rewardOf(SHOP, mugReward)).toEqual(before);
  });

  it('keeps the program editable; saving the reward with another product and switching it on clears the mark', async () => {
    const { body } = await settings(SHOP);
    // Saved unchanged (the gone variant, still off): no 422 for a product the shop no longer has.
    const unchanged = await save(SHOP, body);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.rewards.find((r) => r.id === mugReward)).toMatchObject({ active: false, productMissingAt: expect.any(String) });

    // Switched on with the gone variant: refused, the product is gone.
    const on = body.rewards.map((r) => (r.id === mugReward ? { ...r, active: true } : r));
    expect((await save(SHOP, { ...body, rewards: on })).status).toBe(422);

    const replaced = body.rewards.map((r) => (r.id === mugReward ? { ...r, active: true, productVariantId: variantGid(GRINDER) } : r));
    const saved = await save(SHOP, { ...body, version: unchanged.body.version, rewards: replaced });
    expect(saved.status).toBe(200);
    expect(saved.body.rewards.find((r) => r.id === mugReward)).toMatchObject({ active: true, productMissingAt: null, productVariantId: variantGid(GRINDER) });
    expect(await storefrontRewards(SHOP)).toContainEqual(expect.objectContaining({ id: mugReward, redeemable: true }));

    // The old product's deletion delivered once more changes nothing: the reward gives another product now.
    const first = emulatorOf(app).webhooks(SHOP).find((w) => w.topic === 'products/delete')!;
    await processed((await emulatorOf(app).redeliverWebhook(first.eventId, { sameWebhookId: false })).eventId);
    expect(await rewardOf(SHOP, mugReward)).toMatchObject({ active: true, productMissingAt: null });
  });
});

describe('products/update', () => {
  it('a variant removed from its product switches the reward off', async () => {
    const reward = await addFreeProduct(SHOP, 'Filter gratis', variantGid(FILTER));
    const delivery = await emulatorOf(app).catalog.deleteVariant(SHOP, variantGid(FILTER));
    expect(delivery).toMatchObject({ status: 200 });
    const sent = emulatorOf(app).webhooks(SHOP).at(-1)!;
    expect(sent.topic).toBe('products/update');
    expect(JSON.parse(sent.body)).toMatchObject({ id: FILTER.productId, variants: [] });
    await processed(delivery!.eventId);
    expect(await rewardOf(SHOP, reward)).toMatchObject({ active: false, productMissingAt: expect.any(String) });
  });
});

describe('products/update whose variant list lacks a reward’s variant (the list may be incomplete)', () => {
  const PARTIAL_SHOP = 'product-gone-partial.myshopify.com';
  const NO_TOKEN_SHOP = 'product-gone-partial-no-token.myshopify.com';
  const ETHIOPIA = byS('ETH-250');
  let reward: string;

  beforeAll(async () => {
    emulatorOf(app).addShop({ domain: PARTIAL_SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
    emulatorOf(app).addShop({ domain: NO_TOKEN_SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
    reward = await addFreeProduct(PARTIAL_SHOP, 'Äthiopien gratis', variantGid(ETHIOPIA));
  });

  it('an ordinary edit listing the variant asks the platform nothing', async () => {
    const edit = await emulatorOf(app).sendWebhook(PARTIAL_SHOP, 'products/update', productUpdatePayload(ETHIOPIA, [ETHIOPIA], new Date()));
    await processed(edit.eventId);
    expect(lookups(PARTIAL_SHOP)).toEqual([]);
    expect(await rewardOf(PARTIAL_SHOP, reward)).toMatchObject({ active: true, productMissingAt: null });
  });

  it('a variant left out of the list that the platform still has: asked once, the reward stays on', async () => {
    // The product keeps its variant; the payload just does not list it.
    const partial = await emulatorOf(app).sendWebhook(PARTIAL_SHOP, 'products/update', productUpdatePayload(ETHIOPIA, [], new Date()));
    const row = await processed(partial.eventId);
    expect(row.attempts).toBe(1);
    expect(lookups(PARTIAL_SHOP).map((e) => e.variables)).toEqual([{ ids: [variantGid(ETHIOPIA)] }]);
    expect(await rewardOf(PARTIAL_SHOP, reward)).toMatchObject({ active: true, productMissingAt: null });
  });

  it('a variant the platform no longer has: confirmed, the reward is switched off', async () => {
    const delivery = await emulatorOf(app).catalog.deleteVariant(PARTIAL_SHOP, variantGid(ETHIOPIA));
    await processed(delivery!.eventId);
    expect(lookups(PARTIAL_SHOP)).toHaveLength(2);
    expect(await rewardOf(PARTIAL_SHOP, reward)).toMatchObject({ active: false, productMissingAt: expect.any(String) });
  });

  it('a shop without an offline token: nothing asked, nothing marked, the event does not fail', async () => {
    const noToken = await addFreeProduct(NO_TOKEN_SHOP, 'Free Ethiopia', variantGid(ETHIOPIA));
    await app.ctx.db.session.deleteMany({ where: { shop: NO_TOKEN_SHOP } });
    const delivery = await emulatorOf(app).catalog.deleteVariant(NO_TOKEN_SHOP, variantGid(ETHIOPIA));
    const row = await processed(delivery!.eventId);
    expect(row.attempts).toBe(1);
    expect(lookups(NO_TOKEN_SHOP)).toEqual([]);
    expect(await stored(noToken)).toMatchObject({ active: true, productMissingAt: null });
  });
});

describe('learning a reward’s product is no save', () => {
  const ORDER_SHOP = 'product-gone-order.myshopify.com';
  const COLOMBIA = byS('COL-250');

  it('an old products/update teaches the product; a newer one that removed the variant still switches the reward off', async () => {
    emulatorOf(app).addShop({ domain: ORDER_SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
    const reward = await addFreeProduct(ORDER_SHOP, 'Kolumbien gratis', variantGid(COLOMBIA));
    // Saved a day ago, before the product was cached.
    const savedAt = new Date(Date.now() - 86_400_000);
    await app.ctx.db.reward.update({ where: { id: Number(reward) }, data: { productId: null, updatedAt: savedAt } });
    // The merchant removed the variant an hour ago; its webhook and an older one come late, the older first.
    await emulatorOf(app).catalog.deleteProduct(ORDER_SHOP, variantGid(COLOMBIA), { notify: false });
    const send = (variants: typeof COLOMBIA[], updatedAt: Date) =>
      emulatorOf(app).sendWebhook(ORDER_SHOP, 'products/update', productUpdatePayload(COLOMBIA, variants, updatedAt));

    await processed((await send([COLOMBIA], new Date(Date.now() - 2 * 3_600_000))).eventId);
    expect(await stored(reward)).toMatchObject({ productId: productGid(COLOMBIA), productMissingAt: null, updatedAt: savedAt });

    await processed((await send([], new Date(Date.now() - 3_600_000))).eventId);
    expect(await stored(reward)).toMatchObject({ active: false, productMissingAt: expect.any(Date) });
  });
});

describe('a program save while a products/delete is handled', () => {
  const RACE_SHOP = 'product-gone-race.myshopify.com';
  const PAPER = byS('PAPER-100');

  it('a mark made after the save started looking variants up survives its write: the reward stays off', async () => {
    emulatorOf(app).addShop({ domain: RACE_SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
    const reward = await addFreeProduct(RACE_SHOP, 'Filterpapier gratis', variantGid(PAPER));
    const shop = (await findShopByDomain(app.ctx.db, RACE_SHOP))!;

    // PUT /api/program/settings step by step: the lookups find the variant (the merchant renamed the reward) ...
    const { body } = await settings(RACE_SHOP);
    const edited = programSettingsBody.parse({ ...body, rewards: body.rewards.map((r) => (r.id === reward ? { ...r, name: 'Papier gratis' } : r)) });
    const lookupStartedAt = new Date();
    const lookedUp = await withRewardProducts(createAdminClient(app.ctx), RACE_SHOP, edited.rewards);
    expect(lookedUp.ok).toBe(true);
    // ... then the product is deleted and the webhook handled, before the save writes.
    const delivery = await emulatorOf(app).catalog.deleteProduct(RACE_SHOP, productGid(PAPER));
    await processed(delivery!.eventId);
    expect(await rewardOf(RACE_SHOP, reward)).toMatchObject({ active: false, productMissingAt: expect.any(String) });

    const saved = await saveProgramSettings(app.ctx.db, shop.id, { ...edited, rewards: lookedUp.ok ? lookedUp.rewards : [] }, lookupStartedAt);
    expect(saved.ok).toBe(true);
    expect(await rewardOf(RACE_SHOP, reward)).toMatchObject({
      name: 'Papier gratis',
      active: false,
      productMissingAt: expect.any(String),
      productVariantId: variantGid(PAPER),
    });
    expect((await stored(reward)).productId).toBe(productGid(PAPER));
  });
});

describe('products/delete, rewards saved before their product was cached (productId null)', () => {
  const LEGACY_SHOP = 'product-gone-legacy.myshopify.com';
  const NO_TOKEN_SHOP = 'product-gone-no-token.myshopify.com';
  const ESPRESSO = byS('ESP-250');
  const DECAF = byS('DECAF-250');
  const COLD = byS('COLD-1L');
  const TASTE = byS('TASTE-4');

  let gone: string;
  let kept: string;

  beforeAll(async () => {
    emulatorOf(app).addShop({ domain: LEGACY_SHOP, currencyCode: 'EUR', primaryLocale: 'de' });
    emulatorOf(app).addShop({ domain: NO_TOKEN_SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
    gone = await addFreeProduct(LEGACY_SHOP, 'Espresso gratis', variantGid(ESPRESSO));
    kept = await addFreeProduct(LEGACY_SHOP, 'Decaf gratis', variantGid(DECAF));
    // Saving caches the product now; forgetting it is what makes these rewards "saved before".
    expect((await stored(gone)).productId).toBe(productGid(ESPRESSO));
    await forgetProduct(gone);
    await forgetProduct(kept);
  });

  it('asks the platform about exactly those variants: the deleted one is switched off and marked, the other learns its product', async () => {
    const delivery = await emulatorOf(app).catalog.deleteProduct(LEGACY_SHOP, productGid(ESPRESSO));
    await processed(delivery!.eventId);

    expect(lookups(LEGACY_SHOP).map((e) => e.variables)).toEqual([{ ids: [variantGid(ESPRESSO), variantGid(DECAF)] }]);
    expect(await rewardOf(LEGACY_SHOP, gone)).toMatchObject({ active: false, productMissingAt: expect.any(String) });
    expect(await stored(kept)).toMatchObject({ active: true, productMissingAt: null, productId: productGid(DECAF) });
  });

  it('a learned reward is matched by its product’s deletion directly, without asking again', async () => {
    const delivery = await emulatorOf(app).catalog.deleteProduct(LEGACY_SHOP, productGid(DECAF));
    await processed(delivery!.eventId);
    expect(await rewardOf(LEGACY_SHOP, kept)).toMatchObject({ active: false, productMissingAt: expect.any(String) });
    expect(lookups(LEGACY_SHOP)).toHaveLength(1);
  });

  it('a throttled lookup fails the try, not the event: the retry settles the reward', async () => {
    const reward = await addFreeProduct(LEGACY_SHOP, 'Cold Brew gratis', variantGid(COLD));
    await forgetProduct(reward);
    const before = lookups(LEGACY_SHOP).length;
    // The lookup's client tries 3 times: every try of the first run is throttled.
    emulatorOf(app).faults.throttleNext(3);
    const delivery = await emulatorOf(app).catalog.deleteProduct(LEGACY_SHOP, productGid(COLD));
    const row = await processed(delivery!.eventId);

    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(lookups(LEGACY_SHOP).length - before).toBe(4);
    expect(await rewardOf(LEGACY_SHOP, reward)).toMatchObject({ active: false, productMissingAt: expect.any(String) });
  });

  it('a shop without an offline token: nothing is asked, nothing marked, the event does not fail', async () => {
    const reward = await addFreeProduct(NO_TOKEN_SHOP, 'Free tasting set', variantGid(TASTE));
    await forgetProduct(reward);
    await app.ctx.db.session.deleteMany({ where: { shop: NO_TOKEN_SHOP } });

    const delivery = await emulatorOf(app).catalog.deleteProduct(NO_TOKEN_SHOP, productGid(TASTE));
    const row = await processed(delivery!.eventId);
    expect(row.attempts).toBe(1);
    expect(lookups(NO_TOKEN_SHOP)).toEqual([]);
    expect(await stored(reward)).toMatchObject({ active: true, productMissingAt: null, productId: null });
  });
});
