import type { ApiClient } from '../../api/client';
import type { Versioned } from '../../api/types';
import type { PerkGrantList, TierPerkInput, TierPerks, TierPerksBody } from './types';

/** Typed calls of `/api/tier-perks` and `/api/customers/:id/perk-grants`. */
export function perkEndpoints(api: ApiClient) {
  return {
    tierPerks: (signal?: AbortSignal) => api.request<TierPerks>('GET', '/tier-perks', undefined, signal),
    /** `version`: the one the perks were loaded at (409 when the perks or the program were saved since). */
    saveTierPerks: (perks: TierPerkInput[], version: number) =>
      api.request<TierPerks>('PUT', '/tier-perks', { perks, version } satisfies Versioned<TierPerksBody>),
    perkGrants: (customerId: string, signal?: AbortSignal) =>
      api.request<PerkGrantList>('GET', `/customers/${encodeURIComponent(customerId)}/perk-grants`, undefined, signal),
  };
}
