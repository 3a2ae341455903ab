import { keyToFlag } from '@acgan/config';

/** Throws `<prefix>unknown flag --<flag> (see --help)` for the first flag not in `known`. */
export function rejectUnknownFlags(flags: Map<string, unknown>, known: readonly string[], prefix = ''): void {
  for (const k of flags.keys()) if (!known.includes(k)) throw new Error(`${prefix}unknown flag --${keyToFlag(k)} (see --help)`);
}
