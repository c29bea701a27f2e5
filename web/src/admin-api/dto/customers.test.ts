import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../pagination/cursor.js';
import { validate } from '../../validation/field-errors.js';
import { customersQuery, ledgerQuery } from './customers.js';

describe('customersQuery', () => {
  it.each<[Record<string, unknown>, object]>([
    [{}, { sort: 'points_desc', limit: 50 }],
    [{ query: '  Anna ', tier: '12', sort: 'name_asc', limit: '100' }, { sort: 'name_asc', limit: 100, search: 'Anna', tierId: 12 }],
    [{ query: '   ' }, { sort: 'points_desc', limit: 50 }],
    [{ after: encodeCursor({ s: 'points_desc', k: -5, i: 7 }) }, { sort: 'points_desc', limit: 50, page: { direction: 'after', position: { key: -5, id: 7 } } }],
    [
      { sort: 'name_asc', before: encodeCursor({ s: 'name_asc', k: 'müller', i: 3 }) },
      { sort: 'name_asc', limit: 50, page: { direction: 'before', position: { key: 'müller', id: 3 } } },
    ],
  ])('reads %j', (input, data) => {
    expect(validate(customersQuery, input)).toEqual({ ok: true, data });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ sort: 'name_desc' }, 'sort'],
    [{ tier: 'gold' }, 'tier'],
    [{ tier: '12345678901' }, 'tier'],
    [{ query: 'x'.repeat(201) }, 'query'],
    [{ query: ['a', 'b'] }, 'query'],
    [{ query: 'a\u0000b' }, 'query'],
    [{ query: 'x\ud800' }, 'query'],
    [{ sort: 'name_asc', after: encodeCursor({ s: 'name_asc', k: 'a\u0000b', i: 1 }) }, 'after'],
    [{ sort: 'name_asc', after: encodeCursor({ s: 'name_asc', k: 'a\udc00b', i: 1 }) }, 'after'],
    [{ after: 'not base64 json' }, 'after'],
    [{ after: encodeCursor({ s: 'points_desc', k: 'text', i: 1 }) }, 'after'],
    [{ after: encodeCursor({ s: 'name_asc', k: 'a', i: 1 }) }, 'after'],
    [{ before: encodeCursor({ s: 'points_desc', k: 1 }) }, 'before'],
    [{ after: encodeCursor({ s: 'points_desc', k: 2 ** 31, i: 1 }) }, 'after'],
    [{ after: encodeCursor({ s: 'points_desc', k: 1, i: 1 }), before: encodeCursor({ s: 'points_desc', k: 1, i: 1 }) }, 'before'],
  ])('refuses %j at %s', (input, field) => {
    const result = validate(customersQuery, input);
    expect(result.ok ? [] : Object.keys(result.issues)).toEqual([field]);
  });
});

describe('ledgerQuery', () => {
  it('reads a cursor back into a position', () => {
    const after = encodeCursor({ t: '2026-11-23T10:00:00.123Z', i: '9007199254740993' });
    expect(validate(ledgerQuery, { after, limit: '2' })).toEqual({
      ok: true,
      data: { limit: 2, after: { createdAt: new Date('2026-11-23T10:00:00.123Z'), id: 9007199254740993n } },
    });
  });

  it('reads back a cursor whose name key holds a tab (as a stored name may)', () => {
    const after = encodeCursor({ s: 'name_asc', k: 'ida\tmaria', i: 3 });
    expect(validate(customersQuery, { sort: 'name_asc', after })).toMatchObject({ ok: true, data: { page: { position: { key: 'ida\tmaria', id: 3 } } } });
  });

  it.each([
    encodeCursor({ t: 'yesterday', i: '1' }),
    encodeCursor({ t: '2026-11-23T10:00:00Z', i: 'x' }),
    '!!',
    // Postgres has no year 0 (a 500 before); no entry predates the app.
    encodeCursor({ t: '0000-01-01T00:00:00Z', i: '1' }),
    encodeCursor({ t: '1999-12-31T23:59:59.999Z', i: '1' }),
  ])('refuses the cursor %s', (after) => {
    expect(validate(ledgerQuery, { after })).toEqual({ ok: false, issues: { after: { code: 'cursor_invalid', params: {} } } });
  });
});
