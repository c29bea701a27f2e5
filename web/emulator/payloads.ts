import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { DemoProduct } from './demo-data.js';
import type { EmulatedShop } from './state.js';

/**
 * REST webhook payloads in Shopify's shape (API 2026-10): `orders/*` (the order), `refunds/create` (the refund)
 * and `customers/*` (the customer). Money fields are strings, both as the plain field and as `*_set` with
 * `shop_money`/`presentment_money`, except `refund_line_items[].subtotal` and `total_tax`, which Shopify sends
 * as JSON numbers (`subtotal_set` holds the exact string).
 */

export interface CustomerInput {
  id: number;
  email?: string;
  firstName?: string;
  lastName?: string;
  locale?: string;
  /** @defaultValue now */
  createdAt?: Date;
  /** @defaultValue 'EUR' */
  currency?: string;
  tags?: string[];
}

export interface LineItemInput {
  /** @defaultValue derived from the order id and position */
  id?: number;
  title: string;
  /** Unit price, a decimal string. */
  price: string;
  quantity: number;
  productId?: number;
  variantId?: number;
  sku?: string;
  vendor?: string;
  /** Discount on the whole line, a decimal string. @defaultValue '0.00' */
  totalDiscount?: string;
}

export interface OrderInput {
  id: number;
  customer?: CustomerInput | null;
  /** `current_subtotal_price`: after discounts, before shipping and taxes. */
  subtotal: string;
  /** @defaultValue 'EUR' */
  currency?: string;
  /** @defaultValue createdAt */
  processedAt?: Date;
  /** @defaultValue now */
  createdAt?: Date;
  /** @defaultValue one line worth the subtotal */
  lineItems?: LineItemInput[];
  cancelledAt?: Date | null;
  /** Fulfilled at (the `orders/fulfilled` body: fulfillment_status and one fulfilment). @defaultValue null */
  fulfilledAt?: Date | null;
  /** @defaultValue `#${number}` */
  name?: string;
  /** @defaultValue derived from the id */
  number?: number;
  /** @defaultValue 'paid' ('refunded' when cancelled) */
  financialStatus?: string;
  /** Shipping charged, a decimal string. @defaultValue '0.00' */
  shipping?: string;
  /** VAT rate included in the prices. @defaultValue '0.19' */
  taxRate?: string;
  tags?: string[];
  note?: string | null;
}

export interface RefundLineInput {
  lineItemId: number;
  quantity: number;
  subtotal: string;
  /** @defaultValue 'Artikel' */
  title?: string;
}

export interface RefundInput {
  id: number;
  orderId: number;
  lines: RefundLineInput[];
  /** @defaultValue now */
  createdAt?: Date;
  /** @defaultValue 'EUR' */
  currency?: string;
  note?: string | null;
  /** VAT rate included in the prices. @defaultValue '0.19' */
  taxRate?: string;
}

type Json = Record<string, unknown>;

function money(amount: Decimal.Value): string {
  return new Decimal(amount).toFixed(2);
}

/** `{shop_money, presentment_money}` for an amount in the shop currency (no multi-currency in the emulator). */
export function moneySet(amount: Decimal.Value, currency: string): Json {
  const value = money(amount);
  return { shop_money: { amount: value, currency_code: currency }, presentment_money: { amount: value, currency_code: currency } };
}

/** Shopify writes timestamps in the shop's offset; the emulator writes UTC with an explicit offset. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function gid(type: string, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

function token(seed: string, length = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** Tax included in a gross amount at `rate`: gross × rate / (1 + rate), to the cent. */
function includedTax(gross: Decimal.Value, rate: string): Decimal {
  return new Decimal(gross).times(rate).dividedBy(new Decimal(1).plus(rate)).toDecimalPlaces(2);
}

function taxLine(amount: Decimal.Value, rate: string, currency: string): Json {
  return { price: money(amount), rate: Number(rate), title: 'MwSt.', price_set: moneySet(amount, currency), channel_liable: false };
}

/** The `customers/create|update` payload, also nested (trimmed the same way) in orders. */
export function customerPayload(input: CustomerInput): Json {
  const created = timestamp(input.createdAt ?? new Date());
  const currency = input.currency ?? 'EUR';
  return {
    id: input.id,
    email: input.email ?? null,
    created_at: created,
    updated_at: created,
    first_name: input.firstName ?? null,
    last_name: input.lastName ?? null,
    state: 'disabled',
    note: null,
    verified_email: Boolean(input.email),
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    currency,
    addresses: [],
    tax_exemptions: [],
    admin_graphql_api_id: gid('Customer', input.id),
    default_address: null,
  };
}

function orderCustomer(input: CustomerInput, currency: string): Json {
  const { addresses: _addresses, ...rest } = customerPayload({ ...input, currency });
  return rest;
}

function lineItemPayload(line: Required<Pick<LineItemInput, 'id'>> & LineItemInput, currency: string, taxRate: string): Json {
  const discount = new Decimal(line.totalDiscount ?? '0');
  const gross = new Decimal(line.price).times(line.quantity).minus(discount);
  const tax = includedTax(gross, taxRate);
  return {
    id: line.id,
    admin_graphql_api_id: gid('LineItem', line.id),
    attributed_staffs: [],
    current_quantity: line.quantity,
    fulfillable_quantity: line.quantity,
    fulfillment_service: 'manual',
    fulfillment_status: null,
    gift_card: false,
    grams: 250,
    name: line.title,
    price: money(line.price),
    price_set: moneySet(line.price, currency),
    product_exists: line.productId !== undefined,
    product_id: line.productId ?? null,
    properties: [],
    quantity: line.quantity,
    requires_shipping: true,
    sku: line.sku ?? '',
    taxable: true,
    title: line.title,
    total_discount: money(discount),
    total_discount_set: moneySet(discount, currency),
    variant_id: line.variantId ?? null,
    variant_inventory_management: 'shopify',
    variant_title: null,
    vendor: line.vendor ?? null,
    tax_lines: [taxLine(tax, taxRate, currency)],
    duties: [],
    discount_allocations: [],
  };
}

/** The order as `orders/paid`, `orders/create`, `orders/updated` and `orders/cancelled` carry it. */
export function orderPayload(input: OrderInput): Json {
  const currency = input.currency ?? 'EUR';
  const taxRate = input.taxRate ?? '0.19';
  const createdAt = input.createdAt ?? new Date();
  const processedAt = input.processedAt ?? createdAt;
  const cancelledAt = input.cancelledAt ?? null;
  const number = input.number ?? (input.id % 100_000) + 1000;
  const subtotal = new Decimal(input.subtotal);
  const shipping = new Decimal(input.shipping ?? '0');
  const lines = (input.lineItems ?? [{ title: 'Artikel', price: subtotal.toFixed(2), quantity: 1 }]).map((line, index) => ({
    ...line,
    id: line.id ?? input.id * 100 + index + 1,
  }));
  const lineItemsTotal = lines.reduce((sum, line) => sum.plus(new Decimal(line.price).times(line.quantity)), new Decimal(0));
  const discounts = Decimal.max(0, lineItemsTotal.minus(subtotal));
  const total = subtotal.plus(shipping);
  const tax = includedTax(total, taxRate);
  const financialStatus = input.financialStatus ?? (cancelledAt ? 'refunded' : 'paid');
  const orderToken = token(`order-${input.id}`);
  const customer = input.customer ?? null;
  const fulfilledAt = input.fulfilledAt ?? null;
  const updatedAt = timestamp(cancelledAt ?? fulfilledAt ?? processedAt);

  return {
    id: input.id,
    admin_graphql_api_id: gid('Order', input.id),
    app_id: 580111,
    browser_ip: '192.0.2.10',
    buyer_accepts_marketing: false,
    cancel_reason: cancelledAt ? 'customer' : null,
    cancelled_at: cancelledAt ? timestamp(cancelledAt) : null,
    cart_token: token(`cart-${input.id}`),
    checkout_token: token(`checkout-${input.id}`),
    client_details: { accept_language: customer?.locale ?? 'de-DE', browser_height: null, browser_ip: '192.0.2.10', browser_width: null, session_hash: null, user_agent: 'Mozilla/5.0' },
    closed_at: null,
    company: null,
    confirmation_number: token(`confirmation-${input.id}`, 9).toUpperCase(),
    confirmed: true,
    contact_email: customer?.email ?? null,
    created_at: timestamp(createdAt),
    currency,
    current_shipping_price_set: moneySet(shipping, currency),
    current_subtotal_price: money(subtotal),
    current_subtotal_price_set: moneySet(subtotal, currency),
    current_total_additional_fees_set: null,
    current_total_discounts: money(discounts),
    current_total_discounts_set: moneySet(discounts, currency),
    current_total_duties_set: null,
    current_total_price: money(total),
    current_total_price_set: moneySet(total, currency),
    current_total_tax: money(tax),
    current_total_tax_set: moneySet(tax, currency),
    customer_locale: customer?.locale ?? null,
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: customer?.email ?? '',
    estimated_taxes: false,
    financial_status: financialStatus,
    fulfillment_status: fulfilledAt ? 'fulfilled' : null,
    landing_site: '/',
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: 'MTU1NjM0NzE',
    merchant_of_record_app_id: null,
    name: input.name ?? `#${number}`,
    note: input.note ?? null,
    note_attributes: [],
    number: number - 1000,
    order_number: number,
    order_status_url: `https://shop.example/orders/${orderToken}/authenticate?key=${token(`key-${input.id}`)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ['bogus'],
    phone: null,
    po_number: null,
    presentment_currency: currency,
    processed_at: timestamp(processedAt),
    reference: token(`reference-${input.id}`),
    referring_site: '',
    source_identifier: token(`reference-${input.id}`),
    source_name: 'web',
    source_url: null,
    subtotal_price: money(subtotal),
    subtotal_price_set: moneySet(subtotal, currency),
    tags: (input.tags ?? []).join(', '),
    tax_exempt: false,
    tax_lines: [taxLine(tax, taxRate, currency)],
    taxes_included: true,
    test: false,
    token: orderToken,
    total_cash_rounding_payment_adjustment_set: moneySet(0, currency),
    total_cash_rounding_refund_adjustment_set: moneySet(0, currency),
    total_discounts: money(discounts),
    total_discounts_set: moneySet(discounts, currency),
    total_line_items_price: money(lineItemsTotal),
    total_line_items_price_set: moneySet(lineItemsTotal, currency),
    total_outstanding: '0.00',
    total_price: money(total),
    total_price_set: moneySet(total, currency),
    total_shipping_price_set: moneySet(shipping, currency),
    total_tax: money(tax),
    total_tax_set: moneySet(tax, currency),
    total_tip_received: '0.00',
    total_weight: lines.reduce((sum, line) => sum + 250 * line.quantity, 0),
    updated_at: updatedAt,
    user_id: null,
    billing_address: null,
    ...(customer ? { customer: orderCustomer(customer, currency) } : {}),
    discount_applications: [],
    fulfillments: fulfilledAt
      ? [{ id: input.id * 10 + 1, admin_graphql_api_id: `gid://shopify/Fulfillment/${input.id * 10 + 1}`, order_id: input.id,
          status: 'success', created_at: timestamp(fulfilledAt), updated_at: timestamp(fulfilledAt), tracking_company: null }]
      : [],
    line_items: lines.map((line) => lineItemPayload(line, currency, taxRate)),
    payment_terms: null,
    refunds: [],
    shipping_address: null,
    shipping_lines: shipping.gt(0)
      ? [
          {
            id: input.id * 10 + 1,
            carrier_identifier: null,
            code: 'Standard',
            discounted_price: money(shipping),
            discounted_price_set: moneySet(shipping, currency),
            is_removed: false,
            phone: null,
            price: money(shipping),
            price_set: moneySet(shipping, currency),
            requested_fulfillment_service_id: null,
            source: 'shopify',
            title: 'Standardversand',
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
    returns: [],
    line_item_groups: [],
  };
}

/** The refund as `refunds/create` carries it. */
export function refundPayload(input: RefundInput): Json {
  const currency = input.currency ?? 'EUR';
  const taxRate = input.taxRate ?? '0.19';
  const created = timestamp(input.createdAt ?? new Date());
  const total = input.lines.reduce((sum, line) => sum.plus(line.subtotal), new Decimal(0));
  return {
    id: input.id,
    order_id: input.orderId,
    created_at: created,
    note: input.note ?? null,
    user_id: null,
    processed_at: created,
    restock: false,
    duties: [],
    total_duties_set: moneySet(0, currency),
    additional_fees: [],
    total_additional_fees_set: moneySet(0, currency),
    return: null,
    refund_shipping_lines: [],
    admin_graphql_api_id: gid('Refund', input.id),
    order_adjustments: [],
    refund_line_items: input.lines.map((line, index) => {
      const tax = includedTax(line.subtotal, taxRate);
      const unit = new Decimal(line.subtotal).dividedBy(line.quantity || 1).toDecimalPlaces(2);
      return {
        id: input.id * 100 + index + 1,
        line_item_id: line.lineItemId,
        location_id: null,
        quantity: line.quantity,
        restock_type: 'no_restock',
        subtotal: new Decimal(line.subtotal).toNumber(),
        subtotal_set: moneySet(line.subtotal, currency),
        total_tax: tax.toNumber(),
        total_tax_set: moneySet(tax, currency),
        line_item: {
          id: line.lineItemId,
          admin_graphql_api_id: gid('LineItem', line.lineItemId),
          name: line.title ?? 'Artikel',
          title: line.title ?? 'Artikel',
          price: money(unit),
          price_set: moneySet(unit, currency),
          quantity: line.quantity,
          taxable: true,
          gift_card: false,
        },
      };
    }),
    transactions: [
      {
        id: input.id + 3_000_000,
        admin_graphql_api_id: gid('OrderTransaction', input.id + 3_000_000),
        amount: money(total),
        authorization: null,
        created_at: created,
        currency,
        device_id: null,
        error_code: null,
        gateway: 'bogus',
        kind: 'refund',
        location_id: null,
        message: 'Bogus Gateway: Forced success',
        order_id: input.orderId,
        parent_id: null,
        payment_id: `r${input.id}`,
        processed_at: created,
        receipt: {},
        source_name: 'web',
        status: 'success',
        test: false,
        user_id: null,
      },
    ],
  };
}

/**
 * The `products/update` payload (REST product) of a demo product whose variants are `variants` now: what the app
 * reads is `id`, `admin_graphql_api_id`, `updated_at` and each variant's ids; the rest is the platform's shape, trimmed.
 */
export function productUpdatePayload(product: DemoProduct, variants: readonly DemoProduct[], updatedAt: Date, currency = 'EUR'): Json {
  const updated = timestamp(updatedAt);
  return {
    id: product.productId,
    admin_graphql_api_id: gid('Product', product.productId),
    title: product.title,
    body_html: null,
    vendor: 'Loyale Demo Rösterei',
    product_type: '',
    handle: product.handle,
    created_at: '2026-01-15T09:00:00Z',
    updated_at: updated,
    published_at: '2026-01-15T09:00:00Z',
    template_suffix: null,
    published_scope: 'global',
    status: 'active',
    tags: '',
    variants: variants.map((v) => ({
      id: v.variantId,
      product_id: product.productId,
      admin_graphql_api_id: gid('ProductVariant', v.variantId),
      title: 'Default Title',
      price: v.price,
      price_set: moneySet(v.price, currency),
      sku: v.sku,
      position: 1,
      inventory_policy: 'deny',
      compare_at_price: null,
      option1: 'Default Title',
      option2: null,
      option3: null,
      created_at: '2026-01-15T09:00:00Z',
      updated_at: updated,
      taxable: true,
      barcode: null,
      inventory_quantity: 100,
    })),
    options: [{ name: 'Title', position: 1, values: variants.length > 0 ? ['Default Title'] : [] }],
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: gid('ProductVariant', v.variantId), updated_at: updated })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/** The `products/delete` payload: only the product's id (the platform has nothing else left to tell). */
export function productDeletePayload(product: DemoProduct): Json {
  return { id: product.productId };
}

/**
 * The `shop/update` payload: the shop as the REST Admin API's Shop resource describes it (the fields the app could
 * read; it reads the details again through GraphQL anyway).
 */
export function shopUpdatePayload(shop: EmulatedShop, updatedAt: Date): Json {
  const id = Number(shop.id.split('/').pop());
  return {
    id,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currencyCode,
    iana_timezone: shop.timezone,
    primary_locale: shop.primaryLocale,
    updated_at: updatedAt.toISOString(),
    admin_graphql_api_id: shop.id,
  };
}
