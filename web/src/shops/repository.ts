import { forgetDefinitions } from '../customer-sync/repository.js';
import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import { programLocaleFor } from '../program/default-program.js';
import { createDefaultProgram, localizeDefaultProgram } from '../program/repository.js';

export interface ShopRecord {
  id: number;
  domain: string;
  /**
   * The shop's name from the platform; null until its details (name, currency, time zone, primary locale) were read
   * from Admin GraphQL: a shop met first through a webhook or the app proxy, or installed while that read failed
   * (the other fields hold their defaults then, and the installer reads the details again later).
   */
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

/**
 * Records an install (or reinstall): details from the Admin API, default names in the shop's locale. `details` null:
 * the platform did not give them (the install goes on); the shop keeps what it had (a new shop: the defaults, English
 * names) until `recordShopDetails`.
 */
export async function markInstalled(db: Db, domain: string, details: ShopDetails | null): Promise<ShopRecord> {
  const shop = await ensureShop(db, domain);
  return db.$transaction(async (tx) => {
    if (details) await localizeDefaultProgram(tx, shop.id, programLocaleFor(details.primaryLocale));
    if (shop.uninstalledAt !== null) await forgetDefinitions(tx, shop.id);
    return tx.shop.update({
      where: { id: shop.id },
      data: { ...details, installedAt: new Date(), uninstalledAt: null },
    });
  });
}

/**
 * The shop's details read after its install: recorded, and the default names re-localized to its primary locale as
 * long as the merchant renamed nothing (as an install with details would have done).
 */
export async function recordShopDetails(db: Db, shopId: number, details: ShopDetails): Promise<ShopRecord> {
  return db.$transaction(async (tx) => {
    await localizeDefaultProgram(tx, shopId, programLocaleFor(details.primaryLocale));
    return tx.shop.update({ where: { id: shopId }, data: details });
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
