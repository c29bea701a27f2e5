import { GraphqlQueryError, Session } from '@shopify/shopify-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PRODUCT_VARIANT, PRODUCT_VARIANT_PRICE, PRODUCT_VARIANT_PRODUCTS, PRODUCT_VARIANTS_SEARCH } from '../src/shopify/operations/products.js';
import { DEMO_PRODUCTS } from './demo-data.js';
import { startEmulator, type Emulator } from './index.js';
import { TEST_API_KEY, TEST_API_SECRET, testShopifyApi, exchangeOfflineToken } from './test-support.js';

const SHOP = 'bohnenhandel.myshopify.com';
let emulator: Emulator;
let token: string;

const install = (shop: string) => exchangeOfflineToken(emulator, shop);

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
  emulator.addShop({ domain: SHOP, name: 'Bohnenhandel', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
  token = await install(SHOP);
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.faults.reset());

interface GraphqlBody {
  data?: Record<string, unknown>;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions: Record<string, unknown> }[];
  extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: Record<string, number> } };
}

async function gql(query: string, variables?: Record<string, unknown>, options: { accessToken?: string | null; version?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const accessToken = options.accessToken === undefined ? token : options.accessToken;
  if (accessToken !== null) headers['x-shopify-access-token'] = accessToken;
  const res = await fetch(`${emulator.url}/admin/api/${options.version ?? '2026-10'}/graphql.json`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphqlBody };
}

const BASIC_CREATE = `
  mutation DiscountCodeBasicCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic { title codes(first: 1) { nodes { code } } usageLimit status }
        }
      }
      userErrors { field message code }
    }
  }`;

function basicInput(code: string) {
  const startsAt = new Date();
  return {
    title: `Loyale: 10 % Rabatt (${code})`,
    code,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 90 * 86_400_000).toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: ['gid://shopify/Customer/7001'] } },
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
  };
}

describe('authentication and versions', () => {
  it('answers an unknown or missing access token with 401', async () => {
    for (const accessToken of ['shpat_unknown', null]) {
      const res = await gql('{ shop { name } }', undefined, { accessToken });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
  });

  it('answers an unknown API version with 404', async () => {
    expect((await gql('{ shop { name } }', undefined, { version: '2019-13' })).status).toBe(404);
    expect((await gql('{ shop { name } }', undefined, { version: '2019-10' })).status).toBe(404);
  });

  it('takes an application/graphql body and names the version it answered in', async () => {
    const res = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', 'x-shopify-access-token': token },
      body: '{ shop { name } }',
    });
    expect(res.headers.get('x-shopify-api-version')).toBe('2026-10');
    expect(await res.json()).toMatchObject({ data: { shop: { name: 'Bohnenhandel' } } });
  });

  it('knows the shop from the token', async () => {
    const other = await install('teestube.myshopify.com');
    const res = await gql('{ shop { myshopifyDomain } }', undefined, { accessToken: other });
    expect(res.body.data).toEqual({ shop: { myshopifyDomain: 'teestube.myshopify.com' } });
  });
});

describe('validation against the real schema', () => {
  it('refuses an unknown field with the Admin API error shape and no data', async () => {
    const res = await gql('query Q {\n  shop { name nope }\n}');
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        message: "Field 'nope' doesn't exist on type 'Shop'",
        locations: [{ line: 2, column: 15 }],
        extensions: { code: 'undefinedField', typeName: 'Shop', fieldName: 'nope' },
      },
    ]);
    expect(res.body.extensions?.cost.requestedQueryCost).toBe(0);
  });

  it('refuses a missing required argument, a wrong variable type and a syntax error', async () => {
    const missing = await gql('{ customer { id } }');
    expect(missing.body.errors?.[0]).toMatchObject({ message: "Field 'customer' is missing required arguments: id", extensions: { code: 'missingRequiredArguments' } });
    const wrongVariable = await gql('query Q($id: String!) { customer(id: $id) { id } }', { id: 'x' });
    expect(wrongVariable.body.errors?.[0]?.extensions.code).toBe('variableMismatch');
    const syntax = await gql('{ shop { name }');
    expect(syntax.body.errors?.[0]).toMatchObject({ locations: [{ line: 1, column: 16 }], extensions: { code: 'parseError' } });
    const badValue = await gql(BASIC_CREATE, { input: { ...basicInput('X'), usageLimit: 'one' } });
    expect(badValue.body.errors?.[0]?.extensions.code).toBe('INVALID_VARIABLE');
    expect(emulator.discounts(SHOP).some((d) => d.code === 'X')).toBe(false);
  });

  it('requires first or last on connections, as the platform does', async () => {
    const res = await gql('{ customers(query: "x") { nodes { id } } }');
    expect(res.body.errors?.[0]).toMatchObject({ message: 'you must provide one of first or last', path: ['customers'] });
  });
});

describe('queries', () => {
  it('answers shop and shopLocales in exactly the requested shape, unknown fields as null or neutral', async () => {
    const res = await gql(`query ShopDetails {
      shop { id name currencyCode ianaTimezone myshopifyDomain email primaryDomain { host url } label: name description accountOwner { email } }
      shopLocales { locale primary published }
    }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      shop: {
        id: expect.stringMatching(/^gid:\/\/shopify\/Shop\/\d+$/),
        name: 'Bohnenhandel',
        currencyCode: 'EUR',
        ianaTimezone: 'Europe/Berlin',
        myshopifyDomain: SHOP,
        email: 'inhaber@bohnenhandel.example',
        primaryDomain: { host: SHOP, url: `https://${SHOP}` },
        label: 'Bohnenhandel',
        description: null,
        accountOwner: { email: '' },
      },
      shopLocales: [
        { locale: 'de', primary: true, published: true },
        { locale: 'en', primary: false, published: true },
      ],
    });
    expect(res.body.extensions?.cost).toEqual({
      requestedQueryCost: 4, // shop, primaryDomain, accountOwner, shopLocales: one per object
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
  });

  it('denies shopLocales to a token without read_locales, as the Admin API does (ACCESS_DENIED, data null)', async () => {
    const narrow = await startEmulator({
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      appUrl: 'http://127.0.0.1:9',
      scopes: ['read_orders', 'read_customers'],
    });
    try {
      narrow.addShop({ domain: SHOP, name: 'Bohnenhandel', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });
      const narrowToken = await exchangeOfflineToken(narrow, SHOP);
      const res = await fetch(`${narrow.url}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': narrowToken },
        body: JSON.stringify({ query: 'query ShopDetails { shop { name } shopLocales { locale primary } }' }),
      });
      const body = (await res.json()) as GraphqlBody;
      expect(res.status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors).toEqual([
        {
          message: 'Access denied for shopLocales field. Required access: `read_locales` access scope or `read_markets_home` access scope.',
          locations: [{ line: 1, column: 35 }],
          path: ['shopLocales'],
          extensions: {
            code: 'ACCESS_DENIED',
            documentation: 'https://shopify.dev/api/usage/access-scopes',
            requiredAccess: '`read_locales` access scope or `read_markets_home` access scope.',
          },
        },
      ]);
    } finally {
      await narrow.close();
    }
  });

  it('finds customers by id and by query, paginated', async () => {
    emulator.upsertCustomer(SHOP, { id: 7001, email: 'anna.schmidt@example.de', firstName: 'Anna', lastName: 'Schmidt', locale: 'de' });
    emulator.upsertCustomer(SHOP, { id: 7002, email: 'jonas.weber@example.de', firstName: 'Jonas', lastName: 'Weber' });
    const one = await gql('query C($id: ID!) { customer(id: $id) { id firstName displayName defaultEmailAddress { emailAddress } locale } }', {
      id: 'gid://shopify/Customer/7001',
    });
    expect(one.body.data).toEqual({
      customer: { id: 'gid://shopify/Customer/7001', firstName: 'Anna', displayName: 'Anna Schmidt', defaultEmailAddress: { emailAddress: 'anna.schmidt@example.de' }, locale: 'de' },
    });
    const search = await gql('{ customers(first: 5, query: "email:jonas.weber@example.de") { nodes { id } } }');
    expect(search.body.data).toEqual({ customers: { nodes: [{ id: 'gid://shopify/Customer/7002' }] } });
    const page = await gql('{ customers(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }');
    const connection = page.body.data?.customers as { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(connection.edges).toHaveLength(1);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    const next = await gql('query N($after: String) { customers(first: 5, after: $after) { nodes { id } pageInfo { hasNextPage } } }', {
      after: connection.pageInfo.endCursor,
    });
    expect(next.body.data).toEqual({ customers: { nodes: [{ id: 'gid://shopify/Customer/7002' }], pageInfo: { hasNextPage: false } } });
    expect((await gql('{ customer(id: "gid://shopify/Customer/1") { id } }')).body.data).toEqual({ customer: null });
  });

  it('prices connections by their size and refuses a query above the single-query limit', async () => {
    const small = await gql('{ customers(first: 10) { nodes { id } } }');
    expect(small.body.extensions?.cost).toMatchObject({ requestedQueryCost: 12, actualQueryCost: 4 });
    const huge = await gql('{ customers(first: 250) { nodes { metafields(first: 10) { nodes { value } } } } }');
    expect(huge.body.data).toBeUndefined();
    expect(huge.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maxCost: 1000 });
  });
});

describe('the demo catalogue (product queries)', () => {
  const espresso = DEMO_PRODUCTS[0]!;
  const variantGid = `gid://shopify/ProductVariant/${espresso.variantId}`;

  it("answers the app's own product operations, validated like everything else", async () => {
    const one = await gql(PRODUCT_VARIANT.source, { id: variantGid });
    expect(one.body.errors).toBeUndefined();
    const imageUrl = `${emulator.url}/images/products/${espresso.handle}.svg`;
    expect(one.body.data).toEqual({
      productVariant: {
        id: variantGid,
        title: 'Default Title',
        price: espresso.price,
        media: { nodes: [] },
        product: {
          id: `gid://shopify/Product/${espresso.productId}`,
          title: espresso.title,
          hasOnlyDefaultVariant: true,
          featuredMedia: { preview: { image: { url: imageUrl } } },
        },
      },
    });
    const image = await fetch(imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await image.text()).toMatch(/^<svg[^>]+aria-label="Espresso „Nonna“, 250 g"/);
    expect((await fetch(`${emulator.url}/images/products/nope.svg`)).status).toBe(404);

    const search = await gql(PRODUCT_VARIANTS_SEARCH.source, { first: 5, query: 'hausm*' });
    const nodes = (search.body.data?.productVariants as { nodes: { product: { title: string } }[] }).nodes;
    expect(nodes.map((n) => n.product.title)).toEqual(['Hausmischung, 500 g', 'Büro-Vorrat Hausmischung, 3 kg']);
    const first = await gql(PRODUCT_VARIANTS_SEARCH.source, { first: 3, query: null });
    expect((first.body.data?.productVariants as { nodes: unknown[] }).nodes).toHaveLength(3);
  });

  it('finds nothing for an unknown or foreign id', async () => {
    const res = await gql('query($a: ID!, $b: ID!) { a: productVariant(id: $a) { id } b: productVariant(id: $b) { id } }', {
      a: 'gid://shopify/ProductVariant/1',
      b: `gid://shopify/Product/${espresso.productId}`,
    });
    expect(res.body.data).toEqual({ a: null, b: null });
  });

  it('searches products and variants by title, SKU and id; reads them as nodes', async () => {
    const products = await gql('{ products(first: 10, query: "title:kolumbien") { nodes { title handle variants(first: 5) { nodes { sku } } } } }');
    expect(products.body.data).toEqual({ products: { nodes: [{ title: 'Kolumbien Huila, 250 g', handle: 'col-250', variants: { nodes: [{ sku: 'COL-250' }] } }] } });
    const bySku = await gql('{ productVariants(first: 10, query: "sku:MUG") { nodes { sku displayName } } }');
    expect(bySku.body.data).toEqual({ productVariants: { nodes: [{ sku: 'MUG-MR', displayName: 'Keramikbecher „Morgenrot“ - Default Title' }] } });
    const byId = await gql(`{ productVariants(first: 10, query: "id:${espresso.variantId}") { nodes { id } } }`);
    expect(byId.body.data).toEqual({ productVariants: { nodes: [{ id: variantGid }] } });
    const node = await gql('query($id: ID!) { node(id: $id) { __typename ... on ProductVariant { sku product { handle } } } }', { id: variantGid });
    expect(node.body.data).toEqual({ node: { __typename: 'ProductVariant', sku: 'ESP-250', product: { handle: 'esp-250' } } });
  });

  it("answers a variant's price at the shop's current price; a deleted product and its variant are gone", async () => {
    // A shop of its own: the merchant's edits are per shop and must not change the catalogue the other tests read.
    const shop = 'preisaenderung.myshopify.com';
    emulator.addShop({ domain: shop, currencyCode: 'EUR' });
    const accessToken = await install(shop);
    const mug = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
    const mugGid = `gid://shopify/ProductVariant/${mug.variantId}`;
    const price = async (id: string) => (await gql(PRODUCT_VARIANT_PRICE.source, { id }, { accessToken })).body;

    expect(await price(mugGid)).toMatchObject({ data: { productVariant: { id: mugGid, price: '14.00' } } });
    emulator.catalog.setVariantPrice(shop, mugGid, '15.50');
    expect((await price(mugGid)).data).toEqual({ productVariant: { id: mugGid, price: '15.50' } });
    const search = await gql('{ productVariants(first: 5, query: "sku:MUG") { nodes { price } } }', undefined, { accessToken });
    expect(search.body.data).toEqual({ productVariants: { nodes: [{ price: '15.50' }] } });
    // Another shop still sells it at the catalogue's price.
    expect((await gql(PRODUCT_VARIANT_PRICE.source, { id: mugGid })).body.data).toEqual({ productVariant: { id: mugGid, price: '14.00' } });

    emulator.catalog.deleteProduct(shop, mugGid);
    expect((await price(mugGid)).data).toEqual({ productVariant: null });
    const gone = await gql('query($id: ID!) { product(id: $id) { id } productVariants(first: 5, query: "sku:MUG") { nodes { id } } }', {
      id: `gid://shopify/Product/${mug.productId}`,
    }, { accessToken });
    expect(gone.body.data).toEqual({ product: null, productVariants: { nodes: [] } });
    expect(() => emulator.catalog.setVariantPrice(shop, 'gid://shopify/ProductVariant/1', '1.00')).toThrow(/not a variant/);
  });

  it('answers nodes(ids:) for variants in the order asked, with their product; a deleted or unknown one is null', async () => {
    const shop = 'knotenfrage.myshopify.com';
    emulator.addShop({ domain: shop, currencyCode: 'EUR' });
    const accessToken = await install(shop);
    const [mug, filter] = ['MUG-MR', 'FILTER-P'].map((sku) => DEMO_PRODUCTS.find((p) => p.sku === sku)!);
    const variant = (p: { variantId: number }) => `gid://shopify/ProductVariant/${p.variantId}`;
    const product = (p: { productId: number }) => `gid://shopify/Product/${p.productId}`;
    const ids = [variant(filter!), variant(mug!), 'gid://shopify/ProductVariant/1'];
    const ask = async () => (await gql(PRODUCT_VARIANT_PRODUCTS.source, { ids }, { accessToken })).body;

    expect(await ask()).toMatchObject({
      data: { nodes: [{ id: variant(filter!), product: { id: product(filter!) } }, { id: variant(mug!), product: { id: product(mug!) } }, null] },
    });
    await emulator.catalog.deleteProduct(shop, product(mug!));
    expect((await ask()).data).toEqual({ nodes: [{ id: variant(filter!), product: { id: product(filter!) } }, null, null] });
    // Deleted in that shop only.
    expect((await gql(PRODUCT_VARIANT_PRODUCTS.source, { ids: [variant(mug!)] })).body.data).toEqual({
      nodes: [{ id: variant(mug!), product: { id: product(mug!) } }],
    });
  });
});

describe('discount mutations', () => {
  it('stores a basic code discount and answers in the requested shape', async () => {
    const input = basicInput('LOYALE-AAAA1111');
    const res = await gql(BASIC_CREATE, { input });
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data?.discountCodeBasicCreate as { codeDiscountNode: { id: string }; userErrors: unknown[] };
    expect(payload).toEqual({
      codeDiscountNode: {
        id: expect.stringMatching(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/),
        codeDiscount: { title: input.title, codes: { nodes: [{ code: 'LOYALE-AAAA1111' }] }, usageLimit: 1, status: 'ACTIVE' },
      },
      userErrors: [],
    });
    expect(emulator.graphqlLog(SHOP).at(-1)).toMatchObject({ shop: SHOP, operationName: 'DiscountCodeBasicCreate', variables: { input }, status: 200 });
    const stored = emulator.discounts(SHOP).find((d) => d.code === 'LOYALE-AAAA1111');
    expect(stored).toEqual({
      id: payload.codeDiscountNode.id,
      shop: SHOP,
      mutation: 'discountCodeBasicCreate',
      code: 'LOYALE-AAAA1111',
      title: input.title,
      input,
      variables: { input },
      createdAt: expect.any(String),
    });
    const byCode = await gql('query F($code: String!) { codeDiscountNodeByCode(code: $code) { id } }', { code: 'loyale-aaaa1111' });
    expect(byCode.body.data).toEqual({ codeDiscountNodeByCode: { id: payload.codeDiscountNode.id } });
    expect(res.body.extensions?.cost.requestedQueryCost).toBe(10);
  });

  it('stores a free-shipping code discount with an inline input', async () => {
    const res = await gql(`mutation {
      discountCodeFreeShippingCreate(freeShippingCodeDiscount: {
        title: "Kostenloser Versand", code: "SHIP-1", startsAt: "2026-11-22T00:00:00Z", destination: { all: true }, usageLimit: 1
      }) {
        codeDiscountNode { codeDiscount { __typename ... on DiscountCodeFreeShipping { title codes(first: 5) { nodes { code } } } } }
        userErrors { code }
      }
    }`);
    expect(res.body.data).toEqual({
      discountCodeFreeShippingCreate: {
        codeDiscountNode: { codeDiscount: { __typename: 'DiscountCodeFreeShipping', title: 'Kostenloser Versand', codes: { nodes: [{ code: 'SHIP-1' }] } } },
        userErrors: [],
      },
    });
    expect(emulator.discounts(SHOP).at(-1)).toMatchObject({ mutation: 'discountCodeFreeShippingCreate', code: 'SHIP-1', input: { destination: { all: true } } });
  });

  it('refuses a code that is taken (in any case) with userErrors', async () => {
    await gql(BASIC_CREATE, { input: basicInput('LOYALE-DUP') });
    const before = emulator.discounts(SHOP).length;
    const res = await gql(BASIC_CREATE, { input: basicInput('loyale-dup') });
    expect(res.body.data).toEqual({
      discountCodeBasicCreate: {
        codeDiscountNode: null,
        userErrors: [{ field: ['basicCodeDiscount', 'code'], message: 'Code must be unique. Please try a different code.', code: 'TAKEN' }],
      },
    });
    expect(emulator.discounts(SHOP)).toHaveLength(before);
  });

  it('refuses blank fields and an end before the start', async () => {
    const res = await gql(BASIC_CREATE, { input: { ...basicInput(''), endsAt: '2000-01-01T00:00:00Z' } });
    const errors = (res.body.data?.discountCodeBasicCreate as { userErrors: { code: string }[] }).userErrors.map((e) => e.code);
    expect(errors).toEqual(['BLANK', 'END_DATE_BEFORE_START_DATE']);
  });

  it('stores a fixed amount off one variant, and refuses an amount that is not above 0 or a value of two kinds', async () => {
    const variant = `gid://shopify/ProductVariant/${DEMO_PRODUCTS[0]!.variantId}`;
    const fixed = { value: { discountAmount: { amount: '8.90', appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [variant] } } };
    const res = await gql(BASIC_CREATE, { input: { ...basicInput('LOYALE-FIXED'), customerGets: fixed } });
    expect((res.body.data?.discountCodeBasicCreate as { userErrors: unknown[] }).userErrors).toEqual([]);
    const read = await gql(`query($code: String!) { codeDiscountNodeByCode(code: $code) { codeDiscount { ... on DiscountCodeBasic {
      discountClasses customerGets { value { ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
        items { ... on DiscountProducts { productVariants(first: 5) { nodes { id } } } } } } } } }`, { code: 'LOYALE-FIXED' });
    expect(read.body.data).toEqual({
      codeDiscountNodeByCode: { codeDiscount: {
        discountClasses: ['PRODUCT'],
        customerGets: { value: { amount: { amount: '8.90', currencyCode: 'EUR' }, appliesOnEachItem: false }, items: { productVariants: { nodes: [{ id: variant }] } } },
      } },
    });

    const userErrors = async (code: string, value: Record<string, unknown>) =>
      ((await gql(BASIC_CREATE, { input: { ...basicInput(code), customerGets: { ...fixed, value } } })).body.data?.discountCodeBasicCreate as {
        userErrors: { field: string[]; code: string }[];
      }).userErrors;
    expect(await userErrors('LOYALE-ZERO', { discountAmount: { amount: '0.00', appliesOnEachItem: false } })).toEqual([
      { field: ['basicCodeDiscount', 'customerGets', 'value', 'discountAmount', 'amount'], message: 'Value must be greater than 0', code: 'GREATER_THAN' },
    ]);
    expect((await userErrors('LOYALE-NEG', { discountAmount: { amount: '-1', appliesOnEachItem: false } })).map((e) => e.code)).toEqual(['GREATER_THAN']);
    expect((await userErrors('LOYALE-BOTH', { percentage: 1, discountAmount: { amount: '8.90' } })).map((e) => e.code)).toEqual(['TOO_MANY_ARGUMENTS']);
    expect(emulator.discounts(SHOP).filter((d) => ['LOYALE-ZERO', 'LOYALE-NEG', 'LOYALE-BOTH'].includes(d.code))).toEqual([]);
  });

  it('refuses the next discounts when told to, then works again', async () => {
    emulator.faults.refuseNextDiscounts(1, 'Discount codes are disabled for this shop');
    const refused = await gql(BASIC_CREATE, { input: basicInput('LOYALE-REFUSED') });
    expect(refused.body.data).toEqual({
      discountCodeBasicCreate: {
        codeDiscountNode: null,
        userErrors: [{ field: ['basicCodeDiscount', 'code'], message: 'Discount codes are disabled for this shop', code: 'INVALID' }],
      },
    });
    const accepted = await gql(BASIC_CREATE, { input: basicInput('LOYALE-REFUSED') });
    expect((accepted.body.data?.discountCodeBasicCreate as { userErrors: unknown[] }).userErrors).toEqual([]);
  });
});

describe('throttling', () => {
  it('answers THROTTLED with the bucket state for the next n calls when told to', async () => {
    emulator.faults.throttleNext(2);
    for (let i = 0; i < 2; i++) {
      const res = await gql('{ shop { name } }');
      expect(res.status).toBe(200);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toEqual([{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }]);
      expect(res.body.extensions?.cost).toEqual({
        requestedQueryCost: 1,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
      });
    }
    expect((await gql('{ shop { name } }')).body.data).toEqual({ shop: { name: 'Bohnenhandel' } });
    expect(emulator.graphqlLog(SHOP).slice(-3).map((e) => e.status)).toEqual([200, 200, 200]);
  });

  it('answers HTTP 429 with Retry-After when told to', async () => {
    emulator.faults.throttleNext(1, 'http429');
    const res = await gql('{ shop { name } }');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await gql('{ shop { name } }')).status).toBe(200);
    expect(emulator.graphqlLog(SHOP).at(-2)).toMatchObject({ status: 429, query: '{ shop { name } }' });
  });

  it('is seen by the library client as a GraphQL error with the throttle status', async () => {
    const shopify = testShopifyApi(emulator.url);
    const session = new Session({ id: `offline_${SHOP}`, shop: SHOP, state: '', isOnline: false, accessToken: token });
    const client = new shopify.clients.Graphql({ session });
    const ok = await client.request('query Name { shop { name } }');
    expect(ok.data).toEqual({ shop: { name: 'Bohnenhandel' } });
    emulator.faults.throttleNext(1);
    const error = await client.request('query Name { shop { name } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    expect((error as GraphqlQueryError).body).toMatchObject({ errors: { graphQLErrors: [{ extensions: { code: 'THROTTLED' } }] } });
  });
});

describe('small stores', () => {
  it('sets metafields and tags on customers and reads them back', async () => {
    const set = await gql(
      `mutation M($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { key namespace value type } userErrors { field message code } } }`,
      { metafields: [{ ownerId: 'gid://shopify/Customer/7001', namespace: 'loyale', key: 'points', type: 'number_integer', value: '420' }] },
    );
    expect(set.body.data).toEqual({ metafieldsSet: { metafields: [{ key: 'points', namespace: 'loyale', value: '420', type: 'number_integer' }], userErrors: [] } });
    await gql('mutation { tagsAdd(id: "gid://shopify/Customer/7001", tags: ["loyale-silber", "vip"]) { userErrors { message } } }');
    await gql('mutation { tagsRemove(id: "gid://shopify/Customer/7001", tags: ["vip"]) { userErrors { message } } }');
    const read = await gql('{ customer(id: "gid://shopify/Customer/7001") { tags metafield(namespace: "loyale", key: "points") { value } } }');
    expect(read.body.data).toEqual({ customer: { tags: ['loyale-silber'], metafield: { value: '420' } } });
  });

  it('refuses tags and metafields for a customer it does not have (never created, or deleted): the whole metafieldsSet, naming the input', async () => {
    emulator.upsertCustomer(SHOP, { id: 7011, tags: ['vip'] });
    emulator.upsertCustomer(SHOP, { id: 7012 });
    expect(emulator.deleteCustomer(SHOP, 7012)).toBe(true);
    const set = await gql(
      `mutation M($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { key } userErrors { field message code elementIndex } } }`,
      {
        metafields: [7011, 7012, 7013].map((id) => ({ ownerId: `gid://shopify/Customer/${id}`, namespace: 'loyale', key: 'points', type: 'number_integer', value: '5' })),
      },
    );
    expect(set.body.data).toEqual({
      metafieldsSet: {
        metafields: null,
        userErrors: [1, 2].map((i) => ({ field: ['metafields', String(i), 'ownerId'], message: 'Owner does not exist', code: 'INVALID', elementIndex: i })),
      },
    });
    expect(emulator.metafields(SHOP, 'gid://shopify/Customer/7011')).toEqual([]); // atomic: the known customer got nothing either
    for (const mutation of ['tagsAdd', 'tagsRemove']) {
      const tagged = await gql(`mutation { ${mutation}(id: "gid://shopify/Customer/7012", tags: ["vip"]) { node { id } userErrors { field message } } }`);
      expect(tagged.body.data).toEqual({ [mutation]: { node: null, userErrors: [{ field: ['id'], message: 'Resource not found' }] } });
    }
    expect(emulator.customers(SHOP).map((c) => c.id)).not.toContain(7012); // a refused write creates no customer
    expect(emulator.deleteCustomer(SHOP, 7012)).toBe(false);
  });

  it('creates and completes draft orders', async () => {
    const created = await gql(
      `mutation D($input: DraftOrderInput!) { draftOrderCreate(input: $input) { draftOrder { id status totalPriceSet { shopMoney { amount currencyCode } } } userErrors { message } } }`,
      { input: { purchasingEntity: { customerId: 'gid://shopify/Customer/7001' }, lineItems: [{ title: 'Probierset', quantity: 2, originalUnitPriceWithCurrency: { amount: '29.90', currencyCode: 'EUR' } }] } },
    );
    const draft = (created.body.data?.draftOrderCreate as { draftOrder: { id: string; status: string; totalPriceSet: unknown } }).draftOrder;
    expect(draft).toMatchObject({ status: 'OPEN', totalPriceSet: { shopMoney: { amount: '59.80', currencyCode: 'EUR' } } });
    const completed = await gql('mutation C($id: ID!) { draftOrderComplete(id: $id) { draftOrder { status order { id } } userErrors { message } } }', { id: draft.id });
    expect(completed.body.data).toEqual({
      draftOrderComplete: { draftOrder: { status: 'COMPLETED', order: { id: expect.stringMatching(/^gid:\/\/shopify\/Order\/\d+$/) } }, userErrors: [] },
    });
  });
});
