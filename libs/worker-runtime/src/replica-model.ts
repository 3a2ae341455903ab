/**
 * What a worker uses of its model replica and of its data, and where they come
 * from: the real AcganTrainer on the run's backend and this rank's slices of the
 * dataset, or, in a benchmark of the exchange (ACGAN_BENCH_STANDIN_COMPUTE_MS,
 * see stand-in-replica.ts), a StandInReplica and a StandInFeed.
 */
import { learningRates, modelConfigOf, type Logger, type RunConfig } from '@acgan/config';
import { AcganTrainer, initBackend, type Phase, type StepContext, type TrainBatch } from '@acgan/model';
import type { NamedTensor } from '@acgan/tensor-types';
import type { Seat } from './assignment.ts';
import { DataFeed } from './data-feed.ts';
import { STANDIN_COMPUTE_MS_ENV, standInComputeMs, StandInFeed, StandInReplica } from './stand-in-replica.ts';

/** The replica as the worker sees it (AcganTrainer's methods of the same names). */
export interface ReplicaModel {
  computeGradients(phase: Phase, batch: TrainBatch, ctx: StepContext): Promise<{ grads: Float32Array; metrics: Record<string, number> }>;
  applyGradients(phase: Phase, grads: Float32Array): void;
  /** Compiles the GPU programs of a step (and of a sample grid of `m` images); true when there were any. */
  precompile(n: number, m?: number): Promise<boolean>;
  getState(): Promise<NamedTensor[]>;
  setState(state: NamedTensor[]): void;
  parameterChecksum(): Promise<string>;
  generate(noiseSeed: number, labels: Int32Array): Promise<Float32Array>;
  exportModels(dir: string): Promise<void>;
  dispose(): void;
  /** The generator network, for periodic evaluations; the stand-in has none. */
  readonly generator: AcganTrainer['generator'] | undefined;
}

/** This rank's batches, one per step (DataFeed's methods). */
export type BatchFeed = Pick<DataFeed, 'next' | 'release' | 'epochOf' | 'reslice' | 'close'>;

/** The backend and the replica; the stand-in when ACGAN_BENCH_STANDIN_COMPUTE_MS is set (no backend then). */
export async function buildReplicaModel(cfg: RunConfig, log: Logger): Promise<{ trainer: ReplicaModel; backendName: string }> {
  const computeMs = standInComputeMs();
  if (computeMs !== undefined) {
    const trainer = new StandInReplica(modelConfigOf(cfg), computeMs);
    log.warn(
      `${STANDIN_COMPUTE_MS_ENV}=${computeMs}: a benchmark stand-in, no model: each phase waits ${computeMs} ms and yields D ${trainer.sizes.D} / G ${trainer.sizes.G} deterministic gradient values`,
    );
    return { trainer, backendName: 'standin' };
  }
  const backend = await initBackend(cfg.backend, (line: string) => log.info(line));
  const { lrD, lrG } = learningRates(cfg);
  const trainer = new AcganTrainer(modelConfigOf(cfg), { lrD, lrG, beta1: cfg.beta1, beta2: cfg.beta2, labelSmoothing: cfg.labelSmoothing, seed: cfg.seed });
  return { trainer, backendName: backend.backend };
}

/** This rank's batches from `startStep`: the dataset's, or the stand-in's empty ones. */
export async function openBatchFeed(cfg: RunConfig, seat: Readonly<Seat>, startStep: number, log: Logger): Promise<BatchFeed> {
  if (standInComputeMs() !== undefined) return new StandInFeed(startStep);
  return DataFeed.open(cfg, seat, startStep, log);
}
