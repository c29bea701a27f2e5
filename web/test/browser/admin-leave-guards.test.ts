import { describe, expect, it } from 'vitest';
import { anyHolds, mayLeave, type LeaveGuard } from '../../frontend/src/router/leave-guards.js';

/** The router's guards against leaving a page with unsaved changes. */
describe('leave guards', () => {
  function guard(holds: boolean, answer: boolean): LeaveGuard & { asked: number } {
    const result = {
      asked: 0,
      holds: () => holds,
      confirm: () => {
        result.asked += 1;
        return Promise.resolve(answer);
      },
    };
    return result;
  }

  it('no guard, or none holding: leaving is allowed without asking', async () => {
    expect(anyHolds([])).toBe(false);
    expect(await mayLeave([])).toBe(true);
    const clean = guard(false, false);
    expect(anyHolds([clean])).toBe(false);
    expect(await mayLeave([clean])).toBe(true);
    expect(clean.asked).toBe(0);
  });

  it('a guard holding asks: the merchant staying keeps the page, agreeing leaves', async () => {
    const stay = guard(true, false);
    expect(anyHolds([guard(false, true), stay])).toBe(true);
    expect(await mayLeave([stay])).toBe(false);
    expect(stay.asked).toBe(1);
    expect(await mayLeave([guard(true, true)])).toBe(true);
  });

  it('asks one guard at a time and stops at the first that stays', async () => {
    const first = guard(true, false);
    const second = guard(true, true);
    expect(await mayLeave([first, second])).toBe(false);
    expect([first.asked, second.asked]).toEqual([1, 0]);
  });
});
