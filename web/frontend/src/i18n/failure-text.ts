/**
 * Why something handed to a member failed, in the merchant's words: a campaign run or recipient, a tier perk's code.
 * The server sends a code with its parameters (`errorCode`, `errorParams`) beside an English detail for support
 * (`error`), which is never the message. Only Shopify's own refusal is quoted, as it comes in the shop's language. A
 * failure recorded before codes existed has only its detail: a generic message names it. Most codes read the same
 * wherever they occur (`failures.*`); those whose wording names what failed (the campaign, its gift, the perk's code)
 * are worded by their scope (`campaigns.failures.*`, `perks.grants.failures.*`). Pure (type imports only): the unit
 * test in web/test/browser imports it under NodeNext.
 */
import type { FailureCode as CampaignFailureCode, FailureFieldsOf, IssueFailureCode, PerkGrantFailureCode } from '../../../src/admin-api/wire/index.js';

/** The codes whose wording names what failed: each scope words them itself. */
type ScopedCode = 'reward_missing' | 'platform_refused';
type CampaignOnlyCode = Exclude<CampaignFailureCode, IssueFailureCode>;
type SharedCode = Exclude<IssueFailureCode, ScopedCode>;

export type FailureMessageKey =
  | `failures.${SharedCode | 'unknown' | 'retrying'}`
  | `campaigns.failures.${CampaignOnlyCode | ScopedCode}`
  | `perks.grants.failures.${ScopedCode}`;
export type FailurePluralKey = 'failures.gaveUp';

/** A failure with where it happened: a campaign's run or recipient, or a perk grant (each with its own codes). */
export type ScopedFailure = { scope: 'campaigns'; failure: FailureFieldsOf<CampaignFailureCode> } | { scope: 'perks'; failure: FailureFieldsOf<PerkGrantFailureCode> };

/** The admin's translation functions, as far as failures need them (useI18n's `t` and `tp`). */
export interface FailureWording {
  t(key: FailureMessageKey, vars?: Record<string, string | number>): string;
  tp(key: FailurePluralKey, count: number): string;
}

const SHARED_MESSAGES: Record<SharedCode, FailureMessageKey> = {
  reward_product_missing: 'failures.reward_product_missing',
  reward_not_configured: 'failures.reward_not_configured',
  platform_throttled: 'failures.platform_throttled',
  platform_unavailable: 'failures.platform_unavailable',
  platform_error: 'failures.platform_error',
  platform_unexpected_answer: 'failures.platform_unexpected_answer',
  shop_not_installed: 'failures.shop_not_installed',
  internal_error: 'failures.internal_error',
};

/** Every code a scope's rows may have, with its message: a new code fails the typecheck until it is worded. */
const CAMPAIGN_MESSAGES: Record<CampaignFailureCode, FailureMessageKey> = {
  ...SHARED_MESSAGES,
  campaign_deleted: 'campaigns.failures.campaign_deleted',
  gift_product_missing: 'campaigns.failures.gift_product_missing',
  draft_order_missing: 'campaigns.failures.draft_order_missing',
  reward_missing: 'campaigns.failures.reward_missing',
  platform_refused: 'campaigns.failures.platform_refused',
};
const PERK_MESSAGES: Record<PerkGrantFailureCode, FailureMessageKey> = {
  ...SHARED_MESSAGES,
  reward_missing: 'perks.grants.failures.reward_missing',
  platform_refused: 'perks.grants.failures.platform_refused',
};

/** The message key of the failure's code in its scope; null for a failure without a code. */
function messageKey(scoped: ScopedFailure): FailureMessageKey | null {
  if (scoped.scope === 'campaigns') {
    const { errorCode } = scoped.failure;
    return errorCode === null ? null : CAMPAIGN_MESSAGES[errorCode];
  }
  const { errorCode } = scoped.failure;
  return errorCode === null ? null : PERK_MESSAGES[errorCode];
}

/** The number at the end of a GID (`gid://shopify/ProductVariant/42` → `42`), as the merchant finds it in the admin. */
const idOf = (gid: string) => /\/(\d+)$/.exec(gid)?.[1] ?? gid;

/**
 * The message for the failure, null when there is none. `waitingForRetry`: a recipient or grant still pending after a
 * failed attempt, which is tried again.
 */
export function failureText(scoped: ScopedFailure, wording: FailureWording, options: { waitingForRetry?: boolean } = {}): string | null {
  const { errorParams: params, error: detail } = scoped.failure;
  const key = messageKey(scoped);
  if (key === null) return detail === null ? null : wording.t('failures.unknown', { detail });
  const message = wording.t(key, {
    variant: idOf(params.variant ?? ''),
    draftOrder: idOf(params.draftOrder ?? ''),
    reward: params.reward ?? '',
    messages: (params.messages ?? []).join('; '),
  });
  const parts = [message];
  if (params.attempts !== undefined) parts.push(wording.tp('failures.gaveUp', params.attempts));
  if (options.waitingForRetry) parts.push(wording.t('failures.retrying'));
  return parts.join(' ');
}
