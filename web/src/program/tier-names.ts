import { slugify, tierTag } from '../customer-sync/rules/tags.js';

/** A tier of an edit as its name and tag need it: its id (null for a new one) and name. */
export interface NamedTier {
  id: number | null;
  name: string;
}

/** A name as merchants tell names apart: case and Unicode form do not count ("gold" is "Gold"). */
const nameKey = (name: string) => name.normalize('NFKC').toLocaleLowerCase('en');

/**
 * The customer tag the tier will have once saved (customer-sync/rules/tags.ts): a default tier's key, else a slug of
 * its name, else its id; null for a new tier whose name leaves no slug (its id, hence its tag, does not exist yet).
 */
function tagOf(tier: NamedTier, keyOf: (id: number) => string | null): string | null {
  const key = tier.id === null ? null : keyOf(tier.id);
  if (tier.id === null && slugify(tier.name) === '') return null;
  return tierTag({ id: tier.id ?? 0, key, name: tier.name });
}

/**
 * The positions of the tiers whose name an earlier tier of the edit has already (ignoring case), or whose customer tag
 * an earlier one's is ("Gold!" and "gold", or a new "Gold" beside the default tier renamed "Premium", which keeps the
 * tag loyale-tier-gold): the members of both would carry one tag, and segments could not tell them apart. `keyOf`: a
 * stored tier's default key (bronze, silver, gold), null for one the merchant made. Pure.
 */
export function collidingTierNames(tiers: readonly NamedTier[], keyOf: (id: number) => string | null): number[] {
  const names = new Set<string>();
  const tags = new Set<string>();
  const colliding: number[] = [];
  tiers.forEach((tier, i) => {
    const name = nameKey(tier.name);
    const tag = tagOf(tier, keyOf);
    if (names.has(name) || (tag !== null && tags.has(tag))) colliding.push(i);
    names.add(name);
    if (tag !== null) tags.add(tag);
  });
  return colliding;
}
