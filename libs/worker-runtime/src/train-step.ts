/**
 * The training loop. Per step: this rank's batch; per phase (D, then G with the
 * updated D) compute the gradient of the slice, allreduce it, apply the average;
 * then log (metrics, checksum, and on rank 0 samples, checkpoint state and
 * evaluation). Every rank applies the same averages to the same state, so the
 * replicas stay identical.
 */
import type { Logger, RunConfig } from '@acgan/config';
import { makeMessage, MessageType, PHASE_NAMES, StatePurpose, type PhaseName, type ProtocolMessage } from '@acgan/protocol';
import type { TrainBatch } from '@acgan/model';
import type { StreamBatch } from '@acgan/data';
import type { Assignment } from './assignment.ts';
import { applyNonFiniteFailpoints, NONFINITE_FAILPOINT_ENV, parseNonFiniteFailpoints } from './failpoints.ts';
import { Reshard, type Averaged, type GradientClient } from './gradient-client.ts';
import type { BatchFeed, ReplicaModel } from './replica-model.ts';
import { SAMPLE_COLUMNS, type RunOutputs } from './run-outputs.ts';
import type { StateServer } from './state-server.ts';

export interface TrainingParts {
  cfg: RunConfig;
  trainer: ReplicaModel;
  assignment: Assignment;
  gradients: GradientClient;
  state: StateServer;
  data: BatchFeed;
  outputs: RunOutputs;
  send: (msg: ProtocolMessage) => Promise<void>;
  log: Logger;
  /** This rank's own work ended (a compute, an update): for the watchdog. */
  worked: () => void;
}

export class TrainingLoop {
  /** Test failpoints from the environment (failpoints.ts); none in normal runs. */
  private readonly failpoints = parseNonFiniteFailpoints(process.env[NONFINITE_FAILPOINT_ENV]);

  constructor(private readonly p: TrainingParts) {}

  /** Trains from `firstStep` to the last; a rank that replaced a lost one mid-step joins that step at phase G. */
  async run(firstStep: number, firstPhase: PhaseName): Promise<void> {
    if (firstPhase === 'G') this.p.log.info(`replacing a lost rank: starting at step ${firstStep} phase G`);
    for (let step = firstStep; step < this.p.cfg.steps; step++) {
      await this.trainStep(step, step === firstStep && firstPhase === 'G' ? ['G'] : PHASE_NAMES);
    }
  }

  /** One step: batch, then per phase compute, allreduce, apply; then log. */
  async trainStep(step: number, phases: readonly PhaseName[]): Promise<void> {
    const { trainer, gradients, state, data } = this.p;
    const t0 = performance.now();
    let batch = await data.next();
    const idleMs = performance.now() - t0;
    let computeMs = 0;
    let exchangeMs = 0;
    const exchangeByPhase: Partial<Record<PhaseName, number>> = {};
    const values: Record<string, number> = {};
    // A step joined at its G phase starts with D already updated: mid-step state.
    if (phases[0] === 'G') state.leaveBoundary();
    for (let i = 0; i < phases.length; i++) {
      const phase = phases[i];
      const c0 = performance.now();
      if (this.p.assignment.reshardsAt(step, phase)) batch = await this.reshard(step);
      const { grads, metrics } = await this.compute(step, phase, batch);
      const c1 = performance.now();
      let reduced: Averaged;
      try {
        reduced = await gradients.allreduce(step, phase, grads);
      } catch (err) {
        if (!(err instanceof Reshard)) throw err;
        // The phase in flight is redone by every rank with the new slices.
        i--;
        continue;
      }
      const c2 = performance.now();
      if (phase === 'D') state.leaveBoundary();
      if (!reduced.skip) trainer.applyGradients(phase, reduced.average);
      const c3 = performance.now();
      this.p.worked();
      computeMs += c1 - c0 + (c3 - c2);
      exchangeMs += c2 - c1;
      exchangeByPhase[phase] = c2 - c1;
      Object.assign(values, metrics);
      if (reduced.skip) values[`skipped${phase}`] = 1;
    }
    // Both phases are done with the batch: its memory goes back to the reader.
    data.release(batch);
    state.reachBoundary(step + 1);
    // Per phase too (exchangeDMs, exchangeGMs): the phases move different byte counts.
    for (const [phase, ms] of Object.entries(exchangeByPhase)) values[`exchange${phase}Ms`] = ms;
    await this.logStep(step, values, { computeMs, exchangeMs, idleMs, t0 });
  }

  /** This rank's gradient of one phase on its slice (and the failpoint's NaN, in tests). */
  private async compute(step: number, phase: PhaseName, batch: TrainBatch): Promise<{ grads: Float32Array; metrics: Record<string, number> }> {
    const out = await this.p.trainer.computeGradients(phase, batch, { step, rank: this.p.assignment.rank });
    if (applyNonFiniteFailpoints(this.failpoints, step, this.p.assignment.rank, phase, out.grads)) {
      this.p.log.warn(`failpoint ${NONFINITE_FAILPOINT_ENV}: a NaN put into the gradient of step ${step} phase ${phase}`);
    }
    this.p.worked();
    return out;
  }

  /** After a step: its checksum (every --checksum-interval steps), its metrics, and rank 0's outputs. */
  private async logStep(step: number, values: Record<string, number>, time: { computeMs: number; exchangeMs: number; idleMs: number; t0: number }): Promise<void> {
    const { cfg, trainer, assignment, send, outputs } = this.p;
    const done = step + 1;
    if (done % cfg.checksumInterval === 0 || done === cfg.steps) {
      await send(makeMessage(MessageType.CHECKSUM, assignment.header(done), { step: done, value: await trainer.parameterChecksum(), algorithm: 'model' }));
    }
    values.computeMs = time.computeMs;
    values.exchangeMs = time.exchangeMs;
    values.idleMs = time.idleMs;
    values.stepMs = performance.now() - time.t0;
    values.epoch = this.p.data.epochOf(step);
    await send(makeMessage(MessageType.METRICS, assignment.header(step), { step, values }));
    if (assignment.rank !== 0) return;
    if (cfg.sampleInterval > 0 && done % cfg.sampleInterval === 0 && done !== cfg.steps) await outputs.writeSamplesOrWarn(done);
    if ((cfg.checkpointInterval > 0 && done % cfg.checkpointInterval === 0) || done === cfg.steps) {
      await this.p.state.send(StatePurpose.CHECKPOINT, done);
    }
    if (cfg.evalInterval > 0 && (done % cfg.evalInterval === 0 || done === cfg.steps)) await outputs.evaluate(done);
  }

  /** Takes the seat a shrinking coordinator planned for this step: new rank and world size, new slices, new GPU programs. */
  private async reshard(step: number): Promise<StreamBatch> {
    const { assignment, log } = this.p;
    const from = assignment.rank;
    const seat = assignment.takePlanned();
    log.warn(`re-sharded: rank ${from} -> ${seat.rank} of ${seat.worldSize} from step ${step}`);
    log.defaultMeta = { ...(log.defaultMeta ?? {}), component: `worker[${seat.rank}]` };
    await this.p.data.reslice(seat, step);
    // A new local batch size: new shapes, new GPU programs.
    await precompileStep(this.p.trainer, this.p.cfg, seat, log);
    return this.p.data.next();
  }
}

/**
 * GPU backends (webgpu) compile the programs of a step at this rank's local batch size, and
 * rank 0 those of its sample grid, asynchronously: compiled on first use, they would block
 * the event loop, and the heartbeats with it, for seconds. A no-op on other backends.
 */
export async function precompileStep(trainer: ReplicaModel, cfg: RunConfig, seat: { rank: number; worldSize: number }, log: Logger): Promise<void> {
  const t0 = performance.now();
  if (await trainer.precompile(cfg.batchSize / seat.worldSize, seat.rank === 0 ? cfg.numClasses * SAMPLE_COLUMNS : 0)) {
    log.info(`compiled the GPU programs of a step in ${Math.round(performance.now() - t0)} ms`);
  }
}
