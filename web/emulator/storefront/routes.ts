import { join } from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { shopCatalog } from '../admin-graphql/products.js';
import { appProxyHandler, customerCookieName, loggedInCustomer, storefrontShop } from '../app-proxy.js';
import { APP_PROXY_PREFIX, type EmulatorContext } from '../context.js';
import type { ShopRecord } from '../state.js';
import { EXTENSION_DIR, readLocales } from './extension.js';
import { headerTags, renderBlock, renderThemePage, themeText, type RenderedBlock, type StorefrontGlobals } from './render.js';
import { STOREFRONT_PREFIX, storefrontRoot } from './urls.js';

const LOCALE_NAMES: Record<string, string> = { en: 'English', de: 'Deutsch' };
const PRODUCTS_SHOWN = 6;
const CUSTOMERS_SHOWN = 50;

/** The locales the extension has storefront translations for. */
async function supportedLocales(): Promise<{ defaultLocale: string; locales: string[] }> {
  const set = await readLocales(EXTENSION_DIR);
  return { defaultLocale: set.defaultLocale, locales: [...set.locales.keys()].sort() };
}

const assetUrl = (file: string) => `${STOREFRONT_PREFIX}/assets/${encodeURIComponent(file)}`;
const numericParam = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? value : null);

function signIn(res: Response, shop: string, customerId: string): void {
  res.cookie(customerCookieName(shop), customerId, { path: '/', httpOnly: true, sameSite: 'lax' });
}

function globalsFor(record: ShopRecord, locale: string, req: Request, pageType: string): StorefrontGlobals {
  const { shop } = record;
  const root = storefrontRoot(shop.domain, locale);
  const id = loggedInCustomer(req, shop.domain);
  const known = id === null ? undefined : record.customers.get(Number(id));
  return {
    shop: { name: shop.name, domain: shop.domain, currency: shop.currencyCode },
    customer:
      id === null
        ? null
        : { id: Number(id), first_name: known?.firstName ?? null, last_name: known?.lastName ?? null, email: known?.email ?? null },
    request: { locale: { iso_code: locale, primary: shop.primaryLocale.split('-')[0] === locale }, page_type: pageType },
    routes: {
      root_url: root.slice(0, -1),
      account_url: `${root}account`,
      account_login_url: `${root}account/login`,
      account_register_url: `${root}account/register`,
      account_logout_url: `${root}account/logout`,
    },
  };
}

/** A request under `/storefront/{shop}/{locale}/`, its shop and locale resolved. */
interface StorefrontRequest {
  req: Request;
  res: Response;
  record: ShopRecord;
  locale: string;
  /** `window.Shopify.routes.root` of this storefront. */
  root: string;
}

/** A handler for the routes under `/storefront/{shop}/{locale}/`: unknown shops and locales are a 404. */
function storefrontHandler(ctx: EmulatorContext, handle: (at: StorefrontRequest) => Promise<void> | void): RequestHandler {
  return async (req, res) => {
    const params = req.params as { shop?: string; locale?: string };
    const record = storefrontShop(ctx, params.shop);
    const { locales } = await supportedLocales();
    if (!record || !params.locale || !locales.includes(params.locale)) {
      res.status(404).type('text/plain').send('Unknown shop or locale');
      return;
    }
    await handle({ req, res, record, locale: params.locale, root: storefrontRoot(record.shop.domain, params.locale) });
  };
}

/** Renders a demo theme page around the extension's blocks: the app embed always, the tier card where the template has it. */
async function sendPage(
  { req, res, record, locale }: StorefrontRequest,
  page: { template: string; titleKey: string; tierCard: boolean; scope?: Record<string, unknown> },
): Promise<void> {
  const globals = globalsFor(record, locale, req, page.template);
  const embed = await renderBlock('launcher', globals, { assetUrl });
  const blocks: RenderedBlock[] = [embed];
  if (page.tierCard) blocks.push(await renderBlock('tier-card', globals, { assetUrl }));
  const { locales } = await supportedLocales();
  const rest = new URL(req.originalUrl, 'http://emulator.invalid').pathname.split('/').slice(4).join('/');
  const html = await renderThemePage(page.template, globals, {
    ...page.scope,
    page_title: await themeText(locale, page.titleKey),
    content_for_header: headerTags(blocks, globals, assetUrl),
    tier_card: blocks[1]?.html ?? '',
    emulator_home: '/',
    discount_code: typeof req.query.discount === 'string' ? req.query.discount : '',
    locale_links: locales.map((iso) => ({
      iso_code: iso,
      name: LOCALE_NAMES[iso] ?? iso,
      url: `${storefrontRoot(record.shop.domain, iso)}${rest}`,
      current: iso === locale,
    })),
  });
  // The platform renders app embeds (target "body") just before </body>.
  const at = html.lastIndexOf('</body>');
  res.type('html').send(`${html.slice(0, at)}${embed.html}\n${html.slice(at)}`);
}

function products(record: ShopRecord, locale: string): { title: string; price: string }[] {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: record.shop.currencyCode });
  return shopCatalog(record).slice(0, PRODUCTS_SHOWN).map((p) => ({ title: p.title, price: money.format(Number(p.price)) }));
}

function customers(record: ShopRecord, root: string): { name: string; email: string; login_url: string }[] {
  return [...record.customers.values()].slice(0, CUSTOMERS_SHOWN).map((c) => ({
    name: [c.firstName, c.lastName].filter(Boolean).join(' ') || `#${c.id}`,
    email: c.email ?? '',
    login_url: `${root}account/login?customer=${c.id}`,
  }));
}

/**
 * The demo storefront: a small theme rendered with liquidjs around the extension's real blocks, sign-in and
 * sign-out, the `/discount/{code}` link, the extension's assets, and the app proxy under the storefront's root
 * (forwarded by the emulator's signing app proxy, so the widget talks to the real app).
 */
export function storefrontRouter(ctx: EmulatorContext): Router {
  const router = Router();
  const forwardToApp = appProxyHandler(ctx);

  router.get('/', async (req, res) => {
    const record = storefrontShop(ctx, req.query.shop);
    if (!record) {
      res.status(404).type('text/plain').send('Unknown shop: pass ?shop={shop}.myshopify.com');
      return;
    }
    const { defaultLocale, locales } = await supportedLocales();
    const asked = typeof req.query.locale === 'string' ? req.query.locale : record.shop.primaryLocale.split('-')[0];
    const locale = asked && locales.includes(asked) ? asked : defaultLocale;
    const customer = numericParam(req.query.customer);
    if (customer) signIn(res, record.shop.domain, customer);
    res.redirect(303, storefrontRoot(record.shop.domain, locale));
  });

  router.get('/assets/:file', (req, res, next) => {
    if (!/^[\w-][\w.-]*$/.test(req.params.file)) return next();
    res.sendFile(req.params.file, { root: join(EXTENSION_DIR, 'assets'), headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error && !res.headersSent) res.status(404).type('text/plain').send('No such asset');
    });
  });

  const shop = Router({ mergeParams: true });
  router.use('/:shop/:locale', shop);

  shop.all(
    `${APP_PROXY_PREFIX}{/*splat}`,
    express.raw({ type: () => true, limit: '1mb' }),
    storefrontHandler(ctx, async ({ req, res, record }) => {
      const url = new URL(req.originalUrl, 'http://emulator.invalid');
      url.searchParams.set('shop', record.shop.domain);
      req.originalUrl = `${url.pathname.slice(url.pathname.indexOf(APP_PROXY_PREFIX))}?${url.searchParams}`;
      await forwardToApp(req, res, () => undefined);
    }),
  );

  shop.get(
    '/',
    storefrontHandler(ctx, (at) =>
      sendPage(at, { template: 'index', titleKey: 'theme.home', tierCard: true, scope: { products: products(at.record, at.locale) } }),
    ),
  );

  shop.get(
    '/account',
    storefrontHandler(ctx, async (at) => {
      if (loggedInCustomer(at.req, at.record.shop.domain) === null) at.res.redirect(303, `${at.root}account/login`);
      else await sendPage(at, { template: 'account', titleKey: 'theme.account_title', tierCard: true });
    }),
  );

  // Signing in on the emulator: pick a customer of the shop (both links of the widget lead here).
  for (const [path, titleKey] of [['/account/login', 'theme.login'], ['/account/register', 'theme.register']] as const) {
    shop.get(
      path,
      storefrontHandler(ctx, async (at) => {
        const customer = numericParam(at.req.query.customer);
        if (!customer) return sendPage(at, { template: 'login', titleKey, tierCard: false, scope: { customers: customers(at.record, at.root) } });
        signIn(at.res, at.record.shop.domain, customer);
        at.res.redirect(303, `${at.root}account`);
      }),
    );
  }

  shop.get(
    '/account/logout',
    storefrontHandler(ctx, ({ res, record, root }) => {
      res.clearCookie(customerCookieName(record.shop.domain), { path: '/' });
      res.redirect(303, root);
    }),
  );

  // Shopify applies the code to the cart and redirects to the storefront; the demo says so on the page.
  shop.get(
    '/discount/:code',
    storefrontHandler(ctx, ({ req, res, root }) => {
      res.redirect(302, `${root}?discount=${encodeURIComponent(String(req.params.code))}`);
    }),
  );

  return router;
}
