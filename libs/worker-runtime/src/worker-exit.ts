/** How a worker ends on purpose: the process exit code and the line that says why. */
export class WorkerExit extends Error {
  override readonly name = 'WorkerExit';
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
