import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { AppContext } from '../app/context.js';
import type { Db } from '../db/client.js';
import type { LedgerReason } from '../loyalty/ledger/repository.js';
import { startScheduledJobs } from '../queue/scheduled-job.js';
import { ensureShop } from '../shops/repository.js';
import { eventually, testContext } from '../webhooks/test-support.js';
import { expireInactivePoints } from './expire.js';
import { pointsExpiryJobs } from './job.js';
import { expireMembers, findMemberExpiryFacts, type WalkProgress } from './repository.js';
import { expiryCutoff } from './rules/expiry.js';
import { bookAt, days, expireAfter, memberSince } from './test-support.js';

/** Points expiry on real Postgres (and Redis for the scheduled job): who expires, once, and who keeps their points. */

let database: TestDatabase;
let ctx: AppContext;
let db: Db;
let shopId: number;
let nextCustomer = 1000;

/**
 * The run's clock: 2 July 2027 in a Berlin shop, 12 months. Activity up to 1 July 2026 kept the points through 1 July
 * 2027, so it has expired: CUTOFF is 2 July 2026 00:00 in Berlin.
 */
const NOW = new Date('2027-07-02T08:00:00Z');
const CUTOFF = expiryCutoff(NOW, 12, 'Europe/Berlin');
const LONG_AGO = new Date(NOW.getTime() - days(3 * 365));
const OLD = new Date(CUTOFF.getTime() - days(30));
const RECENT = new Date(CUTOFF.getTime() + days(30));

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = testContext(database.url);
  db = ctx.db;
  shopId = (await ensureShop(db, 'expiry.myshopify.com')).id;
  await expireAfter(db, shopId, 12);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  // Each test's members are on their own; the ones of earlier tests were expired or are due, so one run settles them.
  await run();
});

const run = (options: Parameters<typeof expireInactivePoints>[1] = {}) => expireInactivePoints(ctx, { now: () => NOW, ...options });

/** A member who joined long ago, with `entries` booked at their times. */
async function member(entries: [number, LedgerReason, Date][], shop = shopId): Promise<number> {
  const id = await memberSince(db, shop, String(nextCustomer++), LONG_AGO);
  for (const [delta, reason, at] of entries) await bookAt(db, shop, id, delta, reason, at);
  return id;
}

const state = (id: number) => db.member.findUniqueOrThrow({ where: { id }, select: { points: true, qualifyingPoints: true, tierId: true } });
const expiries = (id: number) =>
  db.ledgerEntry.findMany({ where: { memberId: id, reason: 'points_expired' }, select: { delta: true, balanceAfter: true, idempotencyKey: true } });

describe('expireInactivePoints', () => {
  it('expires the whole positive balance of a member without activity since the cutoff, in one keyed entry; qualifying points and tier stay', async () => {
    const id = await member([[500, 'order_earned', OLD], [-120, 'redemption', OLD], [-30, 'refund', RECENT]]);
    await db.member.update({ where: { id }, data: { qualifyingPoints: 470 } });
    const before = await state(id);
    const latest = await db.ledgerEntry.findFirstOrThrow({ where: { memberId: id }, orderBy: { id: 'desc' } });

    expect(await run()).toEqual({ members: 1, points: 350, more: false });
    expect(await expiries(id)).toEqual([{ delta: -350, balanceAfter: 0, idempotencyKey: `points_expired:${id}:${latest.id}` }]);
    expect(await state(id)).toEqual({ ...before, points: 0 });
  });

  it('a paid order placed since the cutoff keeps the points, also one whose points are not credited yet (approval period)', async () => {
    // Points earned long ago; an order placed recently whose points wait for their approval period (no ledger entry
    // yet): the members row knows it as the latest order.
    const pending = await member([[500, 'order_earned', OLD]]);
    await db.member.update({ where: { id: pending }, data: { lastOrderAt: RECENT } });
    const stale = await member([[500, 'order_earned', OLD]]);
    await db.member.update({ where: { id: stale }, data: { lastOrderAt: OLD } });

    expect(await run()).toEqual({ members: 1, points: 500, more: false });
    expect(await expiries(pending)).toEqual([]);
    expect((await state(pending)).points).toBe(500);
    expect((await expiries(stale)).map((e) => e.delta)).toEqual([-500]);
    // The date the shopper is shown (and reminded of) follows that order too.
    const { customerId } = await db.member.findUniqueOrThrow({ where: { id: pending }, select: { customerId: true } });
    expect((await findMemberExpiryFacts(db, shopId, customerId)).member).toEqual({ points: 500, lastActivityAt: RECENT });
  });

  it('leaves zero and negative balances alone', async () => {
    const zero = await member([[100, 'order_earned', OLD], [-100, 'redemption', OLD]]);
    const negative = await member([[100, 'order_earned', OLD], [-100, 'redemption', OLD], [-40, 'refund', OLD]]);
    expect(await run()).toMatchObject({ members: 0 });
    expect(await expiries(zero)).toEqual([]);
    expect((await state(negative)).points).toBe(-40);
  });

  it.each<[string, [number, LedgerReason, Date][], boolean]>([
    ['an order that earned points since the cutoff keeps them', [[200, 'order_earned', RECENT]], false],
    ['a redemption since the cutoff keeps the rest', [[500, 'order_earned', OLD], [-300, 'redemption', RECENT]], false],
    ['a manual adjustment adding points keeps them all', [[500, 'order_earned', OLD], [10, 'manual_adjustment', RECENT]], false],
    ['a surprise gift keeps them all', [[500, 'order_earned', OLD], [50, 'surprise_gift', RECENT]], false],
    ['a deduction by staff is no activity', [[500, 'order_earned', OLD], [-10, 'manual_adjustment', RECENT]], true],
    ['a refund is no activity', [[500, 'order_earned', OLD], [-10, 'refund', RECENT]], true],
    ['a cancellation is no activity', [[500, 'order_earned', OLD], [-10, 'cancellation', RECENT]], true],
    ['a re-rating is no activity', [[500, 'order_earned', OLD], [40, 'order_rerated', RECENT]], true],
    ['a redemption given back is no activity of its own', [[500, 'order_earned', OLD], [-300, 'redemption', OLD], [300, 'redemption_reversal', RECENT]], true],
    ['a tier change is no activity', [[500, 'order_earned', OLD], [0, 'tier_changed', RECENT]], true],
    ['an order entry that earned nothing is no activity', [[500, 'order_earned', OLD], [0, 'order_earned', RECENT]], true],
    ['activity just before the cutoff has expired', [[500, 'order_earned', new Date(CUTOFF.getTime() - 1)]], true],
    ['activity right at the cutoff has not', [[500, 'order_earned', CUTOFF]], false],
  ])('%s', async (_case, entries, expires) => {
    const id = await member(entries);
    const points = (await state(id)).points;
    await run();
    expect((await state(id)).points).toBe(expires ? 0 : points);
    expect(await expiries(id)).toHaveLength(expires ? 1 : 0);
  });

  it('expires once: a second run finds nothing; points added later without activity expire on their own, keyed anew', async () => {
    const id = await member([[300, 'order_earned', OLD]]);
    await run();
    expect(await run()).toMatchObject({ members: 0, points: 0 });
    expect(await expiries(id)).toHaveLength(1);
    // A late re-rating of an old order brings points back without any activity: they are past the date too.
    await bookAt(db, shopId, id, 25, 'order_rerated', RECENT);
    expect(await run()).toMatchObject({ members: 1, points: 25 });
    const keys = (await expiries(id)).map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(2);
    expect((await state(id)).points).toBe(0);
  });

  it('two workers at once expire each balance once', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => member([[100, 'order_earned', OLD]])));
    const other = testContext(database.url);
    try {
      const results = await Promise.all([
        run({ batchSize: 7 }),
        expireInactivePoints(other, { now: () => NOW, batchSize: 5 }),
        run({ batchSize: 11 }),
      ]);
      expect(results.reduce((sum, r) => sum + r.members, 0)).toBe(30);
    } finally {
      await other.db.$disconnect();
    }
    for (const id of ids) expect(await expiries(id)).toHaveLength(1);
  });

  it('an order booked while the expiry waits for the member keeps the points (checked after the lock, not before)', async () => {
    const id = await member([[400, 'order_earned', OLD]]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let booked!: () => void;
    const bookedYet = new Promise<void>((resolve) => (booked = resolve));
    // The order's transaction books its entry (locking the member) and commits only once the expiry is waiting.
    const order = db.$transaction(async (tx) => {
      await bookAt(tx, shopId, id, 80, 'order_earned', RECENT);
      booked();
      await gate;
    });
    await bookedYet;
    const expiry = db.$transaction((tx) => expireMembers(tx, shopId, 12, [id], CUTOFF));
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await order;
    expect(await expiry).toEqual([]);
    expect((await state(id)).points).toBe(480);
  });

  it('walks a shop in batches; a run out of budget says so and the next one goes on where it stopped', async () => {
    const ids = await Promise.all(Array.from({ length: 9 }, (_, i) => member([[10 + i, 'order_earned', OLD]])));
    // Every run gets one batch of 2 however little budget it has, and the next continues after it.
    const progress: WalkProgress = { current: null };
    const expired: number[] = [];
    let points = 0;
    for (let i = 0; i < 20; i++) {
      const result = await run({ runBudgetMs: -1, batchSize: 2, progress });
      if (result.members > 0) expired.push(result.members);
      points += result.points;
      if (!result.more) break;
    }
    expect(expired).toEqual([2, 2, 2, 2, 1]);
    expect(points).toBe(9 * 10 + 36);
    expect(progress.current).toBeNull();
    for (const id of ids) expect((await state(id)).points).toBe(0);
  });

  it('a continuation reaches the later shops: it goes on at the shop where the last run stopped', async () => {
    const later = (await ensureShop(db, 'expiry-later.myshopify.com')).id;
    await expireAfter(db, later, 12);
    const first = await Promise.all(Array.from({ length: 4 }, () => member([[10, 'order_earned', OLD]])));
    const second = await member([[25, 'order_earned', OLD]], later);
    const progress: WalkProgress = { current: null };
    // Run 1 stops after a batch in the first shop; run 2 goes on in it (not at its first member again); run 3 reaches
    // the later shop, which a walk starting over at the first shop on every run would only reach once that one is done.
    await run({ runBudgetMs: -1, batchSize: 2, progress });
    expect((await Promise.all(first.map(state))).filter((m) => m.points === 0)).toHaveLength(2);
    for (let i = 0; i < 5 && (await run({ runBudgetMs: -1, batchSize: 2, progress })).more; i++);
    expect((await state(second)).points).toBe(0);
    for (const id of first) expect((await state(id)).points).toBe(0);
  });

  it('leaves shops without expiry and uninstalled shops alone, and follows a program switched off', async () => {
    const plain = (await ensureShop(db, 'no-expiry.myshopify.com')).id;
    await expireAfter(db, plain, null);
    const gone = (await ensureShop(db, 'uninstalled.myshopify.com')).id;
    await expireAfter(db, gone, 6);
    await db.shop.update({ where: { id: gone }, data: { uninstalledAt: new Date() } });
    const plainMember = await member([[100, 'order_earned', LONG_AGO]], plain);
    const goneMember = await member([[100, 'order_earned', LONG_AGO]], gone);
    await run();
    expect((await state(plainMember)).points).toBe(100);
    expect((await state(goneMember)).points).toBe(100);

    // Switched off after the candidates were found: the expiry checks the program again and does nothing.
    const id = await member([[100, 'order_earned', OLD]]);
    await expireAfter(db, shopId, null);
    try {
      expect(await db.$transaction((tx) => expireMembers(tx, shopId, 12, [id], CUTOFF))).toEqual([]);
    } finally {
      await expireAfter(db, shopId, 12);
    }
    expect((await state(id)).points).toBe(100);
  });

  it('cuts off in the shop’s time zone', async () => {
    // 22:30 UTC on 1 July 2026 is 2 July 00:30 in Berlin: the cutoff's day, not UTC's 1 July.
    expect(CUTOFF).toEqual(new Date('2026-07-01T22:00:00Z'));
    const kept = await member([[100, 'order_earned', new Date('2026-07-01T22:30:00Z')]]);
    const expired = await member([[100, 'order_earned', new Date('2026-07-01T21:30:00Z')]]);
    await run();
    expect((await state(kept)).points).toBe(100);
    expect((await state(expired)).points).toBe(0);
  });
});

describe('the points-expiry job (real Redis)', () => {
  it('runs as a scheduled job and expires what is due', async () => {
    const id = await member([[250, 'order_earned', OLD]]);
    const jobs = startScheduledJobs(ctx, pointsExpiryJobs(ctx, { now: () => NOW }));
    try {
      await eventually(async () => (await state(id)).points === 0);
    } finally {
      await jobs.close();
    }
    expect(await expiries(id)).toHaveLength(1);
  });
});
