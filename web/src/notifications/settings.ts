import { NOTIFICATION_KINDS, type NotificationKind } from './messages.js';

/** A shop's notification settings as stored; a shop that never saved any has DEFAULT_SETTINGS. */
export interface NotificationSettings {
  /** The From name; null = the shop's name. */
  senderName: string | null;
  replyTo: string | null;
  kinds: Record<NotificationKind, boolean>;
}

export const DEFAULT_SETTINGS: NotificationSettings = {
  senderName: null,
  replyTo: null,
  kinds: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, true])) as Record<NotificationKind, boolean>,
};

/** The name customers see as the sender and in the mails: the configured one, else the shop's name, else its domain. */
export function senderNameOf(settings: Pick<NotificationSettings, 'senderName'>, shop: { name: string | null; domain: string }): string {
  return settings.senderName ?? shop.name ?? shop.domain;
}
