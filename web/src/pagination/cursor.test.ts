import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './cursor.js';

const position = z.object({ k: z.number(), i: z.number() });

describe('cursors', () => {
  it('round-trip a position as URL-safe text', () => {
    const cursor = encodeCursor({ k: -3, i: 42, s: 'ü/+?' });
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(position, cursor)).toEqual({ k: -3, i: 42 });
  });

  it.each(['', '%%%', encodeCursor({ k: 'x', i: 1 }), Buffer.from('{"k":1').toString('base64url')])('refuse %j', (cursor) => {
    expect(decodeCursor(position, cursor)).toBeNull();
  });
});
