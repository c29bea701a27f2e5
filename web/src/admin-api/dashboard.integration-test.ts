import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPayload, orderPayload, refundPayload } from '../../emulator/payloads.js';
import { addDays, todayIn } from '../analytics/range.js';
import { enrollMember } from '../loyalty/members/repository.js';
import type { toDashboardJson } from './dto/dashboard.js';
import { expectInvalidInput, startAdminApiFixture, type AdminApiFixture, type ErrorJson } from './test-fixture.js';

type DashboardJson = ReturnType<typeof toDashboardJson>;

let f: AdminApiFixture;

const anna = { id: 8001, email: 'anna@example.de', firstName: 'Anna', lastName: 'Aktiv' };
const bert = { id: 8002, email: 'bert@example.de', firstName: 'Bert', lastName: 'Bestand' };

/** Backdated entries of a long-inactive member (Europe/Berlin switches to summer time on 2025-03-30). */
const OLD_ENTRIES: [string, number, string][] = [
  ['2025-03-28T22:59:00Z', 7, 'order_earned'], // Berlin 03-28 23:59: before the range
  ['2025-03-29T12:00:00Z', 40, 'manual_adjustment'], // 03-29
  ['2025-03-29T23:30:00Z', 100, 'order_earned'], // Berlin 03-30 00:30 (UTC+1)
  ['2025-03-30T21:30:00Z', -60, 'redemption'], // Berlin 03-30 23:30 (UTC+2)
  ['2025-03-30T22:30:00Z', 60, 'redemption_reversal'], // Berlin 03-31 00:30
  ['2025-03-30T23:00:00Z', -30, 'redemption'], // 03-31
  ['2025-03-31T10:00:00Z', -5, 'order_rerated'], // 03-31: a negative re-rating issues nothing
  ['2025-04-01T22:00:00Z', 9, 'order_earned'], // Berlin 04-02 00:00: after the range
];

beforeAll(async () => {
  f = await startAdminApiFixture();
  const { shop } = f;
  // Anna: an order (200), a refund (−20), an adjustment (+50). Bert: an order (700 → Silber), a redemption (−300),
  // an adjustment (−20). Carla: only enrolled. Dora: −10 by adjustment. Old Otto: backdated entries only.
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 1, subtotal: '200.00', customer: anna }));
  await f.deliver(shop, 'refunds/create', refundPayload({ id: 11, orderId: 1, lines: [{ lineItemId: 1, quantity: 1, subtotal: '20.00' }] }));
  await f.deliver(shop, 'orders/paid', orderPayload({ id: 2, subtotal: '700.00', customer: bert }));
  await f.deliver(shop, 'customers/create', customerPayload({ id: 8003, email: 'carla@example.de', firstName: 'Carla' }));
  await f.deliver(shop, 'customers/create', customerPayload({ id: 8004, email: 'dora@example.de', firstName: 'Dora' }));
  expect((await shop.api('POST', '/customers/8001/adjustments', { delta: 50, reason: 'Welcome' })).status).toBe(201);
  expect((await shop.api('POST', '/customers/8002/adjustments', { delta: -20, reason: 'Correction' })).status).toBe(201);
  expect((await shop.api('POST', '/customers/8004/adjustments', { delta: -10, reason: 'Correction' })).status).toBe(201);

  const program = await shop.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program');
  const freeShipping = program.body.rewards.find((r) => r.kind === 'free_shipping');
  const query = f.emulator.signProxyQuery(shop.domain, '8002');
  const redeemed = await fetch(`${f.app.url}/proxy/rewards/${freeShipping?.id ?? ''}/redeem?${query.toString()}`, { method: 'POST' });
  expect(redeemed.status).toBe(200);

  const otto = await enrollMember(f.db, shop.id, { customerId: '8005', email: 'otto@example.de', firstName: 'Otto' });
  for (const [at, delta, reason] of OLD_ENTRIES) {
    await f.db.$executeRaw`
      INSERT INTO ledger_entries (shop_id, member_id, delta, reason, idempotency_key, balance_after, created_at)
      VALUES (${shop.id}, ${otto.id}, ${delta}, ${reason}::ledger_reason, ${`old:${at}`}, 0, ${at}::timestamptz AT TIME ZONE 'UTC')`;
  }
  const ottoPoints = OLD_ENTRIES.reduce((sum, [, delta]) => sum + delta, 0);
  await f.db.$executeRaw`UPDATE members SET points = ${ottoPoints}, created_at = '2025-01-01' WHERE id = ${otto.id}`;

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
      members: 5, // Anna, Bert, Carla, Dora, Otto
      activeMembers90d: 3, // Anna, Bert (orders), Dora (an adjustment); not Carla (only enrolled), not Otto (2025)
      pointsIssued: 950, // 200 + 700 earned + 50 adjusted; Bert's −20 and Dora's −10 are not issued
      pointsRedeemed: 300,
      outstandingPoints: 230 + 380 + 121, // Anna 200 − 20 + 50, Bert 700 − 300 − 20, Otto; Dora's −10 left out
      liability: { amount: '7.31', currencyCode: 'EUR' },
      redemptionRate: 0.3158, // 300 / 950
      tiers: [['Bronze', 4], ['Silber', 1], ['Gold', 0]],
      daily: undefined,
    });
    expect(res.body.daily).toHaveLength(30);
    expect(res.body.daily.at(-1)).toEqual({ date: today, issued: 950, redeemed: 300 });
    expect(res.body.daily.slice(0, -1).every((d) => d.issued === 0 && d.redeemed === 0)).toBe(true);
    expect(res.body.daily.map((d) => d.date)).toEqual(Array.from({ length: 30 }, (_, i) => addDays(today, i - 29)));
  });

  it('groups by day in the shop’s time zone, zeros included, across a daylight-saving change', async () => {
    const res = await dashboard('?from=2025-03-29&to=2025-04-01');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      range: { from: '2025-03-29', to: '2025-04-01' },
      pointsIssued: 140,
      pointsRedeemed: 30, // 60 + 30 redeemed, 60 given back
      redemptionRate: 0.2143,
    });
    expect(res.body.daily).toEqual([
      { date: '2025-03-29', issued: 40, redeemed: 0 },
      { date: '2025-03-30', issued: 100, redeemed: 60 },
      { date: '2025-03-31', issued: 0, redeemed: -30 },
      { date: '2025-04-01', issued: 0, redeemed: 0 },
    ]);
  });

  it('values the liability at the program’s point value, rounded to the currency', async () => {
    const settings = (await f.shop.api<{ earning: object }>('GET', '/program/settings')).body;
    const saved = await f.shop.api('PUT', '/program/settings', { ...settings, earning: { ...settings.earning, pointValue: '0.025' } });
    expect(saved.status).toBe(200);
    expect((await dashboard()).body.liability).toEqual({ amount: '18.28', currencyCode: 'EUR' }); // 731 × 0.025 = 18.275
  });

  it('answers a range with nothing in it with zeros', async () => {
    const res = await dashboard('?from=2024-01-01&to=2024-01-03');
    expect(res.body).toMatchObject({ pointsIssued: 0, pointsRedeemed: 0, redemptionRate: 0 });
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
