/**
 * One run at a time: while a run of the returned function is under way, calling it again returns that run's promise
 * instead of starting another (a second Enter while a form saves must not send it twice: on a new campaign that was
 * a second campaign). Pure, no imports: the unit test in web/test/browser imports it under NodeNext.
 */
export function singleFlight<T>(): (task: () => Promise<T>) => Promise<T> {
  let running: Promise<T> | null = null;
  return (task) => {
    running ??= task().finally(() => {
      running = null;
    });
    return running;
  };
}
