// The coordinator's reduction spread over threads: a bucket's range is cut into one
// slice per thread, and each thread (worker_threads) computes the rank-order mean of
// its slice straight over the shared-memory segments, which it maps itself by path
// (segments are files: any thread or process of this user can map them). The main
// thread only hands out slices and collects the finite flags. Slices are disjoint and
// each element is still summed in rank order, so the result does not depend on the
// number of threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { meanInto } from './mean.ts';
import type { Segment } from './segment.ts';

/** Below this many elements a bucket is reduced on the calling thread: messaging would cost more. */
export const MIN_PARALLEL_ELEMENTS = 1 << 18;

interface Job {
  resolve: (finite: boolean) => void;
  reject: (err: Error) => void;
}

export interface ReducePoolOptions {
  /** Threads; default: the cores less one (the coordinator's own thread), at least 1, at most 8. */
  threads?: number;
}

export class ReducePool {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private closed = false;

  constructor(opts: ReducePoolOptions = {}) {
    const n = opts.threads ?? Math.max(1, Math.min(8, availableParallelism() - 1));
    if (!Number.isInteger(n) || n < 1) throw new Error(`threads = ${n}, expected an integer >= 1`);
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./reduce-thread.mjs', import.meta.url));
      w.unref();
      w.on('message', (m: { id: number; finite?: boolean; error?: string }) => {
        const job = this.jobs.get(m.id);
        if (!job) return;
        this.jobs.delete(m.id);
        if (m.error !== undefined) job.reject(new Error(`reduction thread: ${m.error}`));
        else job.resolve(m.finite!);
      });
      w.on('error', (err) => this.failAll(err));
      this.workers.push(w);
    }
  }

  /** Threads in the pool. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * out[i] = rank-order mean of inputs[*][i] for i in [from, to), where out and every input
   * are segments (mapped here and in the threads). Resolves with whether every result is finite.
   */
  async mean(out: Segment, inputs: readonly Segment[], from: number, to: number): Promise<boolean> {
    if (this.closed) throw new Error('the reduction pool is closed');
    const n = to - from;
    if (n < MIN_PARALLEL_ELEMENTS || this.workers.length === 1) {
      return meanInto(
        out.floats,
        inputs.map((s) => s.floats),
        from,
        to,
      );
    }
    const per = Math.ceil(n / this.workers.length / 16) * 16;
    const parts: Promise<boolean>[] = [];
    for (let i = 0, start = from; start < to; i++, start += per) {
      const id = this.nextId++;
      parts.push(new Promise<boolean>((resolve, reject) => this.jobs.set(id, { resolve, reject })));
      this.workers[i].postMessage({ id, out: [out.path, out.bytes], inputs: inputs.map((s) => [s.path, s.bytes]), from: start, to: Math.min(to, start + per) });
    }
    return (await Promise.all(parts)).every(Boolean);
  }

  /** A segment was removed: the threads drop their mapping of it. */
  forget(path: string): void {
    for (const w of this.workers) w.postMessage({ forget: path });
  }

  /** Ends the threads (their mappings go with them). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new Error('the reduction pool was closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private failAll(err: Error): void {
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
  }
}
