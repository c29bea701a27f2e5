import type { Db } from '../db/client.js';

export interface CustomerInboxRedaction {
  shopDomain: string;
  customerId: string;
  /** The payload's `orders_to_redact`; the customer's orders the app knows are added to them. */
  orderIds: string[];
  /** The customers/redact event itself: the pipeline drops its payload once the erasure is done. */
  exceptEventId: bigint;
}

/**
 * customers/redact in the inbox: every payload of the shop that names the customer (as `customer.id`, as the
 * customer of customers/create|update, or through one of their orders, refunds included) is dropped. Events of
 * the customer still waiting to be processed are closed as processed, so that they cannot re-create what the
 * erasure removes; failed ones keep their status. Runs before the points data is erased, while the customer's
 * orders are still known. Returns how many events were touched.
 */
export async function redactCustomerFromInbox(db: Db, redaction: CustomerInboxRedaction): Promise<number> {
  const { shopDomain, customerId, orderIds, exceptEventId } = redaction;
  return db.$executeRaw`
    WITH orders AS (
      SELECT unnest(${orderIds}::text[]) AS order_id
      UNION
      SELECT o.order_id FROM loyalty_orders o JOIN shops s ON s.id = o.shop_id
      WHERE s.domain = ${shopDomain} AND o.customer_id = ${customerId}
    )
    UPDATE webhook_events
    SET payload = NULL,
        processed_at = CASE WHEN status = 'received' THEN (now() AT TIME ZONE 'UTC') ELSE processed_at END,
        status = CASE WHEN status = 'received' THEN 'processed'::webhook_status ELSE status END
    WHERE shop_domain = ${shopDomain}
      AND id <> ${exceptEventId}
      AND payload IS NOT NULL
      AND (
        payload -> 'customer' ->> 'id' = ${customerId}
        OR (topic LIKE 'customers/%' AND payload ->> 'id' = ${customerId})
        OR (topic LIKE 'orders/%' AND payload ->> 'id' IN (SELECT order_id FROM orders))
        OR (topic = 'refunds/create' AND payload ->> 'order_id' IN (SELECT order_id FROM orders))
      )`;
}
