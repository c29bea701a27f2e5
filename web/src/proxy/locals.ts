import type { Response } from 'express';
import type { ProgramLocale } from '../program/default-program.js';
import type { ShopRecord } from '../shops/repository.js';

/** What the proxy's signature check leaves for the `/proxy/*` handlers after it. */
export interface ProxyLocals {
  shop: ShopRecord;
  /** The logged-in customer's numeric id, null when logged out. */
  customerId: string | null;
  /**
   * The language the storefront asked tier and reward names in (`?locale=`): German or English; null when it asked
   * none (the names as the contract has them) or one no names exist in.
   */
  language: ProgramLocale | null;
}

export function proxyLocals(res: Response): ProxyLocals {
  const locals = res.locals as Partial<ProxyLocals>;
  if (!locals.shop || locals.customerId === undefined || locals.language === undefined) throw new Error('route is not behind the proxy signature check');
  return locals as ProxyLocals;
}
