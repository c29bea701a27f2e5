import { describe, expect, it } from 'vitest';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { expireInactivePoints } from '../../src/points-expiry/expire.js';
import { bookAt, memberSince } from '../../src/points-expiry/test-support.js';
import { emulatorOf, eventually, type TestApp } from '../harness.js';
import { adminApi, adminTestFile, openAdmin, shopIdOf, SHOP } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * Points expiry in the admin, in real Chromium: the program page sets it (German and English), the customer's ledger
 * names an expiry, the dashboard counts expired points on their own, and the notifications page switches the reminder.
 */

/** A member with points from an order, last active long ago: expired by the job before the pages open. */
const IDA = 7401;
const DAY = 86_400_000;

async function seed(app: TestApp): Promise<void> {
  const emulator = emulatorOf(app);
  emulator.upsertCustomer(SHOP, { id: IDA, firstName: 'Ida', lastName: 'Brandt', email: 'ida@example.com' });
  const order = orderPayload({ id: 940_001, customerId: IDA, subtotal: '10.00', processedAt: new Date(), firstName: 'Ida', lastName: 'Brandt' });
  expect((await emulator.sendWebhook(SHOP, 'orders/paid', order)).status).toBe(200);
  const shopId = await shopIdOf(app);
  await eventually(async () => (await app.ctx.db.member.findFirst({ where: { shopId, customerId: String(IDA) } }))?.points === 10, 20_000);
  // Another member, long inactive, whose 240 points expire once the merchant switches expiry on.
  const old = await memberSince(app.ctx.db, shopId, '7402', new Date(Date.now() - 400 * DAY));
  await bookAt(app.ctx.db, shopId, old, 240, 'order_earned', new Date(Date.now() - 380 * DAY));
}

const env = adminTestFile(seed);

const expiryMonths = async () =>
  (await env.app.ctx.db.program.findUniqueOrThrow({ where: { shopId: env.shopId }, select: { pointsExpireAfterMonths: true } })).pointsExpireAfterMonths;

describe('points expiry in the admin', () => {
  it('the program page sets 12 months; a reload shows what is saved', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program');
    const select = page.locator('#points-expire-after-months');
    await select.waitFor();
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option:checked').textContent()).toBe('Never');
    await page.getByText('Activity is an order that earned points').waitFor();

    await select.selectOption({ label: 'After 12 months without activity' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Program saved').waitFor();
    expect(await expiryMonths()).toBe(12);
    await screenshot(page, 'admin-program-expiry-en');

    await page.reload();
    await select.waitFor();
    expect(await select.inputValue()).toBe('12');
    expect(errors).toEqual([]);
    await close();
  });

  it('German: the field and its choices', async () => {
    const { page, close } = await openAdmin(env.browser, env.app, '/program', 'de');
    const select = page.locator('#points-expire-after-months');
    await select.waitFor();
    await expect.poll(() => select.locator('option:checked').textContent()).toBe('Nach 12 Monaten ohne Aktivität');
    expect(await page.getByText('Punkte verfallen', { exact: true }).count()).toBeGreaterThan(0);
    await close();
  });

  it('the customer’s ledger names an expiry, and the dashboard counts expired points on their own', async () => {
    expect(await expiryMonths()).toBe(12);
    // Switched on just now: nothing expires within its 30 days of grace; a run 31 days later takes the balance.
    expect(await expireInactivePoints(env.app.ctx)).toMatchObject({ members: 0 });
    expect(await expireInactivePoints(env.app.ctx, { now: () => new Date(Date.now() + 31 * 86_400_000) })).toMatchObject({ members: 1, points: 240 });

    const customer = await openAdmin(env.browser, env.app, '/customers/7402');
    await customer.page.getByText('Points expired').first().waitFor();
    await screenshot(customer.page, 'admin-customer-points-expired');
    await customer.close();
    const german = await openAdmin(env.browser, env.app, '/customers/7402', 'de');
    await german.page.getByText('Punkte verfallen').first().waitFor();
    await german.close();

    const dashboard = await openAdmin(env.browser, env.app, '/');
    await expect.poll(() => dashboard.page.locator('#metric-points-expired').textContent()).toBe('240');
    const api = await adminApi<{ pointsExpired: number; pointsRedeemed: number }>(env.app, '/dashboard');
    expect(api.body).toMatchObject({ pointsExpired: 240, pointsRedeemed: 0 });
    await screenshot(dashboard.page, 'admin-dashboard-points-expired');
    await dashboard.close();
  });

  it('the notifications page switches the reminder like every other mail', async () => {
    const { page, close } = await openAdmin(env.browser, env.app, '/notifications');
    const toggle = page.locator('#notification-kind-points_expiring');
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await page.getByText('14 days before a customer\'s points expire').waitFor();
    await toggle.uncheck();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await env.app.ctx.db.notificationSettings.findUnique({ where: { shopId: env.shopId } }))?.pointsExpiring)
      .toBe(false);
    await close();
  });
});
