/**
 * slow: end-to-end runs of the real program: a coordinator and worker processes
 * talking ZeroMQ on localhost, training a tiny ACGAN on the wasm backend.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { join } from 'node:path';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import type { NamedTensor } from '@acgan/tensor-types';
import { runCli, tinyJob, tmp } from './run-cli.ts';

function finalTensors(runDir: string): NamedTensor[] {
  const [newest] = listCheckpoints(join(runDir, 'checkpoints'));
  expect(newest, `a checkpoint in ${runDir}`).toBeDefined();
  return readCheckpoint(newest.path).tensors;
}

function maxRelDiff(a: NamedTensor[], b: NamedTensor[], skip: (name: string) => boolean = () => false): number {
  expect(a.map((t) => t.name)).toEqual(b.map((t) => t.name));
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (skip(a[i].name)) continue;
    const x = a[i].data;
    const y = b[i].data;
    expect(x.length, a[i].name).toBe(y.length);
    for (let j = 0; j < x.length; j++) {
      const d = Math.abs(x[j] - y[j]) / Math.max(1e-6, Math.abs(x[j]), Math.abs(y[j]));
      if (d > worst) worst = d;
    }
  }
  return worst;
}

describe('slow: distributed training end to end', () => {
  it('2 workers train k steps with identical replicas and write every output', async () => {
    const dir = tmp('basic');
    const res = await runCli(['train', '--workers', '2', '--steps', '4', '--sample-interval', '2', '--checkpoint-interval', '2', ...tinyJob(dir)]);
    expect(res.code, res.stderr).toBe(0);
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.map((c) => c.step)).toEqual([1, 2, 3, 4]);
    for (const c of checksums) {
      expect(c.ranks).toHaveLength(2);
      expect(new Set(c.ranks).size, `replicas agree after step ${c.step}`).toBe(1);
    }
    expect(existsSync(join(dir, 'config.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).workers).toBe(2);
    const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    for (const m of metrics) {
      expect(Number.isFinite(m.lossD) && Number.isFinite(m.lossG)).toBe(true);
      expect(m.ranks.map((r: { rank: number }) => r.rank)).toEqual([0, 1]);
      expect(m.imagesPerS).toBeGreaterThan(0);
    }
    expect(readdirSync(join(dir, 'samples')).sort()).toEqual(['step-2.png', 'step-4.png']);
    expect(listCheckpoints(join(dir, 'checkpoints')).map((c) => c.step)).toEqual([4, 2]);
    expect(existsSync(join(dir, 'export', 'generator', 'model.json'))).toBe(true);
    expect(existsSync(join(dir, 'export', 'discriminator', 'model.json'))).toBe(true);
    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['coordinator.jsonl', 'worker-0.jsonl', 'worker-1.jsonl']);
  });

  it('resumes exactly: k steps, stop, resume to 2k equals an uninterrupted 2k-step run', async () => {
    const straight = tmp('straight');
    const split = tmp('split');
    const a = await runCli(['train', '--workers', '2', '--steps', '4', '--checkpoint-interval', '2', ...tinyJob(straight)]);
    expect(a.code, a.stderr).toBe(0);
    const b1 = await runCli(['train', '--workers', '2', '--steps', '2', '--checkpoint-interval', '2', ...tinyJob(split)]);
    expect(b1.code, b1.stderr).toBe(0);
    const b2 = await runCli(['train', '--resume', split, '--steps', '4']);
    expect(b2.code, b2.stderr).toBe(0);
    expect(b2.stderr).toMatch(/resuming .* from checkpoint step 2/);
    expect(maxRelDiff(finalTensors(straight), finalTensors(split))).toBe(0);
  });

  it('takes --num-classes from a folder dataset when it is not given, and says so (acgan coordinator asks for it); --skip-bad-images leaves out a corrupt image that otherwise stops the run', async () => {
    const data = tmp('folder-data');
    for (const name of ['cat', 'dog', 'owl']) {
      mkdirSync(join(data, name));
      for (let i = 0; i < 8; i++) {
        const png = new PNG({ width: 16, height: 16 });
        for (let j = 0; j < png.data.length; j++) png.data[j] = (j * 7 + i * 13 + name.charCodeAt(0)) % 256;
        writeFileSync(join(data, name, `${i}.png`), PNG.sync.write(png));
      }
    }
    const dir = tmp('folder-run');
    const res = await runCli(['train', '--workers', '2', '--steps', '2', '--dataset', `folder:${data}`, ...tinyJob(dir)]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/--num-classes 3: the classes of dataset folder:.* \(cat, dog, owl\)/);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).numClasses).toBe(3);
    const asked = await runCli(['coordinator', '--workers', '2', '--steps', '2', '--dataset', `folder:${data}`, ...tinyJob(tmp('folder-coordinator'))]);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/has 3 classes but --num-classes is 10: pass --num-classes 3/);

    // A corrupt image stops a run, naming the file and the flag; --skip-bad-images leaves it out, counted.
    const bad = join(data, 'dog', 'corrupt.png');
    writeFileSync(bad, 'not a png');
    const stopped = await runCli(['train', '--workers', '2', '--steps', '4', '--dataset', `folder:${data}`, ...tinyJob(tmp('folder-bad'))]);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain(bad);
    expect(stopped.stderr).toMatch(/--skip-bad-images leaves such files out/);
    const skipping = tmp('folder-skip');
    const skipped = await runCli(['train', '--workers', '2', '--steps', '4', '--dataset', `folder:${data}`, '--skip-bad-images', ...tinyJob(skipping)]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toMatch(/--skip-bad-images: left out 1 image\(s\) that cannot be decoded: .*corrupt\.png/);
    const facts = JSON.parse(readFileSync(join(skipping, 'dataset.json'), 'utf8'));
    expect([facts.size, facts.skippedImages.map((s: { file: string }) => s.file)]).toEqual([24, [bad]]);
  });

  it('--eval-interval scores generator snapshots during training into metrics.jsonl', async () => {
    const dir = tmp('eval');
    const res = await runCli(['train', '--workers', '2', '--steps', '4', '--eval-interval', '2', '--eval-per-class', '4', ...tinyJob(dir)]);
    expect(res.code, res.stderr).toBe(0);
    const records = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.evaluation);
    expect(records.map((r) => r.step)).toEqual([2, 4]);
    for (const { evaluation: e } of records) {
      expect(e.evalClassAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.evalClassAccuracy).toBeLessThanOrEqual(1);
      expect(e.evalDiversity).toBeGreaterThanOrEqual(0);
      expect(e.evalFrechet).toBeGreaterThan(0);
      expect(e.evalRealClassAccuracy).toBeGreaterThan(0.5);
    }
    expect(readdirSync(join(dir, 'eval')).sort()).toEqual(['step-2', 'step-4']);
    // Each snapshot can be scored again later, and keeps the report rank 0 got for it.
    for (const step of [2, 4]) {
      const snap = join(dir, 'eval', `step-${step}`);
      expect(readdirSync(snap).sort()).toEqual(['config.json', 'dataset.json', 'export', 'report.json']);
      expect(JSON.parse(readFileSync(join(snap, 'report.json'), 'utf8')).generated.classAccuracy).toBe(records.find((r) => r.step === step).evaluation.evalClassAccuracy);
      expect(existsSync(join(snap, 'export', 'generator', 'model.json'))).toBe(true);
    }
  });
});
