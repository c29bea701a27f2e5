import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminApiFixture, ShopClient } from '../admin-api/test-fixture.js';
import { MIGRATIONS_DIR } from '../db/migrate.js';
import { PINNED_LIMIT } from '../../emulator/admin-graphql/metafield-definitions.js';
import { createCustomerSync, type CustomerSync } from './sync.js';
import { orderPayer, startSyncFixture, UNPACED } from './test-fixture.js';

/**
 * The customer metafields' definitions: given to each shop once, by the sync, before its first values, in the shop's
 * language; existing ones (TAKEN) and a full set of pinned definitions do not stop it; values live in `$app`.
 */
let f: AdminApiFixture;
let shop: ShopClient;
let sync: CustomerSync;
const DOMAIN = 'definitions-sync.myshopify.com';

beforeAll(async () => {
  f = await startSyncFixture(DOMAIN);
  shop = f.shop;
  sync = createCustomerSync(f.app.ctx, undefined, { pacer: UNPACED });
});

afterAll(async () => {
  await f?.close();
});

const KEYS = ['points', 'tier', 'points_to_next_tier'];

function definitionCalls(domain: string, from: number) {
  return f.emulator.graphqlLog(domain).slice(from).filter((e) => e.operationName === 'CustomerMetafieldDefinitionCreate');
}

/** The customer's metafields in the app's namespace, key → value. */
function valuesOf(domain: string, customerId: number): Record<string, string> {
  const fields = f.emulator.metafields(domain, `gid://shopify/Customer/${customerId}`).filter((m) => m.namespace === f.emulator.appNamespace);
  return Object.fromEntries(fields.map((m) => [m.key, m.value]));
}

describe('customer metafield definitions', () => {
  it('the first sync gives the shop the three definitions (German, app-owned, pinned), then writes the values under them', async () => {
    const pay = orderPayer(() => f, () => shop, 81_000);
    f.emulator.upsertCustomer(DOMAIN, { id: 7801 });
    await pay(7801, '120.00');
    await sync.run();

    expect(f.emulator.metafieldDefinitions(DOMAIN).map((d) => [d.ownerType, d.namespace, d.key, d.type, d.name, d.adminAccess, d.pinned])).toEqual([
      ['CUSTOMER', f.emulator.appNamespace, 'points', 'number_integer', 'Treuepunkte', 'MERCHANT_READ', true],
      ['CUSTOMER', f.emulator.appNamespace, 'tier', 'single_line_text_field', 'Treuestufe', 'MERCHANT_READ', true],
      ['CUSTOMER', f.emulator.appNamespace, 'points_to_next_tier', 'number_integer', 'Punkte bis zur nächsten Stufe', 'MERCHANT_READ', true],
    ]);
    expect(valuesOf(DOMAIN, 7801)).toEqual({ points: '120', tier: 'Bronze', points_to_next_tier: '380' });

    // Given once: the next change syncs without asking again.
    const from = f.emulator.graphqlLog(DOMAIN).length;
    await pay(7801, '10.00');
    await sync.run();
    expect(valuesOf(DOMAIN, 7801).points).toBe('130');
    expect(definitionCalls(DOMAIN, from)).toEqual([]);
  });

  it('definitions the shop has already (a run whose answers were lost) count as given: nothing defined twice', async () => {
    const domain = 'definitions-taken.myshopify.com';
    const other = await f.addShop(domain);
    for (const key of KEYS) {
      f.emulator.addMetafieldDefinition(domain, {
        ownerType: 'CUSTOMER', namespace: f.emulator.appNamespace, key, name: key, description: null, type: 'number_integer', adminAccess: 'MERCHANT_READ', pinned: true,
      });
    }
    f.emulator.upsertCustomer(domain, { id: 7802 });
    await orderPayer(() => f, () => other, 82_000)(7802, '50.00');
    const from = f.emulator.graphqlLog(domain).length;
    await sync.run();

    expect(definitionCalls(domain, from)).toHaveLength(3);
    expect(f.emulator.metafieldDefinitions(domain)).toHaveLength(3);
    expect(valuesOf(domain, 7802)).toEqual({ points: '50', tier: 'Bronze', points_to_next_tier: '450' });
    await orderPayer(() => f, () => other, 82_100)(7802, '5.00');
    const next = f.emulator.graphqlLog(domain).length;
    await sync.run();
    expect(definitionCalls(domain, next)).toEqual([]);
  });

  it(`a shop with ${PINNED_LIMIT} pinned customer definitions of its own gets Loyale's unpinned`, async () => {
    const domain = 'definitions-pinned.myshopify.com';
    const other = await f.addShop(domain);
    for (let i = 0; i < PINNED_LIMIT; i++) {
      f.emulator.addMetafieldDefinition(domain, {
        ownerType: 'CUSTOMER', namespace: 'custom', key: `field_${i}`, name: `Feld ${i}`, description: null, type: 'boolean', adminAccess: null, pinned: true,
      });
    }
    f.emulator.upsertCustomer(domain, { id: 7803 });
    await orderPayer(() => f, () => other, 83_000)(7803, '20.00');
    await sync.run();

    const loyale = f.emulator.metafieldDefinitions(domain).filter((d) => d.namespace === f.emulator.appNamespace);
    expect(loyale.map((d) => [d.key, d.pinned])).toEqual(KEYS.map((key) => [key, false]));
    expect(valuesOf(domain, 7803).points).toBe('20');
  });

  it("the migration's reset (values synced under `loyale`) writes all three values under `$app` again, the tier tag not", async () => {
    const domain = 'definitions-migrated.myshopify.com';
    const other = await f.addShop(domain);
    f.emulator.upsertCustomer(domain, { id: 7804 });
    await orderPayer(() => f, () => other, 84_000)(7804, '70.00');
    await sync.run();
    const { id: shopId } = await f.db.shop.findUniqueOrThrow({ where: { domain }, select: { id: true } });
    // In sync, as an older build left it (which wrote the same values under `loyale`).
    expect(await f.db.$queryRaw`SELECT synced_points, dirty_since FROM customer_sync WHERE shop_id = ${shopId}`).toEqual([{ synced_points: 70, dirty_since: null }]);

    const sql = readFileSync(path.join(MIGRATIONS_DIR, '20261206220000_customer_metafields_app_namespace', 'migration.sql'), 'utf8');
    // The migration's statement, kept to this shop: other test files share the database.
    const reset = sql.slice(sql.indexOf('UPDATE "customer_sync"')).trim();
    expect(reset.endsWith('WHERE "synced_at" IS NOT NULL;')).toBe(true);
    await f.db.$executeRawUnsafe(`${reset.slice(0, -1)} AND "shop_id" = ${shopId}`);
    const from = f.emulator.graphqlLog(domain).length;
    await sync.run();

    const calls = f.emulator.graphqlLog(domain).slice(from);
    expect(calls.map((e) => [e.operationName, e.variables])).toEqual([
      [
        'CustomerMetafieldsSet',
        {
          metafields: [
            { ownerId: 'gid://shopify/Customer/7804', namespace: '$app', key: 'points', type: 'number_integer', value: '70' },
            { ownerId: 'gid://shopify/Customer/7804', namespace: '$app', key: 'tier', type: 'single_line_text_field', value: 'Bronze' },
            { ownerId: 'gid://shopify/Customer/7804', namespace: '$app', key: 'points_to_next_tier', type: 'number_integer', value: '430' },
          ],
        },
      ],
    ]);
  });
});

describe('after a reinstall', () => {
  it('the definitions are given again (the platform may have removed what the app owned; existing ones answer TAKEN)', async () => {
    const domain = 'definitions-reinstall.myshopify.com';
    const other = await f.addShop(domain);
    f.emulator.upsertCustomer(domain, { id: 7805 });
    const pay = orderPayer(() => f, () => other, 85_000);
    await pay(7805, '10.00');
    await sync.run();
    expect(f.emulator.metafieldDefinitions(domain)).toHaveLength(3);

    await f.deliver(other, 'app/uninstalled', { id: 1, name: 'Reinstall', domain, myshopify_domain: domain });
    expect((await other.api('GET', '/program')).status).toBe(200); // the merchant opens the app again: installed afresh
    await pay(7805, '5.00');
    const from = f.emulator.graphqlLog(domain).length;
    await sync.run();
    expect(definitionCalls(domain, from)).toHaveLength(3);
    expect(f.emulator.metafieldDefinitions(domain)).toHaveLength(3);
  });
});
