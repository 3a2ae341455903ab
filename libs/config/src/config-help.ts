/** The config flag list of each command's `--help`, derived from the spec table. */
import { boundsText, DEFAULT_CONFIG, keyToFlag } from './config.ts';
import { commandKeys, specOf, type ConfigCommand, type ConfigKey } from './config-spec.ts';

/** `--batch-size <n>`: the flag and a placeholder of its value (none for a switch). */
export function flagUsage(key: ConfigKey): string {
  const spec = specOf(key);
  const arg = spec.type === 'switch' ? '' : spec.type === 'choice' ? '<name>' : spec.type === 'string' ? (spec.arg ?? '<value>') : (spec.arg ?? '<n>');
  return arg ? `--${keyToFlag(key)} ${arg}` : `--${keyToFlag(key)}`;
}

/** What values a key takes and its default: `integer > 0; default 64`, `f32 | f16 | bf16; default "f32"`. */
export function valueText(key: ConfigKey): string {
  const spec = specOf(key);
  const kind =
    spec.type === 'choice'
      ? spec.choices.join(' | ')
      : spec.type === 'switch'
        ? 'a switch, no value'
        : spec.type === 'integer'
          ? ['integer', boundsText(spec)].filter(Boolean).join(' ')
          : spec.type === 'number'
            ? boundsText(spec)
            : '';
  // An empty string default means "not set": the help line says what happens then.
  const unset = spec.type === 'string' && DEFAULT_CONFIG[key] === '';
  return [kind, unset ? '' : `default ${JSON.stringify(DEFAULT_CONFIG[key])}`].filter(Boolean).join('; ');
}

/** The config flags a command takes, one line each: flag, help, values and default. */
export function configHelp(command: ConfigCommand): string {
  const rows = commandKeys(command).map((k) => {
    const values = valueText(k);
    return [flagUsage(k), values ? `${specOf(k).help} (${values})` : specOf(k).help] as const;
  });
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([f, h]) => `  ${f.padEnd(w)}  ${h}`).join('\n');
}
