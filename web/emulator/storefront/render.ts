import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml } from '../index-page.js';
import { defaultSettings, EXTENSION_DIR, parseBlockSchema, readLocales, translate, type BlockSchema } from './extension.js';
import { createStorefrontLiquid } from './liquid.js';

export const THEME_DIR = join(import.meta.dirname, 'theme');

/** The Liquid objects a storefront page has (Shopify's global objects, as far as the blocks and the demo theme use them). */
export interface StorefrontGlobals {
  shop: { name: string; domain: string; currency: string };
  customer: { id: number; first_name: string | null; last_name: string | null; email: string | null } | null;
  request: { locale: { iso_code: string; primary: boolean }; page_type: string };
  routes: {
    root_url: string;
    account_url: string;
    account_login_url: string;
    account_register_url: string;
    account_logout_url: string;
  };
}

export interface RenderedBlock {
  html: string;
  schema: BlockSchema;
}

export interface RenderBlockOptions {
  /** The extension directory. @defaultValue EXTENSION_DIR */
  extensionDir?: string;
  /** Settings the merchant changed (the rest are the schema's defaults). */
  settings?: Record<string, unknown>;
  /** The URL `asset_url` gives an extension asset. @defaultValue `/storefront/assets/{name}` */
  assetUrl?(name: string): string;
}

/**
 * Renders `blocks/{name}.liquid` of the extension as the platform does for an app block or app embed: with the
 * global objects, `block` (`id`, `settings` from the schema's defaults plus `settings`), the extension's snippets
 * and storefront locale files.
 */
export async function renderBlock(name: string, globals: StorefrontGlobals, options: RenderBlockOptions = {}): Promise<RenderedBlock> {
  const dir = options.extensionDir ?? EXTENSION_DIR;
  const source = await readFile(join(dir, 'blocks', `${name}.liquid`), 'utf8');
  const schema = parseBlockSchema(source);
  const liquid = createStorefrontLiquid({
    root: [join(dir, 'blocks')],
    partials: [join(dir, 'snippets')],
    locales: await readLocales(dir),
    assetUrl: options.assetUrl ?? ((file) => `/storefront/assets/${encodeURIComponent(file)}`),
  });
  const block = { id: `app-${name}`, type: name, settings: { ...defaultSettings(schema), ...options.settings } };
  const html = await liquid.parseAndRender(source, { block }, { globals });
  return { html, schema };
}

/**
 * The tags the platform adds to `content_for_header` for the blocks on a page: each block's `stylesheet` and
 * `javascript` asset once (the script deferred), and `window.Shopify.routes.root`, where the widget finds the
 * app proxy.
 */
export function headerTags(blocks: RenderedBlock[], globals: StorefrontGlobals, assetUrl: (name: string) => string): string {
  const styles = new Set(blocks.flatMap((b) => (b.schema.stylesheet ? [b.schema.stylesheet] : [])));
  const scripts = new Set(blocks.flatMap((b) => (b.schema.javascript ? [b.schema.javascript] : [])));
  // `routes.root_url` is "/" or "/de"; `Shopify.routes.root` always ends with a slash ("/", "/de/").
  const root = globals.routes.root_url.replace(/\/?$/, '/');
  const shopify = { shop: globals.shop.domain, locale: globals.request.locale.iso_code, routes: { root } };
  return [
    `<script>window.Shopify = ${JSON.stringify(shopify).replace(/</g, '\\u003c')};</script>`,
    ...[...styles].map((file) => `<link rel="stylesheet" href="${escapeHtml(assetUrl(file))}">`),
    ...[...scripts].map((file) => `<script src="${escapeHtml(assetUrl(file))}" defer></script>`),
  ].join('\n');
}

/** A string of the demo theme's own locale files. */
export async function themeText(locale: string, key: string): Promise<string> {
  return translate(await readLocales(THEME_DIR), locale, key);
}

/** Renders a template of the demo theme (`theme/templates/{template}.liquid`) inside its layout. */
export async function renderThemePage(
  template: string,
  globals: StorefrontGlobals,
  scope: Record<string, unknown> & { content_for_header: string; page_title: string },
): Promise<string> {
  const liquid = createStorefrontLiquid({
    root: [join(THEME_DIR, 'templates'), join(THEME_DIR, 'layout')],
    locales: await readLocales(THEME_DIR),
    assetUrl: (file) => `/storefront/assets/${encodeURIComponent(file)}`,
  });
  const content = await liquid.renderFile(template, scope, { globals });
  return liquid.renderFile('theme', { ...scope, content_for_layout: content }, { globals });
}
