import { pino } from 'pino';
import type { Logger } from '../src/logger.js';
import { DEMO_SHOP, demoBasket, demoCustomers, shippingFor, type DemoCustomer } from './demo-data.js';
import type { Emulator } from './index.js';
import { customerPayload, orderPayload, refundPayload, timestamp, type OrderInput } from './payloads.js';
import { SeededRandom } from './random.js';

export interface DemoShopOptions {
  appUrl: string;
  log?: Logger;
  /** Keep sending new orders, their fulfilments, refunds and duplicates after the backlog. @defaultValue true */
  stream?: boolean;
  /** @defaultValue 20261122 */
  seed?: number;
  /** Pause between two stream events. @defaultValue 4000 ms */
  streamIntervalMs?: number;
  /**
   * How long after its `orders/paid` a streamed order is fulfilled (sent with the first stream step after that), so
   * a program that awards on fulfilment shows points pending, then earned. @defaultValue 10000 ms
   */
  streamFulfilmentDelayMs?: number;
  /** @defaultValue 50 */
  customers?: number;
  /** Paid orders over the last year. @defaultValue 150 */
  backlogOrders?: number;
}

export interface DemoShop {
  /** Resolves when the app is installed and the backlog is delivered (or the demo was stopped). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;
const INSTALL_ATTEMPTS = 60;
const INSTALL_RETRY_MS = 500;
const DELIVERY_ATTEMPTS = 3;
const DELIVERY_RETRY_MS = 500;
const BACKLOG_REFUNDS = 6;
const BACKLOG_CANCELLATIONS = 2;
/** A paid order of the backlog ships this many days later (a random time in between). */
const FULFILMENT_DAYS = { min: 1, max: 3 };

interface PlannedEvent {
  at: Date;
  topic: string;
  payload: Record<string, unknown>;
  eventId: string;
}

/** An order not fulfilled yet, and when it will be. */
interface Unshipped {
  input: OrderInput;
  dueAt: number;
}

interface SentOrder {
  id: number;
  customer: DemoCustomer | null;
  lines: { id: number; title: string; price: string; quantity: number }[];
  refunded: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A time of day when the shop has customers (08:00–20:59 local-ish), `daysAgo` days before `now`. */
function shoppingTime(random: SeededRandom, now: Date, daysAgo: number): Date {
  const day = new Date(now.getTime() - daysAgo * DAY_MS);
  day.setUTCHours(random.int(7, 19), random.int(0, 59), random.int(0, 59), 0);
  return day.getTime() > now.getTime() ? new Date(now.getTime() - random.int(60, 3600) * 1000) : day;
}

function sentOrder(id: number, customer: DemoCustomer | null, payload: Record<string, unknown>): SentOrder {
  const lines = (payload.line_items as { id: number; title: string; price: string; quantity: number }[]).map((l) => ({
    id: l.id,
    title: l.title,
    price: l.price,
    quantity: l.quantity,
  }));
  return { id, customer, lines, refunded: false };
}

/** A refund of one unit of one line of `order`. */
function refundOf(random: SeededRandom, order: SentOrder, refundId: number, at: Date): Record<string, unknown> {
  const line = random.pick(order.lines);
  return refundPayload({
    id: refundId,
    orderId: order.id,
    createdAt: at,
    lines: [{ lineItemId: line.id, quantity: 1, subtotal: line.price, title: line.title }],
    note: 'Rücksendung',
  });
}

/**
 * The customers' year: ~150 paid orders spread over the last 365 days, a few refunds and cancellations, and the
 * fulfilment of every order not cancelled 1–3 days after its payment; orders whose fulfilment would lie in the future
 * are returned as `unshipped` (the stream ships them when it is time). Fulfilments draw from their own random source,
 * so the rest of the backlog (and its event ids) stays what it was before they were added.
 */
function planBacklog(random: SeededRandom, shipments: SeededRandom, customers: DemoCustomer[], now: Date, count: number) {
  const weights = customers.map((c) => c.weight);
  const drafts = Array.from({ length: count }, () => {
    const customer = customers[random.weightedIndex(weights)]!;
    const daysAgo = random.int(0, 362) + random.next();
    return { customer, at: shoppingTime(random, now, daysAgo), basket: demoBasket(random, customer.office) };
  }).sort((a, b) => a.at.getTime() - b.at.getTime());

  const events: PlannedEvent[] = [];
  const orders: SentOrder[] = [];
  const paid: { input: OrderInput; at: Date }[] = [];
  drafts.forEach((draft, index) => {
    const id = 5_610_000_000_001 + index;
    const input: OrderInput = {
      id,
      number: 1001 + index,
      customer: draft.customer,
      subtotal: draft.basket.subtotal,
      lineItems: draft.basket.lineItems,
      shipping: shippingFor(draft.basket.subtotal),
      createdAt: draft.at,
      processedAt: draft.at,
    };
    const payload = orderPayload(input);
    paid.push({ input, at: draft.at });
    events.push({ at: draft.at, topic: 'orders/paid', payload, eventId: random.uuid() });
    orders.push(sentOrder(id, draft.customer, payload));
  });

  const candidates = [...orders];
  const cancelled = new Set<number>();
  for (let i = 0; i < BACKLOG_REFUNDS + BACKLOG_CANCELLATIONS && candidates.length > 0; i++) {
    const order = candidates.splice(random.int(0, candidates.length - 1), 1)[0]!;
    const placed = events.find((e) => e.payload.id === order.id)!;
    const at = new Date(Math.min(now.getTime(), placed.at.getTime() + random.int(1, 6) * DAY_MS));
    order.refunded = true;
    if (i < BACKLOG_REFUNDS) {
      events.push({ at, topic: 'refunds/create', payload: refundOf(random, order, 9_200_000_000_001 + i, at), eventId: random.uuid() });
    } else {
      cancelled.add(order.id);
      const stamp = timestamp(at);
      const payload = { ...placed.payload, cancelled_at: stamp, updated_at: stamp, cancel_reason: 'customer', financial_status: 'refunded' };
      events.push({ at, topic: 'orders/cancelled', payload, eventId: random.uuid() });
    }
  }

  const unshipped: Unshipped[] = [];
  for (const { input, at: paidAt } of paid) {
    if (cancelled.has(input.id)) continue;
    const days = FULFILMENT_DAYS.min + shipments.next() * (FULFILMENT_DAYS.max - FULFILMENT_DAYS.min);
    const at = new Date(paidAt.getTime() + Math.round(days * DAY_MS));
    const eventId = shipments.uuid();
    if (at.getTime() > now.getTime()) unshipped.push({ input, dueAt: at.getTime() });
    else events.push({ at, topic: 'orders/fulfilled', payload: orderPayload({ ...input, fulfilledAt: at }), eventId });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { events, orders, unshipped };
}

/**
 * The demo shop "Loyale Demo" (loyale-demo.myshopify.com, EUR, German): installs the app the real way (a session
 * token on `GET /api/program`, which makes the app exchange it for an access token), announces its customers,
 * delivers a year of orders (most fulfilled 1–3 days after payment), then (with `stream`) a new order every few
 * seconds, fulfilled a little later, now and then a refund, a duplicate delivery or a new customer. Seeded, so every start shows the same shop; the backlog's event ids are
 * stable too, so a restart against the same database delivers duplicates the app ignores.
 */
export async function startDemoShop(emulator: Emulator, options: DemoShopOptions): Promise<DemoShop> {
  const log = options.log ?? pino({ level: 'silent' });
  const appUrl = options.appUrl.replace(/\/+$/, '');
  const seed = options.seed ?? 20261122;
  const now = new Date();
  const shop = DEMO_SHOP.domain;
  emulator.addShop({ ...DEMO_SHOP });

  const random = new SeededRandom(seed);
  const customers = demoCustomers(random, options.customers ?? 50, now);
  for (const customer of customers) emulator.upsertCustomer(shop, customer);
  const backlog = planBacklog(random, new SeededRandom(seed + 3), customers, now, options.backlogOrders ?? 150);

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let step: Promise<void> = Promise.resolve();

  /** Delivers like the platform: retried (same event, same webhook id) while the app does not take it. */
  const deliver = async (topic: string, payload: object, eventId?: string): Promise<string | undefined> => {
    let result = await emulator.sendWebhook(shop, topic, payload, eventId ? { eventId } : {});
    for (let attempt = 1; attempt < DELIVERY_ATTEMPTS && !stopped && (result.status < 200 || result.status >= 300); attempt++) {
      await sleep(DELIVERY_RETRY_MS * attempt);
      result = await emulator.sendWebhook(shop, topic, payload, { eventId: result.eventId, webhookId: result.webhookId });
    }
    if (result.status < 200 || result.status >= 300) log.warn({ shop, topic, status: result.status }, 'demo: the app did not take a webhook');
    return result.eventId;
  };

  /** `GET {app}/api{path}` as the merchant's admin would (a fresh session token). */
  const askApp = (path: string) =>
    fetch(`${appUrl}/api${path}`, {
      headers: { authorization: `Bearer ${emulator.mintSessionToken(shop, { userId: '1' })}` },
      signal: AbortSignal.timeout(10_000),
    });

  const install = async (): Promise<void> => {
    for (let attempt = 1; attempt <= INSTALL_ATTEMPTS && !stopped; attempt++) {
      try {
        const res = await askApp('/program');
        if (res.ok && emulator.accessToken(shop) === undefined) {
          // The app kept a token from an earlier run of this (in-memory) emulator, which does not know it: a call to
          // the Admin API (the product picker's search) makes the app drop it, and the next visit installs afresh.
          const stale = await askApp('/products/variants?query=');
          log.info({ shop, status: stale.status }, 'demo: the app held a token of an earlier emulator run; installing again');
          continue;
        }
        if (res.ok) {
          log.info({ shop }, 'demo shop installed the app');
          return;
        }
        log.debug({ shop, status: res.status, attempt }, 'demo: install not answered yet');
      } catch (error) {
        log.debug({ shop, attempt, err: error }, 'demo: app not reachable yet');
      }
      await sleep(INSTALL_RETRY_MS);
    }
    if (!stopped) log.error({ shop }, 'demo: the app never answered the install; sending webhooks anyway');
  };

  const sendBacklog = async (): Promise<void> => {
    for (const customer of customers) {
      if (stopped) return;
      await deliver('customers/create', customerPayload(customer), random.uuid());
    }
    for (const event of backlog.events) {
      if (stopped) return;
      await deliver(event.topic, event.payload, event.eventId);
    }
    log.info({ shop, customers: customers.length, events: backlog.events.length }, 'demo backlog delivered');
  };

  const ready = (async () => {
    await install();
    await sendBacklog();
  })().catch((error: unknown) => log.error({ err: error }, 'demo: backlog failed'));

  const streamRandom = new SeededRandom(seed + 1);
  const streamOrders: SentOrder[] = [...backlog.orders.slice(-20)];
  const recentEvents: string[] = backlog.events.slice(-10).map((e) => e.eventId);
  const runStart = Math.floor(Date.now() / 1000) % 1_000_000;
  let nextOrderId = 5_700_000_000_000 + runStart * 1000;
  let nextRefundId = 9_300_000_000_000 + runStart * 1000;
  let nextNumber = 1001 + backlog.orders.length + (runStart % 1000) * 100;
  const newcomers = demoCustomers(new SeededRandom(seed + 2), 200, now, 7_470_000_000_001 + runStart * 100);
  let nextNewcomer = 0;
  const weights = () => customers.map((c) => c.weight);
  let unshipped = [...backlog.unshipped];
  const fulfilmentDelayMs = options.streamFulfilmentDelayMs ?? 10_000;

  /** Ships the orders whose time has come (`orders/fulfilled`, fulfilled now), oldest first. */
  const shipDue = async (): Promise<void> => {
    const at = Date.now();
    const due = unshipped.filter((order) => order.dueAt <= at).sort((a, b) => a.dueAt - b.dueAt);
    unshipped = unshipped.filter((order) => order.dueAt > at);
    for (const { input } of due) {
      if (stopped) return;
      const eventId = await deliver('orders/fulfilled', orderPayload({ ...input, fulfilledAt: new Date() }));
      if (eventId) recentEvents.push(eventId);
    }
  };

  const streamStep = async (): Promise<void> => {
    await shipDue();
    const roll = streamRandom.next();
    if (roll < 0.75 || streamOrders.length === 0) {
      const guest = streamRandom.chance(0.05);
      const customer = guest ? null : customers[streamRandom.weightedIndex(weights())]!;
      const basket = demoBasket(streamRandom, customer?.office ?? false);
      const id = nextOrderId++;
      // Created now, and kept so: the fulfilment later carries the same order.
      const input: OrderInput = {
        id,
        number: nextNumber++,
        customer,
        subtotal: basket.subtotal,
        lineItems: basket.lineItems,
        shipping: shippingFor(basket.subtotal),
        createdAt: new Date(),
      };
      const payload = orderPayload(input);
      const eventId = await deliver('orders/paid', payload);
      if (eventId) recentEvents.push(eventId);
      streamOrders.push(sentOrder(id, customer, payload));
      unshipped.push({ input, dueAt: Date.now() + fulfilmentDelayMs });
    } else if (roll < 0.85) {
      const open = streamOrders.filter((o) => !o.refunded && o.customer);
      if (open.length === 0) return;
      const order = streamRandom.pick(open.slice(-10));
      order.refunded = true;
      const eventId = await deliver('refunds/create', refundOf(streamRandom, order, nextRefundId++, new Date()));
      if (eventId) recentEvents.push(eventId);
    } else if (roll < 0.95) {
      const eventId = recentEvents.length > 0 ? streamRandom.pick(recentEvents.slice(-10)) : undefined;
      if (eventId) await emulator.redeliverWebhook(eventId);
    } else if (nextNewcomer < newcomers.length) {
      const customer = newcomers[nextNewcomer++]!;
      customer.createdAt = new Date();
      customers.push({ ...customer, weight: 0.3, office: false });
      emulator.upsertCustomer(shop, customer);
      await deliver('customers/create', customerPayload(customer));
    }
    if (streamOrders.length > 200) streamOrders.splice(0, streamOrders.length - 200);
    if (recentEvents.length > 50) recentEvents.splice(0, recentEvents.length - 50);
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      step = streamStep()
        .catch((error: unknown) => log.warn({ err: error }, 'demo: stream step failed'))
        .then(schedule);
    }, options.streamIntervalMs ?? 4_000);
  };
  if (options.stream ?? true) void ready.then(schedule);

  return {
    ready,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await ready;
      await step;
    },
  };
}
