import type { Prisma } from '../generated/prisma/client.js';
import { exportCustomerData } from '../loyalty/members/erase.js';
import { ensureShop } from '../shops/repository.js';
import type { TopicHandler } from '../webhooks/handlers.js';
import { saveCustomerDataExport } from './exports.js';
import { parseCustomerDataRequest } from './payloads.js';
import { assertPayloadShop } from '../webhooks/payload-shop.js';

/**
 * `customers/data_request`: prepares the export of everything Loyale holds on the customer (member, ledger,
 * orders, redemptions), filed under the request's id for the merchant to download in the admin. Idempotent:
 * one export per data request. A shop first met here gets its default program like on any other webhook, so the
 * download is there when the merchant opens the app.
 */
export const handleCustomerDataRequest: TopicHandler = async (ctx, shopDomain, payload) => {
  // Another shop's request must not export this shop's customer (the HMAC does not cover the shop header).
  assertPayloadShop('customers/data_request', payload, shopDomain);
  const request = parseCustomerDataRequest(payload);
  const shop = await ensureShop(ctx.db, shopDomain);
  const holdings = await exportCustomerData(ctx.db, shop.id, request.customerId);
  await saveCustomerDataExport(ctx.db, {
    shopId: shop.id,
    customerId: request.customerId,
    requestId: request.requestId,
    data: toJson({
      customerId: request.customerId,
      dataRequestId: request.requestId,
      ordersRequested: request.ordersRequested,
      generatedAt: new Date(),
      data: holdings,
    }),
  });
};

/** Plain JSON for the jsonb column: dates as ISO text, big integers and decimals as strings. */
export function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null',
  ) as Prisma.InputJsonValue;
}
