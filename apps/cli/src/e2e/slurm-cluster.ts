/**
 * Test helper: a real Slurm cluster of two nodes on one machine (Debian's slurmctld, slurmd,
 * slurm-client and munge; Slurm 22.05 on bookworm). Each node is a Linux network namespace
 * running its own `slurmd -N <node>` with its own spool folder; the nodes' namespaces are
 * plugged by veth pairs into one bridge in this namespace, so they reach each other (and
 * slurmctld and munged, which run here) on one L2 segment, with no IP forwarding. Node
 * names resolve inside the namespaces through /etc/netns/<ns>/hosts, which `ip netns exec`
 * mounts over /etc/hosts. Everything (slurm.conf, the munge key and socket, state, spools,
 * logs) lives in one temporary folder; the machine's own /etc/slurm and munged are not used.
 * Needs root, iproute2 and the packages; `slurmUnavailable()` says why not.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, freePort, waitFor } from './run-cli.ts';

export interface SlurmNode {
  /** The Slurm node name (what SLURM_JOB_NODELIST lists, and what resolves inside the namespaces). */
  name: string;
  /** The network namespace that stands in for the node's host. */
  ns: string;
  /** The node's address on the bridge. */
  addr: string;
}

export interface SlurmCluster {
  nodes: SlurmNode[];
  /** The controller's address (the bridge's, in this namespace). */
  controllerAddr: string;
  /** The cluster's folder: slurm.conf, logs, spools. */
  dir: string;
  /** The environment that points a Slurm client at this cluster (SLURM_CONF). */
  env: Record<string, string>;
  /** `sbatch --parsable <args> <script>`; returns the job id. */
  sbatch(args: string[], script: string, env?: Record<string, string>, scriptArgs?: string[]): number;
  /** `scontrol <args>`' output. */
  scontrol(...args: string[]): string;
  /** `squeue <args>`' output. */
  squeue(...args: string[]): string;
  /** The fields of `scontrol show job -o <id>` (JobState, Restarts, NodeList, ...); {} once the controller forgot it. */
  job(id: number): Record<string, string>;
  /** Polls until the job's state is one of `states`; throws with `diagnose` after `ms`. */
  waitJob(id: number, states: string[], ms: number, extra?: () => string): Promise<Record<string, string>>;
  /** What to print when a job misbehaves: squeue, scontrol show job, sinfo, and the daemons' log tails. */
  diagnose(id?: number): string;
  /** Kills every daemon and every process in the node namespaces, removes namespaces, bridge and folder. Idempotent. */
  stop(): void;
}

const NODES = 2;
/** Stand-in GPUs per node (character devices named like NVIDIA's; nothing opens them). */
export const GPUS_PER_NODE = 2;
const PREFIX = 'acgan-slurm-';

function has(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function quiet(f: () => unknown): void {
  try {
    f();
  } catch {
    // Already gone.
  }
}

/** Why the cluster cannot run here ('' when it can): not root, a package missing, no network namespaces or bridges. */
export function slurmUnavailable(): string {
  if (process.getuid?.() !== 0) return 'not root (the Slurm daemons and network namespaces need root)';
  const missing = ['slurmctld', 'slurmd', 'sbatch', 'scontrol', 'squeue', 'munged', 'ip'].filter((c) => !has(c));
  if (missing.length > 0) return `missing ${missing.join(', ')} (apt-get install slurmctld slurmd slurm-client munge iproute2)`;
  const tag = String(process.pid);
  const [ns, br] = [`${PREFIX}probe-${tag}`, `acsbp${tag}`];
  try {
    ip('netns', 'add', ns);
    ip('link', 'add', br, 'type', 'bridge');
    // What each node's slurmd runs under: a mount and a UTS namespace of its own.
    execFileSync('unshare', ['--mount', '--uts', 'sh', '-c', 'mount -t tmpfs shm /dev/shm && hostname probe'], { stdio: ['ignore', 'ignore', 'pipe'] });
    return '';
  } catch (err) {
    return `cannot make a network namespace, a bridge, or mount and UTS namespaces: ${(err as Error).message.split('\n')[0]}`;
  } finally {
    quiet(() => ip('link', 'del', br));
    quiet(() => ip('netns', 'del', ns));
  }
}

/** Kills every process in a namespace (slurmd, slurmstepd, the jobs' tasks). */
function killNamespace(ns: string): void {
  let pids: number[] = [];
  quiet(() => (pids = ip('netns', 'pids', ns).split('\n').filter(Boolean).map(Number)));
  for (const pid of pids) quiet(() => process.kill(pid, 'SIGKILL'));
}

/** Leftovers of a run whose process is gone (killed before its teardown): namespaces, bridges, hosts files. */
function removeStale(): void {
  const stale = (tag: string) => !alive(Number(tag));
  for (const line of ip('netns', 'list').split('\n')) {
    const m = new RegExp(`^(${PREFIX}(?:probe-)?(\\d+)(?:-n\\d+)?)\\b`).exec(line);
    if (m && stale(m[2])) {
      killNamespace(m[1]);
      quiet(() => ip('netns', 'del', m[1]));
    }
  }
  for (const m of ip('-br', 'link').matchAll(/^(acsb[pv]?(\d+)(?:-\d+)?)[@\s]/gm)) if (stale(m[2])) quiet(() => ip('link', 'del', m[1]));
  if (existsSync('/etc/netns'))
    for (const d of readdirSync('/etc/netns')) {
      const m = new RegExp(`^${PREFIX}(\\d+)-n\\d+$`).exec(d);
      if (m && stale(m[1])) rmSync(join('/etc/netns', d), { recursive: true, force: true });
    }
  // The daemons in this namespace (slurmctld, munged), by their pid files in the cluster's folder.
  for (const d of readdirSync(tmpdir()).filter((f) => f.startsWith('acgan-slurm-'))) {
    const dir = join(tmpdir(), d);
    const owner = join(dir, 'owner');
    if (!existsSync(owner) || !stale(readFileSync(owner, 'utf8').trim())) continue;
    for (const [file, name] of [
      ['slurmctld.pid', 'slurmctld'],
      [join('munge', 'munged.pid'), 'munged'],
    ]) {
      quiet(() => {
        const pid = Number(readFileSync(join(dir, file), 'utf8').trim());
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(name)) process.kill(pid, 'SIGKILL');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts munged, slurmctld and one slurmd per node namespace; resolves once both nodes are idle. */
export async function startSlurmCluster(): Promise<SlurmCluster> {
  const reason = slurmUnavailable();
  if (reason) throw new Error(`no Slurm cluster here: ${reason}`);
  removeStale();
  const tag = String(process.pid);
  // A /24 no interface here uses yet.
  const taken = new Set([...ip('-br', 'addr').matchAll(/10\.232\.(\d+)\.\d+\//g)].map((m) => Number(m[1])));
  const k = [...Array(254).keys()].map((i) => i + 1).find((i) => !taken.has(i));
  if (k === undefined) throw new Error('no free 10.232.<k>.0/24 subnet');
  const bridge = `acsb${tag}`;
  const controllerAddr = `10.232.${k}.1`;
  const nodes: SlurmNode[] = [...Array(NODES).keys()].map((i) => ({ name: `acgan-n${i + 1}`, ns: `${PREFIX}${tag}-n${i + 1}`, addr: `10.232.${k}.${i + 2}` }));
  const veth = (i: number) => `acsbv${tag}-${i + 1}`;
  const dir = mkdtempSync(join(tmpdir(), 'acgan-slurm-'));
  chmodSync(dir, 0o755);
  // Who owns this cluster: a later start cleans up after an owner that died before its teardown.
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const daemons: ChildProcess[] = [];
  const conf = join(dir, 'slurm.conf');
  const env = { SLURM_CONF: conf };
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    // Jobs first (their tasks live in the namespaces), then the daemons, then the network.
    for (const n of nodes) killNamespace(n.ns);
    for (const d of daemons) if (d.exitCode === null && d.signalCode === null) quiet(() => process.kill(d.pid!, 'SIGKILL'));
    for (const [i, n] of nodes.entries()) {
      quiet(() => ip('link', 'del', veth(i)));
      quiet(() => ip('netns', 'del', n.ns));
      rmSync(join('/etc/netns', n.ns), { recursive: true, force: true });
    }
    quiet(() => ip('link', 'del', bridge));
    quiet(() => rmdirSync('/etc/netns'));
    if (process.env.ACGAN_KEEP_SLURM !== '1') rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);

  const client = (cmd: string, args: string[], extraEnv: Record<string, string> = {}) =>
    execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const tail = (file: string, lines = 40) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(none)');
  const tryRun = (f: () => string) => {
    try {
      return f().trimEnd();
    } catch (err) {
      return `(failed: ${(err as Error).message.split('\n')[0]})`;
    }
  };
  const job = (id: number): Record<string, string> => {
    let out = '';
    try {
      out = client('scontrol', ['show', 'job', '-o', String(id)]);
    } catch {
      return {};
    }
    const fields: Record<string, string> = {};
    for (const m of out.matchAll(/(?:^|\s)([A-Za-z:/]+)=(\S*)/g)) fields[m[1]] ??= m[2];
    return fields;
  };
  const diagnose = (id?: number) =>
    [
      `--- squeue\n${tryRun(() => client('squeue', ['-a', '-o', '%i %T %r %N %S']))}`,
      id !== undefined ? `--- scontrol show job ${id}\n${tryRun(() => client('scontrol', ['show', 'job', String(id)]))}` : '',
      `--- sinfo\n${tryRun(() => client('sinfo', ['-N', '-o', '%N %T %E']))}`,
      `--- slurmctld.log\n${tail(join(dir, 'log', 'slurmctld.log'))}`,
      ...nodes.map((n) => `--- slurmd-${n.name}.log\n${tail(join(dir, 'log', `slurmd-${n.name}.log`), 25)}`),
      `--- munged.log\n${tail(join(dir, 'munge', 'munged.log'), 10)}`,
    ]
      .filter(Boolean)
      .join('\n');
  // Every 250 ms: a test may run a Slurm client each time.
  const waitUntil = (what: string, test: () => boolean, ms: number, extra?: () => string) =>
    waitFor(what, test, ms, 250).catch((err: Error) => {
      throw new Error(`${err.message}\n${extra ? `${extra()}\n` : ''}${diagnose()}`);
    });
  const daemon = (argv: string[], what: string) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      if (!stopped) console.warn(`slurm-cluster: ${what} exited (${code ?? signal}): ${err.trim()}`);
    });
    daemons.push(child);
    return child;
  };

  try {
    // The network: a bridge here, one namespace per node on it.
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${controllerAddr}/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    const me = hostname().split('.')[0];
    const hosts = ['127.0.0.1 localhost', `${controllerAddr} ${me}`, ...nodes.map((n) => `${n.addr} ${n.name}`)].join('\n') + '\n';
    for (const [i, n] of nodes.entries()) {
      ip('netns', 'add', n.ns);
      ip('link', 'add', veth(i), 'type', 'veth', 'peer', 'name', 'eth0', 'netns', n.ns);
      ip('link', 'set', veth(i), 'master', bridge);
      ip('link', 'set', veth(i), 'up');
      ip('-n', n.ns, 'addr', 'add', `${n.addr}/24`, 'dev', 'eth0');
      ip('-n', n.ns, 'link', 'set', 'eth0', 'up');
      ip('-n', n.ns, 'link', 'set', 'lo', 'up');
      mkdirSync(join('/etc/netns', n.ns), { recursive: true });
      writeFileSync(join('/etc/netns', n.ns, 'hosts'), hosts);
    }

    // munged with a key of this cluster's own, on a socket of its own.
    const munge = join(dir, 'munge');
    mkdirSync(munge, { mode: 0o700 });
    writeFileSync(join(munge, 'munge.key'), randomBytes(1024), { mode: 0o600 });
    const socket = join(munge, 'munge.socket');
    daemon(
      [
        'munged',
        '--foreground',
        '--force',
        `--socket=${socket}`,
        `--key-file=${join(munge, 'munge.key')}`,
        `--pid-file=${join(munge, 'munged.pid')}`,
        `--log-file=${join(munge, 'munged.log')}`,
        `--seed-file=${join(munge, 'munged.seed')}`,
      ],
      'munged',
    );
    await waitUntil('munged', () => existsSync(socket), 20_000);

    for (const d of ['log', 'state', 'spool', ...nodes.map((n) => join('spool', n.name))]) mkdirSync(join(dir, d), { recursive: true });
    const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
    mkdirSync(join(dir, 'dev'));
    // Slurm wants character devices: copies of /dev/null's (1, 3) under NVIDIA's names.
    for (let g = 0; g < GPUS_PER_NODE; g++) execFileSync('mknod', [join(dir, 'dev', `nvidia${g}`), 'c', '1', '3']);
    // gres.conf beside slurm.conf, where Slurm looks for it.
    writeFileSync(join(dir, 'gres.conf'), `AutoDetect=off\nName=gpu File=${join(dir, 'dev')}/nvidia[0-${GPUS_PER_NODE - 1}]\n`);
    writeFileSync(
      conf,
      [
        `ClusterName=acgan${tag}`,
        `SlurmctldHost=${me}(${controllerAddr})`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${slurmdPort}`,
        'AuthType=auth/munge',
        'CredType=cred/munge',
        `AuthInfo=socket=${socket}`,
        'SlurmUser=root',
        'SlurmdUser=root',
        `StateSaveLocation=${join(dir, 'state')}`,
        `SlurmdSpoolDir=${join(dir, 'spool', '%n')}`,
        `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
        `SlurmdPidFile=${join(dir, 'slurmd-%n.pid')}`,
        `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
        `SlurmdLogFile=${join(dir, 'log', 'slurmd-%n.log')}`,
        'SlurmctldDebug=info',
        'SlurmdDebug=info',
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'SchedulerType=sched/builtin',
        'JobRequeue=1',
        'MpiDefault=none',
        'SwitchType=switch/none',
        'JobAcctGatherType=jobacct_gather/none',
        'AccountingStorageType=accounting_storage/none',
        'JobCompType=jobcomp/none',
        'ReturnToService=2',
        'SlurmctldTimeout=30',
        'SlurmdTimeout=30',
        'MessageTimeout=10',
        'InactiveLimit=0',
        'KillWait=5',
        'MinJobAge=600',
        // Two stand-in GPUs per node (gres.conf: /dev/null's device under NVIDIA's names), so that jobs can ask for
        // --gres=gpu:N and Slurm sets CUDA_VISIBLE_DEVICES for their tasks, as on a GPU cluster.
        'GresTypes=gpu',
        ...nodes.map((n) => `NodeName=${n.name} NodeAddr=${n.addr} CPUs=2 Gres=gpu:${GPUS_PER_NODE} State=UNKNOWN`),
        'PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    daemon(['slurmctld', '-D', '-i', '-f', conf], 'slurmctld');
    // Each slurmd in its node's network namespace, with the node's hosts file over /etc/hosts, as
    // `ip netns exec` would do; but `ip netns exec` also mounts a fresh /sys, without the cgroup
    // file systems that slurmd's cgroup plugin insists on finding (even with proctrack/linuxproc).
    // A host of its own in two more ways: its own host name, and its own /dev/shm.
    const enter = 'h=$1; n=$2; name=$3; shift 3; mount --bind "$h" /etc/hosts && mount -t tmpfs -o mode=1777 shm /dev/shm && hostname "$name" && exec nsenter --net="$n" -- "$@"';
    for (const n of nodes)
      daemon(
        ['unshare', '--mount', '--uts', 'sh', '-c', enter, 'sh', join('/etc/netns', n.ns, 'hosts'), `/run/netns/${n.ns}`, n.name, 'slurmd', '-D', '-N', n.name, '-f', conf],
        `slurmd ${n.name}`,
      );
    const idle = () => {
      try {
        const states = client('sinfo', ['-h', '-N', '-o', '%N %t']);
        return nodes.every((n) => new RegExp(`^${n.name} idle\\b`, 'm').test(states));
      } catch {
        return false;
      }
    };
    await waitUntil('both nodes idle', idle, 90_000);
  } catch (err) {
    const why = `${(err as Error).message}`;
    stop();
    throw new Error(`cannot start the Slurm cluster: ${why}`, { cause: err });
  }

  return {
    nodes,
    controllerAddr,
    dir,
    env,
    sbatch(args, script, extraEnv = {}, scriptArgs = []) {
      const path = join(dir, `job-${randomBytes(4).toString('hex')}.sbatch`);
      writeFileSync(path, script, { mode: 0o755 });
      const out = client('sbatch', ['--parsable', ...args, path, ...scriptArgs], extraEnv).trim();
      const id = Number(out.split(';')[0]);
      if (!Number.isInteger(id)) throw new Error(`sbatch printed ${JSON.stringify(out)}, not a job id`);
      return id;
    },
    scontrol: (...args) => client('scontrol', args),
    squeue: (...args) => client('squeue', args),
    job,
    async waitJob(id, states, ms, extra) {
      let last: Record<string, string> = {};
      await waitUntil(
        `job ${id} to be ${states.join(' or ')}`,
        () => states.includes((last = job(id)).JobState ?? ''),
        ms,
        () => `${extra ? `${extra()}\n` : ''}--- scontrol show job ${id}\n${tryRun(() => client('scontrol', ['show', 'job', String(id)]))}`,
      );
      return last;
    },
    diagnose,
    stop,
  };
}
