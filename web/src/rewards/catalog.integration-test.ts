/**
 * The rewards catalog end to end (issue 4): each kind of reward redeemed through the signed app proxy, with the exact
 * Admin mutation and input the platform received; a free product's code worth one unit at the variant's price when
 * redeemed; tier-only rewards (409, not redeemable, locked); `/proxy/rewards`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import type { Prisma } from '../generated/prisma/client.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { REDEMPTION_CODE_PATTERN } from './code.js';

let h: Harness;
const SHOP = 'rewards-catalog.myshopify.com';
let shop: ShopRecord;
let tierIds: { bronze: number; silver: number; gold: number };
const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
const MUG_VARIANT = `gid://shopify/ProductVariant/${MUG.variantId}`;
let nextCustomer = 61_000;

beforeAll(async () => {
  // Few, short retries: the unreachable-platform test waits for them.
  h = await startHarness({ admin: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 } });
  h.emulator.addShop({ domain: SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
  expect((await h.api('/program', h.emulator.mintSessionToken(SHOP))).status).toBe(200);
  shop = await ensureShop(h.ctx.db, SHOP);
  const tiers = await h.ctx.db.tier.findMany({ where: { shopId: shop.id }, orderBy: { threshold: 'asc' } });
  tierIds = { bronze: tiers[0]!.id, silver: tiers[1]!.id, gold: tiers[2]!.id };
});

afterAll(async () => {
  await h?.close();
});

type RewardData = Omit<Prisma.RewardUncheckedCreateInput, 'shopId'>;

async function createReward(data: RewardData): Promise<string> {
  const reward = await h.ctx.db.reward.create({ data: { shopId: shop.id, ...data } });
  return String(reward.id);
}

/** A member of SHOP with `points` and, optionally, the qualifying points of a tier. */
async function member(points: number, qualifyingPoints = 0): Promise<{ customerId: string; memberId: number }> {
  const customerId = String(nextCustomer++);
  const memberId = await h.seedPoints(SHOP, customerId, points);
  if (qualifyingPoints > 0) await h.ctx.db.member.update({ where: { id: memberId }, data: { qualifyingPoints } });
  return { customerId, memberId };
}

const redeem = (customerId: string, rewardId: string) =>
  h.proxy(`/rewards/${rewardId}/redeem`, h.emulator.signProxyQuery(SHOP, customerId), 'POST');
const balance = async (memberId: number) => (await h.ctx.db.member.findUniqueOrThrow({ where: { id: memberId } })).points;

const SHIPPING = { orderDiscounts: true, productDiscounts: true, shippingDiscounts: false };
const NOTHING = { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false };
const DAY = 86_400_000;

/** [kind, the reward as the merchant saved it, the mutation, the operation's name, what its input holds beyond the common part]. */
const KINDS: [string, RewardData, string, string, Record<string, unknown>][] = [
  [
    'free shipping, combining, from 40 €, valid 14 days',
    { name: 'Versand frei', kind: 'free_shipping', cost: 100, validityDays: 14, minimumSubtotal: '40', combinesWithOtherDiscounts: true },
    'discountCodeFreeShippingCreate',
    'DiscountCodeFreeShippingCreate',
    { combinesWith: SHIPPING, minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '40.00' } }, destination: { all: true } },
  ],
  [
    '15 % off, not combining, valid 30 days',
    { name: '15 % off', kind: 'percentage_off', cost: 200, value: '0.15', validityDays: 30, combinesWithOtherDiscounts: false },
    'discountCodeBasicCreate',
    'DiscountCodeBasicCreate',
    { combinesWith: NOTHING, customerGets: { value: { percentage: 0.15 }, items: { all: true } } },
  ],
  [
    '7.50 € off, combining, from 50 €, valid 60 days',
    { name: '7.50 € off', kind: 'amount_off', cost: 300, value: '7.5', minimumSubtotal: '50', validityDays: 60 },
    'discountCodeBasicCreate',
    'DiscountCodeBasicCreate',
    {
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '50.00' } },
      customerGets: { value: { discountAmount: { amount: '7.50', appliesOnEachItem: false } }, items: { all: true } },
    },
  ],
  [
    'a free mug, combining, valid 7 days',
    { name: 'Free mug', kind: 'free_product', cost: 400, validityDays: 7, productVariantId: MUG_VARIANT, productTitle: MUG.title },
    'discountCodeBasicCreate',
    'DiscountCodeBasicCreate',
    {
      combinesWith: { orderDiscounts: true, productDiscounts: false, shippingDiscounts: true },
      // One mug's price (14.00 in the catalogue), not 100 %: ten mugs in the cart must not all be free.
      customerGets: {
        value: { discountAmount: { amount: '14.00', appliesOnEachItem: false } },
        items: { products: { productVariantsToAdd: [MUG_VARIANT] } },
      },
    },
  ],
];

describe('redeeming each kind of reward through the app proxy', () => {
  it.each(KINDS)('%s: the exact mutation and input', async (_name, data, mutation, operationName, specific) => {
    const rewardId = await createReward(data);
    const { customerId, memberId } = await member(1000);
    const before = Date.now();
    const res = await redeem(customerId, rewardId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; points: number };
    expect(body.code).toMatch(REDEMPTION_CODE_PATTERN);
    expect(body.points).toBe(1000 - data.cost);
    expect(await balance(memberId)).toBe(1000 - data.cost);

    const calls = h.emulator.graphqlLog(SHOP).filter((e) => JSON.stringify(e.variables).includes(body.code));
    expect(calls.map((e) => [e.operationName, e.status])).toEqual([[operationName, 200]]);
    const input = (calls[0]!.variables as { input: Record<string, unknown> }).input;
    expect(input).toEqual({
      title: `Loyale: ${data.name} (${body.code})`,
      code: body.code,
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } },
      ...specific,
    });
    const startsAt = Date.parse(String(input.startsAt));
    expect(startsAt).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(String(input.endsAt)) - startsAt).toBe((data.validityDays ?? 90) * DAY);

    const created = h.emulator.discounts(SHOP).filter((d) => d.code === body.code);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ mutation, input });
    const redemption = await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } });
    expect(redemption).toMatchObject({ status: 'issued', discountId: created[0]!.id, cost: data.cost });
    expect(redemption.expiresAt.toISOString()).toBe(input.endsAt);
  });
});

describe('a free product: one unit at the price the platform states when it is redeemed', () => {
  const product = (sku: string) => {
    const found = DEMO_PRODUCTS.find((p) => p.sku === sku)!;
    return { ...found, gid: `gid://shopify/ProductVariant/${found.variantId}` };
  };
  // Products of their own, so the price change and the deletion touch no other test of this shop.
  const FILTER = product('FILTER-P');
  const GRINDER = product('GRIND-H');
  const PAPER = product('PAPER-100');
  const ESPRESSO = product('ESP-250');

  const freeProductReward = (variant: { gid: string; title: string }, name: string) =>
    createReward({ name, kind: 'free_product', cost: 250, productVariantId: variant.gid, productTitle: variant.title });

  /** The code's customerGets as the platform received it, and the calls made for this redemption, in order. */
  function issued(code: string, variantGid: string) {
    const discount = h.emulator.discounts(SHOP).find((d) => d.code === code);
    const calls = h.emulator
      .graphqlLog(SHOP)
      .filter((e) => JSON.stringify(e.variables).includes(code) || JSON.stringify(e.variables) === JSON.stringify({ id: variantGid }));
    return { customerGets: discount?.input.customerGets, calls: calls.map((e) => e.operationName) };
  }

  it("the code takes off one unit's price: one in the cart is free, ten cost nine, other products full price", async () => {
    const rewardId = await freeProductReward(PAPER, 'Free filter papers');
    const { customerId, memberId } = await member(300);
    const res = await redeem(customerId, rewardId);
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string };
    expect(await balance(memberId)).toBe(50);

    const { customerGets, calls } = issued(code, PAPER.gid);
    expect(customerGets).toEqual({
      value: { discountAmount: { amount: '4.50', appliesOnEachItem: false } },
      items: { products: { productVariantsToAdd: [PAPER.gid] } },
    });
    // The price is read from the platform right before the code is created.
    expect(calls.slice(-2)).toEqual(['ProductVariantPrice', 'DiscountCodeBasicCreate']);

    expect(h.emulator.priceCart(SHOP, code, [{ variantId: PAPER.gid, quantity: 1 }])).toEqual({ subtotal: '4.50', discount: '4.50', total: '0.00' });
    expect(h.emulator.priceCart(SHOP, code, [{ variantId: PAPER.gid, quantity: 10 }])).toEqual({ subtotal: '45.00', discount: '4.50', total: '40.50' });
    expect(h.emulator.priceCart(SHOP, code, [{ variantId: ESPRESSO.gid, quantity: 2 }])).toEqual({ subtotal: '17.80', discount: '0.00', total: '17.80' });
  });

  it('a price the merchant changed after saving the reward is the one the code takes off', async () => {
    const rewardId = await freeProductReward(FILTER, 'Free hand filter');
    const first = await member(300);
    const before = (await (await redeem(first.customerId, rewardId)).json()) as { code: string };
    expect(issued(before.code, FILTER.gid).customerGets).toMatchObject({ value: { discountAmount: { amount: '24.00' } } });

    h.emulator.catalog.setVariantPrice(SHOP, FILTER.gid, '27.9');
    const second = await member(300);
    const res = await redeem(second.customerId, rewardId);
    expect(res.status).toBe(200);
    const after = (await res.json()) as { code: string };
    expect(issued(after.code, FILTER.gid).customerGets).toEqual({
      value: { discountAmount: { amount: '27.90', appliesOnEachItem: false } },
      items: { products: { productVariantsToAdd: [FILTER.gid] } },
    });
    expect(h.emulator.priceCart(SHOP, after.code, [{ variantId: FILTER.gid, quantity: 2 }])).toEqual({ subtotal: '55.80', discount: '27.90', total: '27.90' });
  });

  it('a variant deleted on the platform: 502, the points given back, the redemption failed with the reason, no code', async () => {
    const rewardId = await freeProductReward(GRINDER, 'Free grinder');
    // The app is not told (the webhook lost or still on its way): the price lookup at issue time finds it gone.
    await h.emulator.catalog.deleteProduct(SHOP, GRINDER.gid, { notify: false });
    const { customerId, memberId } = await member(400);
    const created = h.emulator.discounts(SHOP).length;

    const res = await redeem(customerId, rewardId);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error: 'The shop could not create the discount code; no points were spent' });
    expect(await balance(memberId)).toBe(400);
    expect(h.emulator.discounts(SHOP)).toHaveLength(created);

    const redemption = await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } });
    expect(redemption).toMatchObject({ status: 'failed', discountId: null, cost: 250 });
    expect(redemption.error).toBe(`free product ${GRINDER.gid} no longer exists in the shop`);
    const ledger = await h.ctx.db.ledgerEntry.findMany({ where: { memberId, reason: { in: ['redemption', 'redemption_reversal'] } }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => [e.reason, e.delta])).toEqual([['redemption', -250], ['redemption_reversal', 250]]);
    // Nothing was asked of the platform but the price: no code was attempted.
    expect(h.emulator.graphqlLog(SHOP).filter((e) => JSON.stringify(e.variables).includes(redemption.code))).toEqual([]);
  });
});

describe('a Gold-only reward', () => {
  let goldOnly: string;
  beforeAll(async () => {
    goldOnly = await createReward({ name: 'Gold gift', kind: 'free_shipping', cost: 50, minimumTierId: tierIds.gold });
  });

  interface CustomerBody {
    rewards: { id: string; cost: number; redeemable: boolean }[];
  }
  const customerView = async (customerId: string | null) =>
    (await (await h.proxy('/customer', h.emulator.signProxyQuery(SHOP, customerId))).json()) as CustomerBody;

  it('a Silver member with points enough → 409 naming the tier, nothing debited, no code; not redeemable', async () => {
    const { customerId, memberId } = await member(5000, 600);
    const discounts = h.emulator.discounts(SHOP).length;
    const res = await redeem(customerId, goldOnly);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: 'This reward is for Gold members and above',
      details: { requiredTier: { id: String(tierIds.gold), name: 'Gold' } },
    });
    expect(await balance(memberId)).toBe(5000);
    expect(await h.ctx.db.redemption.count({ where: { memberId } })).toBe(0);
    expect(h.emulator.discounts(SHOP)).toHaveLength(discounts);

    const view = await customerView(customerId);
    expect(view.rewards.find((r) => r.id === goldOnly)).toEqual({ id: goldOnly, name: 'Gold gift', kind: 'free_shipping', cost: 50, redeemable: false });
    // The other rewards stay redeemable by balance.
    expect(view.rewards.filter((r) => r.id !== goldOnly).every((r) => r.redeemable)).toBe(true);
  });

  it('a customer the app has not met (the lowest tier) → 409, no member created', async () => {
    const res = await redeem('61999999', goldOnly);
    expect(res.status).toBe(409);
    expect(await h.ctx.db.member.count({ where: { shopId: shop.id, customerId: '61999999' } })).toBe(0);
  });

  it('a Gold member → 200, and it is redeemable for them', async () => {
    const { customerId, memberId } = await member(100, 2500);
    expect((await customerView(customerId)).rewards.find((r) => r.id === goldOnly)?.redeemable).toBe(true);
    const res = await redeem(customerId, goldOnly);
    expect(res.status).toBe(200);
    expect(await balance(memberId)).toBe(50);
  });

  it('an inactive reward stays a 404, even for the right tier', async () => {
    const inactive = await createReward({ name: 'Old', kind: 'free_shipping', cost: 10, active: false, minimumTierId: tierIds.bronze });
    const { customerId } = await member(100, 2500);
    expect((await redeem(customerId, inactive)).status).toBe(404);
  });
});

describe('GET /proxy/rewards', () => {
  const PROXY_SHOP = 'rewards-catalog-view.myshopify.com';
  let ids: Record<string, string>;
  let tiers: Record<string, string>;
  let imageUrl: string;

  beforeAll(async () => {
    // Met first through the app proxy (never installed): the default program in English.
    const viewShop = await ensureShop(h.ctx.db, PROXY_SHOP);
    const stored = await h.ctx.db.tier.findMany({ where: { shopId: viewShop.id }, orderBy: { threshold: 'asc' } });
    tiers = { silver: String(stored[1]!.id), gold: String(stored[2]!.id) };
    const defaults = await h.ctx.db.reward.findMany({ where: { shopId: viewShop.id }, orderBy: { cost: 'asc' } });
    imageUrl = `${h.emulator.url}/images/products/${MUG.handle}.svg`;
    const mug = await h.ctx.db.reward.create({
      data: {
        shopId: viewShop.id, name: 'Gratis-Becher', kind: 'free_product', cost: 900, validityDays: 30, productVariantId: MUG_VARIANT,
        productTitle: MUG.title, variantTitle: null, productImageUrl: imageUrl, minimumTierId: stored[2]!.id,
      },
    });
    const fiver = await h.ctx.db.reward.create({
      data: { shopId: viewShop.id, name: '5 € Rabatt', kind: 'amount_off', cost: 400, value: '5', minimumSubtotal: '25', minimumTierId: stored[1]!.id },
    });
    await h.ctx.db.reward.create({ data: { shopId: viewShop.id, name: 'Alt', kind: 'free_shipping', cost: 1, active: false } });
    ids = { shipping: String(defaults[0]!.id), ten: String(defaults[1]!.id), mug: String(mug.id), fiver: String(fiver.id) };
  });

  const rewards = async (customerId: string | null) => {
    const res = await h.proxy('/rewards', h.emulator.signProxyQuery(PROXY_SHOP, customerId));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return (await res.json()) as { rewards: { id: string; locked: boolean }[] };
  };

  it('logged out: every active reward in detail, in the order of /proxy/customer\'s active rewards; tier rewards locked', async () => {
    const body = await rewards(null);
    expect(body).toEqual({
      rewards: [
        { id: ids.shipping, kind: 'free_shipping', value: null, minimumSubtotal: null, validityDays: 90, requiredTier: null, locked: false, product: null },
        { id: ids.fiver, kind: 'amount_off', value: 5, minimumSubtotal: '25.00', validityDays: 90, requiredTier: { id: tiers.silver, name: 'Silver' }, locked: true, product: null },
        { id: ids.ten, kind: 'percentage_off', value: 0.1, minimumSubtotal: null, validityDays: 90, requiredTier: null, locked: false, product: null },
        {
          id: ids.mug, kind: 'free_product', value: null, minimumSubtotal: null, validityDays: 30, requiredTier: { id: tiers.gold, name: 'Gold' }, locked: true,
          product: { title: MUG.title, variantTitle: null, imageUrl },
        },
      ],
    });
    const customer = (await (await h.proxy('/customer', h.emulator.signProxyQuery(PROXY_SHOP, null))).json()) as { rewards: { id: string }[] };
    // /proxy/customer lists the inactive one too ("Alt", cost 1: first); the catalog leaves it out.
    expect(customer.rewards.slice(1).map((r) => r.id)).toEqual(body.rewards.map((r) => r.id));
    expect(customer.rewards[0]).toMatchObject({ name: 'Alt', redeemable: false });
  });

  it.each([
    ['a Bronze member', 0, [false, true, false, true]],
    ['a Silver member', 700, [false, false, false, true]],
    ['a Gold member', 2000, [false, false, false, false]],
  ] as const)("%s: locked by the member's tier", async (_name, qualifyingPoints, locked) => {
    const customerId = String(nextCustomer++);
    const memberId = await h.seedPoints(PROXY_SHOP, customerId, 10);
    await h.ctx.db.member.update({ where: { id: memberId }, data: { qualifyingPoints } });
    expect((await rewards(customerId)).rewards.map((r) => r.locked)).toEqual(locked);
  });

  it('a bad signature → 401', async () => {
    const res = await h.proxy('/rewards', h.emulator.signProxyQuery(PROXY_SHOP, null, { secret: 'wrong' }));
    expect(res.status).toBe(401);
  });
});

describe('the admin API when the platform cannot answer', () => {
  it('the product picker and saving a free product → 502 in the request language, nothing saved', async () => {
    const offline = await h.variant({ shopPlatformUrl: 'http://127.0.0.1:9' });
    try {
      const token = () => h.emulator.mintSessionToken(SHOP);
      const search = await offline.api('/products/variants?query=becher', token(), { headers: { 'accept-language': 'de' } });
      expect(search.status).toBe(502);
      expect(await search.json()).toEqual({ error: 'Shopify ist gerade nicht erreichbar; versuche es gleich noch einmal' });

      const settings = (await (await h.api('/program/settings', token())).json()) as { rewards: { product?: unknown }[] };
      const rewards = [
        ...settings.rewards.map(({ product: _product, ...reward }) => reward),
        { name: 'Mug', kind: 'free_product', cost: 5, value: null, active: true, productVariantId: MUG_VARIANT },
      ];
      const save = await offline.api('/program/settings', token(), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...settings, rewards }),
      });
      expect(save.status).toBe(502);
      expect(await h.ctx.db.reward.count({ where: { shopId: shop.id, name: 'Mug' } })).toBe(0);
    } finally {
      await offline.close();
    }
  });
});
