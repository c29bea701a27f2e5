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

/** A tier of an edit with its name in the program's other language (null: none, it shows its name there too). */
export interface TranslatedTier {
  name: string;
  nameTranslation: string | null;
}

export type TranslationIssue = 'tier_translation_taken' | 'tier_translation_needed';

/**
 * The tiers that shoppers reading the program's other language could not tell from an earlier tier of the edit: the
 * name they see there (its translation, else its name) is an earlier tier's too, ignoring case. The same rule as for
 * the names, in that language. Each with what to fix on its translation: `taken` when it has one, `needed` when it has
 * none and its name is an earlier tier's translation. Tiers in `skip` (their names collide already, which says it) are
 * left out. Pure.
 */
export function collidingTranslations(tiers: readonly TranslatedTier[], skip: readonly number[] = []): { index: number; issue: TranslationIssue }[] {
  const seen = new Set<string>();
  const colliding: { index: number; issue: TranslationIssue }[] = [];
  tiers.forEach((tier, index) => {
    const shown = nameKey(tier.nameTranslation ?? tier.name);
    if (seen.has(shown) && !skip.includes(index)) {
      colliding.push({ index, issue: tier.nameTranslation === null ? 'tier_translation_needed' : 'tier_translation_taken' });
    }
    seen.add(shown);
  });
  return colliding;
}
