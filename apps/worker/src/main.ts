/**
 * Entry point of the worker program: hands argv to the worker command of
 * @acgan/worker-runtime and maps errors to exit codes.
 *
 *   node apps/worker/bin/main.mjs --connect tcp://10.0.0.1:5555 --backend tensorflow-gpu
 */
import { runWorkerCommand } from '@acgan/worker-runtime';
import { runEntryPoint } from '@acgan/config';

export function main(argv: string[]): Promise<number> {
  return runEntryPoint('acgan-worker', () => runWorkerCommand(argv));
}
