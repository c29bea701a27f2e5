import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { customerPayload, orderPayload, refundPayload } from '../../emulator/payloads.js';
import { addDays, todayIn } from '../analytics/range.js';
import { enrollMember } from '../loyalty/members/repository.js';
import type { toDashboardJson } from './dto/dashboard.js';
import { expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson, type ShopClient } from './test-fixture.js';

type DashboardJson = ReturnType<typeof toDashboardJson>;

let f: AdminApiFixture;

const anna = { id: 8001, email: 'anna@example.de', firstName: 'Anna', lastName: 'Aktiv' };
const bert = { id: 8002, email: 'bert@example.de', firstName: 'Bert', lastName: 'Bestand' };
const fritz = { id: 8007, email: 'fritz@example.de', firstName: 'Fritz', lastName: 'Storno' };
const gert = { id: 8008, email: 'gert@example.de', firstName: 'Gert', lastName: 'Spät' };

const DAY_MS = 86_400_000;

/**
 * Backdated entries of a long-inactive member (Europe/Berlin switches to summer time on 2025-03-30); order entries
 * name their order (`OLD_ORDERS`).
 */
const OLD_ENTRIES: [string, number, string, string | null][] = [
  ['2025-03-28T22:59:00Z', 7, 'order_earned', 'old-1'], // Berlin 03-28 23:59: before the range
  ['2025-03-29T12:00:00Z', 40, 'manual_adjustment', null], // 03-29
  ['2025-03-29T23:30:00Z', 100, 'order_earned', 'old-2'], // Berlin 03-30 00:30 (UTC+1)
  ['2025-03-30T21:30:00Z', -60, 'redemption', null], // Berlin 03-30 23:30 (UTC+2)
  ['2025-03-30T22:30:00Z', 60, 'redemption_reversal', null], // Berlin 03-31 00:30
  ['2025-03-30T23:00:00Z', -30, 'redemption', null], // 03-31
  ['2025-03-31T10:00:00Z', -5, 'order_rerated', 'old-2'], // 03-31: lowers what old-2 issued on 03-30
  ['2025-04-01T22:00:00Z', 9, 'order_earned', 'old-3'], // Berlin 04-02 00:00: after the range
];
/** Otto's orders as booked: [order id, points earned (after re-ratings), processed at]. */
const OLD_ORDERS: [string, number, string][] = [
  ['old-1', 7, '2025-03-28T22:00:00Z'],
  ['old-2', 95, '2025-03-29T23:00:00Z'],
  ['old-3', 9, '2025-04-01T21:00:00Z'],
];

/** A proxy redemption of the free-shipping reward (300 points) by `customerId`. */
async function redeemFreeShipping(shop: ShopClient, customerId: string): Promise<void> {
  const program = await shop.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program');
  const freeShipping = program.body.rewards.find((r) => r.kind === 'free_shipping');
  const query = f.emulator.signProxyQuery(shop.domain, customerId);
  const redeemed = await fetch(`${f.app.url}/proxy/rewards/${freeShipping?.id ?? ''}/redeem?${query.toString()}`, { method: 'POST' });
  expect(redeemed.status).toBe(200);
}

/** A bonus-points campaign for every member, run now and waited for. */
async function giftEveryone(shop: ShopClient, points: number): Promise<number> {
  const campaign = await shop.api<{ id: string }>('POST', '/campaigns', {
    name: 'Dankeschön',
    active: false,
    audience: {},
    recipients: { mode: 'share', share: 1 },
    schedule: { kind: 'weekly', weekday: 1, time: '09:30' },
    gift: { kind: 'bonus_points', points },
  });
  expect(campaign.status).toBe(201);
  const run = await shop.api<{ id: string }>('POST', `/campaigns/${campaign.body.id}/run`);
  expect(run.status).toBe(202);
  const done = await eventually(async () => {
    const found = await f.db.campaignRun.findUnique({ where: { id: Number(run.body.id) } });
    return found?.status === 'completed' ? found : undefined;
  }, 20_000);
  return done.deliveredCount;
}

beforeAll(async () => {
  f = await startAdminApiFixture();
  const { shop } = f;
  // Anna: an order (200), a refund (−20), an adjustment (+50). Bert: an order (700 → Silber), a redemption (−300),
  // an adjustment (−20). Carla: only enrolled. Dora: −10 by adjustment. Emil: +300 by adjustment, redeemed (−300).
  // Fritz: an order (80), cancelled. Gert: an order 100 days old (60), delivered now. Old Otto: backdated entries,
  // and today the tier drop the tier recheck writes for an inactive member. Then 25 points for everyone by campaign.
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 1, subtotal: '200.00', customer: anna }));
  await f.deliver(shop, 'refunds/create', refundPayload({ id: 11, orderId: 1, lines: [{ lineItemId: 1, quantity: 1, subtotal: '20.00' }] }));
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 2, subtotal: '700.00', customer: bert }));
  await f.deliver(shop, 'customers/create', customerPayload({ id: 8003, email: 'carla@example.de', firstName: 'Carla' }));
  await f.deliver(shop, 'customers/create', customerPayload({ id: 8004, email: 'dora@example.de', firstName: 'Dora' }));
  await f.deliver(shop, 'customers/create', customerPayload({ id: 8006, email: 'emil@example.de', firstName: 'Emil' }));
  expect((await shop.api('POST', '/customers/8001/adjustments', { delta: 50, reason: 'Welcome' })).status).toBe(201);
  expect((await shop.api('POST', '/customers/8002/adjustments', { delta: -20, reason: 'Correction' })).status).toBe(201);
  expect((await shop.api('POST', '/customers/8004/adjustments', { delta: -10, reason: 'Correction' })).status).toBe(201);
  expect((await shop.api('POST', '/customers/8006/adjustments', { delta: 300, reason: 'Goodwill' })).status).toBe(201);
  await redeemFreeShipping(shop, '8002');
  await redeemFreeShipping(shop, '8006');
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 4, subtotal: '80.00', customer: fritz }));
  await f.deliver(shop, 'orders/cancelled', orderPayload({ id: 4, subtotal: '80.00', customer: fritz, cancelledAt: new Date() }));
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 5, subtotal: '60.00', customer: gert, processedAt: new Date(Date.now() - 100 * DAY_MS) }));

  const otto = await enrollMember(f.db, shop.id, { customerId: '8005', email: 'otto@example.de', firstName: 'Otto' });
  for (const [orderId, earned, at] of OLD_ORDERS) {
    await f.db.$executeRaw`
      INSERT INTO loyalty_orders (shop_id, order_id, customer_id, subtotal, multiplier, points_earned, processed_at, paid_at, updated_at)
      VALUES (${shop.id}, ${orderId}, '8005', ${earned}, 1, ${earned}, ${at}::timestamptz AT TIME ZONE 'UTC', ${at}::timestamptz AT TIME ZONE 'UTC', now())`;
  }
  for (const [at, delta, reason, sourceId] of OLD_ENTRIES) {
    await f.db.$executeRaw`
      INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, created_at)
      VALUES (${shop.id}, ${otto.id}, ${delta}, ${reason}::ledger_reason, ${sourceId}, ${`old:${at}`}, 0, ${at}::timestamptz AT TIME ZONE 'UTC')`;
  }
  await f.db.$executeRaw`
    INSERT INTO ledger_entries (shop_id, member_id, delta, reason, source_id, idempotency_key, balance_after, note)
    VALUES (${shop.id}, ${otto.id}, 0, 'tier_changed', 'tier:silber:bronze', 'tier-dropped', 0, 'Silber → Bronze')`;
  const ottoPoints = OLD_ENTRIES.reduce((sum, [, delta]) => sum + delta, 0);
  await f.db.$executeRaw`UPDATE members SET points = ${ottoPoints}, created_at = '2025-01-01' WHERE id = ${otto.id}`;

  expect(await giftEveryone(shop, 25)).toBe(8);

  // Another shop's activity must not show.
  const other = await f.addShop('other-dashboard.myshopify.com');
  await f.deliver(other, 'orders/paid', orderPayload({ id: 3, subtotal: '999.00', customer: anna }));
});

afterAll(async () => {
  await f?.close();
});

const dashboard = (query = '', language?: string) => f.shop.api<DashboardJson & ErrorJson>('GET', `/dashboard${query}`, undefined, { language });

describe('GET /api/shop', () => {
  it('gives what the admin formats with', async () => {
    const res = await f.shop.api('GET', '/shop');
    expect(res.body).toEqual({
      domain: 'admin-api.myshopify.com',
      name: 'Kaffeerösterei',
      currencyCode: 'EUR',
      primaryLocale: 'de',
      timezone: 'Europe/Berlin',
    });
  });
});

describe('GET /api/dashboard', () => {
  it('answers the last 30 days by default, every figure as defined', async () => {
    const res = await dashboard();
    expect(res.status).toBe(200);
    const today = todayIn('Europe/Berlin');
    const tiers = res.body.tiers.map(({ name, members }) => [name, members]);
    expect({ ...res.body, tiers, daily: undefined }).toEqual({
      currencyCode: 'EUR',
      range: { from: addDays(today, -29), to: today },
      members: 8, // Anna, Bert, Carla, Dora, Emil, Fritz, Gert, Otto
      // Anna and Bert ordered, Emil redeemed. Not: Carla (only enrolled), Dora (an adjustment), Fritz (his order is
      // cancelled), Gert (his order is 100 days old, though credited today), Otto (a tier drop today); nor anyone
      // for the campaign's gift.
      activeMembers90d: 3,
      // Orders as they stand: Anna 200 − 20, Bert 700, Fritz 80 − 80, Gert 60; adjustments adding points: Anna 50,
      // Emil 300 (Bert's −20 and Dora's −10 issue nothing); the campaign: 8 × 25.
      pointsIssued: 180 + 700 + 0 + 60 + 50 + 300 + 200,
      pointsRedeemed: 600, // Bert and Emil, 300 each
      pointsExpired: 0, // the program lets no points expire
      // Anna 255, Bert 405, Carla 25, Dora 15, Emil 25, Fritz 25, Gert 85, Otto 121 + 25.
      outstandingPoints: 255 + 405 + 25 + 15 + 25 + 25 + 85 + 146,
      liability: { amount: '9.81', currencyCode: 'EUR' },
      redemptionRate: 0.4027, // 600 / 1490
      tiers: [['Bronze', 7], ['Silber', 1], ['Gold', 0]],
      daily: undefined,
    });
    expect(res.body.daily).toHaveLength(30);
    expect(res.body.daily.at(-1)).toEqual({ date: today, issued: 1490, redeemed: 600 });
    expect(res.body.daily.slice(0, -1).every((d) => d.issued === 0 && d.redeemed === 0)).toBe(true);
    expect(res.body.daily.map((d) => d.date)).toEqual(Array.from({ length: 30 }, (_, i) => addDays(today, i - 29)));
  });

  it('groups by day in the shop’s time zone, zeros included, across a daylight-saving change', async () => {
    const res = await dashboard('?from=2025-03-29&to=2025-04-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      range: { from: '2025-03-29', to: '2025-04-01' },
      pointsIssued: 135,
      pointsRedeemed: 30, // 60 + 30 redeemed, 60 given back
      redemptionRate: 0.2222,
    });
    expect(res.body.daily).toEqual([
      { date: '2025-03-29', issued: 40, redeemed: 0 },
      { date: '2025-03-30', issued: 95, redeemed: 60 }, // old-2 as it stands after its re-rating on 03-31
      { date: '2025-03-31', issued: 0, redeemed: -30 },
      { date: '2025-04-01', issued: 0, redeemed: 0 },
    ]);
  });

  it('values the liability at the program’s point value, rounded to the currency', async () => {
    const settings = (await f.shop.api<{ earning: object }>('GET', '/program/settings')).body;
    const saved = await f.shop.api('PUT', '/program/settings', { ...settings, earning: { ...settings.earning, pointValue: '0.025' } });
    expect(saved.status).toBe(200);
    expect((await dashboard()).body.liability).toEqual({ amount: '24.53', currencyCode: 'EUR' }); // 981 × 0.025 = 24.525
  });

  it('answers a range with nothing in it with zeros, and no redemption rate', async () => {
    const res = await dashboard('?from=2024-01-01&to=2024-01-03');
    expect(res.body).toMatchObject({ pointsIssued: 0, pointsRedeemed: 0, redemptionRate: null });
    expect(res.body.daily).toEqual([
      { date: '2024-01-01', issued: 0, redeemed: 0 },
      { date: '2024-01-02', issued: 0, redeemed: 0 },
      { date: '2024-01-03', issued: 0, redeemed: 0 },
    ]);
  });

  it('takes up to 366 days', async () => {
    const res = await dashboard('?from=2024-01-01&to=2024-12-31');
    expect(res.status).toBe(200);
    expect(res.body.daily).toHaveLength(366);
  });

  it.each<[string, string, string]>([
    ['a range over 366 days', '?from=2024-01-01&to=2025-01-01', 'to'],
    ['from after to', '?from=2025-04-02&to=2025-04-01', 'from'],
    ['a date that does not exist', '?from=2025-02-30&to=2025-03-01', 'from'],
    ['a date in another format', '?to=01.04.2025', 'to'],
    ['a repeated parameter', '?from=2025-01-01&from=2025-01-02', 'from'],
  ])('answers 422 for %s, in English and German', async (_name, query, field) => {
    await expectInvalidInput((language) => dashboard(query, language), [field]);
  });

  it.each([
    ['en', 'The range may span at most 366 days'],
    ['de', 'Der Zeitraum darf höchstens 366 Tage umfassen'],
  ])('says the longest range in %s', async (language, message) => {
    const res = await dashboard('?from=2024-01-01&to=2025-01-01', language);
    expect(res.body.details).toEqual({ fieldErrors: { to: message }, fieldErrorCodes: { to: { code: 'range_too_long', params: { maximum: 366 } } } });
  });
});

describe('points issued, whatever order an order’s webhooks come in', () => {
  // Bronze ×1, Silber ×1.25 from 500 qualifying points. Order A (600) three days ago makes its customer Silber; its
  // refund (200) two days ago brings them back to Bronze (400); order B (100) yesterday earns at Bronze: 100.
  const customer = { id: 8101, email: 'olga@example.de', firstName: 'Olga' };
  const orderA = orderPayload({ id: 41, subtotal: '600.00', customer, processedAt: new Date(Date.now() - 3 * DAY_MS) });
  const refundA = refundPayload({ id: 411, orderId: 41, lines: [{ lineItemId: 1, quantity: 1, subtotal: '200.00' }], createdAt: new Date(Date.now() - 2 * DAY_MS) });
  const orderB = orderPayload({ id: 42, subtotal: '100.00', customer, processedAt: new Date(Date.now() - DAY_MS) });

  const issuedAndReasons = async (shop: ShopClient) => {
    const res = await shop.api<DashboardJson>('GET', '/dashboard');
    const entries = await f.db.ledgerEntry.findMany({ where: { shopId: shop.id, reason: { not: 'tier_changed' } }, orderBy: { id: 'asc' } });
    return { issued: res.body.pointsIssued, today: res.body.daily.at(-1)?.issued, entries: entries.map((e) => `${e.reason} ${e.delta}`) };
  };

  it('is the same when the refund comes before or after the later order (net of refunds and re-ratings)', async () => {
    const inOrder = await f.addShop('issued-in-order.myshopify.com');
    await f.deliver(inOrder, 'orders/paid', orderA);
    await f.deliver(inOrder, 'refunds/create', refundA);
    await f.deliver(inOrder, 'orders/paid', orderB);
    const refundLate = await f.addShop('issued-refund-late.myshopify.com');
    await f.deliver(refundLate, 'orders/paid', orderA);
    await f.deliver(refundLate, 'orders/paid', orderB);
    await f.deliver(refundLate, 'refunds/create', refundA);

    // The ledgers differ: the late refund re-rates B from Silber (125) down to Bronze.
    expect((await issuedAndReasons(inOrder)).entries).toEqual(['order_earned 600', 'refund -200', 'order_earned 100']);
    expect((await issuedAndReasons(refundLate)).entries).toEqual(['order_earned 600', 'order_earned 125', 'refund -200', 'order_rerated -25']);
    // Issued: A 600 − 200, B 100 in both (counting only positive entries gave 700 and 725).
    expect(await issuedAndReasons(inOrder)).toMatchObject({ issued: 500, today: 500 });
    expect(await issuedAndReasons(refundLate)).toMatchObject({ issued: 500, today: 500 });
  });

  it('counts an order refunded in full as nothing issued', async () => {
    const shop = await f.addShop('issued-refunded.myshopify.com');
    await f.deliver(shop, 'orders/paid', orderA);
    await f.deliver(shop, 'refunds/create', refundPayload({ id: 412, orderId: 41, lines: [{ lineItemId: 1, quantity: 1, subtotal: '600.00' }] }));
    expect(await issuedAndReasons(shop)).toEqual({ issued: 0, today: 0, entries: ['order_earned 600', 'refund -600'] });
    expect((await shop.api<DashboardJson>('GET', '/dashboard')).body.redemptionRate).toBeNull();
  });

  it('counts an order that earned nothing at first and was credited by a re-rating', async () => {
    // C (0.80) yesterday earns 0 at Bronze; A, older and delivered after it, makes the customer Silber before C:
    // C is re-rated to floor(0.80 × 1.25) = 1, its first ledger entry.
    const shop = await f.addShop('issued-rerated-up.myshopify.com');
    await f.deliver(shop, 'orders/paid', orderPayload({ id: 43, subtotal: '0.80', customer, processedAt: new Date(Date.now() - DAY_MS) }));
    await f.deliver(shop, 'orders/paid', orderA);
    expect(await issuedAndReasons(shop)).toEqual({ issued: 601, today: 601, entries: ['order_earned 600', 'order_rerated 1'] });
  });
});
