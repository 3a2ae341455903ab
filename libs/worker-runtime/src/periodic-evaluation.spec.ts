import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@acgan/config';
import { PeriodicEvaluation, valuesOf } from './periodic-evaluation.ts';

describe('valuesOf', () => {
  it('flattens an evaluate report into metric values', () => {
    const v = valuesOf({ generated: { classAccuracy: 0.9, diversity: 0.8, frechetDistance: 12 }, baselines: { classAccuracy: 0.95, frechetDistance: 2 } });
    expect(v).toEqual({ evalClassAccuracy: 0.9, evalDiversity: 0.8, evalFrechet: 12, evalRealClassAccuracy: 0.95, evalRealFrechet: 2 });
  });
  it('names a missing or non-finite number', () => {
    expect(() => valuesOf({ generated: { classAccuracy: 0.9, diversity: NaN, frechetDistance: 1 }, baselines: { classAccuracy: 1, frechetDistance: 1 } })).toThrow(
      /evalDiversity is null/,
    );
    expect(() => valuesOf({})).toThrow(/evalClassAccuracy is undefined/);
  });
});

describe('PeriodicEvaluation', () => {
  it('skips an evaluation whose snapshot cannot be written (a full disk), with a warning, and starts no process', async () => {
    const warnings: string[] = [];
    const log = createLogger({ component: 'worker', console: false });
    log.on('data', (info: { level: string; message: string }) => info.level === 'warn' && warnings.push(info.message));
    const results: number[] = [];
    const sent: string[] = [];
    const evaluation = new PeriodicEvaluation({
      command: [join(tmpdir(), 'no-such-program')],
      scratch: mkdtempSync(join(tmpdir(), 'eval-')),
      cacheDir: join(tmpdir(), 'eval-cache-unused'),
      configJson: '{}',
      datasetFactsJson: '{}',
      sendFile: async (path) => void sent.push(path),
      perClass: 1,
      seed: 1,
      backend: 'cpu',
      log,
      onResult: (step) => results.push(step),
    });
    const generator = { save: async () => Promise.reject(new Error('ENOSPC: no space left on device, write')) };
    await expect(evaluation.start(40, generator as never)).resolves.toBeUndefined();
    await evaluation.finish(1000);
    await new Promise((r) => setImmediate(r));
    expect(warnings).toEqual([expect.stringMatching(/^evaluation of step 40 skipped: its snapshot could not be written to .*step-40 \(ENOSPC/)]);
    expect(results).toEqual([]);
    expect(sent).toEqual([]);
  });
});
