/** `GET /api/shop`: what the admin shows and formats with (name, currency, locale, time zone). */
export interface Shop {
  domain: string;
  name: string | null;
  currencyCode: string;
  primaryLocale: string;
  timezone: string;
}
