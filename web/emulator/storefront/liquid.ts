import { Liquid, Tag, type TagToken, type TopLevelToken } from 'liquidjs';
import { translate, type LocaleSet } from './extension.js';

export interface StorefrontLiquidOptions {
  /** Where `render`ed snippets and the rendered files live. */
  root: string[];
  partials?: string[];
  /** The locale files `t` reads. */
  locales: LocaleSet;
  /** The URL `asset_url` gives an asset file name. */
  assetUrl(name: string): string;
}

/** `{% schema %}…{% endschema %}`: the block's settings for the theme editor; renders nothing. */
class SchemaTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    while (remainTokens.length > 0) {
      const next = remainTokens.shift();
      if (next && 'name' in next && next.name === 'endschema') return;
    }
    throw new Error('{% schema %} without {% endschema %}');
  }

  *render(): Generator<unknown, void, unknown> {}
}

/** The locale of the request being rendered (the `request.locale.iso_code` global). */
function requestLocale(context: { getSync(paths: PropertyKey[]): unknown }): string {
  const iso = context.getSync(['request', 'locale', 'iso_code']);
  return typeof iso === 'string' ? iso : 'en';
}

/**
 * A Liquid engine with the bits of Shopify's Liquid the extension's blocks use: `{% schema %}`, `t` (named values
 * interpolated), `asset_url`; `json`, `escape`, `strip`, `append`, `render` and the rest are liquidjs' own, which
 * behave as Shopify's for these uses. Like Shopify, output is not escaped unless a template asks for it.
 */
export function createStorefrontLiquid(options: StorefrontLiquidOptions): Liquid {
  const liquid = new Liquid({
    root: options.root,
    partials: options.partials ?? options.root,
    extname: '.liquid',
    cache: false,
    strictFilters: true,
    relativeReference: false,
  });
  liquid.registerTag('schema', SchemaTag);
  liquid.registerFilter('t', function (key: unknown, ...args: unknown[]) {
    const values = Object.fromEntries(args.filter((arg): arg is [string, unknown] => Array.isArray(arg) && arg.length === 2));
    return translate(options.locales, requestLocale(this.context), String(key), values);
  });
  liquid.registerFilter('asset_url', (name: unknown) => options.assetUrl(String(name)));
  return liquid;
}
