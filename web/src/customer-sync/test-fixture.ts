import { startAdminApiFixture, type AdminApiFixture, type ShopClient } from '../admin-api/test-fixture.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';

const HOUR = 3_600_000;

/** Sync runs without pacing: the tests count calls, not seconds. */
export const UNPACED = { pointsPerSecond: 100_000, burst: 100_000 };

/**
 * The whole app on the emulator with `domain` installed, its own sync and perk jobs an hour apart, so that each test
 * drives the runs it asserts on.
 */
export function startSyncFixture(domain: string): Promise<AdminApiFixture> {
  return startAdminApiFixture(domain, { customerSync: { everyMs: HOUR }, perks: { grantsEveryMs: HOUR, renewalsEveryMs: HOUR } });
}

/** Pays orders for customers of `shop` through the real `orders/paid` webhook, order ids counting up from `firstOrderId`. */
export function orderPayer(f: () => AdminApiFixture, shop: () => ShopClient, firstOrderId: number) {
  let orderId = firstOrderId;
  return async (customerId: number, subtotal: string): Promise<void> => {
    orderId += 1;
    await f().deliver(shop(), 'orders/paid', orderPayload({ id: orderId, customerId, subtotal, processedAt: new Date() }));
  };
}
