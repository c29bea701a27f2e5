/**
 * `/api/tier-perks` and a customer's perk grants: declared once on the server (web/src/admin-api/wire/tier-perks.ts),
 * re-exported here (type-only).
 */
export type {
  PerkGrant,
  PerkGrantList,
  PerkGrantStatus,
  PerkRewardOption,
  RewardKind as PerkRewardKind,
  TierPerk,
  TierPerkInput,
  TierPerks,
  TierPerksBody,
} from '../../../../src/admin-api/wire';
