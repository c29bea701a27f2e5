import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

/** The answer to a `customers/data_request`: everything Loyale holds on the customer, for the merchant to download. */
export interface CustomerDataExport {
  id: number;
  customerId: string;
  /** The platform's `data_request.id`. */
  requestId: string | null;
  data: unknown;
  createdAt: Date;
}

export type CustomerDataExportSummary = Omit<CustomerDataExport, 'data'>;

export interface NewCustomerDataExport {
  shopId: number;
  customerId: string;
  requestId: string | null;
  data: Prisma.InputJsonValue;
}

/** Stores an export; a second one for the same data request changes nothing (re-delivery, re-processing). */
export async function saveCustomerDataExport(db: Db, input: NewCustomerDataExport): Promise<void> {
  await db.customerDataExport.createMany({ data: [input], skipDuplicates: true });
}

/** The shop's exports, newest first, without their (possibly large) data. */
export async function listCustomerDataExports(db: Db, shopId: number): Promise<CustomerDataExportSummary[]> {
  return db.customerDataExport.findMany({
    where: { shopId },
    orderBy: { id: 'desc' },
    select: { id: true, customerId: true, requestId: true, createdAt: true },
  });
}

/** One export of the shop with its data, or null (also for another shop's export). */
export async function findCustomerDataExport(db: Db, shopId: number, id: number): Promise<CustomerDataExport | null> {
  return db.customerDataExport.findFirst({
    where: { id, shopId },
    select: { id: true, customerId: true, requestId: true, data: true, createdAt: true },
  });
}
