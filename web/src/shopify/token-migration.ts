import type { AppContext } from '../app/context.js';
import type { ScheduledJob } from '../queue/scheduled-job.js';
import { createOfflineTokens } from './offline-token.js';
import { listShopsWithLegacyTokens } from './session-storage.js';

export interface TokenMigrationJobOptions {
  /** The job's period. @defaultValue 6 hours */
  everyMs?: number;
  /** Shops migrated per run at most (a run with a full batch of migrations is continued at once). @defaultValue 200 */
  batchSize?: number;
}

/**
 * Migrates the non-expiring offline tokens stored before Loyale asked for expiring ones, shop by shop, without
 * waiting for each shop's next Admin API call (shopify/offline-token.ts does the migration): Shopify rejects
 * non-expiring tokens of public apps from 1 January 2027, and a shop whose token was not migrated by then loses the
 * app until its merchant opens it again. A shop whose migration failed stays for the next run.
 */
export function tokenMigrationJob(ctx: AppContext, options: TokenMigrationJobOptions = {}): ScheduledJob {
  const tokens = createOfflineTokens(ctx);
  const batchSize = options.batchSize ?? 200;
  return {
    name: 'token-migration',
    everyMs: options.everyMs ?? 6 * 3_600_000,
    run: async () => {
      const shops = await listShopsWithLegacyTokens(ctx.db, batchSize);
      for (const shop of shops) {
        await tokens.accessToken(shop).catch((err: unknown) => ctx.log.warn({ shop, err }, 'offline token migration failed'));
      }
      const left = shops.length === 0 ? 0 : (await listShopsWithLegacyTokens(ctx.db, batchSize)).length;
      if (shops.length > 0) ctx.log.info({ tried: shops.length, left }, 'offline token migration run');
      // Continued at once only while this run got through a full batch: failing shops wait for the next period.
      return shops.length === batchSize && left < batchSize;
    },
  };
}
