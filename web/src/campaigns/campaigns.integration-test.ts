import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { eventually } from '../../test/harness.js';
import { startAdminApiFixture, type AdminApiFixture } from '../admin-api/test-fixture.js';
import { todayIn, addDays } from '../analytics/range.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { DelayedError, type Job } from 'bullmq';
import { AdminApiError, AdminApiUserError, createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { DRAFT_ORDER_COMPLETE, DRAFT_ORDER_STATE, DRAFT_ORDERS_SEARCH } from '../shopify/operations/draft-orders.js';
import { giftDraftMarker, giftDraftQuery } from './draft-order-input.js';
import { giftCode } from './gift.js';
import { RUN_JOB, type CampaignJobData } from './jobs.js';
import { campaignModuleOf } from './module.js';
import { createCampaignJobProcessor } from './process.js';
import { findCampaign } from './repository.js';
import { createCampaignRunner } from './run.js';
import { deliverBonusPoints } from './deliver-points.js';
import { dieAt } from './test-support.js';

/**
 * Surprise-gift campaigns on the whole app (real Postgres, Redis and BullMQ worker, the emulator as the platform):
 * the audience of each rule in a dry run, runs of each kind of gift to the end, and runs that are retried.
 */
let f: AdminApiFixture;
let tierIds: Record<string, string>;
let freeShippingRewardId: string;

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
/** A variant of the emulator's catalogue: saving a free-product campaign looks it up. */
const VARIANT = `gid://shopify/ProductVariant/${DEMO_PRODUCTS.find((p) => p.sku === 'HAUS-500')!.variantId}`;

/** Four members, their orders sent as real `orders/paid` webhooks, and how long each has been a member. */
const MEMBERS = [
  { id: 8001, firstName: 'Anna', lastName: 'Alt', orders: [['100.00', 2]], memberForDays: 400 },
  { id: 8002, firstName: 'Ben', lastName: 'Neu', orders: [['300.00', 40], ['300.00', 35]], memberForDays: 10 },
  { id: 8003, firstName: 'Clara', lastName: 'Gold', orders: [['2500.00', 5]], memberForDays: 100 },
  { id: 8004, firstName: 'Dora', lastName: 'Drei', orders: [['10.00', 120], ['10.00', 110], ['10.00', 100]], memberForDays: 150 },
] as const;

interface CampaignJson {
  id: string;
  name: string;
  active: boolean;
}
interface RunJson {
  id: string;
  status: string;
  periodKey: string;
  recipientCount: number;
  deliveredCount: number;
  failedCount: number;
  error: string | null;
  errorCode: string | null;
  errorParams: Record<string, unknown>;
}
interface RecipientJson {
  customerId: string;
  name: string | null;
  email: string | null;
  tier: { id: string; name: string } | null;
  status: string;
  points: number | null;
  code: string | null;
  orderId: string | null;
  draftOrderId: string | null;
  error: string | null;
  errorCode: string | null;
  errorParams: Record<string, unknown>;
}
type RunDetailJson = RunJson & { recipients: RecipientJson[] };
interface PreviewJson {
  audienceSize: number;
  recipientCount: number;
  recipients: Omit<RecipientJson, 'status' | 'points' | 'code' | 'orderId' | 'draftOrderId' | 'error' | 'errorCode' | 'errorParams'>[];
}

beforeAll(async () => {
  f = await startAdminApiFixture('campaigns.myshopify.com');
  let orderId = 70_000;
  for (const member of MEMBERS) {
    for (const [subtotal, ago] of member.orders) {
      const payload = orderPayload({
        id: ++orderId,
        customerId: member.id,
        subtotal,
        processedAt: daysAgo(ago),
        firstName: member.firstName,
        lastName: member.lastName,
        email: `${member.firstName.toLowerCase()}@example.de`,
      });
      await f.deliver(f.shop, 'orders/paid', payload);
    }
    await f.db.member.updateMany({ where: { shopId: f.shop.id, customerId: String(member.id) }, data: { createdAt: daysAgo(member.memberForDays) } });
  }
  const settings = (await f.shop.api<{ tiers: { id: string; name: string }[]; rewards: { id: string; kind: string }[] }>('GET', '/program/settings')).body;
  tierIds = Object.fromEntries(settings.tiers.map((t) => [t.name, t.id]));
  freeShippingRewardId = settings.rewards.find((r) => r.kind === 'free_shipping')?.id ?? '';
});

afterAll(async () => {
  await f?.close();
});

let campaignCount = 0;

/** A campaign through the API; inactive unless said (its schedule does not fire during the tests). */
async function createCampaign(change: Record<string, unknown> = {}): Promise<CampaignJson> {
  const res = await f.shop.api<CampaignJson>('POST', '/campaigns', {
    name: `Campaign ${++campaignCount}`,
    active: false,
    recipients: { mode: 'count', count: 100 },
    schedule: { kind: 'weekly', weekday: 1, time: '09:00' },
    gift: { kind: 'bonus_points', points: 50 },
    ...change,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function preview(campaignId: string): Promise<PreviewJson> {
  const res = await f.shop.api<PreviewJson>('POST', `/campaigns/${campaignId}/preview`);
  expect(res.status).toBe(200);
  return res.body;
}

const customerIds = (list: { customerId: string }[]) => list.map((r) => r.customerId).sort();

/** "Run now" and wait until the worker finished the run. */
async function runNow(campaignId: string, idempotencyKey?: string): Promise<RunDetailJson> {
  const started = await f.shop.api<RunJson>('POST', `/campaigns/${campaignId}/run`, idempotencyKey ? { idempotencyKey } : undefined);
  expect(started.status).toBe(202);
  return eventually(async () => {
    const run = (await f.shop.api<RunDetailJson>('GET', `/campaign-runs/${started.body.id}`)).body;
    return run.status.startsWith('completed') || run.status === 'failed' ? run : undefined;
  }, 20_000);
}

async function shopAndCampaign(campaignId: string) {
  const shop = await f.db.shop.findUniqueOrThrow({ where: { id: f.shop.id } });
  const campaign = await findCampaign(f.db, f.shop.id, Number(campaignId));
  if (!campaign) throw new Error(`no campaign ${campaignId}`);
  return { shop, campaign };
}

const giftEntries = (customerId: string) =>
  f.db.ledgerEntry.findMany({ where: { shopId: f.shop.id, reason: 'surprise_gift', member: { customerId } }, orderBy: { id: 'asc' } });

const logged = (operationName: string) => f.emulator.graphqlLog(f.shop.domain).filter((entry) => entry.operationName === operationName);

describe('a dry run lists the audience of each rule', () => {
  it.each<[string, () => Record<string, unknown>, string[]]>([
    ['no rules: every member', () => ({}), ['8001', '8002', '8003', '8004']],
    ['tiers Silber and Gold', () => ({ tierIds: [tierIds.Silber, tierIds.Gold] }), ['8002', '8003']],
    ['Silber or higher', () => ({ minimumTierId: tierIds.Silber }), ['8002', '8003']],
    ['at least 2 orders', () => ({ minimumOrders: 2 }), ['8002', '8004']],
    ['members for at least 30 days', () => ({ memberForDays: 30 }), ['8001', '8003', '8004']],
    ['joined before a day 200 days ago', () => ({ joinedBefore: addDays(todayIn('Europe/Berlin'), -200) }), ['8001']],
    ['ordered within 30 days', () => ({ orderedWithinDays: 30 }), ['8001', '8003']],
    ['rules combined', () => ({ minimumTierId: tierIds.Bronze, minimumOrders: 1, orderedWithinDays: 30, memberForDays: 200 }), ['8001']],
  ])('%s', async (_name, audience, expected) => {
    const campaign = await createCampaign({ audience: audience() });
    const result = await preview(campaign.id);
    expect(result.audienceSize).toBe(expected.length);
    expect(customerIds(result.recipients)).toEqual(expected);
  });

  it('lists names, emails and tiers; a share picks that part of the audience, the same people each time', async () => {
    const campaign = await createCampaign({ recipients: { mode: 'share', share: 0.5 } });
    const first = await preview(campaign.id);
    expect(first).toMatchObject({ audienceSize: 4, recipientCount: 2 });
    expect(first.recipients).toHaveLength(2);
    for (const recipient of first.recipients) {
      const member = MEMBERS.find((m) => String(m.id) === recipient.customerId);
      expect(recipient).toEqual({
        customerId: String(member?.id),
        name: `${member?.firstName} ${member?.lastName}`,
        email: `${member?.firstName.toLowerCase()}@example.de`,
        tier: { id: expect.any(String), name: expect.any(String) },
      });
    }
    expect((await preview(campaign.id)).recipients).toEqual(first.recipients);
  });

  it('stores nothing but the dry run itself: no recipients, no ledger entries, no calls to the platform', async () => {
    // Saving looks the variant up; the preview asks nothing.
    const campaign = await createCampaign({ gift: { kind: 'free_product', productVariantId: VARIANT } });
    const calls = f.emulator.graphqlLog(f.shop.domain).length;
    await preview(campaign.id);
    const runs = await f.db.campaignRun.findMany({ where: { campaignId: Number(campaign.id) }, include: { _count: { select: { recipients: true } } } });
    expect(runs).toMatchObject([{ dryRun: true, status: 'completed', audienceSize: 4, recipientCount: 4, _count: { recipients: 0 } }]);
    expect(f.emulator.graphqlLog(f.shop.domain).length).toBe(calls);
    expect((await f.shop.api<{ runs: unknown[] }>('GET', `/campaigns/${campaign.id}/runs`)).body.runs).toEqual([]);
  });
});

describe('bonus points', () => {
  it('are booked once per recipient, announced once, and a retried run or a repeated "run now" books nothing more', async () => {
    const campaign = await createCampaign({ audience: { minimumTierId: tierIds.Silber }, gift: { kind: 'bonus_points', points: 50 } });
    const before = await f.db.member.findMany({ where: { shopId: f.shop.id }, select: { customerId: true, points: true } });
    const run = await runNow(campaign.id, 'points-1');
    expect(run).toMatchObject({ status: 'completed', recipientCount: 2, deliveredCount: 2, failedCount: 0 });
    expect(run.recipients.map((r) => [r.customerId, r.status, r.points]).sort()).toEqual([
      ['8002', 'delivered', 50],
      ['8003', 'delivered', 50],
    ]);

    // Again: the worker's run once more, and "run now" with the same key.
    await campaignModuleOf(f.app.ctx).runner.executeRun(Number(run.id));
    const again = await runNow(campaign.id, 'points-1');
    expect(again.id).toBe(run.id);

    for (const customerId of ['8002', '8003']) {
      const entries = await giftEntries(customerId);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ delta: 50, idempotencyKey: expect.stringMatching(/^gift:\d+:\d+$/), note: campaign.name });
      const after = await f.db.member.findFirstOrThrow({ where: { shopId: f.shop.id, customerId }, select: { points: true } });
      expect(after.points).toBe((before.find((m) => m.customerId === customerId)?.points ?? 0) + 50);
    }
    expect(await giftEntries('8001')).toHaveLength(0);
    const mails = await f.db.notification.findMany({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } });
    expect(mails).toHaveLength(2);
    expect(mails[0]?.data).toMatchObject({ points: 50, code: null, giftDescription: expect.stringMatching(/50/) });

    const history = (await f.shop.api<{ runs: RunJson[] }>('GET', `/campaigns/${campaign.id}/runs`)).body.runs;
    expect(history.map((r) => r.id)).toEqual([run.id]);
  });

  it('"not gifted within N days" leaves out the last run’s recipients', async () => {
    const campaign = await createCampaign({ audience: { notGiftedWithinDays: 30 } });
    expect(customerIds((await preview(campaign.id)).recipients)).toEqual(['8001', '8004']);
  });

  it('a run stopped after some recipients delivers only the rest when it runs again', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'bonus_points', points: 7 } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const { runner } = campaignModuleOf(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'stopped-points' });
    const partial = await runner.executeRun(run.id, { maxDeliveries: 1 });
    expect(partial).toMatchObject({ status: 'delivering', recipientCount: 2 });
    const finished = await runner.executeRun(run.id);
    expect(finished).toMatchObject({ status: 'completed', deliveredCount: 2 });
    for (const customerId of ['8001', '8004']) expect((await giftEntries(customerId)).filter((e) => e.delta === 7)).toHaveLength(1);
  });
});

describe('bonus points for a recipient another worker settled', () => {
  it('are not booked: the entry rolls back with the delivery that found the recipient no longer pending', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'bonus_points', points: 9 } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const { runner } = campaignModuleOf(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'settled-elsewhere' });
    await runner.executeRun(run.id, { maxDeliveries: 0 }); // chooses the recipients, delivers nothing
    const [row] = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' }, include: { member: true } });
    if (!row) throw new Error('no recipient');
    // Another worker, after this one's lease ran out, gave the recipient up.
    await f.db.campaignRecipient.update({ where: { id: row.id }, data: { status: 'failed', error: 'given up elsewhere' } });

    const delivery = { ctx: f.app.ctx, admin: createAdminClient(f.app.ctx), shop, run, campaignName: campaign.name, now: new Date(), productGone: null };
    const recipient = {
      id: row.id, runId: run.id, shopId: shop.id, memberId: row.memberId, customerId: row.member.customerId, locale: null,
      attempts: 1, code: null, discountId: null, draftOrderId: null,
    };
    const before = (await giftEntries(row.member.customerId)).length;
    await deliverBonusPoints(delivery, recipient, 9);
    expect(await giftEntries(row.member.customerId)).toHaveLength(before);
    expect(await f.db.campaignRecipient.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'failed', points: null });
  });
});

describe('reward codes', () => {
  it('a code per recipient, bound to them, without spending points; a retry creates none', async () => {
    // One recipient reads English, the other German: the mail names the reward in each one's language.
    await f.db.member.updateMany({ where: { shopId: f.shop.id, customerId: '8001' }, data: { locale: 'en' } });
    await f.db.member.updateMany({ where: { shopId: f.shop.id, customerId: '8004' }, data: { locale: 'de-DE' } });
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'reward_code', rewardId: freeShippingRewardId } });
    const balances = await f.db.member.findMany({ where: { shopId: f.shop.id }, select: { customerId: true, points: true }, orderBy: { customerId: 'asc' } });
    const run = await runNow(campaign.id);
    expect(run).toMatchObject({ status: 'completed', deliveredCount: 2 });
    const codes = run.recipients.map((r) => r.code);
    expect(codes.every((code) => /^LOYALE-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code ?? ''))).toBe(true);
    expect(new Set(codes).size).toBe(2);

    const discounts = f.emulator.discounts(f.shop.domain).filter((d) => codes.includes(d.code));
    expect(discounts).toHaveLength(2);
    const created = logged('DiscountCodeFreeShippingCreate').filter((e) => codes.includes((e.variables as { input: { code: string } }).input.code));
    expect(created).toHaveLength(2);
    expect(created.map((e) => (e.variables as { input: { context: unknown; usageLimit: number } }).input)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ usageLimit: 1, context: { customers: { add: ['gid://shopify/Customer/8001'] } } }),
        expect.objectContaining({ usageLimit: 1, context: { customers: { add: ['gid://shopify/Customer/8004'] } } }),
      ]),
    );
    expect(await f.db.member.findMany({ where: { shopId: f.shop.id }, select: { customerId: true, points: true }, orderBy: { customerId: 'asc' } })).toEqual(balances);

    const mails = await f.db.notification.findMany({
      where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `surprise_gift:${run.id}:` } },
      select: { data: true, member: { select: { customerId: true } } },
      orderBy: { id: 'asc' },
    });
    expect(Object.fromEntries(mails.map((m) => [m.member.customerId, (m.data as { giftDescription: string }).giftDescription]))).toEqual({
      '8001': 'a voucher for Free shipping',
      '8004': 'ein Gutschein für „Kostenloser Versand“',
    });

    await campaignModuleOf(f.app.ctx).runner.executeRun(Number(run.id));
    expect(f.emulator.discounts(f.shop.domain).filter((d) => codes.includes(d.code))).toHaveLength(2);
  });
});

describe('a reward code for a free product', () => {
  const variant = (sku: string) => `gid://shopify/ProductVariant/${DEMO_PRODUCTS.find((p) => p.sku === sku)!.variantId}`;
  const MUG = variant('MUG-MR'); // 14.00 in the catalogue
  const GRINDER = variant('GRIND-H');

  /** A free-product reward kept out of the catalog (a surprise only), and a campaign for Gold members giving its code. */
  async function freeProductCampaign(name: string, productVariantId: string) {
    const reward = await f.db.reward.create({ data: { shopId: f.shop.id, name, kind: 'free_product', cost: 1, active: false, productVariantId, productTitle: name } });
    return createCampaign({ audience: { minimumTierId: tierIds.Gold }, gift: { kind: 'reward_code', rewardId: String(reward.id) } });
  }

  /** The platform's calls that name `code` or ask for `variantId`'s price, by operation. */
  const callsFor = (code: string, variantId: string) =>
    f.emulator
      .graphqlLog(f.shop.domain)
      .filter((e) => JSON.stringify(e.variables).includes(code) || JSON.stringify(e.variables) === JSON.stringify({ id: variantId }))
      .map((e) => e.operationName);

  it('a code for one unit at the price set on the platform before the run; one mug free, three cost two', async () => {
    const campaign = await freeProductCampaign('Gratis-Tasse', MUG);
    f.emulator.catalog.setVariantPrice(f.shop.domain, MUG, '15.2');
    const run = await runNow(campaign.id);
    expect(run).toMatchObject({ status: 'completed', deliveredCount: 1, failedCount: 0, recipients: [{ customerId: '8003', status: 'delivered', error: null }] });
    const code = run.recipients[0]!.code!;
    expect(code).toMatch(/^LOYALE-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const discounts = f.emulator.discounts(f.shop.domain).filter((d) => d.code === code);
    expect(discounts).toHaveLength(1);
    const [discount] = discounts;
    expect(discount!.mutation).toBe('discountCodeBasicCreate');
    expect(discount!.input).toMatchObject({ usageLimit: 1, context: { customers: { add: ['gid://shopify/Customer/8003'] } } });
    // The new price, one unit's worth: not the 14.00 of the catalogue, not 100 % of every mug.
    expect(discount!.input.customerGets).toEqual({
      value: { discountAmount: { amount: '15.20', appliesOnEachItem: false } },
      items: { products: { productVariantsToAdd: [MUG] } },
    });
    expect(callsFor(code, MUG)).toEqual(['ProductVariantPrice', 'DiscountCodeBasicCreate']);

    expect(f.emulator.priceCart(f.shop.domain, code, [{ variantId: MUG, quantity: 1 }])).toEqual({ subtotal: '15.20', discount: '15.20', total: '0.00' });
    expect(f.emulator.priceCart(f.shop.domain, code, [{ variantId: MUG, quantity: 3 }])).toEqual({ subtotal: '45.60', discount: '15.20', total: '30.40' });
  });

  it('a variant the shop deleted: the recipient fails with the reason, no code, no mail; running the run again tries nothing', async () => {
    const campaign = await freeProductCampaign('Gratis-Mühle', GRINDER);
    // The app is not told (the webhook lost or still on its way): the platform's answer to the price lookup when the
    // code is issued is what finds the variant gone. (Told, the reward is switched off: rewards/product-gone.)
    await f.emulator.catalog.deleteProduct(f.shop.domain, GRINDER, { notify: false });
    const codesBefore = f.emulator.discounts(f.shop.domain).length;

    const run = await runNow(campaign.id);
    const reason = `free product ${GRINDER} no longer exists in the shop`;
    expect(run).toMatchObject({
      status: 'completed_with_errors',
      deliveredCount: 0,
      failedCount: 1,
      // The merchant reads the code (worded by the admin); the detail stays for support.
      recipients: [{ customerId: '8003', status: 'failed', code: null, error: reason, errorCode: 'reward_product_missing', errorParams: { reward: 'Gratis-Mühle' } }],
    });
    expect(f.emulator.discounts(f.shop.domain)).toHaveLength(codesBefore);
    const member = await f.db.member.findFirstOrThrow({ where: { shopId: f.shop.id, customerId: '8003' } });
    const code = giftCode(f.app.ctx.config.apiSecret, Number(run.id), member.id);
    // Only the price was asked for; no code was attempted, none looked for.
    expect(callsFor(code, GRINDER)).toEqual(['ProductVariantPrice']);
    expect(await f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } })).toBe(0);

    // The run is finished: executing it again (a retried job) changes nothing and asks the platform nothing.
    const calls = f.emulator.graphqlLog(f.shop.domain).length;
    expect(await campaignModuleOf(f.app.ctx).runner.executeRun(Number(run.id))).toMatchObject({ status: 'completed_with_errors', failedCount: 1 });
    expect(await f.db.campaignRecipient.findMany({ where: { runId: Number(run.id) } })).toMatchObject([
      { status: 'failed', attempts: 1, error: reason, errorCode: 'reward_product_missing', errorParams: { reward: 'Gratis-Mühle' }, claimedUntil: null },
    ]);
    expect(f.emulator.graphqlLog(f.shop.domain)).toHaveLength(calls);
  });
});

describe('a free product', () => {
  it('from the dry run to a delivered order of 0.00: draft with 100 % off, completed, announced', async () => {
    const campaign = await createCampaign({ audience: { minimumTierId: tierIds.Gold }, gift: { kind: 'free_product', productVariantId: VARIANT } });
    const dry = await preview(campaign.id);
    expect(dry).toEqual({
      audienceSize: 1,
      recipientCount: 1,
      recipients: [{ customerId: '8003', name: 'Clara Gold', email: 'clara@example.de', tier: { id: tierIds.Gold, name: 'Gold' } }],
    });

    const run = await runNow(campaign.id);
    expect(run).toMatchObject({ status: 'completed', deliveredCount: 1, recipients: [{ customerId: '8003', status: 'delivered' }] });
    const [recipient] = run.recipients;
    expect(recipient?.draftOrderId).toMatch(/^gid:\/\/shopify\/DraftOrder\/\d+$/);
    expect(recipient?.orderId).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);

    const create = logged('DraftOrderCreate').filter((e) => JSON.stringify(e.variables).includes(campaign.name));
    expect(create).toHaveLength(1);
    expect(create[0]?.status).toBe(200);
    expect((create[0]?.variables as { input: unknown }).input).toMatchObject({
      purchasingEntity: { customerId: 'gid://shopify/Customer/8003' },
      lineItems: [{ variantId: VARIANT, quantity: 1 }],
      appliedDiscount: { valueType: 'PERCENTAGE', value: 100 },
    });
    const complete = logged('DraftOrderComplete').filter((e) => (e.variables as { id: string }).id === recipient?.draftOrderId);
    expect(complete).toHaveLength(1);

    const draft = await createAdminClient(f.app.ctx).request(f.shop.domain, DRAFT_ORDER_STATE, { id: recipient?.draftOrderId ?? '' });
    expect(draft.draftOrder).toMatchObject({ status: 'COMPLETED', order: { id: recipient?.orderId } });
    const mail = await f.db.notification.findFirst({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } });
    expect(mail?.data).toMatchObject({ code: null, points: null });
  });

  it('the retry of a run that died mid-way (after some orders, and between creating a draft and completing it) orders nobody twice', async () => {
    const campaign = await createCampaign({ gift: { kind: 'free_product', productVariantId: VARIANT } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const { runner } = campaignModuleOf(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'dies-midway' });

    // Two recipients get their order, then the process stops.
    expect(await runner.executeRun(run.id, { maxDeliveries: 2 })).toMatchObject({ status: 'delivering', recipientCount: 4 });

    // A worker takes the third, creates its draft and dies before completing it (its claim on the recipient lapses).
    await dieAt(f.app.ctx, run.id, 'DraftOrderComplete');
    const stored = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } });
    expect(stored.map((r) => [r.status, r.draftOrderId !== null])).toEqual([
      ['delivered', true],
      ['delivered', true],
      ['pending', true],
      ['pending', false],
    ]);

    const retried = await runner.executeRun(run.id);
    expect(retried).toMatchObject({ status: 'completed', deliveredCount: 4, failedCount: 0 });
    const recipients = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } });
    expect(recipients[2]?.draftOrderId).toBe(stored[2]?.draftOrderId); // the draft it found, not a new one
    expect(new Set(recipients.map((r) => r.orderId)).size).toBe(4);

    const forThisRun = (name: string) => logged(name).filter((e) => JSON.stringify(e.variables).includes(campaign.name) || recipients.some((r) => r.draftOrderId === (e.variables as { id?: string }).id));
    expect(forThisRun('DraftOrderCreate')).toHaveLength(4);
    expect(forThisRun('DraftOrderComplete').map((e) => (e.variables as { id: string }).id).sort()).toEqual(recipients.map((r) => r.draftOrderId).sort());
    expect(await f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } })).toBe(4);
  });

  /**
   * A worker creates the draft of a run's only recipient on the platform and dies before it stores the draft's id
   * (`draftOrderCreate` reached the platform, its answer never reached the database). Returns the run, the
   * recipient as stored then, and the stray draft as the platform holds it.
   */
  async function crashAfterDraftCreated(key: string) {
    const campaign = await createCampaign({ audience: { minimumTierId: tierIds.Gold }, gift: { kind: 'free_product', productVariantId: VARIANT } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const run = await campaignModuleOf(f.app.ctx).runner.startRun(shop, record, { kind: 'manual', key });
    // The platform created the draft; the process is gone before it stores the id.
    await dieAt(f.app.ctx, run.id, 'DraftOrderCreate', { afterAnswer: true });
    const real = createAdminClient(f.app.ctx);
    const [recipient, ...others] = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, include: { member: { select: { customerId: true } } } });
    if (!recipient) throw new Error('the run chose nobody');
    expect(others).toEqual([]);
    expect(recipient).toMatchObject({ member: { customerId: '8003' }, status: 'pending', draftOrderId: null });
    const stray = (await real.request(f.shop.domain, DRAFT_ORDERS_SEARCH, { query: giftDraftQuery(recipient.id), first: 10 })).draftOrders.nodes;
    expect(stray).toHaveLength(1);
    expect(stray[0]).toMatchObject({ status: 'OPEN', order: null, tags: expect.arrayContaining([giftDraftMarker(recipient.id)]) });
    return { run, recipient, stray: stray[0]!, real };
  }

  const createsFor = (recipientId: number) => logged('DraftOrderCreate').filter((e) => JSON.stringify(e.variables).includes(`"${giftDraftMarker(recipientId)}"`));
  const completesOf = (draftId: string) => logged('DraftOrderComplete').filter((e) => (e.variables as { id: string }).id === draftId);

  it('a draft created by an attempt that died before storing its id is found by its tag and completed; no second draft', async () => {
    const { run, recipient, stray, real } = await crashAfterDraftCreated('dies-after-create');

    const retried = await campaignModuleOf(f.app.ctx).runner.executeRun(run.id);
    expect(retried).toMatchObject({ status: 'completed', deliveredCount: 1, failedCount: 0 });
    const delivered = await f.db.campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } });
    expect(delivered).toMatchObject({ status: 'delivered', draftOrderId: stray.id, orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/) });

    expect(createsFor(recipient.id)).toHaveLength(1);
    expect(completesOf(stray.id)).toHaveLength(1);
    const onPlatform = (await real.request(f.shop.domain, DRAFT_ORDERS_SEARCH, { query: giftDraftQuery(recipient.id), first: 10 })).draftOrders.nodes;
    expect(onPlatform).toEqual([expect.objectContaining({ id: stray.id, status: 'COMPLETED', order: expect.objectContaining({ id: delivered.orderId }) })]);
    expect(await f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } })).toBe(1);
  });

  it('a stray draft someone completed before the retry: its order is taken, nothing created or completed again', async () => {
    const { run, recipient, stray, real } = await crashAfterDraftCreated('dies-then-completed-by-merchant');
    const byMerchant = (await real.request(f.shop.domain, DRAFT_ORDER_COMPLETE, { id: stray.id })).draftOrderComplete.draftOrder;
    expect(byMerchant?.order).not.toBeNull();

    const retried = await campaignModuleOf(f.app.ctx).runner.executeRun(run.id);
    expect(retried).toMatchObject({ status: 'completed', deliveredCount: 1, failedCount: 0 });
    expect(await f.db.campaignRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).toMatchObject({
      status: 'delivered',
      draftOrderId: stray.id,
      orderId: byMerchant?.order?.id,
    });
    expect(createsFor(recipient.id)).toHaveLength(1);
    expect(completesOf(stray.id)).toHaveLength(1); // the merchant's
    expect(await f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } })).toBe(1);
  });

  it('one recipient the platform refuses fails alone; the run ends completed_with_errors', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze, tierIds.Silber] }, gift: { kind: 'free_product', productVariantId: VARIANT } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const real = createAdminClient(f.app.ctx);
    const refusing: AdminClient = {
      request: (shopDomain, operation, variables) =>
        operation.name === 'DraftOrderCreate' && JSON.stringify(variables).includes('Customer/8002')
          ? Promise.reject(new AdminApiUserError('DraftOrderCreate', [{ field: ['lineItems'], message: 'Variant is out of stock' }]))
          : real.request(shopDomain, operation, variables),
    };
    const runner = createCampaignRunner(f.app.ctx, refusing);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'one-refused' });
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed_with_errors', deliveredCount: 2, failedCount: 1 });
    const detail = (await f.shop.api<RunDetailJson>('GET', `/campaign-runs/${run.id}`)).body;
    expect(detail.recipients.find((r) => r.customerId === '8002')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('out of stock'),
      errorCode: 'platform_refused',
      errorParams: { messages: ['Variant is out of stock'] },
      orderId: null,
    });
    expect(detail.recipients.find((r) => r.customerId === '8001')).toMatchObject({ status: 'delivered', error: null, errorCode: null, errorParams: {} });
    expect(detail.recipients.filter((r) => r.status === 'delivered').map((r) => r.customerId).sort()).toEqual(['8001', '8004']);
  });
});

describe('a delivery that fails in a way that may pass', () => {
  /** Short enough to read, and a clock the test moves: nothing sleeps. */
  const RETRY = { maxAttempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 };
  const AFTER_BACKOFF = RETRY.baseDelayMs + 1;

  /** A runner on a clock of its own, with the retry policy above; `advance` moves its clock. */
  function runnerOn(admin: AdminClient) {
    let at = Date.now();
    const runner = createCampaignRunner(f.app.ctx, admin, { now: () => new Date(at), retry: RETRY });
    return { runner, now: () => new Date(at), advance: (ms: number) => void (at += ms) };
  }

  async function startRun(campaignId: string, runner: ReturnType<typeof createCampaignRunner>, key: string) {
    const { shop, campaign } = await shopAndCampaign(campaignId);
    return runner.startRun(shop, campaign, { kind: 'manual', key });
  }

  /** A run of a reward code for the Bronze members (8001, 8004) on a runner of `admin`. */
  async function codeRun(admin: AdminClient, key: string) {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'reward_code', rewardId: freeShippingRewardId } });
    const clocked = runnerOn(admin);
    return { ...clocked, run: await startRun(campaign.id, clocked.runner, key) };
  }

  /** One pass of the run with an emulator fault armed, cleared afterwards whatever happened. */
  async function passWithFault(runner: ReturnType<typeof createCampaignRunner>, runId: number, arm: () => void) {
    arm();
    try {
      return await runner.executeRun(runId);
    } finally {
      f.emulator.faults.reset();
    }
  }

  const recipientsOf = (runId: number) =>
    f.db.campaignRecipient.findMany({ where: { runId }, orderBy: { position: 'asc' }, include: { member: { select: { customerId: true } } } });
  const byCustomer = async (runId: number, customerId: string) => (await recipientsOf(runId)).find((r) => r.member.customerId === customerId)!;
  const mailsOf = (runId: number) => f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${runId}:` } } });
  const createsFor = (recipientId: number) => logged('DraftOrderCreate').filter((e) => JSON.stringify(e.variables).includes(`"${giftDraftMarker(recipientId)}"`));

  /** The real client, but the answer to `operation` for `customer` never arrives (the platform did execute it). */
  function losingAnswers(operationName: string, customer: string): AdminClient {
    const real = createAdminClient(f.app.ctx);
    return {
      request: async (shopDomain, operation, variables) => {
        const answer = await real.request(shopDomain, operation, variables);
        if (operation.name === operationName && JSON.stringify(variables).includes(`Customer/${customer}"`)) {
          throw new AdminApiError('Admin API unreachable: socket hang up', { status: null, outcomeUnknown: true, operation: operation.name });
        }
        return answer;
      },
    };
  }

  it('a code another executor of the run created meanwhile (refused as taken): the recipient is delivered with it, one code', async () => {
    const real = createAdminClient(f.app.ctx);
    let raced = false;
    // Another executor's call for customer 8001 lands first, with the same derived code.
    const racing: AdminClient = {
      request: async (shopDomain, operation, variables) => {
        if (!raced && operation.name === 'DiscountCodeFreeShippingCreate' && JSON.stringify(variables).includes('Customer/8001"')) {
          raced = true;
          await real.request(shopDomain, operation, variables);
        }
        return real.request(shopDomain, operation, variables);
      },
    };
    const { runner, run } = await codeRun(racing, 'raced-code');
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    const recipient = await byCustomer(run.id, '8001');
    const code = giftCode(f.app.ctx.config.apiSecret, run.id, recipient.memberId);
    expect(recipient).toMatchObject({ status: 'delivered', attempts: 1, code });
    expect(f.emulator.discounts(f.shop.domain).filter((d) => d.code === code)).toHaveLength(1);
  });

  it('a code throttled beyond the client’s retries: the recipient waits while the other gets theirs, then exactly one code', async () => {
    const { runner, now, advance, run } = await codeRun(createAdminClient(f.app.ctx, { maxAttempts: 2, sleep: async () => {} }), 'throttled-code');

    // The first recipient's code creation is throttled on both of the client's attempts.
    const first = await passWithFault(runner, run.id, () => f.emulator.faults.throttleNext(2, 'graphql'));
    expect(first).toMatchObject({ status: 'delivering', deliveredCount: 0, failedCount: 0 });
    const [waiting, other] = await recipientsOf(run.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, code: null, error: expect.stringContaining('throttled'), errorCode: 'platform_throttled', errorParams: {} });
    expect(waiting?.claimedUntil).toEqual(new Date(now().getTime() + RETRY.baseDelayMs));
    expect(other).toMatchObject({ status: 'delivered', attempts: 1 });
    const code = giftCode(f.app.ctx.config.apiSecret, run.id, waiting!.memberId);
    expect(f.emulator.discounts(f.shop.domain).filter((d) => d.code === code)).toHaveLength(0);

    // Before its backoff ran out a pass leaves it alone: no call to the platform, no attempt counted.
    const calls = f.emulator.graphqlLog(f.shop.domain).length;
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'delivering' });
    expect(f.emulator.graphqlLog(f.shop.domain)).toHaveLength(calls);
    expect(await f.db.campaignRecipient.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({ status: 'pending', attempts: 1 });

    advance(AFTER_BACKOFF);
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    expect(await f.db.campaignRecipient.findUniqueOrThrow({ where: { id: waiting!.id } })).toMatchObject({
      status: 'delivered',
      attempts: 2,
      code,
      error: null,
      errorCode: null,
      errorParams: null,
      claimedUntil: null,
    });
    expect(f.emulator.discounts(f.shop.domain).filter((d) => d.code === code)).toHaveLength(1);
    expect(await mailsOf(run.id)).toBe(2);
  });

  it('a draft whose creation answer was lost: not failed; the next pass finds it by its tag and completes it, one draft', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'free_product', productVariantId: VARIANT } });
    // Every creation for 8001 loses its answer: a second draft created for them would leave them pending again.
    const { runner, advance } = runnerOn(losingAnswers('DraftOrderCreate', '8001'));
    const run = await startRun(campaign.id, runner, 'lost-draft-answer');

    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'delivering' });
    const waiting = await byCustomer(run.id, '8001');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, draftOrderId: null, error: expect.stringContaining('socket hang up'), errorCode: 'platform_unavailable', errorParams: {} });
    expect(await byCustomer(run.id, '8004')).toMatchObject({ status: 'delivered' });
    expect(createsFor(waiting.id)).toHaveLength(1);

    advance(AFTER_BACKOFF);
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed', deliveredCount: 2, failedCount: 0 });
    const delivered = await byCustomer(run.id, '8001');
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/) });
    expect(createsFor(waiting.id)).toHaveLength(1);
    const found = (await createAdminClient(f.app.ctx).request(f.shop.domain, DRAFT_ORDERS_SEARCH, { query: giftDraftQuery(waiting.id), first: 10 })).draftOrders.nodes;
    expect(found).toEqual([expect.objectContaining({ id: delivered.draftOrderId, status: 'COMPLETED' })]);
    expect(await mailsOf(run.id)).toBe(2);
  });

  it('a code the platform refuses fails its recipient at once, as before', async () => {
    const { runner, run } = await codeRun(createAdminClient(f.app.ctx), 'refused-code');
    const only = await passWithFault(runner, run.id, () => f.emulator.faults.refuseNextDiscounts(1, 'Discount codes are disabled for this shop'));
    expect(only).toMatchObject({ status: 'completed_with_errors', deliveredCount: 1, failedCount: 1 });
    const [refused] = await recipientsOf(run.id);
    expect(refused).toMatchObject({
      status: 'failed',
      attempts: 1,
      code: null,
      claimedUntil: null,
      error: expect.stringContaining('Discount codes are disabled'),
      errorCode: 'platform_refused',
      errorParams: { messages: ['Discount codes are disabled for this shop'] },
    });
  });

  it('a failure that does not pass: the run’s job waits for each retry until the attempts are used up, then it fails with the last reason', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'free_product', productVariantId: VARIANT } });
    const real = createAdminClient(f.app.ctx);
    // The platform answers 503 to every creation for 8004 (before executing it).
    const failing: AdminClient = {
      request: (shopDomain, operation, variables) =>
        operation.name === 'DraftOrderCreate' && JSON.stringify(variables).includes('Customer/8004"')
          ? Promise.reject(new AdminApiError('Admin API answered 503', { status: 503, outcomeUnknown: true, operation: operation.name }))
          : real.request(shopDomain, operation, variables),
    };
    const { runner, now, advance } = runnerOn(failing);
    const run = await startRun(campaign.id, runner, 'attempts-used-up');
    // The worker's processor on this runner and its clock: a run still delivering moves its job back to the delayed
    // set until the recipient's retry is due (the job's own attempts untouched), and says so to BullMQ.
    const processJob = createCampaignJobProcessor(f.app.ctx, runner, campaignModuleOf(f.app.ctx).queue, { now });
    const waits: number[] = [];
    const job = {
      name: RUN_JOB,
      data: { runId: run.id },
      moveToDelayed: async (timestamp: number, token?: string) => {
        expect(token).toBe('the-token');
        waits.push(timestamp - Date.now());
      },
    } as unknown as Job<CampaignJobData>;

    for (let attempt = 1; attempt < RETRY.maxAttempts; attempt++) {
      await expect(processJob(job, 'the-token')).rejects.toBeInstanceOf(DelayedError);
      expect(await byCustomer(run.id, '8004')).toMatchObject({
        status: 'pending',
        attempts: attempt,
        error: 'Admin API answered 503',
        errorCode: 'platform_unavailable',
        errorParams: { status: 503 },
      });
      // Until its retry is due: the backoff (60 s) from the runner's clock, on BullMQ's clock.
      expect(waits).toHaveLength(attempt);
      expect(waits[attempt - 1]).toBeGreaterThan(RETRY.baseDelayMs - 5_000);
      expect(waits[attempt - 1]).toBeLessThanOrEqual(RETRY.baseDelayMs);
      advance(AFTER_BACKOFF * 2 ** (attempt - 1));
    }
    expect(await processJob(job)).toBe('completed_with_errors');
    expect(await byCustomer(run.id, '8004')).toMatchObject({
      status: 'failed',
      attempts: RETRY.maxAttempts,
      claimedUntil: null,
      error: `Admin API answered 503 (gave up after ${RETRY.maxAttempts} attempts)`,
      errorCode: 'platform_unavailable',
      errorParams: { status: 503, attempts: RETRY.maxAttempts },
    });
    expect(await byCustomer(run.id, '8001')).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed_with_errors', deliveredCount: 1, failedCount: 1 });
    expect(await mailsOf(run.id)).toBe(1);
  });
});

describe('why a run or a recipient failed is stored as a code for the admin to word', () => {
  it('a campaign deleted before its run chose anyone: the run fails with campaign_deleted', async () => {
    const campaign = await createCampaign();
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const runner = createCampaignRunner(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'deleted-first' });
    expect((await f.shop.api('DELETE', `/campaigns/${campaign.id}`)).status).toBe(204);

    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'failed', recipientCount: 0 });
    const detail = (await f.shop.api<RunDetailJson>('GET', `/campaign-runs/${run.id}`)).body;
    expect(detail).toMatchObject({
      status: 'failed',
      errorCode: 'campaign_deleted',
      errorParams: {},
      error: 'the campaign was deleted before the run chose its recipients',
    });
  });

  it('anything that is neither the platform’s answer nor the gift’s: internal_error, the message kept as the detail only', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Bronze] }, gift: { kind: 'reward_code', rewardId: freeShippingRewardId } });
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const real = createAdminClient(f.app.ctx);
    const broken: AdminClient = {
      request: (shopDomain, operation, variables) =>
        operation.name === 'DiscountCodeFreeShippingCreate' && JSON.stringify(variables).includes('Customer/8004"')
          ? Promise.reject(new Error("Can't reach database server at 127.0.0.1:5432"))
          : real.request(shopDomain, operation, variables),
    };
    const runner = createCampaignRunner(f.app.ctx, broken, { retry: { maxAttempts: 1 } });
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'internal-error' });
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed_with_errors', deliveredCount: 1, failedCount: 1 });
    const detail = (await f.shop.api<RunDetailJson>('GET', `/campaign-runs/${run.id}`)).body;
    expect(detail.recipients.find((r) => r.customerId === '8004')).toMatchObject({
      status: 'failed',
      errorCode: 'internal_error',
      errorParams: { attempts: 1 },
      error: "Can't reach database server at 127.0.0.1:5432 (gave up after 1 attempts)",
    });
  });

  it('a failure stored before codes: no code, its detail as it was', async () => {
    const campaign = await createCampaign({ audience: { tierIds: [tierIds.Gold] } });
    const run = await runNow(campaign.id);
    await f.db.campaignRecipient.updateMany({ where: { runId: Number(run.id) }, data: { status: 'failed', error: 'draft order gid://shopify/DraftOrder/9 no longer exists' } });
    const detail = (await f.shop.api<RunDetailJson>('GET', `/campaign-runs/${run.id}`)).body;
    expect(detail.recipients).toMatchObject([
      { customerId: '8003', status: 'failed', errorCode: null, errorParams: {}, error: 'draft order gid://shopify/DraftOrder/9 no longer exists' },
    ]);
  });
});
