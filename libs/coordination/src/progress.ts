/**
 * Progress of a run: a one-line bar redrawn in place on a terminal (steps done,
 * images/s, losses, ETA), plain log lines every few seconds elsewhere (CI).
 *
 * - The ETA is timed from the first completed step (not from the launch, which
 *   includes spawning, registering and compiling) with a smoothed step time: an
 *   exponential average of the time between completed steps, as tqdm does.
 * - On a terminal the bar is cut to the terminal's width (a wrapped bar leaves a
 *   line behind at every redraw), and every other write to the stream (log lines,
 *   the workers' lines forwarded by the launcher) first clears the bar and then
 *   draws it again below, so that logs scroll above the bar.
 */
import type { Logger } from '@acgan/config';

/** Weight of the newest step time in the smoothed one (tqdm's default smoothing is 0.3). */
const SMOOTHING = 0.3;

/** The part of a writable stream the bar uses (process.stderr; a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean;
}

export interface ProgressOptions {
  totalSteps: number;
  /** The step the run starts at (a resumed run's checkpoint). */
  startStep: number;
  logger: Logger;
  /** Between two plain lines when the stream is not a terminal (default 5 s). */
  intervalMs?: number;
  stream?: ProgressStream;
  now?: () => number;
}

export class Progress {
  private lastLog = 0;
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly now: () => number;
  /** When the previous step completed, and the smoothed seconds per step. */
  private lastStepAt: number | undefined;
  private secondsPerStep: number | undefined;
  /** The bar as last drawn ('' when none is on screen). */
  private bar = '';
  private restoreWrite: (() => void) | undefined;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.now = opts.now ?? Date.now;
    if (this.tty) this.hookWrites();
  }

  /** `step` (0-based, as in metrics.jsonl) has completed. */
  update(step: number, record: Record<string, unknown>): void {
    const done = step + 1;
    const total = this.opts.totalSteps;
    const now = this.now();
    if (this.lastStepAt !== undefined) {
      const dt = (now - this.lastStepAt) / 1000;
      this.secondsPerStep = this.secondsPerStep === undefined ? dt : SMOOTHING * dt + (1 - SMOOTHING) * this.secondsPerStep;
    }
    this.lastStepAt = now;
    const eta = this.secondsPerStep === undefined ? NaN : (total - done) * this.secondsPerStep;
    const num = (k: string): string => (typeof record[k] === 'number' ? (record[k] as number).toFixed(3) : '-');
    // `step` is 0-based, as in metrics.jsonl; the count next to it is of steps done. The ETA comes
    // before the rest, so that a bar cut to a narrow terminal keeps it.
    const text = `step ${step} (${done}/${total} done) | ETA ${formatSeconds(eta)} | ${Number(record.imagesPerS ?? 0).toFixed(1)} img/s | lossD ${num('lossD')} lossG ${num('lossG')}`;
    if (this.tty) {
      const width = 20;
      const filled = Math.round((done / total) * width);
      this.draw(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}`);
      if (done === total) this.close();
      return;
    }
    if (now - this.lastLog >= (this.opts.intervalMs ?? 5000) || done === total) {
      this.lastLog = now;
      this.opts.logger.info(text);
    }
  }

  /** Leaves the bar on its own line and gives the stream back. */
  close(): void {
    if (!this.tty || this.restoreWrite === undefined) return;
    this.restoreWrite();
    this.restoreWrite = undefined;
    if (this.bar !== '') this.stream.write('\n');
    this.bar = '';
  }

  /** Draws `line` in place of the bar, cut to the terminal's width (a wrapped line would stay behind). */
  private draw(line: string): void {
    const columns = this.stream.columns ?? 80;
    const fitted = line.length >= columns ? line.slice(0, Math.max(0, columns - 2)) + '…' : line;
    this.bar = fitted;
    this.raw(`\r${fitted}\x1b[K`);
  }

  private raw: (s: string) => void = (s) => void this.stream.write(s);

  /** Every other write clears the bar first and draws it again after. */
  private hookWrites(): void {
    const stream = this.stream;
    const original = stream.write;
    const write = original.bind(stream);
    this.raw = (s) => void write(s);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (this.bar === '') return write(chunk, ...rest);
      write('\r\x1b[K');
      const ok = write(chunk, ...rest);
      write(this.bar);
      return ok;
    }) as ProgressStream['write'];
    this.restoreWrite = () => {
      stream.write = original;
    };
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
