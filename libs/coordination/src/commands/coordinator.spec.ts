// `acgan coordinator`: its --help and the flags it refuses.
import { describe, expect, it } from 'vitest';
import { commandKeys, keyToFlag } from '@acgan/config';
import { COORDINATOR_HELP } from './coordinator.ts';
import { resolveTrainConfig } from './train.ts';

/** The flags a help text lists in its left column (`  --flag ...`), in order. */
const listedFlags = (help: string): string[] => help.split('\n').flatMap((l) => /^ {2}(--[a-z0-9-]+)/.exec(l)?.[1] ?? []);

describe('acgan coordinator flags', () => {
  it('--help lists each flag once: its own and the config flags the coordinator takes, CURVE server side included', () => {
    const listed = listedFlags(COORDINATOR_HELP);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(['--preset', '--config', '--help', ...commandKeys('coordinator').map((k) => `--${keyToFlag(k)}`)]);
    for (const flag of ['--curve-keys', '--curve-allow', '--bind', '--workers', '--resume']) expect(listed).toContain(flag);
    for (const flag of ['--connect', '--curve-server-key', '--max-restarts']) expect(listed).not.toContain(flag);
  });
  it('refuses the flags it does not take, naming the flag and the command', () => {
    expect(() => resolveTrainConfig(['--max-restarts', '2'])).toThrow(/^acgan coordinator does not take --max-restarts \(acgan train does/);
    expect(() => resolveTrainConfig(['--curve-server-key', 'c.pub'])).toThrow(/^acgan coordinator does not take --curve-server-key \(acgan worker does/);
  });
});
