import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { editorVersion, startAdminApiFixture, type AdminApiFixture, type ShopClient } from '../admin-api/test-fixture.js';
import type * as Wire from '../admin-api/wire/index.js';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { findProgram } from '../program/repository.js';
import { discountMutationFor } from '../rewards/discount-input.js';
import { issueBlockerMessage } from '../rewards/issuable.js';
import { issueDiscountCode } from '../rewards/issue-code.js';
import { AdminApiError, createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { createPerkGranter, type PerkGranter } from './grant.js';
import { perkGrantCode, PERK_CODE_PATTERN } from './rules/code.js';
import { periodKey } from './rules/period.js';
import { storePerkOnlyProductReward } from '../rewards/test-rewards.js';

/**
 * Tier perks end to end: members reach tiers through real `orders/paid` webhooks, the perk jobs' work runs here
 * (the scheduled jobs are set an hour apart so they stay out of the way), codes go to the emulated platform.
 */
let f: AdminApiFixture;
let shop: ShopClient;
let granter: PerkGranter;
const DOMAIN = 'perks.myshopify.com';
const HOUR = 3_600_000;
const DAY = 86_400_000;

beforeAll(async () => {
  f = await startAdminApiFixture(DOMAIN, {
    perks: { grantsEveryMs: HOUR, renewalsEveryMs: DAY },
    customerSync: { everyMs: HOUR },
  });
  shop = f.shop;
  granter = createPerkGranter(f.app.ctx, undefined, { batchSize: 2, pacer: { pointsPerSecond: 100_000, burst: 100_000 } });
});

afterAll(async () => {
  await f?.close();
});

interface TierPerksJson {
  version: number;
  perks: { tierId: string; tierName: string; threshold: number; rewardId: string | null; active: boolean }[];
  rewards: { id: string; name: string; kind: string; active: boolean }[];
}

let orderId = 71_000;
/** Pays an order of `subtotal` for the customer (of `to`, the tests' shop unless said) through the webhook pipeline. */
async function pay(customerId: number, subtotal: string, to: ShopClient = shop): Promise<number> {
  orderId += 1;
  await f.deliver(to, 'orders/paid', orderPayload({ id: orderId, customerId, subtotal, processedAt: new Date() }));
  return orderId;
}

async function tierOf(customerId: number, of: ShopClient = shop): Promise<string | null> {
  const res = await of.api<{ tier: { name: string } | null }>('GET', `/customers/${customerId}`);
  return res.body.tier?.name ?? null;
}

/** The perk code creations the platform received for `customerId`, in order. */
function perkCreations(customerId: number) {
  return f.emulator
    .graphqlLog(DOMAIN)
    .filter((e) => e.operationName === 'DiscountCodeFreeShippingCreate' && e.status === 200)
    .map((e) => (e.variables as { input: Record<string, unknown> }).input)
    .filter((input) => JSON.stringify(input.context).includes(`gid://shopify/Customer/${customerId}`) && String(input.code).startsWith('PERK-'));
}

/** The first day of the month after `now`'s, noon UTC (the next month in Berlin too). */
function nextMonth(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 12));
}

async function grantsOf(customerId: number) {
  return f.db.$queryRaw<{ periodKey: string; code: string; status: string; attempts: number }[]>`
    SELECT g.period_key AS "periodKey", g.code, g.status::text AS status, g.attempts FROM perk_grants g
    JOIN members m ON m.id = g.member_id WHERE m.customer_id = ${String(customerId)} ORDER BY g.id`;
}

/** The customer's perk grants as the admin's customer page reads them (`GET /api/customers/:id/perk-grants`). */
async function adminGrants(of: ShopClient, customerId: number): Promise<Wire.PerkGrant[]> {
  const res = await of.api<Wire.PerkGrantList>('GET', `/customers/${customerId}/perk-grants`);
  expect(res.status).toBe(200);
  return res.body.grants;
}

describe('tier perks', () => {
  let freeShippingId: string;
  let goldTierId: string;

  it('the merchant gives Gold a free-shipping code every month', async () => {
    const before = await shop.api<TierPerksJson>('GET', '/tier-perks');
    expect(before.status).toBe(200);
    freeShippingId = before.body.rewards.find((r) => r.kind === 'free_shipping')!.id;
    goldTierId = before.body.perks.find((p) => p.threshold === 2000)!.tierId;
    const saved = await shop.api<TierPerksJson>('PUT', '/tier-perks', { version: before.body.version, perks: [{ tierId: goldTierId, rewardId: freeShippingId, active: true }] });
    expect(saved.status).toBe(200);
    expect(saved.body.perks.find((p) => p.tierId === goldTierId)).toMatchObject({ tierName: 'Gold', rewardId: freeShippingId, active: true });
  });

  it('reaching Gold grants the perk code once: the exact mutation, no points spent', async () => {
    await pay(9001, '2100.00');
    expect(await tierOf(9001)).toBe('Gold');
    const pointsBefore = (await shop.api<{ points: number }>('GET', '/customers/9001')).body.points;

    const summary = await granter.grantReached();
    expect(summary).toMatchObject({ issued: 1, failed: 0, pending: 0 });

    const [grant] = await grantsOf(9001);
    const period = periodKey(new Date(), 'Europe/Berlin');
    expect(grant).toMatchObject({ periodKey: period, status: 'issued', attempts: 1 });
    expect(grant!.code).toMatch(PERK_CODE_PATTERN);

    const creations = perkCreations(9001);
    expect(creations).toHaveLength(1);
    const input = creations[0]!;
    expect(input).toMatchObject({
      code: grant!.code,
      title: `Loyale: Kostenloser Versand (${grant!.code})`,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: ['gid://shopify/Customer/9001'] } },
      destination: { all: true },
    });
    const days = (Date.parse(String(input.endsAt)) - Date.parse(String(input.startsAt))) / DAY;
    expect(days).toBe(90);
    expect(f.emulator.discounts(DOMAIN).filter((d) => d.code === grant!.code)).toHaveLength(1);
    // A perk is free: the balance is what the order earned, no ledger entry for the code.
    expect((await shop.api<{ points: number }>('GET', '/customers/9001')).body.points).toBe(pointsBefore);
  });

  it('a second run in the same month grants nothing', async () => {
    const calls = f.emulator.graphqlLog(DOMAIN).length;
    expect(await granter.grantReached()).toMatchObject({ issued: 0, failed: 0, pending: 0 });
    expect(await granter.grantRenewals()).toMatchObject({ issued: 0, failed: 0, pending: 0 });
    expect(f.emulator.graphqlLog(DOMAIN)).toHaveLength(calls);
    expect(await grantsOf(9001)).toHaveLength(1);
  });

  it('the storefront shows the perk and this month\'s code', async () => {
    const [grant] = await grantsOf(9001);
    const res = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '9001')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { perk: unknown; currentGrant: { code: string; expiresAt: string } | null };
    expect(body).toEqual({
      perk: { rewardName: 'Kostenloser Versand', kind: 'free_shipping', unavailable: null },
      currentGrant: { code: grant!.code, expiresAt: expect.any(String) },
    });
    expect(Date.parse(body.currentGrant!.expiresAt)).toBeGreaterThan(Date.now() + 80 * DAY);
  });

  it('the storefront: no perk for a tier without one, for a customer not met yet (lowest tier), 401 logged out', async () => {
    await pay(9003, '50.00');
    const bronze = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '9003')}`);
    expect(await bronze.json()).toEqual({ perk: null, currentGrant: null });
    const unknown = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '9999999')}`);
    expect(await unknown.json()).toEqual({ perk: null, currentGrant: null });
    expect(await f.db.member.count({ where: { customerId: '9999999' } })).toBe(0);
    const guest = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, null)}`);
    expect(guest.status).toBe(401);
    const forged = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '9001', { secret: 'wrong' })}`);
    expect(forged.status).toBe(401);
  });

  it('a member who dropped out of Gold before the grant gets none', async () => {
    const order = await pay(9002, '2500.00');
    expect(await tierOf(9002)).toBe('Gold');
    await f.deliver(shop, 'orders/cancelled', orderPayload({ id: order, customerId: 9002, subtotal: '2500.00', processedAt: new Date(), cancelledAt: new Date() }));
    expect(await tierOf(9002)).toBe('Bronze');

    expect(await granter.grantReached()).toMatchObject({ issued: 0 });
    expect(await grantsOf(9002)).toEqual([]);
  });

  it('the next month grants again, to every Gold member (walked in batches), not to who dropped out', async () => {
    await pay(9004, '3000.00');
    await pay(9005, '2200.00');
    expect(await granter.grantReached()).toMatchObject({ issued: 2, failed: 0, pending: 0 }); // this month's
    const next = nextMonth();
    const summary = await granter.grantRenewals(next);
    expect(summary).toMatchObject({ issued: 3, failed: 0, pending: 0 }); // 9001, 9004, 9005 (batches of 2)
    expect(await grantsOf(9002)).toEqual([]);
    expect(perkCreations(9002)).toEqual([]);

    const period = periodKey(next, 'Europe/Berlin');
    const grants = await grantsOf(9001);
    expect(grants.map((g) => g.periodKey)).toEqual([periodKey(new Date(), 'Europe/Berlin'), period]);
    expect(new Set(grants.map((g) => g.code)).size).toBe(2);
    const creations = perkCreations(9001);
    expect(creations).toHaveLength(2);
    expect(creations[1]).toMatchObject({ code: grants[1]!.code, startsAt: next.toISOString() });
    for (const customer of [9004, 9005]) expect((await grantsOf(customer)).map((g) => g.periodKey)).toContain(period);

    // The renewal again in the same month: nothing more.
    expect(await granter.grantRenewals(next)).toMatchObject({ issued: 0 });
    expect(perkCreations(9001)).toHaveLength(2);
  });

  /**
   * A Gold member's grant of this month as an earlier attempt left it when its lease ran out (`attempts` counted),
   * with the code that attempt created on the platform (its answer never arrived, or it landed late).
   */
  async function leftBehindGrant(customerId: number, attempts: number) {
    await pay(customerId, '2400.00');
    const member = await f.db.member.findFirstOrThrow({ where: { customerId: String(customerId), shopId: shop.id } });
    const perk = await f.db.tierPerk.findFirstOrThrow({ where: { shopId: shop.id, tierId: Number(goldTierId) } });
    const reward = (await findProgram(f.db, shop.id))!.rewards.find((r) => r.id === Number(freeShippingId))!;
    const now = new Date();
    const period = periodKey(now, 'Europe/Berlin');
    const code = perkGrantCode(f.app.ctx.config.apiSecret, { shopId: shop.id, perkId: perk.id, memberId: member.id, periodKey: period });
    const expiresAt = new Date(now.getTime() + 90 * DAY);
    await f.db.perkGrant.create({
      data: { shopId: shop.id, perkId: perk.id, memberId: member.id, tierId: perk.tierId, rewardId: reward.id, periodKey: period, code, expiresAt, attempts, claimedUntil: new Date(now.getTime() - 1000) },
    });
    const mutation = discountMutationFor(reward, { code, customerId: String(customerId), startsAt: now, endsAt: expiresAt })!;
    await issueDiscountCode(createAdminClient(f.app.ctx), DOMAIN, mutation);
    return { member, period, code };
  }

  it('a retry after a lost answer finds the code it already created instead of creating another', async () => {
    const { period, code } = await leftBehindGrant(9006, 1);
    const creationsBefore = perkCreations(9006).length;

    expect(await granter.grantReached()).toMatchObject({ issued: 1, failed: 0 });
    expect(await grantsOf(9006)).toEqual([{ periodKey: period, code, status: 'issued', attempts: 2 }]);
    expect(perkCreations(9006)).toHaveLength(creationsBefore); // looked up, not created again
    const lookups = f.emulator.graphqlLog(DOMAIN).filter((e) => e.operationName === 'CodeDiscountNodeByCode' && (e.variables as { code: string }).code === code);
    expect(lookups).toHaveLength(1);
  });

  it('a code refused as taken because an earlier attempt created it after this one looked: the grant is issued', async () => {
    // This attempt is the grant's first (no lookup before creating): the platform refuses the code as taken.
    const { member, period, code } = await leftBehindGrant(9010, 0);
    expect(await granter.grantReached()).toMatchObject({ issued: 1, failed: 0 });
    expect(await grantsOf(9010)).toEqual([{ periodKey: period, code, status: 'issued', attempts: 1 }]);
    const discountId = f.emulator.discounts(DOMAIN).find((d) => d.code === code)!.id;
    expect((await f.db.perkGrant.findFirstOrThrow({ where: { memberId: member.id } })).discountId).toBe(discountId);
  });

  it('a code the platform refuses fails the grant for good: no second try', async () => {
    await pay(9007, '2600.00');
    f.emulator.faults.refuseNextDiscounts(1, 'Code is not allowed');
    expect(await granter.grantReached()).toMatchObject({ issued: 0, failed: 1 });
    expect(await grantsOf(9007)).toMatchObject([{ status: 'failed', attempts: 1 }]);
    // The admin words the code; Shopify's own refusal is quoted as it came, the English detail is for support.
    expect(await adminGrants(shop, 9007)).toMatchObject([
      {
        status: 'failed',
        errorCode: 'platform_refused',
        errorParams: { messages: ['Code is not allowed'] },
        error: 'DiscountCodeFreeShippingCreate refused: Code is not allowed',
      },
    ]);
    expect(await granter.grantReached()).toMatchObject({ issued: 0, failed: 0, pending: 0 });
    expect(await grantsOf(9007)).toHaveLength(1);
  });

  it('the customer page lists the member\'s perk codes, newest first', async () => {
    const res = await shop.api<{ grants: { periodKey: string; code: string; status: string; rewardName: string; tierName: string }[] }>('GET', '/customers/9001/perk-grants');
    expect(res.status).toBe(200);
    const codes = (await grantsOf(9001)).map((g) => g.code).reverse();
    expect(res.body.grants.map((g) => g.code)).toEqual(codes);
    expect(res.body.grants[0]).toMatchObject({ status: 'issued', rewardName: 'Kostenloser Versand', tierName: 'Gold' });
    expect((await shop.api('GET', '/customers/123456789/perk-grants')).status).toBe(404);
  });

  it('a perk switched off grants nothing', async () => {
    const version = await editorVersion(shop, '/tier-perks');
    await shop.api('PUT', '/tier-perks', { version, perks: [{ tierId: goldTierId, rewardId: freeShippingId, active: false }] });
    await pay(9008, '2100.00');
    expect(await granter.grantReached()).toMatchObject({ issued: 0 });
    expect(await grantsOf(9008)).toEqual([]);
    const res = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '9008')}`);
    expect(await res.json()).toEqual({ perk: null, currentGrant: null });
  });
});

/**
 * A free product as a perk, in a shop of its own (its catalogue is changed and its perks differ): the code is worth
 * one unit of the variant at the price the platform states when the grant is issued, and a variant the shop deleted
 * fails the grant for good instead of retrying it.
 */
describe('a free product as a perk', () => {
  const SHOP = 'perks-free-product.myshopify.com';
  const variant = (sku: string) => `gid://shopify/ProductVariant/${DEMO_PRODUCTS.find((p) => p.sku === sku)!.variantId}`;
  const MUG = variant('MUG-MR'); // 14.00 in the catalogue
  const GRINDER = variant('GRIND-H');
  let other: ShopClient;

  /** The grant of `other`'s customer (one each in these tests). */
  const grantOf = async (customerId: number) => {
    const member = await f.db.member.findFirstOrThrow({ where: { shopId: other.id, customerId: String(customerId) } });
    return f.db.perkGrant.findFirstOrThrow({ where: { memberId: member.id } });
  };
  /** The platform's calls that name `code` or ask for `variantId`'s price, by operation. */
  const callsFor = (code: string, variantId: string) =>
    f.emulator
      .graphqlLog(SHOP)
      .filter((e) => JSON.stringify(e.variables).includes(code) || JSON.stringify(e.variables) === JSON.stringify({ id: variantId }))
      .map((e) => e.operationName);

  beforeAll(async () => {
    other = await f.addShop(SHOP);
    const perkOnly = (name: string, productVariantId: string) =>
      f.db.reward.create({ data: { shopId: other.id, name, kind: 'free_product', cost: 1, active: false, productVariantId, productTitle: name } });
    const mug = await perkOnly('Gratis-Tasse', MUG);
    const grinder = await perkOnly('Gratis-Mühle', GRINDER);
    const { version, perks: tiers } = (await other.api<TierPerksJson>('GET', '/tier-perks')).body;
    const tierAt = (threshold: number) => tiers.find((p) => p.threshold === threshold)!.tierId;
    const saved = await other.api('PUT', '/tier-perks', {
      version,
      perks: [
        { tierId: tierAt(2000), rewardId: String(mug.id), active: true },
        { tierId: tierAt(500), rewardId: String(grinder.id), active: true },
      ],
    });
    expect(saved.status).toBe(200);
  });

  it('reaching Gold: a code for one mug at the price set on the platform before the grant; one mug free, three cost two', async () => {
    f.emulator.catalog.setVariantPrice(SHOP, MUG, '16.5');
    await pay(9101, '2100.00', other);
    expect(await tierOf(9101, other)).toBe('Gold');

    expect(await granter.grantReached()).toMatchObject({ issued: 1, failed: 0, pending: 0 });
    const grant = await grantOf(9101);
    expect(grant).toMatchObject({ status: 'issued', attempts: 1, error: null });

    const discounts = f.emulator.discounts(SHOP).filter((d) => d.code === grant.code);
    expect(discounts).toHaveLength(1);
    const [discount] = discounts;
    expect(discount).toMatchObject({ id: grant.discountId, mutation: 'discountCodeBasicCreate' });
    expect(discount!.input).toMatchObject({ usageLimit: 1, context: { customers: { add: ['gid://shopify/Customer/9101'] } } });
    // The new price, one unit's worth: not the 14.00 of the catalogue, not 100 % of every mug.
    expect(discount!.input.customerGets).toEqual({
      value: { discountAmount: { amount: '16.50', appliesOnEachItem: false } },
      items: { products: { productVariantsToAdd: [MUG] } },
    });
    // The price was read from the platform right before the code was created.
    expect(callsFor(grant.code, MUG)).toEqual(['ProductVariantPrice', 'DiscountCodeBasicCreate']);

    expect(f.emulator.priceCart(SHOP, grant.code, [{ variantId: MUG, quantity: 1 }])).toEqual({ subtotal: '16.50', discount: '16.50', total: '0.00' });
    expect(f.emulator.priceCart(SHOP, grant.code, [{ variantId: MUG, quantity: 3 }])).toEqual({ subtotal: '49.50', discount: '16.50', total: '33.00' });
  });

  it('a variant the shop deleted, the app not told: the reward is marked as the webhook would, the grant waits for a new product', async () => {
    // The app is not told (the webhook lost or still on its way): the platform's answer to the price lookup when the
    // code is issued is what finds the variant gone. (Told, the reward is switched off: rewards/product-gone.)
    await f.emulator.catalog.deleteProduct(SHOP, GRINDER, { notify: false });
    await pay(9102, '600.00', other);
    expect(await tierOf(9102, other)).toBe('Silber');
    const codesBefore = f.emulator.discounts(SHOP).length;

    expect(await granter.grantReached()).toMatchObject({ issued: 0, failed: 0, pending: 1 });
    const grant = await grantOf(9102);
    expect(grant).toMatchObject({
      status: 'pending',
      attempts: 1,
      discountId: null,
      error: `free product ${GRINDER} no longer exists in the shop`,
      errorCode: 'reward_product_missing',
      errorParams: { reward: 'Gratis-Mühle' },
    });
    expect(await adminGrants(other, 9102)).toMatchObject([
      { status: 'pending', errorCode: 'reward_product_missing', errorParams: { reward: 'Gratis-Mühle' }, error: `free product ${GRINDER} no longer exists in the shop` },
    ]);
    expect(f.emulator.discounts(SHOP)).toHaveLength(codesBefore);
    // Only the price was asked for; no code was attempted.
    expect(callsFor(grant.code, GRINDER)).toEqual(['ProductVariantPrice']);
    const reward = await f.db.reward.findFirstOrThrow({ where: { shopId: other.id, name: 'Gratis-Mühle' } });
    expect(reward).toMatchObject({ active: false, productMissingAt: expect.any(Date) });

    // While the reward stays so, later runs ask the platform nothing; the storefront says why there is no code.
    await f.db.perkGrant.update({ where: { id: grant.id }, data: { claimedUntil: new Date(Date.now() - 1_000) } });
    const calls = f.emulator.graphqlLog(SHOP).length;
    expect(await granter.grantReached()).toMatchObject({ issued: 0, failed: 0 });
    expect(await grantOf(9102)).toMatchObject({ status: 'pending' });
    expect(f.emulator.graphqlLog(SHOP)).toHaveLength(calls);
    const res = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(SHOP, '9102')}`);
    expect(await res.json()).toMatchObject({ currentGrant: null, perk: { unavailable: 'product_missing' } });

    // The tests after this one count every shop's perks: this shop's Silver perk is switched off again.
    await f.db.tierPerk.updateMany({ where: { shopId: other.id, rewardId: reward.id }, data: { active: false } });
    await f.db.perkGrant.update({ where: { id: grant.id }, data: { claimedUntil: new Date(Date.now() + 86_400_000) } });
  });
});

/**
 * A perk whose reward's product the shop deleted (the real path: `products/delete` marks the reward), in a shop of its
 * own: no grant rows while it stays so (a row would fail at once and, the month's grant then existing, keep the member
 * from the perk after the fix), the runs say once per perk that they skipped it, and once the merchant picks another
 * product the next renewal grants the month's perk to the tier's members.
 */
describe('a perk whose reward cannot be issued', () => {
  const SHOP = 'perks-blocked.myshopify.com';
  const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
  const GRINDER = DEMO_PRODUCTS.find((p) => p.sku === 'GRIND-H')!;
  const GOLD_MEMBERS = [9201, 9202, 9203];
  const SILVER_MEMBER = 9204;
  /** Gold before the product was deleted, their grant's first attempt lost: claimed again while it is gone. */
  const CLAIMED_BEFORE = 9205;
  const SKIPPED = 'perk skipped: its reward cannot be issued';
  let other: ShopClient;
  let mugReward: number;
  let goldPerk: number;
  const lines: Record<string, unknown>[] = [];
  /** Records what it logs (debug and up); batches of 2, so the blocked perk's 3 members could fill every batch. */
  let recorded: PerkGranter;

  const memberOf = (customerId: number) => f.db.member.findFirstOrThrow({ where: { shopId: other.id, customerId: String(customerId) } });
  const grantsOfPerk = () => f.db.perkGrant.findMany({ where: { perkId: goldPerk }, orderBy: { id: 'asc' } });
  const skippedLines = () => lines.filter((l) => l.msg === SKIPPED);
  const storefrontPerk = async (customerId: number) =>
    (await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(SHOP, String(customerId))}`)).json();

  beforeAll(async () => {
    other = await f.addShop(SHOP);
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    recorded = createPerkGranter({ ...f.app.ctx, log }, undefined, { batchSize: 2, pacer: { pointsPerSecond: 100_000, burst: 100_000 } });
    const mug = await storePerkOnlyProductReward(f.db, other.id, 'Gratis-Tasse', MUG);
    mugReward = mug.id;
    const { version, perks, rewards } = (await other.api<TierPerksJson>('GET', '/tier-perks')).body;
    const tierAt = (threshold: number) => perks.find((p) => p.threshold === threshold)!.tierId;
    const freeShipping = rewards.find((r) => r.kind === 'free_shipping')!.id;
    const saved = await other.api('PUT', '/tier-perks', {
      version,
      perks: [
        { tierId: tierAt(2000), rewardId: String(mug.id), active: true },
        { tierId: tierAt(500), rewardId: freeShipping, active: true },
      ],
    });
    expect(saved.status).toBe(200);
    goldPerk = (await f.db.tierPerk.findFirstOrThrow({ where: { shopId: other.id, tierId: Number(tierAt(2000)) } })).id;

    // A Gold member whose grant was made before the deletion; its first attempt's answer was lost (lease run out).
    await pay(CLAIMED_BEFORE, '2100.00', other);
    const member = await memberOf(CLAIMED_BEFORE);
    const now = new Date();
    const period = periodKey(now, 'Europe/Berlin');
    await f.db.perkGrant.create({
      data: {
        shopId: other.id, perkId: goldPerk, memberId: member.id, tierId: member.tierId, rewardId: mug.id, periodKey: period,
        code: perkGrantCode(f.app.ctx.config.apiSecret, { shopId: other.id, perkId: goldPerk, memberId: member.id, periodKey: period }),
        expiresAt: new Date(now.getTime() + 90 * DAY), attempts: 1, claimedUntil: new Date(now.getTime() - 1000),
      },
    });

    expect(await f.emulator.catalog.deleteProduct(SHOP, `gid://shopify/Product/${MUG.productId}`)).toMatchObject({ status: 200 });
    await eventually(async () => (await f.db.reward.findUniqueOrThrow({ where: { id: mug.id } })).productMissingAt ?? undefined);
  });

  it('a grant made before, claimed again, waits a day with the reason (its month lasts); nothing is asked of the platform', async () => {
    const calls = f.emulator.graphqlLog(SHOP).length;
    const before = Date.now();
    expect(await recorded.grantReached()).toMatchObject({ issued: 0, failed: 0, pending: 1, skipped: 1 });
    const [grant] = await grantsOfPerk();
    expect(grant).toMatchObject({
      memberId: (await memberOf(CLAIMED_BEFORE)).id,
      status: 'pending',
      attempts: 2,
      error: issueBlockerMessage('product_missing'),
      errorCode: 'reward_product_missing',
      errorParams: { reward: 'Gratis-Tasse' },
    });
    expect(grant!.claimedUntil!.getTime()).toBeGreaterThanOrEqual(before + 24 * 3_600_000 - 1000);
    expect(f.emulator.graphqlLog(SHOP)).toHaveLength(calls);
  });

  it('a grant of a month that is over fails with the reason', async () => {
    const member = await memberOf(CLAIMED_BEFORE);
    const past = await f.db.perkGrant.create({
      data: {
        shopId: other.id, perkId: goldPerk, memberId: member.id, tierId: member.tierId, rewardId: mugReward, periodKey: '2026-01',
        code: `PAST-${member.id}`, expiresAt: new Date(Date.now() + 86_400_000), attempts: 1, claimedUntil: new Date(Date.now() - 1000),
      },
    });
    expect(await recorded.grantReached()).toMatchObject({ issued: 0, failed: 1, pending: 0 });
    expect(await f.db.perkGrant.findUniqueOrThrow({ where: { id: past.id } })).toMatchObject({
      status: 'failed',
      error: issueBlockerMessage('product_missing'),
      errorCode: 'reward_product_missing',
      errorParams: { reward: 'Gratis-Tasse' },
    });
    await f.db.perkGrant.delete({ where: { id: past.id } });
  });

  it('members reaching Gold meanwhile get no grant rows, the other tier\'s perk is granted, each run logs the perk once', async () => {
    for (const [i, customer] of GOLD_MEMBERS.entries()) await pay(customer, `${2100 + i}.00`, other);
    await pay(SILVER_MEMBER, '600.00', other);
    for (const customer of GOLD_MEMBERS) expect(await tierOf(customer, other)).toBe('Gold');
    expect(await tierOf(SILVER_MEMBER, other)).toBe('Silber');
    const grantsBefore = await grantsOfPerk();
    lines.length = 0;

    expect(await recorded.grantReached()).toMatchObject({ issued: 1, failed: 0, pending: 0, skipped: 1 });
    expect(await f.db.perkGrant.findMany({ where: { memberId: (await memberOf(SILVER_MEMBER)).id } })).toMatchObject([{ status: 'issued' }]);
    expect(await grantsOfPerk()).toEqual(grantsBefore);
    expect(skippedLines()).toEqual([
      expect.objectContaining({ level: 20, shop: SHOP, perkId: goldPerk, rewardId: mugReward, blocker: 'product_missing' }),
    ]);

    // The daily renewal walks no member of the perk either; its line is info.
    expect(await recorded.grantRenewals()).toMatchObject({ issued: 0, failed: 0, pending: 0, skipped: 1 });
    expect(await grantsOfPerk()).toEqual(grantsBefore);
    expect(skippedLines()).toHaveLength(2);
    expect(skippedLines()[1]).toMatchObject({ level: 30, shop: SHOP, perkId: goldPerk, blocker: 'product_missing' });
  });

  it('the storefront says why there is no code', async () => {
    expect(await storefrontPerk(GOLD_MEMBERS[0]!)).toEqual({
      perk: { rewardName: 'Gratis-Tasse', kind: 'free_product', unavailable: 'product_missing' },
      currentGrant: null,
    });
  });

  it('once the merchant picks another product, the next renewal grants the month\'s perk to every Gold member', async () => {
    type Settings = { rewards: { id: string; productVariantId: string | null }[] };
    const { body } = await other.api<Settings>('GET', '/program/settings');
    const rewards = body.rewards.map((r) => (r.id === String(mugReward) ? { ...r, productVariantId: `gid://shopify/ProductVariant/${GRINDER.variantId}` } : r));
    expect((await other.api('PUT', '/program/settings', { ...body, rewards })).status).toBe(200);
    expect(await f.db.reward.findUniqueOrThrow({ where: { id: mugReward } })).toMatchObject({ productMissingAt: null });

    // The members reached Gold longer ago than the minute job looks back (a granter that looks back 1 ms): the daily
    // renewal is what grants them, finding every Gold member without a grant of the month.
    const later = createPerkGranter(f.app.ctx, undefined, { lookbackMs: 1, pacer: { pointsPerSecond: 100_000, burst: 100_000 } });
    expect(await later.grantReached()).toMatchObject({ issued: 0, skipped: 0 });
    expect(await later.grantRenewals()).toMatchObject({ issued: GOLD_MEMBERS.length, failed: 0, pending: 0, skipped: 0 });

    const period = periodKey(new Date(), 'Europe/Berlin');
    for (const customer of GOLD_MEMBERS) {
      const grants = await f.db.perkGrant.findMany({ where: { memberId: (await memberOf(customer)).id } });
      expect(grants).toMatchObject([{ perkId: goldPerk, periodKey: period, status: 'issued', rewardId: mugReward }]);
      const [discount] = f.emulator.discounts(SHOP).filter((d) => d.code === grants[0]!.code);
      expect(discount!.input.customerGets).toMatchObject({ items: { products: { productVariantsToAdd: [`gid://shopify/ProductVariant/${GRINDER.variantId}`] } } });
    }
    // The grant claimed while the product was gone waited; due again (a day later: moved here), it is issued with the
    // new product, so that member gets the month's perk too.
    const waiting = { memberId: (await memberOf(CLAIMED_BEFORE)).id };
    await f.db.perkGrant.updateMany({ where: waiting, data: { claimedUntil: new Date(Date.now() - 1000) } });
    expect(await later.grantReached()).toMatchObject({ issued: 1, failed: 0, pending: 0 });
    const [claimedBefore] = await f.db.perkGrant.findMany({ where: waiting });
    expect(claimedBefore).toMatchObject({ status: 'issued', error: null, errorCode: null, errorParams: null });
    expect(f.emulator.discounts(SHOP).find((d) => d.code === claimedBefore!.code)!.input.customerGets).toMatchObject({
      items: { products: { productVariantsToAdd: [`gid://shopify/ProductVariant/${GRINDER.variantId}`] } },
    });
    expect(await storefrontPerk(GOLD_MEMBERS[0]!)).toMatchObject({ perk: { unavailable: null }, currentGrant: { code: expect.any(String) } });
  });
});

/**
 * Why a grant failed or waits, as the admin's customer page reads it (a code it words, its parameters, the English
 * detail for support), in a shop of its own (its token is taken away): the shop's token lost, throttled and then
 * Shopify unreachable until the grant is given up, and a grant stored before codes, which keeps its text.
 */
describe('why a grant failed, as the admin reads it', () => {
  const SHOP = 'perks-failures.myshopify.com';
  let other: ShopClient;
  const grantOf = async (customerId: number) => {
    const member = await f.db.member.findFirstOrThrow({ where: { shopId: other.id, customerId: String(customerId) } });
    return f.db.perkGrant.findFirstOrThrow({ where: { memberId: member.id }, orderBy: { id: 'desc' } });
  };
  /** The grant's backoff is over: the next run takes it. */
  const makeDue = (grantId: number) => f.db.perkGrant.update({ where: { id: grantId }, data: { claimedUntil: new Date(Date.now() - 1000) } });

  beforeAll(async () => {
    other = await f.addShop(SHOP);
    const { version, perks, rewards } = (await other.api<TierPerksJson>('GET', '/tier-perks')).body;
    const gold = perks.find((p) => p.threshold === 2000)!.tierId;
    const freeShipping = rewards.find((r) => r.kind === 'free_shipping')!.id;
    expect((await other.api('PUT', '/tier-perks', { version, perks: [{ tierId: gold, rewardId: freeShipping, active: true }] })).status).toBe(200);
  });

  it("the shop's token lost: the grant waits with the reason; once the merchant opens the app, it is issued and the reason goes", async () => {
    await pay(9301, '2100.00', other);
    await f.db.session.deleteMany({ where: { shop: SHOP } });

    await granter.grantReached();
    const grant = await grantOf(9301);
    const lost = { status: 'pending', errorCode: 'shop_not_installed', errorParams: {}, error: `Shop ${SHOP} has no offline access token` };
    expect(grant).toMatchObject({ ...lost, attempts: 1, discountId: null });
    // The customer page's request is the merchant opening the app: its session token installs the shop again.
    expect(await adminGrants(other, 9301)).toMatchObject([lost]);

    await makeDue(grant.id);
    await granter.grantReached();
    expect(await adminGrants(other, 9301)).toMatchObject([{ status: 'issued', code: grant.code, errorCode: null, errorParams: {}, error: null }]);
  });

  it('throttled, then Shopify unreachable through its last attempt: the grant is given up with the attempts made', async () => {
    await pay(9302, '2100.00', other);
    // Throttling comes from the platform; the client tries twice, without waiting. The 503s come from a client that
    // answers them for the code's creation while `unreachable` says so (its lookup reaches the platform).
    const real = createAdminClient(f.app.ctx, { maxAttempts: 2, sleep: async () => {} });
    let unreachable = false;
    const admin: AdminClient = {
      request: (shopDomain, operation, variables) =>
        unreachable && operation.name === 'DiscountCodeFreeShippingCreate'
          ? Promise.reject(new AdminApiError('Admin API answered 503', { status: 503, outcomeUnknown: true, operation: operation.name }))
          : real.request(shopDomain, operation, variables),
    };
    const flaky = createPerkGranter(f.app.ctx, admin, { maxAttempts: 3, pacer: { pointsPerSecond: 100_000, burst: 100_000 } });

    f.emulator.faults.throttleNext(2);
    await flaky.grantReached();
    const grant = await grantOf(9302);
    expect(grant).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'platform_throttled', errorParams: {} });
    expect(await adminGrants(other, 9302)).toMatchObject([{ status: 'pending', errorCode: 'platform_throttled', errorParams: {} }]);

    unreachable = true;
    await makeDue(grant.id);
    await flaky.grantReached();
    expect(await grantOf(9302)).toMatchObject({ status: 'pending', attempts: 2, errorCode: 'platform_unavailable', errorParams: { status: 503 } });

    await makeDue(grant.id);
    await flaky.grantReached();
    const givenUp = { status: 'failed', errorCode: 'platform_unavailable', errorParams: { status: 503, attempts: 3 }, error: 'Admin API answered 503 (gave up after 3 attempts)' };
    expect(await grantOf(9302)).toMatchObject({ ...givenUp, attempts: 3 });
    expect(await adminGrants(other, 9302)).toMatchObject([givenUp]);
    expect(f.emulator.discounts(SHOP).filter((d) => d.code === grant.code)).toEqual([]);
  });

  it('a grant stored before codes keeps its English text, without a code', async () => {
    await pay(9303, '2100.00', other);
    const member = await f.db.member.findFirstOrThrow({ where: { shopId: other.id, customerId: '9303' } });
    const perk = await f.db.tierPerk.findFirstOrThrow({ where: { shopId: other.id, tierId: member.tierId! } });
    await f.db.perkGrant.create({
      data: {
        shopId: other.id, perkId: perk.id, memberId: member.id, tierId: perk.tierId, rewardId: perk.rewardId!, periodKey: '2026-01',
        code: `OLD-${member.id}`, status: 'failed', expiresAt: new Date(Date.now() + DAY), attempts: 8, error: 'Admin API answered 502',
      },
    });
    expect(await adminGrants(other, 9303)).toEqual([
      expect.objectContaining({ periodKey: '2026-01', status: 'failed', error: 'Admin API answered 502', errorCode: null, errorParams: {} }),
    ]);
  });
});
