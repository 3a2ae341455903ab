/**
 * slow: Ctrl-C on the launcher checkpoints the step reached, stops every worker
 * and exits; no process outlives it. The checkpoint resumes.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { alive, workersOf, runCli, startCli, tinyJob, waitFor } from './run-cli.ts';

describe('slow: signals', () => {
  it('SIGINT checkpoints, stops all workers and leaves no orphans; the run resumes from there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-sigint-'));
    const run = startCli(['train', '--workers', '2', '--steps', '100000', '--checkpoint-interval', '0', ...tinyJob(dir)]);
    await waitFor('the first training step', () => /step \d+ \(\d+\/100000 done\)/.test(run.stderr()), 120_000);
    const workers = workersOf(run.child.pid!);
    expect(workers).toHaveLength(2);
    run.child.kill('SIGINT');
    const res = await run.done;
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toMatch(/stopping: SIGINT/);
    await waitFor('the workers to be gone once the launcher has exited (no orphans)', () => workers.every((pid) => !alive(pid)), 2000);
    expect(workers.filter(alive)).toEqual([]);
    const [ckpt] = listCheckpoints(join(dir, 'checkpoints'));
    expect(ckpt, 'a checkpoint written on SIGINT').toBeDefined();
    const stopped = readCheckpoint(ckpt.path).step;
    expect(stopped).toBeGreaterThan(0);
    const resumed = await runCli(['train', '--resume', dir, '--steps', String(stopped + 1)]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(listCheckpoints(join(dir, 'checkpoints'))[0].step).toBe(stopped + 1);
  });
});
