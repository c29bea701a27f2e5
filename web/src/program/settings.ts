import { domainIssue, type FieldIssues } from '../validation/field-errors.js';
import type { RewardKind } from './default-program.js';
import type { ProgramRecord, RewardProduct } from './repository.js';
import { collidingTierNames, collidingTranslations } from './tier-names.js';

export const REWARD_KINDS = ['free_shipping', 'percentage_off', 'amount_off', 'free_product'] as const satisfies readonly RewardKind[];

/** A tier as the merchant edits it; `id` null for a new tier. */
export interface TierSettings {
  id: number | null;
  name: string;
  /**
   * The name in the program's other language (names.ts); null for none. Undefined keeps what is stored while the name
   * is unchanged (a renamed tier's old translation would name another tier; a new tier: none).
   */
  nameTranslation?: string | null;
  threshold: number;
  /** Exact decimal string. */
  multiplier: string;
}

/** A reward as the merchant edits it; `id` null for a new reward. */
export interface RewardSettings {
  id: number | null;
  name: string;
  /** The name in the program's other language; null for none. Undefined: as a tier's (TierSettings). */
  nameTranslation?: string | null;
  kind: RewardKind;
  cost: number;
  /** Exact decimal string: a fraction for percentage_off, an amount for amount_off; else null. */
  value: string | null;
  active: boolean;
  /** free_product's variant GID (null for other kinds); undefined keeps what is stored. */
  productVariantId?: string | null;
  /** free_product: the variant as the platform described it at save time, set with `productVariantId`. */
  product?: RewardProduct | null;
  /** free_product: the variant's product GID, set with `product` (what `products/delete` names). */
  productId?: string | null;
  /** The order subtotal a code needs, exact decimal string; null for none. Undefined keeps what is stored. */
  minimumSubtotal?: string | null;
  /** Days a code stays valid (1..365). Undefined keeps what is stored (a new reward: 90). */
  validityDays?: number;
  /** Whether codes combine with other discount classes. Undefined keeps what is stored (a new reward: true). */
  combinesWithOtherDiscounts?: boolean;
  /**
   * Only members at this tier or above may redeem it; null for everyone. One of the tiers saved before this edit
   * (a tier added in the same edit has no id yet). Undefined keeps what is stored.
   */
  minimumTierId?: number | null;
}

/** Everything the program editor saves at once. Tiers left out are removed; rewards can only be deactivated. */
export interface ProgramSettings {
  /** The editor's version these settings were read at: a save since then (another editor's) refuses this one. */
  version: number;
  /** Exact decimal string. */
  pointsPerCurrencyUnit: string;
  /** What a point is worth in the shop's currency, exact decimal string. */
  pointValue: string;
  /** When orders earn: on payment (the default) or on fulfilment. Undefined keeps what is stored. */
  awardOn?: AwardOn;
  /** Days earned points stay pending before they can be spent (0..365). Undefined keeps what is stored. */
  approvalDays?: number;
  /** Months without activity after which points expire (3..36); null: never. Undefined keeps what is stored. */
  pointsExpireAfterMonths?: number | null;
  tiers: TierSettings[];
  rewards: RewardSettings[];
}

export const AWARD_ON = ['paid', 'fulfilled'] as const;
export type AwardOn = (typeof AWARD_ON)[number];

/** The stored program with the settings the storefront's program view does not show. */
export interface ProgramSettingsRecord {
  program: ProgramRecord;
  /** Exact decimal string. */
  pointValue: string;
  awardOn: AwardOn;
  approvalDays: number;
  /** Months without activity after which points expire; null: never (the default). */
  pointsExpireAfterMonths: number | null;
  /** The program editor's version: what a save must name. */
  version: number;
}

/** The ids the shop has now, to check the ids an edit names against. */
export interface StoredProgramIds {
  /** The program editor's version as stored. */
  version: number;
  tierIds: ReadonlySet<number>;
  /** Each stored tier's default key (bronze, silver, gold; null for a tier the merchant made): part of its tag. */
  tierKeys: ReadonlyMap<number, string | null>;
  /** Each stored tier's name in the program's other language (null: none): what an edit leaving it out keeps. */
  tierTranslations: ReadonlyMap<number, string | null>;
  /** Each stored tier's and reward's name: a renamed one does not keep a translation the edit leaves out. */
  tierNames: ReadonlyMap<number, string>;
  rewardNames: ReadonlyMap<number, string>;
  rewardIds: ReadonlySet<number>;
  /** Each stored reward's minimum tier (null: none). */
  rewardTierIds: ReadonlyMap<number, number | null>;
  /** The rewards marked because their product was deleted (`productMissingAt`), with the variant they name. */
  rewardMarks: ReadonlyMap<number, { productVariantId: string | null; productMissingAt: Date }>;
}

/**
 * The edit with every translation it leaves out of a renamed tier or reward cleared: the stored one names what the
 * tier or reward was called before (an English "Silver" for a tier now called "Platin"), so it is not kept. A client
 * that sends no translations (an admin opened before they existed, a script) keeps them only for unchanged names. Pure.
 */
export function withoutStaleTranslations(settings: ProgramSettings, stored: Pick<StoredProgramIds, 'tierNames' | 'rewardNames'>): ProgramSettings {
  const renamed = (item: { id: number | null; name: string; nameTranslation?: string | null }, names: ReadonlyMap<number, string>) =>
    item.nameTranslation === undefined && item.id !== null && names.has(item.id) && names.get(item.id) !== item.name;
  return {
    ...settings,
    tiers: settings.tiers.map((tier) => (renamed(tier, stored.tierNames) ? { ...tier, nameTranslation: null } : tier)),
    rewards: settings.rewards.map((reward) => (renamed(reward, stored.rewardNames) ? { ...reward, nameTranslation: null } : reward)),
  };
}

/**
 * The rules of an edit that need what is stored: ids must be the shop's own tiers and rewards, no two tiers may share a
 * name or a customer tag (which depends on the stored tiers' keys), nor the name shoppers see in the program's other
 * language (a tier's translation left out is the stored one), a reward's minimum tier must be one of the shop's
 * tiers that the edit keeps, and every stored reward must still be listed (rewards are deactivated, never removed:
 * redemptions refer to them). Pure.
 */
export function storedIdIssues(settings: ProgramSettings, stored: StoredProgramIds): FieldIssues {
  const issues: FieldIssues = {};
  settings.tiers.forEach((tier, i) => {
    if (tier.id !== null && !stored.tierIds.has(tier.id)) issues[`tiers.${i}.id`] = domainIssue('unknown_tier');
  });
  const takenNames = collidingTierNames(settings.tiers, (id) => stored.tierKeys.get(id) ?? null);
  for (const i of takenNames) issues[`tiers.${i}.name`] = domainIssue('tier_name_taken');
  const translated = settings.tiers.map((tier) => ({
    name: tier.name,
    nameTranslation: tier.nameTranslation !== undefined ? tier.nameTranslation : tier.id === null ? null : (stored.tierTranslations.get(tier.id) ?? null),
  }));
  for (const { index, issue } of collidingTranslations(translated, takenNames)) issues[`tiers.${index}.nameTranslation`] = domainIssue(issue);
  const keptTierIds = new Set(settings.tiers.map((t) => t.id));
  settings.rewards.forEach((reward, i) => {
    if (reward.id !== null && !stored.rewardIds.has(reward.id)) issues[`rewards.${i}.id`] = domainIssue('unknown_reward');
    // The minimum tier must be a stored tier this edit keeps, also when the reward keeps the one it has.
    const kept = reward.id === null ? null : (stored.rewardTierIds.get(reward.id) ?? null);
    const tierId = reward.minimumTierId === undefined ? kept : reward.minimumTierId;
    if (tierId !== null && (!stored.tierIds.has(tierId) || !keptTierIds.has(tierId))) {
      issues[`rewards.${i}.minimumTierId`] = domainIssue('reward_tier_unknown');
    }
  });
  const listed = new Set(settings.rewards.map((r) => r.id));
  if ([...stored.rewardIds].some((id) => !listed.has(id))) {
    issues.rewards = domainIssue('rewards_not_removable');
  }
  return issues;
}
