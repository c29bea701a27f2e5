/** The program: `GET /api/program` (the storefront contract's view) and the editor's `GET|PUT /api/program/settings`. */

export type RewardKind = 'free_shipping' | 'percentage_off' | 'amount_off' | 'free_product';

/** The languages of tier and reward names: each has its `name` in the program's and may have one in the other. */
export type NamesLocale = 'en' | 'de';

/** When orders earn points: on payment or on fulfilment. */
export type AwardOn = 'paid' | 'fulfilled';

/** `GET /api/program`: the earning rule, tiers and rewards as the storefront contract has them (decimals as numbers). */
export interface ProgramView {
  earning: { pointsPerCurrencyUnit: number };
  /** Ascending by threshold. */
  tiers: { id: string; name: string; threshold: number; multiplier: number }[];
  rewards: { id: string; name: string; kind: RewardKind; cost: number; value: number | null }[];
}

export interface TierSettings {
  id: string;
  /** In the program's language (`ProgramSettings.namesLocale`). */
  name: string;
  /** The name in the other of German and English, for shoppers reading that language; null: none (they read `name`). */
  nameTranslation: string | null;
  threshold: number;
  multiplier: number;
}

/** What a free_product reward gives, as the platform described the variant when the reward was saved. */
export interface RewardProduct {
  title: string;
  /** null for a product's only variant. */
  variantTitle: string | null;
  imageUrl: string | null;
}

export interface RewardSettings {
  id: string;
  /** In the program's language (`ProgramSettings.namesLocale`). */
  name: string;
  /** The name in the other of German and English, for shoppers reading that language; null: none (they read `name`). */
  nameTranslation: string | null;
  kind: RewardKind;
  cost: number;
  /** percentage_off: a fraction (0.1 = 10 %); amount_off: money in the shop's currency; otherwise null. */
  value: number | null;
  active: boolean;
  /** The order subtotal a code needs (decimal string in the shop's currency); null for none. */
  minimumSubtotal: string | null;
  /** Days a redeemed code stays valid (1..365). */
  validityDays: number;
  /** Whether its codes combine with the shop's other kinds of discounts. */
  combinesWithOtherDiscounts: boolean;
  /** A saved tier: only members at that tier or above may redeem it; null for every member. */
  minimumTierId: string | null;
  /** free_product: the variant it gives (`gid://shopify/ProductVariant/…`); null otherwise. */
  productVariantId: string | null;
  /** Read-only: the product of a free_product reward, as it was when the reward was saved. */
  product: RewardProduct | null;
  /**
   * Read-only: when the app learned the free product's variant was deleted in the shop (ISO time); the reward was
   * switched off then. Null while it exists; cleared when it is saved with another product.
   */
  productMissingAt: string | null;
}

/** `GET|PUT /api/program/settings` answer: the editor's shape (ids as strings, decimals as numbers, pointValue a string). */
export interface ProgramSettings {
  /** What the next save sends back (`Versioned`): a save in between answers 409. */
  version: number;
  /** Read-only: the language of the names; their `nameTranslation` is in the other one. */
  namesLocale: NamesLocale;
  earning: {
    pointsPerCurrencyUnit: number;
    /** What a point is worth in the shop's currency, exact decimal string. */
    pointValue: string;
    awardOn: AwardOn;
    /** Days earned points stay pending before they can be spent. */
    approvalDays: number;
  };
  /**
   * Points expire after this many months without activity (3..36): an order that earned points, a redemption, a
   * manual adjustment that adds points or a surprise gift of points. null: never (the default).
   */
  pointsExpireAfterMonths: number | null;
  tiers: TierSettings[];
  rewards: RewardSettings[];
}

/** A tier of `PUT /api/program/settings`; no id (or null) for a new one. Tiers left out are removed. */
export interface TierSettingsBody {
  id?: string | null;
  name: string;
  /** Blank or null: none. Left out, a saved tier keeps its own (a new one has none). */
  nameTranslation?: string | null;
  threshold: number;
  multiplier: number;
}

/**
 * A reward of `PUT /api/program/settings`; no id (or null) for a new one. Left out, the optional fields keep what is
 * stored (a new reward gets the defaults). The read-only `product` and `productMissingAt` are not sent.
 */
export interface RewardSettingsBody {
  id?: string | null;
  name: string;
  /** Blank or null: none. Left out, a saved reward keeps its own (a new one has none). */
  nameTranslation?: string | null;
  kind: RewardKind;
  cost: number;
  value: number | null;
  active: boolean;
  /** A number or decimal text; null for none. */
  minimumSubtotal?: number | string | null;
  validityDays?: number;
  combinesWithOtherDiscounts?: boolean;
  minimumTierId?: string | null;
  /** Required for free_product (looked up on the platform when saved); ignored for other kinds. */
  productVariantId?: string | null;
}

/** `PUT /api/program/settings` (as `Versioned<ProgramSettingsBody>`): everything the editor saves at once. */
export interface ProgramSettingsBody {
  earning: {
    pointsPerCurrencyUnit: number;
    /** A number or decimal text (`"0.01"`). */
    pointValue: number | string;
    /** Left out, the stored one stays. */
    awardOn?: AwardOn;
    approvalDays?: number;
  };
  /** 3..36, or null for never. Left out, the stored one stays. */
  pointsExpireAfterMonths?: number | null;
  tiers: TierSettingsBody[];
  rewards: RewardSettingsBody[];
}
