import {
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { BUCKET_MAXIMUM, BUCKET_RESTORE_RATE } from '../context.js';
import type { ShopRecord } from '../state.js';

/**
 * Shopify's calculated query cost, simplified: scalars and enums 0, objects 1, connections 2 + (first|last) ×
 * the cost of what each node selects, every mutation field 10; for alternative fragments on an abstract type
 * the most expensive one counts. With `data` the same walk gives the actual cost (connections sized by what
 * they returned).
 */
const MUTATION_FIELD_COST = 10;
const OBJECT_COST = 1;
const CONNECTION_BASE_COST = 2;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function intArgument(field: FieldNode, name: string, variables: Record<string, unknown>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  if (arg.value.kind === Kind.INT) return Number.parseInt(arg.value.value, 10);
  if (arg.value.kind === Kind.VARIABLE) {
    const value = variables[arg.value.name.value];
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

function countReturned(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  const connection = value as { nodes?: unknown[]; edges?: unknown[] };
  return Math.max(connection.nodes?.length ?? 0, connection.edges?.length ?? 0);
}

function fieldCost(walk: Walk, field: FieldNode, parent: GraphQLCompositeType, data: unknown, withData: boolean): number {
  const name = field.name.value;
  if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
  const definition = parent.getFields()[name];
  if (!definition) return 0;
  const named = getNamedType(definition.type);
  if (isLeafType(named) || !isCompositeType(named) || !field.selectionSet) return 0;
  const key = field.alias?.value ?? name;
  const value = withData && data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
  if (named.name.endsWith('Connection') && isObjectType(named) && 'pageInfo' in named.getFields()) {
    const size = withData ? countReturned(value) : (intArgument(field, 'first', walk.variables) ?? intArgument(field, 'last', walk.variables) ?? 0);
    return CONNECTION_BASE_COST + size * selectionCost(walk, field.selectionSet, named, undefined, false);
  }
  const child = Array.isArray(value) ? value[0] : value;
  return OBJECT_COST + selectionCost(walk, field.selectionSet, named, child, withData);
}

function selectionCost(walk: Walk, set: SelectionSetNode, type: GraphQLCompositeType, data: unknown, withData: boolean): number {
  let base = 0;
  const branches = new Map<string, number>();
  const addBranch = (typeName: string | undefined, inner: SelectionSetNode) => {
    const branchType = typeName ? walk.schema.getType(typeName) : type;
    if (!branchType || !isCompositeType(branchType)) return;
    const cost = selectionCost(walk, inner, branchType, data, withData);
    if (branchType === type) base += cost;
    else branches.set(branchType.name, (branches.get(branchType.name) ?? 0) + cost);
  };
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) base += fieldCost(walk, selection, type, data, withData);
    else if (selection.kind === Kind.INLINE_FRAGMENT) addBranch(selection.typeCondition?.name.value, selection.selectionSet);
    else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment) addBranch(fragment.typeCondition.name.value, fragment.selectionSet);
    }
  }
  return base + Math.max(0, ...branches.values());
}

/** The requested cost (without `data`) or the actual cost (with the response data) of `operation`. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data?: unknown,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const walk: Walk = { schema, fragments, variables };
  if (operation.operation === 'mutation') {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith('__')).length * MUTATION_FIELD_COST;
  }
  const root = schema.getQueryType();
  if (!root) return 0;
  return selectionCost(walk, operation.selectionSet, root, data, data !== undefined);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Refills the shop's bucket for the time passed and reports it. */
export function refillBucket(record: ShopRecord, now = Date.now()): ThrottleStatus {
  const { bucket } = record;
  bucket.available = Math.min(BUCKET_MAXIMUM, bucket.available + ((now - bucket.updatedAt) / 1000) * BUCKET_RESTORE_RATE);
  bucket.updatedAt = now;
  return throttleStatus(record);
}

export function throttleStatus(record: ShopRecord, available = record.bucket.available): ThrottleStatus {
  return { maximumAvailable: BUCKET_MAXIMUM, currentlyAvailable: Math.floor(available), restoreRate: BUCKET_RESTORE_RATE };
}
