import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppContext } from '../app/context.js';
import { recheckDueTiers } from '../loyalty/members/status.js';

/**
 * The periodic tier recheck: qualifying points leave the 365-day window with time alone, without any webhook, so
 * members whose `tier_recheck_at` is due are re-tiered every 15 minutes. A BullMQ job scheduler runs it once per
 * period across all processes.
 */
export const MAINTENANCE_QUEUE = 'maintenance';
export const TIER_RECHECK_JOB = 'tier-recheck';
export const TIER_RECHECK_EVERY_MS = 15 * 60 * 1000;

export type MaintenanceQueue = Queue<Record<string, never>, unknown, string>;

export function createMaintenanceQueue(connection: Redis, prefix: string): MaintenanceQueue {
  return new Queue<Record<string, never>, unknown, string>(MAINTENANCE_QUEUE, { connection, prefix });
}

/** Idempotent: upserting the same scheduler again changes nothing (called at start and after Redis comes back). */
export async function scheduleTierRecheck(queue: MaintenanceQueue, everyMs = TIER_RECHECK_EVERY_MS): Promise<void> {
  await queue.upsertJobScheduler(
    TIER_RECHECK_JOB,
    { every: everyMs },
    { name: TIER_RECHECK_JOB, data: {}, opts: { removeOnComplete: true, removeOnFail: true, attempts: 3, backoff: { type: 'exponential', delay: 10_000 } } },
  );
}

/** Members settled per round, and rounds per run at most (a run stays short; the next one continues). */
const BATCH = 500;
const ROUNDS = 20;

/** The job: settles every member whose tier recheck is due; returns how many it settled. */
export function createTierRecheckProcessor(ctx: AppContext): () => Promise<number> {
  return async () => {
    let settled = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let failed = 0;
      const count = await recheckDueTiers(ctx.db, new Date(), BATCH, (memberId, err) => {
        failed += 1;
        ctx.log.error({ memberId, err }, 'tier recheck of a member failed; tried again in an hour');
      });
      settled += count;
      if (count + failed < BATCH) break;
    }
    if (settled > 0) ctx.log.info({ members: settled }, 'tier recheck settled members');
    return settled;
  };
}
