import { createHash } from 'node:crypto';

/*
 * The app's reserved metafield namespace: `$app` (and `$app:sub`) as the platform stores it, `app--<api client id>`
 * (`app--<id>--sub`), for reads and writes alike.
 */

/** The app's numeric API client id (the platform's own; here derived from the API key, stable across runs). */
export function appClientId(apiKey: string): string {
  return String(Number.parseInt(createHash('sha256').update(apiKey).digest('hex').slice(0, 10), 16));
}

/** `namespace` as the platform stores it: the app's reserved namespace for `$app` (also when none is given). */
export function resolveNamespace(apiKey: string, namespace: unknown): string {
  const given = typeof namespace === 'string' && namespace !== '' ? namespace : '$app';
  if (given === '$app') return `app--${appClientId(apiKey)}`;
  if (given.startsWith('$app:')) return `app--${appClientId(apiKey)}--${given.slice('$app:'.length)}`;
  return given;
}
