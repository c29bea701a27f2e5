import type { EmulatorContext } from '../context.js';
import type { EmulatedMetafieldDefinition, ShopRecord } from '../state.js';
import { appClientId, resolveNamespace } from './app-namespace.js';
import { gidOf } from './views.js';

/**
 * App-owned namespaces and `metafieldDefinitionCreate`, as the platform has them: `$app` (and `$app:sub`) is the
 * calling app's reserved namespace, stored as `app--<api client id>` (`app--<id>--sub`); a definition is unique per
 * owner type, namespace and key (TAKEN); admin access may only be set on app-owned definitions; at most
 * `PINNED_LIMIT` definitions of an owner type are pinned.
 */

/** Pinned definitions per owner type the platform allows. */
export const PINNED_LIMIT = 20;

const TYPES = new Set([
  'boolean', 'color', 'date', 'date_time', 'dimension', 'id', 'json', 'link', 'money', 'multi_line_text_field',
  'number_decimal', 'number_integer', 'rating', 'rich_text_field', 'single_line_text_field', 'url', 'volume', 'weight',
]);

const KEY = /^[a-zA-Z0-9_-]{2,64}$/;

interface DefinitionError {
  field: string[];
  message: string;
  code: string;
}

type Input = Record<string, unknown>;

function refusals(ctx: EmulatorContext, record: ShopRecord, input: Input, namespace: string): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const error = (field: string, code: string, message: string) => errors.push({ field: ['definition', field], code, message });
  if (typeof input.name !== 'string' || input.name.trim() === '') error('name', 'BLANK', "Name can't be blank");
  const key = String(input.key ?? '');
  if (!KEY.test(key)) error('key', 'INVALID_CHARACTER', 'Key must be 2-64 characters long and only contain alphanumeric, hyphen, and underscore characters');
  const type = String(input.type ?? '');
  if (!TYPES.has(type.replace(/^list\./, ''))) error('type', 'INCLUSION', 'Type name is not a valid type');
  const ownerType = String(input.ownerType);
  const access = input.access as Input | null | undefined;
  if (access?.admin && !namespace.startsWith(`app--${appClientId(ctx.apiKey)}`)) {
    error('access', 'ADMIN_ACCESS_INPUT_NOT_ALLOWED', 'Admin access can only be specified on metafield definitions that have an app namespace.');
  }
  if (record.metafieldDefinitions.some((d) => d.ownerType === ownerType && d.namespace === namespace && d.key === key)) {
    error('key', 'TAKEN', `Key is in use for ${ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`);
  }
  if (input.pin === true && record.metafieldDefinitions.filter((d) => d.ownerType === ownerType && d.pinned).length >= PINNED_LIMIT) {
    error('pin', 'PINNED_LIMIT_REACHED', 'Limit of 20 pinned definitions.');
  }
  return errors;
}

export function metafieldDefinitionView(definition: EmulatedMetafieldDefinition): Record<string, unknown> {
  return {
    __typename: 'MetafieldDefinition',
    ...definition,
    type: { name: definition.type },
    access: { admin: definition.adminAccess ?? 'PUBLIC_READ_WRITE', storefront: 'NONE', customerAccount: 'NONE' },
    pinnedPosition: definition.pinned ? 1 : null,
  };
}

export function metafieldDefinitionCreate(ctx: EmulatorContext, record: ShopRecord, input: unknown): Record<string, unknown> {
  const definition = (input ?? {}) as Input;
  const namespace = resolveNamespace(ctx.apiKey, definition.namespace);
  const errors = refusals(ctx, record, definition, namespace);
  if (errors.length > 0) return { createdDefinition: null, userErrors: errors };
  const access = definition.access as Input | null | undefined;
  const created: EmulatedMetafieldDefinition = {
    id: gidOf('MetafieldDefinition', ctx.state.nextId()),
    ownerType: String(definition.ownerType),
    namespace,
    key: String(definition.key),
    name: String(definition.name),
    description: typeof definition.description === 'string' ? definition.description : null,
    type: String(definition.type),
    adminAccess: typeof access?.admin === 'string' ? access.admin : null,
    pinned: definition.pin === true,
  };
  record.metafieldDefinitions.push(created);
  return { createdDefinition: metafieldDefinitionView(created), userErrors: [] };
}
