/**
 * Compile-time checks that tie a list or a server type to a wire shape, e.g.
 * `type _Reasons = Assert<Equals<LedgerReason, Wire.LedgerReason>>`. Types only: nothing here exists at runtime.
 * A failing check reads "Type 'false' does not satisfy the constraint 'true'" at the line naming the two types.
 */

/** Compiles only for `true`. */
export type Assert<T extends true> = T;

/** `true` when A and B are the same type (for unions of literals: the same members). */
export type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** `true` when every A is a B (what a client sends is something the server takes). */
export type Extends<A, B> = [A] extends [B] ? true : false;

/** `true` when `List` names every member of `Union` and nothing else (a runtime list of a wire union's members). */
export type ListsAll<Union, List extends readonly unknown[]> = Equals<List[number], Union>;
