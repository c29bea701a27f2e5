import { describe, expect, it } from 'vitest';
import { parseShopDomain } from './shop-domain.js';

describe('parseShopDomain', () => {
  it.each([
    ['shop.myshopify.com', 'shop.myshopify.com'],
    [' Shop-1.MyShopify.com ', 'shop-1.myshopify.com'],
    [`${'a'.repeat(63)}.myshopify.com`, `${'a'.repeat(63)}.myshopify.com`],
  ])('%j → %j', (value, domain) => {
    expect(parseShopDomain(value)).toBe(domain);
  });

  it.each([
    `${'a'.repeat(64)}.myshopify.com`,
    `${'a'.repeat(300)}.myshopify.com`,
    '-shop.myshopify.com',
    'sho_p.myshopify.com',
    'a.b.myshopify.com',
    'shop.myshopify.com/',
    'shop.shopify.com',
    'shop.myshopify.com.evil.com',
    '',
    undefined,
    ['shop.myshopify.com'],
  ])('refuses %j', (value) => {
    expect(parseShopDomain(value)).toBeNull();
  });
});
