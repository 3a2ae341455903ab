/**
 * `acgan soak`: trains a small model through the real launcher (`acgan train`,
 * real worker processes, real ZeroMQ) while a seeded nemesis breaks things one
 * at a time, then trains the same steps without faults and compares the final
 * parameters bit for bit.
 *
 * How long: the chaos run is started with an open-ended step count (far more than
 * fit) and stopped with SIGINT once `--minutes` have passed and every enabled
 * fault kind has been injected at least once; the launcher then checkpoints at the
 * next step boundary (its Ctrl-C path) and that checkpoint's step is the number
 * of steps the straight reference run trains. So the steps are exactly those that
 * fit the minutes on this machine, with no calibration run.
 *
 * What it watches: the launcher's stderr (with `--log-level debug` the coordinator
 * logs every step whose checksums agree: the measure of progress, independent of
 * the run folder, which a full disk may keep from being written), /proc for the
 * processes and their memory, and the run folder at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCheckpoints, readCheckpoint, type Checkpoint } from '@acgan/runs';
import { fillDisk, freeDisk, mountTmpfs, unmount } from './disk.ts';
import { sendHostileBurst } from './hostile.ts';
import { FAULT_KINDS, Nemesis, pauseRangeFor, type FaultKind, type FaultPlan } from './nemesis.ts';
import { emptyFaultCounts, type FaultRecord, type SoakReport } from './report.ts';
import { RssSampler, summarizeRss, workersOfLauncher } from './rss.ts';
import { explainError, LineSplitter, parseRunLine, type RunEvent } from './run-events.ts';

const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));

/** The model of the soak's job: the e2e tests' tiny one (16x16 MNIST, width 4, latent 8). */
export const SOAK_MODEL_FLAGS = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];

export interface SoakOptions {
  minutes: number;
  workers: number;
  seed: number;
  kinds: readonly FaultKind[];
  /** Folder for the soak's files; default a new temporary folder. */
  dir?: string;
  /** Keep the soak's files (run folder, reference run, launcher log) even when it passes. */
  keep: boolean;
  /** Size of the run folder's tmpfs, MB; default from the minutes. */
  diskMb?: number;
  checkpointInterval: number;
  /** Progress lines for the operator (stderr). */
  say: (line: string) => void;
}

/** The training job of both runs: training flags only (the chaos run adds the soak's own). */
export function soakJob(workers: number, seed: number, checkpointInterval: number): string[] {
  // The global batch must divide by the workers: 8 as in the e2e tests' job, else 4 per worker.
  const batch = 8 % workers === 0 ? 8 : 4 * workers;
  return [
    '--workers',
    String(workers),
    ...SOAK_MODEL_FLAGS,
    '--batch-size',
    String(batch),
    '--backend',
    'wasm',
    '--seed',
    String(seed),
    '--checksum-interval',
    '1',
    '--checkpoint-interval',
    String(checkpointInterval),
    '--sample-interval',
    '100',
    '--timeout-ms',
    '60000',
  ];
}

/** tmpfs size: room for a checkpoint backlog and about 1.5 KB per step (metrics, checksums, logs) at up to 40 steps/s. */
export function defaultDiskMb(minutes: number): number {
  return 64 + Math.ceil((minutes * 60 * 40 * 1.5) / 1024);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

/** One launcher process (`acgan train`), in a process group of its own. */
class Launcher {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The soak ended it (SIGKILL as a fault, SIGINT to finish): its exit is expected. */
  endedBySoak = false;
  readonly startedAt = Date.now();

  constructor(args: string[], log: WriteStream, onLine?: (line: string) => void) {
    // Its own process group: a Ctrl-C on the soak's terminal reaches the soak only, which cleans up.
    this.child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const lines = new LineSplitter();
    const take = (d: Buffer) => {
      log.write(d);
      if (onLine) for (const l of lines.feed(d.toString('utf8'))) onLine(l);
    };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((r) =>
      this.child.on('exit', (code, sig) => {
        this.exit = { code, signal: sig };
        r(this.exit);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The launcher and every process of its group (its workers), now. */
  killGroup(): void {
    if (!signal(-this.pid, 'SIGKILL')) signal(this.pid, 'SIGKILL');
  }
}

interface Timeline {
  kind: FaultKind;
  start: number;
  end: number | undefined;
}

export class Soak {
  private readonly base: string;
  /** Whether the soak made `base` (then it removes it; else only what it put there). */
  private readonly createdBase: boolean;
  private readonly runDir: string;
  private readonly refDir: string;
  private readonly log: WriteStream;
  private readonly launchers: Launcher[] = [];
  private reference: Launcher | undefined;
  private mounted = false;
  private cleaned = false;
  private interrupted = false;
  private endpoint = '';
  private readonly kinds: FaultKind[];
  private readonly skipped: { kind: FaultKind; reason: string }[] = [];
  private readonly unexpected: string[] = [];
  private readonly unexplained: string[] = [];
  private unexplainedCount = 0;
  private readonly stopped = new Set<number>();
  // What the launcher's stderr said.
  private lastStep = -1;
  private lastProgressAt = 0;
  private longestStall = { seconds: 0, afterStep: 0, during: null as FaultKind | null };
  private readonly lost: { pid: number; rank: number; why: string; at: number }[] = [];
  private rejoins = 0;
  private restarts = 0;
  private resumes = 0;
  private readonly resumedFrom: number[] = [];
  private checkpointFailures = 0;
  private lastFailedCheckpoint = -1;
  private readonly checkpointsWritten: number[] = [];
  private stepsRedone = 0;
  private hostileMessages = 0;
  // The faults.
  private readonly counts = emptyFaultCounts();
  private readonly faultLog: FaultRecord[] = [];
  private readonly timeline: Timeline[] = [];
  private chaosStart = 0;
  private readonly sampler: RssSampler;

  constructor(private readonly opts: SoakOptions) {
    this.base = opts.dir ? resolve(opts.dir) : mkdtempSync(join(tmpdir(), 'acgan-soak-'));
    this.createdBase = !opts.dir || !existsSync(this.base);
    mkdirSync(this.base, { recursive: true });
    this.runDir = join(this.base, 'run');
    this.refDir = join(this.base, 'reference');
    for (const name of ['run', 'run-files', 'reference', 'launcher.log']) {
      if (existsSync(join(this.base, name))) throw new Error(`${join(this.base, name)} exists: give --dir a folder without the files of an earlier soak`);
    }
    mkdirSync(this.runDir);
    this.log = createWriteStream(join(this.base, 'launcher.log'));
    this.kinds = [...opts.kinds];
    this.sampler = new RssSampler(() => {
      const l = this.current;
      if (!l || l.exit) return [];
      return [{ role: 'launcher', pid: l.pid }, ...workersOfLauncher(l.pid).map((w) => ({ role: `worker ${w.index}`, pid: w.pid }))];
    });
  }

  private get current(): Launcher | undefined {
    return this.launchers[this.launchers.length - 1];
  }

  private seconds(at = Date.now()): number {
    return Math.round((at - this.chaosStart) / 100) / 10;
  }

  private fail(what: string): void {
    this.unexpected.push(what);
    this.opts.say(`UNEXPECTED: ${what}`);
  }

  /** The run ended without the soak ending it (a crash, a failed recovery). */
  private runDied(): boolean {
    const l = this.current;
    return l !== undefined && l.exit !== undefined && !l.endedBySoak;
  }

  private onLine(line: string): void {
    for (const ev of parseRunLine(line)) this.onEvent(ev, line);
  }

  private onEvent(ev: RunEvent, line: string): void {
    const now = Date.now();
    switch (ev.type) {
      case 'step':
        if (this.lastProgressAt > 0) {
          const gap = (now - this.lastProgressAt) / 1000;
          if (gap > this.longestStall.seconds)
            this.longestStall = { seconds: Math.round(gap * 10) / 10, afterStep: this.lastStep, during: this.faultDuring(this.lastProgressAt, now) };
        }
        this.lastProgressAt = now;
        this.lastStep = ev.step;
        return;
      case 'lost':
        this.lost.push({ pid: ev.pid, rank: ev.rank, why: ev.why, at: now });
        return;
      case 'rejoined':
        this.rejoins++;
        return;
      case 'restarting':
        this.restarts++;
        return;
      case 'checkpoint-written':
        this.checkpointsWritten.push(ev.step);
        return;
      case 'checkpoint-failed':
        this.checkpointFailures++;
        this.lastFailedCheckpoint = ev.step;
        return;
      case 'resumed':
        this.resumedFrom.push(ev.fromStep);
        return;
      case 'error-line':
        if (explainError(line)) return;
        this.unexplainedCount++;
        if (this.unexplained.length < 20) this.unexplained.push(line.slice(0, 400));
        return;
      default:
        return;
    }
  }

  private faultDuring(from: number, to: number): FaultKind | null {
    for (let i = this.timeline.length - 1; i >= 0; i--) {
      const f = this.timeline[i];
      if (f.start <= to && (f.end ?? Infinity) >= from) return f.kind;
    }
    return null;
  }

  /** Polls `test` until it holds; false on timeout, interruption or a dead run. */
  private async waitFor(test: () => boolean, ms: number): Promise<boolean> {
    const t0 = Date.now();
    while (!test()) {
      if (this.interrupted || this.runDied() || Date.now() - t0 > ms) return false;
      await sleep(100);
    }
    return true;
  }

  /** Waits for `test` or records why not (a dead run is recorded once, by the main loop). */
  private async expectWithin(what: string, test: () => boolean, ms: number): Promise<boolean> {
    if (await this.waitFor(test, ms)) return true;
    if (!this.interrupted && !this.runDied()) this.fail(`${what}: not within ${ms / 1000} s`);
    return false;
  }

  private startLauncher(args: string[]): Launcher {
    const l = new Launcher(args, this.log, (line) => this.onLine(line));
    this.launchers.push(l);
    return l;
  }

  async run(): Promise<SoakReport> {
    const { say } = this.opts;
    if (this.kinds.includes('disk-full')) {
      const why = mountTmpfs(this.runDir, this.opts.diskMb ?? defaultDiskMb(this.opts.minutes));
      if (why) {
        this.skipped.push({ kind: 'disk-full', reason: why });
        this.kinds.splice(this.kinds.indexOf('disk-full'), 1);
        say(`disk-full skipped: ${why}`);
      } else {
        this.mounted = true;
      }
    }
    const job = soakJob(this.opts.workers, this.opts.seed, this.opts.checkpointInterval);
    this.endpoint = `tcp://127.0.0.1:${await freePort()}`;
    // Far more steps than fit: the soak stops the run with SIGINT when the time is up.
    const openEnded = Math.ceil(this.opts.minutes * 60 * 1000);
    const chaosArgs = ['train', ...job, '--steps', String(openEnded), '--run-dir', this.runDir, '--bind', this.endpoint, '--log-level', 'debug', '--max-restarts', '1000000'];
    say(`files in ${this.base}; launcher output in ${join(this.base, 'launcher.log')}`);
    say(`chaos run: npx acgan ${chaosArgs.join(' ')}`);
    say(`faults: ${this.kinds.join(', ') || 'none'}; seed ${this.opts.seed}`);
    this.chaosStart = Date.now();
    this.startLauncher(chaosArgs);
    const deadline = this.chaosStart + this.opts.minutes * 60_000;
    // Until every kind has had its turn, the chaos goes on past the deadline, up to this.
    const cap = deadline + Math.max(60_000, (this.opts.minutes * 60_000) / 2);
    const nemesis = new Nemesis({
      seed: this.opts.seed,
      kinds: this.kinds.length ? this.kinds : [...FAULT_KINDS],
      workers: this.opts.workers,
      pauseMs: pauseRangeFor(this.opts.minutes),
    });

    let finished = false;
    if (await this.expectWithin('the chaos run to train its first 10 steps', () => this.lastStep >= 10, 180_000)) {
      // Memory from here on: "start" is a process in training, not one loading its modules.
      this.sampler.start();
      while (!this.interrupted && !this.runDied() && this.kinds.length > 0) {
        if (this.current?.exit?.code === 0) {
          finished = true; // all its steps done (a machine far faster than expected)
          break;
        }
        const now = Date.now();
        const allKinds = this.kinds.every((k) => this.counts[k] > 0);
        if (now >= deadline && (allKinds || now >= cap)) break;
        const plan = nemesis.next();
        if (!(await this.pause(plan.pauseMs))) break;
        if (Date.now() >= deadline && allKinds) break;
        await this.inject(plan);
        const after = this.lastStep;
        await this.expectWithin(`5 more steps after ${plan.kind} #${plan.n}`, () => this.lastStep >= after + 5, 120_000);
      }
      if (this.kinds.length === 0 && !this.interrupted) await this.waitFor(() => Date.now() >= deadline, Infinity);
    }
    if (this.runDied()) {
      const l = this.current!;
      this.fail(`the chaos run ended on its own (exit ${l.exit!.code ?? l.exit!.signal}) at step ${this.lastStep}; see ${join(this.base, 'launcher.log')}`);
    }
    const chaosSeconds = this.seconds();
    const final = await this.stopChaosRun(finished);
    this.sampler.stop();
    const rss = summarizeRss(this.sampler.samples);

    let referenceSeconds = 0;
    let comparison = { tensors: 0, differing: [] as string[] };
    let verdict: SoakReport['verdict'] = 'incomplete';
    const runFolder = this.checkRunFolder(final?.step ?? -1);
    if (final && !this.interrupted) {
      say(`chaos run stopped at step ${final.step} after ${chaosSeconds} s; training the same ${final.step} steps without faults`);
      const refArgs = ['train', ...job, '--steps', String(final.step), '--run-dir', this.refDir];
      const t0 = Date.now();
      this.reference = new Launcher(refArgs, this.log);
      const exit = await this.reference.exited;
      referenceSeconds = Math.round((Date.now() - t0) / 100) / 10;
      if (exit.code !== 0) {
        this.fail(`the reference run (npx acgan ${refArgs.join(' ')}) exited ${exit.code ?? exit.signal}`);
      } else {
        const ref = listCheckpoints(join(this.refDir, 'checkpoints'))[0];
        comparison = compareCheckpoints(final, readCheckpoint(ref.path));
        verdict = comparison.differing.length === 0 && comparison.tensors > 0 ? 'identical' : 'different';
      }
    }

    if (this.unexplainedCount > 0) this.fail(`${this.unexplainedCount} error line(s) that no injected fault explains, the first: ${this.unexplained[0]}`);
    const exitCode = verdict === 'identical' && this.unexpected.length === 0 ? 0 : 1;
    const keep = this.opts.keep || exitCode !== 0;
    this.cleanup(keep);
    return {
      seed: this.opts.seed,
      minutes: this.opts.minutes,
      workers: this.opts.workers,
      job,
      verdict,
      exitCode,
      steps: final?.step ?? 0,
      chaosSeconds,
      referenceSeconds,
      faults: { ...this.counts },
      faultsTotal: this.faultLog.length,
      skipped: this.skipped,
      notInjected: this.kinds.filter((k) => this.counts[k] === 0),
      recoveries: { workerRestarts: this.restarts, rejoins: this.rejoins, coordinatorResumes: this.resumes },
      stepsRedone: this.stepsRedone,
      phasesRedone: this.rejoins,
      longestStall: this.longestStall,
      longestRecoverySeconds: Math.max(0, ...this.faultLog.map((f) => f.recoverySeconds ?? 0)),
      checkpointWriteFailures: this.checkpointFailures,
      hostileMessages: this.hostileMessages,
      comparison,
      runFolder,
      rss,
      unexplainedErrors: { count: this.unexplainedCount, first: this.unexplained },
      unexpected: this.unexpected,
      keptAt: keep ? this.base : null,
      faultLog: this.faultLog,
    };
  }

  /** Sleeps `ms` unless the run ends or the soak is interrupted meanwhile. */
  private async pause(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    await this.waitFor(() => Date.now() >= until || this.current?.exit !== undefined, ms + 1000);
    return !this.interrupted && !this.runDied() && this.current?.exit === undefined;
  }

  private async pickWorker(victim: number): Promise<{ pid: number; index: number } | undefined> {
    let found: { pid: number; index: number } | undefined;
    await this.waitFor(() => {
      const ws = workersOfLauncher(this.current!.pid).sort((a, b) => a.index - b.index);
      found = ws.find((w) => w.index === victim) ?? ws[victim % Math.max(1, ws.length)];
      return found !== undefined;
    }, 30_000);
    return found;
  }

  private async inject(plan: FaultPlan): Promise<void> {
    const step = this.lastStep;
    const at = Date.now();
    const entry: Timeline = { kind: plan.kind, start: at, end: undefined };
    this.timeline.push(entry);
    const record: FaultRecord = { n: plan.n, kind: plan.kind, atSeconds: this.seconds(at), step, detail: '', recoverySeconds: null };
    const recovered = (ok: boolean) => {
      if (!ok) return;
      entry.end = Date.now();
      record.recoverySeconds = Math.round((entry.end - at) / 100) / 10;
    };
    this.counts[plan.kind]++;
    this.faultLog.push(record);
    this.opts.say(`fault ${plan.n} at ${record.atSeconds} s, step ${step}: ${plan.kind}`);
    switch (plan.kind) {
      case 'kill-worker': {
        const w = await this.pickWorker(plan.victim);
        if (!w) return this.fail(`${plan.kind} #${plan.n}: no worker process to hit`);
        const rejoins = this.rejoins;
        signal(w.pid, 'SIGKILL');
        record.detail = `worker ${w.index} (pid ${w.pid}) SIGKILLed`;
        recovered(
          await this.expectWithin(`worker ${w.index} restarted and rejoined after SIGKILL (fault #${plan.n})`, () => this.rejoins > rejoins && this.lastStep > step, 120_000),
        );
        return;
      }
      case 'pause-worker': {
        const w = await this.pickWorker(plan.victim);
        if (!w) return this.fail(`${plan.kind} #${plan.n}: no worker process to hit`);
        const lostBefore = this.lost.length;
        const rejoins = this.rejoins;
        this.stopped.add(w.pid);
        signal(w.pid, 'SIGSTOP');
        await sleep(plan.holdMs);
        signal(w.pid, 'SIGCONT');
        this.stopped.delete(w.pid);
        const lost = this.lost.slice(lostBefore).find((l) => l.pid === w.pid);
        record.detail = `worker ${w.index} (pid ${w.pid}) stopped for ${plan.holdMs} ms${lost ? `; declared lost anyway (${lost.why})` : ''}`;
        recovered(
          await this.expectWithin(`progress after worker ${w.index} was continued (fault #${plan.n})`, () => this.lastStep > step && (!lost || this.rejoins > rejoins), 120_000),
        );
        return;
      }
      case 'hang-worker': {
        const w = await this.pickWorker(plan.victim);
        if (!w) return this.fail(`${plan.kind} #${plan.n}: no worker process to hit`);
        const lostBefore = this.lost.length;
        const rejoins = this.rejoins;
        this.stopped.add(w.pid);
        signal(w.pid, 'SIGSTOP');
        const declared = await this.expectWithin(
          `the hung worker ${w.index} (pid ${w.pid}) declared lost (fault #${plan.n})`,
          () => this.lost.slice(lostBefore).some((l) => l.pid === w.pid),
          30_000,
        );
        const lost = this.lost.slice(lostBefore).find((l) => l.pid === w.pid);
        record.detail = `worker ${w.index} (pid ${w.pid}) stopped${lost ? `; declared lost after ${((lost.at - at) / 1000).toFixed(1)} s (${lost.why})` : ''}`;
        if (declared)
          recovered(await this.expectWithin(`the hung worker ${w.index} replaced and rejoined (fault #${plan.n})`, () => this.rejoins > rejoins && this.lastStep > step, 120_000));
        if (alive(w.pid)) {
          // The launcher kills a lost worker; one still here would stay stopped forever.
          if (declared) this.fail(`worker pid ${w.pid} was declared lost but not killed by the launcher`);
          signal(w.pid, 'SIGCONT');
        }
        this.stopped.delete(w.pid);
        return;
      }
      case 'kill-coordinator': {
        const ckpts = join(this.runDir, 'checkpoints');
        if (!(await this.expectWithin(`a checkpoint to resume from (fault #${plan.n})`, () => listCheckpoints(ckpts).length > 0, 120_000))) return;
        const old = this.current!;
        const workers = workersOfLauncher(old.pid);
        const stepAtKill = this.lastStep;
        old.endedBySoak = true;
        signal(old.pid, 'SIGKILL');
        await old.exited;
        const t0 = Date.now();
        const gone = await this.waitFor(() => workers.every((w) => !alive(w.pid)), 15_000);
        const exitSeconds = ((Date.now() - t0) / 1000).toFixed(1);
        if (!gone) {
          this.fail(
            `workers ${workers
              .filter((w) => alive(w.pid))
              .map((w) => w.pid)
              .join(', ')} still running 15 s after their launcher was killed`,
          );
          for (const w of workers) signal(w.pid, 'SIGKILL');
        }
        const resumed = this.resumedFrom.length;
        this.startLauncher(['train', '--resume', this.runDir]);
        this.resumes++;
        const from = (await this.expectWithin(`the resumed coordinator to load its checkpoint (fault #${plan.n})`, () => this.resumedFrom.length > resumed, 120_000))
          ? this.resumedFrom[this.resumedFrom.length - 1]
          : undefined;
        if (from !== undefined) this.stepsRedone += Math.max(0, stepAtKill - from);
        record.detail = `launcher pid ${old.pid} SIGKILLed after step ${stepAtKill}; its ${workers.length} workers exited within ${exitSeconds} s; resumed from checkpoint step ${from ?? '?'}`;
        recovered(await this.expectWithin(`the resumed run past step ${stepAtKill} (fault #${plan.n})`, () => this.lastStep > stepAtKill, 180_000));
        return;
      }
      case 'hostile': {
        const lostBefore = this.lost.length;
        const res = await sendHostileBurst(this.endpoint, plan.attacks, SOAK_MODEL_FLAGS).catch((e: Error) => {
          this.fail(`hostile burst #${plan.n} could not be sent: ${e.message}`);
          return { messages: 0, replies: 0 };
        });
        this.hostileMessages += res.messages;
        record.detail = `${plan.attacks.join(', ')}: ${res.messages} messages, ${res.replies} replies`;
        await sleep(1000);
        const lost = this.lost.slice(lostBefore);
        if (lost.length > 0) this.fail(`hostile burst #${plan.n} (${plan.attacks.join(', ')}) cost rank(s) ${lost.map((l) => `${l.rank} (${l.why})`).join(', ')}`);
        recovered(await this.expectWithin(`progress after hostile burst #${plan.n}`, () => this.lastStep > step, 60_000));
        return;
      }
      case 'disk-full': {
        const failedBefore = this.checkpointFailures;
        const bytes = fillDisk(this.runDir);
        const failed = await this.expectWithin(`a checkpoint write to fail on the full disk (fault #${plan.n})`, () => this.checkpointFailures > failedBefore, 120_000);
        if (failed) await sleep(plan.holdMs);
        freeDisk(this.runDir);
        const fullFor = ((Date.now() - at) / 1000).toFixed(1);
        const failedStep = this.lastFailedCheckpoint;
        record.detail = `filled ${(bytes / 1024 / 1024).toFixed(1)} MB for ${fullFor} s; ${this.checkpointFailures - failedBefore} checkpoint write(s) failed`;
        recovered(
          await this.expectWithin(
            `a checkpoint written after the disk was freed (fault #${plan.n})`,
            () => this.checkpointsWritten.some((s) => s > failedStep) && this.lastStep > step,
            120_000,
          ),
        );
        return;
      }
    }
  }

  /** SIGINT: the launcher checkpoints at the next step boundary and exits 130. Returns that checkpoint. */
  private async stopChaosRun(finished: boolean): Promise<Checkpoint | undefined> {
    const l = this.current;
    if (!l) return undefined;
    const workers = l.exit ? [] : workersOfLauncher(l.pid);
    if (!l.exit) {
      l.endedBySoak = true;
      signal(l.pid, 'SIGINT');
      const timer = sleep(120_000).then(() => 'timeout' as const);
      if ((await Promise.race([l.exited, timer])) === 'timeout') {
        this.fail('the chaos run did not stop within 120 s of SIGINT');
        l.killGroup();
        await l.exited;
      } else if (l.exit!.code !== 130 && l.exit!.code !== 0) {
        this.fail(`the chaos run exited ${l.exit!.code ?? l.exit!.signal} on SIGINT (expected 130)`);
      }
    } else if (!finished || l.exit.code !== 0) {
      return this.newestCheckpoint();
    }
    if (!(await this.waitFor(() => workers.every((w) => !alive(w.pid)), 15_000))) {
      this.fail(
        `workers ${workers
          .filter((w) => alive(w.pid))
          .map((w) => w.pid)
          .join(', ')} outlived the stopped run by 15 s`,
      );
    }
    return this.newestCheckpoint();
  }

  private newestCheckpoint(): Checkpoint | undefined {
    const [newest] = listCheckpoints(join(this.runDir, 'checkpoints'));
    if (!newest) {
      this.fail('the chaos run left no checkpoint');
      return undefined;
    }
    try {
      return readCheckpoint(newest.path);
    } catch (err) {
      this.fail(`the chaos run's newest checkpoint does not verify: ${(err as Error).message}`);
      return undefined;
    }
  }

  /**
   * The run folder after the chaos: metrics.jsonl has only whole JSON lines and
   * every step up to the final one (records held back during a full disk went in
   * later), and the coordinator's log file was still written at the end.
   */
  private checkRunFolder(finalStep: number): SoakReport['runFolder'] {
    const out = { metricsRecords: 0, metricsBadLines: 0, stepsMissing: 0, logFileOk: false, strayFiles: [] as string[] };
    if (finalStep < 0) return out;
    // Temporary files of checkpoint writes that a kill or a full disk interrupted must not pile up.
    try {
      out.strayFiles = readdirSync(join(this.runDir, 'checkpoints')).filter((n) => n.endsWith('.tmp'));
    } catch {
      // No checkpoints folder: reported by the missing checkpoint already.
    }
    if (out.strayFiles.length > 0) this.fail(`stray temporary files in checkpoints/: ${out.strayFiles.join(', ')}`);
    const steps = new Set<number>();
    try {
      for (const line of readFileSync(join(this.runDir, 'metrics.jsonl'), 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const r = JSON.parse(line) as { step?: unknown; evaluation?: unknown };
          out.metricsRecords++;
          if (typeof r.step === 'number' && !r.evaluation) steps.add(r.step);
        } catch {
          out.metricsBadLines++;
        }
      }
    } catch (err) {
      this.fail(`metrics.jsonl unreadable: ${(err as Error).message}`);
    }
    for (let s = 0; s < finalStep; s++) if (!steps.has(s)) out.stepsMissing++;
    if (out.metricsBadLines > 0) this.fail(`metrics.jsonl has ${out.metricsBadLines} line(s) that are not JSON (torn writes)`);
    if (out.stepsMissing > 0) this.fail(`metrics.jsonl misses ${out.stepsMissing} of the ${finalStep} steps`);
    try {
      const log = readFileSync(join(this.runDir, 'logs', 'coordinator.jsonl'), 'utf8');
      out.logFileOk = log.includes(`checkpoint step ${finalStep} written`);
    } catch {
      out.logFileOk = false;
    }
    if (!out.logFileOk) this.fail(`logs/coordinator.jsonl does not have the final checkpoint's line (step ${finalStep}): the log file stopped being written`);
    return out;
  }

  /**
   * Ends every process the soak started (by process group), frees and unmounts the
   * disk, removes its files unless `keep` (then the tmpfs run folder is copied out
   * first). Safe to call twice, and from a signal handler.
   */
  cleanup(keep: boolean): void {
    if (this.cleaned) return;
    this.cleaned = true;
    this.sampler.stop();
    for (const pid of this.stopped) signal(pid, 'SIGCONT');
    for (const l of [...this.launchers, ...(this.reference ? [this.reference] : [])]) if (!l.exit) l.killGroup();
    if (this.mounted) {
      freeDisk(this.runDir);
      if (keep) {
        try {
          cpSync(this.runDir, join(this.base, 'run-files'), { recursive: true });
        } catch {
          // Best effort: the launcher log stays in any case.
        }
      }
      const why = unmount(this.runDir);
      if (why) this.opts.say(`cleanup: ${why}`);
      this.mounted = false;
    }
    this.log.end();
    if (keep) return;
    // Only what the soak made: a --dir given by the user may hold other things.
    for (const name of ['run', 'run-files', 'reference', 'launcher.log']) rmSync(join(this.base, name), { recursive: true, force: true });
    if (this.createdBase) rmSync(this.base, { recursive: true, force: true });
  }

  /** SIGINT/SIGTERM on the soak: stop everything now and clean up. */
  interrupt(): void {
    this.interrupted = true;
    this.cleanup(this.opts.keep);
  }
}

/** Compares every tensor but BatchNorm moving statistics (rank 0's own: a replaced rank 0 starts from another rank's), bit for bit. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): { tensors: number; differing: string[] } {
  const differing: string[] = [];
  if (a.step !== b.step) differing.push(`step ${a.step} vs ${b.step}`);
  const trained = (c: Checkpoint) => new Map(c.tensors.filter((t) => !t.name.includes('moving_')).map((t) => [t.name, t]));
  const ta = trained(a);
  const tb = trained(b);
  for (const name of new Set([...ta.keys(), ...tb.keys()])) {
    const x = ta.get(name);
    const y = tb.get(name);
    if (!x || !y || x.data.length !== y.data.length) {
      differing.push(name);
      continue;
    }
    const bx = new Uint32Array(x.data.buffer, x.data.byteOffset, x.data.length);
    const by = new Uint32Array(y.data.buffer, y.data.byteOffset, y.data.length);
    for (let i = 0; i < bx.length; i++) {
      if (bx[i] !== by[i]) {
        differing.push(name);
        break;
      }
    }
  }
  return { tensors: ta.size, differing };
}
