import { Router } from 'express';
import { z } from 'zod';
import { authenticated } from '../auth/locals.js';
import { searchVariants } from '../rewards/products.js';
import type { AdminClient } from '../shopify/admin-client.js';
import { text } from './dto/common.js';
import { askPlatform } from './platform.js';
import { parseQuery } from './validation.js';
import type { Assert, Extends } from './wire/checks.js';
import type * as Wire from './wire/index.js';

const variantsQuery = z.object({ query: text(200).default('') });

type _VariantsQuery = Assert<Extends<Wire.ProductVariantQuery, z.input<typeof variantsQuery>>>;

/**
 * The reward editor's product picker: `GET /api/products/variants?query=` →
 * `{ variants: [{ id, productTitle, variantTitle, imageUrl, price }] }`, the shop's variants matching what the
 * merchant typed (the first ones for an empty query), asked of the platform each time. 502 when it cannot answer.
 */
export function productRoutes(admin: AdminClient): Router {
  const router = Router();
  router.get('/products/variants', async (req, res) => {
    const { shop } = authenticated(res);
    const { query } = parseQuery(req, variantsQuery);
    res.json({ variants: await askPlatform(req, () => searchVariants(admin, shop.domain, query)) } satisfies Wire.ProductVariantList);
  });
  return router;
}
