import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { createCustomerSync, type CustomerSyncOptions } from './sync.js';

/** How often dirty members are drained: a change reaches the platform's customer within about this. */
export const CUSTOMER_SYNC_EVERY_MS = 30_000;

export interface CustomerSyncJobOptions extends CustomerSyncOptions {
  /** The job's period. @defaultValue 30000 ms */
  everyMs?: number;
}

export function customerSyncJob(ctx: AppContext, options: CustomerSyncJobOptions = {}): ScheduledJob {
  const sync = createCustomerSync(ctx, undefined, options);
  return { name: 'customer-sync', everyMs: options.everyMs ?? CUSTOMER_SYNC_EVERY_MS, run: async () => (await sync.run()).more };
}
