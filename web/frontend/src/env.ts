/** Meta tag names the backend (web/src/admin-ui) fills into index.html. */
export const META = {
  apiKey: 'shopify-api-key',
  /** Set only when the local emulator runs: where to get a session token without App Bridge. */
  tokenUrl: 'loyale-session-token-url',
} as const;

export interface AdminEnv {
  apiKey: string | null;
  tokenUrl: string | null;
  /** App Bridge's `shopify` global, when the app runs inside the Shopify admin. */
  appBridge: typeof window.shopify | null;
}

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || null;
}

export function readEnv(): AdminEnv {
  // The App Bridge script defines `shopify` before any module runs; outside Shopify it is not on the page.
  const appBridge = 'shopify' in window && typeof window.shopify?.idToken === 'function' ? window.shopify : null;
  return { apiKey: meta(META.apiKey), tokenUrl: meta(META.tokenUrl), appBridge };
}
