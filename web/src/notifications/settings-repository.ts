import type { Db } from '../db/client.js';
import { DEFAULT_SETTINGS, type NotificationSettings } from './settings.js';

type SettingsRow = {
  senderName: string | null;
  replyTo: string | null;
  pointsEarned: boolean;
  rewardRedeemed: boolean;
  tierReached: boolean;
  surpriseGift: boolean;
  pointsExpiring: boolean;
};

function toSettings(row: SettingsRow): NotificationSettings {
  return {
    senderName: row.senderName,
    replyTo: row.replyTo,
    kinds: {
      points_earned: row.pointsEarned,
      reward_redeemed: row.rewardRedeemed,
      tier_reached: row.tierReached,
      surprise_gift: row.surpriseGift,
      points_expiring: row.pointsExpiring,
    },
  };
}

function toRow(settings: NotificationSettings): SettingsRow {
  return {
    senderName: settings.senderName,
    replyTo: settings.replyTo,
    pointsEarned: settings.kinds.points_earned,
    rewardRedeemed: settings.kinds.reward_redeemed,
    tierReached: settings.kinds.tier_reached,
    surpriseGift: settings.kinds.surprise_gift,
    pointsExpiring: settings.kinds.points_expiring,
  };
}

export async function findNotificationSettings(db: Db, shopId: number): Promise<NotificationSettings> {
  const row = await db.notificationSettings.findUnique({ where: { shopId } });
  return row ? toSettings(row) : DEFAULT_SETTINGS;
}

/** Replaces the shop's settings (every field is given); `notify_since` of an existing row stays. */
export async function saveNotificationSettings(db: Db, shopId: number, settings: NotificationSettings): Promise<NotificationSettings> {
  const data = toRow(settings);
  const row = await db.notificationSettings.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
  return toSettings(row);
}
