// The config flags in the --help of every command that takes them, derived from
// the spec table: each command lists what it takes, once, and every key is listed
// by at least one of them.
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, commandKeys, keyToFlag, type ConfigCommand } from '@acgan/config';
import { COORDINATOR_HELP, TRAIN_HELP } from '@acgan/coordination';
import { WORKER_HELP } from '@acgan/worker-runtime';
import { MODEL_SUMMARY_HELP, run as modelSummary } from './model-summary.ts';

/** The flags a help text lists in its left column (`  --flag ...`), in order. */
const listedFlags = (help: string): string[] => help.split('\n').flatMap((l) => /^ {2}(--[a-z0-9-]+)/.exec(l)?.[1] ?? []);

const HELP: Record<ConfigCommand, string> = { train: TRAIN_HELP, coordinator: COORDINATOR_HELP, worker: WORKER_HELP, 'model-summary': MODEL_SUMMARY_HELP };

describe('--help of the commands that take config flags', () => {
  it('lists no flag twice', () => {
    for (const [command, help] of Object.entries(HELP)) {
      const listed = listedFlags(help);
      expect(
        listed.filter((f, i) => listed.indexOf(f) !== i),
        command,
      ).toEqual([]);
    }
  });
  it('lists the config flags each command takes and no other', () => {
    for (const [command, help] of Object.entries(HELP) as [ConfigCommand, string][]) {
      const listed = new Set(listedFlags(help));
      for (const key of CONFIG_KEYS) expect(listed.has(`--${keyToFlag(key)}`), `${command} --${keyToFlag(key)}`).toBe(commandKeys(command).includes(key));
    }
    expect(listedFlags(TRAIN_HELP)).not.toContain('--curve-keys');
  });
  it('lists every config key in at least one command', () => {
    const listed = new Set(Object.values(HELP).flatMap(listedFlags));
    for (const key of CONFIG_KEYS) expect(listed.has(`--${keyToFlag(key)}`), key).toBe(true);
  });
});

describe('acgan model-summary flags', () => {
  it('takes the model flags and refuses the others, naming the flag and the command', async () => {
    await expect(modelSummary(['--steps', '3'])).rejects.toThrow(/^acgan model-summary does not take --steps \(acgan train and acgan coordinator do/);
    await expect(modelSummary(['--bogus', '1'])).rejects.toThrow(/^unknown flag --bogus/);
  });
});

describe('acgan --help and --version', () => {
  it('the top-level help names every bench the bench command has, and --version prints the package version', async () => {
    const { main, mainHelp, version } = await import('../main.ts');
    const { BENCH_NAMES } = await import('./bench.ts');
    const line = mainHelp()
      .split('\n')
      .find((l) => l.startsWith('  bench '))!;
    for (const name of BENCH_NAMES) expect(line, name).toMatch(new RegExp(`\\b${name}\\b`));
    expect(version()).toMatch(/^\d+\.\d+\.\d+/);
    const out: string[] = [];
    const log = console.log;
    console.log = (s: string) => out.push(s);
    try {
      expect(await main(['--version'])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(out).toEqual([`acgan ${version()} (protocol 3, Node ${process.versions.node})`]);
  });
});
