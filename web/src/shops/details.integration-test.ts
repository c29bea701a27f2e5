import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { startAdminApiFixture, type AdminApiFixture } from '../admin-api/test-fixture.js';

/** `shop/update` through the whole app: the merchant changes the shop in the admin, the app follows. */
let f: AdminApiFixture;

beforeAll(async () => {
  f = await startAdminApiFixture('umzug.myshopify.com');
});
afterAll(async () => {
  await f?.close();
});

const processed = async (eventId: string) =>
  (await f.db.webhookEvent.findFirst({ where: { eventKey: eventId }, select: { status: true } }))?.status === 'processed';
const shopRow = () => f.db.shop.findUniqueOrThrow({ where: { domain: f.shop.domain } });
const tierNames = async () => (await f.db.tier.findMany({ where: { shopId: f.shop.id }, orderBy: { threshold: 'asc' } })).map((t) => t.name);

describe('shop/update', () => {
  it('reads the shop again: new time zone, currency, name and language; default names follow the language', async () => {
    expect(await shopRow()).toMatchObject({ timezone: 'Europe/Berlin', currencyCode: 'EUR', primaryLocale: 'de' });
    const germanNames = await tierNames();

    const sent = await f.emulator.updateShop({ domain: f.shop.domain, name: 'Roastery Co', timezone: 'America/New_York', currencyCode: 'USD', primaryLocale: 'en' });
    expect(sent?.status).toBe(200);
    await eventually(() => processed(sent!.eventId));
    expect(await shopRow()).toMatchObject({ name: 'Roastery Co', timezone: 'America/New_York', currencyCode: 'USD', primaryLocale: 'en' });
    expect(await tierNames()).not.toEqual(germanNames);
    expect(f.emulator.graphqlLog(f.shop.domain).at(-1)).toMatchObject({ operationName: 'ShopDetails' });
  });

  it('takes the shop as it is now: an older update delivered last does not move it back', async () => {
    const older = await f.emulator.updateShop({ domain: f.shop.domain, timezone: 'Asia/Tokyo' });
    const olderBody = f.emulator.webhooks(f.shop.domain).find((w) => w.eventId === older!.eventId)!.body;
    const newer = await f.emulator.updateShop({ domain: f.shop.domain, timezone: 'Europe/Vienna' });
    await eventually(() => processed(newer!.eventId));
    // The older change's body arrives after the newer one (another event: a delayed delivery of its own).
    const late = await f.emulator.sendWebhook(f.shop.domain, 'shop/update', JSON.parse(olderBody) as object);
    await eventually(() => processed(late.eventId));
    expect((await shopRow()).timezone).toBe('Europe/Vienna');
  });

  it('a shop the app is not installed on is left alone', async () => {
    await f.deliver(f.shop, 'app/uninstalled', { id: 1, myshopify_domain: f.shop.domain });
    const before = f.emulator.graphqlLog(f.shop.domain).length;
    const sent = await f.emulator.updateShop({ domain: f.shop.domain, timezone: 'Pacific/Auckland' });
    await eventually(() => processed(sent!.eventId));
    expect((await shopRow()).timezone).toBe('Europe/Vienna');
    expect(f.emulator.graphqlLog(f.shop.domain)).toHaveLength(before);
  });
});
