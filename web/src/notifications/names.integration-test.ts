import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationFixture, type NotificationFixture } from './test-fixture.js';

/**
 * Tier and reward names in the mail's language, end to end: a German shop (its names German, with the English ones
 * of the default program) sends its English-speaking customers the English names, its German ones the German names,
 * and a name without an English one as it is.
 */
let fx: NotificationFixture;
const EMMA = 6101; // shops in English
const ANNA = 6102; // shops in German

beforeAll(async () => {
  fx = await startNotificationFixture({ shop: 'notification-names.myshopify.com' });
});
afterAll(async () => {
  await fx?.stop();
});

const subjects = async (customerId: number, count: number) => (await fx.mails(customerId, count)).map((m) => m.subject).sort();

describe('names in the mail’s language', () => {
  it('reaching Silber: “Silver” for an English customer, “Silber” for a German one', async () => {
    await fx.order(8001, EMMA, '600.00', 'en-GB');
    await fx.order(8002, ANNA, '600.00', 'de-DE');
    expect(await subjects(EMMA, 2)).toEqual(['Welcome to Silver at Kaffeerösterei Müller', 'You earned 600 points at Kaffeerösterei Müller']);
    const emmaTier = (await fx.mails(EMMA, 2)).find((m) => m.subject.startsWith('Welcome'))!;
    expect(emmaTier.text).toContain('You reached Silver');
    expect(emmaTier.text).toContain('You moved up from Bronze.');
    expect(await subjects(ANNA, 2)).toEqual(['Sie haben 600 Punkte bei Kaffeerösterei Müller gesammelt', 'Willkommen in der Stufe Silber bei Kaffeerösterei Müller']);
  });

  it('a redeemed reward: “Free shipping” in English, “Kostenloser Versand” in German; the outbox keeps both names', async () => {
    const program = await fx.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program');
    const freeShipping = program.body.rewards.find((r) => r.kind === 'free_shipping')!;
    for (const customerId of [EMMA, ANNA]) {
      const query = fx.emulator.signProxyQuery(fx.shop, String(customerId));
      const res = await fetch(`${fx.app.url}/proxy/rewards/${freeShipping.id}/redeem?${query}`, { method: 'POST' });
      expect(res.status).toBe(200);
    }
    expect((await fx.mails(EMMA, 3)).map((m) => m.subject)).toContain('Your reward: Free shipping');
    expect((await fx.mails(ANNA, 3)).map((m) => m.subject)).toContain('Ihre Prämie: Kostenloser Versand');
    const rows = await fx.app.ctx.db.notification.findMany({ where: { shopId: fx.shopId, kind: 'reward_redeemed' }, select: { data: true } });
    expect(rows.map((r) => r.data)).toEqual([
      expect.objectContaining({ rewardName: 'Kostenloser Versand', rewardNameTranslation: 'Free shipping', namesLocale: 'de' }),
      expect.objectContaining({ rewardName: 'Kostenloser Versand', rewardNameTranslation: 'Free shipping', namesLocale: 'de' }),
    ]);
  });

  it('a tier renamed without an English name is named as it is; the one left by its English name', async () => {
    await fx.app.ctx.db.tier.updateMany({ where: { shopId: fx.shopId, key: 'gold' }, data: { name: 'Goldstufe', nameTranslation: null } });
    await fx.order(8003, EMMA, '1500.00', 'en-GB');
    const mails = await fx.mails(EMMA, 5);
    const tier = mails.find((m) => m.subject.startsWith('Welcome to Goldstufe'));
    expect(tier?.subject).toBe('Welcome to Goldstufe at Kaffeerösterei Müller');
    expect(tier?.text).toContain('You moved up from Silver.');
  });
});
