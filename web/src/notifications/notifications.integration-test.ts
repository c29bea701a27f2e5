import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/harness.js';
import { emailOf, startNotificationFixture, type NotificationFixture } from './test-fixture.js';

/**
 * Customer notifications end to end: real `orders/paid` webhooks and app-proxy redemptions through the whole app,
 * the notification job on its BullMQ schedule, mails over SMTP into the emulator's sink, the unsubscribe link.
 */
let fx: NotificationFixture;
const ANNA = 5001; // shops in German
const BOB = 5002; // shops in English

beforeAll(async () => {
  fx = await startNotificationFixture();
});
afterAll(async () => {
  await fx?.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firstUnsubscribeLink = async (customerId: number) => {
  const mails = await fx.mails(customerId, 1);
  const header = mails.at(-1)!.headers['list-unsubscribe']!;
  return /^<(.+)>$/.exec(header)![1]!;
};

describe('notifications end to end', () => {
  it('an order earns one mail, in German for a German customer and in English for an English one', async () => {
    const annaOrder = 7001;
    await fx.order(annaOrder, ANNA, '400.00', 'de-DE');
    await fx.order(7002, BOB, '80.00', 'en');

    const [anna] = await fx.mails(ANNA, 1);
    const [bob] = await fx.mails(BOB, 1);
    expect(anna).toMatchObject({
      subject: 'Sie haben 400 Punkte bei Kaffeerösterei Müller gesammelt',
      from: `loyalty@${fx.shop}`,
      fromName: 'Kaffeerösterei Müller',
      to: [emailOf(ANNA)],
      text: expect.stringContaining('Danke für Ihre Bestellung #7001.'),
      html: expect.stringContaining('lang="de"'),
    });
    expect(anna!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(anna!.headers['list-unsubscribe']).toMatch(new RegExp(`^<${fx.app.url}/notifications/unsubscribe\\?token=`));
    expect(bob).toMatchObject({ subject: 'You earned 80 points at Kaffeerösterei Müller', text: expect.stringContaining('Your balance is now 80 points.') });

    // More runs of the job, and the same webhook delivered again: still one mail each.
    const events = fx.emulator.webhooks(fx.shop).filter((w) => w.topic === 'orders/paid');
    await fx.emulator.redeliverWebhook(events[0]!.eventId);
    await pause(1_000);
    expect(fx.emulator.mailSink.mails(emailOf(ANNA))).toHaveLength(1);
    expect(fx.emulator.mailSink.mails(emailOf(BOB))).toHaveLength(1);
    expect(await fx.outbox()).toEqual([
      { customerId: String(ANNA), kind: 'points_earned', status: 'sent', error: null, attempts: 1 },
      { customerId: String(BOB), kind: 'points_earned', status: 'sent', error: null, attempts: 1 },
    ]);
  });

  it('a reward redeemed through the app proxy sends its code', async () => {
    const program = await fx.api<{ rewards: { id: string; kind: string }[] }>('GET', '/program');
    const freeShipping = program.body.rewards.find((r) => r.kind === 'free_shipping')!;
    const query = fx.emulator.signProxyQuery(fx.shop, String(ANNA));
    const res = await fetch(`${fx.app.url}/proxy/rewards/${freeShipping.id}/redeem?${query}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string; points: number };

    const [latest] = await fx.mails(ANNA, 2);
    expect(latest).toMatchObject({ subject: 'Ihre Prämie: Kostenloser Versand', text: expect.stringContaining(code) });
    expect(latest!.text).toContain('Ihr Punktestand: 100 Punkte.');
    expect(latest!.html).toContain(code);
  });

  it('reaching a higher tier sends a tier mail besides the points mail', async () => {
    await fx.order(7003, ANNA, '150.00', 'de-DE'); // 550 qualifying points: Silber
    const mails = await fx.mails(ANNA, 4);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'Ihre Prämie: Kostenloser Versand',
      'Sie haben 150 Punkte bei Kaffeerösterei Müller gesammelt',
      'Sie haben 400 Punkte bei Kaffeerösterei Müller gesammelt',
      'Willkommen in der Stufe Silber bei Kaffeerösterei Müller',
    ]);
    expect(mails.find((m) => m.subject.startsWith('Willkommen'))!.text).toContain('Sie sind von Bronze aufgestiegen.');
  });

  it('a kind the merchant switched off sends nothing; the row says why', async () => {
    const kinds = { points_earned: false, reward_redeemed: true, tier_reached: true, surprise_gift: true, points_expiring: true };
    expect((await fx.api('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds })).status).toBe(200);
    await fx.order(7004, BOB, '20.00', 'en');
    await eventually(async () => (await fx.outbox(BOB)).length === 2);
    await eventually(async () => (await fx.outbox(BOB))[1]!.status === 'skipped');
    expect((await fx.outbox(BOB))[1]).toMatchObject({ kind: 'points_earned', status: 'skipped', error: 'kind_disabled' });
    expect(fx.emulator.mailSink.mails(emailOf(BOB))).toHaveLength(1);
    await fx.api('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: { ...kinds, points_earned: true } });
  });

  it('the unsubscribe link of a mail: a confirmation page, then one click; later mails are skipped', async () => {
    const link = await firstUnsubscribeLink(ANNA);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('lang="de"');
    expect(html).toContain('E-Mails des Treueprogramms abbestellen');
    expect(html).toContain('<form method="post"');
    // Showing the page changes nothing (link scanners open links).
    expect((await fx.app.ctx.db.member.findFirstOrThrow({ where: { customerId: String(ANNA) } })).unsubscribedAt).toBeNull();

    // What a mail client's one-click unsubscribe sends (RFC 8058).
    const posted = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('Sie haben sich abgemeldet');
    expect((await fx.app.ctx.db.member.findFirstOrThrow({ where: { customerId: String(ANNA) } })).unsubscribedAt).toBeInstanceOf(Date);
    expect(await (await fetch(link)).text()).toContain('Sie haben sich abgemeldet');

    const before = fx.emulator.mailSink.mails(emailOf(ANNA)).length;
    await fx.order(7005, ANNA, '30.00', 'de-DE');
    await eventually(async () => (await fx.outbox(ANNA)).some((row) => row.status === 'skipped'));
    expect((await fx.outbox(ANNA)).filter((row) => row.status === 'skipped')).toEqual([
      { customerId: String(ANNA), kind: 'points_earned', status: 'skipped', error: 'unsubscribed', attempts: 1 },
    ]);
    expect(fx.emulator.mailSink.mails(emailOf(ANNA))).toHaveLength(before);
    // Bob still gets his.
    await fx.order(7006, BOB, '10.00', 'en');
    await fx.mails(BOB, 2);
  });

  it('a forged or damaged link gets a 400 page and unsubscribes nobody', async () => {
    const link = new URL(await firstUnsubscribeLink(BOB));
    const token = link.searchParams.get('token')!;
    for (const bad of [`${token.slice(0, -3)}abc`, 'nonsense', '']) {
      link.searchParams.set('token', bad);
      const res = await fetch(link, { method: 'POST' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link is not valid');
    }
    const german = await fetch(link, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(german.status).toBe(400);
    expect(await german.text()).toContain('Dieser Link ist ungültig');
    expect((await fx.app.ctx.db.member.findFirstOrThrow({ where: { customerId: String(BOB) } })).unsubscribedAt).toBeNull();
  });

  it('a shop named with quotation marks and angle brackets sends as itself: one From address, the name as its display name', async () => {
    const shopRow = await fx.app.ctx.db.shop.findUniqueOrThrow({ where: { id: fx.shopId }, select: { name: true } });
    await fx.api('PUT', '/notifications/settings', { senderName: null, replyTo: null, kinds: { points_earned: true, reward_redeemed: true, tier_reached: true, surprise_gift: true, points_expiring: true } });
    const cases = [
      // Not ASCII: an encoded word.
      { customerId: 5003, orderId: 7101, locale: 'de-DE', name: 'Müller "Bio" <Laden>', subject: 'Sie haben 20 Punkte bei Müller "Bio" <Laden> gesammelt' },
      // ASCII: a quoted string, and what looks like an address inside it stays part of the name.
      { customerId: 5004, orderId: 7102, locale: 'en', name: 'Bio "Laden" <owner@evil.example>, x', subject: 'You earned 20 points at Bio "Laden" <owner@evil.example>, x' },
    ];
    try {
      for (const c of cases) {
        await fx.app.ctx.db.shop.update({ where: { id: fx.shopId }, data: { name: c.name } });
        await fx.order(c.orderId, c.customerId, '20.00', c.locale);
        const [mail] = await fx.mails(c.customerId, 1);
        expect(mail).toMatchObject({ from: `loyalty@${fx.shop}`, fromName: c.name, to: [emailOf(c.customerId)], subject: c.subject });
        // The header itself: the display name quoted or encoded (RFC 5322 / 2047), then the one address (the line may fold).
        expect(mail!.headers['from']).toMatch(new RegExp(`^(=\\?UTF-8\\?Q\\?[^\\s?]+\\?=|"(?:[^"\\\\]|\\\\.)*")\\s+<loyalty@${fx.shop.replace(/\./g, '\\.')}>$`));
        expect(mail!.text).toContain(c.name);
      }
    } finally {
      await fx.app.ctx.db.shop.update({ where: { id: fx.shopId }, data: { name: shopRow.name } });
    }
  });

  it('the emulator’s mail sink pages list and show the mails', async () => {
    const index = await (await fetch(fx.emulator.url)).text();
    expect(index).toContain('href="/mail"');
    const list = await (await fetch(`${fx.emulator.url}/mail?to=${encodeURIComponent(emailOf(BOB))}`)).text();
    expect(list).toContain('You earned 80 points at Kaffeerösterei Müller');
    expect(list).not.toContain('Punkte');
    const [mail] = fx.emulator.mailSink.mails(emailOf(BOB));
    const detail = await fetch(`${fx.emulator.url}/mail/${mail!.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('<iframe sandbox=');
  });
});
