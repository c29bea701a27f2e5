/**
 * Webhook payloads shaped like Shopify's REST webhook bodies (orders/paid, orders/cancelled, refunds/create,
 * customers/*), reduced to what tests need plus the usual noise. For tests only.
 */

export interface OrderPayloadInput {
  id: number;
  /** null: an order without customer. */
  customerId: number | null;
  subtotal: string;
  processedAt: Date;
  cancelledAt?: Date | null;
  /** When it was fulfilled (an `orders/fulfilled` body: fulfilment_status and one fulfilment). @defaultValue null */
  fulfilledAt?: Date | null;
  /** The presentment-currency subtotal when the customer paid in another currency. @defaultValue subtotal */
  presentmentSubtotal?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

export function orderPayload(input: OrderPayloadInput): Record<string, unknown> {
  const presentment = input.presentmentSubtotal ?? input.subtotal;
  return {
    id: input.id,
    admin_graphql_api_id: `gid://shopify/Order/${input.id}`,
    name: `#${input.id}`,
    email: input.email ?? null,
    created_at: new Date(input.processedAt.getTime() - 60_000).toISOString(),
    processed_at: input.processedAt.toISOString(),
    cancelled_at: input.cancelledAt?.toISOString() ?? null,
    cancel_reason: input.cancelledAt ? 'customer' : null,
    currency: 'EUR',
    presentment_currency: input.presentmentSubtotal ? 'USD' : 'EUR',
    financial_status: input.cancelledAt ? 'voided' : 'paid',
    fulfillment_status: input.fulfilledAt ? 'fulfilled' : null,
    fulfillments: input.fulfilledAt
      ? [{ id: input.id * 7, order_id: input.id, status: 'success', created_at: input.fulfilledAt.toISOString() }]
      : [],
    updated_at: (input.fulfilledAt ?? input.processedAt).toISOString(),
    current_subtotal_price: input.subtotal,
    current_subtotal_price_set: {
      shop_money: { amount: input.subtotal, currency_code: 'EUR' },
      presentment_money: { amount: presentment, currency_code: input.presentmentSubtotal ? 'USD' : 'EUR' },
    },
    total_price: input.subtotal,
    customer_locale: 'de-DE',
    customer:
      input.customerId === null
        ? null
        : {
            id: input.customerId,
            admin_graphql_api_id: `gid://shopify/Customer/${input.customerId}`,
            email: input.email ?? `customer${input.customerId}@example.com`,
            first_name: input.firstName ?? 'Erika',
            last_name: input.lastName ?? 'Mustermann',
            state: 'enabled',
          },
    line_items: [{ id: input.id * 10, title: 'Espresso beans 1 kg', quantity: 1, price: input.subtotal }],
  };
}

export interface RefundPayloadInput {
  id: number;
  orderId: number;
  createdAt: Date;
  /** Subtotal of each refunded line item in the shop currency. */
  lines: string[];
}

export function refundPayload(input: RefundPayloadInput): Record<string, unknown> {
  return {
    id: input.id,
    admin_graphql_api_id: `gid://shopify/Refund/${input.id}`,
    order_id: input.orderId,
    created_at: input.createdAt.toISOString(),
    processed_at: input.createdAt.toISOString(),
    note: 'wrong size',
    restock: true,
    refund_line_items: input.lines.map((subtotal, index) => ({
      id: input.id * 10 + index,
      quantity: 1,
      line_item_id: input.orderId * 10,
      restock_type: 'return',
      subtotal: Number(subtotal),
      total_tax: 0,
      subtotal_set: {
        shop_money: { amount: subtotal, currency_code: 'EUR' },
        presentment_money: { amount: subtotal, currency_code: 'EUR' },
      },
    })),
    transactions: [],
    order_adjustments: [],
  };
}
