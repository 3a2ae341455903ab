import { describe, expect, it } from 'vitest';
import { sameShape, shapeSize } from './named-tensor.ts';

describe('shape helpers', () => {
  it('counts the elements of a shape, 1 for a scalar and 0 for an empty dimension', () => {
    expect(shapeSize([3, 5, 2])).toBe(30);
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([4, 0])).toBe(0);
  });

  it('compares shapes dimension by dimension', () => {
    expect(sameShape([3, 5], [3, 5])).toBe(true);
    expect(sameShape([3, 5], [5, 3])).toBe(false);
    expect(sameShape([15], [3, 5])).toBe(false);
    expect(sameShape([], [])).toBe(true);
  });
});
