import { describe, expect, it } from 'vitest';
import { pgConnection, UTC_SESSION } from './connection.js';

describe('pgConnection', () => {
  it('runs every session in UTC, the URL left as it is', () => {
    expect(pgConnection('postgresql://postgres@127.0.0.1:5432/loyale')).toEqual({
      connectionString: 'postgresql://postgres@127.0.0.1:5432/loyale',
      options: UTC_SESSION,
    });
  });

  it('adds further settings after UTC', () => {
    expect(pgConnection('postgresql://postgres@127.0.0.1/loyale', '-c synchronous_commit=off').options).toBe(
      '-c timezone=UTC -c synchronous_commit=off',
    );
  });

  it('keeps the URL’s own options, before UTC, so a time zone there cannot win (pg lets the URL’s override ours)', () => {
    const connection = pgConnection('postgresql://postgres@127.0.0.1/loyale?options=-c%20timezone%3DEurope%2FBerlin&sslmode=disable');
    expect(connection).toEqual({
      connectionString: 'postgresql://postgres@127.0.0.1/loyale?sslmode=disable',
      options: '-c timezone=Europe/Berlin -c timezone=UTC',
    });
  });
});
