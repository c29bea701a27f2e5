import { UnrecoverableError, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../../test/harness.js';
import { reconcileCampaignJobs, RUN_JOB, runJobId, SCHEDULED_JOB, schedulerId, type CampaignJobData } from '../campaigns/jobs.js';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { campaignModuleOf } from '../campaigns/module.js';
import { createCampaignJobProcessor } from '../campaigns/process.js';
import { listActiveCampaigns } from '../campaigns/repository.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import {
  EDIT_CONFLICT,
  editorVersion,
  expectInvalidInput,
  startAdminApiFixture,
  type AdminApiFixture,
  type ErrorJson,
  type ShopClient,
} from './test-fixture.js';

/** `/api/campaigns` and `/api/campaign-runs` on the whole app, and the campaign jobs they keep in BullMQ. */
let f: AdminApiFixture;
let other: ShopClient;
let settings: { tiers: { id: string; name: string }[]; rewards: { id: string; kind: string }[] };

interface CampaignJson {
  id: string;
  name: string;
  active: boolean;
  audience: Record<string, unknown>;
  recipients: Record<string, unknown>;
  schedule: Record<string, unknown>;
  gift: Record<string, unknown>;
  nextRunAt: string | null;
  lastRun: { id: string; status: string } | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const body = (change: Record<string, unknown> = {}) => ({
  name: 'Dankeschön',
  recipients: { mode: 'count', count: 3 },
  schedule: { kind: 'weekly', weekday: 1, time: '09:30' },
  gift: { kind: 'bonus_points', points: 25 },
  ...change,
});

/** `PUT /api/campaigns/:id` by an editor that has just loaded the campaign (the version read now), unless `sent` names its own. */
const replace = async <T = unknown>(id: string, sent: object, options?: { language?: string }) =>
  f.shop.api<T>('PUT', `/campaigns/${id}`, { version: await editorVersion(f.shop, `/campaigns/${id}`), ...sent }, options);

const modules = () => campaignModuleOf(f.app.ctx);
const scheduler = (campaignId: string) => modules().queue.getJobScheduler(schedulerId(Number(campaignId)));
const onceJob = (campaignId: string) => modules().queue.getJob(runJobId(Number(campaignId), 'once'));

beforeAll(async () => {
  f = await startAdminApiFixture('campaign-api.myshopify.com');
  other = await f.addShop('campaign-api-other.myshopify.com');
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 91_001, customerId: 9001, subtotal: '40.00', processedAt: new Date() }));
  settings = (await f.shop.api<typeof settings>('GET', '/program/settings')).body;
});

afterAll(async () => {
  await f?.close();
});

describe('campaigns CRUD', () => {
  it('creates, lists, reads, replaces and deletes a campaign', async () => {
    const created = await f.shop.api<CampaignJson>('POST', '/campaigns', body({ audience: { tierIds: [settings.tiers[0]?.id], notGiftedWithinDays: 30 } }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'Dankeschön',
      active: true,
      audience: {
        tierIds: [settings.tiers[0]?.id],
        minimumTierId: null,
        minimumOrders: null,
        joinedBefore: null,
        memberForDays: null,
        orderedWithinDays: null,
        notGiftedWithinDays: 30,
      },
      recipients: { mode: 'count', count: 3 },
      schedule: { kind: 'weekly', weekday: 1, time: '09:30' },
      gift: { kind: 'bonus_points', points: 25 },
      nextRunAt: expect.any(String),
      lastRun: null,
      giftProductMissingAt: null,
      savedGiftProduct: null,
      giftProduct: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // Next Monday 09:30 in Berlin.
    const next = new Date(created.body.nextRunAt ?? '');
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('Mon 09:30');
    expect(next.getTime()).toBeGreaterThan(Date.now());

    const id = created.body.id;
    expect((await f.shop.api<{ campaigns: CampaignJson[] }>('GET', '/campaigns')).body.campaigns.map((c) => c.id)).toContain(id);
    expect((await f.shop.api<CampaignJson>('GET', `/campaigns/${id}`)).body).toEqual(created.body);

    const reward = settings.rewards[0]?.id;
    const replaced = await replace<CampaignJson>(id, body({
      name: 'Monatsgeschenk',
      active: false,
      recipients: { mode: 'share', share: 0.25 },
      schedule: { kind: 'monthly', day: 15, time: '10:00' },
      gift: { kind: 'reward_code', rewardId: reward },
    }));
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      name: 'Monatsgeschenk',
      active: false,
      audience: { tierIds: [] },
      recipients: { mode: 'share', share: 0.25 },
      schedule: { kind: 'monthly', day: 15, time: '10:00' },
      gift: { kind: 'reward_code', rewardId: reward },
      nextRunAt: null,
    });

    expect((await f.shop.api('DELETE', `/campaigns/${id}`)).status).toBe(204);
    expect((await f.shop.api('GET', `/campaigns/${id}`)).status).toBe(404);
    expect((await f.shop.api('DELETE', `/campaigns/${id}`)).status).toBe(404);
    expect((await f.shop.api<{ campaigns: CampaignJson[] }>('GET', '/campaigns')).body.campaigns.map((c) => c.id)).not.toContain(id);
  });

  it('another shop’s campaigns and runs are not found', async () => {
    const mine = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    const run = await f.shop.api<{ id: string }>('POST', `/campaigns/${mine.id}/run`);
    expect(run.status).toBe(202);
    for (const [method, path] of [
      ['GET', `/campaigns/${mine.id}`],
      ['PUT', `/campaigns/${mine.id}`],
      ['DELETE', `/campaigns/${mine.id}`],
      ['POST', `/campaigns/${mine.id}/preview`],
      ['POST', `/campaigns/${mine.id}/run`],
      ['GET', `/campaigns/${mine.id}/runs`],
      ['GET', `/campaign-runs/${run.body.id}`],
      ['GET', '/campaigns/not-an-id'],
      ['GET', '/campaign-runs/99999999999'],
    ] as const) {
      const res = await other.api<ErrorJson>(method, path, method === 'PUT' ? { ...body(), version: mine.version } : undefined);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect((await other.api<{ campaigns: unknown[] }>('GET', '/campaigns')).body.campaigns).toEqual([]);
  });

  it('words not found in the admin\'s language', async () => {
    const mine = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    for (const [language, campaign, run] of [
      ['en', 'Campaign not found', 'Run not found'],
      ['de', 'Kampagne nicht gefunden', 'Durchlauf nicht gefunden'],
    ] as const) {
      expect((await other.api<ErrorJson>('GET', `/campaigns/${mine.id}`, undefined, { language })).body).toEqual({ error: campaign });
      expect((await f.shop.api<ErrorJson>('GET', '/campaigns/not-an-id', undefined, { language })).body).toEqual({ error: campaign });
      expect((await f.shop.api<ErrorJson>('GET', '/campaign-runs/99999999999', undefined, { language })).body).toEqual({ error: run });
    }
  });

  it('a run that could not be queued (Redis away) is answered as started: it exists and the stalled-run check will queue it', async () => {
    const mine = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    const enqueue = vi.spyOn(campaignModuleOf(f.app.ctx), 'enqueue').mockRejectedValueOnce(new Error('Redis is away'));
    const res = await f.shop.api<{ id: string; status: string }>('POST', `/campaigns/${mine.id}/run`, { idempotencyKey: 'unqueued' });
    enqueue.mockRestore();
    expect([res.status, res.body.status]).toEqual([202, 'pending']);
    // Not a failure to retry: the same key answers the same run.
    const again = await f.shop.api<{ id: string }>('POST', `/campaigns/${mine.id}/run`, { idempotencyKey: 'unqueued' });
    expect([again.status, again.body.id]).toEqual([202, res.body.id]);
  });
});

describe('the gift product as the editor and the list show it (the variant’s GID, and its names as saved)', () => {
  const product = (sku: string) => DEMO_PRODUCTS.find((p) => p.sku === sku)!;
  const variantGid = (p: { variantId: number }) => `gid://shopify/ProductVariant/${p.variantId}`;
  const productGid = (p: { productId: number }) => `gid://shopify/Product/${p.productId}`;
  const freeProduct = (p: { variantId: number }, change: Record<string, unknown> = {}) =>
    body({ active: false, gift: { kind: 'free_product', productVariantId: variantGid(p) }, ...change });
  /** The platform's answers about one variant (saves and reads alike). */
  const variantLookups = () => f.emulator.graphqlLog(f.shop.domain).filter((e) => e.operationName === 'ProductVariant').length;
  type Detail = CampaignJson & { giftProduct: Record<string, unknown> | null; giftProductMissingAt: string | null };
  const read = async (id: string) => (await f.shop.api<Detail>('GET', `/campaigns/${id}`)).body;
  const found = (title: string) => ({ status: 'found', title, variantTitle: null, imageUrl: expect.stringMatching(/^https?:\/\/.+\.svg$/) });

  it('reopened, it names the product with its image, as the platform has it now; the save answers from its own lookup', async () => {
    const tasting = product('TASTE-4');
    const before = variantLookups();
    const created = await f.shop.api<Detail>('POST', '/campaigns', freeProduct(tasting));
    expect(created.status).toBe(201);
    expect(created.body.giftProduct).toEqual(found('Probierset, 4 × 100 g'));
    // The save looked the variant up once and answered with what it found.
    expect(variantLookups()).toBe(before + 1);

    expect((await read(created.body.id)).giftProduct).toEqual(found('Probierset, 4 × 100 g'));
    expect(variantLookups()).toBe(before + 2);
    // The editor's read (for its version) asks; its save looks the variant up and answers with it, no third call.
    const renamed = await replace<Detail>(created.body.id, freeProduct(tasting, { name: 'Probierset für alle' }));
    expect([renamed.status, renamed.body.giftProduct]).toEqual([200, found('Probierset, 4 × 100 g')]);
    expect(variantLookups()).toBe(before + 4);

    // The list does not ask the platform about each campaign.
    const list = (await f.shop.api<{ campaigns: Record<string, unknown>[] }>('GET', '/campaigns')).body.campaigns;
    expect(list.find((c) => c.id === created.body.id)).not.toHaveProperty('giftProduct');
    expect(variantLookups()).toBe(before + 4);
    // Other gifts have none.
    const points = (await f.shop.api<Detail>('POST', '/campaigns', body({ active: false }))).body;
    expect([points.giftProduct, (await read(points.id)).giftProduct]).toEqual([null, null]);
  });

  it('a product deleted in the shop reads as deleted: asked while its webhook is on its way, not asked once the campaign is marked', async () => {
    const filter = product('FILTER-P');
    const mug = product('MUG-MR');
    const unmarked = (await f.shop.api<Detail>('POST', '/campaigns', freeProduct(filter))).body;
    const marked = (await f.shop.api<Detail>('POST', '/campaigns', freeProduct(mug))).body;

    // Deleted, its products/delete not delivered yet: the platform says the variant is gone.
    await f.emulator.catalog.deleteProduct(f.shop.domain, productGid(filter), { notify: false });
    const before = variantLookups();
    expect(await read(unmarked.id)).toMatchObject({ giftProduct: { status: 'deleted' }, giftProductMissingAt: null });
    expect(variantLookups()).toBe(before + 1);

    // Deleted and its webhook handled: the mark says so without asking.
    await f.emulator.catalog.deleteProduct(f.shop.domain, productGid(mug));
    await eventually(async () => (await f.db.campaign.findUniqueOrThrow({ where: { id: Number(marked.id) } })).giftProductMissingAt ?? undefined);
    const after = variantLookups();
    expect(await read(marked.id)).toMatchObject({ giftProduct: { status: 'deleted' }, giftProductMissingAt: expect.any(String) });
    // Saved unchanged (renamed), it stays deleted, still without a lookup.
    const renamed = await replace<Detail>(marked.id, freeProduct(mug, { name: 'Umbenannt' }));
    expect([renamed.status, renamed.body.giftProduct]).toEqual([200, { status: 'deleted' }]);
    expect(variantLookups()).toBe(after);
  });

  it('keeps the product’s title and image at each save: the list names it, a deleted product is still named, another gift has none', async () => {
    type Listed = { id: string; savedGiftProduct: Record<string, unknown> | null };
    const listed = async (id: string) => (await f.shop.api<{ campaigns: Listed[] }>('GET', '/campaigns')).body.campaigns.find((c) => c.id === id);
    const saved = (title: string, handle: string) => ({ title, variantTitle: null, imageUrl: expect.stringMatching(new RegExp(`/images/products/${handle}\\.svg$`)) });
    const espresso = product('ESP-250');
    const decaf = product('DECAF-250');
    const created = await f.shop.api<Detail & Listed>('POST', '/campaigns', freeProduct(espresso));
    expect(created.status).toBe(201);
    expect(created.body.savedGiftProduct).toEqual(saved('Espresso „Nonna“, 250 g', 'esp-250'));
    const { id } = created.body;
    // The list names it without asking the platform.
    const before = variantLookups();
    expect((await listed(id))?.savedGiftProduct).toEqual(saved('Espresso „Nonna“, 250 g', 'esp-250'));
    expect(variantLookups()).toBe(before);
    expect(await f.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } })).toMatchObject({
      giftProductTitle: 'Espresso „Nonna“, 250 g',
      giftVariantTitle: null,
      giftProductImageUrl: expect.stringContaining('/images/products/esp-250.svg'),
    });

    // Another product: the save keeps that one's.
    const other = await replace<Detail & Listed>(id, freeProduct(decaf));
    expect([other.status, other.body.savedGiftProduct]).toEqual([200, saved('Entkoffeiniert (Schweizer Wasser), 250 g', 'decaf-250')]);

    // The shop deletes it: the platform no longer describes it, the campaign still names it (reads, the list, a save).
    await f.emulator.catalog.deleteProduct(f.shop.domain, productGid(decaf));
    await eventually(async () => (await f.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } })).giftProductMissingAt ?? undefined);
    const gone = saved('Entkoffeiniert (Schweizer Wasser), 250 g', 'decaf-250');
    expect(await read(id)).toMatchObject({ giftProduct: { status: 'deleted' }, savedGiftProduct: gone, giftProductMissingAt: expect.any(String) });
    expect((await listed(id))?.savedGiftProduct).toEqual(gone);
    const renamed = await replace<Detail & Listed>(id, freeProduct(decaf, { name: 'Umbenannt' }));
    expect([renamed.status, renamed.body.giftProduct, renamed.body.savedGiftProduct]).toEqual([200, { status: 'deleted' }, gone]);

    // Saved as bonus points: no product kept.
    const points = await replace<Detail & Listed>(id, body({ active: false }));
    expect([points.status, points.body.savedGiftProduct, (await listed(id))?.savedGiftProduct]).toEqual([200, null, null]);
    expect(await f.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } })).toMatchObject({
      giftProductTitle: null,
      giftVariantTitle: null,
      giftProductImageUrl: null,
      giftProductMissingAt: null,
    });
  });

  it('a platform that cannot answer does not fail the read: the product is unavailable, the campaign is there', async () => {
    const grinder = product('GRIND-H');
    const created = (await f.shop.api<Detail>('POST', '/campaigns', freeProduct(grinder))).body;
    // More failures than the client's attempts: it gives up.
    f.emulator.faults.failNextAfterExecuting(10);
    try {
      const res = await f.shop.api<Detail>('GET', `/campaigns/${created.id}`);
      expect([res.status, res.body.name, res.body.giftProduct]).toEqual([200, created.name, { status: 'unavailable' }]);
    } finally {
      f.emulator.faults.reset();
    }
    expect((await read(created.id)).giftProduct).toEqual(found('Handmühle aus Edelstahl'));
  });
});

describe('two editors at once: a save names the version it read', () => {
  const put = (id: string, sent: object, language?: string) => f.shop.api<CampaignJson & ErrorJson>('PUT', `/campaigns/${id}`, sent, { language });
  const read = async (id: string) => (await f.shop.api<CampaignJson>('GET', `/campaigns/${id}`)).body;

  it('refuses the save of an editor that read before another save (409, in English and German) and changes nothing', async () => {
    const created = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    const theirs = await put(created.id, { ...body({ active: false, name: 'Ihr Name' }), version: created.version });
    expect([theirs.status, theirs.body.version]).toEqual([200, created.version + 1]);

    // Mine still shows the campaign as created: saved, it would undo their name.
    const mine = { ...body({ active: false, gift: { kind: 'bonus_points', points: 99 } }), version: created.version };
    for (const language of ['en', 'de'] as const) {
      const res = await put(created.id, mine, language);
      expect([res.status, res.body]).toEqual([409, { error: EDIT_CONFLICT[language] }]);
    }
    expect(await read(created.id)).toEqual(theirs.body);

    const reloaded = await read(created.id);
    const res = await put(created.id, { ...body({ active: false, name: reloaded.name, gift: { kind: 'bonus_points', points: 99 } }), version: reloaded.version });
    expect([res.status, res.body.name, res.body.gift, res.body.version]).toEqual([200, 'Ihr Name', { kind: 'bonus_points', points: 99 }, reloaded.version + 1]);
  });

  it('of two saves at once from one version, one is saved and the other refused without a trace', async () => {
    const created = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    const results = await Promise.all(
      ['Erster', 'Zweiter'].map((name) => put(created.id, { ...body({ active: false, name }), version: created.version })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await read(created.id)).name).toBe(results.find((r) => r.status === 200)?.body.name);
  });

  it('refuses a save without the version it read', async () => {
    const created = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    await expectInvalidInput((language) => put(created.id, body({ active: false }), language), ['version']);
  });
});

describe('a new campaign sent twice with its idempotency key', () => {
  const post = (sent: object) => f.shop.api<CampaignJson & ErrorJson>('POST', '/campaigns', sent);
  const withKey = async (key: string) => f.db.campaign.count({ where: { shopId: f.shop.id, idempotencyKey: key } });

  it('is created once: the repeat answers 200 with the first campaign, whatever it says', async () => {
    const first = await post(body({ active: false, name: 'Einmal', idempotencyKey: 'form-1' }));
    expect(first.status).toBe(201);
    const again = await post(body({ active: false, name: 'Einmal, geändert', idempotencyKey: 'form-1' }));
    expect([again.status, again.body]).toEqual([200, first.body]);
    expect(await withKey('form-1')).toBe(1);

    // Another form's key, or none, is another campaign.
    expect((await post(body({ active: false, name: 'Einmal', idempotencyKey: 'form-2' }))).status).toBe(201);
    expect((await post(body({ active: false, name: 'Einmal' }))).status).toBe(201);
    expect(await withKey('form-2')).toBe(1);
  });

  it('is created once when both arrive at once', async () => {
    const results = await Promise.all([1, 2].map(() => post(body({ active: false, idempotencyKey: 'form-at-once' }))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(results[0]?.body.id).toBe(results[1]?.body.id);
    expect(await withKey('form-at-once')).toBe(1);
  });

  it('a repeat after its once time passed is still that campaign; once deleted, 404', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const first = await post(body({ active: false, schedule: { kind: 'once', runAt: soon }, idempotencyKey: 'form-once' }));
    expect(first.status).toBe(201);
    await f.db.campaign.update({ where: { id: Number(first.body.id) }, data: { runAt: new Date('2026-01-15T08:00:00Z') } });
    const again = await post(body({ active: false, schedule: { kind: 'once', runAt: soon }, idempotencyKey: 'form-once' }));
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);

    expect((await f.shop.api('DELETE', `/campaigns/${first.body.id}`)).status).toBe(204);
    const gone = await f.shop.api<ErrorJson>('POST', '/campaigns', body({ active: false, idempotencyKey: 'form-once' }), { language: 'de' });
    expect([gone.status, gone.body]).toEqual([404, { error: 'Kampagne nicht gefunden' }]);
  });

  it('the same key in another shop is another campaign', async () => {
    const theirs = await other.api<CampaignJson>('POST', '/campaigns', body({ active: false, idempotencyKey: 'form-1' }));
    expect(theirs.status).toBe(201);
  });

  it('422 for a key that is not one', async () => {
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('POST', '/campaigns', body({ idempotencyKey: 'a:b' }), { language }), ['idempotencyKey']);
  });
});

describe('validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['no name, an unknown gift and a bad schedule', { name: '', gift: { kind: 'voucher' }, schedule: { kind: 'weekly', weekday: 0, time: '9:30' } }, ['name', 'gift.kind', 'schedule.time', 'schedule.weekday']],
    ['a share above 1 and negative days', { recipients: { mode: 'share', share: 2 }, audience: { orderedWithinDays: -1 } }, ['recipients.share', 'audience.orderedWithinDays']],
    ['a once time that is no time', { schedule: { kind: 'once', runAt: 'tomorrow' } }, ['schedule.runAt']],
    ['a product that is no variant', { gift: { kind: 'free_product', productVariantId: '4242' } }, ['gift.productVariantId']],
    ['a variant the shop does not have (looked up)', { gift: { kind: 'free_product', productVariantId: 'gid://shopify/ProductVariant/4242' } }, ['gift.productVariantId']],
    // Postgres refuses NUL in text and has no year 0 (both were a 500); 1970 had passed long ago (it ran at once).
    ['a NUL in the name', { name: 'Danke\u0000schön' }, ['name']],
    ['a lone surrogate in the name', { name: 'Danke \ud83d' }, ['name']],
    ['a once time in year 0', { schedule: { kind: 'once', runAt: '0000-01-01T00:00:00Z' } }, ['schedule.runAt']],
    ['a once time in year 0, without an offset', { schedule: { kind: 'once', runAt: '0000-01-01T09:00' } }, ['schedule.runAt']],
    ['a once time in 1970', { schedule: { kind: 'once', runAt: '1970-01-01T00:00:00Z' } }, ['schedule.runAt']],
    ['a once time an hour ago', { schedule: { kind: 'once', runAt: new Date(Date.now() - 3_600_000).toISOString() } }, ['schedule.runAt']],
    ['a joined-before date in year 0100', { audience: { joinedBefore: '0100-01-01' } }, ['audience.joinedBefore']],
  ])('422 for %s', async (_name, change, fields) => {
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('POST', '/campaigns', body(change), { language }), fields);
  });

  it.each([
    ['en', 'Choose a time in the future', 'Choose a date in the years 2000 to 9999'],
    ['de', 'Wähle einen Zeitpunkt in der Zukunft', 'Wähle ein Datum in den Jahren 2000 bis 9999'],
  ])('says in %s why a once time is refused', async (language, past, outOfRange) => {
    const passed = await f.shop.api<ErrorJson>('POST', '/campaigns', body({ schedule: { kind: 'once', runAt: '2020-05-01T09:00' } }), { language });
    expect(passed.body.details).toEqual({ fieldErrors: { 'schedule.runAt': past }, fieldErrorCodes: { 'schedule.runAt': { code: 'run_at_past', params: {} } } });
    const yearZero = await f.shop.api<ErrorJson>('POST', '/campaigns', body({ schedule: { kind: 'once', runAt: '0000-01-01T00:00:00Z' } }), { language });
    expect(yearZero.body.details?.fieldErrors).toEqual({ 'schedule.runAt': outOfRange });
  });

  it('a once time a minute ago is still taken (the form’s minute has begun)', async () => {
    const res = await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false, schedule: { kind: 'once', runAt: new Date(Date.now() - 60_000).toISOString() } }));
    expect(res.status).toBe(201);
  });

  it('a campaign whose once time has passed can still be edited; its time can be moved to the future, not to another past time', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const created = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false, schedule: { kind: 'once', runAt: inAnHour } }))).body;
    // The time passes (set in the database: the API takes no past time).
    const passed = new Date('2026-01-15T08:00:30.000Z');
    await f.db.campaign.update({ where: { id: Number(created.id) }, data: { runAt: passed } });

    // Unchanged: as stored, or as the editor sends it back (the shop's wall clock, to the minute).
    const renamed = await replace<CampaignJson>(created.id, body({ active: false, name: 'Umbenannt', schedule: { kind: 'once', runAt: passed.toISOString() } }));
    expect([renamed.status, renamed.body.name, renamed.body.schedule]).toEqual([200, 'Umbenannt', { kind: 'once', runAt: passed.toISOString() }]);
    const fromEditor = await replace<CampaignJson>(created.id, body({ active: false, name: 'Aus dem Editor', schedule: { kind: 'once', runAt: '2026-01-15T09:00' } }));
    expect([fromEditor.status, fromEditor.body.name]).toEqual([200, 'Aus dem Editor']);

    const otherPast = body({ active: false, schedule: { kind: 'once', runAt: '2026-01-16T09:00' } });
    await expectInvalidInput((language) => replace<ErrorJson>(created.id, otherPast, { language }), ['schedule.runAt']);
    const weeklyToPast = await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }));
    await expectInvalidInput((language) => replace<ErrorJson>(weeklyToPast.body.id, otherPast, { language }), ['schedule.runAt']);
    const name = await replace<ErrorJson>(created.id, body({ active: false, name: 'a\u0000b', schedule: { kind: 'once', runAt: passed.toISOString() } }));
    expect([name.status, Object.keys(name.body.details?.fieldErrors ?? {})]).toEqual([422, ['name']]);

    const moved = await replace<CampaignJson>(created.id, body({ active: false, schedule: { kind: 'once', runAt: inAnHour } }));
    expect([moved.status, moved.body.schedule]).toEqual([200, { kind: 'once', runAt: inAnHour }]);
  });

  it('422 for tiers and a reward the shop does not have (also another shop’s)', async () => {
    const foreign = (await other.api<typeof settings>('GET', '/program/settings')).body;
    const change = {
      audience: { tierIds: [settings.tiers[0]?.id, foreign.tiers[0]?.id], minimumTierId: '99999' },
      gift: { kind: 'reward_code', rewardId: foreign.rewards[0]?.id },
    };
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('POST', '/campaigns', body(change), { language }), [
      'audience.tierIds.1',
      'audience.minimumTierId',
      'gift.rewardId',
    ]);
    const res = await f.shop.api<ErrorJson>('POST', '/campaigns', body(change), { language: 'de' });
    expect(res.body.details?.fieldErrors['gift.rewardId']).toBe('Unbekannte Prämie');
  });

  it('400 for a body that is not JSON; 422 for a run key that is not one', async () => {
    expect((await f.shop.api('POST', '/campaigns', '{"name":')).status).toBe(400);
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    await expectInvalidInput((language) => f.shop.api<ErrorJson>('POST', `/campaigns/${campaign.id}/run`, { idempotencyKey: 'a:b' }, { language }), ['idempotencyKey']);
  });
});

describe('scheduled jobs', () => {
  it('a weekly campaign has a job scheduler in the shop’s zone; deactivating it removes the scheduler', async () => {
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body())).body;
    expect(await scheduler(campaign.id)).toMatchObject({ key: `campaign-${campaign.id}`, pattern: '30 9 * * 1', tz: 'Europe/Berlin' });

    await replace(campaign.id, body({ schedule: { kind: 'monthly', day: 3, time: '07:05' } }));
    expect(await scheduler(campaign.id)).toMatchObject({ pattern: '5 7 3 * *' });

    await replace(campaign.id, body({ active: false }));
    expect(await scheduler(campaign.id)).toBeUndefined();
  });

  it('reconciling (start, Redis back) restores a lost scheduler and removes one whose campaign is gone', async () => {
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body())).body;
    const { queue } = modules();
    await queue.removeJobScheduler(schedulerId(Number(campaign.id)));
    await queue.upsertJobScheduler(schedulerId(999_999), { pattern: '0 9 * * 1' }, { name: SCHEDULED_JOB, data: { campaignId: 999_999 } });
    await reconcileCampaignJobs(queue, await listActiveCampaigns(f.db));
    expect(await scheduler(campaign.id)).toMatchObject({ pattern: '30 9 * * 1', tz: 'Europe/Berlin' });
    expect(await queue.getJobScheduler(schedulerId(999_999))).toBeUndefined();
  });

  it('a once campaign is a delayed job at its time, moved when the time changes, gone when the campaign is deleted', async () => {
    const inAnHour = new Date(Date.now() + 3_600_000);
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ schedule: { kind: 'once', runAt: inAnHour.toISOString() } }))).body;
    expect(await scheduler(campaign.id)).toBeUndefined();
    const job = await onceJob(campaign.id);
    expect(await job?.isDelayed()).toBe(true);
    expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBeGreaterThan(inAnHour.getTime() - 5_000);

    const inTwoHours = new Date(Date.now() + 7_200_000);
    await replace(campaign.id, body({ schedule: { kind: 'once', runAt: inTwoHours.toISOString() } }));
    const moved = await onceJob(campaign.id);
    expect((moved?.timestamp ?? 0) + (moved?.delay ?? 0)).toBeGreaterThan(inTwoHours.getTime() - 5_000);

    await f.shop.api('DELETE', `/campaigns/${campaign.id}`);
    expect(await onceJob(campaign.id)).toBeUndefined();
  });

  it('a once campaign whose time has come runs once', async () => {
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ schedule: { kind: 'once', runAt: new Date(Date.now() + 500).toISOString() } }))).body;
    const run = await eventually(async () => {
      const runs = await f.db.campaignRun.findMany({ where: { campaignId: Number(campaign.id), dryRun: false } });
      return runs[0]?.status === 'completed' ? runs : undefined;
    }, 15_000);
    expect(run).toMatchObject([{ periodKey: 'once', trigger: 'schedule', deliveredCount: 1 }]);
    expect((await f.shop.api<CampaignJson>('GET', `/campaigns/${campaign.id}`)).body).toMatchObject({ nextRunAt: null, lastRun: { id: String(run[0]?.id), status: 'completed' } });

    // Saved with a new time after it ran: no next run is promised (none would come: it runs once), here or in the list.
    const later = new Date(Date.now() + 86_400_000).toISOString();
    const saved = await replace<CampaignJson>(campaign.id, body({ schedule: { kind: 'once', runAt: later } }));
    expect(saved.body.nextRunAt).toBeNull();
    const listed = (await f.shop.api<{ campaigns: CampaignJson[] }>('GET', '/campaigns')).body.campaigns.find((c) => c.id === campaign.id);
    expect(listed?.nextRunAt).toBeNull();
    expect(await onceJob(campaign.id)).toBeUndefined();
  });

  it('the schedule firing twice in one period makes one run', async () => {
    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body())).body;
    const { queue } = modules();
    await queue.add(SCHEDULED_JOB, { campaignId: Number(campaign.id) }, { jobId: `fired-${campaign.id}-1` });
    await queue.add(SCHEDULED_JOB, { campaignId: Number(campaign.id) }, { jobId: `fired-${campaign.id}-2` });
    const runs = await eventually(async () => {
      const found = await f.db.campaignRun.findMany({ where: { campaignId: Number(campaign.id), dryRun: false } });
      return found[0]?.status === 'completed' && (await queue.getJobCounts('waiting', 'active', 'delayed')).active === 0 ? found : undefined;
    }, 15_000);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ periodKey: expect.stringMatching(/^\d{4}-W\d{2}$/), trigger: 'schedule' });
    expect(await f.db.ledgerEntry.count({ where: { shopId: f.shop.id, reason: 'surprise_gift', sourceId: `campaign-run:${runs[0]?.id}` } })).toBe(1);
  });

  it('a job without its id fails for good; a job of an inactive campaign is skipped and its jobs removed', async () => {
    const process = createCampaignJobProcessor(f.app.ctx, modules().runner, modules().queue);
    const job = (name: string, data: unknown) => ({ name, data, timestamp: Date.now(), delay: 0 }) as unknown as Job<CampaignJobData>;
    await expect(process(job(RUN_JOB, { runId: 'x' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(process(job('something-else', {}))).rejects.toBeInstanceOf(UnrecoverableError);

    const campaign = (await f.shop.api<CampaignJson>('POST', '/campaigns', body({ active: false }))).body;
    expect(await process(job(SCHEDULED_JOB, { campaignId: Number(campaign.id) }))).toBe('skipped');
    expect(await f.db.campaignRun.count({ where: { campaignId: Number(campaign.id) } })).toBe(0);
  });
});
