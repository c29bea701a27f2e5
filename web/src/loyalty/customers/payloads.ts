import { z } from 'zod';
import { numericId, parsePayload, resourceId } from '../payloads/fields.js';

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

/** The customer object of `customers/create`, `customers/update` and of an order's `customer`. */
export const customerSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().nullish(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  locale: z.string().nullish(),
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
