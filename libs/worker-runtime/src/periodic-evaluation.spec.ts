import { describe, expect, it } from 'vitest';
import { valuesOf } from './periodic-evaluation.ts';

describe('valuesOf', () => {
  it('flattens an evaluate report into metric values', () => {
    const v = valuesOf({ generated: { classAccuracy: 0.9, diversity: 0.8, frechetDistance: 12 }, baselines: { classAccuracy: 0.95, frechetDistance: 2 } });
    expect(v).toEqual({ evalClassAccuracy: 0.9, evalDiversity: 0.8, evalFrechet: 12, evalRealClassAccuracy: 0.95, evalRealFrechet: 2 });
  });
  it('names a missing or non-finite number', () => {
    expect(() => valuesOf({ generated: { classAccuracy: 0.9, diversity: NaN, frechetDistance: 1 }, baselines: { classAccuracy: 1, frechetDistance: 1 } })).toThrow(/evalDiversity is null/);
    expect(() => valuesOf({})).toThrow(/evalClassAccuracy is undefined/);
  });
});
