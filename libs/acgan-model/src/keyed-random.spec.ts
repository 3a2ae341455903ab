import { describe, expect, it } from 'vitest';
import { KeyedRandom, sampleLatent } from './keyed-random.ts';

describe('KeyedRandom', () => {
  it('depends only on the key', () => {
    expect(new KeyedRandom([1, 2, 3, 1]).normals(5)).toEqual(new KeyedRandom([1, 2, 3, 1]).normals(5));
    expect(new KeyedRandom([1, 2, 3, 1]).normals(5)).not.toEqual(new KeyedRandom([1, 2, 3, 2]).normals(5));
    expect(new KeyedRandom([1, 2, 3]).normals(5)).not.toEqual(new KeyedRandom([1, 3, 2]).normals(5));
    expect(new KeyedRandom([2 ** 40]).normals(3)).not.toEqual(new KeyedRandom([0]).normals(3));
  });

  it('draws standard normals and in-range integers', () => {
    const z = new KeyedRandom([7]).normals(20_001);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const ints = new KeyedRandom([7]).integers(1000, 10);
    expect(Math.min(...ints)).toBe(0);
    expect(Math.max(...ints)).toBe(9);
  });

  it('samples generator noise by seed', () => {
    expect(sampleLatent(3, 2, 4)).toHaveLength(8);
    expect(sampleLatent(3, 2, 4)).toEqual(sampleLatent(3, 2, 4));
  });
});
