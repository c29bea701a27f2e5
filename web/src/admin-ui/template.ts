/** The comment in web/frontend/index.html (kept by Vite) where the server puts what the page needs to start. */
export const HEAD_PLACEHOLDER = /<!--\s*loyale:head[\s\S]*?-->/;

/** App Bridge from Shopify's CDN: it must be the first script of the page and load synchronously. */
export const APP_BRIDGE_SCRIPT = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';

/** Meta tag the frontend reads (web/frontend/src/env.ts) to fetch session tokens from the local emulator. */
export const TOKEN_URL_META = 'loyale-session-token-url';

export interface AdminPageOptions {
  apiKey: string;
  /** Inside Shopify: App Bridge supplies session tokens (and the navigation menu, toasts, locale). */
  appBridge: boolean;
  /** Without App Bridge: where the page gets session tokens (the emulator's `/session-token`). */
  tokenUrl: string | null;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Fills the built index.html's head placeholder: API-key meta, then App Bridge's script or the dev token URL. */
export function renderAdminPage(template: string, options: AdminPageOptions): string {
  const head = [`<meta name="shopify-api-key" content="${escapeAttribute(options.apiKey)}" />`];
  if (options.appBridge) {
    head.push(
      `<script src="${APP_BRIDGE_SCRIPT}"></script>`,
      // Polaris' typeface, as the Shopify admin has it (only inside Shopify: the local setup has no internet).
      '<link rel="stylesheet" href="https://cdn.shopify.com/static/fonts/inter/v4/styles.css" />',
    );
  }
  if (options.tokenUrl) head.push(`<meta name="${TOKEN_URL_META}" content="${escapeAttribute(options.tokenUrl)}" />`);
  return template.replace(HEAD_PLACEHOLDER, () => head.join('\n    '));
}
