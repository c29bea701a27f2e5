/**
 * What the app asks of the platform, as `shopify.app.toml` declares it for the Shopify CLI: the access scopes and the
 * webhook subscriptions. The app's configuration and the emulator take them from here; `app-config.test.ts` holds the
 * TOML file and the webhook handlers to the same lists.
 */

/** The access scopes (`[access_scopes] scopes`). */
export const APP_SCOPES: readonly string[] = [
  'read_orders',
  'read_customers',
  'write_customers',
  'write_discounts',
  'read_products',
  'write_draft_orders',
  // The shop's primary locale (`shopLocales`) at install: the language of the default program's names.
  'read_locales',
];

/** The topics of the webhook subscription (`[[webhooks.subscriptions]] topics`, uri `/api/webhooks`). */
export const WEBHOOK_TOPICS: readonly string[] = [
  'app/uninstalled',
  'customers/create',
  'customers/update',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/paid',
  'products/delete',
  'products/update',
  'refunds/create',
  // The shop's time zone, currency and language changed (the dashboard's days, the mails, the default names).
  'shop/update',
];

/** The mandatory compliance topics (`compliance_topics`): every app gets them, whatever it subscribes to. */
export const COMPLIANCE_TOPICS: readonly string[] = ['customers/data_request', 'customers/redact', 'shop/redact'];
