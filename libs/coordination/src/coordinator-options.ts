/** What a Coordinator (coordinator.ts) is given, and what its run returns. */
import type { RunConfig, Logger } from '@acgan/config';
import type { ServerTransport } from '@acgan/protocol';
import type { ArtifactWriter, Checkpoint } from '@acgan/runs';
import type { ReduceRule } from './bucket-reducer.ts';
import type { ShmPlane } from './shm-plane.ts';

export interface CoordinatorOptions {
  config: RunConfig;
  transport: ServerTransport;
  logger: Logger;
  /** Total global steps of the run. */
  totalSteps: number;
  /** Steps per epoch (for the epoch number in metrics and checkpoints). */
  stepsPerEpoch: number;
  /** Gradient sizes of the two phases in float32 elements, known from the model config. */
  gradientSizes?: { D: number; G: number };
  /** The averaging rule of every (step, phase); default meanOverRanks, or sharedMean over `shm`. */
  reduce?: ReduceRule;
  /**
   * The shared-memory data plane for the ranks on this host that can map it (they
   * say so when they register); the others exchange over the transport. Closed by
   * whoever opened it.
   */
  shm?: ShmPlane;
  /** State to start from (resume); else rank 0's freshly initialised state is broadcast. */
  resumeFrom?: Checkpoint;
  /** Called with rank 0's state every checkpoint interval and at the end. */
  onCheckpoint?: (ckpt: Checkpoint) => void;
  /** Called once per completed step with the merged metrics of all ranks. */
  onMetrics?: (record: Record<string, unknown>) => void;
  /** Called when every rank has reported its parameter checksum for a step. */
  onChecksums?: (step: number, byRank: string[]) => void;
  /** Called after every completed step (progress display). */
  onStep?: (step: number, record: Record<string, unknown>) => void;
  /**
   * Where rank 0's run outputs go (sample grids, the export, evaluations: ARTIFACT
   * messages); without it they are refused. The run folder's writer (@acgan/runs).
   */
  artifacts?: Pick<ArtifactWriter, 'receive' | 'close'>;
  /** The run folder's dataset.json, sent with every ASSIGN (rank 0's evaluations need it). */
  datasetFactsJson?: string;
}

export interface CoordinatorResult {
  exitCode: number;
  stepsDone: number;
  reason: string;
}

export class CoordinatorError extends Error {
  override readonly name = 'CoordinatorError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
