/**
 * The campaign API's shapes, declared once on the server (web/src/admin-api/wire/campaigns.ts) and re-exported here
 * (type-only: nothing of the server reaches the bundle); the editor's kind lists and helpers are the admin's own.
 */
import type { Assert, ListsAll } from '../../../src/admin-api/wire/checks';
import type { CampaignBody, CampaignRun, GiftKind, ScheduleKind } from '../../../src/admin-api/wire';
import type { Draft } from '../api/types';

export type {
  AudienceRules,
  Campaign,
  CampaignBody,
  CampaignDetail,
  CampaignList,
  CampaignPreview,
  CampaignRun,
  CampaignRunDetail,
  CampaignRunList,
  CampaignSchedule,
  Gift,
  GiftProductInfo,
  NewCampaignBody,
  GiftKind,
  PreviewRecipient,
  RecipientSpec,
  RecipientStatus,
  RunCampaignBody,
  RunRecipient,
  RunStatus,
  RunTrigger,
  ScheduleKind,
} from '../../../src/admin-api/wire';

export const SCHEDULE_KINDS = ['once', 'weekly', 'monthly'] as const;
export const GIFT_KINDS = ['bonus_points', 'reward_code', 'free_product'] as const;
type _ScheduleKinds = Assert<ListsAll<ScheduleKind, typeof SCHEDULE_KINDS>>;
type _GiftKinds = Assert<ListsAll<GiftKind, typeof GIFT_KINDS>>;

/** What the editor sends; numbers the merchant typed wrongly stay text, so the server's 422 names the field. */
export type CampaignPayload = Draft<CampaignBody>;

/** A run that is still going: its page and the history refresh until it ends. */
export const isRunning = (run: Pick<CampaignRun, 'status'>) => run.status === 'pending' || run.status === 'delivering';
