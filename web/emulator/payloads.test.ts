import { describe, expect, it } from 'vitest';
import { customerPayload, orderPayload, refundPayload } from './payloads.js';

const anna = { id: 7001, email: 'anna.schmidt@example.de', firstName: 'Anna', lastName: 'Schmidt', locale: 'de' };

describe('orderPayload', () => {
  it('carries the subtotal after discounts in the plain field and the money sets, in the shop currency', () => {
    const order = orderPayload({
      id: 5_610_000_000_001,
      customer: anna,
      subtotal: '38.70',
      shipping: '4.90',
      processedAt: new Date('2026-03-01T10:00:00Z'),
      createdAt: new Date('2026-03-01T09:59:00Z'),
      lineItems: [
        { title: 'Espresso, 250 g', price: '8.90', quantity: 2, productId: 1, variantId: 2, sku: 'ESP' },
        { title: 'Handfilter', price: '24.00', quantity: 1 },
      ],
    });
    expect(order).toMatchObject({
      id: 5_610_000_000_001,
      admin_graphql_api_id: 'gid://shopify/Order/5610000000001',
      currency: 'EUR',
      current_subtotal_price: '38.70',
      current_subtotal_price_set: { shop_money: { amount: '38.70', currency_code: 'EUR' }, presentment_money: { amount: '38.70', currency_code: 'EUR' } },
      subtotal_price: '38.70',
      total_line_items_price: '41.80',
      total_discounts: '3.10',
      total_price: '43.60',
      total_tax: '6.96',
      taxes_included: true,
      processed_at: '2026-03-01T10:00:00+00:00',
      created_at: '2026-03-01T09:59:00+00:00',
      cancelled_at: null,
      financial_status: 'paid',
      customer_locale: 'de',
      email: 'anna.schmidt@example.de',
      customer: { id: 7001, email: 'anna.schmidt@example.de', first_name: 'Anna', last_name: 'Schmidt', admin_graphql_api_id: 'gid://shopify/Customer/7001' },
    });
    const lines = order.line_items as Record<string, unknown>[];
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ title: 'Espresso, 250 g', price: '8.90', quantity: 2, product_id: 1, variant_id: 2, sku: 'ESP' });
    expect(new Set(lines.map((l) => l.id)).size).toBe(2);
  });

  it('has no customer for a guest order, one default line, and the cancellation when cancelled', () => {
    const order = orderPayload({ id: 81010, subtotal: '80.00', cancelledAt: new Date('2026-03-02T08:00:00Z') });
    expect('customer' in order).toBe(false);
    expect(order).toMatchObject({ cancelled_at: '2026-03-02T08:00:00+00:00', cancel_reason: 'customer', financial_status: 'refunded' });
    expect(order.line_items).toMatchObject([{ price: '80.00', quantity: 1 }]);
    // Removed from order webhooks in API 2026-04.
    expect('checkout_id' in order).toBe(false);
  });
});

describe('refundPayload', () => {
  it('writes refund line subtotals as Shopify does: numbers, with exact strings in subtotal_set', () => {
    const refund = refundPayload({ id: 91001, orderId: 81003, lines: [{ lineItemId: 1, quantity: 1, subtotal: '40.10' }], createdAt: new Date('2026-03-05T12:00:00Z') });
    expect(refund).toMatchObject({
      id: 91001,
      order_id: 81003,
      created_at: '2026-03-05T12:00:00+00:00',
      admin_graphql_api_id: 'gid://shopify/Refund/91001',
      refund_line_items: [
        { line_item_id: 1, quantity: 1, subtotal: 40.1, subtotal_set: { shop_money: { amount: '40.10', currency_code: 'EUR' } }, line_item: { id: 1 } },
      ],
      transactions: [{ kind: 'refund', amount: '40.10', status: 'success', order_id: 81003 }],
    });
  });
});

describe('customerPayload', () => {
  it('is the REST customer of API 2025-01 and later (no tags, no marketing consents: those have webhooks of their own)', () => {
    const payload = customerPayload({ ...anna, createdAt: new Date('2025-01-01T00:00:00Z'), tags: ['vip', 'stammkunde'] });
    expect(payload).toMatchObject({
      id: 7001,
      email: 'anna.schmidt@example.de',
      first_name: 'Anna',
      last_name: 'Schmidt',
      created_at: '2025-01-01T00:00:00+00:00',
      currency: 'EUR',
      admin_graphql_api_id: 'gid://shopify/Customer/7001',
    });
    expect(Object.keys(payload)).not.toContain('tags');
    expect(Object.keys(payload)).not.toContain('email_marketing_consent');
    expect(Object.keys(payload)).not.toContain('sms_marketing_consent');
  });
});
