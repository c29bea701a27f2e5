import { nameIn } from '../program/names.js';
import type { MailLocale, NotificationData } from './messages.js';

/** A name with its translation, in a program whose names are in `namesLocale` (undefined: unknown), read in `locale`. */
function named(name: string, translation: string | null | undefined, namesLocale: MailLocale | undefined, locale: MailLocale): string {
  return namesLocale === undefined ? name : nameIn({ name, nameTranslation: translation ?? null }, namesLocale, locale);
}

/**
 * A mail's data with its tier and reward names in the mail's language: the merchant's translation where the mail is
 * in the program's other language and there is one, else the name as stored (program/names.ts). Pure.
 */
export function withNamesIn(data: NotificationData, locale: MailLocale): NotificationData {
  switch (data.kind) {
    case 'reward_redeemed':
      return { ...data, rewardName: named(data.rewardName, data.rewardNameTranslation, data.namesLocale, locale) };
    case 'tier_reached':
      return {
        ...data,
        tierName: named(data.tierName, data.tierNameTranslation, data.namesLocale, locale),
        previousTierName: data.previousTierName === null ? null : named(data.previousTierName, data.previousTierNameTranslation, data.namesLocale, locale),
      };
    default:
      return data;
  }
}
