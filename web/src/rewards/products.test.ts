import { describe, expect, it } from 'vitest';
import type { ProductVariantNode } from '../shopify/operations/products.js';
import { toVariantSummary, variantSearchQuery } from './products.js';

const image = (url: string) => ({ preview: { image: { url } } });
const node = (overrides: Partial<ProductVariantNode> = {}, product: Partial<ProductVariantNode['product']> = {}): ProductVariantNode => ({
  id: 'gid://shopify/ProductVariant/1',
  title: 'Default Title',
  price: '14.00',
  media: { nodes: [] },
  product: { id: 'gid://shopify/Product/1', title: 'Keramikbecher', hasOnlyDefaultVariant: true, featuredMedia: image('https://cdn/p.png'), ...product },
  ...overrides,
});

describe('toVariantSummary', () => {
  it("a product's only variant: no variant title, the product's image", () => {
    expect(toVariantSummary(node())).toEqual({
      id: 'gid://shopify/ProductVariant/1',
      productId: 'gid://shopify/Product/1',
      productTitle: 'Keramikbecher',
      variantTitle: null,
      imageUrl: 'https://cdn/p.png',
      price: '14.00',
    });
  });

  it("one of several variants: its title, and its own image before the product's", () => {
    const summary = toVariantSummary(node({ title: 'Blau', media: { nodes: [image('https://cdn/v.png')] } }, { hasOnlyDefaultVariant: false }));
    expect(summary).toMatchObject({ variantTitle: 'Blau', imageUrl: 'https://cdn/v.png' });
  });

  it('no image at all → null', () => {
    expect(toVariantSummary(node({}, { featuredMedia: null })).imageUrl).toBeNull();
    expect(toVariantSummary(node({}, { featuredMedia: { preview: null } })).imageUrl).toBeNull();
  });
});

describe('variantSearchQuery', () => {
  it.each<[string, string | null]>([
    ['', null],
    ['   ', null],
    ['espr', 'espr*'],
    ['Espresso Nonna', 'Espresso* Nonna*'],
    ['title:mug', 'title* mug*'],
    ['"Hausmischung" OR (x)', 'Hausmischung* x*'],
    ['-kaffee NOT tee', 'kaffee* tee*'],
    ['a*b\\c', 'a* b* c*'],
    ['Äthiopien', 'Äthiopien*'],
  ])('%j → %j', (text, query) => {
    expect(variantSearchQuery(text)).toBe(query);
  });
});
