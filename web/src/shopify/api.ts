import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import type { AppConfig } from '../config/config.js';
import type { Logger } from '../logger.js';

export type { Shopify };

/**
 * Rewrites `https://{shop}/...` to `{platformUrl}/...` (same path and query), so that token exchange and Admin
 * GraphQL reach the configured platform (the local emulator, or a recording proxy). Other URLs pass unchanged.
 */
export function platformFetch(platformUrl: string | undefined, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  if (!platformUrl) return baseFetch;
  const base = new URL(platformUrl);
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === 'https:' && url.hostname.endsWith('.myshopify.com')) {
      const target = new URL(`${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, base);
      return baseFetch(input instanceof Request ? new Request(target, input) : target, init);
    }
    return baseFetch(input, init);
  };
}

/** The library instance, configured once from the app configuration. */
export function createShopifyApi(config: AppConfig, log: Logger): Shopify {
  // The library reaches the network only through this abstract fetch; the override is process-wide.
  setAbstractFetchFunc(platformFetch(config.shopPlatformUrl));
  const appUrl = new URL(config.appUrl);
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: config.scopes,
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === 'http:' ? 'http' : 'https',
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: {
      level: LogSeverity.Warning,
      log: async (severity, message) => {
        if (severity <= LogSeverity.Error) log.error({ lib: 'shopify-api' }, message);
        else log.warn({ lib: 'shopify-api' }, message);
      },
    },
  });
}
