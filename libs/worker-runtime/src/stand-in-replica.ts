/**
 * A stand-in for the model replica, for benchmarks of the data plane only
 * (`acgan bench scale`): a worker whose forward and backward take a fixed time
 * and whose gradients have the model's exact sizes, as if a GPU computed them.
 *
 *   ACGAN_BENCH_STANDIN_COMPUTE_MS=<ms>
 *     set in a worker's environment (acgan bench scale sets it on the launcher,
 *     whose workers inherit it), makes the worker build a StandInReplica and a
 *     StandInFeed instead of an AcganTrainer and its dataset (replica-model.ts).
 *     Never a flag or a config key: a run with it trains nothing.
 *
 * Per phase, computeGradients waits <ms> without blocking the event loop (a GPU
 * computes while the CPU is free: heartbeats and the exchange go on) and returns
 * the phase's gradient: one buffer per phase, of summarizeModel's parameter
 * count (analytic: no TensorFlow.js model is built), filled once with a
 * deterministic pattern; each call rewrites STANDIN_MARKS values spread over the
 * whole vector (so every bucket changes) from (step, rank, phase). Writing 95 MB
 * per step would measure this process, not the exchange.
 *
 * applyGradients folds the average's marked values and a sample of the others
 * into a digest per phase: cheap, and the same averages give the same digest,
 * so the replica check (checksums) still means something. The state is that
 * digest and the update counts (checkpoints, rejoins); samples are blank images;
 * the export is a note that there is no network; there is no generator to
 * evaluate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeModel, type ModelConfig, type Phase, type StepContext, type TrainBatch } from '@acgan/model';
import type { StreamBatch } from '@acgan/data';
import type { NamedTensor } from '@acgan/tensor-types';
import type { Seat } from './assignment.ts';

export const STANDIN_COMPUTE_MS_ENV = 'ACGAN_BENCH_STANDIN_COMPUTE_MS';

/** Values of a phase's gradient rewritten per (step, rank, phase); index 0 is one of them. */
export const STANDIN_MARKS = 64;
/** Values of an average that applyGradients folds into the digest besides the marks. */
const DIGEST_SAMPLE = 256;

/** The stand-in's compute time from the environment: undefined when unset or empty (a real replica); throws on anything but a number >= 0. */
export function standInComputeMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[STANDIN_COMPUTE_MS_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${STANDIN_COMPUTE_MS_ENV}=${JSON.stringify(raw)}: expected a number of milliseconds >= 0`);
  return ms;
}

/** A 32-bit mix (xor-shift-multiply rounds): every input bit reaches every output bit. */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** A small float in (-1e-3, 1e-3) from a 32-bit word: gradient-sized, never subnormal or zero-heavy. */
function smallValue(word: number): number {
  return (word / 2 ** 32 - 0.5) * 2e-3;
}

const PHASE_KEY: Record<Phase, number> = { D: 0x44, G: 0x47 };

/** Where the marks of a gradient of `size` values sit: index 0 and evenly spread to the end. */
export function markPositions(size: number): Uint32Array {
  const marks = Math.min(STANDIN_MARKS, size);
  const out = new Uint32Array(marks);
  for (let k = 0; k < marks; k++) out[k] = Math.floor((k * size) / marks);
  return out;
}

interface PhaseBuffer {
  grads: Float32Array;
  marks: Uint32Array;
  /** Digest of the averages applied so far, and how many. */
  digest: number;
  applied: number;
}

export class StandInReplica {
  /** Gradient values per phase: D = the discriminator's parameters, G = the generator's. */
  readonly sizes: Record<Phase, number>;
  /** No network to evaluate. */
  readonly generator = undefined;
  private readonly phases: Record<Phase, PhaseBuffer>;

  constructor(
    readonly model: ModelConfig,
    readonly computeMs: number,
  ) {
    const summary = summarizeModel(model);
    this.sizes = { D: summary.discriminator, G: summary.generator };
    this.phases = { D: this.makeBuffer('D'), G: this.makeBuffer('G') };
  }

  private makeBuffer(phase: Phase): PhaseBuffer {
    const size = this.sizes[phase];
    const grads = new Float32Array(size);
    const key = mix(PHASE_KEY[phase]);
    for (let i = 0; i < size; i++) grads[i] = smallValue(mix(i ^ key));
    return { grads, marks: markPositions(size), digest: 0x811c9dc5, applied: 0 };
  }

  /** Waits computeMs (the event loop stays free), then this rank's gradient of the phase at this step. The buffer is reused: valid until the next call of the phase. */
  async computeGradients(phase: Phase, _batch: TrainBatch, ctx: StepContext): Promise<{ grads: Float32Array; metrics: Record<string, number> }> {
    const p = this.phases[phase];
    if (!p) throw new Error(`phase = ${JSON.stringify(phase)}, expected 'D' or 'G'`);
    await sleep(this.computeMs);
    const key = mix(mix(mix(ctx.step + 1) ^ (ctx.rank + 1)) ^ PHASE_KEY[phase]);
    for (let k = 0; k < p.marks.length; k++) p.grads[p.marks[k]] = smallValue(mix(key ^ mix(k)));
    return { grads: p.grads, metrics: {} };
  }

  /** Folds the average into the phase's digest (its marks and an even sample of the rest). */
  applyGradients(phase: Phase, grads: Float32Array): void {
    const p = this.phases[phase];
    if (!p || !(grads instanceof Float32Array) || grads.length !== p.grads.length) {
      throw new Error(`applyGradients(${phase}): got ${grads?.length} values, expected a Float32Array of ${p?.grads.length}`);
    }
    const bits = new Uint32Array(grads.buffer, grads.byteOffset, grads.length);
    let h = mix(p.digest ^ p.applied);
    for (let k = 0; k < p.marks.length; k++) h = mix(h ^ bits[p.marks[k]]);
    const sample = Math.min(DIGEST_SAMPLE, bits.length);
    for (let k = 0; k < sample; k++) h = mix(h ^ bits[Math.floor(((k + 0.5) * bits.length) / sample)]);
    p.digest = h;
    p.applied++;
  }

  async precompile(): Promise<boolean> {
    return false;
  }

  /** The digests and update counts, 16 bits per float32 so that they survive any float path exactly. */
  async getState(): Promise<NamedTensor[]> {
    const { D, G } = this.phases;
    const halves = (x: number) => [x >>> 16, x & 0xffff];
    return [
      { name: 'standin/applied', shape: [2], data: Float32Array.from([D.applied, G.applied]) },
      { name: 'standin/digest', shape: [4], data: Float32Array.from([...halves(D.digest), ...halves(G.digest)]) },
    ];
  }

  setState(state: NamedTensor[]): void {
    const entry = (name: string, length: number): Float32Array => {
      const t = state.find((s) => s.name === name);
      if (!t || t.data.length !== length)
        throw new Error(`setState: the stand-in expects "${name}" with ${length} values, got ${t ? t.data.length : 'none'} (a real model's state? both sides must be stand-ins)`);
      return t.data;
    };
    const applied = entry('standin/applied', 2);
    const digest = entry('standin/digest', 4);
    if (state.length !== 2) throw new Error(`setState: the stand-in's state has 2 entries, got ${state.length}`);
    this.phases.D.applied = applied[0];
    this.phases.G.applied = applied[1];
    this.phases.D.digest = ((digest[0] << 16) | digest[1]) >>> 0;
    this.phases.G.digest = ((digest[2] << 16) | digest[3]) >>> 0;
  }

  /** 16 hex digits: the D and G digests. */
  async parameterChecksum(): Promise<string> {
    return [this.phases.D.digest, this.phases.G.digest].map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  /** Blank (mid-grey) images of the model's shape: there is no generator. */
  async generate(_noiseSeed: number, labels: Int32Array): Promise<Float32Array> {
    const { imageSize: s, channels: c } = this.model;
    return new Float32Array(labels.length * s * s * c);
  }

  /** No network to export: a note saying so, where the networks would go. */
  async exportModels(dir: string): Promise<void> {
    mkdirSync(dir, { recursive: true });
    const note = {
      standIn: true,
      why: `${STANDIN_COMPUTE_MS_ENV} was set: a benchmark of the exchange, no network was trained`,
      gradientSizes: this.sizes,
      computeMs: this.computeMs,
    };
    writeFileSync(join(dir, 'standin.json'), JSON.stringify(note, null, 2) + '\n');
  }

  dispose(): void {}
}

/** The stand-in's batches: empty (the stand-in ignores them), one per step; no dataset is read. */
export class StandInFeed {
  private step: number;

  constructor(startStep: number) {
    this.step = startStep;
  }

  async next(): Promise<StreamBatch> {
    return { step: this.step++, epoch: 0, images: new Float32Array(0), labels: new Int32Array(0) };
  }

  release(_batch: StreamBatch): void {}

  epochOf(_step: number): number {
    return 0;
  }

  async reslice(_seat: Readonly<Seat>, step: number): Promise<void> {
    this.step = step;
  }

  async close(): Promise<void> {}
}
