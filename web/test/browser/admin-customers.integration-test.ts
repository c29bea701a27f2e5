import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminTestFile, openAdmin, seedShop } from './admin-support.js';

/**
 * The customer pages when requests overlap or their answers are lost, in real Chromium against the real app: the
 * merchant reads what happened in their language and never books or pages on stale state.
 */
const env = adminTestFile(seedShop);

const points = (n: number) => `${new Intl.NumberFormat('en').format(n)} points`;

async function balance(customerId: string): Promise<number> {
  const member = await env.app.ctx.db.member.findFirstOrThrow({ where: { shopId: env.shopId, customerId } });
  return member.points;
}

/** Chromium logs a request the test failed on purpose; any other console error still fails the test. */
const unexpected = (errors: string[]) => errors.filter((error) => !/net::ERR_FAILED/.test(error));

describe('customer pages in Chromium, with lost and overlapping requests', () => {
  it('an adjustment whose answer is lost: the merchant is told in their words, sees it booked, and an edited resubmit is a new adjustment', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers/7001');
    const before = await balance('7001');
    await expect.poll(() => page.locator('#customer-points').textContent()).toBe(points(before));

    // The server books the adjustment; its answer is lost on the way back.
    await page.route(
      '**/api/customers/7001/adjustments',
      async (route: Route) => {
        await route.fetch();
        await route.abort('failed');
      },
      { times: 1 },
    );
    await page.getByLabel('Points', { exact: true }).fill('10');
    await page.getByLabel('Reason').fill('Lost answer');
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await page.getByText('Something went wrong: The server could not be reached; check the connection and try again').waitFor();
    // The page reloads the balance and the ledger: the booking shows.
    await expect.poll(() => page.locator('#customer-points').textContent()).toBe(points(before + 10));
    await expect.poll(() => page.locator('#ledger tbody tr').first().textContent()).toContain('Lost answer');

    // Not trusting it, the merchant corrects the reason and sends again: other values are another adjustment (the
    // first one's key would have been refused with a 409).
    await page.getByLabel('Reason').fill('Lost answer, corrected');
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await page.getByText(`Balance adjusted: ${points(before + 20)}`).waitFor();
    const notes = await env.app.ctx.db.ledgerEntry.findMany({
      where: { shopId: env.shopId, reason: 'manual_adjustment', member: { customerId: '7001' } },
      orderBy: { id: 'asc' },
      select: { delta: true, note: true },
    });
    expect(notes).toEqual([
      { delta: 10, note: 'Lost answer' },
      { delta: 10, note: 'Lost answer, corrected' },
    ]);
    expect(unexpected(errors)).toEqual([]);
    await close();
  });

  it('German: a lost answer is worded in German, not the browser’s English', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers/7004', 'de');
    await page.locator('#customer-points').waitFor();
    await page.route('**/api/customers/7004/adjustments', (route: Route) => route.abort('failed'), { times: 1 });
    await page.getByLabel('Punkte', { exact: true }).fill('5');
    await page.getByLabel('Grund').fill('Verbindung weg');
    await page.getByRole('button', { name: 'Punktestand anpassen' }).click();
    await page.getByText('Der Server war nicht erreichbar; prüfe die Verbindung und versuche es noch einmal').waitFor();
    expect(await page.getByText('Failed to fetch').count()).toBe(0);
    expect(unexpected(errors)).toEqual([]);
    await close();
  });

  it('the customer list offers no paging while another sort loads (the shown page’s cursor belongs to the old sort)', async () => {
    const { page, errors, close } = await openAdmin(env.browser, env.app, '/customers');
    // Every answer claims a next page (the seed fits on one); the list sorted by name waits for the test.
    const held: Route[] = [];
    await page.route(/\/api\/customers\?/, async (route: Route) => {
      if (new URL(route.request().url()).searchParams.get('sort') === 'name_asc') {
        held.push(route);
        return;
      }
      const response = await route.fetch();
      const body = (await response.json()) as { pageInfo: object };
      await route.fulfill({ response, json: { ...body, pageInfo: { ...body.pageInfo, hasNextPage: true, endCursor: 'cursor-of-the-points-sort' } } });
    });
    const next = page.locator('#customers-table').getByRole('button', { name: 'Next' });
    await expect.poll(() => next.isEnabled()).toBe(true);

    await page.getByLabel('Sort by').selectOption('name_asc');
    await expect.poll(() => held.length).toBe(1);
    await expect.poll(() => next.isDisabled()).toBe(true);
    await held[0]?.continue();
    await expect.poll(() => page.locator('#customers-table tbody tr').first().textContent()).toContain('Erika Mustermann');
    expect(errors).toEqual([]);
    await close();
  });
});
