import type { EmulatorContext } from '../context.js';
import type { EmulatedCustomer, ShopRecord } from '../state.js';
import { createCodeDiscount } from './discounts.js';
import { searchDraftOrders } from './draft-orders.js';
import { AccessDeniedError } from './errors.js';
import { metafieldDefinitionCreate } from './metafield-definitions.js';
import { demoProductByGid, matchesProductQuery, productView, shopCatalog, variantView } from './products.js';
import { changeTags, draftOrderComplete, draftOrderCreate, metafieldsSet } from './store-mutations.js';
import { customerView, discountNodeView, idFromGid, nodeById, shopView } from './views.js';

type Args = Record<string, unknown>;

/** Fields only some scopes grant (the ones the app reads): the token's scopes must hold one of them. */
function requireScope(granted: readonly string[], field: string, anyOf: readonly string[]): void {
  if (!anyOf.some((scope) => granted.includes(scope))) throw new AccessDeniedError(field, anyOf);
}

const LOCALE_NAMES: Record<string, string> = { de: 'German', en: 'English', fr: 'French', it: 'Italian', es: 'Spanish', nl: 'Dutch' };

/** Shopify's customer search, reduced to what a loyalty app asks: `email:`, `id:`, `tag:` and free text. */
function matchesCustomerQuery(customer: EmulatedCustomer, query: string): boolean {
  const terms = query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  return terms.every((term) => {
    const [key, ...rest] = term.split(':');
    const value = (rest.length > 0 ? rest.join(':') : term).replace(/"/g, '').toLowerCase();
    if (rest.length > 0 && key === 'email') return (customer.email ?? '').toLowerCase() === value;
    if (rest.length > 0 && key === 'id') return String(customer.id) === value;
    if (rest.length > 0 && key === 'tag') return customer.tags.some((tag) => tag.toLowerCase() === value);
    const text = `${customer.firstName ?? ''} ${customer.lastName ?? ''} ${customer.email ?? ''}`.toLowerCase();
    return text.includes(value);
  });
}

/**
 * The Query root for one shop: what the app reads (shop, locales, customers, its discounts, drafts, the shop's
 * catalogue: the demo products at the shop's prices, without those it deleted). `origin` is the emulator's base
 * URL as the caller reached it (product image URLs point there).
 */
export function queryRoot(record: ShopRecord, origin: string, scopes: readonly string[]): Record<string, unknown> {
  const currency = record.shop.currencyCode;
  const catalog = shopCatalog(record);
  const catalogNode = (gid: unknown) => {
    const found = demoProductByGid(gid, catalog);
    if (!found) return null;
    return found.kind === 'variant' ? variantView(found.product, origin, currency) : productView(found.product, origin, currency);
  };
  const anyNode = (gid: unknown) => catalogNode(gid) ?? nodeById(record, gid);
  return {
    shop: shopView(record),
    shopLocales: ({ published }: Args) => {
      requireScope(scopes, 'shopLocales', ['read_locales', 'read_markets_home']);
      const primary = record.shop.primaryLocale;
      const locales = [primary, ...(primary === 'en' ? [] : ['en'])];
      return locales
        .map((locale) => ({ locale, name: LOCALE_NAMES[locale] ?? locale, primary: locale === primary, published: true }))
        .filter((l) => published !== true || l.published); // `published: true` means only published ones
    },
    customer: ({ id }: Args) => {
      const customerId = idFromGid(id, 'Customer');
      const customer = customerId !== null ? record.customers.get(Number(customerId)) : undefined;
      return customer ? customerView(record, customer) : null;
    },
    customers: ({ query }: Args) =>
      [...record.customers.values()]
        .filter((customer) => typeof query !== 'string' || query.trim() === '' || matchesCustomerQuery(customer, query))
        .map((customer) => customerView(record, customer)),
    codeDiscountNode: ({ id }: Args) => {
      const discount = record.discounts.find((d) => d.id === id);
      return discount ? discountNodeView(record, discount) : null;
    },
    // Every discount the emulator knows is a code discount: the same node (its `discount` union holds it).
    discountNode: ({ id }: Args) => {
      const discount = record.discounts.find((d) => d.id === id);
      return discount ? discountNodeView(record, discount) : null;
    },
    codeDiscountNodeByCode: ({ code }: Args) => {
      const wanted = String(code).toLowerCase();
      const discount = record.discounts.find((d) => d.code.toLowerCase() === wanted);
      return discount ? discountNodeView(record, discount) : null;
    },
    codeDiscountNodes: () => record.discounts.map((d) => discountNodeView(record, d)),
    draftOrder: ({ id }: Args) => (typeof id === 'string' && record.draftOrders.has(id) ? nodeById(record, id) : null),
    draftOrders: ({ query }: Args) => searchDraftOrders(record, query),
    product: ({ id }: Args) => (idFromGid(id, 'Product') === null ? null : catalogNode(id)),
    productVariant: ({ id }: Args) => (idFromGid(id, 'ProductVariant') === null ? null : catalogNode(id)),
    products: ({ query }: Args) =>
      catalog.filter((p) => matchesProductQuery(p, query, 'product')).map((p) => productView(p, origin, currency)),
    productVariants: ({ query }: Args) =>
      catalog.filter((p) => matchesProductQuery(p, query, 'variant')).map((p) => variantView(p, origin, currency)),
    node: ({ id }: Args) => anyNode(id),
    nodes: ({ ids }: Args) => (Array.isArray(ids) ? ids.map(anyNode) : []),
  };
}

/** The Mutation root for one shop. `variables` are the request's, recorded with each created discount. */
export function mutationRoot(ctx: EmulatorContext, record: ShopRecord, variables: unknown): Record<string, unknown> {
  return {
    discountCodeBasicCreate: ({ basicCodeDiscount }: Args) =>
      createCodeDiscount(ctx, record, 'discountCodeBasicCreate', basicCodeDiscount as Args, variables),
    discountCodeFreeShippingCreate: ({ freeShippingCodeDiscount }: Args) =>
      createCodeDiscount(ctx, record, 'discountCodeFreeShippingCreate', freeShippingCodeDiscount as Args, variables),
    discountCodeDelete: ({ id }: Args) => {
      const index = record.discounts.findIndex((d) => d.id === id);
      if (index < 0) {
        return { deletedCodeDiscountId: null, userErrors: [{ field: ['id'], message: 'Discount does not exist', code: 'INVALID' }] };
      }
      record.discounts.splice(index, 1);
      return { deletedCodeDiscountId: id, userErrors: [] };
    },
    draftOrderCreate: ({ input }: Args) => draftOrderCreate(ctx, record, input as Args),
    draftOrderComplete: ({ id }: Args) => draftOrderComplete(ctx, record, id),
    tagsAdd: ({ id, tags }: Args) => changeTags(ctx, record, id, tags, 'add'),
    tagsRemove: ({ id, tags }: Args) => changeTags(ctx, record, id, tags, 'remove'),
    metafieldsSet: ({ metafields }: Args) => metafieldsSet(ctx, record, metafields),
    metafieldDefinitionCreate: ({ definition }: Args) => metafieldDefinitionCreate(ctx, record, definition),
  };
}
