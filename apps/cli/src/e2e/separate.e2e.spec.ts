/**
 * slow: the multi-host way of running: `acgan worker --connect` processes
 * started BEFORE `acgan coordinator --bind`, on their own (as a scheduler would
 * start them on other hosts); the run starts once the world has registered.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startCli, tinyJob } from './run-cli.ts';

describe('slow: coordinator and workers started separately', () => {
  it('workers that start first wait for the coordinator, then all train to the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-separate-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];
    const workers = [0, 1].map(() => startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm']));
    await new Promise((r) => setTimeout(r, 1500));
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', '3', ...tinyJob(dir)]);
    const [c, w0, w1] = await Promise.all([coordinator.done, workers[0].done, workers[1].done]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout.trim().split('\n')[0])).toMatchObject({ endpoint, workers: 2 });
    expect(w0.code, w0.stderr).toBe(0);
    expect(w1.code, w1.stderr).toBe(0);
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: 3 });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);
  });

  it('refuses a worker whose model flags differ, naming both hashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-mismatch-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '1', '--steps', '1', ...tinyJob(dir, ['--timeout-ms', '3000'])]);
    const bad = await startCli(['worker', '--connect', endpoint, '--image-size', '32', '--width', '4', '--latent-dim', '8']).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/coordinator refused this worker: \[MODEL_MISMATCH\] model config hash "[0-9a-f]+", expected [0-9a-f]+/);
    coordinator.child.kill('SIGTERM');
    const c = await coordinator.done;
    expect(c.stderr).toMatch(/refused registration/);
  });

  it('stops a run whose workers run different backends, naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-mixed-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', '3', ...tinyJob(dir)]);
    const workers = ['wasm', 'cpu'].map((b) => startCli(['worker', '--connect', endpoint, ...model, '--backend', b]));
    const [c] = await Promise.all([coordinator.done, ...workers.map((w) => w.done)]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/MIXED_BACKENDS: ranks run different TF\.js backends \((0=wasm, 1=cpu|0=cpu, 1=wasm)\)/);
  });
});
