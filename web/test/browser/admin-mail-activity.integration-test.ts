import { describe, expect, it } from 'vitest';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { unsubscribe } from '../../src/notifications/subscriber-repository.js';
import { emulatorOf, eventually, type TestApp } from '../harness.js';
import { adminTestFile, openAdmin, SHOP, seedShop, shopIdOf } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * The Notifications page's mail activity in real Chromium: the seeded shop's mails went out through the real
 * notification job to the emulator's mail sink; one customer unsubscribed, so their next mail was skipped; one mail
 * the mail server refused for good (recorded before failures had codes: its text), one given up after the mail
 * server refused the login on every attempt (a code, worded), and older mails from before the 30 days counted (kept,
 * and listed).
 */
const OLD_MAILS = 22;

async function outboxSettled(app: TestApp, shopId: number): Promise<void> {
  await eventually(async () => {
    const [row] = await app.ctx.db.$queryRaw<{ pending: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total FROM notifications WHERE shop_id = ${shopId}`;
    return row && row.total > 0 && row.pending === 0;
  }, 30_000);
}

/** A finished row as the sender leaves it (the job never takes it): written, not sent, so the test controls it. */
async function finishedMail(
  app: TestApp,
  shopId: number,
  customerId: string,
  key: string,
  status: 'sent' | 'failed',
  error: string | null,
  createdAt: Date,
  failure: { code: string; attempts: number } | null = null,
) {
  await app.ctx.db.$executeRaw`
    INSERT INTO notifications (shop_id, member_id, kind, idempotency_key, data, status, attempts, error, error_code, sent_at, created_at, updated_at)
    SELECT ${shopId}, m.id, 'points_earned', ${key}, '{"kind": "points_earned", "points": 5, "balance": 5, "orderName": null}'::jsonb,
      ${status}::notification_status, ${failure?.attempts ?? 1}, ${error}, ${failure?.code ?? null}, CASE WHEN ${status} = 'sent' THEN ${createdAt.toISOString()}::timestamp END,
      ${createdAt.toISOString()}::timestamp, ${createdAt.toISOString()}::timestamp
    FROM members m WHERE m.shop_id = ${shopId} AND m.customer_id = ${customerId}`;
}

async function seed(app: TestApp): Promise<void> {
  await seedShop(app);
  const shopId = await shopIdOf(app);
  await outboxSettled(app, shopId);
  // Lena unsubscribes; her next order's mail is skipped.
  await unsubscribe(app.ctx.db, { shopDomain: SHOP, customerId: '7004' }, new Date());
  const order = orderPayload({ id: 919_001, customerId: 7004, subtotal: '30.00', processedAt: new Date(), email: 'lena@example.net', firstName: 'Lena', lastName: 'Schmidt' });
  expect((await emulatorOf(app).sendWebhook(SHOP, 'orders/paid', order)).status).toBe(200);
  await eventually(async () => {
    const rows = await app.ctx.db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM notifications WHERE shop_id = ${shopId} AND status = 'skipped' AND error = 'unsubscribed'`;
    return rows[0]?.n === 1;
  }, 30_000);
  for (let i = 0; i < OLD_MAILS; i += 1) {
    await finishedMail(app, shopId, '7001', `old:${i}`, 'sent', null, new Date(Date.now() - (40 + i) * 86_400_000));
  }
  await finishedMail(app, shopId, '7003', 'login', 'failed', '535 5.7.8 Authentication credentials invalid', new Date(Date.now() - 3_600_000), {
    code: 'auth_failed',
    attempts: 20,
  });
  await finishedMail(app, shopId, '7002', 'refused', 'failed', 'Message failed: 550 5.1.1 <max.beispiel@example.com>: Mailbox unavailable', new Date());
}

const env = adminTestFile(seed);

async function recentSent(): Promise<number> {
  const [row] = await env.app.ctx.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM notifications WHERE shop_id = ${env.shopId} AND status = 'sent' AND created_at > now() - interval '30 days'`;
  return row?.n ?? 0;
}

async function allMails(): Promise<number> {
  return env.app.ctx.db.notification.count({ where: { shopId: env.shopId } });
}

describe('the mail activity in Chromium', () => {
  it('in English: counts, why mails were skipped, who unsubscribed; the log pages, filters and leads to the customer', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/notifications', 'en');
    const card = page.locator('#mail-activity');
    await card.getByRole('heading', { name: 'Mail activity' }).waitFor();
    await expect.poll(() => page.locator('#mail-count-sent').textContent()).toBe(String(await recentSent()));
    expect(await page.locator('#mail-count-failed').textContent()).toBe('2');
    expect(await page.locator('#mail-count-skipped').textContent()).toBe('1');
    expect(await page.locator('#mail-count-pending').textContent()).toBe('0');
    expect(await page.locator('#mail-skip-reasons').textContent()).toBe('Customer unsubscribed: 1');
    expect(await page.locator('#mail-unsubscribed').textContent()).toBe('1 customer has unsubscribed from these emails.');

    // Newest first: the refused mail, worded, with the mail server's answer.
    const rows = card.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(20);
    const refused = rows.first();
    expect(await refused.textContent()).toContain('Max Beispiel');
    expect(await refused.textContent()).toContain('Failed');
    expect(await refused.textContent()).toContain('Could not be sent (mail server: Message failed: 550 5.1.1 <max.beispiel@example.com>: Mailbox unavailable).');

    // Every mail the outbox holds, a page at a time, and back.
    const next = card.getByRole('button', { name: 'Next' });
    const previous = card.getByRole('button', { name: 'Previous' });
    await next.click();
    await expect.poll(() => rows.count()).toBe((await allMails()) - 20);
    await expect.poll(() => next.isDisabled()).toBe(true);
    await previous.click();
    await expect.poll(() => rows.first().textContent()).toContain('Max Beispiel');
    await next.click();
    await expect.poll(() => previous.isEnabled()).toBe(true);

    // Filtered (from the second page): the first page of that outcome.
    await page.locator('#mail-activity-outcome').selectOption('skipped');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Lena Schmidt');
    expect(await rows.first().textContent()).toContain('Customer unsubscribed');
    expect(await previous.isDisabled()).toBe(true);
    await screenshot(page, 'admin-mail-activity-en');
    await expect.poll(() => next.isDisabled()).toBe(true);
    await page.locator('#mail-activity-outcome').selectOption('pending');
    await card.getByText('No emails with this outcome').waitFor();
    // The login the mail server refused on every attempt: its code worded, the answer quoted.
    await page.locator('#mail-activity-outcome').selectOption('failed');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain('Jürgen Groß');
    expect(await rows.nth(1).textContent()).toContain(
      'Could not be sent: the login at the mail server failed (user name or password of SMTP_URL). Details: “535 5.7.8 Authentication credentials invalid”. Gave up after 20 attempts.',
    );

    // The customer's page says they unsubscribed.
    await page.locator('#mail-activity-outcome').selectOption('skipped');
    await rows.first().getByRole('link', { name: 'Lena Schmidt' }).click();
    await page.locator('#customer-emails').waitFor();
    expect(await page.locator('#customer-emails').textContent()).toMatch(/^Unsubscribed from loyalty emails on \w+ \d+, \d{4}$/);
    expect(errors).toEqual([]);
    await close();
  });

  it('in German: the counts, reasons and failures speak German; a customer who gets the mails says so', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/notifications', 'de');
    const card = page.locator('#mail-activity');
    await card.getByRole('heading', { name: 'E-Mail-Aktivität' }).waitFor();
    await expect.poll(() => page.locator('#mail-unsubscribed').textContent()).toBe('1 Kunde hat diese E-Mails abbestellt.');
    expect(await page.locator('#mail-skip-reasons').textContent()).toBe('Kunde hat abbestellt: 1');
    await page.getByLabel('Ergebnis').selectOption('failed');
    const rows = card.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('Fehlgeschlagen');
    expect(await rows.first().textContent()).toContain('Konnte nicht gesendet werden (Mailserver: Message failed: 550 5.1.1 <max.beispiel@example.com>: Mailbox unavailable).');
    expect(await rows.nth(1).textContent()).toContain(
      'Konnte nicht gesendet werden: Die Anmeldung am Mailserver ist fehlgeschlagen (Benutzername oder Passwort in SMTP_URL). ' +
        'Details: „535 5.7.8 Authentication credentials invalid“. Nach 20 Versuchen aufgegeben.',
    );
    await screenshot(page, 'admin-mail-activity-de');

    await rows.first().getByRole('link', { name: 'Max Beispiel' }).click();
    await expect.poll(() => page.locator('#customer-emails').textContent()).toBe('Erhält die E-Mails des Treueprogramms');
    expect(errors).toEqual([]);
    await close();
  });
});
