/**
 * Checkpoints of a run: one file per checkpoint, written atomically (temp file,
 * fsync, rename, fsync of the folder) and carrying a SHA-256 of its tensor bytes,
 * so a truncated or corrupted file is detected and the previous one used.
 *
 * Layout of `ckpt-<step>.bin`:
 *   8 bytes  magic "ACGANCK1"
 *   4 bytes  header length H (uint32 LE)
 *   H bytes  header JSON: { format, step, epoch, config, extra, tensors: [{name, shape, offset, length}], dataBytes, sha256 }
 *   pad      zeros up to a multiple of 8
 *   data     float32 little-endian tensors at their offsets (in elements)
 *
 * Everything needed for an exact resume is in it: parameters, optimiser moments,
 * BatchNorm statistics (the tensors), the global step (from which the data
 * position and the noise follow, both being keyed by step), epoch and config.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { shapeSize, type NamedTensor } from '@acgan/tensor-types';
import { RunError } from './run-error.ts';

const MAGIC = Buffer.from('ACGANCK1', 'ascii');
const FORMAT = 1;

export interface Checkpoint {
  step: number;
  epoch: number;
  config: Record<string, unknown>;
  /** Free-form facts worth keeping (e.g. world size, wire dtype, time). */
  extra: Record<string, unknown>;
  tensors: NamedTensor[];
}

interface Header {
  format: number;
  step: number;
  epoch: number;
  config: Record<string, unknown>;
  extra: Record<string, unknown>;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  dataBytes: number;
  sha256: string;
}

export function checkpointFileName(step: number): string {
  return `ckpt-${String(step).padStart(8, '0')}.bin`;
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The one file-system call that moves bytes; tests replace it to simulate a full disk. */
export type WriteFn = (fd: number, bytes: Uint8Array, offset: number, length: number) => number;

/** Writes a checkpoint atomically; returns its path. On any error the temp file is removed. */
export function writeCheckpoint(dir: string, ckpt: Checkpoint, write: WriteFn = writeSync): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256');
  let offset = 0;
  const entries = ckpt.tensors.map((t) => {
    const expected = shapeSize(t.shape);
    if (expected !== t.data.length) {
      throw new RunError('BAD_TENSOR', `checkpoint tensor ${t.name}: shape [${t.shape}] needs ${expected} elements, has ${t.data.length}`, { name: t.name });
    }
    const e = { name: t.name, shape: t.shape, offset, length: t.data.length };
    offset += t.data.length;
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    return e;
  });
  const header: Header = {
    format: FORMAT,
    step: ckpt.step,
    epoch: ckpt.epoch,
    config: ckpt.config,
    extra: ckpt.extra,
    tensors: entries,
    dataBytes: offset * 4,
    sha256: hash.digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = 12 + headerBytes.length;
  const pad = (8 - (prefix % 8)) % 8;
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32LE(headerBytes.length);

  const final = join(dir, checkpointFileName(ckpt.step));
  const tmp = join(dir, `.${checkpointFileName(ckpt.step)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    const out = fd;
    const writeAll = (bytes: Uint8Array): void => {
      let done = 0;
      while (done < bytes.length) done += write(out, bytes, done, bytes.length - done);
    };
    writeAll(MAGIC);
    writeAll(lenBuf);
    writeAll(headerBytes);
    writeAll(Buffer.alloc(pad));
    for (const t of ckpt.tensors) writeAll(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, final);
    fsyncDir(dir);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw new RunError('WRITE_FAILED', `writing checkpoint ${final} failed: ${(err as Error).message}; the previous checkpoint is untouched`, { path: final });
  }
  return final;
}

/** Reads and verifies one checkpoint file; throws RunError naming the file and the problem. */
export function readCheckpoint(path: string): Checkpoint {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new RunError('BAD_CHECKPOINT', `checkpoint ${path}: cannot read (${(err as Error).message})`, { path });
  }
  const bad = (why: string): never => {
    throw new RunError('BAD_CHECKPOINT', `checkpoint ${path}: ${why}`, { path });
  };
  if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) bad(`not a checkpoint (magic ${JSON.stringify(buf.subarray(0, 8).toString('latin1'))}, expected "ACGANCK1")`);
  const headerLen = buf.readUInt32LE(8);
  if (12 + headerLen > buf.length) bad(`truncated header (${buf.length} bytes, header needs ${12 + headerLen})`);
  let header: Header;
  try {
    header = JSON.parse(buf.subarray(12, 12 + headerLen).toString('utf8')) as Header;
  } catch {
    return bad('header is not valid JSON');
  }
  if (header.format !== FORMAT) bad(`format ${header.format}, expected ${FORMAT}`);
  const prefix = 12 + headerLen;
  const dataStart = prefix + ((8 - (prefix % 8)) % 8);
  if (buf.length !== dataStart + header.dataBytes) bad(`size ${buf.length} bytes, expected ${dataStart + header.dataBytes} (truncated or extended)`);
  const dataBytes = buf.subarray(dataStart);
  const sha = createHash('sha256').update(dataBytes).digest('hex');
  if (sha !== header.sha256) bad(`checksum mismatch (sha256 ${sha.slice(0, 12)}..., header says ${header.sha256.slice(0, 12)}...)`);
  // Copy into an aligned buffer: a Buffer from readFileSync may sit at an offset no Float32Array can view.
  const all = new Float32Array(header.dataBytes / 4);
  new Uint8Array(all.buffer).set(dataBytes);
  const tensors = header.tensors.map((t) => ({ name: t.name, shape: t.shape, data: all.subarray(t.offset, t.offset + t.length) }));
  return { step: header.step, epoch: header.epoch, config: header.config, extra: header.extra ?? {}, tensors };
}

/** Checkpoint files of a folder, newest (highest step) first. */
export function listCheckpoints(dir: string): { step: number; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => /^ckpt-(\d+)\.bin$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ step: Number(m[1]), path: join(dir, m[0]) }))
    .sort((a, b) => b.step - a.step);
}

/**
 * The newest checkpoint that verifies. Each one that fails is reported through
 * `onSkip` and the previous one is tried. Returns undefined when none is valid.
 */
export function loadNewestCheckpoint(dir: string, onSkip?: (path: string, err: Error) => void): Checkpoint | undefined {
  for (const { path } of listCheckpoints(dir)) {
    try {
      return readCheckpoint(path);
    } catch (err) {
      onSkip?.(path, err as Error);
    }
  }
  return undefined;
}

/**
 * Deletes all but the newest `keep` checkpoints, and the temp files that writers which are no
 * longer running left behind (a coordinator killed in the middle of a write: its
 * `.ckpt-N.bin.<pid>.tmp` would otherwise stay for good). Returns the paths removed.
 */
export function pruneCheckpoints(dir: string, keep: number): string[] {
  const removed: string[] = [];
  for (const { path } of listCheckpoints(dir).slice(keep)) {
    rmSync(path, { force: true });
    removed.push(path);
  }
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // no folder, nothing to prune
  }
  for (const name of names) {
    const m = /^\.ckpt-\d+\.bin\.(\d+)\.tmp$/.exec(name);
    if (!m || isRunning(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

/** Whether a process with this id exists (signal 0 only checks). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Size in bytes of a checkpoint file, for logs. */
export function fileSize(path: string): number {
  return statSync(path).size;
}
