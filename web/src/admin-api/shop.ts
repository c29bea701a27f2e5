import { Router } from 'express';
import { authenticated } from '../auth/locals.js';
import type * as Wire from './wire/index.js';

/** `GET /api/shop`: what the admin shows and formats with (name, currency, locale, time zone). */
export function shopRoutes(): Router {
  const router = Router();
  router.get('/shop', (_req, res) => {
    const { shop } = authenticated(res);
    res.json({
      domain: shop.domain,
      name: shop.name,
      currencyCode: shop.currencyCode,
      primaryLocale: shop.primaryLocale,
      timezone: shop.timezone,
    } satisfies Wire.Shop);
  });
  return router;
}
