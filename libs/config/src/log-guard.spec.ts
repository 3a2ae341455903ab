import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { LogLimiter, peerText } from './log-guard.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ component: 'test', console: false });
  log.on('data', (info: { message: string }) => lines.push(info.message));
  return { log, lines };
}

describe('peerText', () => {
  it('keeps a forged line on one line: newlines, ANSI escapes, separators and bidi controls are escaped', () => {
    const forged = 'box\n12:00:00.000 error [coordinator] FORGED\r\x1b[31mred\x1b[0m\u2028\u202eevil\\n\x7f\x9b';
    const out = peerText(forged);
    expect(out).toBe('box\\n12:00:00.000 error [coordinator] FORGED\\r\\u001b[31mred\\u001b[0m\\u2028\\u202eevil\\\\n\\u007f\\u009b');
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    expect(peerText('plain-host.example')).toBe('plain-host.example');
  });

  it('cuts a long string, saying how long it was', () => {
    const out = peerText('x'.repeat(1_000_000));
    expect(out).toBe(`${'x'.repeat(200)}...(1000000 chars)`);
    expect(peerText('\n'.repeat(1000), 10)).toBe(`${'\\n'.repeat(10)}...(1000 chars)`);
    expect(peerText(undefined)).toBe('');
    expect(peerText(42)).toBe('42');
  });
});

describe('LogLimiter', () => {
  it('writes a bounded number of lines per cause and window, with the counts of the rest', () => {
    let now = 0;
    const { log, lines } = capture();
    const limiter = new LogLimiter(log, { perWindow: 5, windowMs: 10_000, now: () => now });
    // 10,000 events of one cause from 100 connections over 25 s, and 3 of another.
    for (let i = 0; i < 10_000; i++) {
      now = Math.floor((i * 25_000) / 10_000);
      limiter.warn('refused registration (MODEL_MISMATCH)', `refused ${i}`, `peer${i % 100}`);
    }
    for (let i = 0; i < 3; i++) limiter.warn('bad message (DECODE_FAILED)', `bad ${i}`, 'p');
    limiter.close();
    // Windows at 0, 10 and 20 s: 5 lines and one summary each; the other cause: 3 lines, nothing suppressed.
    expect(lines.filter((l) => l.startsWith('refused '))).toHaveLength(15);
    const summaries = lines.filter((l) => l.includes('more messages of cause "refused registration (MODEL_MISMATCH)"'));
    expect(summaries).toHaveLength(3);
    expect(summaries[0]).toMatch(/^3,995 more messages of cause "refused registration \(MODEL_MISMATCH\)" in the last 10 s from 100 connections, not logged one by one$/);
    const counted = summaries.map((l) => Number(/^([\d,]+) more/.exec(l)![1].replace(/,/g, '')));
    expect(counted.reduce((a, b) => a + b, 0) + 15).toBe(10_000);
    expect(lines.filter((l) => l.startsWith('bad '))).toHaveLength(3);
    expect(lines).toHaveLength(15 + 3 + 3);
  });

  it('writes the summary of a window once it ends, even when the flood stopped', () => {
    let now = 0;
    const { log, lines } = capture();
    const limiter = new LogLimiter(log, { perWindow: 1, windowMs: 1000, now: () => now });
    for (let i = 0; i < 50; i++) limiter.warn('flood', `line ${i}`);
    expect(lines).toEqual(['line 0']);
    now = 999;
    limiter.flush();
    expect(lines).toHaveLength(1);
    now = 1000;
    limiter.flush();
    expect(lines).toEqual(['line 0', '49 more messages of cause "flood" in the last 1 s, not logged one by one']);
    limiter.close();
  });
});
