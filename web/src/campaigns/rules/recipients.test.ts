import { describe, expect, it } from 'vitest';
import { recipientTarget, seededRandom, seedFrom, selectRecipients, type RecipientSpec } from './recipients.js';

describe('recipientTarget', () => {
  it.each<[number, RecipientSpec, number]>([
    [0, { mode: 'count', count: 5 }, 0],
    [10, { mode: 'count', count: 5 }, 5],
    [3, { mode: 'count', count: 5 }, 3],
    [0, { mode: 'share', share: '0.5' }, 0],
    [10, { mode: 'share', share: '0.5' }, 5],
    [10, { mode: 'share', share: '0.15' }, 2],
    [10, { mode: 'share', share: '0.14' }, 1],
    [1000, { mode: 'share', share: '0.145' }, 145],
    [30, { mode: 'share', share: '0.01' }, 1],
    [1, { mode: 'share', share: '0.0001' }, 1],
    [7, { mode: 'share', share: '1' }, 7],
  ])('audience %i, %j → %i', (size, spec, expected) => {
    expect(recipientTarget(size, spec)).toBe(expected);
  });
});

describe('selectRecipients', () => {
  const audience = Array.from({ length: 50 }, (_, i) => 100 + i);

  it('is deterministic for a seed, whatever order the audience came in', () => {
    const first = selectRecipients(audience, 10, 42);
    expect(selectRecipients([...audience].reverse(), 10, 42)).toEqual(first);
    expect(new Set(first).size).toBe(10);
    expect(first.every((id) => audience.includes(id))).toBe(true);
  });

  it('another seed picks other people', () => {
    expect(selectRecipients(audience, 10, 43)).not.toEqual(selectRecipients(audience, 10, 42));
  });

  it.each([
    [0, 0],
    [3, 3],
    [50, 50],
    [80, 50],
  ])('asked for %i of 50 → %i distinct members', (count, expected) => {
    const chosen = selectRecipients(audience, count, 7);
    expect(chosen).toHaveLength(expected);
    expect(new Set(chosen).size).toBe(expected);
  });

  it('an empty audience gives nobody', () => {
    expect(selectRecipients([], 5, 1)).toEqual([]);
  });

  it('draws every member about equally often over many seeds', () => {
    const counts = new Map<number, number>();
    for (let seed = 0; seed < 2000; seed++) {
      for (const id of selectRecipients(audience.slice(0, 10), 2, seedFrom(`run-${seed}`))) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // 2000 draws of 2 of 10: 400 each expected.
    for (const id of audience.slice(0, 10)) expect(counts.get(id)).toBeGreaterThan(320);
  });
});

describe('seeds', () => {
  it('seedFrom is a stable signed 32-bit integer', () => {
    expect(seedFrom('campaign:1:2026-W48')).toBe(seedFrom('campaign:1:2026-W48'));
    expect(seedFrom('campaign:1:2026-W48')).not.toBe(seedFrom('campaign:1:2026-W49'));
    const seed = seedFrom('anything');
    expect(Number.isInteger(seed) && seed >= -(2 ** 31) && seed < 2 ** 31).toBe(true);
  });

  it('seededRandom repeats its sequence and stays in [0, 1)', () => {
    const a = seededRandom(-5);
    const b = seededRandom(-5);
    const values = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
