import type { EmulatorContext } from '../context.js';
import type { EmulatedDraftOrder, EmulatedMetafield, ShopRecord } from '../state.js';
import { resolveNamespace } from './app-namespace.js';
import { draftOrderView, gidOf, idFromGid, metafieldView, nodeById } from './views.js';

/**
 * Small stores behind `draftOrderCreate`/`draftOrderComplete`, `tagsAdd`/`tagsRemove` and `metafieldsSet`: enough
 * to answer in the platform's shape and let tests see what the app wrote; no pricing, inventory or webhooks.
 */

interface UserError {
  field: string[] | null;
  message: string;
}

type Input = Record<string, unknown>;

function money(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && 'amount' in value) return String((value as { amount: unknown }).amount);
  return null;
}

export function draftOrderCreate(ctx: EmulatorContext, record: ShopRecord, input: Input): Record<string, unknown> {
  const lines = Array.isArray(input.lineItems) ? (input.lineItems as Input[]) : [];
  const errors: UserError[] = [];
  if (lines.length === 0) errors.push({ field: ['input', 'lineItems'], message: 'Add at least 1 product' });
  lines.forEach((line, index) => {
    if (!line.variantId && !line.title) {
      errors.push({ field: ['input', 'lineItems', String(index), 'title'], message: "Title can't be blank" });
    }
  });
  if (errors.length > 0) return { draftOrder: null, userErrors: errors };

  const purchasing = input.purchasingEntity as { customerId?: string } | undefined;
  const now = new Date().toISOString();
  const id = ctx.state.nextId();
  const draft: EmulatedDraftOrder = {
    id: gidOf('DraftOrder', id),
    name: `#D${record.draftOrders.size + 1}`,
    status: 'OPEN',
    customerId: purchasing?.customerId ?? (typeof input.customerId === 'string' ? input.customerId : null),
    email: typeof input.email === 'string' ? input.email : null,
    note: typeof input.note === 'string' ? input.note : null,
    tags: Array.isArray(input.tags) ? (input.tags as string[]) : [],
    lineItems: lines.map((line) => ({
      title: typeof line.title === 'string' ? line.title : 'Produkt',
      quantity: typeof line.quantity === 'number' ? line.quantity : 1,
      unitPrice: money(line.priceOverride) ?? money(line.originalUnitPriceWithCurrency) ?? money(line.originalUnitPrice) ?? '0.00',
      variantId: typeof line.variantId === 'string' ? line.variantId : null,
      sku: typeof line.sku === 'string' ? line.sku : null,
    })),
    input,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    order: null,
  };
  record.draftOrders.set(draft.id, draft);
  return { draftOrder: draftOrderView(record, draft), userErrors: [] };
}

export function draftOrderComplete(ctx: EmulatorContext, record: ShopRecord, id: unknown): Record<string, unknown> {
  const draft = typeof id === 'string' ? record.draftOrders.get(id) : undefined;
  if (!draft) return { draftOrder: null, userErrors: [{ field: ['id'], message: 'Draft order does not exist' }] };
  if (draft.status === 'COMPLETED') {
    return { draftOrder: draftOrderView(record, draft), userErrors: [{ field: ['id'], message: 'Draft order has already been completed' }] };
  }
  const now = new Date().toISOString();
  draft.status = 'COMPLETED';
  draft.completedAt = now;
  draft.updatedAt = now;
  const completed = [...record.draftOrders.values()].filter((d) => d.order).length;
  draft.order = { id: gidOf('Order', ctx.state.nextId()), name: `#${5001 + completed}` };
  return { draftOrder: draftOrderView(record, draft), userErrors: [] };
}

/**
 * The node's current tags; null when the platform has no such node. A customer is known only once created (the demo,
 * a test's upsertCustomer, a webhook the emulator sent): like the platform, tags on a deleted customer are refused.
 */
function tagsOf(record: ShopRecord, id: string): string[] | null {
  const customerId = idFromGid(id, 'Customer');
  if (customerId !== null) return /^\d+$/.test(customerId) ? (record.customers.get(Number(customerId))?.tags ?? null) : null;
  const draft = record.draftOrders.get(id);
  if (draft) return record.tags.get(id) ?? draft.tags;
  if (idFromGid(id, 'Order') !== null) return record.tags.get(id) ?? [];
  return null;
}

function setTags(ctx: EmulatorContext, record: ShopRecord, id: string, tags: string[]): void {
  const customerId = idFromGid(id, 'Customer');
  if (customerId !== null) ctx.state.upsertCustomer(record, { id: Number(customerId), tags });
  else record.tags.set(id, tags);
}

/** A metafield owner the platform does not have: a customer it never created or has deleted (other owners pass). */
function ownerMissing(record: ShopRecord, ownerId: string): boolean {
  const customerId = idFromGid(ownerId, 'Customer');
  return customerId !== null && !(/^\d+$/.test(customerId) && record.customers.has(Number(customerId)));
}

export function changeTags(ctx: EmulatorContext, record: ShopRecord, id: unknown, tags: unknown, mode: 'add' | 'remove'): Record<string, unknown> {
  const gid = typeof id === 'string' ? id : '';
  const current = tagsOf(record, gid);
  if (current === null) return { node: null, userErrors: [{ field: ['id'], message: 'Resource not found' }] };
  const given = (Array.isArray(tags) ? (tags as string[]) : []).flatMap((tag) => tag.split(',')).map((tag) => tag.trim()).filter(Boolean);
  const next =
    mode === 'add'
      ? [...current, ...given.filter((tag) => !current.some((t) => t.toLowerCase() === tag.toLowerCase()))]
      : current.filter((tag) => !given.some((t) => t.toLowerCase() === tag.toLowerCase()));
  setTags(ctx, record, gid, next);
  return { node: nodeById(record, gid) ?? { __typename: 'Order', id: gid }, userErrors: [] };
}

export function metafieldsSet(ctx: EmulatorContext, record: ShopRecord, inputs: unknown): Record<string, unknown> {
  const list = Array.isArray(inputs) ? (inputs as Input[]) : [];
  const errors: (UserError & { code: string; elementIndex: number })[] = [];
  list.forEach((input, index) => {
    const namespace = resolveNamespace(ctx.apiKey, input.namespace);
    const existing = record.metafields.find((m) => m.ownerId === input.ownerId && m.namespace === namespace && m.key === input.key);
    if (!existing && (typeof input.type !== 'string' || input.type.length === 0)) {
      errors.push({ field: ['metafields', String(index), 'type'], message: "Type can't be blank", code: 'BLANK', elementIndex: index });
    }
    // The whole call is refused (nothing is written) and each error names its input by elementIndex, as the platform does.
    if (typeof input.ownerId !== 'string' || !input.ownerId.startsWith('gid://shopify/') || ownerMissing(record, input.ownerId)) {
      errors.push({ field: ['metafields', String(index), 'ownerId'], message: 'Owner does not exist', code: 'INVALID', elementIndex: index });
    }
  });
  if (list.length > 25) errors.push({ field: ['metafields'], message: 'Exceeded the maximum metafields input limit of 25.', code: 'LESS_THAN_OR_EQUAL_TO', elementIndex: 0 });
  if (errors.length > 0) return { metafields: null, userErrors: errors };

  const now = new Date().toISOString();
  const written = list.map((input) => {
    const namespace = resolveNamespace(ctx.apiKey, input.namespace);
    const ownerId = String(input.ownerId);
    const existing = record.metafields.find((m) => m.ownerId === ownerId && m.namespace === namespace && m.key === input.key);
    if (existing) {
      existing.value = String(input.value);
      if (typeof input.type === 'string') existing.type = input.type;
      existing.updatedAt = now;
      return existing;
    }
    const created: EmulatedMetafield = {
      id: gidOf('Metafield', ctx.state.nextId()),
      ownerId,
      namespace,
      key: String(input.key),
      type: String(input.type),
      value: String(input.value),
      createdAt: now,
      updatedAt: now,
    };
    record.metafields.push(created);
    return created;
  });
  return { metafields: written.map(metafieldView), userErrors: [] };
}
