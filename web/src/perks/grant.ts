import type { AppContext } from '../app/context.js';
import { findProgram, type RewardRecord } from '../program/repository.js';
import { issueBlockerMessage, type IssueBlocker } from '../rewards/issuable.js';
import { findDiscountByCode, isFinalIssueFailure, issueRewardCode, RewardNotIssuableError } from '../rewards/issue-code.js';
import { gaveUp, issueFailureOf, rewardMissing, rewardNotIssuable, type Failure } from '../rewards/issue-failure.js';
import { markProductsMissing } from '../rewards/product-gone/repository.js';
import {
  AdminApiThrottledError,
  AdminApiUserError,
  createAdminClient,
  ShopNotInstalledError,
  type AdminClient,
} from '../shopify/admin-client.js';
import { createCostPacer, requestedCost, type CostPacer, type CostPacerOptions } from '../shopify/cost-pacer.js';
import { CODE_DISCOUNT_NODE_BY_CODE, DISCOUNT_CODE_BASIC_CREATE } from '../shopify/operations/discounts.js';
import { PRODUCT_VARIANT_PRICE } from '../shopify/operations/products.js';
import {
  claimStaleGrants,
  findPerkRules,
  findPerkShops,
  findReachedCandidates,
  findRenewalCandidates,
  FIRST_MEMBER,
  insertGrants,
  markGrantFailed,
  markGrantIssued,
  releaseGrant,
  type ClaimedGrant,
  type GrantCandidate,
  type PerkShop,
} from './repository.js';
import { perkGrantCode } from './rules/code.js';
import { perkRewardBlocker, splitGrantablePerks, type OfferedPerk } from './rules/grantable.js';
import { grantExpiry, periodKey } from './rules/period.js';

export interface PerkGrantOptions {
  /** Members granted per statement. @defaultValue 100 */
  batchSize?: number;
  /** How long a worker holds a grant while it issues the code. @defaultValue 120000 ms */
  leaseMs?: number;
  /** How far back tier changes are picked up (the daily renewal covers anything older). @defaultValue 2 days */
  lookbackMs?: number;
  /** Attempts before a grant whose outcome keeps failing is given up. @defaultValue 8 */
  maxAttempts?: number;
  /** A run stops after this long and reports more work; the job continues it. @defaultValue 60000 ms */
  runBudgetMs?: number;
  /** The pace of code creation per shop. */
  pacer?: CostPacerOptions;
}

export interface GrantSummary {
  issued: number;
  failed: number;
  /** Left pending for a retry (platform unreachable, throttled, shop not installed). */
  pending: number;
  /** Perks passed over because their reward cannot be issued (no grant rows for them), counted once per shop. */
  skipped: number;
  /** True when the run stopped on its budget with candidates left. */
  more: boolean;
}

export interface PerkGranter {
  /** Grants the perk of members who reached a tier in the last days, and retries grants left pending. */
  grantReached(now?: Date): Promise<GrantSummary>;
  /**
   * Grants the month's perk to every member in a perk's tier who has none yet (the monthly renewal, run daily: it also
   * catches up members passed over while the perk's reward could not be issued).
   */
  grantRenewals(now?: Date): Promise<GrantSummary>;
}

/**
 * The platform cannot take more from this shop in this run (not installed, still throttled) until `retryAt`; the
 * grants of the run not tried yet wait with the same reason.
 */
class ShopUnavailable extends Error {
  constructor(
    readonly retryAt: Date,
    readonly failure: Failure,
  ) {
    super(failure.detail);
  }
}

const ISSUE_COST = requestedCost(DISCOUNT_CODE_BASIC_CREATE);
const LOOKUP_COST = requestedCost(CODE_DISCOUNT_NODE_BY_CODE);
/** A free product's code reads the variant's current price first. */
const PRICE_COST = requestedCost(PRODUCT_VARIANT_PRICE);
const MINUTE = 60_000;
const NOT_INSTALLED_RETRY_MS = 60 * MINUTE;
/** A grant whose reward's product was deleted looks again this much later (the renewal's pace: daily). */
const PRODUCT_MISSING_RETRY_MS = 24 * 60 * MINUTE;

/**
 * Why a grant's reward cannot be issued: gone from the program, or blocked (its detail the blocker's own wording, as
 * grants stored it before codes).
 */
function blockedFailure(rewardId: number, reward: RewardRecord | undefined, blocker: IssueBlocker): Failure {
  return reward ? rewardNotIssuable(reward.name, blocker, issueBlockerMessage(blocker)) : rewardMissing(rewardId);
}

/** Backoff after the nth failed attempt: 1, 2, 4, ... minutes, at most 6 hours. */
const backoffMs = (attempts: number) => Math.min(6 * 60 * MINUTE, MINUTE * 2 ** Math.max(0, attempts - 1));

/**
 * Tier perks: a perk's reward is issued as a free code (no points spent, no ledger entry), bound to the member, single
 * use, valid for the reward's validity, once per perk, member and month of the shop. The grant row comes first (its
 * unique key makes granting idempotent; its lease keeps two workers off one grant), then the code through the
 * redemptions' code path, with the code derived from the grant: an attempt after one whose outcome is unknown asks
 * the platform for that code before creating it. A perk whose reward cannot be issued (its product deleted in the
 * shop) gets no grant rows while it stays so; the renewal grants the month's perk once the merchant fixed it.
 */
export function createPerkGranter(ctx: AppContext, admin: AdminClient = createAdminClient(ctx), options: PerkGrantOptions = {}): PerkGranter {
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 2 * MINUTE;
  const lookbackMs = options.lookbackMs ?? 2 * 24 * 60 * MINUTE;
  const maxAttempts = options.maxAttempts ?? 8;
  const runBudgetMs = options.runBudgetMs ?? MINUTE;
  const log = ctx.log.child({ component: 'perks' });

  async function issueOne(shop: PerkShop, rewards: Map<number, RewardRecord>, grant: ClaimedGrant, pacer: CostPacer, summary: GrantSummary) {
    const reward = rewards.get(grant.rewardId);
    const blocker = perkRewardBlocker(reward);
    // A grant made before its reward's product was deleted (claimed again after a failed attempt) waits, while its
    // month lasts, for the merchant to pick another product (then it is issued with it); failing it would keep the
    // member from the month's perk for good (the grant's key is taken). Once its month is over, or for a reward that
    // is not configured at all, it fails with the reason.
    if (blocker === 'product_missing' && grant.periodKey === periodKey(new Date(), shop.timezone)) {
      await releaseGrant(ctx.db, grant.id, new Date(Date.now() + PRODUCT_MISSING_RETRY_MS), blockedFailure(grant.rewardId, reward, blocker));
      summary.pending++;
      return;
    }
    if (!reward || blocker) {
      await markGrantFailed(ctx.db, grant.id, blockedFailure(grant.rewardId, reward, blocker ?? 'not_configured'));
      summary.failed++;
      return;
    }
    /** Whether the platform holds the grant's code already (an earlier attempt created it); then it is issued. */
    const issuedIfExists = async (): Promise<boolean> => {
      await pacer.spend(LOOKUP_COST);
      const existing = await findDiscountByCode(admin, shop.domain, grant.code);
      if (!existing) return false;
      await markGrantIssued(ctx.db, grant.id, existing);
      summary.issued++;
      return true;
    };
    try {
      if (grant.attempts > 1 && (await issuedIfExists())) return;
      await pacer.spend(ISSUE_COST + (reward.kind === 'free_product' ? PRICE_COST : 0));
      const request = { code: grant.code, customerId: grant.customerId, startsAt: grant.createdAt, endsAt: grant.expiresAt };
      await markGrantIssued(ctx.db, grant.id, await issueRewardCode(admin, shop.domain, reward, request));
      summary.issued++;
    } catch (error) {
      let cause = error;
      // Refused as a code that exists: an earlier attempt (whose lease ran out while its call was still on the way)
      // created it after this attempt's lookup. The grant holds its code. When that lookup fails, whether the code
      // exists is unknown: the lookup's failure decides, as a failed call's would.
      if (error instanceof AdminApiUserError) {
        try {
          if (await issuedIfExists()) return;
        } catch (lookupError) {
          cause = lookupError;
        }
      }
      // Stored as the campaigns store theirs: a code the admin words, beside the English detail.
      const failure = issueFailureOf(cause);
      if (cause instanceof ShopNotInstalledError || cause instanceof AdminApiThrottledError) {
        const retryAt = new Date(Date.now() + (cause instanceof ShopNotInstalledError ? NOT_INSTALLED_RETRY_MS : MINUTE));
        await releaseGrant(ctx.db, grant.id, retryAt, failure);
        summary.pending++;
        throw new ShopUnavailable(retryAt, failure);
      }
      // The free product is gone and the app was not told (its webhook lost or still on its way): the reward is
      // marked as the webhook would mark it, and the grant waits for the merchant's new product while its month
      // lasts, as a grant of a marked reward does (above).
      if (
        cause instanceof RewardNotIssuableError && cause.blocker === 'product_missing' && reward.productVariantId !== null &&
        grant.periodKey === periodKey(new Date(), shop.timezone)
      ) {
        await markProductsMissing(ctx.db, shop.id, [{ id: reward.id, productVariantId: reward.productVariantId }], new Date());
        log.warn({ shop: shop.domain, grantId: grant.id, rewardId: reward.id }, 'perk reward product gone; reward marked, grant waits');
        await releaseGrant(ctx.db, grant.id, new Date(Date.now() + PRODUCT_MISSING_RETRY_MS), failure);
        summary.pending++;
        return;
      }
      // Refused, or the reward's free product is priceless: a retry would change nothing.
      if (isFinalIssueFailure(cause)) {
        log.warn({ shop: shop.domain, grantId: grant.id, err: cause }, 'perk code refused; grant given up');
        await markGrantFailed(ctx.db, grant.id, failure);
        summary.failed++;
        return;
      }
      if (grant.attempts >= maxAttempts) {
        log.warn({ shop: shop.domain, grantId: grant.id, err: cause }, 'perk code not issued after its last attempt; grant given up');
        await markGrantFailed(ctx.db, grant.id, gaveUp(failure, grant.attempts));
        summary.failed++;
        return;
      }
      // The outcome is unknown (network, 5xx) or the call failed otherwise: the next attempt looks the code up first.
      log.warn({ shop: shop.domain, grantId: grant.id, err: cause }, 'perk code not issued; retried later');
      await releaseGrant(ctx.db, grant.id, new Date(Date.now() + backoffMs(grant.attempts)), failure);
      summary.pending++;
    }
  }

  /** Issues the claimed grants one by one; on ShopUnavailable the rest are released for a later run. */
  async function issueAll(shop: PerkShop, rewards: Map<number, RewardRecord>, grants: ClaimedGrant[], pacer: CostPacer, summary: GrantSummary) {
    for (const [index, grant] of grants.entries()) {
      try {
        await issueOne(shop, rewards, grant, pacer, summary);
      } catch (error) {
        if (!(error instanceof ShopUnavailable)) throw error;
        for (const rest of grants.slice(index + 1)) await releaseGrant(ctx.db, rest.id, error.retryAt, error.failure);
        summary.pending += grants.length - index - 1;
        throw error;
      }
    }
  }

  /**
   * Inserts grants for the candidates (the code derived from each grant's key) and issues those this run got;
   * returns how many that were.
   */
  async function grant(shop: PerkShop, period: string, now: Date, rewards: Map<number, RewardRecord>, candidates: GrantCandidate[], pacer: CostPacer, summary: GrantSummary): Promise<number> {
    const grants = candidates.flatMap((c) => {
      const reward = rewards.get(c.rewardId);
      // The perks were chosen by their rewards; a perk given another reward since may name a blocked one: no row.
      if (!reward || perkRewardBlocker(reward)) return [];
      const code = perkGrantCode(ctx.config.apiSecret, { shopId: shop.id, perkId: c.perkId, memberId: c.memberId, periodKey: period });
      return [{ ...c, code, expiresAt: grantExpiry(now, reward.validityDays) }];
    });
    const claimed = await insertGrants(ctx.db, shop.id, period, grants, now, new Date(Date.now() + leaseMs));
    await issueAll(shop, rewards, claimed, pacer, summary);
    return claimed.length;
  }

  async function rewardsOf(shopId: number): Promise<Map<number, RewardRecord>> {
    const program = await findProgram(ctx.db, shopId);
    return new Map((program?.rewards ?? []).map((r) => [r.id, r]));
  }

  /**
   * The shop's perks this run grants: those whose reward can be issued. The others are skipped before any member is
   * looked at, logged once per perk and run at `level` (the reached run comes every minute: its line is debug).
   */
  async function grantablePerks(shop: PerkShop, rewards: Map<number, RewardRecord>, summary: GrantSummary, level: 'info' | 'debug'): Promise<OfferedPerk[]> {
    const { grantable, blocked } = splitGrantablePerks(await findPerkRules(ctx.db, shop.id), rewards);
    for (const { perk, blocker } of blocked) {
      log[level]({ shop: shop.domain, perkId: perk.id, tierId: perk.tierId, rewardId: perk.rewardId, blocker }, 'perk skipped: its reward cannot be issued');
    }
    summary.skipped += blocked.length;
    return grantable;
  }

  /** Runs `work` for every shop with perks, each with its own pacer; a shop the platform cannot serve is skipped. */
  async function eachShop(now: Date, work: (shop: PerkShop, period: string, pacer: CostPacer, summary: GrantSummary, deadline: number) => Promise<void>) {
    const summary: GrantSummary = { issued: 0, failed: 0, pending: 0, skipped: 0, more: false };
    const deadline = Date.now() + runBudgetMs;
    for (const shop of await findPerkShops(ctx.db)) {
      if (Date.now() > deadline) {
        summary.more = true;
        break;
      }
      try {
        await work(shop, periodKey(now, shop.timezone), createCostPacer(options.pacer), summary, deadline);
      } catch (error) {
        if (!(error instanceof ShopUnavailable)) throw error;
        log.info({ shop: shop.domain, err: error.message }, 'perk grants paused for the shop');
      }
    }
    if (summary.issued + summary.failed + summary.pending > 0) log.info({ ...summary }, 'perk grants');
    return summary;
  }

  return {
    grantReached(now = new Date()) {
      return eachShop(now, async (shop, period, pacer, summary, deadline) => {
        const rewards = await rewardsOf(shop.id);
        await issueAll(shop, rewards, await claimStaleGrants(ctx.db, shop.id, new Date(), new Date(Date.now() + leaseMs), batchSize), pacer, summary);
        const perkIds = (await grantablePerks(shop, rewards, summary, 'debug')).map((p) => p.id);
        const since = new Date(now.getTime() - lookbackMs);
        for (;;) {
          const candidates = await findReachedCandidates(ctx.db, shop.id, perkIds, period, since, batchSize);
          if (candidates.length === 0) return;
          // Nothing inserted: the candidates changed meanwhile (another run took them); the next run sees.
          if ((await grant(shop, period, now, rewards, candidates, pacer, summary)) === 0) return;
          if (candidates.length < batchSize) return;
          if (Date.now() > deadline) {
            summary.more = true;
            return;
          }
        }
      });
    },

    grantRenewals(now = new Date()) {
      return eachShop(now, async (shop, period, pacer, summary, deadline) => {
        const rewards = await rewardsOf(shop.id);
        // Daily, and for every member without a grant of the month: also who was passed over while the perk's reward
        // was blocked gets the month's perk once the merchant fixed it.
        for (const perk of await grantablePerks(shop, rewards, summary, 'info')) {
          let after = FIRST_MEMBER;
          for (;;) {
            const candidates = await findRenewalCandidates(ctx.db, shop.id, perk, period, after, batchSize);
            const last = candidates.at(-1);
            if (!last) break;
            await grant(shop, period, now, rewards, candidates, pacer, summary);
            after = last.position;
            if (Date.now() > deadline) {
              summary.more = true;
              return;
            }
          }
        }
      });
    },
  };
}
