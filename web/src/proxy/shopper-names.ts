import type { ProgramLocale } from '../program/default-program.js';
import { withNamesIn } from '../program/names.js';
import type { ProgramRecord, TierRecord } from '../program/repository.js';

/**
 * The program as a shopper reading `language` sees it: every tier's and reward's name in that language where the
 * merchant gave one (names.ts), else as stored. `language` null: unchanged, the contract's names. Pure.
 */
export function programIn(program: ProgramRecord, language: ProgramLocale | null): ProgramRecord {
  if (language === null) return program;
  return { ...program, tiers: withNamesIn(program.tiers, program.locale, language), rewards: withNamesIn(program.rewards, program.locale, language) };
}

/** What of a member's status names tiers. */
interface TierStatus {
  tier: TierRecord | null;
  nextTier: { tier: TierRecord; pointsNeeded: number } | null;
}

/**
 * A member's status with its tiers named as `program` (programIn) names them; a tier the program does not list (it
 * was read a moment apart) keeps its stored name. Pure.
 */
export function statusIn<S extends TierStatus>(status: S, program: ProgramRecord): S {
  const named = (tier: TierRecord): TierRecord => ({ ...tier, name: program.tiers.find((t) => t.id === tier.id)?.name ?? tier.name });
  return {
    ...status,
    tier: status.tier && named(status.tier),
    nextTier: status.nextTier && { ...status.nextTier, tier: named(status.nextTier.tier) },
  };
}
