import { Session } from '@shopify/shopify-api';
import type { Db, Tx } from '../db/client.js';
import { Prisma, type Session as SessionRow } from '../generated/prisma/client.js';

/**
 * The session storage interface of `@shopify/shopify-app-session-storage`, defined here so the app does not need
 * that package: the same five methods, so any of its adapters could replace this one.
 */
export interface SessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}

function toRow(session: Session): Omit<SessionRow, 'createdAt' | 'updatedAt'> {
  const userId = session.onlineAccessInfo?.associated_user?.id;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? '',
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    // Every offline token Loyale acquires now comes from a request for an expiring one (install, refresh, migration).
    expiringRequested: !session.isOnline,
    userId: userId === undefined ? null : BigInt(userId),
    onlineAccessInfo: (session.onlineAccessInfo as Prisma.JsonValue | undefined) ?? null,
  };
}

function toSession(row: SessionRow): Session {
  return new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    ...(row.scope !== null && { scope: row.scope }),
    ...(row.expires && { expires: row.expires }),
    accessToken: row.accessToken,
    ...(row.refreshToken !== null && { refreshToken: row.refreshToken }),
    ...(row.refreshTokenExpires && { refreshTokenExpires: row.refreshTokenExpires }),
    ...(row.onlineAccessInfo !== null && {
      onlineAccessInfo: row.onlineAccessInfo as unknown as NonNullable<Session['onlineAccessInfo']>,
    }),
  });
}

/** Stores (creates or replaces) a session; `db` may be a transaction's client. */
export async function upsertSession(db: Db | Tx, session: Session): Promise<void> {
  const { id, ...data } = toRow(session);
  const json = { onlineAccessInfo: data.onlineAccessInfo ?? Prisma.DbNull };
  await db.session.upsert({
    where: { id },
    create: { id, ...data, ...json },
    update: { ...data, ...json },
  });
}

/** The library's sessions on the `sessions` table. Offline sessions (id `offline_{shop}`) hold the shop's token. */
export function createPrismaSessionStorage(db: Db): SessionStorage {
  return {
    async storeSession(session) {
      await upsertSession(db, session);
      return true;
    },
    async loadSession(id) {
      const row = await db.session.findUnique({ where: { id } });
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id) {
      await db.session.deleteMany({ where: { id } });
      return true;
    },
    async deleteSessions(ids) {
      await db.session.deleteMany({ where: { id: { in: ids } } });
      return true;
    },
    async findSessionsByShop(shop) {
      const rows = await db.session.findMany({ where: { shop }, orderBy: { createdAt: 'asc' } });
      return rows.map(toSession);
    },
  };
}

/**
 * Whether an offline session can still reach the Admin API: its access token is live, or it is an expiring one whose
 * refresh token is (the next call refreshes it).
 */
export function isUsableOfflineSession(session: Session, now = Date.now()): boolean {
  if (!session.accessToken) return false;
  if (!session.expires || session.expires.getTime() > now) return true;
  return Boolean(session.refreshToken && (!session.refreshTokenExpires || session.refreshTokenExpires.getTime() > now));
}

/**
 * The shop's offline session (its Admin API token), or null when the shop has none (never installed, uninstalled,
 * or an expiring token whose refresh token has run out too). `db` may be a transaction's client; `lock` then locks
 * the row until it ends (one refresh at a time): `wait` for it, or `skip` it (null while another holds it).
 */
export async function findOfflineSession(
  db: Db | Tx,
  shop: string,
  options: { lock?: 'wait' | 'skip'; now?: number } = {},
): Promise<Session | null> {
  if (options.lock) {
    const locked = options.lock === 'skip'
      ? await db.$queryRaw<{ id: string }[]>`SELECT id FROM sessions WHERE shop = ${shop} AND NOT is_online FOR UPDATE SKIP LOCKED`
      : await db.$queryRaw<{ id: string }[]>`SELECT id FROM sessions WHERE shop = ${shop} AND NOT is_online FOR UPDATE`;
    if (locked.length === 0) return null;
  }
  const row = await db.session.findFirst({ where: { shop, isOnline: false }, orderBy: { updatedAt: 'desc' } });
  if (!row) return null;
  const session = toSession(row);
  return isUsableOfflineSession(session, options.now) ? session : null;
}

/**
 * The shop's offline token when it is one stored before Loyale asked for expiring tokens (non-expiring, never
 * migrated), else null. `db` may be a transaction's client.
 */
export async function findLegacyOfflineToken(db: Db | Tx, shop: string): Promise<string | null> {
  const row = await db.session.findFirst({
    where: { shop, isOnline: false, expires: null, expiringRequested: false },
    select: { accessToken: true },
  });
  return row?.accessToken ?? null;
}

/** The platform refused to migrate the shop's token: it is used as it is and not offered for migration again. */
export async function markMigrationRefused(db: Db | Tx, shop: string, accessToken: string): Promise<void> {
  await db.session.updateMany({ where: { shop, isOnline: false, accessToken }, data: { expiringRequested: true } });
}

/** Shops whose offline token awaits migration to an expiring one (see `findLegacyOfflineToken`), at most `limit`. */
export async function listShopsWithLegacyTokens(db: Db, limit: number): Promise<string[]> {
  const rows = await db.session.findMany({
    where: { isOnline: false, expires: null, expiringRequested: false },
    select: { shop: true },
    orderBy: { updatedAt: 'asc' },
    take: limit,
  });
  return rows.map((row) => row.shop);
}
