// What `acgan evaluate --model` takes: a run (its export), or an export folder inside a run.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@acgan/config';
import { evaluationSource } from './evaluate.ts';

const log = createLogger({ component: 'test', console: false });

describe('evaluate --model', () => {
  it("takes a run's own export, and an export folder inside a run with the run's config (as generate and serve do)", async () => {
    const run = mkdtempSync(join(tmpdir(), 'acgan-eval-source-'));
    writeFileSync(join(run, 'config.json'), '{}');
    for (const sub of ['export/generator', 'export-step-40/generator']) {
      mkdirSync(join(run, sub), { recursive: true });
      writeFileSync(join(run, sub, 'model.json'), '{}');
    }
    expect(await evaluationSource(run, log, 'cpu')).toEqual({ runDir: run });
    expect(await evaluationSource(join(run, 'export-step-40'), log, 'cpu')).toEqual({
      runDir: join(run, 'export-step-40', '..'),
      generatorJson: join(run, 'export-step-40', 'generator', 'model.json'),
    });
    expect(await evaluationSource(join(run, 'export-step-40', 'generator'), log, 'cpu')).toEqual({
      runDir: join(run, 'export-step-40', 'generator', '..', '..'),
      generatorJson: join(run, 'export-step-40', 'generator', 'model.json'),
    });
    // A folder that is neither is passed on as a run folder, whose check names what is missing.
    const stray = mkdtempSync(join(tmpdir(), 'acgan-eval-stray-'));
    expect(await evaluationSource(stray, log, 'cpu')).toEqual({ runDir: stray });
  });
});
