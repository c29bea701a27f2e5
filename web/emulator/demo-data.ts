import { Decimal } from 'decimal.js';
import { DEMO_SHOP_DOMAIN } from './context.js';
import type { CustomerInput, LineItemInput } from './payloads.js';
import type { SeededRandom } from './random.js';

/** The demo shop: a small German coffee roastery. */
export const DEMO_SHOP = {
  domain: DEMO_SHOP_DOMAIN,
  name: 'Loyale Demo',
  currencyCode: 'EUR',
  primaryLocale: 'de',
  timezone: 'Europe/Berlin',
  email: 'hallo@loyale-demo.example',
} as const;

export interface DemoProduct {
  productId: number;
  variantId: number;
  title: string;
  /** URL handle; the product's image is `/images/products/{handle}.svg` on the emulator. */
  handle: string;
  sku: string;
  price: string;
  /** Bought by offices in bulk, rarely by others. */
  bulk?: boolean;
}

const PRODUCT_LIST: [string, string, string, boolean?][] = [
  ['Espresso „Nonna“, 250 g', 'ESP-250', '8.90'],
  ['Hausmischung, 500 g', 'HAUS-500', '14.50'],
  ['Äthiopien Yirgacheffe, 250 g', 'ETH-250', '11.90'],
  ['Kolumbien Huila, 250 g', 'COL-250', '10.90'],
  ['Entkoffeiniert (Schweizer Wasser), 250 g', 'DECAF-250', '9.90'],
  ['Cold-Brew-Konzentrat, 1 l', 'COLD-1L', '12.50'],
  ['Porzellan-Handfilter', 'FILTER-P', '24.00'],
  ['Filterpapier, 100 Stück', 'PAPER-100', '4.50'],
  ['Keramikbecher „Morgenrot“', 'MUG-MR', '14.00'],
  ['Handmühle aus Edelstahl', 'GRIND-H', '59.00'],
  ['Probierset, 4 × 100 g', 'TASTE-4', '29.90'],
  ['Büro-Vorrat Hausmischung, 3 kg', 'HAUS-3KG', '79.00', true],
];

export const DEMO_PRODUCTS: DemoProduct[] = PRODUCT_LIST.map(([title, sku, price, bulk], index) => ({
  productId: 8_800_000_000_001 + index,
  variantId: 46_100_000_000_001 + index,
  title,
  handle: sku.toLowerCase(),
  sku,
  price,
  ...(bulk ? { bulk } : {}),
}));

const FIRST_NAMES = [
  'Anna', 'Lukas', 'Marie', 'Jonas', 'Sophie', 'Felix', 'Lea', 'Paul', 'Hannah', 'Maximilian', 'Laura', 'Leon',
  'Emma', 'Finn', 'Mia', 'Elias', 'Lena', 'Niklas', 'Clara', 'Tobias', 'Johanna', 'Moritz', 'Katharina', 'Jan',
  'Sarah', 'Florian', 'Julia', 'Sebastian', 'Greta', 'Matthias', 'Ida', 'Stefan', 'Charlotte', 'Andreas', 'Frieda',
  'Jürgen', 'Ursula', 'Björn', 'Sabine', 'Dieter', 'Renate', 'Uwe', 'Petra', 'Kai', 'Birgit', 'Ole', 'Svenja',
];
const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Meier', 'Lehmann',
  'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser',
  'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel', 'Friedrich',
];
const MAIL_DOMAINS = ['example.de', 'example.com', 'example.org', 'example.net'];

function ascii(value: string): string {
  return value
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

export interface DemoCustomer extends CustomerInput {
  /** How often this customer orders, relative to the others. */
  weight: number;
  /** Orders office supplies in bulk now and then (the Gold customers of the demo). */
  office: boolean;
}

const DEMO_CUSTOMER_BASE_ID = 7_460_000_000_001;

/** `count` customers with German names, unique e-mails and a long-tailed order frequency. */
export function demoCustomers(random: SeededRandom, count: number, now: Date, firstId = DEMO_CUSTOMER_BASE_ID): DemoCustomer[] {
  const used = new Set<string>();
  const customers: DemoCustomer[] = [];
  while (customers.length < count) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const key = `${firstName} ${lastName}`;
    if (used.has(key)) continue;
    used.add(key);
    const rank = customers.length + 1;
    customers.push({
      id: firstId + customers.length,
      firstName,
      lastName,
      email: `${ascii(firstName)}.${ascii(lastName)}@${random.pick(MAIL_DOMAINS)}`,
      locale: random.chance(0.85) ? 'de' : 'en',
      createdAt: new Date(now.getTime() - random.int(370, 900) * 86_400_000),
      weight: 1 / rank ** 0.9,
      office: rank <= 3,
    });
  }
  return customers;
}

export interface DemoBasket {
  lineItems: LineItemInput[];
  subtotal: string;
}

/** A realistic basket: one to four different products, now and then two of a kind; offices add the bulk pack. */
export function demoBasket(random: SeededRandom, office: boolean): DemoBasket {
  const regular = DEMO_PRODUCTS.filter((p) => !p.bulk);
  const chosen = new Set<DemoProduct>();
  const size = random.weightedIndex([0, 45, 30, 15, 10]);
  while (chosen.size < size) chosen.add(random.pick(regular));
  const bulk = DEMO_PRODUCTS.find((p) => p.bulk);
  if (bulk && (office ? random.chance(0.6) : random.chance(0.02))) chosen.add(bulk);
  const lineItems = [...chosen].map((product) => ({
    title: product.title,
    price: product.price,
    quantity: product.bulk ? random.int(1, 2) : random.chance(0.2) ? 2 : 1,
    productId: product.productId,
    variantId: product.variantId,
    sku: product.sku,
    vendor: 'Loyale Demo Rösterei',
  }));
  const subtotal = lineItems.reduce((sum, line) => sum.plus(new Decimal(line.price).times(line.quantity)), new Decimal(0));
  return { lineItems, subtotal: subtotal.toFixed(2) };
}

/** Standard shipping in Germany, free from 50 €. */
export function shippingFor(subtotal: string): string {
  return new Decimal(subtotal).gte(50) ? '0.00' : '4.90';
}
