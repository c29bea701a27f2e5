import { Kind } from 'graphql';
import type { Operation } from './operations/operation.js';

/**
 * Client-side pacing of bulk Admin API work (the customer sync, perk grants) under the platform's leaky bucket, so
 * a backlog of thousands of writes never drains the bucket that interactive calls (redemptions) need. The typed
 * client only sees the platform's cost information when a call is throttled (it then waits what the throttle status
 * asks and retries); a successful answer's cost does not reach its callers. So the pacer spends a budget of its own,
 * priced the way the platform prices mutations (10 points per mutation field), and the client's throttle retry stays
 * the backstop when other work shares the bucket.
 */
export interface CostPacer {
  /** Resolves once `cost` points fit the budget (at once while there is room), and takes them. */
  spend(cost: number): Promise<void>;
}

export interface CostPacerOptions {
  /**
   * Points per second the budget regains: half of a standard shop's restore rate (100/s), the rest stays free for
   * requests a person waits on. @defaultValue 50
   */
  pointsPerSecond?: number;
  /** Points that may be spent at once after a pause; also the starting budget. @defaultValue 200 */
  burst?: number;
  /** @defaultValue Date.now */
  now?: () => number;
  /** @defaultValue setTimeout-based sleep */
  sleep?: (ms: number) => Promise<void>;
}

/** What the platform charges a mutation per top-level field. */
const MUTATION_FIELD_COST = 10;
/** A nominal price for queries: the pacer is meant for writes; reads of single objects cost about this. */
const QUERY_COST = 1;

/** The points `operation` is charged before it runs (the platform's requested cost, for mutations exactly). */
export function requestedCost(operation: Pick<Operation<unknown, unknown>, 'kind' | 'definition'>): number {
  if (operation.kind === 'query') return QUERY_COST;
  const fields = operation.definition.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  return fields.length * MUTATION_FIELD_COST;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A token bucket of `burst` points refilled at `pointsPerSecond`; calls queue in order. */
export function createCostPacer(options: CostPacerOptions = {}): CostPacer {
  const rate = options.pointsPerSecond ?? 50;
  const burst = options.burst ?? 200;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  if (!(rate > 0) || !(burst > 0)) throw new Error('a cost pacer needs a positive rate and burst');
  let available = burst;
  let updatedAt = now();
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const at = now();
    available = Math.min(burst, available + ((at - updatedAt) / 1000) * rate);
    updatedAt = at;
  };

  return {
    spend(cost) {
      // A cost above the burst could never fit: it waits until the budget is full and takes it below zero.
      const take = async () => {
        refill();
        const need = Math.min(cost, burst);
        if (available < need) {
          await sleep(Math.ceil(((need - available) / rate) * 1000));
          refill();
        }
        available -= cost;
      };
      queue = queue.then(take);
      return queue;
    },
  };
}
