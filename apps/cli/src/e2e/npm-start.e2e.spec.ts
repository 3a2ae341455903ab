/**
 * slow: what `npm start` runs (`acgan train` with the default config: MNIST
 * digits padded to 32x32x1, 2 workers), at a reduced step count, writes every
 * output a run promises.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { DEFAULT_CONFIG } from '@acgan/config';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { runCli, webgpuSkipReason } from './run-cli.ts';

describe('slow: npm start with the default config', () => {
  it('runs the default job for 3 steps and writes config, metrics, logs, samples, checkpoints and the export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-default-'));
    const res = await runCli(['train', '--steps', '3', '--run-dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/launching 1 coordinator \+ 2 worker\(s\)/);
    expect(res.stderr).toMatch(/TF\.js backend: /);

    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toEqual({ ...DEFAULT_CONFIG, workers: 2, steps: 3, runDir: dir });
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(metrics).toHaveLength(3);
    for (const key of ['lossD', 'lossG', 'dRealAcc', 'dFakeAcc', 'classAccReal', 'imagesPerS']) expect(typeof metrics[2][key], key).toBe('number');
    expect(metrics[2].ranks).toHaveLength(2);

    const logs = readFileSync(join(dir, 'logs', 'coordinator.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(logs.some((l) => /run ended: all steps done/.test(l.message))).toBe(true);

    const png = PNG.sync.read(readFileSync(join(dir, 'samples', 'step-3.png')));
    expect(png.height).toBe(32 * 10); // a row per class
    expect(png.width).toBeGreaterThanOrEqual(32 * 8);

    const [ckpt] = listCheckpoints(join(dir, 'checkpoints'));
    const stored = readCheckpoint(ckpt.path);
    expect(stored.step).toBe(3);
    expect(stored.config).toEqual(config);

    const modelJson = JSON.parse(readFileSync(join(dir, 'export', 'generator', 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest[0].paths.every((p: string) => existsSync(join(dir, 'export', 'generator', p)))).toBe(true);
    expect(readdirSync(join(dir, 'export')).sort()).toEqual(['discriminator', 'generator']);
  });
});

((await webgpuSkipReason()) ? describe.skip : describe)('slow: npm start on the webgpu backend', () => {
  it('the default job runs on webgpu: GPU programs compiled ahead, no rank lost, replicas identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-default-webgpu-'));
    const res = await runCli(['train', '--backend', 'webgpu', '--steps', '3', '--checksum-interval', '1', '--run-dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    // Without the compile ahead, the first step's shader compiles blocked the workers' event
    // loops for seconds on lavapipe: no heartbeats, both ranks declared lost at step 0.
    expect(res.stderr).not.toMatch(/lost: silent/);
    for (const rank of [0, 1]) {
      const log = readFileSync(join(dir, 'logs', `worker-${rank}.jsonl`), 'utf8');
      expect(log).toMatch(/TF.js backend: webgpu on /);
      expect(log).toMatch(/compiled the GPU programs of a step in \d+ ms/);
    }
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; ranks: string[] });
    expect(checksums.map((c) => c.step)).toEqual([1, 2, 3]);
    for (const c of checksums) expect(new Set(c.ranks).size, `replicas agree after step ${c.step}`).toBe(1);
    expect(existsSync(join(dir, 'samples', 'step-3.png'))).toBe(true);
  });
});
