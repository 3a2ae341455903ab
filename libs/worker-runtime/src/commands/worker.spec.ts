// `acgan worker`: its --help and the flags it refuses (it trains with the coordinator's config).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandKeys, DEFAULT_CONFIG, keyToFlag } from '@acgan/config';
import { runWorkerCommand, WORKER_HELP } from './worker.ts';

/** The flags a help text lists in its left column (`  --flag ...`), in order. */
const listedFlags = (help: string): string[] => help.split('\n').flatMap((l) => /^ {2}(--[a-z0-9-]+)/.exec(l)?.[1] ?? []);

describe('acgan worker flags', () => {
  it('--help lists each flag once: its own and the config flags a worker takes, no run flag', () => {
    const listed = listedFlags(WORKER_HELP);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(['--rank', '--preset', '--config', '--exit-with-parent', '--help', ...commandKeys('worker').map((k) => `--${keyToFlag(k)}`)]);
    for (const flag of ['--connect', '--curve-keys', '--curve-server-key', '--backend', '--heartbeat-ms', '--width']) expect(listed).toContain(flag);
    for (const flag of ['--steps', '--dataset', '--run-dir', '--bind', '--curve-allow', '--max-restarts']) expect(listed).not.toContain(flag);
  });
  it('refuses a run flag, naming the flag and the command, before connecting', async () => {
    await expect(runWorkerCommand(['--connect', 'tcp://127.0.0.1:1', '--steps', '3'])).rejects.toThrow(
      /^acgan worker does not take --steps \(acgan train and acgan coordinator do/,
    );
    await expect(runWorkerCommand(['--connect', 'tcp://127.0.0.1:1', '--curve-allow', 'a.txt'])).rejects.toThrow(
      /^acgan worker does not take --curve-allow \(acgan coordinator does/,
    );
  });
  it("takes a run's whole config.json (as `acgan train` gives it) and still needs --connect", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'acgan-worker-flags-')), 'config.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CONFIG, steps: 3, curveAllow: 'a.txt', maxRestarts: 9 }));
    await expect(runWorkerCommand(['--config', file])).rejects.toThrow(/^--connect <endpoint> is required/);
  });
});
