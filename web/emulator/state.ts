import { createHash } from 'node:crypto';

/** A shop on the emulated platform. */
export interface EmulatedShop {
  readonly domain: string;
  /** `gid://shopify/Shop/{n}`, stable for a domain. */
  readonly id: string;
  name: string;
  currencyCode: string;
  primaryLocale: string;
  timezone: string;
  email: string;
}

export interface EmulatedCustomer {
  id: number;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

/** A code discount the app created through Admin GraphQL. */
export interface EmulatedDiscount {
  /** `gid://shopify/DiscountCodeNode/{n}` */
  id: string;
  shop: string;
  mutation: 'discountCodeBasicCreate' | 'discountCodeFreeShippingCreate';
  code: string;
  title: string;
  /** The mutation's input argument as the platform received it (after variable substitution). */
  input: Record<string, unknown>;
  /** The request's variables, exactly as sent. */
  variables: unknown;
  createdAt: string;
}

export interface EmulatedMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

/** A metafield definition an app created (`metafieldDefinitionCreate`). */
export interface EmulatedMetafieldDefinition {
  id: string;
  ownerType: string;
  /** As stored: `$app` resolved to the app's reserved namespace. */
  namespace: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  adminAccess: string | null;
  pinned: boolean;
}

export interface EmulatedDraftOrder {
  id: string;
  name: string;
  status: 'OPEN' | 'COMPLETED';
  customerId: string | null;
  email: string | null;
  note: string | null;
  tags: string[];
  lineItems: { title: string; quantity: number; unitPrice: string; variantId: string | null; sku: string | null }[];
  input: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  order: { id: string; name: string } | null;
}

export interface GraphqlLogEntry {
  shop: string;
  operationName: string | null;
  query: string;
  variables: unknown;
  status: number;
  at: string;
}

export interface WebhookDelivery {
  shop: string;
  topic: string;
  eventId: string;
  webhookId: string;
  triggeredAt: string;
  /** True when this event id was delivered before (a retry or duplicate). */
  duplicate: boolean;
  body: string;
  /** The app's HTTP status; 0 when the app could not be reached or did not answer in time. */
  status: number;
  response: string;
  at: string;
}

export interface AccessTokenRecord {
  shop: string;
  token: string;
  scope: string;
  /** Epoch ms; null for a non-expiring offline token. */
  expiresAt: number | null;
  online: boolean;
}

/**
 * What the merchant changed in the shop's catalogue, which is otherwise the demo catalogue, keyed by the demo
 * product's id (each demo product has one variant, so its price is the product's).
 */
export interface CatalogChanges {
  /** The variant's price now, a decimal string in the shop's currency. */
  prices: Map<number, string>;
  /** Products the merchant deleted, with their only variant. */
  deleted: Set<number>;
}

/** Everything the platform knows about one shop. */
export interface ShopRecord {
  shop: EmulatedShop;
  customers: Map<number, EmulatedCustomer>;
  discounts: EmulatedDiscount[];
  draftOrders: Map<string, EmulatedDraftOrder>;
  metafields: EmulatedMetafield[];
  metafieldDefinitions: EmulatedMetafieldDefinition[];
  /** Tags of resources other than customers (draft orders, orders), by GID. */
  tags: Map<string, string[]>;
  catalog: CatalogChanges;
  /** The Admin GraphQL leaky bucket. */
  bucket: { available: number; updatedAt: number };
}

export interface ShopInput {
  domain: string;
  name?: string;
  currencyCode?: string;
  primaryLocale?: string;
  timezone?: string;
  email?: string;
}

const MAX_LOG = 500;
const MAX_REMEMBERED_EVENTS = 20_000;

/** A stable numeric id for a string (shop ids), in the range Shopify's ids live in. */
export function stableNumericId(value: string): number {
  const digest = createHash('sha256').update(value).digest();
  return 10_000_000_000 + (digest.readUInt32BE(0) % 90_000_000_000);
}

function titleFromDomain(domain: string): string {
  const handle = domain.replace(/\.myshopify\.com$/, '');
  return handle
    .split('-')
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/** The emulator's in-memory world: shops and what the app did there. Lost on close, as a dev tool should. */
export class EmulatorState {
  readonly shops = new Map<string, ShopRecord>();
  readonly tokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, string>();
  /** Non-expiring offline tokens migrated to expiring ones: the pair each got and when (a retry gets it again). */
  readonly migrations = new Map<string, { accessToken: string; refreshToken: string; at: number }>();
  readonly webhooks: WebhookDelivery[] = [];
  readonly graphql: GraphqlLogEntry[] = [];
  /** When each event id was first triggered, so a duplicate delivery repeats it. */
  private readonly eventTriggeredAt = new Map<string, string>();
  private sequence = 1_000_000;

  /** Ids for created resources: increasing, never reused. */
  nextId(): number {
    this.sequence += 1;
    return 1_040_000_000_000 + this.sequence;
  }

  addShop(input: ShopInput, maximumAvailable: number): ShopRecord {
    const domain = input.domain.trim().toLowerCase();
    const existing = this.shops.get(domain);
    if (existing) {
      const shop = existing.shop;
      if (input.name !== undefined) shop.name = input.name;
      if (input.currencyCode !== undefined) shop.currencyCode = input.currencyCode;
      if (input.primaryLocale !== undefined) shop.primaryLocale = input.primaryLocale;
      if (input.timezone !== undefined) shop.timezone = input.timezone;
      if (input.email !== undefined) shop.email = input.email;
      return existing;
    }
    const handle = domain.replace(/\.myshopify\.com$/, '');
    const record: ShopRecord = {
      shop: {
        domain,
        id: `gid://shopify/Shop/${stableNumericId(domain)}`,
        name: input.name ?? titleFromDomain(domain),
        currencyCode: input.currencyCode ?? 'EUR',
        primaryLocale: input.primaryLocale ?? 'en',
        timezone: input.timezone ?? 'Europe/Berlin',
        email: input.email ?? `inhaber@${handle}.example`,
      },
      customers: new Map(),
      discounts: [],
      draftOrders: new Map(),
      metafields: [],
      metafieldDefinitions: [],
      tags: new Map(),
      catalog: { prices: new Map(), deleted: new Set() },
      bucket: { available: maximumAvailable, updatedAt: Date.now() },
    };
    this.shops.set(domain, record);
    return record;
  }

  upsertCustomer(record: ShopRecord, input: Partial<EmulatedCustomer> & { id: number }): EmulatedCustomer {
    const now = new Date().toISOString();
    const existing = record.customers.get(input.id);
    if (existing) {
      for (const key of ['email', 'firstName', 'lastName', 'locale'] as const) {
        const value = input[key];
        if (value !== undefined) existing[key] = value;
      }
      if (input.tags) existing.tags = input.tags;
      existing.updatedAt = now;
      return existing;
    }
    const customer: EmulatedCustomer = {
      id: input.id,
      email: input.email ?? null,
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      locale: input.locale ?? null,
      tags: input.tags ?? [],
      createdAt: input.createdAt ?? now,
      updatedAt: now,
    };
    record.customers.set(customer.id, customer);
    return customer;
  }

  logGraphql(entry: GraphqlLogEntry): void {
    this.graphql.push(entry);
    if (this.graphql.length > MAX_LOG) this.graphql.shift();
  }

  hasEvent(eventId: string): boolean {
    return this.eventTriggeredAt.has(eventId);
  }

  /** When the event was first triggered (a duplicate repeats it); remembers a bounded number of events. */
  triggeredAt(eventId: string): string {
    const known = this.eventTriggeredAt.get(eventId);
    if (known) return known;
    const now = new Date().toISOString();
    this.eventTriggeredAt.set(eventId, now);
    if (this.eventTriggeredAt.size > MAX_REMEMBERED_EVENTS) {
      const oldest = this.eventTriggeredAt.keys().next().value;
      if (oldest !== undefined) this.eventTriggeredAt.delete(oldest);
    }
    return now;
  }

  logWebhook(entry: WebhookDelivery): void {
    this.webhooks.push(entry);
    if (this.webhooks.length > MAX_LOG) this.webhooks.shift();
  }

  /** Uninstalling revokes every token the app held for the shop; a reinstall gets new ones. */
  revokeTokens(shop: string): void {
    for (const [token, record] of this.tokens) if (record.shop === shop) this.tokens.delete(token);
    for (const [token, owner] of this.refreshTokens) if (owner === shop) this.refreshTokens.delete(token);
  }

  /** The live (unexpired) access token record, if any. */
  findToken(token: string): AccessTokenRecord | undefined {
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return undefined;
    return record;
  }
}
