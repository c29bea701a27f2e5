import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../../emulator/demo-data.js';
import { campaignModuleOf } from '../../src/campaigns/module.js';
import { findCampaign } from '../../src/campaigns/repository.js';
import { emulatorOf, eventually } from '../harness.js';
import { adminApi, adminTestFile, openAdmin, SHOP, seedShop } from './admin-support.js';
import { screenshot } from './chromium.js';

/**
 * The surprise-gift campaigns in real Chromium against the real app (worker, emulator): create a campaign, preview
 * who would receive it, run it now and find the delivery in the history, in English and in German.
 */
const env = adminTestFile(seedShop);
/** A variant of the emulator's catalogue: saving a free-product campaign looks it up. */
const TASTING = DEMO_PRODUCTS.find((p) => p.sku === 'TASTE-4')!;
const VARIANT = `gid://shopify/ProductVariant/${TASTING.variantId}`;

/** The campaign saved: its own page (`/campaigns/<id>`) is loaded. */
async function saved(page: Page, message: string): Promise<string> {
  await page.getByText(message).first().waitFor();
  await page.waitForURL(/\/campaigns\/\d+\?/);
  return /\/campaigns\/(\d+)\?/.exec(page.url())?.[1] ?? '';
}

/** The history shows the run finished, and its page lists each recipient with their gift. */
async function runFinished(page: Page, completed: string): Promise<void> {
  await page.locator('#campaign-history').getByText(completed, { exact: true }).waitFor({ timeout: 20_000 });
}

describe('surprise-gift campaigns in Chromium', () => {
  it('English: create a campaign, preview it, run it now; the history shows the delivery', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/campaigns');
    await page.getByRole('heading', { name: 'Surprise gifts', exact: true }).waitFor();
    await page.getByText('No campaigns yet').waitFor();
    await page.getByRole('link', { name: 'Create campaign' }).or(page.getByRole('button', { name: 'Create campaign' })).first().click();

    await page.locator('#campaign-name').waitFor();
    await page.locator('#campaign-name').fill('Thank you, Gold');
    await page.locator('#campaign-minimum-tier').selectOption({ label: 'Gold' });
    await page.locator('#campaign-count').fill('5');
    await page.locator('#campaign-gift-kind').selectOption('bonus_points');
    await page.locator('#campaign-points').fill('250');
    await screenshot(page, 'admin-campaigns-new-en');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const campaignId = await saved(page, 'Campaign saved');

    await page.getByRole('button', { name: 'Preview recipients' }).click();
    await page.locator('#campaign-preview-summary').getByText('1 member matches; recipients: 1.').waitFor();
    const preview = page.locator('#campaign-preview-table');
    await preview.getByText('Jürgen Groß').waitFor();
    await preview.getByText('j.gross@example.org').waitFor();
    await screenshot(page, 'admin-campaigns-preview-en');
    // The preview sent nothing.
    expect(await env.app.ctx.db.ledgerEntry.count({ where: { shopId: env.shopId, reason: 'surprise_gift' } })).toBe(0);

    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('Run started').first().waitFor();
    await runFinished(page, 'Completed');
    await screenshot(page, 'admin-campaigns-history-en');

    await page.locator('#campaign-history tbody tr').first().click();
    const recipients = page.locator('#campaign-run-recipients');
    await recipients.getByText('Jürgen Groß').waitFor();
    await recipients.getByText('Delivered').waitFor();
    await recipients.getByText('250 points').waitFor();
    await screenshot(page, 'admin-campaigns-run-en');

    const entries = await env.app.ctx.db.ledgerEntry.findMany({ where: { shopId: env.shopId, reason: 'surprise_gift' }, include: { member: true } });
    expect(entries.map((e) => [e.member.customerId, e.delta, e.note])).toEqual([['7003', 250, 'Thank you, Gold']]);

    await page.goto(`${env.app.url}/campaigns?shop=${SHOP}&locale=en`);
    const row = page.locator('#campaigns-table tbody tr', { hasText: 'Thank you, Gold' });
    await row.getByText('250 bonus points').waitFor();
    await row.getByText('Every Monday at 09:00').waitFor();
    await row.getByText('Completed').waitFor();
    expect(campaignId).toMatch(/^\d+$/);
    expect(errors).toEqual([]);
    await close();
  });

  it('German: a free product for a share of the audience, from the preview to the delivered order', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/campaigns', 'de');
    await page.getByRole('heading', { name: 'Überraschungsgeschenke', exact: true }).waitFor();
    await page.locator('#campaigns-table').getByText('Thank you, Gold').waitFor();
    await page.locator('#campaigns-table').getByText('Jeden Montag um 09:00').waitFor();
    await screenshot(page, 'admin-campaigns-list-de');

    await page.getByRole('link', { name: 'Kampagne erstellen' }).or(page.getByRole('button', { name: 'Kampagne erstellen' })).first().click();
    await page.locator('#campaign-name').waitFor();
    await page.locator('#campaign-name').fill('Gratis-Probe');
    await page.getByRole('checkbox', { name: 'Silver' }).check();
    await page.getByRole('checkbox', { name: 'Gold' }).check();
    await page.locator('#campaign-recipient-mode').selectOption('share');
    await page.locator('#campaign-share').fill('50');
    await page.locator('#campaign-schedule-kind').selectOption('monthly');
    await page.locator('#campaign-gift-kind').selectOption('free_product');
    expect(await page.getByText('Noch kein Produkt gewählt').count()).toBe(1);
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    // No product chosen: the server's 422, in German, on the picker.
    await page.locator('#campaign-productError').getByText('Nicht im erwarteten Format').waitFor();
    // The merchant picks the product by its title (no variant ID to type); the card shows it with its image.
    await page.locator('#campaign-product').click();
    await page.locator('#campaign-product').fill('probierset');
    const option = page.getByRole('option', { name: /Probierset, 4 × 100 g · 29,90\s€/ });
    await option.waitFor();
    await option.locator('img').waitFor(); // the option shows the product's image (it may render a moment after the name)
    await option.click();
    const chosen = page.getByText('Probierset, 4 × 100 g', { exact: true });
    await chosen.waitFor();
    expect(await page.locator('#campaign-productError').count()).toBe(0);
    await screenshot(page, 'admin-campaigns-gift-product-de');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const campaignId = await saved(page, 'Kampagne gespeichert');
    // What is stored is the variant's GID, and its title as the platform had it.
    expect(await env.app.ctx.db.campaign.findUnique({ where: { id: Number(campaignId) } })).toMatchObject({
      giftProductVariantId: VARIANT,
      giftProductTitle: 'Probierset, 4 × 100 g',
    });
    // Opened again, the card names the product with its image (the API asks the platform).
    await page.reload();
    await page.getByText('Probierset, 4 × 100 g', { exact: true }).waitFor();
    expect(await page.locator(`img[src$="/images/products/${TASTING.handle}.svg"]`).count()).toBe(1);
    expect(await page.getByText('Noch kein Produkt gewählt').count()).toBe(0);
    await screenshot(page, 'admin-campaigns-gift-product-reopened-de');

    await page.getByRole('button', { name: 'Empfänger anzeigen' }).click();
    await page.locator('#campaign-preview-summary').getByText('2 Mitglieder passen; Empfänger: 1.').waitFor();
    await screenshot(page, 'admin-campaigns-preview-de');

    await page.getByRole('button', { name: 'Jetzt ausführen' }).click();
    await page.getByText('Durchlauf gestartet').first().waitFor();
    await runFinished(page, 'Abgeschlossen');
    await screenshot(page, 'admin-campaigns-history-de');

    await page.locator('#campaign-history tbody tr').first().click();
    const recipients = page.locator('#campaign-run-recipients');
    await recipients.getByText('Zugestellt').waitFor();
    await recipients.getByText(/^Bestellung \d+$/).waitFor();
    await screenshot(page, 'admin-campaigns-run-de');

    const drafts = emulatorOf(env.app)
      .graphqlLog(SHOP)
      .filter((entry) => entry.operationName === 'DraftOrderCreate');
    expect(drafts).toHaveLength(1);
    expect((drafts[0]?.variables as { input: unknown }).input).toMatchObject({
      lineItems: [{ variantId: VARIANT, quantity: 1 }],
      appliedDiscount: { valueType: 'PERCENTAGE', value: 100 },
    });

    // The merchant deletes the product in the shop: the list and the editor say so, and the campaign cannot run.
    await emulatorOf(env.app).catalog.deleteProduct(SHOP, VARIANT);
    await eventually(async () => (await env.app.ctx.db.campaign.findUnique({ where: { id: Number(campaignId) } }))?.giftProductMissingAt ?? undefined);
    await page.goto(`${env.app.url}/campaigns?shop=${SHOP}&locale=de`);
    const listed = page.locator('#campaigns-table tbody tr', { hasText: 'Gratis-Probe' });
    await listed.getByText('Produkt gelöscht').waitFor();
    // The list names the product as the campaign saved it.
    await listed.getByText('Gratisprodukt: Probierset, 4 × 100 g', { exact: true }).waitFor();
    await page.goto(`${env.app.url}/campaigns/${campaignId}?shop=${SHOP}&locale=de`);
    await page.getByText('Das Geschenkprodukt wurde in deinem Shop gelöscht; wähle ein anderes Produkt').waitFor();
    // The gift card says the chosen product is gone, named as it was saved (not shown as still chosen).
    await page
      .getByText('Das für diese Kampagne gewählte Produkt „Probierset, 4 × 100 g“ gibt es in deinem Shop nicht mehr; wähle ein anderes Produkt', { exact: true })
      .waitFor();
    expect(await page.getByText('Probierset, 4 × 100 g', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Jetzt ausführen' }).isDisabled()).toBe(true);
    await screenshot(page, 'admin-campaigns-product-missing-de');
    expect(errors).toEqual([]);
    await close();
  });

  it('a second Enter while a new campaign saves makes no second campaign; the fields wait; a save drops the old preview', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/campaigns/new');
    const name = page.locator('#campaign-name');
    await name.waitFor();
    await name.fill('Double Enter');
    // The first creation waits for the test; any further one would go through at once (and be a second campaign).
    const creations: Route[] = [];
    await page.route('**/api/campaigns', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      creations.push(route);
      if (creations.length > 1) await route.continue();
    });
    // Two submits in one task, before React has rendered anything in between: a double Enter at its fastest.
    await page.locator('form', { has: name }).evaluate((form) => {
      const editor = form as unknown as { requestSubmit(): void };
      editor.requestSubmit();
      editor.requestSubmit();
    });
    await expect.poll(() => creations.length).toBe(1);
    // Nothing typed now could be lost when the answer replaces the form.
    await expect.poll(() => name.isDisabled()).toBe(true);
    await creations[0]?.continue();
    await saved(page, 'Campaign saved');
    expect(creations).toHaveLength(1);
    expect(await env.app.ctx.db.campaign.count({ where: { shopId: env.shopId, name: 'Double Enter' } })).toBe(1);
    expect(await name.isEditable()).toBe(true);

    // The preview shows the saved audience; saving another count drops it rather than leave it on screen, outdated.
    await page.getByRole('button', { name: 'Preview recipients' }).click();
    await page.locator('#campaign-preview-summary').waitFor();
    await page.locator('#campaign-count').fill('3');
    const update = page.waitForResponse((res) => res.request().method() === 'PUT' && /\/api\/campaigns\/\d+$/.test(new URL(res.url()).pathname));
    await page.locator('#campaign-count').press('Enter');
    expect((await update).status()).toBe(200);
    await expect.poll(() => page.locator('#campaign-preview-summary').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
  it('German: why a recipient or a run failed, in German; Shopify’s own refusal quoted, never the English detail', async () => {
    const program = await adminApi<{ rewards: { id: string; kind: string }[] }>(env.app, '/program');
    const rewardId = program.body.rewards.find((reward) => reward.kind === 'free_shipping')!.id;
    const campaign = async (name: string) => {
      const body = { name, active: false, recipients: { mode: 'count', count: 1 }, schedule: { kind: 'weekly', weekday: 1, time: '09:00' }, gift: { kind: 'reward_code', rewardId } };
      const res = await adminApi<{ id: string }>(env.app, '/campaigns', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(201);
      return res.body.id;
    };

    // The platform refuses the code, in the shop's language: its words are quoted after the admin's own.
    const refusedId = await campaign('Versand geschenkt');
    emulatorOf(env.app).faults.refuseNextDiscounts(1, 'Rabattcodes sind in diesem Shop deaktiviert');
    const started = await adminApi<{ id: string }>(env.app, `/campaigns/${refusedId}/run`, { method: 'POST', body: '{}' });
    expect(started.status).toBe(202);
    await eventually(async () => (await env.app.ctx.db.campaignRun.findUnique({ where: { id: Number(started.body.id) } }))?.status === 'completed_with_errors', 20_000);
    emulatorOf(env.app).faults.reset();

    // A run whose campaign was deleted before it chose anyone.
    const deletedId = await campaign('Gelöscht vor dem Lauf');
    const shop = await env.app.ctx.db.shop.findUniqueOrThrow({ where: { id: env.shopId } });
    const { runner } = campaignModuleOf(env.app.ctx);
    const run = await runner.startRun(shop, (await findCampaign(env.app.ctx.db, env.shopId, Number(deletedId)))!, { kind: 'manual', key: 'deleted-first' });
    const deleted = await fetch(`${env.app.url}/api/campaigns/${deletedId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${emulatorOf(env.app).mintSessionToken(SHOP)}` },
    });
    expect(deleted.status).toBe(204);
    expect(await runner.executeRun(run.id)).toMatchObject({ status: 'failed' });

    const { page, errors, close } = await openAdmin(env.browser, env.app, `/campaigns/runs/${started.body.id}`, 'de');
    const recipients = page.locator('#campaign-run-recipients');
    await recipients.getByText('Fehlgeschlagen').waitFor();
    await recipients.getByText('Shopify hat das Geschenk abgelehnt: „Rabattcodes sind in diesem Shop deaktiviert“').waitFor();
    expect(await recipients.getByText('refused', { exact: false }).count()).toBe(0);
    await screenshot(page, 'admin-campaigns-run-refused-de');

    await page.goto(`${env.app.url}/campaigns/runs/${run.id}?shop=${SHOP}&locale=de`);
    await page.locator('#campaign-run-failure').getByText('Die Kampagne wurde gelöscht, bevor dieser Durchlauf Empfänger ausgewählt hat.').waitFor();
    expect(await page.getByText('the campaign was deleted', { exact: false }).count()).toBe(0);
    await screenshot(page, 'admin-campaigns-run-failed-de');
    expect(errors).toEqual([]);
    await close();
  });
});
