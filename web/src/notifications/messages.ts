/** The kinds of mail Loyale sends a customer; merchants switch each on or off. */
export const NOTIFICATION_KINDS = ['points_earned', 'reward_redeemed', 'tier_reached', 'surprise_gift', 'points_expiring'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type MailLocale = 'en' | 'de';

/** A customer's locale (`de`, `de-AT`, `en-US`, null) → the language of their mails; German or else English. */
export function mailLocaleFor(locale: string | null | undefined): MailLocale {
  return locale?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/**
 * What a mail says, filled in by the sender; every number is formatted by the template for the mail's locale. Tier
 * and reward names come as stored (in the program's language, `namesLocale`) with their translation into the other of
 * German and English (null: none); by the time a template reads a name it is the one in the mail's language
 * (names.ts). Rows stored before names had translations lack both: their names go as they are.
 */
export type NotificationData =
  | { kind: 'points_earned'; points: number; balance: number; orderName: string | null }
  | {
      kind: 'reward_redeemed';
      rewardName: string;
      rewardNameTranslation?: string | null | undefined;
      namesLocale?: MailLocale | undefined;
      code: string;
      expiresAt: Date;
      balance: number;
    }
  | {
      kind: 'tier_reached';
      tierName: string;
      tierNameTranslation?: string | null | undefined;
      previousTierName: string | null;
      previousTierNameTranslation?: string | null | undefined;
      namesLocale?: MailLocale | undefined;
    }
  | { kind: 'surprise_gift'; giftDescription: string; code: string | null; points: number | null }
  /** `expiresOn`: the last day the points are held, `YYYY-MM-DD` of the shop's calendar (points-expiry/rules). */
  | { kind: 'points_expiring'; points: number; expiresOn: string };

interface Copy {
  subject: string;
  heading: string;
  lines: string[];
  code?: string;
}

/**
 * `points`: a number of points with its noun in the right plural form ("1 point", "2 points", "1 Punkt"); `day`: a
 * calendar date (`YYYY-MM-DD`) written out ("30 April 2027").
 */
type Format = { number: (n: number) => string; dateTime: (d: Date) => string; points: (n: number) => string; day: (date: string) => string };

/** The noun of `points` by plural category (Intl.PluralRules: German and English know `one` and `other`). */
export const POINT_WORDS: Record<MailLocale, { one: string; other: string }> = {
  en: { one: 'point', other: 'points' },
  de: { one: 'Punkt', other: 'Punkte' },
};

/** The words of each mail, per language. Plain functions of the data: table-tested in messages.test.ts. */
export const MESSAGES: Record<MailLocale, { [K in NotificationKind]: (data: Extract<NotificationData, { kind: K }>, shopName: string, f: Format) => Copy }> = {
  en: {
    points_earned: (d, shop, f) => ({
      subject: `You earned ${f.points(d.points)} at ${shop}`,
      heading: `+${f.points(d.points)}`,
      lines: [
        d.orderName ? `Thank you for your order ${d.orderName}.` : 'Thank you for your order.',
        `Your balance is now ${f.points(d.balance)}.`,
      ],
    }),
    reward_redeemed: (d, _shop, f) => ({
      subject: `Your reward: ${d.rewardName}`,
      heading: d.rewardName,
      lines: [`Use this code at checkout until ${f.dateTime(d.expiresAt)}.`, `Your balance is now ${f.points(d.balance)}.`],
      code: d.code,
    }),
    tier_reached: (d, shop) => ({
      subject: `Welcome to ${d.tierName} at ${shop}`,
      heading: `You reached ${d.tierName}`,
      lines: [d.previousTierName ? `You moved up from ${d.previousTierName}.` : 'Your new tier is active now.', 'Enjoy your new perks.'],
    }),
    surprise_gift: (d, shop, f) => ({
      subject: `A surprise from ${shop}`,
      heading: 'A little thank-you',
      lines: [`Because you are a loyal customer: ${d.giftDescription}.`, ...(d.points ? [`${f.points(d.points)} ${d.points === 1 ? 'was' : 'were'} added to your balance.`] : [])],
      ...(d.code ? { code: d.code } : {}),
    }),
    points_expiring: (d, shop, f) => ({
      subject: `Your points at ${shop} expire on ${f.day(d.expiresOn)}`,
      heading: `${f.points(d.points)} ${d.points === 1 ? 'expires' : 'expire'} on ${f.day(d.expiresOn)}`,
      lines: [
        `Place an order or redeem a reward by ${f.day(d.expiresOn)} to keep them.`,
        `Your balance is now ${f.points(d.points)}.`,
      ],
    }),
  },
  de: {
    points_earned: (d, shop, f) => ({
      subject: `Sie haben ${f.points(d.points)} bei ${shop} gesammelt`,
      heading: `+${f.points(d.points)}`,
      lines: [
        d.orderName ? `Danke für Ihre Bestellung ${d.orderName}.` : 'Danke für Ihre Bestellung.',
        `Ihr Punktestand: ${f.points(d.balance)}.`,
      ],
    }),
    reward_redeemed: (d, _shop, f) => ({
      subject: `Ihre Prämie: ${d.rewardName}`,
      heading: d.rewardName,
      lines: [`Lösen Sie diesen Code bis zum ${f.dateTime(d.expiresAt)} an der Kasse ein.`, `Ihr Punktestand: ${f.points(d.balance)}.`],
      code: d.code,
    }),
    tier_reached: (d, shop) => ({
      subject: `Willkommen in der Stufe ${d.tierName} bei ${shop}`,
      heading: `Sie haben ${d.tierName} erreicht`,
      lines: [d.previousTierName ? `Sie sind von ${d.previousTierName} aufgestiegen.` : 'Ihre neue Stufe gilt ab sofort.', 'Viel Freude mit Ihren neuen Vorteilen.'],
    }),
    surprise_gift: (d, shop, f) => ({
      subject: `Eine Überraschung von ${shop}`,
      heading: 'Ein kleines Dankeschön',
      lines: [`Weil Sie uns treu sind: ${d.giftDescription}.`, ...(d.points ? [`Wir haben Ihnen ${f.points(d.points)} gutgeschrieben.`] : [])],
      ...(d.code ? { code: d.code } : {}),
    }),
    points_expiring: (d, shop, f) => ({
      subject: `Ihre Punkte bei ${shop} verfallen am ${f.day(d.expiresOn)}`,
      heading: `${f.points(d.points)} ${d.points === 1 ? 'verfällt' : 'verfallen'} am ${f.day(d.expiresOn)}`,
      lines: [
        `Bestellen Sie oder lösen Sie eine Prämie bis zum ${f.day(d.expiresOn)} ein, damit sie nicht verfallen.`,
        `Ihr Punktestand: ${f.points(d.points)}.`,
      ],
    }),
  },
};

/** The footer words of every mail. */
export const FOOTER: Record<MailLocale, { unsubscribe: string; why: (shop: string) => string }> = {
  en: { unsubscribe: 'Unsubscribe from these emails', why: (shop) => `You receive this email as a member of the ${shop} loyalty program.` },
  de: { unsubscribe: 'Diese E-Mails abbestellen', why: (shop) => `Sie erhalten diese E-Mail als Mitglied des Treueprogramms von ${shop}.` },
};
