import type { ProgramLocale } from '../../program/default-program.js';
import type { MetafieldDefinitionInput } from '../../shopify/operations/customers.js';
import { METAFIELD_NAMESPACE, METAFIELDS } from './plan.js';

/**
 * Bump when a definition below changes: shops defined under an older version are defined again (an existing
 * definition answers TAKEN and stays as it is).
 */
export const METAFIELD_DEFINITIONS_VERSION = 1;

type Key = (typeof METAFIELDS)[number]['key'];

/** What the merchant reads in the admin (customer page, segment editor), in the shop's language. */
const WORDING: Record<ProgramLocale, Record<Key, { name: string; description: string }>> = {
  en: {
    points: { name: 'Loyalty points', description: "The customer's Loyale points balance." },
    tier: { name: 'Loyalty tier', description: "The customer's Loyale VIP tier." },
    points_to_next_tier: { name: 'Points to next tier', description: 'Points the customer still needs for the next Loyale tier (0 at the top tier).' },
  },
  de: {
    points: { name: 'Treuepunkte', description: 'Der Punktestand der Kundin oder des Kunden bei Loyale.' },
    tier: { name: 'Treuestufe', description: 'Die VIP-Stufe der Kundin oder des Kunden bei Loyale.' },
    points_to_next_tier: {
      name: 'Punkte bis zur nächsten Stufe',
      description: 'Punkte, die bis zur nächsten Loyale-Stufe noch fehlen (0 auf der höchsten Stufe).',
    },
  },
};

/**
 * The definitions of the customer metafields the sync writes: app-owned (`$app`: only Loyale writes them, merchants
 * read them, `MERCHANT_READ`), typed, pinned on the customer page, and so usable as customer segment filters
 * ("Treuepunkte ≥ 500"), which metafields without a definition are not.
 */
export function customerMetafieldDefinitions(locale: ProgramLocale): MetafieldDefinitionInput[] {
  return METAFIELDS.map((field) => ({
    namespace: METAFIELD_NAMESPACE,
    key: field.key,
    type: field.type,
    ownerType: 'CUSTOMER',
    access: { admin: 'MERCHANT_READ' },
    pin: true,
    ...WORDING[locale][field.key],
  }));
}

/** A definition the shop already has (created by an earlier run, or by a run that lost its answer). */
export function isAlreadyDefined(userErrors: readonly { code?: string | null }[]): boolean {
  return userErrors.length > 0 && userErrors.every((e) => e.code === 'TAKEN');
}
