/** The campaign API's shapes (web/src/admin-api/dto/campaigns.ts). */
import type { TierRef } from '../api/types';

export interface AudienceRules {
  tierIds: string[];
  minimumTierId: string | null;
  minimumOrders: number | null;
  /** `YYYY-MM-DD` */
  joinedBefore: string | null;
  memberForDays: number | null;
  orderedWithinDays: number | null;
  notGiftedWithinDays: number | null;
}

export type RecipientSpec = { mode: 'count'; count: number } | { mode: 'share'; share: number };

export type CampaignSchedule =
  | { kind: 'once'; runAt: string }
  /** ISO weekday: 1 = Monday .. 7 = Sunday; `time`: `HH:MM` in the shop's zone. */
  | { kind: 'weekly'; weekday: number; time: string }
  | { kind: 'monthly'; day: number; time: string };

export type Gift =
  | { kind: 'bonus_points'; points: number }
  | { kind: 'reward_code'; rewardId: string }
  | { kind: 'free_product'; productVariantId: string };

export const SCHEDULE_KINDS = ['once', 'weekly', 'monthly'] as const;
export const GIFT_KINDS = ['bonus_points', 'reward_code', 'free_product'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export type GiftKind = (typeof GIFT_KINDS)[number];

export type RunStatus = 'pending' | 'delivering' | 'completed' | 'completed_with_errors' | 'failed';
export type RecipientStatus = 'pending' | 'delivered' | 'failed';

export interface CampaignRun {
  id: string;
  campaignId: string;
  periodKey: string;
  trigger: 'schedule' | 'manual';
  scheduledFor: string | null;
  status: RunStatus;
  dryRun: boolean;
  audienceSize: number | null;
  recipientCount: number;
  deliveredCount: number;
  failedCount: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  createdAt: string;
}

export interface Campaign {
  id: string;
  name: string;
  active: boolean;
  audience: AudienceRules;
  recipients: RecipientSpec;
  schedule: CampaignSchedule;
  gift: Gift;
  nextRunAt: string | null;
  lastRun: CampaignRun | null;
  createdAt: string;
  updatedAt: string;
}

/** What the editor sends; numbers the merchant typed wrongly stay text, so the server's 422 names the field. */
export type CampaignPayload = Record<string, unknown>;

export interface PreviewRecipient {
  customerId: string;
  name: string | null;
  email: string | null;
  tier: TierRef | null;
}

export interface CampaignPreview {
  audienceSize: number;
  recipientCount: number;
  /** The first 250 recipients. */
  recipients: PreviewRecipient[];
}

export interface RunRecipient extends PreviewRecipient {
  status: RecipientStatus;
  points: number | null;
  code: string | null;
  orderId: string | null;
  draftOrderId: string | null;
  error: string | null;
  deliveredAt: string | null;
}

export interface CampaignRunDetail extends CampaignRun {
  campaign: { id: string; name: string | null };
  recipients: RunRecipient[];
}

/** A run that is still going: its page and the history refresh until it ends. */
export const isRunning = (run: Pick<CampaignRun, 'status'>) => run.status === 'pending' || run.status === 'delivering';
