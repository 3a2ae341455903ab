/**
 * `acgan launch`: the one entry point of a cluster job's tasks. Every task runs it with
 * the same flags; the engine's environment says which task it is (rendezvous.ts). Task 0
 * also runs the coordinator; every task runs one worker, pinned to its local GPU.
 * A run folder that already holds a checkpoint is resumed (a requeued job goes on).
 *
 *   srun acgan launch --steps 2000 --run-dir /shared/runs/a     (Slurm)
 *   ACGAN_COORDINATOR=10.0.0.1:29500 ACGAN_RANK=1 ACGAN_WORLD_SIZE=4 acgan launch ...
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandKeys, createLogger, keyToFlag, parseArgs, type ConfigKey } from '@acgan/config';
import { listCheckpoints } from '@acgan/runs';
import { setAsideAttempt } from '../launch/attempts.ts';
import { bindFor, resolveRendezvous } from '../launch/rendezvous.ts';

export const LAUNCH_HELP = `Usage: npx acgan launch [rendezvous flags] [run flags]

Run by every task of a cluster job with the same flags (srun, an Indexed Job, mpirun,
...). The task of rank 0 starts the coordinator (\`acgan coordinator\`, bound to the
coordinator address's port on every interface, or on loopback when the address is
loopback) and every task starts one worker (\`acgan worker --connect <coordinator>
--rank <rank>\`) pinned to its local GPU through CUDA_VISIBLE_DEVICES: the engine's
own when it set one device, the local rank's of those it set when it set several,
else <local rank>.
When --run-dir already holds a checkpoint, the coordinator resumes it: a requeued job
goes on from where it was. A run folder left by an attempt that ended before its first
checkpoint is moved to <run dir>/attempts/<time>/ and the job starts over.

Rendezvous (flags win over ACGAN_* variables, which win over Slurm's):
  --coordinator <host:port>  ACGAN_COORDINATOR; Slurm: the first host of
                             SLURM_JOB_NODELIST, port --port or 20000 + SLURM_JOB_ID % 20000
  --rank <r>                 ACGAN_RANK; Slurm: SLURM_PROCID
  --world-size <n>           ACGAN_WORLD_SIZE; Slurm: SLURM_NTASKS
  --local-rank <i>           ACGAN_LOCAL_RANK; Slurm: SLURM_LOCALID (default 0)
  --port <p>                 Slurm: the coordinator's port
CURVE (across hosts; plaintext is refused off loopback): ACGAN_CURVE_KEYS (a key pair
prefix from \`acgan keys\`: the coordinator's keys, and each worker's), ACGAN_CURVE_SERVER_KEY
(default <ACGAN_CURVE_KEYS>.pub), ACGAN_CURVE_ALLOW (the workers' public keys, one per line).

Run flags: those of \`acgan coordinator\` (the worker gets the ones it takes), except
--bind, --workers and --connect, which come from the rendezvous.
  --help                     this text`;

const OWN = ['coordinator', 'rank', 'worldSize', 'localRank', 'port', 'help'];
const FROM_RENDEZVOUS = ['bind', 'workers', 'connect', 'resume'];
const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));

/** `--kebab value` (or `--kebab` for a switch) for each entry of `flags` whose key `keep` accepts. */
function argsOf(flags: Map<string, string | true>, keep: (k: string) => boolean): string[] {
  return [...flags].filter(([k]) => keep(k)).flatMap(([k, v]) => (v === true ? [`--${keyToFlag(k)}`] : [`--${keyToFlag(k)}`, v]));
}

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help', 'insecurePlaintext', 'skipBadImages']));
  if (flags.has('help')) {
    console.log(LAUNCH_HELP);
    return 0;
  }
  if (positional.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positional[0])} (see --help)`);
  const coordinatorKeys = new Set<string>([...commandKeys('coordinator'), 'preset', 'config']);
  const workerKeys = new Set<string>([...commandKeys('worker'), 'preset', 'config']);
  for (const k of flags.keys()) {
    if (FROM_RENDEZVOUS.includes(k)) throw new Error(`acgan launch sets --${keyToFlag(k)} itself (from the rendezvous; see --help)`);
    if (!OWN.includes(k) && !coordinatorKeys.has(k)) throw new Error(`acgan launch: unknown flag --${keyToFlag(k)} (see --help)`);
  }
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const rv = resolveRendezvous({ coordinator: str('coordinator'), rank: str('rank'), worldSize: str('worldSize'), localRank: str('localRank'), port: str('port') }, process.env);
  const log = createLogger({ component: `launch[${rv.rank}]` });
  log.info(
    `rendezvous (${rv.engine}): coordinator ${rv.coordinator}, rank ${rv.rank} of ${rv.worldSize}, local rank ${rv.localRank}${rv.rank === 0 ? '; this task hosts the coordinator' : ''}`,
  );

  const children: ChildProcess[] = [];
  const start = (args: string[], env: NodeJS.ProcessEnv): Promise<number> => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(child);
    return new Promise((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1))));
  };
  const forward = (sig: NodeJS.Signals) => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(sig);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    const ends: Promise<number>[] = [];
    if (rv.rank === 0) {
      const runDir = str('runDir');
      const resume = runDir !== undefined && listCheckpoints(join(runDir, 'checkpoints')).length > 0;
      if (resume) log.info(`${runDir} holds a checkpoint: resuming it (a requeued job)`);
      // An attempt that ended before its first checkpoint left nothing to resume: it is set aside, and the job starts over.
      const aside = !resume && runDir !== undefined ? setAsideAttempt(runDir) : undefined;
      if (aside) log.warn(`${runDir} holds an attempt that ended before its first checkpoint: moved it to ${aside}; starting over`);
      const curve = [...(rv.curve.keys ? ['--curve-keys', rv.curve.keys] : []), ...(rv.curve.allow ? ['--curve-allow', rv.curve.allow] : [])];
      const args = ['coordinator', '--bind', bindFor(rv.coordinator), '--workers', String(rv.worldSize), ...(resume ? ['--resume', runDir!] : []), ...curve];
      ends.push(start([...args, ...argsOf(flags, (k) => coordinatorKeys.has(k) && !(resume && k === 'runDir'))], process.env));
    }
    const serverKey = rv.curve.serverKey ?? (rv.curve.keys ? `${rv.curve.keys}.pub` : undefined);
    const curve = [...(rv.curve.keys ? ['--curve-keys', rv.curve.keys] : []), ...(serverKey ? ['--curve-server-key', serverKey] : [])];
    // One GPU per task: the engine's own pinning when it set one device, else the local rank's.
    const visible = process.env.CUDA_VISIBLE_DEVICES?.split(',').filter(Boolean);
    const gpu = visible && visible.length > 1 ? visible[rv.localRank % visible.length] : (visible?.[0] ?? String(rv.localRank));
    const given = visible === undefined ? 'none set' : `the engine set ${process.env.CUDA_VISIBLE_DEVICES}`;
    log.info(`worker pinned to GPU ${gpu} (CUDA_VISIBLE_DEVICES=${gpu}; ${given}; local rank ${rv.localRank})`);
    const workerArgs = ['worker', '--connect', rv.coordinator, '--rank', String(rv.rank), ...curve, ...argsOf(flags, (k) => workerKeys.has(k as ConfigKey))];
    ends.push(start(workerArgs, { ...process.env, CUDA_VISIBLE_DEVICES: gpu }));
    const codes = await Promise.all(ends);
    return codes.find((c) => c !== 0) ?? 0;
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  }
}
