/**
 * `acgan train`: the launcher. Starts the coordinator in this process and N
 * worker processes on this machine (one per GPU of the backend, each pinned to
 * its own device: CUDA_VISIBLE_DEVICES on the CUDA path, Mesa's device-select
 * layer (DRI_PRIME) on the WebGPU path, see gpu-devices.ts; 2 on a machine
 * without GPU), and makes sure none outlives the run: workers watch their stdin
 * pipe and exit when the launcher goes away, and the launcher kills stragglers
 * after the coordinator ends.
 *
 *   npx acgan train --steps 300 --workers 2
 *   npx acgan train --resume runs/2026-11-28_12-00-00
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, configHelp, createLogger, DEFAULT_CONFIG, describeChanges, fixedOnResumeFlags, parseArgs, resolveConfig, resumeChanges, type RunConfig } from '@acgan/config';
import { runCoordinator } from '../run-coordinator.ts';
import type { Coordinator } from '../coordinator.ts';
import { planWorkerDevices, type DevicePlan, type DeviceProbes } from '../gpu-devices.ts';
import { checkRunDir, defaultRunDir, loadNewestCheckpoint, runPaths, type Checkpoint } from '@acgan/runs';

/** How the launcher starts a worker: a program and its leading arguments (e.g. [node, acgan.mjs, 'worker']). */
export type WorkerCommand = readonly string[];

export const TRAIN_HELP = `Usage: npx acgan train [flags]

Trains the ACGAN with one coordinator (this process) and N local worker processes.
Config: defaults, then --preset, then --config <file.json>, then flags (with --resume,
the run's stored config comes before the flags). Unknown flags are an error, and so
are the CURVE flags: encrypted runs across hosts are \`acgan coordinator\` + \`acgan worker\`.

  --preset <name>   a measured recipe: mnist (the defaults) or fashion (Fashion-MNIST
                    from Debian's dataset-fashion-mnist); flags still override
  --config <file>   JSON object of config keys
  --help            this text

Config flags:
${configHelp('train')}`;

/** GPUs that nvidia-smi lists; 0 when there is no nvidia-smi or no GPU (`acgan coordinator --workers 0`). */
export function countGpus(): number {
  try {
    const out = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return out.split('\n').filter((l) => /^GPU \d+/.test(l)).length;
  } catch {
    return 0;
  }
}

/** Resolves the config of a run (resume-aware) and the checkpoint to start from; --workers may stay 0. */
function resolveRunConfig(argv: string[], command: 'train' | 'coordinator', log?: (line: string) => void): { cfg: RunConfig; resumeFrom?: Checkpoint } {
  const { flags } = parseArgs(argv, new Set(['help']));
  let resumeFrom: Checkpoint | undefined;
  let base: Partial<RunConfig> | undefined;
  const resume = flags.get('resume');
  if (typeof resume === 'string' && resume !== '') {
    const dir = runPaths(resume).checkpoints;
    if (!existsSync(resume)) throw new ConfigError('BAD_VALUE', `--resume ${resume}: no such folder`, { key: 'resume' });
    if (!existsSync(dir)) throw new ConfigError('BAD_VALUE', `--resume ${resume}: not a run folder (it has no checkpoints/ folder)`, { key: 'resume' });
    resumeFrom = loadNewestCheckpoint(dir, (path, err) => log?.(`skipping checkpoint ${path}: ${err.message}`));
    if (!resumeFrom) throw new Error(`--resume ${resume}: no valid checkpoint in ${dir}`);
    // --insecure-plaintext is a decision for each start, never inherited from the checkpoint.
    base = { ...(resumeFrom.config as Partial<RunConfig>), runDir: resume, resume: '', insecurePlaintext: false };
  }
  const cfg = resolveConfig(flags, { command, extraFlags: new Set(['help']), base });
  if (cfg.runDir === '') cfg.runDir = defaultRunDir();
  // Absolute, as every rank gets it (ASSIGN): a worker started elsewhere (by hand, by a
  // scheduler, on a shared file system) must write rank 0's samples and export into this
  // run folder, not into a folder of that name under its own working directory.
  cfg.runDir = resolve(cfg.runDir);
  if (resumeFrom) {
    const { fixed } = resumeChanges(resumeFrom.config as Partial<RunConfig>, cfg);
    if (fixed.length > 0) {
      throw new ConfigError(
        'BAD_VALUE',
        `--resume ${resume}: ${describeChanges(fixed)} cannot change on resume (the checkpoint's tensors have the run's model shapes, and each step's data and noise follow from its batch, seed, dataset and order): ` +
          `leave ${fixed.length === 1 ? 'it' : 'them'} out to continue the run, or start a new one in another --run-dir. Fixed on resume: ${fixedOnResumeFlags().join(' ')}; every other flag may change, and the change is recorded in resumes.jsonl`,
        { key: fixed[0].key },
      );
    }
  }
  // Before anything is started or written (a bad folder used to fail after the workers were spawned).
  try {
    checkRunDir(cfg.runDir, { resuming: resumeFrom !== undefined });
  } catch (err) {
    throw new ConfigError('BAD_VALUE', (err as Error).message, { key: 'runDir' });
  }
  return { cfg, resumeFrom };
}

/** The global batch is split evenly over the ranks: said before anything starts, with the fix. */
function checkBatchDivides(cfg: RunConfig): void {
  const { batchSize: b, workers: n } = cfg;
  if (n < 1 || b % n === 0) return;
  const up = Math.ceil(b / n) * n;
  const down = Math.floor(b / n) * n;
  throw new ConfigError(
    'BAD_VALUE',
    `--batch-size ${b} does not divide by ${n} workers (each rank takes an equal slice of the global batch): use --batch-size ${down > 0 ? `${down} or ` : ''}${up}, or a --workers that divides ${b}`,
    { key: 'batchSize' },
  );
}

/**
 * Resolves the config of a run (resume-aware) and the checkpoint to start from; --workers 0 = GPUs by nvidia-smi, else 2.
 * `acgan coordinator`'s: its flags are checked against the coordinator's (CONFIG_SPEC).
 */
export function resolveTrainConfig(
  argv: string[],
  log?: (line: string) => void,
  command: 'train' | 'coordinator' = 'coordinator',
): { cfg: RunConfig; resumeFrom?: Checkpoint; gpus: number } {
  const { cfg, resumeFrom } = resolveRunConfig(argv, command, log);
  const gpus = countGpus();
  if (cfg.workers === 0) cfg.workers = gpus > 0 ? gpus : 2;
  checkBatchDivides(cfg);
  return { cfg, resumeFrom, gpus };
}

/**
 * The train config with the device plan: which GPU each worker gets for the configured
 * backend, and (with --workers 0) one worker per GPU of the plan, else 2.
 */
export async function resolveTrainPlan(
  argv: string[],
  log?: (line: string) => void,
  probes?: DeviceProbes,
): Promise<{ cfg: RunConfig; resumeFrom?: Checkpoint; plan: DevicePlan }> {
  const { cfg, resumeFrom } = resolveRunConfig(argv, 'train', log);
  // The CURVE flags are refused as flags (CONFIG_SPEC); from a config file or a resumed
  // run they would switch CURVE on for the coordinator alone. Its workers are children
  // on this host talking over a private socket; CURVE is for workers on other hosts:
  // `acgan coordinator` + `acgan worker` (README "Security").
  if (cfg.curveKeys || cfg.curveAllow || cfg.curveServerKey) {
    throw new ConfigError(
      'BAD_VALUE',
      'acgan train does not take --curve-keys / --curve-allow / --curve-server-key (set here by the config file or the resumed run): use `acgan coordinator` and `acgan worker` for encrypted runs across hosts',
      { key: 'curveKeys' },
    );
  }
  const plan = await planWorkerDevices(cfg.backend, cfg.workers, probes ? { probes } : {});
  cfg.workers = plan.workers;
  checkBatchDivides(cfg);
  return { cfg, resumeFrom, plan };
}

export async function runTrainCommand(argv: string[], workerCommand: WorkerCommand, probes?: DeviceProbes): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(TRAIN_HELP);
    return 0;
  }
  const early: string[] = [];
  const { cfg, resumeFrom, plan } = await resolveTrainPlan(argv, (l) => early.push(l), probes);
  const log = createLogger({ component: 'coordinator', level: cfg.logLevel });
  for (const l of early) log.warn(l);
  if (resumeFrom) log.info(`resuming ${cfg.runDir} from checkpoint step ${resumeFrom.step}`);
  const perGpu = plan.kind === 'none' ? ' (no GPU for this backend)' : `, ${plan.kind === 'cuda' ? 'CUDA' : 'WebGPU'} GPUs: ${plan.gpus}`;
  log.info(`launching 1 coordinator + ${cfg.workers} worker(s)${perGpu}`);
  for (const line of plan.lines) log.info(line);
  for (const line of plan.warnings) log.warn(line);

  // Local workers talk to this process over a Unix socket in a private folder
  // (mode 0700) unless --bind says otherwise: other users of the host cannot
  // connect to it, as they could to a loopback port, and it is somewhat faster
  // (allreduce bench, 96 MB, 2 workers: 137-163 ms against 161-192 over TCP).
  // A Unix socket path must fit in sun_path (108 bytes): with a very long TMPDIR, TCP loopback it is.
  const ipcDir = cfg.bind === DEFAULT_CONFIG.bind && tmpdir().length < 80 ? mkdtempSync(join(tmpdir(), 'acgan-')) : undefined;
  const bind = ipcDir ? `ipc://${join(ipcDir, 'coordinator.sock')}` : undefined;

  const children: ChildProcess[] = [];
  let coordinator: Coordinator | undefined;
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals === 1 && coordinator) {
      coordinator.stop(`${sig}: checkpointing and stopping all workers`);
      return;
    }
    log.warn(`${sig} again: killing workers now`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const result = await runCoordinator(cfg, {
      logger: log,
      resumeFrom,
      bind,
      inferNumClasses: !setsNumClasses(argv),
      onListening: (endpoint, c) => {
        coordinator = c;
        const pool = new WorkerPool(workerCommand, endpoint, cfg, plan, log, c, children);
        for (let i = 0; i < cfg.workers; i++) pool.start(i);
      },
    });
    // After a failure a worker may be hung (that may be the failure): do not wait long.
    await waitForExit(children, result.exitCode === 0 ? 15_000 : 3_000, log);
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (ipcDir) rmSync(ipcDir, { recursive: true, force: true });
  }
}

/**
 * The local worker processes. A worker that ends while the run goes on (crash,
 * SIGKILL, or killed here because the coordinator found it hung) is started
 * again with the same rank; the replacement rejoins with the current state and
 * redoes the phase in flight.
 */
class WorkerPool {
  private readonly restarts = new Map<number, number>();
  private readonly byPid = new Map<number, ChildProcess>();

  constructor(
    private readonly workerCommand: WorkerCommand,
    private readonly endpoint: string,
    private readonly cfg: RunConfig,
    private readonly plan: DevicePlan,
    private readonly log: ReturnType<typeof createLogger>,
    private readonly coordinator: Coordinator,
    private readonly children: ChildProcess[],
  ) {
    coordinator.setRankLostHandler((rank, pid) => {
      const child = this.byPid.get(pid);
      if (child && child.exitCode === null && child.signalCode === null) {
        this.log.warn(`killing worker ${rank} (pid ${pid}): the coordinator lost it`);
        child.kill('SIGKILL');
      }
    });
  }

  start(index: number): void {
    // The worker's device (gpu-devices.ts); a restarted worker gets the same one.
    const env = { ...process.env, ...(this.plan.assignments[index]?.env ?? {}) };
    const [program, ...lead] = this.workerCommand;
    const args = [...lead, '--connect', this.endpoint, '--config', join(runPaths(this.cfg.runDir).root, 'config.json'), '--rank', String(index), '--exit-with-parent'];
    // On a terminal the workers' lines go through this process's stderr, so that they
    // scroll above the progress bar (progress.ts) instead of being glued onto it.
    const throughUs = Boolean(process.stderr.isTTY);
    const child = spawn(program, args, { env, stdio: ['pipe', 'inherit', throughUs ? 'pipe' : 'inherit'] });
    if (throughUs) forwardLines(child.stderr!, process.stderr);
    this.children.push(child);
    if (child.pid !== undefined) this.byPid.set(child.pid, child);
    child.on('exit', (code, signal) => this.onExit(index, child, code, signal));
  }

  private onExit(index: number, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (code === 0 || this.coordinator.finished) return;
    const how = signal ? `signal ${signal}` : `exit code ${code}`;
    this.coordinator.workerProcessEnded(child.pid ?? -1, how);
    const done = this.restarts.get(index) ?? 0;
    if (done >= this.cfg.maxRestarts) {
      if (this.cfg.workerLoss === 'shrink') {
        this.log.warn(`worker ${index} (pid ${child.pid}) ended with ${how}; not restarting it (${done} restarts, --max-restarts ${this.cfg.maxRestarts})`);
        this.coordinator.abandonRank(child.pid ?? -1);
      } else {
        this.coordinator.abort('WORKER_EXITED', `worker ${index} (pid ${child.pid}) ended with ${how} after ${done} restarts (--max-restarts ${this.cfg.maxRestarts})`);
      }
      return;
    }
    this.restarts.set(index, done + 1);
    this.log.warn(`worker ${index} (pid ${child.pid}) ended with ${how}; restarting it (${done + 1}/${this.cfg.maxRestarts})`);
    this.start(index);
  }
}

async function waitForExit(children: ChildProcess[], ms: number, log: ReturnType<typeof createLogger>): Promise<void> {
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (alive.length === 0) return;
  const all = Promise.all(alive.map((c) => new Promise<void>((r) => c.once('exit', () => r()))));
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());
  if ((await Promise.race([all, timer])) === 'timeout') {
    log.warn(`workers still running ${ms} ms after the run ended: killing them`);
    for (const c of alive) c.kill('SIGKILL');
  }
}

/** Copies `from` to `to` a whole line at a time (a partial line waits for its end, or for the stream's). */
export function forwardLines(from: NodeJS.ReadableStream, to: { write(s: string): boolean }): void {
  let partial = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const text = partial + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      partial = text;
      return;
    }
    partial = text.slice(end + 1);
    to.write(text.slice(0, end + 1));
  });
  from.on('end', () => {
    if (partial !== '') to.write(partial + '\n');
    partial = '';
  });
}

/** Whether --num-classes comes from the user: a flag, a --config file that has it, or the resumed run. */
function setsNumClasses(argv: string[]): boolean {
  const { flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('numClasses') || flags.has('resume')) return true;
  const file = flags.get('config');
  if (typeof file !== 'string') return false;
  try {
    return 'numClasses' in (JSON.parse(readFileSync(file, 'utf8')) as object);
  } catch {
    return true; // resolveConfig has read it already; whatever it holds, do not second-guess it
  }
}
