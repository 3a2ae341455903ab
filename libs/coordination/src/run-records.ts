/**
 * The run's records, as the coordinator keeps them: metrics merged per step
 * (every step written once, as a partial record when a rank's metrics never
 * come), the replica check of parameter checksums, checkpoints of rank 0's
 * state, and the bookkeeping of the end: the final state in, the ranks done.
 * Where the records go (files, the progress line) is the caller's: callbacks.
 */
import { peerText, type Logger, type RunConfig } from '@acgan/config';
import type { ChecksumBody, MetricsBody } from '@acgan/protocol';
import type { Checkpoint } from '@acgan/runs';
import type { NamedTensor } from '@acgan/tensor-types';

export interface RunRecordsOptions {
  logger: Logger;
  /** The global batch (images per step, for images/s). */
  batchSize: number;
  epochOf(step: number): number;
  /** Called once per step with the merged metrics of all ranks (or `partial: true`), and with evaluation records. */
  onMetrics?: (record: Record<string, unknown>) => void;
  /** Called after every completed step (progress display). */
  onStep?: (step: number, record: Record<string, unknown>) => void;
  /** Called when every rank has reported its parameter checksum for a step. */
  onChecksums?: (step: number, byRank: string[]) => void;
  /** Called with rank 0's state. */
  onCheckpoint?: (ckpt: Checkpoint) => void;
}

export class RunRecords {
  private readonly metricsByStep = new Map<number, Map<number, Record<string, number>>>();
  /** The last step whose metrics record was written (complete or partial). */
  private lastMetricsStep = -1;
  private readonly checksums = new Map<number, Map<number, string>>();
  /** Rank 0's final state (after the last step, or a stop's checkpoint) has been handed on. */
  finalStateReceived = false;
  /** Ranks that reported READY after the last step: exported and flushed. */
  private readonly finishedRanks = new Set<number>();

  constructor(private readonly opts: RunRecordsOptions) {}

  /**
   * One rank's METRICS for a step. The step's record is written once all
   * `worldSize` ranks have sent theirs; an evaluation (rank 0, --eval-interval)
   * is a record of its own. Returns the step time the rank reported, if any
   * (liveness allows for slow steps), and whether a step's record was written.
   */
  metrics(rank: number, body: MetricsBody | null | undefined, worldSize: number): { stepMs?: number; stepDone: boolean } {
    const step = body?.step ?? 0;
    const values = body?.values ?? {};
    if (typeof values.evalStep === 'number') {
      // An evaluation of a generator snapshot (rank 0, --eval-interval): its own record.
      const { evalStep: _, ...numbers } = values;
      this.opts.onMetrics?.({ step, evaluation: numbers });
      this.opts.logger.info(
        `evaluation of step ${step}: ${Object.entries(numbers)
          .map(([k, v]) => `${peerText(k, 64)} ${v.toFixed(3)}`)
          .join(', ')}`,
      );
      return { stepDone: false };
    }
    let byRank = this.metricsByStep.get(step);
    if (!byRank) {
      byRank = new Map();
      this.metricsByStep.set(step, byRank);
    }
    byRank.set(rank, values);
    const stepMs = typeof values.stepMs === 'number' ? values.stepMs : undefined;
    if (byRank.size < worldSize) return { stepMs, stepDone: false };
    this.metricsByStep.delete(step);
    // Every rank sends its metrics in step order: earlier steps still missing a rank
    // never complete (a rank lost after its checksum and before its metrics; its
    // replacement starts at a later step). They go in as partial records.
    this.closeStepsBefore(step);
    this.lastMetricsStep = Math.max(this.lastMetricsStep, step);
    const record = mergeMetrics(step, this.opts.epochOf(step), byRank, this.opts.batchSize);
    this.opts.onMetrics?.(record);
    this.opts.onStep?.(step, record);
    return { stepMs, stepDone: true };
  }

  /**
   * Whether the run may end. Stopping: once rank 0's final state is in and the
   * metrics of the last step trained are written ('metrics-pending' until then;
   * none are due when no step was trained since `firstStep`). At the last step:
   * once the final state is in and all `worldSize` ranks have finished.
   */
  canEnd(stopping: boolean, step: number, firstStep: number, worldSize: number): 'yes' | 'no' | 'metrics-pending' {
    if (!this.finalStateReceived) return 'no';
    if (stopping) return step > firstStep && this.lastMetricsStep < step - 1 ? 'metrics-pending' : 'yes';
    return this.finishedRanks.size === worldSize ? 'yes' : 'no';
  }

  /**
   * Writes the incomplete metrics of the steps before `before` as `partial`
   * records (the ranks that reported), in step order, and forgets their
   * checksums: one that never completes cannot be compared.
   */
  closeStepsBefore(before = Infinity): void {
    for (const step of [...this.metricsByStep.keys()].sort((a, b) => a - b)) {
      if (step >= before) break;
      const byRank = this.metricsByStep.get(step)!;
      this.metricsByStep.delete(step);
      this.lastMetricsStep = Math.max(this.lastMetricsStep, step);
      this.opts.onMetrics?.({ ...mergeMetrics(step, this.opts.epochOf(step), byRank, this.opts.batchSize), partial: true });
    }
    for (const step of [...this.checksums.keys()]) if (step < before) this.checksums.delete(step);
  }

  /** One rank's parameter CHECKSUM; once all `worldSize` are in, returns why the run must stop if replicas differ. */
  checksum(rank: number, body: ChecksumBody | null | undefined, worldSize: number): string | undefined {
    const step = body?.step ?? 0;
    let byRank = this.checksums.get(step);
    if (!byRank) {
      byRank = new Map();
      this.checksums.set(step, byRank);
    }
    byRank.set(rank, body?.value ?? '');
    if (byRank.size < worldSize) return undefined;
    this.checksums.delete(step);
    this.dropIncompleteChecksumsBefore(step);
    const reference = byRank.get(0);
    this.opts.onChecksums?.(
      step,
      [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v),
    );
    const differ = [...byRank.entries()].filter(([, v]) => v !== reference).map(([r]) => r);
    if (differ.length > 0) {
      return `parameter checksums differ after step ${step}: rank 0 has ${peerText(reference, 64)}, ranks ${differ.join(', ')} have ${differ.map((r) => peerText(byRank.get(r), 64)).join(', ')}`;
    }
    this.opts.logger.debug(`checksums agree after step ${step}: ${reference}`);
    return undefined;
  }

  /**
   * Every rank sends its checksums in step order, so once all have sent `step`, an
   * older step still incomplete never completes: a rank was replaced after its last
   * exchange of that step and before its checksum (a hung rank, in the soak). Its
   * replica check is skipped, saying so, rather than kept in memory for ever.
   */
  private dropIncompleteChecksumsBefore(step: number): void {
    for (const [old, byRank] of this.checksums) {
      if (old >= step) continue;
      this.checksums.delete(old);
      this.opts.logger.info(
        `replica check of step ${old} skipped: only rank(s) ${[...byRank.keys()].sort((a, b) => a - b).join(', ')} reported its checksum (a rank was replaced before sending it), and every rank has reported step ${step}`,
      );
    }
  }

  /** Rank 0's state after `step` steps: a checkpoint of the current world. */
  checkpoint(step: number, tensors: NamedTensor[], world: { session: string; worldSize: number; config: RunConfig }): void {
    this.opts.onCheckpoint?.({
      step,
      epoch: this.opts.epochOf(step),
      config: world.config,
      extra: { worldSize: world.worldSize, session: world.session, writtenAt: new Date().toISOString() },
      tensors,
    });
  }

  /** READY after the last step: `rank` has exported and flushed. */
  rankFinished(rank: number): void {
    this.finishedRanks.add(rank);
  }
}

/** Mean of each metric over ranks, plus the per-rank time split (with the exchange per phase when the rank reports it). */
export function mergeMetrics(step: number, epoch: number, byRank: Map<number, Record<string, number>>, globalBatch: number): Record<string, unknown> {
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const keys = new Set<string>();
  for (const v of byRank.values()) for (const k of Object.keys(v)) keys.add(k);
  const record: Record<string, unknown> = { step, epoch };
  const timing = new Set(['computeMs', 'exchangeMs', 'exchangeDMs', 'exchangeGMs', 'idleMs', 'stepMs']);
  for (const k of keys) {
    if (timing.has(k)) continue;
    const vals = ranks.map((r) => byRank.get(r)![k]).filter((x) => typeof x === 'number');
    record[k] = vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length);
  }
  const stepMs = Math.max(...ranks.map((r) => byRank.get(r)!.stepMs ?? 0));
  record.stepMs = stepMs;
  record.imagesPerS = stepMs > 0 ? (globalBatch * 1000) / stepMs : 0;
  record.ranks = ranks.map((r) => {
    const v = byRank.get(r)!;
    const perPhase = Object.fromEntries(['exchangeDMs', 'exchangeGMs'].filter((k) => typeof v[k] === 'number').map((k) => [k, v[k]]));
    return { rank: r, computeMs: v.computeMs, exchangeMs: v.exchangeMs, ...perPhase, idleMs: v.idleMs };
  });
  return record;
}
