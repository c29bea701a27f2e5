import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminApi, adminTestFile, openAdmin } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * Unsaved changes are not lost by leaving the page. Standalone (the local emulator, no App Bridge) the app's router
 * asks in a dialog; inside Shopify App Bridge's save bar shows (`<ui-save-bar>`, `shopify.saveBar`) and the router
 * asks through `shopify.saveBar.leaveConfirmation()`. Shopify's App Bridge is not available here: a stand-in
 * `shopify` global records what the app asks of it, as the admin would receive it.
 */
const env = adminTestFile();

async function tierName(threshold: number): Promise<string | undefined> {
  const [tier] = await env.app.ctx.db.$queryRaw<{ name: string }[]>`
    SELECT name FROM tiers WHERE shop_id = ${env.shopId} AND threshold = ${threshold}`;
  return tier?.name;
}

async function senderName(): Promise<string | null> {
  const [settings] = await env.app.ctx.db.$queryRaw<{ sender_name: string | null }[]>`
    SELECT sender_name FROM notification_settings WHERE shop_id = ${env.shopId}`;
  return settings?.sender_name ?? null;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/**
 * App Bridge's `shopify` global as far as the admin app uses it, put on the page before the app loads (a script
 * text: it runs in the page); calls are recorded on `appBridgeCalls`, and `confirmLeaving()` answers the pending
 * leave confirmations as the admin does when the merchant agrees to leave.
 */
const FAKE_APP_BRIDGE = `
  const calls = [];
  const leaving = [];
  window.appBridgeCalls = calls;
  window.confirmLeaving = () => leaving.splice(0).forEach((leave) => leave());
  window.shopify = {
    config: { locale: 'en' },
    // The local emulator mints the session token App Bridge would give.
    idToken: async () => {
      const url = document.querySelector('meta[name="loyale-session-token-url"]').content;
      return (await (await fetch(url)).json()).token;
    },
    toast: { show: (message) => calls.push(['toast', message]) },
    saveBar: {
      show: async (id) => void calls.push(['show', id]),
      hide: async (id) => void calls.push(['hide', id]),
      // Settles only once the merchant agrees to leave.
      leaveConfirmation: () => {
        calls.push(['leaveConfirmation']);
        return new Promise((resolve) => leaving.push(resolve));
      },
    },
  };
`;

async function fakeAppBridge(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: FAKE_APP_BRIDGE });
}

type PageWithFake = typeof globalThis & { appBridgeCalls: unknown[][]; confirmLeaving(): void };

const appBridgeCalls = (page: Page) => page.evaluate(() => (globalThis as PageWithFake).appBridgeCalls.map((call) => call.join(' ')));

describe('leaving a page with unsaved changes', () => {
  // Standalone, Polaris' save bar covers the header with the tabs: what leaves the page then is the browser's back
  // and forward (and any in-app link).
  it('standalone: back asks first; Stay keeps the edit, Leave page drops it', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/');
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Program' }).click();
    await page.locator('#tier-1-name').fill('Silver (unsaved)');
    await page.getByText('Unsaved changes').waitFor();

    // Back to the dashboard: the editor's URL stays, and a dialog asks.
    await page.goBack();
    const dialog = page.getByRole('dialog', { name: 'Leave page with unsaved changes?' });
    await dialog.getByText('If you leave this page, your unsaved changes will be lost.').waitFor();
    // Back is undone: the editor's URL again.
    await expect.poll(() => pathOf(page)).toBe('/program');
    await screenshot(page, 'admin-leave-confirm-en');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(pathOf(page)).toBe('/program');
    expect(await page.locator('#tier-1-name').inputValue()).toBe('Silver (unsaved)');
    await page.getByText('Unsaved changes').waitFor();

    await page.goBack();
    await dialog.getByRole('button', { name: 'Leave page' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await tierName(500)).toBe('Silver');

    // Nothing unsaved: no question.
    await page.getByRole('tab', { name: 'Program' }).click();
    expect(await page.locator('#tier-1-name').inputValue()).toBe('Silver');
    await page.getByRole('tab', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it('standalone, in German', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/', 'de');
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Benachrichtigungen' }).click();
    await page.locator('#notification-sender-name').fill('Rösterei');
    await page.getByText('Nicht gespeicherte Änderungen').waitFor();
    await page.goBack();
    const dialog = page.getByRole('dialog', { name: 'Seite mit nicht gespeicherten Änderungen verlassen?' });
    await dialog.getByText('Wenn du diese Seite verlässt, gehen deine nicht gespeicherten Änderungen verloren.').waitFor();
    await expect.poll(() => pathOf(page)).toBe('/notifications');
    expect(await dialog.getByRole('button', { name: 'Bleiben' }).count()).toBe(1);
    await screenshot(page, 'admin-leave-confirm-de');
    await dialog.getByRole('button', { name: 'Seite verlassen' }).click();
    await page.getByRole('heading', { name: 'Dashboard', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/');
    expect(await senderName()).toBeNull();
    expect(errors).toEqual([]);
    await close();
  });

  it("inside Shopify: App Bridge's save bar shows and saves; leaving waits for the admin's leave confirmation", async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/notifications', 'en', fakeAppBridge);
    const sender = page.locator('#notification-sender-name');
    await sender.waitFor();
    const bar = page.locator('ui-save-bar');
    const id = await bar.getAttribute('id');
    expect(id).toMatch(/^save-bar-\w+$/);
    expect(await appBridgeCalls(page)).not.toContain(`show ${id}`);

    await sender.fill('Rösterei am Markt');
    await expect.poll(() => appBridgeCalls(page)).toContain(`show ${id}`);
    // The admin draws the bar: none of the app's own.
    expect(await page.getByText('Unsaved changes').count()).toBe(0);

    // A section of the app's navigation menu: the router waits for the admin's answer; the merchant stays.
    await page.locator('ui-nav-menu a', { hasText: 'Customers' }).click();
    await expect.poll(() => appBridgeCalls(page)).toContain('leaveConfirmation');
    expect(pathOf(page)).toBe('/notifications');

    // The admin's Save clicks the bar's primary button.
    await bar.locator('button[variant="primary"]').evaluate((button) => (button as unknown as { click(): void }).click());
    await expect.poll(() => appBridgeCalls(page)).toContain('toast Notification settings saved');
    expect(await senderName()).toBe('Rösterei am Markt');
    // Saved: nothing unsaved, the bar goes.
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`hide ${id}`);

    // The admin's Discard clicks the other button.
    await sender.fill('Someone else');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`show ${id}`);
    await bar.locator('button:not([variant])').evaluate((button) => (button as unknown as { click(): void }).click());
    await expect.poll(() => sender.inputValue()).toBe('Rösterei am Markt');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`hide ${id}`);

    // Another edit, and this time the merchant confirms leaving: the bar is hidden before the route changes.
    await sender.fill('Never saved');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`show ${id}`);
    await page.locator('ui-nav-menu a', { hasText: 'Customers' }).click();
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe('leaveConfirmation');
    expect(pathOf(page)).toBe('/notifications');
    await page.evaluate(() => (globalThis as PageWithFake).confirmLeaving());
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/customers');
    const calls = await appBridgeCalls(page);
    expect(calls.slice(calls.lastIndexOf('leaveConfirmation'))).toContain(`hide ${id}`);
    expect(await senderName()).toBe('Rösterei am Markt');
    expect(errors).toEqual([]);
    await close();
  });
});

describe('the campaign editor guards its unsaved edits as the program page does', () => {
  async function newCampaign(name: string): Promise<string> {
    const body = { name, active: false, recipients: { mode: 'count', count: 1 }, schedule: { kind: 'weekly', weekday: 1, time: '09:00' }, gift: { kind: 'bonus_points', points: 10 } };
    const res = await adminApi<{ id: string }>(env.app, '/campaigns', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return res.body.id;
  }
  const stored = (id: string) => env.app.ctx.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } });

  it('standalone: leaving asks first; Stay keeps the edit, Leave page drops it; a save or a deletion leaves without asking', async () => {
    const id = await newCampaign('Dankeschön');
    const { page, errors, close } = await openAdmin(env.browser, env.app, `/campaigns/${id}`);
    const name = page.locator('#campaign-name');
    await name.waitFor();
    // Nothing unsaved: no bar.
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    await name.fill('Dankeschön (unsaved)');
    await page.getByText('Unsaved changes').waitFor();

    // The page's own way back to the list (an in-app link): the router asks first.
    const dialog = page.getByRole('dialog', { name: 'Leave page with unsaved changes?' });
    await page.getByRole('link', { name: 'Surprise gifts' }).click();
    await dialog.waitFor();
    await screenshot(page, 'admin-campaign-leave-confirm-en');
    await dialog.getByRole('button', { name: 'Stay' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(pathOf(page)).toBe(`/campaigns/${id}`);
    expect(await name.inputValue()).toBe('Dankeschön (unsaved)');

    // Leaving drops the edit.
    await page.getByRole('link', { name: 'Surprise gifts' }).click();
    await dialog.getByRole('button', { name: 'Leave page' }).click();
    await page.getByRole('heading', { name: 'Surprise gifts', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/campaigns');
    expect((await stored(id)).name).toBe('Dankeschön');

    // A new campaign is unsaved until its first save; saved from the bar, its page opens without a question.
    await page.getByRole('link', { name: 'Create campaign' }).or(page.getByRole('button', { name: 'Create campaign' })).first().click();
    await page.getByText('Unsaved campaign').waitFor();
    await page.locator('#campaign-name').fill('Frisch gespeichert');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Campaign saved').first().waitFor();
    await page.waitForURL(/\/campaigns\/\d+\?/);
    const created = /\/campaigns\/(\d+)\?/.exec(page.url())![1]!;
    expect(await dialog.count()).toBe(0);
    expect(await page.getByText('Unsaved campaign').count()).toBe(0);

    // Deleted with an unsaved edit: the edit goes with it, no question on the way to the list.
    await name.fill('Edited, then deleted');
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Delete campaign' }).click();
    await page.getByRole('dialog', { name: 'Delete campaign' }).getByRole('button', { name: 'Delete campaign' }).click();
    await page.getByRole('heading', { name: 'Surprise gifts', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/campaigns');
    expect(await dialog.count()).toBe(0);
    expect(await stored(created)).toMatchObject({ name: 'Frisch gespeichert', deletedAt: expect.any(Date) });
    expect(errors).toEqual([]);
    await close();
  });

  it('standalone, in German: a new campaign left by back asks in German', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/campaigns', 'de');
    await page.getByRole('heading', { name: 'Überraschungsgeschenke', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Kampagne erstellen' }).or(page.getByRole('button', { name: 'Kampagne erstellen' })).first().click();
    await page.locator('#campaign-name').fill('Nie gespeichert');
    await page.getByText('Nicht gespeicherte Kampagne').waitFor();
    await page.goBack();
    const dialog = page.getByRole('dialog', { name: 'Seite mit nicht gespeicherten Änderungen verlassen?' });
    await dialog.getByText('Wenn du diese Seite verlässt, gehen deine nicht gespeicherten Änderungen verloren.').waitFor();
    await expect.poll(() => pathOf(page)).toBe('/campaigns/new');
    await dialog.getByRole('button', { name: 'Bleiben' }).click();
    expect(await page.locator('#campaign-name').inputValue()).toBe('Nie gespeichert');
    await page.goBack();
    await dialog.getByRole('button', { name: 'Seite verlassen' }).click();
    await page.getByRole('heading', { name: 'Überraschungsgeschenke', exact: true }).waitFor();
    expect(pathOf(page)).toBe('/campaigns');
    expect(await env.app.ctx.db.campaign.count({ where: { shopId: env.shopId, name: 'Nie gespeichert' } })).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it("inside Shopify: App Bridge's save bar shows and saves; leaving waits for the admin's leave confirmation; a new campaign's save moves on unasked", async () => {
    const id = await newCampaign('Sommergruß');
    const { page, errors, close } = await openAdmin(env.browser, env.app, `/campaigns/${id}`, 'en', fakeAppBridge);
    const name = page.locator('#campaign-name');
    await name.waitFor();
    const bar = page.locator('ui-save-bar');
    const barId = await bar.getAttribute('id');
    expect(barId).toMatch(/^save-bar-\w+$/);
    expect(await appBridgeCalls(page)).not.toContain(`show ${barId}`);

    await name.fill('Sommergruß 2027');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`show ${barId}`);
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    // The admin's Save clicks the bar's primary button.
    await bar.locator('button[variant="primary"]').evaluate((button) => (button as unknown as { click(): void }).click());
    await expect.poll(() => appBridgeCalls(page)).toContain('toast Campaign saved');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`hide ${barId}`);
    expect((await stored(id)).name).toBe('Sommergruß 2027');

    // Another edit; the app's navigation menu waits for the admin's answer, and the bar is hidden before the route changes.
    await name.fill('Never saved');
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe(`show ${barId}`);
    await page.locator('ui-nav-menu a', { hasText: 'Customers' }).click();
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toBe('leaveConfirmation');
    expect(pathOf(page)).toBe(`/campaigns/${id}`);
    await page.evaluate(() => (globalThis as PageWithFake).confirmLeaving());
    await page.getByRole('heading', { name: 'Customers', exact: true }).waitFor();
    const calls = await appBridgeCalls(page);
    expect(calls.slice(calls.lastIndexOf('leaveConfirmation'))).toContain(`hide ${barId}`);
    expect((await stored(id)).name).toBe('Sommergruß 2027');

    // A new campaign: the bar shows at once; its save opens the campaign's page without asking the admin.
    await page.locator('ui-nav-menu a', { hasText: 'Surprise gifts' }).click();
    await page.getByRole('link', { name: 'Create campaign' }).or(page.getByRole('button', { name: 'Create campaign' })).first().click();
    await page.locator('#campaign-name').fill('Neu aus dem Admin');
    const newBar = await page.locator('ui-save-bar').getAttribute('id');
    await expect.poll(() => appBridgeCalls(page)).toContain(`show ${newBar}`);
    const asked = (await appBridgeCalls(page)).filter((call) => call === 'leaveConfirmation').length;
    await page.locator('ui-save-bar button[variant="primary"]').evaluate((button) => (button as unknown as { click(): void }).click());
    await page.waitForURL(/\/campaigns\/\d+\?/);
    await expect.poll(async () => (await appBridgeCalls(page)).at(-1)).toMatch(/^hide /);
    expect((await appBridgeCalls(page)).filter((call) => call === 'leaveConfirmation')).toHaveLength(asked);
    expect(await env.app.ctx.db.campaign.count({ where: { shopId: env.shopId, name: 'Neu aus dem Admin' } })).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});
