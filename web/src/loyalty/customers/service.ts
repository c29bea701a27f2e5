import { clearCustomerGone } from '../../customer-sync/repository.js';
import type { Db } from '../../db/client.js';
import type { ShopRecord } from '../../shops/repository.js';
import { enrollMember } from '../members/repository.js';
import { parseCustomerPayload } from './payloads.js';

/**
 * `customers/create` and `customers/update`: enrolls the customer as a member and stores their email, names and
 * locale as the payload states them (a field the payload leaves out keeps its stored value). Points are untouched.
 * The platform has the customer, so a customer sync that found it gone tries again.
 */
export async function handleCustomerUpsert(db: Db, shop: ShopRecord, payload: unknown): Promise<void> {
  const profile = parseCustomerPayload('customers/create|update', payload);
  const member = await enrollMember(db, shop.id, profile);
  await clearCustomerGone(db, member.id);
}
