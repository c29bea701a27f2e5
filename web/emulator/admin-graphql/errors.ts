import {
  ExecutableDefinitionsRule,
  FieldsOnCorrectTypeRule,
  FragmentsOnCompositeTypesRule,
  KnownArgumentNamesRule,
  KnownDirectivesRule,
  KnownFragmentNamesRule,
  KnownTypeNamesRule,
  LoneAnonymousOperationRule,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  NoUnusedFragmentsRule,
  NoUnusedVariablesRule,
  OverlappingFieldsCanBeMergedRule,
  PossibleFragmentSpreadsRule,
  ProvidedRequiredArgumentsRule,
  ScalarLeafsRule,
  UniqueArgumentNamesRule,
  UniqueFragmentNamesRule,
  UniqueOperationNamesRule,
  UniqueVariableNamesRule,
  ValuesOfCorrectTypeRule,
  VariablesAreInputTypesRule,
  VariablesInAllowedPositionRule,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';

/** A GraphQL error as the Admin API writes it. */
export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: Record<string, unknown> & { code: string };
}

/** The codes the Admin API (graphql-ruby) gives each kind of static error. */
const RULE_CODES = new Map<ValidationRule, string>([
  [ExecutableDefinitionsRule, 'nonExecutableDefinition'],
  [FieldsOnCorrectTypeRule, 'undefinedField'],
  [FragmentsOnCompositeTypesRule, 'fragmentOnNonCompositeType'],
  [KnownArgumentNamesRule, 'argumentNotAccepted'],
  [KnownDirectivesRule, 'undefinedDirective'],
  [KnownFragmentNamesRule, 'undefinedFragment'],
  [KnownTypeNamesRule, 'undefinedType'],
  [LoneAnonymousOperationRule, 'anonymousOperationNotAlone'],
  [NoFragmentCyclesRule, 'infiniteLoop'],
  [NoUndefinedVariablesRule, 'variableNotDefined'],
  [NoUnusedFragmentsRule, 'useAndDefineFragment'],
  [NoUnusedVariablesRule, 'variableNotUsed'],
  [OverlappingFieldsCanBeMergedRule, 'fieldConflict'],
  [PossibleFragmentSpreadsRule, 'fragmentSpreadTypeMismatch'],
  [ProvidedRequiredArgumentsRule, 'missingRequiredArguments'],
  [ScalarLeafsRule, 'selectionMismatch'],
  [UniqueArgumentNamesRule, 'argumentNotUnique'],
  [UniqueFragmentNamesRule, 'fragmentNotUnique'],
  [UniqueOperationNamesRule, 'operationNotUnique'],
  [UniqueVariableNamesRule, 'variableNotUnique'],
  [ValuesOfCorrectTypeRule, 'argumentLiteralsIncompatible'],
  [VariablesAreInputTypesRule, 'variableRequiresValidType'],
  [VariablesInAllowedPositionRule, 'variableMismatch'],
]);

/** graphql-js messages rewritten the way graphql-ruby words the common ones, with its extra fields. */
const REWRITES: { pattern: RegExp; rewrite: (m: RegExpExecArray) => { message: string; extra: Record<string, unknown> } }[] = [
  {
    pattern: /^Cannot query field "([^"]+)" on type "([^"]+)"/,
    rewrite: (m) => ({ message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, extra: { typeName: m[2], fieldName: m[1] } }),
  },
  {
    pattern: /^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./,
    rewrite: (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extra: { className: 'Field', name: m[1], arguments: m[2] },
    }),
  },
  {
    pattern: /^Unknown argument "([^"]+)" on field "[^".]+\.([^"]+)"\./,
    rewrite: (m) => ({
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extra: { name: m[2], typeName: 'Field', argumentName: m[1] },
    }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is never used in operation "([^"]+)"\./,
    rewrite: (m) => ({ message: `Variable $${m[1]} is declared by ${m[2]} but not used`, extra: { variableName: m[1] } }),
  },
  {
    pattern: /^Variable "\$([^"]+)" is not defined by operation "([^"]+)"\./,
    rewrite: (m) => ({ message: `Variable $${m[1]} is used by ${m[2]} but not declared`, extra: { variableName: m[1] } }),
  },
  {
    pattern: /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./,
    rewrite: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${getNamed(m[2])} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extra: { nodeName: `field '${m[1]}'`, typeName: getNamed(m[2]) },
    }),
  },
];

function getNamed(typeName: string | undefined): string {
  return (typeName ?? '').replace(/[[\]!]/g, '');
}

function locationsOf(error: GraphQLError): ShopifyGraphqlError['locations'] {
  return error.locations?.map(({ line, column }) => ({ line, column }));
}

function shopifyStyle(error: GraphQLError, code: string): ShopifyGraphqlError {
  for (const { pattern, rewrite } of REWRITES) {
    const match = pattern.exec(error.message);
    if (match) {
      const { message, extra } = rewrite(match);
      return { message, locations: locationsOf(error), extensions: { code, ...extra } };
    }
  }
  return { message: error.message, locations: locationsOf(error), extensions: { code } };
}

/** Validates `document` against the schema; errors carry graphql-ruby's codes (found by re-running each rule). */
export function validateOperation(schema: GraphQLSchema, document: DocumentNode): ShopifyGraphqlError[] {
  const errors = validate(schema, document, specifiedRules);
  if (errors.length === 0) return [];
  const codeByMessage = new Map<string, string>();
  for (const rule of specifiedRules) {
    const code = RULE_CODES.get(rule);
    if (!code) continue;
    for (const ruleError of validate(schema, document, [rule])) codeByMessage.set(ruleError.message, code);
  }
  return errors.map((error) => shopifyStyle(error, codeByMessage.get(error.message) ?? 'validationError'));
}

export function parseError(error: GraphQLError): ShopifyGraphqlError {
  return {
    message: error.message.replace(/^Syntax Error: /, 'Parse error: '),
    locations: locationsOf(error),
    extensions: { code: 'parseError' },
  };
}

/**
 * A field the token's scopes do not cover (thrown by a resolver): the Admin API answers `ACCESS_DENIED` with the
 * scopes that would, and a non-null field's null spreads up to `data` as GraphQL has it.
 */
export class AccessDeniedError extends Error {
  /** "`read_locales` access scope or `read_markets_home` access scope.": any one of them grants the field. */
  readonly requiredAccess: string;

  constructor(field: string, scopes: readonly string[]) {
    const requiredAccess = `${scopes.map((s) => `\`${s}\` access scope`).join(' or ')}.`;
    super(`Access denied for ${field} field. Required access: ${requiredAccess}`);
    this.requiredAccess = requiredAccess;
  }
}

/** Errors of execution: bad variable values (before anything ran), or a field that failed while resolving. */
export function executionError(error: GraphQLError): ShopifyGraphqlError {
  if (error.originalError instanceof AccessDeniedError) {
    return {
      message: error.message,
      locations: locationsOf(error),
      ...(error.path ? { path: error.path } : {}),
      extensions: {
        code: 'ACCESS_DENIED',
        documentation: 'https://shopify.dev/api/usage/access-scopes',
        requiredAccess: error.originalError.requiredAccess,
      },
    };
  }
  const code = /^Variable "\$/.test(error.message)
    ? 'INVALID_VARIABLE'
    : /^Must provide operation name|^Unknown operation named/.test(error.message)
      ? 'OPERATION_NOT_FOUND'
      : 'BAD_REQUEST';
  return {
    message: error.message,
    locations: locationsOf(error),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code },
  };
}
