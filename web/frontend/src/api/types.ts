/**
 * The admin JSON API's shapes. They are declared once, on the server (web/src/admin-api/wire, which says why), and
 * only re-exported here: type-only imports, erased by the build, so no server code reaches the bundle. What follows
 * them is the admin's own: runtime lists of a union's members (checked to name every member) and loose request types.
 */
import type { Assert, ListsAll } from '../../../src/admin-api/wire/checks';
import type { AdjustmentBody, MailOutcome, NotificationKind, NotificationSettingsBody, RewardKind } from '../../../src/admin-api/wire';

export type {
  AdjustmentResult,
  ApiErrorBody,
  AwardOn,
  CustomerDetail,
  CustomerList,
  CustomerListQuery,
  CustomerRow,
  CustomerSort,
  Dashboard,
  DashboardQuery,
  DataExport,
  DataExportList,
  DateRange,
  InvalidInputDetails,
  LedgerEntry,
  LedgerPage,
  LedgerQuery,
  LedgerReason,
  MailActivity,
  MailLogEntry,
  MailLogPage,
  MailLogQuery,
  MailOutcome,
  MailSkipReason,
  NamesLocale,
  NotificationKind,
  NotificationPreview,
  NotificationPreviewQuery,
  NotificationSettings,
  PageInfo,
  ProductVariantList,
  ProductVariantOption,
  ProductVariantQuery,
  ProgramSettings,
  ProgramSettingsBody,
  ProgramView,
  RewardKind,
  RewardProduct,
  RewardSettings,
  Shop,
  TierRef,
  TierSettings,
  Versioned,
} from '../../../src/admin-api/wire';

/**
 * A request body as an editor sends it: a number the merchant typed wrongly stays text (an empty field null), so the
 * server's 422 names the field in one place for every rule (`numberOrText`).
 */
export type Draft<T> = T extends number
  ? number | string | null
  : T extends readonly (infer Item)[]
    ? Draft<Item>[]
    : T extends object
      ? { [K in keyof T]: Draft<T[K]> }
      : T;

/** `POST /api/customers/:customerId/adjustments`: `delta` stays text when it is not a whole number (the 422 names it). */
export type AdjustmentInput = Omit<AdjustmentBody, 'delta'> & { delta: number | string };

export type NotificationSettingsInput = NotificationSettingsBody;

export const REWARD_KINDS = ['free_shipping', 'percentage_off', 'amount_off', 'free_product'] as const;
type _RewardKinds = Assert<ListsAll<RewardKind, typeof REWARD_KINDS>>;

export const NOTIFICATION_KINDS = ['points_earned', 'reward_redeemed', 'tier_reached', 'surprise_gift', 'points_expiring'] as const;
type _NotificationKinds = Assert<ListsAll<NotificationKind, typeof NOTIFICATION_KINDS>>;

/** The mail log's outcomes, in the order the admin lists them. */
export const MAIL_OUTCOMES = ['sent', 'failed', 'skipped', 'pending'] as const;
type _MailOutcomes = Assert<ListsAll<MailOutcome, typeof MAIL_OUTCOMES>>;
