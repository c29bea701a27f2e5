import { describe, expect, it } from 'vitest';
import { frameAncestorsPolicy } from './frame-ancestors.js';
import { renderAdminPage } from './template.js';

const TEMPLATE = `<!doctype html><html><head><meta charset="utf-8" />
    <!-- loyale:head (filled by the server) -->
    <title>Loyale</title><script type="module" src="/assets/index.js"></script></head><body></body></html>`;

describe('renderAdminPage', () => {
  it('inside Shopify: the API key, then App Bridge as the first script, no token URL', () => {
    const html = renderAdminPage(TEMPLATE, { apiKey: 'key-1', appBridge: true, tokenUrl: null });
    expect(html).toContain('<meta name="shopify-api-key" content="key-1" />');
    expect(html.indexOf('app-bridge.js')).toBeGreaterThan(html.indexOf('shopify-api-key'));
    expect(html.indexOf('app-bridge.js')).toBeLessThan(html.indexOf('/assets/index.js'));
    expect(html).not.toContain('loyale-session-token-url');
    expect(html).not.toContain('loyale:head');
  });

  it('locally: the emulator token URL and no App Bridge; attribute values are escaped', () => {
    const html = renderAdminPage(TEMPLATE, { apiKey: 'a"b<c', appBridge: false, tokenUrl: 'http://127.0.0.1:1/session-token?shop=a&b' });
    expect(html).toContain('content="a&quot;b&lt;c"');
    expect(html).toContain('<meta name="loyale-session-token-url" content="http://127.0.0.1:1/session-token?shop=a&amp;b" />');
    expect(html).not.toContain('app-bridge.js');
  });
});

describe('frameAncestorsPolicy', () => {
  it('allows the shop and the Shopify admin for a valid shop domain', () => {
    expect(frameAncestorsPolicy('Shop-1.myshopify.com')).toBe('frame-ancestors https://shop-1.myshopify.com https://admin.shopify.com;');
  });

  it.each([undefined, '', 'evil.com', 'a.myshopify.com.evil.com', ['a.myshopify.com'], `${'a'.repeat(64)}.myshopify.com`])('allows no framing at all for %j', (shop) => {
    expect(frameAncestorsPolicy(shop)).toBe("frame-ancestors 'none';");
  });
});
