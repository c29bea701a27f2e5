import { describe, expect, it } from 'vitest';
import { parseCustomerPayload } from '../customers/payloads.js';
import { InvalidPayloadError } from './errors.js';
import { parseOrderCancelled, parseOrderFulfilled, parseOrderPaid, parseRefundCreated } from './payloads.js';

/** Trimmed from Shopify's REST `orders/paid` example body (the fields around what the engine reads kept). */
const shopifyOrder = {
  id: 820982911946154500,
  admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
  app_id: null,
  cancel_reason: null,
  cancelled_at: null,
  created_at: '2026-03-01T12:00:00-05:00',
  currency: 'USD',
  current_subtotal_price: '398.00',
  current_subtotal_price_set: {
    shop_money: { amount: '398.00', currency_code: 'USD' },
    presentment_money: { amount: '372.14', currency_code: 'EUR' },
  },
  current_total_price: '403.00',
  customer_locale: 'en',
  email: 'jon@example.com',
  financial_status: 'paid',
  name: '#9999',
  processed_at: '2026-03-01T12:00:05-05:00',
  subtotal_price: '388.00',
  test: true,
  customer: {
    id: 115310627314723950,
    email: 'john@example.com',
    created_at: null,
    updated_at: null,
    first_name: 'John',
    last_name: 'Smith',
    state: 'disabled',
    note: null,
    verified_email: true,
    tags: '',
    currency: 'USD',
    admin_graphql_api_id: 'gid://shopify/Customer/115310627314723954',
  },
  line_items: [{ id: 466157049, price: '199.00', quantity: 1 }],
  refunds: [],
};

/** Trimmed from Shopify's REST `refunds/create` example body. */
const shopifyRefund = {
  id: 929361464,
  order_id: 450789469,
  created_at: '2026-03-02T10:34:55-05:00',
  note: 'wrong size',
  user_id: null,
  processed_at: '2026-03-02T10:34:55-05:00',
  restock: true,
  admin_graphql_api_id: 'gid://shopify/Refund/929361464',
  refund_line_items: [
    {
      id: 1058498311,
      quantity: 1,
      line_item_id: 518995019,
      location_id: 487838322,
      restock_type: 'return',
      subtotal: 199.0,
      total_tax: 3.98,
      subtotal_set: {
        shop_money: { amount: '199.00', currency_code: 'USD' },
        presentment_money: { amount: '180.00', currency_code: 'EUR' },
      },
    },
    { id: 1058498312, quantity: 1, line_item_id: 518995020, subtotal: 19.99, total_tax: 0 },
  ],
  transactions: [{ id: 1072844685, order_id: 450789469, kind: 'refund', amount: '41.94' }],
  order_adjustments: [],
};

describe('parseOrderPaid', () => {
  it('reads the facts of a Shopify order, ids exact from the GraphQL ids, money in the shop currency', () => {
    expect(parseOrderPaid(shopifyOrder)).toEqual({
      orderId: '820982911946154508',
      name: '#9999',
      subtotal: '398',
      processedAt: new Date('2026-03-01T17:00:05Z'),
      cancelledAt: null,
      customer: {
        customerId: '115310627314723954',
        email: 'john@example.com',
        firstName: 'John',
        lastName: 'Smith',
        locale: 'en',
      },
    });
  });

  it.each<[string, Record<string, unknown>, Partial<ReturnType<typeof parseOrderPaid>>]>([
    ['falls back to created_at', { processed_at: null }, { processedAt: new Date('2026-03-01T17:00:00Z') }],
    ['falls back to created_at without processed_at', { processed_at: undefined }, { processedAt: new Date('2026-03-01T17:00:00Z') }],
    // The contract: tiers use processed_at (else created_at), so either may be missing.
    ['takes processed_at without created_at', { created_at: undefined }, { processedAt: new Date('2026-03-01T17:00:05Z') }],
    ['takes processed_at with a null created_at', { created_at: null }, { processedAt: new Date('2026-03-01T17:00:05Z') }],
    ['falls back to the plain subtotal', { current_subtotal_price_set: undefined, current_subtotal_price: '12.5' }, { subtotal: '12.5' }],
    ['takes an order without customer', { customer: null }, { customer: null }],
    ['takes a numeric id without GraphQL id', { id: 4711, admin_graphql_api_id: undefined }, { orderId: '4711' }],
    ['takes a string id', { id: '4712', admin_graphql_api_id: undefined }, { orderId: '4712' }],
  ])('%s', (_name, change, expected) => {
    expect(parseOrderPaid({ ...shopifyOrder, ...change })).toMatchObject(expected);
  });

  it.each<[string, unknown, string]>([
    ['a non-object', 'order', 'invalid orders/paid payload: payload: is a string, not a JSON object'],
    ['null', null, 'invalid orders/paid payload: payload: is null, not a JSON object'],
    ['no subtotal', { ...shopifyOrder, current_subtotal_price: null, current_subtotal_price_set: null }, 'current_subtotal_price: is missing'],
    ['a bad subtotal', { ...shopifyOrder, current_subtotal_price: 'ten' }, 'current_subtotal_price: is not a decimal amount'],
    ['a bad shop money', { ...shopifyOrder, current_subtotal_price_set: { shop_money: {} } }, 'current_subtotal_price_set.shop_money.amount'],
    ['a created_at that is no timestamp (processed_at there or not)', { ...shopifyOrder, created_at: 'yesterday' }, 'created_at: is not a timestamp'],
    ['a fractional id', { ...shopifyOrder, id: 1.5 }, ': id: '],
    ['an id beyond 2^53 without GraphQL id', { ...shopifyOrder, admin_graphql_api_id: undefined }, 'precision lost'],
    ['a customer without id', { ...shopifyOrder, customer: { email: 'x@example.com' } }, 'customer.id'],
    // Values the columns cannot hold fail here, as poison, not as a database error retried for hours.
    ...(
      [
        ['100000000000000', 'beyond numeric(18,4)'],
        [1e300, 'beyond numeric(18,4)'],
      ] as const
    ).map(([subtotal, why]): [string, unknown, string] => [
      `a subtotal of ${subtotal} (${why})`,
      { ...shopifyOrder, current_subtotal_price_set: null, current_subtotal_price: subtotal },
      'invalid orders/paid payload: current_subtotal_price: is above 99999999999999.9999',
    ]),
    [
      'a shop-money subtotal above the maximum',
      { ...shopifyOrder, current_subtotal_price_set: { shop_money: { amount: '100000000000000.01' } } },
      'current_subtotal_price_set.shop_money.amount: is above 99999999999999.9999',
    ],
    ['a created_at in year 0', { ...shopifyOrder, created_at: '0000-01-01T00:00:00Z' }, 'created_at: is outside 1970 to 9000'],
    ['a processed_at in a six-digit year', { ...shopifyOrder, processed_at: '+275760-09-13T00:00:00Z' }, 'processed_at: is outside 1970 to 9000'],
    ['an order id of 21 digits', { ...shopifyOrder, id: '1'.repeat(21), admin_graphql_api_id: null }, 'id: is not a numeric id'],
  ])('rejects %s', (_name, payload, message) => {
    expect(() => parseOrderPaid(payload)).toThrow(InvalidPayloadError);
    expect(() => parseOrderPaid(payload)).toThrow(message);
  });

  it('takes an order with neither processed_at nor created_at as processed at the fallback time (by default now)', () => {
    const timeless = { ...shopifyOrder, created_at: undefined, processed_at: null };
    const at = new Date('2026-04-01T08:00:00Z');
    expect(parseOrderPaid(timeless, at)).toMatchObject({ orderId: '820982911946154508', subtotal: '398', processedAt: at });
    const before = Date.now();
    const { processedAt } = parseOrderPaid(timeless);
    expect(processedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(processedAt.getTime()).toBeLessThanOrEqual(Date.now());
    // A time in the payload always wins over the fallback.
    expect(parseOrderPaid({ ...timeless, created_at: '2026-03-01T17:00:00Z' }, at).processedAt).toEqual(new Date('2026-03-01T17:00:00Z'));
  });

  it('cuts the order name and the customer text to what the columns hold, keeping the order', () => {
    const facts = parseOrderPaid({
      ...shopifyOrder,
      name: `#${'9'.repeat(1000)}`,
      customer_locale: 'x'.repeat(1000),
      customer: { ...shopifyOrder.customer, first_name: 'A'.repeat(300_000), last_name: 'B'.repeat(300_000), email: `${'e'.repeat(1000)}@example.com` },
    });
    expect(facts.name).toHaveLength(255);
    expect(facts.subtotal).toBe('398');
    expect(facts.customer).toMatchObject({ firstName: 'A'.repeat(255), lastName: 'B'.repeat(255), email: 'e'.repeat(320) });
  });
});

describe('parseOrderCancelled', () => {
  it('reads cancelled_at', () => {
    expect(parseOrderCancelled({ ...shopifyOrder, cancelled_at: '2026-03-03T09:00:00Z' }).cancelledAt).toEqual(
      new Date('2026-03-03T09:00:00Z'),
    );
  });
  it('needs neither processed_at nor created_at: it says nothing of when the order was processed then', () => {
    const facts = parseOrderCancelled({ ...shopifyOrder, created_at: undefined, processed_at: undefined, cancelled_at: '2026-03-03T09:00:00Z' });
    expect(facts).toMatchObject({ processedAt: null, cancelledAt: new Date('2026-03-03T09:00:00Z') });
  });
  it('requires cancelled_at', () => {
    expect(() => parseOrderCancelled(shopifyOrder)).toThrow('invalid orders/cancelled payload: cancelled_at: is missing');
  });
  it.each(['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z'])('refuses cancelled_at %s', (cancelledAt) => {
    expect(() => parseOrderCancelled({ ...shopifyOrder, cancelled_at: cancelledAt })).toThrow(InvalidPayloadError);
    expect(() => parseOrderCancelled({ ...shopifyOrder, cancelled_at: cancelledAt })).toThrow(
      'invalid orders/cancelled payload: cancelled_at: is outside 1970 to 9000',
    );
  });
});

describe('parseOrderFulfilled', () => {
  it.each([
    ['the first fulfilment', { fulfillments: [{ created_at: '2026-03-05T10:00:00Z' }, { created_at: '2026-03-04T08:00:00Z' }] }, '2026-03-04T08:00:00Z'],
    ['updated_at without fulfilments', { fulfillments: [], updated_at: '2026-03-06T12:00:00Z' }, '2026-03-06T12:00:00Z'],
  ])('reads %s', (_name, extra, expected) => {
    expect(parseOrderFulfilled({ ...shopifyOrder, ...extra }).fulfilledAt).toEqual(new Date(expected));
  });
  it('requires a moment of fulfilment', () => {
    expect(() => parseOrderFulfilled({ ...shopifyOrder, fulfillments: [], updated_at: null })).toThrow(InvalidPayloadError);
  });
  it.each(['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'])('refuses a fulfilment created at %s', (createdAt) => {
    const payload = { ...shopifyOrder, fulfillments: [{ created_at: '2026-03-05T10:00:00Z' }, { created_at: createdAt }] };
    expect(() => parseOrderFulfilled(payload)).toThrow(InvalidPayloadError);
    expect(() => parseOrderFulfilled(payload)).toThrow(
      'invalid orders/fulfilled payload: fulfillments.1.created_at: is outside 1970 to 9000',
    );
  });
});

describe('parseRefundCreated', () => {
  it('sums the line subtotals in the shop currency, exactly', () => {
    expect(parseRefundCreated(shopifyRefund)).toEqual({
      refundId: '929361464',
      orderId: '450789469',
      subtotal: '218.99',
      createdAt: new Date('2026-03-02T15:34:55Z'),
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['processed_at without created_at', { created_at: undefined }, '2026-03-02T15:34:55Z'],
    ['processed_at with a null created_at', { created_at: null, processed_at: '2026-03-02T16:00:00Z' }, '2026-03-02T16:00:00Z'],
    ['the fallback time without created_at and processed_at', { created_at: undefined, processed_at: undefined }, '2026-04-01T08:00:00Z'],
    ['created_at over processed_at', { processed_at: '2026-03-05T00:00:00Z' }, '2026-03-02T15:34:55Z'],
  ])('dates a refund by %s, never refusing it for a missing time', (_name, change, expected) => {
    const facts = parseRefundCreated({ ...shopifyRefund, ...change }, new Date('2026-04-01T08:00:00Z'));
    expect(facts).toEqual({ refundId: '929361464', orderId: '450789469', subtotal: '218.99', createdAt: new Date(expected) });
  });

  it('dates a refund without any time by default at the moment it is parsed', () => {
    const before = Date.now();
    const { createdAt } = parseRefundCreated({ ...shopifyRefund, created_at: undefined, processed_at: undefined });
    expect(createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('takes a refund without line items (shipping only) as 0', () => {
    expect(parseRefundCreated({ ...shopifyRefund, refund_line_items: [] }).subtotal).toBe('0');
  });

  it.each<[string, unknown, string]>([
    ['no order_id', { ...shopifyRefund, order_id: undefined }, 'order_id'],
    ['no line items', { ...shopifyRefund, refund_line_items: undefined }, 'refund_line_items'],
    ['a line without subtotal', { ...shopifyRefund, refund_line_items: [{ id: 1, quantity: 1 }] }, 'refund_line_items.0.subtotal: is missing'],
    ['a negative line', { ...shopifyRefund, refund_line_items: [{ subtotal: -3 }] }, 'refund_line_items.0.subtotal: is negative'],
    ['a bad created_at', { ...shopifyRefund, created_at: 'yesterday' }, 'created_at: is not a timestamp'],
    ['a created_at in year 0', { ...shopifyRefund, created_at: '0000-01-01T00:00:00Z' }, 'created_at: is outside 1970 to 9000'],
    ['a bad processed_at', { ...shopifyRefund, created_at: undefined, processed_at: 'soon' }, 'processed_at: is not a timestamp'],
    ['an array', [shopifyRefund], 'invalid refunds/create payload: payload: is an array, not a JSON object'],
    [
      'a line subtotal beyond numeric(18,4)',
      { ...shopifyRefund, refund_line_items: [{ subtotal: '99999999999999999.99' }] },
      'refund_line_items.0.subtotal: is above 99999999999999.9999',
    ],
    [
      'a shop-money line subtotal beyond numeric(18,4)',
      { ...shopifyRefund, refund_line_items: [{ subtotal_set: { shop_money: { amount: '99999999999999999.99' } } }] },
      'refund_line_items.0.subtotal_set.shop_money.amount: is above 99999999999999.9999',
    ],
    [
      'line subtotals adding up to more than the maximum',
      { ...shopifyRefund, refund_line_items: [{ subtotal: '60000000000000' }, { subtotal: '60000000000000' }] },
      "invalid refunds/create payload: refund_line_items: the subtotals' sum is above 99999999999999.9999",
    ],
    ['an order_id beyond 2^53', { ...shopifyRefund, order_id: 2 ** 53 }, 'order_id: is beyond 2^53 (precision lost)'],
  ])('rejects %s', (_name, payload, message) => {
    expect(() => parseRefundCreated(payload)).toThrow(InvalidPayloadError);
    expect(() => parseRefundCreated(payload)).toThrow(message);
  });
});

describe('parseCustomerPayload', () => {
  it('keeps fields the payload leaves out undefined and explicit nulls null', () => {
    expect(parseCustomerPayload('customers/update', { id: 7, email: null, first_name: 'Ada', locale: 'de' })).toEqual({
      customerId: '7',
      email: null,
      firstName: 'Ada',
      lastName: undefined,
      locale: 'de',
    });
  });

  it.each<[string, string, number]>([
    ['first_name', 'firstName', 255],
    ['last_name', 'lastName', 255],
    ['email', 'email', 320],
    ['locale', 'locale', 64],
  ])('cuts an oversized %s (%s) to %i characters instead of refusing the customer', (field, key, max) => {
    const profile = parseCustomerPayload('customers/update', { id: 7, [field]: 'n'.repeat(300_000) });
    expect(profile).toMatchObject({ customerId: '7', [key]: 'n'.repeat(max) });
  });
});
