import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminApi, adminTestFile, openAdmin } from './admin-support.js';

/**
 * Two merchants editing at once, in real Chromium: an editor that loaded before someone else saved is refused (409)
 * with the server's message and a Reload action, which shows the other save; nothing of the stale save is written.
 */
const env = adminTestFile();

interface SettingsJson {
  version: number;
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
}

async function tierNamesInDb(): Promise<string[]> {
  const rows = await env.app.ctx.db.$queryRaw<{ name: string }[]>`SELECT name FROM tiers WHERE shop_id = ${env.shopId} ORDER BY threshold`;
  return rows.map((r) => r.name);
}

/** Another merchant's save through the API: adds a tier to the program as it is now. */
async function someoneAddsTier(name: string, threshold: number): Promise<void> {
  const { body } = await adminApi<SettingsJson>(env.app, '/program/settings');
  const saved = await adminApi(env.app, '/program/settings', {
    method: 'PUT',
    body: JSON.stringify({ ...body, tiers: [...body.tiers, { name, threshold, multiplier: 2 }] }),
  });
  expect(saved.status).toBe(200);
}

/** Chromium logs every non-2xx response: the 409 is the answer these tests provoke. */
const unexpected = (errors: string[]) => errors.filter((error) => !/status of 409\b/.test(error));

/** Renames the tier at `index` and saves with Enter (the save bar's look is not this test's concern). */
async function renameAndSave(page: Page, index: number, name: string): Promise<void> {
  await page.locator(`#tier-${index}-name`).fill(name);
  await page.locator(`#tier-${index}-name`).press('Enter');
}

describe('the program editor when someone else saved meanwhile', () => {
  it.each([
    ['en', 'Someone saved these settings meanwhile; reload to see their changes, then make yours again', 'Reload', 'Platinum', 'Silver Plus', 'Program saved'],
    ['de', 'Jemand hat diese Einstellungen inzwischen gespeichert; lade neu, um die Änderungen zu sehen, und nimm deine dann noch einmal vor', 'Neu laden', 'Diamant', 'Silber Extra', 'Programm gespeichert'],
  ] as const)('in %s: the stale save is refused with the message and Reload; reloaded, the edit goes on top', async (locale, message, reload, added, renamed, savedToast) => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/program', locale);
    await page.locator('#tier-1-name').waitFor();
    const tiersShown = await page.locator('[id^="tier-"][id$="-name"]').count();

    await someoneAddsTier(added, 9000 + tiersShown);
    const theirs = await tierNamesInDb();
    await renameAndSave(page, 1, renamed);

    await page.getByText(message).waitFor();
    await page.getByRole('button', { name: reload, exact: true }).waitFor();
    // Nothing of the stale save was written: their tier stays, the rename is not there.
    expect(await tierNamesInDb()).toEqual(theirs);

    await page.getByRole('button', { name: reload, exact: true }).click();
    await expect.poll(() => page.locator(`#tier-${tiersShown}-name`).count()).toBe(1);
    expect(await page.locator(`#tier-${tiersShown}-name`).inputValue()).toBe(added);
    expect(await page.getByText(message).count()).toBe(0);

    await renameAndSave(page, 1, renamed);
    await page.getByText(savedToast).waitFor();
    expect(await tierNamesInDb()).toEqual(theirs.map((name, i) => (i === 1 ? renamed : name)));
    expect(unexpected(errors)).toEqual([]);
    await close();
  });
});
