/**
 * Command-line parsing: `--key value`, `--key=value` and boolean switches, with
 * config keys spelled in kebab-case (`--batch-size 64`). Flags are parsed only at
 * the entry point; libraries take explicit arguments.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import { presetValues } from './presets.ts';
import { applyOverrides, DEFAULT_CONFIG, flagToKey, isConfigKey, keyToFlag, validateConfig, type RunConfig } from './config.ts';
import { specOf, type ConfigCommand } from './config-spec.ts';

export interface ParsedArgs {
  positional: string[];
  /** Raw flag values by camelCase name; switches are `true`. */
  flags: Map<string, string | true>;
}

/**
 * Splits argv into positionals and flags. `switches` and the config keys of type
 * switch (`--insecure-plaintext`) take no value (`--flag=false` is allowed); every other
 * flag takes the next argument or its `=value`.
 */
export function parseArgs(argv: readonly string[], switches: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = flagToKey(arg.slice(2, eq === -1 ? undefined : eq));
    if (name === '') throw new ConfigError('BAD_FLAG', `empty flag name in "${arg}"`, { flag: arg });
    if (eq !== -1) {
      flags.set(name, arg.slice(eq + 1));
    } else if (switches.has(name) || (isConfigKey(name) && specOf(name).type === 'switch')) {
      flags.set(name, true);
    } else {
      const value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        throw new ConfigError('BAD_FLAG', `flag --${keyToFlag(name)} needs a value`, { flag: name });
      }
      flags.set(name, value);
      i++;
    }
  }
  return { positional, flags };
}

/** Reads a JSON config file of config keys (camelCase or kebab-case). */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError('BAD_FILE', `config file ${path}: cannot read (${(err as Error).message})`, { path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('BAD_FILE', `config file ${path}: not valid JSON (${(err as Error).message})`, { path });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('BAD_FILE', `config file ${path}: expected a JSON object of config keys`, { path });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed)) out[flagToKey(k)] = v;
  return out;
}

/**
 * A config flag given to a command that does not take it (CONFIG_SPEC's `commands`):
 * the error names the flag, the command and the commands that do take it.
 */
export function refuseFlag(command: ConfigCommand, key: keyof RunConfig): never {
  const takers = specOf(key).commands.map((c) => `acgan ${c}`);
  const who = takers.length === 1 ? `${takers[0]} does` : `${takers.slice(0, -1).join(', ')} and ${takers.at(-1)} do`;
  throw new ConfigError('BAD_FLAG', `acgan ${command} does not take --${keyToFlag(key)} (${who}; see acgan ${command} --help)`, { flag: key, command });
}

/**
 * Resolves the run config: defaults, then the `--preset`, then the `--config` file, then a base object
 * (e.g. a checkpoint's config on resume), then flags. Flags that are not config
 * keys must be listed in `extraFlags`, else they are an error naming the flag.
 * With `command`, a config flag that command does not take is an error naming the
 * flag and the command. A config file, preset or base may hold every key (a run's
 * config.json does, and `acgan train` hands it to its workers): the command reads
 * the keys it takes from it.
 */
export function resolveConfig(
  flags: Map<string, string | true>,
  opts: { command?: ConfigCommand; extraFlags?: ReadonlySet<string>; base?: Partial<RunConfig>; defaults?: Partial<RunConfig> } = {},
): RunConfig {
  let config: RunConfig = applyOverrides({ ...DEFAULT_CONFIG }, opts.defaults ?? {}, 'defaults');
  const preset = flags.get('preset');
  if (preset === true) throw new ConfigError('BAD_FLAG', 'flag --preset needs a value', { flag: 'preset' });
  if (typeof preset === 'string') config = applyOverrides(config, presetValues(preset), `preset ${preset}`);
  const file = flags.get('config');
  if (typeof file === 'string') config = applyOverrides(config, readConfigFile(file), `config file ${file}`);
  if (opts.base) config = applyOverrides(config, opts.base, 'checkpoint');
  const fromFlags: Record<string, unknown> = {};
  for (const [name, value] of flags) {
    if (name === 'config' || name === 'preset' || opts.extraFlags?.has(name)) continue;
    if (!isConfigKey(name)) {
      throw new ConfigError('UNKNOWN_KEY', `unknown flag --${keyToFlag(name)} (see --help)`, { flag: name });
    }
    if (opts.command && !specOf(name).commands.includes(opts.command)) refuseFlag(opts.command, name);
    if (value === true && specOf(name).type !== 'switch') throw new ConfigError('BAD_FLAG', `flag --${keyToFlag(name)} needs a value`, { flag: name });
    fromFlags[name] = value;
  }
  config = applyOverrides(config, fromFlags, 'flags');
  // --lr given without --lr-d / --lr-g means "this rate for both networks".
  const given = new Set([...Object.keys(fromFlags), ...(typeof file === 'string' ? Object.keys(readConfigFile(file)) : [])]);
  if (given.has('lr')) {
    if (!given.has('lrD')) config.lrD = 0;
    if (!given.has('lrG')) config.lrG = 0;
  }
  return validateConfig(config);
}
