import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { expireInactivePoints, type ExpiryRunOptions } from './expire.js';

export interface PointsExpiryJobOptions extends ExpiryRunOptions {
  /** The job's period. @defaultValue 1 hour */
  everyMs?: number;
}

/**
 * Points expiry, hourly: balances expire within the hour after the shop's day of expiry ended (its midnight), whatever
 * the shop's zone. A shop without expiry (the default) costs one query of the programs.
 */
export function pointsExpiryJob(ctx: AppContext, options: PointsExpiryJobOptions = {}): ScheduledJob {
  return {
    name: 'points-expiry',
    everyMs: options.everyMs ?? 3_600_000,
    run: async () => (await expireInactivePoints(ctx, options)).more,
  };
}
