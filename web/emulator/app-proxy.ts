import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { APP_PROXY_PREFIX, DEMO_SHOP_DOMAIN, type EmulatorContext } from './context.js';
import type { ShopRecord } from './state.js';

/** The parameters the platform sets itself; a shopper's own values for them never reach the app. */
const PLATFORM_PARAMS = new Set(['shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'signature']);

/**
 * The app proxy signature (Shopify's documented algorithm): every parameter but `signature` written as
 * `key=value` (a repeated key's values joined with ','), these strings sorted, concatenated with nothing,
 * then hex HMAC-SHA256 with the app's secret.
 */
export function proxySignature(params: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === 'signature') continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped].map(([key, values]) => `${key}=${values.join(',')}`).sort().join('');
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

export interface SignProxyOptions {
  /** The shopper's own query parameters. */
  extra?: Record<string, string> | URLSearchParams;
  /** Seconds since the epoch. @defaultValue now */
  timestamp?: number;
  /** @defaultValue the app's API secret */
  secret?: string;
}

/** The query the platform sends the app: the shopper's parameters, then shop, logged_in_customer_id, path_prefix, timestamp, signature. */
export function signProxyQuery(ctx: EmulatorContext, shop: string, customerId: string | null, options: SignProxyOptions = {}): URLSearchParams {
  const params = new URLSearchParams();
  const extra = options.extra instanceof URLSearchParams ? options.extra : new URLSearchParams(options.extra ?? {});
  for (const [key, value] of extra) if (!PLATFORM_PARAMS.has(key)) params.append(key, value);
  params.set('shop', shop);
  params.set('logged_in_customer_id', customerId ?? '');
  params.set('path_prefix', APP_PROXY_PREFIX);
  params.set('timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set('signature', proxySignature(params, options.secret ?? ctx.apiSecret));
  return params;
}

/** Name of the cookie that remembers which customer the browser is logged in as, per shop. */
export function customerCookieName(shop: string): string {
  return `emulator_customer_${shop}`;
}

export function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try {
      cookies.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // A cookie the emulator did not write; ignore it.
    }
  }
  return cookies;
}

/** The shop a storefront request is for: `?shop=`, else the demo shop, else the only shop there is. */
export function storefrontShop(ctx: EmulatorContext, requested: unknown): ShopRecord | undefined {
  if (typeof requested === 'string' && requested) return ctx.state.shops.get(requested.trim().toLowerCase());
  const shops = ctx.state.shops;
  return shops.get(DEMO_SHOP_DOMAIN) ?? (shops.size === 1 ? [...shops.values()][0] : undefined);
}

export function loggedInCustomer(req: Request, shop: string): string | null {
  const value = readCookies(req).get(customerCookieName(shop));
  return value && /^\d+$/.test(value) ? value : null;
}

const FORWARDED_REQUEST_HEADERS = ['accept', 'accept-language', 'content-type', 'user-agent'];
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'set-cookie',
  'date',
]);

/**
 * `ALL /apps/loyale/*`: the storefront side of the app proxy. Forwards method, path, the shopper's query and body
 * to `${appUrl}/proxy/*`, adding the signed platform parameters (the customer from the log-in cookie), and
 * answers with the app's status, headers (no cookies) and body.
 */
export function appProxyHandler(ctx: EmulatorContext): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.originalUrl, 'http://emulator.invalid');
    const record = storefrontShop(ctx, url.searchParams.get('shop'));
    if (!record) {
      res.status(404).type('text/plain').send('Unknown shop: pass ?shop={shop}.myshopify.com');
      return;
    }
    const shop = record.shop.domain;
    const rest = url.pathname.slice(APP_PROXY_PREFIX.length);
    const query = signProxyQuery(ctx, shop, loggedInCustomer(req, shop), { extra: url.searchParams });
    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.get(name);
      if (value) headers.set(name, value);
    }
    headers.set('x-forwarded-host', req.get('host') ?? '');
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body) && req.body.length > 0;
    try {
      const answer = await fetch(`${ctx.appUrl}/proxy${rest}?${query}`, {
        method: req.method,
        headers,
        body: hasBody ? new Uint8Array(req.body as Buffer) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      res.status(answer.status);
      answer.headers.forEach((value, name) => {
        if (!DROPPED_RESPONSE_HEADERS.has(name)) res.setHeader(name, value);
      });
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      ctx.log.warn({ shop, err: error }, 'app proxy: the app did not answer');
      res.status(502).type('text/plain').send('The app did not answer the proxied request.');
    }
  };
}
