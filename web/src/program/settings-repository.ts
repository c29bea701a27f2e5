import type { Db, Tx } from '../db/client.js';
import { findProgram } from './repository.js';
import type { ProgramSettings, ProgramSettingsRecord, StoredProgramIds } from './settings.js';

/** The shop's program with its point value; null when the shop has none. */
export async function findProgramSettings(db: Db | Tx, shopId: number): Promise<ProgramSettingsRecord | null> {
  const [program, row] = await Promise.all([
    findProgram(db, shopId),
    db.program.findUnique({ where: { shopId }, select: { pointValue: true, awardOn: true, approvalDays: true, pointsExpireAfterMonths: true, settingsVersion: true } }),
  ]);
  if (!program || !row) return null;
  return {
    program,
    pointValue: row.pointValue.toString(),
    awardOn: row.awardOn === 'fulfilled' ? 'fulfilled' : 'paid',
    approvalDays: row.approvalDays,
    pointsExpireAfterMonths: row.pointsExpireAfterMonths,
    version: row.settingsVersion,
  };
}

/**
 * Locks the shop's program row until the transaction ends (concurrent saves run one after the other) and reads
 * the editor's version, the ids of its tiers (with their default keys and translated names) and rewards (with each reward's minimum tier and product mark); null when the shop has no
 * program. The reward rows are locked too: a product webhook marking one waits for the save to commit, so the marks
 * read here are still the stored ones when the save writes (keepMarksMadeDuringLookups decides on them). FOR NO KEY
 * UPDATE, not FOR UPDATE: a redemption or a perk grant inserting a row that references a reward (a foreign key, which
 * takes KEY SHARE on it) must not wait for the save, nor deadlock with it over the member rows the save retiers.
 */
export async function lockProgram(tx: Tx, shopId: number): Promise<StoredProgramIds | null> {
  const [locked] = await tx.$queryRaw<{ settings_version: number }[]>`
    SELECT settings_version FROM programs WHERE shop_id = ${shopId} FOR UPDATE`;
  if (!locked) return null;
  const tiers = await tx.tier.findMany({ where: { shopId }, select: { id: true, key: true, name: true, nameTranslation: true } });
  const rewards = await tx.$queryRaw<
    { id: number; name: string; minimum_tier_id: number | null; product_variant_id: string | null; product_missing_at: Date | null }[]
  >`SELECT id, name, minimum_tier_id, product_variant_id, product_missing_at FROM rewards WHERE shop_id = ${shopId} ORDER BY id FOR NO KEY UPDATE`;
  return {
    version: locked.settings_version,
    tierIds: new Set(tiers.map((t) => t.id)),
    tierKeys: new Map(tiers.map((t) => [t.id, t.key])),
    tierTranslations: new Map(tiers.map((t) => [t.id, t.nameTranslation])),
    tierNames: new Map(tiers.map((t) => [t.id, t.name])),
    rewardNames: new Map(rewards.map((r) => [r.id, r.name])),
    rewardIds: new Set(rewards.map((r) => r.id)),
    rewardTierIds: new Map(rewards.map((r) => [r.id, r.minimum_tier_id])),
    rewardMarks: new Map(
      rewards.flatMap((r) =>
        r.product_missing_at === null ? [] : [[r.id, { productVariantId: r.product_variant_id, productMissingAt: r.product_missing_at }] as const],
      ),
    ),
  };
}

/**
 * Writes validated settings (ids checked against the locked program): removes the tiers left out, updates and
 * creates tiers and rewards, stores the earning rule, marks the names as the merchant's own (an install no
 * longer re-localizes them) and moves the editors' versions on: an editor still showing what was stored before must
 * reload before it saves, the tier perks editor too (its tiers may be gone or renamed). Orders already booked keep
 * their stored rate.
 */
export async function writeProgramSettings(tx: Tx, shopId: number, settings: ProgramSettings): Promise<void> {
  const keptTierIds = settings.tiers.flatMap((t) => (t.id === null ? [] : [t.id]));
  await tx.tier.deleteMany({ where: { shopId, id: { notIn: keptTierIds } } });
  // The unique (shop_id, threshold) index is checked row by row, so two tiers could not swap thresholds in place:
  // park every tier on its own negative threshold first.
  await tx.$executeRaw`UPDATE tiers SET threshold = -id WHERE shop_id = ${shopId}`;
  for (const { id, ...tier } of settings.tiers) {
    if (id === null) await tx.tier.create({ data: { shopId, ...tier } });
    else await tx.tier.updateMany({ where: { id, shopId }, data: tier });
  }
  // Fields left undefined keep what is stored (Prisma leaves them out); the product is cached in three columns.
  for (const { id, product, ...reward } of settings.rewards) {
    const data = {
      ...reward,
      ...(product !== undefined && {
        productTitle: product?.title ?? null,
        variantTitle: product?.variantTitle ?? null,
        productImageUrl: product?.imageUrl ?? null,
        // The variant was just looked up on the platform (or the reward gives no product): whatever was marked
        // missing is not any more (a mark made while the lookups ran took `product` out: keepMarksMadeDuringLookups).
        productMissingAt: null,
      }),
    };
    if (id === null) await tx.reward.create({ data: { shopId, ...data } });
    else await tx.reward.updateMany({ where: { id, shopId }, data });
  }
  if (settings.pointsExpireAfterMonths != null) {
    // Switched on, or a shorter period: every member gets 30 days from now before anything expires (points-expiry).
    await tx.$executeRaw`
      UPDATE programs SET points_expiry_from = now()
      WHERE shop_id = ${shopId} AND (points_expire_after_months IS NULL OR points_expire_after_months > ${settings.pointsExpireAfterMonths})`;
  }
  await tx.program.update({
    where: { shopId },
    data: {
      pointsPerCurrencyUnit: settings.pointsPerCurrencyUnit,
      pointValue: settings.pointValue,
      // New orders take these on (loyalty_orders keeps them per order): undefined keeps what is stored.
      awardOn: settings.awardOn,
      approvalDays: settings.approvalDays,
      // Points expiry (web/src/points-expiry) follows at once: its next run measures from each member's last activity.
      pointsExpireAfterMonths: settings.pointsExpireAfterMonths,
      namesCustomized: true,
      settingsVersion: { increment: 1 },
      perksVersion: { increment: 1 },
    },
  });
}

/**
 * Sets every member of the shop to the tier their qualifying points reach under the shop's tiers as they are now
 * (the lowest tier below the first threshold), in one statement; rows already right are not written. Run after the
 * tiers changed, in the same transaction. Returns how many members moved.
 */
export async function recomputeMemberTiers(tx: Tx, shopId: number): Promise<number> {
  return tx.$executeRaw`
    WITH ranges AS (
      SELECT id,
        CASE WHEN row_number() OVER w = 1 THEN NULL ELSE threshold END AS low,
        lead(threshold) OVER w AS high
      FROM tiers WHERE shop_id = ${shopId}
      WINDOW w AS (ORDER BY threshold)
    )
    UPDATE members m SET tier_id = r.id, updated_at = now()
    FROM ranges r
    WHERE m.shop_id = ${shopId}
      AND (r.low IS NULL OR m.qualifying_points >= r.low)
      AND (r.high IS NULL OR m.qualifying_points < r.high)
      AND m.tier_id IS DISTINCT FROM r.id`;
}
