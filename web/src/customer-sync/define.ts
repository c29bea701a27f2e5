import type { ProgramLocale } from '../program/default-program.js';
import { AdminApiUserError } from '../shopify/admin-client.js';
import { METAFIELD_DEFINITION_CREATE, type MetafieldDefinitionInput } from '../shopify/operations/customers.js';
import type { Operation } from '../shopify/operations/operation.js';
import { customerMetafieldDefinitions, isAlreadyDefined } from './rules/definitions.js';

/** Sends one Admin API operation for the shop (paced by the caller). */
export type SendOperation = <TData, TVariables>(op: Operation<TData, TVariables>, variables: TVariables) => Promise<TData>;

export interface DefineOutcome {
  /** Definitions the platform refused for good (the values are still written, without a definition). */
  refused: string[];
}

/**
 * Gives the shop the definitions of the customer metafields the sync writes, named in the shop's language. One that
 * exists already (TAKEN) counts as given; a shop that has pinned as many customer definitions as the platform allows
 * gets it unpinned. Any other refusal is reported, not retried: the values work without a definition (the admin
 * shows them untyped), and a refusal would come back on every run. Failures that are not refusals (throttled, not
 * installed, network) are thrown: the next run tries again.
 */
export async function defineCustomerMetafields(send: SendOperation, locale: ProgramLocale): Promise<DefineOutcome> {
  const refused: string[] = [];
  for (const definition of customerMetafieldDefinitions(locale)) {
    let refusal = await create(send, definition);
    if (refusal?.userErrors.some((e) => e.code === 'PINNED_LIMIT_REACHED')) refusal = await create(send, { ...definition, pin: false });
    if (refusal) refused.push(`${definition.key}: ${refusal.message}`);
  }
  return { refused };
}

/** Creates the definition; returns the refusal, or null when the shop has it now. */
async function create(send: SendOperation, definition: MetafieldDefinitionInput): Promise<AdminApiUserError | null> {
  try {
    await send(METAFIELD_DEFINITION_CREATE, { definition });
    return null;
  } catch (error) {
    if (!(error instanceof AdminApiUserError)) throw error;
    return isAlreadyDefined(error.userErrors) ? null : error;
  }
}
