import { createHmac, randomUUID } from 'node:crypto';
import { EMULATED_API_VERSION, type EmulatorContext } from './context.js';
import type { ShopRecord, WebhookDelivery } from './state.js';

export interface SendWebhookOptions {
  /** Reuse an event id: a duplicate delivery of that event (new webhook id), as the platform's retries are. */
  eventId?: string;
  /** Force the webhook id (a retry of one delivery keeps it). @defaultValue a new UUID */
  webhookId?: string;
  /** Sign with another secret (tests of forged deliveries). @defaultValue the app's API secret */
  secret?: string;
}

export interface WebhookResult {
  status: number;
  body: string;
  eventId: string;
  webhookId: string;
}

/** base64 HMAC-SHA256 of the raw body with the secret: the X-Shopify-Hmac-Sha256 header. */
export function webhookHmac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

type Payload = Record<string, unknown>;

function asNumber(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : null;
}

function rememberCustomer(ctx: EmulatorContext, record: ShopRecord, customer: unknown, locale?: unknown): void {
  if (!customer || typeof customer !== 'object') return;
  const c = customer as Payload;
  const id = asNumber(c.id);
  if (id === null) return;
  ctx.state.upsertCustomer(record, {
    id,
    ...(typeof c.email === 'string' ? { email: c.email } : {}),
    ...(typeof c.first_name === 'string' ? { firstName: c.first_name } : {}),
    ...(typeof c.last_name === 'string' ? { lastName: c.last_name } : {}),
    ...(typeof locale === 'string' ? { locale } : {}),
  });
}

/** The platform knows the customers it tells the app about, so the app can query them back. */
function rememberResources(ctx: EmulatorContext, record: ShopRecord, topic: string, payload: Payload): void {
  if (topic === 'customers/create' || topic === 'customers/update') rememberCustomer(ctx, record, payload);
  else if (topic.startsWith('orders/')) rememberCustomer(ctx, record, payload.customer, payload.customer_locale);
}

/**
 * Delivers one webhook to `${appUrl}/api/webhooks` with the platform's headers and logs the app's answer.
 * `app/uninstalled` revokes the shop's access tokens first, as uninstalling does on the platform.
 * An unreachable or slow app (past the timeout) reads as status 0, as a failed delivery on the platform.
 */
export async function sendWebhook(
  ctx: EmulatorContext,
  shopDomain: string,
  topic: string,
  payload: object,
  options: SendWebhookOptions = {},
): Promise<WebhookResult> {
  const record = ctx.ensureShop({ domain: shopDomain });
  const shop = record.shop.domain;
  rememberResources(ctx, record, topic, payload as Payload);
  if (topic === 'app/uninstalled') ctx.state.revokeTokens(shop);

  const body = JSON.stringify(payload);
  const duplicate = options.eventId !== undefined && ctx.state.hasEvent(options.eventId);
  const eventId = options.eventId ?? randomUUID();
  const triggeredAt = ctx.state.triggeredAt(eventId);
  const webhookId = options.webhookId ?? randomUUID();

  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Shopify-Captain-Hook',
    'X-Shopify-Hmac-Sha256': webhookHmac(body, options.secret ?? ctx.apiSecret),
    'X-Shopify-Topic': topic,
    'X-Shopify-Shop-Domain': shop,
    'X-Shopify-API-Version': EMULATED_API_VERSION,
    'X-Shopify-Webhook-Id': webhookId,
    'X-Shopify-Event-Id': eventId,
    'X-Shopify-Triggered-At': triggeredAt,
  };

  let status = 0;
  let response = '';
  try {
    const res = await fetch(`${ctx.appUrl}/api/webhooks`, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(ctx.webhookTimeoutMs),
    });
    status = res.status;
    response = await res.text();
  } catch (error) {
    response = error instanceof Error ? error.message : String(error);
  }

  const delivery: WebhookDelivery = {
    shop,
    topic,
    eventId,
    webhookId,
    triggeredAt,
    duplicate,
    body,
    status,
    response,
    at: new Date().toISOString(),
  };
  ctx.state.logWebhook(delivery);
  ctx.log.debug({ shop, topic, eventId, webhookId, status, duplicate }, 'webhook delivered');
  return { status, body: response, eventId, webhookId };
}
