// The two phases of a training step, by name, and their wire values. Code outside this
// library speaks of 'D' and 'G'; only messages carry the enum.
import { fail } from './protocol-error.ts';
import { Phase } from './schema.ts';

/** D: the discriminator's update; G: the generator's, with the updated D. */
export type PhaseName = 'D' | 'G';

/** The phases of a step, in the order they run. */
export const PHASE_NAMES: readonly PhaseName[] = Object.freeze(['D', 'G'] as const);

/** The wire value of a phase. */
export function phaseToWire(phase: PhaseName): Phase {
  if (phase === 'D') return Phase.PHASE_D;
  if (phase === 'G') return Phase.PHASE_G;
  return fail('BAD_FIELD', 'phase', phase, "'D' or 'G'");
}

/** The phase of a wire value; undefined for PHASE_UNSPECIFIED or anything else. */
export function phaseFromWire(value: number | null | undefined): PhaseName | undefined {
  if (value === Phase.PHASE_D) return 'D';
  if (value === Phase.PHASE_G) return 'G';
  return undefined;
}
