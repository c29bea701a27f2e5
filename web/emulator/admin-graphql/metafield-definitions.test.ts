import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METAFIELD_DEFINITION_CREATE, type MetafieldDefinitionInput } from '../../src/shopify/operations/customers.js';
import { startEmulator, type Emulator } from '../index.js';
import { adminGraphqlClient, exchangeOfflineToken, TEST_API_KEY, TEST_API_SECRET, type AdminGraphqlBody } from '../test-support.js';
import { PINNED_LIMIT } from './metafield-definitions.js';

/** The app's reserved namespace (`$app`) and `metafieldDefinitionCreate`, over HTTP against the real schema. */
const SHOP = 'definitionen.myshopify.com';
let emulator: Emulator;
let gql: (query: string, variables?: Record<string, unknown>) => Promise<AdminGraphqlBody>;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
  emulator.addShop({ domain: SHOP, name: 'Definitionen', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
  emulator.upsertCustomer(SHOP, { id: 7001 });
  gql = adminGraphqlClient(emulator.url, await exchangeOfflineToken(emulator, SHOP));
});
afterAll(async () => {
  await emulator.close();
});

const definition = (key: string, overrides: Partial<MetafieldDefinitionInput> = {}): MetafieldDefinitionInput => ({
  namespace: '$app',
  key,
  name: `Feld ${key}`,
  description: 'Test',
  type: 'number_integer',
  ownerType: 'CUSTOMER',
  access: { admin: 'MERCHANT_READ' },
  pin: false,
  ...overrides,
});

async function create(input: MetafieldDefinitionInput) {
  const body = await gql(METAFIELD_DEFINITION_CREATE.source, { definition: input });
  expect(body.errors).toBeUndefined();
  return body.data?.metafieldDefinitionCreate as { createdDefinition: { id: string } | null; userErrors: { field: string[]; code: string }[] };
}

describe('the app namespace', () => {
  it('is app--<numeric id>, the same for writes and reads by `$app`', async () => {
    expect(emulator.appNamespace).toMatch(/^app--\d+$/);
    const set = await gql(
      `mutation M($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { namespace key value } userErrors { message } } }`,
      { m: [{ ownerId: 'gid://shopify/Customer/7001', namespace: '$app', key: 'points', type: 'number_integer', value: '42' }] },
    );
    expect(set.data?.metafieldsSet).toEqual({ metafields: [{ namespace: emulator.appNamespace, key: 'points', value: '42' }], userErrors: [] });
    const read = await gql(
      `{ customer(id: "gid://shopify/Customer/7001") { a: metafield(namespace: "$app", key: "points") { value } b: metafield(namespace: "${emulator.appNamespace}", key: "points") { value } c: metafield(namespace: "loyale", key: "points") { value } } }`,
    );
    expect(read.data?.customer).toEqual({ a: { value: '42' }, b: { value: '42' }, c: null });
  });
});

describe('metafieldDefinitionCreate', () => {
  it('creates a definition in the resolved namespace; the same owner type, namespace and key again is TAKEN', async () => {
    const first = await create(definition('points', { pin: true }));
    expect(first.userErrors).toEqual([]);
    expect(first.createdDefinition?.id).toMatch(/^gid:\/\/shopify\/MetafieldDefinition\/\d+$/);
    expect(emulator.metafieldDefinitions(SHOP)).toEqual([
      expect.objectContaining({ ownerType: 'CUSTOMER', namespace: emulator.appNamespace, key: 'points', type: 'number_integer', adminAccess: 'MERCHANT_READ', pinned: true }),
    ]);
    const again = await create(definition('points'));
    expect(again).toMatchObject({ createdDefinition: null, userErrors: [{ field: ['definition', 'key'], code: 'TAKEN' }] });
    // Another owner type may use the key.
    expect((await create(definition('points', { ownerType: 'PRODUCT' as 'CUSTOMER' }))).userErrors).toEqual([]);
  });

  it('refuses admin access outside the app namespace, a blank name, a bad key and an unknown type', async () => {
    const merchant = await create(definition('tier', { namespace: 'custom' }));
    expect(merchant.userErrors.map((e) => e.code)).toEqual(['ADMIN_ACCESS_INPUT_NOT_ALLOWED']);
    const bad = await create(definition('x', { name: ' ', type: 'number_whole' }));
    expect(bad.userErrors.map((e) => e.code).sort()).toEqual(['BLANK', 'INCLUSION', 'INVALID_CHARACTER']);
  });

  it(`refuses a pin beyond ${PINNED_LIMIT} pinned definitions of the owner type, and takes the same definition unpinned`, async () => {
    const pinned = emulator.metafieldDefinitions(SHOP).filter((d) => d.ownerType === 'CUSTOMER' && d.pinned).length;
    for (let i = pinned; i < PINNED_LIMIT; i++) {
      emulator.addMetafieldDefinition(SHOP, { ownerType: 'CUSTOMER', namespace: 'custom', key: `merchant_${i}`, name: `M${i}`, description: null, type: 'boolean', adminAccess: null, pinned: true });
    }
    expect((await create(definition('level', { pin: true }))).userErrors.map((e) => e.code)).toEqual(['PINNED_LIMIT_REACHED']);
    expect((await create(definition('level', { pin: false }))).userErrors).toEqual([]);
  });
});
