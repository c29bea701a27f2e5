import type { Response } from 'express';
import type { AppContext } from '../app/context.js';
import { HttpError } from '../http/errors.js';
import { getMemberStatus, type MemberStatus } from '../loyalty/members/status.js';
import { findProgram, type ProgramRecord } from '../program/repository.js';
import type { ShopRecord } from '../shops/repository.js';
import { proxyLocals } from './locals.js';

/** What the storefront's read routes answer from: the shop's program and the logged-in customer's status. */
export interface ProxyViewer {
  shop: ShopRecord;
  program: ProgramRecord;
  /** null when logged out. */
  status: MemberStatus | null;
}

/** Reads the program and the customer's status (nothing is created for a customer the app has not met). */
export async function loadViewer(ctx: AppContext, res: Response): Promise<ProxyViewer> {
  const { shop, customerId } = proxyLocals(res);
  const [program, status] = await Promise.all([
    findProgram(ctx.db, shop.id),
    customerId === null ? null : getMemberStatus(ctx.db, shop, customerId),
  ]);
  if (!program) throw new HttpError(404, 'Program not found');
  return { shop, program, status };
}
