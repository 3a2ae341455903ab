import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, describeChanges, learningRates, modelConfigHash, parseArgs, resolveConfig, resumeChanges, ConfigError } from './index.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('parseArgs', () => {
  it('reads --key value, --key=value, switches and positionals', () => {
    const a = parseArgs(['train', '--batch-size', '32', '--lr=0.001', '--json', 'x'], new Set(['json']));
    expect(a.positional).toEqual(['train', 'x']);
    expect(a.flags.get('batchSize')).toBe('32');
    expect(a.flags.get('lr')).toBe('0.001');
    expect(a.flags.get('json')).toBe(true);
  });
  it('reads a boolean config key as a switch, or with =true / =false', () => {
    const a = parseArgs(['--insecure-plaintext', '--steps', '3']);
    expect(a.flags.get('insecurePlaintext')).toBe(true);
    expect(a.flags.get('steps')).toBe('3');
    expect(resolveConfig(a.flags).insecurePlaintext).toBe(true);
    expect(resolveConfig(parseArgs(['--insecure-plaintext=false']).flags).insecurePlaintext).toBe(false);
    expect(resolveConfig(parseArgs([]).flags).insecurePlaintext).toBe(false);
    expect(() => resolveConfig(parseArgs(['--insecure-plaintext=yes']).flags)).toThrow(/insecure-plaintext must be true or false, got "yes"/);
  });
  it('rejects a flag without a value', () => {
    expect(() => parseArgs(['--steps'])).toThrow(/--steps needs a value/);
  });
});

describe('resolveConfig', () => {
  it('layers defaults, file and flags, in that order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ steps: 7, 'batch-size': 16, width: 8 }));
    const c = resolveConfig(parseArgs(['--config', file, '--width', '4']).flags);
    expect(c.steps).toBe(7);
    expect(c.batchSize).toBe(16);
    expect(c.width).toBe(4);
    expect(c.seed).toBe(DEFAULT_CONFIG.seed);
  });
  it('names an unknown flag', () => {
    expect(() => resolveConfig(parseArgs(['--bach-size', '3']).flags)).toThrow(/unknown flag --bach-size/);
  });
  it('names an unknown key in a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ stepz: 7 }));
    expect(() => resolveConfig(parseArgs(['--config', file]).flags)).toThrow(/unknown config key "stepz"/);
  });
  it('names the field and value of a bad value', () => {
    expect(() => resolveConfig(parseArgs(['--image-size', '30']).flags)).toThrow(/image-size=30 must be a multiple of 16/);
    expect(() => resolveConfig(parseArgs(['--steps', 'ten']).flags)).toThrow(/steps must be a number, got "ten"/);
    expect(() => resolveConfig(parseArgs(['--wire-dtype', 'f8']).flags)).toThrow(/wire-dtype must be one of f32, f16, bf16, got "f8"/);
    expect(() => resolveConfig(parseArgs(['--channels', '2']).flags)).toThrow(ConfigError);
  });
  it('names a --connect or --bind that is not an endpoint, with the likely fix', () => {
    const worker = (v: string) => resolveConfig(parseArgs(['--connect', v]).flags, { command: 'worker' });
    expect(() => worker('localhost:5597')).toThrow(
      /^config: connect="localhost:5597" is not an endpoint: expected tcp:\/\/<host>:<port> or ipc:\/\/<path>; did you mean tcp:\/\/localhost:5597\?$/,
    );
    expect(() => worker('[::1]:5597')).toThrow(/did you mean tcp:\/\/\[::1\]:5597\?$/);
    expect(() => resolveConfig(parseArgs(['--bind', 'http://x:1']).flags, { command: 'coordinator' })).toThrow(
      /^config: bind="http:\/\/x:1" is not an endpoint: expected tcp:\/\/<host>:<port> or ipc:\/\/<path>$/,
    );
    expect(worker('tcp://10.0.0.1:5555').connect).toBe('tcp://10.0.0.1:5555');
    expect(worker('ipc:///tmp/a.sock').connect).toBe('ipc:///tmp/a.sock');
  });
  it('lets extra flags through and applies a base', () => {
    const c = resolveConfig(parseArgs(['--json', '--steps', '5'], new Set(['json'])).flags, { extraFlags: new Set(['json']), base: { steps: 9, seed: 3 } });
    expect(c.steps).toBe(5);
    expect(c.seed).toBe(3);
  });
  it('--lr alone sets both rates; --lr-d / --lr-g still win', () => {
    expect(learningRates(resolveConfig(parseArgs(['--lr', '0.001']).flags))).toEqual({ lrD: 0.001, lrG: 0.001 });
    expect(learningRates(resolveConfig(parseArgs(['--lr', '0.001', '--lr-g', '0.002']).flags))).toEqual({ lrD: 0.001, lrG: 0.002 });
    expect(learningRates(resolveConfig(parseArgs([]).flags))).toEqual({ lrD: DEFAULT_CONFIG.lrD, lrG: DEFAULT_CONFIG.lrG });
  });
  it('applies a preset between the defaults and the flags, and names an unknown one', () => {
    const c = resolveConfig(parseArgs(['--preset', 'fashion', '--steps', '10']).flags);
    expect(c.dataset).toBe('idx:/usr/share/datasets/fashion-mnist');
    expect(c.steps).toBe(10);
    expect(() => resolveConfig(parseArgs(['--preset', 'cifar']).flags)).toThrow(/unknown preset "cifar" \(known: mnist, fashion\)/);
  });
  it('splits learning rates', () => {
    expect(learningRates({ ...DEFAULT_CONFIG, lr: 1, lrD: 0, lrG: 2 })).toEqual({ lrD: 1, lrG: 2 });
  });
  it('hashes only the model-defining keys', () => {
    const a = modelConfigHash(DEFAULT_CONFIG);
    expect(modelConfigHash({ ...DEFAULT_CONFIG })).toBe(a);
    expect(modelConfigHash({ ...DEFAULT_CONFIG, width: 8 })).not.toBe(a);
  });
});

describe('resumeChanges', () => {
  it('splits what differs from the stored config into fixed keys (model, data) and free ones, ignoring where this start runs', () => {
    const stored = { ...DEFAULT_CONFIG, runDir: 'a', steps: 10 };
    const now = { ...DEFAULT_CONFIG, runDir: 'b', resume: 'a', steps: 20, width: DEFAULT_CONFIG.width * 2, batchSize: 32, lr: 0.1 };
    const { fixed, free } = resumeChanges(stored, now);
    expect(fixed.map((c) => c.key)).toEqual(['batchSize', 'width']);
    expect(free).toEqual([
      { key: 'steps', from: 10, to: 20 },
      { key: 'lr', from: DEFAULT_CONFIG.lr, to: 0.1 },
    ]);
    expect(describeChanges(free)).toBe(`--steps 10 -> 20, --lr ${DEFAULT_CONFIG.lr} -> 0.1`);
    expect(resumeChanges(stored, { ...stored })).toEqual({ fixed: [], free: [] });
  });
});
