import type { Response } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { getMemberStatus, type MemberStatus } from '../loyalty/members/status.js';
import { findProgram, type ProgramRecord } from '../program/repository.js';
import type { ShopRecord } from '../shops/repository.js';
import { proxyLocals } from './locals.js';
import { programIn, statusIn } from './shopper-names.js';

/**
 * What the storefront's read routes answer from: the shop's program and the logged-in customer's status, their tiers
 * and rewards named in the language the storefront asked (as stored when it asked none).
 */
export interface ProxyViewer {
  shop: ShopRecord;
  program: ProgramRecord;
  /** null when logged out. */
  status: MemberStatus | null;
}

/** Reads the program and the customer's status (nothing is created for a customer the app has not met). */
export async function loadViewer(ctx: AppContext, res: Response): Promise<ProxyViewer> {
  const { shop, customerId, language } = proxyLocals(res);
  const [stored, status] = await Promise.all([
    findProgram(ctx.db, shop.id),
    customerId === null ? null : getMemberStatus(ctx.db, shop, customerId),
  ]);
  if (!stored) throw new HttpError(404, 'Program not found');
  const program = programIn(stored, language);
  return { shop, program, status: status && statusIn(status, program) };
}
