import type { Response } from 'express';
import type { ShopRecord } from '../shops/repository.js';

/** What the proxy's signature check leaves for the `/proxy/*` handlers after it. */
export interface ProxyLocals {
  shop: ShopRecord;
  /** The logged-in customer's numeric id, null when logged out. */
  customerId: string | null;
}

export function proxyLocals(res: Response): ProxyLocals {
  const locals = res.locals as Partial<ProxyLocals>;
  if (!locals.shop || locals.customerId === undefined) throw new Error('route is not behind the proxy signature check');
  return locals as ProxyLocals;
}
