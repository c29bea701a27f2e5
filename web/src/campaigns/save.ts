import type { Db } from '../db/client.js';
import { findProgram } from '../program/repository.js';
import { markMadeDuringLookup } from '../rewards/product-gone/keep-missing.js';
import { dateOutOfRangeIssue, isInDateRange } from '../validation/dates.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import type { GiftProductLookup } from './gift-product.js';
import { lockGiftProductMark } from './gift-product-repository.js';
import { createCampaign, updateCampaign, type CampaignInput, type CampaignRecord } from './repository.js';

export type SaveCampaignResult = { ok: true; campaign: CampaignRecord } | Invalid | { ok: false; notFound: true };

/** The rules only the stored program can check: the tiers the audience names and the reward a code gift gives. */
async function programIssues(db: Db, shopId: number, input: CampaignInput): Promise<FieldIssues> {
  const program = await findProgram(db, shopId);
  const tierIds = new Set(program?.tiers.map((t) => t.id));
  const issues: FieldIssues = {};
  input.audience.tierIds.forEach((id, i) => {
    if (!tierIds.has(id)) issues[`audience.tierIds.${i}`] = domainIssue('unknown_tier');
  });
  if (input.audience.minimumTierId !== null && !tierIds.has(input.audience.minimumTierId)) {
    issues['audience.minimumTierId'] = domainIssue('unknown_tier');
  }
  // Any reward of the shop, also an inactive one: a reward kept out of the catalog can still be a surprise.
  if (input.gift.kind === 'reward_code' && !program?.rewards.some((r) => r.id === (input.gift as { rewardId: number }).rewardId)) {
    issues['gift.rewardId'] = domainIssue('unknown_reward');
  }
  return issues;
}

/** How far in the past a once time set or changed may be: the minute picked in the editor has begun, clocks differ. */
export const RUN_AT_GRACE_MS = 5 * 60_000;

const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);

/**
 * The rules of a once time that need the clock and what is stored. One set or changed must be still to come (a
 * passed one ran at once) and, resolved in the shop's zone, within DATE_YEARS. One left as stored may have passed, so
 * a campaign that ran can still be edited: "as stored" to the minute, since the editor sends the shop's wall clock
 * without seconds. `stored`: null for a new campaign.
 */
export function runAtIssues(schedule: CampaignInput['schedule'], stored: CampaignRecord | null, now: Date): FieldIssues {
  if (schedule.kind !== 'once') return {};
  const { runAt } = schedule;
  if (stored?.schedule.kind === 'once' && minuteOf(stored.schedule.runAt) === minuteOf(runAt)) return {};
  if (!isInDateRange(runAt)) return { 'schedule.runAt': dateOutOfRangeIssue() };
  if (runAt.getTime() < now.getTime() - RUN_AT_GRACE_MS) return { 'schedule.runAt': domainIssue('run_at_past') };
  return {};
}

/**
 * Creates (`id` null) or replaces a campaign of the shop, once the tiers and reward it names are the shop's own, with
 * what the lookup of its gift's product found (gift-product.ts). A replaced campaign's row is locked while it is
 * written: a mark a product webhook made after the lookup started, on the variant saved, is newer than the lookup's
 * answer and stays (with the stored product); any other mark is cleared with the product found.
 */
export async function saveCampaign(db: Db, shopId: number, id: number | null, input: CampaignInput, lookup: GiftProductLookup): Promise<SaveCampaignResult> {
  const issues = await programIssues(db, shopId, input);
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  if (id === null) return { ok: true, campaign: await createCampaign(db, shopId, input, lookup.giftProductId ?? null) };
  const campaign = await db.$transaction(async (tx) => {
    const stored = await lockGiftProductMark(tx, shopId, id);
    if (!stored) return null;
    const variant = input.gift.kind === 'free_product' ? input.gift.productVariantId : null;
    const newer = lookup.giftProductId !== undefined && markMadeDuringLookup(stored.mark, variant, lookup.startedAt);
    return updateCampaign(tx, shopId, id, input, newer ? undefined : lookup.giftProductId);
  });
  return campaign ? { ok: true, campaign } : { ok: false, notFound: true };
}
