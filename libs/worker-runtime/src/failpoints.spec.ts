import { describe, expect, it } from 'vitest';
import { applyNonFiniteFailpoints, parseNonFiniteFailpoints } from './failpoints.ts';

describe('non-finite failpoints', () => {
  it('parses step:rank:phase lists and rejects anything else, naming the entry', () => {
    expect(parseNonFiniteFailpoints(undefined)).toEqual([]);
    expect(parseNonFiniteFailpoints(' ')).toEqual([]);
    expect(parseNonFiniteFailpoints('3:1:D, 4:0:G')).toEqual([
      { step: 3, rank: 1, phase: 'D' },
      { step: 4, rank: 0, phase: 'G' },
    ]);
    expect(() => parseNonFiniteFailpoints('3:1:X')).toThrow(/entry "3:1:X", expected <step>:<rank>:<D\|G>/);
    expect(() => parseNonFiniteFailpoints('3:1')).toThrow(/entry "3:1"/);
  });

  it('poisons only the matching step, rank and phase', () => {
    const points = parseNonFiniteFailpoints('3:1:D');
    const g = new Float32Array([1, 2]);
    expect(applyNonFiniteFailpoints(points, 3, 0, 'D', g)).toBe(false);
    expect(applyNonFiniteFailpoints(points, 3, 1, 'G', g)).toBe(false);
    expect(applyNonFiniteFailpoints(points, 2, 1, 'D', g)).toBe(false);
    expect(Array.from(g)).toEqual([1, 2]);
    expect(applyNonFiniteFailpoints(points, 3, 1, 'D', g)).toBe(true);
    expect(Number.isNaN(g[0])).toBe(true);
    expect(g[1]).toBe(2);
  });
});
