import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApiFixture } from '../admin-api/test-fixture.js';
import { createCustomerSync } from './sync.js';
import { orderPayer, startSyncFixture, UNPACED } from './test-fixture.js';

/**
 * Shops share the sync's runs: a shop with a backlog larger than a run can write (a tier edit re-marks every member)
 * must not keep the others waiting until it is done.
 */
let f: AdminApiFixture;
beforeAll(async () => {
  f = await startSyncFixture('fairness.myshopify.com');
});

afterAll(async () => {
  await f?.close();
});

const tagged = (domain: string) => f.emulator.customers(domain).filter((c) => c.tags.some((t) => t.startsWith('loyale-tier-'))).length;

describe('customer sync across shops', () => {
  it.each([1, 4])('runs take the shops in turn: a backlog outlasting a run waits behind the others (%i shop(s) at once)', async (shopConcurrency) => {
    const big = await f.addShop(`fairness-big-${shopConcurrency}.myshopify.com`);
    const small = await f.addShop(`fairness-small-${shopConcurrency}.myshopify.com`);
    // A run with time first: new shops' tier re-marks (a resweep after their default tiers) are done before the test's
    // runs, whose budget is spent at once (a resweep that never finishes would re-mark every member on each run).
    await createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED }).run();
    const payBig = orderPayer(() => f, () => big, 90_000);
    for (let id = 9001; id <= 9005; id++) {
      f.emulator.upsertCustomer(big.domain, { id });
      await payBig(id, '10.00');
    }
    f.emulator.upsertCustomer(small.domain, { id: 9999 });
    await orderPayer(() => f, () => small, 99_000)(9999, '10.00');
    // The big shop's members have waited longest: it comes first.
    await f.db.$executeRaw`UPDATE customer_sync SET next_attempt_at = next_attempt_at - interval '1 hour'
      WHERE shop_id = (SELECT id FROM shops WHERE domain = ${big.domain})`;

    // A budget spent at once: a run starts one shop, which writes one batch (2 members) and stops.
    const sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED, batchSize: 2, runBudgetMs: -1, shopConcurrency });
    expect((await sync.run()).more).toBe(true);
    expect([tagged(big.domain), tagged(small.domain)]).toEqual([2, 0]);
    // The next run serves the shop that waited, not the backlog again.
    expect((await sync.run()).more).toBe(true);
    expect([tagged(big.domain), tagged(small.domain)]).toEqual([2, 1]);
    // The rest follows in later runs.
    for (let run = 0; run < 5 && (await sync.run()).more; run++);
    expect(tagged(big.domain)).toBe(5);
  });
});

describe('re-marking a shop after a tier edit', () => {
  it('a re-mark longer than a run continues in the next run where it stopped, and finishes', async () => {
    const shop = await f.addShop('fairness-resweep.myshopify.com');
    const pay = orderPayer(() => f, () => shop, 95_000);
    for (let id = 9501; id <= 9505; id++) {
      f.emulator.upsertCustomer(shop.domain, { id });
      await pay(id, '10.00');
    }
    const sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED, runBudgetMs: -1, resweepChunk: 2 });
    for (let run = 0; run < 10 && (await sync.run()).more; run++); // everything synced, earlier re-marks done
    const { id: shopId } = await f.db.shop.findUniqueOrThrow({ where: { domain: shop.domain }, select: { id: true } });
    // A tier edit (what the tiers trigger records): every member must be re-marked, two per statement, one per run here.
    await f.db.$executeRaw`UPDATE customer_sync_shops SET tiers_changed_at = now() + interval '1 second' WHERE shop_id = ${shopId}`;
    const versions = () => f.db.$queryRaw<{ v: number }[]>`SELECT version AS v FROM customer_sync WHERE shop_id = ${shopId} ORDER BY member_id`;
    const before = (await versions()).map((r) => r.v);
    const done = async () =>
      (await f.db.$queryRaw<{ done: boolean }[]>`SELECT resweep_done_at >= tiers_changed_at AS done FROM customer_sync_shops WHERE shop_id = ${shopId}`)[0]?.done;

    // Three runs mark 2 + 2 + 1 members, the fourth finds no more and records the re-mark done.
    for (let run = 0; run < 3; run++) await sync.run();
    expect(await done()).toBe(false);
    await sync.run();
    expect(await done()).toBe(true);
    // Each member re-marked once: no run started over at the shop's first member.
    expect((await versions()).map((r) => r.v)).toEqual(before.map((v) => v + 1));
  });
});
