import type { Request, RequestHandler } from 'express';
import { customerCookieName, loggedInCustomer, signProxyQuery } from './app-proxy.js';
import { APP_PROXY_PREFIX, DEMO_SHOP_DOMAIN, type EmulatorContext } from './context.js';
import type { EmulatedCustomer, ShopRecord } from './state.js';
import { storefrontUrl } from './storefront/urls.js';

/** The customers shown per shop, and how many status reads run at once against the app. */
const MAX_CUSTOMERS_SHOWN = 100;
const STATUS_CONCURRENCY = 6;
const STATUS_TIMEOUT_MS = 2_500;
const WEBHOOKS_SHOWN = 30;
const DISCOUNTS_SHOWN = 20;

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

interface CustomerStatus {
  points: number | null;
  tier: string | null;
}

/** The customer's points and tier as the storefront reads them: through the signed app proxy. */
async function readStatus(ctx: EmulatorContext, shop: string, customer: EmulatedCustomer): Promise<CustomerStatus> {
  try {
    const query = signProxyQuery(ctx, shop, String(customer.id));
    const res = await fetch(`${ctx.appUrl}/proxy/customer?${query}`, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    if (!res.ok) return { points: null, tier: null };
    const body = (await res.json()) as { points?: unknown; tier?: { name?: unknown } | null };
    return {
      points: typeof body.points === 'number' ? body.points : null,
      tier: typeof body.tier?.name === 'string' ? body.tier.name : null,
    };
  } catch {
    return { points: null, tier: null };
  }
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

function customerName(customer: EmulatedCustomer): string {
  return [customer.firstName, customer.lastName].filter(Boolean).join(' ') || `Kunde ${customer.id}`;
}

async function customersSection(ctx: EmulatorContext, record: ShopRecord, req: Request): Promise<string> {
  const shop = record.shop.domain;
  const customers = [...record.customers.values()].slice(0, MAX_CUSTOMERS_SHOWN);
  if (customers.length === 0) return '';
  const statuses = await mapLimited(customers, STATUS_CONCURRENCY, (c) => readStatus(ctx, shop, c));
  const current = loggedInCustomer(req, shop);
  const rows = customers.map((customer, index) => {
    const status = statuses[index]!;
    const isCurrent = current === String(customer.id);
    const action = isCurrent
      ? link(`/logout?shop=${encodeURIComponent(shop)}`, 'Log out')
      : link(`/login-as?shop=${encodeURIComponent(shop)}&customer=${customer.id}`, 'Log in as');
    const storefront = link(storefrontUrl(shop, { customerId: customer.id }), 'Storefront');
    return `<tr${isCurrent ? ' class="current"' : ''}><td>${escapeHtml(customerName(customer))}</td><td>${escapeHtml(customer.email ?? '')}</td>`
      + `<td class="num">${status.points === null ? '–' : escapeHtml(status.points)}</td><td>${escapeHtml(status.tier ?? '–')}</td>`
      + `<td>${escapeHtml(customer.tags.join(', '))}</td><td>${escapeHtml(metafieldsOf(record, customer.id))}</td><td>${action} · ${storefront}</td></tr>`;
  });
  const who = current ? `Logged in as customer ${escapeHtml(current)}.` : 'Logged out.';
  return `<h2>Customers of ${escapeHtml(record.shop.name)}</h2>
<p>${who} Storefront: ${link(storefrontUrl(shop), 'demo storefront')} · ${link(`${APP_PROXY_PREFIX}/customer?shop=${encodeURIComponent(shop)}`, `${APP_PROXY_PREFIX}/customer`)}</p>
<table><thead><tr><th>Name</th><th>E-mail</th><th>Points (app)</th><th>Tier (app)</th><th>Tags</th><th>Metafields</th><th></th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** The metafields the app set on a customer (`$app` shown as stored, `app--<id>`), as `key=value` (what other tools segment by). */
function metafieldsOf(record: ShopRecord, customerId: number): string {
  const owner = `gid://shopify/Customer/${customerId}`;
  return record.metafields
    .filter((m) => m.ownerId === owner)
    .map((m) => `${m.namespace}.${m.key}=${m.value}`)
    .join(', ');
}

/** Orders the app created through draft orders (surprise gifts sent as $0 orders), newest first. */
function ordersSection(records: ShopRecord[]): string {
  const drafts = records
    .flatMap((record) => [...record.draftOrders.values()].map((draft) => ({ shop: record.shop.domain, draft })))
    .sort((a, b) => b.draft.createdAt.localeCompare(a.draft.createdAt))
    .slice(0, DISCOUNTS_SHOWN);
  if (drafts.length === 0) return '<p>No orders created by the app yet.</p>';
  const rows = drafts.map(({ shop, draft }) => {
    const items = draft.lineItems.map((l) => `${l.quantity} × ${l.title}`).join(', ');
    return `<tr><td>${escapeHtml(draft.createdAt.slice(11, 19))}</td><td>${escapeHtml(shop)}</td><td>${escapeHtml(draft.order?.name ?? draft.name)}</td>`
      + `<td>${escapeHtml(draft.status)}</td><td>${escapeHtml(draft.customerId?.split('/').pop() ?? '')}</td><td>${escapeHtml(items)}</td></tr>`;
  });
  return `<table><thead><tr><th>Time (UTC)</th><th>Shop</th><th>Order</th><th>Status</th><th>Customer</th><th>Items</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function shopsSection(ctx: EmulatorContext, records: ShopRecord[]): string {
  if (records.length === 0) return '<p>No shops yet.</p>';
  const installed = new Set([...ctx.state.tokens.values()].map((t) => t.shop));
  const rows = records.map(({ shop }) => {
    const domain = encodeURIComponent(shop.domain);
    return `<tr><td>${escapeHtml(shop.domain)}</td><td>${escapeHtml(shop.name)}</td><td>${escapeHtml(shop.currencyCode)}</td>`
      + `<td>${escapeHtml(shop.primaryLocale)}</td><td>${escapeHtml(shop.timezone)}</td><td>${installed.has(shop.domain) ? 'yes' : 'no'}</td>`
      + `<td>${link(storefrontUrl(shop.domain), 'Storefront')} · ${link(`${APP_PROXY_PREFIX}/customer?shop=${domain}`, 'proxy JSON')} · ${link(`/session-token?shop=${domain}`, 'session token')}</td></tr>`;
  });
  return `<table><thead><tr><th>Domain</th><th>Name</th><th>Currency</th><th>Locale</th><th>Time zone</th><th>Installed</th><th></th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function webhooksSection(ctx: EmulatorContext): string {
  const recent = ctx.state.webhooks.slice(-WEBHOOKS_SHOWN).reverse();
  if (recent.length === 0) return '<p>No webhooks sent yet.</p>';
  const rows = recent.map((w) => {
    const ok = w.status >= 200 && w.status < 300;
    return `<tr><td>${escapeHtml(w.at.slice(11, 19))}</td><td>${escapeHtml(w.shop)}</td><td>${escapeHtml(w.topic)}</td>`
      + `<td><code>${escapeHtml(w.eventId.slice(0, 8))}</code>${w.duplicate ? ' <em>duplicate</em>' : ''}</td>`
      + `<td class="${ok ? 'ok' : 'bad'}">${w.status === 0 ? 'no answer' : escapeHtml(w.status)}</td></tr>`;
  });
  return `<table><thead><tr><th>Time (UTC)</th><th>Shop</th><th>Topic</th><th>Event</th><th>App answered</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function discountsSection(records: ShopRecord[]): string {
  const recent = records
    .flatMap((record) => record.discounts)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, DISCOUNTS_SHOWN);
  if (recent.length === 0) return '<p>No discount codes yet.</p>';
  const rows = recent.map((d) => {
    const customers = ((d.input.context as { customers?: { add?: string[] } } | undefined)?.customers?.add ?? [])
      .map((gid) => gid.split('/').pop())
      .join(', ');
    return `<tr><td>${escapeHtml(d.createdAt.slice(11, 19))}</td><td>${escapeHtml(d.shop)}</td><td><code>${escapeHtml(d.code)}</code></td>`
      + `<td>${escapeHtml(d.title)}</td><td>${escapeHtml(customers || 'all')}</td></tr>`;
  });
  return `<table><thead><tr><th>Time (UTC)</th><th>Shop</th><th>Code</th><th>Title</th><th>Customers</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#202223}
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}th,td{text-align:left;padding:.3rem .6rem;border-bottom:1px solid #e1e3e5}
td.num{text-align:right}tr.current{background:#f1f8f5}td.ok{color:#007f5f}td.bad{color:#d72c0d}code{font-size:.9em}`;

/** `GET /`: the shops, the demo shop's customers with their points (read through the app proxy), recent webhooks. */
export function indexPageHandler(ctx: EmulatorContext): RequestHandler {
  return async (req, res) => {
    const records = [...ctx.state.shops.values()].sort((a, b) =>
      a.shop.domain === DEMO_SHOP_DOMAIN ? -1 : b.shop.domain === DEMO_SHOP_DOMAIN ? 1 : a.shop.domain.localeCompare(b.shop.domain),
    );
    const customerSections = await Promise.all(records.map((record) => customersSection(ctx, record, req)));
    const refresh = req.query.refresh === undefined ? null : Math.max(2, Math.min(600, Number(req.query.refresh) || 10));
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop platform emulator</title>${refresh === null ? '' : `<meta http-equiv="refresh" content="${refresh}">`}<style>${STYLE}</style></head>
<body>
<h1>Shop platform emulator</h1>
<p>App: ${link(ctx.appUrl, ctx.appUrl)} · ${link('/mail', 'Mail sink')} · ${link('/', 'Refresh')} · ${refresh === null ? link('/?refresh=10', 'Refresh every 10 s') : link('/', 'Stop refreshing')}</p>
<h2>Shops</h2>
${shopsSection(ctx, records)}
${customerSections.join('\n')}
<h2>Discount codes the app created</h2>
${discountsSection(records)}
<h2>Orders the app created (draft orders)</h2>
${ordersSection(records)}
<h2>Recent webhooks</h2>
${webhooksSection(ctx)}
</body></html>`;
    res.type('html').send(html);
  };
}

/** `GET /login-as?shop=&customer=`: the browser is now that customer on the shop's storefront. */
export function loginAsHandler(): RequestHandler {
  return (req, res) => {
    const shop = String(req.query.shop ?? '').toLowerCase();
    const customer = String(req.query.customer ?? '');
    if (!shop || !/^\d+$/.test(customer)) {
      res.status(400).type('text/plain').send('shop and a numeric customer are required');
      return;
    }
    res.cookie(customerCookieName(shop), customer, { path: '/', httpOnly: true, sameSite: 'lax' });
    res.redirect(303, '/');
  };
}

/** `GET /logout?shop=`: the browser is logged out of the shop's storefront. */
export function logoutHandler(): RequestHandler {
  return (req, res) => {
    const shop = String(req.query.shop ?? '').toLowerCase();
    res.clearCookie(customerCookieName(shop), { path: '/' });
    res.redirect(303, '/');
  };
}
