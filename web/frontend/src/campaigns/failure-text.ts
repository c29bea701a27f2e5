/**
 * Why a campaign run or a recipient failed, in the merchant's words: the server sends a code with its parameters
 * (`errorCode`, `errorParams`) beside an English detail for support (`error`), which is never the message. Only
 * Shopify's own refusal is quoted, as it comes in the shop's language. A failure recorded before codes existed has
 * only its detail: a generic message names it. Pure (a type import only): the unit test in web/test/browser imports
 * it under NodeNext.
 */
import type { FailureCode, FailureFields } from '../../../src/admin-api/wire/campaigns.js';

export type FailureMessageKey = `campaigns.failures.${FailureCode}` | 'campaigns.failures.unknown' | 'campaigns.failures.retrying';
export type FailurePluralKey = 'campaigns.failures.gaveUp';

/** The admin's translation functions, as far as failures need them (useI18n's `t` and `tp`). */
export interface FailureWording {
  t(key: FailureMessageKey, vars?: Record<string, string | number>): string;
  tp(key: FailurePluralKey, count: number): string;
}

/** The number at the end of a GID (`gid://shopify/ProductVariant/42` → `42`), as the merchant finds it in the admin. */
const idOf = (gid: string) => /\/(\d+)$/.exec(gid)?.[1] ?? gid;

/**
 * The message for `failure`, null when there is none. `waitingForRetry`: a recipient still pending after a failed
 * attempt, which is tried again.
 */
export function failureText(failure: FailureFields, wording: FailureWording, options: { waitingForRetry?: boolean } = {}): string | null {
  const { errorCode: code, errorParams: params, error: detail } = failure;
  if (code === null) return detail === null ? null : wording.t('campaigns.failures.unknown', { detail });
  const message = wording.t(`campaigns.failures.${code}`, {
    variant: idOf(params.variant ?? ''),
    draftOrder: idOf(params.draftOrder ?? ''),
    reward: params.reward ?? '',
    messages: (params.messages ?? []).join('; '),
  });
  const parts = [message];
  if (params.attempts !== undefined) parts.push(wording.tp('campaigns.failures.gaveUp', params.attempts));
  if (options.waitingForRetry) parts.push(wording.t('campaigns.failures.retrying'));
  return parts.join(' ');
}
