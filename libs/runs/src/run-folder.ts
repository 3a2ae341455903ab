/**
 * The folder every run writes: config.json (the resolved config), metrics.jsonl
 * (one JSON object per step), logs/ (JSON lines), samples/step-N.png,
 * checkpoints/ and export/ (the generator and discriminator in the TensorFlow.js
 * layers format).
 */
import { accessSync, closeSync, constants, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RunError } from './run-error.ts';
import type { WriteFn } from './checkpoint-store.ts';

export interface RunPaths {
  root: string;
  config: string;
  metrics: string;
  logs: string;
  samples: string;
  checkpoints: string;
  export: string;
}

export function runPaths(root: string): RunPaths {
  const abs = resolve(root);
  return {
    root: abs,
    config: join(abs, 'config.json'),
    metrics: join(abs, 'metrics.jsonl'),
    logs: join(abs, 'logs'),
    samples: join(abs, 'samples'),
    checkpoints: join(abs, 'checkpoints'),
    export: join(abs, 'export'),
  };
}

/** A fresh default run folder name: runs/<UTC date-time>. */
export function defaultRunDir(now = new Date()): string {
  return join('runs', now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19));
}

/** Folders no run can live in: kernel pseudo-filesystems (writes there fail or, under /proc, can hang). */
const PSEUDO_FS = ['/proc', '/sys', '/dev'];

/**
 * Checks, before anything is started or written, that `root` can hold a run: not a file,
 * not under /proc, /sys or /dev, creatable and writable, and (unless `resuming`) not
 * already holding a run, which a new run would silently mix with its own (config.json
 * rewritten, metrics.jsonl continued from step 0, checkpoints side by side).
 * Throws RunError BAD_RUN_DIR naming what is wrong with the path and the fix.
 */
export function checkRunDir(root: string, opts: { resuming: boolean; flag?: string }): void {
  const flag = opts.flag ?? '--run-dir';
  const abs = resolve(root);
  const bad = (why: string): never => {
    throw new RunError('BAD_RUN_DIR', `${flag} ${root}: ${why}`, { path: abs });
  };
  const pseudo = PSEUDO_FS.find((p) => abs === p || abs.startsWith(p + '/'));
  if (pseudo) bad(`${abs} is under ${pseudo}, a kernel pseudo-filesystem: pick a folder on a disk`);
  // The path itself, or the nearest folder above it that exists (mkdir -p creates the rest).
  let existing = abs;
  let st = statOrUndefined(existing);
  while (!st && dirname(existing) !== existing) {
    existing = dirname(existing);
    st = statOrUndefined(existing);
  }
  if (!st) bad('no part of the path exists');
  if (!st!.isDirectory()) bad(existing === abs ? 'is a file, not a folder' : `${existing} is a file, so no folder can be made under it`);
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    bad(`${existing === abs ? 'the folder' : `cannot create it: ${existing}`} is not writable (${code === 'EROFS' ? 'a read-only file system' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code})`);
  }
  if (existing !== abs || opts.resuming) return;
  const held = runContents(abs);
  if (held.length > 0) bad(`already holds a run (${held.join(', ')}): continue it with --resume ${root}, or pick another ${flag} (or remove this one first)`);
}

/** What of a run a folder holds, for the message. */
function runContents(dir: string): string[] {
  const p = runPaths(dir);
  const out: string[] = [];
  if (statOrUndefined(p.config)) out.push('config.json');
  const metrics = statOrUndefined(p.metrics);
  if (metrics && metrics.size > 0) out.push('metrics.jsonl');
  let ckpts = 0;
  try {
    ckpts = readdirSync(p.checkpoints).filter((n) => n.endsWith('.bin')).length;
  } catch {
    // no checkpoints folder
  }
  if (ckpts > 0) out.push(`${ckpts} checkpoint(s)`);
  return out;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function createRunFolder(root: string): RunPaths {
  const p = runPaths(root);
  for (const d of [p.root, p.logs, p.samples, p.checkpoints, p.export]) mkdirSync(d, { recursive: true });
  return p;
}

/** Writes a JSON file atomically (temp + rename). */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

export interface MetricsWriterOptions {
  /** Records held while the file cannot be written (a full disk); beyond it the oldest are dropped, counted. */
  maxPending?: number;
  /** The first failure of an outage: records are held back from now on. */
  onWriteFailed?: (err: Error, pending: number) => void;
  /** The first write after an outage: the held-back records went in, `dropped` did not fit the backlog. */
  onRecovered?: (written: number, dropped: number) => void;
  /** Replaces the write call (tests simulate a full disk with it). */
  write?: WriteFn;
}

/**
 * Appends JSON lines (metrics.jsonl, checksums.jsonl). A record that cannot be
 * written (a full disk) never breaks the run and never leaves a torn line: a
 * failed append is cut back to the last whole line, the record is held back
 * (up to `maxPending`, then the oldest are dropped and counted) and written, in
 * order, with the next append that succeeds. `append` never throws.
 */
export class MetricsWriter {
  private pending: string[] = [];
  private dropped = 0;
  private failing = false;

  constructor(
    readonly path: string,
    private readonly opts: MetricsWriterOptions = {},
  ) {}

  /** Records not yet in the file (held back by a failed write). */
  get backlog(): number {
    return this.pending.length;
  }

  append(record: Record<string, unknown>): void {
    this.pending.push(JSON.stringify(record) + '\n');
    if (this.pending.length > (this.opts.maxPending ?? 10_000)) {
      this.pending.shift();
      this.dropped++;
    }
    this.flush();
  }

  /** Writes the held-back records; false when the file still cannot be written. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    try {
      appendWholeLines(this.path, this.pending.join(''), this.opts.write ?? writeSync);
    } catch (err) {
      if (!this.failing) this.opts.onWriteFailed?.(err as Error, this.pending.length);
      this.failing = true;
      return false;
    }
    if (this.failing) this.opts.onRecovered?.(this.pending.length, this.dropped);
    this.failing = false;
    this.pending = [];
    this.dropped = 0;
    return true;
  }
}

/** Files whose last append could not be cut back to a whole line. */
const endsTorn = new Set<string>();

/** Appends `text` to `path` entirely or not at all: a failed write is truncated back to where it started. */
export function appendWholeLines(path: string, text: string, write: WriteFn = writeSync): void {
  const bytes = Buffer.from(endsTorn.has(path) ? '\n' + text : text, 'utf8');
  const fd = openSync(path, 'a');
  try {
    const start = fstatSync(fd).size;
    try {
      let done = 0;
      while (done < bytes.length) done += write(fd, bytes, done, bytes.length - done);
      endsTorn.delete(path);
    } catch (err) {
      try {
        ftruncateSync(fd, start);
      } catch {
        // Not even that: the file now ends in a partial line, which is never extended into a
        // record of its own (the next append starts with a line break) and fails to parse alone.
        endsTorn.add(path);
      }
      throw err;
    }
  } finally {
    closeSync(fd);
  }
}
