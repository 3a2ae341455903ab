/**
 * The one typed run configuration, derived from the spec table (config-spec.ts):
 * its defaults, the coercion of flag and JSON values, and validation. Defaults,
 * then a preset, a JSON config file and command-line flags override them (in that
 * order), and unknown keys are an error that names the key. The resolved config is
 * printed at start, written to the run folder and stored in every checkpoint.
 */
import { ConfigError } from './config-error.ts';
import { CONFIG_KEYS, CONFIG_SPEC, specOf, type ConfigKey, type KeySpec, type RunConfig } from './config-spec.ts';

export type { RunConfig } from './config-spec.ts';
export type Backend = RunConfig['backend'];
export type Conditioning = RunConfig['conditioning'];
export type WireDtype = RunConfig['wireDtype'];
export type NonFinitePolicy = RunConfig['nonFinite'];

/**
 * Defaults (the `default` of every CONFIG_SPEC key, in table order): the `npm
 * start` job, MNIST digits at 32x32x1 on 2 CPU workers, about 5 minutes on 2
 * cores. The learning rates and the label smoothing are tuned for it (measured,
 * see the README's recipe section): with the article's 2e-4 for both networks and
 * no smoothing, D wins within 100 steps and G collapses to one blob at this width
 * and step budget; a slower D (1e-4), a faster G (4e-4) and one-sided smoothing
 * 0.1 give readable digits of every class by step 2000.
 */
export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze(Object.fromEntries(CONFIG_KEYS.map((k) => [k, CONFIG_SPEC[k].default])) as RunConfig);

export function isConfigKey(key: string): key is ConfigKey {
  return Object.prototype.hasOwnProperty.call(CONFIG_SPEC, key);
}

/** kebab-case flag name -> camelCase config key (`batch-size` -> `batchSize`). */
export function flagToKey(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** camelCase config key -> kebab-case flag name. */
export function keyToFlag(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Coerces one raw value (a string from a flag, or a JSON value) to the key's type. */
export function coerceValue(key: ConfigKey, raw: unknown, source: string): RunConfig[ConfigKey] {
  const spec = specOf(key);
  const bad = (expected: string, detail: Record<string, unknown> = {}): never => {
    throw new ConfigError('BAD_VALUE', `${source}: ${keyToFlag(key)} must be ${expected}, got ${JSON.stringify(raw)}`, { key, value: raw, ...detail });
  };
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) bad('a number');
      if (spec.type === 'integer' && !Number.isInteger(n)) bad('an integer');
      return n;
    }
    case 'switch':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return bad('true or false');
    case 'string':
      return typeof raw === 'string' ? raw : bad('a string');
    case 'choice':
      if (typeof raw !== 'string') bad('a string');
      if (!spec.choices.includes(raw as string)) bad(`one of ${spec.choices.join(', ')}`, { expected: spec.choices });
      return raw as string;
  }
}

/** Applies a partial object of overrides, rejecting unknown keys (named in the error). */
export function applyOverrides(base: RunConfig, overrides: Record<string, unknown>, source: string): RunConfig {
  const out: RunConfig = { ...base };
  for (const [key, raw] of Object.entries(overrides)) {
    if (!isConfigKey(key)) {
      throw new ConfigError('UNKNOWN_KEY', `${source}: unknown config key "${key}" (known: ${CONFIG_KEYS.join(', ')})`, { key });
    }
    (out as Record<ConfigKey, unknown>)[key] = coerceValue(key, raw, source);
  }
  return out;
}

/** The bounds of a number key in words (`> 0`, `>= 0`, `in [0, 1)`), or '' when it has none. */
export function boundsText(spec: KeySpec): string {
  if (spec.type !== 'number' && spec.type !== 'integer') return '';
  const parts: string[] = [];
  if (spec.min !== undefined && spec.lt !== undefined) return `in [${spec.min}, ${spec.lt})`;
  if (spec.gt !== undefined) parts.push(`> ${spec.gt}`);
  if (spec.min !== undefined) parts.push(`>= ${spec.min}`);
  if (spec.lt !== undefined) parts.push(`< ${spec.lt}`);
  return parts.join(' and ');
}

/** Why a number is outside its key's bounds or rule, or undefined when it is fine. */
function numberProblem(spec: KeySpec, v: number): string | undefined {
  if (spec.type !== 'number' && spec.type !== 'integer') return undefined;
  const outside = (spec.gt !== undefined && !(v > spec.gt)) || (spec.min !== undefined && !(v >= spec.min)) || (spec.lt !== undefined && !(v < spec.lt));
  if (outside) return `must be ${boundsText(spec)}`;
  return spec.check?.(v);
}

/** Rules between keys, checked after each key's own bounds. */
const RELATIONS: readonly { key: ConfigKey; problem: (c: RunConfig) => string | undefined }[] = [
  { key: 'steps', problem: (c) => (c.steps === 0 && c.epochs === 0 ? 'must be > 0 unless --epochs is set' : undefined) },
  { key: 'bind', problem: (c) => endpointProblem(c.bind) },
  { key: 'connect', problem: (c) => endpointProblem(c.connect) },
];

/** Why `v` is not a ZeroMQ endpoint ('' is none given), with the likely fix: ZeroMQ's own error is "Invalid argument". */
function endpointProblem(v: string): string | undefined {
  if (v === '' || /^(tcp|ipc|inproc):\/\/\S+$/.test(v)) return undefined;
  const hint = /^[\w.-]+:\d+$/.test(v) || /^\[[0-9a-fA-F:]+\]:\d+$/.test(v) ? `; did you mean tcp://${v}?` : '';
  return `is not an endpoint: expected tcp://<host>:<port> or ipc://<path>${hint}`;
}

/** Checks each value against its key's bounds, then the relations between keys; throws a ConfigError naming the flag and the value. */
export function validateConfig(c: RunConfig): RunConfig {
  const bad = (key: ConfigKey, why: string): never => {
    throw new ConfigError('BAD_VALUE', `config: ${keyToFlag(key)}=${JSON.stringify(c[key])} ${why}`, { key, value: c[key] });
  };
  for (const key of CONFIG_KEYS) {
    const why = numberProblem(specOf(key), c[key] as number);
    if (why) bad(key, why);
  }
  for (const { key, problem } of RELATIONS) {
    const why = problem(c);
    if (why) bad(key, why);
  }
  return c;
}

/** Learning rates actually used for D and G (lrD / lrG fall back to lr). */
export function learningRates(c: RunConfig): { lrD: number; lrG: number } {
  return { lrD: c.lrD > 0 ? c.lrD : c.lr, lrG: c.lrG > 0 ? c.lrG : c.lr };
}

/** Largest payload frame on the wire (--chunk-mb), in bytes. */
export function chunkBytesOf(c: Pick<RunConfig, 'chunkMb'>): number {
  return Math.max(1, Math.round(c.chunkMb * 1024 * 1024));
}

/**
 * Float32 elements per gradient bucket. Workers split their gradients and the
 * coordinator expects the buckets by this one function, so the two cannot drift.
 */
export function bucketElementsOf(c: Pick<RunConfig, 'chunkMb'>): number {
  return Math.max(1, Math.floor(chunkBytesOf(c) / 4));
}

/** A key whose value differs between a run's stored config and the one it resumes with. */
export interface ConfigChange {
  key: ConfigKey;
  from: unknown;
  to: unknown;
}

/** Keys that name where or how this start runs, not the run: never compared on resume. */
const PER_START: readonly ConfigKey[] = ['runDir', 'resume', 'insecurePlaintext', 'connect'];

/**
 * What differs between a run's stored config and the config it resumes with: `fixed`
 * cannot change (model keys, whose shapes the checkpoint's tensors have, and the keys
 * that decide each step's data and noise), `free` may (schedule, learning rates,
 * intervals, world size, ...) and is recorded.
 */
export function resumeChanges(stored: Partial<RunConfig>, now: RunConfig): { fixed: ConfigChange[]; free: ConfigChange[] } {
  const fixed: ConfigChange[] = [];
  const free: ConfigChange[] = [];
  for (const key of CONFIG_KEYS) {
    if (PER_START.includes(key) || !(key in stored) || stored[key] === now[key]) continue;
    const spec = specOf(key);
    (spec.model || spec.fixedOnResume ? fixed : free).push({ key, from: stored[key], to: now[key] });
  }
  return { fixed, free };
}

/** `--width 16 -> 32, --lr 0.0002 -> 0.0001` */
export function describeChanges(changes: readonly ConfigChange[]): string {
  return changes.map((c) => `--${keyToFlag(c.key)} ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`).join(', ');
}

/** The flags that cannot change on --resume, for messages. */
export function fixedOnResumeFlags(): string[] {
  return CONFIG_KEYS.filter((k) => specOf(k).model || specOf(k).fixedOnResume).map((k) => `--${keyToFlag(k)}`);
}
