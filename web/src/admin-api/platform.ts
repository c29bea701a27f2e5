import type { Request } from 'express';
import { AdminApiError } from '../shopify/admin-client.js';
import { apiError } from './errors.js';

/**
 * Runs what a request needs from the shop platform (Admin GraphQL); when the platform cannot answer, the admin API
 * answers 502 in the request's language. Other errors propagate.
 */
export async function askPlatform<T>(req: Request, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AdminApiError) throw apiError(req, 502, 'platform_unavailable');
    throw error;
  }
}
