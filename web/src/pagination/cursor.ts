import type { z } from 'zod';

/**
 * Opaque cursors for keyset pagination: the position of a row (its sort key and id) as base64url JSON. Clients
 * pass them back unchanged; the server checks them with a schema when it reads them back.
 */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position in `cursor`, or null when it is not one this schema describes (made up, cut, or of another list). */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
