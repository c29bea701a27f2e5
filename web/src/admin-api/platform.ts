import type { Request } from 'express';
import { AdminApiError, ShopNotInstalledError } from '../shopify/admin-client.js';
import { apiError } from './errors.js';

/**
 * Runs what a request needs from the shop platform (Admin GraphQL); when the platform cannot answer, the admin API
 * answers 502 in the request's language. A shop whose token was lost meanwhile (the platform refused its refresh,
 * or `app/uninstalled` ran since the request was authenticated) gets 401: the admin app asks for a fresh session
 * token and retries once, and that retry installs the shop afresh. Other errors propagate.
 */
export async function askPlatform<T>(req: Request, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AdminApiError) throw apiError(req, 502, 'platform_unavailable');
    if (error instanceof ShopNotInstalledError) throw apiError(req, 401, 'shop_access_lost');
    throw error;
  }
}
