import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, readLocales, translate } from './extension.js';
import { headerTags, renderBlock, type StorefrontGlobals } from './render.js';

function globals(locale: string, customer: StorefrontGlobals['customer']): StorefrontGlobals {
  const root = `/storefront/shop.myshopify.com/${locale}`;
  return {
    shop: { name: 'Kaffee & Co', domain: 'shop.myshopify.com', currency: 'EUR' },
    customer,
    request: { locale: { iso_code: locale, primary: locale === 'de' }, page_type: 'index' },
    routes: {
      root_url: root,
      account_url: `${root}/account`,
      account_login_url: `${root}/account/login`,
      account_register_url: `${root}/account/register`,
      account_logout_url: `${root}/account/logout`,
    },
  };
}
const anna = { id: 42, first_name: 'Anna', last_name: 'Schmidt', email: 'anna@example.de' };

/** The JSON the blocks hand the widget script. */
function config(html: string): { locale: string; member: boolean; t: Record<string, string> } {
  const json = /<script type="application\/json" data-loyale-config>([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!) as { locale: string; member: boolean; t: Record<string, string> };
}

describe('the launcher (app embed)', () => {
  it('guest: a labelled modal dialog with the program, and the join and sign-in links', async () => {
    const { html, schema } = await renderBlock('launcher', globals('en', null));
    expect(schema).toMatchObject({ target: 'body', javascript: 'loyale.js', stylesheet: 'loyale.css' });
    expect(html).toMatch(/<button\s+type="button"\s+class="loyale-launcher"\s+aria-haspopup="dialog"\s+aria-expanded="false"\s+aria-controls="loyale-panel-app-launcher"/);
    expect(html).toContain('<span>Rewards</span>');
    expect(html).toMatch(/role="dialog"\s+aria-modal="true"\s+aria-labelledby="loyale-title-app-launcher"/);
    expect(html).toContain('<h2 class="loyale-panel__title" id="loyale-title-app-launcher">Rewards at Kaffee &amp; Co</h2>');
    expect(html).toContain('<a class="loyale-button" href="/storefront/shop.myshopify.com/en/account/register">Create an account</a>');
    expect(html).toContain('<a class="loyale-link" href="/storefront/shop.myshopify.com/en/account/login">Sign in</a>');
    expect(html).toContain('data-loyale-tiers');
    expect(html).not.toContain('data-loyale-points');
    expect(html).not.toContain('translation missing');
    expect(html).toContain('loyale-embed--right');
    expect(html).toContain('--loyale-launcher-bg: #1d4b3a; --loyale-launcher-fg: #ffffff;');
    const handed = config(html);
    expect(handed).toMatchObject({ locale: 'en', member: false });
    expect(handed.t).toMatchObject({ points_other: '{n} points', to_next_other: '{n} points to {tier}', redeem: 'Redeem' });
    expect(Object.keys(handed.t).length).toBeGreaterThan(25);
  });

  it('member: balance, tier and progress slots, rewards, codes and activity; no join link', async () => {
    const { html } = await renderBlock('launcher', globals('en', anna));
    for (const slot of ['points', 'tier', 'progress', 'rewards', 'codes', 'activity', 'earn', 'code', 'status']) expect(html).toContain(`data-loyale-${slot}`);
    expect(html).not.toContain('account/register');
    expect(config(html)).toMatchObject({ locale: 'en', member: true });
  });

  it('German: German strings in the markup and for the script', async () => {
    const { html } = await renderBlock('launcher', globals('de', null));
    expect(html).toContain('<span>Prämien</span>');
    expect(html).toContain('Prämien bei Kaffee &amp; Co');
    expect(html).toContain('>Konto erstellen</a>');
    expect(html).toContain('aria-label="Schließen"');
    const handed = config(html);
    expect(handed.locale).toBe('de');
    expect(handed.t).toMatchObject({ points_other: '{n} Punkte', to_next_other: 'Noch {n} Punkte bis {tier}', redeem: 'Einlösen' });
  });

  it('names the language of the strings it hands the script: English where the storefront has none of its own', async () => {
    expect(config((await renderBlock('launcher', globals('en', null))).html).t.locale).toBe('en');
    expect(config((await renderBlock('launcher', globals('de', null))).html).t.locale).toBe('de');
    // A French storefront gets the English strings, and says so: the script formats and pluralizes them as English.
    const french = config((await renderBlock('launcher', globals('fr', null))).html);
    expect(french).toMatchObject({ locale: 'fr', t: { locale: 'en', points_other: '{n} points' } });
  });

  it('follows the theme editor settings: position, colors, and a label that replaces the translated one', async () => {
    const { html } = await renderBlock('launcher', globals('de', null), {
      settings: { position: 'left', label: 'Treuepunkte', background: '#000000', text: '#ffff00' },
    });
    expect(html).toContain('loyale-embed--left');
    expect(html).toContain('<span>Treuepunkte</span>');
    expect(html).toContain('--loyale-launcher-bg: #000000; --loyale-launcher-fg: #ffff00;');
    const blank = await renderBlock('launcher', globals('de', null), { settings: { label: '   ' } });
    expect(blank.html).toContain('<span>Prämien</span>');
  });
});

describe('the tier card (app block)', () => {
  it('member: "Your tier" with the balance and progress slots', async () => {
    const { html, schema } = await renderBlock('tier-card', globals('en', anna));
    expect(schema).toMatchObject({ target: 'section', javascript: 'loyale.js', stylesheet: 'loyale.css' });
    expect(html).toContain('<h2 class="loyale-card__title">Your tier</h2>');
    expect(html).toContain('data-loyale-points');
    expect(html).toContain('data-loyale-progress');
    expect(config(html).member).toBe(true);
  });

  it('guest: an invitation with the join link, in German', async () => {
    const { html } = await renderBlock('tier-card', globals('de', null));
    expect(html).toContain('Machen Sie mit bei unserem Prämienprogramm');
    expect(html).toContain('href="/storefront/shop.myshopify.com/de/account/register">Konto erstellen</a>');
    expect(html).not.toContain('data-loyale-points');
  });
});

describe('headerTags', () => {
  it('loads each block asset once, the script deferred, and sets Shopify.routes.root', async () => {
    const g = globals('de', null);
    const blocks = [await renderBlock('launcher', g), await renderBlock('tier-card', g)];
    const tags = headerTags(blocks, g, (file) => `/assets/${file}`);
    expect(tags.match(/loyale\.css/g)).toHaveLength(1);
    expect(tags.match(/<script src="\/assets\/loyale\.js" defer><\/script>/g)).toHaveLength(1);
    expect(tags).toContain('"routes":{"root":"/storefront/shop.myshopify.com/de/"}');
  });
});

describe('translate', async () => {
  const locales = await readLocales(EXTENSION_DIR);
  it('interpolates named values, escaped', () => {
    expect(translate(locales, 'de', 'loyale.panel.title', { shop: '<Kaffee>' })).toBe('Prämien bei &lt;Kaffee&gt;');
  });
  it('falls back from a regional locale to its language, then to the default, then says what is missing', () => {
    expect(translate(locales, 'de-CH', 'loyale.panel.close')).toBe('Schließen');
    expect(translate(locales, 'fr', 'loyale.panel.close')).toBe('Close');
    expect(translate(locales, 'fr', 'loyale.nope')).toBe('translation missing: fr.loyale.nope');
  });
});
