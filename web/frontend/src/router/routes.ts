/** The admin's pages. */
export type Route =
  | { name: 'dashboard' }
  | { name: 'customers' }
  | { name: 'customer'; customerId: string }
  | { name: 'program' }
  | { name: 'notifications' }
  | { name: 'campaigns' }
  /** `campaignId` null: a new campaign. */
  | { name: 'campaign'; campaignId: string | null }
  | { name: 'campaignRun'; runId: string }
  | { name: 'notFound' };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'dashboard' };
  if (path === '/customers') return { name: 'customers' };
  if (path === '/program') return { name: 'program' };
  if (path === '/notifications') return { name: 'notifications' };
  if (path === '/campaigns') return { name: 'campaigns' };
  if (path === '/campaigns/new') return { name: 'campaign', campaignId: null };
  const campaign = /^\/campaigns\/(\d+)$/.exec(path);
  if (campaign?.[1]) return { name: 'campaign', campaignId: campaign[1] };
  const campaignRun = /^\/campaigns\/runs\/(\d+)$/.exec(path);
  if (campaignRun?.[1]) return { name: 'campaignRun', runId: campaignRun[1] };
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer?.[1]) return { name: 'customer', customerId: decodeURIComponent(customer[1]) };
  return { name: 'notFound' };
}

export const paths = {
  dashboard: '/',
  customers: '/customers',
  customer: (customerId: string) => `/customers/${encodeURIComponent(customerId)}`,
  program: '/program',
  notifications: '/notifications',
  campaigns: '/campaigns',
  newCampaign: '/campaigns/new',
  campaign: (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}`,
  campaignRun: (runId: string) => `/campaigns/runs/${encodeURIComponent(runId)}`,
};

/**
 * Query parameters that describe the session rather than the page (Shopify's `shop`, `host`, `embedded`, the
 * admin `locale`): kept on every in-app navigation, so a reload opens the same shop in the same language.
 */
const SESSION_PARAMS = ['shop', 'host', 'embedded', 'locale'];

export function withSessionParams(to: string, currentSearch: string): string {
  const url = new URL(to, 'http://app.invalid');
  const current = new URLSearchParams(currentSearch);
  for (const name of SESSION_PARAMS) {
    const value = current.get(name);
    if (value !== null && !url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return `${url.pathname}${url.search}${url.hash}`;
}
