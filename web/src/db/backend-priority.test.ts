import { describe, expect, it } from 'vitest';
import { isLocalDatabase, lowerBackendPriority } from './backend-priority.js';

describe('backend priority', () => {
  it.each([
    ['postgresql://postgres@127.0.0.1:5432/loyale', true],
    ['postgresql://postgres@localhost/loyale', true],
    ['postgresql://postgres@[::1]:5432/loyale', true],
    ['postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/loyale', true],
    ['postgresql://postgres@db.internal:5432/loyale', false],
    ['postgresql://postgres@10.0.0.7/loyale', false],
  ])('%s is local: %s', (url, local) => {
    expect(isLocalDatabase(url)).toBe(local);
  });

  it('never touches processes for a server on another machine (its pids are not ours)', () => {
    expect(lowerBackendPriority('postgresql://postgres@db.internal/loyale', 10)).toBeUndefined();
    expect(lowerBackendPriority('postgresql://postgres@127.0.0.1/loyale', 10)).toBeTypeOf('function');
  });
});
