// How `acgan train` / `acgan coordinator` resolve the config of a resumed run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '@acgan/config';
import { runPaths, writeCheckpoint } from '@acgan/runs';
import { resolveTrainConfig } from './train.ts';

describe('resolveTrainConfig on --resume', () => {
  it('takes the stored config, but never --insecure-plaintext: that is given again at each start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-resume-config-'));
    const stored = { ...DEFAULT_CONFIG, steps: 7, width: 8, insecurePlaintext: true, runDir: dir };
    writeCheckpoint(runPaths(dir).checkpoints, { step: 3, epoch: 0, config: stored, extra: {}, tensors: [] });
    const { cfg, resumeFrom } = resolveTrainConfig(['--resume', dir]);
    expect(resumeFrom?.step).toBe(3);
    expect(cfg.steps).toBe(7);
    expect(cfg.width).toBe(8);
    expect(cfg.insecurePlaintext).toBe(false);
    expect(resolveTrainConfig(['--resume', dir, '--insecure-plaintext']).cfg.insecurePlaintext).toBe(true);
  });
});
