import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../frontend/src/api/single-flight.js';

/** The editors' save guard: a second Enter while a save runs must not send the form again. */
describe('singleFlight', () => {
  function deferred<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  it('runs once while a run is under way; both callers get its outcome', async () => {
    const once = singleFlight<string>();
    const answer = deferred<string>();
    let runs = 0;
    const task = () => {
      runs += 1;
      return answer.promise;
    };
    const first = once(task);
    const second = once(task);
    expect(runs).toBe(1);
    expect(second).toBe(first);
    answer.resolve('saved');
    expect(await Promise.all([first, second])).toEqual(['saved', 'saved']);
  });

  it('runs again once the run has ended, also after a failure', async () => {
    const once = singleFlight<string>();
    const failing = deferred<string>();
    const first = once(() => failing.promise);
    failing.reject(new Error('refused'));
    await expect(first).rejects.toThrow('refused');
    expect(await once(() => Promise.resolve('second'))).toBe('second');
    expect(await once(() => Promise.resolve('third'))).toBe('third');
  });
});
