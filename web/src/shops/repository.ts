import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { programLocaleFor } from '../program/default-program.js';
import { createDefaultProgram, localizeDefaultProgram } from '../program/repository.js';

export interface ShopRecord {
  id: number;
  domain: string;
  name: string | null;
  currencyCode: string;
  timezone: string;
  primaryLocale: string;
  installedAt: Date | null;
  uninstalledAt: Date | null;
}

export interface ShopDetails {
  name: string;
  currencyCode: string;
  timezone: string;
  primaryLocale: string;
}

/**
 * The shop of `domain`, created with the default program when the app meets it for the first time
 * (install, webhook or app proxy). Safe under concurrent first contacts: the insert decides.
 */
export async function ensureShop(db: Db, domain: string): Promise<ShopRecord> {
  const existing = await db.shop.findUnique({ where: { domain } });
  if (existing) return existing;
  return db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO shops (domain, updated_at) VALUES (${domain}, now())
      ON CONFLICT (domain) DO NOTHING RETURNING id`;
    const created = inserted[0];
    if (created) await createDefaultProgram(tx, created.id, 'en');
    return tx.shop.findUniqueOrThrow({ where: { domain } });
  });
}

export async function findShopByDomain(db: Db, domain: string): Promise<ShopRecord | null> {
  return db.shop.findUnique({ where: { domain } });
}

/** Records an install (or reinstall): details from the Admin API, default names in the shop's locale. */
export async function markInstalled(db: Db, domain: string, details: ShopDetails): Promise<ShopRecord> {
  const shop = await ensureShop(db, domain);
  return db.$transaction(async (tx) => {
    await localizeDefaultProgram(tx, shop.id, programLocaleFor(details.primaryLocale));
    return tx.shop.update({
      where: { id: shop.id },
      data: { ...details, installedAt: new Date(), uninstalledAt: null },
    });
  });
}

/** `app/uninstalled`: the token and sessions go, the program and balances stay for a reinstall. */
export async function markUninstalled(db: Db, domain: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date() } }),
  ]);
}

/** `shop/redact`: everything of the shop is erased; a later install starts fresh. */
export async function eraseShop(db: Db, domain: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.deleteMany({ where: { domain } }),
    db.webhookEvent.updateMany({ where: { shopDomain: domain }, data: { payload: Prisma.DbNull } }),
  ]);
}
