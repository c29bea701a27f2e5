import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApiFixture, ShopClient } from '../admin-api/test-fixture.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { createCustomerSync } from './sync.js';
import { orderPayer, startSyncFixture, UNPACED } from './test-fixture.js';

/**
 * A program save during a sync run: the run read the shop's tiers before the save made a tier and moved a member into
 * it. That member's tier is unknown to the run; it must not be synced as "no tier" (its tier tag stripped), but left
 * for the next run, which reads the tiers again.
 */
let f: AdminApiFixture;
let shop: ShopClient;
const DOMAIN = 'customer-sync-race.myshopify.com';

beforeAll(async () => {
  f = await startSyncFixture(DOMAIN);
  shop = f.shop;
});

afterAll(async () => {
  await f?.close();
});

const pay = orderPayer(() => f, () => shop, 65_000);

const tagsOf = (customerId: number) => f.emulator.customers(DOMAIN).find((c) => c.id === customerId)?.tags ?? [];
const MOVED = 7501;
const OTHER = 7502;

/** What the program save does in the database: a new tier, and the member whose points reach it moved into it. */
async function saveProgramWithNewTier(): Promise<void> {
  await f.db.$transaction(async (tx) => {
    const [tier] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO tiers (shop_id, key, name, threshold, multiplier, updated_at) VALUES (${shop.id}, NULL, 'Platin', 550, 1.3, now()) RETURNING id`;
    await tx.$executeRaw`UPDATE members SET tier_id = ${tier!.id} WHERE shop_id = ${shop.id} AND customer_id = ${String(MOVED)}`;
  });
}

describe('customer sync: a program save during a run', () => {
  it("a member moved into a tier made after the run read the tiers keeps its tag until the next run syncs the new one", async () => {
    await pay(MOVED, '600.00');
    await pay(OTHER, '10.00');
    const plain = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED });
    expect(await plain.run()).toMatchObject({ synced: 2, failed: 0 });
    expect(tagsOf(MOVED)).toEqual(['loyale-tier-silver']);

    await pay(OTHER, '10.00'); // the run's first batch; the save comes while it writes
    const real = createAdminClient(f.app.ctx);
    let saved = false;
    const racing: AdminClient = {
      async request(domain, op, variables) {
        if (!saved) {
          saved = true;
          await saveProgramWithNewTier();
        }
        return real.request(domain, op, variables);
      },
    };
    const from = f.emulator.graphqlLog(DOMAIN).length;
    expect(await createCustomerSync(f.app.ctx, racing, { batchSize: 1, pacer: UNPACED }).run()).toEqual({ synced: 1, failed: 0, more: false });
    expect(saved).toBe(true);
    expect(tagsOf(MOVED)).toEqual(['loyale-tier-silver']); // not stripped as "no tier"
    const named = f.emulator.graphqlLog(DOMAIN).slice(from).filter((e) => JSON.stringify(e.variables).includes(`Customer/${MOVED}`));
    expect(named).toEqual([]);
    const [row] = await f.db.$queryRaw<{ dirty: boolean; attempts: number }[]>`
      SELECT cs.dirty_since IS NOT NULL AS dirty, cs.attempts FROM customer_sync cs JOIN members m ON m.id = cs.member_id
      WHERE m.shop_id = ${shop.id} AND m.customer_id = ${String(MOVED)}`;
    expect(row).toEqual({ dirty: true, attempts: 0 });

    // The next run reads the tiers with the new one: the member gets its tag and tier name.
    await plain.run();
    expect(tagsOf(MOVED)).toEqual(['loyale-tier-platin']);
    const tier = f.emulator.metafields(DOMAIN, `gid://shopify/Customer/${MOVED}`).find((m) => m.key === 'tier');
    expect(tier?.value).toBe('Platin');
  });
});
