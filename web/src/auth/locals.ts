import type { Response } from 'express';
import type { ShopRecord } from '../shops/repository.js';

/** What the session-token middleware leaves for the `/api/*` handlers after it. */
export interface AuthenticatedLocals {
  shop: ShopRecord;
  /** The staff user (`sub` of the session token), recorded on manual adjustments. */
  userId: string;
  sessionId: string | null;
}

export function authenticated(res: Response): AuthenticatedLocals {
  const locals = res.locals as Partial<AuthenticatedLocals>;
  if (!locals.shop || locals.userId === undefined) throw new Error('route is not behind the session-token middleware');
  return locals as AuthenticatedLocals;
}
