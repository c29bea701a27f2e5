import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleOrderPaid } from '../loyalty/orders/service.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { ensureShop } from '../shops/repository.js';

let h: Harness;
const SHOP = 'proxy-activity.myshopify.com';

beforeAll(async () => {
  h = await startHarness();
  h.emulator.addShop({ domain: SHOP, currencyCode: 'EUR', primaryLocale: 'en' });
  // Installed: redeeming creates discount codes through Admin GraphQL with the shop's token.
  expect((await h.api('/program', h.emulator.mintSessionToken(SHOP))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
});

interface ActivityBody {
  entries: { id: string; createdAt: string; delta: number; reason: string; balanceAfter: number }[];
  codes: { code: string; rewardName: string; createdAt: string; expiresAt: string }[];
  pendingPoints: number;
}

async function activity(customerId: string | null): Promise<Response> {
  return h.proxy('/activity', h.emulator.signProxyQuery(SHOP, customerId));
}

async function rewardIds(): Promise<{ freeShipping: string; percentOff: string }> {
  const res = await h.proxy('/customer', h.emulator.signProxyQuery(SHOP, null));
  const body = (await res.json()) as { rewards: { id: string; kind: string }[] };
  return {
    freeShipping: body.rewards.find((r) => r.kind === 'free_shipping')!.id,
    percentOff: body.rewards.find((r) => r.kind === 'percentage_off')!.id,
  };
}

describe('GET /proxy/activity', () => {
  it('logged out: 401 {error}, no-store', async () => {
    const res = await activity(null);
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
  });

  it('a bad signature: 401', async () => {
    const query = h.emulator.signProxyQuery(SHOP, '1', { secret: 'not-the-secret' });
    expect((await h.proxy('/activity', query)).status).toBe(401);
  });

  it('a customer the app has not met: empty lists, nothing created', async () => {
    const res = await activity('880001');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ entries: [], codes: [], pendingPoints: 0 });
    expect(await h.ctx.db.member.count({ where: { customerId: '880001' } })).toBe(0);
  });

  it('a member: ledger entries and issued codes, newest first, with reward names and expiry', async () => {
    await h.seedPoints(SHOP, '880002', 1000);
    const ids = await rewardIds();
    const first = await h.proxy(`/rewards/${ids.freeShipping}/redeem`, h.emulator.signProxyQuery(SHOP, '880002'), 'POST');
    expect(first.status).toBe(200);
    const second = await h.proxy(`/rewards/${ids.percentOff}/redeem`, h.emulator.signProxyQuery(SHOP, '880002'), 'POST');
    expect(second.status).toBe(200);
    const codes = [((await first.json()) as { code: string }).code, ((await second.json()) as { code: string }).code];

    const res = await activity('880002');
    expect(res.status).toBe(200);
    const body = (await res.json()) as ActivityBody;
    expect(body.entries.map((e) => [e.delta, e.reason, e.balanceAfter])).toEqual([
      [-500, 'redemption', 200],
      [-300, 'redemption', 700],
      [1000, 'manual_adjustment', 1000],
    ]);
    expect(body.entries.every((e) => typeof e.id === 'string' && !Number.isNaN(Date.parse(e.createdAt)))).toBe(true);
    expect(body.pendingPoints).toBe(0);
    expect(body.codes.map((c) => [c.code, c.rewardName])).toEqual([
      [codes[1], '10% off'],
      [codes[0], 'Free shipping'],
    ]);
    for (const code of body.codes) {
      const days = (Date.parse(code.expiresAt) - Date.parse(code.createdAt)) / 86_400_000;
      expect(Math.round(days)).toBe(90);
    }
  });

  it('a refused code is no code: the redemption and its reversal show in the ledger only', async () => {
    await h.seedPoints(SHOP, '880003', 400);
    const ids = await rewardIds();
    h.emulator.faults.refuseNextDiscounts(1);
    const res = await h.proxy(`/rewards/${ids.freeShipping}/redeem`, h.emulator.signProxyQuery(SHOP, '880003'), 'POST');
    expect(res.status).toBe(502);
    const body = (await (await activity('880003')).json()) as ActivityBody;
    expect(body.codes).toEqual([]);
    expect(body.entries.map((e) => e.reason)).toEqual(['redemption_reversal', 'redemption', 'manual_adjustment']);
  });

  it('an expired code is no code: "Your codes" lists only those still valid', async () => {
    await h.seedPoints(SHOP, '880007', 800);
    const ids = await rewardIds();
    const redeem = async (rewardId: string) => {
      const res = await h.proxy(`/rewards/${rewardId}/redeem`, h.emulator.signProxyQuery(SHOP, '880007'), 'POST');
      expect(res.status).toBe(200);
      return ((await res.json()) as { code: string }).code;
    };
    const expired = await redeem(ids.freeShipping);
    const valid = await redeem(ids.percentOff);
    await h.ctx.db.redemption.updateMany({ where: { code: expired }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    const body = (await (await activity('880007')).json()) as ActivityBody;
    expect(body.codes.map((c) => c.code)).toEqual([valid]);
    // Its redemption still shows in the ledger: the points were spent.
    expect(body.entries.map((e) => e.reason)).toEqual(['redemption', 'redemption', 'manual_adjustment']);
  });

  it('keeps the last 10 of each', async () => {
    for (let i = 0; i < 12; i++) await h.seedPoints(SHOP, '880004', i + 1);
    const body = (await (await activity('880004')).json()) as ActivityBody;
    expect(body.entries.map((e) => e.delta)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('is per customer and per shop', async () => {
    await h.seedPoints(SHOP, '880005', 50);
    await h.seedPoints('proxy-activity-other.myshopify.com', '880005', 70);
    const body = (await (await activity('880005')).json()) as ActivityBody;
    expect(body.entries.map((e) => e.delta)).toEqual([50]);
  });

  it('pending points: an order in a 14-day approval period shows as pending, not in the ledger; later orders at 0 days earn at once', async () => {
    const shop = await ensureShop(h.ctx.db, SHOP);
    const setPolicy = (approvalDays: number) => h.ctx.db.program.update({ where: { shopId: shop.id }, data: { awardOn: 'paid', approvalDays } });
    const order = (id: number, subtotal: string) =>
      handleOrderPaid(h.ctx.db, shop, orderPayload({ id, customerId: 880006, subtotal, processedAt: new Date() }));
    await setPolicy(14);
    try {
      await order(88_000_601, '120.00');
      const body = (await (await activity('880006')).json()) as ActivityBody;
      expect(body).toEqual({ entries: [], codes: [], pendingPoints: 120 });
      // The balance stays what the contract's /proxy/customer says: pending points are not part of it.
      const customer = (await (await h.proxy('/customer', h.emulator.signProxyQuery(SHOP, '880006'))).json()) as Record<string, unknown>;
      expect(customer.points).toBe(0);
      expect(customer).not.toHaveProperty('pendingPoints');

      await setPolicy(0);
      await order(88_000_602, '30.00');
      const after = (await (await activity('880006')).json()) as ActivityBody;
      expect(after.pendingPoints).toBe(120);
      expect(after.entries.map((e) => [e.reason, e.delta, e.balanceAfter])).toEqual([['order_earned', 30, 30]]);
    } finally {
      await setPolicy(0);
    }
  });
});
