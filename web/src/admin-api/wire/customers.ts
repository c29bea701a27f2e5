import type { TierRef } from './common.js';

export type CustomerSort = 'points_desc' | 'points_asc' | 'name_asc';

/** `GET /api/customers`: the query string. At most one of `after` and `before` (the cursors of `pageInfo`). */
export interface CustomerListQuery {
  /** A substring of name or email, any case. */
  query?: string;
  /** A tier's id: only its members. */
  tier?: string;
  /** Default `points_desc`. */
  sort?: CustomerSort;
  /** 1..100, default 50. */
  limit?: number;
  after?: string;
  before?: string;
}

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

/** `GET /api/customers`. */
export interface CustomerList {
  customers: CustomerRow[];
  pageInfo: PageInfo;
}

/** `GET /api/customers/:customerId`. */
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
  /** Null at the highest tier. */
  nextTier: (TierRef & { pointsNeeded: number }) | null;
  memberSince: string;
  lastOrderAt: string | null;
  /** When the customer unsubscribed from Loyale's mails (the link in every mail); null = they get them. */
  unsubscribedAt: string | null;
}

/** Why a ledger entry was made: the database's `ledger_reason` (prisma/schema.prisma). */
export type LedgerReason =
  | 'order_earned'
  | 'order_rerated'
  | 'refund'
  | 'cancellation'
  | 'redemption'
  | 'redemption_reversal'
  | 'manual_adjustment'
  /** delta 0: the member moved to another tier (`note` names both, e.g. "Bronze → Silber"). */
  | 'tier_changed'
  /** Bonus points of a surprise-gift campaign. */
  | 'surprise_gift'
  /** The balance that expired after the program's months without activity (a negative delta to 0). */
  | 'points_expired'
  /** Expired points given back by a refund or cancellation of an order whose points had expired (no double take). */
  | 'points_expiry_returned';

export interface LedgerEntry {
  id: string;
  createdAt: string;
  delta: number;
  reason: LedgerReason;
  balanceAfter: number;
  /** What the entry is about: an order, a redemption, a campaign run's gift, ... */
  sourceId: string | null;
  note: string | null;
  /** The staff user of a manual adjustment. */
  actor: string | null;
}

/** `GET /api/customers/:customerId/ledger?limit=&after=`: the query string (`after`: a page's `endCursor`). */
export interface LedgerQuery {
  /** 1..100, default 50. */
  limit?: number;
  after?: string;
}

/** `GET /api/customers/:customerId/ledger`: newest first. */
export interface LedgerPage {
  entries: LedgerEntry[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `POST /api/customers/:customerId/adjustments`. */
export interface AdjustmentBody {
  /** A whole number, not 0, at most 1 000 000 either way. */
  delta: number;
  /** Required (at most 500 characters); shown in the points history. */
  reason: string;
  /** The same key again answers with the first result instead of adjusting twice. */
  idempotencyKey?: string;
}

/** `POST /api/customers/:customerId/adjustments` answer: the new entry and the balance after it. */
export interface AdjustmentResult {
  entry: LedgerEntry;
  points: number;
}
