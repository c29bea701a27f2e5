import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_ORDERS_SEARCH } from '../../src/shopify/operations/draft-orders.js';
import { startEmulator, type Emulator } from '../index.js';
import { TEST_API_KEY, TEST_API_SECRET, exchangeOfflineToken } from '../test-support.js';

/** `draftOrders(query:)` over HTTP, validated against the real schema like every operation the emulator receives. */
const SHOP = 'entwurf.myshopify.com';
let emulator: Emulator;
let token: string;

interface Body {
  data?: Record<string, unknown>;
  errors?: { message: string }[];
}

async function gql(query: string, variables?: Record<string, unknown>): Promise<Body> {
  const res = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Body;
}

async function createDraft(tags: string[], customerId = 'gid://shopify/Customer/7001'): Promise<string> {
  const body = await gql('mutation D($input: DraftOrderInput!) { draftOrderCreate(input: $input) { draftOrder { id } userErrors { message } } }', {
    input: { purchasingEntity: { customerId }, lineItems: [{ variantId: 'gid://shopify/ProductVariant/4242', quantity: 1 }], tags },
  });
  return (body.data?.draftOrderCreate as { draftOrder: { id: string } }).draftOrder.id;
}

const search = async (query: string, first = 10) => {
  const body = await gql(DRAFT_ORDERS_SEARCH.source, { query, first });
  expect(body.errors).toBeUndefined();
  return (body.data?.draftOrders as { nodes: { id: string; status: string; tags: string[]; order: { id: string } | null }[] }).nodes;
};

let one: string;
let twelve: string;
let other: string;

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
  emulator.addShop({ domain: SHOP, name: 'Entwurf', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
  token = await exchangeOfflineToken(emulator, SHOP);
  one = await createDraft(['loyale', 'loyale-gift-1']);
  twelve = await createDraft(['loyale', 'loyale-gift-12'], 'gid://shopify/Customer/7002');
  other = await createDraft(['wholesale']);
  await gql('mutation C($id: ID!) { draftOrderComplete(id: $id) { userErrors { message } } }', { id: twelve });
});
afterAll(async () => {
  await emulator.close();
});

describe('draftOrders(query:)', () => {
  it('tag: matches a whole tag, quoted or not, in any case; a prefix of another tag is not a match', async () => {
    expect((await search('tag:"loyale-gift-1"')).map((d) => d.id)).toEqual([one]);
    expect((await search('tag:LOYALE-GIFT-1')).map((d) => d.id)).toEqual([one]);
    expect((await search('tag:loyale')).map((d) => d.id)).toEqual([one, twelve]);
    expect(await search('tag:"loyale-gift-99"')).toEqual([]);
  });

  it('lists completed drafts with the order they became, and their tags', async () => {
    const [found] = await search('tag:"loyale-gift-12"');
    expect(found).toMatchObject({ id: twelve, status: 'COMPLETED', order: { id: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/) } });
    expect(found?.tags).toEqual(['loyale', 'loyale-gift-12']);
  });

  it('status:, customer_id: and several terms together; no query lists all, paged by first', async () => {
    expect((await search('status:open')).map((d) => d.id)).toEqual([one, other]);
    expect((await search('tag:loyale status:completed')).map((d) => d.id)).toEqual([twelve]);
    expect((await search('customer_id:7002')).map((d) => d.id)).toEqual([twelve]);
    expect((await search('', 2)).map((d) => d.id)).toEqual([one, twelve]);
  });

  it('answers in the connection shape and refuses a query without first or last', async () => {
    const paged = await gql('{ draftOrders(first: 1, query: "tag:loyale") { edges { cursor node { id } } pageInfo { hasNextPage } } }');
    expect(paged.data).toEqual({ draftOrders: { edges: [{ cursor: expect.any(String), node: { id: one } }], pageInfo: { hasNextPage: true } } });
    const unpaged = await gql('{ draftOrders(query: "tag:loyale") { nodes { id } } }');
    expect(unpaged.errors?.map((e) => e.message).join()).toMatch(/first or last/);
  });
});
