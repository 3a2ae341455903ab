/**
 * slow: `acgan launch` under fake engines that set only the environment, as an engine
 * does for each task: ACGAN_* variables, and Slurm's (SLURM_PROCID, SLURM_NTASKS,
 * SLURM_LOCALID, SLURM_JOB_NODELIST, SLURM_JOB_ID). Each task is its own process group,
 * as a scheduler's step is; the results are compared with `acgan train` bit for bit,
 * and a job killed mid-run and started again (a requeue) resumes exactly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listCheckpoints } from '@acgan/runs';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, finalTensors, freePort, runCli, sameTensors, tinyJob, tmp, waitFor } from './run-cli.ts';

const tasks: ChildProcess[] = [];

/** One task of a job: `acgan launch` with the engine's variables only, in its own process group. */
function task(env: Record<string, string>, args: string[]): { child: ChildProcess; done: Promise<number | null>; log: () => string } {
  const child = spawn(process.execPath, [BIN, 'launch', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  tasks.push(child);
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve(code))), log: () => log };
}

async function straight(steps: number): Promise<ReturnType<typeof finalTensors>> {
  const dir = tmp('launch-straight');
  const res = await runCli(['train', '--workers', '2', '--steps', String(steps), '--checkpoint-interval', '5', ...tinyJob(dir)]);
  expect(res.code, res.stderr).toBe(0);
  return finalTensors(dir);
}

const same = sameTensors;

afterAll(() => {
  for (const t of tasks) if (t.exitCode === null && t.signalCode === null) process.kill(-t.pid!, 'SIGKILL');
});

describe('slow: acgan launch', () => {
  it('two tasks told only by ACGAN_* variables train the job of acgan train with CURVE, bit for bit', async () => {
    const dir = tmp('launch-env');
    const port = await freePort();
    // One key pair for the job (as a cluster's shared file system would hold it): the coordinator's, and each worker's, allowed.
    const keys = join(tmp('launch-keys'), 'job');
    expect((await runCli(['keys', keys])).code).toBe(0);
    writeFileSync(`${keys}.allow`, readFileSync(`${keys}.pub`, 'utf8'));
    const job = ['--steps', '6', '--checkpoint-interval', '5', ...tinyJob(dir)];
    const env = (rank: number) => ({
      ACGAN_COORDINATOR: `127.0.0.1:${port}`,
      ACGAN_RANK: String(rank),
      ACGAN_WORLD_SIZE: '2',
      ACGAN_LOCAL_RANK: String(rank),
      ACGAN_CURVE_KEYS: keys,
      ACGAN_CURVE_ALLOW: `${keys}.allow`,
    });
    const [t0, t1] = [task(env(0), job), task(env(1), job)];
    expect(await t0.done, t0.log()).toBe(0);
    expect(await t1.done, t1.log()).toBe(0);
    expect(t0.log()).toMatch(/rendezvous \(env\): coordinator tcp:\/\/127\.0\.0\.1:\d+, rank 0 of 2, local rank 0; this task hosts the coordinator/);
    expect(t1.log()).toMatch(/rendezvous \(env\): coordinator tcp:\/\/127\.0\.0\.1:\d+, rank 1 of 2, local rank 1\n/);
    expect(t1.log()).not.toMatch(/\[coordinator\]/);
    expect(t0.log()).toMatch(/admitted a connection from .* with public key/);
    expect(same(finalTensors(dir), await straight(6))).toBe(true);
  });

  it("under Slurm's variables, a job killed mid-run and started again resumes from its checkpoint and ends as an uninterrupted run", async () => {
    const dir = tmp('launch-slurm');
    const port = String(await freePort());
    const job = ['--port', port, '--steps', '30', '--checkpoint-interval', '5', ...tinyJob(dir)];
    const env = (rank: number) => ({ SLURM_PROCID: String(rank), SLURM_NTASKS: '2', SLURM_LOCALID: String(rank), SLURM_JOB_NODELIST: 'localhost', SLURM_JOB_ID: '4242' });
    const first = [task(env(0), job), task(env(1), job)];
    await waitFor('a checkpoint of the first attempt', () => existsSync(join(dir, 'checkpoints')) && listCheckpoints(join(dir, 'checkpoints')).length > 0, 120_000);
    expect(first[0].log()).toMatch(/rendezvous \(slurm\): coordinator tcp:\/\/localhost:\d+, rank 0 of 2/);
    // scancel: every process of every task, at once.
    for (const t of first) process.kill(-t.child.pid!, 'SIGKILL');
    await Promise.all(first.map((t) => t.done));
    const killedAt = listCheckpoints(join(dir, 'checkpoints'))[0].step;
    expect(killedAt).toBeLessThan(30);
    // The requeue: the same tasks with the same flags.
    const again = [task(env(0), job), task(env(1), job)];
    expect(await again[0].done, again[0].log()).toBe(0);
    expect(await again[1].done, again[1].log()).toBe(0);
    expect(again[0].log()).toMatch(/holds a checkpoint: resuming it \(a requeued job\)/);
    expect(again[0].log()).toMatch(/resuming .* from checkpoint step \d+/);
    const resumed = finalTensors(dir);
    expect(resumed.step).toBe(30);
    expect(same(resumed, await straight(30))).toBe(true);
    expect(readFileSync(join(dir, 'resumes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a job killed before its first checkpoint starts over when restarted, its first attempt kept aside', async () => {
    const dir = tmp('launch-early');
    const port = await freePort();
    const job = ['--steps', '6', '--checkpoint-interval', '5', ...tinyJob(dir)];
    const env = (rank: number) => ({ ACGAN_COORDINATOR: `127.0.0.1:${port}`, ACGAN_RANK: String(rank), ACGAN_WORLD_SIZE: '2' });
    const first = [task(env(0), job), task(env(1), job)];
    await waitFor('a step of the first attempt', () => existsSync(join(dir, 'metrics.jsonl')) && readFileSync(join(dir, 'metrics.jsonl'), 'utf8').length > 0, 120_000);
    for (const t of first) process.kill(-t.child.pid!, 'SIGKILL');
    await Promise.all(first.map((t) => t.done));
    expect(listCheckpoints(join(dir, 'checkpoints'))).toEqual([]);
    const again = [task(env(0), job), task(env(1), job)];
    expect(await again[0].done, again[0].log()).toBe(0);
    expect(await again[1].done, again[1].log()).toBe(0);
    expect(again[0].log()).toMatch(/holds an attempt that ended before its first checkpoint: moved it to .*attempts\/.*; starting over/);
    const [aside] = readdirSync(join(dir, 'attempts'));
    expect(readdirSync(join(dir, 'attempts', aside))).toEqual(expect.arrayContaining(['config.json', 'metrics.jsonl']));
    expect(same(finalTensors(dir), await straight(6))).toBe(true);
  });

  it('names a task that cannot tell where it stands', async () => {
    const res = await runCli(['launch', '--steps', '1'], { ACGAN_COORDINATOR: '', SLURM_PROCID: '' });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/acgan launch cannot tell the coordinator \(--coordinator, ACGAN_COORDINATOR, or a Slurm step\), the rank/);
    const bad = await runCli(['launch', '--workers', '2'], { ACGAN_COORDINATOR: '127.0.0.1:1', ACGAN_RANK: '0', ACGAN_WORLD_SIZE: '1' });
    expect(bad.stderr).toMatch(/acgan launch sets --workers itself/);
  });
});
