import { z } from 'zod';
import { exactId, parsePayload } from '../loyalty/payloads/fields.js';

/**
 * The mandatory compliance webhooks' payloads (Shopify's privacy-law topics). Only ids are used: the email and
 * phone they carry are never stored or logged. They carry no GraphQL ids, so a number JSON.parse rounded (beyond
 * 2^53) is refused: erasing or exporting the rounded id would act on somebody else.
 */
const customerRef = z.object({ id: exactId });

const dataRequestSchema = z.object({
  customer: customerRef,
  orders_requested: z.array(exactId).nullish(),
  data_request: z.object({ id: exactId }).nullish(),
});

const customerRedactSchema = z.object({
  customer: customerRef,
  orders_to_redact: z.array(exactId).nullish(),
});

export interface CustomerDataRequest {
  customerId: string;
  /** `data_request.id`: what the merchant's download is filed under; null when the platform sent none. */
  requestId: string | null;
  ordersRequested: string[];
}

export interface CustomerRedactRequest {
  customerId: string;
  ordersToRedact: string[];
}

/** `customers/data_request`; throws InvalidPayloadError (a poison event) when an id is missing or not exact. */
export function parseCustomerDataRequest(payload: unknown): CustomerDataRequest {
  const parsed = parsePayload('customers/data_request', dataRequestSchema, payload);
  return {
    customerId: parsed.customer.id,
    requestId: parsed.data_request?.id ?? null,
    ordersRequested: parsed.orders_requested ?? [],
  };
}

/** `customers/redact`; throws InvalidPayloadError (a poison event) when an id is missing or not exact. */
export function parseCustomerRedact(payload: unknown): CustomerRedactRequest {
  const parsed = parsePayload('customers/redact', customerRedactSchema, payload);
  return { customerId: parsed.customer.id, ordersToRedact: parsed.orders_to_redact ?? [] };
}
