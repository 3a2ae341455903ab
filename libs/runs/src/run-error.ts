/** Typed errors of the run folder (checkpoints, metrics) with a stable `code`. */
export type RunErrorCode = 'BAD_CHECKPOINT' | 'WRITE_FAILED' | 'BAD_TENSOR' | 'NO_CHECKPOINT' | 'BAD_RUN_DIR';

export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    readonly code: RunErrorCode,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
