import pLimit from 'p-limit';
import type { AppContext } from '../app/context.js';
import { programLocaleFor } from '../program/default-program.js';
import { findProgram, type TierRecord } from '../program/repository.js';
import {
  AdminApiThrottledError,
  AdminApiUserError,
  createAdminClient,
  ShopNotInstalledError,
  type AdminClient,
} from '../shopify/admin-client.js';
import { createCostPacer, requestedCost, type CostPacer, type CostPacerOptions } from '../shopify/cost-pacer.js';
import { METAFIELDS_SET, TAGS_ADD, TAGS_REMOVE, TAGS_REPLACE, type MetafieldsSetInput } from '../shopify/operations/customers.js';
import type { Operation } from '../shopify/operations/operation.js';
import { customerGid } from '../shopify/shop-domain.js';
import {
  claimDirtyMembers,
  findResweepsDue,
  findShopsToSync,
  markResweepDone,
  markShopChunkDirty,
  recordFailed,
  recordGone,
  recordDefinitions,
  recordSynced,
  releaseMembers,
  type ClaimedMember,
  type SyncShop,
} from './repository.js';
import { defineCustomerMetafields } from './define.js';
import { METAFIELD_DEFINITIONS_VERSION } from './rules/definitions.js';
import { METAFIELD_NAMESPACE, packMetafields, planCustomerSync, type SyncPlan } from './rules/plan.js';
import { metafieldsRefusals, refusalOf } from './rules/refusals.js';
import { customerStateOf, type CustomerState } from './rules/state.js';
import { tierTag } from './rules/tags.js';

export interface CustomerSyncOptions {
  /** Members taken per round (tag calls are one per member whose tier changed; metafields go 25 to a call). @defaultValue 100 */
  batchSize?: number;
  /** How long a worker holds the members it took. @defaultValue 120000 ms */
  leaseMs?: number;
  /** A run stops after this long and reports more work; the job continues it. @defaultValue 60000 ms */
  runBudgetMs?: number;
  /** Members re-marked per statement after a tier edit. @defaultValue 5000 */
  resweepChunk?: number;
  /** The pace of calls per shop. */
  pacer?: CostPacerOptions;
  /**
   * Shops synced at once. Each shop has its own rate budget on the platform, so shops go side by side, and the runs
   * take the shops in turn (round robin): one shop's backlog (a tier edit re-marks all its members) never holds the
   * others up until it is done. @defaultValue 4
   */
  shopConcurrency?: number;
}

export interface SyncSummary {
  synced: number;
  failed: number;
  /** True when the run stopped on its budget with members left. */
  more: boolean;
}

export interface CustomerSync {
  /** Re-marks members after tier edits, then syncs every due dirty member of every shop (within the run budget). */
  run(now?: Date): Promise<SyncSummary>;
}

/** The platform cannot take more from this shop in this run. */
class ShopUnavailable extends Error {
  constructor(readonly retryAt: Date, message: string) {
    super(message);
  }
}

const MINUTE = 60_000;

function unavailable(error: unknown): ShopUnavailable | null {
  if (error instanceof ShopNotInstalledError) return new ShopUnavailable(new Date(Date.now() + 60 * MINUTE), error.message);
  if (error instanceof AdminApiThrottledError) return new ShopUnavailable(new Date(Date.now() + MINUTE), error.message);
  return null;
}

interface MemberWrite {
  member: ClaimedMember;
  state: CustomerState;
  plan: SyncPlan;
  metafields: MetafieldsSetInput[];
}

/** Why a member's writes failed; `gone` when the platform no longer has the customer (not tried again). */
interface WriteFailure {
  error: string;
  gone: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The sync of members' tier, points and next-tier progress to the platform's customers, so that segments and other
 * apps can use them: the tier tag (`loyale-tier-gold`; `tagsRemove` of the other tier tags, then `tagsAdd`) and the
 * app-owned metafields `$app.points`, `$app.tier` and `$app.points_to_next_tier` (`metafieldsSet`, 25 to a call,
 * several customers each; their definitions given to the shop once, see define.ts). Only members the database triggers marked dirty are read, only what changed is written, and every
 * call is paced per shop (shopify/cost-pacer.ts), with the client's throttle retry behind it. A customer the platform
 * no longer has (deleted) is marked gone and not written again until a customers/create or update names it.
 */
export function createCustomerSync(ctx: AppContext, admin: AdminClient = createAdminClient(ctx), options: CustomerSyncOptions = {}): CustomerSync {
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 2 * MINUTE;
  const runBudgetMs = options.runBudgetMs ?? MINUTE;
  const resweepChunk = options.resweepChunk ?? 5000;
  const shopConcurrency = options.shopConcurrency ?? 4;
  /** How far a shop's re-mark after a tier edit (its time) got in earlier runs: the last member id marked. */
  const resweepProgress = new Map<number, { edit: number; after: number }>();
  /** When this process last started a shop's sync (Date.now()), for the round robin across runs. */
  const lastServed = new Map<number, number>();
  const log = ctx.log.child({ component: 'customer-sync' });

  async function spendAndSend<TData, TVariables>(shop: SyncShop, pacer: CostPacer, op: Operation<TData, TVariables>, variables: TVariables): Promise<TData> {
    await pacer.spend(requestedCost(op));
    return admin.request(shop.domain, op, variables);
  }

  async function writeTags(shop: SyncShop, pacer: CostPacer, write: MemberWrite): Promise<void> {
    const tags = write.plan.tags;
    if (!tags) return;
    const id = customerGid(write.member.customerId);
    if (tags.add.length > 0 && tags.remove.length > 0) await spendAndSend(shop, pacer, TAGS_REPLACE, { id, remove: tags.remove, add: tags.add });
    else if (tags.add.length > 0) await spendAndSend(shop, pacer, TAGS_ADD, { id, tags: tags.add });
    else if (tags.remove.length > 0) await spendAndSend(shop, pacer, TAGS_REMOVE, { id, tags: tags.remove });
  }

  /** Writes one batch; returns the members whose writes failed, with the reason. Throws ShopUnavailable. */
  async function writeBatch(shop: SyncShop, pacer: CostPacer, writes: MemberWrite[]): Promise<Map<number, WriteFailure>> {
    const failed = new Map<number, WriteFailure>();
    const fail = (ids: number[], error: unknown) => {
      const stop = unavailable(error);
      if (stop) throw stop;
      for (const id of ids) failed.set(id, { error: messageOf(error), gone: false });
    };
    for (const write of writes) {
      try {
        await writeTags(shop, pacer, write);
      } catch (error) {
        if (error instanceof AdminApiUserError) failed.set(write.member.memberId, { error: error.message, gone: refusalOf(error.userErrors).gone });
        else fail([write.member.memberId], error);
      }
    }
    for (const call of packMetafields(writes.filter((w) => !failed.has(w.member.memberId)))) {
      let pending = call;
      while (pending.length > 0) {
        try {
          await spendAndSend(shop, pacer, METAFIELDS_SET, { metafields: pending.flatMap((w) => w.metafields) });
          break;
        } catch (error) {
          // The platform refuses a metafieldsSet whole: one deleted customer would fail the others with it, again
          // and again. The customers its errors name fail; the rest are sent again (each round names at least one).
          const customerOfInput = pending.flatMap((w, i) => w.metafields.map(() => i));
          const refusals = error instanceof AdminApiUserError ? metafieldsRefusals(error.userErrors, customerOfInput) : null;
          if (!refusals) {
            fail(pending.map((w) => w.member.memberId), error);
            break;
          }
          pending = pending.filter((w, i) => {
            const refusal = refusals.get(i);
            if (refusal) failed.set(w.member.memberId, { error: `${METAFIELDS_SET.name} refused: ${refusal.message}`, gone: refusal.gone });
            return !refusal;
          });
        }
      }
    }
    return failed;
  }

  /**
   * The metafield definitions, once per shop (and definitions version), before its first values. Returns false when
   * the shop cannot take calls now; any other failure leaves them to the next run, the values go out regardless.
   */
  async function define(shop: SyncShop, pacer: CostPacer): Promise<boolean> {
    if (shop.definitionsVersion >= METAFIELD_DEFINITIONS_VERSION) return true;
    try {
      const { refused } = await defineCustomerMetafields((op, variables) => spendAndSend(shop, pacer, op, variables), programLocaleFor(shop.primaryLocale));
      if (refused.length > 0) log.warn({ shop: shop.domain, refused }, 'customer metafield definitions refused; values are written without them');
      await recordDefinitions(ctx.db, shop.id, METAFIELD_DEFINITIONS_VERSION);
      return true;
    } catch (error) {
      const stop = unavailable(error);
      log.warn({ shop: shop.domain, err: messageOf(error) }, stop ? 'customer sync paused for the shop' : 'customer metafield definitions not created; tried again next run');
      return !stop;
    }
  }

  async function syncShop(shop: SyncShop, now: Date, summary: SyncSummary, deadline: number): Promise<void> {
    const tiers: TierRecord[] = (await findProgram(ctx.db, shop.id))?.tiers ?? [];
    const shopTags = tiers.map(tierTag);
    const pacer = createCostPacer(options.pacer);
    if (!(await define(shop, pacer))) return;
    for (;;) {
      const members = await claimDirtyMembers(ctx.db, shop.id, now, new Date(Date.now() + leaseMs), batchSize);
      if (members.length === 0) return;
      const writes: MemberWrite[] = [];
      const tierUnknown: number[] = [];
      for (const member of members) {
        const state = customerStateOf(member, tiers);
        // A tier made by a program save since the tiers were read: the next run reads them again and syncs it.
        if (!state) {
          tierUnknown.push(member.memberId);
          continue;
        }
        const plan = planCustomerSync(member.synced, state, shopTags);
        const ownerId = customerGid(member.customerId);
        writes.push({ member, state, plan, metafields: plan.metafields.map((m) => ({ ownerId, namespace: METAFIELD_NAMESPACE, ...m })) });
      }
      await releaseMembers(ctx.db, tierUnknown, new Date());
      let failed: Map<number, WriteFailure>;
      try {
        failed = await writeBatch(shop, pacer, writes);
      } catch (error) {
        if (!(error instanceof ShopUnavailable)) throw error;
        await releaseMembers(ctx.db, writes.map((w) => w.member.memberId), error.retryAt);
        log.info({ shop: shop.domain, err: error.message }, 'customer sync paused for the shop');
        return;
      }
      await recordSynced(
        ctx.db,
        writes.filter((w) => !failed.has(w.member.memberId)).map((w) => ({ memberId: w.member.memberId, version: w.member.version, state: w.state })),
      );
      const errorsOf = (gone: boolean) => new Map([...failed].filter(([, f]) => f.gone === gone).map(([id, f]) => [id, f.error]));
      for (const [error, ids] of groupByValue(errorsOf(true))) await recordGone(ctx.db, ids, error);
      for (const [error, ids] of groupByValue(errorsOf(false))) await recordFailed(ctx.db, ids, error);
      if (failed.size > 0) log.warn({ shop: shop.domain, members: failed.size, err: [...failed.values()][0]?.error }, 'customer sync failed for members');
      summary.synced += writes.length - failed.size;
      summary.failed += failed.size;
      if (members.length < batchSize) return;
      if (Date.now() > deadline) {
        summary.more = true;
        return;
      }
    }
  }

  /** After a tier edit every member of the shop is marked dirty, chunk by chunk (their tags or progress may differ). */
  async function resweep(deadline: number): Promise<boolean> {
    for (const due of await findResweepsDue(ctx.db)) {
      // A re-mark longer than a run continues where the last run stopped (for the same tier edit), rather than start
      // over at the shop's first member on every run and never finish.
      const edit = due.tiersChangedAt.getTime();
      const progress = resweepProgress.get(due.shopId);
      let after = progress?.edit === edit ? progress.after : 0;
      for (;;) {
        const last = await markShopChunkDirty(ctx.db, due.shopId, after, resweepChunk);
        if (last === null) break;
        after = last;
        resweepProgress.set(due.shopId, { edit, after });
        if (Date.now() > deadline) return true;
      }
      await markResweepDone(ctx.db, due.shopId, due.tiersChangedAt);
      resweepProgress.delete(due.shopId);
    }
    return false;
  }

  return {
    async run(now = new Date()) {
      const summary: SyncSummary = { synced: 0, failed: 0, more: false };
      const deadline = Date.now() + runBudgetMs;
      summary.more = await resweep(deadline);
      const slot = pLimit(shopConcurrency);
      // Round robin across runs: the shops this process served least recently first (never served: first of all, the
      // longest waiting among them first), so a backlog that outlasts the run waits behind the others next time.
      const shops = (await findShopsToSync(ctx.db, now)).sort((a, b) => (lastServed.get(a.id) ?? 0) - (lastServed.get(b.id) ?? 0));
      // A shop is started while the run has time (the first one always); it stops at the deadline after a batch. One
      // that fails does not stop the others: the run reports it.
      const outcomes = await Promise.allSettled(
        shops.map((shop, index) =>
          slot(async () => {
            if (index > 0 && Date.now() > deadline) {
              summary.more = true;
              return;
            }
            lastServed.set(shop.id, Date.now());
            await syncShop(shop, now, summary, deadline);
          }),
        ),
      );
      const failure = outcomes.find((o) => o.status === 'rejected');
      if (failure) throw failure.reason;
      if (summary.synced + summary.failed > 0) log.info({ ...summary }, 'customer sync');
      return summary;
    },
  };
}

/** Keys grouped by their value: one statement per distinct error. */
function groupByValue(map: ReadonlyMap<number, string>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [key, value] of map) groups.set(value, [...(groups.get(value) ?? []), key]);
  return groups;
}
