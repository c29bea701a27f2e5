import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';

declare const operationTypes: unique symbol;

/**
 * A GraphQL operation the app sends to the Admin API, typed by what it returns (`TData`) and what it takes
 * (`TVariables`). The types are hand-written next to each operation; `operations.test.ts` validates every
 * operation's text against the real Admin schema.
 */
export interface Operation<TData, TVariables> {
  readonly name: string;
  readonly kind: 'query' | 'mutation';
  readonly source: string;
  readonly document: DocumentNode;
  readonly definition: OperationDefinitionNode;
  /** Phantom: carries the types only. */
  readonly [operationTypes]?: { data: TData; variables: TVariables };
}

export type OperationData<O> = O extends Operation<infer D, unknown> ? D : never;
export type NoVariables = Record<string, never>;

/**
 * Tag for one named Admin GraphQL operation: graphql<Data, Variables>`query Name { ... }`.
 * Parsed at load, so a syntax error fails at start-up (and in the tests), not at the first call.
 */
export function graphql<TData, TVariables = NoVariables>(
  strings: TemplateStringsArray,
  ...values: never[]
): Operation<TData, TVariables> {
  if (values.length > 0) throw new Error('graphql operations take no interpolations; use variables');
  const source = strings.join('').trim();
  const document = parse(source);
  const definitions = document.definitions;
  const definition = definitions[0];
  if (definitions.length !== 1 || definition?.kind !== Kind.OPERATION_DEFINITION || !definition.name) {
    throw new Error('a graphql operation must be exactly one named query or mutation');
  }
  if (definition.operation === 'subscription') throw new Error('subscriptions are not supported');
  return { name: definition.name.value, kind: definition.operation, source, document, definition };
}
