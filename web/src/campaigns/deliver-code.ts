import { mailLocaleFor } from '../notifications/messages.js';
import { nameIn } from '../program/names.js';
import { findProgram } from '../program/repository.js';
import { issueBlocker } from '../rewards/issuable.js';
import { findDiscountByCode, issueRewardCode } from '../rewards/issue-code.js';
import { provesNothingCreated } from '../rewards/redeem.js';
import { AdminApiUserError } from '../shopify/admin-errors.js';
import { recordDelivery, type DeliveryContext } from './delivery.js';
import { giftCode } from './gift.js';
import { GiftNotDeliverableError, rewardMissing, rewardNotIssuable } from './rules/failure.js';
import type { ClaimedRecipient } from './run-repository.js';

const MS_PER_DAY = 86_400_000;

/**
 * A reward code, issued as a redemption issues it (single use, bound to the customer, the reward's validity) but
 * without spending points. The code is derived from run and member, so a retry, or an answer that got lost, finds
 * the code the platform already holds instead of creating a second one.
 */
export async function deliverRewardCode(delivery: DeliveryContext, recipient: ClaimedRecipient, rewardId: number): Promise<void> {
  const { ctx, admin, shop, run } = delivery;
  const program = await findProgram(ctx.db, shop.id);
  const reward = program?.rewards.find((r) => r.id === rewardId);
  if (!program || !reward) throw new GiftNotDeliverableError(rewardMissing(rewardId));
  const code = giftCode(ctx.config.apiSecret, run.id, recipient.memberId);

  // Tried before: the code may exist already (the worker died after creating it).
  let discountId = recipient.attempts > 1 ? await findDiscountByCode(admin, shop.domain, code) : null;
  if (!discountId) {
    const endsAt = new Date(delivery.now.getTime() + reward.validityDays * MS_PER_DAY);
    const blocker = issueBlocker(reward);
    if (blocker) throw new GiftNotDeliverableError(rewardNotIssuable(reward.name, blocker));
    try {
      discountId = await issueRewardCode(admin, shop.domain, reward, { code, customerId: recipient.customerId, startsAt: delivery.now, endsAt });
    } catch (error) {
      // The answer was lost (the mutation may have run), or the platform refused the code as one that exists (another
      // executor of this run, whose lease ran out while its call was on the way, created it): the platform decides.
      if (provesNothingCreated(error) && !(error instanceof AdminApiUserError)) throw error;
      discountId = await findDiscountByCode(admin, shop.domain, code);
      if (!discountId) throw error;
    }
  }
  const found = discountId;
  await ctx.db.$transaction((tx) =>
    // The mail names the reward in the recipient's language where the merchant gave it a name in it.
    recordDelivery(tx, delivery, recipient, {
      delivered: { code, discountId: found },
      rewardName: nameIn(reward, program.locale, mailLocaleFor(recipient.locale)),
    }),
  );
}
