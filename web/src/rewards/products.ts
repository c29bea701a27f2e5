import type { RewardProduct } from '../program/repository.js';
import type { AdminClient } from '../shopify/admin-client.js';
import {
  PRODUCT_VARIANT,
  PRODUCT_VARIANT_PRICE,
  PRODUCT_VARIANTS_SEARCH,
  type ProductVariantNode,
} from '../shopify/operations/products.js';

/** A product variant as the reward editor lists it and a free_product reward shows it. */
export interface VariantSummary {
  /** `gid://shopify/ProductVariant/{id}` */
  id: string;
  /** `gid://shopify/Product/{id}`: what `products/delete` names. */
  productId: string;
  productTitle: string;
  /** null for a product's only variant (the platform calls it "Default Title"). */
  variantTitle: string | null;
  imageUrl: string | null;
  /** Decimal string in the shop's currency. */
  price: string;
}

/** A product variant's GID, the only form the Admin API takes (a malformed one is a GraphQL error there). */
export const PRODUCT_VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d{1,20}$/;

/** How many variants the picker lists per search. @defaultValue 25 */
export const VARIANT_SEARCH_LIMIT = 25;

/** The variant's own image, else the product's featured one. Pure. */
export function toVariantSummary(node: ProductVariantNode): VariantSummary {
  const image = node.media.nodes[0]?.preview?.image ?? node.product.featuredMedia?.preview?.image ?? null;
  return {
    id: node.id,
    productId: node.product.id,
    productTitle: node.product.title,
    variantTitle: node.product.hasOnlyDefaultVariant ? null : node.title,
    imageUrl: image?.url ?? null,
    price: node.price,
  };
}

/** What a free_product reward caches of its variant. */
export function toRewardProduct(variant: VariantSummary): RewardProduct {
  return { title: variant.productTitle, variantTitle: variant.variantTitle, imageUrl: variant.imageUrl };
}

/**
 * The platform's search query for what a merchant typed: each word a prefix term (`espr*`), ANDed. Characters the
 * search syntax gives a meaning (`:`, quotes, parentheses, `*`, `\`, a leading `-`) are dropped, as are the
 * connectives, so typing can never change the query's structure. Null for nothing to search (list the first ones).
 */
export function variantSearchQuery(text: string): string | null {
  const words = text
    .replace(/[:"'()*\\<>=]/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^-+/, ''))
    .filter((word) => word !== '' && !['AND', 'OR', 'NOT'].includes(word));
  return words.length > 0 ? words.map((word) => `${word}*`).join(' ') : null;
}

/** The shop's variant with this GID, or null when it has none. */
export async function findVariant(admin: AdminClient, shop: string, id: string): Promise<VariantSummary | null> {
  const { productVariant } = await admin.request(shop, PRODUCT_VARIANT, { id });
  return productVariant ? toVariantSummary(productVariant) : null;
}

/** The variant's current price (a decimal in the shop's currency), or null when the shop no longer has it. */
export async function findVariantPrice(admin: AdminClient, shop: string, id: string): Promise<string | null> {
  const { productVariant } = await admin.request(shop, PRODUCT_VARIANT_PRICE, { id });
  return productVariant?.price ?? null;
}

/** Up to `limit` of the shop's variants matching what the merchant typed. */
export async function searchVariants(
  admin: AdminClient,
  shop: string,
  text: string,
  limit = VARIANT_SEARCH_LIMIT,
): Promise<VariantSummary[]> {
  const { productVariants } = await admin.request(shop, PRODUCT_VARIANTS_SEARCH, { first: limit, query: variantSearchQuery(text) });
  return productVariants.nodes.map(toVariantSummary);
}
