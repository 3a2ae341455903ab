/**
 * slow: the property that defines synchronous data parallelism. The parameters
 * after k steps with 2 worker processes at local batch B/2 must equal those of
 * one process that computes the same two local gradients itself (same data
 * slices, same noise keyed by step and rank), averages them and applies them.
 * On wasm, and on webgpu (Dawn on whatever adapter this machine has: lavapipe,
 * a software Vulkan device, on CI; skipped, saying so, where there is none,
 * unless ACGAN_REQUIRE_WEBGPU=1).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcganTrainer, initBackend } from '@acgan/model';
import { learningRates, modelConfigOf, type RunConfig } from '@acgan/config';
import { DistributedSampler, openDataset, resolveSampleOrder } from '@acgan/data';
import { listCheckpoints, readCheckpoint } from '@acgan/runs';
import { nativeUnavailable } from '@acgan/shm';
import { runCli, tinyJob, webgpuSkipReason } from './run-cli.ts';

/**
 * Trains `steps` steps with 2 workers, then redoes them in this process from
 * the same data (the run's own dataset and sample order) and compares.
 */
async function expectEquivalent(dir: string, extra: string[] = [], backend: 'wasm' | 'webgpu' = 'wasm'): Promise<void> {
  const steps = 3;
  const res = await runCli([
    'train',
    '--workers',
    '2',
    '--steps',
    String(steps),
    '--checkpoint-interval',
    '0',
    '--sample-interval',
    '0',
    ...tinyJob(dir),
    '--backend',
    backend,
    ...extra,
  ]);
  expect(res.code, res.stderr).toBe(0);
  const [final] = listCheckpoints(join(dir, 'checkpoints'));
  const distributed = readCheckpoint(final.path);
  expect(distributed.step).toBe(steps);

  // Replicas identical after every step (the ranks' checksums agree).
  const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { step: number; ranks: string[] });
  expect(checksums.map((c) => c.step)).toEqual([1, 2, 3]);
  for (const c of checksums) expect(new Set(c.ranks).size, `replicas agree after step ${c.step}`).toBe(1);

  expect((await initBackend(backend)).backend).toBe(backend);
  const cfg = distributed.config as unknown as RunConfig;
  const trainer = new AcganTrainer(modelConfigOf(cfg), { ...learningRates(cfg), beta1: cfg.beta1, beta2: cfg.beta2, labelSmoothing: cfg.labelSmoothing, seed: cfg.seed });
  const dataset = await openDataset(cfg.dataset, { size: cfg.imageSize, channels: modelConfigOf(cfg).channels });
  const order = resolveSampleOrder(cfg.dataOrder, dataset);
  const sampler = new DistributedSampler({ datasetSize: dataset.size, globalBatch: cfg.batchSize, seed: cfg.seed, order, blockRecords: dataset.blockRecords });
  for (let step = 0; step < steps; step++) {
    const batches = await Promise.all([0, 1].map((rank) => dataset.read(sampler.rankBatch(step, rank, 2))));
    for (const phase of ['D', 'G'] as const) {
      const g: Float32Array[] = [];
      for (const [rank, batch] of batches.entries()) g.push((await trainer.computeGradients(phase, batch, { step, rank })).grads);
      const avg = new Float32Array(g[0].length);
      for (let i = 0; i < avg.length; i++) avg[i] = (g[0][i] + g[1][i]) * 0.5;
      trainer.applyGradients(phase, avg);
    }
  }
  const local = new Map((await trainer.getState()).map((t) => [t.name, t.data]));
  let worst = 0;
  let compared = 0;
  for (const t of distributed.tensors) {
    // BatchNorm moving statistics are rank 0's own (DDP broadcast_buffers
    // semantics), not a function of the averaged gradients: not compared.
    if (t.name.includes('moving_')) continue;
    const mine = local.get(t.name);
    expect(mine, t.name).toBeDefined();
    for (let i = 0; i < t.data.length; i++) {
      const d = Math.abs(t.data[i] - mine![i]) / Math.max(1e-6, Math.abs(t.data[i]));
      worst = Math.max(worst, d);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(1000);
  expect(worst).toBeLessThan(1e-5);
  trainer.dispose();
  await dataset.close();
}

describe('slow: data-parallel equivalence', () => {
  it('2 workers at B/2 equal one process averaging the two local gradients (rel err < 1e-5)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-equiv-'));
    await expectEquivalent(dir);
    // Local workers exchange through shared memory when the native part is built (CI builds it).
    if (nativeUnavailable() === '') expect(readFileSync(join(dir, 'logs', 'worker-1.jsonl'), 'utf8')).toMatch(/data plane: shared memory/);
  });

  it('the same over ZeroMQ only (--data-plane sockets)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-equiv-sockets-'));
    await expectEquivalent(dir, ['--data-plane', 'sockets']);
    expect(readFileSync(join(dir, 'logs', 'coordinator.jsonl'), 'utf8')).toMatch(/data plane: ZeroMQ for every rank \(--data-plane sockets\)/);
    expect(readFileSync(join(dir, 'logs', 'worker-1.jsonl'), 'utf8')).not.toMatch(/data plane: shared memory/);
  });

  it('the same holds on packed shards in block order (whole-block O_DIRECT reads, read-ahead, recycled buffers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-equiv-shards-'));
    const shards = join(dir, 'shards');
    const prep = await runCli(['prepare', 'mnist', shards, '--image-size', '16', '--channels', '1']);
    expect(prep.code, prep.stderr).toBe(0);
    const runDir = join(dir, 'run');
    // direct=true: O_DIRECT block reads even in a world of 2 (the default there is the page cache).
    await expectEquivalent(runDir, ['--dataset', `shards:${shards}?direct=true`, '--data-order', 'block']);
    expect(readFileSync(join(runDir, 'logs', 'worker-1.jsonl'), 'utf8')).toMatch(/data order: block \(4064 records per block, 16 blocks per window\)/);
  });
});

((await webgpuSkipReason()) ? describe.skip : describe)('slow: data-parallel equivalence on webgpu', () => {
  it('2 webgpu workers at B/2 equal one webgpu process averaging the two local gradients, replicas identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-equiv-webgpu-'));
    await expectEquivalent(dir, [], 'webgpu');
    expect(readFileSync(join(dir, 'logs', 'worker-0.jsonl'), 'utf8')).toMatch(/TF.js backend: webgpu on .* \(webgpu, as requested\)/);
  });
});
