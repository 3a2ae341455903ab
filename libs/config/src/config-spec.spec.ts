// What the spec table (config-spec.ts) derives: the RunConfig type, the defaults,
// validation, per-command flags and help, and the model hash keys.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CONFIG_COMMANDS,
  CONFIG_KEYS,
  CONFIG_SPEC,
  commandKeys,
  configHelp,
  DEFAULT_CONFIG,
  keyToFlag,
  MODEL_KEYS,
  modelConfigHash,
  parseArgs,
  resolveConfig,
  specOf,
  validateConfig,
  type ConfigKey,
  type ModelKey,
  type RunConfig,
} from './index.ts';

/** The flags a help text lists in its left column (`  --flag ...`), in order. */
const listedFlags = (help: string): string[] => help.split('\n').flatMap((l) => /^ {2}(--[a-z0-9-]+)/.exec(l)?.[1] ?? []);

describe('RunConfig type', () => {
  it('is derived from the table: numbers, strings, switches as booleans, choices as unions', () => {
    expectTypeOf<RunConfig['workers']>().toEqualTypeOf<number>();
    expectTypeOf<RunConfig['lr']>().toEqualTypeOf<number>();
    expectTypeOf<RunConfig['dataset']>().toEqualTypeOf<string>();
    expectTypeOf<RunConfig['insecurePlaintext']>().toEqualTypeOf<boolean>();
    expectTypeOf<RunConfig['backend']>().toEqualTypeOf<'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu'>();
    expectTypeOf<RunConfig['logLevel']>().toEqualTypeOf<'error' | 'warn' | 'info' | 'debug'>();
    expectTypeOf<keyof RunConfig>().toEqualTypeOf<keyof typeof CONFIG_SPEC>();
    expectTypeOf<ModelKey>().toEqualTypeOf<'imageSize' | 'channels' | 'numClasses' | 'latentDim' | 'width' | 'conditioning'>();
  });
});

describe('DEFAULT_CONFIG', () => {
  it('is what config.json held before the table, key for key and in order', () => {
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(
      '{"workers":0,"steps":2000,"epochs":0,"batchSize":64,"imageSize":32,"channels":1,"numClasses":10,"latentDim":100,"width":16,' +
        '"conditioning":"multiply","lr":0.0002,"lrD":0.0001,"lrG":0.0004,"beta1":0.5,"beta2":0.999,"labelSmoothing":0.1,"seed":1,' +
        '"backend":"auto","dataset":"mnist","skipBadImages":false,"runDir":"","checkpointInterval":500,"keepCheckpoints":3,"sampleInterval":500,' +
        '"checksumInterval":10,"wireDtype":"f32","chunkMb":4,"dataPlane":"auto","bind":"tcp://127.0.0.1:0","connect":"","resume":"","curveKeys":"",' +
        '"curveServerKey":"","curveAllow":"","insecurePlaintext":false,"timeoutMs":120000,"heartbeatMs":1000,"evalInterval":0,' +
        '"evalPerClass":20,"workerLoss":"stop","dataOrder":"auto","rejoinTimeoutMs":60000,"maxRestarts":3,"nonFinite":"skip",' +
        '"nonFiniteLimit":5,"logLevel":"info"}',
    );
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
  });
  it('passes its own validation, and every default is a value its key accepts', () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG })).not.toThrow();
    const flags = CONFIG_KEYS.filter((k) => specOf(k).type !== 'switch').map((k) => `--${keyToFlag(k)}=${DEFAULT_CONFIG[k]}`);
    expect(resolveConfig(parseArgs(flags).flags)).toEqual(DEFAULT_CONFIG);
  });
});

describe('model hash', () => {
  it('takes the keys marked model, in table order', () => {
    expect(MODEL_KEYS).toEqual(['imageSize', 'channels', 'numClasses', 'latentDim', 'width', 'conditioning']);
  });
  it('of the defaults and of the e2e tiny job is pinned: a change to the table must not move it', () => {
    expect(modelConfigHash(DEFAULT_CONFIG)).toBe('932e970678656207');
    expect(modelConfigHash({ ...DEFAULT_CONFIG, imageSize: 16, width: 4, latentDim: 8 })).toBe('c7eb21e57e935f15');
  });
  it('moves with every model key and with no other', () => {
    const base = modelConfigHash(DEFAULT_CONFIG);
    const other: Record<string, unknown> = { channels: 3, conditioning: 'concat', steps: 1, seed: 9, backend: 'cpu' };
    for (const key of CONFIG_KEYS) {
      const changed = { ...DEFAULT_CONFIG, [key]: other[key] ?? (typeof DEFAULT_CONFIG[key] === 'number' ? (DEFAULT_CONFIG[key] as number) * 2 : 'x') };
      expect(modelConfigHash(changed) !== base, key).toBe((MODEL_KEYS as readonly string[]).includes(key));
    }
  });
});

describe('validation from the table', () => {
  const namesFlag = (key: ConfigKey): RegExp => new RegExp(`(^|[ :])${keyToFlag(key)}(=| must)`);
  it('checks every bound of every number key, naming the flag and the value', () => {
    let checked = 0;
    for (const key of CONFIG_KEYS) {
      const spec = specOf(key);
      if (spec.type !== 'number' && spec.type !== 'integer') continue;
      const flag = keyToFlag(key);
      const tooSmall = spec.gt ?? (spec.min !== undefined ? spec.min - 1 : undefined);
      if (tooSmall !== undefined) {
        const base = key === 'steps' ? { epochs: 1 } : {};
        expect(() => validateConfig({ ...DEFAULT_CONFIG, ...base, [key]: tooSmall }), `${key}=${tooSmall}`).toThrow(new RegExp(`config: ${flag}=${tooSmall} must be `));
        checked++;
      }
      if (spec.lt !== undefined) {
        expect(() => validateConfig({ ...DEFAULT_CONFIG, [key]: spec.lt }), `${key}=${spec.lt}`).toThrow(new RegExp(`config: ${flag}=${spec.lt} must be in \\[`));
        checked++;
      }
      if (spec.type === 'integer') {
        expect(() => resolveConfig(parseArgs([`--${flag}`, '2.5']).flags), key).toThrow(`flags: ${flag} must be an integer, got "2.5"`);
      }
      expect(() => resolveConfig(parseArgs([`--${flag}`, 'x']).flags), key).toThrow(namesFlag(key));
    }
    expect(checked).toBeGreaterThan(20);
  });
  it('keeps the messages of the rules beyond bounds', () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, imageSize: 40 })).toThrow('config: image-size=40 must be a multiple of 16 (32, 64, 128, ...)');
    expect(() => validateConfig({ ...DEFAULT_CONFIG, channels: 2 })).toThrow('config: channels=2 must be 1 or 3');
    expect(() => validateConfig({ ...DEFAULT_CONFIG, steps: 0 })).toThrow('config: steps=0 must be > 0 unless --epochs is set');
    expect(validateConfig({ ...DEFAULT_CONFIG, steps: 0, epochs: 2 }).epochs).toBe(2);
    expect(() => validateConfig({ ...DEFAULT_CONFIG, beta1: -0.1 })).toThrow('config: beta1=-0.1 must be in [0, 1)');
    expect(() => validateConfig({ ...DEFAULT_CONFIG, lr: 0 })).toThrow('config: lr=0 must be > 0');
    expect(() => validateConfig({ ...DEFAULT_CONFIG, keepCheckpoints: 0 })).toThrow('config: keep-checkpoints=0 must be >= 1');
  });
  it('checks choices and switches', () => {
    for (const key of CONFIG_KEYS) {
      const spec = specOf(key);
      const flag = keyToFlag(key);
      if (spec.type === 'choice') {
        expect(() => resolveConfig(parseArgs([`--${flag}`, 'nope']).flags)).toThrow(`flags: ${flag} must be one of ${spec.choices.join(', ')}, got "nope"`);
        for (const c of spec.choices) expect(resolveConfig(parseArgs([`--${flag}`, c]).flags)[key]).toBe(c);
      }
      if (spec.type === 'switch') {
        expect(() => resolveConfig(parseArgs([`--${flag}=maybe`]).flags)).toThrow(`flags: ${flag} must be true or false, got "maybe"`);
        expect(resolveConfig(parseArgs([`--${flag}`]).flags)[key]).toBe(true);
      }
    }
  });
});

describe('per-command flags', () => {
  const validFlag = (key: ConfigKey): string[] => (specOf(key).type === 'switch' ? [`--${keyToFlag(key)}`] : [`--${keyToFlag(key)}=${DEFAULT_CONFIG[key]}`]);
  it('a command takes its keys and refuses every other, naming the flag, itself and the commands that take it', () => {
    for (const command of CONFIG_COMMANDS) {
      const taken = new Set(commandKeys(command));
      for (const key of CONFIG_KEYS) {
        const run = () => resolveConfig(parseArgs(validFlag(key)).flags, { command });
        if (taken.has(key)) expect(run, `${command} ${key}`).not.toThrow();
        else expect(run, `${command} ${key}`).toThrow(new RegExp(`^acgan ${command} does not take --${keyToFlag(key)} \\(acgan [a-z-]+`));
      }
    }
  });
  it('says which commands do take a refused flag', () => {
    expect(() => resolveConfig(parseArgs(['--curve-keys', 'k']).flags, { command: 'train' })).toThrow(
      'acgan train does not take --curve-keys (acgan coordinator and acgan worker do; see acgan train --help)',
    );
    expect(() => resolveConfig(parseArgs(['--steps', '3']).flags, { command: 'worker' })).toThrow('acgan worker does not take --steps (acgan train and acgan coordinator do;');
    expect(() => resolveConfig(parseArgs(['--max-restarts', '3']).flags, { command: 'coordinator' })).toThrow('acgan coordinator does not take --max-restarts (acgan train does;');
    expect(() => resolveConfig(parseArgs(['--bogus', '3']).flags, { command: 'worker' })).toThrow('unknown flag --bogus (see --help)');
  });
  it('without a command every key is taken (library callers, tests)', () => {
    expect(resolveConfig(parseArgs(['--connect', 'tcp://h:1', '--max-restarts', '1']).flags).maxRestarts).toBe(1);
  });
  it("reads from a config file only the keys it takes and ignores the others (a run's config.json holds every key)", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cfg-spec-')), 'config.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CONFIG, steps: 7, width: 8, curveAllow: 'allow.txt' }));
    const c = resolveConfig(parseArgs(['--config', file]).flags, { command: 'worker' });
    expect(c.width).toBe(8);
  });
  it('every key is taken by at least one command', () => {
    for (const key of CONFIG_KEYS) expect(specOf(key).commands.length, key).toBeGreaterThan(0);
  });
  it('model-summary takes exactly the model keys', () => {
    expect(commandKeys('model-summary')).toEqual([...MODEL_KEYS]);
  });
});

describe('configHelp', () => {
  it('lists exactly the flags a command takes, each once, in table order, with its default (none for a string that is unset by default)', () => {
    for (const command of CONFIG_COMMANDS) {
      const help = configHelp(command);
      expect(listedFlags(help)).toEqual(commandKeys(command).map((k) => `--${keyToFlag(k)}`));
      help.split('\n').forEach((line, i) => {
        const key = commandKeys(command)[i];
        if (DEFAULT_CONFIG[key] === '') expect(line, key).not.toMatch(/default ""/);
        else expect(line, key).toMatch(/default [^)]+\)$/);
      });
    }
    expect(configHelp('train')).toMatch(/^ {2}--run-dir <dir> +run folder, new or empty \(default: runs\/<date-time>, a new one per run\)$/m);
    expect(configHelp('worker')).toMatch(/^ {2}--heartbeat-ms <n> +heartbeat period, ms .*\(integer > 0; default 1000\)$/m);
    expect(configHelp('train')).toMatch(/^ {2}--backend <name> +.* \(auto \| tensorflow-gpu \| webgpu \| tensorflow \| wasm \| cpu; default "auto"\)$/m);
    expect(configHelp('train')).toMatch(/^ {2}--insecure-plaintext +INSECURE: .* \(a switch, no value; default false\)$/m);
  });
  it('train lists no CURVE flag and no --connect; the worker no run flag', () => {
    const train = listedFlags(configHelp('train'));
    for (const flag of ['--curve-keys', '--curve-allow', '--curve-server-key', '--connect']) expect(train).not.toContain(flag);
    const worker = listedFlags(configHelp('worker'));
    for (const flag of ['--steps', '--dataset', '--run-dir', '--bind', '--workers', '--curve-allow']) expect(worker).not.toContain(flag);
    expect(worker).toContain('--connect');
  });
  it("every key appears in at least one command's help", () => {
    const all = new Set(CONFIG_COMMANDS.flatMap((c) => listedFlags(configHelp(c))));
    expect([...all].sort()).toEqual(CONFIG_KEYS.map((k) => `--${keyToFlag(k)}`).sort());
  });
});
