import { z } from 'zod';
import { numericId, parsePayload } from '../loyalty/payloads/fields.js';

/**
 * The mandatory compliance webhooks' payloads (Shopify's privacy-law topics). Only ids are used: the email and
 * phone they carry are never stored or logged.
 */
const id = numericId.transform(String);

const customerRef = z.object({ id });

const dataRequestSchema = z.object({
  customer: customerRef,
  orders_requested: z.array(id).nullish(),
  data_request: z.object({ id }).nullish(),
});

const customerRedactSchema = z.object({
  customer: customerRef,
  orders_to_redact: z.array(id).nullish(),
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

/** `customers/data_request`; throws InvalidPayloadError (a poison event) when the customer id is missing. */
export function parseCustomerDataRequest(payload: unknown): CustomerDataRequest {
  const parsed = parsePayload('customers/data_request', dataRequestSchema, payload);
  return {
    customerId: parsed.customer.id,
    requestId: parsed.data_request?.id ?? null,
    ordersRequested: parsed.orders_requested ?? [],
  };
}

/** `customers/redact`; throws InvalidPayloadError (a poison event) when the customer id is missing. */
export function parseCustomerRedact(payload: unknown): CustomerRedactRequest {
  const parsed = parsePayload('customers/redact', customerRedactSchema, payload);
  return { customerId: parsed.customer.id, ordersToRedact: parsed.orders_to_redact ?? [] };
}
