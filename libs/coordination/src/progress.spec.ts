// The progress display: the ETA from the first step, smoothed; on a terminal a bar cut
// to the width, with other writes scrolling above it; plain lines elsewhere.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@acgan/config';
import { forwardLines } from './commands/train.ts';
import { formatSeconds, Progress, type ProgressStream } from './progress.ts';

function terminal(columns: number): ProgressStream & { out: string } {
  const t = {
    isTTY: true,
    columns,
    out: '',
    write(chunk: string | Uint8Array): boolean {
      t.out += String(chunk);
      return true;
    },
  };
  return t;
}

function plainLines() {
  const lines: string[] = [];
  const logger = createLogger({ component: 'test', console: false });
  logger.on('data', (info: { message: string }) => lines.push(info.message));
  return { logger, lines };
}

describe('Progress', () => {
  it('times the ETA from the first completed step, not from the launch, and smooths it', () => {
    let now = 0;
    const { logger, lines } = plainLines();
    const p = new Progress({ totalSteps: 101, startStep: 0, logger, intervalMs: 0, stream: { isTTY: false, write: () => true }, now: () => now });
    now = 60_000; // a minute of spawning, registering and compiling before the first step
    p.update(0, { imagesPerS: 10, lossD: 1, lossG: 2 });
    expect(lines.at(-1)).toBe('step 0 (1/101 done) | ETA ? | 10.0 img/s | lossD 1.000 lossG 2.000');
    now += 1000;
    p.update(1, {});
    expect(lines.at(-1)).toMatch(/^step 1 \(2\/101 done\) \| ETA 1m39s \|/); // 99 steps of 1 s: the minute before the first step does not count
    now += 3000; // one slow step moves the estimate by 0.3 of the difference
    p.update(2, {});
    expect(lines.at(-1)).toMatch(/\| ETA 2m37s \|/); // 98 x (0.3 x 3 + 0.7 x 1) = 156.8 s
  });

  it('on a terminal: the bar fits the width, other writes clear it and it is drawn again below them', () => {
    const t = terminal(40);
    const { logger } = plainLines();
    let now = 0;
    const p = new Progress({ totalSteps: 3, startStep: 0, logger, stream: t, now: () => now });
    p.update(0, { lossD: 1.5, lossG: 0.5 });
    const bar = t.out.split('\r').at(-1)!.replace('\x1b[K', '');
    expect(bar.length).toBe(39);
    expect(bar.endsWith('…')).toBe(true);
    t.out = '';
    t.write('a log line\n');
    expect(t.out).toBe(`\r\x1b[Ka log line\n${bar}`);
    now += 500;
    p.update(1, {});
    p.update(2, {});
    t.out = '';
    t.write('after the end\n'); // the last step closed the bar: writes are the stream's own again
    expect(t.out).toBe('after the end\n');
  });

  it('formats seconds', () => {
    expect([formatSeconds(5), formatSeconds(65), formatSeconds(NaN)]).toEqual(['5s', '1m05s', '?']);
  });
});

describe('forwardLines', () => {
  it('passes whole lines only, and a last partial line at the end', async () => {
    const from = new PassThrough();
    const writes: string[] = [];
    forwardLines(from, { write: (s) => writes.push(s) > 0 });
    from.write('one\ntw');
    from.write('o\nthr');
    from.end('ee');
    await new Promise((r) => from.on('end', r));
    expect(writes).toEqual(['one\n', 'two\n', 'three\n']);
  });
});
