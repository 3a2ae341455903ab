/**
 * slow: runs are bit-reproducible at any world size. With three ranks the average of a
 * bucket is ((g0 + g1) + g2) / 3 in rank order, whatever order the buckets arrive in (in
 * arrival order, float rounding made two runs of the same job differ in the last bits);
 * a worker killed mid-run and replaced changes nothing either.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { runCli, startCli, tinyJob, tmp, waitFor, workersOf } from './run-cli.ts';

/** The final checkpoint's trained tensors (BatchNorm moving statistics are rank 0's own). */
function trained(dir: string): number[][] {
  const ck = readCheckpoint(listCheckpoints(join(dir, 'checkpoints'))[0].path);
  return ck.tensors.filter((t) => !t.name.includes('moving_')).map((t) => Array.from(t.data));
}

describe('slow: bit-reproducible with three ranks', () => {
  it('two runs of the same 3-worker job, one with a worker killed mid-run, end with the same bits', async () => {
    const steps = 60;
    // Batch 12 over 3 ranks; 2 KiB buckets, so a phase has many buckets arriving in varied order.
    const job = (dir: string) => [
      'train',
      '--workers',
      '3',
      '--steps',
      String(steps),
      '--checkpoint-interval',
      '0',
      '--sample-interval',
      '0',
      ...tinyJob(dir),
      '--batch-size',
      '12',
      '--chunk-mb',
      '0.002',
    ];
    const a = tmp('repro-a');
    const ok = await runCli(job(a));
    expect(ok.code, ok.stderr).toBe(0);

    const b = tmp('repro-b');
    const run = startCli(job(b));
    const steps0 = () => (existsSync(join(b, 'metrics.jsonl')) ? readFileSync(join(b, 'metrics.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor('training to get going', () => steps0() >= 10);
    const workers = workersOf(run.child.pid!);
    expect(workers).toHaveLength(3);
    process.kill(workers[1], 'SIGKILL');
    const res = await run.done;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/rank \d rejoined at step \d+ phase [DG]/);

    expect(trained(b)).toEqual(trained(a));
  });
});
