import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApiFixture, ShopClient } from '../admin-api/test-fixture.js';
import { createCustomerSync, type CustomerSync } from './sync.js';
import { orderPayer, startSyncFixture, UNPACED } from './test-fixture.js';

/**
 * A customer the merchant deleted on the platform: the platform refuses every write for them, and a metafieldsSet
 * naming them is refused whole. The others packed into the same call are still written, and the deleted one is not
 * sent again (until the platform tells of the customer again).
 */
let f: AdminApiFixture;
let shop: ShopClient;
let sync: CustomerSync;
const DOMAIN = 'customer-sync-gone.myshopify.com';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  f = await startSyncFixture(DOMAIN);
  shop = f.shop;
  sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED });
});

afterAll(async () => {
  await f?.close();
});

const pay = orderPayer(() => f, () => shop, 64_000);

function metafieldsOf(customerId: number): Record<string, string> {
  const fields = f.emulator.metafields(DOMAIN, `gid://shopify/Customer/${customerId}`).filter((m) => m.namespace === f.emulator.appNamespace);
  return Object.fromEntries(fields.map((m) => [m.key, m.value]));
}

function syncCalls(from: number) {
  const names = ['CustomerTagsAdd', 'CustomerTagsRemove', 'CustomerTagsReplace', 'CustomerMetafieldsSet'];
  return f.emulator.graphqlLog(DOMAIN).slice(from).filter((e) => names.includes(e.operationName ?? ''));
}

const ownersOf = (call: { variables: unknown }) => [...new Set((call.variables as { metafields: { ownerId: string }[] }).metafields.map((m) => m.ownerId))];

async function syncRow(customerId: number) {
  const [row] = await f.db.$queryRaw<{ dirty: boolean; gone: boolean; lastError: string | null }[]>`
    SELECT cs.dirty_since IS NOT NULL AS dirty, cs.platform_gone_at IS NOT NULL AS gone, cs.last_error AS "lastError"
    FROM customer_sync cs JOIN members m ON m.id = cs.member_id WHERE m.shop_id = ${shop.id} AND m.customer_id = ${String(customerId)}`;
  return row;
}

const customers = Array.from({ length: 8 }, (_, i) => 7401 + i);
const DELETED = 7403;

describe('customer sync: a customer deleted on the platform', () => {
  it('in a metafieldsSet with 7 others: the others are written, the deleted one is marked gone', async () => {
    for (const id of customers) await pay(id, '10.00');
    expect(await sync.run()).toMatchObject({ synced: 8, failed: 0 });

    for (const id of customers) await pay(id, '10.00'); // points only: one metafieldsSet for all eight (8 × 2)
    expect(f.emulator.deleteCustomer(DOMAIN, DELETED)).toBe(true);
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await sync.run()).toEqual({ synced: 7, failed: 1, more: false });

    const calls = syncCalls(from);
    expect(calls.map((c) => c.operationName)).toEqual(['CustomerMetafieldsSet', 'CustomerMetafieldsSet']);
    expect(ownersOf(calls[0]!)).toHaveLength(8); // refused whole, naming the deleted customer's inputs
    expect(ownersOf(calls[1]!)).toEqual(customers.filter((id) => id !== DELETED).map((id) => `gid://shopify/Customer/${id}`));
    for (const id of customers.filter((c) => c !== DELETED)) expect(metafieldsOf(id)).toEqual({ points: '20', tier: 'Bronze', points_to_next_tier: '480' });
    expect(await syncRow(DELETED)).toEqual({ dirty: true, gone: true, lastError: expect.stringContaining('Owner does not exist') });
    for (const id of customers.filter((c) => c !== DELETED)) expect(await syncRow(id)).toMatchObject({ dirty: false, gone: false });
  });

  it('is not sent again, however late the next run', async () => {
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await sync.run(new Date(Date.now() + 2 * DAY))).toEqual({ synced: 0, failed: 0, more: false });
    expect(syncCalls(from)).toEqual([]);
  });

  it('a new customer deleted before its first sync: its tag call is refused "not found", it is gone, the others are synced', async () => {
    await pay(7411, '10.00');
    await pay(7412, '10.00');
    f.emulator.deleteCustomer(DOMAIN, 7411);
    expect(await sync.run()).toEqual({ synced: 1, failed: 1, more: false });
    expect(await syncRow(7411)).toEqual({ dirty: true, gone: true, lastError: expect.stringContaining('Resource not found') });
    expect(metafieldsOf(7412)).toEqual({ points: '10', tier: 'Bronze', points_to_next_tier: '490' });
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await sync.run(new Date(Date.now() + 2 * DAY))).toEqual({ synced: 0, failed: 0, more: false });
    expect(syncCalls(from)).toEqual([]);
  });

  it('a customers/update for it clears the mark: the next run writes it', async () => {
    // The platform names the customer again (the emulator has it again from this webhook).
    await f.deliver(shop, 'customers/update', { id: DELETED, email: 'zurueck@example.de', first_name: 'Wieder', last_name: 'Da' });
    expect(await syncRow(DELETED)).toMatchObject({ dirty: true, gone: false });
    expect(await sync.run()).toEqual({ synced: 1, failed: 0, more: false });
    expect(metafieldsOf(DELETED)).toMatchObject({ points: '20', points_to_next_tier: '480' });
    expect(await syncRow(DELETED)).toEqual({ dirty: false, gone: false, lastError: null });
  });
});
