import { campaignEndpoints } from '../campaigns/endpoints';
import { perkEndpoints } from '../components/perks/endpoints';
import type { ApiClient } from './client';
import type {
  AdjustmentInput,
  AdjustmentResult,
  CustomerDetail,
  CustomerList,
  CustomerListQuery,
  Dashboard,
  DashboardQuery,
  DataExportList,
  DateRange,
  Draft,
  LedgerPage,
  LedgerQuery,
  MailActivity,
  MailLogPage,
  MailLogQuery,
  NotificationPreview,
  NotificationPreviewQuery,
  NotificationSettings,
  NotificationSettingsInput,
  ProductVariantList,
  ProductVariantQuery,
  ProgramSettings,
  ProgramSettingsBody,
  ProgramView,
  Shop,
  Versioned,
} from './types';

function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of the admin JSON API, one per endpoint. */
export function endpoints(api: ApiClient) {
  return {
    ...campaignEndpoints(api),
    ...perkEndpoints(api),
    shop: (signal?: AbortSignal) => api.request<Shop>('GET', '/shop', undefined, signal),
    dashboard: (range: DateRange | null, signal?: AbortSignal) =>
      api.request<Dashboard>('GET', withQuery('/dashboard', { from: range?.from, to: range?.to } satisfies DashboardQuery), undefined, signal),
    customers: (query: CustomerListQuery, signal?: AbortSignal) =>
      api.request<CustomerList>('GET', withQuery('/customers', { ...query }), undefined, signal),
    customer: (customerId: string, signal?: AbortSignal) =>
      api.request<CustomerDetail>('GET', `/customers/${id(customerId)}`, undefined, signal),
    ledger: (customerId: string, after: string | undefined, signal?: AbortSignal) =>
      api.request<LedgerPage>('GET', withQuery(`/customers/${id(customerId)}/ledger`, { limit: 25, after } satisfies LedgerQuery), undefined, signal),
    adjust: (customerId: string, input: AdjustmentInput) =>
      api.request<AdjustmentResult>('POST', `/customers/${id(customerId)}/adjustments`, input),
    /** The contract's program view: used for the tier filter's choices. */
    program: (signal?: AbortSignal) => api.request<ProgramView>('GET', '/program', undefined, signal),
    programSettings: (signal?: AbortSignal) => api.request<ProgramSettings>('GET', '/program/settings', undefined, signal),
    /** `version`: the one the settings were loaded at (409 when someone saved since). */
    saveProgramSettings: (settings: Draft<ProgramSettingsBody>, version: number) =>
      api.request<ProgramSettings>('PUT', '/program/settings', { ...settings, version } satisfies Draft<Versioned<ProgramSettingsBody>>),
    /** The shop's product variants matching `query` (the first ones for ''): the free-product reward's picker. */
    productVariants: (query: string, signal?: AbortSignal) =>
      api.request<ProductVariantList>('GET', withQuery('/products/variants', { query } satisfies ProductVariantQuery), undefined, signal),
    dataExports: (signal?: AbortSignal) => api.request<DataExportList>('GET', '/data-exports', undefined, signal),
    downloadDataExport: (exportId: string) => api.download(`/data-exports/${id(exportId)}`),
    notificationSettings: (signal?: AbortSignal) => api.request<NotificationSettings>('GET', '/notifications/settings', undefined, signal),
    saveNotificationSettings: (settings: NotificationSettingsInput) =>
      api.request<NotificationSettings>('PUT', '/notifications/settings', settings),
    /**
     * `senderName`: the field as it is being edited, so the preview follows it before it is saved; sent also when
     * empty (withQuery would drop it), which the server reads as the shop's own name. The admin never sends that
     * name back itself: the server would check it as a typed sender name, which a shop's name need not pass.
     */
    notificationPreview: (query: Required<NotificationPreviewQuery>, signal?: AbortSignal) =>
      api.request<NotificationPreview>('GET', `/notifications/preview?${new URLSearchParams({ ...query }).toString()}`, undefined, signal),
    mailActivity: (signal?: AbortSignal) => api.request<MailActivity>('GET', '/notifications/activity', undefined, signal),
    mailLog: (query: MailLogQuery, signal?: AbortSignal) =>
      api.request<MailLogPage>('GET', withQuery('/notifications/mails', { ...query }), undefined, signal),
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
