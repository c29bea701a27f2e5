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

/** A named fragment that several operations select (`graphql`...${FRAGMENT}``), so they select the same fields. */
export interface Fragment {
  readonly name: string;
  readonly source: string;
}

/** Tag for one named fragment: fragment`fragment Name on Type { ... }`. */
export function fragment(strings: TemplateStringsArray): Fragment {
  const source = strings.join('').trim();
  const definitions = parse(source).definitions;
  const definition = definitions[0];
  if (definitions.length !== 1 || definition?.kind !== Kind.FRAGMENT_DEFINITION) {
    throw new Error('a graphql fragment must be exactly one named fragment');
  }
  return { name: definition.name.value, source };
}

/**
 * Tag for one named Admin GraphQL operation: graphql<Data, Variables>`query Name { ... }`, followed by the
 * fragments it spreads (the only interpolations: values go in variables). Parsed at load, so a syntax error fails
 * at start-up (and in the tests), not at the first call.
 */
export function graphql<TData, TVariables = NoVariables>(
  strings: TemplateStringsArray,
  ...fragments: Fragment[]
): Operation<TData, TVariables> {
  if (fragments.some((f) => typeof f?.source !== 'string')) throw new Error('graphql operations interpolate fragments only; use variables');
  const source = strings.reduce((text, part, i) => text + part + (fragments[i]?.source ?? ''), '').trim();
  const document = parse(source);
  const operations = document.definitions.filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION);
  const definition = operations[0];
  if (operations.length !== 1 || definition?.kind !== Kind.OPERATION_DEFINITION || !definition.name) {
    throw new Error('a graphql operation must be exactly one named query or mutation');
  }
  if (definition.operation === 'subscription') throw new Error('subscriptions are not supported');
  return { name: definition.name.value, kind: definition.operation, source, document, definition };
}
