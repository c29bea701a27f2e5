import type { RequestHandler } from 'express';
import { DEMO_PRODUCTS, type DemoProduct } from './demo-data.js';

/** Where the emulator serves a demo product's image (the Admin API answers with this path on the emulator). */
export const productImagePath = (product: DemoProduct) => `/images/products/${product.handle}.svg`;

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small square picture for a demo product: a coffee-bag silhouette in a colour of its own and the product's SKU,
 * so every product looks different without shipping image files.
 */
export function productImageSvg(product: DemoProduct): string {
  const hue = (DEMO_PRODUCTS.indexOf(product) * 37 + 20) % 360;
  const label = escapeXml(product.sku.split('-')[0] ?? product.sku);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320" role="img" aria-label="${escapeXml(product.title)}">`,
    `<rect width="320" height="320" fill="hsl(${hue} 45% 90%)"/>`,
    `<path d="M100 90h120l16 170a12 12 0 0 1-12 13H96a12 12 0 0 1-12-13z" fill="hsl(${hue} 40% 38%)"/>`,
    `<rect x="96" y="70" width="128" height="26" rx="6" fill="hsl(${hue} 35% 28%)"/>`,
    `<text x="160" y="200" font-family="sans-serif" font-size="34" font-weight="700" text-anchor="middle" fill="#fff">${label}</text>`,
    '</svg>',
  ].join('');
}

/** `GET /images/products/{handle}.svg`: the demo product's picture; 404 for anything else. */
export function productImageHandler(): RequestHandler {
  return (req, res) => {
    const file = String(req.params.file ?? '');
    const product = DEMO_PRODUCTS.find((p) => `${p.handle}.svg` === file);
    if (!product) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(productImageSvg(product));
  };
}
