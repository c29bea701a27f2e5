import { ExactDecimal } from '../exact-decimal.js';
import { z } from 'zod';
import { customerSchema, type CustomerPayload, type CustomerProfile } from '../customers/payloads.js';
import {
  amount,
  amountProblem,
  displayText,
  moneySet,
  numericId,
  parsePayload,
  payloadError,
  resourceId,
  TEXT_LIMITS,
  timestamp,
} from '../payloads/fields.js';

/**
 * The REST webhook payloads of `orders/paid`, `orders/cancelled` (both the order) and `refunds/create` (the
 * refund), reduced to the facts points depend on. Amounts are the shop currency's (`*_set.shop_money`, else the
 * plain field, which Shopify documents in the shop currency).
 */

export const orderSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().nullish(),
  name: displayText(TEXT_LIMITS.name).nullish(),
  // Either may be missing (the contract dates an order by processed_at, else created_at); see `factsOf`.
  created_at: timestamp.nullish(),
  processed_at: timestamp.nullish(),
  cancelled_at: timestamp.nullish(),
  updated_at: timestamp.nullish(),
  fulfillments: z.array(z.object({ created_at: timestamp.nullish() }).passthrough()).nullish(),
  current_subtotal_price: amount.nullish(),
  current_subtotal_price_set: moneySet.nullish(),
  customer: customerSchema.nullish(),
  customer_locale: displayText(TEXT_LIMITS.locale).nullish(),
});

const refundLineItemSchema = z.object({
  subtotal: amount.nullish(),
  subtotal_set: moneySet.nullish(),
});

export const refundSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().nullish(),
  order_id: numericId,
  // Either may be missing; see `parseRefundCreated`.
  created_at: timestamp.nullish(),
  processed_at: timestamp.nullish(),
  refund_line_items: z.array(refundLineItemSchema),
});

export interface OrderFacts {
  orderId: string;
  name: string | null;
  /** The order's customer; null for an order without one (it earns nothing). */
  customer: CustomerProfile | null;
  /** current_subtotal_price in the shop currency; null when the payload has none (orders/cancelled may not). */
  subtotal: string | null;
  /**
   * processed_at, else created_at (CONTRACT.md); null when the payload has neither: `orders/cancelled` and
   * `orders/fulfilled` then say nothing of it (what `orders/paid` says, or said, is kept), `orders/paid` falls back
   * (see `parseOrderPaid`).
   */
  processedAt: Date | null;
  cancelledAt: Date | null;
}

export interface RefundFacts {
  refundId: string;
  orderId: string;
  /** Sum of refund_line_items[].subtotal in the shop currency. */
  subtotal: string;
  /** created_at, else processed_at, else the fallback time (see `parseRefundCreated`). */
  createdAt: Date;
}

/** What an order payload tells about its customer; null values never clear what other webhooks stored. */
function orderCustomer(
  topic: string,
  customer: CustomerPayload | null | undefined,
  orderLocale: string | null | undefined,
): CustomerProfile | null {
  if (!customer) return null;
  return {
    customerId: resourceId(topic, 'customer.id', customer.id, customer.admin_graphql_api_id),
    email: customer.email ?? undefined,
    firstName: customer.first_name ?? undefined,
    lastName: customer.last_name ?? undefined,
    locale: customer.locale ?? orderLocale ?? undefined,
  };
}

function orderFacts(topic: string, payload: unknown): OrderFacts {
  return factsOf(topic, parsePayload(topic, orderSchema, payload));
}

function factsOf(topic: string, order: z.infer<typeof orderSchema>): OrderFacts {
  return {
    orderId: resourceId(topic, 'id', order.id, order.admin_graphql_api_id),
    name: order.name ?? null,
    customer: orderCustomer(topic, order.customer, order.customer_locale),
    subtotal: order.current_subtotal_price_set?.shop_money.amount ?? order.current_subtotal_price ?? null,
    processedAt: order.processed_at ?? order.created_at ?? null,
    cancelledAt: order.cancelled_at ?? null,
  };
}

/**
 * `orders/paid`: the order must carry its subtotal. It is dated by processed_at, else created_at (CONTRACT.md); an
 * order with neither is taken as processed at `fallbackTime` rather than refused (refusing would cost the customer
 * the order's points; the platform always sends both). The parser sees the payload only, so by default that is the
 * moment the event is applied: moments after its receipt, or as late as its retries (hours at worst), which can shift
 * only when the order leaves the 365-day window and where it stands among the customer's orders. The first date
 * stored for an order stays (a re-delivery does not move it).
 */
export function parseOrderPaid(payload: unknown, fallbackTime: Date = new Date()): OrderFacts & { subtotal: string; processedAt: Date } {
  const facts = orderFacts('orders/paid', payload);
  if (facts.subtotal === null) {
    throw payloadError('orders/paid', 'current_subtotal_price', 'is missing');
  }
  return { ...facts, subtotal: facts.subtotal, processedAt: facts.processedAt ?? fallbackTime };
}

/** `orders/cancelled`: the order must carry `cancelled_at`. */
export function parseOrderCancelled(payload: unknown): OrderFacts & { cancelledAt: Date } {
  const facts = orderFacts('orders/cancelled', payload);
  if (!facts.cancelledAt) throw payloadError('orders/cancelled', 'cancelled_at', 'is missing');
  return { ...facts, cancelledAt: facts.cancelledAt };
}

/**
 * `orders/fulfilled`: the order is fulfilled since its first fulfilment (else since the payload's `updated_at`,
 * the moment the platform reported it). Matters for programs that award points on fulfilment.
 */
export function parseOrderFulfilled(payload: unknown): OrderFacts & { fulfilledAt: Date } {
  const order = parsePayload('orders/fulfilled', orderSchema, payload);
  const facts = factsOf('orders/fulfilled', order);
  const firsts = (order.fulfillments ?? []).flatMap((f) => (f.created_at ? [f.created_at.getTime()] : []));
  const fulfilledAt = firsts.length > 0 ? new Date(Math.min(...firsts)) : (order.updated_at ?? null);
  if (!fulfilledAt) throw payloadError('orders/fulfilled', 'fulfillments.0.created_at', 'is missing');
  return { ...facts, fulfilledAt };
}

/**
 * `refunds/create`: every refund line item must carry its subtotal, and together they are an amount like any other
 * (the sum is what is stored). The refund is dated by created_at, else processed_at (when its money moved: the
 * same moment, or shortly after), else `fallbackTime` (by default when the event is applied, see `parseOrderPaid`):
 * a refund is never refused for a missing time, since that would leave the customer the points it takes back. The
 * date orders the order's refunds and its cancellation; the first date stored for a refund stays.
 */
export function parseRefundCreated(payload: unknown, fallbackTime: Date = new Date()): RefundFacts {
  const topic = 'refunds/create';
  const refund = parsePayload(topic, refundSchema, payload);
  let subtotal = new ExactDecimal(0);
  refund.refund_line_items.forEach((line, index) => {
    const lineSubtotal = line.subtotal_set?.shop_money.amount ?? line.subtotal;
    if (lineSubtotal == null) throw payloadError(topic, `refund_line_items.${index}.subtotal`, 'is missing');
    subtotal = subtotal.plus(lineSubtotal);
  });
  const problem = amountProblem(subtotal);
  if (problem) throw payloadError(topic, 'refund_line_items', `the subtotals' sum ${problem}`);
  return {
    refundId: resourceId(topic, 'id', refund.id, refund.admin_graphql_api_id),
    orderId: resourceId(topic, 'order_id', refund.order_id, null),
    subtotal: subtotal.toFixed(),
    createdAt: refund.created_at ?? refund.processed_at ?? fallbackTime,
  };
}
