/**
 * Why handing a reward to a member failed (a campaign's gift, a tier perk's code), for the admin to word in the
 * merchant's language: web/src/rewards/issue-failure.ts describes each code and its parameters. Campaigns add codes
 * of their own (FailureCode in campaigns.ts).
 */
export type IssueFailureCode =
  | 'reward_missing'
  | 'reward_product_missing'
  | 'reward_not_configured'
  | 'platform_refused'
  | 'platform_throttled'
  | 'platform_unavailable'
  | 'platform_error'
  | 'platform_unexpected_answer'
  | 'shop_not_installed'
  | 'internal_error';

/** A failure code's parameters: each code sets its own (see IssueFailureCode and FailureCode). */
export interface FailureParams {
  /** gift_product_missing: the variant's GID. */
  variant?: string;
  /** reward_missing: the reward's id. */
  rewardId?: string;
  /** reward_product_missing, reward_not_configured: the reward's name. */
  reward?: string;
  /** draft_order_missing: the draft order's GID. */
  draftOrder?: string;
  /** platform_refused: the platform's own messages (in the shop's language). */
  messages?: string[];
  /** platform_unavailable, platform_error: the HTTP status, when an answer came. */
  status?: number;
  /** A failure that could have passed, given up after this many attempts. */
  attempts?: number;
}

/**
 * The failure fields of a row that can fail: `errorCode` is what the admin shows (with `errorParams`); `error` is the
 * English detail for support. A failure recorded before codes existed has only `error` (code null, params `{}`).
 */
export interface FailureFieldsOf<Code extends string> {
  error: string | null;
  errorCode: Code | null;
  errorParams: FailureParams;
}
