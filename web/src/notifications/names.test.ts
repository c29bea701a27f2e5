import { describe, expect, it } from 'vitest';
import { parseNotificationData } from './data.js';
import type { MailLocale, NotificationData } from './messages.js';
import { withNamesIn } from './names.js';
import { renderNotification } from './render.js';

const EXPIRES = new Date(Date.UTC(2027, 1, 21));
const redeemed = (extra: Partial<Extract<NotificationData, { kind: 'reward_redeemed' }>>): NotificationData => ({
  kind: 'reward_redeemed', rewardName: 'Kostenloser Versand', code: 'LOY-1', expiresAt: EXPIRES, balance: 10, ...extra,
});
const reached = (extra: Partial<Extract<NotificationData, { kind: 'tier_reached' }>>): NotificationData => ({
  kind: 'tier_reached', tierName: 'Silber', previousTierName: 'Bronze', ...extra,
});

describe('withNamesIn: a mail’s names in its language', () => {
  // [case, data, the mail's language, [names it reads]]
  it.each<[string, NotificationData, MailLocale, (string | null)[]]>([
    ['a German program’s reward in an English mail', redeemed({ rewardNameTranslation: 'Free shipping', namesLocale: 'de' }), 'en', ['Free shipping']],
    ['the same in a German mail', redeemed({ rewardNameTranslation: 'Free shipping', namesLocale: 'de' }), 'de', ['Kostenloser Versand']],
    ['a reward without a translation in an English mail', redeemed({ rewardNameTranslation: null, namesLocale: 'de' }), 'en', ['Kostenloser Versand']],
    ['an English program’s reward in a German mail', redeemed({ rewardName: 'Free shipping', rewardNameTranslation: 'Kostenloser Versand', namesLocale: 'en' }), 'de', ['Kostenloser Versand']],
    ['a row stored before translations', redeemed({}), 'en', ['Kostenloser Versand']],
    ['a tier and the one before in English', reached({ tierNameTranslation: 'Silver', previousTierNameTranslation: 'Bronze', namesLocale: 'de' }), 'en', ['Silver', 'Bronze']],
    ['a tier whose former one has no translation', reached({ tierName: 'Platin', tierNameTranslation: 'Platinum', previousTierName: 'Goldstufe', previousTierNameTranslation: null, namesLocale: 'de' }), 'en', ['Platinum', 'Goldstufe']],
    ['a first tier (none before)', reached({ tierNameTranslation: 'Silver', previousTierName: null, namesLocale: 'de' }), 'en', ['Silver', null]],
    ['a tier in the program’s own language', reached({ tierNameTranslation: 'Silver', namesLocale: 'de' }), 'de', ['Silber', 'Bronze']],
  ])('%s', (_case, data, locale, names) => {
    const result = withNamesIn(data, locale);
    expect(result.kind === 'reward_redeemed' ? [result.rewardName] : result.kind === 'tier_reached' ? [result.tierName, result.previousTierName] : []).toEqual(names);
  });

  it('leaves mails without tier or reward names alone', () => {
    const earned: NotificationData = { kind: 'points_earned', points: 5, balance: 5, orderName: '#1' };
    expect(withNamesIn(earned, 'en')).toBe(earned);
  });

  it('the rendered mail names them in its language', () => {
    const render = (locale: MailLocale, data: NotificationData) => renderNotification({ locale, shopName: 'Käse', unsubscribeUrl: 'https://app.example/u', data });
    expect(render('en', redeemed({ rewardNameTranslation: 'Free shipping', namesLocale: 'de' })).subject).toBe('Your reward: Free shipping');
    expect(render('de', redeemed({ rewardNameTranslation: 'Free shipping', namesLocale: 'de' })).subject).toBe('Ihre Prämie: Kostenloser Versand');
    const tier = render('en', reached({ tierNameTranslation: 'Silver', previousTierNameTranslation: 'Bronze', namesLocale: 'de' }));
    expect(tier.subject).toBe('Welcome to Silver at Käse');
    expect(tier.text).toContain('You moved up from Bronze.');
    expect(tier.html).toContain('You reached Silver');
  });
});

describe('parseNotificationData: the names of a stored row', () => {
  const row = { kind: 'tier_reached', tierName: 'Silber', previousTierName: 'Bronze' };
  it.each<[string, object, object]>([
    ['with translations and the program’s language', { ...row, tierNameTranslation: 'Silver', previousTierNameTranslation: null, namesLocale: 'de' }, { tierNameTranslation: 'Silver', previousTierNameTranslation: null, namesLocale: 'de' }],
    ['stored before translations', row, { namesLocale: undefined }],
    // A program without a row (the scanner's LEFT JOIN) gives null.
    ['without a program', { ...row, tierNameTranslation: null, namesLocale: null }, { namesLocale: undefined }],
  ])('%s', (_case, stored, expected) => {
    const parsed = parseNotificationData(stored) as Record<string, unknown>;
    expect(parsed).toMatchObject(row);
    for (const [field, value] of Object.entries(expected)) expect(parsed[field]).toEqual(value);
  });

  it('refuses a translation that is not text', () => {
    expect(() => parseNotificationData({ ...row, tierNameTranslation: 7, namesLocale: 'de' })).toThrow();
  });
});
