/** Where API calls get their session token from. */
export interface TokenSource {
  get(): Promise<string>;
  /** Forgets a cached token (after a 401), so the next `get` fetches a new one. */
  invalidate(): void;
}

/**
 * No session token could be had: App Bridge's `idToken()` failed, or locally the emulator's token request. The API
 * client words it for the merchant (the cause's own text is the browser's or App Bridge's English).
 */
export class SessionTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionTokenError';
  }
}

/** Refetch this long before the token's `exp`: covers clock skew and the request's own travel time. */
const EXPIRY_MARGIN_MS = 10_000;

/** App Bridge inside Shopify: it caches and refreshes tokens itself. */
export function appBridgeTokenSource(shopify: { idToken(): Promise<string> }): TokenSource {
  return {
    get: () =>
      shopify.idToken().catch((cause: unknown) => {
        throw new SessionTokenError('App Bridge gave no session token', { cause });
      }),
    invalidate: () => undefined,
  };
}

/** The `exp` of a JWT in ms, or 0 when unreadable (then the token is used once). */
export function tokenExpiry(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/**
 * Outside Shopify the local emulator hands out the same kind of token at `url` (`{token, shop}`, CORS open).
 * Cached until shortly before it expires; concurrent callers share one fetch.
 */
export function devTokenSource(url: string, now: () => number = Date.now): TokenSource {
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    let token: unknown;
    try {
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok) throw new Error(`Session token request failed (${res.status})`);
      ({ token } = (await res.json()) as { token?: unknown });
    } catch (cause) {
      throw new SessionTokenError('The emulator gave no session token', { cause });
    }
    if (typeof token !== 'string') throw new SessionTokenError('The emulator gave no session token');
    cached = { token, expiresAt: tokenExpiry(token) - EXPIRY_MARGIN_MS };
    return token;
  }

  return {
    get() {
      if (cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}
