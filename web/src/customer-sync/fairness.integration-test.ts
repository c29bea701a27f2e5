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
  it.each([1, 4])('every due shop gets a batch in a run whose budget the first shop would use up (%i shop(s) at once)', async (shopConcurrency) => {
    const big = await f.addShop(`fairness-big-${shopConcurrency}.myshopify.com`);
    const small = await f.addShop(`fairness-small-${shopConcurrency}.myshopify.com`);
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

    // A budget already spent: each shop writes one batch (2 members) and stops.
    const sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED, batchSize: 2, runBudgetMs: -1, shopConcurrency });
    const summary = await sync.run();

    expect(summary.more).toBe(true);
    expect(tagged(small.domain)).toBe(1);
    expect(tagged(big.domain)).toBe(2);
    // The rest follows in later runs.
    for (let run = 0; run < 5 && (await sync.run()).more; run++);
    expect(tagged(big.domain)).toBe(5);
  });
});
