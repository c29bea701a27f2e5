import type { ApiClient } from '../../api/client';
import type { PerkGrant, TierPerkInput, TierPerks } from './types';

/** Typed calls of `/api/tier-perks` and `/api/customers/:id/perk-grants`. */
export function perkEndpoints(api: ApiClient) {
  return {
    tierPerks: (signal?: AbortSignal) => api.request<TierPerks>('GET', '/tier-perks', undefined, signal),
    saveTierPerks: (perks: TierPerkInput[]) => api.request<TierPerks>('PUT', '/tier-perks', { perks }),
    perkGrants: (customerId: string, signal?: AbortSignal) =>
      api.request<{ grants: PerkGrant[] }>('GET', `/customers/${encodeURIComponent(customerId)}/perk-grants`, undefined, signal),
  };
}
