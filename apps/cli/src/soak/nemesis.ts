/**
 * The nemesis of `acgan soak`: what to break next, drawn from a seeded generator so
 * that a soak can be replayed (`--seed`). It decides kinds, victims, durations and
 * pauses; it never looks at the clock, so the same seed gives the same sequence of
 * decisions (their timing against the training steps differs from run to run).
 *
 * The first round injects every enabled kind once, in a seeded order, with short
 * pauses: even a one-minute soak sees each kind early. After it, kinds are drawn
 * uniformly.
 */
import { SeededRandom } from '@acgan/data';

export const FAULT_KINDS = ['kill-worker', 'pause-worker', 'hang-worker', 'kill-coordinator', 'hostile', 'disk-full'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each kind does (help text and report). */
export const FAULT_DESCRIPTIONS: Record<FaultKind, string> = {
  'kill-worker': 'SIGKILL a worker; the launcher restarts it and it rejoins',
  'pause-worker': 'SIGSTOP a worker for 0.5-2.5 s (under the liveness limit), then SIGCONT',
  'hang-worker': 'SIGSTOP a worker until the coordinator declares it lost (about 4.5 s); the launcher kills and restarts it',
  'kill-coordinator': 'SIGKILL the launcher (coordinator); its workers exit on their own; `acgan train --resume` continues',
  hostile: 'a burst of hostile traffic from a client of its own (garbage, forgeries, costly envelopes, floods)',
  'disk-full': 'fill the run folder (a tmpfs) until checkpoint writes fail, then free it',
};

export const HOSTILE_ATTACKS = [
  'random-bytes',
  'truncated-envelope',
  'wrong-version',
  'wrong-model-hash',
  'forged-gradient',
  'future-step',
  'wrong-length',
  'oversized-frame',
  'spare-registration',
  'heartbeat-flood',
  'costly-envelope',
  'nested-groups',
  'forged-host-name',
  'registration-flood',
] as const;
export type HostileAttack = (typeof HOSTILE_ATTACKS)[number];

export interface FaultPlan {
  /** 1-based number of this fault. */
  n: number;
  kind: FaultKind;
  /** Quiet time before it, once the run is healthy again, ms. */
  pauseMs: number;
  /** Index of the worker hit (kill-worker, pause-worker, hang-worker). */
  victim: number;
  /** pause-worker: how long the worker stays stopped; disk-full: how long the disk stays full after the first failed checkpoint write; ms. */
  holdMs: number;
  /** hostile: the attacks of the burst, in order. */
  attacks: HostileAttack[];
}

export interface NemesisOptions {
  seed: number;
  kinds: readonly FaultKind[];
  workers: number;
  /** Pause range between faults after the first round, ms. */
  pauseMs: [number, number];
}

/** Pauses between faults: short soaks keep them short so that every kind fits. */
export function pauseRangeFor(minutes: number): [number, number] {
  return minutes <= 3 ? [1000, 3000] : [3000, 15_000];
}

export class Nemesis {
  private readonly rng: SeededRandom;
  private readonly firstRound: FaultKind[];
  private count = 0;

  constructor(private readonly opts: NemesisOptions) {
    if (opts.kinds.length === 0) throw new Error('the nemesis needs at least one fault kind');
    // A stream of its own, apart from any other use of the seed (the training's).
    this.rng = new SeededRandom(opts.seed, 0x50a4);
    this.firstRound = [...opts.kinds];
    for (let i = this.firstRound.length - 1; i > 0; i--) {
      const j = this.rng.nextBelow(i + 1);
      [this.firstRound[i], this.firstRound[j]] = [this.firstRound[j], this.firstRound[i]];
    }
  }

  /** Faults planned so far. */
  get planned(): number {
    return this.count;
  }

  next(): FaultPlan {
    const first = this.count < this.firstRound.length;
    const kind = first ? this.firstRound[this.count] : this.opts.kinds[this.rng.nextBelow(this.opts.kinds.length)];
    this.count++;
    const [lo, hi] = first ? [1000, 2000] : this.opts.pauseMs;
    const pauseMs = this.between(lo, hi);
    const victim = this.rng.nextBelow(this.opts.workers);
    let holdMs = 0;
    if (kind === 'pause-worker') holdMs = this.between(500, 2500);
    if (kind === 'disk-full') holdMs = first ? this.between(500, 2000) : this.between(1000, 8000);
    const attacks: HostileAttack[] = [];
    if (kind === 'hostile') {
      const pool = [...HOSTILE_ATTACKS];
      const n = 3 + this.rng.nextBelow(4);
      for (let i = 0; i < n; i++) attacks.push(pool.splice(this.rng.nextBelow(pool.length), 1)[0]);
    }
    return { n: this.count, kind, pauseMs, victim, holdMs, attacks };
  }

  private between(lo: number, hi: number): number {
    return lo + this.rng.nextBelow(hi - lo + 1);
  }
}

/** Parses `--faults a,b,c` (default all kinds). */
export function parseFaultKinds(text: string | undefined): FaultKind[] {
  if (text === undefined || text === 'all') return [...FAULT_KINDS];
  const kinds = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of kinds) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new Error(`--faults: unknown fault kind "${k}" (kinds: ${FAULT_KINDS.join(', ')})`);
  if (new Set(kinds).size !== kinds.length) throw new Error(`--faults: a kind is named twice in "${text}"`);
  if (kinds.length === 0) throw new Error('--faults: name at least one kind');
  return kinds as FaultKind[];
}
