/**
 * A free-product campaign whose gift product the merchant deletes in the shop, end to end on real Postgres and Redis:
 * the emulator deletes the product (or its variant) and sends the signed webhook, the app marks the campaign, its
 * runs start none (scheduled: one failed run with the reason; "run now": 409), a run under way fails the recipients
 * not tried yet without asking the platform, the admin API says why, and saving with another product clears the mark.
 */
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { productUpdatePayload } from '../../emulator/payloads.js';
import { eventually } from '../../test/harness.js';
import { startAdminApiFixture, type AdminApiFixture, type ErrorJson, type ShopClient } from '../admin-api/test-fixture.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { createAdminClient } from '../shopify/admin-client.js';
import { lookUpGiftProduct } from './gift-product.js';
import { SCHEDULED_JOB, type CampaignJobData } from './jobs.js';
import { campaignModuleOf } from './module.js';
import { createCampaignJobProcessor } from './process.js';
import { findCampaign } from './repository.js';
import { saveCampaign } from './save.js';
import { dieAt } from './test-support.js';

let f: AdminApiFixture;

const byS = (sku: string) => DEMO_PRODUCTS.find((p) => p.sku === sku)!;
const variantGid = (p: { variantId: number }) => `gid://shopify/ProductVariant/${p.variantId}`;
const productGid = (p: { productId: number }) => `gid://shopify/Product/${p.productId}`;
const MUG = byS('MUG-MR');
const GRINDER = byS('GRIND-H');
const FILTER = byS('FILTER-P');
const ETHIOPIA = byS('ETH-250');
const PAPER = byS('PAPER-100');
const COLOMBIA = byS('COL-250');
const BULK = byS('HAUS-3KG');
const GIFT_GONE = (p: { variantId: number }) => `the gift product ${variantGid(p)} was deleted from the shop; choose another product for the campaign`;

interface CampaignJson {
  id: string;
  name: string;
  active: boolean;
  gift: { kind: string; productVariantId?: string };
  giftProductMissingAt: string | null;
  lastRun: { id: string; status: string } | null;
  [key: string]: unknown;
}
interface RunJson {
  id: string;
  status: string;
  recipientCount: number;
  deliveredCount: number;
  failedCount: number;
  startedAt: string | null;
  error: string | null;
  errorCode: string | null;
  errorParams: Record<string, unknown>;
}

const body = (productVariantId: string, change: Record<string, unknown> = {}) => ({
  name: 'Geschenk',
  active: false,
  recipients: { mode: 'count', count: 100 },
  schedule: { kind: 'weekly', weekday: 1, time: '09:00' },
  gift: { kind: 'free_product', productVariantId },
  ...change,
});

let count = 0;
async function createCampaign(shop: ShopClient, productVariantId: string, change: Record<string, unknown> = {}): Promise<CampaignJson> {
  const res = await shop.api<CampaignJson>('POST', '/campaigns', body(productVariantId, { name: `Geschenk ${++count}`, ...change }));
  expect(res.status).toBe(201);
  return res.body;
}

const campaignJson = async (shop: ShopClient, id: string) => (await shop.api<CampaignJson>('GET', `/campaigns/${id}`)).body;
const stored = (id: string) => f.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } });

/** The inbox row of a delivery, once the worker is done with it. */
const processed = (eventId: string) =>
  eventually(async () => {
    const row = await f.db.webhookEvent.findFirst({ where: { eventKey: eventId } });
    return row?.status === 'processed' ? row : undefined;
  });

const calls = (shop: string, operationName: string) => f.emulator.graphqlLog(shop).filter((e) => e.operationName === operationName);
/** The product webhooks' `nodes` lookups of variants. */
const lookups = (shop: string) => calls(shop, 'ProductVariantProducts');

async function deleteProduct(shop: string, product: { productId: number }): Promise<string> {
  const delivery = await f.emulator.catalog.deleteProduct(shop, productGid(product));
  expect(delivery).toMatchObject({ status: 200 });
  await processed(delivery!.eventId);
  return delivery!.eventId;
}

async function shopAndCampaign(id: string) {
  const shop = await f.db.shop.findUniqueOrThrow({ where: { id: f.shop.id } });
  const campaign = await findCampaign(f.db, f.shop.id, Number(id));
  if (!campaign) throw new Error(`no campaign ${id}`);
  return { shop, campaign };
}

beforeAll(async () => {
  f = await startAdminApiFixture('gift-gone.myshopify.com');
  for (const [i, customerId] of [9101, 9102, 9103].entries()) {
    await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 95_000 + i, customerId, subtotal: '30.00', processedAt: new Date() }));
  }
});

afterAll(async () => {
  await f?.close();
});

describe('products/delete', () => {
  let other: ShopClient;
  let mug: CampaignJson;
  let scheduled: CampaignJson;
  let grinder: CampaignJson;
  let points: CampaignJson;
  let deletedMug: CampaignJson;
  let otherShopMug: CampaignJson;

  beforeAll(async () => {
    other = await f.addShop('gift-gone-other.myshopify.com');
    mug = await createCampaign(f.shop, variantGid(MUG));
    scheduled = await createCampaign(f.shop, variantGid(MUG), { active: true });
    grinder = await createCampaign(f.shop, variantGid(GRINDER));
    points = (await f.shop.api<CampaignJson>('POST', '/campaigns', { ...body(''), name: 'Punkte', gift: { kind: 'bonus_points', points: 10 } })).body;
    deletedMug = await createCampaign(f.shop, variantGid(MUG));
    expect((await f.shop.api('DELETE', `/campaigns/${deletedMug.id}`)).status).toBe(204);
    otherShopMug = await createCampaign(other, variantGid(MUG));
  });

  it('a save learns the gift’s product; the campaign JSON says nothing is missing', async () => {
    expect(mug.giftProductMissingAt).toBeNull();
    expect(await stored(mug.id)).toMatchObject({ giftProductId: productGid(MUG), giftProductMissingAt: null });
    expect(await stored(points.id)).toMatchObject({ giftProductId: null });
  });

  it('marks the shop’s free-product campaigns of that product, and only those, without asking the platform', async () => {
    await deleteProduct(f.shop.domain, MUG);

    for (const id of [mug.id, scheduled.id]) expect((await campaignJson(f.shop, id)).giftProductMissingAt).toEqual(expect.any(String));
    const list = (await f.shop.api<{ campaigns: CampaignJson[] }>('GET', '/campaigns')).body.campaigns;
    expect(list.find((c) => c.id === mug.id)).toMatchObject({ giftProductMissingAt: expect.any(String), active: false });
    expect(list.find((c) => c.id === scheduled.id)).toMatchObject({ giftProductMissingAt: expect.any(String), active: true });
    expect(list.find((c) => c.id === grinder.id)?.giftProductMissingAt).toBeNull();
    expect(list.find((c) => c.id === points.id)?.giftProductMissingAt).toBeNull();
    // A deleted campaign is left alone, as is the other shop's campaign of the same variant id.
    expect(await stored(deletedMug.id)).toMatchObject({ giftProductMissingAt: null });
    expect((await campaignJson(other, otherShopMug.id)).giftProductMissingAt).toBeNull();
    // Every campaign knew its product: no lookup.
    expect(lookups(f.shop.domain)).toEqual([]);
  });

  it('a duplicate and a late, out-of-order products/update change nothing more', async () => {
    const before = await stored(mug.id);
    const first = f.emulator.webhooks(f.shop.domain).findLast((w) => w.topic === 'products/delete')!;
    await processed((await f.emulator.redeliverWebhook(first.eventId, { sameWebhookId: false })).eventId);
    // An update from before the deletion, still listing the variant, arrives last.
    const late = await f.emulator.sendWebhook(f.shop.domain, 'products/update', productUpdatePayload(MUG, [MUG], new Date(Date.now() - 3_600_000)));
    await processed(late.eventId);
    expect(await stored(mug.id)).toEqual(before);
  });

  it('"run now" is refused (409, in the admin’s language); no run is created', async () => {
    for (const [language, error] of [
      ['en', 'The gift product was deleted from your shop; choose another product for this campaign and save it first'],
      ['de', 'Das Geschenkprodukt wurde in deinem Shop gelöscht; wähle zuerst ein anderes Produkt für diese Kampagne und speichere sie'],
    ] as const) {
      const res = await f.shop.api<ErrorJson>('POST', `/campaigns/${mug.id}/run`, { idempotencyKey: `gone-${language}` }, { language });
      expect([res.status, res.body]).toEqual([409, { error }]);
    }
    expect(await f.db.campaignRun.count({ where: { campaignId: Number(mug.id), dryRun: false } })).toBe(0);
  });

  it('its schedule firing records one failed run with the reason: nobody chosen, the platform not asked', async () => {
    const { queue, runner } = campaignModuleOf(f.app.ctx);
    const processJob = createCampaignJobProcessor(f.app.ctx, runner, queue);
    const job = { name: SCHEDULED_JOB, data: { campaignId: Number(scheduled.id) }, timestamp: Date.now(), opts: {} } as unknown as Job<CampaignJobData>;
    const platformCalls = f.emulator.graphqlLog(f.shop.domain).length;

    expect(await processJob(job)).toBe('failed');
    const runs = (await f.shop.api<{ runs: RunJson[] }>('GET', `/campaigns/${scheduled.id}/runs`)).body.runs;
    expect(runs).toEqual([
      expect.objectContaining({
        status: 'failed',
        recipientCount: 0,
        deliveredCount: 0,
        failedCount: 0,
        startedAt: null,
        error: GIFT_GONE(MUG),
        errorCode: 'gift_product_missing',
        errorParams: { variant: variantGid(MUG) },
      }),
    ]);
    expect(await f.db.campaignRecipient.count({ where: { runId: Number(runs[0]!.id) } })).toBe(0);
    expect(f.emulator.graphqlLog(f.shop.domain)).toHaveLength(platformCalls);
    expect((await campaignJson(f.shop, scheduled.id)).lastRun).toMatchObject({ id: runs[0]!.id, status: 'failed' });
  });

  it('saved unchanged (renamed, switched off) it keeps the mark without a lookup; another variant is looked up and refused if unknown', async () => {
    const before = await campaignJson(f.shop, scheduled.id);
    const variantLookups = calls(f.shop.domain, 'ProductVariant').length;
    const renamed = await f.shop.api<CampaignJson>('PUT', `/campaigns/${scheduled.id}`, body(variantGid(MUG), { name: 'Umbenannt', active: false, version: before.version }));
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Umbenannt', active: false, giftProductMissingAt: before.giftProductMissingAt });
    expect(calls(f.shop.domain, 'ProductVariant')).toHaveLength(variantLookups);

    const unknown = await f.shop.api<ErrorJson>('PUT', `/campaigns/${scheduled.id}`, body('gid://shopify/ProductVariant/4242', { version: renamed.body.version }), { language: 'de' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details?.fieldErrors).toEqual({ 'gift.productVariantId': 'Diese Produktvariante gibt es in deinem Shop nicht' });
    expect((await campaignJson(f.shop, scheduled.id)).giftProductMissingAt).toBe(before.giftProductMissingAt);
  });

  it('saved with another product the mark is cleared and the campaign runs again; the old deletion delivered again changes nothing', async () => {
    const { version } = await campaignJson(f.shop, mug.id);
    const saved = await f.shop.api<CampaignJson>('PUT', `/campaigns/${mug.id}`, body(variantGid(GRINDER), { name: mug.name, version }));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ giftProductMissingAt: null, gift: { kind: 'free_product', productVariantId: variantGid(GRINDER) } });
    expect(await stored(mug.id)).toMatchObject({ giftProductId: productGid(GRINDER), giftProductMissingAt: null });

    const started = await f.shop.api<RunJson>('POST', `/campaigns/${mug.id}/run`, { idempotencyKey: 'after-replace' });
    expect(started.status).toBe(202);
    const run = await eventually(async () => {
      const found = (await f.shop.api<RunJson>('GET', `/campaign-runs/${started.body.id}`)).body;
      return found.status.startsWith('completed') || found.status === 'failed' ? found : undefined;
    }, 20_000);
    expect(run).toMatchObject({ status: 'completed', recipientCount: 3, deliveredCount: 3 });

    const first = f.emulator.webhooks(f.shop.domain).find((w) => w.topic === 'products/delete')!;
    await processed((await f.emulator.redeliverWebhook(first.eventId, { sameWebhookId: false })).eventId);
    expect((await campaignJson(f.shop, mug.id)).giftProductMissingAt).toBeNull();
  });
});

describe('products/update', () => {
  it('a variant removed from its product marks the campaign once the platform confirms it gone', async () => {
    const campaign = await createCampaign(f.shop, variantGid(FILTER));
    const before = lookups(f.shop.domain).length;
    const delivery = await f.emulator.catalog.deleteVariant(f.shop.domain, variantGid(FILTER));
    expect(JSON.parse(f.emulator.webhooks(f.shop.domain).at(-1)!.body)).toMatchObject({ id: FILTER.productId, variants: [] });
    await processed(delivery!.eventId);
    expect(lookups(f.shop.domain).slice(before).map((e) => e.variables)).toEqual([{ ids: [variantGid(FILTER)] }]);
    expect((await campaignJson(f.shop, campaign.id)).giftProductMissingAt).toEqual(expect.any(String));
  });

  it('an update older than the campaign’s last save, or one listing the variant, asks nothing and marks nothing; a partial list is confirmed first', async () => {
    const campaign = await createCampaign(f.shop, variantGid(ETHIOPIA));
    const send = async (variants: (typeof ETHIOPIA)[], updatedAt: Date) =>
      processed((await f.emulator.sendWebhook(f.shop.domain, 'products/update', productUpdatePayload(ETHIOPIA, variants, updatedAt))).eventId);
    const before = lookups(f.shop.domain).length;

    // From before the save (which found the variant): says nothing about it.
    await send([], new Date(Date.now() - 3_600_000));
    await send([ETHIOPIA], new Date());
    expect(lookups(f.shop.domain)).toHaveLength(before);

    // Newer and without the variant, which the platform still has (the list was partial): asked once, kept.
    await send([], new Date(Date.now() + 1000));
    expect(lookups(f.shop.domain).slice(before).map((e) => e.variables)).toEqual([{ ids: [variantGid(ETHIOPIA)] }]);
    expect(await stored(campaign.id)).toMatchObject({ giftProductMissingAt: null });
  });
});

describe('campaigns saved before their product was cached (giftProductId null)', () => {
  const LEGACY = 'gift-gone-legacy.myshopify.com';
  const ESPRESSO = byS('ESP-250');
  const DECAF = byS('DECAF-250');

  it('any products/delete asks about their variants, with the rewards’ in one lookup: the gone one is marked, the other learns its product', async () => {
    const shop = await f.addShop(LEGACY);
    const gone = await createCampaign(shop, variantGid(ESPRESSO));
    const kept = await createCampaign(shop, variantGid(DECAF));
    // A reward of the same variant, also from before the cache.
    const settings = (await shop.api<{ rewards: Record<string, unknown>[] }>('GET', '/program/settings')).body;
    const reward = { name: 'Espresso gratis', kind: 'free_product', cost: 100, value: null, active: true, productVariantId: variantGid(ESPRESSO) };
    const saved = await shop.api<{ rewards: { id: string; name: string }[] }>('PUT', '/program/settings', { ...settings, rewards: [...settings.rewards, reward] });
    expect(saved.status).toBe(200);
    const rewardId = Number(saved.body.rewards.find((r) => r.name === 'Espresso gratis')!.id);
    await f.db.campaign.updateMany({ where: { id: { in: [Number(gone.id), Number(kept.id)] } }, data: { giftProductId: null } });
    await f.db.reward.update({ where: { id: rewardId }, data: { productId: null } });

    await deleteProduct(LEGACY, ESPRESSO);

    expect(lookups(LEGACY).map((e) => e.variables)).toEqual([{ ids: [variantGid(ESPRESSO), variantGid(DECAF)] }]);
    expect(await stored(gone.id)).toMatchObject({ giftProductMissingAt: expect.any(Date) });
    expect(await stored(kept.id)).toMatchObject({ giftProductMissingAt: null, giftProductId: productGid(DECAF) });
    expect(await f.db.reward.findUniqueOrThrow({ where: { id: rewardId } })).toMatchObject({ active: false, productMissingAt: expect.any(Date) });

    // The learned one is matched by its product's deletion directly.
    await deleteProduct(LEGACY, DECAF);
    expect(lookups(LEGACY)).toHaveLength(1);
    expect(await stored(kept.id)).toMatchObject({ giftProductMissingAt: expect.any(Date) });
  });
});

describe('runs of a campaign whose product is deleted', () => {
  it('a run under way fails the recipients not tried yet at once, without a draft each; a draft an earlier attempt created is completed', async () => {
    const campaign = await createCampaign(f.shop, variantGid(PAPER));
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const { runner } = campaignModuleOf(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'under-way' });
    expect(await runner.executeRun(run.id, { maxDeliveries: 1 })).toMatchObject({ status: 'delivering', recipientCount: 3, deliveredCount: 0 });

    // A worker takes the second recipient, creates its draft and dies before completing it (its lease lapses).
    await dieAt(f.app.ctx, run.id, 'DraftOrderComplete');
    const before = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } });
    expect(before.map((r) => [r.status, r.attempts, r.draftOrderId !== null])).toEqual([
      ['delivered', 1, true],
      ['pending', 1, true],
      ['pending', 0, false],
    ]);

    await deleteProduct(f.shop.domain, PAPER);
    const creates = calls(f.shop.domain, 'DraftOrderCreate').length;
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'completed_with_errors', deliveredCount: 2, failedCount: 1 });

    const after = await f.db.campaignRecipient.findMany({ where: { runId: run.id }, orderBy: { position: 'asc' } });
    expect(after[1]).toMatchObject({ status: 'delivered', draftOrderId: before[1]!.draftOrderId, orderId: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/) });
    expect(after[2]).toMatchObject({
      status: 'failed',
      attempts: 0,
      error: GIFT_GONE(PAPER),
      errorCode: 'gift_product_missing',
      errorParams: { variant: variantGid(PAPER) },
      draftOrderId: null,
    });
    expect(calls(f.shop.domain, 'DraftOrderCreate')).toHaveLength(creates);
    expect(await f.db.notification.count({ where: { shopId: f.shop.id, kind: 'surprise_gift', idempotencyKey: { contains: `:${run.id}:` } } })).toBe(2);
  });

  it('a run started before the deletion that has not chosen yet fails without choosing anyone', async () => {
    const campaign = await createCampaign(f.shop, variantGid(COLOMBIA));
    const { shop, campaign: record } = await shopAndCampaign(campaign.id);
    const { runner } = campaignModuleOf(f.app.ctx);
    const run = await runner.startRun(shop, record, { kind: 'manual', key: 'not-chosen' });
    await deleteProduct(f.shop.domain, COLOMBIA);
    expect(await runner.executeRun(run.id)).toMatchObject({
      status: 'failed',
      recipientCount: 0,
      error: { code: 'gift_product_missing', params: { variant: variantGid(COLOMBIA) }, detail: GIFT_GONE(COLOMBIA) },
      startedAt: null,
    });
    expect(await f.db.campaignRecipient.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe('a campaign save while a products/delete is handled', () => {
  it('a mark made after the save started its lookup survives the save’s write', async () => {
    const campaign = await createCampaign(f.shop, variantGid(BULK));
    const { campaign: record } = await shopAndCampaign(campaign.id);
    // PUT /api/campaigns/:id step by step: the lookup finds the variant (the merchant renamed the campaign) ...
    const lookup = await lookUpGiftProduct(createAdminClient(f.app.ctx), f.shop.domain, record.gift, record);
    if (!lookup.ok) throw new Error('the lookup did not find the variant');
    expect(lookup.giftProduct?.productId).toBe(productGid(BULK));
    // ... then the product is deleted and the webhook handled, before the save writes.
    await deleteProduct(f.shop.domain, BULK);
    const markedAt = (await stored(campaign.id)).giftProductMissingAt;
    expect(markedAt).not.toBeNull();

    const { active, audience, recipients, schedule, gift } = record;
    const saved = await saveCampaign(f.db, f.shop.id, { id: record.id, version: record.version }, { name: 'Umbenannt', active, audience, recipients, schedule, gift }, lookup);
    expect(saved).toMatchObject({ ok: true, campaign: { name: 'Umbenannt', giftProductMissingAt: markedAt, giftProductId: productGid(BULK) } });
  });
});
