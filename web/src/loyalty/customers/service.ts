import { clearCustomerGone } from '../../customer-sync/repository.js';
import type { Db } from '../../db/client.js';
import { prismaSqlClient } from '../../db/sql-client.js';
import type { ShopRecord } from '../../shops/repository.js';
import { lockUnerasedEvents } from '../../webhooks/erased-events.js';
import { enrollMember } from '../members/repository.js';
import { parseCustomerPayload } from './payloads.js';

/**
 * `customers/create` and `customers/update`: enrolls the customer as a member and stores their email, names and
 * locale as the payload states them (a field the payload leaves out keeps its stored value). Points are untouched.
 * The platform has the customer, so a customer sync that found it gone tries again. `inboxId`: the webhook inbox
 * event of the payload (nothing is stored if a customers/redact erased it first).
 */
export async function handleCustomerUpsert(db: Db, shop: ShopRecord, payload: unknown, inboxId?: bigint): Promise<void> {
  const profile = parseCustomerPayload('customers/create|update', payload);
  await db.$transaction(async (tx) => {
    // A customers/redact that erased this payload since it was read: nothing of it may come back (erased-events.ts).
    if (inboxId !== undefined && !(await lockUnerasedEvents(prismaSqlClient(tx), [inboxId])).has(inboxId)) return;
    const member = await enrollMember(tx, shop.id, profile);
    await clearCustomerGone(tx, member.id);
  });
}
