import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminApiFixture, type AdminApiFixture } from '../admin-api/test-fixture.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import { eventually } from '../../test/harness.js';

/**
 * The app's own scheduled jobs (app/jobs.ts, BullMQ on real Redis) on short periods: nobody calls the perk granter or
 * the customer sync here, an order alone leads to the perk code and the customer's tags and metafields.
 */
let f: AdminApiFixture;
const DOMAIN = 'perk-jobs.myshopify.com';

beforeAll(async () => {
  f = await startAdminApiFixture(DOMAIN, { perks: { grantsEveryMs: 300 }, customerSync: { everyMs: 300 } });
});

afterAll(async () => {
  await f?.close();
});

describe('the scheduled perk and customer sync jobs', () => {
  it('an order that reaches Gold: the perk code and the Gold tag follow by themselves', async () => {
    const perks = await f.shop.api<{ version: number; perks: { tierId: string; threshold: number }[]; rewards: { id: string; kind: string }[] }>('GET', '/tier-perks');
    const gold = perks.body.perks.find((p) => p.threshold === 2000)!.tierId;
    const freeShipping = perks.body.rewards.find((r) => r.kind === 'free_shipping')!.id;
    const version = perks.body.version;
    expect((await f.shop.api('PUT', '/tier-perks', { version, perks: [{ tierId: gold, rewardId: freeShipping, active: true }] })).status).toBe(200);

    await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 51001, customerId: 5101, subtotal: '2050.00', processedAt: new Date() }));

    const code = await eventually(async () => {
      const res = await fetch(`${f.app.url}/proxy/perks?${f.emulator.signProxyQuery(DOMAIN, '5101')}`);
      const body = (await res.json()) as { currentGrant: { code: string } | null };
      return body.currentGrant?.code;
    });
    expect(f.emulator.discounts(DOMAIN).map((d) => d.code)).toContain(code);
    await eventually(async () => f.emulator.customers(DOMAIN).find((c) => c.id === 5101)?.tags.includes('loyale-tier-gold'));
    await eventually(async () => f.emulator.metafields(DOMAIN, 'gid://shopify/Customer/5101').some((m) => m.key === 'points' && m.value === '2050'));
  });
});
