/**
 * Progress of a run: a one-line bar redrawn in place on a terminal (step,
 * images/s, losses, ETA), plain log lines every few seconds elsewhere (CI).
 */
import type { Logger } from '@acgan/config';

export class Progress {
  private readonly started = Date.now();
  private lastLog = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly opts: { totalSteps: number; startStep: number; logger: Logger; intervalMs?: number }) {}

  update(step: number, record: Record<string, unknown>): void {
    const done = step + 1;
    const total = this.opts.totalSteps;
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = (done - this.opts.startStep) / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : 0;
    const num = (k: string): string => (typeof record[k] === 'number' ? (record[k] as number).toFixed(3) : '-');
    const text = `step ${done}/${total} | ${Number(record.imagesPerS ?? 0).toFixed(1)} img/s | lossD ${num('lossD')} lossG ${num('lossG')} | ETA ${formatSeconds(eta)}`;
    if (this.tty) {
      const width = 20;
      const filled = Math.round((done / total) * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      if (done === total) process.stderr.write('\n');
      return;
    }
    const now = Date.now();
    if (now - this.lastLog >= (this.opts.intervalMs ?? 5000) || done === total) {
      this.lastLog = now;
      this.opts.logger.info(text);
    }
  }

  close(): void {
    if (this.tty) process.stderr.write('\n');
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}
