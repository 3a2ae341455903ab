/**
 * slow: the multi-host way of running: `acgan worker --connect` processes
 * started BEFORE `acgan coordinator --bind`, on their own (as a scheduler would
 * start them on other hosts); the run starts once the world has registered.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, expectSameAsStraightRun, freePort, runCli, startCli, tinyJob, waitFor } from './run-cli.ts';

describe('slow: coordinator and workers started separately', () => {
  it("workers that start first wait for the coordinator, then all train to the end; rank 0 writes its outputs into the coordinator's run folder, wherever each was started", async () => {
    const home = mkdtempSync(join(tmpdir(), 'acgan-e2e-separate-'));
    const dir = join(home, 'run');
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];
    const elsewhere = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'acgan-e2e-worker-cwd-')));
    const workers = elsewhere.map((cwd) => startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm'], {}, undefined, cwd));
    // Both workers up, their registrations queued for a coordinator that does not exist yet.
    await waitFor('both workers to start and register before the coordinator', () => workers.every((w) => /sent REGISTER to tcp:/.test(w.stderr())));
    // The run folder is given relative to the coordinator's own folder.
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', '3', '--sample-interval', '3', ...tinyJob('run')], {}, undefined, home);
    const [c, w0, w1] = await Promise.all([coordinator.done, workers[0].done, workers[1].done]);
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout.trim().split('\n')[0])).toMatchObject({ endpoint, workers: 2 });
    expect(w0.code, w0.stderr).toBe(0);
    expect(w1.code, w1.stderr).toBe(0);
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: 3 });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);
    expect(existsSync(join(dir, 'samples', 'step-3.png'))).toBe(true);
    expect(existsSync(join(dir, 'export', 'generator', 'model.json'))).toBe(true);
    for (const cwd of elsewhere) expect(readdirSync(cwd)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "workers that cannot see the run folder at all (another host, no shared file system) still fill it: every output of rank 0 reaches the coordinator's folder (root: a mount namespace per worker)",
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'acgan-e2e-unseen-'));
      const dir = join(home, 'run');
      const endpoint = `tcp://127.0.0.1:${await freePort()}`;
      const job = ['--steps', '4', '--sample-interval', '2', '--eval-interval', '4', '--eval-per-class', '2', ...tinyJob(dir)];
      const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', ...job]);
      await waitFor('the run folder', () => existsSync(join(dir, 'config.json')));
      // Each worker in its own mount namespace, where an empty tmpfs hides the coordinator's
      // folder (and the run folder in it): what a worker wrote there would be lost with it.
      const elsewhere = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'acgan-e2e-worker-cwd-')));
      const workers = elsewhere.map((cwd) =>
        startCli([], {}, undefined, cwd, [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount -t tmpfs acgan-hidden "$0" && exec "$@"',
          home,
          process.execPath,
          BIN,
          'worker',
          '--connect',
          endpoint,
          ...['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'],
        ]),
      );
      const [c, ...ws] = await Promise.all([coordinator.done, ...workers.map((w) => w.done)]);
      expect(c.code, c.stderr).toBe(0);
      for (const w of ws) {
        expect(w.code, w.stderr).toBe(0);
        expect(w.stderr).toMatch(/the run folder .* is not visible from this host: this worker logs to stderr only/);
      }
      expect(readdirSync(join(dir, 'samples')).sort()).toEqual(['step-2.png', 'step-4.png']);
      expect(readdirSync(join(dir, 'export')).sort()).toEqual(['discriminator', 'generator']);
      const model = JSON.parse(readFileSync(join(dir, 'export', 'generator', 'model.json'), 'utf8'));
      expect(model.weightsManifest[0].paths.every((p: string) => existsSync(join(dir, 'export', 'generator', p)))).toBe(true);
      expect(readdirSync(join(dir, 'eval', 'step-4')).sort()).toEqual(['config.json', 'dataset.json', 'export', 'report.json']);
      expect(c.stderr).toMatch(/wrote .*export\/generator\/model\.json \(\d+ B, from rank 0\)/);
      // The exported generator is usable from the coordinator's folder.
      const gen = await runCli(['generate', '--model', dir, '--class', '3', '--per-class', '2', '--backend', 'wasm', '--out', join(home, 'gen')]);
      expect(gen.code, gen.stderr).toBe(0);
      for (const cwd of elsewhere) expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('a killed worker replaced by hand (no launcher) rejoins, and the run equals an uninterrupted one', async () => {
    const steps = 200;
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-separate-rejoin-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];
    const job = ['--checkpoint-interval', '0', '--sample-interval', '0'];
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '2', '--steps', String(steps), ...job, ...tinyJob(dir)]);
    const workers = [0, 1].map(() => startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm']));
    const stepsLogged = () => (existsSync(join(dir, 'metrics.jsonl')) ? readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor('training to get going', () => stepsLogged() >= 10);
    workers[1].child.kill('SIGKILL');
    expect((await workers[1].done).signal).toBe('SIGKILL');
    const replacement = startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm']);
    const [c, w0, r] = await Promise.all([coordinator.done, workers[0].done, replacement.done]);
    expect(c.code, c.stderr).toBe(0);
    expect(w0.code, w0.stderr).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    expect(c.stderr).toMatch(/rank \d \(\S+ pid \d+\) lost: /);
    expect(c.stderr).toMatch(/rank \d rejoined at step \d+ phase [DG]/);

    await expectSameAsStraightRun(dir, steps, job);
  });

  it('a spare worker waits while the run is full and replaces a hung rank', async () => {
    const steps = 60;
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-separate-spare-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8'];
    const coordinator = startCli([
      'coordinator',
      '--bind',
      endpoint,
      '--workers',
      '2',
      '--steps',
      String(steps),
      '--checkpoint-interval',
      '0',
      '--sample-interval',
      '0',
      ...tinyJob(dir),
    ]);
    const workers = [0, 1].map(() => startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm']));
    const stepsLogged = () => (existsSync(join(dir, 'metrics.jsonl')) ? readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor('training to get going', () => stepsLogged() >= 5);
    const spare = startCli(['worker', '--connect', endpoint, ...model, '--backend', 'wasm']);
    let spareErr = '';
    spare.child.stderr!.on('data', (d) => (spareErr += d));
    await waitFor('the spare to be told the run is full', () => /waiting as a spare; registering again every second/.test(spareErr));
    // A hung rank keeps its connection: only the liveness limit (4 heartbeats) can declare it lost.
    workers[1].child.kill('SIGSTOP');
    const [c, w0, s] = await Promise.all([coordinator.done, workers[0].done, spare.done]);
    workers[1].child.kill('SIGKILL');
    expect(c.code, c.stderr).toBe(0);
    expect(w0.code, w0.stderr).toBe(0);
    expect(s.code, s.stderr).toBe(0);
    expect(c.stderr).toMatch(/waits as a spare: the run already has its 2 workers/);
    // Ranks go by arrival: the stopped process may hold either.
    const lost = /rank (\d) \(\S+ pid (\d+)\) lost: silent for \d+ ms/.exec(c.stderr);
    expect(lost, c.stderr).not.toBeNull();
    expect(Number(lost![2])).toBe(workers[1].child.pid);
    expect(c.stderr).toMatch(new RegExp(`replacement for rank ${lost![1]}: \\S+ pid ${spare.child.pid}`));
    const checksums = readFileSync(join(dir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: steps });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);
  });

  it('a spare that was never needed is told when the run ends and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-separate-idle-spare-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'];
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '1', '--steps', '400', '--checkpoint-interval', '0', '--sample-interval', '0', ...tinyJob(dir)]);
    const worker = startCli(['worker', '--connect', endpoint, ...model]);
    const stepsLogged = () => (existsSync(join(dir, 'metrics.jsonl')) ? readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n').length - 1 : 0);
    await waitFor('training to get going', () => stepsLogged() >= 1);
    const spare = startCli(['worker', '--connect', endpoint, ...model]);
    let spareErr = '';
    spare.child.stderr!.on('data', (d) => (spareErr += d));
    await waitFor('the spare to be told the run is full', () => /registering again every second/.test(spareErr));
    expect(stepsLogged(), 'the run was still going when the spare registered').toBeLessThan(400);
    const [c, w, s] = await Promise.all([coordinator.done, worker.done, spare.done]);
    expect(c.code, c.stderr).toBe(0);
    expect(w.code, w.stderr).toBe(0);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/registering again every second/);
    expect(s.stderr).toMatch(/before this spare was needed/);
  });

  it('refuses a worker whose model flags differ, naming the differing flags to it, and each with both values and both hashes in the coordinator log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-mismatch-'));
    const endpoint = `tcp://127.0.0.1:${await freePort()}`;
    const coordinator = startCli(['coordinator', '--bind', endpoint, '--workers', '1', '--steps', '1', ...tinyJob(dir, ['--timeout-ms', '3000'])]);
    const bad = await startCli(['worker', '--connect', endpoint, '--image-size', '32', '--width', '4', '--latent-dim', '8']).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/coordinator refused this worker: \[MODEL_MISMATCH\] this worker's --image-size differs from the run's: start it with the coordinator's values/);
    // The worker, which may be anyone, is not told the run's hash; the operator's log has both.
    expect(bad.stderr).not.toMatch(/expected [0-9a-f]{16}/);
    coordinator.child.kill('SIGTERM');
    const c = await coordinator.done;
    expect(c.stderr).toMatch(/refused registration from .*: model config hash "[0-9a-f]+", expected [0-9a-f]+: --image-size 32 \(run: 16\)/);
    // The reply named the key, not the run's value.
    expect(bad.stderr).not.toMatch(/run: 16/);
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
