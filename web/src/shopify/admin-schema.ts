import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ADMIN_API_VERSION } from '../config/config.js';

const cache = new Map<string, GraphQLSchema>();

/**
 * The real Admin GraphQL schema of `version`, from the introspection shipped in `@shopify/dev-mcp`.
 * Used to validate every operation the app sends (tests) and every operation the emulator receives.
 */
export function loadAdminSchema(version: string = ADMIN_API_VERSION): GraphQLSchema {
  const cached = cache.get(version);
  if (cached) return cached;
  // The package exports only its entry (dist/index.js); the data sits beside it.
  const entry = devMcpEntry();
  const file = path.join(path.dirname(entry), 'data', `admin_${version}.json.gz`);
  const json = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as
    | { data: IntrospectionQuery }
    | IntrospectionQuery;
  const introspection = 'data' in json ? json.data : json;
  const schema = buildClientSchema(introspection);
  cache.set(version, schema);
  return schema;
}

/** The dev-mcp entry file. vitest's module runner has no `import.meta.resolve`; then node_modules is searched upwards. */
function devMcpEntry(): string {
  try {
    return fileURLToPath(import.meta.resolve('@shopify/dev-mcp'));
  } catch {
    let dir = path.dirname(fileURLToPath(import.meta.url));
    for (;;) {
      const candidate = path.join(dir, 'node_modules', '@shopify', 'dev-mcp', 'dist', 'index.js');
      if (existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) throw new Error('@shopify/dev-mcp is not installed');
      dir = parent;
    }
  }
}
