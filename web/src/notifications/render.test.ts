import { describe, expect, it } from 'vitest';
import { mailLocaleFor, type NotificationData, type NotificationKind } from './messages.js';
import { renderNotification } from './render.js';

const EXPIRES = new Date(Date.UTC(2027, 1, 21));
const SAMPLES: Record<NotificationKind, NotificationData> = {
  points_earned: { kind: 'points_earned', points: 1250, balance: 3400, orderName: '#1001' },
  reward_redeemed: { kind: 'reward_redeemed', rewardName: '10 % Rabatt', code: 'LOY-ABCD-1234', expiresAt: EXPIRES, balance: 120 },
  tier_reached: { kind: 'tier_reached', tierName: 'Gold', previousTierName: 'Silber' },
  surprise_gift: { kind: 'surprise_gift', giftDescription: 'free shipping', code: 'GIFT-1', points: null },
  points_expiring: { kind: 'points_expiring', points: 1250, expiresOn: '2027-04-30' },
};

const render = (locale: 'en' | 'de', data: NotificationData) =>
  renderNotification({ locale, shopName: 'Käse & Co <Wien>', unsubscribeUrl: 'https://app.example/unsubscribe?t=a.b', data });

describe('mailLocaleFor', () => {
  it.each([
    ['de', 'de'],
    ['de-AT', 'de'],
    ['DE-ch', 'de'],
    ['en-US', 'en'],
    ['fr', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ] as const)('%s → %s', (locale, expected) => {
    expect(mailLocaleFor(locale)).toBe(expected);
  });
});

describe('renderNotification', () => {
  it.each([
    ['UTC', 'bis zum 21. Februar 2027 um 23:30 an der Kasse'],
    ['Europe/Berlin', 'bis zum 22. Februar 2027 um 00:30 an der Kasse'],
    ['Not/AZone', 'bis zum 21. Februar 2027 um 23:30 an der Kasse'],
  ])('writes the moment a code ends in the shop\'s time zone (%s): the date alone would promise most of a day more', (timeZone, expected) => {
    const data: NotificationData = { kind: 'reward_redeemed', rewardName: '10 % Rabatt', code: 'LOY-1', expiresAt: new Date('2027-02-21T23:30:00Z'), balance: 10 };
    const mail = renderNotification({ locale: 'de', shopName: 'Käse', unsubscribeUrl: 'https://app.example/u', data, timeZone });
    expect(mail.text).toContain(expected);
  });

  it.each([
    ['en', 'You earned 1 point at Käse & Co <Wien>', '+1 point', 'Your balance is now 1 point.'],
    ['de', 'Sie haben 1 Punkt bei Käse & Co <Wien> gesammelt', '+1 Punkt', 'Ihr Punktestand: 1 Punkt.'],
  ] as const)('%s: one point is a point, not points', (locale, subject, heading, balance) => {
    const mail = render(locale, { kind: 'points_earned', points: 1, balance: 1, orderName: null });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(heading);
    expect(mail.text).toContain(balance);
  });


  it.each([
    ['en', 'points_earned', 'You earned 1,250 points at Käse & Co <Wien>', ['Your balance is now 3,400 points.', '#1001']],
    ['de', 'points_earned', 'Sie haben 1.250 Punkte bei Käse & Co <Wien> gesammelt', ['Ihr Punktestand: 3.400 Punkte.', '#1001']],
    ['en', 'reward_redeemed', 'Your reward: 10 % Rabatt', ['LOY-ABCD-1234', 'until February 21, 2027 at 12:00 AM.']],
    ['de', 'reward_redeemed', 'Ihre Prämie: 10 % Rabatt', ['LOY-ABCD-1234', 'bis zum 21. Februar 2027 um 00:00 an der Kasse']],
    ['en', 'tier_reached', 'Welcome to Gold at Käse & Co <Wien>', ['You moved up from Silber.']],
    ['de', 'tier_reached', 'Willkommen in der Stufe Gold bei Käse & Co <Wien>', ['Sie sind von Silber aufgestiegen.']],
    ['en', 'surprise_gift', 'A surprise from Käse & Co <Wien>', ['free shipping', 'GIFT-1']],
    ['de', 'surprise_gift', 'Eine Überraschung von Käse & Co <Wien>', ['Weil Sie uns treu sind: free shipping.', 'GIFT-1']],
    ['en', 'points_expiring', 'Your points at Käse & Co <Wien> expire on April 30, 2027', ['1,250 points expire on April 30, 2027', 'redeem a reward by April 30, 2027 to keep them.', 'Your balance is now 1,250 points.']],
    ['de', 'points_expiring', 'Ihre Punkte bei Käse & Co <Wien> verfallen am 30. April 2027', ['1.250 Punkte verfallen am 30. April 2027', 'bis zum 30. April 2027 ein, damit sie nicht verfallen.', 'Ihr Punktestand: 1.250 Punkte.']],
  ] as const)('%s %s', (locale, kind, subject, contains) => {
    const mail = render(locale, SAMPLES[kind]);
    expect(mail.subject).toBe(subject);
    for (const part of contains) expect(mail.text).toContain(part);
    expect(mail.text).toContain('https://app.example/unsubscribe?t=a.b');
    expect(mail.html).toContain(`lang="${locale}"`);
    expect(mail.html).toContain('href="https://app.example/unsubscribe?t=a.b"');
  });

  it.each([
    ['en', '1 point expires on April 30, 2027'],
    ['de', '1 Punkt verfällt am 30. April 2027'],
  ] as const)('%s: one point expiring expires in the singular', (locale, heading) => {
    expect(render(locale, { kind: 'points_expiring', points: 1, expiresOn: '2027-04-30' }).text.split('\n')[0]).toBe(heading);
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'])('writes the expiry day as the shop’s calendar has it, whatever the zone (%s)', (timeZone) => {
    const data: NotificationData = { kind: 'points_expiring', points: 5, expiresOn: '2027-01-01' };
    expect(renderNotification({ locale: 'en', shopName: 'Käse', unsubscribeUrl: 'https://app.example/u', data, timeZone }).subject).toBe(
      'Your points at Käse expire on January 1, 2027',
    );
  });

  it('escapes what merchants and platforms write into the HTML', () => {
    const mail = render('en', { kind: 'tier_reached', tierName: '<script>x</script>', previousTierName: null });
    expect(mail.html).not.toContain('<script>x</script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(mail.html).toContain('Käse &amp; Co &lt;Wien&gt;');
  });

  it('mentions points of a gift only when the gift has points', () => {
    expect(render('en', { kind: 'surprise_gift', giftDescription: '200 bonus points', code: null, points: 200 }).text).toContain(
      '200 points were added to your balance.',
    );
    expect(render('en', SAMPLES.surprise_gift).text).not.toContain('points were added');
  });
});
