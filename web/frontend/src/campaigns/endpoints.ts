import type { ApiClient } from '../api/client';
import type {
  Campaign,
  CampaignList,
  CampaignPayload,
  CampaignPreview,
  CampaignRun,
  CampaignRunDetail,
  CampaignRunList,
  RunCampaignBody,
} from './types';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of `/api/campaigns` and `/api/campaign-runs`. */
export function campaignEndpoints(api: ApiClient) {
  return {
    campaigns: (signal?: AbortSignal) => api.request<CampaignList>('GET', '/campaigns', undefined, signal),
    campaign: (campaignId: string, signal?: AbortSignal) => api.request<Campaign>('GET', `/campaigns/${id(campaignId)}`, undefined, signal),
    createCampaign: (campaign: CampaignPayload) => api.request<Campaign>('POST', '/campaigns', campaign),
    saveCampaign: (campaignId: string, campaign: CampaignPayload) => api.request<Campaign>('PUT', `/campaigns/${id(campaignId)}`, campaign),
    deleteCampaign: (campaignId: string) => api.request<void>('DELETE', `/campaigns/${id(campaignId)}`),
    previewCampaign: (campaignId: string) => api.request<CampaignPreview>('POST', `/campaigns/${id(campaignId)}/preview`),
    /** The same key twice is the same run (a double click). */
    runCampaign: (campaignId: string, idempotencyKey: string) =>
      api.request<CampaignRun>('POST', `/campaigns/${id(campaignId)}/run`, { idempotencyKey } satisfies RunCampaignBody),
    campaignRuns: (campaignId: string, signal?: AbortSignal) =>
      api.request<CampaignRunList>('GET', `/campaigns/${id(campaignId)}/runs`, undefined, signal),
    campaignRun: (runId: string, signal?: AbortSignal) => api.request<CampaignRunDetail>('GET', `/campaign-runs/${id(runId)}`, undefined, signal),
  };
}
