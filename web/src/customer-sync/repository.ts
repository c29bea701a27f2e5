import type { Db, Tx } from '../db/client.js';
import type { SyncedState } from './rules/plan.js';
import type { CustomerState, MemberFigures } from './rules/state.js';

/** A shop with members due a sync. */
export interface SyncShop {
  id: number;
  domain: string;
  /** The shop's language (the metafield definitions are named in it). */
  primaryLocale: string;
  /** The version of the customer metafield definitions the shop was given; 0 before the first. */
  definitionsVersion: number;
}

/** A member a worker took for a sync: their figures now, what the platform has, and the version read. */
export interface ClaimedMember extends MemberFigures {
  memberId: number;
  customerId: string;
  version: number;
  synced: SyncedState | null;
}

interface ClaimedRow extends MemberFigures {
  memberId: number;
  customerId: string;
  version: number;
  syncedAt: Date | null;
  syncedPoints: number | null;
  syncedTierTag: string | null;
  syncedTierName: string | null;
  syncedPointsToNext: number | null;
}

/**
 * Installed shops with due dirty members (through the partial index of dirty rows), the longest waiting first. An
 * uninstalled shop's members stay dirty until a reinstall (the app has no token to write with meanwhile).
 */
export async function findShopsToSync(db: Db, now: Date): Promise<SyncShop[]> {
  return db.$queryRaw<SyncShop[]>`
    SELECT s.id, s.domain, s.primary_locale AS "primaryLocale", COALESCE(d.version, 0) AS "definitionsVersion"
    FROM shops s
    LEFT JOIN customer_metafield_definitions d ON d.shop_id = s.id
    CROSS JOIN LATERAL (SELECT min(cs.next_attempt_at) AS oldest FROM customer_sync cs
      WHERE cs.shop_id = s.id AND cs.dirty_since IS NOT NULL AND cs.platform_gone_at IS NULL AND cs.next_attempt_at <= ${now}::timestamp) due
    WHERE s.installed_at IS NOT NULL AND s.uninstalled_at IS NULL AND due.oldest IS NOT NULL
    ORDER BY due.oldest, s.id`;
}

/**
 * Forgets which metafield definitions the shop was given: after a reinstall the platform may have removed what the app
 * owned, so the next sync gives them again (one that still exists answers TAKEN).
 */
export async function forgetDefinitions(db: Db | Tx, shopId: number): Promise<void> {
  await db.$executeRaw`DELETE FROM customer_metafield_definitions WHERE shop_id = ${shopId}`;
}

/** Records that the shop has the customer metafield definitions of `version`. */
export async function recordDefinitions(db: Db, shopId: number, version: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO customer_metafield_definitions (shop_id, version, defined_at) VALUES (${shopId}, ${version}, now())
    ON CONFLICT (shop_id) DO UPDATE SET version = EXCLUDED.version, defined_at = EXCLUDED.defined_at`;
}

/**
 * Takes up to `limit` due dirty members of the shop whose customer the platform has, longest waiting first, leased until `leaseUntil` (no other
 * worker takes them meanwhile), and reads their figures and sync state in the same statement. Rows a points
 * transaction holds right now are skipped: it is about to change them anyway.
 */
export async function claimDirtyMembers(db: Db, shopId: number, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMember[]> {
  const rows = await db.$queryRaw<ClaimedRow[]>`
    WITH due AS (
      SELECT member_id FROM customer_sync
      WHERE shop_id = ${shopId} AND dirty_since IS NOT NULL AND platform_gone_at IS NULL AND next_attempt_at <= ${now}::timestamp
      ORDER BY next_attempt_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE customer_sync cs SET next_attempt_at = ${leaseUntil}::timestamp
    FROM due, members m
    WHERE cs.member_id = due.member_id AND m.id = cs.member_id
    RETURNING cs.member_id AS "memberId", m.customer_id AS "customerId", m.points, m.qualifying_points AS "qualifyingPoints",
      m.tier_id AS "tierId", cs.version, cs.synced_at AS "syncedAt", cs.synced_points AS "syncedPoints",
      cs.synced_tier_tag AS "syncedTierTag", cs.synced_tier_name AS "syncedTierName",
      cs.synced_points_to_next AS "syncedPointsToNext"`;
  return rows.map((r) => ({
    memberId: r.memberId,
    customerId: r.customerId,
    points: r.points,
    qualifyingPoints: r.qualifyingPoints,
    tierId: r.tierId,
    version: r.version,
    synced:
      r.syncedAt === null
        ? null
        : { points: r.syncedPoints, tierTag: r.syncedTierTag, tierName: r.syncedTierName, pointsToNextTier: r.syncedPointsToNext },
  }));
}

export interface SyncedMember {
  memberId: number;
  /** The version the sync read: the row stays dirty if a change came in since. */
  version: number;
  state: CustomerState;
}

/**
 * Records what the platform now holds and clears the dirty mark of members that did not change since they were read.
 * Rows locked by a points transaction are left alone (never waited for, so never a deadlock with the points engine):
 * their lease runs out and they are synced again, which writes the same values.
 */
export async function recordSynced(db: Db, members: readonly SyncedMember[]): Promise<void> {
  if (members.length === 0) return;
  await db.$executeRaw`
    WITH v AS (
      SELECT * FROM unnest(${members.map((m) => m.memberId)}::int[], ${members.map((m) => m.version)}::int[],
        ${members.map((m) => m.state.points)}::int[], ${members.map((m) => m.state.tierTag)}::text[],
        ${members.map((m) => m.state.tierName)}::text[], ${members.map((m) => m.state.pointsToNextTier)}::int[])
        AS v(member_id, version, points, tier_tag, tier_name, points_to_next)
    ),
    free AS (
      SELECT member_id FROM customer_sync WHERE member_id IN (SELECT member_id FROM v) ORDER BY member_id FOR UPDATE SKIP LOCKED
    )
    UPDATE customer_sync cs SET synced_points = v.points, synced_tier_tag = v.tier_tag, synced_tier_name = v.tier_name,
      synced_points_to_next = v.points_to_next, synced_at = now(), attempts = 0, last_error = NULL, next_attempt_at = now(),
      dirty_since = CASE WHEN cs.version = v.version THEN NULL ELSE cs.dirty_since END
    FROM v JOIN free ON free.member_id = v.member_id
    WHERE cs.member_id = v.member_id`;
}

/** A failed sync: the members stay dirty and are tried again after a backoff of 1, 2, 4, ... minutes (a day at most). */
export async function recordFailed(db: Db, memberIds: readonly number[], error: string): Promise<void> {
  if (memberIds.length === 0) return;
  await db.$executeRaw`
    UPDATE customer_sync SET attempts = attempts + 1, last_error = ${error.slice(0, 1000)},
      next_attempt_at = now() + least(interval '1 day', interval '1 minute' * power(2, attempts))
    WHERE member_id = ANY(${[...memberIds]}::int[])`;
}

/**
 * The platform no longer has these members' customers (deleted): they stay dirty but are not taken again (every write
 * would be refused) until clearCustomerGone. Not a failure to back off from: attempts stay as they are.
 */
export async function recordGone(db: Db, memberIds: readonly number[], error: string): Promise<void> {
  if (memberIds.length === 0) return;
  await db.$executeRaw`
    UPDATE customer_sync SET platform_gone_at = now(), last_error = ${error.slice(0, 1000)}
    WHERE member_id = ANY(${[...memberIds]}::int[])`;
}

/** The platform told of the member's customer (customers/create or update): a customer marked gone is synced again at once. */
export async function clearCustomerGone(db: Db | Tx, memberId: number): Promise<void> {
  await db.$executeRaw`
    UPDATE customer_sync SET platform_gone_at = NULL, attempts = 0, next_attempt_at = now()
    WHERE member_id = ${memberId} AND platform_gone_at IS NOT NULL`;
}

/** Gives members back before their lease ends (the run stopped before their turn), due again at `at`. */
export async function releaseMembers(db: Db, memberIds: readonly number[], at: Date): Promise<void> {
  if (memberIds.length === 0) return;
  await db.$executeRaw`UPDATE customer_sync SET next_attempt_at = ${at}::timestamp WHERE member_id = ANY(${[...memberIds]}::int[])`;
}

/** A shop whose tiers changed since its members were last re-marked. */
export interface ResweepDue {
  shopId: number;
  tiersChangedAt: Date;
}

export async function findResweepsDue(db: Db): Promise<ResweepDue[]> {
  return db.$queryRaw<ResweepDue[]>`
    SELECT shop_id AS "shopId", tiers_changed_at AS "tiersChangedAt" FROM customer_sync_shops
    WHERE resweep_done_at IS NULL OR resweep_done_at < tiers_changed_at`;
}

/**
 * Marks the next `limit` members of the shop after `afterMemberId` dirty (a new version: a sync running now with the
 * old tiers does not clear them). A row a points transaction holds is skipped: its trigger marks it already.
 * Returns the last member id of the chunk, null when there were none.
 */
export async function markShopChunkDirty(db: Db, shopId: number, afterMemberId: number, limit: number): Promise<number | null> {
  const rows = await db.$queryRaw<{ last: number | null }[]>`
    WITH chunk AS (
      SELECT member_id FROM customer_sync WHERE shop_id = ${shopId} AND member_id > ${afterMemberId}
      ORDER BY member_id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ),
    marked AS (
      UPDATE customer_sync cs SET version = cs.version + 1, dirty_since = COALESCE(cs.dirty_since, now())
      FROM chunk WHERE cs.member_id = chunk.member_id
    )
    SELECT max(member_id) AS last FROM chunk`;
  return rows[0]?.last ?? null;
}

/** The resweep for the tier edit of `tiersChangedAt` is done (a later edit asks for another). */
export async function markResweepDone(db: Db, shopId: number, tiersChangedAt: Date): Promise<void> {
  await db.customerSyncShop.updateMany({ where: { shopId }, data: { resweepDoneAt: tiersChangedAt } });
}
