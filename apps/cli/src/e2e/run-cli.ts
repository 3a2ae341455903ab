/** Test helper: runs the real `acgan` program in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/acgan.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Flags of a tiny, fast training job (16x16 MNIST, width 4). */
export function tinyJob(runDir: string, extra: string[] = []): string[] {
  return [
    '--image-size', '16', '--width', '4', '--latent-dim', '8', '--batch-size', '8', '--backend', 'wasm',
    '--run-dir', runDir, '--checksum-interval', '1', '--log-level', 'info', '--timeout-ms', '60000', ...extra,
  ];
}
