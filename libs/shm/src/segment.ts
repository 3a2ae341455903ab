// Shared-memory segments: files in /dev/shm mapped by the coordinator and by the ranks
// on its host. The coordinator creates them (O_EXCL, mode 0600: only its own user can
// open them), names them `acgan-<its pid>-<32 random hex digits>` (unguessable: a
// name is handed to a rank only over the run's own channel), removes them when the
// run ends, and at its next start removes those of coordinators that died (SIGKILL)
// before they could.
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { native, nativeUnavailable } from './native.ts';

/** Where segments live: a tmpfs on Linux. */
export const SHM_DIR = '/dev/shm';
const NAME = /^acgan-(\d+)-[0-9a-f]{32}$/;

export interface Segment {
  readonly path: string;
  readonly bytes: number;
  /** The mapping, as floats (bytes is a multiple of 4). */
  readonly floats: Float32Array;
}

export class ShmUnavailable extends Error {
  override readonly name = 'ShmUnavailable';
}

function addon() {
  const m = native();
  if (!m) throw new ShmUnavailable(`shared memory is unavailable: ${nativeUnavailable()}`);
  return m;
}

function checkBytes(bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes <= 0 || bytes % 4 !== 0) throw new Error(`segment size ${bytes}: expected a positive multiple of 4 bytes`);
}

/** Creates and maps a new segment of `bytes` in `dir`. */
export function createSegment(bytes: number, dir = SHM_DIR): Segment {
  checkBytes(bytes);
  const path = join(dir, `acgan-${process.pid}-${randomBytes(16).toString('hex')}`);
  return { path, bytes, floats: new Float32Array(addon().map(path, bytes, true)) };
}

/** Maps an existing segment (a rank mapping the coordinator's). */
export function openSegment(path: string, bytes: number): Segment {
  checkBytes(bytes);
  if (!NAME.test(path.split('/').pop() ?? '')) throw new Error(`${JSON.stringify(path)} is not an acgan shared-memory segment name`);
  return { path, bytes, floats: new Float32Array(addon().map(path, bytes, false)) };
}

/** Removes a segment's file; the memory goes when the last process unmaps it. */
export function removeSegment(segment: Pick<Segment, 'path'>): void {
  rmSync(segment.path, { force: true });
}

/** Removes the segments left by coordinators that are no longer running; returns their paths. */
export function removeStaleSegments(dir = SHM_DIR): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || isRunning(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
