import type { Db, Tx } from '../db/client.js';
import type { RewardKind } from '../program/default-program.js';
import { storedFailure, type FailureRow, type StoredFailure } from '../rewards/failure-columns.js';
import type { IssuableReward } from '../rewards/issuable.js';
import { issueFailureCodeOf, type IssueFailureCode } from '../rewards/issue-failure.js';
import { issuableOf } from './repository.js';

/** A tier with its perk, as the admin edits it (a tier without a perk row: no reward, active). */
export interface TierPerkRecord {
  tierId: number;
  tierName: string;
  threshold: number;
  rewardId: number | null;
  active: boolean;
}

/** A reward a perk may name: every reward of the shop, also one inactive in the catalog (a perk-only reward). */
export interface PerkRewardOption {
  id: number;
  name: string;
  kind: RewardKind;
  active: boolean;
  /** free_product: when its product was deleted on the platform (no perk can give it then); null otherwise. */
  productMissingAt: Date | null;
}

export interface TierPerksRecord {
  /** The tier perks editor's version: what a save must name. */
  version: number;
  perks: TierPerkRecord[];
  rewards: PerkRewardOption[];
}

/** What the editor saves for one tier. */
export interface TierPerkSetting {
  tierId: number;
  rewardId: number | null;
  active: boolean;
}

/** Every tier of the shop (ascending by threshold) with its perk, and the rewards to choose from. */
export async function findTierPerks(db: Db | Tx, shopId: number): Promise<TierPerksRecord> {
  const [program, tiers, perks, rewards] = await Promise.all([
    db.program.findUnique({ where: { shopId }, select: { perksVersion: true } }),
    db.tier.findMany({ where: { shopId }, orderBy: { threshold: 'asc' }, select: { id: true, name: true, threshold: true } }),
    db.tierPerk.findMany({ where: { shopId }, select: { tierId: true, rewardId: true, active: true } }),
    db.reward.findMany({ where: { shopId }, orderBy: [{ cost: 'asc' }, { id: 'asc' }], select: { id: true, name: true, kind: true, active: true, productMissingAt: true } }),
  ]);
  const byTier = new Map(perks.map((p) => [p.tierId, p]));
  return {
    // A shop without a program has no tiers either: nothing to save, whatever the version.
    version: program?.perksVersion ?? 0,
    perks: tiers.map((t) => ({
      tierId: t.id,
      tierName: t.name,
      threshold: t.threshold,
      rewardId: byTier.get(t.id)?.rewardId ?? null,
      active: byTier.get(t.id)?.active ?? true,
    })),
    rewards,
  };
}

/**
 * The tier perks editor's version as stored (null: the shop has no program), the ids of the shop's tiers and its
 * rewards (what decides whether each can be issued), read under the program's lock.
 */
export async function lockPerkIds(
  tx: Tx,
  shopId: number,
): Promise<{ version: number | null; tierIds: Set<number>; rewards: Map<number, IssuableReward> }> {
  // Serializes with the program editor (which may remove tiers) and with concurrent perk saves.
  const [program] = await tx.$queryRaw<{ perks_version: number }[]>`SELECT perks_version FROM programs WHERE shop_id = ${shopId} FOR UPDATE`;
  const [tiers, rewards] = await Promise.all([
    tx.tier.findMany({ where: { shopId }, select: { id: true } }),
    tx.reward.findMany({ where: { shopId }, select: { id: true, kind: true, value: true, productVariantId: true, productMissingAt: true } }),
  ]);
  return {
    version: program?.perks_version ?? null,
    tierIds: new Set(tiers.map((t) => t.id)),
    rewards: new Map(rewards.map((r) => [r.id, issuableOf(r)])),
  };
}

/**
 * Writes one perk row per tier of the shop: the given settings, and no reward for the tiers left out. Rows are
 * updated in place, never deleted, so the month's grants keep pointing at the same perk. Moves the editor's version
 * on: an editor still showing the perks as they were must reload before it saves.
 */
export async function writeTierPerks(tx: Tx, shopId: number, tierIds: ReadonlySet<number>, settings: readonly TierPerkSetting[]): Promise<void> {
  const given = new Map(settings.map((s) => [s.tierId, s]));
  for (const tierId of tierIds) {
    const { rewardId, active } = given.get(tierId) ?? { rewardId: null, active: true };
    await tx.tierPerk.upsert({
      where: { tierId },
      create: { shopId, tierId, rewardId, active },
      update: { rewardId, active },
    });
  }
  await tx.program.update({ where: { shopId }, data: { perksVersion: { increment: 1 } } });
}

/** A perk code a member was granted, as the admin lists it. */
export interface PerkGrantRecord {
  id: number;
  periodKey: string;
  tierName: string | null;
  rewardName: string;
  code: string;
  status: 'pending' | 'issued' | 'failed';
  expiresAt: Date;
  createdAt: Date;
  /** Why it failed, or why a pending grant waits; null when nothing went wrong. */
  failure: StoredFailure<IssueFailureCode> | null;
}

/** The member's perk grants, newest first (the (member_id, created_at) index), at most `limit`. */
export async function listMemberGrants(db: Db, memberId: number, limit: number): Promise<PerkGrantRecord[]> {
  const rows = await db.$queryRaw<(Omit<PerkGrantRecord, 'failure'> & FailureRow)[]>`
    SELECT g.id, g.period_key AS "periodKey", t.name AS "tierName", r.name AS "rewardName", g.code, g.status::text AS status,
      g.expires_at AS "expiresAt", g.created_at AS "createdAt", g.error, g.error_code AS "errorCode", g.error_params AS "errorParams"
    FROM perk_grants g
    JOIN rewards r ON r.id = g.reward_id
    LEFT JOIN tiers t ON t.id = g.tier_id
    WHERE g.member_id = ${memberId}
    ORDER BY g.created_at DESC, g.id DESC
    LIMIT ${limit}`;
  return rows.map(({ error, errorCode, errorParams, ...grant }) => ({
    ...grant,
    failure: storedFailure({ error, errorCode, errorParams }, issueFailureCodeOf),
  }));
}
