/** `GET /api/products/variants?query=`: the query string (empty or left out: the shop's first variants). */
export interface ProductVariantQuery {
  query?: string;
}

/** A variant of the shop as the reward editor's product picker lists it. */
export interface ProductVariantOption {
  /** `gid://shopify/ProductVariant/{id}` */
  id: string;
  /** `gid://shopify/Product/{id}` */
  productId: string;
  productTitle: string;
  /** null for a product's only variant. */
  variantTitle: string | null;
  imageUrl: string | null;
  /** Decimal string in the shop's currency. */
  price: string;
}

/** `GET /api/products/variants`. */
export interface ProductVariantList {
  variants: ProductVariantOption[];
}
