/** The admin JSON API's shapes (web/src/admin-api; the brief of issue 3 fixes them). */

export interface Shop {
  domain: string;
  name: string | null;
  currencyCode: string;
  primaryLocale: string;
  timezone: string;
}

export interface TierRef {
  id: string;
  name: string;
}

export interface Dashboard {
  currencyCode: string;
  range: DateRange;
  members: number;
  activeMembers90d: number;
  pointsIssued: number;
  pointsRedeemed: number;
  outstandingPoints: number;
  liability: { amount: string; currencyCode: string };
  /** A fraction 0..1. */
  redemptionRate: number;
  tiers: (TierRef & { members: number })[];
  daily: { date: string; issued: number; redeemed: number }[];
}

/** Inclusive day keys (`YYYY-MM-DD`) in the shop's timezone. */
export interface DateRange {
  from: string;
  to: string;
}

export type CustomerSort = 'points_desc' | 'points_asc' | 'name_asc';

export interface CustomerRow {
  customerId: string;
  name: string | null;
  email: string | null;
  points: number;
  tier: TierRef | null;
  lastOrderAt: string | null;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface CustomerList {
  customers: CustomerRow[];
  pageInfo: PageInfo;
}

export interface CustomerDetail {
  customerId: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  points: number;
  qualifyingPoints: number;
  /** Not spendable yet (approval period, awaiting fulfilment). */
  pendingPoints: number;
  tier: TierRef | null;
  nextTier: (TierRef & { pointsNeeded: number }) | null;
  memberSince: string;
  lastOrderAt: string | null;
}

/** When orders earn points: on payment or on fulfilment. */
export type AwardOn = 'paid' | 'fulfilled';

export type LedgerReason =
  | 'order_earned'
  | 'order_rerated'
  | 'refund'
  | 'cancellation'
  | 'redemption'
  | 'redemption_reversal'
  | 'manual_adjustment'
  | 'tier_changed';

export interface LedgerEntry {
  id: string;
  createdAt: string;
  delta: number;
  reason: LedgerReason;
  balanceAfter: number;
  sourceId: string | null;
  note: string | null;
  actor: string | null;
}

export interface LedgerPage {
  entries: LedgerEntry[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface AdjustmentInput {
  /** A string only when the merchant typed something that is not a whole number: the server's 422 names it. */
  delta: number | string;
  reason: string;
  idempotencyKey?: string;
}

export interface AdjustmentResult {
  entry: LedgerEntry;
  points: number;
}

export const REWARD_KINDS = ['free_shipping', 'percentage_off', 'amount_off', 'free_product'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface TierSettings {
  /** Absent for a new tier. */
  id?: string;
  name: string;
  threshold: number;
  multiplier: number;
}

export interface RewardSettings {
  /** Absent for a new reward. */
  id?: string;
  name: string;
  kind: RewardKind;
  cost: number;
  /** percentage_off: a fraction (0.1 = 10 %); amount_off: money in the shop's currency; otherwise null. */
  value: number | null;
  active: boolean;
  /** The order subtotal a code needs (decimal string in the shop's currency); null for none. */
  minimumSubtotal: string | null;
  /** Days a redeemed code stays valid (1..365). */
  validityDays: number;
  /** Whether its codes combine with the shop's other kinds of discounts. */
  combinesWithOtherDiscounts: boolean;
  /** A saved tier: only members at that tier or above may redeem it; null for every member. */
  minimumTierId: string | null;
  /** free_product: the variant it gives (`gid://shopify/ProductVariant/…`); null otherwise. */
  productVariantId: string | null;
  /** Read-only: the product of a free_product reward, as it was when the reward was saved. */
  product?: RewardProduct | null;
  /**
   * Read-only: when the app learned the free product's variant was deleted in the shop (ISO time); the reward was
   * switched off then. Null while it exists; cleared when it is saved with another product.
   */
  productMissingAt?: string | null;
}

export interface RewardProduct {
  title: string;
  /** null for a product's only variant. */
  variantTitle: string | null;
  imageUrl: string | null;
}

/** `GET /api/products/variants?query=`: the reward editor's product picker. */
export interface ProductVariantOption {
  id: string;
  productTitle: string;
  variantTitle: string | null;
  imageUrl: string | null;
  /** Decimal string in the shop's currency. */
  price: string;
}

export interface ProgramSettings {
  earning: { pointsPerCurrencyUnit: number; pointValue: string; awardOn: AwardOn; approvalDays: number };
  tiers: TierSettings[];
  rewards: RewardSettings[];
}

export interface DataExport {
  id: string;
  customerId: string;
  requestId: string | null;
  createdAt: string;
}

export const NOTIFICATION_KINDS = ['points_earned', 'reward_redeemed', 'tier_reached', 'surprise_gift'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `GET|PUT /api/notifications/settings`. */
export interface NotificationSettings {
  /** null: the shop's name (`defaultSenderName`). */
  senderName: string | null;
  defaultSenderName: string;
  replyTo: string | null;
  kinds: Record<NotificationKind, boolean>;
  /** False when the server has no SMTP server to send through (mails are recorded as skipped). */
  smtpConfigured: boolean;
}

export type NotificationSettingsInput = Pick<NotificationSettings, 'senderName' | 'replyTo' | 'kinds'>;

/** `GET /api/notifications/preview`: a mail with sample data. */
export interface NotificationPreview {
  subject: string;
  html: string;
  text: string;
}
