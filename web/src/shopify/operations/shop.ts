import { graphql } from './operation.js';

export interface ShopDetailsData {
  shop: { name: string; currencyCode: string; ianaTimezone: string };
  shopLocales: { locale: string; primary: boolean }[];
}

/** What an install records of the shop: name, currency, time zone and primary locale. */
export const SHOP_DETAILS = graphql<ShopDetailsData>`
  query ShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
    }
    shopLocales {
      locale
      primary
    }
  }
`;
