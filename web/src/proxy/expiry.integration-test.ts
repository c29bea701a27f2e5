import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAt, expireAfter, memberSince } from '../points-expiry/test-support.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { ensureShop } from '../shops/repository.js';

/** Points expiry on the storefront's activity answer (`GET /proxy/activity`), through the signed app proxy. */

let h: Harness;
const WITH_EXPIRY = 'proxy-expiry.myshopify.com';
const WITHOUT = 'proxy-no-expiry.myshopify.com';
let shopId: number;
let plainShopId: number;
const JOINED = new Date('2025-06-01T10:00:00Z');

beforeAll(async () => {
  h = await startHarness();
  shopId = (await ensureShop(h.ctx.db, WITH_EXPIRY)).id;
  plainShopId = (await ensureShop(h.ctx.db, WITHOUT)).id;
  await expireAfter(h.ctx.db, shopId, 3, 'Europe/Berlin');
});

afterAll(async () => {
  await h?.close();
});

const activity = async (shop: string, customerId: string | null) => {
  const res = await h.proxy('/activity', h.emulator.signProxyQuery(shop, customerId));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /proxy/activity with points expiry', () => {
  it('without expiry (the default program) the answer is as before: no expiry field', async () => {
    const id = await memberSince(h.ctx.db, plainShopId, '990001', JOINED);
    await bookAt(h.ctx.db, plainShopId, id, 300, 'order_earned', new Date('2026-01-10T10:00:00Z'));
    const { status, body } = await activity(WITHOUT, '990001');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['codes', 'entries', 'pendingPoints']);
  });

  it('names the balance and the last day it is held, from the latest activity, in the shop’s zone', async () => {
    const id = await memberSince(h.ctx.db, shopId, '990002', JOINED);
    // 23:30 UTC on 31 January is 1 February in Berlin: held through 1 May (UTC would say 30 April).
    await bookAt(h.ctx.db, shopId, id, 500, 'order_earned', new Date('2026-01-31T23:30:00Z'));
    // Not activity: a refund and a re-rating later on move the balance, not the date.
    await bookAt(h.ctx.db, shopId, id, -50, 'refund', new Date('2026-03-05T10:00:00Z'));
    await bookAt(h.ctx.db, shopId, id, 20, 'order_rerated', new Date('2026-03-06T10:00:00Z'));
    expect((await activity(WITH_EXPIRY, '990002')).body.expiry).toEqual({ points: 470, date: '2026-05-01' });

    // A redemption is activity: three months from it.
    await bookAt(h.ctx.db, shopId, id, -300, 'redemption', new Date('2026-02-28T12:00:00Z'));
    expect((await activity(WITH_EXPIRY, '990002')).body.expiry).toEqual({ points: 170, date: '2026-05-28' });
  });

  it('a member without activity counts from joining', async () => {
    const id = await memberSince(h.ctx.db, shopId, '990003', new Date('2025-11-30T12:00:00Z'));
    await bookAt(h.ctx.db, shopId, id, 40, 'order_rerated', new Date('2026-01-02T10:00:00Z'));
    expect((await activity(WITH_EXPIRY, '990003')).body.expiry).toEqual({ points: 40, date: '2026-02-28' });
  });

  it('null when there is nothing to lose: no balance, a negative one, a customer the app has not met', async () => {
    const zero = await memberSince(h.ctx.db, shopId, '990004', JOINED);
    await bookAt(h.ctx.db, shopId, zero, 100, 'order_earned', new Date('2026-01-10T10:00:00Z'));
    await bookAt(h.ctx.db, shopId, zero, -100, 'redemption', new Date('2026-01-11T10:00:00Z'));
    const negative = await memberSince(h.ctx.db, shopId, '990005', JOINED);
    await bookAt(h.ctx.db, shopId, negative, -30, 'refund', new Date('2026-01-11T10:00:00Z'));
    expect((await activity(WITH_EXPIRY, '990004')).body.expiry).toBeNull();
    expect((await activity(WITH_EXPIRY, '990005')).body.expiry).toBeNull();
    const unknown = await activity(WITH_EXPIRY, '990999');
    expect(unknown.body).toEqual({ entries: [], codes: [], pendingPoints: 0, expiry: null });
    expect(await h.ctx.db.member.count({ where: { customerId: '990999' } })).toBe(0);
  });

  it('logged out: 401 as before', async () => {
    expect((await activity(WITH_EXPIRY, null)).status).toBe(401);
  });

  it('lists an expiry among the entries with its own reason', async () => {
    const id = await memberSince(h.ctx.db, shopId, '990006', JOINED);
    await bookAt(h.ctx.db, shopId, id, 80, 'order_earned', new Date('2026-01-10T10:00:00Z'));
    await bookAt(h.ctx.db, shopId, id, -80, 'points_expired', new Date('2026-04-11T00:10:00Z'));
    const { body } = await activity(WITH_EXPIRY, '990006');
    expect((body.entries as { reason: string; delta: number }[]).map((e) => [e.reason, e.delta])).toEqual([
      ['points_expired', -80],
      ['order_earned', 80],
    ]);
    expect(body.expiry).toBeNull();
  });
});
