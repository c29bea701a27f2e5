import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProgram } from '../program/repository.js';
import { AdminApiError, AdminApiUserError, createAdminClient, ShopNotInstalledError, type AdminClient } from '../shopify/admin-client.js';
import { DISCOUNT_CODE_DELETE } from '../shopify/operations/discounts.js';
import { graphql } from '../shopify/operations/operation.js';
import { SHOP_DETAILS } from '../shopify/operations/shop.js';
import { startHarness, type Harness } from '../shopify/test-harness.js';
import { ensureShop, type ShopRecord } from '../shops/repository.js';
import { REDEMPTION_CODE_PATTERN } from './code.js';
import { discountMutationFor } from './discount-input.js';
import { issueDiscountCode } from './issue-code.js';
import { reconcilePendingRedemptions } from './reconcile.js';
import { createRedemptionService } from './redeem.js';
import { reserveRedemption } from './repository.js';

let h: Harness;
const SHOP = 'redeem-shop.myshopify.com';
const OTHER = 'redeem-other.myshopify.com';
let shop: ShopRecord;
let freeShippingId: string;
let percentOffId: string;
let nextCustomer = 5000;

async function install(domain: string): Promise<ShopRecord> {
  h.emulator.addShop({ domain, currencyCode: 'EUR', primaryLocale: 'en' });
  const res = await h.api('/program', h.emulator.mintSessionToken(domain));
  expect(res.status).toBe(200);
  return ensureShop(h.ctx.db, domain);
}

beforeAll(async () => {
  // Short waits so that throttling tests stay fast; the retry logic is the same.
  h = await startHarness({ admin: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 1500 } });
  shop = await install(SHOP);
  await install(OTHER);
  const program = await findProgram(h.ctx.db, shop.id);
  freeShippingId = String(program?.rewards.find((r) => r.kind === 'free_shipping')?.id);
  percentOffId = String(program?.rewards.find((r) => r.kind === 'percentage_off')?.id);
});

afterAll(async () => {
  await h?.close();
});

/** A customer of SHOP with `points`, unique per test. */
async function customerWith(points: number, domain = SHOP): Promise<{ customerId: string; memberId: number }> {
  const customerId = String(nextCustomer++);
  const memberId = await h.seedPoints(domain, customerId, points);
  return { customerId, memberId };
}

const redeem = (customerId: string | null, rewardId: string, domain = SHOP) =>
  h.proxy(`/rewards/${rewardId}/redeem`, h.emulator.signProxyQuery(domain, customerId), 'POST');

const balance = async (memberId: number) => (await h.ctx.db.member.findUniqueOrThrow({ where: { id: memberId } })).points;

describe('POST /proxy/rewards/:id/redeem', () => {
  it('logged out → 401', async () => {
    const res = await redeem(null, freeShippingId);
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['an unknown reward', () => '999999'],
    ['a non-numeric id', () => 'free-shipping'],
    ['a huge id', () => '99999999999999999999'],
  ])('%s → 404, nothing debited', async (_name, id) => {
    const { customerId, memberId } = await customerWith(1000);
    const res = await redeem(customerId, id());
    expect(res.status).toBe(404);
    expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    expect(await balance(memberId)).toBe(1000);
  });

  it('an inactive reward → 404', async () => {
    const domain = 'redeem-inactive.myshopify.com';
    const inactiveShop = await install(domain);
    const reward = await h.ctx.db.reward.findFirstOrThrow({ where: { shopId: inactiveShop.id, kind: 'free_shipping' } });
    await h.ctx.db.reward.update({ where: { id: reward.id }, data: { active: false } });
    const { customerId } = await customerWith(1000, domain);
    expect((await redeem(customerId, String(reward.id), domain)).status).toBe(404);
  });

  it("another shop's reward → 404 (shops are isolated)", async () => {
    const { customerId, memberId } = await customerWith(1000, OTHER);
    expect((await redeem(customerId, freeShippingId, OTHER)).status).toBe(404);
    expect(await balance(memberId)).toBe(1000);
    expect(h.emulator.discounts(OTHER)).toHaveLength(0);
  });

  it('a balance too low → 409, nothing left behind', async () => {
    const { customerId, memberId } = await customerWith(299);
    const res = await redeem(customerId, freeShippingId);
    expect(res.status).toBe(409);
    expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    expect(await balance(memberId)).toBe(299);
    expect(await h.ctx.db.redemption.count({ where: { memberId } })).toBe(0);
    expect(await h.ctx.db.ledgerEntry.count({ where: { memberId, reason: 'redemption' } })).toBe(0);
  });

  it('a customer the app has never met → 409, no member created', async () => {
    const res = await redeem('123456789', freeShippingId);
    expect(res.status).toBe(409);
    expect(await h.ctx.db.member.count({ where: { shopId: shop.id, customerId: '123456789' } })).toBe(0);
  });

  it('free shipping → 200 {code, points} and the exact discount input on the platform', async () => {
    const { customerId, memberId } = await customerWith(800);
    const before = Date.now();
    const res = await redeem(customerId, freeShippingId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; points: number };
    expect(Object.keys(body).sort()).toEqual(['code', 'points']);
    expect(body.code).toMatch(REDEMPTION_CODE_PATTERN);
    expect(body.points).toBe(500);
    expect(await balance(memberId)).toBe(500);

    const created = h.emulator.discounts(SHOP).filter((d) => d.code === body.code);
    expect(created).toHaveLength(1);
    const discount = created[0]!;
    expect(discount.mutation).toBe('discountCodeFreeShippingCreate');
    const input = discount.input as Record<string, unknown>;
    expect(input).toMatchObject({
      code: body.code,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } },
    });
    const startsAt = Date.parse(String(input.startsAt));
    const endsAt = Date.parse(String(input.endsAt));
    expect(startsAt).toBeGreaterThanOrEqual(before - 1000);
    expect(endsAt - startsAt).toBe(90 * 86_400_000);

    const redemption = await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } });
    expect(redemption).toMatchObject({ status: 'issued', code: body.code, discountId: discount.id, cost: 300 });
    expect(redemption.expiresAt.getTime()).toBe(endsAt);
    const entries = await h.ctx.db.ledgerEntry.findMany({ where: { memberId, reason: 'redemption' } });
    expect(entries).toMatchObject([{ delta: -300, idempotencyKey: `redemption:${redemption.id}` }]);
  });

  it('10 % off → discountCodeBasicCreate with 0.1 off all items', async () => {
    const { customerId } = await customerWith(500);
    const res = await redeem(customerId, percentOffId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; points: number };
    expect(body.points).toBe(0);
    const discount = h.emulator.discounts(SHOP).find((d) => d.code === body.code);
    expect(discount?.mutation).toBe('discountCodeBasicCreate');
    expect(discount?.input).toMatchObject({
      usageLimit: 1,
      context: { customers: { add: [`gid://shopify/Customer/${customerId}`] } },
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    });
  });

  it('concurrent redemptions never overspend: balance for 2, 6 parallel → exactly 2 codes', async () => {
    const { customerId, memberId } = await customerWith(600);
    const responses = await Promise.all(Array.from({ length: 6 }, () => redeem(customerId, freeShippingId)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409, 409]);
    const codes = await Promise.all(
      responses.filter((r) => r.status === 200).map(async (r) => ((await r.json()) as { code: string }).code),
    );
    expect(new Set(codes).size).toBe(2);
    expect(await balance(memberId)).toBe(0);
    expect(await h.ctx.db.redemption.count({ where: { memberId } })).toBe(2);
    const entries = await h.ctx.db.ledgerEntry.findMany({ where: { memberId }, orderBy: { id: 'asc' } });
    expect(entries.every((e) => e.balanceAfter >= 0)).toBe(true);
    expect(h.emulator.discounts(SHOP).filter((d) => codes.includes(d.code))).toHaveLength(2);
  });

  it.each(['graphql', 'http429'] as const)('throttled (%s) calls are retried, then the code is created', async (kind) => {
    const { customerId, memberId } = await customerWith(300);
    const calls = () => h.emulator.graphqlLog(SHOP).filter((e) => e.operationName === 'DiscountCodeFreeShippingCreate').length;
    const before = calls();
    h.emulator.faults.throttleNext(2, kind);
    const res = await redeem(customerId, freeShippingId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: string; points: number };
    expect(body.points).toBe(0);
    expect(calls() - before).toBe(3);
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === body.code)).toHaveLength(1);
    expect(await balance(memberId)).toBe(0);
  });

  it('a code the platform refuses → 502 and the points are back', async () => {
    const { customerId, memberId } = await customerWith(450);
    const before = h.emulator.discounts(SHOP).length;
    h.emulator.faults.refuseNextDiscounts(1, 'Code is already taken');
    const res = await redeem(customerId, freeShippingId);
    expect(res.status).toBe(502);
    expect(typeof ((await res.json()) as { error: unknown }).error).toBe('string');
    expect(await balance(memberId)).toBe(450);
    expect(h.emulator.discounts(SHOP)).toHaveLength(before);
    const redemption = await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } });
    expect(redemption.status).toBe('failed');
    const entries = await h.ctx.db.ledgerEntry.findMany({ where: { memberId }, orderBy: { id: 'asc' } });
    expect(entries.map((e) => [e.reason, e.delta])).toEqual([
      ['manual_adjustment', 450],
      ['redemption', -300],
      ['redemption_reversal', 300],
    ]);
    expect(entries[2]?.idempotencyKey).toBe(`redemption:${redemption.id}:reversal`);

    // The customer can try again.
    expect((await redeem(customerId, freeShippingId)).status).toBe(200);
    expect(await balance(memberId)).toBe(150);
  });

  it('throttled beyond every retry → 502 and the points are back', async () => {
    const { customerId, memberId } = await customerWith(300);
    h.emulator.faults.throttleNext(10, 'graphql');
    const res = await redeem(customerId, freeShippingId);
    h.emulator.faults.reset();
    expect(res.status).toBe(502);
    expect(await balance(memberId)).toBe(300);
    expect((await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } })).status).toBe('failed');
  });
});

describe('a platform that cannot be reached during a redemption', () => {
  it('→ 502, the redemption stays pending (outcome unknown), the reconciler gives the points back', async () => {
    const { customerId, memberId } = await customerWith(300);
    const offline = await h.variant({ shopPlatformUrl: 'http://127.0.0.1:9' });
    let status: number;
    let body: unknown;
    try {
      const res = await offline.proxy(`/rewards/${freeShippingId}/redeem`, h.emulator.signProxyQuery(SHOP, customerId), 'POST');
      status = res.status;
      body = await res.json();
    } finally {
      await offline.close();
    }
    expect(status).toBe(502);
    // Unlike a refusal, the points are held: the widget tells the shopper so.
    expect(body).toEqual({ error: 'The shop did not confirm the discount code; it is being checked', details: { pending: true } });
    const redemption = await h.ctx.db.redemption.findFirstOrThrow({ where: { memberId } });
    expect(redemption.status).toBe('pending');
    expect(await balance(memberId)).toBe(0);

    await h.ctx.db.redemption.update({ where: { id: redemption.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ reversed: 1 });
    expect(await balance(memberId)).toBe(300);
  });
});

describe('the Admin GraphQL client', () => {
  it('a shop without a token → ShopNotInstalledError, nothing sent', async () => {
    const before = h.emulator.graphqlLog().length;
    await expect(h.admin.request('never-installed.myshopify.com', SHOP_DETAILS, {})).rejects.toBeInstanceOf(ShopNotInstalledError);
    expect(h.emulator.graphqlLog()).toHaveLength(before);
  });

  it('GraphQL errors → AdminApiError, not retried', async () => {
    const broken = graphql<unknown>`
      query Broken {
        shop {
          doesNotExist
        }
      }
    `;
    const before = h.emulator.graphqlLog(SHOP).length;
    const error = await h.admin.request(SHOP, broken, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).not.toBeInstanceOf(AdminApiUserError);
    expect((error as AdminApiError).details.outcomeUnknown).toBe(false);
    expect(h.emulator.graphqlLog(SHOP).length - before).toBe(1);
  });

  it('a platform that takes the request and never answers: each attempt ends at its timeout (a query is retried, a mutation\'s outcome is unknown)', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const variant = await h.variant({ shopPlatformUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    try {
      const admin = createAdminClient(h.ctx, { attemptTimeoutMs: 200, maxAttempts: 2, baseDelayMs: 10 });
      const started = Date.now();
      const query = await admin.request(SHOP, SHOP_DETAILS, {}).catch((e: unknown) => e);
      expect(query).toBeInstanceOf(AdminApiError);
      expect((query as AdminApiError).message).toBe('Admin API unavailable after 2 attempts (ShopDetails)');
      const mutation = await admin.request(SHOP, DISCOUNT_CODE_DELETE, { id: 'gid://shopify/DiscountCodeNode/1' }).catch((e: unknown) => e);
      expect(mutation).toBeInstanceOf(AdminApiError);
      expect((mutation as AdminApiError).details.outcomeUnknown).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await variant.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reads the shop with its token', async () => {
    const data = await h.admin.request(SHOP, SHOP_DETAILS, {});
    expect(data.shop.currencyCode).toBe('EUR');
    expect(data.shopLocales.find((l) => l.primary)?.locale).toBe('en');
  });

  it('userErrors → AdminApiUserError with the messages', async () => {
    h.emulator.faults.refuseNextDiscounts(1, 'Nope');
    const program = await findProgram(h.ctx.db, shop.id);
    const reward = program!.rewards.find((r) => r.kind === 'free_shipping')!;
    const mutation = discountMutationFor(reward, {
      code: 'LOYALE-USER-ERRS', customerId: '1', startsAt: new Date(), endsAt: new Date(Date.now() + 86_400_000),
    })!;
    const error = await issueDiscountCode(h.admin, SHOP, mutation).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminApiUserError);
    expect((error as AdminApiUserError).userErrors.map((e) => e.message)).toContain('Nope');
  });
});

describe('reconcilePendingRedemptions', () => {
  async function crashedRedemption(points: number) {
    const { customerId, memberId } = await customerWith(points);
    const program = await findProgram(h.ctx.db, shop.id);
    const reward = program!.rewards.find((r) => r.kind === 'free_shipping')!;
    const code = `LOYALE-TEST-${String(nextCustomer).slice(-4).replace(/[01]/g, 'X')}`;
    const endsAt = new Date(Date.now() + 90 * 86_400_000);
    const reserved = await reserveRedemption(h.ctx.db, {
      shopId: shop.id, customerId, rewardId: reward.id, cost: reward.cost, code, expiresAt: endsAt,
    });
    if (reserved.status !== 'reserved') throw new Error('not reserved');
    const mutation = discountMutationFor(reward, { code, customerId, startsAt: new Date(), endsAt })!;
    return { customerId, memberId, redemption: reserved.redemption, mutation };
  }

  it('reverses a stale pending redemption whose code never reached the platform; issues one whose code did', async () => {
    const lost = await crashedRedemption(300);
    const created = await crashedRedemption(400);
    const discountId = await issueDiscountCode(h.admin, SHOP, created.mutation);
    const fresh = await crashedRedemption(300);
    expect(await balance(lost.memberId)).toBe(0);

    const old = new Date(Date.now() - 10 * 60_000);
    await h.ctx.db.redemption.updateMany({
      where: { id: { in: [lost.redemption.id, created.redemption.id] } },
      data: { createdAt: old },
    });

    const summary = await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin);
    expect(summary).toEqual({ issued: 1, reversed: 1, lateCodesDeleted: 0, stillPending: 0 });
    expect(await balance(lost.memberId)).toBe(300);
    expect(await balance(created.memberId)).toBe(100);
    const rows = await h.ctx.db.redemption.findMany({
      where: { id: { in: [lost.redemption.id, created.redemption.id, fresh.redemption.id] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => [r.status, r.discountId])).toEqual([
      ['failed', null],
      ['issued', discountId],
      ['pending', null],
    ]);

    // Running again changes nothing.
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toEqual({ issued: 0, reversed: 0, lateCodesDeleted: 0, stillPending: 0 });
    expect(await balance(lost.memberId)).toBe(300);
  });

  it('a shop whose lookups fail is asked once per run and cannot keep the others waiting behind its pending redemptions', async () => {
    // A shop without a token (uninstalled, say) with more stale redemptions than a page holds, older than another's.
    const orphanShop = 'reconcile-orphan.myshopify.com';
    const { id: orphanShopId } = await ensureShop(h.ctx.db, orphanShop);
    const rewardId = (await findProgram(h.ctx.db, shop.id))!.rewards[0]!.id;
    const orphans = [];
    for (let i = 0; i < 3; i++) {
      const customerId = String(nextCustomer++);
      await h.seedPoints(orphanShop, customerId, 100);
      const reserved = await reserveRedemption(h.ctx.db, {
        shopId: orphanShopId, customerId, rewardId, cost: 10, code: `LOYALE-ORPHAN-${i}`, expiresAt: new Date(Date.now() + 86_400_000),
      });
      if (reserved.status !== 'reserved') throw new Error('not reserved');
      orphans.push(reserved.redemption.id);
    }
    const lost = await crashedRedemption(300);
    await h.ctx.db.redemption.updateMany({ where: { id: { in: orphans } }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    await h.ctx.db.redemption.updateMany({ where: { id: lost.redemption.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });

    const lookups = () => h.platformRequests.filter((r) => r.path.endsWith('/graphql.json')).length;
    const before = lookups();
    // Two lookups per run, three of the stuck shop's rows first: one lookup fails, its shop's rows are skipped, the
    // other lookup settles the other shop's redemption.
    const summary = await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin, { pageSize: 2, maxPerRun: 2 });
    expect(summary).toEqual({ issued: 0, reversed: 1, lateCodesDeleted: 0, stillPending: 2 });
    expect(await balance(lost.memberId)).toBe(300);
    // One lookup for the other shop's redemption; none for the orphan shop (no token: nothing is sent).
    expect(lookups() - before).toBe(1);
    expect(await h.ctx.db.redemption.count({ where: { id: { in: orphans }, status: 'pending' } })).toBe(3);
  });

  it('a redemption that cannot be given back (the balance would pass int4) stays pending; the run settles the others', async () => {
    const stuck = await crashedRedemption(300);
    const lost = await crashedRedemption(300);
    await h.ctx.db.member.update({ where: { id: stuck.memberId }, data: { points: 2_147_483_600 } });
    await h.ctx.db.redemption.updateMany({ where: { id: stuck.redemption.id }, data: { createdAt: new Date(Date.now() - 20 * 60_000) } });
    await h.ctx.db.redemption.updateMany({ where: { id: lost.redemption.id }, data: { createdAt: new Date(Date.now() - 10 * 60_000) } });

    const status = async () => (await h.ctx.db.redemption.findUnique({ where: { id: stuck.redemption.id } }))?.status;
    // (The orphan shop's rows of the test before stay pending too.)
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ issued: 0, reversed: 1 });
    expect(await balance(lost.memberId)).toBe(300);
    expect(await balance(stuck.memberId)).toBe(2_147_483_600);
    expect(await status()).toBe('pending');

    // Once the balance allows it, the next run gives the points back.
    await h.ctx.db.member.update({ where: { id: stuck.memberId }, data: { points: 0 } });
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ reversed: 1 });
    expect(await status()).toBe('failed');
  });
});

describe('a redemption slower than the reconciler', () => {
  /** The Admin client of the saga, with the reconciler run just before or just after its code is created. */
  function reconcilingAround(when: 'before' | 'after', options: { failDeletes?: number } = {}): AdminClient {
    const reconcile = () => reconcilePendingRedemptions(h.ctx, 0, h.admin);
    let failDeletes = options.failDeletes ?? 0;
    return {
      async request(shopDomain, operation, variables) {
        if (operation.name === 'DiscountCodeDelete' && failDeletes-- > 0) {
          throw new AdminApiError('Admin API unreachable: socket hang up', { status: null, outcomeUnknown: true, operation: operation.name });
        }
        if (!/^DiscountCode\w+Create$/.test(operation.name)) return h.admin.request(shopDomain, operation, variables);
        if (when === 'before') await reconcile();
        const data = await h.admin.request(shopDomain, operation, variables);
        if (when === 'after') await reconcile();
        return data;
      },
    };
  }

  const freeShippingCost = async () => (await findProgram(h.ctx.db, shop.id))!.rewards.find((r) => String(r.id) === freeShippingId)!.cost;

  it('given back by the reconciler before its code landed: the code is deleted, the points stay given back', async () => {
    const cost = await freeShippingCost();
    const { customerId, memberId } = await customerWith(500);
    const result = await createRedemptionService(h.ctx, reconcilingAround('before')).redeem(shop, customerId, freeShippingId);

    expect(result).toEqual({ status: 'refused', points: 500, reason: 'The redemption was given back while its code was being created' });
    const [row] = await h.ctx.db.redemption.findMany({ where: { memberId } });
    expect(row).toMatchObject({ status: 'failed' });
    // The code was created on the platform and deleted again: nothing a shopper could use.
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === row!.code)).toEqual([]);
    const ledger = await h.ctx.db.ledgerEntry.findMany({ where: { memberId }, orderBy: { id: 'asc' }, select: { reason: true, delta: true } });
    expect(ledger.map((e) => [e.reason, e.delta])).toEqual([
      ['manual_adjustment', 500],
      ['redemption', -cost],
      ['redemption_reversal', cost],
    ]);
  });

  it('a late code whose deletion fails is noted on the redemption, and the reconciler deletes it', async () => {
    const { customerId, memberId } = await customerWith(500);
    const result = await createRedemptionService(h.ctx, reconcilingAround('before', { failDeletes: 1 })).redeem(shop, customerId, freeShippingId);
    expect(result).toMatchObject({ status: 'refused', points: 500 });
    const [row] = await h.ctx.db.redemption.findMany({ where: { memberId } });
    expect(row).toMatchObject({ status: 'failed', discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\//) });
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === row!.code)).toHaveLength(1);

    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ lateCodesDeleted: 1 });
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === row!.code)).toEqual([]);
    expect(await h.ctx.db.redemption.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ status: 'failed', discountId: null });
    expect(await balance(memberId)).toBe(500);
    // Nothing left to do.
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ lateCodesDeleted: 0 });
  });

  it('a late code the platform no longer has (the merchant deleted it) counts as deleted', async () => {
    const { customerId, memberId } = await customerWith(500);
    await createRedemptionService(h.ctx, reconcilingAround('before', { failDeletes: 1 })).redeem(shop, customerId, freeShippingId);
    const [row] = await h.ctx.db.redemption.findMany({ where: { memberId } });
    // The merchant deleted the code in the admin meanwhile.
    const admin = createAdminClient(h.ctx);
    await admin.request(SHOP, DISCOUNT_CODE_DELETE, { id: row!.discountId! });
    expect(await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin)).toMatchObject({ lateCodesDeleted: 1 });
    expect(await h.ctx.db.redemption.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ discountId: null });
  });

  it('late codes of a shop whose deletions fail are left for the run after one try; another shop\'s code is deleted', async () => {
    // A shop without a token, with three late codes noted before this shop's.
    const stuckShop = 'late-orphan.myshopify.com';
    const { id: stuckShopId } = await ensureShop(h.ctx.db, stuckShop);
    const rewardId = (await findProgram(h.ctx.db, shop.id))!.rewards[0]!.id;
    for (let i = 0; i < 3; i++) {
      const customerId = String(nextCustomer++);
      await h.seedPoints(stuckShop, customerId, 100);
      const reserved = await reserveRedemption(h.ctx.db, {
        shopId: stuckShopId, customerId, rewardId, cost: 10, code: `LOYALE-LATE-${i}`, expiresAt: new Date(Date.now() + 86_400_000),
      });
      if (reserved.status !== 'reserved') throw new Error('not reserved');
      await h.ctx.db.redemption.update({ where: { id: reserved.redemption.id }, data: { status: 'failed', discountId: `gid://shopify/DiscountCodeNode/${900 + i}` } });
    }
    const { customerId, memberId } = await customerWith(500);
    await createRedemptionService(h.ctx, reconcilingAround('before', { failDeletes: 1 })).redeem(shop, customerId, freeShippingId);
    const [row] = await h.ctx.db.redemption.findMany({ where: { memberId } });
    expect(row?.discountId).not.toBeNull();

    // Three platform calls at most: the stuck shop is tried once, then left out; this shop's code is deleted.
    const summary = await reconcilePendingRedemptions(h.ctx, 5 * 60_000, h.admin, { pageSize: 1, maxPerRun: 3 });
    expect(summary.lateCodesDeleted).toBe(1);
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === row!.code)).toEqual([]);
    expect(await h.ctx.db.redemption.count({ where: { shopId: stuckShopId, status: 'failed', discountId: { not: null } } })).toBe(3);
  });

  it('issued by the reconciler (it found the code): the saga answers issued, the points are debited once', async () => {
    const cost = await freeShippingCost();
    const { customerId, memberId } = await customerWith(500);
    const result = await createRedemptionService(h.ctx, reconcilingAround('after')).redeem(shop, customerId, freeShippingId);

    expect(result).toMatchObject({ status: 'issued', points: 500 - cost });
    const [row] = await h.ctx.db.redemption.findMany({ where: { memberId } });
    expect(row).toMatchObject({ status: 'issued' });
    expect(h.emulator.discounts(SHOP).filter((d) => d.code === row!.code)).toHaveLength(1);
    expect(await balance(memberId)).toBe(500 - cost);
  });
});
