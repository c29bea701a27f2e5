import type { Db } from '../db/client.js';
import type { Reward } from '../generated/prisma/client.js';
import { failureColumns, noFailureColumns } from '../rewards/failure-columns.js';
import type { IssuableReward } from '../rewards/issuable.js';
import type { Failure } from '../rewards/issue-failure.js';
import type { PerkRule } from './rules/eligibility.js';

/** A shop whose program has at least one perk to grant. */
export interface PerkShop {
  id: number;
  domain: string;
  timezone: string;
}

/** A member due a perk code: who, which perk, which reward. */
export interface GrantCandidate {
  memberId: number;
  customerId: string;
  perkId: number;
  rewardId: number;
}

/** A grant row a worker holds (its lease): what issuing the code needs. */
export interface ClaimedGrant {
  id: number;
  shopId: number;
  memberId: number;
  customerId: string;
  rewardId: number;
  code: string;
  /** The grant's time: the code's start, so a retry sends the same dates. */
  createdAt: Date;
  expiresAt: Date;
  /** This attempt included: above 1, an earlier attempt may have created the code. */
  attempts: number;
  /** The month of the shop the grant is for (`YYYY-MM`). */
  periodKey: string;
}

/**
 * Installed shops with an active perk that names a reward (few: the only ones the jobs look at). An uninstalled
 * shop gets no grants (its codes could not be created); after a reinstall the renewal grants the month's perk.
 */
export async function findPerkShops(db: Db): Promise<PerkShop[]> {
  return db.$queryRaw<PerkShop[]>`
    SELECT s.id, s.domain, s.timezone FROM shops s
    WHERE s.installed_at IS NOT NULL AND s.uninstalled_at IS NULL
      AND EXISTS (SELECT 1 FROM tier_perks p WHERE p.shop_id = s.id AND p.active AND p.reward_id IS NOT NULL)
    ORDER BY s.id`;
}

/** The shop's perks, one per tier at most. */
export async function findPerkRules(db: Db, shopId: number): Promise<PerkRule[]> {
  return db.tierPerk.findMany({ where: { shopId }, select: { id: true, tierId: true, rewardId: true, active: true }, orderBy: { id: 'asc' } });
}

/**
 * Members who changed tier since `since` (the ledger's `tier_changed` entries, through their partial index), hold a
 * tier whose perk is one of `perkIds` (the perks the run grants: active, their reward issuable) now, and have no
 * grant of it for `periodKey` (anti-join on the grants' unique index). Who went up and came down again before this
 * runs is no candidate. The perks are chosen here rather than after the query: members of a perk left out would
 * otherwise fill every batch and keep the others' from being granted.
 */
export async function findReachedCandidates(
  db: Db,
  shopId: number,
  perkIds: readonly number[],
  periodKey: string,
  since: Date,
  limit: number,
): Promise<GrantCandidate[]> {
  if (perkIds.length === 0) return [];
  return db.$queryRaw<GrantCandidate[]>`
    SELECT DISTINCT m.id AS "memberId", m.customer_id AS "customerId", p.id AS "perkId", p.reward_id AS "rewardId"
    FROM ledger_entries le
    JOIN members m ON m.id = le.member_id
    JOIN tier_perks p ON p.tier_id = m.tier_id AND p.active AND p.reward_id IS NOT NULL AND p.id = ANY(${perkIds}::int[])
    WHERE le.shop_id = ${shopId} AND le.reason = 'tier_changed' AND le.created_at >= ${since}::timestamp
      AND NOT EXISTS (SELECT 1 FROM perk_grants g WHERE g.perk_id = p.id AND g.member_id = m.id AND g.period_key = ${periodKey})
    LIMIT ${limit}`;
}

/** Where a walk through a tier's members stands: members ordered by (points, id), the members index's order. */
export interface MemberPosition {
  points: number;
  id: number;
}

/** The start of a walk: before every member (a balance may be negative). */
export const FIRST_MEMBER: MemberPosition = { points: -2_147_483_648, id: 0 };

/**
 * The next `limit` members of the perk's tier after `after` without a grant of the perk for `periodKey`, in the
 * order of the (shop_id, tier_id, points, id) index. A balance changing during the walk may skip a member; the next
 * daily run takes them.
 */
export async function findRenewalCandidates(
  db: Db,
  shopId: number,
  perk: PerkRule & { rewardId: number },
  periodKey: string,
  after: MemberPosition,
  limit: number,
): Promise<(GrantCandidate & { position: MemberPosition })[]> {
  const rows = await db.$queryRaw<{ memberId: number; customerId: string; points: number }[]>`
    SELECT m.id AS "memberId", m.customer_id AS "customerId", m.points
    FROM members m
    WHERE m.shop_id = ${shopId} AND m.tier_id = ${perk.tierId} AND (m.points, m.id) > (${after.points}::int, ${after.id}::int)
      AND NOT EXISTS (SELECT 1 FROM perk_grants g WHERE g.perk_id = ${perk.id} AND g.member_id = m.id AND g.period_key = ${periodKey})
    ORDER BY m.points, m.id
    LIMIT ${limit}`;
  return rows.map((r) => ({
    memberId: r.memberId,
    customerId: r.customerId,
    perkId: perk.id,
    rewardId: perk.rewardId,
    position: { points: r.points, id: r.memberId },
  }));
}

export interface NewGrant extends GrantCandidate {
  code: string;
  expiresAt: Date;
}

/**
 * Inserts the grants, each held by this worker until `leaseUntil` (its first attempt), and returns those inserted.
 * A grant already there (another run, another process) is left to whoever has it: ON CONFLICT on the unique
 * (perk, member, period). A member who left the perk's tier, or a perk changed meanwhile, gets no row.
 */
export async function insertGrants(
  db: Db,
  shopId: number,
  periodKey: string,
  grants: readonly NewGrant[],
  now: Date,
  leaseUntil: Date,
): Promise<ClaimedGrant[]> {
  if (grants.length === 0) return [];
  return db.$queryRaw<ClaimedGrant[]>`
    WITH c AS (
      SELECT * FROM unnest(${grants.map((g) => g.perkId)}::int[], ${grants.map((g) => g.memberId)}::int[],
        ${grants.map((g) => g.rewardId)}::int[], ${grants.map((g) => g.code)}::text[],
        ${grants.map((g) => g.expiresAt.toISOString())}::timestamp[]) AS c(perk_id, member_id, reward_id, code, expires_at)
    ),
    inserted AS (
      INSERT INTO perk_grants (shop_id, perk_id, member_id, tier_id, reward_id, period_key, code, expires_at, attempts,
        claimed_until, created_at, updated_at)
      SELECT ${shopId}, c.perk_id, c.member_id, m.tier_id, c.reward_id, ${periodKey}, c.code, c.expires_at, 1,
        ${leaseUntil}::timestamp, ${now}::timestamp, ${now}::timestamp
      FROM c
      JOIN members m ON m.id = c.member_id AND m.shop_id = ${shopId}
      JOIN tier_perks p ON p.id = c.perk_id AND p.tier_id = m.tier_id AND p.active AND p.reward_id = c.reward_id
      ON CONFLICT DO NOTHING
      RETURNING *
    )
    SELECT i.id, i.shop_id AS "shopId", i.member_id AS "memberId", m.customer_id AS "customerId", i.reward_id AS "rewardId",
      i.code, i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.attempts, i.period_key AS "periodKey"
    FROM inserted i JOIN members m ON m.id = i.member_id
    ORDER BY i.id`;
}

/**
 * Takes pending grants of the shop whose lease ran out (a failure's backoff, or a crash), one more attempt each,
 * leased until `leaseUntil`; oldest first.
 */
export async function claimStaleGrants(db: Db, shopId: number, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedGrant[]> {
  return db.$queryRaw<ClaimedGrant[]>`
    WITH due AS (
      SELECT id FROM perk_grants
      WHERE status = 'pending' AND claimed_until < ${now}::timestamp AND shop_id = ${shopId}
      ORDER BY claimed_until LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ),
    claimed AS (
      UPDATE perk_grants g SET attempts = g.attempts + 1, claimed_until = ${leaseUntil}::timestamp, updated_at = now()
      FROM due WHERE g.id = due.id
      RETURNING g.*
    )
    SELECT c.id, c.shop_id AS "shopId", c.member_id AS "memberId", m.customer_id AS "customerId", c.reward_id AS "rewardId",
      c.code, c.created_at AS "createdAt", c.expires_at AS "expiresAt", c.attempts, c.period_key AS "periodKey"
    FROM claimed c JOIN members m ON m.id = c.member_id
    ORDER BY c.id`;
}

export async function markGrantIssued(db: Db, grantId: number, discountId: string): Promise<void> {
  await db.perkGrant.updateMany({
    // Also a grant another attempt gave up meanwhile (its own try was refused as the code this one created): the
    // platform holds the code, so the grant is issued.
    where: { id: grantId, status: { in: ['pending', 'failed'] } },
    data: { status: 'issued', discountId, claimedUntil: null, ...noFailureColumns() },
  });
}

/** The platform refused the code for good (or the reward cannot be issued, or the attempts are used up): no retry. */
export async function markGrantFailed(db: Db, grantId: number, failure: Failure): Promise<void> {
  await db.perkGrant.updateMany({
    where: { id: grantId, status: 'pending' },
    data: { status: 'failed', claimedUntil: null, ...failureColumns(failure) },
  });
}

/**
 * The attempt did not settle the grant: it stays pending, retried after `retryAt`, with why it waits (null: it was
 * not tried, any earlier reason is cleared).
 */
export async function releaseGrant(db: Db, grantId: number, retryAt: Date, failure: Failure | null): Promise<void> {
  await db.perkGrant.updateMany({
    where: { id: grantId, status: 'pending' },
    data: { claimedUntil: retryAt, ...(failure ? failureColumns(failure) : noFailureColumns()) },
  });
}

/**
 * A reward as the storefront shows a perk: its name (and its name in the program's other language, null for none) and
 * kind, and what decides whether it can be issued now.
 */
export interface PerkRewardSummary {
  name: string;
  nameTranslation: string | null;
  kind: string;
  issuable: IssuableReward;
}

export async function findRewardSummary(db: Db, shopId: number, rewardId: number): Promise<PerkRewardSummary | null> {
  const reward = await db.reward.findFirst({
    where: { id: rewardId, shopId },
    select: { name: true, nameTranslation: true, kind: true, value: true, productVariantId: true, productMissingAt: true },
  });
  return reward && { name: reward.name, nameTranslation: reward.nameTranslation, kind: reward.kind, issuable: issuableOf(reward) };
}

/** A reward row's fields that decide whether it can be issued (the value as the rules take it, a decimal string). */
export function issuableOf(reward: Pick<Reward, 'kind' | 'value' | 'productVariantId' | 'productMissingAt'>): IssuableReward {
  return { kind: reward.kind, value: reward.value?.toString() ?? null, productVariantId: reward.productVariantId, productMissingAt: reward.productMissingAt };
}

/** The member's issued code of the perk for the period, if it is still valid at `now`. */
export async function findIssuedGrant(db: Db, perkId: number, memberId: number, periodKey: string, now: Date): Promise<{ code: string; expiresAt: Date } | null> {
  return db.perkGrant.findFirst({
    where: { perkId, memberId, periodKey, status: 'issued', expiresAt: { gt: now } },
    select: { code: true, expiresAt: true },
  });
}
