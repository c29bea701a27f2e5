import {
  GraphQLError,
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/** What a field's function gets beside its arguments: the calling app. */
export interface ResolverContext {
  apiKey: string;
}

/**
 * How the emulator answers any valid operation against the real schema: a field reads the same-named property of
 * its parent object (calling it with the arguments when it is a function). Plain arrays become connections
 * (first/last/after/before/reverse applied). A field the emulator does not model reads as null when nullable, and
 * as a neutral value of its type (empty string, 0, false, [], the first enum value, an empty object) when not,
 * so a query for more than the emulator knows still answers in exactly the requested shape.
 */
export const fieldResolver: GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> = (source, args, context, info) => {
  const property = source !== null && typeof source === 'object' ? (source as Record<string, unknown>)[info.fieldName] : undefined;
  const value: unknown =
    typeof property === 'function' ? (property as (a: unknown, c: unknown) => unknown).call(source, args, context) : property;
  if (value === undefined || value === null) return neutralValue(info.returnType, info.schema);
  if (Array.isArray(value) && isConnectionType(info.returnType)) return toConnection(value, args);
  return value;
};

function isConnectionType(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith('Connection') && 'pageInfo' in named.getFields();
}

const NEUTRAL_SCALARS: Record<string, unknown> = {
  Int: 0,
  Float: 0,
  Boolean: false,
  UnsignedInt64: '0',
  Decimal: '0.0',
  Money: '0.0',
  DateTime: '1970-01-01T00:00:00Z',
  Date: '1970-01-01',
  JSON: {},
  Color: '#000000',
};

/** null for a nullable field; otherwise the emptiest value the type allows. */
export function neutralValue(type: GraphQLOutputType, schema: GraphQLSchema): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0]?.name ?? null;
  if (isAbstractType(inner)) return { __typename: schema.getPossibleTypes(inner)[0]?.name };
  if (isObjectType(inner)) return {};
  return NEUTRAL_SCALARS[inner.name] ?? '';
}

function encodeCursor(index: number): string {
  return Buffer.from(JSON.stringify({ last_id: index })).toString('base64');
}

function decodeCursor(cursor: unknown): number | null {
  if (typeof cursor !== 'string') return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown };
    return typeof parsed.last_id === 'number' ? parsed.last_id : null;
  } catch {
    return null;
  }
}

/** A Relay connection over `items`, paginated as Shopify does (first or last required). */
export function toConnection(items: readonly unknown[], args: Record<string, unknown>): Record<string, unknown> {
  const first = typeof args.first === 'number' ? args.first : undefined;
  const last = typeof args.last === 'number' ? args.last : undefined;
  if (first === undefined && last === undefined) throw new GraphQLError('you must provide one of first or last');
  if ((first ?? 0) < 0 || (last ?? 0) < 0) throw new GraphQLError('first and last must be non-negative');
  const ordered = items.map((node, index) => ({ node, index }));
  if (args.reverse === true) ordered.reverse();
  let window = ordered;
  const after = decodeCursor(args.after);
  const before = decodeCursor(args.before);
  if (after !== null) window = window.slice(window.findIndex((e) => e.index === after) + 1);
  if (before !== null) {
    const at = window.findIndex((e) => e.index === before);
    if (at >= 0) window = window.slice(0, at);
  }
  let page = window;
  if (first !== undefined) page = page.slice(0, first);
  if (last !== undefined) page = page.slice(Math.max(0, page.length - last));
  const edges = page.map((e) => ({ cursor: encodeCursor(e.index), node: e.node }));
  const firstAt = page.length > 0 ? ordered.indexOf(page[0]!) : -1;
  const lastAt = page.length > 0 ? ordered.indexOf(page.at(-1)!) : -1;
  return {
    edges,
    nodes: page.map((e) => e.node),
    pageInfo: {
      hasNextPage: lastAt >= 0 && lastAt < ordered.length - 1,
      hasPreviousPage: firstAt > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
