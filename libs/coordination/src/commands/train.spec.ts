// How `acgan train` / `acgan coordinator` resolve the config of a resumed run.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandKeys, DEFAULT_CONFIG, keyToFlag } from '@acgan/config';
import { runPaths, writeCheckpoint } from '@acgan/runs';
import { resolveTrainConfig, resolveTrainPlan, TRAIN_HELP } from './train.ts';

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

/** The flags a help text lists in its left column (`  --flag ...`), in order. */
const listedFlags = (help: string): string[] => help.split('\n').flatMap((l) => /^ {2}(--[a-z0-9-]+)/.exec(l)?.[1] ?? []);

describe('acgan train flags', () => {
  it('--help lists each flag once: its own and the config flags train takes, no CURVE flag and no --connect', () => {
    const listed = listedFlags(TRAIN_HELP);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(['--preset', '--config', '--help', ...commandKeys('train').map((k) => `--${keyToFlag(k)}`)]);
    for (const flag of ['--curve-keys', '--curve-allow', '--curve-server-key', '--connect']) expect(listed).not.toContain(flag);
    expect(TRAIN_HELP).toMatch(/^ {2}--max-restarts <n> .*\(integer >= 0; default 3\)$/m);
  });
  it('refuses the flags it does not take, naming the flag and the command', async () => {
    await expect(resolveTrainPlan(['--curve-keys', 'k'])).rejects.toThrow(/^acgan train does not take --curve-keys \(acgan coordinator and acgan worker do/);
    await expect(resolveTrainPlan(['--connect', 'tcp://127.0.0.1:5555'])).rejects.toThrow(/^acgan train does not take --connect \(acgan worker does/);
  });
  it('refuses a CURVE config from a config file too (it would switch CURVE on for the coordinator alone)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'acgan-train-curve-')), 'run.json');
    writeFileSync(file, JSON.stringify({ curveKeys: 'secrets/coordinator' }));
    await expect(resolveTrainPlan(['--config', file])).rejects.toThrow(/acgan train does not take --curve-keys .*config file/);
  });
});

describe('acgan train and coordinator check before they start anything', () => {
  it('a global batch that does not divide by the workers, with the sizes that do', async () => {
    const runDir = join(mkdtempSync(join(tmpdir(), 'acgan-batch-')), 'run');
    await expect(resolveTrainPlan(['--batch-size', '7', '--workers', '2', '--backend', 'wasm', '--run-dir', runDir])).rejects.toThrow(
      /^--batch-size 7 does not divide by 2 workers \(each rank takes an equal slice of the global batch\): use --batch-size 6 or 8, or a --workers that divides 7$/,
    );
    expect(() => resolveTrainConfig(['--batch-size', '3', '--workers', '4', '--run-dir', runDir])).toThrow(
      /^--batch-size 3 does not divide by 4 workers .*: use --batch-size 4, or/,
    );
    expect(existsSync(runDir)).toBe(false);
  });

  it('a folder that holds a run, unless resuming; a --resume folder that is missing or not a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-held-'));
    writeCheckpoint(runPaths(dir).checkpoints, { step: 3, epoch: 0, config: { ...DEFAULT_CONFIG, runDir: dir }, extra: {}, tensors: [] });
    expect(() => resolveTrainConfig(['--run-dir', dir])).toThrow(new RegExp(`^--run-dir ${dir}: already holds a run \\(1 checkpoint\\(s\\)\\): continue it with --resume ${dir}`));
    expect(resolveTrainConfig(['--resume', dir]).resumeFrom?.step).toBe(3);
    expect(() => resolveTrainConfig(['--resume', join(dir, 'nope')])).toThrow(/^--resume .*nope: no such folder$/);
    expect(() => resolveTrainConfig(['--resume', join(dir, 'checkpoints')])).toThrow(/^--resume .*checkpoints: not a run folder \(it has no checkpoints\/ folder\)$/);
  });
});

describe('--resume with other flags', () => {
  it('refuses a change of a key fixed on resume, naming each with both values; takes the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'acgan-resume-change-'));
    writeCheckpoint(runPaths(dir).checkpoints, { step: 3, epoch: 0, config: { ...DEFAULT_CONFIG, steps: 7, width: 8, runDir: dir }, extra: {}, tensors: [] });
    expect(() => resolveTrainConfig(['--resume', dir, '--width', '32', '--seed', '9'])).toThrow(
      new RegExp(
        `^--resume ${dir}: --width 8 -> 32, --seed 1 -> 9 cannot change on resume .*: leave them out to continue the run, or start a new one in another --run-dir\\. Fixed on resume: --batch-size .*--width`,
      ),
    );
    const { cfg } = resolveTrainConfig(['--resume', dir, '--steps', '12', '--width', '8']);
    expect([cfg.steps, cfg.width]).toEqual([12, 8]);
  });
});
