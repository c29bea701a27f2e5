import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src/analytics/range.js';
import { eventually, type TestApp } from '../harness.js';
import { adminTestFile, CUSTOMERS, openAdmin, SHOP, seedShop } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * The embedded admin in real Chromium against the real app: data from real webhooks, session tokens from the
 * emulator (as the page gets them locally), expected figures straight from the database.
 */
const env = adminTestFile(async (app) => {
  await seedShop(app);
  await seedOlderAdjustment(app);
});

/** Points Jürgen got from staff ten days ago: in the last 30 days' figures, not in the last 7 days'. */
const OLDER_ADJUSTMENT = 40;

/** A backdated entry (the ledger takes no UPDATE, so it is inserted with its time), his balance moved with it. */
async function seedOlderAdjustment(app: TestApp): Promise<void> {
  await app.ctx.db.$executeRaw`
    WITH m AS (
      UPDATE members SET points = points + ${OLDER_ADJUSTMENT}
      WHERE customer_id = '7003' AND shop_id = (SELECT id FROM shops WHERE domain = ${SHOP}) RETURNING id, shop_id, points)
    INSERT INTO ledger_entries (shop_id, member_id, delta, reason, idempotency_key, balance_after, note, actor, created_at)
    SELECT m.shop_id, m.id, ${OLDER_ADJUSTMENT}, 'manual_adjustment', 'older-adjustment', m.points, 'Goodwill', '1',
      (now() AT TIME ZONE 'UTC') - interval '10 days'
    FROM m`;
}

interface Expected {
  members: number;
  active: number;
  issued: number;
  redeemed: number;
  outstanding: number;
  liability: string;
  tiers: { name: string; members: number }[];
}

/**
 * The dashboard's definitions (README), computed here in SQL for the last `days` days in the shop's time zone: an
 * order counts as issued from its first crediting entry on, with what it holds now.
 */
async function expectedFigures(days = 30): Promise<Expected> {
  const [totals] = await env.app.ctx.db.$queryRaw<Omit<Expected, 'tiers'>[]>`
    WITH shop AS (SELECT id, timezone FROM shops WHERE id = ${env.shopId}),
    range AS (
      SELECT ((now() AT TIME ZONE shop.timezone)::date - ${days - 1}::int)::timestamp AT TIME ZONE shop.timezone AS from_ts FROM shop),
    credited AS (
      SELECT lo.points_earned - lo.points_taken_back AS points,
        (SELECT min(l.created_at) FROM ledger_entries l WHERE l.shop_id = lo.shop_id AND l.source_id = lo.order_id
          AND l.reason IN ('order_earned', 'order_rerated')) AS at
      FROM loyalty_orders lo WHERE lo.shop_id = ${env.shopId})
    SELECT
      (SELECT count(*)::int FROM members WHERE shop_id = ${env.shopId}) AS members,
      (SELECT count(*)::int FROM members m WHERE m.shop_id = ${env.shopId} AND (
        EXISTS (SELECT 1 FROM loyalty_orders lo WHERE lo.shop_id = m.shop_id AND lo.customer_id = m.customer_id
          AND lo.paid_at IS NOT NULL AND lo.cancelled_at IS NULL AND lo.processed_at > (now() AT TIME ZONE 'UTC') - interval '90 days')
        OR EXISTS (SELECT 1 FROM redemptions r WHERE r.member_id = m.id AND r.status <> 'failed'
          AND r.created_at > (now() AT TIME ZONE 'UTC') - interval '90 days'))) AS active,
      ((SELECT COALESCE(sum(points), 0) FROM credited, range WHERE credited.at >= range.from_ts)
        + (SELECT COALESCE(sum(delta), 0) FROM ledger_entries, range WHERE shop_id = ${env.shopId} AND created_at >= range.from_ts
          AND (reason = 'surprise_gift' OR (reason = 'manual_adjustment' AND delta > 0))))::int AS issued,
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

const MONTHS = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' });

/** How Polaris' calendar names a day in its buttons' labels: "… March 2 2026". */
function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return `${MONTHS.format(date)} ${date.getUTCDate()} ${date.getUTCFullYear()}`;
}

/** Clicks `day` in the open calendar, paging to its month first. */
async function pickDay(page: Page, day: string): Promise<void> {
  await (await showDay(page, day)).click();
}

/** Pages the open calendar to `day`'s month (back, or forward when it lies after the month shown); its button. */
async function showDay(page: Page, day: string): Promise<Locator> {
  const button = page.getByRole('button', { name: new RegExp(`${dayLabel(day)}$`) });
  for (let pages = 0; (await button.count()) === 0; pages += 1) {
    if (pages > 24) throw new Error(`the calendar never showed ${day}`);
    const previousLabel = await page.getByRole('button', { name: /^Show previous month/ }).getAttribute('aria-label');
    const forward = previousLabel !== null && day.slice(0, 7) > monthShown(previousLabel);
    await page.getByRole('button', { name: forward ? /^Show next month/ : /^Show previous month/ }).click();
  }
  return button;
}

/** The calendar's "Show previous month, February 2026" → the month it shows, "2026-03". */
function monthShown(label: string): string {
  const [, name = '', year = ''] = /, (\w+) (\d{4})$/.exec(label) ?? [];
  const previous = new Date(`${name} 1, ${year} UTC`);
  return new Date(Date.UTC(previous.getUTCFullYear(), previous.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
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

    // Another preset range asks the server again; the figures stay consistent with the database (the older
    // adjustment is in the last 30 days, not in the last 7).
    const lastWeek = await expectedFigures(7);
    expect(lastWeek.issued).toBe(expected.issued - OLDER_ADJUSTMENT);
    await page.getByLabel('Date range').selectOption('7');
    await expect.poll(() => metric('points-issued').textContent()).toBe(number.format(lastWeek.issued));
    expect(await page.locator('#dashboard-figures').getAttribute('aria-busy')).toBe('false');
    expect(errors).toEqual([]);
    await close();
  });

  it('dashboard: custom ranges open on the range shown, with years; an empty range says so; a refused range hides the figures', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/');
    const today = todayIn('Europe/Berlin');
    const withYear = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const shown = (day: string) => withYear.format(new Date(`${day}T00:00:00Z`));
    const summary = page.locator('#dashboard-range-summary');
    const metric = (id: string) => page.locator(`#metric-${id}`);
    await expect.poll(() => summary.textContent()).toBe(`${shown(addDays(today, -29))} – ${shown(today)}`);
    await page.locator('#points-chart').waitFor(); // the last 30 days have activity: the chart, not the empty text

    // The calendar opens on the range shown now (the last 7 days), not the one the page started with.
    await page.getByLabel('Date range').selectOption('7');
    await expect.poll(() => summary.textContent()).toBe(`${shown(addDays(today, -6))} – ${shown(today)}`);
    await page.getByLabel('Date range').selectOption('custom');
    expect(await (await showDay(page, addDays(today, -6))).getAttribute('aria-label')).toMatch(/^Start of range /);

    // Days 25 to 20 ago: nothing happened then (the seed's entries are from today and ten days ago).
    await pickDay(page, addDays(today, -25));
    await pickDay(page, addDays(today, -20));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => summary.textContent()).toBe(`${shown(addDays(today, -25))} – ${shown(addDays(today, -20))}`);
    await expect.poll(() => metric('points-issued').textContent()).toBe('0');
    await page.locator('#points-chart-empty').getByText('No points activity in this range.').waitFor();
    expect(await page.locator('#points-chart').count()).toBe(0);
    // Nothing issued: no redemption rate, and why.
    expect(await metric('redemption-rate').textContent()).toBe('—');
    await page.getByText('No points were issued in this range, so there is no rate.').waitFor();

    // The calendar takes no range longer than the server answers: a year and a month is refused at once.
    await page.getByRole('button', { name: 'Choose dates' }).click();
    await pickDay(page, addDays(today, -400));
    await pickDay(page, addDays(today, -1));
    await page.getByText('The range may span at most 366 days').waitFor();
    expect(await page.getByRole('button', { name: 'Apply', exact: true }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');

    // Should the server refuse a range all the same (here: a request rewritten to start in 2000), its field message
    // shows and the figures of the range before are not left under the new range's label.
    await page.route('**/api/dashboard?*', (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('from', '2000-01-01');
      return route.continue({ url: url.toString() });
    });
    await page.getByLabel('Date range').selectOption('90');
    await page.locator('#dashboard-error').getByText('The range may span at most 366 days').waitFor();
    expect(await page.locator('#dashboard-figures').count()).toBe(0);
    await page.unroute('**/api/dashboard?*');
    await page.getByLabel('Date range').selectOption('30');
    await page.locator('#dashboard-figures').waitFor();
    expect(await page.locator('#dashboard-error').count()).toBe(0);
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
