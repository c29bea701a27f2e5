import { DEMO_PRODUCTS, type DemoProduct } from '../demo-data.js';
import { productImagePath } from '../product-images.js';
import type { ShopRecord } from '../state.js';
import { gidOf, idFromGid } from './views.js';

/**
 * The catalogue every emulated shop sells: the demo roastery's products, each with its one default variant and one
 * image served by the emulator. Read-only; as GraphQL source objects like views.ts (nested fields are functions,
 * so a variant's product and a product's variants do not build each other forever).
 */
type Source = Record<string, unknown>;

/** When the demo catalogue was "created" on the platform. */
const CATALOG_CREATED_AT = '2026-01-15T09:00:00Z';

function imageView(product: DemoProduct, origin: string): Source {
  const url = `${origin}${productImagePath(product)}`;
  return {
    __typename: 'Image',
    id: gidOf('ProductImage', product.productId),
    altText: product.title,
    width: 320,
    height: 320,
    url: () => url,
    src: url,
    originalSrc: url,
    transformedSrc: () => url,
  };
}

function mediaImageView(product: DemoProduct, origin: string): Source {
  const image = imageView(product, origin);
  return {
    __typename: 'MediaImage',
    id: gidOf('MediaImage', product.productId),
    alt: product.title,
    mediaContentType: 'IMAGE',
    status: 'READY',
    fileStatus: 'READY',
    image,
    preview: { image, status: 'READY' },
    createdAt: CATALOG_CREATED_AT,
    updatedAt: CATALOG_CREATED_AT,
  };
}

function money(amount: string, currencyCode: string): Source {
  return { amount, currencyCode };
}

export function productView(product: DemoProduct, origin: string, currencyCode: string): Source {
  const media = mediaImageView(product, origin);
  return {
    __typename: 'Product',
    id: gidOf('Product', product.productId),
    legacyResourceId: String(product.productId),
    title: product.title,
    handle: product.handle,
    vendor: 'Loyale Demo Rösterei',
    status: 'ACTIVE',
    hasOnlyDefaultVariant: true,
    totalInventory: 100,
    tracksInventory: true,
    createdAt: CATALOG_CREATED_AT,
    updatedAt: CATALOG_CREATED_AT,
    featuredMedia: media,
    featuredImage: media.image,
    media: [media],
    images: [media.image],
    mediaCount: { count: 1, precision: 'EXACT' },
    variantsCount: { count: 1, precision: 'EXACT' },
    variants: () => [variantView(product, origin, currencyCode)],
    priceRangeV2: { minVariantPrice: money(product.price, currencyCode), maxVariantPrice: money(product.price, currencyCode) },
  };
}

/** A product's only variant, titled "Default Title" as the platform titles it. Its image is the product's. */
export function variantView(product: DemoProduct, origin: string, currencyCode: string): Source {
  return {
    __typename: 'ProductVariant',
    id: gidOf('ProductVariant', product.variantId),
    legacyResourceId: String(product.variantId),
    title: 'Default Title',
    displayName: `${product.title} - Default Title`,
    sku: product.sku,
    price: product.price,
    position: 1,
    availableForSale: true,
    inventoryQuantity: 100,
    sellableOnlineQuantity: 100,
    taxable: true,
    selectedOptions: [{ name: 'Title', value: 'Default Title' }],
    createdAt: CATALOG_CREATED_AT,
    updatedAt: CATALOG_CREATED_AT,
    media: [],
    image: null,
    product: () => productView(product, origin, currencyCode),
  };
}

/** The shop's catalogue: the demo products it has not deleted, at its current prices. */
export function shopCatalog(record: ShopRecord): DemoProduct[] {
  const { prices, deleted } = record.catalog;
  return DEMO_PRODUCTS.filter((p) => !deleted.has(p.productId)).map((p) => {
    const price = prices.get(p.productId);
    return price === undefined ? p : { ...p, price };
  });
}

const lower = (text: string) => text.toLocaleLowerCase('de');

/**
 * Shopify's product search, reduced to what an app's picker sends: terms ANDed; `title:`, `sku:`, `id:`,
 * `product_id:` and `status:`, other fields ignored; free text (a trailing `*` for a prefix) matches title or SKU.
 */
export function matchesProductQuery(product: DemoProduct, query: unknown, field: 'product' | 'variant'): boolean {
  if (typeof query !== 'string') return true;
  const terms = (query.match(/(?:[^\s"]+|"[^"]*")+/g) ?? []).filter((term) => !['AND', 'OR'].includes(term));
  return terms.every((term) => {
    const [key, ...rest] = term.split(':');
    const value = lower((rest.length > 0 ? rest.join(':') : term).replace(/["*]/g, ''));
    if (rest.length === 0) return lower(`${product.title} ${product.sku}`).includes(value);
    switch (key) {
      case 'title':
        return lower(product.title).includes(value);
      case 'sku':
        return lower(product.sku).startsWith(value);
      case 'id':
        return value === String(field === 'product' ? product.productId : product.variantId);
      case 'product_id':
        return value === String(product.productId);
      case 'status':
      case 'product_status':
        return value === 'active';
      default:
        return true;
    }
  });
}

/** The product of `products` (the demo catalogue unless given) that `gid` names (a product or a variant GID), if any. */
export function demoProductByGid(
  gid: unknown,
  products: readonly DemoProduct[] = DEMO_PRODUCTS,
): { product: DemoProduct; kind: 'product' | 'variant' } | null {
  const variantId = idFromGid(gid, 'ProductVariant');
  if (variantId !== null) {
    const product = products.find((p) => String(p.variantId) === variantId);
    return product ? { product, kind: 'variant' } : null;
  }
  const productId = idFromGid(gid, 'Product');
  const product = productId === null ? undefined : products.find((p) => String(p.productId) === productId);
  return product ? { product, kind: 'product' } : null;
}
