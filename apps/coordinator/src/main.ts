/**
 * Entry point of the coordinator program: parses nothing itself, hands argv to
 * the coordinator command of @acgan/coordination and maps errors to exit codes.
 *
 *   node apps/coordinator/bin/main.mjs --bind tcp://0.0.0.0:5555 --workers 4
 */
import { runCoordinatorCommand } from '@acgan/coordination';
import { runEntryPoint } from '@acgan/config';

export function main(argv: string[]): Promise<number> {
  return runEntryPoint('acgan-coordinator', () => runCoordinatorCommand(argv));
}
