import { fragment, graphql } from './operation.js';

/** An image as the app asks for it: one URL, sized for a reward card (the platform's CDN resizes). */
interface ImagePreview {
  preview: { image: { url: string } | null } | null;
}

/** What a free_product reward shows of its variant, and what the reward editor's picker lists. */
export interface ProductVariantNode {
  /** `gid://shopify/ProductVariant/{id}` */
  id: string;
  title: string;
  /** Decimal, in the shop's currency. */
  price: string;
  /** The variant's own image, if it has one. */
  media: { nodes: ImagePreview[] };
  product: {
    id: string;
    title: string;
    /** True when the variant is the product's only one (its title is then "Default Title"). */
    hasOnlyDefaultVariant: boolean;
    featuredMedia: ImagePreview | null;
  };
}

const PRODUCT_VARIANT_FIELDS = fragment`
  fragment RewardProductVariant on ProductVariant {
    id
    title
    price
    media(first: 1) {
      nodes {
        preview {
          image {
            url(transform: { maxWidth: 320, maxHeight: 320 })
          }
        }
      }
    }
    product {
      id
      title
      hasOnlyDefaultVariant
      featuredMedia {
        preview {
          image {
            url(transform: { maxWidth: 320, maxHeight: 320 })
          }
        }
      }
    }
  }
`;

/** One variant by its GID (saving a free_product reward); null when the shop has no such variant. */
export const PRODUCT_VARIANT = graphql<{ productVariant: ProductVariantNode | null }, { id: string }>`
  query ProductVariant($id: ID!) {
    productVariant(id: $id) {
      ...RewardProductVariant
    }
  }
  ${PRODUCT_VARIANT_FIELDS}
`;

/** Variants matching a search (the reward editor's product picker), in the platform's order. */
export const PRODUCT_VARIANTS_SEARCH = graphql<
  { productVariants: { nodes: ProductVariantNode[] } },
  { first: number; query: string | null }
>`
  query ProductVariantsSearch($first: Int!, $query: String) {
    productVariants(first: $first, query: $query) {
      nodes {
        ...RewardProductVariant
      }
    }
  }
  ${PRODUCT_VARIANT_FIELDS}
`;

/**
 * A variant's current price, read when a free_product code is issued (its value is one unit's price); null when the
 * shop no longer has the variant. `price` is a decimal in the shop's default currency (`Money`).
 */
export const PRODUCT_VARIANT_PRICE = graphql<{ productVariant: { id: string; price: string } | null }, { id: string }>`
  query ProductVariantPrice($id: ID!) {
    productVariant(id: $id) {
      id
      price
    }
  }
`;

/** A variant `nodes` found, with its product; `{}` for a node of another type (the inline fragment selects nothing). */
export type VariantProductNode = { id: string; product: { id: string } } | Record<string, never>;

/**
 * Which of these variants the shop still has, and of which product (a free_product reward saved before its product
 * was cached learns it, or learns that it is gone). `nodes` answers in the order of `ids`, null for an id the shop
 * no longer has (Relay object identification); at most 250 ids per call.
 */
export const PRODUCT_VARIANT_PRODUCTS = graphql<{ nodes: (VariantProductNode | null)[] }, { ids: string[] }>`
  query ProductVariantProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant {
        id
        product {
          id
        }
      }
    }
  }
`;
