import { describe, expect, it } from 'vitest';
import { PHASE_NAMES, phaseFromWire, phaseToWire } from './phase.ts';
import { Phase } from './schema.ts';

describe('phase names on the wire', () => {
  it('round-trip D and G, in step order', () => {
    expect(PHASE_NAMES).toEqual(['D', 'G']);
    for (const p of PHASE_NAMES) expect(phaseFromWire(phaseToWire(p))).toBe(p);
    expect(phaseToWire('D')).toBe(Phase.PHASE_D);
    expect(phaseToWire('G')).toBe(Phase.PHASE_G);
  });

  it('have no name for an unspecified or unknown value, and refuse an unknown name', () => {
    expect(phaseFromWire(Phase.PHASE_UNSPECIFIED)).toBeUndefined();
    expect(phaseFromWire(7)).toBeUndefined();
    expect(phaseFromWire(undefined)).toBeUndefined();
    expect(() => phaseToWire('X' as never)).toThrow(/phase/);
  });
});
