import type { MailLocale, NotificationData, NotificationKind } from './messages.js';
import { renderNotification, type RenderedMail } from './render.js';
import { UNSUBSCRIBE_PATH } from './unsubscribe.js';

const DAY_MS = 86_400_000;

/** Believable sample data per language, so the merchant sees a mail as a customer would. */
function sampleData(kind: NotificationKind, locale: MailLocale, now: Date): NotificationData {
  const de = locale === 'de';
  switch (kind) {
    case 'points_earned':
      return { kind, points: 120, balance: 860, orderName: '#1001' };
    case 'reward_redeemed':
      return { kind, rewardName: de ? '10 % Rabatt' : '10% off', code: 'LOY-7K3M-Q9XA', expiresAt: new Date(now.getTime() + 90 * DAY_MS), balance: 360 };
    case 'tier_reached':
      return { kind, tierName: 'Gold', previousTierName: de ? 'Silber' : 'Silver' };
    case 'surprise_gift':
      return { kind, giftDescription: de ? '200 Bonuspunkte' : '200 bonus points', code: null, points: 200 };
    case 'points_expiring':
      return { kind, points: 860, expiresOn: new Date(now.getTime() + 14 * DAY_MS).toISOString().slice(0, 10) };
  }
}

/**
 * A mail of `kind` as the shop's customers would get it, with sample data. The unsubscribe link is the real path
 * with a placeholder token (it shows the "not valid" page).
 */
export function previewNotification(input: {
  kind: NotificationKind;
  locale: MailLocale;
  senderName: string;
  appUrl: string;
  /** The shop's time zone. @defaultValue 'UTC' */
  timeZone?: string;
  now?: Date;
}): RenderedMail {
  return renderNotification({
    locale: input.locale,
    shopName: input.senderName,
    unsubscribeUrl: `${input.appUrl}${UNSUBSCRIBE_PATH}?token=preview`,
    data: sampleData(input.kind, input.locale, input.now ?? new Date()),
    ...(input.timeZone ? { timeZone: input.timeZone } : {}),
  });
}
