import type { ApiClient } from '../../api/client';
import type { PerkGrantList, TierPerkInput, TierPerks, TierPerksBody } from './types';

/** Typed calls of `/api/tier-perks` and `/api/customers/:id/perk-grants`. */
export function perkEndpoints(api: ApiClient) {
  return {
    tierPerks: (signal?: AbortSignal) => api.request<TierPerks>('GET', '/tier-perks', undefined, signal),
    saveTierPerks: (perks: TierPerkInput[]) => api.request<TierPerks>('PUT', '/tier-perks', { perks } satisfies TierPerksBody),
    perkGrants: (customerId: string, signal?: AbortSignal) =>
      api.request<PerkGrantList>('GET', `/customers/${encodeURIComponent(customerId)}/perk-grants`, undefined, signal),
  };
}
