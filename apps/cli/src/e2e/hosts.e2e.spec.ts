/**
 * slow: across hosts. Two network namespaces stand in for two worker hosts, each
 * joined to this namespace (the coordinator's host) by a veth pair on its own
 * subnet: the workers reach the coordinator only at 10.231.{1,2}.1, never over
 * loopback, so they exchange gradients over ZeroMQ; a third worker on the
 * coordinator's own host (loopback) exchanges through shared memory: a mixed
 * world, with the same averages for all. CURVE is on, with an allow-list. The
 * coordinator's audit log shows each admitted connection's address, and a
 * stranger on host 2 is refused by address and key. Needs root and iproute2
 * (`ip netns`); where they are missing the test is skipped and says why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createNetnsHosts, netnsUnavailable, type NetnsHost } from '@acgan/coordination';
import { nativeUnavailable } from '@acgan/shm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, makeKeys, runCli, startCli, tinyJob } from './run-cli.ts';

const unavailable = netnsUnavailable();
if (unavailable) console.warn(`hosts.e2e: skipped, network namespaces unavailable (${unavailable})`);

describe.skipIf(unavailable !== '')('slow: across hosts (network namespaces)', () => {
  let removeHosts = () => {};
  afterAll(() => removeHosts());

  it('workers on two other hosts train with CURVE over real addresses; the log shows where each came from; a stranger is refused', async () => {
    const made = createNetnsHosts(2);
    removeHosts = made.remove;
    const HOSTS = made.hosts;
    try {
      await trainAcrossHosts(HOSTS);
    } finally {
      made.remove();
    }
  });

  async function trainAcrossHosts(HOSTS: NetnsHost[]): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-e2e-hosts-'));
    const keys = await makeKeys(dir, ['coordinator', 'w1', 'w2', 'w3', 'stranger']);
    const allow = join(dir, 'allow.txt');
    writeFileSync(allow, `${keys.w1} host 1\n${keys.w2} host 2\n${keys.w3} the coordinator's host\n`);
    const port = await freePort();
    const runDir = join(dir, 'run');
    const coordinator = startCli([
      'coordinator',
      '--bind',
      `tcp://0.0.0.0:${port}`,
      '--workers',
      '3',
      '--steps',
      '3',
      ...tinyJob(runDir),
      '--batch-size',
      '12',
      '--curve-keys',
      join(dir, 'keys', 'coordinator'),
      '--curve-allow',
      allow,
    ]);
    const model = ['--image-size', '16', '--width', '4', '--latent-dim', '8', '--backend', 'wasm'];
    const worker = (host: NetnsHost | undefined, key: string) =>
      startCli(
        [
          'worker',
          '--connect',
          `tcp://${host ? host.here : '127.0.0.1'}:${port}`,
          ...model,
          '--curve-server-key',
          join(dir, 'keys', 'coordinator.pub'),
          '--curve-keys',
          join(dir, 'keys', key),
          '--timeout-ms',
          '20000',
        ],
        {},
        host?.ns,
      );
    const stranger = await worker(HOSTS[1], 'stranger').done;
    const [c, w1, w2, w3] = await Promise.all([coordinator.done, worker(HOSTS[0], 'w1').done, worker(HOSTS[1], 'w2').done, worker(undefined, 'w3').done]);

    expect(c.code, c.stderr).toBe(0);
    for (const w of [w1, w2, w3]) expect(w.code, w.stderr).toBe(0);
    // The workers on the other hosts exchange over ZeroMQ; the local one through shared memory.
    for (const w of [w1, w2]) expect(w.stderr).not.toMatch(/data plane: shared memory/);
    if (nativeUnavailable() === '') expect(w3.stderr).toMatch(/data plane: shared memory/);
    const checksums = readFileSync(join(runDir, 'checksums.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(checksums.at(-1)).toMatchObject({ step: 3 });
    expect(new Set(checksums.at(-1).ranks).size).toBe(1);
    // Each admitted worker came from its own host's address, with its own key.
    expect(c.stderr).toContain(`admitted a connection from ${HOSTS[0].there} with public key ${keys.w1}`);
    expect(c.stderr).toContain(`admitted a connection from ${HOSTS[1].there} with public key ${keys.w2}`);
    expect(c.stderr).toContain(`admitted a connection from 127.0.0.1 with public key ${keys.w3}`);
    // The stranger on host 2: refused by address and key, never registered.
    expect(stranger.code, stranger.stderr).toBe(1);
    expect(c.stderr).toContain(`refused worker at ${HOSTS[1].there} with public key ${keys.stranger}: public key not in the allow-list`);
    expect([...c.stderr.matchAll(/worker registered:/g)]).toHaveLength(3);
  }

  it('bench link runs the allreduce per wire dtype over shaped links and leaves no namespace behind (plumbing, tiny size)', async () => {
    const namespaces = () =>
      execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.startsWith('acgan-h')).length;
    const before = namespaces();
    const res = await runCli(['bench', 'link', '--rate', '200mbit', '--size-mb', '2', '--rounds', '2', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    expect(out).toMatchObject({ bench: 'link', rate: '200mbit', workers: 2, size_mb: 2 });
    expect(out.runs.map((r: { wire_dtype: string }) => r.wire_dtype)).toEqual(['f32', 'f16', 'bf16']);
    // 2 MB over 200 Mbit/s: 80 ms for f32, half for the 16-bit dtypes.
    expect(out.runs.map((r: { link_ms: number }) => r.link_ms)).toEqual([80, 40, 40]);
    for (const r of out.runs) {
      expect(r.allreduce_ms).toBeGreaterThan(0);
      expect(r.allreduce_ms_per_round).toHaveLength(2);
    }
    expect(out.runs[0].speedup_vs_f32).toBe(1);
    expect(namespaces()).toBe(before);
    const bad = await runCli(['bench', 'link', '--rate', 'fast', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--rate "fast": expected a number with kbit, mbit or gbit/);
  });
});
