import type { ClaimedNotification } from './outbox-repository.js';

/** Why a due mail is not sent; stored in the row's `error` (the admin's mail log words each code). */
export const SKIP_REASONS = ['shop_uninstalled', 'kind_disabled', 'unsubscribed', 'no_email', 'smtp_not_configured', 'no_longer_due'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

const ADDRESS = /^[^\s@]+@[^\s@]+$/;

/**
 * Whether a due mail goes out, checked when it is sent (not when it was queued): a kind switched off or an
 * unsubscribe stops mails already waiting. Null = send it. (`no_longer_due`: a points-expiry reminder whose day moved
 * since it was queued, decided by the sender against the customer's points.)
 */
export function skipReason(
  row: Pick<ClaimedNotification, 'shopUninstalled' | 'kindEnabled' | 'unsubscribed' | 'email'>,
  canSend: boolean,
): SkipReason | null {
  if (row.shopUninstalled) return 'shop_uninstalled';
  if (!row.kindEnabled) return 'kind_disabled';
  if (row.unsubscribed) return 'unsubscribed';
  if (!row.email || !ADDRESS.test(row.email)) return 'no_email';
  if (!canSend) return 'smtp_not_configured';
  return null;
}

/** The wait before attempt `attempts + 1`: doubling from `baseMs`, at most an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

