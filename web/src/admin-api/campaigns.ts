import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import type { AppContext } from '../app/context.js';
import { authenticated } from '../auth/locals.js';
import { lookUpGiftProduct, viewGiftProduct, type GiftProductLookup } from '../campaigns/gift-product.js';
import { campaignModuleOf } from '../campaigns/module.js';
import { deleteCampaign, findCampaign, findCampaignByKey, listCampaigns, type CampaignInput, type CampaignRecord } from '../campaigns/repository.js';
import { giftProductGone, markOf } from '../campaigns/rules/gift-product.js';
import { nextRunAt } from '../campaigns/rules/schedule.js';
import { campaignsRunOnce, findShopRun, latestRuns, listRunRecipients, listRuns, type RunRecord } from '../campaigns/run-repository.js';
import { runAtIssues, saveCampaign, type SaveCampaignResult } from '../campaigns/save.js';
import type { HttpError } from '../http/errors.js';
import type { AdminClient } from '../shopify/admin-client.js';
import type { ShopRecord } from '../shops/repository.js';
import { DB_ID } from './dto/common.js';
import {
  type CampaignBody,
  campaignUpdateBody,
  newCampaignBody,
  runBody,
  runsQuery,
  toCampaignInput,
  toCampaignJson,
  toGiftProductJson,
  toPreviewRecipientJson,
  toRecipientJson,
  toRunJson,
} from './dto/campaigns.js';
import { apiError, invalidInput } from './errors.js';
import { askPlatform } from './platform.js';
import { parseBody, parseQuery, pathParam } from './validation.js';
import type * as Wire from './wire/index.js';

/** The newest runs a campaign's history lists. */
const HISTORY_LIMIT = 50;

const campaignNotFound = (req: Request) => apiError(req, 404, 'campaign_not_found');
const runNotFound = (req: Request) => apiError(req, 404, 'run_not_found');

/** `:id` of the path as a database id; an id that cannot exist is simply not found. */
const pathId = (req: Request, notFound: (req: Request) => HttpError): number => Number(pathParam(req, 'id', DB_ID, notFound));

/**
 * Surprise-gift campaigns: list, create (a repeat with the form's idempotency key answers 200 with the campaign the
 * key created), read, replace (with the version the editor read: 409 when it was saved since), delete; a preview (dry run); "run now" (202, the run queued);
 * the history of runs and one run with its recipients. Saving or deleting a campaign updates its scheduled jobs at
 * once; if Redis is away then, the campaign worker reconciles them when it is back. Saving a free-product gift looks
 * its variant up on the platform (422 when the shop has none, 502 when the platform cannot answer); "run now" on a
 * campaign whose gift product was deleted is refused (409). One campaign's answer says what its free product is now
 * (`giftProduct`: title, variant title, image; deleted; or unavailable when the platform cannot answer, which does not
 * fail the read), so the editor shows the product chosen, not only its GID.
 */
export function campaignRoutes(ctx: AppContext, admin: AdminClient): Router {
  const router = Router();
  const campaigns = () => campaignModuleOf(ctx);

  /** A `once` campaign that ran has no next run, whatever time it was saved with since (its job is not added again). */
  const stateOf = (shop: ShopRecord, campaign: CampaignRecord, lastRun: RunRecord | null, ranOnce: ReadonlySet<number>) => ({
    nextRunAt: campaign.active && !ranOnce.has(campaign.id) ? nextRunAt(campaign.schedule, new Date(), shop.timezone) : null,
    lastRun,
  });
  const onceCampaignsThatRan = (list: readonly CampaignRecord[]) =>
    campaignsRunOnce(ctx.db, list.filter((c) => c.schedule.kind === 'once').map((c) => c.id));

  /**
   * One campaign as its editor reads it: with its gift's product as the platform has it now (the campaign keeps only
   * the variant's GID), or as `found` by the save that just looked it up.
   */
  async function campaignJson(req: Request, shop: ShopRecord, campaign: CampaignRecord, found?: GiftProductLookup['found']): Promise<Wire.CampaignDetail> {
    const [last, ranOnce, giftProduct] = await Promise.all([
      latestRuns(ctx.db, [campaign.id]),
      onceCampaignsThatRan([campaign]),
      askPlatform(req, () => viewGiftProduct(admin, shop.domain, campaign, found)),
    ]);
    return { ...toCampaignJson(campaign, stateOf(shop, campaign, last.get(campaign.id) ?? null, ranOnce)), giftProduct: toGiftProductJson(giftProduct) };
  }

  async function loadCampaign(req: Request, shop: ShopRecord): Promise<CampaignRecord> {
    const campaign = await findCampaign(ctx.db, shop.id, pathId(req, campaignNotFound));
    if (!campaign) throw campaignNotFound(req);
    return campaign;
  }

  /** The body's campaign, its once time checked against the clock and `stored` (null for a new one): or a 422. */
  function campaignInput(req: Request, shop: ShopRecord, body: CampaignBody, stored: CampaignRecord | null): CampaignInput {
    const input = toCampaignInput(body, shop.timezone);
    const issues = runAtIssues(input.schedule, stored, new Date());
    if (Object.keys(issues).length > 0) throw invalidInput(req, issues);
    return input;
  }

  /** The gift's product as the platform has it, or the save refused (422); `stored`: null for a new campaign. */
  async function lookUpGift(req: Request, shop: ShopRecord, input: CampaignInput, stored: CampaignRecord | null): Promise<GiftProductLookup> {
    const lookup = await askPlatform(req, () => lookUpGiftProduct(admin, shop.domain, input.gift, stored));
    if (!lookup.ok) throw invalidInput(req, lookup.issues);
    return lookup;
  }

  /** The saved campaign, or the save's refusal as an HTTP error. */
  function savedCampaign(req: Request, result: SaveCampaignResult): { campaign: CampaignRecord; created: boolean } {
    if (result.ok) return result;
    if ('issues' in result) throw invalidInput(req, result.issues);
    throw 'conflict' in result ? apiError(req, 409, 'edit_conflict') : campaignNotFound(req);
  }

  /** A campaign a repeated POST is answered with: the one its key created; a 404 once the merchant deleted it. */
  function replay(req: Request, campaign: CampaignRecord): CampaignRecord {
    if (campaign.deletedAt) throw campaignNotFound(req);
    return campaign;
  }

  /** The job side follows the saved state; a failure here leaves it to the worker's reconciliation. */
  async function syncJobs(shop: ShopRecord, campaign: CampaignRecord): Promise<void> {
    try {
      await campaigns().sync(campaign, shop.timezone);
    } catch (err) {
      ctx.log.warn({ err, campaignId: campaign.id }, 'campaign jobs not updated; reconciled when Redis is back');
    }
  }

  router.get('/campaigns', async (_req, res) => {
    const { shop } = authenticated(res);
    const list = await listCampaigns(ctx.db, shop.id);
    const last = await latestRuns(ctx.db, list.map((c) => c.id));
    const ranOnce = await onceCampaignsThatRan(list);
    res.json({ campaigns: list.map((c) => toCampaignJson(c, stateOf(shop, c, last.get(c.id) ?? null, ranOnce))) } satisfies Wire.CampaignList);
  });

  router.post('/campaigns', async (req, res) => {
    const { shop } = authenticated(res);
    const { idempotencyKey, ...body } = parseBody(req, newCampaignBody);
    // Before the checks: a retry after the once time passed, or the gift's product was deleted, is still the same campaign.
    const earlier = idempotencyKey === undefined ? null : await findCampaignByKey(ctx.db, shop.id, idempotencyKey);
    if (earlier) {
      res.json(await campaignJson(req, shop, replay(req, earlier)));
      return;
    }
    const input = campaignInput(req, shop, body, null);
    const lookup = await lookUpGift(req, shop, input, null);
    const target = { id: null, idempotencyKey: idempotencyKey ?? null };
    const { campaign, created } = savedCampaign(req, await saveCampaign(ctx.db, shop.id, target, input, lookup));
    if (!created) {
      // A concurrent request with the same key created it (and synced its jobs).
      res.json(await campaignJson(req, shop, replay(req, campaign)));
      return;
    }
    await syncJobs(shop, campaign);
    res.status(201).json(await campaignJson(req, shop, campaign, lookup.found));
  });

  router.get('/campaigns/:id', async (req, res) => {
    const { shop } = authenticated(res);
    res.json(await campaignJson(req, shop, await loadCampaign(req, shop)));
  });

  router.put('/campaigns/:id', async (req, res) => {
    const { shop } = authenticated(res);
    const { version, ...body } = parseBody(req, campaignUpdateBody);
    const stored = await loadCampaign(req, shop);
    const input = campaignInput(req, shop, body, stored);
    const lookup = await lookUpGift(req, shop, input, stored);
    const { campaign } = savedCampaign(req, await saveCampaign(ctx.db, shop.id, { id: stored.id, version }, input, lookup));
    await syncJobs(shop, campaign);
    res.json(await campaignJson(req, shop, campaign, lookup.found));
  });

  router.delete('/campaigns/:id', async (req, res) => {
    const { shop } = authenticated(res);
    const id = pathId(req, campaignNotFound);
    if (!(await deleteCampaign(ctx.db, shop.id, id))) throw campaignNotFound(req);
    try {
      await campaigns().remove(id);
    } catch (err) {
      ctx.log.warn({ err, campaignId: id }, 'campaign jobs not removed; reconciled when Redis is back');
    }
    res.status(204).end();
  });

  router.post('/campaigns/:id/preview', async (req, res) => {
    const { shop } = authenticated(res);
    const preview = await campaigns().runner.preview(shop, await loadCampaign(req, shop));
    res.json({
      audienceSize: preview.audienceSize,
      recipientCount: preview.recipientCount,
      recipients: preview.recipients.map(toPreviewRecipientJson),
    } satisfies Wire.CampaignPreview);
  });

  router.post('/campaigns/:id/run', async (req, res) => {
    const { shop } = authenticated(res);
    const campaign = await loadCampaign(req, shop);
    const { idempotencyKey } = parseBody(req, runBody);
    // Refused before a run exists: the run would only fail at once (its job records the reason for scheduled runs).
    if (giftProductGone(campaign.gift, markOf(campaign))) throw apiError(req, 409, 'gift_product_missing');
    const run = await campaigns().runner.startRun(shop, campaign, { kind: 'manual', key: idempotencyKey ?? randomUUID() });
    try {
      await campaigns().enqueue(run);
    } catch (err) {
      // The run exists and will run: the stalled-run check queues a pending run that has no job (within about 15
      // minutes), and the same key again queues it at once. Answered as started, not as a failure to try again: a
      // second click after a reload (a new key) would make a second run, and both would gift the audience.
      ctx.log.warn({ err, runId: run.id }, 'campaign run not queued now; the stalled-run check will queue it');
    }
    res.status(202).json(toRunJson(run));
  });

  router.get('/campaigns/:id/runs', async (req, res) => {
    const { shop } = authenticated(res);
    const campaign = await loadCampaign(req, shop);
    const { dryRuns } = parseQuery(req, runsQuery);
    const runs = await listRuns(ctx.db, shop.id, campaign.id, { limit: HISTORY_LIMIT, dryRuns });
    res.json({ runs: runs.map(toRunJson) } satisfies Wire.CampaignRunList);
  });

  router.get('/campaign-runs/:id', async (req, res) => {
    const { shop } = authenticated(res);
    const run = await findShopRun(ctx.db, shop.id, pathId(req, runNotFound));
    if (!run) throw runNotFound(req);
    const campaign = await findCampaign(ctx.db, shop.id, run.campaignId, { includeDeleted: true });
    const recipients = await listRunRecipients(ctx.db, run.id);
    res.json({ ...toRunJson(run), campaign: { id: String(run.campaignId), name: campaign?.name ?? null }, recipients: recipients.map(toRecipientJson) } satisfies Wire.CampaignRunDetail);
  });

  return router;
}
