import { Router, type Request } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { listLedgerEntries } from '../loyalty/ledger/entries.js';
import { getCustomerDetail } from '../loyalty/members/detail.js';
import { listMembers } from '../loyalty/members/list.js';
import { findMemberProfile } from '../loyalty/members/profile.js';
import { PLATFORM_ID } from './dto/common.js';
import { customersQuery, ledgerQuery, toCustomerDetailJson, toCustomerListJson, toLedgerPageJson } from './dto/customers.js';
import { apiError } from './errors.js';
import { parseQuery, pathParam } from './validation.js';

const customerNotFound = (req: Request) => apiError(req, 404, 'customer_not_found');

/** `:customerId` of the path: a platform customer id (digits); anything else is a customer not found. */
export const customerIdParam = (req: Request): string => pathParam(req, 'customerId', PLATFORM_ID, customerNotFound);

/** The customer list (search, tier filter, sorts, cursor pages), a customer's detail and their ledger. */
export function customerRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    const { shop } = authenticated(res);
    const query = parseQuery(req, customersQuery);
    res.json(toCustomerListJson(await listMembers(ctx.db, shop.id, query), query.sort));
  });

  router.get('/customers/:customerId', async (req, res) => {
    const { shop } = authenticated(res);
    const detail = await getCustomerDetail(ctx.db, shop, customerIdParam(req));
    if (!detail) throw customerNotFound(req);
    res.json(toCustomerDetailJson(detail));
  });

  router.get('/customers/:customerId/ledger', async (req, res) => {
    const { shop } = authenticated(res);
    const page = parseQuery(req, ledgerQuery);
    const member = await findMemberProfile(ctx.db, shop.id, customerIdParam(req));
    if (!member) throw customerNotFound(req);
    res.json(toLedgerPageJson(await listLedgerEntries(ctx.db, shop.id, member.memberId, page)));
  });

  return router;
}
