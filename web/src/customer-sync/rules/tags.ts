/** Every tag Loyale writes on a customer starts with this: a merchant's own tags are never touched. */
export const TIER_TAG_PREFIX = 'loyale-tier-';

/** The longest slug of a tier name in a tag (the platform allows 255 characters; segments stay readable). */
const MAX_SLUG = 40;

/** A tier as its tag needs it. */
export interface TaggedTier {
  id: number;
  /** The default tiers' stable key (bronze, silver, gold): their tag stays English whatever the shop calls them. */
  key: string | null;
  name: string;
}

/**
 * A tier name as a tag part: lower case ASCII letters and digits, words joined by hyphens ("Über VIP" → "uber-vip",
 * "Straße" → "strasse"). Empty when nothing of the name is left (emoji only).
 */
export function slugify(name: string): string {
  return name
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
}

/**
 * The customer tag of a tier, for segments and other apps: `loyale-tier-<key>` for a default tier
 * (`loyale-tier-gold`, also in a German shop), else `loyale-tier-<slug of the name>`, else `loyale-tier-<id>`.
 */
export function tierTag(tier: TaggedTier): string {
  return TIER_TAG_PREFIX + (tier.key ? slugify(tier.key) || tier.id : slugify(tier.name) || tier.id);
}
