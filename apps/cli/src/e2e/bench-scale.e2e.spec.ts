/**
 * The scaling benchmark's plumbing at a tiny size: real launcher, coordinator and
 * stand-in workers for N = 1 and 2, and numbers that agree with each other (bytes
 * 2·N·P·4, ratio = bound / exchange, efficiency 1 at N = 1). Speed is not asserted
 * (benchmarks measure it; these machines are shared and noisy). And a run past its
 * deadline is killed with an error naming N and what it waited for.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, modelConfigOf } from '@acgan/config';
import { summarizeModel } from '@acgan/model';
import { runScaleBench } from '../bench/scale-bench.ts';
import { runCli, waitFor } from './run-cli.ts';

const summary = summarizeModel(modelConfigOf(DEFAULT_CONFIG));
const P = summary.discriminator + summary.generator;

/** Processes whose command line names a scale bench's temporary folder. */
function benchProcesses(): number[] {
  try {
    return execFileSync('pgrep', ['-f', 'acgan-bench-scale-'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('slow: acgan bench scale (tiny)', () => {
  it('runs N = 1 and 2 with stand-in workers and reports consistent numbers', async () => {
    const res = await runCli(['bench', 'scale', '--workers', '1,2', '--model', 'default', '--compute-ms', '5', '--steps', '4', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    expect(out.bench).toBe('scale');
    expect(out.params).toEqual({ D: summary.discriminator, G: summary.generator, total: P });
    expect(out.compute_ms_per_phase).toBe(5);
    expect(out.memcpy_gbps).toBeGreaterThan(0);
    expect(out.memcpy_alloc_gbps).toBeGreaterThan(0);
    expect(out.runs.map((r: { workers: number }) => r.workers)).toEqual([1, 2]);
    const [one] = out.runs;
    expect(one.efficiency).toBe(1);
    for (const r of out.runs) {
      expect(r.steps_measured).toBe(2);
      expect(r.bytes_per_step).toBe(2 * r.workers * P * 4);
      expect(r.model_bytes_per_step).toBe((2 * r.workers + 1) * P * 4);
      expect(r.bound_ms).toBeCloseTo(r.bytes_per_step / (out.memcpy_gbps * 1e6), 2);
      expect(r.model_ms).toBeCloseTo(r.model_bytes_per_step / (out.memcpy_gbps * 1e6), 2);
      expect(r.ratio).toBeCloseTo(r.bound_ms / r.exchange_ms, 2);
      expect(r.exchange_ms).toBeCloseTo(r.exchange_d_ms + r.exchange_g_ms, 2);
      expect(r.efficiency).toBeCloseTo(one.step_ms / r.step_ms, 2);
      expect(r.idle_ms).toBeCloseTo(r.step_ms - r.compute_ms, 2);
      expect(r.coordinator_gbps).toBeCloseTo(r.bytes_per_step / (r.exchange_ms * 1e6), 2);
      // The stand-in waits 5 ms per phase: a design fact, not a speed.
      expect(r.compute_ms).toBeGreaterThanOrEqual(9);
      expect(r.exchange_d_ms).toBeGreaterThan(0);
      expect(r.exchange_g_ms).toBeGreaterThan(0);
      // The plane the coordinator logged (shared memory or ZeroMQ), not a guess.
      expect(r.data_plane).toMatch(/shared memory|ZeroMQ/);
    }
    expect(res.stderr).toMatch(/bench scale: N=2: step [\d.]+ ms, exchange D [\d.]+ \+ G [\d.]+ ms/);
    expect(benchProcesses()).toEqual([]);
  });

  it('kills a run past its deadline and says which N and what it waited for', async () => {
    await expect(runScaleBench({ workers: [1], model: 'default', computeMs: 5, steps: 4, deadlineMs: () => 1_500 })).rejects.toThrow(
      /bench scale: N=1 passed its deadline of 2 s waiting for (the coordinator to start|the first step).*killed the launcher and its workers/,
    );
    // The launcher and its workers are gone (their command lines name the bench's folder).
    await waitFor('the timed-out run to end', () => benchProcesses().length === 0, 10_000);
  });
});
