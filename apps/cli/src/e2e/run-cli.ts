/** Test helper: runs the real `acgan` program in a child process. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { requestWebgpuAdapter } from '@acgan/model';

export const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `acgan <args>`; with `netns`, inside that network namespace (`ip netns exec`, needs root).
 * `stderr()` is what the process has written to stderr so far (its log), to wait on.
 */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
  netns?: string,
  cwd?: string,
  /** A whole command line instead (args ignored), e.g. the CLI under unshare. */
  command?: string[],
): { child: ChildProcess; done: Promise<CliResult>; stderr: () => string } {
  const [cmd, argv] = command ? [command[0], command.slice(1)] : netns ? ['ip', ['netns', 'exec', netns, process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Flags of a tiny, fast training job (16x16 MNIST, width 4). */
export function tinyJob(runDir: string, extra: string[] = []): string[] {
  return [
    '--image-size',
    '16',
    '--width',
    '4',
    '--latent-dim',
    '8',
    '--batch-size',
    '8',
    '--backend',
    'wasm',
    '--run-dir',
    runDir,
    '--checksum-interval',
    '1',
    '--log-level',
    'info',
    '--timeout-ms',
    '60000',
    ...extra,
  ];
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Process ids of the worker processes a launcher started. Filtered by command
 * line: a launcher has other children too (tsx's esbuild service, say).
 */
export function workersOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-f', 'acgan.mjs worker'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Polls `test` every 50 ms until it holds; throws naming `what` after `ms`. */
export async function waitFor(what: string, test: () => boolean, ms = 60_000, everyMs = 50): Promise<void> {
  const t0 = Date.now();
  while (!test()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A fresh temporary folder for one test's run. */
export function tmp(name: string): string {
  return mkdtempSync(join(tmpdir(), `acgan-e2e-${name}-`));
}

/**
 * Trains the same job straight (2 workers, `steps` steps, no faults) and checks
 * that `runDir`'s final checkpoint equals it bit for bit, BatchNorm moving
 * statistics aside (rank 0's own; a replacement of rank 0 starts from another
 * rank's).
 */
export async function expectSameAsStraightRun(runDir: string, steps: number, job: string[]): Promise<void> {
  const straight = tmp('straight');
  const ok = await runCli(['train', '--workers', '2', '--steps', String(steps), ...job, ...tinyJob(straight)]);
  expect(ok.code, ok.stderr).toBe(0);
  const mine = readCheckpoint(listCheckpoints(join(runDir, 'checkpoints'))[0].path);
  const reference = readCheckpoint(listCheckpoints(join(straight, 'checkpoints'))[0].path);
  expect(mine.step).toBe(steps);
  const trained = (ck: typeof mine) => ck.tensors.filter((t) => !t.name.includes('moving_')).map((t) => Array.from(t.data));
  expect(trained(mine)).toEqual(trained(reference));
}

/** `acgan keys` for each name under `dir`/keys; returns name -> public key. */
export async function makeKeys(dir: string, names: string[]): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const name of names) {
    const r = await runCli(['keys', join(dir, 'keys', name)]);
    expect(r.code, r.stderr).toBe(0);
    keys[name] = JSON.parse(r.stdout.trim()).publicKey;
  }
  return keys;
}

/**
 * Why the webgpu e2e tests cannot run here ('' when they can): no WebGPU adapter at all (not
 * even lavapipe, the software one). With ACGAN_REQUIRE_WEBGPU=1 (set by .ci/run) that is a
 * failure of the test instead of a skip.
 */
export async function webgpuSkipReason(): Promise<string> {
  const problem = await requestWebgpuAdapter().then(
    () => '',
    (e: Error) => e.message,
  );
  if (!problem || process.env.ACGAN_REQUIRE_WEBGPU === '1') return '';
  console.warn(`webgpu e2e tests skipped: ${problem} (ACGAN_REQUIRE_WEBGPU=1 makes this a failure)`);
  return problem;
}

/** Whether a process exists (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The newest checkpoint of a run folder. */
export function finalTensors(runDir: string): ReturnType<typeof readCheckpoint> {
  const [newest] = listCheckpoints(join(runDir, 'checkpoints'));
  return readCheckpoint(newest.path);
}

/** Whether two checkpoints hold the same tensors, bit for bit, in the same order. */
export function sameTensors(a: ReturnType<typeof readCheckpoint>, b: ReturnType<typeof readCheckpoint>): boolean {
  const bytes = (t: { data: Float32Array }) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return a.tensors.length === b.tensors.length && a.tensors.every((t, i) => t.name === b.tensors[i].name && bytes(t).equals(bytes(b.tensors[i])));
}
