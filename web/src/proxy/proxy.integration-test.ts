import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { ensureShop } from '../shops/repository.js';

let h: Harness;
const SHOP = 'proxy-shop.myshopify.com';
const OTHER = 'proxy-other.myshopify.com';

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addShop({ domain: SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
  h.emulator.addShop({ domain: OTHER, currencyCode: 'USD', primaryLocale: 'en' });
  // Installed, so the app knows the shop's currency (a shop met only through the proxy reads as USD).
  expect((await h.api('/program', h.emulator.mintSessionToken(SHOP))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

interface CustomerBody {
  customerId: string | null;
  points: number;
  tier: { id: string; name: string } | null;
  nextTier: { id: string; name: string; pointsNeeded: number } | null;
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
  rewards: { id: string; name: string; kind: string; cost: number; redeemable: boolean }[];
  waysToEarn: unknown[];
}

async function customer(shop: string, customerId: string | null): Promise<CustomerBody> {
  const res = await h.proxy('/customer', h.emulator.signProxyQuery(shop, customerId));
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return (await res.json()) as CustomerBody;
}

describe('the proxy signature', () => {
  it('a valid signature passes', async () => {
    const res = await h.proxy('/customer', h.emulator.signProxyQuery(SHOP, '1'));
    expect(res.status).toBe(200);
  });

  it.each<[string, () => URLSearchParams]>([
    ['a tampered customer id', () => {
      const q = h.emulator.signProxyQuery(SHOP, '1');
      q.set('logged_in_customer_id', '2');
      return q;
    }],
    ['a tampered signature', () => {
      const q = h.emulator.signProxyQuery(SHOP, '1');
      const sig = q.get('signature') ?? '';
      q.set('signature', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
      return q;
    }],
    ['no signature', () => {
      const q = h.emulator.signProxyQuery(SHOP, '1');
      q.delete('signature');
      return q;
    }],
    ['another secret', () => h.emulator.signProxyQuery(SHOP, '1', { secret: 'not-the-app-secret' })],
    ['a timestamp 2 minutes old', () => h.emulator.signProxyQuery(SHOP, '1', { timestamp: Math.floor(Date.now() / 1000) - 120 })],
    ['a timestamp 2 minutes ahead', () => h.emulator.signProxyQuery(SHOP, '1', { timestamp: Math.floor(Date.now() / 1000) + 120 })],
  ])('%s → 401 {error}, no-store', async (_name, make) => {
    for (const [method, path] of [['GET', '/customer'], ['POST', '/rewards/1/redeem']] as const) {
      const res = await h.proxy(path, make(), method);
      expect(res.status).toBe(401);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    }
  });

  it('a request forwarded by the platform from the storefront passes', async () => {
    const res = await fetch(`${h.emulator.url}/apps/loyale/customer?shop=${SHOP}&utm_source=Newsletter&Z=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(((await res.json()) as { customerId: unknown }).customerId).toBeNull();
  });

  it('extra signed parameters are accepted', async () => {
    const res = await h.proxy('/customer', h.emulator.signProxyQuery(SHOP, '1', { extra: { locale: 'de', ref: 'widget' } }));
    expect(res.status).toBe(200);
  });
});

describe('GET /proxy/customer', () => {
  it('logged out: the program, no customer, nothing redeemable', async () => {
    const body = await customer(SHOP, null);
    const tierIds = body.tiers.map((t) => t.id);
    const rewardIds = body.rewards.map((r) => r.id);
    expect(body).toEqual({
      customerId: null,
      points: 0,
      tier: null,
      nextTier: null,
      tiers: [
        { id: tierIds[0], name: 'Bronze', threshold: 0, multiplier: 1 },
        { id: tierIds[1], name: 'Silver', threshold: 500, multiplier: 1.25 },
        { id: tierIds[2], name: 'Gold', threshold: 2000, multiplier: 1.5 },
      ],
      rewards: [
        { id: rewardIds[0], name: 'Free shipping', kind: 'free_shipping', cost: 300, redeemable: false },
        { id: rewardIds[1], name: '10% off', kind: 'percentage_off', cost: 500, redeemable: false },
      ],
      waysToEarn: [
        {
          kind: 'order',
          pointsPerCurrencyUnit: 1,
          basePointsPerCurrencyUnit: 1,
          multiplier: 1,
          currency: 'EUR',
          description: '1 point per €1.00 spent',
        },
      ],
    });
  });

  it('a customer the app has not met: 0 points in the lowest tier, nothing created', async () => {
    const body = await customer(SHOP, '900001');
    expect(body).toMatchObject({
      customerId: '900001',
      points: 0,
      tier: { id: body.tiers[0]?.id, name: 'Bronze' },
      nextTier: { id: body.tiers[1]?.id, name: 'Silver', pointsNeeded: 500 },
    });
    expect(body.rewards.every((r) => !r.redeemable)).toBe(true);
    expect(await h.ctx.db.member.count({ where: { customerId: '900001' } })).toBe(0);
  });

  it('a member: balance, tier from qualifying points, what is missing, redeemable by balance', async () => {
    const memberId = await h.seedPoints(SHOP, '1001', 350);
    await h.ctx.db.member.update({ where: { id: memberId }, data: { qualifyingPoints: 600 } });
    const body = await customer(SHOP, '1001');
    expect(body).toMatchObject({
      customerId: '1001',
      points: 350,
      tier: { id: body.tiers[1]?.id, name: 'Silver' },
      nextTier: { id: body.tiers[2]?.id, name: 'Gold', pointsNeeded: 1400 },
      rewards: [
        { kind: 'free_shipping', redeemable: true },
        { kind: 'percentage_off', redeemable: false },
      ],
      waysToEarn: [{ kind: 'order', pointsPerCurrencyUnit: 1.25, currency: 'EUR' }],
    });
  });

  it('a negative balance reads as negative', async () => {
    await h.seedPoints(SHOP, '1002', -40);
    const body = await customer(SHOP, '1002');
    expect(body.points).toBe(-40);
    expect(body.rewards.every((r) => !r.redeemable)).toBe(true);
  });

  it('lists inactive rewards in the program\'s order, not redeemable even with points enough; redeeming one → 404', async () => {
    const shop = 'proxy-inactive.myshopify.com';
    const { id } = await ensureShop(h.ctx.db, shop);
    await h.ctx.db.reward.updateMany({ where: { shopId: id, kind: 'percentage_off' }, data: { active: false } });
    const perkOnly = await h.ctx.db.reward.create({ data: { shopId: id, name: 'Gold perk', kind: 'free_shipping', cost: 1, active: false } });
    await h.seedPoints(shop, '3001', 5000);
    const body = await customer(shop, '3001');
    expect(body.rewards.map(({ id: _id, ...r }) => r)).toEqual([
      { name: 'Gold perk', kind: 'free_shipping', cost: 1, redeemable: false },
      { name: 'Free shipping', kind: 'free_shipping', cost: 300, redeemable: true },
      { name: '10% off', kind: 'percentage_off', cost: 500, redeemable: false },
    ]);
    expect(body.rewards[0]?.id).toBe(String(perkOnly.id));
    const loggedOut = await customer(shop, null);
    expect(loggedOut.rewards.map((r) => [r.kind, r.redeemable])).toEqual([
      ['free_shipping', false],
      ['free_shipping', false],
      ['percentage_off', false],
    ]);
    // Exactly the contract's fields.
    expect(Object.keys(body.rewards[0]!).sort()).toEqual(['cost', 'id', 'kind', 'name', 'redeemable']);

    // Redeeming an inactive reward: 404 with a message that says so, nothing debited.
    for (const reward of [body.rewards[0]!, body.rewards[2]!]) {
      const res = await h.proxy(`/rewards/${reward.id}/redeem`, h.emulator.signProxyQuery(shop, '3001'), 'POST');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'This reward is not available' });
    }
    expect((await customer(shop, '3001')).points).toBe(5000);
    // Unknown, or another shop's: not found.
    const otherShopReward = (await customer(SHOP, null)).rewards[0]!.id;
    for (const unknown of ['999999999', otherShopReward]) {
      const res = await h.proxy(`/rewards/${unknown}/redeem`, h.emulator.signProxyQuery(shop, '3001'), 'POST');
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: 'Reward not found' });
    }
  });

  it('a shop met first through the proxy gets the default program', async () => {
    const shop = 'proxy-new.myshopify.com';
    const body = await customer(shop, '5');
    expect(body.tiers).toHaveLength(3);
    expect(body.rewards).toHaveLength(2);
    expect(await h.ctx.db.shop.count({ where: { domain: shop } })).toBe(1);
  });

  it('shops are isolated: the same customer id in another shop reads as new', async () => {
    await h.seedPoints(SHOP, '777', 999);
    expect((await customer(SHOP, '777')).points).toBe(999);
    const other = await customer(OTHER, '777');
    expect(other.points).toBe(0);
    const shopIds = new Set((await customer(SHOP, null)).rewards.map((r) => r.id));
    expect(other.rewards.some((r) => shopIds.has(r.id))).toBe(false);
  });
});
