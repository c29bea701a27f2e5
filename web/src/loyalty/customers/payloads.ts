import { z } from 'zod';
import { displayText, numericId, parsePayload, resourceId, TEXT_LIMITS } from '../payloads/fields.js';

/**
 * What the app keeps on a customer. A field left undefined keeps what is stored; null clears it.
 */
export interface CustomerProfile {
  customerId: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  locale?: string | null;
}

/**
 * The customer object of `customers/create`, `customers/update` and of an order's `customer`. Its text is cut to
 * what the member columns and their indexes hold (see `displayText`): an oversized name must not cost the points.
 */
export const customerSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().nullish(),
  email: displayText(TEXT_LIMITS.email).nullish(),
  first_name: displayText(TEXT_LIMITS.name).nullish(),
  last_name: displayText(TEXT_LIMITS.name).nullish(),
  locale: displayText(TEXT_LIMITS.locale).nullish(),
});

export type CustomerPayload = z.output<typeof customerSchema>;

/** `customers/create` and `customers/update`: the payload is the customer, authoritative for what it contains. */
export function parseCustomerPayload(topic: string, payload: unknown): CustomerProfile {
  const customer = parsePayload(topic, customerSchema, payload);
  return {
    customerId: resourceId(topic, 'id', customer.id, customer.admin_graphql_api_id),
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
    locale: customer.locale,
  };
}
