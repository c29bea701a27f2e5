import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApiFixture, ShopClient } from '../admin-api/test-fixture.js';
import { createCustomerSync, type CustomerSync } from './sync.js';
import { orderPayer, startSyncFixture, UNPACED } from './test-fixture.js';

/**
 * The customer sync end to end: members change through real `orders/paid` webhooks (and an admin adjustment), the
 * sync's run is driven here (the scheduled job is set an hour apart), tags and metafields land on the emulated
 * platform's customers.
 */
let f: AdminApiFixture;
let shop: ShopClient;
let sync: CustomerSync;
const DOMAIN = 'customer-sync.myshopify.com';

beforeAll(async () => {
  f = await startSyncFixture(DOMAIN);
  shop = f.shop;
  sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED });
});

afterAll(async () => {
  await f?.close();
});

const pay = orderPayer(() => f, () => shop, 61_000);

function tagsOf(customerId: number): string[] {
  return f.emulator.customers(DOMAIN).find((c) => c.id === customerId)?.tags ?? [];
}

/** The customer's Loyale (`$app`) metafields as key → [type, value]. */
function metafieldsOf(customerId: number): Record<string, [string, string]> {
  const fields = f.emulator.metafields(DOMAIN, `gid://shopify/Customer/${customerId}`).filter((m) => m.namespace === f.emulator.appNamespace);
  return Object.fromEntries(fields.map((m) => [m.key, [m.type, m.value]]));
}

/** The calls of the sync's operations since `from` (an index into the log). */
function syncCalls(from = 0) {
  const names = ['CustomerTagsAdd', 'CustomerTagsRemove', 'CustomerTagsReplace', 'CustomerMetafieldsSet'];
  return f.emulator.graphqlLog(DOMAIN).slice(from).filter((e) => names.includes(e.operationName ?? ''));
}

describe('customer sync: tags and metafields', () => {
  it('an order that moves a customer to Silver: the tier tag and the three metafields', async () => {
    f.emulator.upsertCustomer(DOMAIN, { id: 7101, tags: ['vip', 'newsletter'] });
    await pay(7101, '600.00');
    const from = f.emulator.graphqlLog(DOMAIN).length;

    const summary = await sync.run();
    expect(summary).toMatchObject({ failed: 0, more: false });
    expect(summary.synced).toBeGreaterThanOrEqual(1);

    expect(tagsOf(7101).sort()).toEqual(['loyale-tier-silver', 'newsletter', 'vip']); // the merchant's own tags stay
    expect(metafieldsOf(7101)).toEqual({
      points: ['number_integer', '600'],
      tier: ['single_line_text_field', 'Silber'],
      points_to_next_tier: ['number_integer', '1400'],
    });
    const tagCall = syncCalls(from).find((e) => e.operationName === 'CustomerTagsReplace');
    expect(tagCall?.variables).toEqual({
      id: 'gid://shopify/Customer/7101',
      remove: ['loyale-tier-bronze', 'loyale-tier-gold'],
      add: ['loyale-tier-silver'],
    });
  });

  it('a second run with nothing changed sends nothing', async () => {
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await sync.run()).toEqual({ synced: 0, failed: 0, more: false });
    expect(syncCalls(from)).toEqual([]);
  });

  it('a move to Gold: the Silver tag is removed, the Gold tag added, progress 0 at the top', async () => {
    await pay(7101, '1500.00'); // ×1.25 at Silver: 1875 more, 2475 qualifying
    const from = f.emulator.graphqlLog(DOMAIN).length;
    await sync.run();
    expect(tagsOf(7101).sort()).toEqual(['loyale-tier-gold', 'newsletter', 'vip']);
    expect(metafieldsOf(7101)).toEqual({
      points: ['number_integer', '2475'],
      tier: ['single_line_text_field', 'Gold'],
      points_to_next_tier: ['number_integer', '0'],
    });
    expect(syncCalls(from).map((e) => [e.operationName, e.variables])).toEqual([
      ['CustomerTagsReplace', { id: 'gid://shopify/Customer/7101', remove: ['loyale-tier-bronze', 'loyale-tier-silver'], add: ['loyale-tier-gold'] }],
      [
        'CustomerMetafieldsSet',
        {
          metafields: [
            { ownerId: 'gid://shopify/Customer/7101', namespace: '$app', key: 'points', type: 'number_integer', value: '2475' },
            { ownerId: 'gid://shopify/Customer/7101', namespace: '$app', key: 'tier', type: 'single_line_text_field', value: 'Gold' },
            { ownerId: 'gid://shopify/Customer/7101', namespace: '$app', key: 'points_to_next_tier', type: 'number_integer', value: '0' },
          ],
        },
      ],
    ]);
  });

  it('a points-only change (an adjustment) writes the points metafield and no tags', async () => {
    const adjusted = await shop.api('POST', '/customers/7101/adjustments', { delta: -75, reason: 'goodwill correction' });
    expect(adjusted.status).toBe(201);
    const from = f.emulator.graphqlLog(DOMAIN).length;
    await sync.run();
    expect(syncCalls(from).map((e) => [e.operationName, e.variables])).toEqual([
      ['CustomerMetafieldsSet', { metafields: [{ ownerId: 'gid://shopify/Customer/7101', namespace: '$app', key: 'points', type: 'number_integer', value: '2400' }] }],
    ]);
    expect(metafieldsOf(7101).points).toEqual(['number_integer', '2400']);
  });

  it('batching: 30 new members take one tag call each and ceil(30 × 3 / 25) metafieldsSet calls of at most 25', async () => {
    for (let i = 0; i < 30; i++) await pay(7200 + i, '10.00');
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await sync.run()).toMatchObject({ synced: 30, failed: 0 });

    const calls = syncCalls(from);
    const metafieldCalls = calls.filter((e) => e.operationName === 'CustomerMetafieldsSet');
    const sizes = metafieldCalls.map((e) => (e.variables as { metafields: unknown[] }).metafields.length);
    // Customers are never split across calls: 8 customers × 3 metafields (24) per call.
    expect(sizes).toEqual([24, 24, 24, 18]);
    expect(metafieldCalls).toHaveLength(Math.ceil((30 * 3) / 25));
    // One tag call each: the Bronze tag added, the shop's other tier tags removed in the same call.
    expect(calls.filter((e) => e.operationName === 'CustomerTagsReplace')).toHaveLength(30);
    for (let i = 0; i < 30; i++) {
      expect(tagsOf(7200 + i)).toEqual(['loyale-tier-bronze']);
      expect(metafieldsOf(7200 + i).points).toEqual(['number_integer', '10']);
    }
  });

  it.each(['http429', 'graphql'] as const)('a throttled call (%s) is retried, and the sync completes', async (kind) => {
    const customer = kind === 'http429' ? 7301 : 7302;
    await pay(customer, '700.00');
    const from = f.emulator.graphqlLog(DOMAIN).length;
    f.emulator.faults.throttleNext(1, kind);
    expect(await sync.run()).toMatchObject({ synced: 1, failed: 0 });
    expect(tagsOf(customer)).toEqual(['loyale-tier-silver']);
    expect(metafieldsOf(customer).tier).toEqual(['single_line_text_field', 'Silber']);
    const tagCalls = syncCalls(from).filter((e) => e.operationName === 'CustomerTagsReplace');
    expect(tagCalls).toHaveLength(2); // the throttled attempt and its retry
    if (kind === 'http429') expect(tagCalls.map((e) => e.status)).toEqual([429, 200]);
  });

  it('still throttled after every retry: the members are given back, a later run syncs them', async () => {
    await pay(7303, '650.00');
    f.emulator.faults.throttleNext(5, 'graphql'); // the client's five attempts
    expect(await sync.run()).toMatchObject({ synced: 0, failed: 0 });
    expect(tagsOf(7303)).toEqual([]);
    const [row] = await f.db.$queryRaw<{ dirty: boolean; attempts: number }[]>`
      SELECT cs.dirty_since IS NOT NULL AS dirty, cs.attempts FROM customer_sync cs JOIN members m ON m.id = cs.member_id
      WHERE m.customer_id = '7303'`;
    expect(row).toEqual({ dirty: true, attempts: 0 }); // not a failure of the member: the shop was busy
    // A minute later (the pause after a throttled shop), the next run syncs them.
    expect(await sync.run(new Date(Date.now() + 2 * 60_000))).toMatchObject({ synced: 1, failed: 0 });
    expect(tagsOf(7303)).toEqual(['loyale-tier-silver']);
  });

  it('a renamed tier reaches every member of it (the resweep after a tier edit)', async () => {
    const settings = await shop.api<{ earning: unknown; tiers: { id: string; name: string }[]; rewards: unknown[] }>('GET', '/program/settings');
    const renamed = { ...settings.body, tiers: settings.body.tiers.map((t) => (t.name === 'Gold' ? { ...t, name: 'Gold VIP' } : t)) };
    expect((await shop.api('PUT', '/program/settings', renamed)).status).toBe(200);
    const from = f.emulator.graphqlLog(DOMAIN).length;
    await sync.run();
    expect(metafieldsOf(7101).tier).toEqual(['single_line_text_field', 'Gold VIP']);
    expect(tagsOf(7101)).toContain('loyale-tier-gold'); // a default tier's tag follows its key, not its name
    // Members whose values did not change cost no calls: only 7101's tier metafield is written.
    expect(syncCalls(from).map((e) => [e.operationName, e.variables])).toEqual([
      ['CustomerMetafieldsSet', { metafields: [{ ownerId: 'gid://shopify/Customer/7101', namespace: '$app', key: 'tier', type: 'single_line_text_field', value: 'Gold VIP' }] }],
    ]);
  });
});
