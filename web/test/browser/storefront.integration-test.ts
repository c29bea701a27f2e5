/**
 * The storefront widget in a real browser: the emulator's demo storefront renders the theme app extension's real
 * blocks, and the widget talks to the real app through the emulator's signing app proxy. Customers earn their
 * points through real `orders/paid` webhooks.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { storefrontUrl } from '../../emulator/storefront/urls.js';
import { orderPayload } from '../../src/loyalty/orders/test-payloads.js';
import { emulatorOf, eventually, startTestApp, type TestApp } from '../harness.js';
import { ARTIFACTS_DIR, launchChromium, screenshot } from './chromium.js';

const SHOP = 'storefront-browser.myshopify.com';
/** 420 + 180 points: Silver (from 500), 1,400 points short of Gold. */
const ERIKA = { id: 7_100_001, firstName: 'Erika', lastName: 'Mustermann', orders: ['420.00', '180.50'] };
/** 120 points: Bronze, nothing redeemable yet. */
const JONAS = { id: 7_100_002, firstName: 'Jonas', lastName: 'Weber', orders: ['120.00'] };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let app: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

const emulator = () => emulatorOf(app);

async function points(customerId: number): Promise<number> {
  const res = await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(customerId))}`);
  return ((await res.json()) as { points: number }).points;
}

async function seed(customer: typeof ERIKA): Promise<void> {
  emulator().upsertCustomer(SHOP, { id: customer.id, firstName: customer.firstName, lastName: customer.lastName, email: `${customer.id}@example.com` });
  let orderId = customer.id * 10;
  for (const subtotal of customer.orders) {
    const payload = orderPayload({ id: orderId++, customerId: customer.id, subtotal, processedAt: new Date(), firstName: customer.firstName, lastName: customer.lastName });
    expect((await emulator().sendWebhook(SHOP, 'orders/paid', payload)).status).toBe(200);
  }
}

beforeAll(async () => {
  app = await startTestApp();
  emulator().addShop({ domain: SHOP, name: 'Rösterei am Markt', currencyCode: 'EUR', primaryLocale: 'en' });
  // Installed (token exchange): redeeming creates discount codes through Admin GraphQL with the shop's token.
  const install = await fetch(`${app.url}/api/program`, { headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}` } });
  expect(install.status).toBe(200);
  await seed(ERIKA);
  await seed(JONAS);
  await eventually(async () => (await points(ERIKA.id)) === 600 && (await points(JONAS.id)) === 120, 20_000);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.stop();
});

/** A fresh browser (no cookies) on the storefront, optionally signed in as a customer. */
async function open(options: { locale?: 'en' | 'de'; customerId?: number; beforeLoad?: (page: Page) => void } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: options.locale === 'de' ? 'de-DE' : 'en-US',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  options.beforeLoad?.(page);
  await page.goto(`${emulator().url}${storefrontUrl(SHOP, { ...(options.locale && { locale: options.locale }), ...(options.customerId && { customerId: options.customerId }) })}`);
  Object.assign(page, { loyaleErrors: errors });
  return page;
}

const panel = (page: Page) => page.locator('[role="dialog"]');

async function openPanel(page: Page): Promise<void> {
  await page.click('[data-loyale-open]');
  await expect.poll(() => panel(page).isVisible()).toBe(true);
}

/** axe-core on the widget (launcher, open panel, card): no violations of WCAG 2.x A/AA. */
async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  // In the page (a string: this project's TypeScript has no DOM types).
  const violations = await page.evaluate(`axe
    .run({ include: [['.loyale']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    .then((result) => result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) })))`);
  expect(violations).toEqual([]);
}

/** Page-side expressions (strings: this project's TypeScript has no DOM types). */
const focusInPanel = (page: Page) => page.evaluate<boolean>(`!!document.querySelector('[role="dialog"]').contains(document.activeElement)`);
const focused = (page: Page) =>
  page.evaluate<string>(`document.activeElement.textContent.trim() || document.activeElement.getAttribute('aria-label') || ''`);
const launcherFocused = (page: Page) => page.evaluate<boolean>(`document.activeElement.hasAttribute('data-loyale-open')`);
const statusText = (page: Page) => panel(page).locator('[role="status"]').textContent();

/**
 * Serves the storefront's page with the widget's config changed by `change` (what Liquid would render otherwise).
 * Routed is the entry URL `open` goes to (its redirect is followed here: a redirected request is not routed).
 */
function changeConfig(page: Page, change: (config: Record<string, unknown>) => Record<string, unknown>): void {
  void page.route(
    (url) => url.pathname === '/storefront',
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        /(<script type="application\/json" data-loyale-config>)([\s\S]*?)(<\/script>)/g,
        (_match, open: string, json: string, close: string) => `${open}${JSON.stringify(change(JSON.parse(json) as Record<string, unknown>))}${close}`,
      );
      await route.fulfill({ response, body: html });
    },
  );
}

/** Serves the storefront's page without the tier card (a page whose template has none): only the app embed. */
function withoutCard(page: Page): void {
  void page.route(
    (url) => url.pathname === '/storefront',
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<section class="app-section">[\s\S]*?<\/section>/, '');
      await route.fulfill({ response, body: html });
    },
  );
}

/** The widget's requests to `/apps/loyale/<path>` (`*`: one path segment), whatever their query (it adds `?locale=`). */
function proxyPath(path: string): (url: URL) => boolean {
  const pattern = new RegExp(`/apps/loyale/${path.replaceAll('*', '[^/]+')}$`);
  return (url) => pattern.test(url.pathname);
}

/** "Your codes" lists `code` (the member's activity answered by the test). */
function activityWithCode(page: Page, code: string): void {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const body = { entries: [], codes: [{ code, rewardName: 'Free shipping', createdAt: new Date().toISOString(), expiresAt }], pendingPoints: 0 };
  void page.route(proxyPath('activity'), (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) }));
}

describe('the storefront widget', () => {
  it('is one deferred script and one stylesheet, loaded once for both blocks', async () => {
    const requests: string[] = [];
    const page = await open({
      locale: 'en',
      customerId: ERIKA.id,
      beforeLoad: (p) => p.on('request', (request) => requests.push(new URL(request.url()).pathname)),
    });
    await expect.poll(() => page.locator('.loyale-card [data-loyale-points]').textContent()).toBe('600 points');
    expect(await page.locator('script[src*="loyale.js"]').count()).toBe(1);
    expect(await page.locator('script[src*="loyale.js"]').getAttribute('defer')).not.toBeNull();
    expect(await page.locator('link[href*="loyale.css"]').count()).toBe(1);
    await openPanel(page);
    await expect.poll(() => requests.filter((path) => path.endsWith('/apps/loyale/activity')).length).toBe(1);
    expect(requests.filter((path) => path.endsWith('/apps/loyale/customer'))).toHaveLength(1);
    expect(requests.filter((path) => path.endsWith('/apps/loyale/rewards'))).toHaveLength(1);
  });

  it('a member on a page without the card: nothing is asked of the app until the panel opens, then each thing once', async () => {
    const requests: string[] = [];
    const page = await open({
      locale: 'en',
      customerId: ERIKA.id,
      beforeLoad: (p) => {
        withoutCard(p);
        p.on('request', (request) => requests.push(new URL(request.url()).pathname));
      },
    });
    expect(await page.locator('.loyale-card').count()).toBe(0);
    // The widget ran and its idle work is done (the callback queued after it runs after it).
    await page.evaluate('new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 50)))');
    const proxied = () => requests.filter((path) => path.includes('/apps/loyale/')).map((path) => path.slice(path.indexOf('/apps/loyale/'))).sort();
    expect(proxied()).toEqual([]);
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-points]').first().textContent()).toBe('600 points');
    await expect.poll(proxied).toEqual(['/apps/loyale/activity', '/apps/loyale/customer', '/apps/loyale/perks', '/apps/loyale/rewards']);
  });

  it('a guest sees what the program is and the call to join; the panel is accessible', async () => {
    const page = await open({ locale: 'en' });
    expect(await page.locator('.loyale-card').textContent()).toContain('Join our rewards program');
    await openPanel(page);
    const dialog = panel(page);
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await page.locator(`#${await dialog.getAttribute('aria-labelledby')}`).textContent()).toBe('Rewards at Rösterei am Markt');
    expect(await dialog.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toMatch(/\/account\/register$/);
    expect(await dialog.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toMatch(/\/account\/login$/);
    await expect.poll(() => dialog.locator('[data-loyale-tiers] li').allTextContents()).toEqual([
      'Bronze from 0 points',
      'Silver from 500 points1.25× points per order',
      'Gold from 2,000 points1.5× points per order',
    ]);
    expect(await dialog.locator('[data-loyale-rewards] li').allTextContents()).toEqual(['Free shipping300 points', '10% off500 points']);
    expect(await dialog.locator('[data-loyale-earn]').textContent()).toBe('1 point per €1.00 spent');
    expect(await dialog.getByRole('button', { name: 'Redeem' }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'storefront-guest-panel');
    expect((page as Page & { loyaleErrors: string[] }).loyaleErrors).toEqual([]);
  });

  it('is keyboard usable: focus moves into the panel, stays there, and Escape returns it to the launcher', async () => {
    const page = await open({ locale: 'en' });
    const launcher = page.locator('[data-loyale-open]');
    await launcher.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('Close');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInPanel(page)).toBe(true);
      seen.push(await focused(page));
    }
    expect(seen).toEqual(['Create an account', 'Sign in', 'Close', 'Create an account']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('Sign in');
    await page.keyboard.press('Escape');
    expect(await panel(page).isVisible()).toBe(false);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await launcherFocused(page)).toBe(true);
    // Space opens it again; the close button closes it and focus goes back too.
    await page.keyboard.press('Space');
    await expect.poll(() => panel(page).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(await panel(page).isVisible()).toBe(false);
    expect(await launcherFocused(page)).toBe(true);
  });

  it('a member sees their points, tier and progress in the card and the panel; the panel is accessible', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id });
    const card = page.locator('.loyale-card');
    await expect.poll(() => card.locator('[data-loyale-points]').textContent()).toBe('600 points');
    expect(await card.locator('[data-loyale-tier]').textContent()).toBe('Silver');
    expect(await card.locator('.loyale-progress__label').textContent()).toBe('1,400 points to Gold');
    const bar = card.getByRole('progressbar', { name: 'Progress to Gold' });
    expect(await bar.getAttribute('aria-valuemin')).toBe('500');
    expect(await bar.getAttribute('aria-valuemax')).toBe('2000');
    expect(await bar.getAttribute('aria-valuenow')).toBe('600');
    expect(await bar.getAttribute('aria-valuetext')).toBe('1,400 points to Gold');
    await screenshot(page, 'storefront-tier-card');

    await openPanel(page);
    const dialog = panel(page);
    expect(await dialog.locator('[data-loyale-points]').textContent()).toBe('600 points');
    expect(await dialog.locator('[data-loyale-tier]').textContent()).toBe('Silver');
    expect(await dialog.getByRole('button', { name: 'Redeem' }).count()).toBe(2);
    expect(await dialog.getByRole('button', { name: 'Redeem' }).first().isEnabled()).toBe(true);
    await expect.poll(() => dialog.locator('[data-loyale-activity] li').allTextContents()).toHaveLength(2);
    expect((await dialog.locator('[data-loyale-activity] li').allTextContents()).every((t) => t.startsWith('Points for an order'))).toBe(true);
    expect(await dialog.locator('[data-loyale-earn]').textContent()).toBe('1.25 points per €1.00 spent');
    await expectAccessible(page);
    await screenshot(page, 'storefront-member-panel');
  });

  it('a reward the balance does not cover is disabled, with the reason', async () => {
    const page = await open({ locale: 'en', customerId: JONAS.id });
    await openPanel(page);
    const rewards = panel(page).locator('[data-loyale-rewards] li');
    await expect.poll(() => rewards.count()).toBe(2);
    const button = rewards.first().getByRole('button', { name: 'Redeem' });
    expect(await button.isDisabled()).toBe(true);
    const reason = await button.getAttribute('aria-describedby');
    expect(await page.locator(`#${reason}`).textContent()).toBe('180 more points needed');
    expect(await rewards.nth(1).textContent()).toContain('380 more points needed');
    expect(await panel(page).locator('.loyale-progress__label').textContent()).toBe('380 points to Silver');
  });

  it.each([
    ['refused by the shop (502): nothing was spent', 502, { error: 'refused' }, 'The reward could not be redeemed and no points were spent. Please try again later.'],
    [
      'not confirmed yet (502, pending): the points are held',
      502,
      { error: 'pending', details: { pending: true } },
      'Your code is still being confirmed by the shop. Your points are held for it and come back if it cannot be created; see your recent activity shortly.',
    ],
    ['no longer offered (404)', 404, { error: 'gone' }, 'This reward is not available right now.'],
    ['a lost connection: nothing is promised', 0, null, 'The reward could not be redeemed right now. Please check your recent activity before trying again.'],
    [
      "a 502 that is not the app's (the storefront's proxy timed out, an HTML page): nothing is promised",
      502,
      '<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>',
      'The reward could not be redeemed right now. Please check your recent activity before trying again.',
    ],
    [
      "a 502 whose JSON is not the app's refusal (no error): nothing is promised",
      502,
      { message: 'upstream timed out' },
      'The reward could not be redeemed right now. Please check your recent activity before trying again.',
    ],
  ] as const)('a failed redemption says what happened: %s', async (_name, status, body, message) => {
    const page = await open({
      locale: 'en',
      customerId: ERIKA.id,
      beforeLoad: (p) => {
        void p.route(proxyPath('rewards/*/redeem'), (route) =>
          status === 0
            ? route.abort('connectionreset')
            : typeof body === 'string'
              ? route.fulfill({ status, contentType: 'text/html', body })
              : route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) }),
        );
      },
    });
    await openPanel(page);
    const dialog = panel(page);
    const button = dialog.locator('[data-loyale-rewards] li', { hasText: 'Free shipping' }).getByRole('button', { name: 'Redeem' });
    await button.click();
    await expect.poll(() => dialog.locator('[role="status"]').textContent()).toBe(message);
    expect(await button.isDisabled()).toBe(false);
    expect(await points(ERIKA.id)).toBe(600);
  });

  it('says so when no reward is offered and when the recent activity cannot be loaded', async () => {
    const page = await open({
      locale: 'de',
      customerId: ERIKA.id,
      beforeLoad: (p) => {
        void p.route(proxyPath('rewards'), (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"rewards":[]}' }));
        void p.route(proxyPath('activity'), (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"x"}' }));
      },
    });
    await openPanel(page);
    const dialog = panel(page);
    await expect.poll(() => dialog.locator('[data-loyale-rewards] li').allTextContents()).toEqual(['Derzeit werden keine Prämien angeboten.']);
    await expect
      .poll(() => dialog.locator('[data-loyale-activity] li').allTextContents())
      .toEqual(['Ihre letzten Aktivitäten konnten nicht geladen werden. Bitte versuchen Sie es später erneut.']);
  });

  it("a theme's root font size (Dawn: html { font-size: 62.5% }) does not shrink the widget", async () => {
    const page = await open({ locale: 'en' });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-tiers] li').count()).toBe(3);
    // Font sizes and boxes of the launcher, the panel and its parts, and the card (a string: no DOM types here).
    const sizes = () =>
      page.evaluate<string[]>(`['.loyale-launcher', '.loyale-panel', '.loyale-panel__title', '.loyale-close', '.loyale-panel .loyale-button',
        '.loyale-panel .loyale-heading', '.loyale-panel [data-loyale-tiers] li', '.loyale-card', '.loyale-card__title'].map((selector) => {
        const node = document.querySelector(selector);
        const box = node.getBoundingClientRect();
        const style = getComputedStyle(node);
        return [selector, style.fontSize, style.padding, style.marginBottom, box.width.toFixed(1), box.height.toFixed(1)].join(' ');
      })`);
    const atDefault = await sizes();
    expect(atDefault[0]).toMatch(/^\.loyale-launcher 16px /);
    await page.addStyleTag({ content: 'html { font-size: 62.5%; }' });
    expect(await page.evaluate<string>(`getComputedStyle(document.documentElement).fontSize`)).toBe('10px');
    expect(await sizes()).toEqual(atDefault);
  });

  it("the backdrop shows, and closes the panel, on a theme that hides empty divs (Dawn: div:empty { display: none })", async () => {
    const page = await open({ locale: 'en' });
    await page.addStyleTag({ content: 'div:empty { display: none; }' });
    await openPanel(page);
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.loyale-backdrop')).display`)).toBe('block');
    // A click beside the panel lands on the backdrop, which closes the panel.
    expect(await page.evaluate<string>(`document.elementFromPoint(5, 5).className`)).toBe('loyale-backdrop');
    await page.mouse.click(5, 5);
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await launcherFocused(page)).toBe(true);
  });

  it('a load error in the status line goes once a later load succeeds', async () => {
    let calls = 0;
    const page = await open({
      locale: 'en',
      customerId: JONAS.id,
      beforeLoad: (p) => {
        // The first load (after first paint) fails; the one opening the panel makes succeeds.
        void p.route(proxyPath('customer'), (route) =>
          calls++ === 0 ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"x"}' }) : route.continue(),
        );
      },
    });
    const failed = 'Your rewards could not be loaded. Please try again later.';
    await expect.poll(() => page.locator('.loyale-card [data-loyale-points]').textContent()).toBe(failed);
    await expect.poll(() => statusText(page)).toBe(failed);
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-points]').textContent()).toBe('120 points');
    await expect.poll(() => statusText(page)).toBe('');
  });

  it('the status line is a live region from the start: rendered while empty, without a box', async () => {
    const page = await open({ locale: 'en' });
    await openPanel(page);
    const status = panel(page).locator('[role="status"]');
    expect(await status.textContent()).toBe('');
    // display: none would keep it out of the accessibility tree, and its first message could go unsaid.
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('[data-loyale-status]')).display`)).toBe('block');
    expect((await status.boundingBox())?.height).toBe(0);
  });

  it('a message repeated word for word is said again: the status line is emptied before it', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id, beforeLoad: (p) => activityWithCode(p, 'SAVE-AGAIN') });
    await openPanel(page);
    const status = panel(page).locator('[role="status"]');
    // Every text the region shows, in order: the second "Code copied." follows an emptied region.
    await page.evaluate(`const status = document.querySelector('[data-loyale-status]');
      window.seen = [];
      new MutationObserver(() => window.seen.push(status.textContent)).observe(status, { childList: true, characterData: true, subtree: true })`);
    const copy = panel(page).locator('[data-loyale-codes]').getByRole('button', { name: 'Copy code' });
    await expect.poll(() => copy.count()).toBe(1);
    await copy.click();
    await expect.poll(() => status.textContent()).toBe('Code copied.');
    await copy.click();
    await expect.poll(() => page.evaluate<string[]>('seen')).toEqual(['Code copied.', '', 'Code copied.']);
  });

  it('"Apply to cart" applies the code (URL-encoded) and goes to the cart', async () => {
    const page = await open({ locale: 'de', customerId: ERIKA.id, beforeLoad: (p) => activityWithCode(p, 'SPRING 10%#1') });
    await openPanel(page);
    const apply = panel(page).locator('[data-loyale-codes]').getByRole('link', { name: 'Im Warenkorb anwenden' });
    await expect.poll(() => apply.count()).toBe(1);
    expect(await apply.getAttribute('href')).toBe(`/storefront/${SHOP}/de/discount/SPRING%2010%25%231?redirect=/storefront/${SHOP}/de/cart`);
  });

  it('two redemptions at once: the one still under way stays disabled when the other finishes', async () => {
    let releaseFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let requests = 0;
    const page = await open({
      locale: 'en',
      customerId: ERIKA.id,
      beforeLoad: (p) => {
        void p.route(proxyPath('rewards/*/redeem'), async (route) => {
          const ok = (code: string, points: number) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ code, points }) });
          if (requests++ > 0) return ok('SECOND-CODE', 600);
          await firstHeld;
          return ok('FIRST-CODE', 300);
        });
      },
    });
    await openPanel(page);
    const dialog = panel(page);
    const button = (name: string) => dialog.locator('[data-loyale-rewards] li', { hasText: name }).getByRole('button');
    await expect.poll(() => button('Free shipping').isEnabled()).toBe(true);
    await button('Free shipping').click();
    await expect.poll(() => button('Free shipping').textContent()).toBe('Redeeming…');
    await button('10% off').click();
    await expect.poll(() => dialog.locator('[data-loyale-code] .loyale-code__value').textContent()).toBe('SECOND-CODE');
    // The second's answer re-rendered the rewards (600 points: both affordable), the first is still under way.
    expect(await button('Free shipping').textContent()).toBe('Redeeming…');
    expect(await button('Free shipping').isDisabled()).toBe(true);
    expect(await button('10% off').textContent()).toBe('Redeem');
    releaseFirst();
    await expect.poll(() => dialog.locator('[data-loyale-code] .loyale-code__value').textContent()).toBe('FIRST-CODE');
    expect(await button('Free shipping').textContent()).toBe('Redeem');
    expect(await button('Free shipping').isEnabled()).toBe(true);
  });

  it('redeeming shows the code with copy and apply-to-cart, lowers the balance, and the platform has the discount', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id });
    await openPanel(page);
    const dialog = panel(page);
    await dialog.locator('[data-loyale-rewards] li', { hasText: '10% off' }).getByRole('button', { name: 'Redeem' }).click();
    const code = dialog.locator('[data-loyale-code] .loyale-code__value');
    await expect.poll(() => code.count()).toBe(1);
    const value = (await code.textContent()) ?? '';
    expect(value).toMatch(/^[A-Z0-9-]{6,}$/);
    expect(await dialog.locator('[data-loyale-points]').textContent()).toBe('100 points');
    expect(await page.locator('.loyale-card [data-loyale-points]').textContent()).toBe('100 points');
    await expect.poll(() => statusText(page)).toBe('Done! Your code for 10% off is ready.');
    expect(await focused(page)).toBe('Copy code');
    expect(await points(ERIKA.id)).toBe(100);
    expect(emulator().discounts(SHOP).map((d) => d.code)).toContain(value);
    // Both rewards now cost more than the 100 points left.
    const redeemButtons = await dialog.getByRole('button', { name: 'Redeem' }).all();
    expect(await Promise.all(redeemButtons.map((button) => button.isDisabled()))).toEqual([true, true]);
    await expect.poll(() => dialog.locator('[data-loyale-activity] li').first().textContent()).toMatch(/^Reward redeemed.*-500$/);
    // The new code shows once, at the top; "Your codes" lists it from the next visit on (see the fallback test).
    expect(await dialog.locator('[data-loyale-codes-section]').isHidden()).toBe(true);

    await dialog.locator('[data-loyale-code]').getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => dialog.locator('[role="status"]').textContent()).toBe('Code copied.');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(value);
    await screenshot(page, 'storefront-redeemed-code');

    const apply = dialog.locator('[data-loyale-code]').getByRole('link', { name: 'Apply to cart' });
    // The platform applies the code, then goes where `redirect` says (without it: the home page).
    expect(await apply.getAttribute('href')).toBe(`/storefront/${SHOP}/en/discount/${value}?redirect=/storefront/${SHOP}/en/cart`);
    await apply.click();
    await page.waitForURL((url) => url.searchParams.get('discount') === value);
    expect(await page.getByRole('status').first().textContent()).toContain(value);
  });

  it('the clipboard fallback copies without the Clipboard API', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id });
    await page.evaluate(`Object.defineProperty(navigator, 'clipboard', { value: undefined })`);
    await openPanel(page);
    const codes = panel(page).locator('[data-loyale-codes] li');
    await expect.poll(() => codes.count()).toBe(1);
    expect(await codes.first().textContent()).toMatch(/^Your code for 10% off.*Valid until [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await codes.first().getByRole('button', { name: 'Copy code' }).click();
    await expect.poll(() => panel(page).locator('[role="status"]').textContent()).toBe('Code copied.');
    expect(await focusInPanel(page)).toBe(true);
  });

  it('on a phone the open panel fits the screen and scrolls', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id });
    await page.setViewportSize({ width: 390, height: 700 });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-activity] li').count()).toBeGreaterThan(0);
    const box = await panel(page).boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(700);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'storefront-phone-panel.png') });
  });

  // An English shop: its default names have German names beside them, which the widget asks for on a German storefront.
  it('German storefront: German strings, numbers and tier and reward names, for guests and members', async () => {
    const guest = await open({ locale: 'de' });
    expect(await guest.locator('[data-loyale-open]').textContent()).toContain('Prämien');
    await openPanel(guest);
    expect(await panel(guest).getByRole('link', { name: 'Konto erstellen' }).count()).toBe(1);
    await expect.poll(() => panel(guest).locator('[data-loyale-tiers] li').nth(2).textContent()).toBe('Gold ab 2.000 Punkten1,5-fache Punkte pro Bestellung');
    expect(await panel(guest).locator('[data-loyale-earn]').textContent()).toBe('1 Punkt pro 1,00\u00a0€ Einkaufswert');
    await expectAccessible(guest);

    const asked: URL[] = [];
    const page = await open({ locale: 'de', customerId: JONAS.id, beforeLoad: (p) => p.on('request', (request) => asked.push(new URL(request.url()))) });
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expect.poll(() => page.locator('.loyale-card [data-loyale-points]').textContent()).toBe('120 Punkte');
    expect(await page.locator('.loyale-card').textContent()).toContain('Ihre Stufe');
    expect(await page.locator('.loyale-card .loyale-progress__label').textContent()).toBe('Noch 380 Punkte bis Silber');
    await openPanel(page);
    const dialog = panel(page);
    await expect.poll(() => dialog.locator('[data-loyale-rewards] li').first().textContent()).toBe('Kostenloser Versand300 PunkteEinlösenEs fehlen noch 180 Punkte');
    await expect.poll(() => dialog.locator('[data-loyale-activity] li').first().textContent()).toMatch(/^Punkte für eine Bestellung.*\+120$/);
    expect(await dialog.getByRole('button', { name: 'Schließen' }).count()).toBe(1);
    // Every request to the app proxy says the language the names should come in.
    const proxied = asked.filter((url) => url.pathname.includes('/apps/loyale/'));
    expect(proxied.length).toBeGreaterThanOrEqual(3);
    expect(proxied.map((url) => url.searchParams.get('locale'))).toEqual(proxied.map(() => 'de'));
    await expectAccessible(page);
    await screenshot(page, 'storefront-german');
  });
  it('a storefront in a language without widget texts (French): English texts with English plurals and numbers', async () => {
    // What the blocks render for a French request: Liquid's `t` falls back to English, `request.locale` is French.
    const page = await open({ locale: 'en', beforeLoad: (p) => changeConfig(p, (config) => ({ ...config, locale: 'fr' })) });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-tiers] li').allTextContents()).toEqual([
      'Bronze from 0 points',
      'Silver from 500 points1.25× points per order',
      'Gold from 2,000 points1.5× points per order',
    ]);
    expect(await panel(page).locator('[data-loyale-earn]').textContent()).toBe('1 point per €1.00 spent');
  });
});

/**
 * Issue 4's catalog in the widget: a Gold-only reward shows locked with the tier it needs, a free product with its
 * image and title; both set up in the admin API as a merchant would (the product looked up on the platform).
 */
describe('the rewards catalog in the widget', () => {
  const MUG = DEMO_PRODUCTS.find((p) => p.sku === 'MUG-MR')!;
  const MUG_VARIANT = `gid://shopify/ProductVariant/${MUG.variantId}`;

  interface Settings {
    tiers: { id: string; name: string }[];
    rewards: Record<string, unknown>[];
  }

  beforeAll(async () => {
    const api = (init?: RequestInit) =>
      fetch(`${app.url}/api/program/settings`, {
        ...init,
        headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}`, 'content-type': 'application/json' },
      });
    const settings = (await (await api()).json()) as Settings;
    const gold = settings.tiers.find((t) => t.name === 'Gold')!.id;
    const rewards = [
      ...settings.rewards.map(({ product: _product, ...reward }) => reward),
      { name: 'Gold gift', kind: 'amount_off', cost: 50, value: 5, active: true, minimumTierId: gold },
      { name: 'Free mug', kind: 'free_product', cost: 100, value: null, active: true, productVariantId: MUG_VARIANT, minimumSubtotal: '10' },
      // Switched off: the app proxy lists it (never redeemable), the widget does not offer it.
      { name: 'Retired gift', kind: 'amount_off', cost: 10, value: 5, active: false },
    ];
    const saved = await api({ method: 'PUT', body: JSON.stringify({ ...settings, rewards }) });
    expect(saved.status).toBe(200);
  });

  const rewardItem = (page: Page, name: string) => panel(page).locator('[data-loyale-rewards] li', { hasText: name });

  it('a guest sees the Gold reward locked and the free mug with its picture; accessible', async () => {
    const page = await open({ locale: 'en' });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-rewards] li').count()).toBe(4);
    expect(await rewardItem(page, 'Retired gift').count()).toBe(0);
    expect(await rewardItem(page, 'Gold gift').textContent()).toBe('Gold gift50 pointsGold members only');
    expect(await rewardItem(page, 'Gold gift').locator('.loyale-reward__lock').count()).toBe(1);
    const mug = rewardItem(page, 'Free mug');
    expect(await mug.textContent()).toBe(`Free mug${MUG.title}100 pointsOn orders from €10.00`);
    const image = mug.locator('img');
    expect(await image.getAttribute('src')).toBe(`${emulator().url}/images/products/${MUG.handle}.svg`);
    expect(await image.getAttribute('alt')).toBe('');
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await expectAccessible(page);
    expect((page as Page & { loyaleErrors: string[] }).loyaleErrors).toEqual([]);
  });

  it('a Bronze member: the locked reward cannot be redeemed, whatever the balance; the mug can', async () => {
    const page = await open({ locale: 'en', customerId: JONAS.id });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-rewards] li').count()).toBe(4);
    // 120 points would cover the switched-off reward: the app proxy lists it, not redeemable; the widget leaves it out.
    const view = (await (await fetch(`${app.url}/proxy/customer?${emulator().signProxyQuery(SHOP, String(JONAS.id))}`)).json()) as {
      rewards: { name: string; redeemable: boolean }[];
    };
    expect(view.rewards.find((r) => r.name === 'Retired gift')).toMatchObject({ redeemable: false });
    expect(await rewardItem(page, 'Retired gift').count()).toBe(0);
    const locked = rewardItem(page, 'Gold gift').getByRole('button', { name: 'Redeem' });
    expect(await locked.isDisabled()).toBe(true);
    expect(await page.locator(`#${await locked.getAttribute('aria-describedby')}`).textContent()).toBe('Gold members only');
    const mugButton = rewardItem(page, 'Free mug').getByRole('button', { name: 'Redeem' });
    expect(await mugButton.isEnabled()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'storefront-reward-catalog');

    await mugButton.click();
    const code = panel(page).locator('[data-loyale-code] .loyale-code__value');
    await expect.poll(() => code.count()).toBe(1);
    const value = await code.textContent();
    const discount = emulator().discounts(SHOP).find((d) => d.code === value);
    expect(discount?.mutation).toBe('discountCodeBasicCreate');
    expect(discount?.input).toMatchObject({
      // One mug free: its price off that variant, however many are in the cart.
      customerGets: { value: { discountAmount: { amount: MUG.price, appliesOnEachItem: false } }, items: { products: { productVariantsToAdd: [MUG_VARIANT] } } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '10.00' } },
    });
    expect(await points(JONAS.id)).toBe(20);
  });

  it('German: "Nur für Gold-Mitglieder"', async () => {
    const page = await open({ locale: 'de', customerId: ERIKA.id });
    await openPanel(page);
    await expect.poll(() => rewardItem(page, 'Gold gift').locator('.loyale-reward__why').textContent()).toBe('Nur für Gold-Mitglieder');
    expect(await rewardItem(page, 'Free mug').textContent()).toContain('Ab 10,00\u00a0€ Bestellwert');
    await expectAccessible(page);
    await screenshot(page, 'storefront-reward-catalog-de');
  });
});

/**
 * Issue 4's earning safeguards in the widget: with a 14-day approval period (set in the admin API, as a merchant
 * would), an order's points stay pending; the member sees them beside the balance, in the card and the panel.
 */
describe('pending points in the widget', () => {
  /** 75 points, pending for 14 days: 0 points spendable. */
  const MARIA = { id: 7_100_003, firstName: 'Maria', lastName: 'Schulz', orders: ['75.00'] };

  const activity = async (customerId: number) => {
    const res = await fetch(`${app.url}/proxy/activity?${emulator().signProxyQuery(SHOP, String(customerId))}`);
    return (await res.json()) as { pendingPoints: number };
  };

  const setApprovalDays = async (approvalDays: number) => {
    const api = (init?: RequestInit) =>
      fetch(`${app.url}/api/program/settings`, {
        ...init,
        headers: { authorization: `Bearer ${emulator().mintSessionToken(SHOP)}`, 'content-type': 'application/json' },
      });
    const settings = (await (await api()).json()) as { earning: Record<string, unknown>; rewards: Record<string, unknown>[] };
    const rewards = settings.rewards.map(({ product: _product, ...reward }) => reward);
    const saved = await api({ method: 'PUT', body: JSON.stringify({ ...settings, earning: { ...settings.earning, approvalDays }, rewards }) });
    expect(saved.status).toBe(200);
  };

  beforeAll(async () => {
    await setApprovalDays(14);
    try {
      await seed(MARIA);
      await eventually(async () => (await activity(MARIA.id)).pendingPoints === 75, 20_000);
    } finally {
      // Orders keep the period they were paid under: Maria's points stay pending.
      await setApprovalDays(0);
    }
  }, 60_000);

  const pending = (scope: ReturnType<Page['locator']>) => scope.locator('[data-loyale-pending]');

  it('a member with pending points sees them beside the balance, in the card and the panel; accessible', async () => {
    const page = await open({ locale: 'en', customerId: MARIA.id });
    const card = page.locator('.loyale-card');
    await expect.poll(() => pending(card).locator('strong').textContent()).toBe('75 points pending');
    expect(await pending(card).isVisible()).toBe(true);
    expect(await pending(card).locator('.loyale-muted').textContent()).toBe(
      'You can spend points for recent orders once the order is complete, for example shipped or past its return period.',
    );
    expect(await card.locator('[data-loyale-points]').textContent()).toBe('0 points');

    await openPanel(page);
    const dialog = panel(page);
    expect(await pending(dialog).locator('strong').textContent()).toBe('75 points pending');
    expect(await pending(dialog).isVisible()).toBe(true);
    expect(await dialog.locator('[data-loyale-points]').textContent()).toBe('0 points');
    // Nothing is booked yet: no ledger entry, and nothing to redeem with.
    await expect.poll(() => dialog.locator('[data-loyale-activity] li').allTextContents()).toEqual(['No activity yet.']);
    expect(await dialog.getByRole('button', { name: 'Redeem' }).first().isDisabled()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'storefront-pending');
    expect((page as Page & { loyaleErrors: string[] }).loyaleErrors).toEqual([]);
  });

  it('German: "75 Punkte vorgemerkt"', async () => {
    const page = await open({ locale: 'de', customerId: MARIA.id });
    const card = page.locator('.loyale-card');
    await expect.poll(() => pending(card).locator('strong').textContent()).toBe('75 Punkte vorgemerkt');
    expect(await pending(card).locator('.loyale-muted').textContent()).toBe(
      'Punkte für neue Bestellungen können Sie einlösen, sobald die Bestellung abgeschlossen ist, zum Beispiel nach dem Versand oder nach Ablauf der Rückgabefrist.',
    );
    await openPanel(page);
    expect(await pending(panel(page)).locator('strong').textContent()).toBe('75 Punkte vorgemerkt');
    await expectAccessible(page);
    await screenshot(page, 'storefront-pending-de');
  });

  it('a member without pending points sees no pending line', async () => {
    const page = await open({ locale: 'en', customerId: ERIKA.id });
    await openPanel(page);
    await expect.poll(() => panel(page).locator('[data-loyale-activity] li').count()).toBeGreaterThan(0);
    expect(await (await activity(ERIKA.id)).pendingPoints).toBe(0);
    expect(await pending(page.locator('.loyale-card')).isHidden()).toBe(true);
    expect(await pending(panel(page)).isHidden()).toBe(true);
  });
});
