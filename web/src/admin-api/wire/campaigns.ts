/** Surprise-gift campaigns: `/api/campaigns` and `/api/campaign-runs`. */
import type { TierRef } from './common.js';
import type { FailureFieldsOf, IssueFailureCode } from './failures.js';
import type { RewardProduct } from './program.js';

/** Who may receive a gift; every rule left at null (or `[]`) is off. */
export interface AudienceRules {
  /** Members in one of these tiers. */
  tierIds: string[];
  /** Members in this tier or a higher one. */
  minimumTierId: string | null;
  /** At least this many paid, not cancelled orders. */
  minimumOrders: number | null;
  /** Members since before this day (`YYYY-MM-DD`, in the shop's zone). */
  joinedBefore: string | null;
  memberForDays: number | null;
  orderedWithinDays: number | null;
  notGiftedWithinDays: number | null;
}

/** How many of the audience receive it: a number, or a share (a fraction 0..1, at most 4 decimals). */
export type RecipientSpec = { mode: 'count'; count: number } | { mode: 'share'; share: number };

export type CampaignSchedule =
  /** `runAt`: an ISO time; in a request also without offset, then on the shop's clock. */
  | { kind: 'once'; runAt: string }
  /** ISO weekday: 1 = Monday .. 7 = Sunday; `time`: `HH:MM` in the shop's zone. */
  | { kind: 'weekly'; weekday: number; time: string }
  /** `day`: 1..28. */
  | { kind: 'monthly'; day: number; time: string };

export type ScheduleKind = CampaignSchedule['kind'];

/** What each recipient gets. */
export type Gift =
  | { kind: 'bonus_points'; points: number }
  /** A code for one of the shop's rewards, without spending points. */
  | { kind: 'reward_code'; rewardId: string }
  /** The variant (its GID), sent as an order of 0.00. */
  | { kind: 'free_product'; productVariantId: string };

export type GiftKind = Gift['kind'];

export type RunStatus = 'pending' | 'delivering' | 'completed' | 'completed_with_errors' | 'failed';
export type RunTrigger = 'schedule' | 'manual';
export type RecipientStatus = 'pending' | 'delivered' | 'failed';

/**
 * Why a run or a recipient failed, for the admin to word in the merchant's language: the codes of handing a reward
 * over (failures.ts) and those of campaigns (web/src/campaigns/rules/failure.ts describes them).
 */
export type FailureCode = 'campaign_deleted' | 'gift_product_missing' | 'draft_order_missing' | IssueFailureCode;

/** The failure fields of a run and of a recipient (see FailureFieldsOf). */
export type FailureFields = FailureFieldsOf<FailureCode>;

/** A run of a campaign: scheduled, manual ("run now") or a preview (`dryRun`). */
export interface CampaignRun extends FailureFields {
  id: string;
  campaignId: string;
  /** The schedule's period (`2026-W48`, `2026-11`, `once`) or a manual run's key. */
  periodKey: string;
  trigger: RunTrigger;
  scheduledFor: string | null;
  status: RunStatus;
  dryRun: boolean;
  audienceSize: number | null;
  recipientCount: number;
  deliveredCount: number;
  failedCount: number;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
}

/** A campaign as `GET /api/campaigns` lists it (one campaign's answers are a CampaignDetail). */
export interface Campaign {
  id: string;
  name: string;
  active: boolean;
  audience: AudienceRules;
  recipients: RecipientSpec;
  schedule: CampaignSchedule;
  gift: Gift;
  /** Null for an inactive campaign or one that will not run again. */
  nextRunAt: string | null;
  lastRun: CampaignRun | null;
  /**
   * free_product: when the shop deleted the gift's variant (ISO); the campaign starts no runs (scheduled runs are
   * recorded as failed with the reason, "run now" answers 409) until it is saved with another product. Null otherwise.
   */
  giftProductMissingAt: string | null;
  /**
   * free_product: its product's title, the variant's title (null for a product's only variant) and an image, as the
   * shop had them when the campaign was last saved (still there once the shop deleted the product). Null for the other
   * gifts, and for a campaign saved before Loyale kept them.
   */
  savedGiftProduct: RewardProduct | null;
  /** What the next `PUT` sends back (`Versioned<CampaignBody>`): a save in between answers 409. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * What the editor shows of a free-product gift's variant (the campaign stores only its GID), as the platform has it
 * when the campaign is read or saved.
 */
export type GiftProductInfo =
  /** The shop's variant: its product's title, the variant's title (null for a product's only variant), an image. */
  | ({ status: 'found' } & RewardProduct)
  /** The shop no longer has the variant. */
  | { status: 'deleted' }
  /** The platform could not be asked just now. */
  | { status: 'unavailable' };

/** `GET|PUT /api/campaigns/:id`, `POST /api/campaigns`: one campaign, with what its editor shows of its gift. */
export interface CampaignDetail extends Campaign {
  /** free_product: its variant (GiftProductInfo); null for the other gifts. */
  giftProduct: GiftProductInfo | null;
}

/** `GET /api/campaigns`. */
export interface CampaignList {
  campaigns: Campaign[];
}

/**
 * `POST /api/campaigns` (as `NewCampaignBody`), `PUT /api/campaigns/:id` (as `Versioned<CampaignBody>`). Left out:
 * `active` true, every audience rule off.
 */
export interface CampaignBody {
  name: string;
  active?: boolean;
  audience?: Partial<AudienceRules>;
  recipients: RecipientSpec;
  schedule: CampaignSchedule;
  gift: Gift;
}

/**
 * `POST /api/campaigns`: 201 with the new campaign; with a key the shop used before, 200 with the campaign that key
 * created (whatever this body says; 404 once it was deleted), so a repeated submit creates one campaign.
 */
export interface NewCampaignBody extends CampaignBody {
  /** One per new-campaign form; 1..64 of `A-Z a-z 0-9 _ -`. */
  idempotencyKey?: string;
}

/** `POST /api/campaigns/:id/run` (202 with the queued run): the same key twice is the same run. */
export interface RunCampaignBody {
  /** 1..64 of `A-Z a-z 0-9 _ -`. */
  idempotencyKey?: string;
}

/** `GET /api/campaigns/:id/runs?dryRuns=true` lists previews too. */
export interface CampaignRunsQuery {
  dryRuns?: 'true' | 'false';
}

/** `GET /api/campaigns/:id/runs`: the newest runs. */
export interface CampaignRunList {
  runs: CampaignRun[];
}

export interface PreviewRecipient {
  customerId: string;
  name: string | null;
  email: string | null;
  tier: TierRef | null;
}

/** `POST /api/campaigns/:id/preview`: a dry run. */
export interface CampaignPreview {
  audienceSize: number;
  recipientCount: number;
  /** The first 250 recipients. */
  recipients: PreviewRecipient[];
}

export interface RunRecipient extends PreviewRecipient, FailureFields {
  status: RecipientStatus;
  points: number | null;
  code: string | null;
  orderId: string | null;
  draftOrderId: string | null;
  deliveredAt: string | null;
}

/** `GET /api/campaign-runs/:id`: a run with its campaign (name null if the campaign is gone) and its recipients. */
export interface CampaignRunDetail extends CampaignRun {
  campaign: { id: string; name: string | null };
  recipients: RunRecipient[];
}
