import type { ApiClient } from '../api/client';
import type { Draft, Versioned } from '../api/types';
import type {
  CampaignBody,
  CampaignDetail,
  CampaignList,
  CampaignPayload,
  CampaignPreview,
  CampaignRun,
  CampaignRunDetail,
  CampaignRunList,
  NewCampaignBody,
  RunCampaignBody,
} from './types';

const id = (value: string) => encodeURIComponent(value);

/** Typed calls of `/api/campaigns` and `/api/campaign-runs`. */
export function campaignEndpoints(api: ApiClient) {
  return {
    campaigns: (signal?: AbortSignal) => api.request<CampaignList>('GET', '/campaigns', undefined, signal),
    campaign: (campaignId: string, signal?: AbortSignal) => api.request<CampaignDetail>('GET', `/campaigns/${id(campaignId)}`, undefined, signal),
    /** `idempotencyKey`: the new-campaign form's, so a repeated submit answers the campaign it created. */
    createCampaign: (campaign: CampaignPayload, idempotencyKey: string) =>
      api.request<CampaignDetail>('POST', '/campaigns', { ...campaign, idempotencyKey } satisfies Draft<NewCampaignBody>),
    /** `version`: the one the campaign was loaded at (409 when someone saved since). */
    saveCampaign: (campaignId: string, campaign: CampaignPayload, version: number) =>
      api.request<CampaignDetail>('PUT', `/campaigns/${id(campaignId)}`, { ...campaign, version } satisfies Draft<Versioned<CampaignBody>>),
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
