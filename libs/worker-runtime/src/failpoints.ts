// Failpoints: faults a test can switch on in a real worker process through the
// environment (never through a flag or the config), in the spirit of etcd's
// gofail or TiKV's fail-rs, so that end-to-end tests exercise what a real
// divergence looks like on the wire.
//
//   ACGAN_FAILPOINT_NONFINITE="<step>:<rank>:<D|G>[,<step>:<rank>:<D|G>...]"
//     puts a NaN into the first gradient value of that rank at that step and
//     phase, as a model that diverged would.

import type { PhaseName } from '@acgan/protocol';

export const NONFINITE_FAILPOINT_ENV = 'ACGAN_FAILPOINT_NONFINITE';

export interface NonFiniteFailpoint {
  step: number;
  rank: number;
  phase: PhaseName;
}

/** Parses the failpoint spec; throws naming the bad entry. Empty or unset: none. */
export function parseNonFiniteFailpoints(spec: string | undefined): NonFiniteFailpoint[] {
  if (spec === undefined || spec.trim() === '') return [];
  return spec.split(',').map((entry) => {
    const m = /^\s*(\d+):(\d+):([DG])\s*$/.exec(entry);
    if (!m) throw new Error(`${NONFINITE_FAILPOINT_ENV}: entry ${JSON.stringify(entry)}, expected <step>:<rank>:<D|G>`);
    return { step: Number(m[1]), rank: Number(m[2]), phase: m[3] as PhaseName };
  });
}

/** Applies the matching failpoints to `grads` in place; true when one fired. */
export function applyNonFiniteFailpoints(points: NonFiniteFailpoint[], step: number, rank: number, phase: PhaseName, grads: Float32Array): boolean {
  const hit = points.some((p) => p.step === step && p.rank === rank && p.phase === phase);
  if (hit && grads.length > 0) grads[0] = Number.NaN;
  return hit;
}
