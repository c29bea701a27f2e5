/**
 * Guards against leaving a page with unsaved changes (pure, no imports: the unit test in web/test/browser imports it
 * under NodeNext). An editor registers one while it is shown; the router asks them before it changes the page.
 */
export interface LeaveGuard {
  /** Whether leaving now would lose something (the editor has unsaved changes). */
  holds(): boolean;
  /**
   * Asks the merchant whether to leave anyway: true to leave (the unsaved changes are dropped), false to stay. May
   * never settle (App Bridge's leave confirmation does not when the merchant stays): the page then stays as it is.
   */
  confirm(): Promise<boolean>;
}

/** Whether any guard would lose something if the page changed now. */
export function anyHolds(guards: Iterable<LeaveGuard>): boolean {
  for (const guard of guards) if (guard.holds()) return true;
  return false;
}

/** Asks each guard that holds, in turn; false at the first that keeps the merchant on the page. */
export async function mayLeave(guards: Iterable<LeaveGuard>): Promise<boolean> {
  for (const guard of [...guards]) {
    if (guard.holds() && !(await guard.confirm())) return false;
  }
  return true;
}
