import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import type { ShopRecord } from '../shops/repository.js';
import { findMemberSummaries, type MemberSummary } from './audience-repository.js';
import { chooseRecipients } from './choose.js';
import { deliverGift } from './deliver.js';
import { findGiftProductMark } from './gift-product-repository.js';
import { findCampaignAndShop, type CampaignRecord } from './repository.js';
import { DEFAULT_DELIVERY_RETRY, judgeDeliveryFailure, type DeliveryRetryPolicy } from './rules/delivery-retry.js';
import { campaignDeleted, type CampaignFailure } from './rules/failure.js';
import { giftProductGone, markOf } from './rules/gift-product.js';
import { seedFrom } from './rules/recipients.js';
import { nextRunAt, occurrenceNear, ONCE_PERIOD, periodKey } from './rules/schedule.js';
import {
  claimNextRecipient,
  createOrGetRun,
  deferRecipient,
  failRun,
  failUntriedRecipients,
  findRun,
  finishRun,
  isFinished,
  markRecipientFailed,
  recordDryRun,
  storeRecipients,
  type ClaimedRecipient,
  type NewRun,
  type RunRecord,
} from './run-repository.js';

/** Recipients a preview lists at most (it counts them all). */
export const PREVIEW_LIST_LIMIT = 250;

export interface PreviewResult {
  audienceSize: number;
  recipientCount: number;
  /** The first PREVIEW_LIST_LIMIT recipients, in the order drawn. */
  recipients: MemberSummary[];
  /** The dry run it was recorded as. */
  run: RunRecord;
}

/** What starts a run: the schedule firing at a moment, or the merchant with a key (the same key = the same run). */
export type RunTrigger = { kind: 'schedule'; firedAt: Date } | { kind: 'manual'; key: string };

export interface ExecuteOptions {
  /** Deliver at most this many recipients in this call and leave the rest pending (a later call resumes). */
  maxDeliveries?: number;
}

export interface CampaignRunner {
  /** A dry run: who the next run would choose (same seed), with names and emails; nothing is delivered. */
  preview(shop: ShopRecord, campaign: CampaignRecord): Promise<PreviewResult>;
  /** The run of the trigger's period, created if new (nothing is chosen or delivered yet). */
  startRun(shop: ShopRecord, campaign: CampaignRecord, trigger: RunTrigger): Promise<RunRecord>;
  /**
   * Runs a run to its end, or resumes one: chooses and stores the recipients if that has not happened, then delivers
   * every pending recipient (each once, whatever ran before) that nobody holds and whose retry is due. The run stays
   * `delivering` while a recipient waits for its retry. A run whose free product the shop deleted (the campaign's
   * mark) fails before choosing anyone, or, delivering, fails the recipients not tried yet at once (the reason
   * recorded; the platform not asked). Null for an unknown run.
   */
  executeRun(runId: number, options?: ExecuteOptions): Promise<RunRecord | null>;
}

export interface CampaignRunnerOptions {
  /** How long a worker holds a recipient it delivers to. @defaultValue 120000 ms */
  leaseMs?: number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
  /**
   * When a failed delivery is tried again and when it is given up (rules/delivery-retry.ts).
   * @defaultValue DEFAULT_DELIVERY_RETRY (5 attempts, 10 s doubling, at most 5 min)
   */
  retry?: Partial<DeliveryRetryPolicy>;
}

const seedOf = (campaignId: number, key: string) => seedFrom(`campaign:${campaignId}:${key}`);

/** The period a trigger belongs to: the schedule's (`2026-W48`, `2026-11`, `once`) or the manual run's key. */
export function periodOf(campaign: CampaignRecord, timeZone: string, trigger: RunTrigger): { periodKey: string; scheduledFor: Date | null } {
  if (trigger.kind === 'manual') return { periodKey: `manual-${trigger.key}`, scheduledFor: null };
  const { schedule } = campaign;
  if (schedule.kind === 'once') return { periodKey: ONCE_PERIOD, scheduledFor: schedule.runAt };
  const occurrence = occurrenceNear(schedule, trigger.firedAt, timeZone);
  return { periodKey: periodKey(schedule, occurrence, timeZone), scheduledFor: occurrence };
}

export function createCampaignRunner(ctx: AppContext, admin: AdminClient = createAdminClient(ctx), options: CampaignRunnerOptions = {}): CampaignRunner {
  const leaseMs = options.leaseMs ?? 120_000;
  const now = options.now ?? (() => new Date());
  const retry: DeliveryRetryPolicy = { ...DEFAULT_DELIVERY_RETRY, ...options.retry };
  const log = ctx.log.child({ component: 'campaigns' });

  const newRun = (shop: ShopRecord, campaign: CampaignRecord, period: { periodKey: string; scheduledFor: Date | null }, trigger: RunTrigger['kind']): NewRun => ({
    campaignId: campaign.id,
    shopId: shop.id,
    periodKey: period.periodKey,
    trigger,
    scheduledFor: period.scheduledFor,
    seed: seedOf(campaign.id, period.periodKey),
    gift: campaign.gift,
  });

  /**
   * Why the run's free product can no longer be handed over (the campaign's mark, read anew before each delivery: a
   * deletion handled while the run delivers stops it at the next recipient); null when it can, or for other gifts.
   */
  async function productGoneNow(run: RunRecord): Promise<CampaignFailure | null> {
    return run.gift.kind === 'free_product' ? giftProductGone(run.gift, await findGiftProductMark(ctx.db, run.campaignId)) : null;
  }

  async function deliverPending(shop: ShopRecord, run: RunRecord, campaignName: string, limit: number): Promise<number> {
    let attempted = 0;
    while (attempted < limit) {
      const productGone = await productGoneNow(run);
      if (productGone) {
        // One statement for everyone not tried yet, not a refused draftOrderCreate each; those tried before go on
        // below (an earlier attempt may have left a draft to complete).
        const failed = await failUntriedRecipients(ctx.db, run.id, productGone);
        if (failed > 0) log.warn({ shop: shop.domain, runId: run.id, failed }, 'surprise gifts not delivered: the gift product was deleted from the shop');
      }
      const recipient = await claimNextRecipient(ctx.db, run.id, leaseMs, now());
      if (!recipient) break;
      attempted += 1;
      try {
        await deliverGift({ ctx, admin, shop, run, campaignName, now: now(), productGone }, recipient);
      } catch (error) {
        // One recipient's failure does not stop the others in this pass.
        await settleFailure(shop, run, recipient, error);
      }
    }
    return attempted;
  }

  /**
   * A failure that may pass leaves the recipient pending, its lease pushed forward by the backoff: no claim takes it
   * before then, and the run stays `delivering`, so its job resumes the run once that lease ended (process.ts). A
   * permanent one, or the last attempt, fails the recipient; the run then ends as completed_with_errors.
   */
  async function settleFailure(shop: ShopRecord, run: RunRecord, recipient: ClaimedRecipient, error: unknown): Promise<void> {
    const verdict = judgeDeliveryFailure(error, recipient.attempts, retry);
    const about = { shop: shop.domain, runId: run.id, memberId: recipient.memberId, attempt: recipient.attempts, maxAttempts: retry.maxAttempts, failure: verdict.failure.code, err: error };
    if (verdict.kind === 'retry') {
      const retryAt = new Date(now().getTime() + verdict.delayMs);
      log.warn({ ...about, retryAt }, 'surprise gift not delivered; retried later');
      await deferRecipient(ctx.db, recipient.id, retryAt, verdict.failure);
      return;
    }
    log.warn(about, 'surprise gift not delivered; recipient failed');
    await markRecipientFailed(ctx.db, recipient.id, verdict.failure);
  }

  return {
    async preview(shop, campaign) {
      const at = now();
      const upcoming = campaign.schedule.kind === 'once' ? campaign.schedule.runAt : (nextRunAt(campaign.schedule, at, shop.timezone) ?? at);
      const period = periodOf(campaign, shop.timezone, { kind: 'schedule', firedAt: upcoming });
      const chosen = await chooseRecipients(ctx.db, shop, campaign, seedOf(campaign.id, period.periodKey), at);
      const recipients = await findMemberSummaries(ctx.db, shop.id, chosen.memberIds.slice(0, PREVIEW_LIST_LIMIT));
      const run = await recordDryRun(
        ctx.db,
        { ...newRun(shop, campaign, period, 'manual'), periodKey: `preview-${randomUUID()}` },
        { audienceSize: chosen.audienceSize, recipientCount: chosen.memberIds.length },
      );
      return { audienceSize: chosen.audienceSize, recipientCount: chosen.memberIds.length, recipients, run };
    },

    startRun(shop, campaign, trigger) {
      return createOrGetRun(ctx.db, newRun(shop, campaign, periodOf(campaign, shop.timezone, trigger), trigger.kind));
    },

    async executeRun(runId, executeOptions = {}) {
      const found = await findRun(ctx.db, runId);
      if (!found || found.dryRun || isFinished(found.status)) return found;
      // A deleted campaign's run still delivers what it chose; a campaign's row (and shop) outlive its runs.
      const owner = await findCampaignAndShop(ctx.db, found.campaignId, { includeDeleted: true });
      if (!owner) return found;
      const { shop, campaign } = owner;
      if (found.status === 'pending') {
        if (campaign.deletedAt) {
          await failRun(ctx.db, found.id, campaignDeleted());
          return findRun(ctx.db, runId);
        }
        // The run is recorded as not started, with the reason: nobody chosen, the platform not asked.
        const productGone = giftProductGone(found.gift, markOf(campaign));
        if (productGone) {
          log.warn({ shop: shop.domain, runId, campaignId: campaign.id }, 'campaign run not started: the gift product was deleted from the shop');
          await failRun(ctx.db, found.id, productGone);
          return findRun(ctx.db, runId);
        }
        const chosen = await chooseRecipients(ctx.db, shop, campaign, found.seed, now());
        // Another worker may have stored its choice meanwhile (false): both deliver what was stored.
        await storeRecipients(ctx.db, found.id, chosen.audienceSize, chosen.memberIds);
        log.info({ shop: shop.domain, runId, audience: chosen.audienceSize, recipients: chosen.memberIds.length }, 'campaign run chose recipients');
      }
      const run = (await findRun(ctx.db, runId)) ?? found;
      const limit = executeOptions.maxDeliveries ?? Number.POSITIVE_INFINITY;
      const attempted = await deliverPending(shop, run, campaign.name, limit);
      if (attempted >= limit) return findRun(ctx.db, runId);
      return (await finishRun(ctx.db, runId)) ?? findRun(ctx.db, runId);
    },
  };
}
