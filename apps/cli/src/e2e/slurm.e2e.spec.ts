/**
 * slow: `acgan launch` under a real Slurm (22.05, Debian's slurmctld/slurmd/munge) with two
 * nodes, each a network namespace with its own slurmd, on one bridge (slurm-cluster.ts).
 * sbatch runs a 2-node job whose script does `srun node acgan.mjs launch ...`: Slurm's own
 * variables place the tasks, the coordinator runs on the first node and the second node's
 * worker reaches it across the namespaces, with CURVE; the result equals `acgan train`'s bit
 * for bit. A --requeue job cancelled mid-run and requeued resumes from its checkpoint and ends
 * as an uninterrupted run. Needs root and the packages; without them the tests are skipped
 * (and say why), or fail with ACGAN_REQUIRE_SLURM=1 (set by .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listCheckpoints } from '@acgan/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, finalTensors, runCli, sameTensors, tinyJob, tmp, waitFor } from './run-cli.ts';
import { GPUS_PER_NODE, slurmUnavailable, startSlurmCluster, type SlurmCluster } from './slurm-cluster.ts';

const unavailable = slurmUnavailable();
/** The repository (the example sbatch runs `npx acgan` from it: ACGAN_HOME). */
const REPO = resolve(BIN, '..', '..', '..', '..');
const required = process.env.ACGAN_REQUIRE_SLURM === '1';
if (unavailable)
  console.warn(
    required
      ? `slurm.e2e: no Slurm cluster here (${unavailable}), and ACGAN_REQUIRE_SLURM=1: failing`
      : `slurm.e2e: skipped, no Slurm cluster here (${unavailable}; ACGAN_REQUIRE_SLURM=1 makes this a failure)`,
  );

async function straight(steps: number, workers = 2): Promise<ReturnType<typeof finalTensors>> {
  const dir = tmp('slurm-straight');
  const res = await runCli(['train', '--workers', String(workers), '--steps', String(steps), '--checkpoint-interval', '5', ...tinyJob(dir)]);
  expect(res.code, res.stderr).toBe(0);
  return finalTensors(dir);
}

const same = sameTensors;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The job script: says where the batch script runs and which attempt it is, then one srun
 * step of `acgan launch` on every task, each line labelled with its task (rank) by srun.
 * Each task first says which node it is on.
 */
function script(launchArgs: string[]): string {
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    'echo "batch script of job $SLURM_JOB_ID on $SLURMD_NODENAME, attempt $((${SLURM_RESTART_COUNT:-0} + 1)), nodes $SLURM_JOB_NODELIST"',
    `srun --kill-on-bad-exit=1 --label bash -c 'echo "task $SLURM_PROCID on node $SLURMD_NODENAME, address $(hostname -I)"; exec "$@"' task ${[process.execPath, BIN, 'launch', ...launchArgs].map(quote).join(' ')}`,
    '',
  ].join('\n');
}

describe.skipIf(unavailable !== '' && !required)('slow: acgan launch under a real Slurm cluster of two nodes', () => {
  let cluster: SlurmCluster | undefined;
  beforeAll(async () => {
    cluster = await startSlurmCluster();
  });
  afterAll(() => cluster?.stop());

  /** A key pair for the job, as the shared file system would hold it; its public key is the allow-list. */
  async function curveEnv(): Promise<Record<string, string>> {
    const keys = join(tmp('slurm-keys'), 'job');
    const made = await runCli(['keys', keys]);
    expect(made.code, made.stderr).toBe(0);
    writeFileSync(`${keys}.allow`, readFileSync(`${keys}.pub`, 'utf8'));
    return { ACGAN_CURVE_KEYS: keys, ACGAN_CURVE_ALLOW: `${keys}.allow` };
  }

  const output = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '(no output file)');

  it('examples/slurm/train.sbatch as it stands, on 2 nodes: the coordinator on the first node, the second node joins it across the network with CURVE, bit for bit as acgan train', async () => {
    const c = cluster!;
    const [n1, n2] = c.nodes;
    const work = tmp('slurm-job');
    const dir = join(work, 'run');
    const out = join(work, 'job.out');
    // The example's own text; the command line overrides its #SBATCH lines for this cluster
    // (one CPU per node, no GPUs), and its arguments are the run's flags.
    const example = readFileSync(join(REPO, 'examples', 'slurm', 'train.sbatch'), 'utf8');
    const flags = tinyJob(dir).filter((f, i, all) => f !== '--run-dir' && all[i - 1] !== '--run-dir');
    const id = c.sbatch(
      ['--job-name=acgan-e2e', '--nodes=2', '--ntasks-per-node=1', '--cpus-per-task=1', '--gres=none', `--output=${out}`, `--chdir=${work}`],
      example,
      { ...(await curveEnv()), RUN_DIR: dir, ACGAN_HOME: REPO },
      ['--steps', '6', '--checkpoint-interval', '5', ...flags],
    );
    const reference = straight(6);
    reference.catch(() => {}); // awaited below; not an unhandled rejection if the test fails first
    const end = await c.waitJob(id, ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'], 150_000, () => `--- ${out}\n${output(out)}`);
    const log = output(out);
    const why = `${log}\n${c.diagnose(id)}`;
    expect(end.JobState, why).toBe('COMPLETED');
    expect(end.NodeList, why).toBe('acgan-n[1-2]');
    const port = 20_000 + (id % 20_000);
    const coordinator = `tcp://${n1.name}:${port}`;
    // The rendezvous from Slurm's variables alone: the first host of SLURM_JOB_NODELIST (a node
    // name, not loopback), the port from the job id, one task per node (local rank 0 on both).
    expect(log, why).toMatch(new RegExp(`^0: .*rendezvous \\(slurm\\): coordinator ${coordinator}, rank 0 of 2, local rank 0; this task hosts the coordinator$`, 'm'));
    expect(log, why).toMatch(new RegExp(`^1: .*rendezvous \\(slurm\\): coordinator ${coordinator}, rank 1 of 2, local rank 0$`, 'm'));
    expect(log, why).not.toMatch(/^1: .*\[coordinator\]/m);
    // One worker on each node (each node has its own host name), the second one across the
    // namespaces: the coordinator admitted its CURVE connection from the second node's address.
    expect(log, why).toMatch(new RegExp(`^0: .*worker registered: ${n1.name} pid \\d+`, 'm'));
    expect(log, why).toMatch(new RegExp(`^0: .*worker registered: ${n2.name} pid \\d+`, 'm'));
    expect(log, why).toMatch(new RegExp(`^1: .*sent REGISTER to ${coordinator}`, 'm'));
    expect(log, why).toMatch(new RegExp(`^0: .*admitted a connection from \\S*${n2.addr.replace(/\./g, '\\.')}\\S* with public key`, 'm'));
    // Its gradients went over the network too: the shared-memory plane is for workers on the coordinator's host.
    expect(log, why).not.toMatch(/^1: .*data plane: shared memory/m);
    // Rank 0 on the first node sent its outputs to the coordinator, which wrote them into RUN_DIR.
    expect(existsSync(join(dir, 'export', 'generator', 'model.json')), why).toBe(true);
    const mine = finalTensors(dir);
    expect(mine.step).toBe(6);
    expect(same(mine, await reference)).toBe(true);
  });

  it("two tasks per node with --gres=gpu:2: Slurm gives each task both GPUs (CUDA_VISIBLE_DEVICES=0,1), launch pins each worker to its local rank's; 4 ranks bit for bit as acgan train", async () => {
    const c = cluster!;
    const work = tmp('slurm-gres');
    const dir = join(work, 'run');
    const out = join(work, 'job.out');
    const example = readFileSync(join(REPO, 'examples', 'slurm', 'train.sbatch'), 'utf8');
    const flags = tinyJob(dir).filter((f, i, all) => f !== '--run-dir' && all[i - 1] !== '--run-dir');
    const id = c.sbatch(
      ['--job-name=acgan-e2e-gres', '--nodes=2', '--ntasks-per-node=2', '--cpus-per-task=1', `--gres=gpu:${GPUS_PER_NODE}`, `--output=${out}`, `--chdir=${work}`],
      example,
      { ...(await curveEnv()), RUN_DIR: dir, ACGAN_HOME: REPO },
      ['--steps', '4', '--checkpoint-interval', '5', ...flags],
    );
    const reference = straight(4, 4);
    reference.catch(() => {}); // awaited below; not an unhandled rejection if the test fails first
    const end = await c.waitJob(id, ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'], 150_000, () => `--- ${out}\n${output(out)}`);
    const log = output(out);
    const why = `${log}\n${c.diagnose(id)}`;
    expect(end.JobState, why).toBe('COMPLETED');
    // Ranks 0, 1 on the first node and 2, 3 on the second; local ranks 0 and 1 on each.
    for (const [rank, local] of [
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
    ]) {
      expect(log, why).toMatch(new RegExp(`^${rank}: .*rendezvous \\(slurm\\): coordinator tcp://acgan-n1:\\d+, rank ${rank} of 4, local rank ${local}`, 'm'));
      expect(log, why).toMatch(new RegExp(`^${rank}: .*worker pinned to GPU ${local} \\(CUDA_VISIBLE_DEVICES=${local}; the engine set 0,1; local rank ${local}\\)$`, 'm'));
    }
    const mine = finalTensors(dir);
    expect(mine.step).toBe(4);
    expect(same(mine, await reference)).toBe(true);
  });

  it('sbatch --requeue: a job cancelled mid-run (scancel) and requeued (scontrol requeue) runs again, resumes from its checkpoint and ends as an uninterrupted run', async () => {
    const c = cluster!;
    // Enough steps that the cancel lands mid-run (the tiny job does some 20 steps a second here).
    const steps = 100;
    const work = tmp('slurm-requeue');
    const dir = join(work, 'run');
    const out = join(work, 'job.out');
    const id = c.sbatch(
      ['--job-name=acgan-e2e-requeue', '--nodes=2', '--ntasks-per-node=1', '--requeue', '--open-mode=append', `--output=${out}`, `--chdir=${work}`],
      script(['--steps', String(steps), '--checkpoint-interval', '5', ...tinyJob(dir)]),
      await curveEnv(),
    );
    const why = () => `--- ${out}\n${output(out)}\n${c.diagnose(id)}`;
    const reference = straight(steps);
    reference.catch(() => {}); // awaited below; not an unhandled rejection if the test fails first
    const checkpoints = () => (existsSync(join(dir, 'checkpoints')) ? listCheckpoints(join(dir, 'checkpoints')) : []);
    await waitFor('a checkpoint of the first attempt', () => checkpoints().length > 0 || ['COMPLETED', 'FAILED', 'CANCELLED'].includes(c.job(id).JobState ?? ''), 150_000).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${why()}`);
      },
    );
    expect(c.job(id).JobState, why()).toBe('RUNNING');
    // scancel: Slurm signals every task of the job on both nodes (SIGTERM, SIGKILL after KillWait).
    execFileSync('scancel', [String(id)], { env: { ...process.env, ...c.env } });
    await c.waitJob(id, ['CANCELLED'], 60_000, () => `--- ${out}\n${output(out)}`);
    const killedAt = checkpoints()[0].step;
    expect(killedAt, why()).toBeLessThan(steps);
    // Requeue the cancelled job. Slurm 22.05 holds a requeued job back (its begin time a couple of
    // minutes ahead, Reason=BeginTime); a start time of now lets it go at once. Not within the
    // second of the kill, though: slurmd revokes the job's credential at the kill, to the second,
    // and refuses a launch whose credential is not newer ("Job N already killed, do not launch
    // batch job", and the job FAILS), which is what the begin time's delay is there to avoid.
    await new Promise((r) => setTimeout(r, 2000));
    c.scontrol('requeue', String(id));
    await c.waitJob(id, ['PENDING'], 30_000);
    c.scontrol('update', `jobid=${id}`, 'starttime=now');
    const end = await c.waitJob(id, ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'], 150_000, () => `--- ${out}\n${output(out)}`);
    expect(end.JobState, why()).toBe('COMPLETED');
    expect(end.Restarts, why()).toBe('1');
    // Both attempts' output, appended to one file: the first cancelled, the second resumed.
    const log = output(out);
    const attempts = log.split(/^(?=batch script of job )/m).filter((a) => a.startsWith('batch script'));
    expect(
      attempts.map((a) => a.split('\n')[0]),
      why(),
    ).toEqual([`batch script of job ${id} on acgan-n1, attempt 1, nodes acgan-n[1-2]`, `batch script of job ${id} on acgan-n1, attempt 2, nodes acgan-n[1-2]`]);
    expect(attempts[0], why()).toMatch(/CANCELLED AT/);
    expect(attempts[0], why()).not.toMatch(/resuming/);
    expect(attempts[0], why()).not.toMatch(/run ended: all steps done/);
    expect(attempts[1], why()).toMatch(/^0: .*holds a checkpoint: resuming it \(a requeued job\)/m);
    expect(attempts[1], why()).toMatch(new RegExp(`^0: .*resuming .* from checkpoint step ${killedAt}$`, 'm'));
    expect(attempts[1], why()).toMatch(/^1: .*rendezvous \(slurm\): coordinator tcp:\/\/acgan-n1:\d+, rank 1 of 2/m);
    const resumed = finalTensors(dir);
    expect(resumed.step).toBe(steps);
    expect(same(resumed, await reference)).toBe(true);
    expect(readFileSync(join(dir, 'resumes.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
