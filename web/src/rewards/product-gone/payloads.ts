import { z } from 'zod';
import { numericId, parsePayload, resourceId, timestamp } from '../../loyalty/payloads/fields.js';

/**
 * The product webhooks' payloads (REST shape, scope read_products), reduced to what tells that a variant is gone:
 * `products/delete` carries only `{ id }` (the product is gone with all its variants); `products/update` carries the
 * product with its current `variants`, so a variant missing from the list was probably deleted (the list need not be
 * complete for a very large product: handle.ts confirms with the platform).
 */

const variantSchema = z.object({ id: numericId, admin_graphql_api_id: z.string().nullish() });

const productDeleteSchema = z.object({ id: numericId });

const productUpdateSchema = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().nullish(),
  updated_at: timestamp.nullish(),
  variants: z.array(variantSchema),
});

/** What a product webhook says about the product's variants; ids are GIDs, as rewards store them. */
export interface ProductChange {
  /** `gid://shopify/Product/{id}` */
  productId: string;
  /** The variants the product has now (`gid://shopify/ProductVariant/{id}`); null: the product was deleted. */
  variantIds: ReadonlySet<string> | null;
  /** When the platform last changed the product (products/update); null when the payload does not say. */
  updatedAt: Date | null;
}

const productGid = (id: string) => `gid://shopify/Product/${id}`;
const variantGid = (id: string) => `gid://shopify/ProductVariant/${id}`;

/** `products/delete`; throws InvalidPayloadError (a poison event) without a numeric product id. */
export function parseProductDeleted(payload: unknown): ProductChange {
  const parsed = parsePayload('products/delete', productDeleteSchema, payload);
  return { productId: productGid(resourceId('products/delete', 'id', parsed.id, null)), variantIds: null, updatedAt: null };
}

/** `products/update`; throws InvalidPayloadError (a poison event) without the product id or its variants' ids. */
export function parseProductUpdated(payload: unknown): ProductChange {
  const topic = 'products/update';
  const parsed = parsePayload(topic, productUpdateSchema, payload);
  const variantIds = parsed.variants.map((v, i) => variantGid(resourceId(topic, `variants.${i}.id`, v.id, v.admin_graphql_api_id)));
  return {
    productId: productGid(resourceId(topic, 'id', parsed.id, parsed.admin_graphql_api_id)),
    variantIds: new Set(variantIds),
    updatedAt: parsed.updated_at ?? null,
  };
}
