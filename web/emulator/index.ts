import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { pino } from 'pino';
import type { Logger } from '../src/logger.js';
import { APP_SCOPES, WEBHOOK_TOPICS } from '../src/shopify/app-config.js';
import { resolveNamespace } from './admin-graphql/app-namespace.js';
import { adminGraphqlHandler } from './admin-graphql/handler.js';
import { demoProductByGid } from './admin-graphql/products.js';
import { APP_PROXY_PREFIX, BUCKET_MAXIMUM, type EmulatorContext, type FaultState } from './context.js';
import { appProxyHandler, signProxyQuery, storefrontShop } from './app-proxy.js';
import { priceCart, type CartLineInput, type CartPrice } from './checkout.js';
import { indexPageHandler, loginAsHandler, logoutHandler } from './index-page.js';
import { mailDetailHandler, mailListHandler } from './mail-sink/page.js';
import { startMailSink, type MailSink } from './mail-sink/sink.js';
import { productDeletePayload, productUpdatePayload, shopUpdatePayload, type CustomerInput } from './payloads.js';
import { productImageHandler } from './product-images.js';
import { isShopDomain, mintSessionToken, type MintSessionTokenOptions } from './session-token.js';
import {
  EmulatorState,
  type EmulatedCustomer,
  type EmulatedDiscount,
  type EmulatedMetafield,
  type EmulatedMetafieldDefinition,
  type EmulatedShop,
  type GraphqlLogEntry,
  type ShopInput,
  type WebhookDelivery,
} from './state.js';
import { storefrontRouter } from './storefront/routes.js';
import { STOREFRONT_PREFIX } from './storefront/urls.js';
import { tokenExchangeHandler } from './token-exchange.js';
import { sendWebhook, type SendWebhookOptions, type WebhookResult } from './webhooks.js';

export type { CartLineInput, CartPrice } from './checkout.js';
export type { CustomerInput, EmulatedCustomer, EmulatedDiscount, EmulatedMetafield, EmulatedShop, GraphqlLogEntry, WebhookDelivery };
export type { MailSink, ReceivedMail } from './mail-sink/sink.js';
export { proxySignature } from './app-proxy.js';
export { DEMO_SHOP_DOMAIN } from './context.js';
export { webhookHmac } from './webhooks.js';

export interface EmulatorOptions {
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  apiKey: string;
  apiSecret: string;
  /** The app's base URL: webhooks go to `${appUrl}/api/webhooks`, the app proxy forwards to `${appUrl}/proxy/*`. */
  appUrl: string;
  log?: Logger;
  /** Scopes granted by token exchange. @defaultValue the scopes of shopify.app.toml */
  scopes?: string[];
  /** How long a webhook delivery waits for the app (Shopify: 5 s). @defaultValue 5000 */
  webhookTimeoutMs?: number;
  /**
   * The topics the app subscribed to: the catalogue's test hooks send `products/delete` and `products/update` only
   * when listed, as the platform sends a topic only to apps subscribed to it.
   * @defaultValue the topics of shopify.app.toml (`WEBHOOK_TOPICS`)
   */
  webhookTopics?: readonly string[];
  /** Port of the mail sink's SMTP server. @defaultValue 0 (a free port) */
  mailSinkPort?: number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:41234 — the app's SHOP_PLATFORM_URL */
  readonly url: string;
  /**
   * The local SMTP server standing in for the merchant's mail provider: the app sends its notifications here unless
   * SMTP_URL says otherwise; `{url}/mail` lists what it received, tests read `mailSink.mails(to)`.
   */
  readonly mailSink: MailSink;
  close(): Promise<void>;
  /** Adds a shop, or updates the given fields of a known one (same domain, same shop). */
  addShop(input: { domain: string; name?: string; currencyCode?: string; primaryLocale?: string; timezone?: string; email?: string }): EmulatedShop;
  /**
   * Changes a known shop as its merchant would in the admin (name, currency, language, time zone): the Admin API
   * answers with the new values from then on, and the app gets the signed `shop/update` if it subscribed (its
   * answer; null when not sent).
   */
  updateShop(input: { domain: string; name?: string; currencyCode?: string; primaryLocale?: string; timezone?: string }): Promise<WebhookResult | null>;
  /** Adds or updates a customer of a shop (webhooks the emulator sends do this too). */
  upsertCustomer(shop: string, customer: CustomerInput): EmulatedCustomer;
  /**
   * Deletes a customer as a merchant would in the admin: the Admin API refuses tags and metafields for them from then
   * on. No webhook (the app subscribes to none for it). False when the shop had no such customer.
   */
  deleteCustomer(shop: string, id: number): boolean;
  customers(shop: string): EmulatedCustomer[];
  mintSessionToken(shop: string, options?: MintSessionTokenOptions): string;
  /** Query params the platform adds when forwarding an app-proxy request: shop, logged_in_customer_id, path_prefix=/apps/loyale, timestamp, signature. */
  signProxyQuery(shop: string, customerId: string | null, options?: { extra?: Record<string, string>; timestamp?: number; secret?: string }): URLSearchParams;
  sendWebhook(shop: string, topic: string, payload: object, options?: SendWebhookOptions): Promise<WebhookResult>;
  /** Delivers the last delivery of an event again: same body and event id; a new webhook id unless `sameWebhookId` (a retry of that delivery). */
  redeliverWebhook(eventId: string, options?: { sameWebhookId?: boolean }): Promise<WebhookResult>;
  /** Every delivery so far (oldest first, the last 500). */
  webhooks(shop?: string): WebhookDelivery[];
  /** Fault injection for tests. */
  faults: {
    /** The next n Admin GraphQL calls answer THROTTLED (200 with errors[].extensions.code 'THROTTLED' and extensions.cost.throttleStatus) or HTTP 429 with Retry-After. */
    throttleNext(n: number, kind?: 'graphql' | 'http429'): void;
    /** The next n discount creations answer with userErrors (the platform refuses the code). */
    refuseNextDiscounts(n: number, message?: string): void;
    /**
     * The next n Admin GraphQL calls are executed, but answered with Shopify's in-body internal error (200, no data,
     * `errors[].extensions.code` INTERNAL_SERVER_ERROR): whether a mutation took effect is unknown to the app.
     */
    failNextAfterExecuting(n: number): void;
    /** Clears every pending fault. */
    reset(): void;
  };
  /** The shop's catalogue (the demo products) as its merchant edits it in the admin. */
  catalog: {
    /** Sets the price of a variant (GID), a decimal in the shop's currency; the Admin API answers with it from then on. */
    setVariantPrice(shop: string, variantId: string, price: string): void;
    /**
     * Deletes the product a product or variant GID names, with its only variant: the Admin API no longer knows either,
     * and the app gets the signed `products/delete` (`{ id }`) if it subscribed (its answer; null when not sent).
     * `notify: false` keeps the webhook back, as when its delivery is lost or still on its way. @defaultValue true
     */
    deleteProduct(shop: string, id: string, options?: { notify?: boolean }): Promise<WebhookResult | null>;
    /**
     * Removes a variant (GID) from its product: the Admin API no longer knows it, and the app gets the signed
     * `products/update` listing the product's remaining variants if it subscribed. Demo products have one variant,
     * so the list is empty and the product leaves the catalogue with it (the platform would keep a product with
     * other variants).
     */
    deleteVariant(shop: string, variantId: string): Promise<WebhookResult | null>;
  };
  /** What a cart of the shop's variants costs with one of its codes, as checkout computes it (the code's value only). */
  priceCart(shop: string, code: string, lines: CartLineInput[]): CartPrice;
  /** What the app did on the platform, for assertions. */
  discounts(shop: string): EmulatedDiscount[];
  /** Metafields the app set (`metafieldsSet`), of one owner (a GID) or of all; `$app` stored as `appNamespace`. */
  metafields(shop: string, ownerId?: string): EmulatedMetafield[];
  /** The app's reserved metafield namespace as stored (`$app` resolved: `app--<api client id>`). */
  appNamespace: string;
  /** Metafield definitions of the shop (the app's, and those added with `addMetafieldDefinition`). */
  metafieldDefinitions(shop: string): EmulatedMetafieldDefinition[];
  /** Adds a definition as the merchant or another app would (e.g. to fill the shop's pinned definitions). */
  addMetafieldDefinition(shop: string, definition: Omit<EmulatedMetafieldDefinition, 'id'>): void;
  graphqlLog(shop?: string): GraphqlLogEntry[];
  /** The offline token issued by token exchange (the last one, if several). */
  accessToken(shop: string): string | undefined;
  /** Revokes every token the app holds for the shop, as an uninstall whose webhook never reached the app would. */
  revokeAccess(shop: string): void;
}

function shopDomain(shop: string): string {
  return shop.trim().toLowerCase();
}

/** Answers a body the parsers refused, or an unexpected error, in the platform's `{errors}` shape. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      if (req.path === '/admin/oauth/access_token') res.status(400).json({ error: 'invalid_request', error_description: 'The request body is malformed' });
      else res.status(status).json({ errors: (error as Error).message || 'Bad Request' });
      return;
    }
    log.error({ err: error, method: req.method, path: req.path }, 'emulator: unhandled error');
    res.status(500).json({ errors: 'Internal error. Looks like something went wrong on our end.' });
  };
}

function createContext(options: EmulatorOptions, log: Logger): EmulatorContext {
  const state = new EmulatorState();
  const faults: FaultState = {
    throttle: { remaining: 0, kind: 'graphql' },
    refuseDiscounts: { remaining: 0, message: undefined },
    internalErrors: { remaining: 0 },
  };
  return {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    appUrl: options.appUrl.replace(/\/+$/, ''),
    scopes: options.scopes ?? [...APP_SCOPES],
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5_000,
    log,
    state,
    faults,
    ensureShop: (input: ShopInput) => state.addShop(input, BUCKET_MAXIMUM),
  };
}

function createApp(ctx: EmulatorContext, mailSink: MailSink): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', indexPageHandler(ctx));
  app.get('/login-as', loginAsHandler());
  app.get('/logout', logoutHandler());
  app.get('/session-token', (req, res) => {
    const record = storefrontShop(ctx, req.query.shop);
    res.set('Access-Control-Allow-Origin', '*');
    if (!record) {
      res.status(404).json({ error: 'Unknown shop: pass ?shop={shop}.myshopify.com' });
      return;
    }
    const user = typeof req.query.user === 'string' && /^\d+$/.test(req.query.user) ? req.query.user : '1';
    res.json({ token: mintSessionToken(record.shop.domain, ctx.apiKey, ctx.apiSecret, { userId: user }), shop: record.shop.domain });
  });
  app.post('/admin/oauth/access_token', express.json(), express.urlencoded({ extended: false }), tokenExchangeHandler(ctx));
  app.post(
    '/admin/api/:version/graphql.json',
    express.json({ limit: '2mb' }),
    express.text({ type: 'application/graphql', limit: '2mb' }),
    adminGraphqlHandler(ctx),
  );
  app.all([APP_PROXY_PREFIX, `${APP_PROXY_PREFIX}/*splat`], express.raw({ type: () => true, limit: '1mb' }), appProxyHandler(ctx));
  app.use(STOREFRONT_PREFIX, storefrontRouter(ctx));
  app.get('/images/products/:file', productImageHandler());
  app.get('/mail', mailListHandler(mailSink));
  app.get('/mail/:id', mailDetailHandler(mailSink));
  app.use((_req, res) => {
    res.status(404).json({ errors: 'Not Found' });
  });
  app.use(errorHandler(ctx.log));
  return app;
}

/**
 * Starts the local shop platform: token exchange, Admin GraphQL (validated against the real schema), signed
 * webhooks to the app, the signed app proxy, session tokens and an index page — Shopify's protocols, so the same
 * app code runs against a real store. State is in memory.
 */
export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const log = options.log ?? pino({ level: 'silent' });
  const ctx = createContext(options, log);
  const host = options.host ?? '127.0.0.1';
  const mailSink = await startMailSink({ host, port: options.mailSinkPort ?? 0 });
  const server = createServer(createApp(ctx, mailSink));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await mailSink.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info({ url, smtp: mailSink.url }, 'shop platform emulator listening');

  const shopRecord = (shop: string) => ctx.state.shops.get(shopDomain(shop));
  const topics = new Set(options.webhookTopics ?? WEBHOOK_TOPICS);
  const subscribed = (topic: string) => topics.has(topic);

  const emulator: Emulator = {
    url,
    mailSink,
    close: async () => {
      await Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error ? reject(error) : resolve()));
          server.closeAllConnections();
        }),
        mailSink.close(),
      ]);
    },
    addShop(input) {
      if (!isShopDomain(shopDomain(input.domain))) throw new Error(`not a shop domain: ${input.domain}`);
      return ctx.ensureShop(input).shop;
    },
    async updateShop(input) {
      const domain = shopDomain(input.domain);
      if (!shopRecord(domain)) throw new Error(`unknown shop ${input.domain}`);
      const shop = ctx.ensureShop(input).shop;
      return subscribed('shop/update') ? sendWebhook(ctx, domain, 'shop/update', shopUpdatePayload(shop, new Date())) : null;
    },
    upsertCustomer(shop, customer) {
      const record = ctx.ensureShop({ domain: shop });
      return ctx.state.upsertCustomer(record, {
        id: customer.id,
        ...(customer.email !== undefined && { email: customer.email }),
        ...(customer.firstName !== undefined && { firstName: customer.firstName }),
        ...(customer.lastName !== undefined && { lastName: customer.lastName }),
        ...(customer.locale !== undefined && { locale: customer.locale }),
        ...(customer.tags !== undefined && { tags: customer.tags }),
        ...(customer.createdAt !== undefined && { createdAt: customer.createdAt.toISOString() }),
      });
    },
    deleteCustomer(shop, id) {
      const record = shopRecord(shop);
      if (!record?.customers.delete(id)) return false;
      const gid = `gid://shopify/Customer/${id}`;
      record.metafields = record.metafields.filter((m) => m.ownerId !== gid);
      return true;
    },
    customers: (shop) => [...(shopRecord(shop)?.customers.values() ?? [])],
    mintSessionToken: (shop, tokenOptions) => mintSessionToken(shopDomain(shop), ctx.apiKey, ctx.apiSecret, tokenOptions),
    signProxyQuery: (shop, customerId, signOptions) => signProxyQuery(ctx, shopDomain(shop), customerId, signOptions),
    sendWebhook: (shop, topic, payload, sendOptions) => sendWebhook(ctx, shopDomain(shop), topic, payload, sendOptions),
    async redeliverWebhook(eventId, redeliverOptions = {}) {
      const original = ctx.state.webhooks.findLast((w) => w.eventId === eventId);
      if (!original) throw new Error(`no webhook with event id ${eventId} was sent`);
      return sendWebhook(ctx, original.shop, original.topic, JSON.parse(original.body) as object, {
        eventId,
        ...(redeliverOptions.sameWebhookId && { webhookId: original.webhookId }),
      });
    },
    webhooks: (shop) => ctx.state.webhooks.filter((w) => shop === undefined || w.shop === shopDomain(shop)),
    faults: {
      throttleNext(n, kind = 'graphql') {
        ctx.faults.throttle = { remaining: Math.max(0, n), kind };
      },
      refuseNextDiscounts(n, message) {
        ctx.faults.refuseDiscounts = { remaining: Math.max(0, n), message };
      },
      failNextAfterExecuting(n) {
        ctx.faults.internalErrors = { remaining: Math.max(0, n) };
      },
      reset() {
        ctx.faults.throttle = { remaining: 0, kind: 'graphql' };
        ctx.faults.refuseDiscounts = { remaining: 0, message: undefined };
        ctx.faults.internalErrors = { remaining: 0 };
      },
    },
    catalog: {
      setVariantPrice(shop, variantId, price) {
        const found = demoProductByGid(variantId);
        if (found?.kind !== 'variant') throw new Error(`not a variant of the catalogue: ${variantId}`);
        if (!/^\d+(\.\d+)?$/.test(price)) throw new Error(`not a price: ${price}`);
        ctx.ensureShop({ domain: shop }).catalog.prices.set(found.product.productId, price);
      },
      async deleteProduct(shop, id, options = {}) {
        const found = demoProductByGid(id);
        if (!found) throw new Error(`not a product or variant of the catalogue: ${id}`);
        ctx.ensureShop({ domain: shop }).catalog.deleted.add(found.product.productId);
        return subscribed('products/delete') && (options.notify ?? true) ? sendWebhook(ctx, shopDomain(shop), 'products/delete', productDeletePayload(found.product)) : null;
      },
      async deleteVariant(shop, variantId) {
        const found = demoProductByGid(variantId);
        if (found?.kind !== 'variant') throw new Error(`not a variant of the catalogue: ${variantId}`);
        const record = ctx.ensureShop({ domain: shop });
        record.catalog.deleted.add(found.product.productId);
        if (!subscribed('products/update')) return null;
        const payload = productUpdatePayload(found.product, [], new Date(), record.shop.currencyCode);
        return sendWebhook(ctx, shopDomain(shop), 'products/update', payload);
      },
    },
    priceCart(shop, code, lines): CartPrice {
      const record = shopRecord(shop);
      if (!record) throw new Error(`unknown shop ${shop}`);
      return priceCart(record, code, lines);
    },
    discounts: (shop) => [...(shopRecord(shop)?.discounts ?? [])],
    appNamespace: resolveNamespace(ctx.apiKey, '$app'),
    metafieldDefinitions: (shop) => (shopRecord(shop)?.metafieldDefinitions ?? []).map((d) => ({ ...d })),
    addMetafieldDefinition(shop, definition) {
      const record = shopRecord(shop);
      if (!record) throw new Error(`unknown shop ${shop}`);
      record.metafieldDefinitions.push({ ...definition, id: `gid://shopify/MetafieldDefinition/${ctx.state.nextId()}` });
    },
    metafields: (shop, ownerId) => (shopRecord(shop)?.metafields ?? []).filter((m) => ownerId === undefined || m.ownerId === ownerId).map((m) => ({ ...m })),
    graphqlLog: (shop) => ctx.state.graphql.filter((entry) => shop === undefined || entry.shop === shopDomain(shop)),
    revokeAccess: (shop) => ctx.state.revokeTokens(shopDomain(shop)),
    accessToken(shop) {
      const domain = shopDomain(shop);
      const tokens = [...ctx.state.tokens.values()].filter((t) => t.shop === domain && !t.online && ctx.state.findToken(t.token));
      return tokens.at(-1)?.token;
    },
  };
  return emulator;
}
