import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, mapLimited } from './index-page.js';
import { startEmulator, type Emulator } from './index.js';
import { startRecordingApp, TEST_API_KEY, TEST_API_SECRET, testShopifyApi, type RecordingApp, exchangeOfflineToken } from './test-support.js';

const SHOP = 'loyale-demo.myshopify.com';
let app: RecordingApp;
let emulator: Emulator;
const shopify = testShopifyApi();

beforeAll(async () => {
  // The app's storefront status, only for correctly signed requests: points = the customer id's last digits.
  app = await startRecordingApp(async (request, _req, res) => {
    if (request.path === '/api/webhooks') {
      res.writeHead(200).end();
      return;
    }
    const valid = await shopify.utils.validateHmac(request.query, { signator: 'appProxy' }).catch(() => false);
    if (request.path !== '/proxy/customer' || !valid) {
      res.writeHead(valid ? 404 : 401).end();
      return;
    }
    const id = request.query.get('logged_in_customer_id') ?? '';
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ customerId: id, points: Number(id) % 1000, tier: { id: 't', name: 'Silber' } }));
  });
  emulator = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: app.url });
  emulator.addShop({ domain: SHOP, name: 'Loyale Demo' });
  emulator.upsertCustomer(SHOP, { id: 7001, firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt@example.de' });
  emulator.upsertCustomer(SHOP, { id: 7420, firstName: '<script>alert(1)</script>', lastName: 'Müller', email: 'x@example.de' });
  await emulator.sendWebhook(SHOP, 'orders/paid', { id: 1 });
});
afterAll(async () => {
  await emulator.close();
  await app.close();
});

const install = () => exchangeOfflineToken(emulator, SHOP);

async function page(cookie?: string): Promise<string> {
  const res = await fetch(`${emulator.url}/`, cookie ? { headers: { cookie } } : {});
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
}

describe('index page', () => {
  it('lists the shops, the customers with points and tier read through the signed app proxy, and the webhooks', async () => {
    const html = await page();
    expect(html).toContain('loyale-demo.myshopify.com');
    expect(html).toMatch(/Anna Schmidt<\/td><td>anna\.schmidt@example\.de<\/td><td class="num">1<\/td><td>Silber<\/td>/);
    expect(html).toMatch(/Müller<\/td><td>x@example\.de<\/td><td class="num">420<\/td>/);
    expect(html).toContain(`/login-as?shop=${SHOP}&amp;customer=7001`);
    expect(html).toMatch(/orders\/paid<\/td><td><code>[0-9a-f]{8}<\/code><\/td><td class="ok">200<\/td>/);
  });

  it('lists the discount codes the app created', async () => {
    const token = emulator.accessToken(SHOP) ?? (await install());
    const res = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
      body: JSON.stringify({
        query: 'mutation { discountCodeFreeShippingCreate(freeShippingCodeDiscount: { title: "Versand", code: "SHIP-<1>", startsAt: "2026-01-01T00:00:00Z", context: { customers: { add: ["gid://shopify/Customer/7001"] } } }) { userErrors { code } } }',
      }),
    });
    expect(res.status).toBe(200);
    expect(await page()).toMatch(/<code>SHIP-&lt;1&gt;<\/code><\/td><td>Versand<\/td><td>7001<\/td>/);
  });

  it('lists the orders, tags and metafields the app created', async () => {
    const token = emulator.accessToken(SHOP) ?? (await install());
    const gql = async (query: string, variables: object = {}) => {
      const res = await fetch(`${emulator.url}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query, variables }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { data: Record<string, { draftOrder?: { id: string } }> };
    };
    const created = await gql(
      'mutation D($input: DraftOrderInput!) { draftOrderCreate(input: $input) { draftOrder { id } userErrors { message } } }',
      { input: { customerId: 'gid://shopify/Customer/7001', lineItems: [{ title: 'Tasse', quantity: 1, originalUnitPrice: '12.00' }], appliedDiscount: { value: 100, valueType: 'PERCENTAGE' } } },
    );
    await gql('mutation C($id: ID!) { draftOrderComplete(id: $id) { draftOrder { id } userErrors { message } } }', { id: created.data.draftOrderCreate!.draftOrder!.id });
    await gql('mutation { tagsAdd(id: "gid://shopify/Customer/7001", tags: ["loyale-tier-silver"]) { userErrors { message } } }');
    await gql(
      'mutation { metafieldsSet(metafields: [{ ownerId: "gid://shopify/Customer/7001", namespace: "loyale", key: "points", type: "number_integer", value: "1" }]) { userErrors { message } } }',
    );
    const html = await page();
    expect(html).toMatch(/<td>COMPLETED<\/td><td>7001<\/td><td>1 × Tasse<\/td>/);
    expect(html).toMatch(/Anna Schmidt<\/td>.*<td>loyale-tier-silver<\/td><td>loyale\.points=1<\/td>/);
  });

  it('escapes what shops and customers are called', async () => {
    const html = await page();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows who the browser is logged in as, with a log-out link', async () => {
    const html = await page(`emulator_customer_${SHOP}=7001`);
    expect(html).toContain('Logged in as customer 7001.');
    expect(html).toContain(`/logout?shop=${SHOP}`);
  });

  it('refreshes itself when asked to', async () => {
    expect(await page()).not.toContain('http-equiv="refresh"');
    const res = await fetch(`${emulator.url}/?refresh=5`);
    expect(await res.text()).toContain('<meta http-equiv="refresh" content="5">');
  });

  it('shows a dash when the app cannot tell', async () => {
    const lonely = await startEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: 'http://127.0.0.1:9' });
    try {
      lonely.upsertCustomer(SHOP, { id: 1, firstName: 'Ida' });
      const html = await (await fetch(`${lonely.url}/`)).text();
      expect(html).toMatch(/Ida<\/td><td><\/td><td class="num">–<\/td><td>–<\/td>/);
    } finally {
      await lonely.close();
    }
  });
});

describe('helpers', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('maps with limited concurrency, keeping the order', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(result).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
