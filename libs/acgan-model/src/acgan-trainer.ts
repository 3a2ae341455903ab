// The ACGAN train step split into "compute gradients" and "apply gradients", so that a worker
// can average gradients across ranks between the two. One AcganTrainer holds a Generator and a
// Discriminator replica, one flat Adam per network, and reads/writes its whole state as
// NamedTensors.
//
// Replica consistency. Trainable parameters and Adam state stay identical on every rank because
// every rank applies the same averaged flat gradient with the same deterministic update (on the
// same backend: different backends may round differently). BatchNorm moving statistics are not
// gradients: each rank updates them from its own local batch, so they drift apart. We follow
// PyTorch DDP's broadcast_buffers semantics: rank 0's moving statistics are authoritative. They
// are part of getState() (which the coordinator takes from rank 0 for checkpoints, export and
// rejoin) and are excluded from parameterChecksum(). They only matter in inference mode
// (generate / export); training always normalises with batch statistics. As in PyTorch's train
// mode, every training-mode forward pass updates them: G's in both phases, D's on the real and
// the fake batch of the D phase and on the fake batch of the G phase. D sees the real and the
// fake batch in separate forward passes (separate batch statistics), as the article's code does.
//
// Randomness. The D phase's noise and fake labels, and the G phase's, come from a stream keyed
// by (hyper.seed, step, rank, phase): deterministic and independent of call history.
import * as tf from '@tensorflow/tfjs';
import { buildDiscriminator, buildGenerator } from './build-networks.ts';
import { BitHasher } from './checksum.ts';
import { Adam } from './adam.ts';
import { layoutSize, makeLayout, weightName, type LayoutEntry } from './gradient-layout.ts';
import { KeyedRandom, PHASE_KEY, sampleLatent } from './keyed-random.ts';
import { classAccuracy, sigmoidCrossEntropy, signAccuracy, softmaxCrossEntropy } from './losses.ts';
import { validateModelConfig, validateTrainHyper, type ModelConfig, type TrainHyper } from './model-config.ts';
import { sameShape, shapeSize, type NamedTensor } from '@acgan/tensor-types';
import { saveLayersModel } from './file-io.ts';

export type Phase = 'D' | 'G';

export interface TrainBatch {
  /** NHWC images in [-1, 1], length n * S * S * C. */
  images: Float32Array;
  /** Class of each image, length n. */
  labels: Int32Array;
}

export interface StepContext {
  step: number;
  rank: number;
}

const ADAM_EPSILON = 1e-8;

interface Network {
  name: 'generator' | 'discriminator';
  model: tf.LayersModel;
  trainable: tf.LayerVariable[];
  variables: tf.Variable[];
  layout: LayoutEntry[];
  adam: Adam;
  size: number;
}

function makeNetwork(name: Network['name'], model: tf.LayersModel, lr: number, hyper: TrainHyper): Network {
  const trainable = model.trainableWeights;
  const layout = makeLayout(name, trainable);
  const variables = trainable.map((w) => w.read() as tf.Variable);
  const adam = new Adam({ lr, beta1: hyper.beta1, beta2: hyper.beta2, epsilon: ADAM_EPSILON }, variables);
  return { name, model, trainable, variables, layout, adam, size: layoutSize(layout) };
}

export class AcganTrainer {
  readonly paramCounts: { generator: number; discriminator: number };
  private readonly g: Network;
  private readonly d: Network;
  private disposed = false;

  constructor(
    readonly model: ModelConfig,
    readonly hyper: TrainHyper,
  ) {
    validateModelConfig(model);
    validateTrainHyper(hyper);
    this.g = makeNetwork('generator', buildGenerator(model, hyper.seed), hyper.lrG, hyper);
    this.d = makeNetwork('discriminator', buildDiscriminator(model, hyper.seed), hyper.lrD, hyper);
    this.paramCounts = { generator: this.g.size, discriminator: this.d.size };
  }

  private network(phase: Phase): Network {
    if (phase !== 'D' && phase !== 'G') throw new Error(`phase = ${JSON.stringify(phase)}, expected 'D' or 'G'`);
    return phase === 'D' ? this.d : this.g;
  }

  /** The generator LayersModel (for sampling and export; do not train it directly). */
  get generator(): tf.LayersModel {
    return this.g.model;
  }

  /** The discriminator LayersModel. */
  get discriminator(): tf.LayersModel {
    return this.d.model;
  }

  /** Elements of the flat gradient of that phase's network. */
  gradientSize(phase: Phase): number {
    return this.network(phase).size;
  }

  /** Order, names, shapes and offsets of the flat gradient (see gradient-layout.ts). */
  gradientLayout(phase: Phase): LayoutEntry[] {
    return this.network(phase).layout.map((e) => ({ ...e, shape: [...e.shape] }));
  }

  private checkBatch(batch: TrainBatch): number {
    const n = batch.labels.length;
    const { imageSize: s, channels: c, numClasses } = this.model;
    if (n === 0) throw new Error('batch is empty (labels.length = 0)');
    if (batch.images.length !== n * s * s * c) {
      throw new Error(`batch.images has ${batch.images.length} values, expected n*S*S*C = ${n}*${s}*${s}*${c} = ${n * s * s * c}`);
    }
    for (let i = 0; i < n; i++) {
      const l = batch.labels[i];
      if (!(l >= 0 && l < numClasses)) throw new Error(`batch.labels[${i}] = ${l}, expected an integer in [0, ${numClasses})`);
    }
    return n;
  }

  /** Noise (n, latentDim) and fake labels (n) keyed by (seed, step, rank, phase). */
  private drawFakeInputs(phase: Phase, n: number, ctx: StepContext): { noise: tf.Tensor2D; labels: tf.Tensor1D } {
    const rng = new KeyedRandom([this.hyper.seed, ctx.step, ctx.rank, PHASE_KEY[phase]]);
    const noise = tf.tensor2d(rng.normals(n * this.model.latentDim), [n, this.model.latentDim]);
    const labels = tf.tensor1d(rng.integers(n, this.model.numClasses), 'int32');
    return { noise, labels };
  }

  private runGenerator(noise: tf.Tensor2D, labels: tf.Tensor1D, training: boolean): tf.Tensor4D {
    return this.g.model.apply([noise, labels.reshape([-1, 1])], { training }) as tf.Tensor4D;
  }

  private runDiscriminator(images: tf.Tensor4D): [tf.Tensor2D, tf.Tensor2D] {
    return this.d.model.apply(images, { training: true }) as [tf.Tensor2D, tf.Tensor2D];
  }

  /**
   * Forward and backward pass of one phase on the local batch. Returns the phase network's
   * gradient as one flat Float32Array in gradientLayout(phase) order, and scalar metrics.
   * The G phase uses the current D (after this step's D update) and fresh noise of the local
   * batch size; it reads only batch.labels.length from the batch.
   */
  async computeGradients(phase: Phase, batch: TrainBatch, ctx: StepContext): Promise<{ grads: Float32Array; metrics: Record<string, number> }> {
    this.assertAlive();
    const { flat, metrics, metricNames } = this.gradientTensors(phase, batch, ctx);
    // The one readback of the phase (asynchronous: no backend may block the event loop here).
    let grads: Float32Array;
    let values: Float32Array;
    try {
      [grads, values] = await Promise.all([readCopy(flat), readCopy(metrics)]);
    } finally {
      flat.dispose();
      metrics.dispose();
    }
    const out: Record<string, number> = {};
    metricNames.forEach((name, i) => (out[name] = values[i]));
    return { grads, metrics: out };
  }

  /**
   * Compiles, off the event loop, every GPU program of one training step (D and G phases with
   * their Adam updates) at local batch n, and of generate() for m images; on other backends a
   * no-op. On webgpu each program's shader is otherwise compiled synchronously the first time
   * it runs: on a slow driver (or lavapipe, a software one) the first step then blocks the event
   * loop for many seconds, long enough to miss heartbeats. Here the same ops run on a throwaway
   * replica in the backend's compile-only mode (pipelines created asynchronously, nothing
   * dispatched), then the compiles are awaited; the pipelines are cached by shape, so this
   * replica's step finds them ready. Returns whether there was anything to compile.
   */
  async precompile(n: number, m = 0): Promise<boolean> {
    this.assertAlive();
    if (tf.getBackend() !== 'webgpu') return false;
    const { imageSize: s, channels: c, numClasses } = this.model;
    const batch: TrainBatch = { images: new Float32Array(n * s * s * c), labels: Int32Array.from({ length: n }, (_, i) => i % numClasses) };
    const scratch = new AcganTrainer(this.model, this.hyper);
    const env = tf.env();
    env.set('WEBGPU_ENGINE_COMPILE_ONLY', true);
    try {
      for (const phase of ['D', 'G'] as const) {
        const { flat, metrics } = scratch.gradientTensors(phase, batch, { step: 0, rank: 0 });
        tf.dispose([flat, metrics]);
        scratch.applyGradients(phase, new Float32Array(scratch.gradientSize(phase)));
      }
      if (m > 0)
        tf.dispose(
          scratch.generatorOutput(
            0,
            Int32Array.from({ length: m }, (_, i) => i % numClasses),
          ),
        );
    } finally {
      env.set('WEBGPU_ENGINE_COMPILE_ONLY', false);
      scratch.dispose();
    }
    await (tf.backend() as unknown as { checkCompileCompletionAsync(): Promise<void> }).checkCompileCompletionAsync();
    return true;
  }

  /** The tensors of one phase: the flat gradient in layout order and the stacked metrics. */
  private gradientTensors(phase: Phase, batch: TrainBatch, ctx: StepContext): { flat: tf.Tensor; metrics: tf.Tensor; metricNames: string[] } {
    const net = this.network(phase);
    const n = phase === 'D' ? this.checkBatch(batch) : batch.labels.length;
    if (n === 0) throw new Error('batch is empty (labels.length = 0)');
    const metricNames: string[] = [];
    const { flat, metrics } = tf.tidy(() => {
      const fakeInputs = this.drawFakeInputs(phase, n, ctx);
      const kept: tf.Tensor[] = [];
      const keep = <T extends tf.Tensor>(t: T): T => {
        kept.push(tf.keep(t));
        return t;
      };
      let lossFn: () => tf.Scalar;
      if (phase === 'D') {
        const { imageSize: s, channels: c } = this.model;
        const real = tf.tensor4d(batch.images, [n, s, s, c]);
        const realLabels = tf.tensor1d(batch.labels, 'int32');
        // The fake batch is made outside the differentiated function: D's gradient stops at it.
        const fake = this.runGenerator(fakeInputs.noise, fakeInputs.labels, true);
        lossFn = () => {
          const [vReal, cReal] = this.runDiscriminator(real);
          const [vFake, cFake] = this.runDiscriminator(fake);
          const terms = [
            sigmoidCrossEntropy(vReal, 1 - this.hyper.labelSmoothing),
            softmaxCrossEntropy(cReal, realLabels),
            sigmoidCrossEntropy(vFake, 0),
            softmaxCrossEntropy(cFake, fakeInputs.labels),
          ];
          const loss = tf.addN(terms) as tf.Scalar;
          metricNames.push('lossD', 'lossDRealAdv', 'lossDRealCls', 'lossDFakeAdv', 'lossDFakeCls');
          metricNames.push('dRealAcc', 'dFakeAcc', 'classAccReal', 'classAccFake');
          keep(tf.stack([loss, ...terms, signAccuracy(vReal, true), signAccuracy(vFake, false), classAccuracy(cReal, realLabels), classAccuracy(cFake, fakeInputs.labels)]));
          return loss;
        };
      } else {
        lossFn = () => {
          const fake = this.runGenerator(fakeInputs.noise, fakeInputs.labels, true);
          const [vFake, cFake] = this.runDiscriminator(fake);
          const adv = sigmoidCrossEntropy(vFake, 1);
          const cls = softmaxCrossEntropy(cFake, fakeInputs.labels);
          const loss = adv.add(cls) as tf.Scalar;
          metricNames.push('lossG', 'lossGAdv', 'lossGCls', 'gFoolRate', 'classAccFakeG');
          keep(tf.stack([loss, adv, cls, signAccuracy(vFake, true), classAccuracy(cFake, fakeInputs.labels)]));
          return loss;
        };
      }
      const { grads } = tf.variableGrads(lossFn, net.variables);
      // One flat vector on the device, read once below.
      const flat = tf.concat(net.variables.map((v, i) => (grads[v.name] ?? tf.zeros(net.layout[i].shape)).reshape([-1])));
      return { flat, metrics: kept[0] };
    });
    return { flat, metrics, metricNames };
  }

  /** One Adam update of that phase's network with a flat gradient (usually the average over ranks). */
  applyGradients(phase: Phase, grads: Float32Array): void {
    this.assertAlive();
    const net = this.network(phase);
    if (!(grads instanceof Float32Array) || grads.length !== net.size) {
      throw new Error(`applyGradients(${phase}): got ${grads?.length} values, expected a Float32Array of ${net.size}`);
    }
    // Split on the host (subarray views, no copy) and upload each piece once.
    tf.tidy(() => net.adam.apply(net.layout.map((e) => tf.tensor(grads.subarray(e.offset, e.offset + e.size), e.shape))));
  }

  /** Single-process step: compute+apply D, then compute+apply G. */
  async step(batch: TrainBatch, ctx: StepContext): Promise<Record<string, number>> {
    const d = await this.computeGradients('D', batch, ctx);
    this.applyGradients('D', d.grads);
    const g = await this.computeGradients('G', batch, ctx);
    this.applyGradients('G', g.grads);
    return { ...d.metrics, ...g.metrics };
  }

  /** Names and shapes of getState() entries, in order. */
  stateLayout(): { name: string; shape: number[] }[] {
    return this.stateSlots().map(({ name, shape }) => ({ name, shape: [...shape] }));
  }

  /**
   * Every state entry: for each network, all weights (trainable, then BN moving statistics and
   * other non-trainable weights), the Adam first and second moments per trainable weight, and the
   * Adam step counter (shape []).
   */
  private stateSlots(): {
    name: string;
    shape: number[];
    /** The variable holding the entry, or the value itself (Adam's step counter). */
    source: tf.Variable | (() => number);
    write: (data: Float32Array) => void;
    checksummed: boolean;
  }[] {
    const slots: ReturnType<AcganTrainer['stateSlots']> = [];
    for (const net of [this.g, this.d]) {
      const trainableSet = new Set(net.trainable);
      for (const w of net.model.weights) {
        const v = w.read() as tf.Variable;
        const shape = w.shape as number[];
        slots.push({
          name: weightName(net.name, w),
          shape: [...shape],
          source: v,
          write: (data) => tf.tidy(() => v.assign(tf.tensor(data, shape))),
          checksummed: trainableSet.has(w),
        });
      }
      for (const [moment, variables] of [
        ['m', net.adam.m],
        ['v', net.adam.v],
      ] as const) {
        net.layout.forEach((e, i) => {
          const v = variables[i];
          slots.push({
            name: `${e.name}/adam_${moment}`,
            shape: [...e.shape],
            source: v,
            write: (data) => tf.tidy(() => v.assign(tf.tensor(data, e.shape))),
            checksummed: true,
          });
        });
      }
      slots.push({
        name: `${net.name}/adam_step`,
        shape: [],
        source: () => net.adam.step,
        write: (data) => (net.adam.step = data[0]),
        checksummed: true,
      });
    }
    return slots;
  }

  /**
   * Reads the slots' values as they are at the moment of the call: every variable is cloned
   * first (a reference, no copy), so an update applied while the reads are in flight (the worker
   * serves state requests while it trains) cannot mix two steps.
   */
  private async readSlots(slots: ReturnType<AcganTrainer['stateSlots']>): Promise<Float32Array[]> {
    const snapshot = slots.map((s) => (typeof s.source === 'function' ? Float32Array.of(s.source()) : tf.clone(s.source)));
    try {
      return await Promise.all(snapshot.map((t) => (t instanceof Float32Array ? t : readCopy(t))));
    } finally {
      for (const t of snapshot) if (!(t instanceof Float32Array)) t.dispose();
    }
  }

  /** Parameters, Adam moments and step counters, and BN moving statistics, each as a flat Float32Array copy. */
  async getState(): Promise<NamedTensor[]> {
    this.assertAlive();
    const slots = this.stateSlots();
    const values = await this.readSlots(slots);
    return slots.map((s, i) => ({ name: s.name, shape: [...s.shape], data: values[i] }));
  }

  /** Replaces the whole state; checks names, shapes and lengths first and throws naming the first that differs. */
  setState(state: NamedTensor[]): void {
    this.assertAlive();
    const slots = this.stateSlots();
    const byName = new Map<string, NamedTensor>();
    for (const t of state) {
      if (byName.has(t.name)) throw new Error(`setState: entry "${t.name}" appears twice`);
      byName.set(t.name, t);
    }
    for (const slot of slots) {
      const t = byName.get(slot.name);
      if (!t) throw new Error(`setState: missing entry "${slot.name}" (shape [${slot.shape}])`);
      if (!sameShape(t.shape, slot.shape)) {
        throw new Error(`setState: entry "${slot.name}" has shape [${t.shape}], expected [${slot.shape}]`);
      }
      if (!(t.data instanceof Float32Array) || t.data.length !== shapeSize(slot.shape)) {
        throw new Error(`setState: entry "${slot.name}" has ${t.data?.length} values, expected ${shapeSize(slot.shape)}`);
      }
    }
    if (byName.size !== slots.length) {
      const known = new Set(slots.map((s) => s.name));
      const extra = [...byName.keys()].find((k) => !known.has(k));
      throw new Error(`setState: unexpected entry "${extra}"`);
    }
    for (const slot of slots) slot.write(byName.get(slot.name)!.data);
  }

  /**
   * Hash of the exact bits of every trainable parameter, both Adam moments and the Adam step
   * counters, in state order. BN moving statistics are excluded (rank 0's are authoritative).
   */
  async parameterChecksum(): Promise<string> {
    this.assertAlive();
    const hasher = new BitHasher();
    for (const values of await this.readSlots(this.stateSlots().filter((s) => s.checksummed))) hasher.update(values);
    return hasher.digest();
  }

  /** Inference-mode images (n, S, S, C) in [-1, 1] for noise sampleLatent(noiseSeed, n, latentDim). */
  async generate(noiseSeed: number, labels: Int32Array): Promise<Float32Array> {
    this.assertAlive();
    const out = this.generatorOutput(noiseSeed, labels);
    try {
      return await readCopy(out);
    } finally {
      out.dispose();
    }
  }

  private generatorOutput(noiseSeed: number, labels: Int32Array): tf.Tensor4D {
    const n = labels.length;
    const noise = sampleLatent(noiseSeed, n, this.model.latentDim);
    return tf.tidy(() => this.runGenerator(tf.tensor2d(noise, [n, this.model.latentDim]), tf.tensor1d(labels, 'int32'), false));
  }

  /** Writes dir/generator and dir/discriminator in the TF.js layers format (model.json + weights.bin). */
  async exportModels(dir: string): Promise<void> {
    this.assertAlive();
    await saveLayersModel(this.g.model, `${dir}/generator`);
    await saveLayersModel(this.d.model, `${dir}/discriminator`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.g.model.dispose();
    this.d.model.dispose();
    this.g.adam.dispose();
    this.d.adam.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error('AcganTrainer was disposed');
  }
}

/**
 * A tensor's values as a Float32Array the caller owns. Asynchronous on every backend (webgpu has
 * no synchronous read in Node); the cpu backend hands back its own storage, hence the copy there.
 */
async function readCopy(t: tf.Tensor): Promise<Float32Array> {
  const data = (await t.data()) as Float32Array;
  return tf.getBackend() === 'cpu' ? data.slice() : data;
}
