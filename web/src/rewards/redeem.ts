import type { AppContext } from '../app/context.js';
import { isUniqueViolation } from '../loyalty/ledger/repository.js';
import { getMemberStatus } from '../loyalty/members/status.js';
import { findProgram, type TierRecord } from '../program/repository.js';
import { AdminApiError, createAdminClient, ShopNotInstalledError, type AdminClient } from '../shopify/admin-client.js';
import type { ShopRecord } from '../shops/repository.js';
import { generateRedemptionCode } from './code.js';
import { requiredTierFor } from './eligibility.js';
import { canIssue } from './issuable.js';
import { deleteLateCode, findDiscountByCode, issueRewardCode, RewardNotIssuableError } from './issue-code.js';
import {
  markRedemptionIssued,
  clearLateCode,
  memberBalance,
  noteLateCode,
  redemptionStatus,
  reserveRedemption,
  reverseRedemption,
  type RedemptionRecord,
} from './repository.js';

export type RedeemResult =
  | { status: 'issued'; code: string; points: number; redemptionId: number }
  /** Unknown, inactive or another shop's reward, or one that cannot be issued as configured. */
  | { status: 'reward_not_found' }
  | { status: 'insufficient_points'; points: number; cost: number }
  /** The reward is for members at `tier` or above; the customer's tier is lower. Nothing was debited. */
  | { status: 'tier_required'; tier: TierRecord }
  /**
   * The platform refused the code for good, or the reward cannot be given now (a free product whose variant is gone
   * or has no price: `reason` says so); the points were given back.
   */
  | { status: 'refused'; points: number; reason: string }
  /**
   * The platform's answer was lost and asking it again failed too: the redemption stays pending (points debited)
   * until `reconcilePendingRedemptions` settles it.
   */
  | { status: 'pending'; reason: string };

export interface RedemptionService {
  redeem(shop: ShopRecord, customerId: string, rewardId: string): Promise<RedeemResult>;
}

const MS_PER_DAY = 86_400_000;
/** Draws of a fresh code when one collides with an existing code of the shop. @defaultValue 3 */
const CODE_ATTEMPTS = 3;

/**
 * True when the failure proves the platform created nothing (a refusal, a throttled or unauthorised call, a reward
 * found unissuable before any code was asked for).
 */
export function provesNothingCreated(error: unknown): boolean {
  return (
    error instanceof ShopNotInstalledError ||
    error instanceof RewardNotIssuableError ||
    (error instanceof AdminApiError && !error.details.outcomeUnknown)
  );
}

/**
 * The redemption saga (README, "Redemption"): (1) a pending redemption and its debit in one transaction,
 * (2) the discount code through Admin GraphQL (for a free product, its current price first), (3) issued, or, when
 * the platform refuses or the reward cannot be given now, the points given back.
 * A crash between the steps leaves a pending redemption for `reconcilePendingRedemptions`.
 */
export function createRedemptionService(ctx: AppContext, admin: AdminClient = createAdminClient(ctx)): RedemptionService {
  /**
   * Step 3 once the platform holds the code. The reconciler may have settled the redemption meanwhile (a saga slower
   * than its age limit): issued there too (it found the code) is the same outcome; given back (it found no code yet)
   * means the points went back, so the code must not stay usable: it is deleted and the redemption answers refused.
   */
  async function settleIssued(shop: ShopRecord, redemption: RedemptionRecord, discountId: string, balance: number | null): Promise<RedeemResult> {
    const issued = await markRedemptionIssued(ctx.db, redemption.id, discountId);
    if (issued || (await redemptionStatus(ctx.db, redemption.id)) === 'issued') {
      const points = balance ?? (await memberBalance(ctx.db, redemption.memberId));
      return { status: 'issued', code: redemption.code, points, redemptionId: redemption.id };
    }
    // Noted first: should the deletion fail, the reconciler deletes the code later (unless the row is gone: the
    // customer was erased, and with them the customer the code is bound to).
    const noted = await noteLateCode(ctx.db, redemption.id, discountId);
    try {
      await deleteLateCode(admin, shop.domain, discountId);
      await clearLateCode(ctx.db, redemption.id);
      ctx.log.warn({ shop: shop.domain, redemptionId: redemption.id }, 'code created after its redemption was given back; deleted');
    } catch (error) {
      const next = noted ? 'the reconciler retries' : 'not noted (the redemption is gone)';
      ctx.log.error({ shop: shop.domain, redemptionId: redemption.id, discountId, err: error }, `code of a redemption given back not deleted; ${next}`);
    }
    const points = await memberBalance(ctx.db, redemption.memberId);
    return { status: 'refused', points, reason: 'The redemption was given back while its code was being created' };
  }

  async function settleFailure(shop: ShopRecord, redemption: RedemptionRecord, error: unknown): Promise<RedeemResult> {
    const reason = error instanceof Error ? error.message : String(error);
    if (!provesNothingCreated(error)) {
      // The mutation may have run (lost answer): ask the platform before giving points back.
      try {
        const discountId = await findDiscountByCode(admin, shop.domain, redemption.code);
        if (discountId) return await settleIssued(shop, redemption, discountId, null);
      } catch (lookupError) {
        ctx.log.error({ shop: shop.domain, redemptionId: redemption.id, err: lookupError }, 'redemption left pending');
        return { status: 'pending', reason };
      }
    }
    ctx.log.warn({ shop: shop.domain, redemptionId: redemption.id, err: error }, 'discount code refused; reversing');
    const reversal = await reverseRedemption(ctx.db, redemption, reason);
    const points = reversal.status === 'reversed' ? reversal.balance : await memberBalance(ctx.db, redemption.memberId);
    return { status: 'refused', points, reason };
  }

  return {
    async redeem(shop, customerId, rewardId) {
      if (!/^\d{1,9}$/.test(rewardId)) return { status: 'reward_not_found' };
      const program = await findProgram(ctx.db, shop.id);
      const reward = program?.rewards.find((r) => r.id === Number(rewardId) && r.active);
      if (!reward) return { status: 'reward_not_found' };
      if (reward.minimumTierId !== null) {
        // Tiers move only with orders and the 365-day window; a change racing this redemption is not worth a lock.
        const { tier } = await getMemberStatus(ctx.db, shop, customerId);
        const required = requiredTierFor(reward, program?.tiers ?? [], tier);
        if (required) return { status: 'tier_required', tier: required };
      }

      // The configuration is checked here; what the platform holds now (a free product's price) is read in step 2,
      // right before the code is created: a shopper short of points costs no Admin call, and a variant that is gone
      // gives the points back like a refused code.
      if (!canIssue(reward)) return { status: 'reward_not_found' };
      const startsAt = new Date();
      const endsAt = new Date(startsAt.getTime() + reward.validityDays * MS_PER_DAY);
      for (let attempt = 1; ; attempt++) {
        const code = generateRedemptionCode();

        let reserved;
        try {
          reserved = await reserveRedemption(ctx.db, {
            shopId: shop.id,
            customerId,
            rewardId: reward.id,
            cost: reward.cost,
            code,
            expiresAt: endsAt,
          });
        } catch (error) {
          if (isUniqueViolation(error) && attempt < CODE_ATTEMPTS) continue;
          throw error;
        }
        if (reserved.status === 'insufficient') {
          return { status: 'insufficient_points', points: reserved.balance, cost: reward.cost };
        }

        const { redemption } = reserved;
        let discountId: string;
        try {
          discountId = await issueRewardCode(admin, shop.domain, reward, { code, customerId, startsAt, endsAt });
        } catch (error) {
          return settleFailure(shop, redemption, error);
        }
        return settleIssued(shop, redemption, discountId, reserved.balance);
      }
    },
  };
}
