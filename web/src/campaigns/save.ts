import type { Db } from '../db/client.js';
import { findProgram } from '../program/repository.js';
import { markMadeDuringLookup } from '../rewards/product-gone/keep-missing.js';
import { dateOutOfRangeIssue, isInDateRange } from '../validation/dates.js';
import { domainIssue, type FieldIssues, type Invalid } from '../validation/field-errors.js';
import type { GiftProductLookup } from './gift-product.js';
import { lockGiftProductMark } from './gift-product-repository.js';
import { createCampaign, updateCampaign, type CampaignInput, type CampaignRecord } from './repository.js';

export type SaveCampaignResult =
  /**
   * `created`: whether this save created the campaign; false for a replacement, and for a new campaign whose key the
   * shop used before (a repeated POST): the campaign that key created, nothing written.
   */
  | { ok: true; campaign: CampaignRecord; created: boolean }
  | Invalid
  | { ok: false; notFound: true }
  /** The campaign was saved since its editor read it (the version moved on); nothing was written. */
  | { ok: false; conflict: true };

/**
 * What a save writes to: a new campaign (with the client's idempotency key, or null), or the stored one with the
 * version its editor read.
 */
export type CampaignTarget = { id: null; idempotencyKey: string | null } | { id: number; version: number };

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
 * Creates or replaces a campaign of the shop (`target`), once the tiers and reward it names are the shop's own, with
 * what the lookup of its gift's product found (gift-product.ts). A new campaign with a key the shop used before is
 * the campaign that key created (not created again). A replaced campaign's row is locked while it is written: its
 * version must still be the one its editor read (else `conflict`: a stale editor would undo the save in between),
 * and a mark a product webhook made after the lookup started, on the variant saved, is newer than the lookup's
 * answer and stays (with the stored product); any other mark is cleared with the product found.
 */
export async function saveCampaign(db: Db, shopId: number, target: CampaignTarget, input: CampaignInput, lookup: GiftProductLookup): Promise<SaveCampaignResult> {
  const issues = await programIssues(db, shopId, input);
  if (Object.keys(issues).length > 0) return { ok: false, issues };
  if (target.id === null) return { ok: true, ...(await createCampaign(db, shopId, input, lookup.giftProduct ?? null, target.idempotencyKey)) };
  const { id, version } = target;
  return db.$transaction(async (tx): Promise<SaveCampaignResult> => {
    const stored = await lockGiftProductMark(tx, shopId, id);
    if (!stored) return { ok: false, notFound: true };
    if (stored.version !== version) return { ok: false, conflict: true };
    const variant = input.gift.kind === 'free_product' ? input.gift.productVariantId : null;
    const newer = lookup.giftProduct !== undefined && markMadeDuringLookup(stored.mark, variant, lookup.startedAt);
    const campaign = await updateCampaign(tx, shopId, id, input, newer ? undefined : lookup.giftProduct);
    return campaign ? { ok: true, campaign, created: false } : { ok: false, notFound: true };
  });
}
