import { Decimal } from 'decimal.js';
import { resolveNamespace } from './app-namespace.js';
import type { ResolverContext } from './resolve.js';
import type { EmulatedCustomer, EmulatedDiscount, EmulatedDraftOrder, EmulatedMetafield, ShopRecord } from '../state.js';

/**
 * The emulator's records as GraphQL source objects: plain objects whose properties are the schema's field names
 * (functions for fields with arguments); `__typename` wherever the schema returns an interface or union.
 */
type Source = Record<string, unknown>;

export function gidOf(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric tail of a GID, or null when `gid` is not one of `type`. */
export function idFromGid(gid: unknown, type: string): string | null {
  if (typeof gid !== 'string') return null;
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?]+)/.exec(gid);
  return match && match[1] === type ? (match[2] ?? null) : null;
}

function money(amount: string, currencyCode: string): Source {
  return { amount, currencyCode };
}

function moneyBag(amount: string, currencyCode: string): Source {
  return { shopMoney: money(amount, currencyCode), presentmentMoney: money(amount, currencyCode) };
}

export function metafieldView(metafield: EmulatedMetafield): Source {
  let jsonValue: unknown = metafield.value;
  try {
    jsonValue = JSON.parse(metafield.value);
  } catch {
    // Text metafields stay strings.
  }
  return {
    __typename: 'Metafield',
    ...metafield,
    legacyResourceId: idFromGid(metafield.id, 'Metafield'),
    jsonValue,
    compareDigest: Buffer.from(`${metafield.id}:${metafield.updatedAt}`).toString('base64'),
    ownerType: metafield.ownerId.split('/')[3]?.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(),
  };
}

function metafieldFields(record: ShopRecord, ownerId: string): Source {
  const own = () => record.metafields.filter((m) => m.ownerId === ownerId);
  return {
    // `$app` reads the calling app's reserved namespace, as it writes it.
    metafield: ({ namespace, key }: { namespace?: string; key: string }, { apiKey }: ResolverContext) => {
      const stored = namespace === undefined ? undefined : resolveNamespace(apiKey, namespace);
      const found = own().find((m) => m.key === key && (stored === undefined || m.namespace === stored));
      return found ? metafieldView(found) : null;
    },
    metafields: ({ namespace, keys }: { namespace?: string; keys?: string[] }, { apiKey }: ResolverContext) => {
      const stored = namespace === undefined ? undefined : resolveNamespace(apiKey, namespace);
      const wanted = keys?.map((k) => {
        const dot = k.lastIndexOf('.');
        return `${resolveNamespace(apiKey, k.slice(0, dot))}.${k.slice(dot + 1)}`;
      });
      return own()
        .filter((m) => (stored === undefined || m.namespace === stored) && (!wanted || wanted.includes(`${m.namespace}.${m.key}`)))
        .map(metafieldView);
    },
  };
}

export function shopView(record: ShopRecord): Source {
  const { shop } = record;
  return {
    __typename: 'Shop',
    id: shop.id,
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    ianaTimezone: shop.timezone,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    primaryDomain: { __typename: 'Domain', id: gidOf('Domain', shop.id.split('/').pop() ?? '1'), host: shop.domain, url: `https://${shop.domain}`, sslEnabled: true },
    taxesIncluded: true,
    plan: { displayName: 'Development', partnerDevelopment: true, shopifyPlus: false },
    ...metafieldFields(record, shop.id),
  };
}

export function customerView(record: ShopRecord, customer: EmulatedCustomer): Source {
  const gid = gidOf('Customer', customer.id);
  const displayName = [customer.firstName, customer.lastName].filter(Boolean).join(' ') || customer.email || '';
  return {
    __typename: 'Customer',
    id: gid,
    legacyResourceId: String(customer.id),
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName,
    email: customer.email,
    defaultEmailAddress: customer.email ? { emailAddress: customer.email, validFormat: true, marketingState: 'NOT_SUBSCRIBED' } : null,
    verifiedEmail: customer.email !== null,
    locale: customer.locale ?? record.shop.primaryLocale,
    tags: customer.tags,
    state: 'ENABLED',
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    amountSpent: money('0.0', record.shop.currencyCode),
    ...metafieldFields(record, gid),
  };
}

function discountStatus(input: Record<string, unknown>, now = Date.now()): 'ACTIVE' | 'EXPIRED' | 'SCHEDULED' {
  const startsAt = typeof input.startsAt === 'string' ? Date.parse(input.startsAt) : NaN;
  const endsAt = typeof input.endsAt === 'string' ? Date.parse(input.endsAt) : NaN;
  if (!Number.isNaN(endsAt) && endsAt <= now) return 'EXPIRED';
  if (!Number.isNaN(startsAt) && startsAt > now) return 'SCHEDULED';
  return 'ACTIVE';
}

function discountContext(record: ShopRecord, input: Record<string, unknown>): Source {
  const context = (input.context ?? input.customerSelection) as Record<string, unknown> | undefined;
  const customers = (context?.customers as { add?: string[] } | undefined)?.add;
  if (customers) {
    return {
      __typename: 'DiscountCustomers',
      customers: customers.map((gid) => {
        const id = Number(idFromGid(gid, 'Customer'));
        const known = record.customers.get(id);
        return known ? customerView(record, known) : { __typename: 'Customer', id: gid };
      }),
    };
  }
  return { __typename: 'DiscountBuyerSelectionAll', all: 'ALL', allCustomers: true };
}

/** The variant GIDs a basic discount is limited to; null for one on the whole order. */
function discountVariantIds(input: Record<string, unknown>): string[] | null {
  const items = (input.customerGets as { items?: { products?: { productVariantsToAdd?: string[] } } } | undefined)?.items;
  return items?.products ? (items.products.productVariantsToAdd ?? []) : null;
}

function customerGets(record: ShopRecord, input: Record<string, unknown>): Source {
  const gets = (input.customerGets ?? {}) as { value?: Record<string, unknown> };
  const value = gets.value ?? {};
  const amount = value.discountAmount as { amount?: unknown; appliesOnEachItem?: boolean } | undefined;
  const variantIds = discountVariantIds(input);
  return {
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
    items: variantIds
      ? { __typename: 'DiscountProducts', products: [], productVariants: variantIds.map((id) => ({ __typename: 'ProductVariant', id })) }
      : { __typename: 'AllDiscountItems', allItems: true },
    value: amount
      ? { __typename: 'DiscountAmount', amount: money(String(amount.amount ?? '0.0'), record.shop.currencyCode), appliesOnEachItem: amount.appliesOnEachItem ?? false }
      : { __typename: 'DiscountPercentage', percentage: typeof value.percentage === 'number' ? value.percentage : 0 },
  };
}

export function discountNodeView(record: ShopRecord, discount: EmulatedDiscount): Source {
  const { input } = discount;
  const combines = (input.combinesWith ?? {}) as Record<string, boolean | undefined>;
  const isBasic = discount.mutation === 'discountCodeBasicCreate';
  const discountClass = !isBasic ? 'SHIPPING' : discountVariantIds(input) ? 'PRODUCT' : 'ORDER';
  const subtotal = (input.minimumRequirement as { subtotal?: { greaterThanOrEqualToSubtotal?: unknown } } | undefined)?.subtotal;
  const codeDiscount: Source = {
    __typename: isBasic ? 'DiscountCodeBasic' : 'DiscountCodeFreeShipping',
    title: discount.title,
    codes: [{ __typename: 'DiscountRedeemCode', id: gidOf('DiscountRedeemCode', idFromGid(discount.id, 'DiscountCodeNode') ?? '0'), code: discount.code, asyncUsageCount: 0 }],
    codesCount: { count: 1, precision: 'EXACT' },
    startsAt: input.startsAt ?? discount.createdAt,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    asyncUsageCount: 0,
    status: discountStatus(input),
    createdAt: discount.createdAt,
    updatedAt: discount.createdAt,
    summary: { ORDER: 'Discount on the entire order', PRODUCT: 'Discount on one product', SHIPPING: 'Free shipping on all products' }[discountClass],
    shortSummary: { ORDER: 'Discount on the entire order', PRODUCT: 'Discount on one product', SHIPPING: 'Free shipping' }[discountClass],
    tags: input.tags ?? [],
    discountClasses: [discountClass],
    discountClass,
    minimumRequirement: subtotal
      ? { __typename: 'DiscountMinimumSubtotal', greaterThanOrEqualToSubtotal: money(String(subtotal.greaterThanOrEqualToSubtotal), record.shop.currencyCode) }
      : null,
    combinesWith: {
      orderDiscounts: combines.orderDiscounts ?? false,
      productDiscounts: combines.productDiscounts ?? false,
      shippingDiscounts: combines.shippingDiscounts ?? false,
    },
    context: discountContext(record, input),
    customerSelection: discountContext(record, input),
    ...(isBasic
      ? { customerGets: customerGets(record, input) }
      : {
          appliesOnOneTimePurchase: input.appliesOnOneTimePurchase ?? true,
          appliesOnSubscription: input.appliesOnSubscription ?? false,
          destinationSelection: { __typename: 'DiscountCountryAll', allCountries: true },
          maximumShippingPrice: input.maximumShippingPrice ? money(String(input.maximumShippingPrice), record.shop.currencyCode) : null,
        }),
  };
  return { __typename: 'DiscountCodeNode', id: discount.id, codeDiscount, ...metafieldFields(record, discount.id) };
}

export function draftOrderView(record: ShopRecord, draft: EmulatedDraftOrder): Source {
  const currency = record.shop.currencyCode;
  const amount = draft.lineItems
    .reduce((sum, line) => sum.plus(new Decimal(line.unitPrice).times(line.quantity)), new Decimal(0))
    .toFixed(2);
  const customerId = draft.customerId ? Number(idFromGid(draft.customerId, 'Customer')) : null;
  const customer = customerId !== null ? record.customers.get(customerId) : undefined;
  return {
    __typename: 'DraftOrder',
    id: draft.id,
    legacyResourceId: idFromGid(draft.id, 'DraftOrder'),
    name: draft.name,
    status: draft.status,
    email: draft.email,
    note2: draft.note,
    tags: record.tags.get(draft.id) ?? draft.tags,
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
    completedAt: draft.completedAt,
    currencyCode: currency,
    presentmentCurrencyCode: currency,
    customer: customer ? customerView(record, customer) : draft.customerId ? { __typename: 'Customer', id: draft.customerId } : null,
    lineItems: draft.lineItems.map((line, index) => ({
      __typename: 'DraftOrderLineItem',
      id: gidOf('DraftOrderLineItem', `${idFromGid(draft.id, 'DraftOrder')}${index + 1}`),
      title: line.title,
      name: line.title,
      quantity: line.quantity,
      sku: line.sku,
      originalUnitPriceSet: moneyBag(line.unitPrice, currency),
      variant: line.variantId ? { __typename: 'ProductVariant', id: line.variantId } : null,
    })),
    subtotalPriceSet: moneyBag(amount, currency),
    totalPriceSet: moneyBag(amount, currency),
    totalLineItemsPriceSet: moneyBag(amount, currency),
    totalQuantityOfLineItems: draft.lineItems.reduce((sum, line) => sum + line.quantity, 0),
    ready: true,
    order: draft.order ? { __typename: 'Order', id: draft.order.id, name: draft.order.name, legacyResourceId: idFromGid(draft.order.id, 'Order') } : null,
    ...metafieldFields(record, draft.id),
  };
}

/** `node(id:)`: whatever the emulator holds under that GID. */
export function nodeById(record: ShopRecord, gid: unknown): Source | null {
  if (typeof gid !== 'string') return null;
  if (gid === record.shop.id) return shopView(record);
  const customerId = idFromGid(gid, 'Customer');
  if (customerId !== null) {
    const customer = record.customers.get(Number(customerId));
    return customer ? customerView(record, customer) : null;
  }
  const discount = record.discounts.find((d) => d.id === gid);
  if (discount) return discountNodeView(record, discount);
  const draft = record.draftOrders.get(gid);
  if (draft) return draftOrderView(record, draft);
  const metafield = record.metafields.find((m) => m.id === gid);
  if (metafield) return metafieldView(metafield);
  return null;
}
