// The dashboard's reader of a run folder: whole lines past a byte cursor, records into
// columns (ranks that come and go, partial and evaluation records), log lines into events.
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventOf, readLinesFrom, readRun } from './run-reader.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'acgan-run-reader-'));

describe('readLinesFrom', () => {
  it('returns whole lines past the cursor only; a line still being written waits for the next read', () => {
    const file = join(dir(), 'm.jsonl');
    expect(readLinesFrom(file, 0)).toEqual({ lines: [], next: 0 });
    writeFileSync(file, 'a\nb\nc');
    const first = readLinesFrom(file, 0);
    expect(first).toEqual({ lines: ['a', 'b'], next: 4 });
    appendFileSync(file, 'c\nd\n');
    expect(readLinesFrom(file, first.next)).toEqual({ lines: ['cc', 'd'], next: 9 });
    expect(readLinesFrom(file, 9)).toEqual({ lines: [], next: 9 });
    writeFileSync(file, 'x\n'); // replaced by a shorter file: start over
    expect(readLinesFrom(file, 10)).toEqual({ lines: ['x'], next: 2 });
  });
});

describe('readRun', () => {
  it('turns records into columns, with ranks that come and go, and splits out evaluations and partial steps', () => {
    const run = dir();
    const rank = (r: number, ms: number) => ({ rank: r, computeMs: ms, exchangeMs: 1, idleMs: 2 });
    const lines = [
      { step: 0, lossD: 1, lossG: 2, ranks: [rank(0, 10)] },
      { step: 1, lossD: 1.5, ranks: [rank(0, 11), rank(1, 30)], partial: true },
      { step: 1, evaluation: { evalClassAccuracy: 0.5, evalFrechet: 3 } },
      { step: 2, lossD: 'x', ranks: [rank(1, 31)] },
    ];
    writeFileSync(join(run, 'metrics.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"step": 3, "torn');
    writeFileSync(join(run, 'config.json'), JSON.stringify({ steps: 10 }));
    mkdirSync(join(run, 'samples'));
    for (const [name, body] of [
      ['step-20.png', 'png'],
      ['step-3.png', 'png'],
      ['step-9.png', ''],
      ['other.png', 'png'],
    ])
      writeFileSync(join(run, 'samples', name), body);
    const snap = readRun(run);
    expect(snap.config).toEqual({ steps: 10 });
    expect(snap.steps.step).toEqual([0, 1, 2]);
    expect(snap.steps.values.lossD).toEqual([1, 1.5, null]);
    expect(snap.steps.values.lossG).toEqual([2, null, null]);
    expect(snap.steps.ranks[0].computeMs).toEqual([10, 11, null]);
    expect(snap.steps.ranks[1].computeMs).toEqual([null, 30, 31]);
    expect(snap.steps.partial).toEqual([1]);
    expect(snap.evaluations).toEqual([{ step: 1, values: { evalClassAccuracy: 0.5, evalDiversity: null, evalFrechet: 3, evalRealClassAccuracy: null, evalRealFrechet: null } }]);
    expect(snap.samples).toEqual([3, 20]); // the empty grid is left out
    // The next read sends only what is new, and no config again.
    appendFileSync(join(run, 'metrics.jsonl'), '"}\n');
    const next = readRun(run, snap.cursor);
    expect(next.config).toBeUndefined();
    expect(next.steps.step).toEqual([]); // the torn record, completed into bad JSON, is skipped
  });
});

describe('eventOf', () => {
  const ev = (message: string, level = 'info') => eventOf({ message, level, timestamp: '2026-11-30T10:00:00.000Z' })?.kind;
  it('sorts the coordinator log into the run events and leaves routine lines out', () => {
    expect(ev('checkpoint step 25 written to /r/checkpoints/ckpt-00000025.bin')).toBe('checkpoint');
    expect(ev('rank 1 (vm pid 7) lost: silent for 4500 ms', 'warn')).toBe('worker');
    expect(ev('rank 1 rejoined at step 9 phase G')).toBe('worker');
    expect(ev('non-finite gradient from rank(s) 1 at step 3 phase D bucket 0: every rank skips this update', 'warn')).toBe('skip');
    expect(ev('resuming /r from checkpoint step 25')).toBe('resume');
    expect(ev('all 2 ranks ready; training steps 0..9')).toBe('start');
    expect(ev('run ended: all steps done (steps done 10, exit 0)')).toBe('stop');
    expect(ev('disk is full', 'error')).toBe('error');
    expect(ev('something odd', 'warn')).toBe('warning');
    expect(ev('worker registered: vm pid 7 backend wasm (1/2)')).toBeUndefined();
  });
});
