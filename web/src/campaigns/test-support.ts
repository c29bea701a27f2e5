import type { AppContext } from '../app/context.js';
import { createAdminClient, type AdminClient } from '../shopify/admin-client.js';
import { createCampaignRunner } from './run.js';

/**
 * A worker that runs `runId` and dies at its first call of `operationName` (a GraphQL operation's name): before
 * making it, or once the platform has answered (`afterAnswer`: the platform did it, the worker never learned), as
 * when the process is gone; its claim on the recipient lapses at once (lease 1 ms). Resolves once the worker got
 * there. For tests of what a later run makes of a half-delivered gift.
 */
export async function dieAt(ctx: AppContext, runId: number, operationName: string, options: { afterAnswer?: boolean } = {}): Promise<void> {
  const real = createAdminClient(ctx);
  let reachedIt: () => void = () => {};
  const reached = new Promise<void>((resolve) => (reachedIt = resolve));
  const dying: AdminClient = {
    request: async (shopDomain, operation, variables) => {
      if (operation.name !== operationName) return real.request(shopDomain, operation, variables);
      if (options.afterAnswer) await real.request(shopDomain, operation, variables);
      reachedIt();
      return new Promise<never>(() => {}); // never answers: the process is gone
    },
  };
  void createCampaignRunner(ctx, dying, { leaseMs: 1 }).executeRun(runId);
  await reached;
}
