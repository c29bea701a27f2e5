import { Router } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { findCustomerDataExport, listCustomerDataExports } from '../compliance/exports.js';
import { DB_ID } from './dto/common.js';
import { apiError } from './errors.js';
import type * as Wire from './wire/index.js';

/** The answers to `customers/data_request`: listed, and downloaded as a JSON file. Another shop's export is a 404. */
export function dataExportRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/data-exports', async (_req, res) => {
    const { shop } = authenticated(res);
    const exports = await listCustomerDataExports(ctx.db, shop.id);
    res.json({
      exports: exports.map((e) => ({
        id: String(e.id),
        customerId: e.customerId,
        requestId: e.requestId,
        createdAt: e.createdAt.toISOString(),
      })),
    } satisfies Wire.DataExportList);
  });

  router.get('/data-exports/:id', async (req, res) => {
    const { shop } = authenticated(res);
    const id = req.params.id;
    const found = DB_ID.test(id) ? await findCustomerDataExport(ctx.db, shop.id, Number(id)) : null;
    if (!found) throw apiError(req, 404, 'export_not_found');
    const filename = `loyale-customer-${found.customerId}-export-${found.id}.json`.replace(/[^\w.-]/g, '_');
    res.set('Content-Disposition', `attachment; filename="${filename}"`);
    res.type('application/json').send(JSON.stringify(found.data, null, 2));
  });

  return router;
}
