import { describe, expect, it } from 'vitest';
import { createCostPacer, requestedCost } from './cost-pacer.js';
import { METAFIELDS_SET, TAGS_ADD, TAGS_REPLACE } from './operations/customers.js';
import { SHOP_DETAILS } from './operations/shop.js';

/** A pacer on a fake clock: sleeping moves the clock; returns what it slept. */
function fakePacer(pointsPerSecond: number, burst: number) {
  let clock = 0;
  const slept: number[] = [];
  const pacer = createCostPacer({
    pointsPerSecond,
    burst,
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
  return { pacer, slept, advance: (ms: number) => (clock += ms) };
}

describe('createCostPacer', () => {
  it.each([
    ['within the burst: no wait', 50, 200, [10, 20, 10, 100], []],
    ['beyond the burst: waits for the missing points at the rate', 50, 100, [100, 20, 30], [400, 600]],
    ['a cost above the burst waits for a full bucket', 50, 100, [100, 150], [2000]],
    ['a faster rate waits less', 100, 100, [100, 50], [500]],
  ])('%s', async (_name, rate, burst, costs, expected) => {
    const { pacer, slept } = fakePacer(rate, burst);
    for (const cost of costs) await pacer.spend(cost);
    expect(slept).toEqual(expected);
  });

  it('refills with the time passed', async () => {
    const { pacer, slept, advance } = fakePacer(50, 100);
    await pacer.spend(100);
    advance(1000); // 50 points back
    await pacer.spend(50);
    expect(slept).toEqual([]);
    await pacer.spend(10);
    expect(slept).toEqual([200]);
  });

  it('serves concurrent spends in order', async () => {
    const { pacer, slept } = fakePacer(10, 10);
    await Promise.all([pacer.spend(10), pacer.spend(10), pacer.spend(10)]);
    expect(slept).toEqual([1000, 1000]);
  });
});

describe('requestedCost', () => {
  it.each([
    ['one mutation field', TAGS_ADD, 10],
    ['two mutation fields (remove, then add)', TAGS_REPLACE, 20],
    ['metafieldsSet, however many metafields', METAFIELDS_SET, 10],
    ['a query', SHOP_DETAILS, 1],
  ])('%s', (_name, operation, expected) => {
    expect(requestedCost(operation)).toBe(expected);
  });
});
