/** How the platform's refusals of the sync's writes read: which customer they name and whether it is gone. */

/** A `userErrors` entry as the tag and metafield mutations answer it. */
export interface WriteUserError {
  field: readonly string[] | null;
  message: string;
  code?: string | null;
  /** metafieldsSet only: the input the error is about. */
  elementIndex?: number | null;
}

/** What a refusal means for one customer. */
export interface CustomerRefusal {
  /** The platform has no such customer (deleted in the admin): writing again cannot succeed. */
  gone: boolean;
  message: string;
}

const NOT_FOUND = /not found|does not exist/i;

/**
 * A refusal of the customer itself: `tagsAdd`/`tagsRemove` answer "Resource not found" on `id`, `metafieldsSet`
 * INVALID ("Owner does not exist") on the input's `ownerId`. The sync only sends ids it built, so a refused id is a
 * customer the platform no longer has.
 */
export function isCustomerGone(error: WriteUserError): boolean {
  const last = error.field?.at(-1);
  if (last === 'id') return NOT_FOUND.test(error.message);
  if (last === 'ownerId') return error.code === 'INVALID' || NOT_FOUND.test(error.message);
  return false;
}

/** A customer's refused write: gone when an error says so; otherwise failed with the errors' messages. */
export function refusalOf(errors: readonly WriteUserError[]): CustomerRefusal {
  return { gone: errors.some(isCustomerGone), message: errors.map((e) => e.message).join('; ') };
}

/**
 * A refused `metafieldsSet`: the platform writes nothing of the call, and each error names its input (`elementIndex`).
 * `customerOfInput[i]` is the position in the call of the customer input `i` belongs to. Returns each named
 * customer's refusal by position (the others were refused only with them, and can be sent again), or null when an
 * error names no input of the call: then it is not known whom it is about, and the whole call failed.
 */
export function metafieldsRefusals(errors: readonly WriteUserError[], customerOfInput: readonly number[]): Map<number, CustomerRefusal> | null {
  const byCustomer = new Map<number, WriteUserError[]>();
  for (const error of errors) {
    const customer = error.elementIndex == null ? undefined : customerOfInput[error.elementIndex];
    if (customer === undefined) return null;
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), error]);
  }
  if (byCustomer.size === 0) return null;
  return new Map([...byCustomer].map(([customer, own]) => [customer, refusalOf(own)]));
}
