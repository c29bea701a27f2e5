import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually } from '../harness.js';
import { adminTestFile, CUSTOMERS, openAdmin, SHOP, seedShop } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * The embedded admin in real Chromium against the real app: data from real webhooks, session tokens from the
 * emulator (as the page gets them locally), expected figures straight from the database.
 */
const env = adminTestFile(seedShop);

interface Expected {
  members: number;
  active: number;
  issued: number;
  redeemed: number;
  outstanding: number;
  liability: string;
  tiers: { name: string; members: number }[];
}

/** The dashboard's definitions (README), computed here in SQL for the last 30 days in the shop's time zone. */
async function expectedFigures(): Promise<Expected> {
  const [totals] = await env.app.ctx.db.$queryRaw<Omit<Expected, 'tiers'>[]>`
    WITH shop AS (SELECT id, timezone FROM shops WHERE id = ${env.shopId}),
    range AS (
      SELECT ((now() AT TIME ZONE shop.timezone)::date - 29)::timestamp AT TIME ZONE shop.timezone AS from_ts FROM shop)
    SELECT
      (SELECT count(*)::int FROM members WHERE shop_id = ${env.shopId}) AS members,
      (SELECT count(*)::int FROM members m WHERE m.shop_id = ${env.shopId} AND (m.last_order_at > now() - interval '90 days'
        OR EXISTS (SELECT 1 FROM ledger_entries l WHERE l.member_id = m.id AND l.created_at > now() - interval '90 days'))) AS active,
      (SELECT COALESCE(sum(delta), 0)::int FROM ledger_entries, range WHERE shop_id = ${env.shopId} AND delta > 0
        AND reason IN ('order_earned', 'order_rerated', 'manual_adjustment') AND created_at >= range.from_ts) AS issued,
      (SELECT (-COALESCE(sum(delta), 0))::int FROM ledger_entries, range WHERE shop_id = ${env.shopId}
        AND reason IN ('redemption', 'redemption_reversal') AND created_at >= range.from_ts) AS redeemed,
      (SELECT COALESCE(sum(greatest(points, 0)), 0)::int FROM members WHERE shop_id = ${env.shopId}) AS outstanding,
      (SELECT (COALESCE(sum(greatest(m.points, 0)), 0) * p.point_value)::numeric(14, 2)::text
        FROM members m, programs p WHERE m.shop_id = ${env.shopId} AND p.shop_id = ${env.shopId} GROUP BY p.point_value) AS liability`;
  const tiers = await env.app.ctx.db.$queryRaw<{ name: string; members: number }[]>`
    SELECT t.name, count(m.id)::int AS members FROM tiers t LEFT JOIN members m ON m.tier_id = t.id
    WHERE t.shop_id = ${env.shopId} GROUP BY t.id, t.name, t.threshold ORDER BY t.threshold`;
  if (!totals) throw new Error('no totals');
  return { ...totals, tiers };
}

/** The customer table has its answer and Polaris' loading overlay is gone (for the screenshots). */
async function settled(page: Page): Promise<void> {
  await page.locator('#customers-table[aria-busy="false"] tbody tr').first().waitFor();
  await expect.poll(() => page.locator('.Polaris-IndexTable__LoadingPanelEntered').count(), { timeout: 5_000 }).toBe(0);
  await page.waitForTimeout(300); // its fade-out
}

describe('the admin in Chromium', () => {
  it('dashboard: every figure matches the database', async () => {
    const expected = await expectedFigures();
    // The seed gives every figure something to show; a zero would prove little.
    expect(expected.issued).toBeGreaterThan(0);
    expect(expected.redeemed).toBeGreaterThan(0);

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/');
    const number = new Intl.NumberFormat('en');
    const metric = (id: string) => page.locator(`#metric-${id}`);
    await expect.poll(() => metric('members').textContent()).toBe(number.format(expected.members));
    expect(await metric('active-members').textContent()).toBe(number.format(expected.active));
    expect(await metric('points-issued').textContent()).toBe(number.format(expected.issued));
    expect(await metric('points-redeemed').textContent()).toBe(number.format(expected.redeemed));
    expect(await metric('outstanding-points').textContent()).toBe(number.format(expected.outstanding));
    expect(await metric('liability').textContent()).toBe(
      new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(Number(expected.liability)),
    );
    expect(await metric('redemption-rate').textContent()).toBe(
      new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(
        Math.round((expected.redeemed / expected.issued) * 10_000) / 10_000,
      ),
    );
    for (const tier of expected.tiers) {
      await expect.poll(() => page.getByRole('listitem').filter({ hasText: tier.name }).first().textContent()).toContain(
        number.format(tier.members),
      );
    }
    // The chart (lazy-loaded polaris-viz) renders an SVG.
    await page.getByText('Points issued and redeemed per day').waitFor();
    await page.locator('#points-chart svg path').first().waitFor({ state: 'attached' });
    await page.waitForTimeout(600); // the chart's entry animation
    await screenshot(page, 'admin-dashboard-en');

    // Another preset range asks the server again; the figures stay consistent with the database.
    await page.getByLabel('Date range').selectOption('7');
    await expect.poll(() => page.locator('#dashboard-figures').getAttribute('aria-busy')).toBe('false');
    expect(await metric('points-issued').textContent()).toBe(number.format(expected.issued));
    expect(errors).toEqual([]);
    await close();
  });

  it('customers: search by name or email, tier filter, open a customer', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers');
    const rows = page.locator('#customers-table tbody tr');
    await expect.poll(() => rows.count()).toBe(CUSTOMERS.length);
    // Sorted by points, most first: Jürgen (2,400) leads.
    expect(await rows.first().textContent()).toContain('Jürgen Groß');
    await settled(page);
    await screenshot(page, 'admin-customers-en');

    const search = page.getByPlaceholder('Search by name or email');
    await search.fill('beispiel@');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Max Beispiel');
    await search.fill('MUSTER');
    await expect.poll(async () => (await rows.count()) === 1 && (await rows.first().textContent())).toContain('Erika Mustermann');

    await search.fill('');
    await expect.poll(() => rows.count()).toBe(CUSTOMERS.length);

    // The tier filter: only the Gold member.
    await page.locator('#customers-table[aria-busy="false"]').waitFor();
    const gold = page.locator('label').filter({ hasText: /^Gold$/ });
    // The filter's popover can miss a click that lands while the bar re-renders: open it until it shows.
    await expect
      .poll(async () => (await gold.isVisible()) || (await page.getByRole('button', { name: 'Tier' }).click(), false), { timeout: 8_000, interval: 500 })
      .toBe(true);
    await gold.click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Jürgen Groß');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Remove Tier: Gold|Clear/ }).first().click();
    await expect.poll(() => rows.count()).toBe(CUSTOMERS.length);
    await page.getByLabel('Sort by').selectOption('name_asc');
    await expect.poll(() => rows.first().textContent()).toContain('Erika Mustermann');

    // The row opens the customer (client-side navigation, shop and locale kept in the URL).
    await rows.filter({ hasText: 'Max Beispiel' }).click();
    await page.waitForURL(/\/customers\/7002\?/);
    expect(page.url()).toContain(`shop=${SHOP}`);
    await page.locator('#customer-points').waitFor();
    expect(await page.locator('#customer-points').textContent()).toBe('120 points');
    expect(errors).toEqual([]);
    await close();
  });

  it('customer detail: a manual adjustment changes the balance and lands in the ledger and the database', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers/7002');
    await page.locator('#customer-points').waitFor();
    expect(await page.locator('#customer-points').textContent()).toBe('120 points');
    expect(await page.locator('#ledger tbody tr').first().textContent()).toContain('Order');

    // The server refuses an empty reason; the form shows its message on the field.
    await page.getByLabel('Points', { exact: true }).fill('75');
    await page.getByLabel('Reason').fill('   ');
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await page.locator('#adjust-reasonError').waitFor();
    expect(await page.locator('#adjust-reasonError').textContent()).toContain('Enter a reason');

    await page.getByLabel('Reason').fill('Goodwill for a late delivery');
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await expect.poll(() => page.locator('#customer-points').textContent()).toBe('195 points');
    await page.getByText('Balance adjusted: 195 points').waitFor();
    const newest = page.locator('#ledger tbody tr').first();
    await expect.poll(() => newest.textContent()).toContain('Manual adjustment');
    expect(await newest.textContent()).toContain('Goodwill for a late delivery');
    expect(await newest.textContent()).toContain('+75');

    const [entry] = await env.app.ctx.db.$queryRaw<{ delta: number; note: string; actor: string; balance_after: number; points: number }[]>`
      SELECT l.delta, l.note, l.actor, l.balance_after, m.points FROM ledger_entries l JOIN members m ON m.id = l.member_id
      WHERE l.shop_id = ${env.shopId} AND m.customer_id = '7002' AND l.reason = 'manual_adjustment'`;
    // The staff user of the emulator's session tokens is 1.
    expect(entry).toEqual({ delta: 75, note: 'Goodwill for a late delivery', actor: '1', balance_after: 195, points: 195 });
    await page.locator('#ledger').waitFor();
    await screenshot(page, 'admin-customer-detail-en');
    expect(errors).toEqual([]);
    await close();
  });

  it('German: ?locale=de shows German strings and German number formats', async () => {
    const expected = await expectedFigures();
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/', 'de');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Mitglieder', { exact: true }).waitFor();
    await page.getByText('Vergebene und eingelöste Punkte pro Tag').waitFor();
    expect(await page.getByRole('tab', { name: 'Kunden' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => page.locator('#metric-points-issued').textContent()).toBe(new Intl.NumberFormat('de').format(expected.issued));
    expect(await page.locator('#metric-liability').textContent()).toBe(
      new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR' }).format(Number(expected.liability)),
    );
    await page.waitForTimeout(600);
    await screenshot(page, 'admin-dashboard-de');

    await page.getByRole('tab', { name: 'Kunden' }).click();
    await page.getByPlaceholder('Nach Name oder E-Mail suchen').waitFor();
    await page.getByText('Datenanfragen von Kunden').waitFor();
    expect(page.url()).toContain('locale=de');
    await settled(page);
    await screenshot(page, 'admin-customers-de');

    // A row click right after the list's first render opens the customer; the locale stays.
    await page.locator('#customers-table tbody tr').filter({ hasText: 'Lena Schmidt' }).click();
    await page.locator('#customer-points').waitFor();
    expect(page.url()).toMatch(/\/customers\/7004\?.*locale=de/);
    expect(await page.locator('#customer-points').textContent()).toBe('57 Punkte');
    await page.getByRole('heading', { name: 'Punkteverlauf' }).waitFor();
    await page.getByText('Bestellung', { exact: true }).first().waitFor();
    await screenshot(page, 'admin-customer-detail-de');

    // The server's field error in German: an adjustment without a reason books nothing.
    await page.getByLabel('Punkte', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Punktestand anpassen' }).click();
    await page.locator('#adjust-reasonError').waitFor();
    expect(await page.locator('#adjust-reasonError').textContent()).toContain('Gib einen Grund an');
    expect(await page.locator('#customer-points').textContent()).toBe('57 Punkte');
    expect(errors).toEqual([]);
    await close();
  });

  it('data requests: a customers/data_request export is listed and downloads with the session token', async () => {
    const emulator = env.app.emulator;
    if (!emulator) throw new Error('no emulator');
    const result = await emulator.sendWebhook(SHOP, 'customers/data_request', {
      shop_id: 1,
      shop_domain: SHOP,
      orders_requested: [],
      customer: { id: 7004, email: 'lena@example.net', phone: null },
      data_request: { id: 5150 },
    });
    expect(result.status).toBe(200);
    await eventually(async () => {
      const [row] = await env.app.ctx.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM customer_data_exports WHERE shop_id = ${env.shopId}`;
      return row?.n === 1;
    });

    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers');
    await page.getByText('Customer 7004 · Request 5150').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the data export of customer 7004' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const body = await readFile(path, 'utf8');
    expect(body).toContain('7004');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('serving the admin page', () => {
  it('fills the head: API key and the emulator token URL for the shop, no App Bridge locally; frame-ancestors for the shop', async () => {
    const res = await fetch(`${env.app.url}/customers/7001?shop=${SHOP}&locale=de`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(`frame-ancestors https://${SHOP} https://admin.shopify.com;`);
    const html = await res.text();
    expect(html).toContain(`<meta name="shopify-api-key" content="${env.app.ctx.config.apiKey}" />`);
    expect(html).toContain(`<meta name="loyale-session-token-url" content="${emulatorUrl()}/session-token?shop=${SHOP}" />`);
    expect(html).not.toContain('app-bridge.js');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  });

  it('allows no framing without a valid shop, and leaves /api, /proxy and missing files to their 404s', async () => {
    const page = await fetch(`${env.app.url}/?shop=evil.example.com`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none';");
    expect(await page.text()).toContain(`${emulatorUrl()}/session-token"`);

    const api = await fetch(`${env.app.url}/api/nothing-here`);
    expect(api.status).toBe(401);
    expect(await api.json()).toHaveProperty('error');
    const proxy = await fetch(`${env.app.url}/proxy/nothing-here`);
    expect(proxy.headers.get('content-type')).toContain('application/json');
    for (const path of ['/favicon.ico', '/assets/missing.js']) {
      const res = await fetch(`${env.app.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });

  it('serves the hashed assets for a year', async () => {
    const html = await (await fetch(`${env.app.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!script) throw new Error('no script in the page');
    const res = await fetch(`${env.app.url}${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});

function emulatorUrl(): string {
  if (!env.app.emulator) throw new Error('no emulator');
  return env.app.emulator.url;
}
