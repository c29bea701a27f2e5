import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload } from '../../emulator/payloads.js';
import { startAdminApiFixture, type AdminApiFixture, type ShopClient } from './test-fixture.js';

type ExportsJson = { exports: { id: string; customerId: string; requestId: string | null; createdAt: string }[] };

let f: AdminApiFixture;
let other: ShopClient;

const dataRequest = (shop: ShopClient, customerId: number, requestId: number) => ({
  shop_id: shop.id,
  shop_domain: shop.domain,
  orders_requested: [4001],
  customer: { id: customerId, email: 'erika@example.de', phone: null },
  data_request: { id: requestId },
});

beforeAll(async () => {
  f = await startAdminApiFixture();
  other = await f.addShop('other-exports.myshopify.com');
  await f.deliver(f.shop, 'orders/paid', orderPayload({ id: 4001, subtotal: '42.00', customer: { id: 3001, email: 'erika@example.de' } }));
  await f.deliver(f.shop, 'customers/data_request', dataRequest(f.shop, 3001, 71));
  await f.deliver(f.shop, 'customers/data_request', dataRequest(f.shop, 3002, 72));
  await f.deliver(other, 'customers/data_request', dataRequest(other, 3001, 73));
});

afterAll(async () => {
  await f?.close();
});

describe('GET /api/data-exports', () => {
  it('lists the shop’s exports, newest first', async () => {
    const res = await f.shop.api<ExportsJson>('GET', '/data-exports');
    expect(res.status).toBe(200);
    expect(res.body.exports).toEqual([
      { id: expect.stringMatching(/^\d+$/), customerId: '3002', requestId: '72', createdAt: expect.any(String) },
      { id: expect.stringMatching(/^\d+$/), customerId: '3001', requestId: '71', createdAt: expect.any(String) },
    ]);
  });
});

describe('GET /api/data-exports/:id', () => {
  it('downloads the export as a JSON attachment', async () => {
    const list = await f.shop.api<ExportsJson>('GET', '/data-exports');
    const erika = list.body.exports.find((e) => e.customerId === '3001');
    const res = await f.shop.api<{ customerId: string; data: { member: { points: number } } }>('GET', `/data-exports/${erika?.id ?? ''}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="loyale-customer-3001-export-${erika?.id ?? ''}.json"`);
    expect(res.body).toMatchObject({ customerId: '3001', data: { member: { points: 42 } } });
  });

  it('answers 404 for another shop’s export, an unknown id and a malformed one', async () => {
    const theirs = (await other.api<ExportsJson>('GET', '/data-exports')).body.exports;
    expect(theirs).toHaveLength(1);
    expect((await other.api('GET', `/data-exports/${theirs[0]?.id ?? ''}`)).status).toBe(200);
    expect((await f.shop.api('GET', `/data-exports/${theirs[0]?.id ?? ''}`)).status).toBe(404);
    expect((await f.shop.api('GET', '/data-exports/999999')).status).toBe(404);
    expect((await f.shop.api('GET', '/data-exports/abc')).status).toBe(404);
    expect((await f.shop.api('GET', '/data-exports/99999999999999999999')).status).toBe(404);
    expect((await f.shop.api('GET', '/data-exports/999999')).body).toEqual({ error: 'Export not found' });
    expect((await f.shop.api('GET', '/data-exports/999999', undefined, { language: 'de' })).body).toEqual({ error: 'Export nicht gefunden' });
  });
});
