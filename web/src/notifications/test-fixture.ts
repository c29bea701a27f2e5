/**
 * The whole app for the notification tests (startTestApp: real Postgres and Redis, the emulator and its mail sink),
 * the notification job every 200 ms, and a shop installed through its first session-token request. Tests only.
 */
import type { Emulator, ReceivedMail } from '../../emulator/index.js';
import { eventually, startTestApp, type TestApp } from '../../test/harness.js';
import { orderPayload } from '../loyalty/orders/test-payloads.js';
import type { NotificationModuleOptions } from './jobs.js';

export interface OutboxRow {
  customerId: string;
  kind: string;
  status: string;
  error: string | null;
  attempts: number;
}

export interface NotificationFixture {
  app: TestApp;
  emulator: Emulator;
  shop: string;
  shopId: number;
  /** `{method} /api{path}` with a fresh session token; JSON in and out. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Sends a webhook through the emulator and waits until the app processed it. */
  deliver(topic: string, payload: object): Promise<string>;
  /** An `orders/paid` for the customer, who shops in `locale` (the order's customer_locale). */
  order(orderId: number, customerId: number, subtotal: string, locale: string): Promise<void>;
  /** Waits until the customer has `count` mails, and returns them (newest first). */
  mails(customerId: number, count: number): Promise<ReceivedMail[]>;
  outbox(customerId?: number): Promise<OutboxRow[]>;
  stop(): Promise<void>;
}

export const emailOf = (customerId: number) => `customer${customerId}@example.com`;

export async function startNotificationFixture(
  options: { shop?: string; env?: Record<string, string>; notifications?: NotificationModuleOptions } = {},
): Promise<NotificationFixture> {
  const shop = options.shop ?? 'notifications.myshopify.com';
  const app = await startTestApp({
    env: options.env,
    notifications: { everyMs: 200, retryDelayMs: 200, ...options.notifications },
  });
  const emulator = app.emulator;
  if (!emulator) throw new Error('the test app runs without the emulator');
  emulator.addShop({ domain: shop, name: 'Kaffeerösterei Müller', currencyCode: 'EUR', primaryLocale: 'de', timezone: 'Europe/Berlin' });

  const api: NotificationFixture['api'] = async (method, path, body) => {
    const res = await fetch(`${app.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.mintSessionToken(shop)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  const installed = await api('GET', '/shop');
  if (installed.status !== 200) throw new Error(`install failed: ${installed.status}`);
  const { id: shopId } = await app.ctx.db.shop.findUniqueOrThrow({ where: { domain: shop }, select: { id: true } });

  const deliver: NotificationFixture['deliver'] = async (topic, payload) => {
    const sent = await emulator.sendWebhook(shop, topic, payload);
    if (sent.status !== 200) throw new Error(`webhook ${topic} answered ${sent.status}`);
    await eventually(async () => {
      const event = await app.ctx.db.webhookEvent.findFirst({ where: { eventKey: sent.eventId }, select: { status: true } });
      return event?.status === 'processed';
    });
    return sent.eventId;
  };

  return {
    app,
    emulator,
    shop,
    shopId,
    api,
    deliver,
    async order(orderId, customerId, subtotal, locale) {
      const payload = orderPayload({ id: orderId, customerId, subtotal, processedAt: new Date(), firstName: 'Kim' });
      await deliver('orders/paid', { ...payload, customer_locale: locale });
    },
    mails: (customerId, count) =>
      eventually(async () => {
        const mails = emulator.mailSink.mails(emailOf(customerId));
        return mails.length >= count ? mails : undefined;
      }),
    outbox: (customerId) =>
      app.ctx.db.$queryRaw<OutboxRow[]>`
        SELECT m.customer_id AS "customerId", n.kind::text AS kind, n.status::text AS status, n.error, n.attempts
        FROM notifications n JOIN members m ON m.id = n.member_id
        WHERE n.shop_id = ${shopId} AND (${customerId === undefined} OR m.customer_id = ${String(customerId)})
        ORDER BY n.id`,
    stop: () => app.stop(),
  };
}
