import type { CustomerState } from './state.js';

/**
 * The metafield namespace of everything Loyale writes on a customer: the app's reserved namespace (the platform stores
 * it as `app--<app id>`), so no other app, staff member or translation can change the values (see definitions.ts).
 */
export const METAFIELD_NAMESPACE = '$app';

/** The customer metafields: key, type and where the value comes from. */
export const METAFIELDS = [
  { key: 'points', type: 'number_integer', value: (s: CustomerState) => String(s.points) },
  { key: 'tier', type: 'single_line_text_field', value: (s: CustomerState) => s.tierName },
  { key: 'points_to_next_tier', type: 'number_integer', value: (s: CustomerState) => String(s.pointsToNextTier) },
] as const;

export interface MetafieldWrite {
  key: string;
  type: string;
  value: string;
}

/** What the platform has of a member, as last synced; null before the first sync. */
export interface SyncedState {
  /** Null: not written in the current namespace (synced before the move to `$app`, or never). */
  points: number | null;
  tierTag: string | null;
  tierName: string | null;
  /** Null as `points`. */
  pointsToNextTier: number | null;
}

export interface SyncPlan {
  /** The tag change, or null when the tier tag is as synced. */
  tags: { add: string[]; remove: string[] } | null;
  /** Only the metafields whose value differs from what was synced. */
  metafields: MetafieldWrite[];
}

const syncedValue: Record<(typeof METAFIELDS)[number]['key'], (s: SyncedState) => string | null> = {
  points: (s) => (s.points === null ? null : String(s.points)),
  tier: (s) => s.tierName,
  points_to_next_tier: (s) => (s.pointsToNextTier === null ? null : String(s.pointsToNextTier)),
};

/**
 * What to write for one member: the tier tag when it changed or was never written (removing every other tier tag of the shop, and the one
 * synced last, so a lost sync state or a renamed tier leaves no stale tag behind) and the metafields that changed.
 * A value the platform cannot hold (no tier: an empty text) is not written.
 */
export function planCustomerSync(synced: SyncedState | null, desired: CustomerState, shopTierTags: readonly string[]): SyncPlan {
  const metafields = METAFIELDS.flatMap((field) => {
    const value = field.value(desired);
    if (value === null || value === '' || (synced && value === syncedValue[field.key](synced))) return [];
    return [{ key: field.key, type: field.type, value }];
  });
  if (synced && desired.tierTag === synced.tierTag) return { tags: null, metafields };
  const stale = new Set([...shopTierTags, ...(synced?.tierTag ? [synced.tierTag] : [])]);
  if (desired.tierTag) stale.delete(desired.tierTag);
  return { tags: { add: desired.tierTag ? [desired.tierTag] : [], remove: [...stale].sort() }, metafields };
}

/** The platform takes at most this many metafields per `metafieldsSet`. */
export const METAFIELDS_PER_CALL = 25;

/**
 * Packs customers' metafield writes into `metafieldsSet` calls of at most `max` metafields, in order, never splitting
 * a customer: a call the platform refuses then fails whole customers only. Customers without writes are left out.
 */
export function packMetafields<T extends { metafields: readonly unknown[] }>(customers: readonly T[], max = METAFIELDS_PER_CALL): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const customer of customers) {
    const count = customer.metafields.length;
    if (count === 0) continue;
    if (count > max) throw new Error(`a customer has ${count} metafields, more than one call takes (${max})`);
    if (size + count > max) {
      calls.push(current);
      current = [];
      size = 0;
    }
    current.push(customer);
    size += count;
  }
  if (current.length > 0) calls.push(current);
  return calls;
}
